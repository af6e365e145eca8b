"""The column registry (kjcx.columns) is the only place a table's headers are written."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from kjcx import columns

SRC = Path(__file__).resolve().parents[1] / "src" / "kjcx"
# The writers of tables: terminal, markdown, workbook, report (HTML, Word, markdown), forms.
# (round/forms.py reads its header row from the registry; its cells are still looked up
# by header text inside the module, which is another change.)
WRITERS = ["views/tables.py", "views/xlsx.py", "markdown.py", "report/markdown.py", "report/docx.py",
           "report/html.py", "report/parts.py", "report/content.py", "method/parts.py",
           "cli/app.py", "cli/parts.py"]
# The same words where they are not a column's header.
NOT_HEADERS = {
    ("report/docx.py", "期末展望"), ("report/docx.py", "滞后任务"),  # the report's section titles
    ("report/html.py", "序时进度"), ("report/html.py", "牵头事项"),  # words never broken across lines
    ("report/content.py", "目标进度"), ("report/content.py", "时间进度"),  # a cell's text: 目标进度 82.5%
    ("report/content.py", "期末展望"),  # a line of the changes: 期末展望 有风险 → 进度正常
}
TEMPLATE = "report/templates/report.html.j2"
TABLES = [columns.INDICATOR, [columns.YEAR, columns.YEAR_END, columns.AHEAD_POINTS], columns.TASK,
          columns.SECTION, columns.DEPARTMENT, columns.PARTS, columns.FORM_INDICATOR, columns.FORM_TASK]
# Headers of two or more words that only a table header would be: a stray copy of one of
# these is a header typed again. (状态, 实际, 单位 … are ordinary words in messages.)
DISTINCT = {"超/低于序时", "序时进度", "序时应达", "牵头事项", "牵头滞后", "参与滞后", "最差事项", "自报滞后",
            "年度目标完成情况", "目标进度", "时间进度", "期末展望", "滞后任务", "是否滞后", "上次报送值",
            "本次实际值", "完成百分比", "指标名称"}


def all_headers() -> set[str]:
    out = set()
    for table in TABLES:
        for c in table:
            out.add(c.header)
            if c.short:
                out.add(c.short)
                out.add(c.short.replace("|", "\n"))
    return {h for h in out if h}


def test_the_distinct_headers_are_the_registrys():
    # Every word of DISTINCT is a header in the registry (else this test guards nothing).
    assert DISTINCT <= all_headers()


def test_no_writer_types_a_header_again():
    strays = []
    for rel in WRITERS:
        tree = ast.parse((SRC / rel).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                bare = text.replace("\n", "").replace("|", "")
                if bare in DISTINCT and (rel, bare) not in NOT_HEADERS:
                    strays.append(f"{rel}:{node.lineno} {text!r}")
    template = (SRC / TEMPLATE).read_text(encoding="utf-8")
    for header in DISTINCT:
        for quoted in re.finditer(rf"""['">]{re.escape(header)}['"<]""", template):
            strays.append(f"{TEMPLATE}: {quoted.group()}")
    assert strays == []


def test_the_forms_sheets_read_the_registry():
    from kjcx.round import forms

    # The exported sheets' header rows are the registry's, in its order.
    assert forms.INDICATOR_HEADERS == ("编号", "指标名称", "单位", "年度目标", "上次报送值", "本次实际值",
                                       "截至日期", "数据来源", "备注")
    assert forms.TASK_HEADERS == ("编号", "任务", "牵头单位", "参与单位", "上次进展", "状态", "完成百分比",
                                  "进展情况")


def test_drop_order_is_the_documented_one():
    # docs/tables.md: 序时应达, 等次, 单位, 截至, 差距, 序时进度, 期末展望, 超/低于序时 (no period target)
    plain = columns.indicator_columns(graded=True)
    assert columns.drop_order(plain) == ("序时应达", "等次", "单位", "截至", "差距", "序时进度", "期末展望",
                                         "超/低于序时")
    # with a period target 时间进度 goes before 期末展望 and 目标进度 goes last
    period = columns.indicator_columns(periods=True, graded=True)
    assert columns.drop_order(period) == ("序时应达", "等次", "单位", "截至", "差距", "序时进度", "时间进度",
                                          "期末展望", "超/低于序时", "目标进度")
    assert columns.drop_order(columns.SECTION) == ("未启动", "推进中", "已完成", "自报滞后", "未报送")
    assert columns.drop_order(columns.DEPARTMENT) == ("牵头事项", "参与滞后", "未报送", "牵头滞后")


def test_report_headers_narrow_where_a_page_needs_it():
    year_end = columns.report_indicator_columns(year_end=True)
    during = columns.report_indicator_columns(year_end=False, points=True)
    # ten columns each; only the 超/低于序时 column differs
    assert [c.document_header() for c in year_end] == ["指标", "单位", "年度|目标", "实际", "截至", "完成率",
                                                       "序时|进度", "年度目标|完成情况", "差距", "状态"]
    assert during[7].document_header() == "超/低于序时|（个百分点）"
    assert [c.header for c in columns.report_indicator_columns(year_end=False)][7] == "超/低于序时"


def test_date_label_one_way_in_four_styles():
    import datetime

    from kjcx.words import date_label

    june, new_year = datetime.date(2022, 6, 30), datetime.date(2021, 12, 31)
    assert (date_label(june), date_label(june, "iso"), date_label(june, "words", 2022)) == \
        ("06-30", "2022-06-30", "6月30日")
    # a year end is 年末, except in words for another year's end (unless any year end is)
    assert date_label(new_year) == date_label(new_year, "iso") == date_label(new_year, "words", 2021) == "年末"
    assert date_label(new_year, "words", 2022) == "2021年12月31日"
    assert date_label(new_year, "words", 2022, any_year_end=True) == "年末"
    assert date_label(None) == "-"
