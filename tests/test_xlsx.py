"""`-o x.xlsx` on status, indicators, tasks and departments: workbooks for people.

Read back with openpyxl (and, converted by LibreOffice, as CSV): the figures are
those of `-f json`, the headers those of the terminal tables.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest

from kjcx.views import tables

from conftest import SEED

FIGURES = {"年度目标": "target", "实际": "actual", "序时应达": "expected", "完成率": "completion",
           "序时进度": "schedule", "超/低于序时": "ahead", "差距": "gap"}


# decimals the table shows (序时应达 at the indicator's precision, taken from the row's
# own written target); the others are exact
SHOWN = {"ahead": 1}


def _places():
    """Each seed indicator's precision: the most decimals of its written numbers (件 and
    家 whole, 亿元 one decimal, % two)."""
    from kjcx.plan.load import load
    from kjcx.words import places_of

    return {ind.id: places_of(ind) for ind in load(SEED).plan.indicators}


PLACES = _places()


def shown(value, places):
    """A JSON number rounded half up as the table shows it (a whole one as an int)."""
    if value is None or places is None:
        return value
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def status_json(kjcx, year):
    result = kjcx("status", str(year), "--data", SEED, "-f", "json")
    assert result.exit_code == 0
    return json.loads(result.stdout)


def write(kjcx, path, *args):
    result = kjcx(*args, "--data", SEED, "-o", path)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and f"已生成：{path}" in result.stderr
    return openpyxl.load_workbook(path)


def sheet_rows(ws, header_row=2):
    headers = [c.value for c in ws[header_row]]
    return headers, [dict(zip(headers, (c.value for c in row)))
                     for row in ws.iter_rows(min_row=header_row + 1)]


@pytest.mark.parametrize("year", (2021, 2022))
def test_status_workbook_has_the_figures_of_json(kjcx, tmp_path, year):
    doc = status_json(kjcx, year)
    wb = write(kjcx, tmp_path / "s.xlsx", "status", year)
    assert wb.sheetnames == ["指标完成情况", "重点任务（按章节）", "责任单位（按滞后程度排序）", "说明"]
    ws = wb["指标完成情况"]
    headers, rows = sheet_rows(ws)
    assert headers == tables.INDICATOR_HEADERS  # the terminal table's headers, not typed again
    assert [r["指标"] for r in rows] == [i["name"] for i in doc["indicators"]]
    for row, ind in zip(rows, doc["indicators"]):
        for header, key in FIGURES.items():
            if key == "ahead" and ind["unit"] == "%" and ind["ahead"] is not None:
                # a % indicator's 超/低于序时 is in its own points, A - E, as the table says
                # (never a second kind of 个百分点 in one row): the JSON's actual - expected
                assert row[header] == round(ind["actual"] - ind["expected"], 6), ind["id"]
                continue
            # a missing figure is an empty cell; every other one is the JSON's number, at
            # the precision the table shows it: 超/低于序时 in points to one decimal (so
            # that Excel says 持平 where the terminal does), 序时应达 to two decimals
            places = PLACES[ind["id"]] if key == "expected" else SHOWN.get(key)
            assert row[header] == shown(ind[key], places), (ind["id"], header)
    # 2021 高新技术企业数量: 118 / 116 = 1.017241 (JSON), a percent cell shown as 101.7%
    if year == 2021:
        high = rows[2]
        assert (high["实际"], high["完成率"]) == (118, 1.017241)
        cell = ws.cell(5, tables.INDICATOR_HEADERS.index("完成率") + 1)
        assert cell.number_format == "0.0%" and isinstance(cell.value, float)
        ahead = ws.cell(5, tables.INDICATOR_HEADERS.index("超/低于序时") + 1)
        assert ahead.number_format == '"超序时 "0.0" 个百分点";"低于序时 "0.0" 个百分点";"持平"'
        # 研发支出与地区生产总值比值 2.56 of E 2.58: 低于序时应达 0.02 个百分点, as the table says
        rd = ws.cell(3, tables.INDICATOR_HEADERS.index("超/低于序时") + 1)
        assert rd.value == -0.02 and rd.number_format.startswith('"高于序时应达 "0.00" 个百分点"')
        gap = ws.cell(5, tables.INDICATOR_HEADERS.index("差距") + 1)
        # the gap at the indicator's precision (whole 家): the format shows 0 decimals
        assert (gap.value, gap.number_format) == (-2, '"差 "0"家";"超额 "0"家";"持平"')
    # the departments sheet: counts as numbers, the level in words
    _, departments = sheet_rows(wb["责任单位（按滞后程度排序）"])
    assert [(d["单位"], d["牵头事项"]) for d in departments] == [
        (d["name"], d["lead_items"]) for d in doc["departments"]]
    assert {d["结论"] for d in departments} <= {"滞后", "关注", "正常"}


def test_workbook_layout_for_people(kjcx, tmp_path):
    wb = write(kjcx, tmp_path / "s.xlsx", "status", 2021)
    ws = wb["指标完成情况"]
    assert ws.freeze_panes == "A3" and ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    # 规模以上工业企业中有研发活动企业占比: 18 CJK characters = 36 columns, + 4 of margin
    assert ws.column_dimensions["A"].width == 40
    notes = [c.value for c in wb["说明"]["A"]]
    assert notes[0].startswith("河东区科技创新三年行动计划") and any(
        n and n.startswith("14 项指标：") for n in notes)


def test_indicators_tasks_and_departments_workbooks(kjcx, tmp_path):
    ws = write(kjcx, tmp_path / "i.xlsx", "indicators").worksheets[0]
    headers, rows = sheet_rows(ws)
    # every plan year: 3 years x 14 indicators, with 年份 as a number
    assert headers == ["年份", *tables.INDICATOR_HEADERS] and len(rows) == 42
    assert [r["年份"] for r in rows[::14]] == [2020, 2021, 2022]

    ws = write(kjcx, tmp_path / "t.xlsx", "tasks", 2022).worksheets[0]
    headers, rows = sheet_rows(ws)
    tasks = json.loads(kjcx("tasks", "2022", "--data", SEED, "-f", "json").stdout)["tasks"]
    assert headers[0] == "编号" and [r["编号"] for r in rows] == [t["id"] for t in tasks]
    # 进度 as a percent cell: task 19 reported 45 (%) -> 0.45
    assert [r["进度"] for r in rows] == [None if t["percent"] is None else t["percent"] / 100 for t in tasks]

    ws = write(kjcx, tmp_path / "d.xlsx", "departments", 2022, "区科技局").worksheets[0]
    assert ws.cell(2, 1).value is not None and ws.freeze_panes == "A3"


def test_output_is_xlsx_only(kjcx, tmp_path):
    result = kjcx("status", "2021", "--data", SEED, "-o", tmp_path / "s.csv")
    assert result.exit_code == 2 and "-f csv" in result.stderr and not (tmp_path / "s.csv").exists()
    result = kjcx("status", "2021", "--data", SEED, "-o", tmp_path / "s.xlsx", "-f", "json")
    assert result.exit_code == 2 and not (tmp_path / "s.xlsx").exists()


def test_libreoffice_reads_the_same_figures(kjcx, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        reason = "LibreOffice（soffice）未安装：apt-get install libreoffice-calc 后可运行此测试"
        if os.environ.get("CI"):
            pytest.fail(reason + "；CI 中必须运行（.ci/run 会安装它）")
        pytest.skip(reason)
    doc = status_json(kjcx, 2022)
    write(kjcx, tmp_path / "s.xlsx", "status", 2022)
    profile = (tmp_path / "lo-profile").as_uri()
    # comma, quote, UTF-8, from row 1; the 9th token: the values, not the cells as shown
    utf8 = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false"
    done = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", utf8,
                           "--outdir", str(tmp_path / "csv"), str(tmp_path / "s.xlsx")],
                          capture_output=True, text=True, timeout=180, check=False)
    converted = tmp_path / "csv" / "s.csv"
    assert converted.exists(), done.stdout + done.stderr
    lines = list(csv.reader(converted.read_text(encoding="utf-8").splitlines()))
    headers, body = lines[1], lines[2:]  # row 1: the title; the first sheet is 指标完成情况
    assert headers == tables.INDICATOR_HEADERS

    def figure(text):
        """LibreOffice writes a percent cell's value with its % sign (101.7241%)."""
        if text == "":
            return None
        if text.endswith("%"):
            return Decimal(text[:-1]) / 100
        return Decimal(text)

    for row, ind in zip(body, doc["indicators"]):
        cells = dict(zip(headers, row))
        assert cells["指标"] == ind["name"]
        for header, key in FIGURES.items():
            value = shown(ind[key], PLACES[ind["id"]] if key == "expected" else SHOWN.get(key))
            want = None if value is None else Decimal(str(value))
            assert figure(cells[header]) == want, (ind["id"], header, cells[header])
    assert len(body) == len(doc["indicators"]) == 14


def test_text_never_becomes_a_formula(kjcx, tmp_path):
    # task 3 of the forms test plan is titled =HYPERLINK("http://example.com")
    plan = SEED.parent / "tests" / "forms" / "mini"
    result = kjcx("tasks", "2021", "--data", plan, "-o", tmp_path / "t.xlsx")
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[0]
    title = next(row[1] for row in ws.iter_rows(min_row=3) if row[0].value == 3)
    assert title.value == '=HYPERLINK("http://example.com")' and title.data_type == "s"
