#!/usr/bin/env python
"""Fuzz of returned forms at scale: hostile workbooks through import and write-back.

    python bench/forms_fuzz.py              # 5,000 workbooks, seed 1
    python bench/forms_fuzz.py -n 20000 --seed 7

Each workbook is one of the mini plan's exported forms mutated on its XML
(tests/forms_fuzzing.py: long and odd text, error and boolean cells, formulas,
rich text, numbers past every bound, an edited hidden sheet, bomb-shaped
parts, flipped bytes, truncation), imported with a fresh copy of the data, and
written when it is clean. Counted: tracebacks, hangs (over 5 s), and writes
from a form with an error, all of which must be 0; and the slowest workbook.
Work happens in a temporary directory; the repository is never written.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from forms_fuzzing import exported_forms, mutate, run_one  # noqa: E402

MINI = ROOT / "tests" / "forms" / "mini"
HANG_S = 5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=5000, help="workbooks (default 5,000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    counts: dict[str, int] = {}
    slowest = (0.0, "")
    failures = []

    def hang(*_):
        raise TimeoutError(f"over {HANG_S} s")

    signal.signal(signal.SIGALRM, hang)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kjcx-forms-fuzz-") as tmp:
        work = Path(tmp)
        shutil.copytree(MINI, work / "seed")
        base = exported_forms(work / "seed", work / "exported")
        for n in range(args.n):
            data = work / "data"
            shutil.copytree(MINI, data)
            content, name, what = mutate(rng, base)
            form = work / "form" / name
            form.parent.mkdir(exist_ok=True)
            form.write_bytes(content)
            began = time.perf_counter()
            signal.alarm(HANG_S)
            try:
                outcome, detail = run_one(data, form)
            except TimeoutError:
                outcome, detail = "hang", what
            finally:
                signal.alarm(0)
            took = time.perf_counter() - began
            if outcome == "traceback" and "TimeoutError" in detail:
                outcome = "hang"
            slowest = max(slowest, (took, what))
            counts[outcome] = counts.get(outcome, 0) + 1
            if outcome in ("traceback", "hang", "wrote-with-errors"):
                failures.append((n, outcome, what, detail))
            shutil.rmtree(data)
            shutil.rmtree(form.parent)
            if (n + 1) % 1000 == 0:  # progress, as bench/fuzz.py prints it
                print(f"  {n + 1} workbooks, {time.perf_counter() - start:.0f} s: {counts}", flush=True)
    total = time.perf_counter() - start
    print(f"kjcx forms fuzz: {args.n:,} workbooks, seed {args.seed}, {total:.0f} s "
          f"({total / args.n * 1000:.0f} ms each), slowest {slowest[0]:.2f} s ({slowest[1][:60]})")
    for outcome in ("ok", "refused", "write-refused", "traceback", "hang", "wrote-with-errors"):
        print(f"  {outcome:<18} {counts.get(outcome, 0):>7,}")
    for n, outcome, what, detail in failures[:10]:
        print(f"\n#{n} {outcome}: {what}\n{detail}")
    bad = sum(counts.get(k, 0) for k in ("traceback", "hang", "wrote-with-errors"))
    print("PASS" if bad == 0 else f"FAIL: {bad} workbooks")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
