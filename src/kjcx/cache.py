"""Validated plans cached by content, so that repeated commands on unchanged
files skip YAML parsing and pydantic (whose import alone costs more than the
whole start-up budget of SPEC §6).

The key is a hash of both data files' bytes and of the code that validates
them, so any edit to a file (or to kjcx) is a miss. Entries live in the
user's cache directory, never beside the data; anything unreadable there is
a miss, and a cache that cannot be written is silently skipped.

Entries are pickles: the directory must be writable by its user alone.

    KJCX_CACHE_DIR   where to keep entries (default: $XDG_CACHE_HOME/kjcx)
    KJCX_NO_CACHE=1  always validate afresh
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from kjcx import __version__
from kjcx.datadir import TARGETS, TASKS
from kjcx.model import ActionPlan

# The code whose behaviour decides what a plan validates to.
_CODE = ("model.py", "yamlfile.py", "load.py", "rules.py", "datadir.py", "cache.py")
KEEP = 32  # entries; older ones are removed
_MAX_BYTES = 10 * 1024 * 1024


def cache_dir() -> Path:
    explicit = os.environ.get("KJCX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kjcx"


def enabled() -> bool:
    return os.environ.get("KJCX_NO_CACHE", "") in ("", "0")


def key(data_dir: Path) -> str | None:
    """Hash of the files and the validating code; None when the files can't be read."""
    digest = hashlib.sha256(f"kjcx {__version__} py{sys.version_info[:2]}".encode())
    here = Path(__file__).parent
    for name in _CODE:
        stat = (here / name).stat()
        digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    for name in (TARGETS, TASKS):
        path = data_dir / name
        try:
            if path.stat().st_size > _MAX_BYTES:
                return None
            data = path.read_bytes()
        except FileNotFoundError:
            digest.update(f"{name}:absent;".encode())
            continue
        except OSError:
            return None
        digest.update(f"{name}:{len(data)};".encode())
        digest.update(data)
    return digest.hexdigest()


def get(entry_key: str) -> tuple[ActionPlan, int] | None:
    path = cache_dir() / f"{entry_key}.pickle"
    try:
        with open(path, "rb") as f:
            plan, warnings = pickle.load(f)
    except OSError:  # absent, or no cache directory to read
        return None
    except Exception:  # truncated, or written by another kjcx: a miss
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
        return None
    if not isinstance(plan, ActionPlan) or not isinstance(warnings, int):
        return None
    return plan, warnings


def put(entry_key: str, plan: ActionPlan, warnings: int) -> None:
    import tempfile  # only on a miss; costs start-up time otherwise

    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # temp file + rename: a reader never sees half an entry
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump((plan, warnings), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, directory / f"{entry_key}.pickle")
        entries = sorted(directory.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # read-only home, full disk: work on without the cache


def load_plan(data_dir: Path) -> tuple[ActionPlan, int]:
    """(plan, number of warnings), from the cache when the files are unchanged.

    Raises load.DataError for invalid data (never cached)."""
    entry_key = key(data_dir) if enabled() else None
    if entry_key is not None:
        hit = get(entry_key)
        if hit is not None:
            return hit
    from kjcx.load import load  # imports pydantic: only on a miss

    loaded = load(data_dir)
    if entry_key is not None:
        put(entry_key, loaded.plan, len(loaded.warnings))
    return loaded.plan, len(loaded.warnings)
