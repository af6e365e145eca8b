"""The method of SPEC §2: pure functions over the model, no I/O.

Every quantity is a Decimal and is never rounded here; render.py rounds for
display (tables) and to 6 places (JSON).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from kjcx.model import ActionPlan, Actual, Indicator, Task, TaskStatus, Thresholds

ONE = Decimal(1)
HALF = Decimal("0.5")
HUNDRED = Decimal(100)

# Outlook bands (Eurostat SDG progress method, as used by open-sdg).
ON_TRACK = Decimal("0.95")
AT_RISK = Decimal("0.6")

INDICATOR_STATUSES = ("met", "near", "behind", "severe", "no_data", "no_target")
LAGGING_INDICATOR = frozenset({"behind", "severe"})


@dataclass(frozen=True)
class Outlook:
    year: int
    target: Decimal
    needed_per_year: Optional[Decimal]
    achieved_per_year: Optional[Decimal]
    outlook: str  # achieved | on_track | at_risk | off_track | moving_away | unknown


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    year: int
    target: Optional[Decimal]
    target_source: Optional[str]  # explicit | interpolated | None
    actual: Optional[Decimal]
    as_of: Optional[datetime.date]
    elapsed: Optional[Decimal]
    expected: Optional[Decimal]
    rate: Optional[Decimal]
    gap: Optional[Decimal]
    progress: Optional[Decimal]
    status: str
    final: Optional[Outlook]


@dataclass(frozen=True)
class TaskResult:
    task: Task
    year: int
    status: str  # a TaskStatus value, or no_report
    percent: Optional[Decimal]
    as_of: Optional[datetime.date]
    lagging: bool


@dataclass(frozen=True)
class DepartmentResult:
    name: str
    lead_items: int
    lagging_lead: int
    lagging_participating: int
    missing_reports: int
    score: Decimal

    @property
    def lagging(self) -> bool:
        return self.score > 0


@dataclass(frozen=True)
class Summary:
    indicators: dict[str, int]
    tasks: dict[str, int]
    lagging_departments: list[str]


@dataclass(frozen=True)
class YearStatus:
    plan: ActionPlan
    year: int
    indicators: list[IndicatorResult]
    tasks: list[TaskResult]
    departments: list[DepartmentResult]
    summary: Summary


# --- time ----------------------------------------------------------------

def evaluation_point(year: int, as_of: Optional[datetime.date]) -> tuple[datetime.date, Decimal]:
    """(date, elapsed share of the year). An as_of outside the year is year end."""
    year_end = datetime.date(year, 12, 31)
    if as_of is None or not (datetime.date(year, 1, 1) <= as_of < year_end):
        return year_end, ONE
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = 366 if leap else 365
    return as_of, Decimal(as_of.timetuple().tm_yday) / Decimal(days)


def is_year_end(year: int, actual: Actual) -> bool:
    return evaluation_point(year, actual.as_of)[1] == ONE


# --- targets -------------------------------------------------------------

def target(indicator: Indicator, year: int) -> tuple[Optional[Decimal], Optional[str]]:
    """The year's target and where it comes from (explicit / interpolated / None)."""
    targets = indicator.targets
    if year in targets:
        return targets[year], "explicit"
    earlier = [y for y in targets if y < year]
    later = [y for y in targets if y > year]
    if not later:
        return None, None
    y1 = min(later)
    if earlier:
        y0 = max(earlier)
        v0 = targets[y0]
    elif indicator.baseline is not None and indicator.baseline.year < year:
        y0, v0 = indicator.baseline.year, indicator.baseline.value
    else:
        return None, None
    v1 = targets[y1]
    return v0 + (v1 - v0) * Decimal(year - y0) / Decimal(y1 - y0), "interpolated"


def _start_point(indicator: Indicator, year: int) -> Optional[Decimal]:
    """P of SPEC §2: last year's year-end actual, else its target, else the baseline."""
    prev = indicator.actuals.get(year - 1)
    if prev is not None and is_year_end(year - 1, prev):
        return prev.value
    prev_target, _ = target(indicator, year - 1)
    if prev_target is not None:
        return prev_target
    if indicator.baseline is not None and indicator.baseline.year < year:
        return indicator.baseline.value
    return None


# --- indicators ----------------------------------------------------------

def evaluate_indicator(plan: ActionPlan, indicator: Indicator, year: int) -> IndicatorResult:
    thresholds = plan.plan.thresholds
    higher = indicator.direction == "higher"
    t, source = target(indicator, year)
    actual = indicator.actuals.get(year)
    a = actual.value if actual is not None else None
    as_of = elapsed = expected = rate = gap = progress = None
    if actual is not None:
        as_of, elapsed = evaluation_point(year, actual.as_of)

    if t is None:
        status = "no_target"
    elif a is None:
        status = "no_data"
    else:
        expected = _expected(indicator, year, t, elapsed)
        numerator, divisor = (a, expected) if higher else (expected, a)
        rate = numerator / divisor if divisor != 0 else None
        gap = t - a if higher else a - t
        baseline = indicator.baseline
        if baseline is not None and t != baseline.value:
            progress = (a - baseline.value) / (t - baseline.value)
        status = _status(higher, a, expected, rate, thresholds)

    return IndicatorResult(indicator, year, t, source, a, as_of, elapsed, expected, rate,
                           gap, progress, status, _outlook(plan, indicator, year, actual))


def _expected(indicator: Indicator, year: int, t: Decimal, elapsed: Decimal) -> Decimal:
    if elapsed == ONE:
        return t
    if indicator.kind == "flow":
        return t * elapsed
    start = _start_point(indicator, year)
    if start is None:
        # No point to start the year from: hold the figure to the full target.
        return t
    return start + (t - start) * elapsed


def _status(higher: bool, a: Decimal, e: Decimal, rate, thresholds: Thresholds) -> str:
    if (a >= e) if higher else (a <= e):
        return "met"
    if rate is None:
        return "severe"
    if rate >= thresholds.near:
        return "near"
    if rate >= thresholds.severe:
        return "behind"
    return "severe"


def _outlook(plan: ActionPlan, indicator: Indicator, year: int,
             actual: Optional[Actual]) -> Optional[Outlook]:
    end = plan.plan.end
    t_end, _ = target(indicator, end)
    if t_end is None:
        return None
    if actual is None or year >= end or not is_year_end(year, actual):
        return Outlook(end, t_end, None, None, "unknown")
    sign = ONE if indicator.direction == "higher" else -ONE
    a = actual.value
    needed = sign * (t_end - a) / Decimal(end - year)
    achieved = None
    start = _outlook_start(indicator, year)
    if start is not None:
        start_year, start_value = start
        achieved = sign * (a - start_value) / Decimal(year - start_year)
    if needed <= 0:
        band = "achieved"
    elif achieved is None:
        band = "unknown"
    else:
        ratio = achieved / needed
        if ratio >= ON_TRACK:
            band = "on_track"
        elif ratio >= AT_RISK:
            band = "at_risk"
        elif ratio >= 0:
            band = "off_track"
        else:
            band = "moving_away"
    return Outlook(end, t_end, needed, achieved, band)


def _outlook_start(indicator: Indicator, year: int) -> Optional[tuple[int, Decimal]]:
    baseline = indicator.baseline
    if baseline is not None and baseline.year < year:
        return baseline.year, baseline.value
    earlier = sorted(y for y, a in indicator.actuals.items() if y < year and is_year_end(y, a))
    if earlier:
        return earlier[0], indicator.actuals[earlier[0]].value
    return None


# --- tasks ---------------------------------------------------------------

def evaluate_task(plan: ActionPlan, task: Task, year: int) -> TaskResult:
    report = task.progress.get(year)
    if report is None:
        return TaskResult(task, year, "no_report", None, None, False)
    as_of, elapsed = evaluation_point(year, report.as_of)
    status = report.status
    lagging = status == TaskStatus.behind
    if not lagging and status != TaskStatus.done:
        percent = report.percent
        if percent is None and status == TaskStatus.not_started:
            percent = Decimal(0)
        if percent is not None:
            lagging = percent < elapsed * HUNDRED - plan.plan.thresholds.task_tolerance
    return TaskResult(task, year, status.value, report.percent, as_of, lagging)


# --- departments ---------------------------------------------------------

def rank_departments(plan: ActionPlan, indicators: list[IndicatorResult],
                     tasks: list[TaskResult]) -> list[DepartmentResult]:
    order = plan.departments()
    counts = {name: [0, 0, 0, 0] for name in order}  # lead, lagging lead, lagging part., missing
    for row in indicators:
        behind = row.status in LAGGING_INDICATOR
        for name in row.indicator.lead:
            c = counts[name]
            c[0] += 1
            c[1] += behind
    for row in tasks:
        for name in row.task.lead:
            c = counts[name]
            c[0] += 1
            c[1] += row.lagging
            c[3] += row.status == "no_report"
        if row.lagging:
            for name in row.task.participants:
                counts[name][2] += 1
    rows = [DepartmentResult(name, c[0], c[1], c[2], c[3], c[1] + HALF * c[2])
            for name, c in counts.items()]
    position = {name: i for i, name in enumerate(order)}
    rows.sort(key=lambda r: (-r.score, -r.lagging_lead, position[r.name]))
    return rows


# --- the year at a glance -------------------------------------------------

def default_year(plan: ActionPlan) -> int:
    """The latest plan year with any actual (else any task report, else the first year)."""
    years = {y for ind in plan.indicators for y in ind.actuals}
    if not years:
        years = {y for task in plan.tasks for y in task.progress}
    years &= set(plan.years)
    return max(years) if years else plan.plan.start


def indicator_rows(plan: ActionPlan, year: int) -> list[IndicatorResult]:
    return [evaluate_indicator(plan, ind, year) for ind in plan.indicators]


def task_rows(plan: ActionPlan, year: int) -> list[TaskResult]:
    return [evaluate_task(plan, task, year) for task in plan.tasks]


def year_status(plan: ActionPlan, year: int) -> YearStatus:
    indicators = indicator_rows(plan, year)
    tasks = task_rows(plan, year)
    departments = rank_departments(plan, indicators, tasks)
    counts = dict.fromkeys(INDICATOR_STATUSES, 0)
    for row in indicators:
        counts[row.status] += 1
    summary = Summary(
        indicators=counts,
        tasks={
            "lagging": sum(r.lagging for r in tasks),
            "no_report": sum(r.status == "no_report" for r in tasks),
            "done": sum(r.status == "done" for r in tasks),
        },
        lagging_departments=[d.name for d in departments if d.lagging],
    )
    return YearStatus(plan, year, indicators, tasks, departments, summary)
