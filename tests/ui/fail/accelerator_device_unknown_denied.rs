use podtask::task;

// A device podtask does not know is a warning (clusters label their own nodes); denying the lint
// shows it as an error here. Flyte 2's short names get the device name Flyte uses.
#[task(resources(limits(gpu = "1")), accelerator = "A100")]
#[deny(deprecated)]
fn short_name() {}

#[task(resources(limits(gpu = "1")), accelerator = "acme-inference-chip")]
#[deny(deprecated)]
fn own_label() {}

fn main() {}
