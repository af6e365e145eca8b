"""The JSON documents validate against the schema published in docs/status.schema.json
(kjcx.status/2, with the list documents and kjcx.check/1 under $defs)."""

import json

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from kjcx.method import compute
from kjcx.views.json_docs import to_json

from conftest import PLANS, ROOT, SEED, plan_of

SCHEMA = json.loads((ROOT / "docs" / "status.schema.json").read_text(encoding="utf-8"))
SEED_YEARS = (2020, 2021, 2022)
V2_PLANS = ["v2_kinds", "v2_revision", "v2_outlook", "v2_levels", "v2_order"]


def validator(definition=None):
    schema = SCHEMA if definition is None else {**SCHEMA["$defs"][definition], "$defs": SCHEMA["$defs"]}
    return Draft202012Validator(schema, format_checker=FormatChecker())


def errors(document, definition=None):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator(definition).iter_errors(document)]


def run_json(kjcx, *args):
    result = kjcx(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("as_of", [None, "2022-06-30"])
@pytest.mark.parametrize("year", SEED_YEARS)
def test_status_json_of_the_shipped_plan_validates(kjcx, year, as_of):
    args = ["status", year, "--data", SEED] + (["--as-of", as_of] if as_of else [])
    doc = run_json(kjcx, *args)
    assert doc["schema"] == "kjcx.status/2" and doc["as_of"] == as_of
    assert errors(doc) == []


@pytest.mark.parametrize("name", V2_PLANS + ["lower", "flow", "level", "tasks"])
def test_status_json_of_every_test_plan_validates(kjcx, name):
    # revised and interpolated targets, binding, null outlooks, every level and status
    plan = plan_of(name)
    for year in plan.years:
        doc = run_json(kjcx, "status", year, "--data", PLANS / name)
        assert errors(doc) == [], (name, year)


def test_python_api_document_is_what_the_command_prints(kjcx):
    # kjcx.to_json(st) is exactly the dict `status -f json` prints
    doc = run_json(kjcx, "status", 2022, "--data", SEED, "--as-of", "2022-06-30")
    from datetime import date
    st = compute.year_status(plan_of("seed"), 2022, date(2022, 6, 30))
    assert json.loads(json.dumps(to_json(st), ensure_ascii=False)) == doc


def test_every_key_is_present_and_nulls_are_not_omitted():
    # the schema requires every key of every object it describes
    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                yield node
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)
    objects = list(walk(SCHEMA))
    assert objects
    for node in objects:
        if node is SCHEMA["$defs"]["indicators_document"]:
            continue  # indicators or years, one of the two (oneOf)
        assert sorted(node["required"]) == sorted(node["properties"]), node.get("description")
        assert node["additionalProperties"] is False


def test_schema_rejects_what_the_contract_forbids():
    doc = to_json(compute.year_status(plan_of("v2_kinds"), 2022))
    good = json.loads(json.dumps(doc))
    assert errors(good) == []
    bad = json.loads(json.dumps(doc))
    del bad["indicators"][0]["note"]            # an omitted null
    assert errors(bad)
    bad = json.loads(json.dumps(doc))
    bad["indicators"][0]["status"] = "达标"      # a label instead of the enum value
    assert errors(bad)
    bad = json.loads(json.dumps(doc))
    row = next(r for r in bad["indicators"] if r["id"] == "bd")
    row["status"] = "near"                      # a binding indicator is never near
    assert errors(bad)
    bad = json.loads(json.dumps(doc))
    bad["indicators"][0]["as_of"] = "2022/12/31"
    assert errors(bad)


@pytest.mark.parametrize("year", [None, 2021])
def test_indicators_document_validates(kjcx, year):
    args = ["indicators"] + ([year] if year else []) + ["--data", SEED]
    doc = run_json(kjcx, *args)
    assert doc["schema"] == "kjcx.indicators/2"
    assert ("years" in doc) == (year is None)
    assert errors(doc, "indicators_document") == []


@pytest.mark.parametrize("as_of", [None, "2022-06-30"])
def test_tasks_and_departments_documents_validate(kjcx, as_of):
    extra = ["--as-of", as_of] if as_of else []
    for year in SEED_YEARS:
        doc = run_json(kjcx, "tasks", year, "--data", SEED, *extra)
        assert errors(doc, "tasks_document") == [], year
        doc = run_json(kjcx, "departments", year, "--data", SEED, *extra)
        assert errors(doc, "departments_document") == [], year


def test_check_document_validates(kjcx):
    result = kjcx("check", "--data", SEED, "-f", "json")
    assert errors(json.loads(result.stdout), "check_document") == []
    bad = ROOT / "tests" / "bad" / "many_errors"
    result = kjcx("check", "--data", bad, "-f", "json")
    doc = json.loads(result.stdout)
    assert doc["ok"] is False and doc["errors"]
    assert errors(doc, "check_document") == []


def test_the_json_reference_documents_every_field():
    text = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    for name, definition in SCHEMA["$defs"].items():
        for key in definition.get("properties", {}):
            assert f"`{key}`" in text, (name, key)
    for key in SCHEMA["properties"]:
        assert f"`{key}`" in text, key
    for schema in ("kjcx.status/2", "kjcx.indicators/2", "kjcx.tasks/2", "kjcx.departments/2",
                   "kjcx.check/1"):
        assert f"`{schema}`" in text or f'"{schema}"' in text, schema


def test_the_json_reference_example_is_the_programs_output():
    text = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    example = json.loads(text.split("### 示例（`kjcx status 2021 -f json`")[1]
                         .split("```json")[1].split("```")[0])
    assert errors(example) == []
    doc = json.loads(json.dumps(to_json(compute.year_status(plan_of("seed"), 2021)), ensure_ascii=False))
    for key in ("schema", "plan", "year", "as_of", "summary"):
        assert example[key] == doc[key], key
    for key, ident in (("indicators", "id"), ("sections", "id"), ("tasks", "id"), ("departments", "name")):
        rows = {row[ident]: row for row in doc[key]}
        for row in example[key]:
            assert row == rows[row[ident]], (key, row[ident])
