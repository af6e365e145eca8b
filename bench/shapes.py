#!/usr/bin/env python
"""Benchmark of the write-back on every file shape `kjcx check` accepts (bench/run.py runs it).

    python bench/shapes.py             # 500 and 5,000 indicators, 3 runs each
    python bench/shapes.py --runs 5

One figure merged into the middle indicator (a dry run of `forms import --write`:
edited and verified exactly as for the write, nothing replaced), timed inside a
fresh process after the plan is loaded. The shapes:

    block      actuals:\\n  2020: 1            (the common one)
    flow       actuals: {2020: 1, 2021: 2}     (the documented flow style)
    anchors    unit: &u 家 … unit: *u          (an anchor and aliases elsewhere)
    parts      - {name: 地区1, targets: {…}}    (one-line parts, 3 an indicator)
    escapes    - {name: "\\u533a1", …}          (part names written with YAML escapes)
    blockentry 2022:\n  value: 3\n  as_of: …       (an entry as a block mapping: the in-place
               editor declines it; ruamel edits the one item's lines)

Budget, on each shape: the 5,000 run costs at most 4 CSafeLoader parses of
the same file (measured in the same process: the edit is one C parse, the
verification one load of the plan), and no more parses than twice the 500
run's: the write-back is linear in the file, never a re-dump per change. (The
ratio to a parse is steadier than seconds on a shared machine.)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PY = sys.executable
SHAPES = ("block", "flow", "anchors", "parts", "escapes", "blockentry")


def generate(directory: Path, shape: str, indicators: int) -> str:
    """A plan of `indicators` in `shape`; returns the id the figure goes to."""
    directory.mkdir(parents=True, exist_ok=True)
    out = ["plan:\n  name: 写回基准计划（示例数据）\n  start: 2020\n  end: 2022\n"
           "  departments:\n    - name: 甲局\n    - name: 乙局\n", "indicators:\n"]
    for i in range(indicators):
        unit = ("&u 家" if i == 0 else "*u") if shape == "anchors" else "家"
        head = f"  - id: ind_{i}\n    name: 指标{i}\n    unit: {unit}\n    lead: [甲局]\n"
        if shape in ("parts", "escapes"):
            out.append(head + "    parts:\n")
            for j in range(3):
                name = f'"\\u533a{j}"' if shape == "escapes" else f"地区{j}"
                out.append(f"      - {{name: {name}, lead: [乙局], targets: {{2021: {10 + j}, 2022: {20 + j}}}, "
                           f"actuals: {{2020: {j}, 2021: {9 + j}}}}}\n")
            continue
        out.append(head + f"    targets: {{2021: {10 + i % 7}, 2022: {20 + i % 7}}}\n")
        if shape == "flow":
            out.append(f"    actuals: {{2020: {i % 5}, 2021: {9 + i % 3}}}\n")
        elif shape == "blockentry":
            out.append(f"    actuals:\n      2022:\n        value: {i % 5}\n        as_of: 2022-03-31\n")
        else:
            out.append(f"    actuals:\n      2020: {i % 5}\n      2021: {9 + i % 3}\n")
    (directory / "targets.yaml").write_text("".join(out), encoding="utf-8")
    middle = f"ind_{indicators // 2}"
    return f"{middle}/区1" if shape == "escapes" else f"{middle}/地区1" if shape == "parts" else middle


STEP = """\
import datetime, gc, sys, time
gc.disable()  # as the kjcx command runs
import yaml
from decimal import Decimal
from pathlib import Path
from kjcx.plan.load import load
from kjcx.plan.model import Actual
from kjcx.round import fastedit
from kjcx.round.forms import Change
from kjcx.round.writeback import write_changes
data, item = Path(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
yaml.load((data / "targets.yaml").read_bytes(), Loader=yaml.CSafeLoader)
parse = time.perf_counter() - start
plan = load(data).plan
change = Change("indicator", item, "", "", 2022, None,
                Actual(Decimal("15.5"), datetime.date(2022, 9, 30), None, None), False, "", "")
start = time.perf_counter()
assert write_changes(data, plan, [change], dry_run=True)
took = time.perf_counter() - start
text = (data / "targets.yaml").read_text(encoding="utf-8")
print(took, parse, fastedit.edit(text, [change], True) is not None)
"""


def measure(shape: str, n: int, runs: int) -> tuple[float, float, bool]:
    """(median seconds of the write-back, median seconds of a CSafeLoader parse of
    the same file in the same process, was the in-place editor used)."""
    directory = OUT / f"shape_{shape}_{n}"
    item = generate(directory, shape, n)
    times, parses, fast = [], [], True
    for _ in range(runs):
        done = subprocess.run([PY, "-c", STEP, str(directory), item], capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{shape} {n}: failed\n{done.stderr}")
        took, parse, used_fast = done.stdout.split()
        times.append(float(took))
        parses.append(float(parse))
        fast = fast and used_fast == "True"
    return statistics.median(times), statistics.median(parses), fast


def rows(runs: int, verdict) -> list:
    """(what, seconds, peak MB, check) rows for bench/run.py's table."""
    out = []
    for shape in SHAPES:
        small, small_parse, _ = measure(shape, 500, runs)
        large, parse, fast = measure(shape, 5000, runs)
        how = "in place" if fast else "round trip"
        out.append((f"write-back, 1 figure, {shape}, 500 ind.", small, None,
                    f"{how}; {small / small_parse:.1f}x its CSafeLoader parse"))
        out.append((f"write-back, 1 figure, {shape}, 5,000 ind.", large, None,
                    verdict(large / parse <= 4 and large / parse <= 2 * small / small_parse,
                            f"{large / parse:.1f}x its CSafeLoader parse (<= 4x, and <= 2x the 500 run's "
                            f"ratio: linear); {large / small:.1f}x the 500 run")))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    ok = True

    def verdict(passed: bool, text: str) -> str:
        nonlocal ok
        ok &= passed
        return f"{'PASS' if passed else 'FAIL'} {text}"

    for name, seconds, _, note in rows(parser.parse_args().runs, verdict):
        print(f"{name:<48} {seconds:9.3f}  {note}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
