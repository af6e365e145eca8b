"""writeback: figures merged into copies of the data files, every other byte kept."""

from __future__ import annotations

import datetime
import difflib
import os
import shutil
import stat
from decimal import Decimal
from pathlib import Path

import pytest

from kjcx.plan.load import load
from kjcx.plan.model import Actual, Report, TaskStatus
from kjcx.round import writeback
from kjcx.round.forms import Change
from kjcx.round.writeback import WriteError, write_changes

from conftest import TESTS

MINI = TESTS / "forms" / "mini"
D = datetime.date


def figure(item, year, value, as_of, source=None, note=None) -> Change:
    return Change("indicator", item, "", "", year, None,
                  Actual(Decimal(value), as_of, source, note), False, "", "")


def report(item, year, status, percent, as_of, note=None) -> Change:
    return Change("task", item, "", "", year, None,
                  Report(TaskStatus(status), None if percent is None else Decimal(percent), as_of, note),
                  False, "", "")


@pytest.fixture
def data(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


def write(data: Path, *changes: Change) -> list[Path]:
    return write_changes(data, load(data).plan, list(changes))


def unified(old: str, new: str) -> list[str]:
    """The changed lines of a diff (+/-), without headers and context."""
    return [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_each_shape_of_a_year_becomes_the_right_list(data):
    before = (data / "targets.yaml").read_text()
    write(data,
          figure("bare", 2022, "12", D(2022, 9, 30)),
          figure("single", 2022, "30.5", D(2022, 9, 30), "快报", "1-9月"),
          figure("listed", 2022, "2.25", D(2022, 5, 31)),
          figure("yearend", 2021, "20", D(2021, 6, 30)),
          figure("pct", 2022, "2.6", D(2022, 9, 30)))
    assert unified(before, (data / "targets.yaml").read_text()) == [
        "+      2022: {value: 12, as_of: 2022-09-30}",
        "-      2022: {value: 21, as_of: 2022-06-30, source: 统计快报}   # 上半年",
        "+      2022:",
        # the old entry moves into the list with its comment, spacing as it was
        "+        - {value: 21, as_of: 2022-06-30, source: 统计快报}   # 上半年",
        "+        - {value: 30.5, as_of: 2022-09-30, source: 快报, note: 1-9月}",
        "+        - {value: 2.25, as_of: 2022-05-31}",
        "-      2021: 31",
        "+      2021:",
        "+        - {value: 20, as_of: 2021-06-30}",
        "+        - 31",
        "+    actuals:",
        "+      2022: {value: 2.6, as_of: 2022-09-30}",
    ]
    plan = load(data).plan
    by_id = {i.id: i for i in plan.indicators}
    assert [a.value for a in by_id["listed"].actuals[2022]] == [Decimal("1.25"), Decimal("2.25"),
                                                                  Decimal("3.5")]
    assert [a.as_of for a in by_id["yearend"].actuals[2021]] == [D(2021, 6, 30), None]


def test_tasks_gain_a_progress_block_and_keep_the_files_status_words(data):
    before = (data / "tasks.yaml").read_text()
    write(data, report(2, 2022, "behind", 20, D(2022, 9, 30), "资金未到位"),
          report(1, 2022, "in_progress", 60, D(2022, 9, 30)))
    assert unified(before, (data / "tasks.yaml").read_text()) == [
        "-      2022: {status: 推进中, percent: 40, as_of: 2022-06-30}",
        "+      2022:",
        "+        - {status: 推进中, percent: 40, as_of: 2022-06-30}",
        "+        - {status: 推进中, percent: 60, as_of: 2022-09-30}",
        "+      2022: {status: 滞后, percent: 20, as_of: 2022-09-30, note: 资金未到位}",
    ]
    english = (data / "tasks.yaml").read_text().replace("已完成", "done").replace("推进中", "in_progress") \
        .replace("滞后", "behind")
    (data / "tasks.yaml").write_text(english)
    write(data, report(3, 2022, "not_started", None, D(2022, 9, 30)))
    assert "2022: {status: not_started, as_of: 2022-09-30}" in (data / "tasks.yaml").read_text()


def test_same_date_replaces_and_a_second_write_changes_nothing(data):
    change = figure("single", 2022, "22", D(2022, 6, 30), "统计快报")
    write(data, change)
    text = (data / "targets.yaml").read_bytes()
    assert b"      2022: {value: 22, as_of: 2022-06-30, source: \xe7\xbb\x9f\xe8\xae\xa1\xe5\xbf\xab\xe6\x8a\xa5}   # " in text
    write(data, change)
    assert (data / "targets.yaml").read_bytes() == text


@pytest.mark.parametrize("text", ["yes", "No", "on", "1:30", "0o17", "2022-06-30", "3.5", "null", "~",
                                  "a: b", "#不是注释", "- 列表", "'单引号'", '"双引号"', "多行\n文本",
                                  "=SUM(A1)", "@提及", "{x: 1}", "[1]", " 前后空格 ", "*星号", "&锚"])
def test_text_that_yaml_would_misread_is_quoted(data, text):
    write(data, figure("bare", 2022, "1", D(2022, 9, 30), source=text, note="备注"))
    actual = load(data).plan.indicators[0].actuals[2022][0]
    assert actual.source == text and actual.note == "备注"


@pytest.mark.parametrize(("value", "written"), [
    ("21.3", "21.3"), ("120", "120"), ("1.50", "1.5"), ("-3", "-3"), ("0.0000001", "0.0000001"),
    ("120.0", "120"), ("123456789012345", "123456789012345"), ("1E+3", "1000")])
def test_numbers_are_written_plain(data, value, written):
    write(data, figure("bare", 2022, value, D(2022, 9, 30)))
    text = (data / "targets.yaml").read_text()
    assert f"      2022: {{value: {written}, as_of: 2022-09-30}}\n" in text
    assert load(data).plan.indicators[0].actuals[2022][0].value == Decimal(value)


def _variants():
    base = (MINI / "targets.yaml").read_text()
    flush = base.replace("\n  - ", "\n- ").replace("\n    ", "\n  ").replace("\n      ", "\n    ")
    return {
        "crlf": base.replace("\n", "\r\n"),
        "bom": "\ufeff" + base,
        "four_spaces": (TESTS / "forms" / "indent4" / "targets.yaml").read_text(),
        "no_final_newline": base.rstrip("\n"),
        "odd_spacing": base.replace("name: 裸数字指标", "name:   裸数字指标   ").replace(
            "lead: [甲局]\n\n  - id: single", "lead: [ 甲局 ]\n\n\n  # 注释行\n  - id: single"),
        "flush_sequences": flush,
    }


@pytest.mark.parametrize("variant", list(_variants()))
def test_unusual_formatting_keeps_every_untouched_line(data, variant):
    original = _variants()[variant]
    (data / "targets.yaml").write_bytes(original.encode())
    assert load(data).plan  # the variant is valid data
    write(data, figure("bare", 2022, "12", D(2022, 9, 30)), figure("single", 2022, "30", D(2022, 9, 30)))
    new = (data / "targets.yaml").read_bytes()
    old_lines = original.encode().splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    removed = [line for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal"
               for line in old_lines[i1:i2]]
    added = [line for tag, _, _, j1, j2 in matcher.get_opcodes() if tag != "equal"
             for line in new_lines[j1:j2]]
    assert len(removed) <= 2 and all(b"2022: {value: 21" in line or b"2021: 9" in line
                                      or not line.endswith(b"\n") for line in removed), removed
    assert len(added) <= 6, added
    if variant == "crlf":
        assert all(line.endswith(b"\r\n") for line in new_lines)
    if variant == "bom":
        assert new.startswith(b"\xef\xbb\xbf")
    values = {i.id: [a.value for a in i.actuals.get(2022, [])] for i in load(data).plan.indicators}
    assert values["bare"] == [12] and values["single"] == [21, 30]


def test_result_is_checked_before_anything_is_replaced(data):
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    # an as_of more than a year after its year: the loader refuses it, so nothing is written
    with pytest.raises(WriteError, match="复查未通过"):
        write(data, figure("bare", 2022, "12", D(2024, 6, 30)), report(2, 2022, "done", 100, D(2022, 9, 30)))
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name not in ("targets.yaml", "tasks.yaml"))


@pytest.mark.parametrize("fail_at", [1, 2])
def test_interrupted_rename_leaves_the_originals(data, monkeypatch, fail_at):
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == fail_at:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(writeback.os, "replace", replace)
    with pytest.raises(WriteError, match="数据文件保持原样"):
        write(data, figure("bare", 2022, "12", D(2022, 9, 30)), report(2, 2022, "done", 100, D(2022, 9, 30)))
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before
    assert _leftovers(data) == []


def test_interrupted_fsync_leaves_the_originals(data, monkeypatch):
    before = {p.name: p.read_bytes() for p in data.iterdir()}

    def fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(writeback.os, "fsync", fsync)
    with pytest.raises(WriteError):
        write(data, figure("bare", 2022, "12", D(2022, 9, 30)))
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before
    assert _leftovers(data) == []


def test_a_file_edited_meanwhile_is_not_overwritten(data, monkeypatch):
    verify = writeback._verify

    def edit_after_verify(*args):
        verify(*args)
        with open(data / "targets.yaml", "a", encoding="utf-8") as f:
            f.write("# 同事刚加的注释\n")

    monkeypatch.setattr(writeback, "_verify", edit_after_verify)
    with pytest.raises(WriteError, match="被修改"):
        write(data, figure("bare", 2022, "12", D(2022, 9, 30)))
    assert (data / "targets.yaml").read_text().endswith("# 同事刚加的注释\n")
    assert _leftovers(data) == []


def test_mode_and_symlinks_are_kept(data, tmp_path):
    real = tmp_path / "elsewhere.yaml"
    shutil.move(data / "targets.yaml", real)
    (data / "targets.yaml").symlink_to(real)
    real.chmod(0o640)
    write(data, figure("bare", 2022, "12", D(2022, 9, 30)))
    assert (data / "targets.yaml").is_symlink()
    assert "2022: {value: 12" in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
