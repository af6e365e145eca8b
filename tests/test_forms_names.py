"""Names compared as stored, file names that cannot be, and output paths that are
not regular files: each refused with a message, nothing written."""

from __future__ import annotations

import datetime
import hashlib
import os
import time
from decimal import Decimal
from pathlib import Path

import pytest

from kjcx.plan.load import load
from kjcx.plan.model import Actual
from kjcx.round.forms import Change
from kjcx.round.writeback import write_changes

PLAN = """\
plan:
  name: 名称测试计划
  start: 2021
  end: 2022
  departments:
    - name: 甲局
    - name: 乙局
indicators:
  - id: ind
    name: 指标
    unit: 家
    lead: [甲局]
    targets: {2021: 10, 2022: 20}
    parts:
      - {name: "东区 ", lead: [乙局], targets: {2022: 5}}
      - {name: "西\\u533a", lead: [乙局], targets: {2022: 5}, actuals: {2021: 3}}
"""


@pytest.fixture
def data(tmp_path) -> Path:
    directory = tmp_path / "data"
    directory.mkdir()
    (directory / "targets.yaml").write_text(PLAN, encoding="utf-8")
    return directory


def digest(directory: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def timed(run, *args, **kwargs):
    start = time.monotonic()
    result = run(*args, **kwargs)
    assert time.monotonic() - start < 2.0
    return result


def test_a_trailing_space_in_a_part_name_is_a_warning(kjcx, data):
    result = timed(kjcx, "check", "--data", data)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        f"{data / 'targets.yaml'}:15:16 indicators[0].parts[0].name: 警告：分解项名称 “东区 ” 首尾有空格："
        "名称按原样比较，修订和报送表中的“编号/名称”须带同样的空格；如非有意，请删去空格")


def test_a_part_name_with_a_trailing_space_round_trips_through_its_form(kjcx, data, tmp_path):
    import openpyxl

    forms = tmp_path / "forms"
    assert timed(kjcx, "forms", "export", "2022-06-30", "-o", forms, "--data", data).exit_code == 0
    before = digest(data)
    untouched = timed(kjcx, "forms", "import", forms, "--data", data, "--write")
    assert untouched.exit_code == 0, untouched.output  # was: 编号 “ind/东区 ” 不是本计划的指标
    assert "变更 0 项" in untouched.output
    assert digest(data) == before
    book = openpyxl.load_workbook(forms / "乙局.xlsx")
    sheet = book["指标"]
    ids = [sheet.cell(r, 1).value for r in range(5, 7)]
    assert ids == ["ind/东区 ", "ind/西区"]  # the id as stored, space and all
    sheet["F5"], sheet["F6"] = 4, 6
    book.save(forms / "乙局.xlsx")
    written = timed(kjcx, "forms", "import", forms, "--data", data, "--write", "--confirm-all")
    assert written.exit_code == 0, written.output
    lines = (data / "targets.yaml").read_text(encoding="utf-8").splitlines()
    # one-line parts edited in place; the escaped name keeps its escape
    # (the source names the form each figure came from: kjcx history shows it)
    assert lines[-2:] == [
        '      - {name: "东区 ", lead: [乙局], targets: {2022: 5}, actuals: {2022: {value: 4, as_of: 2022-06-30, '
        'source: 乙局报送（2022-06-30 报送表）}}}',
        '      - {name: "西\\u533a", lead: [乙局], targets: {2022: 5}, actuals: {2021: 3, 2022: {value: 6, '
        'as_of: 2022-06-30, source: 乙局报送（2022-06-30 报送表）}}}']


def test_an_escaped_part_name_on_a_one_line_entry_is_writable(data):
    plan = load(data).plan
    change = Change("indicator", "ind/西区", "", "", 2021, None,
                    Actual(Decimal("3.5"), datetime.date(2021, 12, 31), None, None), True, "", "")
    start = time.monotonic()
    assert write_changes(data, plan, [change]) == [(data / "targets.yaml").resolve()]
    assert time.monotonic() - start < 2.0
    # the same date (a year-end figure is dated Dec 31): the one entry replaced in place
    assert (data / "targets.yaml").read_text(encoding="utf-8").splitlines()[-1] == (
        '      - {name: "西\\u533a", lead: [乙局], targets: {2022: 5}, actuals: {2021: {value: 3.5, '
        'as_of: 2021-12-31}}}')


@pytest.mark.parametrize("name, message", [
    ("局" * 90,  # 90 x 3 bytes = 270, + ".xlsx" = 275 > 255
     "单位 “{shown}” 的名称太长，不能作为报送表的文件名（{head}… 共 275 字节，上限 255 字节）：未导出任何"
     "报送表；请在 targets.yaml 的 plan.departments 中改用较短的名称（全称可写进该单位的 aliases）"),
    ("~$x", "单位 “~$x” 的报送表文件名 ~$x.xlsx 以 “~$” 开头，导入时会被当作 Office 的临时锁文件跳过："
            "未导出任何报送表；请在 targets.yaml 的 plan.departments 中改用不以 “~$” 开头的名称"),
])
def test_department_names_that_cannot_be_file_names_are_refused(kjcx, data, tmp_path, name, message):
    text = PLAN.replace("甲局", name)
    (data / "targets.yaml").write_text(text, encoding="utf-8")
    before = digest(data)
    forms = tmp_path / "forms"
    result = timed(kjcx, "forms", "export", "2022-06-30", "-o", forms, "--data", data)
    assert result.exit_code == 1
    shown = name if len(name) <= 60 else name[:60] + "…"
    assert f"错误：{message.format(shown=shown, head=name[:20])}" in result.output
    assert not forms.exists()  # nothing written, not even the directory
    assert digest(data) == before


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _symlink(path: Path) -> None:
    target = path.parent / "elsewhere.txt"
    target.write_text("keep me\n")
    path.symlink_to(target)


@pytest.mark.parametrize("make, why", [
    (_fifo, "这不是普通文件而是命名管道（FIFO），kjcx 不替换它；请写到普通文件"),
    (_symlink, "这是一个符号链接，kjcx 不替换它（以免改写链接指向的别处文件）；请写到普通文件"),
])
@pytest.mark.parametrize("command", [["status", "2022"], ["report", "2022"]])
def test_output_onto_a_fifo_or_symlink_is_refused(kjcx, data, tmp_path, make, why, command):
    out = tmp_path / ("x.xlsx" if command[0] == "status" else "x.html")
    make(out)
    kind = os.lstat(out).st_mode
    before = digest(data)
    result = timed(kjcx, *command, "--data", data, "-o", out)
    assert result.exit_code == 2
    assert f"错误：无法写入 {out}：{why}" in result.output
    assert digest(data) == before
    assert os.lstat(out).st_mode == kind  # still the FIFO / the symlink
    if out.is_symlink():
        assert (tmp_path / "elsewhere.txt").read_text() == "keep me\n"


def test_a_form_path_that_is_a_fifo_is_refused(kjcx, data, tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    os.mkfifo(forms / "乙局.xlsx")
    result = timed(kjcx, "forms", "export", "2022-06-30", "-o", forms, "--data", data, "--force")
    assert result.exit_code == 2  # where to write is the user's choice, as for -o
    assert (f"错误：无法写入单位 “乙局” 的报送表 {forms / '乙局.xlsx'}：这不是普通文件而是命名管道（FIFO），"
            "kjcx 不替换它；请写到普通文件；未导出任何报送表") in result.output
    assert sorted(p.name for p in forms.iterdir()) == ["乙局.xlsx"]


@pytest.mark.parametrize("value", ["0", "abc"])
def test_a_bad_size_cap_is_a_usage_error_before_anything_is_read_or_written(kjcx, data, tmp_path, value):
    forms = tmp_path / "forms"
    assert kjcx("forms", "export", "2022-06-30", "-o", forms, "--data", data).exit_code == 0
    before = digest(data)
    result = timed(kjcx, "forms", "import", forms, "--data", data, "--write", env={"KJCX_MAX_MB": value})
    assert result.exit_code == 2
    assert result.output == f"错误：环境变量 KJCX_MAX_MB 的值 “{value}” 无效：应为正数（单位 MB，默认 64）\n"
    assert digest(data) == before
