"""Hostile and odd returned forms, and write-back under races and crashes.

One test (or a few) per case of the adversarial review: the files it builds,
the exact message or behaviour, a 2 s limit on the import, and the data files
byte-identical whenever the exit is not 0. Data files are copies (tmp_path).
"""

from __future__ import annotations

import json
import os
import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import TESTS

MINI = TESTS / "forms" / "mini"
AS_OF = "2022-09-30"
LIMIT_S = 2.0


# --- helpers ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The mini plan's forms, exported once for the module (copied by each test)."""
    from click.testing import CliRunner

    from kjcx.cli.app import cli

    root = tmp_path_factory.mktemp("exported")
    shutil.copytree(MINI, root / "data")
    result = CliRunner().invoke(cli, ["forms", "export", AS_OF, "-o", str(root / "forms"),
                                      "--data", str(root / "data")])
    assert result.exit_code == 0, result.output
    return root / "forms"


@pytest.fixture
def case(tmp_path, exported):
    """(data dir, forms dir): fresh copies of the mini plan and its forms."""
    shutil.copytree(MINI, tmp_path / "data")
    shutil.copytree(exported, tmp_path / "forms")
    return tmp_path / "data", tmp_path / "forms"


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def run_import(kjcx, data: Path, *paths, write=False, fmt="json"):
    """(result, parsed JSON or None, seconds) of `kjcx forms import`."""
    args = ["forms", "import", *paths, "--data", data, "-f", fmt] + (["--write"] if write else [])
    start = time.perf_counter()
    result = kjcx(*args)
    seconds = time.perf_counter() - start
    doc = json.loads(result.stdout) if fmt == "json" and result.stdout.strip() else None
    return result, doc, seconds


def refused(kjcx, data: Path, forms, where: str, message: str):
    """Import (dry run and --write) refuses at (file, where) with exactly `message`,
    within the time limit, and leaves the data files as they were."""
    before = snapshot(data)
    for write in (False, True):
        result, doc, seconds = run_import(kjcx, data, forms, write=write)
        assert seconds < LIMIT_S, seconds
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output and result.exception is None or \
            isinstance(result.exception, SystemExit)
        found = [(e["path"], e["message"]) for e in doc["errors"]]
        assert (where, message) in found, found
        assert doc["written"] is False
        assert snapshot(data) == before
    return doc


def fill(path: Path, values: dict[str, object], sheet="指标") -> None:
    """Type values into cells (by coordinate) as a department would, and save."""
    wb = openpyxl.load_workbook(path)
    for coordinate, value in values.items():
        wb[sheet][coordinate].value = value
    wb.save(path)


def with_part(path: Path, part: str, content: bytes | None) -> None:
    """Replace (or add) one part of the workbook's zip; None removes it."""
    parts = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            parts[info.filename] = z.read(info)
    if content is None:
        parts.pop(part, None)
    else:
        parts[part] = content
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def raw_cell(path: Path, ref: str, xml: str, part: str = "xl/worksheets/sheet1.xml") -> None:
    """Put `xml` in place of cell `ref` as written in the sheet's XML (what
    openpyxl would not write: 60,000 characters, `inf`)."""
    with zipfile.ZipFile(path) as z:
        sheet = z.read(part).decode()
    at = sheet.index(f'<c r="{ref}"')
    close, empty = sheet.find("</c>", at), sheet.find("/>", at)
    end = empty + 2 if empty != -1 and (close == -1 or empty < sheet.find(">", at) + 1) else close + 4
    with_part(path, part, (sheet[:at] + xml + sheet[end:]).encode())


def sheet_with(rows_xml: str, extra: str = "") -> bytes:
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}"><sheetData>'
            f"{rows_xml}</sheetData>{extra}</worksheet>").encode()


# --- 1. every file read is a regular file, read once under the cap ----------------------

@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "loop"])
def test_1_special_files_in_an_import_directory(kjcx, case, kind):
    data, forms = case
    bad = forms / "x.xlsx"
    if kind == "fifo":
        os.mkfifo(bad)  # opening it for reading would block until a writer comes: never
        message = "这不是普通文件而是命名管道（FIFO），kjcx 不读取它；请换成真正的报送表（.xlsx）"
    elif kind == "dev_zero":
        bad.symlink_to("/dev/zero")  # endless zeros: 1.9 GB read, then MemoryError
        message = "这不是普通文件而是设备文件，kjcx 不读取它；请换成真正的报送表（.xlsx）"
    else:
        bad.symlink_to(forms / "y.xlsx")
        (forms / "y.xlsx").symlink_to(bad)
        message = "符号链接层数过多（可能是循环链接）"
    before = snapshot(data)
    for target in (forms, bad):  # in a directory, or given directly
        result, doc, seconds = run_import(kjcx, data, target, write=True)
        assert seconds < LIMIT_S
        assert result.exit_code == 1, result.output
        assert {"file": str(bad), "line": None, "column": None, "path": "",
                "message": message} in doc["errors"]
        assert snapshot(data) == before


def test_1_messages_say_which_file_and_why_on_stderr(kjcx, case):
    data, forms = case
    os.mkfifo(forms / "x.xlsx")
    result, _, seconds = run_import(kjcx, data, forms, fmt="plain")
    assert seconds < LIMIT_S and result.exit_code == 1
    assert f"{forms / 'x.xlsx'}: 这不是普通文件而是命名管道（FIFO）" in result.stderr


# --- 2. resource bombs: limits checked on the zip before openpyxl loads it --------------

HINT = "这不像 kjcx 导出的报送表：请用导出的原表填报，或把内容复制到新导出的表中再交回"


def _rows(n: int) -> str:
    return "".join(f'<row r="{r}"/>' for r in range(1, n + 1))


BOMBS = {
    # 2 M empty rows in the hidden sheet (172 KB): 20,000 rows is the limit per sheet
    "rows_2m": ("xl/worksheets/sheet4.xml", lambda: sheet_with(_rows(2_000_000)),
                "_kjcx", f"工作表 “_kjcx” 的行数超过上限 20,000：{HINT}"),
    # 20 M rows: about 400 MB unpacked. 3 M rows already pass the 50 MB of unpacked
    # parts, which is the check that refuses the 20 M file, before any XML is read.
    "rows_unpacked": ("xl/worksheets/sheet4.xml", lambda: sheet_with(_rows(3_000_000)),
                      "", "工作簿解压后有 {unpacked} MB（上限 50 MB）：" + HINT),
    "merged_200k": ("xl/worksheets/sheet4.xml",
                    lambda: sheet_with("", "<mergeCells>" + "".join(
                        f'<mergeCell ref="A{2 * r}:B{2 * r}"/>' for r in range(1, 200_001))
                        + "</mergeCells>"),
                    "_kjcx", f"工作表 “_kjcx” 的合并单元格数超过上限 2,000：{HINT}"),
    "validations_500k": ("xl/worksheets/sheet4.xml",
                         lambda: sheet_with("", "<dataValidations>" + '<dataValidation sqref="A1"/>'
                                            * 500_000 + "</dataValidations>"),
                         "_kjcx", f"工作表 “_kjcx” 的数据验证数超过上限 500：{HINT}"),
    "styles_1m": ("xl/styles.xml",
                  lambda: ('<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                           "<cellXfs>" + '<xf numFmtId="0"/>' * 1_000_000 + "</cellXfs></styleSheet>").encode(),
                  "", f"工作簿的单元格样式数超过上限 20,000：{HINT}"),
    "shared_strings_3m": ("xl/sharedStrings.xml",
                          lambda: ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                   + "<si><t>a</t></si>" * 3_000_000 + "</sst>").encode(),
                          "", f"工作簿的共享字符串数超过上限 200,000：{HINT}"),
}


@pytest.mark.parametrize("bomb", list(BOMBS))
def test_2_resource_bombs_are_refused_before_loading(kjcx, case, bomb):
    data, forms = case
    part, content, where, message = BOMBS[bomb]
    with_part(forms / "甲局.xlsx", part, content())
    with zipfile.ZipFile(forms / "甲局.xlsx") as z:  # the parts' sizes, as the zip declares them
        unpacked = f"{sum(i.file_size for i in z.infolist()) / 2**20:.1f}"
    refused(kjcx, data, forms, where, message.format(unpacked=unpacked))


RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def test_2_twenty_thousand_sheets(kjcx, case):
    data, forms = case
    path = forms / "甲局.xlsx"
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
    many = "".join(f'<sheet xmlns:r="{RELS}" name="s{n}" sheetId="{n + 10}" r:id="rIdX{n}"/>'
                   for n in range(20_000))
    with_part(path, "xl/workbook.xml", book.replace("</sheets>", many + "</sheets>").encode())
    refused(kjcx, data, forms, "", f"工作簿的工作表数超过上限 50：{HINT}")


def test_2_twenty_thousand_parts(kjcx, case):
    data, forms = case
    path = forms / "甲局.xlsx"
    with zipfile.ZipFile(path, "a") as z:
        for n in range(20_000):
            z.writestr(f"xl/extra/{n}.bin", b"")
    # 12 parts of the form + 20,000 added
    refused(kjcx, data, forms, "", f"工作簿由 20012 个部件组成（上限 500）：{HINT}")


def test_2_a_dtd_is_refused(kjcx, case):
    data, forms = case
    laughs = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>').encode()
    with_part(forms / "甲局.xlsx", "docProps/app.xml", laughs)
    refused(kjcx, data, forms, "", f"部件 docProps/app.xml 含有 DTD 声明（可用来展开实体）：{HINT}")


def test_2_a_big_but_honest_form_still_imports(kjcx, case):
    """The limits leave room: 15,000 cells of long text in 甲局's form still load."""
    data, forms = case
    wb = openpyxl.load_workbook(forms / "甲局.xlsx")
    ws = wb["填报说明"]
    for r in range(20, 1520):
        for c in range(1, 11):
            ws.cell(r, c).value = "说明" * 100
    ws = wb["指标"]
    ws["F5"] = 12  # bare: 本次实际值
    wb.save(forms / "甲局.xlsx")
    result, doc, seconds = run_import(kjcx, data, forms)
    assert result.exit_code == 0, doc["errors"]
    assert seconds < 3 * LIMIT_S
    # one change: bare 2022 gets 12
    assert [(c["id"], c["new"]["value"]) for c in doc["changes"]] == [("bare", 12)]


# --- 3. number recognition is linear; classification reads a bounded prefix -------------

def test_3_a_60000_character_cell(kjcx, case):
    data, forms = case
    text = "1" * 60_000 + " a b"  # 12.7 s before: backtracking (openpyxl itself cuts at 32,767)
    raw_cell(forms / "甲局.xlsx", "F5", f'<c r="F5" t="inlineStr"><is><t>{text}</t></is></c>')
    # the echo: the first 40 characters, then the length (60,000 + 4)
    refused(kjcx, data, forms, "指标!F5",
            "本次实际值“" + "1" * 40 + "…（共 60004 个字符）” 位数过多：请填写 15 位以内的有效数字")


def test_3_every_input_cell_at_excels_32767_characters(kjcx, case):
    data, forms = case
    long = "1" * 32_763 + " a b"  # 32,767 characters, Excel's limit for a cell
    cells = {f"{col}{row}": long for col in "FGHI" for row in range(5, 11)}  # 6 indicators x 4 inputs
    fill(forms / "甲局.xlsx", cells)
    fill(forms / "甲局.xlsx", {f"{col}{row}": long for col in "FGH" for row in (5, 6)}, sheet="任务")
    before = snapshot(data)
    result, doc, seconds = run_import(kjcx, data, forms, write=True)
    assert seconds < LIMIT_S and result.exit_code == 1
    # per indicator row: F (number), G (date), H and I (text too long) = 4 problems;
    # per task row: F (status), G (percent), H (text too long) = 3 problems
    assert len(doc["errors"]) == 6 * 4 + 2 * 3
    assert "本次实际值“" + "1" * 40 + "…（共 32767 个字符）” 位数过多：请填写 15 位以内的有效数字" in \
        [e["message"] for e in doc["errors"]]
    assert snapshot(data) == before


def test_3_patterns_are_linear_on_a_megabyte():
    """Every pattern applied to text from a form or a file, on 1 MB built to make
    a backtracking pattern take quadratic time: all of them well under 1 s."""
    from kjcx import cleantext as textsafe
    from kjcx.round import forms, numbers, workbook_limits

    megabyte = [("1" * 1_000_000) + " a b", " " * 1_000_000 + "x", "2022-01-01" + " " * 1_000_000 + "x",
                "_x" * 500_000, "1" * 999_999 + "e"]
    start = time.perf_counter()
    for text in megabyte:
        numbers.plain_number(text)
        numbers.number_problem(text, "本次实际值")
        numbers.task_number(text)
        numbers.percent_scaled(text)
        numbers.closest(text, ["已完成"])
        forms._DATE_TEXT.match(text)
        forms._EXCEL_ESCAPE.sub("", text)
        forms._TYPED_CONTROL.search(text)
        forms.file_name(text)
        workbook_limits._NUMBER.fullmatch(text)
        textsafe.line(text)
    assert time.perf_counter() - start < 1.0


# --- 4. 编号 and numbers: ASCII digits only, bounded length --------------------------------

@pytest.mark.parametrize("typed,shown", [
    ("²", "²"),  # str.isdigit() is true, int() fails
    ("1" * 5000, "1" * 40 + "…（共 5000 个字符）"),  # int() refuses over 4,300 digits
])
def test_4_task_numbers_that_only_look_like_digits(kjcx, case, typed, shown):
    data, forms = case
    fill(forms / "甲局.xlsx", {"A5": typed, "F5": "推进中"}, sheet="任务")
    refused(kjcx, data, forms, "任务!A5",
            f"编号 “{shown}” 不是本计划的任务：编号不得修改，也不要新增行；请换用原表填报")


# --- 10. the percent hint reads the number format's scaling ---------------------------

@pytest.mark.parametrize("row,value,fmt,expected", [
    (8, 2.6, '0.00"%"', 2.6),  # a literal %: the cell shows 2.60%, the figure is 2.6
    (5, 125, '0"家（较上年+5%）"', 125),  # the % is inside quoted text
    (8, 2.6, '0.00\\%', 2.6),  # an escaped %: literal too
])
def test_10_a_literal_percent_sign_is_no_scaling(kjcx, case, row, value, fmt, expected):
    data, forms = case
    wb = openpyxl.load_workbook(forms / "甲局.xlsx")
    wb["指标"][f"F{row}"].value = value
    wb["指标"][f"F{row}"].number_format = fmt
    wb.save(forms / "甲局.xlsx")
    result, doc, _ = run_import(kjcx, data, forms)
    assert result.exit_code == 0, doc["errors"]
    assert [c["new"]["value"] for c in doc["changes"]] == [expected]


def test_10_a_scaling_percent_format_still_gets_the_hint(kjcx, case):
    data, forms = case
    wb = openpyxl.load_workbook(forms / "甲局.xlsx")
    wb["指标"]["F8"].value = 0.026
    wb["指标"]["F8"].number_format = "0.00%"
    wb.save(forms / "甲局.xlsx")
    # 0.026 shown as 2.60%: the figure meant is 0.026 x 100 = 2.6
    refused(kjcx, data, forms, "指标!F8",
            "本次实际值带了百分号（单元格读到 0.026，即 2.6%）：请去掉百分号，直接填数字 2.6（单位已是 %）")


# --- 17. inf, NaN and 4,000 digits: refused at their cell, the echo cut ------------------

@pytest.mark.parametrize("raw,shown", [("inf", "inf"), ("NaN", "NaN"),
                                       ("1" * 4000, "1" * 40 + "…（共 4000 个字符）")])
def test_17_numbers_openpyxl_cannot_read_are_placed(kjcx, case, raw, shown):
    data, forms = case
    raw_cell(forms / "甲局.xlsx", "F5", f'<c r="F5" s="6" t="n"><v>{raw}</v></c>')
    refused(kjcx, data, forms, "指标!F5",
            f"单元格中的数值 “{shown}” 无法读取（不是有限的数，或位数过多）：请填写 15 位以内的数字")


# --- 14. department and as_of are inside the fingerprint; echoes are quoted -------------

def _meta(path: Path, key: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    meta = wb["_kjcx"]
    for r in range(1, meta.max_row + 1):
        if meta.cell(r, 1).value == key:
            meta.cell(r, 2).value = value
    wb.save(path)


def test_14_an_edited_as_of_is_refused(kjcx, case):
    data, forms = case
    fill(forms / "乙局.xlsx", {"F5": 40})  # yearend, a 2021 indicator: 31 at 2021 year end
    _meta(forms / "乙局.xlsx", "as_of", "2021-12-31")  # would replace the 2021 year-end figure
    refused(kjcx, data, forms, "_kjcx!B5",
            "这张表（乙局，数据截至 2021-12-31）与现在的计划对不上：导出之后计划的定义（目标、指标、任务或牵头单位）"
            "已经修改，或表中隐藏的报送单位、截至日期被改动，表中的内容可能已过时：请用 kjcx forms export "
            "2021-12-31 --dept 乙局 重新导出，请该单位按新表填报")


def test_14_a_department_is_quoted_in_the_suggested_command(kjcx, case):
    data, forms = case
    _meta(forms / "乙局.xlsx", "department", "x$(id)")
    refused(kjcx, data, forms, "_kjcx!B5",
            "这张表（x$(id)，数据截至 2022-09-30）与现在的计划对不上：导出之后计划的定义（目标、指标、任务或牵头单位）"
            "已经修改，或表中隐藏的报送单位、截至日期被改动，表中的内容可能已过时：请用 kjcx forms export "
            "2022-09-30 --dept 'x$(id)' 重新导出，请该单位按新表填报")


def test_14_another_departments_name_is_refused(kjcx, case):
    data, forms = case
    _meta(forms / "乙局.xlsx", "department", "甲局")  # 乙局's form passed off as 甲局's
    doc = refused(kjcx, data, forms / "乙局.xlsx", "_kjcx!B5",
                  "这张表（甲局，数据截至 2022-09-30）与现在的计划对不上：导出之后计划的定义（目标、指标、任务或牵头单位）"
                  "已经修改，或表中隐藏的报送单位、截至日期被改动，表中的内容可能已过时：请用 kjcx forms export "
                  "2022-09-30 --dept 甲局 重新导出，请该单位按新表填报")
    assert doc["forms"] == []


# --- 19. no None in any message ---------------------------------------------------------

@pytest.mark.parametrize("key,where,message", [
    ("department", "_kjcx!B3", "报送表没有注明报送单位（隐藏的 _kjcx 工作表被改动）：请用 kjcx forms export "
                               "为该单位重新导出"),
    ("format", "_kjcx!B1", "报送表格式为空，无法识别：请用本版本 kjcx 重新导出"),
    ("plan", "_kjcx!B2", "这是未注明计划的报送表，不属于“报送表测试计划”：请检查文件或 --data 目录"),
])
def test_19_a_missing_meta_value_is_named_not_none(kjcx, case, key, where, message):
    data, forms = case
    _meta(forms / "乙局.xlsx", key, None)
    doc = refused(kjcx, data, forms, where, message)
    assert not any("None" in e["message"] for e in doc["errors"])


def test_19_an_emptied_name_is_named_not_none(kjcx, case):
    """Found by the forms fuzz: an emptied 任务 cell was echoed as “None”."""
    data, forms = case
    raw_cell(forms / "甲局.xlsx", "B5", '<c r="B5"/>', part="xl/worksheets/sheet2.xml")
    fill(forms / "甲局.xlsx", {"F5": "推进中"}, sheet="任务")
    refused(kjcx, data, forms, "任务!A5",
            "编号 1 的任务名称为空（编号 1 是 “甲局的任务”）：编号或名称被改动，请换用原表填报")


# --- 15. C1 controls and bidi overrides never reach the terminal -------------------------

def test_15_bidi_and_c1_in_error_lines_are_escaped(kjcx, case):
    data, forms = case
    fill(forms / "甲局.xlsx", {"F5": "完成\u202e\x85\x9b"}, sheet="任务")
    shutil.copy(forms / "甲局.xlsx", forms / "甲局\u202e副本.xlsx")
    result, _, seconds = run_import(kjcx, data, forms, fmt="plain")
    assert seconds < LIMIT_S and result.exit_code == 1
    assert not any(ch in result.stderr for ch in "\u202e\x85\x9b")
    # the status cell: echoed with its controls as escapes; the file name too
    assert "任务!F5 状态 “完成\\u202e\\x85\\x9b” 无效：是否为“已完成”？" in result.stderr
    assert "甲局\\u202e副本.xlsx:" in result.stderr


# --- 16. error values in notes; _xHHHH_ escapes decoded, then checked ---------------------

def test_16_an_error_value_in_a_note_is_refused(kjcx, case):
    data, forms = case
    fill(forms / "甲局.xlsx", {"F5": 12, "I5": "#REF!"})  # openpyxl stores it as an error cell
    refused(kjcx, data, forms, "指标!I5", "单元格是 Excel 的错误值 #REF!，不是文字：请改为文字说明，或清空")


def test_16_an_escaped_control_character_is_decoded_and_refused(kjcx, case):
    data, forms = case
    fill(forms / "甲局.xlsx", {"F5": 12, "I5": "上半年_x001B_[31m"})  # ESC, as OOXML escapes it
    refused(kjcx, data, forms, "指标!I5", "含有不可见的控制字符：请删除后重新输入")


# --- #17 item 3: messages that guess right ----------------------------------------------

@pytest.mark.parametrize("sheet,cell,typed,message", [
    ("指标", "F7", "33.7亿元", "本次实际值“33.7亿元” 带了单位：只填数字 33.7，单位见“单位”列"),
    ("指标", "F5", "约125", "本次实际值“约125” 是估计的说法：如确认是 125，请只填 125；说明可写在备注中"),
    ("指标", "F5", "125左右", "本次实际值“125左右” 是估计的说法：如确认是 125，请只填 125；说明可写在备注中"),
    ("指标", "F5", "1e5", "本次实际值“1e5” 是科学计数法：请填写普通数字 100000"),
    ("任务", "F5", "完成", "状态 “完成” 无效：是否为“已完成”？请从下拉列表选择 未启动、推进中、已完成、滞后"),
    ("任务", "F5", "进行中", "状态 “进行中” 无效：是否为“推进中”？请从下拉列表选择 未启动、推进中、已完成、滞后"),
    ("任务", "F5", "正常", "状态 “正常” 无效：请从下拉列表选择 未启动、推进中、已完成、滞后"),
])
def test_messages_that_guess_right(kjcx, case, sheet, cell, typed, message):
    data, forms = case
    fill(forms / "甲局.xlsx", {cell: typed}, sheet=sheet)
    refused(kjcx, data, forms, f"{sheet}!{cell}", message)


# --- 5, 6. the Word report: the same text safety, linear -------------------------------

def test_5_docx_report_of_a_plan_with_control_characters(kjcx, tmp_path):
    out = tmp_path / "x.docx"
    start = time.perf_counter()
    result = kjcx("report", "2021", "-o", out, "--data", TESTS / "hostile" / "output_injection")
    assert time.perf_counter() - start < LIMIT_S
    assert result.exit_code == 0, result.output  # was: ValueError: All strings must be XML compatible
    import docx

    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)
    # the name, its controls made visible (the title writes its brackets full width: 〔〕)
    assert "测试计划\\x1b〕0;pwned\\x07\\x1b〔2J" in text
    assert "x\\n::error file=README.md,line=1::Forged" in text
    assert not any(ch in text for ch in "\x1b\x07")


def test_6_docx_tables_are_linear(tmp_path):
    """2,000 indicators: the Word report's tables in well under 2 s (python-docx's
    per-cell API took 46 s for 10,000; bench/run.py measures 10,000)."""
    import sys

    sys.path.insert(0, str(TESTS.parent / "bench"))
    from run import generate

    from kjcx.cli.app import cli  # noqa: F401 - the same imports as a report run
    from kjcx.method.compute import year_status
    from kjcx.plan.load import load
    from kjcx.report import content, docx

    generate(tmp_path / "p", 2000, tasks=200, departments=20)
    plan = load(tmp_path / "p").plan
    built = content.build(year_status(plan, 2022), charts=False)
    start = time.perf_counter()
    docx.render(built, tmp_path / "x.docx")
    assert time.perf_counter() - start < LIMIT_S
    import docx as python_docx

    tables = python_docx.Document(str(tmp_path / "x.docx")).tables
    assert len(tables[0].rows) == 2000 + 1  # a header row and one row per indicator


# --- 13. markdown escapes HTML and link syntax in data text ------------------------------

FETCHING = {"name: 裸数字指标": 'name: "<img src=http://a.example/1.png>"',
            "name: '单条映射指标'": 'name: "<meta http-equiv=refresh content=0;url=http://b.example>"',
            "name: 列表指标": 'name: "![x](http://c.example/2.png) [y](http://d.example)"',
            "{value: 3.5, as_of: 2022-06-30, note: 1-6月}":
                '{value: 3.5, as_of: 2022-06-30, note: "<http://e.example> <iframe src=//f.example>"}'}


def test_13_markdown_output_fetches_nothing(kjcx, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    text = (data / "targets.yaml").read_text()
    for old, new in FETCHING.items():
        assert old in text
        text = text.replace(old, new)
    (data / "targets.yaml").write_text(text)
    outputs = []
    for args in (["report", "2022", "-o", tmp_path / "x.md"], ["status", "2022", "-f", "markdown"],
                 ["indicators", "-f", "markdown"]):
        result = kjcx(*args, "--data", data)
        assert result.exit_code == 0, result.output
        outputs.append(result.output if args[0] != "report" else (tmp_path / "x.md").read_text())
    import re

    for out in outputs:  # never unescaped: a backslash before each < [ ] makes it plain text
        for raw in (r"<img", r"<meta", r"<iframe", r"<http", r"\[x", r"\[y", r"\]\(http"):
            assert not re.search(r"(?<!\\)" + raw, out), (raw, out)
    # what a reader sees: the same characters, escaped
    assert "\\<img src=http://a.example/1.png\\>" in outputs[0]
    assert "!\\[x\\](http://c.example/2.png) \\[y\\](http://d.example)" in outputs[1]


# --- 11, 12, 18. both files committed together, one import at a time, owner kept --------

KILLER = r"""
import os, signal, sys
from kjcx.round import commit
data, stage = sys.argv[1], sys.argv[2]
real_replace, renamed = os.replace, []

def replace(src, dst, **kwargs):
    if stage == "before_journal" and str(dst).endswith(commit.JOURNAL):
        os.kill(os.getpid(), signal.SIGKILL)  # temps written, the commit not yet decided
    real_replace(src, dst, **kwargs)
    if str(dst).endswith((".yaml",)):
        renamed.append(dst)
        if stage == "between" and len(renamed) == 1:
            os.kill(os.getpid(), signal.SIGKILL)  # targets.yaml new, tasks.yaml still old

real_unlink = os.unlink
def unlink(path, *a, **k):
    if stage == "after" and str(path).endswith(commit.JOURNAL):
        os.kill(os.getpid(), signal.SIGKILL)  # both renamed, the journal still there
    return real_unlink(path, *a, **k)

os.replace, os.unlink = replace, unlink
from kjcx.cli.app import cli
cli(["forms", "import", sys.argv[3], sys.argv[4], "--data", data, "--write"])
"""


def _figures(data: Path) -> tuple[list, list]:
    """(bare's 2022 figures, task 1's 2022 statuses) as the loader reads them."""
    from kjcx.plan.load import load

    plan = load(data).plan
    bare = next(i for i in plan.indicators if i.id == "bare")
    task = next(t for t in plan.tasks if t.id == 1)
    return ([a.value for a in bare.actuals.get(2022, [])],
            [r.status.value for r in task.progress.get(2022, [])])


def _leftovers(data: Path) -> list[str]:
    return sorted(p.name for p in data.iterdir() if p.name not in ("targets.yaml", "tasks.yaml"))


@pytest.mark.parametrize("stage", ["before_journal", "between", "after"])
def test_11_a_kill_during_the_commit_leaves_the_old_or_the_new_pair(kjcx, case, stage):
    import subprocess
    import sys

    data, forms = case
    fill(forms / "甲局.xlsx", {"F5": 12})  # bare 2022: 12
    fill(forms / "甲局.xlsx", {"F5": "已完成", "G5": 100}, sheet="任务")  # task 1: done
    old = snapshot(data)
    done = subprocess.run([sys.executable, "-c", KILLER, data, stage, forms / "甲局.xlsx", forms / "乙局.xlsx"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == -9, done.stderr  # SIGKILL: nothing ran after it
    if stage == "between":  # on disk for now: a mixed pair, and the journal that decides it
        assert (data / "targets.yaml").read_bytes() != old["targets.yaml"]
        assert (data / "tasks.yaml").read_bytes() == old["tasks.yaml"]
        assert ".kjcx-journal" in _leftovers(data)
    # the next command (any) finishes or forgets the commit before reading
    result = kjcx("status", "2022", "--data", data)
    assert result.exit_code in (0, 3), result.output
    bare, task = _figures(data)
    if stage == "before_journal":  # the old pair: bare has no 2022 figure, task 1 推进中 at 06-30
        assert snapshot(data)["targets.yaml"] == old["targets.yaml"]
        assert snapshot(data)["tasks.yaml"] == old["tasks.yaml"]
        assert (bare, task) == ([], ["in_progress"])
    else:  # the new pair: bare 2022 = 12; task 1 gets done (100) at 2022-09-30 after 推进中 at 06-30
        assert (bare, task) == ([12], ["in_progress", "done"])
    # the next write removes stale temps; nothing else is left in the directory
    result, doc, _ = run_import(kjcx, data, forms, write=True)
    assert result.exit_code == 0, doc["errors"]
    assert _leftovers(data) == []
    assert _figures(data) == ([12], ["in_progress", "done"])


RACER = r"""
import sys, time
from kjcx.round import commit
real = commit.commit
def slow(*args, **kwargs):
    time.sleep(1.0)  # the window between the check and the rename, widened
    return real(*args, **kwargs)
commit.commit = slow
from kjcx.cli.app import cli
cli(["forms", "import", sys.argv[2], "--data", sys.argv[1], "--write"])
"""


@pytest.mark.slow  # two processes racing, about 2 s
def test_12_two_imports_racing_lose_nothing(case):
    import subprocess
    import sys

    data, forms = case
    fill(forms / "甲局.xlsx", {"F5": 12})  # bare 2022: 12, from 甲局
    fill(forms / "乙局.xlsx", {"F5": 40, "G5": "2022-09-30"})  # yearend, from 乙局: 2022 figure 40
    procs = [subprocess.Popen([sys.executable, "-c", RACER, data, forms / name],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in ("甲局.xlsx", "乙局.xlsx")]
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert all("已写入" in out for out, _ in outs)
    from kjcx.plan.load import load

    plan = load(data).plan
    values = {i.id: [a.value for a in i.actuals.get(2022, [])] for i in plan.indicators}
    # both departments' figures are there: neither import replaced the other's file
    assert values["bare"] == [12] and values["yearend"] == [40]
    assert _leftovers(data) == []


def test_12_a_held_lock_is_said_and_nothing_is_written(kjcx, case, monkeypatch):
    from kjcx.round.commit import locked

    data, forms = case
    fill(forms / "甲局.xlsx", {"F5": 12})
    before = snapshot(data)
    monkeypatch.setenv("KJCX_LOCK_WAIT", "0.2")
    import multiprocessing

    ready, stop = multiprocessing.Event(), multiprocessing.Event()

    def holder():
        with locked(data):
            ready.set()
            stop.wait(30)

    other = multiprocessing.get_context("fork").Process(target=holder)
    other.start()
    try:
        assert ready.wait(10)
        result = kjcx("forms", "import", forms, "--data", data, "--write")
    finally:
        stop.set()
        other.join(10)
    assert result.exit_code == 1
    assert result.stderr == (f"错误：另一个 kjcx forms import --write 正在写入数据目录 {data}，等待 0.2 秒后仍未结束，"
                             "未写入任何数据：请等它完成后重新导入（可用环境变量 KJCX_LOCK_WAIT 调整等待的秒数）\n")
    assert snapshot(data) == before


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_18_the_owner_is_kept(kjcx, case):
    data, forms = case
    for name in ("targets.yaml", "tasks.yaml"):
        os.chown(data / name, 4321, 4322)
    fill(forms / "甲局.xlsx", {"F5": 12})
    result, doc, _ = run_import(kjcx, data, forms, write=True)
    assert result.exit_code == 0 and doc["written"] is True
    info = (data / "targets.yaml").stat()
    assert (info.st_uid, info.st_gid) == (4321, 4322)


# --- 7. the dry run checks exactly what the write will write, at the form's cell ---------

@pytest.mark.parametrize("typed,message", [
    # 1 significant digit, but 16 decimal places: the data files take at most 15
    (0.0000000000000001, "该数值 0.0000000000000001 的小数位超过 15 位；请保留 15 位以内的小数"),
    (1e-300, "该数值 0.0000000000000000000000000000…（共 302 个字符） 的小数位超过 15 位；请保留 15 位以内的小数"),
])
def test_7_a_figure_the_data_files_would_refuse(kjcx, case, typed, message):
    data, forms = case
    fill(forms / "甲局.xlsx", {"F5": typed})
    refused(kjcx, data, forms, "指标!F5", message)


def test_7_a_note_with_a_next_line_character(kjcx, case):
    data, forms = case
    fill(forms / "甲局.xlsx", {"F5": 12, "I5": "上半年\x85累计"})  # U+0085: a line break to YAML 1.1
    refused(kjcx, data, forms, "指标!I5", "含有不可见的控制字符：请删除后重新输入")


@pytest.mark.parametrize("note", ["? 待核实", "- 1-9月", "a: b", "#1", "yes", "1:30", "[草稿]", "‘引号’ \"x\""])
def test_7_notes_yaml_would_misread_are_written_as_they_are(kjcx, case, note):
    data, forms = case
    fill(forms / "甲局.xlsx", {"F5": 12, "I5": note})
    result, doc, _ = run_import(kjcx, data, forms)  # the dry run accepts it ...
    assert result.exit_code == 0, doc["errors"]
    result, doc, _ = run_import(kjcx, data, forms, write=True)  # ... and so does the write
    assert result.exit_code == 0 and doc["written"] is True, doc["errors"]
    from kjcx.plan.load import load

    bare = next(i for i in load(data).plan.indicators if i.id == "bare")
    assert bare.actuals[2022][0].note == note


# --- 8. write-back into every indentation check accepts -------------------------------

def test_8_a_dated_list_indented_4(kjcx, case):
    data, forms = case
    text = (data / "targets.yaml").read_text()
    old = "        - {value: 1.25, as_of: 2022-03-31}\n        - {value: 3.5, as_of: 2022-06-30, note: 1-6月}\n"
    assert old in text
    text = text.replace(old, old.replace("        - ", "          - "))
    (data / "targets.yaml").write_text(text)
    assert kjcx("check", "--data", data).exit_code == 0  # valid data
    fill(forms / "甲局.xlsx", {"F5": 12, "F6": 30, "F7": 5})  # bare, single, listed
    before = (data / "targets.yaml").read_text()
    result, doc, _ = run_import(kjcx, data, forms, write=True)
    assert result.exit_code == 0 and doc["written"] is True, doc["errors"]
    after = (data / "targets.yaml").read_text()
    import difflib

    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        "+      2022: {value: 12, as_of: 2022-09-30, source: 甲局报送（2022-09-30 报送表）}",  # bare: a new year
        "-      2022: {value: 21, as_of: 2022-06-30, source: 统计快报}   # 上半年",
        "+      2022:",  # single: a list, indented as the file's other list (4)
        "+          - {value: 21, as_of: 2022-06-30, source: 统计快报}   # 上半年",
        "+          - {value: 30, as_of: 2022-09-30, source: 甲局报送（2022-09-30 报送表）}",
        "+          - {value: 5, as_of: 2022-09-30, source: 甲局报送（2022-09-30 报送表）}",  # listed: after 06-30
    ]


def test_8_shapes_the_line_editor_leaves_to_the_round_trip_editor(kjcx, case):
    """A flow mapping of years is edited by ruamel.yaml's round trip (slower, same result)."""
    data, forms = case
    text = (data / "targets.yaml").read_text()
    old = "    actuals:\n      2021: 9        # 年末数\n"
    assert old in text
    (data / "targets.yaml").write_text(text.replace(old, "    actuals: {2021: 9}\n"))
    fill(forms / "甲局.xlsx", {"F5": 12})
    result, doc, _ = run_import(kjcx, data, forms, write=True)
    assert result.exit_code == 0 and doc["written"] is True, doc["errors"]
    from kjcx.plan.load import load

    bare = next(i for i in load(data).plan.indicators if i.id == "bare")
    assert [a.value for a in bare.actuals[2022]] == [12] and bare.actuals[2021][0].value == 9


# --- 9. names compared as stored ---------------------------------------------------------

def test_9_a_name_with_spaces_around_it(kjcx, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    text = (data / "targets.yaml").read_text()
    (data / "targets.yaml").write_text(text.replace("name: 裸数字指标", 'name: "  裸数字指标 "'))
    result = kjcx("forms", "export", AS_OF, "-o", tmp_path / "forms", "--data", data)
    assert result.exit_code == 0, result.output
    result, doc, seconds = run_import(kjcx, data, tmp_path / "forms")  # untouched: nothing to report
    assert result.exit_code == 0, doc["errors"]
    fill(tmp_path / "forms" / "甲局.xlsx", {"F5": 12, "B5": "裸数字指标"})  # trimmed by a spreadsheet
    result, doc, seconds = run_import(kjcx, data, tmp_path / "forms")
    assert result.exit_code == 0, doc["errors"]
    assert [(c["id"], c["new"]["value"]) for c in doc["changes"]] == [("bare", 12)]


# --- the forms fuzz (bench/forms_fuzz.py runs it at 5,000 and more) ------------------------

def test_forms_fuzz_small(tmp_path):
    import random
    import signal

    from forms_fuzzing import exported_forms, mutate, run_one

    shutil.copytree(MINI, tmp_path / "seed")
    base = exported_forms(tmp_path / "seed", tmp_path / "exported")
    rng = random.Random(20)
    outcomes: dict[str, int] = {}

    def hang(*_):
        raise TimeoutError("over 5 s")

    old = signal.signal(signal.SIGALRM, hang)
    try:
        for n in range(200):
            data = tmp_path / f"d{n}"
            shutil.copytree(MINI, data)
            content, name, what = mutate(rng, base)
            form = tmp_path / f"f{n}" / name
            form.parent.mkdir()
            form.write_bytes(content)
            signal.alarm(5)
            outcome, detail = run_one(data, form)
            signal.alarm(0)
            assert outcome in ("ok", "refused", "write-refused"), (what, detail)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            shutil.rmtree(data)
            shutil.rmtree(form.parent)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert outcomes.get("refused", 0) > 100  # most hostile forms are refused, at a cell


# --- #17 item 3: no false follow-on warning from an item with an error ------------------

def test_check_names_no_idle_department_behind_an_error(kjcx, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    text = (data / "targets.yaml").read_text()
    # 乙局 leads yearend (and task 2): an error in yearend must not make 乙局 look idle
    (data / "targets.yaml").write_text(text.replace("targets: {2021: 30}", 'targets: {2021: "三十"}'))
    result = kjcx("check", "--data", data)
    assert result.exit_code == 1
    assert "应为数字，实际为 “三十”" in result.output
    assert "既未牵头也未参与" not in result.output
