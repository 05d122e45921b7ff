#!/usr/bin/env python3
"""Writes the task templates flytekit writes for the tasks of a Python module, as proto3 JSON
with sorted keys, one ``<task name>.json`` per task, with the settings podtask's golden files
use (project flytesnacks, domain development, version v1).

Usage: flytekit_templates.py MODULE_FILE OUT_DIR   (run with flytekit 1.16.31 installed)
"""
from __future__ import annotations

import importlib.util
import sys
from collections import OrderedDict
from pathlib import Path

from flytekit.configuration import ImageConfig, SerializationSettings
from flytekit.core.base_task import PythonTask
from flytekit.tools.translator import get_serializable
from google.protobuf import json_format


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source, out = Path(argv[0]), Path(argv[1])
    spec = importlib.util.spec_from_file_location(source.stem, source)
    module = importlib.util.module_from_spec(spec)
    sys.modules[source.stem] = module
    spec.loader.exec_module(module)
    settings = SerializationSettings(
        project="flytesnacks",
        domain="development",
        version="v1",
        image_config=ImageConfig.auto_default_image(),
    )
    out.mkdir(parents=True, exist_ok=True)
    tasks = [v for v in vars(module).values() if isinstance(v, PythonTask)]
    for t in tasks:
        template = get_serializable(OrderedDict(), settings, t).template.to_flyte_idl()
        text = json_format.MessageToJson(template, sort_keys=True)
        (out / f"{template.id.name}.json").write_text(text + "\n")
        print(f"wrote {template.id.name}.json")
    return 0 if tasks else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
