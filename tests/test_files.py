"""The one errno -> reason table and the one atomic writer (plan/files.py)."""

import errno
import os
from pathlib import Path

import pytest

from kjcx.plan.datadir import NoDataDir, locate
from kjcx.plan.files import os_reason, write_atomically


@pytest.mark.parametrize(("code", "doing", "expected"), [
    (errno.EACCES, "写入", "没有权限写入"),  # the verb fills the sentence
    (errno.EPERM, "读取", "没有权限读取"),
    (errno.ENOSPC, "写入", "磁盘空间已满"),
    (errno.EDQUOT, "写入", "磁盘配额已满"),
    (errno.EROFS, "写入", "只读文件系统"),
    (errno.ENAMETOOLONG, "访问", "路径过长"),
    (errno.ELOOP, "读取", "符号链接层数过多（可能是循环链接）"),
    (errno.EISDIR, "写入", "这是一个目录，不是文件"),
])
def test_an_errno_is_said_in_chinese(code, doing, expected):
    assert os_reason(OSError(code, os.strerror(code)), doing) == expected


def test_an_errno_not_listed_keeps_the_systems_words_and_a_bad_path_is_named():
    # EBUSY is not in the table: the system's own strerror text is shown
    assert os_reason(OSError(errno.EBUSY, "Device or resource busy")) == "Device or resource busy"
    assert os_reason(ValueError("embedded null byte")) == "路径无效"
    assert os_reason(OSError("no errno at all")) == "未知原因"


def test_a_data_directory_that_cannot_be_reached_says_why(tmp_path):
    # a file used as a directory on the way: ENOTDIR, said once in plan/files.py
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    with pytest.raises(NoDataDir) as caught:
        locate(tmp_path / "plain" / "data")
    assert str(caught.value) == f"--data 指定的数据目录 {tmp_path / 'plain' / 'data'} 无法访问：路径中有一段不是目录"


def test_a_file_is_replaced_whole_with_the_usual_mode(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    mask = os.umask(0o022)
    try:
        write_atomically(target, lambda tmp: tmp.write_text("new", encoding="utf-8"))
    finally:
        os.umask(mask)
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o644  # 0o666 less the umask 0o022, not mkstemp's 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no temp file left


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "report.docx"
    target.write_bytes(b"old")

    def half(tmp: Path) -> None:
        tmp.write_bytes(b"ne")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError) as caught:
        write_atomically(target, half)
    assert os_reason(caught.value, "写入") == "磁盘空间已满"
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.docx"]


def test_a_missing_directory_is_the_callers_to_say(tmp_path):
    with pytest.raises(OSError) as caught:
        write_atomically(tmp_path / "nowhere" / "x.md", lambda tmp: tmp.write_text("x"))
    assert os_reason(caught.value, "写入") == "文件或目录不存在"
    assert not (tmp_path / "nowhere").exists()


def test_an_explicit_mode_is_kept(tmp_path):
    target = tmp_path / "targets.yaml"
    write_atomically(target, lambda tmp: tmp.write_bytes(b"a: 1\n"), mode=0o600)
    assert (target.read_bytes(), target.stat().st_mode & 0o777) == (b"a: 1\n", 0o600)
