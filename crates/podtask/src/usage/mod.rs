//! What a run of a task used — wall time, CPU time, peak resident memory — measured by `run`
//! and `execute`, and set against the task's requests and limits in words a person acts on
//! (see docs/usage.md).
//!
//! ```
//! use podtask::usage::Meter;
//!
//! let meter = Meter::start();
//! let v: Vec<u8> = vec![1; 64 << 20]; // 64 MiB, written
//! let usage = meter.stop();
//! assert!(v.iter().all(|b| *b == 1));
//! if cfg!(target_os = "linux") {
//!     assert!(usage.peak_rss_bytes.unwrap() >= 64 << 20);
//!     assert!(usage.cpu().unwrap() > std::time::Duration::ZERO);
//! }
//! ```
//!
//! Measuring is two `getrusage` calls and a clock read: a few microseconds, whatever the task
//! does. [`limits`] runs a task under its memory and CPU limits.

pub mod limits;
mod report;
mod sys;

use std::time::{Duration, Instant};

pub(crate) use report::bytes;
pub use report::{Amount, Finding, Level, Limits, findings, log_line, report_text, usage_json};

/// What one run used.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub struct Usage {
    /// Wall-clock time from start to end.
    pub wall: Duration,
    /// CPU time in user mode, of the process (or of the child that ran the task) and of the
    /// processes it started and waited for; `None` where the system does not say.
    pub user_cpu: Option<Duration>,
    /// CPU time in the kernel on its behalf, counted as [`Usage::user_cpu`] is.
    pub system_cpu: Option<Duration>,
    /// The peak resident memory of the process that ran the task, in bytes; `None` where the
    /// system does not say.
    pub peak_rss_bytes: Option<u64>,
    /// The largest peak resident memory of the processes the task started and waited for, in
    /// bytes (0 when it started none); `None` where the system does not say.
    pub children_peak_rss_bytes: Option<u64>,
    /// For `execute`: the time to read the inputs.
    pub read_inputs: Option<Duration>,
    /// For `execute`: the time to write the outputs (or the error document).
    pub write_outputs: Option<Duration>,
}

impl Usage {
    /// User and system CPU time together, when both are known.
    pub fn cpu(&self) -> Option<Duration> {
        Some(self.user_cpu? + self.system_cpu?)
    }

    /// The average number of cores used: CPU time over wall time (`None` for a run too short
    /// to say, under a millisecond).
    pub fn average_cpus(&self) -> Option<f64> {
        let wall = self.wall.as_secs_f64();
        (wall >= 0.001).then_some(self.cpu()?.as_secs_f64() / wall)
    }
}

/// Measures a run: [`Meter::start`] before it, [`Meter::stop`] after.
#[derive(Debug, Clone, Copy)]
pub struct Meter {
    start: Instant,
    cpu: Option<sys::Rusage>,
}

impl Meter {
    /// Starts measuring this process.
    pub fn start() -> Meter {
        Meter {
            start: Instant::now(),
            cpu: sys::rusage(sys::Who::Process).ok(),
        }
    }

    /// What the process used since [`Meter::start`]: CPU time since then, the process's peak
    /// resident memory (a peak over the process's life, which includes the start of the
    /// program: the figure a container's memory limit is set against), and the CPU time and
    /// peak of the children the task started and waited for.
    pub fn stop(&self) -> Usage {
        let wall = self.start.elapsed();
        let now = sys::rusage(sys::Who::Process).ok();
        let children = sys::rusage(sys::Who::Children).ok();
        let (user_cpu, system_cpu) = match (self.cpu, now) {
            (Some(a), Some(b)) => {
                let (cu, cs) =
                    children.map_or((Duration::ZERO, Duration::ZERO), |c| (c.user, c.system));
                (
                    Some(b.user.saturating_sub(a.user) + cu),
                    Some(b.system.saturating_sub(a.system) + cs),
                )
            }
            _ => (None, None),
        };
        Usage {
            wall,
            user_cpu,
            system_cpu,
            peak_rss_bytes: now.and_then(|r| r.max_rss_bytes),
            children_peak_rss_bytes: children.and_then(|c| c.max_rss_bytes),
            read_inputs: None,
            write_outputs: None,
        }
    }
}

/// Whether this system reports CPU time and peak memory (Linux, macOS and the BSDs do; others
/// give `None` figures, and the report says so instead of printing zeros).
pub const MEASURED_HERE: bool = sys::SUPPORTED;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_and_memory_grow_with_the_work() {
        let meter = Meter::start();
        let mut v = vec![0u64; 8 << 20]; // 64 MiB, touched
        for (i, x) in v.iter_mut().enumerate() {
            *x = i as u64;
        }
        let sum: u64 = v.iter().copied().fold(0, u64::wrapping_add);
        let usage = meter.stop();
        assert_ne!(sum, 1);
        if MEASURED_HERE {
            assert!(usage.peak_rss_bytes.unwrap() >= 64 << 20, "{usage:?}");
            assert!(usage.cpu().unwrap() > Duration::ZERO, "{usage:?}");
            assert_eq!(
                usage.cpu().unwrap(),
                usage.user_cpu.unwrap() + usage.system_cpu.unwrap()
            );
        } else {
            assert_eq!(usage.peak_rss_bytes, None);
            assert_eq!(usage.cpu(), None);
        }
    }

    #[test]
    fn average_cpus_needs_a_measurable_wall_time() {
        let mut u = Usage {
            wall: Duration::from_millis(2000),
            user_cpu: Some(Duration::from_millis(700)),
            system_cpu: Some(Duration::from_millis(100)),
            ..Usage::default()
        };
        assert_eq!(u.average_cpus(), Some(0.4));
        u.wall = Duration::from_micros(10);
        assert_eq!(u.average_cpus(), None);
        u.user_cpu = None;
        assert_eq!(u.cpu(), None);
    }
}
