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

The lock is flock(2) on the directory itself (no lock file left behind), held
from before the plan is read until the files are replaced, so an import never
checks one version of the files and replaces another (lost updates).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from pathlib import Path

from kjcx.plan.files import JOURNAL, os_reason

TEMP_SUFFIX = ".kjcx-tmp"
DEFAULT_WAIT = 10.0  # seconds an import waits for another to finish


class CommitError(Exception):
    """The data directory cannot be written now; the message says why (Chinese)."""


def _wait() -> float:
    try:
        return max(0.0, float(os.environ.get("KJCX_LOCK_WAIT", DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


def acquire(directory: Path) -> int:
    """An fd holding the exclusive lock on `directory` (close it to release),
    after finishing any interrupted commit. Waits up to KJCX_LOCK_WAIT seconds."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
    except OSError as exc:
        raise CommitError(f"无法打开数据目录 {directory}：{os_reason(exc, '打开')}") from None
    deadline = time.monotonic() + _wait()
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise CommitError(
                    f"另一个 kjcx forms import --write 正在写入数据目录 {directory}，等待 {_wait():g} 秒后仍未结束，"
                    "未写入任何数据：请等它完成后重新导入（可用环境变量 KJCX_LOCK_WAIT 调整等待的秒数）") from None
            time.sleep(0.05)
        except OSError as exc:
            os.close(fd)
            raise CommitError(f"无法锁定数据目录 {directory}：{os_reason(exc, '锁定')}") from None
    try:
        _recover(directory)
    except BaseException:
        os.close(fd)
        raise
    return fd


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
    fd = acquire(directory)
    _HELD[key] = 1
    try:
        yield
    finally:
        del _HELD[key]
        os.close(fd)


def hold(directory: Path):
    """Take the lock (as `locked`) until the returned function is called."""
    held = locked(directory)
    held.__enter__()
    return lambda: held.__exit__(None, None, None)


def settle(directory: Path) -> None:
    """Finish a commit a crash left half done (cheap when there is none: one stat)."""
    if os.path.lexists(directory / JOURNAL):
        with contextlib.suppress(CommitError, OSError), locked(directory):
            pass


def commit(directory: Path, pairs: list[tuple[Path, str]]) -> None:
    """Rename each temp over its data file, all or (after a crash) all by settle."""
    journal = directory / JOURNAL
    entries = [{"target": str(real), "temp": temp} for real, temp in pairs]
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
            json.dump({"format": "kjcx.journal/1", "files": entries}, f, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, journal)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _sync_dir(journal.parent)


def _recover(directory: Path) -> None:
    """Under the lock: roll a decided commit forward, then remove stale temps."""
    journal = directory / JOURNAL
    referenced: set[str] = set()
    if journal.exists():
        try:
            entries = json.loads(journal.read_text(encoding="utf-8"))["files"]
            pairs = [(Path(e["target"]), str(e["temp"])) for e in entries]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommitError(f"数据目录中的 {JOURNAL} 无法读取（{exc}）：请检查 targets.yaml 和 tasks.yaml "
                              f"是否完整，然后删除该文件") from None
        for real, temp in pairs:
            if os.path.exists(temp):
                os.replace(temp, real)
            referenced.add(temp)
        for parent in {real.parent for real, _ in pairs} | {directory}:
            _sync_dir(parent)
        journal.unlink()
        _sync_dir(directory)
    _remove_stale(directory, referenced)


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
