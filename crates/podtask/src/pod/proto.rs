//! `core.K8sPod` in protobuf: from the template's pod target and back.

use crate::flyte;
use crate::proto::FromProtoError;
use crate::proto::core;
use crate::proto::protobuf::Struct;

impl From<&flyte::K8sPod> for core::K8sPod {
    fn from(p: &flyte::K8sPod) -> Self {
        core::K8sPod {
            metadata: p.metadata.as_ref().map(core::K8sObjectMetadata::from),
            pod_spec: p.pod_spec.clone().map(Struct::from),
            data_config: p.data_config.as_ref().map(core::DataLoadingConfig::from),
            primary_container_name: p.primary_container_name.clone(),
        }
    }
}

impl TryFrom<&core::K8sPod> for flyte::K8sPod {
    type Error = FromProtoError;

    fn try_from(p: &core::K8sPod) -> Result<Self, FromProtoError> {
        let unsupported = |field: &str| FromProtoError::Unsupported {
            field: format!("k8s_pod.{field}"),
        };
        let data_config = match &p.data_config {
            None => None,
            Some(d) if d.format != 0 => return Err(unsupported("data_config.format")),
            Some(d) if d.io_strategy.is_some() => {
                return Err(unsupported("data_config.io_strategy"));
            }
            Some(d) => {
                let mut out =
                    flyte::DataLoadingConfig::enabled(d.input_path.clone(), d.output_path.clone());
                out.enabled = d.enabled;
                Some(out)
            }
        };
        let metadata = p.metadata.as_ref().map(|m| {
            let mut out = flyte::K8sObjectMetadata::default();
            out.labels.clone_from(&m.labels);
            out.annotations.clone_from(&m.annotations);
            out
        });
        Ok(flyte::K8sPod {
            metadata,
            pod_spec: p.pod_spec.as_ref().map(Struct::to_json),
            data_config,
            primary_container_name: p.primary_container_name.clone(),
        })
    }
}
