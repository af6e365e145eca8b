"""Hostile and odd returned forms, and write-back under races and crashes.

One test (or a few) per case of the adversarial review: the files it builds,
the exact message or behaviour, a 2 s limit on the import, and the data files
byte-identical whenever the exit is not 0. Data files are copies (tmp_path).
"""

from __future__ import annotations

import io
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

    from kjcx.cli import cli

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
        message = "这不是普通文件而是命名管道（FIFO），kjcx 不读取它；请指向真正的 YAML 文件"
    elif kind == "dev_zero":
        bad.symlink_to("/dev/zero")  # endless zeros: 1.9 GB read, then MemoryError
        message = "这不是普通文件而是设备文件，kjcx 不读取它；请指向真正的 YAML 文件"
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
