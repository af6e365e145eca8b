"""The method (docs/method.md): pure functions over the model, no I/O.

Every quantity is a Decimal and is never rounded here; the renderers round for
display (tables) and to 6 places (JSON). Each result keeps the inputs it was
computed from (the figure used, the target and where it came from, the start
point P, the outlook's pace), so `kjcx explain` shows what was computed, never
a second derivation.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

from kjcx import statuses
from kjcx.method import kinds
from kjcx.method.dates import (
    done_before,
    evaluation_point,
    is_year_end,
    known_on,
    latest_actual_year,
    round_date,
    used_entry,
)
from kjcx.method.departments import LEVELS, DepartmentResult, judge_departments
from kjcx.method.outlook import Outlook, outlook
from kjcx.method.targets import Target, Targets
from kjcx.plan.model import ActionPlan, Actual, Indicator, Part, Report, Revision, Task, TaskStatus
from kjcx.plan.records import record

if TYPE_CHECKING:  # the annotation only: the log method is imported when a plan uses it
    from kjcx.method.deadlines import TaskDeadline
    from kjcx.method.period import PeriodResult

ONE = Decimal(1)
HUNDRED = Decimal(100)

INDICATOR_STATUSES = tuple(statuses.INDICATOR)  # met, near, behind, severe, no_data, no_target
LAGGING_INDICATOR = frozenset(key for key, s in statuses.INDICATOR.items() if s.short)  # behind, severe


# --- results ----------------------------------------------------------------

@record
class BaselineRevision:
    """A base value set by `revisions[].baselines`: which document, the old and new value."""

    id: str
    document: Optional[str]
    date: datetime.date
    old: Optional[Decimal]
    new: Decimal


@record(kw_only=True)  # 36 fields: built by name, never by position
class IndicatorResult:
    indicator: Indicator
    year: int
    target: Optional[Decimal]
    target_source: Optional[str]  # explicit | revised | interpolated | None
    revision: Optional[str]
    actual: Optional[Decimal]
    as_of: Optional[datetime.date]  # evaluation point of the figure used
    elapsed: Optional[Decimal]
    expected: Optional[Decimal]
    rate: Optional[Decimal]
    completion: Optional[Decimal]
    schedule: Optional[Decimal]
    ahead: Optional[Decimal]  # percentage points
    gap: Optional[Decimal]
    progress: Optional[Decimal]
    status: str
    final: Optional[Outlook]
    # inputs kept for explain
    figure: Optional[Actual] = None
    target_info: Optional[Target] = None
    start: Optional[tuple[Decimal, str]] = None  # P and its kind: actual | target | baseline
    decided_by: str = ""  # met | near | severe_threshold | zero_divisor | binding | ...
    stale: bool = False  # figure dated before the year's round date (未按期报送)
    ahead_value: Optional[Decimal] = None  # A - E (E - A for lower), in the unit
    grade: Optional[str] = None  # label of plan.grades for the completion
    parts: tuple = ()  # the rows of the indicator's parts (分解), in file order
    part: Optional[str] = None  # on a part's row: the part's name
    stretch: Optional[Decimal] = None  # 力争 target of the year
    stretch_met: Optional[bool] = None
    target_rule: Optional[str] = None  # value | base_plus | base_times | interpolated
    period: Optional[PeriodResult] = None  # growth/reduction with `period:`
    within_tolerance: bool = False  # met only thanks to `tolerance` (左右)
    # the status against the year's own target (None without one); `status` is the
    # worse of it and the period's status when the row has both
    yearly_status: Optional[str] = None
    grade_source: Optional[str] = None  # computed | given (a part's official 等次) | None
    grade_document: Optional[str] = None  # where a given grade comes from (`source:`)
    baseline_revision: Optional[BaselineRevision] = None  # the base value a revision set

    @property
    def cap(self) -> bool:
        """A growth rate with direction lower: a cap (增速控制在 X% 以内), judged lower-is-better."""
        return self.indicator.kind == "growth" and self.indicator.direction == "lower"

    @property
    def source(self) -> Optional[str]:
        return self.figure.source if self.figure is not None else None

    @property
    def note(self) -> Optional[str]:
        return self.figure.note if self.figure is not None else None

    @property
    def lagging(self) -> bool:
        return self.status in LAGGING_INDICATOR


@record(kw_only=True)  # built by name, like IndicatorResult
class TaskResult:
    task: Task
    year: int
    status: str  # a TaskStatus value, or no_report
    percent: Optional[Decimal]
    as_of: Optional[datetime.date]
    lagging: bool
    report: Optional[Report] = None
    elapsed: Optional[Decimal] = None
    threshold: Optional[Decimal] = None  # elapsed x 100 - tolerance, when percent decided
    stale: bool = False  # not done, report dated before the round date: judged at the round date
    duban: Optional["TaskDeadline"] = None  # 完成时限 and 阶段目标 on D (method/deadlines)
    report_year: Optional[int] = None  # the used report's year when earlier (done in an earlier year)

    @property
    def note(self) -> Optional[str]:
        return self.report.note if self.report is not None else None

    @property
    def overdue(self) -> bool:
        """督办: not done and past its 完成时限 on D (method/deadlines)."""
        return self.duban is not None and self.duban.overdue

    @property
    def milestone_overdue(self) -> bool:
        """督办: a 阶段目标 past its date and not reached."""
        return self.duban is not None and bool(self.duban.missed)

    @property
    def rate(self) -> Optional[Decimal]:
        """percent / (elapsed x 100), percent 0 when absent: ranks a lagging task."""
        if self.elapsed is None or self.elapsed == 0:
            return None
        return (self.percent or Decimal(0)) / (self.elapsed * HUNDRED)


@record
class SectionResult:
    id: int
    title: str
    tasks: int
    done: int
    in_progress: int
    not_started: int
    behind: int  # self-reported 滞后
    lagging: list[int]  # judged lagging
    no_report: int


@record
class Summary:
    indicators: dict[str, int]
    tasks: dict[str, int]
    departments: dict[str, int]
    lagging_departments: list[str]
    # indicators whose own row has no target but whose parts do (分解到N个地区考核):
    # {"indicators": N, "parts": parts with a target, "statuses": the parts' status counts}
    by_parts: Optional[dict] = None


@record
class YearStatus:
    plan: ActionPlan
    year: int
    as_of: Optional[datetime.date]
    indicators: list[IndicatorResult]
    sections: list[SectionResult]
    tasks: list[TaskResult]
    departments: list[DepartmentResult]
    summary: Summary
    round_date: Optional[datetime.date] = None  # R: latest date among the figures used


# --- indicators ------------------------------------------------------------------

class _Context:
    """What every row of one evaluation shares."""

    def __init__(self, plan: ActionPlan, as_of: Optional[datetime.date]):
        self.plan = plan
        self.as_of = as_of
        self.targets = Targets(plan.revisions)
        self.thresholds = plan.plan.thresholds
        self._rounds: dict[int, Optional[datetime.date]] = {}
        self._baselines: dict[str, list[tuple[datetime.date, Decimal, Revision]]] = {}
        for rev in plan.revisions:
            for ind_id, value in rev.baselines.items():
                self._baselines.setdefault(ind_id, []).append((rev.date, value, rev))

    def round(self, year: int) -> Optional[datetime.date]:
        if year not in self._rounds:
            self._rounds[year] = round_date(self.plan, year, self.as_of)
        return self._rounds[year]

    def rebased(self, indicator: Indicator, at: datetime.date,
                ) -> tuple[Indicator, Optional[BaselineRevision]]:
        """The indicator with the base value of the latest revision in force at `at`,
        and that revision (None when the plan's own base value holds)."""
        found = [(v, rev) for d, v, rev in self._baselines.get(indicator.id, ()) if d <= at]
        if not found or indicator.baseline is None:
            return indicator, None
        value, rev = found[-1]
        mark = BaselineRevision(rev.id, rev.document, rev.date, indicator.baseline.value, value)
        return replace(indicator, baseline=replace(indicator.baseline, value=value)), mark

    def known(self, point: datetime.date) -> datetime.date:
        """The date whose targets are in force: the evaluation point, but never after
        --as-of (a revision issued later was not known then)."""
        return point if self.as_of is None or point <= self.as_of else self.as_of


def evaluate_indicator(plan: ActionPlan, indicator: Indicator, year: int,
                       as_of: Optional[datetime.date] = None, *, _ctx: Optional[_Context] = None,
                       _part: bool = False) -> IndicatorResult:
    """One row. `_part`: the indicator is a part's (part_indicator): before the first
    year of its own targets or figures it has no interpolated target (the breakdown
    did not exist yet)."""
    ctx = _ctx or _Context(plan, as_of)
    figure = used_entry(indicator.actuals.get(year), year, ctx.as_of)
    point, elapsed = evaluation_point(year, figure.as_of if figure is not None else None)
    at = ctx.known(point)  # targets in force here
    indicator, rebase = ctx.rebased(indicator, at)
    tinfo = ctx.targets.target(indicator, year, at)
    if _part and tinfo.source == "interpolated" and year < min(
            [*ctx.targets.written(indicator, at), *indicator.actuals], default=year):
        tinfo = Target(None, None)
    t = tinfo.value
    a = figure.value if figure is not None else None
    period = _period(ctx, indicator, year) if indicator.period is not None and indicator.rate_kind else None
    judged, yearly = _Judged(), None
    if t is None:  # a rate without a yearly target is judged on its period
        status = (period.status or "no_data") if period is not None else "no_target"
    elif a is None:
        status = yearly = "no_data"
    else:
        _judge(ctx, indicator, year, at, judged, t, a, elapsed)
        status = yearly = judged.status
        if period is not None and period.status is not None and kinds.worse(status, period.status) != status:
            status, judged.decided_by = period.status, "period"  # the period lags: the row lags
        if tinfo.stretch is not None:
            e_stretch = _expected(indicator, tinfo.stretch, elapsed, judged.start)
            judged.stretch_met = kinds.reaches(indicator.direction == "higher", a, e_stretch)
    final = None if indicator.rate_kind else outlook(ctx, indicator, year, figure, at, status)
    j, known = judged, figure is not None
    r_date = ctx.round(year)
    grade = grade_of(ctx.plan.plan.grades, j.completion, missed=indicator.binding and status in _MISSED)
    return IndicatorResult(
        indicator=indicator, year=year, target=t, target_source=tinfo.source,
        revision=tinfo.revision or (rebase.id if rebase is not None else None),
        actual=a, as_of=point if known else None,
        elapsed=elapsed if known else None, expected=j.expected, rate=j.rate,
        completion=j.completion, schedule=j.schedule, ahead=j.ahead, gap=j.gap,
        progress=j.progress, status=status, final=final, figure=figure, target_info=tinfo,
        start=j.start, decided_by=j.decided_by, stretch=tinfo.stretch, stretch_met=j.stretch_met,
        target_rule=tinfo.rule if t is not None else None, period=period,
        within_tolerance=j.within, yearly_status=yearly, baseline_revision=rebase,
        stale=(t is not None or period is not None) and known and r_date is not None and point < r_date,
        ahead_value=None if a is None or j.expected is None else (
            a - j.expected if indicator.direction == "higher" else j.expected - a),
        grade=grade, grade_source="computed" if grade is not None else None,
        parts=_part_rows(plan, indicator, year, ctx) if indicator.parts else ())


# Statuses of a row that was judged and missed: a binding one gets the last grade.
_MISSED = frozenset(statuses.MISSED)


# A part's own keys (model.Part); every other key of the indicator is inherited.
_PART_KEYS = tuple(f.name for f in dataclasses.fields(Part)
                   if f.name != "name" and f.name in {g.name for g in dataclasses.fields(Indicator)})


def part_indicator(indicator: Indicator, part: Part) -> Indicator:
    """The indicator as it applies to one part: id `<id>/<part name>`, the part's
    own keys in place of the indicator's. Computing it as an indicator makes every
    kind, revision (addressed by that id) and rule work for parts as it does for
    indicators."""
    own = {key: getattr(part, key) for key in _PART_KEYS}
    return _derived(indicator, id=f"{indicator.id}/{part.name}", parts=[], **own)


def _part_rows(plan: ActionPlan, indicator: Indicator, year: int, ctx: _Context) -> tuple:
    rows = []
    for part in indicator.parts:
        row = evaluate_indicator(plan, part_indicator(indicator, part), year, _ctx=ctx, _part=True)
        given = part.grade.get(year)
        if given is not None:  # the office's official 等次 wins over the computed one
            row = _derived(row, grade=given.label, grade_source="given", grade_document=given.source)
        rows.append(_derived(row, part=part.name))
    return tuple(rows)


def _derived(record, **changes):
    """A copy of a frozen record with some fields changed: dataclasses.replace without
    its per-call field introspection, which 15,000 parts would pay twice each."""
    new = object.__new__(type(record))
    new.__dict__.update(record.__dict__, **changes)
    return new


def grade_of(grades, completion: Optional[Decimal], *, missed: bool = False) -> Optional[str]:
    """The first grade whose `min` <= completion (the last, without min, takes the rest);
    `missed` (a binding row not met): the last grade, whatever the completion."""
    if grades and missed:
        return grades[-1].label
    if not grades or completion is None:
        return None
    return next((g.label for g in grades if g.min is None or g.min <= completion), None)


class _Judged:
    """The numbers of one row with a target and a figure (None: no meaning for the kind)."""

    expected = rate = completion = schedule = ahead = gap = progress = None  # type: Optional[Decimal]
    start: Optional[tuple[Decimal, str]] = None
    status, decided_by = "", ""
    within = False
    stretch_met: Optional[bool] = None


def _judge(ctx: _Context, ind: Indicator, year: int, at: datetime.date, j: _Judged,
           t: Decimal, a: Decimal, elapsed: Decimal) -> None:
    higher = ind.direction == "higher"
    bands = _bands(ctx, ind)
    if ind.kind == "rank":  # a position: met or not, no ratio means anything
        j.expected, j.gap = t, a - t
        met, j.within = _tolerant(False, a, t, ind.tolerance)
        j.status, j.decided_by = ("met", "tolerance" if j.within else "met") if met else ("behind", "rank")
        return
    if ind.rate_kind:  # a year's rate (or a rate to date) against the annual rate
        j.expected, j.gap = t, (t - a if higher else a - t)
        if a > 0 and t > 0:
            j.rate = j.completion = a / t if higher else t / a
    else:
        # P only enters a level's E to date (a flow's E is T x elapsed): kept only when used
        if elapsed != ONE and ind.kind == "level":
            j.start = _start_point(ctx, ind, year, at)
        e = j.expected = _expected(ind, t, elapsed, j.start)
        j.gap = t - a if higher else a - t
        baseline = ind.baseline
        if baseline is not None and baseline.value is not None and t != baseline.value:
            j.progress = (a - baseline.value) / (t - baseline.value)
        if higher or t > 0:  # a lower target <= 0: its ratios cannot be read (check warns)
            j.rate = _ratio(a, e) if higher else _ratio(e, a)
            j.completion = _ratio(a, t) if higher else _ratio(t, a)
        if higher:  # a flow's schedule is elapsed; at year end every schedule is 1, even T = 0
            j.schedule = elapsed if ind.kind == "flow" or elapsed == ONE else _ratio(e, t)
        if j.completion is not None and j.schedule is not None:
            j.ahead = (j.completion - j.schedule) * HUNDRED
    j.status, j.decided_by = _status(higher, ind.binding, a, j.expected, j.rate, bands)
    if j.decided_by == "zero_divisor" and (ind.rate_kind or not higher):
        j.decided_by = "no_ratio"  # a rate or a lower target not positive: no ratio to read
    if j.status != "met":
        met, j.within = _tolerant(higher, a, j.expected, ind.tolerance)
        if met:
            j.status, j.decided_by = "met", "tolerance"


def _tolerant(higher: bool, a: Decimal, e: Decimal, tol: Optional[Decimal]) -> tuple[bool, bool]:
    """(met, met only within the tolerance): 左右 — A reaches E - tol (higher) / E + tol."""
    if kinds.reaches(higher, a, e):
        return True, False
    if tol is not None and kinds.reaches(higher, a, e - tol if higher else e + tol):
        return True, True
    return False, False


def _bands(ctx: _Context, ind: Indicator):
    return thresholds_for(ctx.plan, ind)


def thresholds_for(plan: ActionPlan, ind: Indicator):
    """The plan's thresholds, with the indicator's own near/severe where it sets them."""
    own = ind.thresholds
    if own is None:
        return plan.plan.thresholds
    return replace(plan.plan.thresholds, **{k: v for k, v in (("near", own.near), ("severe", own.severe))
                                            if v is not None})


def _period(ctx: _Context, ind: Indicator, year: int) -> PeriodResult:
    """The period through `year`, from each year's figure known on --as-of."""
    from kjcx.method import period as periods  # only plans with a period target need it

    base_year = ind.baseline.year if ind.baseline is not None else ctx.plan.plan.start - 1
    figures: dict[int, tuple[Decimal, Decimal]] = {}
    for y in range(base_year + 1, year + 1):
        entry = used_entry(ind.actuals.get(y), y, ctx.as_of)
        if entry is not None:
            figures[y] = (entry.value, evaluation_point(y, entry.as_of)[1])
    return periods.evaluate(ind, base_year, ctx.plan.plan.end, year, figures, _bands(ctx, ind))


def _ratio(numerator: Decimal, divisor: Optional[Decimal]) -> Optional[Decimal]:
    if divisor is None or divisor == 0:
        return None
    return numerator / divisor


def _start_point(ctx: _Context, indicator: Indicator, year: int,
                 point: datetime.date) -> Optional[tuple[Decimal, str]]:
    """P: last year's year-end actual, else its target in force, else the baseline."""
    prev = used_entry(indicator.actuals.get(year - 1), year - 1, ctx.as_of)
    if prev is not None and is_year_end(year - 1, prev):
        return prev.value, "actual"
    prev_target = ctx.targets.target(indicator, year - 1, point).value
    if prev_target is not None:
        return prev_target, "target"
    baseline = indicator.baseline
    if baseline is not None and baseline.value is not None and baseline.year < year:
        return baseline.value, "baseline"
    return None


def _expected(indicator: Indicator, t: Decimal, elapsed: Decimal,
              start: Optional[tuple[Decimal, str]]) -> Decimal:
    if elapsed == ONE or indicator.kind not in ("level", "flow"):  # a rate or a rank: E = T
        return t
    if indicator.interpolation == "step":  # a ceiling or floor that holds all year: E = T
        return t
    if indicator.kind == "flow":
        return t * elapsed
    if start is None:  # no point to start the year from: hold the figure to the full target
        return t
    if indicator.pacing == "none":  # lumpy counts: judged against P until the year is out
        return start[0]
    return start[0] + (t - start[0]) * elapsed


def _status(higher: bool, binding: bool, a: Decimal, e: Decimal, rate: Optional[Decimal],
            thresholds) -> tuple[str, str]:
    """(status, what decided it)."""
    if kinds.reaches(higher, a, e):
        return "met", "met"
    if rate is None:
        return "severe", "zero_divisor"
    return kinds.status_band(rate, binding, thresholds)


# --- tasks --------------------------------------------------------------------------

def evaluate_task(plan: ActionPlan, task: Task, year: int,
                  as_of: Optional[datetime.date] = None,
                  round_at: Optional[datetime.date] = None) -> TaskResult:
    """`round_at`: the year's round date R (computed when not given); a task not done
    whose report is older than R is stale and judged on the elapsed share of R."""
    report = used_entry(task.progress.get(year), year, as_of)
    before = done_before(task, year, as_of) if report is None else None
    if before is not None:  # done in an earlier year: done, never stale nor lagging
        done_year, done = before
        row = TaskResult(task=task, year=year, status=done.status.value, percent=done.percent,
                         as_of=known_on(done_year, done), lagging=False, report=done, report_year=done_year)
        return _with_deadline(plan, row, task, as_of, round_at)
    if task.deadline is not None or task.milestones:  # 督办: overdue is lagging whatever the percent
        return _with_deadline(plan, evaluate_task(plan, replace(task, deadline=None, milestones=[]),
                                                  year, as_of, round_at), task, as_of, round_at)
    if report is None:
        return TaskResult(task=task, year=year, status="no_report", percent=None, as_of=None, lagging=False)
    point, elapsed = evaluation_point(year, report.as_of)
    status = report.status
    r_date = round_at if round_at is not None else round_date(plan, year, as_of)
    stale = status != TaskStatus.done and r_date is not None and point < r_date
    if stale:
        assert r_date is not None
        elapsed = evaluation_point(year, r_date)[1]
    lagging = status == TaskStatus.behind
    threshold = None
    if not lagging and status != TaskStatus.done:
        percent = report.percent
        if percent is None and status == TaskStatus.not_started:
            percent = Decimal(0)
        if percent is not None:
            threshold = elapsed * HUNDRED - plan.plan.thresholds.task_tolerance
            lagging = percent < threshold
    return TaskResult(task=task, year=year, status=status.value, percent=report.percent, as_of=point,
                      lagging=lagging, report=report, elapsed=elapsed, threshold=threshold, stale=stale)


def _with_deadline(plan: ActionPlan, row: TaskResult, task: Task, as_of, round_at) -> TaskResult:
    from kjcx.method import deadlines

    r_date = round_at if round_at is not None else round_date(plan, row.year, as_of)
    verdict = deadlines.judge(plan, task, deadlines.evaluation_date(row.year, as_of, r_date))
    return replace(row, task=task, duban=verdict, lagging=row.lagging or bool(verdict and verdict.lagging))


# --- sections -------------------------------------------------------------------------

def roll_up_sections(plan: ActionPlan, tasks: list[TaskResult]) -> list[SectionResult]:
    by_section: dict[int, list[TaskResult]] = {}
    for r in tasks:
        by_section.setdefault(r.task.section, []).append(r)
    out = []
    for section in plan.sections:
        rows = by_section.get(section.id, [])

        def count(status: str, rows: list[TaskResult] = rows) -> int:
            return sum(r.status == status for r in rows)

        out.append(SectionResult(
            section.id, section.title, len(rows), count("done"), count("in_progress"),
            count("not_started"), count("behind"), [r.task.id for r in rows if r.lagging],
            count("no_report")))
    return out


# --- the year at a glance ---------------------------------------------------------------

def indicator_rows(plan: ActionPlan, year: int,
                   as_of: Optional[datetime.date] = None) -> list[IndicatorResult]:
    ctx = _Context(plan, as_of)
    return [evaluate_indicator(plan, ind, year, _ctx=ctx) for ind in plan.indicators]


def task_rows(plan: ActionPlan, year: int, as_of: Optional[datetime.date] = None,
              round_at: Optional[datetime.date] = None) -> list[TaskResult]:
    r_date = round_at if round_at is not None else round_date(plan, year, as_of)
    return [evaluate_task(plan, task, year, as_of, r_date) for task in plan.tasks]


def year_status(plan: ActionPlan, year: int,
                as_of: Optional[datetime.date] = None) -> YearStatus:
    indicators = indicator_rows(plan, year, as_of)
    r_date = round_date(plan, year, as_of)
    tasks = task_rows(plan, year, as_of, r_date)
    departments = judge_departments(plan, indicators, tasks, latest_actual_year(plan, as_of))
    counts = dict.fromkeys(INDICATOR_STATUSES, 0)
    for row in indicators:
        counts[row.status] += 1
    levels = dict.fromkeys(LEVELS, 0)
    for d in departments:
        levels[d.level] += 1
    summary = Summary(
        indicators=counts,
        tasks={
            "lagging": sum(r.lagging for r in tasks),
            "no_report": sum(r.status == "no_report" for r in tasks),
            "done": sum(r.status == "done" for r in tasks),
            "overdue": sum(r.overdue for r in tasks),  # 督办: past its 完成时限, not done
        },
        departments=levels,
        lagging_departments=[d.name for d in departments if d.lagging],
        by_parts=_by_parts(indicators),
    )
    return YearStatus(plan, year, as_of, indicators, roll_up_sections(plan, tasks), tasks,
                      departments, summary, r_date)


def _by_parts(rows: list[IndicatorResult]) -> Optional[dict]:
    """Indicators with no target of their own whose parts have one (分解到N个地区考核):
    how many, how many of their parts have a target, and those parts' statuses."""
    split = [r for r in rows if r.status == "no_target" and any(p.status != "no_target" for p in r.parts)]
    if not split:
        return None
    parts = [p for r in split for p in r.parts if p.status != "no_target"]
    statuses = dict.fromkeys(INDICATOR_STATUSES, 0)
    for p in parts:
        statuses[p.status] += 1
    return {"indicators": len(split), "parts": len(parts), "statuses": statuses}


evaluate = year_status  # the public name (kjcx.evaluate)
