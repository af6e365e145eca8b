"""Where the plan's files are: --data, $KJCX_DATA, ./data, or the packaged sample."""

from __future__ import annotations

import os
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
    if (local / TARGETS).is_file():
        return local
    return sample_dir()
