//! flytekit's reference cases as podtask tasks, written once: the `refcases` example registers
//! them, and the golden tests compare their templates with what flytekit writes for the same
//! cases (`tests/data/flytekit`).
//!
//! Each task is named as flytekit names it (`refcases.a_plain.run_script`), whatever module
//! includes this file. The two cases whose outputs flytekit names (`result`, `total`, `mean`)
//! are registered by hand, the way `#[task]` registers a task: `#[task]` names outputs `o0`,
//! `o1`, ...

use podtask::task;

/// Case a: a function task with requests, limits, an image and environment variables.
pub mod a_plain {
    use super::task;

    #[task(
        name = "refcases.a_plain.run_script",
        container(
            image = "python:3.9-slim-buster",
            env(MY_ENV_VAR = "some_value", DEBUG_MODE = "true"),
            resources(
                requests(cpu = "500m", memory = "1Gi"),
                limits(cpu = "1", memory = "2Gi")
            )
        )
    )]
    fn run_script(script_path: String) -> String {
        format!("ran {script_path}")
    }
}

/// Case b: a GPU and ephemeral storage.
pub mod b_gpu_ephemeral {
    use super::task;

    #[task(
        name = "refcases.b_gpu_ephemeral.train",
        container(image = "python:3.9-slim-buster"),
        resources(
            requests(gpu = "1", ephemeral_storage = "10Gi"),
            limits(gpu = "1", ephemeral_storage = "10Gi")
        )
    )]
    fn train(epochs: u32) {
        let _ = epochs;
    }

    /// With the resources in flytekit's order, a T4 and 1 GiB of shared memory.
    #[task(
        name = "refcases.b_gpu_ephemeral.train_accel",
        container(image = "python:3.9-slim-buster"),
        resources(
            requests(ephemeral_storage = "5Gi", cpu = "1", gpu = "1", memory = "2Gi"),
            limits(cpu = "2")
        ),
        accelerator = "nvidia-tesla-t4",
        shared_memory = "1Gi"
    )]
    fn train_accel(epochs: i64) -> f64 {
        epochs as f64
    }
}

/// Case h: accelerators (a MIG partition, a whole GPU, a V100), shared memory with and without a
/// size, secrets of every mount kind and a pod template name.
pub mod h_accel_secrets {
    use super::task;

    #[task(
        name = "scases.h_accel_secrets.finetune",
        container(image = "ghcr.io/acme/train:2.0.0"),
        resources(requests(gpu = "1"), limits(gpu = "1")),
        accelerator(device = "nvidia-a100-80gb", partition = "3g.40gb"),
        shared_memory = "8Gi"
    )]
    fn finetune(steps: i64) -> f64 {
        steps as f64
    }

    #[task(
        name = "scases.h_accel_secrets.pretrain",
        container(image = "ghcr.io/acme/train:2.0.0"),
        resources(requests(gpu = "2"), limits(gpu = "2")),
        accelerator = "nvidia-tesla-v100",
        shared_memory = true
    )]
    fn pretrain(steps: i64) -> f64 {
        steps as f64
    }

    #[task(
        name = "scases.h_accel_secrets.whole_gpu",
        container(image = "ghcr.io/acme/train:2.0.0"),
        resources(requests(gpu = "1"), limits(gpu = "1")),
        accelerator(device = "nvidia-a100-80gb", unpartitioned)
    )]
    fn whole_gpu(steps: i64) -> f64 {
        steps as f64
    }

    // `slack` has no key, as in flytekit's case: a warning, allowed here.
    #[task(
        name = "scases.h_accel_secrets.report",
        container(image = "ghcr.io/acme/etl:2.0.0"),
        secrets(
            secret(
                group = "warehouse",
                key = "token",
                mount = "env",
                env_var = "WAREHOUSE_TOKEN"
            ),
            secret(group = "gcp", key = "sa.json", group_version = "v1", mount = "file"),
            secret(group = "slack"),
        ),
        pod_template_name = "batch-default"
    )]
    #[allow(deprecated)]
    fn report(day: String) -> String {
        day
    }
}

/// Case d: a raw container task, as flytekit's `ContainerTask`, with its output named `result`.
pub mod d_container_task {
    const RAW: podtask::Container = podtask::container!(
        image = "python:3.9-slim-buster",
        command = ["python"],
        args = [
            "-c",
            "import sys; exec(open(sys.argv[1]).read())",
            "{{.inputs.script_path}}"
        ],
        env(MY_ENV_VAR = "some_value", DEBUG_MODE = "true"),
        resources(
            requests(cpu = "500m", memory = "1Gi"),
            limits(cpu = "1", memory = "2Gi")
        ),
    );

    /// The interface of the command: the script it runs, the text it writes.
    fn run_script_container(script_path: String) -> String {
        script_path
    }

    const _: () = {
        podtask::__private::task! {
            fn run_script_container "run_script_container";
            run Command (_) Single;
            at file!(), line!(), column!();
            spec "{}";
            extras [podtask::Extras {
                name: Some("run_script_container"),
                container: Some(&RAW),
                ..podtask::Extras::NONE
            }];
            in ["script_path" String];
            out ["result" String];
        }
    };
}

/// Case e: the typed interface, for the types podtask maps.
pub mod e_typed_interface {
    use std::collections::BTreeMap;
    use std::time::Duration;

    use serde::{Deserialize, Serialize};

    use super::task;

    /// flytekit's `Color` enum.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Color {
        /// Red.
        Red,
        /// Green.
        Green,
    }

    #[allow(clippy::too_many_arguments)]
    fn typed(
        i: i64,
        f: f64,
        b: bool,
        s: String,
        li: Vec<i64>,
        d: BTreeMap<String, f64>,
        oi: Option<i64>,
        dur: Duration,
        color: Color,
    ) -> (i64, f64) {
        let _ = (b, s, d, dur, color);
        let total = i + li.iter().sum::<i64>() + oi.unwrap_or(0);
        (total, f)
    }

    // Outputs named as flytekit's: `total` and `mean`.
    const _: () = {
        podtask::__private::task! {
            fn typed "typed";
            run Function (_ _ _ _ _ _ _ _ _) Tuple;
            at file!(), line!(), column!();
            spec r#"{"container":{"image":"python:3.9-slim-buster"}}"#;
            extras [podtask::Extras {
                name: Some("refcases.e_typed_interface.typed"),
                ..podtask::Extras::NONE
            }];
            in [
                "i" i64, "f" f64, "b" bool, "s" String, "li" Vec<i64>,
                "d" BTreeMap<String, f64>, "oi" Option<i64>, "dur" Duration, "color" Color
            ];
            out ["total" i64, "mean" f64];
        }
    };

    #[task(
        name = "refcases.e_typed_interface.single_output",
        container(image = "python:3.9-slim-buster")
    )]
    fn single_output(x: i64) -> Vec<BTreeMap<String, i64>> {
        vec![BTreeMap::from([("x".to_owned(), x)])]
    }

    #[task(
        name = "refcases.e_typed_interface.no_io",
        container(image = "python:3.9-slim-buster")
    )]
    fn no_io() {}
}

/// Case f: retries, timeout, interruptible, cache and deprecation.
pub mod f_metadata {
    use super::task;

    /// A task with metadata.
    #[task(
        name = "refcases.f_metadata.with_metadata",
        container(image = "python:3.9-slim-buster"),
        retries = 3,
        timeout = "10m",
        interruptible,
        cache(version = "1.0", serialize, ignored_inputs = ["verbose"]),
        deprecated = "use run_script_v2",
        secrets(secret(group = "my-group", key = "token")),
        pod_template_name = "my-pod-template"
    )]
    fn with_metadata(x: i64, verbose: bool) -> i64 {
        let _ = verbose;
        x
    }
}

/// A task without an image: it takes the one given with `serialize --image`.
pub mod no_image {
    use super::task;

    #[task(name = "refcases.no_image.uses_default_image")]
    fn uses_default_image(maybe: Option<Vec<String>>) {
        let _ = maybe;
    }
}
