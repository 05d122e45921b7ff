"""The tasks of examples/secrets/src/main.rs, written for flytekit 1.16: the templates flytekit
writes for them are the yardstick of podtask's (see scripts/flytekit-templates)."""
from flytekit import Secret, task

WAREHOUSE = [
    Secret(
        group="warehouse",
        key="token",
        mount_requirement=Secret.MountType.ENV_VAR,
        env_var="WAREHOUSE_TOKEN",
    )
]


@task(
    container_image="ghcr.io/acme/etl:2.0.0",
    secret_requests=WAREHOUSE
    + [Secret(group="gcp", key="sa.json", group_version="v1", mount_requirement=Secret.MountType.FILE)],
    pod_template_name="batch-default",
)
def report(day: str) -> str:
    return day


@task(container_image="ghcr.io/acme/etl:2.0.0", secret_requests=WAREHOUSE)
def load(table: str, rows: int) -> str:
    return table
