#!/usr/bin/env python
"""The long fuzz run: mutated copies of the shipped data files, each
taken in-process through check, load, the plan cache, every computation and
every output format (tests/fuzzing.py), under a 5 s / 500 MB guard.

    nice python bench/fuzz.py                    # 20,000 inputs, seed 1
    python bench/fuzz.py --inputs 50000 --seed 7 --jobs 2
    python bench/fuzz.py --seed 1 --only 1234    # one input again, with its traceback

Inputs run in worker processes (resource.setrlimit RLIMIT_AS = 500 MB, a 5 s
timer per input; a worker that does not answer within 10 s is killed and the
input counted as a failure). Prints the counts: inputs, clean (the plan loads),
errors (refused with placed Chinese problems), failures (anything else).
Failing inputs are written to bench/out/fuzz/<seed>-<number>/ to reproduce.
"""

from __future__ import annotations

import argparse
import json
import selectors
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

SECONDS = 5
MEMORY = 500 * 1024 * 1024


def worker(seed: int) -> None:
    """Read input numbers from stdin, answer one JSON line each on stdout."""
    import resource
    import signal
    import traceback

    import fuzzing

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    def too_slow(signum, frame):
        raise TimeoutError(f"over {SECONDS} s")

    signal.signal(signal.SIGALRM, too_slow)
    work = Path(tempfile.mkdtemp(prefix="kjcx-fuzz-"))
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing the pipeline prints may garble the answers
    for text in sys.stdin:
        number = int(text)
        started = time.perf_counter()
        answer = {"number": number}
        try:
            fuzzing.write_input(work / "input", fuzzing.make_input(seed, number))
            signal.setitimer(signal.ITIMER_REAL, SECONDS)
            try:
                answer["result"] = fuzzing.run(work / "input", work / "cache")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except BaseException as exc:  # noqa: BLE001 - every escape is a finding
            answer["result"] = "failure"
            answer["detail"] = f"{type(exc).__name__}: {exc}"[:500]
            answer["traceback"] = traceback.format_exc()[-2000:]
        answer["seconds"] = round(time.perf_counter() - started, 3)
        out.write(json.dumps(answer) + "\n")
        out.flush()
        if answer["result"] == "failure" and "MemoryError" in answer.get("detail", ""):
            break  # start afresh: a worker that ran out of memory is suspect


class Pool:
    """Worker processes fed one input number at a time, watched for hangs."""

    def __init__(self, seed: int, jobs: int):
        self.seed, self.jobs = seed, jobs
        self.selector = selectors.DefaultSelector()
        self.busy: dict = {}  # process -> (number, started)

    def _start(self):
        process = subprocess.Popen([sys.executable, __file__, "--worker", "--seed", str(self.seed)],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True, bufsize=1)
        self.selector.register(process.stdout, selectors.EVENT_READ, process)
        return process

    def _stop(self, process):
        self.selector.unregister(process.stdout)
        process.kill()
        process.wait()

    def run(self, numbers, report):
        numbers = iter(numbers)
        idle = [self._start() for _ in range(self.jobs)]
        pending = True
        while pending or self.busy:
            while idle and pending:
                number = next(numbers, None)
                if number is None:
                    pending = False
                    break
                process = idle.pop()
                process.stdin.write(f"{number}\n")
                process.stdin.flush()
                self.busy[process] = (number, time.monotonic())
            for key, _ in self.selector.select(timeout=0.5):
                process = key.data
                text = process.stdout.readline()
                number, _ = self.busy.pop(process)
                if not text:  # died (out of memory, a crash)
                    report({"number": number, "result": "failure", "detail": "worker died"})
                    self._stop(process)
                    idle.append(self._start())
                    continue
                answer = json.loads(text)
                report(answer)
                if answer["result"] == "failure" and "MemoryError" in answer.get("detail", ""):
                    self._stop(process)
                    idle.append(self._start())
                else:
                    idle.append(process)
            now = time.monotonic()
            for process, (number, started) in list(self.busy.items()):
                if now - started > 2 * SECONDS:  # a hang the timer could not break
                    del self.busy[process]
                    report({"number": number, "result": "failure", "detail": "hang: killed after 10 s"})
                    self._stop(process)
                    idle.append(self._start())
        for process in idle:
            self._stop(process)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--only", type=int, help="run this one input in this process and show it")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.seed)
        return 0
    if args.only is not None:
        import fuzzing

        directory = HERE / "out" / "fuzz" / f"{args.seed}-{args.only}"
        fuzzing.write_input(directory, fuzzing.make_input(args.seed, args.only))
        print(f"input in {directory}")
        print(fuzzing.run(directory, directory / "cache"))
        return 0

    counts = {"clean": 0, "errors": 0, "failure": 0}
    slowest = [0.0, None]
    failures = []
    started = time.monotonic()

    def report(answer):
        counts[answer["result"]] += 1
        if answer.get("seconds", 0) > slowest[0]:
            slowest[:] = [answer["seconds"], answer["number"]]
        if answer["result"] == "failure":
            failures.append(answer)
            import fuzzing

            keep = HERE / "out" / "fuzz" / f"{args.seed}-{answer['number']}"
            fuzzing.write_input(keep, fuzzing.make_input(args.seed, answer["number"]))
            (keep / "failure.txt").write_text(answer.get("traceback") or answer["detail"], encoding="utf-8")
        done = sum(counts.values())
        if done % 1000 == 0:
            print(f"  {done} inputs, {time.monotonic() - started:.0f} s: {counts}", flush=True)

    Pool(args.seed, args.jobs).run(range(args.inputs), report)
    elapsed = time.monotonic() - started
    print(f"seed {args.seed}: inputs {sum(counts.values())}, clean {counts['clean']}, "
          f"errors {counts['errors']}, failures {counts['failure']} "
          f"({elapsed:.0f} s; slowest input {slowest[1]}: {slowest[0]} s)")
    for answer in failures[:20]:
        print(f"  input {answer['number']}: {answer['detail']}")
    return 1 if counts["failure"] else 0


if __name__ == "__main__":
    sys.exit(main())
