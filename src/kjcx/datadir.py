"""Where the plan's files are: --data, $KJCX_DATA, ./data, or the packaged sample."""

from __future__ import annotations

import os
import stat
from pathlib import Path

TARGETS = "targets.yaml"
TASKS = "tasks.yaml"


def sample_dir() -> Path:
    """The packaged sample plan (the seed), or the checkout's data/ in development."""
    packaged = Path(__file__).parent / "sample"
    if (packaged / TARGETS).exists():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


def resolve_data_dir(option: str | os.PathLike | None) -> Path:
    """--data, else $KJCX_DATA, else ./data (when it holds targets.yaml), else the sample."""
    if option:
        return Path(option)
    env = os.environ.get("KJCX_DATA")
    if env:
        return Path(env)
    local = Path("data")
    if os.path.isfile(local / TARGETS):  # False, not an exception, without permission
        return local
    return sample_dir()


def not_a_directory(directory: Path) -> str | None:
    """Why `directory` cannot be a data directory, if it exists and is something else.

    A file, FIFO or device given as --data is refused without being read."""
    try:
        mode = os.stat(directory).st_mode
    except (OSError, ValueError):
        return None  # absent or unreachable: reading targets.yaml says why
    if stat.S_ISDIR(mode):
        return None
    if stat.S_ISREG(mode):
        kind = "一个文件"
    elif stat.S_ISFIFO(mode):
        kind = "命名管道（FIFO）"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "设备文件"
    else:
        kind = "特殊文件"
    return f"“{directory}” 是{kind}，不是目录；请指向含 targets.yaml 的数据目录"
