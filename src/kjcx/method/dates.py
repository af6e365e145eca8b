"""Which figure counts on a date: the evaluation point of an entry (its share of
the year elapsed), the entry used on --as-of, the round date R, and the default
year of a command (docs/method.md).

Pure: no I/O. The method, the forms, write-back and the report all ask here, so
"the figure used" means one thing everywhere.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Optional, Union

from kjcx.plan.model import ActionPlan, Actual, Report, Task, TaskStatus

ONE = Decimal(1)


def days_in_year(year: int) -> int:
    return 366 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 365


def year_end(year: int) -> datetime.date:
    """Dec 31 of the year: the evaluation point of a year-end figure, built here only."""
    return datetime.date(year, 12, 31)


def evaluation_point(year: int, as_of: Optional[datetime.date]) -> tuple[datetime.date, Decimal]:
    """(date, elapsed share of the year). An as_of outside the year is year end."""
    end = year_end(year)
    if as_of is None or not (datetime.date(year, 1, 1) <= as_of < end):
        return end, ONE
    return as_of, Decimal(as_of.timetuple().tm_yday) / Decimal(days_in_year(year))


def known_on(year: int, entry: Union[Actual, Report]) -> datetime.date:
    """When an entry was known: its as_of, a year-end entry without one on Dec 31."""
    return entry.as_of if entry.as_of is not None else year_end(year)


def used_entry(entries, year: int, as_of: Optional[datetime.date]):
    """The figure (or report) used: the latest of the year's list known on `as_of`."""
    if not entries:
        return None
    if as_of is None:
        return entries[-1]
    for entry in reversed(entries):
        if known_on(year, entry) <= as_of:
            return entry
    return None


def done_before(task: Task, year: int, as_of: Optional[datetime.date]) -> Optional[tuple[int, Report]]:
    """A task with a 完成时限 (one-off work), no report in `year` (known on `as_of`), whose
    latest report of an earlier year says done: (that year, that report) -- it stays done
    in `year`. None when the task has a report in `year`, has no 完成时限 (work reported
    each year: its 已完成 is that year's), or its latest earlier report is not done."""
    if task.deadline is None or used_entry(task.progress.get(year), year, as_of) is not None:
        return None
    earlier = [y for y, entries in task.progress.items() if y < year and entries]
    if not earlier:
        return None
    last_year = max(earlier)
    report = used_entry(task.progress[last_year], last_year, as_of)
    if report is None or report.status != TaskStatus.done:
        return None
    return last_year, report


def is_year_end(year: int, entry) -> bool:
    return evaluation_point(year, entry.as_of)[1] == ONE


def round_date(plan: ActionPlan, year: int,
               as_of: Optional[datetime.date] = None) -> Optional[datetime.date]:
    """R: the latest evaluation point among the year's figures and task reports used
    (a year-end entry counts as Dec 31); the date the office asked everyone for."""
    latest = None
    # a part (分解) reports like an indicator: its figures set the round too
    figures = [ind.actuals.get(year) for ind in plan.indicators]
    figures += [part.actuals.get(year) for ind in plan.indicators for part in ind.parts]
    for entries in figures + [task.progress.get(year) for task in plan.tasks]:
        entry = used_entry(entries, year, as_of)
        if entry is not None:
            point = evaluation_point(year, entry.as_of)[0]
            latest = point if latest is None or point > latest else latest
    return latest


def latest_actual_year(plan: ActionPlan, as_of: Optional[datetime.date] = None) -> Optional[int]:
    """The latest plan year with any figure known on `as_of`."""
    figures = [ind.actuals for ind in plan.indicators] + \
        [part.actuals for ind in plan.indicators for part in ind.parts]  # parts (分解) too
    years = [y for actuals in figures for y, entries in actuals.items()
             if plan.plan.start <= y <= plan.plan.end and used_entry(entries, y, as_of) is not None]
    return max(years) if years else None


def default_year(plan: ActionPlan, as_of: Optional[datetime.date] = None) -> int:
    """The latest plan year with any actual (else any task report, else the first year;
    with `as_of`, never a year after it)."""
    latest = latest_actual_year(plan, as_of)
    if latest is not None:
        return latest
    years = [y for task in plan.tasks for y, entries in task.progress.items()
             if plan.plan.start <= y <= plan.plan.end and used_entry(entries, y, as_of) is not None]
    if years:
        return max(years)
    if as_of is not None and plan.plan.start <= as_of.year <= plan.plan.end:
        return as_of.year
    return plan.plan.start
