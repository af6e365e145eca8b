"""Files on disk: reading a data file without trusting what lies at its path,
writing a file whole or not at all, and saying in Chinese why an OS call failed.

A data path may name a FIFO, a device (/dev/zero), a symlink to one, a
directory, or a file far larger than any plan. kjcx looks before it opens
(os.stat follows symlinks), opens without blocking and checks the opened file
again, then reads at most the size cap plus one byte: the cap applies to the
bytes actually read, not to what stat said.

`write_atomically` fills a temp file beside the target, fsyncs and renames it:
a reader sees the old file or the new one, never half of one. `os_reason` is
the one place an errno becomes words (没有权限写入, 磁盘空间已满).

Cheap to import (os and stat only): the plan cache reads the files through
here on every command, before anything heavy is imported.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import TYPE_CHECKING

from kjcx.errors import KjcxError

# The journal of a two-file write (round/commit): its presence means a write was
# interrupted; every command finishes it before reading (one stat when there is none).
JOURNAL = ".kjcx-journal"

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Callable

DEFAULT_MAX_MB = 64
MB = 1024 * 1024


class ReadError(KjcxError):
    """The file cannot be used; `message` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def max_bytes() -> int:
    """The size cap per file: env KJCX_MAX_MB (megabytes), default 64."""
    text = os.environ.get("KJCX_MAX_MB", "").strip()
    if not text:
        return DEFAULT_MAX_MB * MB
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = -1.0
    if not 0 < megabytes < 1024 * 1024:  # also refuses nan
        raise ReadError(f"环境变量 KJCX_MAX_MB 的值 “{text[:20]}” 无效：应为正数（单位 MB，"
                        f"默认 {DEFAULT_MAX_MB}）")
    return int(megabytes * MB)


def _size_text(size: int) -> str:
    if size % MB == 0:
        return f"{size // MB} MB"
    if size >= MB // 10:
        return f"{size / MB:.1f} MB"
    return f"{size / 1024:.1f} KB"


# errno -> why, in a few words; {doing} is the verb of the call (读取, 写入, 访问)
_REASONS = {
    errno.EACCES: "没有权限{doing}",
    errno.EPERM: "没有权限{doing}",
    errno.ENOENT: "文件或目录不存在",
    errno.ENAMETOOLONG: "路径过长",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.ELOOP: "符号链接层数过多（可能是循环链接）",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "磁盘配额已满",
    errno.EROFS: "只读文件系统",
}


def os_reason(exc: BaseException, doing: str = "访问") -> str:
    """Why an OS call failed, in Chinese: a few words for the usual errnos, else
    the system's own words; "路径无效" for a path the OS cannot take at all (a NUL
    byte raises ValueError)."""
    code = exc.errno if isinstance(exc, OSError) else None
    if code is not None and code in _REASONS:
        return _REASONS[code].format(doing=doing)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return "路径无效" if isinstance(exc, ValueError) else "未知原因"


# what a person can do about a data file that cannot be read
_READ_HINTS = {
    errno.EACCES: "（请检查该文件及其所在各级目录的权限）",
    errno.EPERM: "（请检查该文件及其所在各级目录的权限）",
    errno.ENAMETOOLONG: "，请检查 --data 或 KJCX_DATA",
    errno.ENOTDIR: "，请检查 --data 或 KJCX_DATA",
}


def _os_message(exc: OSError) -> str:
    if exc.errno not in _REASONS:
        return f"无法读取文件（{exc.strerror or exc}）"
    return os_reason(exc, "读取") + _READ_HINTS.get(exc.errno, "")


def not_replaceable(path: str | os.PathLike[str]) -> str | None:
    """Why an output file at `path` must not be replaced by a new regular file (it is
    a FIFO, a device, a socket, a directory or a symlink), or None (nothing there,
    or a regular file)."""
    try:
        mode = os.lstat(path).st_mode
    except (OSError, ValueError):
        return None  # nothing there (or a path the write itself will refuse)
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "这是一个符号链接，kjcx 不替换它（以免改写链接指向的别处文件）；请写到普通文件"
    if stat.S_ISDIR(mode):
        return "这是一个目录，不是文件"
    return f"这不是普通文件而是{_kind(mode)}，kjcx 不替换它；请写到普通文件"


def write_atomically(path: Path, write: Callable[[Path], object], *, mode: int | None = None) -> None:
    """Write `path` whole or not at all: `write(temp)` fills a temp file in the same
    directory (so the rename is atomic), which is fsynced, given `mode` (default:
    0o666 less the umask, as for any new file; mkstemp would leave 0600) and
    renamed over `path`. On any failure the old file stays and no temp file is
    left; the OSError goes to the caller, who says it (`os_reason(exc, "写入")`)."""
    import tempfile
    from pathlib import Path

    fd, name = tempfile.mkstemp(dir=path.parent if str(path.parent) else None,
                                prefix=".kjcx-", suffix=path.suffix)
    tmp = Path(name)
    try:
        os.close(fd)
        if mode is None:
            mask = os.umask(0)
            os.umask(mask)
            mode = 0o666 & ~mask
        os.chmod(tmp, mode)
        write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "目录"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def _not_regular(mode: int) -> ReadError:
    if stat.S_ISDIR(mode):
        return ReadError("这是一个目录，不是文件")
    return ReadError(f"这不是普通文件而是{_kind(mode)}，kjcx 不读取它；请指向真正的 YAML 文件")


def read_data(path: str | os.PathLike[str], cap: int | None = None) -> bytes | None:
    """The file's bytes, or None when nothing at all is at `path`.

    Raises ReadError for anything else that is not a readable regular file
    within the cap (KJCX_MAX_MB unless `cap` is given, in bytes): a dangling
    symlink is an error, not an absent file."""
    cap = max_bytes() if cap is None else cap
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            raise ReadError(f"这是一个符号链接，但它指向的文件不存在（{target[:200]}）") from None
        return None
    except OSError as exc:
        raise ReadError(_os_message(exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(info.st_mode)
    if info.st_size > cap:
        raise _too_big(info.st_size, cap)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ReadError(_os_message(exc)) from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):  # replaced between stat and open
            raise _not_regular(opened.st_mode)
        chunks = []
        left = cap + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise ReadError(_os_message(exc)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > cap:
        raise _too_big(None, cap)
    return data


def _too_big(size: int | None, cap: int) -> ReadError:
    shown = f"{_size_text(size)}，" if size is not None else "读取时超过"
    return ReadError(f"文件过大（{shown}上限 {_size_text(cap)}），请检查是否选错了文件；"
                     "确需读取更大的文件，可设环境变量 KJCX_MAX_MB")
