use podtask::task;

#[task(resources(requests(cpu = "4", memory = "1Gi"), limits(cpu = "2", memory = "1024Mi")))]
fn f() {}

fn main() {}
