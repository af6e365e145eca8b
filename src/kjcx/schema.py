"""JSON Schema of the two data files, for editors (VS Code YAML and others)."""

from __future__ import annotations

import json

from kjcx import model


def build(file: str) -> dict:
    from pydantic import TypeAdapter

    cls = model.TargetsFile if file == "targets" else model.TasksFile
    schema = TypeAdapter(cls).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"kjcx {file}.yaml"
    return schema


def json_schema(file: str) -> str:
    return json.dumps(build(file), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
