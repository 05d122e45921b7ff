use podtask::task;

#[task(
    container(image = "ghcr.io/UPPER/case:1", env(A = "1", A = "2")),
    resources(requests(cpu = "1x", gpu = "0.5"), limits(memory = "-1")),
    retries = -3,
    timeout = "soon",
)]
fn f(x: i64) -> i64 {
    x
}

fn main() {}
