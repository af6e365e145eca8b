"""kjcx: indicator calculator for Chinese government action plans.

The Python API (what `kjcx status` does, without a subprocess)::

    import kjcx
    plan = kjcx.load_plan("data")                # raises kjcx.DataError (.problems)
    st = kjcx.evaluate(plan, 2021, as_of=None)   # the YearStatus behind `kjcx status`
    doc = kjcx.to_json(st)                       # exactly what `status -f json` prints
    problems = kjcx.check_plan("data")           # errors and warnings, never raises

Names are imported on first use, so `import kjcx` stays cheap.
"""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING, Optional, Union

__version__ = "0.2.0"

__all__ = [
    "ActionPlan",
    "DataError",
    "Problem",
    "YearStatus",
    "check_plan",
    "check_text",
    "evaluate",
    "load_plan",
    "load_text",
    "to_json",
    "__version__",
]

if TYPE_CHECKING:  # pragma: no cover
    from kjcx.compute import YearStatus
    from kjcx.errors import DataError, Problem
    from kjcx.model import ActionPlan

Text = Union[str, bytes]


def load_plan(data_dir: Union[str, os.PathLike]) -> "ActionPlan":
    """The validated plan in `data_dir` (targets.yaml, optional tasks.yaml).

    Raises DataError listing every problem (file, line, column, YAML path, message)."""
    from kjcx.load import load

    return load(data_dir).plan


def load_text(targets: Text, tasks: Optional[Text] = None) -> "ActionPlan":
    """The validated plan from the text of the two files (no files needed)."""
    from kjcx.load import load

    return load(_TEXT_DIR, raw=_raw(targets, tasks)).plan


def check_plan(data_dir: Union[str, os.PathLike]) -> "list[Problem]":
    """Every problem `kjcx check` reports: errors first, then warnings. Never raises
    for bad data (a missing directory is reported as a problem too)."""
    from kjcx.load import inspect

    _, errors, warnings = inspect(data_dir)
    return list(errors) + list(warnings)


def check_text(targets: Text, tasks: Optional[Text] = None) -> "list[Problem]":
    """check_plan for the text of the two files."""
    from kjcx.load import inspect

    _, errors, warnings = inspect(_TEXT_DIR, raw=_raw(targets, tasks))
    return list(errors) + list(warnings)


def evaluate(plan: "ActionPlan", year: Optional[int] = None,
             as_of: Optional[datetime.date] = None) -> "YearStatus":
    """The year at a glance (indicators, sections, tasks, departments, summary).

    `year` defaults to the latest plan year with any figure; `as_of` uses only the
    figures known on that date. A year outside the plan raises ValueError."""
    from kjcx import compute

    if year is None:
        year = compute.default_year(plan, as_of)
    if not plan.plan.start <= year <= plan.plan.end:
        raise ValueError(f"{year} 不在计划期 {plan.plan.start}-{plan.plan.end} 内")
    return compute.year_status(plan, year, as_of)


def to_json(status: "YearStatus") -> dict:
    """The kjcx.status/2 document (what `kjcx status YEAR -f json` prints)."""
    from kjcx.jsonout import to_json as build

    return build(status)


_TEXT_DIR = ""


def _raw(targets: Text, tasks: Optional[Text]) -> dict:
    from kjcx.datadir import TARGETS, TASKS

    def as_bytes(text: Optional[Text]) -> Optional[bytes]:
        return text.encode("utf-8") if isinstance(text, str) else text

    return {TARGETS: as_bytes(targets), TASKS: as_bytes(tasks)}


def __getattr__(name: str):
    if name in ("DataError", "Problem"):
        from kjcx import errors

        return getattr(errors, name)
    if name == "ActionPlan":
        from kjcx.model import ActionPlan

        return ActionPlan
    if name == "YearStatus":
        from kjcx.compute import YearStatus

        return YearStatus
    raise AttributeError(f"module 'kjcx' has no attribute {name!r}")
