//! Running a task's function: the values it takes and gives (as JSON, through serde), its
//! failures, panics caught and reported as failures, and the executor of async tasks.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use serde_json::Value;

/// What the `#[task]` macro generates for a Rust function task: takes its inputs out of
/// [`Inputs`], calls the function and puts its results in [`Outputs`].
pub type Invoker = fn(Inputs) -> Result<Outputs, TaskFailure>;

/// A task's inputs by name, as JSON values ready for serde.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs(serde_json::Map<String, Value>);

impl Inputs {
    /// Inputs with these values.
    pub fn new(values: serde_json::Map<String, Value>) -> Self {
        Inputs(values)
    }

    /// Takes the input `name` out, as a `T`. A missing input reads as JSON `null`, so an
    /// `Option` input left out is `None`.
    pub fn take<T: serde::de::DeserializeOwned>(&mut self, name: &str) -> Result<T, TaskFailure> {
        let expected = std::any::type_name::<T>();
        match self.0.remove(name) {
            Some(value) => serde_json::from_value(value).map_err(|e| {
                TaskFailure::user(format!("input {name:?}: cannot read it as {expected}: {e}"))
            }),
            None => serde_json::from_value(Value::Null).map_err(|_| {
                TaskFailure::user(format!("input {name:?} is missing (expected {expected})"))
            }),
        }
    }

    /// The values left.
    pub fn into_map(self) -> serde_json::Map<String, Value> {
        self.0
    }
}

/// A task's outputs by name, in the order they were added.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outputs(Vec<(&'static str, Value)>);

impl Outputs {
    /// No outputs yet.
    pub fn new() -> Self {
        Outputs(Vec::new())
    }

    /// Adds the output `name`; a value serde cannot write as JSON is a failure naming it.
    pub fn put<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), TaskFailure> {
        let value = serde_json::to_value(value).map_err(|e| {
            TaskFailure::user(format!(
                "output {name:?}: {} cannot be written as JSON: {e}",
                std::any::type_name::<T>()
            ))
        })?;
        self.0.retain(|(n, _)| *n != name);
        self.0.push((name, value));
        Ok(())
    }

    /// The outputs, in the order they were added.
    pub fn into_vec(self) -> Vec<(&'static str, Value)> {
        self.0
    }
}

/// Who is to blame for a failed task, as Flyte's `ContainerError.Kind` tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureKind {
    /// The task's own code failed (an `Err`, a panic, a bad input).
    User,
    /// The platform failed around it (a store that cannot be read, a file that cannot be
    /// written).
    System,
}

/// A failed task: what went wrong, whose fault it is, and whether trying again may help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskFailure {
    /// What went wrong (an `Err`'s `Display`, a panic's message).
    pub message: String,
    /// Whose fault it is.
    pub kind: FailureKind,
    /// Whether another attempt may succeed (Flyte retries only recoverable failures, within
    /// the task's retries).
    pub recoverable: bool,
}

impl TaskFailure {
    /// A non-recoverable failure of the task's code.
    pub fn user(message: impl Into<String>) -> Self {
        TaskFailure {
            message: message.into(),
            kind: FailureKind::User,
            recoverable: false,
        }
    }

    /// A failure of the platform around the task, worth another attempt.
    pub fn system(message: impl Into<String>) -> Self {
        TaskFailure {
            message: message.into(),
            kind: FailureKind::System,
            recoverable: true,
        }
    }

    /// This failure, marked recoverable or not.
    pub fn with_recoverable(mut self, recoverable: bool) -> Self {
        self.recoverable = recoverable;
        self
    }
}

impl fmt::Display for TaskFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TaskFailure {}

thread_local! {
    /// Set while this thread runs a task: the panic hook records the message here.
    static PANIC_SLOT: RefCell<Option<Option<String>>> = const { RefCell::new(None) };
}

/// Installs, once, a panic hook that records the message and place of a panic in a running
/// task, then hands over to the hook that was there (which prints it to stderr, as it would
/// without podtask: the container's log keeps it).
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let _ = PANIC_SLOT.try_with(|slot| {
                if let Ok(mut slot) = slot.try_borrow_mut()
                    && let Some(recorded) = slot.as_mut()
                {
                    let message = info.payload_as_str().unwrap_or("Box<dyn Any>");
                    *recorded = Some(match info.location() {
                        Some(l) => format!("panicked at {l}: {message}"),
                        None => format!("panicked: {message}"),
                    });
                }
            });
            previous(info);
        }));
    });
}

/// Calls `invoke` with `inputs`; a panic is caught and becomes a user failure whose message is
/// the panic's, with its place (`panicked at src/lib.rs:3:5: ...`).
pub fn invoke_catching(invoke: Invoker, inputs: Inputs) -> Result<Outputs, TaskFailure> {
    install_panic_hook();
    PANIC_SLOT.with(|s| *s.borrow_mut() = Some(None));
    let result = panic::catch_unwind(AssertUnwindSafe(|| invoke(inputs)));
    let recorded = PANIC_SLOT.with(|s| s.borrow_mut().take()).flatten();
    match result {
        Ok(r) => r,
        Err(payload) => {
            let message = recorded.unwrap_or_else(|| {
                let text = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "Box<dyn Any>".to_owned());
                format!("panicked: {text}")
            });
            Err(TaskFailure::user(format!("the task {message}")))
        }
    }
}

/// Runs an async task's future to completion on this thread.
///
/// Without the `tokio` feature, a small executor of our own polls it and parks the thread
/// between wake-ups: enough for futures that do not need a runtime's reactor or timers. With
/// the `tokio` feature, a tokio current-thread runtime (I/O and time enabled) runs it, so tokio's
/// sockets, timers and `spawn` work.
pub fn block_on<F: Future>(future: F) -> F::Output {
    #[cfg(feature = "tokio")]
    {
        match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(rt) => rt.block_on(future),
            // Caught as a panic and reported as the task's failure.
            Err(e) => panic!("cannot start the tokio runtime: {e}"),
        }
    }
    #[cfg(not(feature = "tokio"))]
    {
        park::block_on(future)
    }
}

/// The std-only executor: the waker unparks the thread that polls.
#[cfg_attr(feature = "tokio", allow(dead_code))]
pub(crate) mod park {
    use std::future::Future;
    use std::pin::pin;
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};
    use std::thread::{self, Thread};

    struct Unpark(Thread);

    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }

        fn wake_by_ref(self: &Arc<Self>) {
            self.0.unpark();
        }
    }

    /// Polls `future` until it is ready, parking between wake-ups (a spurious unpark only costs
    /// one more poll).
    pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
        let waker = Waker::from(Arc::new(Unpark(thread::current())));
        let mut cx = Context::from_waker(&waker);
        let mut future = pin!(future);
        loop {
            match future.as_mut().poll(&mut cx) {
                Poll::Ready(v) => return v,
                Poll::Pending => thread::park(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::{Arc, Mutex};
    use std::task::{Context, Poll, Waker};

    /// Ready once another thread sets it, which wakes the waiting task.
    #[derive(Clone, Default)]
    struct Flag(Arc<Mutex<(bool, Option<Waker>)>>);

    impl Future for Flag {
        type Output = u32;
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
            let mut s = self.0.lock().unwrap_or_else(|e| e.into_inner());
            if s.0 {
                Poll::Ready(7)
            } else {
                s.1 = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }

    #[test]
    fn the_parking_executor_wakes_on_another_threads_signal() {
        let flag = Flag::default();
        let setter = flag.clone();
        let t = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(20));
            let mut s = setter.0.lock().unwrap_or_else(|e| e.into_inner());
            s.0 = true;
            if let Some(w) = s.1.take() {
                w.wake();
            }
        });
        assert_eq!(super::park::block_on(flag), 7);
        t.join().unwrap();
    }
}
