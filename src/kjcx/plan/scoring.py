"""Read and validate `scoring.yaml` (the 考核 schemes); place every problem at file:line:column.

    load_scoring(path, plan) -> Scoring            or raises DataError(problems)
    inspect_scoring(path, plan) -> (Scoring | None, errors, warnings)

The file is read by the same exact reader as the data files (plan/reader: safe tags
only, duplicate keys refused, aliases on a budget, numbers as Decimal). References
(indicators, tasks, units) are checked against the plan when there is one.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Optional

from kjcx.plan.model import ActionPlan
from kjcx.plan.problems import DataError, Problem
from kjcx.plan.reader import listed, read
from kjcx.plan.scoring_check import Checker, check_items
from kjcx.plan.scoring_model import Scoring

SCORING = "scoring.yaml"
EMPTY = "文件为空：请写考核方案（schemes: …，写法见 docs/score.md），不考核时删除此文件"


def inspect_scoring(path: str | os.PathLike, plan: Optional[ActionPlan], raw: Optional[bytes] = None,
                    ) -> tuple[Optional[Scoring], list[Problem], list[Problem]]:
    """(scoring or None, errors, warnings) of one scoring file; never raises for bad data."""
    display = str(path)
    doc = read(Path(path), display, raw)
    if doc.problems or doc.data is None:
        # the reader speaks of the plan's files; an empty scoring file needs its own words
        problems = [replace(p, message=EMPTY) if p.message.startswith(("文件为空", "文件没有内容")) else p
                    for p in doc.problems]
        return None, listed(problems), []
    checker = Checker(doc, plan)
    schemes = checker.scoring()
    check_items(checker, schemes)
    marks = doc.locate(p for p, _, _, _ in checker.findings) if checker.findings else {}
    placed = [doc.place(p, message, marks, at=at, severity=severity)
              for p, message, severity, at in checker.findings]
    errors = sorted((p for p in placed if p.severity == "error"), key=lambda p: (p.line or 0, p.column or 0))
    warnings = [p for p in placed if p.severity == "warning"]
    if errors:
        return None, listed(errors), listed(warnings)
    return Scoring(display, schemes), [], listed(warnings)


def load_scoring(path: str | os.PathLike, plan: Optional[ActionPlan]) -> Scoring:
    """The validated scoring file, or DataError listing every problem."""
    scoring, errors, _ = inspect_scoring(path, plan)
    if errors or scoring is None:
        raise DataError(errors)
    return scoring


def scoring_path(data_dir: str | os.PathLike) -> Path:
    return Path(data_dir) / SCORING


def inspect_directory(data_dir: str | os.PathLike, raw: Optional[dict] = None,
                      ) -> tuple[Optional[ActionPlan], list[Problem], list[Problem]]:
    """What `kjcx check` reports for a data directory: the two data files (load.inspect)
    and, when the directory has one, its scoring.yaml."""
    from kjcx.plan.load import inspect

    plan, errors, warnings = inspect(data_dir, raw=raw)
    path = scoring_path(data_dir) if str(data_dir) else None
    if path is not None and os.path.lexists(path):
        _, more_errors, more_warnings = inspect_scoring(path, plan)
        errors, warnings = list(errors) + more_errors, list(warnings) + more_warnings
    return plan, errors, warnings
