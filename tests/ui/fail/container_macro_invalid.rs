const C: podtask::Container =
    podtask::container!(image = "ghcr.io/acme/ml:2.4.0", env("BAD NAME" = "x"), command = ["python"], args = ["{{.outputPrefx}}"]);

fn main() {
    let _ = C;
}
