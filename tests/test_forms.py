"""kjcx forms export / import: real workbooks in temporary directories.

The data files are always copies (tmp_path); the repository's data/ is never written.
"""

from __future__ import annotations

import datetime
import difflib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import SEED, TESTS

MINI = TESTS / "forms" / "mini"
AS_OF = "2022-09-30"
IND_HEADERS = ["编号", "指标名称", "单位", "年度目标", "上次报送值", "本次实际值", "截至日期", "数据来源", "备注"]
TASK_HEADERS = ["编号", "任务", "牵头单位", "参与单位", "上次进展", "状态", "完成百分比", "进展情况"]


# --- helpers ----------------------------------------------------------------------

def copy_plan(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(source, target)
    return target


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def export(kjcx, data: Path, out: Path, *extra, as_of=AS_OF):
    result = kjcx("forms", "export", as_of, "-o", out, "--data", data, *extra)
    assert result.exit_code == 0, result.output
    return result


def import_json(kjcx, data: Path, *paths, write=False):
    args = ["forms", "import", *paths, "--data", data, "-f", "json"]
    result = kjcx(*args, *(["--write"] if write else []))
    return result, json.loads(result.stdout)


def header_row(ws, headers) -> int:
    for row in ws.iter_rows(min_row=1, max_row=30):
        if [c.value for c in row[:len(headers)]] == headers:
            return row[0].row
    raise AssertionError(f"no header row in {ws.title}")


def cell(ws, item_id, header: str):
    """The cell of item `item_id` (by 编号, never by position) under `header`."""
    headers = IND_HEADERS if ws.title == "指标" else TASK_HEADERS
    top = header_row(ws, headers)
    col = headers.index(header) + 1
    for r in range(top + 1, ws.max_row + 1):
        if ws.cell(r, 1).value == item_id:
            return ws.cell(r, col)
    raise AssertionError(f"{item_id} not in {ws.title}")


def fill(path: Path, indicators: dict | None = None, tasks: dict | None = None) -> dict:
    """Fill a form as a department would; returns {(sheet, id): coordinate of the first input}."""
    wb = openpyxl.load_workbook(path)
    where = {}
    for sheet, values in (("指标", indicators or {}), ("任务", tasks or {})):
        ws = wb[sheet]
        for item_id, fields in values.items():
            for header, value in fields.items():
                target = cell(ws, item_id, header)
                target.value = value
                where.setdefault((sheet, item_id), f"{sheet}!{target.coordinate}")
    wb.save(path)
    return where


def diff_lines(old: bytes, new: bytes) -> tuple[list[str], list[str]]:
    """(removed, added) lines of a line diff."""
    removed, added = [], []
    for line in difflib.ndiff(old.decode().splitlines(), new.decode().splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


@pytest.fixture
def seed(tmp_path):
    return copy_plan(SEED, tmp_path)


@pytest.fixture
def mini(tmp_path):
    return copy_plan(MINI, tmp_path)


# --- export -----------------------------------------------------------------------

def test_export_writes_one_workbook_per_lead_department(kjcx, seed, tmp_path):
    out = tmp_path / "forms"
    result = export(kjcx, seed, out)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["区科技局.xlsx", "区产促局.xlsx", "区市场监管局.xlsx", "区人社局.xlsx",
                            "区政务服务办.xlsx"])
    assert "已导出 5 份报送表" in result.stdout
    assert "区发改委" in result.stdout  # named among those with nothing to report
    wb = openpyxl.load_workbook(out / "区科技局.xlsx")
    assert wb.sheetnames == ["指标", "任务", "填报说明", "_kjcx"]
    ws = wb["指标"]
    top = header_row(ws, IND_HEADERS)
    ids = [ws.cell(r, 1).value for r in range(top + 1, ws.max_row + 1)]
    from kjcx.plan.load import load

    plan = load(seed).plan
    assert ids == [i.id for i in plan.indicators if "区科技局" in i.lead]
    tasks = wb["任务"]
    top = header_row(tasks, TASK_HEADERS)
    assert [tasks.cell(r, 1).value for r in range(top + 1, tasks.max_row + 1)] == [
        t.id for t in plan.tasks if "区科技局" in t.lead]


def test_export_layout_protection_and_validation(kjcx, mini, tmp_path):
    out = tmp_path / "forms"
    export(kjcx, mini, out)
    assert sorted(p.name for p in out.iterdir()) == ["乙局.xlsx", "甲局.xlsx"]  # 丙局 leads nothing
    wb = openpyxl.load_workbook(out / "甲局.xlsx")
    ws = wb["指标"]
    top = header_row(ws, IND_HEADERS)
    assert ws.freeze_panes == f"C{top + 1}"
    assert ws.protection.sheet and not ws.protection.password
    assert wb.security.lockStructure
    # input cells unlocked, every other cell locked
    row = cell(ws, "single", "编号").row
    for col, header in enumerate(IND_HEADERS, 1):
        locked = ws.cell(row, col).protection.locked
        assert locked == (header not in ("本次实际值", "截至日期", "数据来源", "备注")), header
    # prefilled date, last figure with its date, target in force at AS_OF (revised from 100)
    assert cell(ws, "single", "截至日期").value == datetime.datetime(2022, 9, 30)
    assert cell(ws, "single", "上次报送值").value == "21（2022-06-30）；统计快报"
    assert cell(ws, "revised", "年度目标").value == 120
    assert cell(ws, "listed", "年度目标").value == 8.5
    assert cell(ws, "bare", "上次报送值").value == "本年未报；2021年：9（2021年末）"
    kinds = {(dv.type, str(dv.sqref)) for dv in ws.data_validations.dataValidation}
    assert kinds == {("decimal", f"F{top + 1}:F{ws.max_row}"), ("date", f"G{top + 1}:G{ws.max_row}")}
    date_rule = next(dv for dv in ws.data_validations.dataValidation if dv.type == "date")
    assert (date_rule.formula1, date_rule.formula2) == ("DATE(2022,1,1)", "DATE(2022,12,31)")
    # column widths show the Chinese (a CJK character takes two units)
    from kjcx.views.tables import display_width

    for col, header in enumerate(IND_HEADERS, 1):
        letter = openpyxl.utils.get_column_letter(col)
        assert ws.column_dimensions[letter].width >= display_width(header) + 2
    tasks = wb["任务"]
    top = header_row(tasks, TASK_HEADERS)
    rules = {dv.type: dv for dv in tasks.data_validations.dataValidation}
    assert rules["list"].formula1 == '"未启动,推进中,已完成,滞后"'
    assert (rules["whole"].formula1, rules["whole"].formula2) == ("0", "100")
    assert cell(tasks, 1, "上次进展").value == "推进中 40%（2022-06-30）"
    assert cell(tasks, 1, "参与单位").value == "丙局"
    assert cell(tasks, 1, "任务").alignment.wrap_text
    meta = wb["_kjcx"]
    assert meta.sheet_state == "hidden"
    values = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, meta.max_row + 1)}
    assert values["plan"] == "报送表测试计划" and values["department"] == "甲局"
    assert values["as_of"] == AS_OF and len(values["fingerprint"]) == 64


def test_export_never_writes_a_formula(kjcx, mini, tmp_path):
    out = tmp_path / "forms"
    export(kjcx, mini, out, as_of="2021-12-31")
    with zipfile.ZipFile(out / "甲局.xlsx") as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in s or "<f " in s for s in sheets)
    ws = openpyxl.load_workbook(out / "甲局.xlsx")["任务"]
    title = cell(ws, 3, "任务")
    assert title.value == '=HYPERLINK("http://example.com")' and title.data_type == "s"
    assert cell(ws, 3, "上次进展").value == "已完成 100%（2021年末）；+1 已结项"


def test_export_usage_errors(kjcx, mini, tmp_path):
    out = tmp_path / "forms"
    result = kjcx("forms", "export", "2023-03-31", "-o", out, "--data", mini)
    assert result.exit_code == 2 and "不在计划期" in result.stderr
    result = kjcx("forms", "export", AS_OF, "-o", out, "--data", mini, "--dept", "丙局")
    assert result.exit_code == 2 and "没有牵头" in result.stderr
    result = kjcx("forms", "export", AS_OF, "-o", out, "--data", mini, "--dept", "丁局")
    assert result.exit_code == 2 and "没有名为" in result.stderr
    result = kjcx("forms", "export", "2022-13-01", "-o", out, "--data", mini)
    assert result.exit_code == 2 and "这一天" in result.stderr
    result = kjcx("forms", "export", AS_OF, "--data", mini)
    assert result.exit_code == 2 and "-o" in result.stderr
    assert not out.exists()


def test_export_by_alias_and_refuses_to_overwrite(kjcx, mini, tmp_path):
    out = tmp_path / "forms"
    export(kjcx, mini, out, "--dept", "甲市局")
    assert [p.name for p in out.iterdir()] == ["甲局.xlsx"]
    before = (out / "甲局.xlsx").read_bytes()
    result = kjcx("forms", "export", AS_OF, "-o", out, "--data", mini)
    assert result.exit_code == 2 and "已存在" in result.stderr and "--force" in result.stderr
    assert (out / "甲局.xlsx").read_bytes() == before and not (out / "乙局.xlsx").exists()
    export(kjcx, mini, out, "--force")
    assert sorted(p.name for p in out.iterdir()) == ["乙局.xlsx", "甲局.xlsx"]


def test_forms_help_does_not_import_openpyxl_or_ruamel(tmp_path):
    code = ("import sys\nfrom kjcx.cli.app import main\n"
            "for argv in (['--help'], ['forms', '--help'], ['status', '2021', '--data', sys.argv[1]]):\n"
            "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
            "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'openpyxl', 'ruamel'})\n"
            "print('HEAVY', heavy, file=sys.stderr)\n")
    env = {**os.environ, "KJCX_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    assert "HEAVY []" in done.stderr, done.stderr


# --- the whole round --------------------------------------------------------------

def test_the_whole_round(kjcx, seed, tmp_path):
    out = tmp_path / "forms"
    export(kjcx, seed, out)
    (out / "区产促局.xlsx").unlink()  # two departments do not return their forms
    (out / "区政务服务办.xlsx").unlink()
    at = fill(out / "区科技局.xlsx",
              indicators={"high_tech_enterprises": {"本次实际值": 125, "数据来源": "区科技局报送",
                                                    "备注": "1-9月"},
                          "tech_contract_turnover": {"本次实际值": 33.7,
                                                     "截至日期": datetime.datetime(2022, 9, 25)},
                          "rd_active_industrial_share": {"本次实际值": 30.5}},
              tasks={1: {"状态": "已完成", "完成百分比": 100},
                     7: {"状态": "推进中", "完成百分比": 60, "进展情况": "产学研平台已对接 12 家"}})
    at |= fill(out / "区市场监管局.xlsx", indicators={"invention_patents": {"本次实际值": 1168}})
    at |= fill(out / "区人社局.xlsx",
               tasks={19: {"状态": "滞后", "完成百分比": 55, "进展情况": "服务月活动延期至10月"}})
    before = snapshot(seed)

    result, doc = import_json(kjcx, seed, out)
    assert result.exit_code == 0, result.output
    assert doc["schema"] == "kjcx.import/1" and doc["ok"] and doc["errors"] == []
    assert doc["written"] is False
    assert snapshot(seed) == before

    def change(kind, item, name, dept, old, new, action="add"):
        sheet = "指标" if kind == "indicator" else "任务"
        return {"kind": kind, "id": item, "name": name, "department": dept, "year": 2022,
                "action": action, "old": old, "new": new,
                "file": str(out / f"{dept}.xlsx"), "cell": at[(sheet, item)]}

    def figure(value, as_of, source=None, note=None):
        return {"value": value, "as_of": as_of, "source": source, "note": note}

    def report(status, percent, as_of, note=None):
        return {"status": status, "percent": percent, "as_of": as_of, "note": note}

    def form(dept):  # where a figure came from when the form gave no 数据来源 (kjcx history)
        return f"{dept}报送（{AS_OF} 报送表）"

    assert doc["changes"] == [
        change("indicator", "invention_patents", "全区有效发明专利", "区市场监管局",
               figure(1166, "2022-06-30", "示例数据", "上半年"), figure(1168, AS_OF, form("区市场监管局"))),
        change("indicator", "high_tech_enterprises", "高新技术企业数量", "区科技局",
               figure(119, "2022-06-30", "示例数据", "上半年"),
               figure(125, AS_OF, "区科技局报送", "1-9月")),
        change("indicator", "tech_contract_turnover", "全区技术合同成交额", "区科技局",
               figure(21.3, "2022-06-30", "示例数据", "1-6月累计"),
               figure(33.7, "2022-09-25", form("区科技局"))),  # the form's date, not the figure's
        change("indicator", "rd_active_industrial_share", "规模以上工业企业中有研发活动企业占比",
               "区科技局", None, figure(30.5, AS_OF, form("区科技局"))),
        change("task", 1, "实现创新平台提质增效", "区科技局",
               report("in_progress", 55, "2022-06-30"), report("done", 100, AS_OF)),
        change("task", 7, "实现产学研用资源共享", "区科技局", None,
               report("in_progress", 60, AS_OF, "产学研平台已对接 12 家")),
        change("task", 19, "引进培养高层次优秀人才", "区人社局",
               report("behind", 45, "2022-06-30", "服务月活动延期"),
               report("behind", 55, AS_OF, "服务月活动延期至10月")),
    ]
    assert doc["missing_departments"] == ["区产促局", "区政务服务办"]
    assert {(u["id"], u["reason"]) for u in doc["unchanged"]} >= {("rd_intensity", "empty"), (20, "empty")}
    assert len(doc["unchanged"]) == 13 + 14 + 2 + 3 - 7
    assert [f["department"] for f in doc["forms"]] == ["区人社局", "区市场监管局", "区科技局"]

    # the plain dry run says the same for people
    plain = kjcx("forms", "import", out, "--data", seed)
    assert plain.exit_code == 0
    assert "预览，未写入" in plain.stdout and "119（2022-06-30）" in plain.stdout
    assert "125（2022-09-30）" in plain.stdout and "区政务服务办" in plain.stdout

    result, doc = import_json(kjcx, seed, out, write=True)
    assert result.exit_code == 0, result.output
    assert doc["written"] is True and len(doc["changes"]) == 7
    status = json.loads(kjcx("status", "2022", "-f", "json", "--data", seed).stdout)
    rows = {r["id"]: r for r in status["indicators"]}
    assert (rows["high_tech_enterprises"]["actual"], rows["high_tech_enterprises"]["as_of"]) == (125, AS_OF)
    assert rows["high_tech_enterprises"]["source"] == "区科技局报送"
    assert (rows["tech_contract_turnover"]["actual"], rows["tech_contract_turnover"]["as_of"]) == (
        33.7, "2022-09-25")
    assert rows["rd_active_industrial_share"]["actual"] == 30.5
    assert rows["invention_patents"]["actual"] == 1168
    tasks = {t["id"]: t for t in status["tasks"]}
    assert (tasks[1]["status"], tasks[1]["percent"], tasks[1]["as_of"]) == ("done", 100, AS_OF)
    assert (tasks[7]["status"], tasks[7]["note"]) == ("in_progress", "产学研平台已对接 12 家")
    assert (tasks[19]["status"], tasks[19]["percent"]) == ("behind", 55)
    assert kjcx("check", "--data", seed).exit_code == 0

    # only the entries changed: every removed line comes back as a list item, every
    # added line is a new entry, that re-emitted old entry, or the key above them
    after = snapshot(seed)
    new_entries = {
        "targets.yaml": ["{value: 1168, as_of: 2022-09-30, source: 区市场监管局报送（2022-09-30 报送表）}",
                         "{value: 125, as_of: 2022-09-30, source: 区科技局报送, note: 1-9月}",
                         "{value: 33.7, as_of: 2022-09-25, source: 区科技局报送（2022-09-30 报送表）}",
                         "{value: 30.5, as_of: 2022-09-30, source: 区科技局报送（2022-09-30 报送表）}"],
        "tasks.yaml": ["{status: 已完成, percent: 100, as_of: 2022-09-30, source: 区科技局报送（2022-09-30 报送表）}",
                       "{status: 推进中, percent: 60, as_of: 2022-09-30, note: 产学研平台已对接 12 家, "
                       "source: 区科技局报送（2022-09-30 报送表）}",
                       "{status: 滞后, percent: 55, as_of: 2022-09-30, note: 服务月活动延期至10月, "
                       "source: 区人社局报送（2022-09-30 报送表）}"]}
    for name, entries in new_entries.items():
        removed, added = diff_lines(before[name], after[name])
        moved = {line.split(": ", 1)[1] for line in removed}
        assert all(line.strip().startswith("2022: ") for line in removed), removed
        for line in added:
            text = line.strip()
            assert (text in ("2022:", "actuals:") or text.removeprefix("- ") in moved
                    or any(text.endswith(e) for e in entries)), line
        assert sum(any(line.endswith(e) for line in added) for e in entries) == len(entries)
        assert "&id" not in after[name].decode() and "*id" not in after[name].decode()

    # the same forms again: nothing to write, the bytes stay as after the first time
    result, doc = import_json(kjcx, seed, out, write=True)
    assert result.exit_code == 0 and doc["changes"] == [] and doc["written"] is False
    assert len(doc["unchanged"]) == 13 + 14 + 2 + 3 - 7 + 7
    assert snapshot(seed) == after


def test_write_replaces_an_entry_of_the_same_date(kjcx, mini, tmp_path):
    out = tmp_path / "forms"
    export(kjcx, mini, out, "--dept", "甲局", as_of="2022-06-30")
    fill(out / "甲局.xlsx", indicators={"single": {"本次实际值": 22, "数据来源": "统计快报"}},
         tasks={1: {"状态": "推进中", "完成百分比": 45}})
    result, doc = import_json(kjcx, mini, out, write=True)
    assert result.exit_code == 0, result.output
    assert [(c["id"], c["action"], c["old"] and c["old"].get("value", c["old"].get("percent")))
            for c in doc["changes"]] == [("single", "replace", 21), (1, "replace", 40)]
    text = (mini / "targets.yaml").read_text()
    assert "      2022: {value: 22, as_of: 2022-06-30, source: 统计快报}   # 上半年\n" in text
    assert ("2022: {status: 推进中, percent: 45, as_of: 2022-06-30, source: 甲局报送（2022-06-30 报送表）}\n"
            in (mini / "tasks.yaml").read_text())


def test_missing_departments_when_one_form_comes_back(kjcx, seed, tmp_path):
    out = tmp_path / "forms"
    export(kjcx, seed, out)
    fill(out / "区人社局.xlsx", tasks={19: {"状态": "滞后", "完成百分比": 45, "进展情况": "服务月活动延期"}})
    result, doc = import_json(kjcx, seed, out / "区人社局.xlsx")
    assert result.exit_code == 0
    assert [c["id"] for c in doc["changes"]] == [19] and doc["missing_departments"] == [
        "区科技局", "区产促局", "区市场监管局", "区政务服务办"]
    # 区人社局 leads tasks 18, 19, 20: 19 is filled in, 18 and 20 are left empty
    assert sorted((u["id"], u["reason"]) for u in doc["unchanged"]) == [(18, "empty"), (20, "empty")]


# --- bad forms: exit 1, the cell named, data files untouched -------------------------

def _set(sheet, item, header, value, number_format=None, named=None):
    """Type `value` under `header`; the problem is expected at the `named` header's cell."""
    def mutate(wb):
        target = cell(wb[sheet], item, header)
        target.value = value
        if number_format:
            target.number_format = number_format
        return f"{sheet}!{cell(wb[sheet], item, named or header).coordinate}"
    return mutate


def _task(status, percent):
    """A task row with this status and percent; the problem is expected at the percent."""
    def mutate(wb):
        cell(wb["任务"], 1, "状态").value = status
        target = cell(wb["任务"], 1, "完成百分比")
        target.value = percent
        return f"任务!{target.coordinate}"
    return mutate


def _set_meta(key, value):
    def mutate(wb):
        meta = wb["_kjcx"]
        for r in range(1, meta.max_row + 1):
            if meta.cell(r, 1).value == key:
                meta.cell(r, 2).value = value
                return f"_kjcx!B{r}"
    return mutate


def _changed_id(wb):
    target = cell(wb["指标"], "single", "编号")
    target.value = "singel"
    cell(wb["指标"], "bare", "本次实际值").value = 5  # a good row is not enough to write
    return f"指标!{target.coordinate}"


def _swapped_id(wb):
    single, pct = cell(wb["指标"], "single", "编号"), cell(wb["指标"], "pct", "编号")
    single.value, pct.value = "pct", "single"  # both led by 甲局, but the names stay
    return f"指标!{single.coordinate}"


def _added_row(wb):
    ws = wb["指标"]
    row = ws.max_row + 1
    ws.cell(row, 2).value = "新增的指标"
    ws.cell(row, 6).value = 3
    return f"指标!A{row}"


def _row_not_led(wb):
    ws = wb["指标"]
    row = ws.max_row + 1  # 甲局 adds 乙局's indicator to its own form
    ws.cell(row, 1).value = "yearend"
    ws.cell(row, 2).value = "年末数指标"
    ws.cell(row, 6).value = 40
    return f"指标!A{row}"


def _task_not_led(wb):
    ws = wb["任务"]
    target = cell(ws, 3, "编号")
    target.value = 2
    cell(ws, 2, "任务").value = "乙局的任务"
    cell(ws, 2, "状态").value = "推进中"
    return f"任务!{target.coordinate}"


def _formula(wb):
    target = cell(wb["指标"], "bare", "本次实际值")
    target.value = "=10+2"
    return f"指标!{target.coordinate}"


BAD = {
    "chinese_numerals": (_set("指标", "bare", "本次实际值", "一百二十"), "中文数字"),
    "percent_text": (_set("指标", "pct", "本次实际值", "12%"), "请去掉百分号，直接填数字 12"),
    "percent_formatted": (_set("指标", "pct", "本次实际值", 0.0259, "0.00%"), "直接填数字 2.59"),
    "fullwidth": (_set("指标", "bare", "本次实际值", "１２"), "全角"),
    "unit_typed": (_set("指标", "bare", "本次实际值", "12家"), "只填数字 12"),
    "too_large": (_set("指标", "bare", "本次实际值", 1e16), "过大"),
    "bool": (_set("指标", "bare", "本次实际值", True), "逻辑值"),
    "formula": (_formula, "不要使用公式"),
    "percent_140": (_set("任务", 1, "完成百分比", 140), "0 到 100 之间，读到 140"),
    "percent_negative": (_set("任务", 1, "完成百分比", -5), "0 到 100 之间"),
    "percent_fraction": (_set("任务", 1, "完成百分比", 62.5), "完成百分比应为整数，读到 62.5"),
    "done_but_80": (_task("已完成", 80), "状态为已完成，完成百分比却是 80"),
    "not_started_but_30": (_task("未启动", 30), "状态为未启动，完成百分比却是 30"),
    "unknown_status": (_set("任务", 1, "状态", "进行中"), "状态 “进行中” 无效"),
    "date_outside_year": (_set("指标", "bare", "截至日期", datetime.datetime(2023, 1, 5)),
                          "不在 2022 年内"),
    "date_not_a_date": (_set("指标", "bare", "截至日期", "九月底"), "截至日期应为日期"),
    "date_impossible": (_set("指标", "bare", "截至日期", "2022-02-30"), "没有这一天"),
    "note_without_value": (_set("指标", "bare", "备注", "待核实", named="本次实际值"), "本次实际值为空"),
    "task_without_status": (_set("任务", 1, "完成百分比", 50, named="状态"), "没有选择状态"),
    "changed_id": (_changed_id, "不是本计划的指标"),
    "swapped_id": (_swapped_id, "与指标名称 “单条映射指标” 不符"),
    "added_row": (_added_row, "编号为空"),
    "row_not_led": (_row_not_led, "不由 甲局 牵头（牵头单位：乙局）"),
    "task_not_led": (_task_not_led, "不由 甲局 牵头"),
    "another_plan": (_set_meta("plan", "另一个计划"), "另一个计划"),
    "not_a_kjcx_form": (lambda wb: wb.remove(wb["_kjcx"]) or "", "不是 kjcx 导出的报送表"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_form(kjcx, mini, tmp_path, case):
    mutate, message = BAD[case]
    out = tmp_path / "forms"
    export(kjcx, mini, out)
    fill(out / "乙局.xlsx", indicators={"yearend": {"本次实际值": 12}})  # a good form beside it
    wb = openpyxl.load_workbook(out / "甲局.xlsx")
    where = mutate(wb)
    wb.save(out / "甲局.xlsx")
    before = snapshot(mini)
    for write in (False, True):
        result, doc = import_json(kjcx, mini, out, write=write)
        assert result.exit_code == 1, result.output
        assert not doc["ok"] and doc["written"] is False
        errors = [(e["file"], e["path"]) for e in doc["errors"]]
        assert (str(out / "甲局.xlsx"), where) in errors, doc["errors"]
        assert any(message in e["message"] for e in doc["errors"]), doc["errors"]
        assert all(set(e) == {"file", "line", "column", "path", "message"} for e in doc["errors"])
        assert snapshot(mini) == before
    text = kjcx("forms", "import", out, "--data", mini, "--write")
    assert text.exit_code == 1
    assert f"{out / '甲局.xlsx'}:{where} " in text.stderr and "Traceback" not in text.stderr
    assert snapshot(mini) == before


def test_form_exported_before_the_plan_changed(kjcx, mini, tmp_path):
    out = tmp_path / "forms"
    export(kjcx, mini, out)
    fill(out / "甲局.xlsx", indicators={"bare": {"本次实际值": 12}})
    targets = mini / "targets.yaml"
    targets.write_text(targets.read_text().replace("targets: {2021: 10, 2022: 20}",
                                                   "targets: {2021: 10, 2022: 22}"))
    before = snapshot(mini)
    result, doc = import_json(kjcx, mini, out, write=True)
    assert result.exit_code == 1
    problem = next(e for e in doc["errors"] if e["file"] == str(out / "甲局.xlsx"))
    assert problem["path"] == "_kjcx!B5" and "重新导出" in problem["message"]
    assert snapshot(mini) == before


def test_merging_figures_does_not_invalidate_other_forms(kjcx, mini, tmp_path):
    out = tmp_path / "forms"
    export(kjcx, mini, out)
    fill(out / "甲局.xlsx", indicators={"bare": {"本次实际值": 12}})
    fill(out / "乙局.xlsx", indicators={"yearend": {"本次实际值": 33}})
    result, _ = import_json(kjcx, mini, out / "甲局.xlsx", write=True)
    assert result.exit_code == 0
    result, doc = import_json(kjcx, mini, out / "乙局.xlsx", write=True)
    assert result.exit_code == 0, doc["errors"]
    assert [c["id"] for c in doc["changes"]] == ["yearend"]


def test_two_forms_of_one_department(kjcx, mini, tmp_path):
    out = tmp_path / "forms"
    export(kjcx, mini, out)
    fill(out / "甲局.xlsx", indicators={"bare": {"本次实际值": 12}})
    shutil.copy(out / "甲局.xlsx", out / "甲局（修改后）.xlsx")
    result, doc = import_json(kjcx, mini, out)
    assert result.exit_code == 1
    assert any("每个单位只能交回一份" in e["message"] for e in doc["errors"])


def test_two_lead_departments_disagree(kjcx, mini, tmp_path):
    out = tmp_path / "forms"
    export(kjcx, mini, out)
    a = fill(out / "甲局.xlsx", indicators={"shared": {"本次实际值": 3}})
    fill(out / "乙局.xlsx", indicators={"shared": {"本次实际值": 4}})
    before = snapshot(mini)
    result, doc = import_json(kjcx, mini, out, write=True)
    assert result.exit_code == 1 and snapshot(mini) == before
    assert [(e["file"], e["path"]) for e in doc["errors"]] == [
        (str(out / "甲局.xlsx"), a[("指标", "shared")])] or any(
        "内容不同" in e["message"] for e in doc["errors"])
    fill(out / "甲局.xlsx", indicators={"shared": {"本次实际值": 4}})
    result, doc = import_json(kjcx, mini, out)
    assert result.exit_code == 0 and [c["id"] for c in doc["changes"]] == ["shared"]


def test_files_that_are_not_forms(kjcx, mini, tmp_path):
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "报送表.xlsx").write_bytes(b"not a zip")
    (junk / "说明.txt").write_text("x")
    empty = tmp_path / "empty"
    empty.mkdir()
    result, doc = import_json(kjcx, mini, junk / "报送表.xlsx", junk / "说明.txt", empty)
    assert result.exit_code == 1
    messages = {Path(e["file"]).name: e["message"] for e in doc["errors"]}
    assert messages["报送表.xlsx"].startswith("无法打开：文件已损坏，或不是 .xlsx 格式")
    assert messages["说明.txt"].startswith("不是 .xlsx 文件")
    assert messages["empty"] == "目录中没有 .xlsx 报送表"
    # a path that is not there is a mistyped argument: a usage error, nothing read
    result = kjcx("forms", "import", junk, tmp_path / "nowhere.xlsx", "--data", mini)
    assert result.exit_code == 2 and "找不到" in result.stderr and "nowhere.xlsx" in result.stderr


def test_text_cells_keep_their_text(kjcx, mini, tmp_path):
    out = tmp_path / "forms"
    export(kjcx, mini, out, "--dept", "甲局")
    fill(out / "甲局.xlsx",
         indicators={"bare": {"本次实际值": "12", "数据来源": "yes", "备注": "1:30 会商"}},
         tasks={1: {"状态": "in_progress", "完成百分比": 50, "进展情况": "=SUM(A1) 不是公式"}})
    wb = openpyxl.load_workbook(out / "甲局.xlsx")
    note = cell(wb["任务"], 1, "进展情况")
    note.data_type = "s"  # what Excel stores when typed into a text-formatted cell
    wb.save(out / "甲局.xlsx")
    result, doc = import_json(kjcx, mini, out, write=True)
    assert result.exit_code == 0, doc["errors"]
    from kjcx.plan.load import load

    plan = load(mini).plan
    bare = next(i for i in plan.indicators if i.id == "bare")
    assert bare.actuals[2022][0].source == "yes" and bare.actuals[2022][0].note == "1:30 会商"
    task = plan.tasks[0]
    assert task.progress[2022][-1].note == "=SUM(A1) 不是公式"
    assert str(task.progress[2022][-1].percent) == "50"


# --- --write needs a real data directory --------------------------------------------

def test_write_never_touches_the_packaged_sample(kjcx, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KJCX_DATA", raising=False)
    out = tmp_path / "forms"
    result = kjcx("forms", "export", AS_OF, "-o", out)  # the sample, for reading
    assert result.exit_code == 0
    result = kjcx("forms", "import", out, "--write")
    assert result.exit_code == 2
    # no data directory found: the sample is never the fallback of a write
    assert "没有找到数据目录" in result.stderr and "KJCX_DATA" in result.stderr
    assert "--data" in result.stderr
    from kjcx.plan.datadir import sample_dir

    result = kjcx("forms", "import", out, "--write", "--data", sample_dir())
    assert result.exit_code == 2 and "内置示例计划" in result.stderr
    result = kjcx("forms", "import", out, "--write", "--data", tmp_path / "none")
    assert result.exit_code == 2 and "不存在" in result.stderr
    (tmp_path / "empty").mkdir()
    result = kjcx("forms", "import", out, "--write", "--data", tmp_path / "empty")
    assert result.exit_code == 2 and "没有 targets.yaml" in result.stderr


# --- LibreOffice ---------------------------------------------------------------------

def test_a_form_saved_by_libreoffice_imports_the_same(kjcx, seed, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        reason = "LibreOffice（soffice）未安装：apt-get install libreoffice-calc 后可运行此测试"
        if os.environ.get("CI"):
            pytest.fail(reason + "；CI 中必须运行（.ci/run 会安装它）")
        pytest.skip(reason)
    out = tmp_path / "forms"
    export(kjcx, seed, out, "--dept", "区科技局")
    fill(out / "区科技局.xlsx",
         indicators={"tech_contract_turnover": {"本次实际值": 33.7, "备注": "1-9月累计",
                                                "截至日期": datetime.datetime(2022, 9, 25)},
                     "rd_intensity": {"本次实际值": 2.58}},
         tasks={7: {"状态": "推进中", "完成百分比": 60, "进展情况": "已对接 12 家"}})
    saved = tmp_path / "saved"
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                           "--convert-to", "xlsx", "--outdir", str(saved), str(out / "区科技局.xlsx")],
                          capture_output=True, text=True, timeout=180, check=False)
    assert (saved / "区科技局.xlsx").exists(), done.stdout + done.stderr
    _, original = import_json(kjcx, seed, out / "区科技局.xlsx")
    result, resaved = import_json(kjcx, seed, saved / "区科技局.xlsx")
    assert result.exit_code == 0, resaved["errors"]

    def strip(doc):
        return [{k: v for k, v in c.items() if k != "file"} for c in doc["changes"]]

    assert strip(resaved) == strip(original) and len(strip(original)) == 3
    assert resaved["unchanged"] == original["unchanged"]
    # the locked cells as LibreOffice saved them are the ones exported: no edit to warn about
    assert resaved["warnings"] == original["warnings"] == []
    wb = openpyxl.load_workbook(saved / "区科技局.xlsx")
    assert wb["_kjcx"].sheet_state == "hidden" and wb["指标"].protection.sheet
