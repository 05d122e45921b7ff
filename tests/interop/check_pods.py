#!/usr/bin/env python3
"""Validates Pod and Job manifests printed by a task binary's ``pod`` and ``job`` commands
against Kubernetes' own JSON schemas, strictly (an unknown field is an error), for each
Kubernetes version given.

Usage: check_pods.py [-k VERSION]... FILE...

Each FILE is one Pod or Job in JSON (``-o json``) or YAML (the default). ``-k`` may be
given several times; without it the Pods are checked against Kubernetes 1.33 (the oldest
version podtask builds for) and 1.37 (the newest). Besides the schema, each Pod must be
``apiVersion: v1``, ``kind: Pod``, have a name and ``restartPolicy: Never``, and every container
must have an image; a Job must be ``batch/v1`` with such a Pod as its template, a
``backoffLimit`` and a ``podFailurePolicy``. Exit status 0 when every Pod is valid for every version, 1 when any is not
(each listed with the reason), 2 on a usage error.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import yaml
from kubernetes_validate import utils as kv_utils

DEFAULT_VERSIONS = ["1.33.0", "1.37.0"]


def load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    docs = [d for d in yaml.safe_load_all(text) if d is not None]
    if len(docs) != 1:
        raise ValueError(f"expected one YAML document, found {len(docs)}")
    return docs[0]


def shape_problem(pod: Any) -> str | None:
    """What podtask promises of every Pod and Job beyond the schema, or None when it holds."""
    if not isinstance(pod, dict):
        return "not a mapping"
    if pod.get("kind") == "Job":
        if pod.get("apiVersion") != "batch/v1":
            return f"a Job of apiVersion {pod.get('apiVersion')!r}, not batch/v1"
        spec = pod.get("spec") or {}
        if not isinstance(spec.get("backoffLimit"), int):
            return "spec.backoffLimit is missing"
        if not (spec.get("podFailurePolicy") or {}).get("rules"):
            return "spec.podFailurePolicy has no rules"
        template = spec.get("template") or {}
        return shape_problem({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": (pod.get("metadata") or {}).get("name")},
            "spec": template.get("spec"),
        })
    if pod.get("apiVersion") != "v1" or pod.get("kind") != "Pod":
        return f"not a v1 Pod: apiVersion {pod.get('apiVersion')!r}, kind {pod.get('kind')!r}"
    if not (pod.get("metadata") or {}).get("name"):
        return "metadata.name is missing"
    spec = pod.get("spec") or {}
    if spec.get("restartPolicy") != "Never":
        return f"spec.restartPolicy is {spec.get('restartPolicy')!r}, not 'Never'"
    for group in ("initContainers", "containers"):
        for i, c in enumerate(spec.get(group) or []):
            if not c.get("image"):
                return f"spec.{group}[{i}] ({c.get('name')!r}) has no image"
    if not spec.get("containers"):
        return "spec.containers is empty"
    return None


def check(path: Path, versions: list[str]) -> list[str]:
    """Every reason the Pod in ``path`` is invalid; empty when it is valid."""
    try:
        pod = load(path)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as e:
        return [f"cannot read: {e}"]
    problems = []
    shape = shape_problem(pod)
    if shape:
        problems.append(shape)
    for version in versions:
        try:
            kubernetes_validate.validate(pod, version, strict=True)
        except kubernetes_validate.ValidationError as e:
            where = "/".join(str(p) for p in e.path) or "<root>"
            problems.append(f"Kubernetes {version}: at {where}: {e.message}")
        except (kv_utils.SchemaNotFoundError, kv_utils.VersionNotSupportedError,
                kv_utils.InvalidSchemaError) as e:
            problems.append(f"Kubernetes {version}: {e.message}")
    return problems


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-k", "--kubernetes-version", action="append", dest="versions")
    ap.add_argument("files", nargs="+", type=Path)
    args = ap.parse_args(argv)
    versions = args.versions or DEFAULT_VERSIONS
    bad = []
    for path in args.files:
        problems = check(path, versions)
        if problems:
            bad.append(path.name)
            for p in problems:
                print(f"INVALID {path}: {p}", file=sys.stderr)
        else:
            print(f"OK      {path} (Kubernetes {', '.join(versions)}, strict)")
    print(f"{len(args.files) - len(bad)} passed, {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
