"""Both data files replaced together, and one writer at a time.

    with locked(data_dir): ...        # exclusive lock on the data directory
    commit(data_dir, [(real, temp)])  # temps already written and fsynced
    settle(data_dir)                  # finish a commit a crash interrupted

Two files cannot be renamed in one step, so a commit writes a journal first:
the new contents are complete temp files beside each data file (fsynced),
then `.kjcx-journal` names each (data file, temp) pair and is itself renamed
into place and fsynced: from that moment the commit is decided. The renames
follow; the journal is removed last. After a crash, `settle` (run under the
lock by the next import, and by any command that finds a journal) renames the
temps that are still there: the new pair. Without a journal the old pair
stands and the temps are stale: they are removed.

The journal is data like any other file in the directory (it may come with a
copied folder or a zip): it names a data file by its name in the directory
(`targets.yaml`, `tasks.yaml`, never a path) and its temp by the temp's own
name beside the real file, and is read as a data file is (a regular file, not
a symlink, FIFO or device; at most 64 KB; this schema exactly). Anything else
is refused before anything is touched. A copy of the directory therefore
finishes its commit on itself.

The lock is flock(2) on the data directory and on each directory that holds a
real data file (a symlinked targets.yaml shared by two data directories is
locked once for both), taken in one order, held from before the plan is read
until the files are replaced, so an import never checks one version of the
files and replaces another (lost updates).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import stat
import time
from pathlib import Path

from kjcx.errors import KjcxError
from kjcx.plan.files import JOURNAL, os_reason

TEMP_SUFFIX = ".kjcx-tmp"
DEFAULT_WAIT = 10.0  # seconds an import waits for another to finish
FORMAT = "kjcx.journal/2"
JOURNAL_CAP = 64 * 1024


class CommitError(KjcxError):
    """The data directory cannot be written now; the message says why (Chinese)."""


def _wait() -> float:
    try:
        return max(0.0, float(os.environ.get("KJCX_LOCK_WAIT", DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


def _lock_dirs(directory: Path) -> list[str]:
    """The data directory and the directories of its real data files, in one order."""
    from kjcx.plan.datadir import TARGETS, TASKS

    found = {os.path.realpath(directory)}
    for name in (TARGETS, TASKS):
        real = os.path.realpath(directory / name)
        if os.path.lexists(directory / name):
            found.add(os.path.dirname(real))
    return sorted(found)


def acquire(directory: Path) -> list[int]:
    """fds holding the exclusive locks of `directory` (and of the directories its
    data files live in; close them to release), after finishing any interrupted
    commit. Waits up to KJCX_LOCK_WAIT seconds in all."""
    deadline = time.monotonic() + _wait()
    fds: list[int] = []
    try:
        for path in _lock_dirs(directory):
            fds.append(_lock_one(Path(path), directory, deadline))
        _recover(directory)
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise
    return fds


def _lock_one(path: Path, directory: Path, deadline: float) -> int:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
    except OSError as exc:
        raise CommitError(f"无法打开数据目录 {path}：{os_reason(exc, '打开')}") from None
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise CommitError(
                    f"另一个 kjcx forms import --write 正在写入数据目录 {directory}，等待 {_wait():g} 秒后仍未结束，"
                    "未写入任何数据：请等它完成后重新导入（可用环境变量 KJCX_LOCK_WAIT 调整等待的秒数）") from None
            time.sleep(0.05)
        except OSError as exc:
            os.close(fd)
            raise CommitError(f"无法锁定数据目录 {path}：{os_reason(exc, '锁定')}") from None


_HELD: dict[str, int] = {}  # directories this process holds the lock of -> depth


@contextlib.contextmanager
def locked(directory: Path):
    """The lock for the block; re-entrant within one process (the command takes
    it before reading the plan, write_changes asks again)."""
    key = os.path.realpath(directory)
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    fds = acquire(directory)
    _HELD[key] = 1
    try:
        yield
    finally:
        del _HELD[key]
        for fd in fds:
            os.close(fd)


def hold(directory: Path):
    """Take the lock (as `locked`) until the returned function is called."""
    held = locked(directory)
    held.__enter__()
    return lambda: held.__exit__(None, None, None)


def settle(directory: Path) -> None:
    """Finish a commit a crash left half done (cheap when there is none: one stat).
    Raises CommitError when the journal cannot be used or the commit cannot be finished."""
    if os.path.lexists(directory / JOURNAL):
        with locked(directory):
            pass


def commit(directory: Path, pairs: list[tuple[Path, str]]) -> None:
    """Rename each temp over its data file, all or (after a crash) all by settle."""
    journal = directory / JOURNAL
    entries = [{"file": name, "temp": os.path.basename(temp)} for name, temp in _named(directory, pairs)]
    _write_journal(journal, entries)
    for real, temp in pairs:
        os.replace(temp, real)
    for parent in {real.parent for real, _ in pairs} | {directory}:
        _sync_dir(parent)
    journal.unlink()
    _sync_dir(directory)


def abandon(directory: Path) -> None:
    """Drop the journal of a commit that failed (and was rolled back) while running."""
    with contextlib.suppress(FileNotFoundError):
        (directory / JOURNAL).unlink()


def _write_journal(journal: Path, entries: list[dict]) -> None:
    tmp = journal.with_name(journal.name + TEMP_SUFFIX)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"format": FORMAT, "files": entries}, f, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, journal)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _sync_dir(journal.parent)


def _named(directory: Path, pairs: list[tuple[Path, str]]) -> list[tuple[str, str]]:
    """(name of the data file in the directory, temp) for each pair."""
    from kjcx.plan.datadir import TARGETS, TASKS

    reals = {os.path.realpath(directory / name): name for name in (TARGETS, TASKS)}
    named = []
    for real, temp in pairs:
        name = reals.get(os.path.realpath(real))
        if name is None or os.path.dirname(temp) != os.path.dirname(os.path.realpath(real)):
            raise CommitError(f"内部错误：{real} 不是数据目录 {directory} 的数据文件，未写入任何文件")
        named.append((name, temp))
    return named


def _recover(directory: Path) -> None:
    """Under the lock: roll a decided commit forward, then remove stale temps."""
    journal = directory / JOURNAL
    referenced: set[str] = set()
    if os.path.lexists(journal):
        pairs = read_journal(directory)
        try:
            for real, temp in pairs:
                if os.path.lexists(temp):
                    os.replace(temp, real)
                referenced.add(temp)
            for parent in {os.path.dirname(real) for real, _ in pairs} | {str(directory)}:
                _sync_dir(Path(parent))
            journal.unlink()
        except OSError as exc:
            raise CommitError(
                f"{journal}：上次写入数据文件没有完成，现在也无法完成（{os_reason(exc, '写入')}）："
                f"targets.yaml 和 tasks.yaml 可能一新一旧。请用对数据目录 {directory} 有写权限的账户"
                "重新运行该命令；或从版本库恢复这两个文件后删除该日志文件") from None
        _sync_dir(directory)
    _remove_stale(directory, referenced)


def _journal_error(journal: Path, why: str) -> CommitError:
    return CommitError(
        f"{journal}：{why}。kjcx 没有按它改动任何文件。这个文件若不是 kjcx 留下的（例如随数据目录"
        "一起复制或解压而来），请检查 targets.yaml 和 tasks.yaml 是否完整，然后删除它")


def read_journal(directory: Path) -> list[tuple[str, str]]:
    """(real data file, its temp) for each pair the journal names, every path
    checked: a data file of this directory, its temp beside the real file.
    Raises CommitError (nothing touched) for anything else."""
    journal = directory / JOURNAL
    data = _read_small(journal)
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _journal_error(journal, "不是 kjcx 的写入日志（无法读取）") from None
    files = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(doc, dict) or set(doc) != {"format", "files"} or not isinstance(files, list) \
            or not 1 <= len(files) <= 2 or doc["format"] not in (FORMAT, "kjcx.journal/1"):
        raise _journal_error(journal, "不是 kjcx 的写入日志（格式不符）")
    pairs, seen = [], set()
    for entry in files:
        pair = _journal_pair(directory, doc["format"], entry)
        if pair is None or pair[0] in seen:
            raise _journal_error(journal, "指向的不是本数据目录的 targets.yaml、tasks.yaml 及其临时文件")
        seen.add(pair[0])
        real, temp = pair
        if os.path.lexists(real) and not stat.S_ISREG(os.lstat(real).st_mode):
            raise _journal_error(journal, f"要替换的 {real} 不是普通文件")
        if os.path.lexists(temp) and not stat.S_ISREG(os.lstat(temp).st_mode):
            raise _journal_error(journal, f"临时文件 {temp} 不是普通文件")
        pairs.append(pair)
    return pairs


def _journal_pair(directory: Path, version: str, entry) -> tuple[str, str] | None:
    """(real file, temp) of one journal entry, or None when it names anything else."""
    from kjcx.plan.datadir import TARGETS, TASKS

    keys = {"file", "temp"} if version == FORMAT else {"target", "temp"}
    if not isinstance(entry, dict) or set(entry) != keys or not all(isinstance(v, str) for v in entry.values()):
        return None
    names = {name: os.path.realpath(directory / name) for name in (TARGETS, TASKS)}
    if version == FORMAT:
        real = names.get(entry["file"])
        temp_name = entry["temp"]
    else:  # 0.3 wrote absolute paths: accepted only when they are this directory's own files
        real = entry["target"] if entry["target"] in names.values() else None
        temp_name = os.path.basename(entry["temp"])
        if real is not None and entry["temp"] != os.path.join(os.path.dirname(real), temp_name):
            return None
    if real is None or "/" in temp_name or "\0" in temp_name \
            or not temp_name.startswith(f".{os.path.basename(real)}.") or not temp_name.endswith(TEMP_SUFFIX):
        return None
    return real, os.path.join(os.path.dirname(real), temp_name)


def _read_small(journal: Path) -> bytes:
    """The journal's bytes: a regular file (never followed through a symlink, never
    a FIFO or device opened), at most JOURNAL_CAP bytes."""
    try:
        info = os.lstat(journal)
        if not stat.S_ISREG(info.st_mode):
            raise _journal_error(journal, "不是普通文件（可能是符号链接、命名管道或设备）")
        if info.st_size > JOURNAL_CAP:
            raise _journal_error(journal, f"过大（{info.st_size} 字节），不是 kjcx 的写入日志")
        flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(journal, flags)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise _journal_error(journal, "不是普通文件")
            data = os.read(fd, JOURNAL_CAP + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise _journal_error(journal, f"无法读取（{os_reason(exc, '读取')}）") from None
    if len(data) > JOURNAL_CAP:
        raise _journal_error(journal, "过大，不是 kjcx 的写入日志")
    return data


def _remove_stale(directory: Path, keep: set[str]) -> None:
    """Temps of the data files (named after the real file: a symlinked data file's
    temp is beside its target) and of the journal, left by a crash."""
    from kjcx.plan.datadir import TARGETS, TASKS

    prefixes: dict[Path, set[str]] = {directory: {JOURNAL}}
    for name in (TARGETS, TASKS):
        real = Path(os.path.realpath(directory / name))
        prefixes.setdefault(real.parent, set()).add(f".{real.name}.")
    for parent, starts in prefixes.items():
        try:
            names = os.listdir(parent)
        except OSError:
            continue
        for name in names:
            if name.endswith(TEMP_SUFFIX) and name.startswith(tuple(starts)) and str(parent / name) not in keep:
                with contextlib.suppress(OSError):
                    (parent / name).unlink()


def _sync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
