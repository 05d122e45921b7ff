//! GPU and TPU devices as Flyte names them (flyteidl's `GPUAccelerator.device`), and how each
//! can be divided: NVIDIA's Multi-Instance GPU (MIG) profiles, Google Cloud TPU slice
//! topologies.
//!
//! Flyte puts the device and the partition on the task's pod as node label values (a node
//! affinity and a toleration on `k8s.amazonaws.com/accelerator` and
//! `k8s.amazonaws.com/gpu-partition-size` by default), so both must be valid label values.
//! Clusters label their own nodes, so a device this module does not know is not an error for
//! podtask, only worth a warning; a partition of a device it knows must be one the device has.
//!
//! ```
//! use podtask_rules::accelerator::{device, suggestion};
//! let a100 = device("nvidia-tesla-a100").unwrap();
//! assert!(a100.check_partition("1g.5gb").is_ok());
//! assert!(a100.check_partition("1g.10gb").is_ok());
//! assert!(a100.check_partition("3g.40gb").is_err()); // an A100 80GB profile
//! assert!(device("nvidia-tesla-v100").unwrap().check_partition("1g.5gb").is_err());
//! assert_eq!(suggestion("A100"), Some("nvidia-tesla-a100"));
//! assert_eq!(suggestion("nvidia-tesla-a10O"), Some("nvidia-tesla-a100"));
//! ```

use crate::error::{RuleError, Subject};
use crate::names;
use crate::suggest::did_you_mean;

/// How a device can be divided among tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Partitions {
    /// It cannot: a task gets whole devices.
    None,
    /// Into these Multi-Instance GPU profiles (`1g.5gb`: one compute slice, 5 GB of memory).
    /// The media-extension profiles (`1g.5gb+me`) are left out: `+` cannot be in the node label
    /// value Flyte selects the partition with.
    Mig(&'static [&'static str]),
    /// As a TPU slice of one of these topologies (`2x4`: eight chips).
    Slices(&'static [&'static str]),
    /// As a TPU slice of any three-dimensional topology, `AxBxC`.
    Slices3d,
    /// In ways this module does not list: any partition that is a valid label value.
    Unlisted,
}

/// A device Flyte and the clusters that run it know by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Device {
    /// The name Flyte writes in `GPUAccelerator.device` and selects nodes by.
    pub name: &'static str,
    /// The product, for messages: `NVIDIA A100 40GB`.
    pub model: &'static str,
    /// How it can be divided.
    pub partitions: Partitions,
}

const A100_40GB: &[&str] = &[
    "1g.5gb", "1g.10gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb",
];
const MIG_80GB: &[&str] = &[
    "1g.10gb", "1g.20gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb",
];
const H200_141GB: &[&str] = &[
    "1g.18gb", "1g.35gb", "2g.35gb", "3g.71gb", "4g.71gb", "7g.141gb",
];
const B200_180GB: &[&str] = &[
    "1g.23gb", "1g.45gb", "2g.45gb", "3g.90gb", "4g.90gb", "7g.180gb",
];
const TPU_2D: &[&str] = &["1x1", "2x2", "2x4", "4x4", "4x8", "8x8", "8x16", "16x16"];

const fn device_of(name: &'static str, model: &'static str, partitions: Partitions) -> Device {
    Device {
        name,
        model,
        partitions,
    }
}

/// The devices podtask knows: flytekit's accelerator constants (`flytekit.extras.accelerators`),
/// the device names Flyte 2 maps its accelerator names to, and the names GKE gives the same
/// GPUs.
pub const DEVICES: &[Device] = &[
    device_of(
        "nvidia-tesla-a100",
        "NVIDIA A100 40GB",
        Partitions::Mig(A100_40GB),
    ),
    device_of(
        "nvidia-a100-80gb",
        "NVIDIA A100 80GB",
        Partitions::Mig(MIG_80GB),
    ),
    device_of("nvidia-h100", "NVIDIA H100 80GB", Partitions::Mig(MIG_80GB)),
    device_of(
        "nvidia-h100-80gb",
        "NVIDIA H100 80GB",
        Partitions::Mig(MIG_80GB),
    ),
    device_of(
        "nvidia-h100-mega-80gb",
        "NVIDIA H100 Mega 80GB",
        Partitions::Mig(MIG_80GB),
    ),
    device_of(
        "nvidia-h200",
        "NVIDIA H200 141GB",
        Partitions::Mig(H200_141GB),
    ),
    device_of(
        "nvidia-h200-141gb",
        "NVIDIA H200 141GB",
        Partitions::Mig(H200_141GB),
    ),
    device_of("nvidia-b200", "NVIDIA B200", Partitions::Mig(B200_180GB)),
    device_of("nvidia-gb200", "NVIDIA GB200", Partitions::Unlisted),
    device_of(
        "nvidia-rtx-pro-6000",
        "NVIDIA RTX PRO 6000",
        Partitions::Unlisted,
    ),
    device_of("nvidia-a10", "NVIDIA A10", Partitions::None),
    device_of("nvidia-a10g", "NVIDIA A10G", Partitions::None),
    device_of("nvidia-l4", "NVIDIA L4", Partitions::None),
    device_of(
        "nvidia-l4-vws",
        "NVIDIA L4 (virtual workstation)",
        Partitions::None,
    ),
    device_of("nvidia-l40s", "NVIDIA L40S", Partitions::None),
    device_of("nvidia-tesla-t4", "NVIDIA T4", Partitions::None),
    device_of("nvidia-tesla-v100", "NVIDIA V100", Partitions::None),
    device_of("nvidia-tesla-p100", "NVIDIA P100", Partitions::None),
    device_of("nvidia-tesla-p4", "NVIDIA P4", Partitions::None),
    device_of("nvidia-tesla-k80", "NVIDIA K80", Partitions::None),
    device_of("nvidia-tesla-m60", "NVIDIA M60", Partitions::None),
    device_of(
        "tpu-v5-lite-podslice",
        "Google Cloud TPU v5e",
        Partitions::Slices(TPU_2D),
    ),
    device_of(
        "tpu-v6e-slice",
        "Google Cloud TPU v6e",
        Partitions::Slices(TPU_2D),
    ),
    device_of(
        "tpu-v5p-slice",
        "Google Cloud TPU v5p",
        Partitions::Slices3d,
    ),
];

/// Short names people write for a device (Flyte 2's accelerator names, compared without case,
/// spaces, `-` or `_`), and the device Flyte calls it.
const ALIASES: &[(&str, &str)] = &[
    ("A100", "nvidia-tesla-a100"),
    ("A10040GB", "nvidia-tesla-a100"),
    ("A10080G", "nvidia-a100-80gb"),
    ("A10080GB", "nvidia-a100-80gb"),
    ("A10", "nvidia-a10"),
    ("A10G", "nvidia-a10g"),
    ("L4", "nvidia-l4"),
    ("L40S", "nvidia-l40s"),
    ("T4", "nvidia-tesla-t4"),
    ("V100", "nvidia-tesla-v100"),
    ("P100", "nvidia-tesla-p100"),
    ("P4", "nvidia-tesla-p4"),
    ("K80", "nvidia-tesla-k80"),
    ("M60", "nvidia-tesla-m60"),
    ("H100", "nvidia-h100"),
    ("H200", "nvidia-h200"),
    ("B200", "nvidia-b200"),
    ("GB200", "nvidia-gb200"),
    ("RTXPRO6000", "nvidia-rtx-pro-6000"),
    ("V5E", "tpu-v5-lite-podslice"),
    ("V5P", "tpu-v5p-slice"),
    ("V6E", "tpu-v6e-slice"),
];

/// The device called `name`, if podtask knows it.
pub fn device(name: &str) -> Option<&'static Device> {
    DEVICES.iter().find(|d| d.name == name)
}

/// The known device `name` most likely means: the device of a short name (`A100`, `H100`,
/// `A100 80G`), else the nearest device name if it is a likely typo.
pub fn suggestion(name: &str) -> Option<&'static str> {
    let folded: String = name
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let nvidia = folded.strip_prefix("NVIDIA").unwrap_or(&folded);
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == folded || *alias == nvidia)
        .map(|(_, device)| *device)
        .or_else(|| did_you_mean(name, DEVICES.iter().map(|d| d.name)))
}

/// Checks a device name: a valid, non-empty Kubernetes label value (Flyte selects nodes by it
/// and tolerates taints with it). Whether podtask knows the device is [`device`].
///
/// ```
/// use podtask_rules::accelerator::check_device_name;
/// assert!(check_device_name("nvidia-tesla-a100").is_ok());
/// assert!(check_device_name("my-cluster-gpu").is_ok());
/// assert!(check_device_name("NVIDIA A100").is_err());
/// assert!(check_device_name("").is_err());
/// ```
pub fn check_device_name(name: &str) -> Result<(), RuleError> {
    if name.is_empty() {
        return Err(RuleError::whole(
            Subject::Accelerator,
            name,
            "a device name cannot be empty: write Flyte's name of the GPU, such as \
             \"nvidia-tesla-a100\"",
        ));
    }
    label_value(name, "a device name")
}

fn label_value(value: &str, what: &str) -> Result<(), RuleError> {
    names::label_value(value).map_err(|v| {
        let e = RuleError::new(
            Subject::Accelerator,
            value,
            v.start..v.end,
            format!(
                "{what} becomes a node label value, which Kubernetes requires to be at most 63 \
                 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"
            ),
        );
        match suggestion(value) {
            Some(s) if s != value => e.with_suggestion(s),
            _ => e,
        }
    })
}

impl Device {
    /// Checks that `partition` is a partition this device can be divided into.
    ///
    /// ```
    /// use podtask_rules::accelerator::device;
    /// let h100 = device("nvidia-h100").unwrap();
    /// let e = h100.check_partition("1g.5gb").unwrap_err();
    /// assert!(e.message().contains("1g.10gb, 1g.20gb"));
    /// assert!(device("tpu-v5p-slice").unwrap().check_partition("2x2x1").is_ok());
    /// assert!(device("tpu-v5p-slice").unwrap().check_partition("2x2").is_err());
    /// ```
    pub fn check_partition(&self, partition: &str) -> Result<(), RuleError> {
        let err = |message: String| Err(RuleError::whole(Subject::Accelerator, partition, message));
        if partition.is_empty() {
            return err("a partition cannot be empty".to_owned());
        }
        match self.partitions {
            Partitions::None => err(format!(
                "{} ({}) cannot be partitioned: a task gets whole GPUs of it; leave out the \
                 partition, or pick a device with Multi-Instance GPU profiles ({})",
                self.name,
                self.model,
                partitionable().join(", ")
            )),
            Partitions::Mig(list) | Partitions::Slices(list) => {
                if list.contains(&partition) {
                    return Ok(());
                }
                let kind = if matches!(self.partitions, Partitions::Mig(_)) {
                    "Multi-Instance GPU profile"
                } else {
                    "slice topology"
                };
                let mut message = format!(
                    "{} ({}) has no {kind} {partition:?}; it has: {}",
                    self.name,
                    self.model,
                    list.join(", ")
                );
                let others: Vec<&str> = DEVICES
                    .iter()
                    .filter(|d| match d.partitions {
                        Partitions::Mig(l) | Partitions::Slices(l) => l.contains(&partition),
                        _ => false,
                    })
                    .map(|d| d.name)
                    .collect();
                if !others.is_empty() {
                    message.push_str(&format!(
                        " ({partition:?} is a {kind} of {})",
                        others.join(", ")
                    ));
                }
                let e = RuleError::whole(Subject::Accelerator, partition, message);
                Err(match did_you_mean(partition, list.iter().copied()) {
                    Some(s) => e.with_suggestion(s),
                    None => e,
                })
            }
            Partitions::Slices3d => {
                let dims: Vec<&str> = partition.split('x').collect();
                let ok = dims.len() == 3
                    && dims.iter().all(|d| {
                        !d.is_empty()
                            && d.bytes().all(|b| b.is_ascii_digit())
                            && !d.starts_with('0')
                    });
                if ok {
                    Ok(())
                } else {
                    err(format!(
                        "{} ({}) is divided into slices of a three-dimensional topology, \
                         `AxBxC` such as \"2x2x1\" or \"4x4x8\"",
                        self.name, self.model
                    ))
                }
            }
            Partitions::Unlisted => label_value(partition, "a partition"),
        }
    }
}

/// The names of the devices with Multi-Instance GPU profiles.
fn partitionable() -> Vec<&'static str> {
    DEVICES
        .iter()
        .filter(|d| matches!(d.partitions, Partitions::Mig(_)))
        .map(|d| d.name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_device_name_and_listed_partition_is_a_label_value() {
        for d in DEVICES {
            assert!(check_device_name(d.name).is_ok(), "{}", d.name);
            if let Partitions::Mig(list) | Partitions::Slices(list) = d.partitions {
                for p in list {
                    assert!(names::label_value(p).is_ok(), "{p}");
                    assert!(d.check_partition(p).is_ok(), "{} {p}", d.name);
                }
            }
        }
    }

    #[test]
    fn flytekit_constants_are_known_with_their_partitions() {
        // flytekit 1.16's A100 and A100_80GB partition constants.
        let a100 = device("nvidia-tesla-a100").unwrap();
        for p in ["1g.5gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb"] {
            assert!(a100.check_partition(p).is_ok(), "{p}");
        }
        let a100_80 = device("nvidia-a100-80gb").unwrap();
        for p in ["1g.10gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb"] {
            assert!(a100_80.check_partition(p).is_ok(), "{p}");
        }
        for name in [
            "nvidia-a10g",
            "nvidia-l4",
            "nvidia-l4-vws",
            "nvidia-l40s",
            "nvidia-tesla-k80",
            "nvidia-tesla-m60",
            "nvidia-tesla-p4",
            "nvidia-tesla-p100",
            "nvidia-tesla-t4",
            "nvidia-tesla-v100",
            "nvidia-h100",
            "nvidia-h200",
            "nvidia-rtx-pro-6000",
            "tpu-v5-lite-podslice",
            "tpu-v5p-slice",
        ] {
            assert!(device(name).is_some(), "{name}");
        }
    }

    #[test]
    fn a_wrong_partition_names_the_device_and_its_profiles() {
        let e = device("nvidia-tesla-a100")
            .unwrap()
            .check_partition("1g.10gbb")
            .unwrap_err();
        assert_eq!(
            e.detail(),
            "nvidia-tesla-a100 (NVIDIA A100 40GB) has no Multi-Instance GPU profile \
             \"1g.10gbb\"; it has: 1g.5gb, 1g.10gb, 2g.10gb, 3g.20gb, 4g.20gb, 7g.40gb; did you \
             mean `1g.10gb`?"
        );
        let e = device("nvidia-tesla-t4")
            .unwrap()
            .check_partition("1g.5gb")
            .unwrap_err();
        assert!(
            e.message()
                .starts_with("nvidia-tesla-t4 (NVIDIA T4) cannot be partitioned")
        );
        let tpu = device("tpu-v5p-slice").unwrap();
        for bad in ["2x2", "0x2x2", "2x2x", "ax2x2", ""] {
            assert!(tpu.check_partition(bad).is_err(), "{bad}");
        }
        let unlisted = device("nvidia-gb200").unwrap();
        assert!(unlisted.check_partition("1g.23gb").is_ok());
        assert!(unlisted.check_partition("1g.23gb+me").is_err());
    }

    #[test]
    fn short_names_and_typos_suggest_a_device() {
        assert_eq!(suggestion("A100 80G"), Some("nvidia-a100-80gb"));
        assert_eq!(suggestion("h100"), Some("nvidia-h100"));
        assert_eq!(suggestion("nvidia-h100"), Some("nvidia-h100"));
        assert_eq!(suggestion("NVIDIA_L4"), Some("nvidia-l4"));
        assert_eq!(suggestion("nvidia-tesla-t5"), Some("nvidia-tesla-t4"));
        assert_eq!(suggestion("my-cluster-gpu"), None);
        assert!(check_device_name("A100").is_ok());
        let e = check_device_name("A100 80G").unwrap_err();
        assert_eq!(e.range(), 4..5);
        assert_eq!(e.suggestion(), Some("nvidia-a100-80gb"));
    }
}
