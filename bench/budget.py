"""The budget verdict of a benchmark, written once (bench/init.py, bench/forms.py):
each measurement's median against the same budget, one line each, and the exit code."""

from __future__ import annotations

import statistics
import sys


def report(times: dict[str, list[float]], budget: float, width: int) -> int:
    """Print each name's median (min, max) and ok / OVER BUDGET; 0 when every median is
    under `budget` seconds, else 1."""
    worst = 0.0
    for name, values in times.items():
        median = statistics.median(values)
        worst = max(worst, median)
        verdict = "ok" if median < budget else "OVER BUDGET"
        print(f"  {name:<{width}} {median:6.3f} s   (min {min(values):.3f}, max {max(values):.3f})  {verdict}")
    return 0 if worst < budget else 1


def finish(times: dict[str, list[float]], budget: float, width: int) -> None:
    """`report`, then exit with its code."""
    sys.exit(report(times, budget, width))
