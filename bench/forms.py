#!/usr/bin/env python
"""Benchmark of the forms and workbooks: export, import and -o x.xlsx for the shipped plan, each under 2 s.

    python bench/forms.py            # 5 runs of each
    python bench/forms.py --runs 9

Each command runs as its own process, as a user runs it (median wall time of
several runs, after one untimed run that writes bytecode and the plan cache).
Work happens in a temporary directory on a copy of data/; the repository's
data files are never written.

    export          kjcx forms export 2022-09-30 -o forms/ --force   (every lead department)
    import          kjcx forms import forms/                          (dry run; forms filled in)
    import --write  the same with --write --confirm-all (the bench's figures are
                    made up, so most are 可疑), on a fresh copy of the data each run
    xlsx status     kjcx status 2022 -o x.xlsx (and indicators, tasks, departments)
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import budget  # bench/budget.py: run as python bench/NAME.py, bench/ is on the path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
_SCRIPT = Path(PY).parent / "kjcx"
KJCX = [str(_SCRIPT)] if _SCRIPT.exists() else [PY, "-m", "kjcx"]
BUDGET = 2.0
AS_OF = "2022-09-30"


def run(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run(KJCX + args, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"kjcx {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def fill(forms: Path) -> int:
    """Fill every input cell of every form, as the departments would."""
    import openpyxl

    filled = 0
    for path in sorted(forms.glob("*.xlsx")):
        wb = openpyxl.load_workbook(path)
        for name, _headers in (("指标", ("本次实际值",)), ("任务", ("状态", "完成百分比"))):
            ws = wb[name]
            top = next(r for r in range(1, 30) if ws.cell(r, 1).value == "编号")
            columns = {ws.cell(top, c).value: c for c in range(1, ws.max_column + 1)}
            for r in range(top + 1, ws.max_row + 1):
                if name == "指标":
                    ws.cell(r, columns["本次实际值"]).value = 100 + r
                    ws.cell(r, columns["截至日期"]).value = datetime.datetime(2022, 9, 30)
                else:
                    ws.cell(r, columns["状态"]).value = "推进中"
                    ws.cell(r, columns["完成百分比"]).value = 70
                filled += 1
        wb.save(path)
    return filled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="kjcx-bench-forms-") as tmp:
        work = Path(tmp)
        data = work / "data"
        shutil.copytree(ROOT / "data", data)
        forms = work / "forms"
        env = {**os.environ, "KJCX_CACHE_DIR": str(work / "cache"), "PYTHONDONTWRITEBYTECODE": ""}
        env.pop("KJCX_DATA", None)
        export = ["forms", "export", AS_OF, "-o", str(forms), "--force", "--data", str(data)]
        run(export, env)  # untimed: bytecode, cache
        times = {"export": [run(export, env) for _ in range(runs)]}
        rows = fill(forms)
        dry = ["forms", "import", str(forms), "--data", str(data), "-f", "json"]
        run(dry, env)
        times["import"] = [run(dry, env) for _ in range(runs)]
        times["import --write"] = []
        for _ in range(runs):
            shutil.rmtree(data)
            shutil.copytree(ROOT / "data", data)
            times["import --write"].append(run(dry + ["--write", "--confirm-all"], env))
        shutil.rmtree(data)
        shutil.copytree(ROOT / "data", data)
        for command in (["status", "2022"], ["indicators"], ["tasks", "2022"], ["departments", "2022"]):
            args = command + ["--data", str(data), "-o", str(work / "x.xlsx")]
            times[f"xlsx {command[0]}"] = [run(args, env) for _ in range(runs)]
        count = len(list(forms.glob("*.xlsx")))
    print(f"shipped plan: {count} forms, {rows} rows filled; median of {runs} runs "
          f"(budget {BUDGET:.1f} s each)")
    budget.finish(times, BUDGET, width=16)


if __name__ == "__main__":
    main()
