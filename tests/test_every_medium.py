"""Every column of the indicator table, in every medium, says the same quantity: the
terminal (plain), markdown, CSV, the workbook (openpyxl, its number formats read back as
Excel shows them), and the report as markdown, HTML and Word (python-docx). One binder per
column (views/cells) makes each cell; this test reads what each writer wrote.

The fixture (tests/plans/every_kind, 2022-06-30, elapsed 181/365 = 0.495890) has one
indicator of each kind: level, flow, `%`, lower, growth, reduction with a period target,
rank, and one broken down into parts.
"""

import csv
import io
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from conftest import PLANS

DATA = PLANS / "every_kind"
# each indicator's precision: the most decimals among its written targets and figures
PLACES = {"level": 0, "flow": 1, "share": 2, "lower": 0, "growth": 1, "reduction": 1, "rank": 0,
          "parted": 0}
TERMINAL_KEYS = ("name", "unit", "target", "actual", "as_of", "expected", "completion", "schedule",
                 "progress", "time", "ahead", "gap", "status", "outlook")
REPORT_KEYS = ("name", "unit", "target", "actual", "as_of", "completion", "schedule", "ahead", "gap",
               "status")

# What each cell says, worked by hand (E = expected to date):
HAND = {
    # level: P = 110 (2021), E = 110 + (120 - 110) x 0.495890 = 114.96 -> 115 (whole 家: the
    # indicator's figures are written whole); completion 116/120 = 96.7%, schedule
    # 114.958904/120 = 95.8%; (0.966667 - 0.957991) x 100 = 0.9 points
    "高新技术企业数量": {"expected": "115", "completion": "96.7%", "schedule": "95.8%",
                         "ahead": "超序时 0.9 个百分点", "gap": "差 4家", "status": "达标"},
    # flow: E = 50 x 0.495890 = 24.79 -> 24.8 (one decimal, as 21.3); 21.3/50 = 42.6%
    # against 49.6%: -7.0 points
    "技术合同成交额": {"expected": "24.8", "ahead": "低于序时 7.0 个百分点", "gap": "差 28.7亿元",
                       "status": "滞后"},
    # %: E = 2.5 + 0.1 x 0.495890 = 2.549589 -> 2.55; A - E = 2.44 - 2.549589 = -0.11 at
    # the indicator's two decimals (its own points, never completion against schedule);
    # gap 2.6 - 2.44 = 0.16 points
    "研发投入强度": {"expected": "2.55", "ahead": "低于序时应达 0.11 个百分点", "gap": "差 0.16 个百分点",
                     "status": "基本达标"},
    # lower: E = 17 + (15 - 17) x 0.495890 = 16.008 -> 16 >= 16: met; A - T = 1 above target
    "企业开办时间": {"expected": "16", "gap": "高于目标 1个工作日", "status": "达标"},
    # growth: E = T = 6; 5.5/6 = 91.7%; A - T = -0.5 points: 低于目标 (a rate in its words)
    "地区生产总值增长": {"completion": "91.7%", "gap": "低于目标 0.5 个百分点", "status": "基本达标"},
    # reduction, period 〔9〕 over 2021-2023: time (1 + 0.495890) / 3 = 49.9%
    "单位地区生产总值能耗降低": {"time": "49.9%", "status": "滞后（约束性）"},
    # rank: A - T = 45 - 40 = 5 positions behind
    "全省综合排名": {"gap": "落后目标 5位", "status": "滞后"},
    "科技型中小企业数量": {"status": "无目标"},
}


def _status(kjcx):
    from kjcx.method.compute import year_status
    from kjcx.plan.load import load

    return year_status(load(DATA).plan, 2022)


def _binder_cells(st, document=False):
    """What the binders say (views/cells), by name and key."""
    from kjcx.views import cells

    medium = cells.Medium(document=True, year=2022, periods=False) if document else cells.TABLE
    keys = REPORT_KEYS if document else TERMINAL_KEYS
    return {r.indicator.name: cells.indicator_cells(r, keys, medium) for r in st.indicators}


def _texts(cells_by_name):
    return {name: {k: c.text for k, c in row.items()} for name, row in cells_by_name.items()}


def signed(text: str):
    """The quantity a cell states, as a signed Decimal (A against its reference), or None
    for a cell that states none; 持平 is 0."""
    if text in ("持平",):
        return Decimal(0)
    m = re.search(r"([+-]?\d+(?:\.\d+)?)", text)
    if m is None:
        return None
    value = Decimal(m.group(1))
    if re.match(r"^(低于|差|优于)", text):
        return -value
    return value


@pytest.fixture(scope="module")
def every(tmp_path_factory):
    return tmp_path_factory.mktemp("every")


def test_the_hand_numbers(kjcx):
    texts = _texts(_binder_cells(_status(kjcx)))
    for name, want in HAND.items():
        assert {k: texts[name][k] for k in want} == want, name


def test_terminal_markdown_and_csv_say_the_binders_cells(kjcx):
    st = _status(kjcx)
    texts = _texts(_binder_cells(st))
    from kjcx import columns

    cols = columns.indicator_columns(periods=True)
    plain = kjcx("--data", DATA, "status", "2022", "-f", "plain", "--wide", env={"COLUMNS": "400"}).stdout
    markdown = kjcx("--data", DATA, "status", "2022", "-f", "markdown").stdout
    for name, cells in texts.items():
        want = [cells[c.key] for c in cols]
        line = next(ln for ln in plain.splitlines() if ln.startswith(name + " "))
        assert re.split(r"\s{2,}", line.strip()) == want, name
        row = next(ln for ln in markdown.splitlines() if re.match(rf"\| {re.escape(name)} +\|", ln))
        assert [c.strip() for c in row.strip("|").split(" | ")] == want, name
    # CSV carries the values; each agrees with its cell at the precision the cell shows
    text = kjcx("--data", DATA, "status", "2022", "-f", "csv").stdout.lstrip("\ufeff")
    for row in csv.DictReader(io.StringIO(text)):
        cells = texts[row["name"]]
        assert row["status"] == next(r.status for r in st.indicators if r.indicator.name == row["name"])
        places = PLACES[row["id"]]
        if row["expected"]:
            assert Decimal(row["expected"]).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP) == \
                Decimal(cells["expected"])
        if row["unit"] != "%" and row["ahead"]:
            # ahead in points, one decimal: 0.867580 -> 超序时 0.9
            assert Decimal(row["ahead"]).quantize(Decimal("0.1")) == signed(cells["ahead"])
        if row["unit"] == "%" and row["kind"] == "level":
            # A - E: ahead_value -0.109589 -> 低于序时应达 0.11 (two decimals)
            assert Decimal(row["ahead_value"]).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP) == \
                signed(cells["ahead"])


def excel_text(value, fmt: str) -> str:
    """A cell as Excel shows it, for the formats the workbook uses: General, 0, 0.0, 0%,
    0.0%, and positive;negative;zero sections with "literal" words around the number."""
    if value is None:
        return ""
    sections = fmt.split(";")
    section = sections[0]
    if len(sections) >= 2 and value < 0:
        section = sections[1]
    if len(sections) >= 3 and value == 0:
        section = sections[2]
    magnitude = abs(value) if len(sections) >= 2 else value

    def number(code: str) -> str:
        if code == "General":
            return f"{magnitude:.10f}".rstrip("0").rstrip(".") if isinstance(magnitude, float) else str(magnitude)
        if code.endswith("%"):
            places = len(code.split(".")[1]) - 1 if "." in code else 0
            return f"{Decimal(str(magnitude)) * 100:.{places}f}%"
        places = len(code.split(".")[1]) if "." in code else 0
        return f"{Decimal(str(magnitude)):.{places}f}"

    out = ""
    for literal, code in re.findall(r'"([^"]*)"|([^"]+)', section):
        out += literal if literal or not code else number(code)
    return out


def test_the_workbook_shows_what_the_terminal_shows(kjcx, every):
    import openpyxl

    from kjcx import columns

    texts = _texts(_binder_cells(_status(kjcx)))
    path = every / "s.xlsx"
    assert kjcx("--data", DATA, "status", "2022", "-o", path).exit_code == 0
    ws = openpyxl.load_workbook(path)["指标完成情况"]
    headers = [c.value for c in ws[2]]
    keys = [c.key for c in columns.indicator_columns(periods=True)]
    assert headers == [c.header for c in columns.indicator_columns(periods=True)]
    for row in ws.iter_rows(min_row=3):
        name = row[0].value
        for key, cell in zip(keys, row):
            want = texts[name][key]
            if cell.data_type == "n" and cell.value is not None:
                shown = excel_text(cell.value, cell.number_format)
                if key == "actual":
                    want = want.split("（")[0]  # a stale figure's date is the terminal's note
                assert shown == want, (name, key, cell.value, cell.number_format)
            elif cell.value is None:
                assert want == "-", (name, key)  # an empty number cell: the table's -
            else:
                assert cell.value == want, (name, key)


def _report_rows(text: str):
    return {cells[0]: cells for cells in (
        [c.strip() for c in ln.strip("|").split(" | ")] for ln in text.splitlines() if ln.startswith("| "))}


def test_the_report_in_markdown_html_and_word_says_the_same(kjcx, every):
    import docx

    st = _status(kjcx)
    report = _texts(_binder_cells(st, document=True))
    terminal = _texts(_binder_cells(st))
    for name, cells in report.items():
        for key in ("target", "actual", "gap"):
            assert cells[key] == terminal[name][key], (name, key)  # the same words in a table
        # a row judged on its period alone shows 目标进度/时间进度 in the report's columns
        if terminal[name]["completion"] == "-" and terminal[name]["progress"] != "-":
            assert cells["completion"] == f"目标进度{terminal[name]['progress']}"
        else:
            assert cells["completion"] == terminal[name]["completion"], name
        assert cells["ahead"] == terminal[name]["ahead"], name
        assert cells["status"].endswith(terminal[name]["status"]), name  # ● 达标
        assert cells["as_of"] == ("6月30日" if terminal[name]["as_of"] == "06-30" else "-")

    md = _report_rows(kjcx("--data", DATA, "report", "2022").stdout)
    html_path, docx_path = every / "r.html", every / "r.docx"
    assert kjcx("--data", DATA, "report", "2022", "-o", html_path).exit_code == 0
    assert kjcx("--data", DATA, "report", "2022", "-o", docx_path).exit_code == 0
    page = html_path.read_text(encoding="utf-8")
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    html = {}
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        tds = [re.sub(r"<[^>]+>", "", td) for td in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        html[tds[0]] = tds
    table = docx.Document(str(docx_path)).tables[0]
    word = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    for name, cells in report.items():
        want = [cells[k] for k in REPORT_KEYS]
        assert md[name] == want, name
        assert html[name] == want, name
        got = word[name]
        for i, key in enumerate(REPORT_KEYS):
            if key == "ahead":  # Word: the same quantity as signed points (+0.9, -0.11)
                quantity = signed(cells["ahead"])
                if got[i] in ("-", "持平") or "时间进度" in got[i]:
                    assert got[i].replace("\n", " ") == cells["ahead"], name
                else:
                    assert Decimal(got[i]) == quantity, (name, got[i], cells["ahead"])
            else:  # a cell on several lines breaks where it may (between its pieces)
                assert re.sub(r"\s", "", got[i]) == re.sub(r"\s", "", cells[key]), (name, key)
    # the % row: the report and Word carry A - E, not completion against schedule
    # (93.8% - 98.1% = -4.2 points would be the other kind of 个百分点)
    assert md["研发投入强度"][7] == "低于序时应达 0.11 个百分点"
    assert word["研发投入强度"][7] == "-0.11"


def test_the_parts_table_of_the_report_uses_the_same_binders(kjcx):
    md = kjcx("--data", DATA, "report", "2022").stdout
    rows = _report_rows(md[md.index("## 分解情况"):])
    # 甲区: P = 10 (2021), E = 10 + (30 - 10) x 0.495890 = 19.92 <= 20: met; schedule
    # 19.917808 / 30 = 66.4%; gap 30 - 20 = 10. 乙区: E = 10 + 10 x 0.495890 = 14.96,
    # 12 / 14.958904 = 0.802 (滞后); 12 / 20 = 60.0%, schedule 74.8%. Dates as the report says them.
    assert rows["1"] == ["1", "甲区", "30", "20", "6月30日", "66.7%", "66.4%", "差 10家", "● 达标"]
    assert rows["2"] == ["2", "乙区", "20", "12", "6月30日", "60.0%", "74.8%", "差 8家", "▲ 滞后"]
