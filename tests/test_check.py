"""`kjcx check`: every problem at once, at its line, in the format CI reads."""

import json
import re

from kjcx.plan.load import inspect
from kjcx.views import check_report

from conftest import BAD, ROOT, SEED

WARN = ROOT / "tests" / "warn"


def test_shipped_data_is_clean(kjcx):
    result = kjcx("check", "--data", SEED)
    assert result.exit_code == 0
    assert result.stdout == f"检查通过：{SEED}（14 项指标，6 个章节，20 项任务），无错误、无警告。\n"


def test_every_warning_kind_at_its_line():
    plan, errors, warnings = inspect(WARN)
    assert errors == [] and plan is not None
    got = [(w.file.split("/")[-1], w.line, w.column, w.path, w.message) for w in warnings]
    assert got == [
        ("targets.yaml", 8, 13, "plan.departments[1].name",
         "单位 “区财政局” 既未牵头也未参与任何指标或任务"),
        ("targets.yaml", 13, 31, "indicators[0].targets.2021",
         "2021 年目标 8 低于 2020 年目标 10，与指标方向“越高越好”相反；请核对目标或 direction"),
        ("targets.yaml", 21, 13, "indicators[1].actuals.2021",
         "实际值 258 与 2021 年目标 2.58 相差十倍以上，可能是单位或小数点错误（单位：%）"),
        ("tasks.yaml", 10, 37, "tasks[0].progress.2021.percent",
         "状态为已完成，但进度只有 80%；请核对状态或进度"),
        ("tasks.yaml", 16, 7, "tasks[1].progress",
         "任务 2 缺少 2020 年的进展报告（其他任务已报送到 2021 年）"),
    ]


def test_warnings_pass_unless_strict(kjcx):
    result = kjcx("check", "--data", WARN)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "检查通过：5 条警告，请复核。"
    assert f"{WARN / 'targets.yaml'}:13:31 indicators[0].targets.2021: 警告：2021 年目标 8" in result.stdout
    strict = kjcx("check", "--data", WARN, "--strict")
    assert strict.exit_code == 1
    assert strict.stdout.splitlines()[-1] == "检查未通过（--strict）：5 条警告，请复核。"


def test_check_reports_all_errors_and_exits_1(kjcx):
    result = kjcx("check", "--data", BAD / "many_errors")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        f"{BAD / 'many_errors' / 'targets.yaml'}:10:5 indicators[0].unit: 缺少必填项 “unit”",
        f"{BAD / 'many_errors' / 'targets.yaml'}:10:9 indicators[0].id: “Bad-Id” 不符合要求："
        "只能包含小写英文字母、数字和下划线（如 high_tech_enterprises）",
        f"{BAD / 'many_errors' / 'targets.yaml'}:16:21 indicators[1].targets.2020: 应为数字，实际为 “两百”",
    ]
    # and the unknown lead 区科委 of the same indicator: its only target's error no longer hides it
    assert "indicators[1].lead[0]: 单位 “区科委” 不在 plan.departments 中" in lines[3]
    assert lines[-1] == "检查未通过：4 个错误，2 条警告。"


def test_check_json(kjcx):
    result = kjcx("check", "--data", BAD / "percent_string", "-f", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert list(doc) == ["schema", "ok", "errors", "warnings"]
    assert doc["schema"] == "kjcx.check/1" and doc["ok"] is False
    assert doc["errors"] == [{
        "file": str(BAD / "percent_string" / "targets.yaml"), "line": 13, "column": 32,
        "path": "indicators[0].targets.2021",
        "message": "应为数字，实际为 “110%”（请去掉百分号：单位写在 unit 中，数值只写数字）"}]
    assert len(doc["warnings"]) == 2
    clean = json.loads(kjcx("check", "-f", "json").stdout)
    assert clean == {"schema": "kjcx.check/1", "ok": True, "errors": [], "warnings": []}


def test_check_github_annotations_are_escaped(kjcx):
    result = kjcx("check", "--data", BAD / "percent_string", "-f", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    file = str(BAD / "percent_string" / "targets.yaml")
    assert lines[0] == (
        f"::error file={file},line=13,col=32,title=kjcx check::indicators[0].targets.2021: "
        "应为数字，实际为 “110%25”（请去掉百分号：单位写在 unit 中，数值只写数字）")
    assert lines[1].startswith(f"::warning file={file},line=6,col=13,")
    # the full text report follows the annotations
    assert lines[3].startswith(f"{file}:13:32 indicators[0].targets.2021: 应为数字")


def test_workflow_command_escaping():
    assert check_report._data("50%\r\nx") == "50%25%0D%0Ax"
    assert check_report._property("a:b,c%") == "a%3Ab%2Cc%25"


def test_check_never_tracebacks_on_the_corpus(kjcx):
    for case in sorted(p for p in BAD.iterdir() if p.is_dir()):
        for fmt in ("text", "json", "github"):
            result = kjcx("check", "--data", case, "-f", fmt)
            assert result.exit_code in (0, 1), (case, fmt, result.output)
            assert result.exception is None or isinstance(result.exception, SystemExit), case
            assert "Traceback" not in result.output


def test_schema_files_in_the_repo_are_current(kjcx):
    for name in ("targets", "tasks"):
        result = kjcx("schema", name)
        assert result.exit_code == 0
        assert (ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8") == result.stdout


def test_schema_accepts_the_shorthands_staff_write():
    targets = json.loads((ROOT / "schema" / "targets.schema.json").read_text(encoding="utf-8"))
    actuals = targets["$defs"]["Indicator"]["properties"]["actuals"]["additionalProperties"]
    # a bare number, one mapping, or a list of dated mappings
    assert actuals == {"anyOf": [{"type": "number"}, {"$ref": "#/$defs/Actual"},
                                 {"type": "array", "items": {"$ref": "#/$defs/Actual"}}]}
    assert targets["$defs"]["Indicator"]["properties"]["binding"]["type"] == "boolean"
    assert "revisions" in targets["properties"]
    assert targets["$defs"]["Indicator"]["additionalProperties"] is False
    tasks = json.loads((ROOT / "schema" / "tasks.schema.json").read_text(encoding="utf-8"))
    assert "已完成" in tasks["$defs"]["Report"]["properties"]["status"]["enum"]


def test_pre_commit_hook_runs_kjcx_check():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert re.search(r"^- id: kjcx-check$", text, re.M)
    assert "entry: kjcx check" in text and "pass_filenames: true" in text


def test_a_percent_above_100_is_a_likely_slip():
    plan, errors, warnings = inspect(ROOT / "tests" / "warn_percent")
    assert errors == [] and plan is not None
    got = [(w.line, w.column, w.path, w.message) for w in warnings]
    assert got == [
        # 480 against the year's target 48: the ten-times warning says it (once)
        (13, 9, "indicators[0].actuals.2022",
         "实际值 480 与 2022 年目标 48 相差十倍以上，可能是单位或小数点错误（单位：%）"),
        (18, 21, "indicators[1].targets.2022",
         "单位为 %，目标 130 超过 100，请核对是否多打了一位（如 48 写成 480）"),
        (20, 13, "indicators[1].actuals.2022",
         "单位为 %，实际值 120 超过 100，请核对是否多打了一位（如 48 写成 480）"),
    ]
