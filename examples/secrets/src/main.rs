//! Secrets: requested on the task, read where Flyte puts them, never written in the code.
//!
//! `report` reads a warehouse token from an environment variable and a service account key from
//! a file, and starts from the cluster's `batch-default` pod template. `load` shares the
//! warehouse request, written once as a constant.
//!
//! On Flyte, the secret injection gives the task `_FSEC_WAREHOUSE_TOKEN` (and
//! `WAREHOUSE_TOKEN`) from the Kubernetes Secret `warehouse`, and the file
//! `/etc/flyte/secrets/gcp/sa.json` from the Secret `gcp`; `pod` prints a Pod that does the same.
//! Locally, give the values on the command line (they are never printed) or in the same
//! variables:
//!
//! ```text
//! cargo run -p example-secrets -- run example_secrets.report --input day=2026-12-01 \
//!     --secret warehouse.token=local-token --secret gcp.sa.json='{"client_email": "etl@acme"}'
//! cargo run -p example-secrets -- pod example_secrets.report --input day=2026-12-01
//! ```
//!
//! Checked while this compiles: group and key names (a Kubernetes Secret's name and key), the
//! variable's name, a secret requested twice, a variable set both by a secret and by `env(...)`,
//! the pod template's name; and an `env(...)` value that looks like a key written in the code
//! is a warning that points here.

use podtask::secrets::SecretError;
use podtask::task;
use std::process::ExitCode;

/// The warehouse token, as an environment variable.
const WAREHOUSE: &[podtask::Secret] = podtask::secrets!(secret(
    group = "warehouse",
    key = "token",
    mount = "env",
    env_var = "WAREHOUSE_TOKEN"
));

/// Reports on `day`'s load: what it signed in with, never the secrets themselves.
#[task(
    container(image = "ghcr.io/acme/etl:2.0.0"),
    secrets(
        secret(
            group = "warehouse",
            key = "token",
            mount = "env",
            env_var = "WAREHOUSE_TOKEN"
        ),
        secret(group = "gcp", key = "sa.json", group_version = "v1", mount = "file"),
    ),
    pod_template_name = "batch-default"
)]
fn report(day: String) -> Result<String, SecretError> {
    let token = podtask::secret("warehouse", "token")?;
    let account = podtask::secret("gcp", "sa.json")?;
    Ok(format!(
        "report for {day}: warehouse token of {} characters, service account key of {} bytes",
        token.chars().count(),
        account.len()
    ))
}

/// Loads `rows` rows into `table` with the warehouse token.
#[task(container(image = "ghcr.io/acme/etl:2.0.0"), secrets = WAREHOUSE)]
fn load(table: String, rows: i64) -> Result<String, SecretError> {
    let token = podtask::secret("warehouse", "token")?;
    Ok(format!(
        "loaded {rows} rows into {table} ({} characters of token)",
        token.chars().count()
    ))
}

fn main() -> ExitCode {
    podtask::main()
}
