//! Probes and lifecycle hooks of containers (`validateProbe`, `validateLifecycle`,
//! `validateHandler`): their handlers, ports, thresholds and times.

use super::{Cx, Kind};
use crate::SpecError;

/// The rules of this module, as [`run`](super::run) applies them.
pub(super) fn check(cx: &mut Cx<'_>) {
    for c in &cx.containers {
        let sidecar = c.value.get("restartPolicy").and_then(|p| p.as_str()) == Some("Always");
        if c.kind == Kind::Init && !sidecar {
            // Only a restartable init container (a sidecar) runs long enough to be probed.
            for field in [
                "lifecycle",
                "livenessProbe",
                "readinessProbe",
                "startupProbe",
            ] {
                if c.value.get(field).is_some_and(|v| !v.is_null()) {
                    cx.errors.push(SpecError::new(
                        c.path.clone().key(field),
                        "Forbidden: may not be set for init containers without restartPolicy=Always",
                    ));
                }
            }
        }
    }
}
