"""A rule lives in one place: status facts (severity rank, label) are read from
kjcx/statuses.py, never copied into another module."""

import re

from kjcx.method.departments import LEVELS
from kjcx.statuses import INDICATOR, LEVEL

from conftest import ROOT

PACKAGE = ROOT / "src" / "kjcx"
# a status key mapped to a number: `"severe": 0` is a copy of the record's rank
RANK_COPY = re.compile(r"""["'](met|near|behind|severe|red|yellow|green)["']\s*:\s*\d""")


def test_no_module_copies_a_status_rank():
    copies = [f"{path.relative_to(PACKAGE)}:{n}" for path in sorted(PACKAGE.rglob("*.py"))
              if path.name != "statuses.py"
              for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if RANK_COPY.search(line)]
    assert copies == []


def test_department_levels_are_ordered_by_the_status_record():
    # LEVEL ranks: red 0, yellow 1, green 2 -> worst first
    assert LEVELS == ("red", "yellow", "green")
    assert [LEVEL[k].rank for k in LEVELS] == [0, 1, 2]
    # the worst item ranks severe 0 < behind 1 < near 2 < met 3 (a lagging task as behind 1)
    assert [INDICATOR[k].rank for k in ("severe", "behind", "near", "met")] == [0, 1, 2, 3]


def test_the_workbook_reads_every_number_from_its_cell_binder():
    # no header-matched side channel: a table's cell carries its value and format (views/cells)
    import inspect

    from kjcx.views import xlsx
    from kjcx.views.score import ScoreView

    assert list(inspect.signature(xlsx.save).parameters) == ["report", "path"]
    assert not hasattr(ScoreView, "typed")


def test_the_missed_statuses_are_written_once():
    # near (基本达标), behind, severe: judged (a rank) and not met; the lagging ones are `short`
    from kjcx.method.compute import LAGGING_INDICATOR
    from kjcx.report.brief import SHORT
    from kjcx.statuses import JUDGED, MISSED

    assert JUDGED == ("met", "near", "behind", "severe")
    assert MISSED == SHORT == ("near", "behind", "severe")
    assert LAGGING_INDICATOR == {"behind", "severe"}
    copies = [f"{path.relative_to(PACKAGE)}:{n}" for path in sorted(PACKAGE.rglob("*.py"))
              for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if '"near", "behind", "severe"' in line]
    assert copies == []


def test_the_benchmarks_budget_verdict_is_written_once(capsys):
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import budget
    finally:
        sys.path.remove(str(ROOT / "bench"))
    # medians: a = median(0.5, 0.7, 0.6) = 0.6 < 1.0 ok; b = median(1.2, 0.9, 1.5) = 1.2 ≥ 1.0 over
    assert budget.report({"a": [0.5, 0.7, 0.6]}, 1.0, width=3) == 0
    assert budget.report({"a": [0.5, 0.7, 0.6], "b": [1.2, 0.9, 1.5]}, 1.0, width=3) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "  b    1.200 s   (min 0.900, max 1.500)  OVER BUDGET"
    assert lines[0] == "  a    0.600 s   (min 0.500, max 0.700)  ok"
    for name in ("init.py", "forms.py"):
        assert "OVER BUDGET" not in (ROOT / "bench" / name).read_text(encoding="utf-8")


def test_the_worse_of_two_statuses_is_decided_once():
    # a row judged on its year and its period takes the worse, by the records' rank
    from kjcx import statuses
    from kjcx.method import kinds

    assert kinds.worse is statuses.worse
    assert statuses.worse("near", "behind") == "behind"  # rank 1 < 2
    # a set or tuple of exactly the lagging statuses is the records' `short`, not a copy
    # (`return "behind", "severe"` is a status and its reason, not a set)
    copies = [f"{path.relative_to(PACKAGE)}:{n}" for path in sorted(PACKAGE.rglob("*.py"))
              for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if re.search(r"""[({]["'](behind["'], ["']severe|severe["'], ["']behind)["'][)}]""", line)]
    assert copies == []
