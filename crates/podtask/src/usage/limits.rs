//! Running a task under its memory and CPU limits (`run --enforce-limits`), so that a task that
//! Kubernetes would OOMKill or throttle fails or slows down on the developer's machine too.
//!
//! The task runs in a child process (the same program), watched by this one:
//!
//! - **memory**: every 10 ms the child's peak resident memory is read from `/proc/PID/status`
//!   (`VmHWM`, the kernel's high-water mark, so a spike between two readings is seen at the
//!   next); above the limit, the child is killed with `SIGKILL`, as the kernel's OOM killer
//!   kills a container over its cgroup's `memory.max`. When the child ends, the kernel's peak
//!   of the waited-for child (`getrusage`'s `ru_maxrss`) covers its last moments: a peak above
//!   the limit fails the run even when the child ended before the next reading.
//! - **CPU**: the child's CPU time (`/proc/PID/stat`) is held to the limit as the CFS bandwidth
//!   control of a container's `cpu.max` holds it: a budget fills at the limit's rate up to one
//!   100 ms period's quota (unused quota does not pile up) and the child's CPU time drains it;
//!   a child that overdraws it is stopped (`SIGSTOP`) until it fills again, then continued
//!   (`SIGCONT`).
//!
//! Only the child is watched, not processes it starts. This works on Linux; elsewhere
//! [`run_limited`] says it cannot.

use std::process::{Child, Command, ExitStatus};
use std::time::{Duration, Instant};

use super::Usage;

/// How often the child is looked at.
pub const SAMPLE_EVERY: Duration = Duration::from_millis(10);
/// The CPU a child may be ahead of its limit by: one CFS period at the limit's rate.
pub const CPU_PERIOD: Duration = Duration::from_millis(100);

/// The limits to hold a child to.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub struct Enforce {
    /// The most resident memory, in bytes.
    pub memory_bytes: Option<u64>,
    /// The most CPU, in cores.
    pub cpus: Option<f64>,
}

impl Enforce {
    /// Limits of `memory_bytes` bytes and `cpus` cores (either may be `None`: not limited).
    pub fn new(memory_bytes: Option<u64>, cpus: Option<f64>) -> Self {
        Enforce { memory_bytes, cpus }
    }
}

/// How a limited run ended.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Limited {
    /// The child's exit status.
    pub status: ExitStatus,
    /// What the child used; its peak is the kernel's exact one.
    pub usage: Usage,
    /// Whether the child was killed for being over the memory limit.
    pub killed_over_memory: bool,
    /// The highest peak resident memory read while it ran, in bytes.
    pub sampled_peak_bytes: u64,
    /// How long the child was held stopped to keep it within the CPU limit.
    pub throttled: Duration,
}

impl Limited {
    /// Whether the run went over the memory limit: killed for it, or with a peak above it.
    pub fn over_memory(&self, limits: &Enforce) -> bool {
        self.killed_over_memory
            || matches!((limits.memory_bytes, self.usage.peak_rss_bytes), (Some(l), Some(p)) if p > l)
    }
}

/// Why a limited run could not be started.
#[derive(Debug)]
#[non_exhaustive]
pub enum LimitError {
    /// This system has no way to watch a child's memory and CPU.
    Unsupported,
    /// The child could not be started or watched.
    Io(std::io::Error),
}

impl std::fmt::Display for LimitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LimitError::Unsupported => f.write_str(
                "--enforce-limits works on Linux only (it reads /proc and signals the task's \
                 process); run without it, or on Linux",
            ),
            LimitError::Io(e) => write!(f, "cannot run the task under its limits: {e}"),
        }
    }
}

impl std::error::Error for LimitError {}

/// Starts `command` and holds it to `limits` until it ends.
pub fn run_limited(command: &mut Command, limits: &Enforce) -> Result<Limited, LimitError> {
    run_limited_with(command, limits, |_| {})
}

/// [`run_limited`], calling `started` with the child as soon as it runs (to take its piped
/// standard output, for example).
pub fn run_limited_with(
    command: &mut Command,
    limits: &Enforce,
    started: impl FnOnce(&mut Child),
) -> Result<Limited, LimitError> {
    if !cfg!(target_os = "linux") {
        return Err(LimitError::Unsupported);
    }
    let before = super::sys::rusage(super::sys::Who::Children).ok();
    // A child starts with the high-water mark of this process (the kernel copies it at fork):
    // its `ru_maxrss` is its own only when above this.
    let own = super::sys::rusage(super::sys::Who::Process)
        .ok()
        .and_then(|r| r.max_rss_bytes)
        .unwrap_or(0);
    let start = Instant::now();
    let mut child = command.spawn().map_err(LimitError::Io)?;
    started(&mut child);
    let watched = watch(&mut child, limits);
    let (status, killed, sampled, throttled) = match watched {
        Ok(w) => w,
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(LimitError::Io(e));
        }
    };
    let wall = start.elapsed();
    let after = super::sys::rusage(super::sys::Who::Children).ok();
    let (user_cpu, system_cpu) = match (before, after) {
        (Some(b), Some(a)) => (
            Some(a.user.saturating_sub(b.user)),
            Some(a.system.saturating_sub(b.system)),
        ),
        _ => (None, None),
    };
    // `ru_maxrss` of the children is the largest of every child this process waited for: it
    // speaks of this child only when it grew, and above what the child inherited.
    let peak = match (
        before.and_then(|b| b.max_rss_bytes),
        after.and_then(|a| a.max_rss_bytes),
    ) {
        (Some(b), Some(a)) if a > b.max(own) => Some(a.max(sampled)),
        (_, Some(_)) => Some(sampled),
        _ => None,
    };
    Ok(Limited {
        status,
        usage: Usage {
            wall,
            user_cpu,
            system_cpu,
            peak_rss_bytes: peak,
            // The child's own children count in its peak (`RUSAGE_CHILDREN` keeps the largest).
            children_peak_rss_bytes: None,
            read_inputs: None,
            write_outputs: None,
        },
        killed_over_memory: killed,
        sampled_peak_bytes: sampled,
        throttled,
    })
}

/// Watches `child` until it ends: (status, killed over memory, sampled peak, time stopped).
///
/// CPU is a budget, as CFS bandwidth control keeps one: it fills at `cpus` per second of wall
/// time up to one period's quota (`CPU_PERIOD × cpus`: unused quota does not pile up), and the
/// child's CPU time drains it; below zero the child is stopped until it fills again.
fn watch(
    child: &mut Child,
    limits: &Enforce,
) -> std::io::Result<(ExitStatus, bool, u64, Duration)> {
    let pid = child.id();
    let mut killed = false;
    let mut sampled = 0u64;
    let mut stopped: Option<Instant> = None;
    let mut throttled = Duration::ZERO;
    let cap = limits.cpus.map_or(0.0, |c| CPU_PERIOD.as_secs_f64() * c);
    let mut budget = cap;
    let mut last_wall = Instant::now();
    let mut last_cpu = Duration::ZERO;
    loop {
        if let Some(status) = child.try_wait()? {
            if let Some(since) = stopped {
                throttled += since.elapsed();
            }
            return Ok((status, killed, sampled, throttled));
        }
        if !killed && let Some(rss) = proc::peak_resident_bytes(pid) {
            sampled = sampled.max(rss);
            if limits.memory_bytes.is_some_and(|l| rss > l) {
                // SIGKILL reaches a stopped process too.
                child.kill()?;
                killed = true;
            }
        }
        if !killed
            && let Some(cpus) = limits.cpus
            && let Some(cpu) = proc::cpu_time(pid)
        {
            let now = Instant::now();
            let refill = now.duration_since(last_wall).as_secs_f64() * cpus;
            let used = cpu.saturating_sub(last_cpu).as_secs_f64();
            budget = (budget + refill).min(cap) - used;
            last_wall = now;
            last_cpu = cpu;
            if budget < 0.0 {
                // Sent again at every look: something else may have continued it.
                proc::signal(pid, proc::Stop::Stop);
                stopped.get_or_insert(now);
            } else if let Some(since) = stopped.take() {
                proc::signal(pid, proc::Stop::Continue);
                throttled += since.elapsed();
            }
        }
        std::thread::sleep(SAMPLE_EVERY);
    }
}

/// What Linux says of a process, through `/proc`.
#[cfg(target_os = "linux")]
mod proc {
    use std::time::Duration;

    /// The peak resident memory of `pid` so far, in bytes (`VmHWM` of `/proc/PID/status`).
    pub(super) fn peak_resident_bytes(pid: u32) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kib: u64 = line
            .trim_start_matches("VmHWM:")
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib * 1024)
    }

    /// The CPU time of `pid`, all its threads, user and system (`/proc/PID/stat`).
    pub(super) fn cpu_time(pid: u32) -> Option<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // The command name, in parentheses, may hold spaces: count fields after its end.
        let rest = &stat[stat.rfind(')')? + 1..];
        let mut fields = rest.split_whitespace();
        // After the name: state (3), ..., utime (14), stime (15).
        let utime: u64 = fields.nth(11)?.parse().ok()?;
        let stime: u64 = fields.next()?.parse().ok()?;
        let hz = nix::unistd::sysconf(nix::unistd::SysconfVar::CLK_TCK)
            .ok()
            .flatten()
            .and_then(|t| u64::try_from(t).ok())
            .filter(|t| *t > 0)?;
        let ticks = utime + stime;
        Some(
            Duration::from_secs(ticks / hz)
                + Duration::from_nanos((ticks % hz) * 1_000_000_000 / hz),
        )
    }

    /// Stop or continue.
    pub(super) enum Stop {
        Stop,
        Continue,
    }

    pub(super) fn signal(pid: u32, what: Stop) {
        use nix::sys::signal::{Signal, kill};
        let Ok(pid) = i32::try_from(pid) else { return };
        let sig = match what {
            Stop::Stop => Signal::SIGSTOP,
            Stop::Continue => Signal::SIGCONT,
        };
        // The child may have ended since: nothing to do then.
        let _ = kill(nix::unistd::Pid::from_raw(pid), sig);
    }
}

#[cfg(not(target_os = "linux"))]
mod proc {
    use std::time::Duration;

    pub(super) fn peak_resident_bytes(_: u32) -> Option<u64> {
        None
    }

    pub(super) fn cpu_time(_: u32) -> Option<Duration> {
        None
    }

    pub(super) enum Stop {
        Stop,
        Continue,
    }

    pub(super) fn signal(_: u32, _: Stop) {}
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn proc_reads_this_process() {
        let pid = std::process::id();
        let before = proc::peak_resident_bytes(pid).unwrap();
        assert!(before > 1 << 20, "{before}");
        let v = vec![1u8; before as usize + (32 << 20)];
        assert!(proc::peak_resident_bytes(pid).unwrap() >= before + (32 << 20) || v[0] != 1);
        let mut x = 0u64;
        for i in 0..20_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        assert_ne!(x, 1);
        assert!(proc::cpu_time(pid).unwrap() > Duration::ZERO);
    }

    // One test, so that no other child of this process ends while one is measured (the
    // children's usage is the process's sum).
    #[test]
    fn children_are_held_to_their_limits() {
        a_child_over_its_memory_limit_is_killed();
        a_child_within_its_limits_runs_to_the_end();
        a_busy_child_is_held_to_its_cpu_limit();
    }

    fn a_child_over_its_memory_limit_is_killed() {
        // `tail /dev/zero` holds one ever-growing line in memory.
        let mut cmd = Command::new("tail");
        cmd.arg("/dev/zero");
        let limits = Enforce::new(Some(64 << 20), None);
        let out = run_limited(&mut cmd, &limits).unwrap();
        assert!(out.killed_over_memory, "{out:?}");
        assert!(out.over_memory(&limits));
        assert!(!out.status.success());
        assert!(out.usage.peak_rss_bytes.unwrap() > 64 << 20);
    }

    fn a_child_within_its_limits_runs_to_the_end() {
        let mut cmd = Command::new("true");
        let limits = Enforce::new(Some(256 << 20), Some(1.0));
        let out = run_limited(&mut cmd, &limits).unwrap();
        assert!(out.status.success());
        assert!(!out.over_memory(&limits));
    }

    fn a_busy_child_is_held_to_its_cpu_limit() {
        // Two seconds of CPU at most 0.25 cores: the child is stopped for most of the run.
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"]);
        let limits = Enforce::new(None, Some(0.25));
        let out = run_limited(&mut cmd, &limits).unwrap();
        assert!(out.status.success());
        let cpu = out.usage.cpu().unwrap().as_secs_f64();
        let wall = out.usage.wall.as_secs_f64();
        // CPU time never runs ahead of 0.25 × wall by more than one period's quota and what
        // the child can spend between two looks (with slack for a late watcher).
        assert!(
            cpu <= 0.25 * wall + 0.25 * CPU_PERIOD.as_secs_f64() + 0.15,
            "cpu {cpu} s in {wall} s"
        );
    }
}
