"""The tasks of examples/gpu-training/src/main.rs, written for flytekit 1.16: the templates
flytekit writes for them are the yardstick of podtask's (see scripts/flytekit-templates)."""
import datetime
import typing

from flytekit import Resources, task
from flytekit.extras.accelerators import A100, A100_80GB, T4


@task(
    container_image="ghcr.io/acme/train:2.0.0",
    requests=Resources(cpu="8", mem="64Gi", gpu="1"),
    limits=Resources(gpu="1"),
    accelerator=A100.partition_1g_5gb,
    shared_memory="16Gi",
    retries=2,
    timeout=datetime.timedelta(hours=4),
)
def train(epochs: int) -> float:
    return 0.0


@task(
    container_image="ghcr.io/acme/train:2.0.0",
    requests=Resources(cpu="4", mem="32Gi", gpu="1"),
    limits=Resources(gpu="1"),
    accelerator=A100_80GB.unpartitioned,
    shared_memory=True,
)
def evaluate(checkpoint: str, examples: int) -> float:
    return 0.0


@task(container_image="ghcr.io/acme/train:2.0.0", limits=Resources(gpu="1"), accelerator=T4)
def embed(texts: typing.List[str]) -> typing.List[float]:
    return []
