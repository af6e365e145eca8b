"""Exact output snapshots: what a person sees, byte for byte.

Each case runs one command on the seed data (or docs/examples/fenjie) and compares its
whole output with the file tests/snapshots/<name>.txt. A refactor of the tables, the
column registry or the writers must leave these bytes alone.

To regenerate them after an intended change of output, run

    KJCX_UPDATE_SNAPSHOTS=1 pytest -q tests/test_snapshots.py

then read `git diff tests/snapshots/` line by line before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ROOT, SEED

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
FENJIE = ROOT / "docs" / "examples" / "fenjie"

# name -> (data directory, COLUMNS, arguments)
CASES: dict[str, tuple[Path, int, tuple[str, ...]]] = {}
for _fmt, _widths in (("plain", (80, 120)), ("markdown", (120,))):
    for _width in _widths:
        _suffix = f"{_fmt}-{_width}" if _fmt == "plain" else _fmt
        CASES[f"status-2021-{_suffix}"] = (SEED, _width, ("status", "2021", "-f", _fmt))
        CASES[f"status-2022-{_suffix}"] = (SEED, _width, ("status", "2022", "-f", _fmt))
        CASES[f"departments-2022-{_suffix}"] = (SEED, _width, ("departments", "2022", "-f", _fmt))
        CASES[f"parts-fenjie-{_suffix}"] = (FENJIE, _width, ("parts", "high_tech_enterprises", "2023", "-f", _fmt))
# The other commands' views, once each, so a view per command is pinned too.
for _name, _args in {
    "indicators-2022-plain": ("indicators", "2022", "-f", "plain"),
    "indicators-2022-csv": ("indicators", "2022", "-f", "csv"),
    "indicators-2022-json": ("indicators", "2022", "-f", "json"),
    "tasks-2022-plain": ("tasks", "2022", "-f", "plain"),
    "tasks-2022-json": ("tasks", "2022", "-f", "json"),
    "status-2022-json": ("status", "2022", "-f", "json"),
    "status-2022-csv": ("status", "2022", "-f", "csv"),
    "departments-2022-json": ("departments", "2022", "-f", "json"),
    "departments-2022-csv": ("departments", "2022", "-f", "csv"),
    "explain-indicator-plain": ("explain", "high_tech_enterprises", "2022", "-f", "plain"),
    "explain-task-markdown": ("explain", "15", "2022", "-f", "markdown"),
    "explain-department-plain": ("explain", "区科技局", "2022", "-f", "plain"),
    "diff-plain": ("diff", "2022-03-31", "2022-06-30", "-f", "plain"),
    "diff-markdown": ("diff", "2022-03-31", "2022-06-30", "-f", "markdown"),
    "brief-2022-text": ("brief", "2022"),
    "check-text": ("check",),
}.items():
    CASES[_name] = (SEED, 120, _args)
WARN = Path(__file__).resolve().parent / "warn"
CASES["check-warn-text"] = (WARN, 120, ("check",))
CASES["check-warn-json"] = (WARN, 120, ("check", "-f", "json"))
CASES["status-warn-plain"] = (WARN, 120, ("status", "-f", "plain"))
CASES["status-2022-table-120"] = (SEED, 120, ("status", "2022", "-f", "table", "--no-color"))
CASES["departments-2022-table-80"] = (SEED, 80, ("departments", "2022", "-f", "table", "--no-color"))
CASES["parts-fenjie-table-80"] = (FENJIE, 80, ("parts", "high_tech_enterprises", "2023", "-f", "table", "--no-color"))
CASES["parts-fenjie-json"] = (FENJIE, 120, ("parts", "high_tech_enterprises", "2023", "-f", "json"))
CASES["parts-fenjie-csv"] = (FENJIE, 120, ("parts", "high_tech_enterprises", "2023", "-f", "csv"))
# 考核 (docs/score.md): the worked example of seven districts
KAOHE = ROOT / "docs" / "examples" / "kaohe"
CASES["score-kaohe-plain-80"] = (KAOHE, 80, ("score", "2022", "-f", "plain"))
CASES["score-kaohe-table-120"] = (KAOHE, 120, ("score", "2022", "-f", "table", "--no-color"))
CASES["score-kaohe-departments-markdown"] = (KAOHE, 120, ("score", "--scheme", "departments2022", "-f", "markdown"))
CASES["score-kaohe-json"] = (KAOHE, 120, ("score", "2022", "-f", "json"))
CASES["score-kaohe-explain-plain"] = (KAOHE, 120, ("explain", "score:丙区", "2022", "-f", "plain"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_snapshot(kjcx, name):
    data, width, args = CASES[name]
    result = kjcx("--data", data, *args, env={"COLUMNS": str(width)})
    # The checkout's own path varies between machines and worktrees: written as <ROOT>.
    got = f"exit {result.exit_code}\n{result.output}".replace(str(ROOT), "<ROOT>")
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("KJCX_UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_bytes(got.encode("utf-8"))
    # The whole output, byte for byte, as it was when the snapshot was taken.
    assert got.encode("utf-8") == path.read_bytes()
