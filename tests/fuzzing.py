"""Mutation fuzzing of the shipped data files (issue 9): the engine shared by
tests/test_fuzz.py (a fixed-seed sample in every CI run) and bench/fuzz.py
(the long run).

An input is the seed's targets.yaml and tasks.yaml with one to four mutations
of one or both files: byte flips, token inserts (dates, big exponents, tags,
aliases, control characters, forged CI commands), line dup/drop/swap, key
edits and value edits. Input number i of seed s is always the same bytes, so
a failure is reproduced by its number alone.

`run(directory)` takes one input through what the command line does with it:
check (text, JSON, GitHub), load (and the plan cache, cold and warm), and for a
plan that loads every year's computation in every output format. It returns
"clean" (the plan loads), "errors" (refused with well-formed problems), or
raises AssertionError / the exception that escaped: a failure.
"""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_FILES = {name: (ROOT / "data" / name).read_bytes() for name in ("targets.yaml", "tasks.yaml")}

TOKENS = [
    # dates where numbers or years belong, impossible dates
    b"2021-06-30", b"20220630", b"0000-01-01", b"2021-02-30", b"9999-12-31", b"2030-01-01",
    # numbers: huge, tiny, long, YAML 1.1 oddities
    b"1.0e+999999", b"1.0e-999990", b"1e5", b"1e20", b"123456789012345678901234567", b"0.1234567890123456",
    b"1:30", b"0x1F", b"017", b".inf", b".nan", b"-0", b"1_000",
    # tags
    b"!!python/object/apply:os.system ", b"!!timestamp ", b"!!int ", b"!!float ", b"!!bool ", b"!!null ",
    b"!!binary ", b"!!set ", b"!!omap ", b"!!str ", b"!custom ", b"!!timestamp abc", b'!!int ""', b'!!int "-"',
    # aliases and anchors
    b"&a ", b"*a", b"*nowhere", b"<<: *a", b"&b [1, 2] ", b"*b",
    # text that must stay harmless when printed
    b"\x01", b"\x1b]0;pwned\x07", b"\t", b'"x\\n::error::forged"', b"'=1+1'", b"\xe2\x80\xae",
    # structure
    b":", b"- ", b"  ", b"{", b"}", b"[", b"]", b'"', b"'", b"\n", b"#", b"---\n", b"\xef\xbb\xbf",
    b"\xef\xbc\x85", b"\xef\xbc\x90",  # full-width % and 0
    b"\xc0", b"\x00",
]
# plausible values: keep some inputs loadable, so that computing and printing odd
# but valid plans is fuzzed too
VALUES = [b"0", b"-1", b"0.000001", b"999999999999999", b"100", b"1.5", b"2021-06-30", b"2022-12-31",
          b"2019-01-01", b"null", b"[]", b"{}", b"done", b"\xe5\xb7\xb2\xe5\xae\x8c\xe6\x88\x90", b"behind",
          b"lower", b"flow", b"true", b"2020", b"2022", b"[1, 2]", b"{value: 1, as_of: 2021-03-31}",
          b'"=cmd|x"', b'"\\e]0;t\\a"', b'"a\\nb"']
KEYS = [b"plan", b"indicators", b"name", b"start", b"end", b"id", b"unit", b"targets", b"actuals",
        b"baseline", b"year", b"value", b"as_of", b"lead", b"tasks", b"sections", b"section",
        b"title", b"progress", b"status", b"percent", b"direction", b"kind", b"departments",
        b"aliases", b"thresholds", b"near", b"severe", b"participants", b"source", b"note",
        b"2019", b"2020", b"2021", b"2022", b"2023", b"0", b"10000", b"20220630", b"2021-06-30",
        b"taregts", b"<<", b"? x", b"1:30"]
_KEY = re.compile(rb"^(\s*(?:- )?)([^\s:#][^:#]*?):(?=\s|$)", re.MULTILINE)
_VALUE = re.compile(rb":[ ]+([^\s{}\[\],#][^{}\[\],#\n]*)")
KINDS = ("flip", "insert", "dup_line", "drop_line", "swap_lines", "key", "value", "line_numbers")
WEIGHTS = (1, 2, 1, 1, 1, 1, 4, 2)
# the extremes kjcx accepts: their ratios reach 1e30
EXTREMES = [b"0.000000000000001", b"999999999999999", b"-999999999999999", b"0", b"0.5",
            b"123456789.123456", b"-0.000000000000001"]
_NUMBER = re.compile(rb"(?:(?<=[:,] )|(?<=\[))-?[0-9][0-9.]*(?=[,}\]\s]|$)")


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One mutation of one file's bytes."""
    kind = rng.choices(KINDS, WEIGHTS)[0]
    if kind == "flip" and data:
        at = rng.randrange(len(data))
        byte = rng.randrange(32, 127) if rng.random() < 0.7 else rng.randrange(256)
        return data[:at] + bytes([byte]) + data[at + 1:]
    if kind == "insert":
        at = rng.randrange(len(data) + 1)
        return data[:at] + rng.choice(TOKENS) + data[at:]
    if kind in ("dup_line", "drop_line", "swap_lines"):
        lines = data.split(b"\n")
        i = rng.randrange(len(lines))
        if kind == "dup_line":
            lines.insert(i, lines[i])
        elif kind == "drop_line":
            del lines[i]
        else:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines)
    if kind == "line_numbers":  # every number value on a few lines (one indicator's) at an extreme
        lines = data.split(b"\n")
        start = rng.randrange(len(lines))
        for i in range(start, min(start + rng.randint(1, 8), len(lines))):
            lines[i] = _NUMBER.sub(lambda _: rng.choice(EXTREMES), lines[i])
        return b"\n".join(lines)
    if kind == "key":
        found = list(_KEY.finditer(data))
        if found:
            match = rng.choice(found)
            new = rng.choice(KEYS + [b""])
            return data[:match.start(2)] + new + data[match.end(2):]
    found = list(_VALUE.finditer(data))  # value edit (or the fallback of the others)
    if found:
        match = rng.choice(found)
        value = rng.choice(VALUES if rng.random() < 0.6 else TOKENS).strip()
        return data[:match.start(1)] + value + data[match.end(1):]
    return data


def make_input(seed: int, number: int) -> dict[str, bytes]:
    """Input `number` of run `seed`: both files, one or both mutated 1-4 times."""
    rng = random.Random(f"{seed}:{number}")
    files = dict(SEED_FILES)
    which = rng.choice([["targets.yaml"], ["tasks.yaml"], ["targets.yaml", "tasks.yaml"]])
    for name in which:
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
            files[name] = mutate(files[name], rng)
    return files


def write_input(directory: Path, files: dict[str, bytes]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (directory / name).write_bytes(data)


_CJK = re.compile("[\u4e00-\u9fff]")
REPRS = ("datetime.", "Decimal(", "<class", "object at 0x", "Traceback")


def check_problem(problem) -> None:
    text = str(problem)
    assert _CJK.search(problem.message), f"no Chinese in: {text}"
    assert not any(r in text for r in REPRS), f"a Python repr in: {text}"
    assert problem.line is not None or problem.path == "", f"not placed: {text}"
    assert (problem.line is None) == (problem.column is None), text
    assert "\x1b" not in text and "\n" not in text, f"raw control character in: {text!r}"


def run(directory: Path, cache_dir: Path | None = None) -> str:
    """One input through everything the command line does with it; see the module doc."""
    from kjcx import cleantext
    from kjcx.method import compute, explain
    from kjcx.plan import cache
    from kjcx.plan.load import DataError, inspect, load
    from kjcx.report import brief, content, html
    from kjcx.views import check_report, json_docs, tables, text
    from kjcx.views import explain as explain_views

    plan, errors, warnings = inspect(directory)
    for problem in errors + warnings:
        check_problem(problem)
    check_report.check_text(directory, plan, errors, warnings, False)
    check_report.check_json(not errors, errors, warnings)
    for text_line in check_report.github_annotations(errors, warnings, False).splitlines():
        assert text_line.startswith(("::error ", "::warning ")) and ",title=kjcx check::" in text_line
    if plan is None:
        assert errors
        try:
            load(directory)
        except DataError as exc:
            assert exc.problems
        else:
            raise AssertionError("check refused the data, load accepted it")
        return "errors"
    assert not errors
    loaded = load(directory).plan
    assert loaded == plan
    if cache_dir is not None:  # the cache round trip: what is stored is what was validated
        import os

        before = os.environ.get("KJCX_CACHE_DIR")
        os.environ["KJCX_CACHE_DIR"] = str(cache_dir)
        try:
            cold, _ = cache.load_plan(directory)
            warm, _ = cache.load_plan(directory)
        finally:
            if before is None:
                del os.environ["KJCX_CACHE_DIR"]
            else:
                os.environ["KJCX_CACHE_DIR"] = before
        assert cold == warm == plan
    for year in plan.years:
        st = compute.year_status(plan, year)
        json_docs.dumps(json_docs.to_json(st))
        tables.csv_text(json_docs.indicator_json(r) for r in st.indicators)
        tables.csv_text(json_docs.task_json(r) for r in st.tasks)
        tables.csv_text(json_docs.department_json(r) for r in st.departments)
        report = tables.status_report(st)
        for markdown in (False, True):
            for text_line in cleantext.lines(text.plain_text(report, markdown=markdown)).splitlines():
                assert not text_line.lstrip().startswith("::") and "\x1b" not in text_line
        out = io.StringIO()
        text.print_rich(report, color=False, file=out)
        assert "\x1b]" not in out.getvalue()
        brief.paragraph(st)
        html.render(content.build(st, charts=year == plan.plan.end))
        for row in st.indicators[:3]:
            text.plain_text(explain_views.ExplanationView(explain.indicator(st, row.indicator.id)).report())
        for dept in st.departments[:2]:
            json_docs.dumps(explain_views.department_items(st, dept.name).json())
    rows = [r for y in plan.years for r in compute.indicator_rows(plan, y)]
    text.plain_text(tables.Report("", [tables.indicator_table(rows, with_year=True)]))
    return "clean"
