"""JSON Schema of the two data files, for editors (VS Code YAML and others)."""

from __future__ import annotations

import json

from kjcx import model

_LABELS = [s.value for s in model.TaskStatus] + list(model.STATUS_LABELS)


def build(file: str) -> dict:
    cls = model.TargetsFile if file == "targets" else model.TasksFile
    schema = cls.model_json_schema()
    defs = schema.setdefault("$defs", {})
    if file == "targets":
        # An actual is a bare number or a mapping; pydantic sees only the mapping.
        defs["Actual"] = {k: v for k, v in model.Actual.model_json_schema().items()
                          if k != "$defs"}
        defs["Indicator"]["properties"]["actuals"]["additionalProperties"] = {
            "anyOf": [{"type": "number"}, {"$ref": "#/$defs/Actual"}]}
    else:
        # Chinese status labels are accepted as the English values.
        defs["Report"]["properties"]["status"] = {"enum": _LABELS, "title": "Status"}
        defs.pop("TaskStatus", None)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"kjcx {file}.yaml"
    return schema


def json_schema(file: str) -> str:
    return json.dumps(build(file), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
