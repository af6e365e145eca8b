"""The command line: every command x format, exit codes, alignment (docs/json.md,
docs/tables.md). How tables fit narrow terminals is tested in test_tables.py."""

import csv
import io
import json
import os
import re
import subprocess
import sys

import pytest
from wcwidth import wcswidth

from conftest import BAD, PLANS, ROOT

TASKS = PLANS / "tasks"
ANSI = re.compile(r"\x1b\[")
COLOUR = re.compile(r"\x1b\[[0-9;]*?(?:3[0-8]|9[0-7])(?:;[0-9;]*)?m")


@pytest.fixture(autouse=True)
def piped_width(monkeypatch):
    """No COLUMNS: piped output is laid out for 160 columns, whatever the shell says."""
    monkeypatch.delenv("COLUMNS", raising=False)


def status_json(kjcx, *args):
    result = kjcx("status", *args, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- status -------------------------------------------------------------------

def test_status_json_document_shape_and_values(kjcx):
    doc = status_json(kjcx, "2021", "--data", TASKS)
    assert list(doc) == ["schema", "plan", "year", "as_of", "indicators", "sections", "tasks",
                         "departments", "summary", "round_date"]
    # the latest report or figure used in 2021 is a year-end one: the round date is Dec 31
    assert doc["round_date"] == "2021-12-31"
    assert doc["schema"] == "kjcx.status/2"
    assert doc["plan"] == {"name": "任务测试计划", "document": None, "start": 2021, "end": 2022}
    assert (doc["year"], doc["as_of"]) == (2021, None)
    # 8 of a target of 10 at year end: completion = rate = 0.8, schedule 1, ahead -20 points
    # v3: tasks 2, 3 (06-30), 4 (03-31), 5 (01-20) are older than the round date (Dec 31):
    # stale, judged at year end (100 - 10 = 90) and missing for their leads
    assert doc["indicators"][1] == {
        "id": "y", "name": "指标Y", "unit": "家", "direction": "higher", "kind": "level",
        "binding": False, "lead": ["丁局"], "target": 10, "target_source": "explicit",
        "revision": None, "actual": 8, "as_of": "2021-12-31", "source": None, "note": None,
        "elapsed": 1.0, "expected": 10, "rate": 0.8, "completion": 0.8, "schedule": 1.0,
        "ahead": -20, "gap": 2, "progress": None, "status": "behind", "final": None,
        "stale": False, "ahead_value": -2, "grade": None,  # ahead_value = A - E = 8 - 10
        "target_rule": "value", "stretch": None, "stretch_met": None, "period": None,
        "yearly_status": "behind", "cap": False, "grade_source": None, "grade_document": None,
        "baseline_revision": None, "outlook_reason": None, "part": None, "parts": []}
    assert doc["indicators"][2]["actual"] is None and doc["indicators"][2]["status"] == "no_data"
    assert doc["sections"][1] == {
        "id": 2, "title": "第二章", "tasks": 5, "done": 1, "in_progress": 1, "not_started": 2,
        "behind": 0, "lagging": [4, 5, 8], "no_report": 1}
    assert doc["tasks"][1] == {
        "id": 2, "section": 1, "title": "任务2", "lead": ["乙局"], "participants": ["丙局"],
        "status": "in_progress", "percent": 35, "as_of": "2021-06-30", "note": None,
        "lagging": True, "stale": True,
        # no 完成时限 or 阶段目标: the 督办 keys are there, null or false
        "deadline": None, "overdue": False, "overdue_days": None, "due_soon": False,
        "days_left": None, "done_late_days": None, "next_milestone": None,
        "missed_milestones": [], "overdue_reason": None}
    assert doc["tasks"][5]["status"] == "no_report" and doc["tasks"][5]["percent"] is None
    assert doc["departments"][2] == {
        "name": "丁局", "level": "red", "lagging": True, "lead_items": 2, "lagging_lead": ["y"],
        "missing": [6], "lagging_participating": [8], "worst": "y"}
    # 丙局 leads 4 and 5 (stale, lagging): 2 lagging + 2 missing comes first
    assert doc["departments"][0] == {
        "name": "丙局", "level": "red", "lagging": True, "lead_items": 3, "lagging_lead": [4, 5],
        "missing": [4, 5], "lagging_participating": [1, 2], "worst": 4}
    assert doc["departments"][4]["level"] == "green"
    assert doc["summary"] == {
        "indicators": {"met": 1, "near": 0, "behind": 1, "severe": 0, "no_data": 1, "no_target": 0},
        "tasks": {"lagging": 6, "no_report": 1, "done": 1, "overdue": 0},
        "departments": {"red": 4, "yellow": 0, "green": 1},
        "lagging_departments": ["丙局", "乙局", "丁局", "甲局"], "by_parts": None}


def test_status_json_seed_row_matches_the_documented_example(kjcx):
    doc = status_json(kjcx, "2021")  # the packaged sample plan
    row = next(r for r in doc["indicators"] if r["id"] == "high_tech_enterprises")
    assert row == {
        "id": "high_tech_enterprises", "name": "高新技术企业数量", "unit": "家",
        "direction": "higher", "kind": "level", "binding": False, "lead": ["区科技局"],
        "target": 116, "target_source": "explicit", "revision": None,
        "actual": 118, "as_of": "2021-12-31", "source": None, "note": None,
        "elapsed": 1.0, "expected": 116, "rate": 1.017241, "completion": 1.017241,
        "schedule": 1.0, "ahead": 1.724138, "gap": -2, "progress": 1.125, "status": "met",
        "final": {"year": 2022, "target": 128, "needed_per_year": 10,
                  "achieved_per_year": 9, "outlook": "on_track"},
        "stale": False, "ahead_value": 2, "grade": None,  # ahead_value = 118 - 116
        "target_rule": "value", "stretch": None, "stretch_met": None, "period": None,
        "yearly_status": "met", "cap": False, "grade_source": None, "grade_document": None,
        "baseline_revision": None, "outlook_reason": None, "part": None, "parts": []}
    part_year = next(r for r in status_json(kjcx, "2022")["indicators"]
                     if r["id"] == "tech_contract_turnover")
    # 21.3 of 50 on 06-30 (day 181 of 365): completion 0.426, schedule 181/365,
    # ahead (0.426 - 0.49589) x 100 = -6.99 points
    assert (part_year["as_of"], part_year["elapsed"], part_year["expected"]) == (
        "2022-06-30", 0.49589, 24.794521)
    assert (part_year["completion"], part_year["schedule"], part_year["ahead"]) == (
        0.426, 0.49589, -6.989041)
    assert (part_year["source"], part_year["note"]) == ("示例数据", "1-6月累计")


def test_status_default_year_is_latest_with_data(kjcx):
    assert status_json(kjcx)["year"] == 2022
    plain = kjcx("status")
    assert "2022 年（最近有数据的年份）" in plain.stdout


def test_status_plain_is_the_default_when_piped_and_has_no_ansi(kjcx):
    result = kjcx("status", "2021", "--data", TASKS)
    assert result.exit_code == 0
    assert not ANSI.search(result.stdout)
    out = result.stdout
    assert out.startswith("任务测试计划  2021 年\n")
    assert "【指标完成情况】" in out and "【重点任务（按章节）】" in out
    assert "【责任单位（按滞后程度排序）】" in out
    assert "3 项指标：达标 1，基本达标 0，滞后 1，严重滞后 0，无数据 1，无目标 0。" in out
    # 未报送 counts one thing in every table: task 6 has no report, tasks 2, 3, 4 and 5
    # reported before the round date (stale): 1 + 4 = 5, as the departments' 未报送 count them
    assert "8 项任务：滞后 6，未报送 5，已完成 1。" in out
    # the closing line wraps at the width (piped: 160), at a comma
    assert "5 个责任单位：滞后 4 个（丙局、乙局、丁局、甲局），\n关注 0 个，正常 1 个。\n" in out
    line = next(line for line in out.splitlines() if line.startswith("指标Y"))
    assert line.split() == ["指标Y", "家", "10", "8", "年末", "10", "80.0%", "100.0%",
                            "低于序时", "20.0", "个百分点", "差", "2家", "滞后", "-"]
    dept = next(line for line in out.splitlines() if line.startswith("丁局"))
    assert dept.split() == ["丁局", "滞后", "2", "1", "1", "1", "指标Y"]  # worst by name


def test_status_table_format_rich(kjcx):
    result = kjcx("status", "2021", "--data", TASKS, "-f", "table")
    assert result.exit_code == 0
    assert "指标完成情况" in result.stdout and "甲局" in result.stdout
    assert not ANSI.search(result.stdout)  # not a terminal: rich prints no escapes


def test_colour_on_a_terminal_and_no_color(kjcx):
    coloured = kjcx("status", "2021", "--data", TASKS, "-f", "table", env={"FORCE_COLOR": "1"})
    assert COLOUR.search(coloured.stdout)
    for extra, env in ((["--no-color"], {"FORCE_COLOR": "1"}),
                       ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"})):
        plain = kjcx("status", "2021", "--data", TASKS, "-f", "table", *extra, env=env)
        assert plain.exit_code == 0
        assert not COLOUR.search(plain.stdout)


def test_status_csv_has_bom_and_parses(kjcx):
    result = kjcx("status", "2021", "--data", TASKS, "-f", "csv")
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert [r["id"] for r in rows] == ["x", "y", "z"]
    assert rows[1]["rate"] == "0.8" and rows[1]["status"] == "behind" and rows[1]["lead"] == "丁局"
    assert rows[2]["actual"] == "" and rows[2]["final_outlook"] == ""


def test_status_markdown(kjcx):
    result = kjcx("status", "2021", "--data", TASKS, "-f", "markdown")
    lines = result.stdout.splitlines()
    assert lines[0] == "# 任务测试计划  2021 年"
    assert "## 责任单位（按滞后程度排序）" in lines
    row = next(line for line in lines if line.startswith("| 指标Y "))
    assert [c.strip() for c in row.strip("|").split("|")] == [
        "指标Y", "家", "10", "8", "年末", "10", "80.0%", "100.0%", "低于序时 20.0 个百分点",
        "差 2家", "滞后", "-"]


# --- indicators, tasks, departments ----------------------------------------------

def test_indicators_all_years_and_one_year(kjcx):
    doc = json.loads(kjcx("indicators", "--data", PLANS / "lower", "-f", "json").stdout)
    assert doc["schema"] == "kjcx.indicators/2" and doc["year"] is None
    assert [y["year"] for y in doc["years"]] == [2021, 2022, 2023, 2024, 2025]
    energy_2023 = doc["years"][2]["indicators"][0]
    assert (energy_2023["target"], energy_2023["target_source"]) == (0.44, "interpolated")
    one = json.loads(kjcx("indicators", "2021", "--data", PLANS / "lower", "-f", "json").stdout)
    assert one["year"] == 2021 and one["indicators"][0]["rate"] == 0.979592
    plain = kjcx("indicators", "--data", PLANS / "lower").stdout
    assert plain.count("单位GDP能耗") == 5
    assert "0.44（插值）" in plain
    rows = list(csv.DictReader(io.StringIO(
        kjcx("indicators", "--data", PLANS / "lower", "-f", "csv").stdout.lstrip("\ufeff"))))
    assert len(rows) == 15 and rows[0]["year"] == "2021" and rows[0]["final_outlook"] == "off_track"
    md = kjcx("indicators", "2021", "--data", PLANS / "lower", "-f", "markdown").stdout
    assert "| 单位GDP能耗 " in md


def test_tasks_filters_and_formats(kjcx):
    doc = json.loads(kjcx("tasks", "2021", "--data", TASKS, "-f", "json").stdout)
    assert doc["schema"] == "kjcx.tasks/2" and len(doc["tasks"]) == 8
    lagging = json.loads(kjcx("tasks", "2021", "--lagging", "--data", TASKS, "-f", "json").stdout)
    # v3: 3 (40% at 06-30) and 5 (not started at 01-20) are stale in the year-end round: lagging
    assert [t["id"] for t in lagging["tasks"]] == [1, 2, 3, 4, 5, 8]
    dept = json.loads(kjcx("tasks", "2021", "--dept", "丙局", "--data", TASKS, "-f", "json").stdout)
    assert [t["id"] for t in dept["tasks"]] == [1, 2, 4, 5]  # leads 4, 5; takes part in 1, 2
    rows = list(csv.DictReader(io.StringIO(
        kjcx("tasks", "2021", "--data", TASKS, "-f", "csv").stdout.lstrip("\ufeff"))))
    assert rows[0]["participants"] == "乙局;丙局" and rows[0]["lagging"] == "true"
    plain = kjcx("tasks", "2021", "--data", TASKS, "--lagging").stdout
    assert "重点任务（仅滞后）" in plain and "任务6" not in plain and "任务7" not in plain
    table = kjcx("tasks", "2021", "--data", TASKS, "-f", "table").stdout
    assert "任务8" in table and "未报送" in table
    md = kjcx("tasks", "2021", "--data", TASKS, "-f", "markdown").stdout
    assert "| 任务6 " in md


def test_tasks_department_alias_in_the_seed(kjcx):
    by_alias = json.loads(kjcx("tasks", "2021", "--dept", "河东区科技局", "-f", "json").stdout)
    by_name = json.loads(kjcx("tasks", "2021", "--dept", "区科技局", "-f", "json").stdout)
    assert by_alias == by_name and len(by_name["tasks"]) == 20  # leads 14, takes part in 6


def test_departments_formats(kjcx):
    doc = json.loads(kjcx("departments", "2021", "--data", TASKS, "-f", "json").stdout)
    assert doc["schema"] == "kjcx.departments/2"
    assert [d["name"] for d in doc["departments"]] == ["丙局", "乙局", "丁局", "甲局", "戊局"]
    rows = list(csv.DictReader(io.StringIO(
        kjcx("departments", "2021", "--data", TASKS, "-f", "csv").stdout.lstrip("\ufeff"))))
    assert rows[2] == {"name": "丁局", "level": "red", "lagging": "true", "lead_items": "2",
                       "lagging_lead": "y", "missing": "6", "lagging_participating": "8",
                       "worst": "y"}
    plain = kjcx("departments", "2021", "--data", TASKS).stdout
    assert "【责任单位（按滞后程度排序）】" in plain and "排名" not in plain and "得分" not in plain
    # no rank numbers, no score: 单位 结论 牵头事项 牵头滞后 未报送 参与滞后 最差事项
    assert re.search(r"^丁局\s+滞后\s+2\s+1\s+1\s+1\s+\S+$", plain, re.MULTILINE)
    assert re.search(r"^甲局\s+滞后\s+3\s+2\s+0\s+1\s+任务 1$", plain, re.MULTILINE)
    assert "戊局" in kjcx("departments", "2021", "--data", TASKS, "-f", "table").stdout
    assert "| 戊局 " in kjcx("departments", "2021", "--data", TASKS, "-f", "markdown").stdout


# --- exit codes and errors -----------------------------------------------------------

def test_exit_1_on_bad_data_with_every_problem_on_stderr(kjcx):
    result = kjcx("status", "2021", "--data", BAD / "many_errors")
    assert result.exit_code == 1
    assert result.stdout == ""
    # 4: indicators[1]'s unknown lead is reported beside its refused (only) target
    assert "数据文件有 4 个错误，未进行测算：" in result.stderr
    assert f"{BAD / 'many_errors' / 'targets.yaml'}:16:21 indicators[1].targets.2020: 应为数字" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args,message", [
    (["status", "2030"], "错误：年份：2030 不在计划期 2020-2022 内"),
    (["status", "二〇二一"], "错误：年份：应为整数，如 2021"),
    (["status", "--bogus"], "错误：没有这个选项：--bogus"),
    (["status", "-f", "xml"], "错误：-f / --format：取值无效，可选：table, plain, json, csv, markdown"),
    (["tasks", "2021", "--dept", "区科委"], "错误：--dept：没有名为 “区科委” 的单位"),
    (["departments", "2021", "区科委"], "错误：单位：没有名为 “区科委” 的单位"),
    (["nosuch"], "错误：没有这个命令"),
])
def test_exit_2_on_usage_errors_in_chinese(kjcx, args, message):
    result = kjcx(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_fail_on_lagging_exits_3(kjcx):
    assert kjcx("status", "2021", "--data", TASKS, "--fail-on", "lagging").exit_code == 3
    assert kjcx("departments", "2021", "--data", TASKS, "--fail-on", "lagging").exit_code == 3
    assert kjcx("status", "2021", "--data", TASKS).exit_code == 0
    # 2022 has no task reports at all: every lead is 滞后 for its missing reports
    assert kjcx("status", "2022", "--data", TASKS, "--fail-on", "lagging").exit_code == 3
    # no 滞后 department (near is not lagging): exit 0 even with --fail-on
    assert kjcx("status", "2021", "--data", PLANS / "lower", "--fail-on", "lagging").exit_code == 0


def test_warnings_are_mentioned_on_stderr_not_stdout(kjcx):
    result = kjcx("status", "2021", "--data", TASKS, "-f", "json")
    assert "提示：数据有 1 条警告" in result.stderr
    json.loads(result.stdout)


def test_data_option_env_and_local_dir(kjcx, tmp_path, monkeypatch):
    env = {"KJCX_DATA": str(TASKS)}
    assert json.loads(kjcx("status", "2021", "-f", "json", env=env).stdout)["plan"]["name"] == "任务测试计划"
    (tmp_path / "data").mkdir()
    for name in ("targets.yaml", "tasks.yaml"):
        (tmp_path / "data" / name).write_bytes((PLANS / "tasks" / name).read_bytes())
    monkeypatch.chdir(tmp_path)
    assert json.loads(kjcx("status", "2021", "-f", "json").stdout)["plan"]["name"] == "任务测试计划"


# --- help --------------------------------------------------------------------

COMMANDS = ["status", "indicators", "tasks", "departments", "explain", "diff", "brief", "report",
            "check", "schema", "forms export", "forms import"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_is_chinese_and_ends_with_examples(kjcx, command):
    result = kjcx(*command.split(), "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"用法：kjcx {command} [选项]")
    assert "选项：" in result.stdout and "显示本帮助并退出。" in result.stdout
    tail = result.stdout.rstrip().splitlines()
    examples = tail.index("  示例：")
    assert all(line.startswith("    kjcx ") for line in tail[examples + 1:])


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_fits_and_lines_up_in_terminal_columns(command, columns):
    """Option help starts in one column however wide the Chinese metavar, no line is
    wider than the terminal, and no line starts with closing punctuation."""
    from wcwidth import wcswidth

    env = {**os.environ, "COLUMNS": str(columns)}
    out = subprocess.run([sys.executable, "-m", "kjcx", *command.split(), "--help"],
                         capture_output=True, text=True, env=env, check=True).stdout
    lines = out.splitlines()
    assert all(wcswidth(line) <= columns for line in lines), out
    assert not [line for line in lines if line.strip()[:1] in tuple("，。、；：）")]
    options = lines[lines.index("选项："):]
    starts = set()
    for line in options[1:]:
        if not line.startswith("  -") or "  " not in line.strip():
            continue
        head, _, rest = line[2:].partition("  ")
        if rest.strip():
            starts.add(wcswidth("  " + head + "  " + rest[:len(rest) - len(rest.lstrip())]))
    assert len(starts) == 1, out


def test_help_does_not_import_pydantic_or_rich():
    code = ("import sys\nfrom kjcx.cli.app import main\ntry:\n    main(['--help'])\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pydantic', 'rich', 'yaml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_json_output_does_not_import_rich():
    code = ("import sys\nfrom kjcx.cli.app import main\ntry:\n    main(['status', '2021', '-f', 'json'])\n"
            "except SystemExit:\n    pass\nprint('rich' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_python_dash_m_runs(tmp_path):
    out = subprocess.run([sys.executable, "-m", "kjcx", "status", "2021", "-f", "json"],
                         capture_output=True, text=True, cwd=tmp_path, check=False)
    assert out.returncode == 0 and json.loads(out.stdout)["year"] == 2021


# --- alignment with Chinese text ----------------------------------------------------

def _blocks(text):
    block = []
    for line in text.splitlines():
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _starts(rule):
    return [m.start() for m in re.finditer(r"-+", rule)]


def _assert_on_grid(line, starts):
    """Every column of the rule starts at a character boundary of the line, after a
    blank (continuation lines of wrapped names stop early)."""
    for start in starts[1:]:
        if wcswidth(line) <= start:
            break
        width, prefix = 0, ""
        for ch in line:
            if width >= start:
                break
            width += wcswidth(ch)
            prefix += ch
        assert width == start and prefix.endswith("  "), (line, start)


def test_plain_tables_align_with_wide_characters(kjcx):
    for year in ("2021", "2022"):
        out = kjcx("status", year).stdout  # the seed: long Chinese names and titles
        tables = [b[1:] for b in _blocks(out) if b[0].startswith("【") and b[0] != "【说明】"]
        assert len(tables) == 3
        for table in tables:
            rule = table[1]
            assert set(rule) <= {"-", " "}
            for line in table:
                assert wcswidth(line) <= len(rule), line
                _assert_on_grid(line, _starts(rule))


def test_rich_table_lines_have_equal_display_width(kjcx):
    out = kjcx("status", "2021", "-f", "table").stdout
    lines = [line.rstrip() for line in out.splitlines()]
    table = lines[lines.index("指标完成情况") + 1:]
    table = table[:table.index("")]
    for line in table:
        _assert_on_grid(line, _starts(table[1]))
    header = table[0]
    # the status column starts at the same display column in every row
    col = wcswidth(header[:header.index("状态")])
    for line in table[2:]:
        cell = next(lbl for lbl in ("基本达标", "严重滞后", "达标", "滞后", "无目标", "无数据") if lbl in line)
        assert wcswidth(line[:line.index(cell)]) == col, line


def test_readme_tour_is_the_real_output(kjcx):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- tour:begin -->\n```text\n")[1].split("```\n<!-- tour:end -->")[0]
    assert block == kjcx("status", "2021").stdout
