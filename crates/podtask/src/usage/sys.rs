//! The system's accounting: `getrusage` where there is one.

use std::time::Duration;

/// Whose usage.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Who {
    /// This process.
    Process,
    /// Its children that have ended and been waited for (and theirs, when they waited).
    Children,
}

/// CPU times and the peak resident memory, as `getrusage` gives them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rusage {
    pub(crate) user: Duration,
    pub(crate) system: Duration,
    /// `None` when the system does not keep it.
    pub(crate) max_rss_bytes: Option<u64>,
}

/// Whether [`rusage`] works here.
pub(crate) const SUPPORTED: bool = cfg!(unix);

#[cfg(unix)]
pub(crate) fn rusage(who: Who) -> Result<Rusage, String> {
    use nix::sys::resource::{UsageWho, getrusage};
    let u = getrusage(match who {
        Who::Process => UsageWho::RUSAGE_SELF,
        Who::Children => UsageWho::RUSAGE_CHILDREN,
    })
    .map_err(|e| format!("getrusage: {e}"))?;
    let time = |t: nix::sys::time::TimeVal| {
        Duration::new(
            u64::try_from(t.tv_sec()).unwrap_or(0),
            u32::try_from(t.tv_usec()).unwrap_or(0).saturating_mul(1000),
        )
    };
    // macOS counts `ru_maxrss` in bytes; Linux and the BSDs in kibibytes.
    let unit: u64 = if cfg!(target_vendor = "apple") {
        1
    } else {
        1024
    };
    let max_rss = u64::try_from(u.max_rss()).unwrap_or(0);
    Ok(Rusage {
        user: time(u.user_time()),
        system: time(u.system_time()),
        max_rss_bytes: Some(max_rss.saturating_mul(unit)),
    })
}

#[cfg(not(unix))]
pub(crate) fn rusage(_: Who) -> Result<Rusage, String> {
    Err("CPU time and peak memory are not measured on this system".to_owned())
}
