"""Earlier releases beside the current code, measured in the same run (bench/run.py).

Each release is checked out once into a git worktree under bench/out/ and
installed (not editable) into its own venv there; later runs reuse both. Each
runs on the shipped data of its own commit (`--data <worktree>/data`) and on the
same synthetic plans as the current code, with its own plan cache directory.

    0.2  4e8469d  the last commit of the 0.2 work (pyproject's version 0.2.0 came
                  at 2385349; 4e8469d, 28 Nov, is the last before the 0.3 work began)
    0.3  81f3660  "Version 0.3.0"
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
RELEASES = {"0.2": "4e8469d", "0.3": "81f3660"}


class Release:
    """One installed release: its console script, shipped data and cache directory."""

    def __init__(self, name: str, commit: str):
        self.name, self.commit = name, commit
        self.tree = OUT / f"release-{name}"
        self.venv = OUT / f"venv-{name}"
        self.script = self.venv / "bin" / "kjcx"
        self.data = self.tree / "data"
        self.cache = OUT / f"cache-{name}"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.commit})"

    def env(self, base: dict) -> dict:
        return dict(base, KJCX_CACHE_DIR=str(self.cache))

    def install(self) -> None:
        """The worktree and the venv, made once (a few minutes the first time)."""
        if self.script.exists():
            return
        if not (self.tree / "pyproject.toml").exists():
            subprocess.run(["git", "-C", str(HERE.parent), "worktree", "prune"], check=True)
            subprocess.run(["git", "-C", str(HERE.parent), "worktree", "add", "--detach", "--force",
                            str(self.tree), self.commit], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True)
        subprocess.run([str(self.venv / "bin" / "pip"), "install", "-q", str(self.tree)], check=True)


def releases() -> tuple[list[Release], str]:
    """The releases that could be installed, and a note on any that could not."""
    found, failed = [], []
    for name, commit in RELEASES.items():
        release = Release(name, commit)
        try:
            release.install()
        except (OSError, subprocess.CalledProcessError) as exc:
            failed.append(f"{name}: {exc}")
            continue
        found.append(release)
    return found, "; ".join(failed)
