"""Reading a data file without trusting whatever lies at its path.

A data path may name a FIFO, a device (/dev/zero), a symlink to one, a
directory, or a file far larger than any plan. kjcx looks before it opens
(os.stat follows symlinks), opens without blocking and checks the opened file
again, then reads at most the size cap plus one byte: the cap applies to the
bytes actually read, not to what stat said.

Cheap to import (os and stat only): the plan cache reads the files through
here on every command, before anything heavy is imported.
"""

from __future__ import annotations

import errno
import os
import stat

DEFAULT_MAX_MB = 64
MB = 1024 * 1024


class ReadError(Exception):
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


def _os_message(exc: OSError) -> str:
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        return "没有权限读取（请检查该文件及其所在各级目录的权限）"
    if code == errno.ENAMETOOLONG:
        return "路径过长，请检查 --data 或 KJCX_DATA"
    if code == errno.ELOOP:
        return "符号链接层数过多（可能是循环链接）"
    if code == errno.ENOTDIR:
        return "路径中有一段不是目录，请检查 --data 或 KJCX_DATA"
    if code == errno.EISDIR:
        return "这是一个目录，不是文件"
    return f"无法读取文件（{exc.strerror or exc}）"


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
