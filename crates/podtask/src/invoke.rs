//! Calling a task's function: the inputs it takes and the outputs it gives (as JSON, through
//! each type's codec), its failures, panics caught and reported as failures, and the one
//! executor of async tasks.
//!
//! `#[task]` generates no code per task: it records a `&dyn Run` made of the function's pointer
//! ([`Function`] or [`AsyncFunction`]), whose impls here are generic over the signature, so the
//! compiler makes one per distinct signature, not one per task.

use std::any::Any;
use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;
use std::task::{Context, Poll};

use serde_json::{Map, Value};

use crate::def::Param;

/// A task's function, as `#[task]` records it: called with the task's inputs, it puts the
/// task's outputs.
pub trait Run: Sync {
    /// Calls the function with the inputs of `call`, and puts its outputs in `call`.
    fn run(&self, call: &mut Call<'_>) -> Result<(), TaskFailure>;

    /// Whether there is a function to call: false for a raw container task, whose container
    /// runs a command.
    fn calls_function(&self) -> bool {
        true
    }
}

/// One call of a task's function: the inputs by name, as JSON, and the outputs given so far.
pub struct Call<'a> {
    inputs: &'a [Param],
    outputs: &'a [Param],
    values: Map<String, Value>,
    results: Vec<(&'static str, Value)>,
}

impl<'a> Call<'a> {
    /// A call with `values` for the inputs `inputs`, giving the outputs `outputs`.
    pub(crate) fn new(
        inputs: &'a [Param],
        outputs: &'a [Param],
        values: Map<String, Value>,
    ) -> Self {
        Call {
            inputs,
            outputs,
            values,
            results: Vec::with_capacity(outputs.len()),
        }
    }

    /// The outputs given, in the order they were put.
    pub(crate) fn into_results(self) -> Vec<(&'static str, Value)> {
        self.results
    }

    /// The input at `index`, read by its codec as an `A`. A missing input reads as JSON `null`,
    /// so an `Option` input left out is `None`.
    pub fn take<A: 'static>(&mut self, index: usize) -> Result<A, TaskFailure> {
        let Some(param) = self.inputs.get(index) else {
            return Err(TaskFailure::system(format!(
                "the task's definition has no input {index}"
            )));
        };
        let value = self.values.remove(param.name).unwrap_or(Value::Null);
        let missing = value.is_null();
        let decoded = (param.codec.decode)(value).map_err(|e| {
            if missing {
                TaskFailure::user(format!(
                    "input {:?} is missing (expected {})",
                    param.name,
                    (param.codec.type_name)()
                ))
            } else {
                TaskFailure::user(format!("input {:?}: {e}", param.name))
            }
        })?;
        match decoded.downcast::<A>() {
            Ok(a) => Ok(*a),
            Err(_) => Err(TaskFailure::system(format!(
                "input {:?}: its codec is for {}, not the function's type {}",
                param.name,
                (param.codec.type_name)(),
                std::any::type_name::<A>()
            ))),
        }
    }

    /// Puts the output at `index`, written as JSON by its codec.
    pub fn put(&mut self, index: usize, value: &dyn Any) -> Result<(), TaskFailure> {
        let Some(param) = self.outputs.get(index) else {
            return Err(TaskFailure::system(format!(
                "the task's definition has no output {index}"
            )));
        };
        let json = (param.codec.encode)(value)
            .map_err(|e| TaskFailure::user(format!("output {:?}: {e}", param.name)))?;
        self.results.push((param.name, json));
        Ok(())
    }
}

/// How a function's result becomes outputs: `S` is the shape the macro read from the
/// signature ([`Single`], [`Tuple`], [`Unit`], [`Fallible`]).
pub trait Ret<S> {
    /// Puts the result's outputs in `call`.
    fn put(self, call: &mut Call<'_>) -> Result<(), TaskFailure>;
}

/// One output: the whole result (`-> T`).
pub struct Single;
/// One output per element of the returned tuple (`-> (A, B)`).
pub struct Tuple;
/// No output (`-> ()` or nothing).
pub struct Unit;
/// A `Result` whose `Ok` has the shape `S` and whose `Err` fails the task (`-> Result<T, E>`).
pub struct Fallible<S>(PhantomData<fn() -> S>);

impl<T: 'static> Ret<Single> for T {
    fn put(self, call: &mut Call<'_>) -> Result<(), TaskFailure> {
        call.put(0, &self)
    }
}

impl Ret<Unit> for () {
    fn put(self, _: &mut Call<'_>) -> Result<(), TaskFailure> {
        Ok(())
    }
}

impl<T: Ret<S>, E: fmt::Display, S> Ret<Fallible<S>> for Result<T, E> {
    fn put(self, call: &mut Call<'_>) -> Result<(), TaskFailure> {
        match self {
            Ok(value) => value.put(call),
            Err(error) => Err(TaskFailure::user(error.to_string())),
        }
    }
}

macro_rules! tuples {
    ($(($($t:ident $i:tt),+);)+) => {$(
        impl<$($t: 'static),+> Ret<Tuple> for ($($t,)+) {
            fn put(self, call: &mut Call<'_>) -> Result<(), TaskFailure> {
                $(call.put($i, &self.$i)?;)+
                Ok(())
            }
        }
    )+};
}

tuples! {
    (A 0);
    (A 0, B 1);
    (A 0, B 1, C 2);
    (A 0, B 1, C 2, D 3);
    (A 0, B 1, C 2, D 3, E 4);
    (A 0, B 1, C 2, D 3, E 4, F 5);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);
}

/// The most elements a returned tuple may have: each is an output.
pub const MAX_OUTPUTS: usize = 12;
/// The most inputs a task may take.
pub const MAX_INPUTS: usize = 16;

/// A task's function: a pointer to it, and the shape `S` of its result.
pub struct Function<F, S> {
    f: F,
    shape: PhantomData<fn() -> S>,
}

impl<F, S> Function<F, S> {
    /// The function `f`.
    pub const fn new(f: F) -> Self {
        Function {
            f,
            shape: PhantomData,
        }
    }
}

/// An `async` task's function: a pointer to it, and the shape `S` of its future's output. It
/// runs to completion on the calling thread (see [`block_on`]).
pub struct AsyncFunction<F, S> {
    f: F,
    shape: PhantomData<fn() -> S>,
}

impl<F, S> AsyncFunction<F, S> {
    /// The function `f`.
    pub const fn new(f: F) -> Self {
        AsyncFunction {
            f,
            shape: PhantomData,
        }
    }
}

/// A raw container task's function, which documents its interface: its container runs a
/// command, so there is nothing to call here.
pub struct Command<F, S> {
    f: F,
    shape: PhantomData<fn() -> S>,
}

impl<F, S> Command<F, S> {
    /// The function `f`.
    pub const fn new(f: F) -> Self {
        Command {
            f,
            shape: PhantomData,
        }
    }
}

impl<F: Sync, S> Run for Command<F, S> {
    fn run(&self, _: &mut Call<'_>) -> Result<(), TaskFailure> {
        let _ = &self.f;
        Err(TaskFailure::user(
            "a raw container task runs its command in its container, not a function",
        ))
    }

    fn calls_function(&self) -> bool {
        false
    }
}

/// The shape of `-> Result<T, E>`.
pub type FallibleSingle = Fallible<Single>;
/// The shape of `-> Result<(A, B), E>`.
pub type FallibleTuple = Fallible<Tuple>;
/// The shape of `-> Result<(), E>`.
pub type FallibleUnit = Fallible<Unit>;

macro_rules! functions {
    ($(($($a:ident $i:tt),*);)+) => {$(
        impl<$($a: 'static,)* R: Ret<S>, S> Run for Function<fn($($a),*) -> R, S> {
            fn run(&self, call: &mut Call<'_>) -> Result<(), TaskFailure> {
                (self.f)($(call.take::<$a>($i)?),*).put(call)
            }
        }

        impl<$($a: 'static,)* Fut: Future, S> Run for AsyncFunction<fn($($a),*) -> Fut, S>
        where
            Fut::Output: Ret<S>,
        {
            fn run(&self, call: &mut Call<'_>) -> Result<(), TaskFailure> {
                block_on((self.f)($(call.take::<$a>($i)?),*)).put(call)
            }
        }
    )+};
}

functions! {
    ();
    (A 0);
    (A 0, B 1);
    (A 0, B 1, C 2);
    (A 0, B 1, C 2, D 3);
    (A 0, B 1, C 2, D 3, E 4);
    (A 0, B 1, C 2, D 3, E 4, F 5);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14, P 15);
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

/// Calls `run` with `values` for `inputs`, and returns the outputs it put, in the order it put
/// them. A panic is caught and becomes a user failure whose message is the panic's, with its
/// place (`panicked at src/lib.rs:3:5: ...`).
pub(crate) fn call(
    run: &dyn Run,
    inputs: &[Param],
    outputs: &[Param],
    values: Map<String, Value>,
) -> Result<Vec<(&'static str, Value)>, TaskFailure> {
    install_panic_hook();
    PANIC_SLOT.with(|s| *s.borrow_mut() = Some(None));
    let mut call = Call::new(inputs, outputs, values);
    let result = panic::catch_unwind(AssertUnwindSafe(|| run.run(&mut call)));
    let recorded = PANIC_SLOT.with(|s| s.borrow_mut().take()).flatten();
    match result {
        Ok(Ok(())) => Ok(call.into_results()),
        Ok(Err(failure)) => Err(failure),
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
/// The future is polled through one executor for every task (`drive`, which takes a `&mut dyn
/// FnMut`), so no executor is compiled per task. Without the `tokio` feature, that executor polls
/// and parks the thread between wake-ups: enough for futures that do not need a runtime's
/// reactor or timers. With the `tokio` feature, a tokio current-thread runtime (I/O and time
/// enabled) polls it, so tokio's sockets, timers and `spawn` work.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut output = None;
    drive(&mut |cx| match future.as_mut().poll(cx) {
        Poll::Ready(v) => {
            output = Some(v);
            true
        }
        Poll::Pending => false,
    });
    match output {
        Some(v) => v,
        // `drive` returns once `poll` says the future is done.
        None => unreachable!("the executor returned before the future was ready"),
    }
}

/// Calls `poll` until it returns `true`, waking as the futures it polls ask.
fn drive(poll: &mut dyn FnMut(&mut Context<'_>) -> bool) {
    #[cfg(feature = "tokio")]
    {
        match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(rt) => rt.block_on(std::future::poll_fn(|cx| {
                if poll(cx) {
                    Poll::Ready(())
                } else {
                    Poll::Pending
                }
            })),
            // Caught as a panic and reported as the task's failure.
            Err(e) => panic!("cannot start the tokio runtime: {e}"),
        }
    }
    #[cfg(not(feature = "tokio"))]
    {
        park::drive(poll);
    }
}

/// The std-only executor: the waker unparks the thread that polls.
#[cfg_attr(feature = "tokio", allow(dead_code))]
pub(crate) mod park {
    use std::sync::Arc;
    use std::task::{Context, Wake, Waker};
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

    /// Calls `poll` until it returns `true`, parking between wake-ups (a spurious unpark only
    /// costs one more poll).
    pub(crate) fn drive(poll: &mut dyn FnMut(&mut Context<'_>) -> bool) {
        let waker = Waker::from(Arc::new(Unpark(thread::current())));
        let mut cx = Context::from_waker(&waker);
        while !poll(&mut cx) {
            thread::park();
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
        assert_eq!(super::block_on(flag), 7);
        t.join().unwrap();
    }
}
