#!/usr/bin/env python
"""Benchmark: start-up, scale and the report, as whole processes.

    python bench/run.py            # 1k, 10k, 40k indicators; 5 runs each
    python bench/run.py --quick    # 1k and 10k; 3 runs
    python bench/forms.py          # forms export and import of the shipped plan
    python bench/shapes.py         # the write-back on each file shape (also run here)

Budgets: `kjcx --help` under 2x `python -c "import yaml"`; `status 2021` on the
shipped data under 2.5x warm (plan cache) and 5x cold (KJCX_NO_CACHE=1);
10,000 indicators x 3 years + 2,000 tasks: `status -f json` under 3 s and
300 MB cold and at most 0.35x a bare CSafeLoader parse of the same files, and
so 500 indicators broken down into 30 parts each (分解);
40,000 indicators cost at most 5x the 10,000 run; `report -o x.html` on the
shipped data under 2 s; the 10,000-indicator report is measured; `remind` and
`history` on the shipped data under 1 s each.

Times each command as a separate process (median of several runs) against
floors measured in the same run: `python -c "import yaml"` for start-up, and a
plain yaml.CSafeLoader parse of the same files for scale. Peak memory is the
child's maximum resident set size (wait4). Synthetic plans are written to
bench/out/ (not committed).

Every command runs once untimed first, as a user's first run would: Python
writes its bytecode (PYTHONDONTWRITEBYTECODE is unset for the children) and
kjcx fills its plan cache (bench/out/cache). "warm" rows then reuse that cache;
"cold" rows run with KJCX_NO_CACHE=1 and parse and validate every time.

The releases 0.2 and 0.3 run beside the current code in the same rounds
(bench/versions.py installs each once into bench/out/; --no-releases leaves
them out): their rows give the start-up and 10,000-indicator ratios against the
same floors, measured in the same minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PY = sys.executable
# The console script users run (python -m kjcx would add runpy to every start).
_SCRIPT = Path(PY).parent / "kjcx"
KJCX = [str(_SCRIPT)] if _SCRIPT.exists() else [PY, "-m", "kjcx"]


def generate(directory: Path, indicators: int, tasks: int = 2000, departments: int = 50,
             seed: int = 7) -> None:
    """A plan in the data file format: 3 years, baselines, year-end and part-year actuals."""
    rnd = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    depts = [f"单位{n:02d}" for n in range(departments)]
    out = ["plan:\n  name: 合成基准计划\n  start: 2020\n  end: 2022\n  departments:\n"]
    out += [f"    - name: {d}\n" for d in depts]
    out.append("indicators:\n")
    for i in range(indicators):
        direction = "lower" if i % 11 == 0 else "higher"
        step = -1 if direction == "lower" else 1
        base = rnd.randint(100, 500)
        inc = rnd.randint(1, 20)
        t = [base + step * inc * k for k in (1, 2, 3)]
        a20, a21 = t[0] + rnd.randint(-15, 10), t[1] + rnd.randint(-20, 10)
        kind = "flow" if i % 5 == 0 else "level"
        # block style, as people write the file (40,000 of them: about 14 MB,
        # well under the 64 MB cap); defaults are left out
        extra = ("    direction: lower\n" if direction == "lower" else "") + (
            "    kind: flow\n" if kind == "flow" else "")
        out.append(
            f"  - id: ind_{i}\n    name: 指标{i}\n    unit: 家\n{extra}"
            f"    baseline: {{year: 2019, value: {base}}}\n"
            f"    targets: {{2020: {t[0]}, 2021: {t[1]}, 2022: {t[2]}.5}}\n"
            f"    actuals:\n      2020: {a20}\n      2021: {a21}\n"
            f"      2022:\n        - {{value: {t[2] // 3}, as_of: 2022-03-31}}\n"
            f"        - {{value: {t[2] // 2}, as_of: 2022-06-30}}\n"
            f"    lead: [{depts[i % departments]}]\n    tasks: [{i % tasks + 1}]\n")
    (directory / "targets.yaml").write_text("".join(out), encoding="utf-8")
    out = ["sections:\n"] + [f"  - {{id: {s}, title: 第{s}章}}\n" for s in range(1, 21)]
    out.append("tasks:\n")
    for n in range(1, tasks + 1):
        lead = depts[n % departments]
        parts = ", ".join(rnd.sample([d for d in depts if d != lead], 3))
        out.append(
            f"  - id: {n}\n    section: {n % 20 + 1}\n    title: 任务{n}\n    lead: [{lead}]\n"
            f"    participants: [{parts}]\n    progress:\n"
            f"      2020: {{status: done, percent: 100}}\n"
            f"      2021: {{status: in_progress, percent: {rnd.randint(30, 100)}}}\n"
            f"      2022: {{status: in_progress, percent: {rnd.randint(0, 80)}, as_of: 2022-06-30}}\n")
    (directory / "tasks.yaml").write_text("".join(out), encoding="utf-8")


def generate_parts(directory: Path, indicators: int = 500, parts: int = 30,
                   departments: int = 50, seed: int = 11) -> None:
    """A plan of indicators each broken down into `parts` regions (分解), one line per
    part as a 分解表 is typed; a third of the parts have a lead department."""
    rnd = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    depts = [f"单位{n:02d}" for n in range(departments)]
    out = ["plan:\n  name: 合成分解基准计划\n  start: 2020\n  end: 2022\n  departments:\n"]
    out += [f"    - name: {d}\n" for d in depts]
    out.append("indicators:\n")
    for i in range(indicators):
        kind = "    kind: flow\n" if i % 5 == 0 else ""
        out.append(f"  - id: ind_{i}\n    name: 指标{i}\n    unit: 亿元\n{kind}"
                   f"    lead: [{depts[i % departments]}]\n    parts:\n")
        for j in range(parts):
            base = rnd.randint(10, 500)
            t = [base + rnd.randint(1, 20) * k for k in (1, 2, 3)]
            lead = f", lead: [{depts[(i + j) % departments]}]" if j % 3 == 0 else ""
            out.append(
                f"      - {{name: 地区{j}{lead}, baseline: {{year: 2019, value: {base}}}, "
                f"targets: {{2020: {t[0]}, 2021: {t[1]}, 2022: {t[2]}}}, "
                f"actuals: {{2020: {t[0] + rnd.randint(-15, 10)}, 2021: {t[1] + rnd.randint(-20, 10)}, "
                f"2022: [{{value: {t[2] // 2}, as_of: 2022-06-30}}]}}}}\n")
    (directory / "targets.yaml").write_text("".join(out), encoding="utf-8")


def run_once(cmd: list[str], env=None) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        err = proc.stderr.read().decode(errors="replace")
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err}")
    proc.stderr.close()
    return seconds, usage.ru_maxrss / 1024


def measure(commands: dict[str, tuple[list[str], dict]], rounds: int) -> dict[str, tuple[float, float]]:
    """name -> (median seconds, max peak MB). The commands take turns, round after
    round, so that a floor and what is compared with it see the same machine
    (on a shared VM the speed drifts by half within minutes)."""
    for cmd, env in commands.values():  # first runs: bytecode, plan cache
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    samples: dict[str, list] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, (cmd, env) in commands.items():
            samples[name].append(run_once(cmd, env))
    return {name: (statistics.median(t for t, _ in runs), max(m for _, m in runs))
            for name, runs in samples.items()}


def _filled_forms(directory: Path, out: Path, env: dict) -> int:
    """Every lead department's form for 2022-09-30, every indicator filled in
    (a new figure for each: 10,000 changes). Returns the number of figures."""
    import openpyxl

    if not out.exists():
        subprocess.run(KJCX + ["forms", "export", "2022-09-30", "-o", str(out), "--data", str(directory)],
                       check=True, stdout=subprocess.DEVNULL, env=env)
        for path in sorted(out.glob("*.xlsx")):
            wb = openpyxl.load_workbook(path)
            ws = wb["指标"]
            for row in range(5, ws.max_row + 1):
                if ws.cell(row, 1).value:
                    ws.cell(row, 6).value = 100 + row % 50
            wb.save(path)
    total = 0
    for path in out.glob("*.xlsx"):
        total += openpyxl.load_workbook(path, read_only=True)["指标"].max_row - 4
    return total


def _write_rows(directory: Path, n: int, env: dict, runs: int, verdict) -> list:
    """`forms import --write` of a figure for every indicator, on a fresh copy of
    the data each run; and the write-back step alone (write_changes)."""
    import shutil

    forms = OUT / f"forms_{n}"
    figures = _filled_forms(directory, forms, env)
    copy = OUT / f"write_{n}"
    times, peaks = [], []
    for _ in range(runs):
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(directory, copy)
        # the synthetic figures trip the suspicious-figure check on a few rows: confirmed,
        # as an office would after checking them, so that the write itself is timed
        t, m = run_once(KJCX + ["forms", "import", str(forms), "--data", str(copy), "--write", "--confirm-all"],
                        dict(env, KJCX_NO_CACHE="1"))
        times.append(t)
        peaks.append(m)
    step = [PY, "-c", (
        "import gc, sys, time\n"
        "gc.disable()  # as the kjcx command runs\n"
        "from pathlib import Path\n"
        "from kjcx.plan.load import load\n"
        "from kjcx.round.forms import read_forms\n"
        "from kjcx.round.writeback import write_changes\n"
        "data = Path(sys.argv[1]); plan = load(data).plan\n"
        "changes = read_forms(plan, [Path(sys.argv[2])]).changes\n"
        "start = time.perf_counter(); write_changes(data, plan, changes)\n"
        "print(time.perf_counter() - start)\n"), str(copy), str(forms)]
    alone = []
    for _ in range(runs):
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(directory, copy)
        alone.append(float(subprocess.run(step, capture_output=True, text=True, env=env,
                                          check=True).stdout))
    shutil.rmtree(copy, ignore_errors=True)
    t_step = statistics.median(alone)
    return [(f"forms import --write, {figures:,} figures ({n:,} ind.)", statistics.median(times), max(peaks),
             "50 forms read with openpyxl, edited, verified, committed"),
            ("  of which write-back (write_changes)", t_step, None, verdict(t_step <= 3, "<= 3 s"))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1k and 10k only, 3 runs")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--startup", action="store_true", help="start-up and report rows only")
    parser.add_argument("--no-releases", action="store_true", help="without the 0.2 and 0.3 rows")
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 5)
    sizes = [] if args.startup else [1000, 10000] if args.quick else [1000, 10000, 40000]

    env = dict(os.environ, NO_COLOR="1", KJCX_CACHE_DIR=str(OUT / "cache"))
    for name in ("KJCX_DATA", "KJCX_NO_CACHE", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    cold = dict(env, KJCX_NO_CACHE="1")
    rows = []
    from versions import releases

    released, not_installed = releases() if not args.no_releases else ([], "")
    start = measure({
        "floor": ([PY, "-c", "import yaml"], env),
        "help": (KJCX + ["--help"], env),
        "warm": (KJCX + ["status", "2021"], env),
        "cold": (KJCX + ["status", "2021"], cold),
        **{r.name: ([str(r.script), "status", "2021", "--data", str(r.data)], r.env(env)) for r in released},
    }, runs * 4)
    floor = start["floor"][0]
    help_t, help_m = start["help"]
    status_t, status_m = start["warm"]
    cold_t, cold_m = start["cold"]
    rows.append(("python -c 'import yaml'  (floor)", floor, None, ""))
    ok = True

    def verdict(passed: bool, text: str) -> str:
        nonlocal ok
        ok &= passed
        return f"{'PASS' if passed else 'FAIL'} {text}"

    rows.append(("kjcx --help", help_t, help_m, verdict(help_t <= 2 * floor, f"{help_t / floor:.2f}x floor (<= 2x)")))
    rows.append(("kjcx status 2021  (shipped data, warm)", status_t, status_m,
                 verdict(status_t <= 2.5 * floor, f"{status_t / floor:.2f}x floor (<= 2.5x)")))
    for r in released:
        t_v, m_v = start[r.name]
        rows.append((f"  {r.label}, its shipped data, warm", t_v, m_v, f"{t_v / floor:.2f}x floor"))
    if not_installed:
        rows.append(("  releases not installed", None, None, not_installed))
    rows.append(("kjcx status 2021  (shipped data, cold)", cold_t, cold_m,
                 verdict(cold_t <= 5 * floor, f"{cold_t / floor:.2f}x floor (<= 5x)")))
    report_dir = OUT / "report"
    report_dir.mkdir(parents=True, exist_ok=True)
    report = measure({
        "html": (KJCX + ["report", "2022", "-o", str(report_dir / "x.html"), "--data",
                         str(HERE.parent / "data")], env),
        "docx": (KJCX + ["report", "2022", "-o", str(report_dir / "x.docx"), "--data",
                         str(HERE.parent / "data")], env),
    }, runs)
    rows.append(("kjcx report 2022 -o x.html  (shipped data)", *report["html"],
                 verdict(report["html"][0] <= 2, "<= 2 s")))
    rows.append(("kjcx report 2022 -o x.docx  (shipped data)", *report["docx"],
                 verdict(report["docx"][0] <= 2, "<= 2 s")))
    # 考核: the shipped plan with the example scheme of docs/, and the 7-district example
    examples = HERE.parent / "docs" / "examples"
    score = measure({
        "seed": (KJCX + ["score", "2022", "-f", "json", "--data", str(HERE.parent / "data"),
                         "--scoring", str(examples / "seed_scoring.yaml")], env),
        "kaohe": (KJCX + ["score", "2022", "-f", "json", "--data", str(examples / "kaohe")], env),
    }, runs)
    rows.append(("kjcx score 2022  (shipped data, example scheme)", *score["seed"],
                 verdict(score["seed"][0] <= 1, "<= 1 s")))
    rows.append(("kjcx score 2022  (docs/examples/kaohe)", *score["kaohe"],
                 verdict(score["kaohe"][0] <= 1, "<= 1 s")))
    shipped = str(HERE.parent / "data")  # 督办: remind and history, each under 1 s
    duban = measure({"remind": (KJCX + ["remind", "-f", "json", "--data", shipped], cold),
                     "history": (KJCX + ["history", "tech_contract_turnover", "-f", "json", "--data", shipped],
                                 cold)}, runs)
    for name, label in (("remind", "kjcx remind  (shipped data, cold)"),
                        ("history", "kjcx history ID  (shipped data, cold)")):
        rows.append((label, *duban[name], verdict(duban[name][0] <= 1, "<= 1 s")))

    scale = {}
    for n in sizes:
        directory = OUT / f"plan_v2_{n}"
        if not (directory / "targets.yaml").exists():
            generate(directory, n)
        parse_cmd = [PY, "-c", (
            "import sys, yaml\n"
            "for f in sys.argv[1:]:\n"
            "    yaml.load(open(f, 'rb'), Loader=yaml.CSafeLoader)\n"),
            str(directory / "targets.yaml"), str(directory / "tasks.yaml")]
        command = KJCX + ["status", "2021", "-f", "json", "--data", str(directory)]
        others = {r.name: ([str(r.script), *command[len(KJCX):]], r.env(cold))
                  for r in (released if n == 10000 else [])}
        got = measure({"parse": (parse_cmd, env), "cold": (command, cold), "warm": (command, env), **others},
                      runs)
        (parse_t, parse_m), (t, m), (warm_t, warm_m) = got["parse"], got["cold"], got["warm"]
        scale[n] = t
        size_mb = sum(f.stat().st_size for f in directory.glob("*.yaml")) / 1e6
        rows.append((f"CSafeLoader parse, {n:,} ind. ({size_mb:.1f} MB)", parse_t, parse_m, ""))
        note = f"{t / parse_t:.2f}x parse"
        if n == 10000:
            note = verdict(t <= 3 and m <= 300 and t <= 0.35 * parse_t,
                           f"<= 3 s, <= 300 MB, <= 0.35x parse; {note}")
        rows.append((f"kjcx status 2021 -f json, {n:,} ind., cold", t, m, note))
        for r in released if n == 10000 else []:
            t_v, m_v = got[r.name]
            rows.append((f"  {r.label}, cold", t_v, m_v, f"{t_v / parse_t:.2f}x parse"))
        rows.append((f"kjcx status 2021 -f json, {n:,} ind., warm", warm_t, warm_m, ""))
        if n == 10000:
            html = str(OUT / f"report_{n}.html")
            got = measure({"report": (KJCX + ["report", "2022", "-o", html, "--data",
                                                str(directory)], cold)}, runs)
            t_r, m_r = got["report"]
            rows.append((f"kjcx report 2022 -o x.html, {n:,} ind., cold", t_r, m_r,
                         "charts: the lagging indicators, at most 40"))
            docx = str(OUT / f"report_{n}.docx")
            got = measure({"docx": (KJCX + ["report", "2022", "-o", docx, "--data", str(directory)], env)},
                          runs)
            t_d, m_d = got["docx"]
            rows.append((f"kjcx report 2022 -o x.docx, {n:,} ind., warm", t_d, m_d,
                         verdict(t_d <= 3, "<= 3 s")))
            rows += _write_rows(directory, n, env, runs, verdict)
    if sizes:
        directory = OUT / "plan_parts_500x30"
        if not (directory / "targets.yaml").exists():
            generate_parts(directory)
        command = KJCX + ["status", "2021", "-f", "json", "--data", str(directory)]
        t, m = measure({"cold": (command, cold)}, runs)["cold"]
        rows.append(("kjcx status 2021 -f json, 500 ind. x 30 parts, cold", t, m,
                     verdict(t <= 3 and m <= 300, "<= 3 s and <= 300 MB")))
    if sizes:  # the write-back on every file shape check accepts (bench/shapes.py)
        from shapes import rows as shape_rows

        rows += shape_rows(runs, verdict)
    if 40000 in scale and 10000 in scale:
        ratio = scale[40000] / scale[10000]
        rows.append(("40k / 10k", None, None, verdict(ratio <= 5, f"{ratio:.2f}x (<= 5x; linear is 4x)")))

    print(f"kjcx benchmark: median of {runs} runs ({runs * 4} for start-up), commands interleaved, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"{'what':<48} {'median s':>9} {'peak MB':>8}  check")
    for name, t, m, note in rows:
        ts = f"{t:9.3f}" if t is not None else " " * 9
        ms = f"{m:8.1f}" if m is not None else " " * 8
        print(f"{name:<48} {ts} {ms}  {note}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
