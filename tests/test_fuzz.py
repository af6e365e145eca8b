"""No input crashes kjcx: generated YAML and byte mutations of the seed files
end in a clean report (errors placed in a file) or a loaded plan."""

import datetime
import shutil

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kjcx.method import compute
from kjcx.plan.load import inspect

from conftest import SEED

SEED_TARGETS = (SEED / "targets.yaml").read_bytes()
SEED_TASKS = (SEED / "tasks.yaml").read_bytes()
KEYS = ["plan", "indicators", "name", "start", "end", "id", "unit", "targets", "actuals",
        "baseline", "year", "value", "as_of", "lead", "tasks", "sections", "section",
        "title", "progress", "status", "percent", "direction", "kind", "departments",
        "aliases", "thresholds", "near", "severe", 2020, 2021, 2022, "taregts"]
SCALARS = (st.none() | st.booleans() | st.integers(-10**6, 10**6)
           | st.floats(allow_nan=True, allow_infinity=True)
           | st.text(alphabet="区科技局0123456789.%-: abc，“”\t", max_size=8)
           | st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 12, 31))
           | st.sampled_from(["done", "已完成", "higher", "lower", "flow", "2.59%", "１２０"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5), max_leaves=25)
FUZZ = settings(max_examples=1000, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def assert_clean(directory):
    plan, errors, warnings = inspect(directory)
    for problem in errors + warnings:
        assert problem.file and problem.message and problem.severity in ("error", "warning")
        assert (problem.line is None) == (problem.column is None)
        assert str(problem)
    if plan is None:
        assert errors
    else:
        assert not errors
        for year in plan.years:  # a plan that loads must also compute
            compute.year_status(plan, year)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(document=st.dictionaries(st.sampled_from(["plan", "indicators", "sections", "tasks"]),
                                VALUES, max_size=4),
       tasks_document=VALUES)
def test_generated_yaml_never_crashes(workdir, document, tasks_document):
    (workdir / "targets.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    (workdir / "tasks.yaml").write_text(yaml.safe_dump(tasks_document, allow_unicode=True), encoding="utf-8")
    assert_clean(workdir)


@st.composite
def mutated(draw, original):
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "dup_line", "drop_line"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=6)
                               | st.sampled_from([b":", b"- ", b"  ", b"&a ", b"*a", b"!!python/name:os.system ",
                                                  b"{", b"[", b"\"", b"\t", b"\n", b"\xef\xbb\xbf", "％".encode()]))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 8))]
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            if op == "dup_line":
                lines.insert(i, lines[i])
            else:
                del lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@FUZZ
@given(which=st.sampled_from(["targets.yaml", "tasks.yaml"]), data=st.data())
def test_mutated_seed_files_never_crash(workdir, which, data):
    originals = {"targets.yaml": SEED_TARGETS, "tasks.yaml": SEED_TASKS}
    for name, content in originals.items():
        (workdir / name).write_bytes(data.draw(mutated(content)) if name == which else content)
    assert_clean(workdir)


def test_the_seed_itself_is_clean(workdir):
    shutil.copy(SEED / "targets.yaml", workdir / "targets.yaml")
    shutil.copy(SEED / "tasks.yaml", workdir / "tasks.yaml")
    plan, errors, warnings = inspect(workdir)
    assert plan is not None and errors == [] and warnings == []


# --- mutation fuzzing of the shipped files (issue 9): a fixed-seed sample per run ---------
# bench/fuzz.py runs the same engine over 20,000+ inputs with time and memory guards.

FUZZ_SEED = 20240901
FUZZ_INPUTS = 1000


def test_mutated_seed_files_end_clean_or_in_placed_chinese_errors(tmp_path):
    import signal

    import fuzzing

    def too_slow(signum, frame):
        raise TimeoutError("over 5 s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    results = {"clean": 0, "errors": 0}
    failures = []
    try:
        for number in range(FUZZ_INPUTS):
            directory = tmp_path / "input"
            fuzzing.write_input(directory, fuzzing.make_input(FUZZ_SEED, number))
            signal.setitimer(signal.ITIMER_REAL, 5)
            try:
                results[fuzzing.run(directory, tmp_path / "cache")] += 1
            except Exception as exc:  # noqa: BLE001 - every escape is a finding
                failures.append(f"input {number}: {type(exc).__name__}: {exc}"[:300])
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert failures == [], f"reproduce with: python bench/fuzz.py --seed {FUZZ_SEED} --only N\n" + \
        "\n".join(failures[:20])
    assert results["clean"] > 20 and results["errors"] > 500
