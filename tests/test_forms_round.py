"""A whole round as an office lives it: export for 9-30 from a copy of the
seed plan, one department fills its form right (rows reordered), one makes the usual
mistakes, one leaves its form untouched in the folder, two do not return theirs.

The data files are always copies (tmp_path); the repository's data/ is never written.
"""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest
from test_forms import AS_OF, cell, copy_plan, export, fill, import_json, snapshot

from conftest import SEED

TECH = "区科技局"


@pytest.fixture
def seed(tmp_path):
    return copy_plan(SEED, tmp_path)


def reorder_rows(path, sheet: str) -> None:
    """Reverse the order of the item rows (a department sorted the sheet)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    first = 5  # rows 1-3 title and guide, row 4 headers
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=first, max_row=ws.max_row)]
    for r, values in enumerate(reversed(rows), first):
        for c, value in enumerate(values, 1):
            ws.cell(r, c).value = value
    wb.save(path)


def mistakes(path) -> dict:
    """区科技局's form with the usual mistakes; returns the cells that matter."""
    at = fill(path, indicators={
        "high_tech_enterprises": {"本次实际值": 1250},        # 125 with a 0 too many
        "tech_contract_turnover": {"本次实际值": 337000},     # typed in 万元 (33.7 亿元)
        "key_labs": {"本次实际值": 8, "年度目标": 9},         # the target "corrected"
        "gazelle_enterprises": {"上次报送值": 9},             # the figure in the wrong column
        "rd_intensity": {"本次实际值": "2.6%"},              # an error
        "alliance_member_enterprises": {"本次实际值": "一百二十"},  # an error
    }, tasks={1: {"状态": "完成"}, 7: {"状态": "推进中", "完成百分比": 60}})  # 完成: an error
    wb = openpyxl.load_workbook(path)
    ws = wb["指标"]
    at["target"] = cell(ws, "key_labs", "年度目标").coordinate
    at["last"] = cell(ws, "gazelle_enterprises", "上次报送值").coordinate
    at["gazelle value"] = cell(ws, "gazelle_enterprises", "本次实际值").coordinate
    ws.delete_rows(cell(ws, "new_municipal_key_labs", "编号").row)  # a row deleted
    wb.save(path)
    return at


def the_round(kjcx, seed, tmp_path):
    out = tmp_path / "报送表"
    export(kjcx, seed, out)
    (out / "区产促局.xlsx").unlink()  # two departments do not return their forms
    (out / "区政务服务办.xlsx").unlink()
    # 区市场监管局.xlsx stays in the folder untouched
    fill(out / "区人社局.xlsx", tasks={18: {"状态": "推进中", "完成百分比": 70},
                                       19: {"状态": "滞后", "完成百分比": 55, "进展情况": "服务月活动延期至10月"},
                                       20: {"状态": "推进中", "完成百分比": 80}})
    reorder_rows(out / "区人社局.xlsx", "任务")
    return out, mistakes(out / f"{TECH}.xlsx")


def test_the_dry_run_separates_every_kind_of_row(kjcx, seed, tmp_path):
    out, at = the_round(kjcx, seed, tmp_path)
    before = snapshot(seed)
    result, doc = import_json(kjcx, seed, out)
    assert result.exit_code == 1 and snapshot(seed) == before
    form = str(out / f"{TECH}.xlsx")

    # the untouched form is not a returned form: 未交回, not read
    assert doc["missing_departments"] == ["区产促局", "区市场监管局", "区政务服务办"]
    assert doc["blank_forms"] == [{"file": str(out / "区市场监管局.xlsx"), "department": "区市场监管局",
                                   "as_of": AS_OF}]
    assert [f["department"] for f in doc["forms"]] == ["区人社局", TECH]

    # each row class of 区科技局's 13 indicators and 14 tasks
    rows = {c: [(r["kind"], r["id"]) for r in v] for c, v in doc["forms"][1]["rows"].items()}
    assert rows["filled"] == [("indicator", "high_tech_enterprises"), ("indicator", "tech_contract_turnover"),
                              ("indicator", "key_labs"), ("task", 7)]
    assert rows["error"] == [("indicator", "rd_intensity"), ("indicator", "alliance_member_enterprises"),
                             ("task", 1)]
    assert rows["deleted"] == [("indicator", "new_municipal_key_labs")]
    # 13 + 14 rows - 4 filled - 3 with errors - 1 deleted = 19 left empty, gazelle among them
    assert len(rows["empty"]) == 19 and ("indicator", "gazelle_enterprises") in rows["empty"]
    # the reordered form of 区人社局 matched by 编号: 20, 19, 18 in the sheet's order
    assert [r["id"] for r in doc["forms"][0]["rows"]["filled"]] == [20, 19, 18]

    # each error at its cell (the wording of cell messages is tested in test_forms)
    assert sorted(e["path"] for e in doc["errors"]) == sorted(
        [at[("指标", "rd_intensity")], at[("指标", "alliance_member_enterprises")], at[("任务", 1)]])
    assert {e["file"] for e in doc["errors"]} == {form}

    # the locked cells edited and the deleted row are warnings, with the old and new value
    warnings = {(w["path"], w["message"]) for w in doc["warnings"]}
    assert (f"指标!{at['target']}", "年度目标由 “8” 改为 “9”：这是锁定的单元格，修改已忽略；"
            "目标以计划文件为准，如需调整请修改数据文件（revisions）") in warnings
    assert (f"指标!{at['last']}", "上次报送值由 “6（2022-06-30）；示例数据” 改为 “9”：这是锁定的单元格，"
            f"修改已忽略；如要报送 9，请填在“本次实际值”列（指标!{at['gazelle value']}）") in warnings
    assert ("指标", "指标 new_municipal_key_labs（新建市级重点实验室）的行被删除了：本次按未报送处理；"
            "如要报送，请在原表的这一行填写") in warnings
    assert len(warnings) == 3

    # the plain dry run says the same for people
    plain = kjcx("forms", "import", out, "--data", seed)
    assert plain.exit_code == 1
    assert "区市场监管局.xlsx 一项未填，按未交回计" in plain.stdout
    assert "区科技局被删除：指标 new_municipal_key_labs" in plain.stdout
    assert "区科技局有错误：指标 rd_intensity、alliance_member_enterprises；任务 1" in plain.stdout
    assert "报送表有 3 条提醒（不影响写入）" in plain.stderr


def fix_errors(path) -> None:
    """The department corrects what import sent back (but not the two big figures)."""
    fill(path, indicators={"rd_intensity": {"本次实际值": 2.6},
                           "alliance_member_enterprises": {"本次实际值": 16}},
         tasks={1: {"状态": "已完成"}})


def test_suspicious_figures_stop_the_write_until_confirmed(kjcx, seed, tmp_path):
    out, at = the_round(kjcx, seed, tmp_path)
    fix_errors(out / f"{TECH}.xlsx")
    before = snapshot(seed)

    result, doc = import_json(kjcx, seed, out)
    assert result.exit_code == 0 and doc["ok"] and doc["errors"] == []
    flagged = {f["id"]: f for f in doc["suspicious"]}
    assert sorted(flagged) == ["high_tech_enterprises", "tech_contract_turnover"]
    high, turnover = flagged["high_tech_enterprises"], flagged["tech_contract_turnover"]
    assert high["cell"] == at[("指标", "high_tech_enterprises")] and high["confirmed"] is False
    # 1250 / 119 = 10.504 -> 10.5 倍; 1250 / 128 (2022 target) = 9.766 -> 9.8 倍; 1250 / 10 = 125 fits
    assert high["comparison"] == "是上次报送值 119家（2022-06-30）的 10.5 倍、年度目标 128家的 9.8 倍"
    assert high["hint"] == "是否多输了一位数字（如 125 输成 1250）？请核对"
    assert high["slip"] is None
    # a flow: 1-9月 due 50 x 273/365 = 37.397 (序时应达 37.4); 337000 / 21.3 = 15821.6 -> 15822 倍,
    # 337000 / 37.397 = 9011.3 -> 9011 倍; 337000 / 10000 = 33.7 fits both: typed in 万元
    assert turnover["comparison"] == ("是上次报送值 21.3亿元（2022-06-30）的 15822 倍、"
                                      "序时应达 37.4亿元的 9011 倍")
    assert turnover["hint"] == "是否按万元填写？本表单位为亿元，按亿元应为 33.7"
    assert turnover["slip"] == 10000

    # --write refuses while any stands: exit 1, the data files byte-identical
    result, doc = import_json(kjcx, seed, out, write=True)
    assert result.exit_code == 1 and doc["written"] is False and snapshot(seed) == before
    plain = kjcx("forms", "import", out, "--data", seed, "--write")
    assert plain.exit_code == 1 and snapshot(seed) == before
    assert "有 2 个可疑数值未确认，未写入任何数据" in plain.stderr
    assert "--confirm high_tech_enterprises --confirm tech_contract_turnover" in plain.stderr
    result = kjcx("forms", "import", out, "--data", seed, "--write", "--confirm", "high_tech_enterprises")
    assert result.exit_code == 1 and snapshot(seed) == before  # one still stands

    # a --confirm of no indicator is a usage error
    result = kjcx("forms", "import", out, "--data", seed, "--write", "--confirm", "no_such")
    assert result.exit_code == 2 and "不是本计划的指标编号" in result.stderr

    result, doc = import_json(kjcx, seed, out, "--confirm", "high_tech_enterprises",
                              "--confirm", "tech_contract_turnover", write=True)
    assert result.exit_code == 0, result.output
    assert doc["written"] is True and all(f["confirmed"] for f in doc["suspicious"])
    status = json.loads(kjcx("status", "2022", "-f", "json", "--data", seed).stdout)
    rows = {r["id"]: r for r in status["indicators"]}
    assert (rows["high_tech_enterprises"]["actual"], rows["high_tech_enterprises"]["as_of"]) == (1250, AS_OF)
    assert rows["tech_contract_turnover"]["actual"] == 337000
    assert rows["key_labs"]["target"] == 8  # the edited locked cell was ignored
    assert rows["gazelle_enterprises"]["actual"] == 6  # 9 in 上次报送值 is not a figure


def test_confirm_all(kjcx, seed, tmp_path):
    out, _ = the_round(kjcx, seed, tmp_path)
    fix_errors(out / f"{TECH}.xlsx")
    result, doc = import_json(kjcx, seed, out, "--confirm-all", write=True)
    assert result.exit_code == 0 and doc["written"] is True
    assert [f["confirmed"] for f in doc["suspicious"]] == [True, True]


def test_a_form_with_only_the_prefilled_date_is_not_returned(kjcx, seed, tmp_path):
    out = tmp_path / "forms"
    export(kjcx, seed, out, "--dept", "区人社局", "--dept", "区市场监管局")
    shutil.copy(out / "区人社局.xlsx", tmp_path / "copy.xlsx")
    fill(out / "区市场监管局.xlsx", indicators={"invention_patents": {"本次实际值": 1168}})
    result, doc = import_json(kjcx, seed, out)
    assert result.exit_code == 0
    assert [f["department"] for f in doc["forms"]] == ["区市场监管局"]
    assert [f["department"] for f in doc["blank_forms"]] == ["区人社局"]
    assert "区人社局" in doc["missing_departments"]
    # no row of the blank form is listed as unchanged: 区市场监管局 task 15 only
    assert [(u["department"], u["id"]) for u in doc["unchanged"]] == [("区市场监管局", 15)]


# --- kjcx check: the same jumps in the data files -------------------------------------

def test_check_warns_about_jumps_between_consecutive_figures(kjcx, seed):
    targets = seed / "targets.yaml"
    text = targets.read_text()
    text = text.replace("- {value: 119, as_of: 2022-06-30", "- {value: 1190, as_of: 2022-06-30")
    text = text.replace("- {value: 21.3, as_of: 2022-06-30", "- {value: 213000, as_of: 2022-06-30")
    targets.write_text(text)
    result = kjcx("check", "--data", seed, "-f", "json")
    doc = json.loads(result.stdout)
    assert result.exit_code == 0 and doc["ok"]
    jumps = {w["path"]: w["message"] for w in doc["warnings"] if "可疑" in w["message"]}
    # 1190 after 119 (3-31): 1190 / 119 = 10 倍; 1190 / 128 = 9.297 -> 9.3 倍
    assert jumps["indicators[2].actuals.2022[1]"] == (
        "2022 年实际值 1190家 可疑：是上次报送值 119家（2022-03-31）的 10 倍、年度目标 128家的 9.3 倍；"
        "是否多输了一位数字（如 119 输成 1190）？请核对")
    # 213000 after 8.9 (3-31) in the same year; due by 6-30: 50 x 181/365 = 24.79;
    # 213000 / 8.9 = 23932.6 -> 23933 倍; 213000 / 24.79 = 8591.2 -> 8591 倍
    assert jumps["indicators[6].actuals.2022[1]"] == (
        "2022 年实际值 213000亿元 可疑：是上次报送值 8.9亿元（2022-03-31）的 23933 倍、"
        "序时应达 24.79亿元的 8591 倍；是否按万元填写？本表单位为亿元，按亿元应为 21.3")
    assert len(jumps) == 2
    # the seed itself has no jump (a flow's March figure is compared with 3 months' share)
    assert json.loads(kjcx("check", "--data", SEED, "-f", "json").stdout)["warnings"] == []


def test_check_does_not_call_the_lead_of_a_broken_indicator_idle(kjcx, seed):
    targets = seed / "targets.yaml"
    text = targets.read_text()
    text = text.replace("    - name: 区金融局\n", "    - name: 区统计局\n    - name: 区金融局\n", 1)
    text = text.replace("targets: {2020: 1140, 2021: 1155, 2022: 1170}", "targets: {2020: x}", 1)
    text = text.replace("lead: [区市场监管局]                      # task 15", "lead: [区统计局]  #", 1)
    targets.write_text(text)
    doc = json.loads(kjcx("check", "--data", seed, "-f", "json").stdout)
    assert [e["path"] for e in doc["errors"]] == ["indicators[1].targets.2020"]
    assert doc["warnings"] == []  # 区统计局 leads the indicator that has the error


# --- the forms on paper ------------------------------------------------------------------

def test_form_columns_are_aligned_for_print(kjcx, seed, tmp_path):
    out = tmp_path / "forms"
    export(kjcx, seed, out, "--dept", TECH)
    ws = openpyxl.load_workbook(out / f"{TECH}.xlsx")["指标"]
    # 编号 keeps the id (import matches by it); its column fits the longest id of the form:
    # "high_tech_share_of_enterprises" is 30 characters, + 2 of margin = 32
    assert ws.column_dimensions["A"].width == 32
    target = cell(ws, "gazelle_enterprises", "年度目标")
    last = cell(ws, "gazelle_enterprises", "上次报送值")
    # 12 and 6（2022-06-30） sit apart: the number right-aligned with an indent, the text indented
    assert (target.value, target.alignment.horizontal, target.alignment.indent) == (12, "right", 1)
    assert (last.value, last.alignment.horizontal, last.alignment.indent) == ("6（2022-06-30）；示例数据", "left", 1)
    assert not cell(ws, "gazelle_enterprises", "编号").alignment.wrap_text
    assert (ws.page_setup.orientation, str(ws.page_setup.paperSize)) == ("landscape", "9")  # 9: A4
    assert ws.print_title_rows == "$4:$4" and ws.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_a_locked_task_cell_edited_is_warned_and_ignored(kjcx, seed, tmp_path):
    out = tmp_path / "forms"
    export(kjcx, seed, out, "--dept", "区人社局")
    at = fill(out / "区人社局.xlsx", tasks={19: {"参与单位": "区科技局", "状态": "滞后", "完成百分比": 55}})
    result, doc = import_json(kjcx, seed, out)
    assert result.exit_code == 0 and doc["ok"]
    # task 19's participants as the plan has them (and the form showed them)
    assert [(w["path"], w["message"]) for w in doc["warnings"]] == [
        (at[("任务", 19)], "参与单位由 “区发改委、区财政局、区科技局、区产促局” 改为 “区科技局”："
                          "这是锁定的单元格，修改已忽略")]
    assert [c["id"] for c in doc["changes"]] == [19]
