#!/usr/bin/env python
"""Benchmark of `kjcx init --from`: the seed plan document drafted, under 1 s.

    python bench/init.py            # 5 runs of each
    python bench/init.py --runs 9

Each run is its own process, as a user runs it (median wall time, after one untimed
run that writes bytecode), into a fresh directory of a temporary tree:

    txt     kjcx init d --from tests/drafts/seed.txt
    docx    the same from a Word file built from it (headings as paragraphs, the annex
            as a real table; python-docx is imported only for a .docx)
"""

from __future__ import annotations

import argparse
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
BUDGET = 1.0
SEED = ROOT / "tests" / "drafts" / "seed.txt"


def run(source: Path, out: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(KJCX + ["init", str(out), "--from", str(source)], capture_output=True, text=True,
                          check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"kjcx init --from {source} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    sys.path.insert(0, str(ROOT / "tests"))
    from test_init import seed_docx  # the same Word file the tests draft

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sources = {"txt": SEED, "docx": seed_docx(work / "计划.docx")}
        times = {}
        for name, source in sources.items():
            run(source, work / f"warm-{name}")
            times[name] = [run(source, work / f"{name}-{k}") for k in range(runs)]
    print(f"kjcx init --from the seed plan: median of {runs} runs (budget {BUDGET:.1f} s each)")
    budget.finish(times, BUDGET, width=5)


if __name__ == "__main__":
    main()
