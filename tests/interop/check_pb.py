#!/usr/bin/env python3
"""Parses podtask's binary protobuf with flyteidl and compares it with podtask's JSON.

Usage: check_pb.py PB [JSON_DIR]

PB is either a directory of ``<task name>.pb`` files (``serialize --format pb``), each parsed as
a ``core.TaskTemplate``, or a package (``package --output FILE.tgz``), a gzipped tar whose every
``*.pb`` member is parsed as an ``admin.TaskSpec``.

Each message is parsed with flyteidl's own classes and must hold no field flyteidl 1.16 does not
know: unknown fields are looked for in every nested message (``unknown_fields.UnknownFieldSet``,
as protobuf 7's upb runtime no longer has ``Message.UnknownFields()``), and the message must keep
its size when ``DiscardUnknownFields()`` drops them, which catches any the walk would miss.
The template must then equal, as ``json_format.MessageToDict``, the ``<task name>.json`` of the
same task in JSON_DIR (by default, for a directory, PB itself), parsed strictly. A package leaves
a template's project and domain empty unless ``package`` was given them; those two are then left
out of the comparison.

Exit status 0 when every message passes, 1 when any fails (each listed with the reason), 2 on a
usage error or when PB holds no ``*.pb``.
"""
from __future__ import annotations

import sys
import tarfile
from pathlib import Path

from flyteidl.admin.task_pb2 import TaskSpec
from flyteidl.core.tasks_pb2 import TaskTemplate
from google.protobuf import json_format, unknown_fields
from google.protobuf.message import DecodeError, Message


def unknown_paths(message: Message, path: str = "") -> list[str]:
    """Where ``message`` and the messages inside it hold fields their type does not define."""
    found = [
        f"{path or '<root>'}: field {f.field_number}"
        for f in unknown_fields.UnknownFieldSet(message)
    ]
    for field, value in message.ListFields():
        if field.message_type is None:
            continue
        here = f"{path}.{field.name}" if path else field.name
        if field.message_type.GetOptions().map_entry:
            if field.message_type.fields_by_name["value"].message_type is not None:
                for key, item in value.items():
                    found += unknown_paths(item, f"{here}[{key}]")
        elif field.is_repeated:
            for i, item in enumerate(value):
                found += unknown_paths(item, f"{here}[{i}]")
        else:
            found += unknown_paths(value, here)
    return found


def parse(data: bytes, cls: type[Message]) -> tuple[Message | None, str | None]:
    """The message in ``data``, or the reason it is not a clean ``cls``."""
    message = cls()
    try:
        message.ParseFromString(data)
    except DecodeError as e:
        return None, f"not a {cls.DESCRIPTOR.full_name}: {e}"
    unknown = unknown_paths(message)
    stripped = cls()
    stripped.CopyFrom(message)
    stripped.DiscardUnknownFields()
    if unknown or stripped.ByteSize() != message.ByteSize():
        where = ", ".join(unknown) or "somewhere the walk missed"
        return None, f"fields flyteidl does not know: {where}"
    return message, None


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


def compare(template: TaskTemplate, json_dir: Path | None, blank_ok: bool) -> str | None:
    """The reason ``template`` differs from its JSON in ``json_dir``, or None."""
    if not template.id.name:
        return "id.name is empty"
    problem = target_problem(template)
    if problem:
        return problem
    if json_dir is None:
        return None
    path = json_dir / f"{template.id.name}.json"
    try:
        expected = json_format.Parse(
            path.read_text(encoding="utf-8"), TaskTemplate(), ignore_unknown_fields=False
        )
    except (OSError, UnicodeDecodeError, json_format.ParseError) as e:
        return f"cannot read {path}: {e}"
    if blank_ok:
        # A package leaves these to `flytectl register files -p/-d`.
        if not template.id.project:
            expected.id.project = ""
        if not template.id.domain:
            expected.id.domain = ""
    got = json_format.MessageToDict(template)
    want = json_format.MessageToDict(expected)
    if got != want:
        return f"differs from {path.name}: pb {got} != json {want}"
    return None


def members(source: Path) -> list[tuple[str, bytes]]:
    """The ``*.pb`` members of a package, in archive order; regular files only."""
    out = []
    with tarfile.open(source, "r:*") as tar:
        for info in tar.getmembers():
            if not info.name.endswith(".pb"):
                continue
            if not info.isfile():
                raise ValueError(f"{info.name} is not a regular file")
            handle = tar.extractfile(info)
            if handle is None:
                raise ValueError(f"cannot read {info.name}")
            out.append((info.name, handle.read()))
    return out


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    source = Path(argv[0])
    is_package = source.is_file()
    if is_package:
        try:
            items = members(source)
        except (OSError, tarfile.TarError, ValueError) as e:
            print(f"{source}: not a readable tar: {e}", file=sys.stderr)
            return 1
        json_dir = Path(argv[1]) if len(argv) == 2 else None
    else:
        items = [(p.name, p.read_bytes()) for p in sorted(source.glob("*.pb"))]
        json_dir = Path(argv[1]) if len(argv) == 2 else source
    if not items:
        print(f"no *.pb in {source}", file=sys.stderr)
        return 2
    bad = []
    for name, data in items:
        if is_package:
            spec, reason = parse(data, TaskSpec)
            template = spec.template if spec is not None else None
            if spec is not None and not spec.HasField("template"):
                reason = "the TaskSpec has no template"
        else:
            template, reason = parse(data, TaskTemplate)
        if reason is None and template is not None:
            reason = compare(template, json_dir, blank_ok=is_package)
        if reason is None:
            print(f"OK      {name}")
        else:
            bad.append(name)
            print(f"INVALID {name}: {reason}", file=sys.stderr)
    print(f"{len(items) - len(bad)} passed, {len(bad)} failed")
    if bad:
        print("messages that fail: " + ", ".join(bad), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
