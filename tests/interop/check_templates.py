#!/usr/bin/env python3
"""Parses every ``*.json`` in DIR as a flyteidl ``core.TaskTemplate``, strictly.

Usage: check_templates.py DIR

Each file goes through ``json_format.Parse(text, TaskTemplate(), ignore_unknown_fields=False)``,
the parser Flyte's Python tools use: an unknown field, a wrong enum name or a value of the wrong
type fails. Exit status 0 when every file parses, 1 when any does not (each listed with the
reason), 2 on a usage error or when DIR holds no ``*.json``.
"""
from __future__ import annotations

import sys
from pathlib import Path

from flyteidl.core.tasks_pb2 import TaskTemplate
from google.protobuf import json_format


def target_problem(template: TaskTemplate) -> str | None:
    """Why the template's target cannot run, or None: a container with an image, or a pod whose
    primary container (named in ``config`` and ``k8sPod``, the same) has one."""
    target = template.WhichOneof("target")
    if target == "container":
        return None if template.container.image else "the container has no image"
    if target != "k8s_pod":
        return f"no container or k8sPod target (found {target})"
    name = template.config.get("primary_container_name", "")
    if not name or template.k8s_pod.primary_container_name not in ("", name):
        return "config.primary_container_name and k8sPod.primaryContainerName disagree or are empty"
    containers = template.k8s_pod.pod_spec.fields["containers"].list_value.values
    images = [
        c.struct_value.fields["image"].string_value
        for c in containers
        if c.struct_value.fields["name"].string_value == name
    ]
    if len(images) != 1 or not images[0]:
        return f"the pod spec has no primary container {name!r} with an image"
    return None


def check(path: Path) -> str | None:
    """The reason ``path`` is not a TaskTemplate, or None when it is one."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return f"cannot read: {e}"
    try:
        template = json_format.Parse(text, TaskTemplate(), ignore_unknown_fields=False)
    except json_format.ParseError as e:
        return f"not a flyteidl.core.TaskTemplate: {e}"
    if not template.id.name:
        return "id.name is empty"
    problem = target_problem(template)
    if problem:
        return problem
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    directory = Path(argv[0])
    files = sorted(directory.glob("*.json"))
    if not files:
        print(f"no *.json files in {directory}", file=sys.stderr)
        return 2
    bad = []
    for path in files:
        reason = check(path)
        if reason is None:
            print(f"OK      {path.name}")
        else:
            bad.append(path.name)
            print(f"INVALID {path.name}: {reason}", file=sys.stderr)
    print(f"{len(files) - len(bad)} passed, {len(bad)} failed")
    if bad:
        print("files that do not parse: " + ", ".join(bad), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
