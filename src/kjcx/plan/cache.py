"""Validated plans cached by content, so that repeated commands on unchanged
files skip YAML parsing and pydantic (whose import alone costs more than the
whole start-up budget measured by bench/run.py).

Safe by construction:

- The key and the plan come from the same bytes: each data file is read once
  (files.read_data), those bytes are hashed for the key and handed to the
  loader, so an edit in between cannot store a plan under another content's key.
  The key also covers kjcx's version, the Python version and every module of the
  package (`code_signature`: each kjcx/**/*.py file's path, size, mtime and
  inode, as Python's own bytecode check trusts size and mtime), so after an
  edit of any module (an editable install) or an upgrade the plan is validated
  by the code as it is now.
- A cache directory is used only when it is owned by the current user and
  writable by nobody else (as ssh treats ~/.ssh); kjcx creates it 0700 whatever
  the umask. All work inside happens relative to the directory descriptor that
  passed that check. An entry is read only when it is a regular file owned by
  the user and not writable by group or others.
- Entries are data, not code: plain values in marshal's format (str, int, bool,
  None, bytes, tuples, lists, dicts; no pickle), rebuilt into the model's own
  records by `_decode`, which calls nothing but Decimal, date, the enum and
  object.__new__ of a model record, checks each record's field count, and
  refuses every other type; an entry also carries its own key. Anything that
  fails to decode is a miss. (marshal is built into Python: the msgpack decoder
  this replaced cost a sixth of a warm start to import and set up.)
- Entries are named kjcx-<sha256>.marshal, and only files of exactly that shape
  (0.3's kjcx-<sha256>.msgpack too, and kjcx's own leftover temp files) owned by
  the user are ever evicted.
- No usable directory (no HOME and no passwd entry, a read-only home, a full
  disk, a directory owned by someone else) means no cache, never an error.

    KJCX_CACHE_DIR   where to keep entries (default: $XDG_CACHE_HOME/kjcx, else ~/.cache/kjcx)
    KJCX_NO_CACHE=1  always validate afresh
"""

from __future__ import annotations

import dataclasses
import datetime
import marshal
import os
import stat
import sys
import time
from decimal import Decimal
from enum import Enum
from pathlib import Path

from kjcx import __version__
from kjcx.plan import model
from kjcx.plan.datadir import TARGETS, TASKS
from kjcx.plan.files import ReadError, read_data
from kjcx.plan.model import ActionPlan

PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # kjcx/: every module counts
KEEP = 32  # entries; older ones are removed
PREFIX, SUFFIX, TMP_SUFFIX = "kjcx-", ".marshal", ".tmp"
_LEGACY_SUFFIX = ".msgpack"  # 0.3's entries: evicted like ours, never read
_HEX = frozenset("0123456789abcdef")
_STALE_TMP_SECONDS = 3600
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def cache_dir() -> Path | None:
    """Where entries live; None when there is no sensible place (no usable home)."""
    explicit = os.environ.get("KJCX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):  # XDG: a relative path is to be ignored
        return Path(base) / "kjcx"
    try:
        home = Path.home()  # RuntimeError without HOME and without a passwd entry
    except Exception:  # noqa: BLE001 - any failure here only means: no cache
        return None
    if not home.is_absolute() or home == Path(home.anchor):
        return None
    return home / ".cache" / "kjcx"


def enabled() -> bool:
    return os.environ.get("KJCX_NO_CACHE", "") in ("", "0")


def entry_name(entry_key: str) -> str:
    return f"{PREFIX}{entry_key}{SUFFIX}"


def is_entry_name(name: str, suffix: str = SUFFIX) -> bool:
    """kjcx-<64 hex>.marshal: the only names kjcx reads or evicts as entries."""
    body = name[len(PREFIX):-len(suffix)]
    return (name.startswith(PREFIX) and name.endswith(suffix) and len(body) == 64
            and set(body) <= _HEX)


def _is_tmp_name(name: str) -> bool:
    body = name[len(PREFIX):-len(TMP_SUFFIX)]
    return (name.startswith(PREFIX) and name.endswith(TMP_SUFFIX) and len(body) == 32
            and set(body) <= _HEX)


def read_files(data_dir: Path) -> dict[str, bytes | None] | None:
    """Each data file's bytes (None: absent), read once; None when one can't be read."""
    raw: dict[str, bytes | None] = {}
    for name in (TARGETS, TASKS):
        try:
            raw[name] = read_data(data_dir / name)
        except ReadError:
            return None  # the loader reads again and says why
    if raw[TARGETS] is None:
        return None
    return raw


def _sha256(data: bytes):
    """hashlib.sha256 without hashlib's import (OpenSSL: 2-3 ms of every start-up)."""
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # CPython 3.12+
        except ImportError:
            from hashlib import sha256
    return sha256(data)


def code_signature(root: str | os.PathLike = PACKAGE) -> str:
    """(path, size, mtime, inode) of every .py file under `root` (the kjcx package).

    Any module may change what a plan validates to or what its warnings say (the
    model, the reader, the rules, and the method and round modules the rules use),
    so all of them count. A stat per file (about 80): hashing their contents would
    cost more than the rest of a warm start. An edit that keeps a file's size,
    its inode and its mtime to the nanosecond is not seen."""
    found: list[tuple] = []
    top = os.fspath(root)
    pending = [top]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as items:
                for item in items:
                    if item.name.endswith(".py"):
                        info = item.stat()
                        found.append((item.path[len(top):], info.st_size, info.st_mtime_ns, info.st_ino))
                    elif item.name != "__pycache__" and item.is_dir(follow_symlinks=False):
                        pending.append(item.path)
        except OSError:
            found.append((directory, "unreadable"))
    found.sort()
    return repr(found)


def key(raw: dict[str, bytes | None]) -> str:
    """Hash of the files' bytes and of the package's code."""
    digest = _sha256(f"kjcx {__version__} py{sys.version_info[:2]}".encode())
    digest.update(code_signature(PACKAGE).encode())
    for name in (TARGETS, TASKS):
        data = raw.get(name)
        if data is None:
            digest.update(f"{name}:absent;".encode())
            continue
        digest.update(f"{name}:{len(data)};".encode())
        digest.update(data)
    return digest.hexdigest()


def _private(info: os.stat_result) -> bool:
    """Owned by the current user and writable by nobody else."""
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def open_dir(directory: Path | None, *, create: bool) -> int | None:
    """A descriptor of the cache directory if it is safe to use, else None."""
    if directory is None:
        return None
    created = False
    if create:
        missing = [directory, *(p for p in directory.parents if not p.exists())]
        try:
            for path in reversed(missing):  # ~/.cache too, if absent: 0700, not umask-wide
                try:
                    os.mkdir(path, 0o700)
                    created = path == directory
                except FileExistsError:
                    pass
        except OSError:
            return None
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | _O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if created and info.st_uid == os.geteuid():
            os.fchmod(fd, 0o700)  # mkdir's mode is filtered by the umask (umask 000: 0777)
            info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode) and _private(info):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


# The model's records and enums by number, in name order (the key covers the code,
# so a reader always has the writer's list).
_RECORDS = tuple(sorted((c for c in vars(model).values()
                         if isinstance(c, type) and "__dataclass_fields__" in c.__dict__),
                        key=lambda c: c.__name__))
_FIELDS = tuple(tuple(f.name for f in dataclasses.fields(c)) for c in _RECORDS)
_NUMBER = {c: i for i, c in enumerate(_RECORDS)}
_ENUMS = tuple(sorted((c for c in vars(model).values() if isinstance(c, type) and issubclass(c, Enum)
                       and c is not Enum and c.__module__ == model.__name__), key=lambda c: c.__name__))
_PLAIN = frozenset({str, int, bool, type(None)})


def _encode(value):
    """A plan as marshal's plain values: a record is (number, *fields), a Decimal its
    text as bytes, a date ("d", ordinal), an enum member ("e", number, value)."""
    kind = value.__class__
    if kind in _PLAIN:
        return value
    if kind is Decimal:
        return str(value).encode("ascii")
    if kind is list:
        return [_encode(v) for v in value]
    if kind is dict:
        return {k: _encode(v) for k, v in value.items()}
    if kind is datetime.date:
        return ("d", value.toordinal())
    if kind in _ENUMS:
        return ("e", _ENUMS.index(kind), value.value)
    number = _NUMBER[kind]  # KeyError for anything else: no entry is written
    return (number, *[_encode(value.__dict__[name]) for name in _FIELDS[number]])


def _decode(value):
    """The inverse of _encode; ValueError (a miss) for anything it did not write.
    Plain values are passed over inline: 10,000 indicators hold half a million."""
    kind = value.__class__
    if kind is tuple:
        tag = value[0]
        if tag.__class__ is int:
            cls, names = _RECORDS[tag], _FIELDS[tag]
            if len(value) != len(names) + 1:
                raise ValueError("a record with other fields")
            record = object.__new__(cls)
            record.__dict__.update(zip(names, [v if v.__class__ in _PLAIN else _decode(v)
                                               for v in value[1:]]))
            return record
        if tag == "d" and len(value) == 2:
            return datetime.date.fromordinal(value[1])
        if tag == "e" and len(value) == 3:
            return _ENUMS[value[1]](value[2])
    elif kind is bytes:
        return Decimal(value.decode("ascii"))
    elif kind is list:
        return [v if v.__class__ in _PLAIN else _decode(v) for v in value]
    elif kind is dict:
        return {k: (v if v.__class__ in _PLAIN else _decode(v)) for k, v in value.items()}
    raise ValueError(f"not an entry's value: {kind.__name__}")


def encode_entry(entry_key: str, plan: ActionPlan, warnings: int) -> bytes:
    return marshal.dumps((entry_key, warnings, _encode(plan)))


def decode_entry(data: bytes) -> tuple[str, ActionPlan, int]:
    """(key, plan, warnings) of an entry; ValueError, EOFError or TypeError if it is not one."""
    stored_key, warnings, tree = marshal.loads(data)
    plan = _decode(tree)
    if type(stored_key) is not str or type(warnings) is not int or type(plan) is not ActionPlan:
        raise ValueError("not an entry")
    return stored_key, plan, warnings


def get(entry_key: str) -> tuple[ActionPlan, int] | None:
    directory = open_dir(cache_dir(), create=False)
    if directory is None:
        return None
    try:
        return _get(directory, entry_key)
    finally:
        os.close(directory)


def _get(directory: int, entry_key: str) -> tuple[ActionPlan, int] | None:
    name = entry_name(entry_key)
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | _O_CLOEXEC,
                     dir_fd=directory)
    except OSError:  # absent (a miss), or a symlink planted in its place
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _private(info):
            return None  # not ours: leave it alone
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        stored_key, plan, warnings = decode_entry(b"".join(chunks))
    except Exception:  # noqa: BLE001 - truncated or from another kjcx: a miss, ours to remove
        try:
            os.unlink(name, dir_fd=directory)
        except OSError:
            pass
        return None
    if stored_key != entry_key:
        return None
    return plan, warnings


def put(entry_key: str, plan: ActionPlan, warnings: int) -> None:
    try:
        data = encode_entry(entry_key, plan, warnings)
    except Exception:  # noqa: BLE001 - a value the entry format cannot hold: no cache
        return
    directory = open_dir(cache_dir(), create=True)
    if directory is None:
        return
    tmp = f"{PREFIX}{os.urandom(16).hex()}{TMP_SUFFIX}"
    try:
        try:
            there = os.stat(entry_name(entry_key), dir_fd=directory, follow_symlinks=False)
        except FileNotFoundError:
            pass
        else:
            if not stat.S_ISREG(there.st_mode) or there.st_uid != os.geteuid():
                return  # something of someone else's under our name: leave it be
        # temp file + rename: a reader never sees half an entry. Not files.write_atomically:
        # in a shared cache directory every step goes through the directory's fd (no
        # symlink swapped in), the entry is private (0600), and it needs no fsync (an
        # entry lost in a crash is only a miss, and every miss would pay for one)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | _O_CLOEXEC,
                     0o600, dir_fd=directory)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, entry_name(entry_key), src_dir_fd=directory, dst_dir_fd=directory)
        _evict(directory)
    except OSError:  # read-only home, full disk: work on without the cache
        try:
            os.unlink(tmp, dir_fd=directory)
        except OSError:
            pass
    finally:
        os.close(directory)


def _evict(directory: int) -> None:
    """Remove all but the newest KEEP entries, and stale temp files: kjcx's own only."""
    entries, doomed = [], []
    now = time.time()
    with os.scandir(directory) as items:
        for item in items:
            entry = is_entry_name(item.name) or is_entry_name(item.name, _LEGACY_SUFFIX)
            tmp = _is_tmp_name(item.name)
            if not (entry or tmp):
                continue  # not a name kjcx writes: never touched
            try:
                info = item.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
                continue
            if entry:
                entries.append((info.st_mtime_ns, item.name))
            elif now - info.st_mtime > _STALE_TMP_SECONDS:
                doomed.append(item.name)  # a crashed writer's leftover
    entries.sort()
    doomed += [name for _, name in entries[:-KEEP]]
    for name in doomed:
        try:
            os.unlink(name, dir_fd=directory)
        except OSError:
            pass


def load_plan(data_dir: Path) -> tuple[ActionPlan, int]:
    """(plan, number of warnings), from the cache when the files are unchanged.

    Raises load.DataError for invalid data (never cached)."""
    data_dir = Path(data_dir)
    raw = read_files(data_dir) if enabled() else None
    entry_key = key(raw) if raw is not None else None
    if entry_key is not None:
        hit = get(entry_key)
        if hit is not None:
            return hit
    from kjcx.plan.load import load  # imports pydantic: only on a miss

    loaded = load(data_dir, raw=raw)
    if entry_key is not None:
        put(entry_key, loaded.plan, len(loaded.warnings))
    return loaded.plan, len(loaded.warnings)
