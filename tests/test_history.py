"""`kjcx history ID`: every dated entry of an indicator or a task over all years, oldest
first, with its source and the verdict it gave on its own date — including an entry that
`forms import --write` brought in from a form (its source names the form)."""

import json
import shutil
from datetime import date

import jsonschema
import openpyxl

from kjcx.method.history import history
from kjcx.plan.load import load

from conftest import PLANS, ROOT, SEED

PLAN = PLANS / "duban"
SCHEMA = json.loads((ROOT / "docs" / "history.schema.json").read_text(encoding="utf-8"))


def steps(doc):
    return [(e["as_of"], e["value"], e["source"], e["revised"], e["verdict"], e["completion"])
            for e in doc["entries"]]


def test_a_revised_figure_reported_in_three_rounds_then_imported_from_a_form(kjcx, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PLAN, data)
    doc = json.loads(kjcx("history", "x", "--data", data, "-f", "json").stdout)
    jsonschema.validate(doc, SCHEMA)
    # target 10 in 2023, a level without a start point: E = T = 10 on every date, rate = A / 10
    assert steps(doc) == [
        ("2023-06-30", 4, "丙局报送", None, "severe", 0.4),  # 4 / 10 = 0.4 < 0.7
        ("2023-09-30", 7, "丙局报送", None, "behind", 0.7),  # 0.7 <= 7 / 10 < 0.9
        ("2023-10-20", 6, "区统计局", "统计部门核定", "severe", 0.6),  # the revision replaces 7: 0.6
        ("2023-12-31", 11, "统计快报", None, "met", 1.1),  # year-end 11 / 10
    ]
    assert doc["entries"][-1]["year_end"] is True

    out = tmp_path / "forms"
    assert kjcx("forms", "export", "2024-03-31", "-o", out, "--data", data, "--dept", "丙局").exit_code == 0
    book = openpyxl.load_workbook(out / "丙局.xlsx")
    sheet = book["指标"]
    header = next(r for r in sheet.iter_rows() if r[0].value == "编号")
    column = [c.value for c in header].index("本次实际值")
    row = next(r for r in sheet.iter_rows(min_row=header[0].row + 1) if r[0].value == "x")
    row[column].value = 12  # no 数据来源 given
    book.save(out / "丙局.xlsx")
    written = kjcx("forms", "import", out, "--data", data, "--write")
    assert written.exit_code == 0, written.output

    doc = json.loads(kjcx("history", "x", "--data", data, "-f", "json").stdout)
    # 2024-03-31: target 12, P = 2023's year-end 11, E = 11 + (12 - 11) x 91/366 = 11.2486;
    # rate 12 / 11.2486 = 1.07 >= 1: met; completion 12 / 12 = 1
    assert steps(doc)[-1] == ("2024-03-31", 12, "丙局报送（2024-03-31 报送表）", None, "met", 1)
    assert len(doc["entries"]) == 5


def test_since_keeps_the_later_entries(kjcx):
    doc = json.loads(kjcx("history", "x", "--since", "2023-09-30", "--data", PLAN, "-f", "json").stdout)
    # entries known after 2023-09-30: the revision of 10-20 and the year-end figure
    assert [e["as_of"] for e in doc["entries"]] == ["2023-10-20", "2023-12-31"]
    assert doc["since"] == "2023-09-30"


def test_a_tasks_trail_with_its_milestones_and_the_verdict_on_each_date():
    result = history(load(PLAN).plan, "4")
    got = [(s.known, s.percent, s.milestone, s.verdict, s.reasons) for s in result.steps]
    assert got == [
        # 2023-06-30, 10%: 完成选址 due that very day (not missed); 181/365 x 100 - 10 = 39.6 > 10
        (date(2023, 6, 30), 10, None, "lagging", ()),
        # 2023-09-30: 完成选址 (06-30) past and not named: 阶段目标逾期
        (date(2023, 9, 30), 20, None, "lagging", ("阶段目标逾期",)),
        # 2024-03-31: named 完成选址, 35% >= 30% reaches 开工建设 (late): 阶段目标逾期完成;
        # 91/366 x 100 - 10 = 14.9 < 35: on track
        (date(2024, 3, 31), 35, "完成选址", "on_track", ("阶段目标逾期完成",)),
    ]


def test_the_table_and_a_wrong_id(kjcx):
    table = kjcx("history", "x", "--data", PLAN, "-f", "plain").stdout
    assert "统计部门核定" in table and "2023-12-31（年末）" in table and "共 4 条记录。" in table
    wrong = kjcx("history", "y", "--data", PLAN)
    assert wrong.exit_code == 2 and "没有 “y” 这个指标、分解项或任务" in wrong.output


def test_history_of_the_shipped_plan_validates(kjcx):
    for ident in ("tech_contract_turnover", "15"):
        doc = json.loads(kjcx("history", ident, "--data", SEED, "-f", "json").stdout)
        jsonschema.validate(doc, SCHEMA)
    doc = json.loads(kjcx("history", "15", "--data", SEED, "-f", "json").stdout)
    # 2020 and 2021 done at year end, 2022 not started on 03-31 and 06-30
    assert [(e["as_of"], e["status"], e["verdict"]) for e in doc["entries"]] == [
        ("2020-12-31", "done", "done"), ("2021-12-31", "done", "done"),
        ("2022-03-31", "not_started", "lagging"), ("2022-06-30", "not_started", "lagging")]


def test_history_of_a_part(kjcx):
    doc = json.loads(kjcx("history", "tech_contracts/成都", "--data", PLANS / "parts_21", "-f", "json").stdout)
    jsonschema.validate(doc, SCHEMA)
    # 成都: 2021 year-end 560 of its target 500 = 112%; 2022 has no target for the part
    assert [(e["as_of"], e["value"], e["verdict"], e["completion"]) for e in doc["entries"]] == [
        ("2021-12-31", 560, "met", 1.12), ("2022-03-31", 150, "no_target", None)]
    assert (doc["kind"], doc["id"], doc["name"]) == ("part", "tech_contracts/成都", "技术合同登记成交额（成都）")
