use podtask::{ResourceEntry, ResourceName, Resources, task};

// Built by hand, not with `resources!`: the macro cannot see these values, so the compiler
// checks them through const evaluation of the same rules, once, where each constant is defined
// (`new_const` checks what it builds); each use is named in a note.
const BAD: Resources = {
    const REQUESTS: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Cpu, "1ki")];
    Resources::new_const(REQUESTS, &[])
};

#[task(resources = BAD)]
fn f() {}

const OVER: Resources = {
    const REQUESTS: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Memory, "2Gi")];
    const LIMITS: &[ResourceEntry] = &[ResourceEntry::new_const(ResourceName::Memory, "1Gi")];
    Resources::new_const(REQUESTS, LIMITS)
};

#[task(resources = OVER)]
fn g() {}

// A container with a command belongs to a raw container task, written inline: a task with a
// body runs its function, and would silently drop the command.
const WITH_COMMAND: podtask::Container = podtask::container!(
    image = "python:3.12.7-slim",
    command = ["python", "-c", "print(1)"],
);

#[task(container = WITH_COMMAND)]
fn h() {}

fn main() {}
