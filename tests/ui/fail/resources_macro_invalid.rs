const R: podtask::Resources = podtask::resources!(requests(cpu = "abc"), limits(gpu = "1.5"));

fn main() {
    let _ = R;
}
