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
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Optional, Union

from kjcx.method import kinds
from kjcx.method import period as periods
from kjcx.method.period import PeriodResult
from kjcx.plan.model import ActionPlan, Actual, Indicator, Part, Report, Revision, TargetSpec, Task, TaskStatus

ONE = Decimal(1)
HUNDRED = Decimal(100)

# Outlook bands (Eurostat SDG progress method, as used by open-sdg).
ON_TRACK = Decimal("0.95")
AT_RISK = Decimal("0.6")

INDICATOR_STATUSES = ("met", "near", "behind", "severe", "no_data", "no_target")
LAGGING_INDICATOR = frozenset({"behind", "severe"})
LEVELS = ("red", "yellow", "green")
# Worst item: a lagging task ranks with `behind`; no_data and no_target rows never compete.
WORST_RANK = {"severe": 0, "behind": 1, "near": 2, "met": 3}

ItemId = Union[str, int]  # indicator ids are strings, task ids integers


# --- results ----------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """A year's target in force, and where it came from."""

    value: Optional[Decimal]
    source: Optional[str]  # explicit | revised | interpolated | None
    revision: Optional[str] = None  # id of the revision that set it (revised)
    # interpolated: the two points it lies between, (year, value, "target"|"baseline")
    lower: Optional[tuple[int, Decimal, str]] = None
    upper: Optional[tuple[int, Decimal, str]] = None
    plan_value: Optional[Decimal] = None  # the plan's own target, when revised
    rule: Optional[str] = None  # value | base_plus | base_times | interpolated
    stretch: Optional[Decimal] = None  # 力争
    spec: Optional[TargetSpec] = None  # the mapping it was written as, if any
    method: Optional[str] = None  # interpolated: linear | geometric | step
    exact: Optional[Decimal] = None  # interpolated before `integer` rounding


@dataclass(frozen=True)
class Outlook:
    year: int
    target: Decimal
    needed_per_year: Optional[Decimal]
    achieved_per_year: Optional[Decimal]
    outlook: str  # achieved | on_track | at_risk | off_track | moving_away | unknown
    ratio: Optional[Decimal] = None  # R = achieved / needed, when the pace decided
    start: Optional[tuple[int, Decimal, str]] = None  # (year, value, "baseline"|"actual")
    reason: str = ""  # to_date | final_year | no_data | achieved | met | no_start | pace
    target_info: Optional[Target] = None


@dataclass(frozen=True)
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

    @property
    def source(self) -> Optional[str]:
        return self.figure.source if self.figure is not None else None

    @property
    def note(self) -> Optional[str]:
        return self.figure.note if self.figure is not None else None

    @property
    def lagging(self) -> bool:
        return self.status in LAGGING_INDICATOR


@dataclass(frozen=True)
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

    @property
    def note(self) -> Optional[str]:
        return self.report.note if self.report is not None else None

    @property
    def rate(self) -> Optional[Decimal]:
        """percent / (elapsed x 100), percent 0 when absent: ranks a lagging task."""
        if self.elapsed is None or self.elapsed == 0:
            return None
        return (self.percent or Decimal(0)) / (self.elapsed * HUNDRED)


@dataclass(frozen=True)
class DepartmentResult:
    name: str
    level: str  # red | yellow | green
    lead_items: int
    lagging_lead: list[ItemId]
    missing: list[ItemId]
    lagging_participating: list[int]
    worst: Optional[ItemId]
    worst_rate: Optional[Decimal] = None
    lead_indicators: list[str] = field(default_factory=list)
    lead_tasks: list[int] = field(default_factory=list)
    participating_tasks: list[int] = field(default_factory=list)

    @property
    def lagging(self) -> bool:
        return self.level == "red"


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Summary:
    indicators: dict[str, int]
    tasks: dict[str, int]
    departments: dict[str, int]
    lagging_departments: list[str]


@dataclass(frozen=True)
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


# --- time ----------------------------------------------------------------------

def days_in_year(year: int) -> int:
    return 366 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 365


def evaluation_point(year: int, as_of: Optional[datetime.date]) -> tuple[datetime.date, Decimal]:
    """(date, elapsed share of the year). An as_of outside the year is year end."""
    year_end = datetime.date(year, 12, 31)
    if as_of is None or not (datetime.date(year, 1, 1) <= as_of < year_end):
        return year_end, ONE
    return as_of, Decimal(as_of.timetuple().tm_yday) / Decimal(days_in_year(year))


def known_on(year: int, entry: Union[Actual, Report]) -> datetime.date:
    """When an entry was known: its as_of, a year-end entry without one on Dec 31."""
    return entry.as_of if entry.as_of is not None else datetime.date(year, 12, 31)


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


def is_year_end(year: int, entry) -> bool:
    return evaluation_point(year, entry.as_of)[1] == ONE


# --- targets ---------------------------------------------------------------------

class Targets:
    """An indicator's targets in force on a date: the plan's, with every revision
    dated on or before it applied in order."""

    def __init__(self, revisions: list[Revision]):
        self._by_indicator: dict[str, list[tuple[datetime.date, str, dict]]] = {}
        for rev in revisions:
            for ind_id, years in rev.targets.items():
                self._by_indicator.setdefault(ind_id, []).append((rev.date, rev.id, years))

    def written(self, indicator: Indicator, at: datetime.date) -> dict[int, tuple[kinds.Written, Optional[str]]]:
        """year -> (the target as written, id of the revision that set it or None)."""
        targets: dict[int, tuple[kinds.Written, Optional[str]]] = {
            y: (v, None) for y, v in indicator.targets.items()}
        for date, rev_id, years in self._by_indicator.get(indicator.id, ()):
            if date <= at:
                for y, v in years.items():
                    targets[y] = (v, rev_id)
        return targets

    def in_force(self, indicator: Indicator, at: datetime.date) -> dict[int, tuple[Decimal, Optional[str]]]:
        """year -> (target value, id of the revision that set it or None); a relative
        target without a baseline value has none (check reports it)."""
        base = kinds.baseline_value(indicator)
        out = {}
        for y, (spec, rev_id) in self.written(indicator, at).items():
            value = kinds.resolve(spec, base)
            if value is not None:
                out[y] = (value, rev_id)
        return out

    def target(self, indicator: Indicator, year: int, at: datetime.date) -> Target:
        """The year's target in force at `at`: explicit, revised or interpolated."""
        written = self.written(indicator, at)
        base = kinds.baseline_value(indicator)
        if year in written:
            spec, rev_id = written[year]
            value = kinds.resolve(spec, base)
            if value is not None:
                plan_spec = indicator.targets.get(year) if rev_id is not None else None
                return Target(value, "explicit" if rev_id is None else "revised", rev_id,
                              plan_value=kinds.resolve(plan_spec, base) if plan_spec is not None else None,
                              rule=kinds.rule_of(spec), stretch=kinds.stretch_of(spec, base),
                              spec=spec if isinstance(spec, TargetSpec) else None)
        return self._between(indicator, year, self.in_force(indicator, at))

    def _between(self, indicator: Indicator, year: int,
                 targets: dict[int, tuple[Decimal, Optional[str]]]) -> Target:
        method = indicator.interpolation
        later = [y for y in targets if y > year]
        if not later or method == "none":
            return Target(None, None)
        y1 = min(later)
        v1 = targets[y1][0]
        earlier = [y for y in targets if y < year]
        lower: Optional[tuple[int, Decimal, str]] = None
        baseline = indicator.baseline
        if earlier:
            y0 = max(earlier)
            lower = (y0, targets[y0][0], "target")
        elif baseline is not None and baseline.value is not None and baseline.year < year:
            lower = (baseline.year, baseline.value, "baseline")
        value, used = kinds.interpolate(method, year, lower[0] if lower else None,
                                        lower[1] if lower else None, y1, v1)
        if value is None:
            return Target(None, None)
        exact = None
        if indicator.integer:
            exact, value = value, kinds.whole(value)
        return Target(value, "interpolated", lower=lower if used != "step" else None,
                      upper=(y1, v1, "target"), rule="interpolated", method=used, exact=exact)


# --- indicators ------------------------------------------------------------------

class _Context:
    """What every row of one evaluation shares."""

    def __init__(self, plan: ActionPlan, as_of: Optional[datetime.date]):
        self.plan = plan
        self.as_of = as_of
        self.targets = Targets(plan.revisions)
        self.thresholds = plan.plan.thresholds
        self._rounds: dict[int, Optional[datetime.date]] = {}
        self._baselines: dict[str, list[tuple[datetime.date, Decimal]]] = {}
        for rev in plan.revisions:
            for ind_id, value in rev.baselines.items():
                self._baselines.setdefault(ind_id, []).append((rev.date, value))

    def round(self, year: int) -> Optional[datetime.date]:
        if year not in self._rounds:
            self._rounds[year] = round_date(self.plan, year, self.as_of)
        return self._rounds[year]

    def rebased(self, indicator: Indicator, at: datetime.date) -> Indicator:
        """The indicator with the base value of the latest revision in force at `at`."""
        found = [v for d, v in self._baselines.get(indicator.id, ()) if d <= at]
        if not found or indicator.baseline is None:
            return indicator
        return replace(indicator, baseline=replace(indicator.baseline, value=found[-1]))

    def known(self, point: datetime.date) -> datetime.date:
        """The date whose targets are in force: the evaluation point, but never after
        --as-of (a revision issued later was not known then)."""
        return point if self.as_of is None or point <= self.as_of else self.as_of


def evaluate_indicator(plan: ActionPlan, indicator: Indicator, year: int,
                       as_of: Optional[datetime.date] = None, *, _ctx: Optional[_Context] = None,
                       ) -> IndicatorResult:
    ctx = _ctx or _Context(plan, as_of)
    figure = used_entry(indicator.actuals.get(year), year, ctx.as_of)
    point, elapsed = evaluation_point(year, figure.as_of if figure is not None else None)
    at = ctx.known(point)  # targets in force here
    indicator = ctx.rebased(indicator, at)
    tinfo = ctx.targets.target(indicator, year, at)
    t = tinfo.value
    a = figure.value if figure is not None else None
    period = _period(ctx, indicator, year) if indicator.period is not None and indicator.rate_kind else None
    judged = _Judged()
    if t is None:  # a rate without a yearly target is judged on its period
        status = (period.status or "no_data") if period is not None else "no_target"
    elif a is None:
        status = "no_data"
    else:
        _judge(ctx, indicator, year, at, judged, t, a, elapsed)
        status = judged.status
        if tinfo.stretch is not None:
            e_stretch = _expected(indicator, tinfo.stretch, elapsed, judged.start)
            judged.stretch_met = kinds.reaches(indicator.direction == "higher", a, e_stretch)
    final = None if indicator.rate_kind else _outlook(ctx, indicator, year, figure, at, status)
    j = judged
    r_date = ctx.round(year)
    return IndicatorResult(
        indicator, year, t, tinfo.source, tinfo.revision, a, point if figure is not None else None,
        elapsed if figure is not None else None, j.expected, j.rate, j.completion, j.schedule,
        j.ahead, j.gap, j.progress, status, final, figure, tinfo, j.start, j.decided_by,
        stretch=tinfo.stretch, stretch_met=j.stretch_met,
        target_rule=tinfo.rule if t is not None else None, period=period,
        within_tolerance=j.within,
        stale=(t is not None or period is not None) and figure is not None and r_date is not None
        and point < r_date,
        ahead_value=None if a is None or j.expected is None else (
            a - j.expected if indicator.direction == "higher" else j.expected - a),
        grade=grade_of(ctx.plan.plan.grades, j.completion),
        parts=_part_rows(plan, indicator, year, ctx) if indicator.parts else ())



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
    return tuple(_derived(evaluate_indicator(plan, part_indicator(indicator, part), year, _ctx=ctx),
                          part=part.name)
                 for part in indicator.parts)


def _derived(record, **changes):
    """A copy of a frozen record with some fields changed: dataclasses.replace without
    its per-call field introspection, which 15,000 parts would pay twice each."""
    new = object.__new__(type(record))
    new.__dict__.update(record.__dict__, **changes)
    return new


def grade_of(grades, completion: Optional[Decimal]) -> Optional[str]:
    """The first grade whose `min` <= completion (the last, without min, takes the rest)."""
    if not grades or completion is None:
        return None
    return next((g.label for g in grades if g.min is None or g.min <= completion), None)


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
    if (a >= e) if higher else (a <= e):
        return "met", "met"
    if rate is None:
        return "severe", "zero_divisor"
    if rate >= thresholds.near:
        return ("behind", "binding") if binding else ("near", "near")
    if rate >= thresholds.severe:
        return "behind", "severe"
    return "severe", "below_severe"


def _reaches(higher: bool, a: Decimal, t: Decimal) -> bool:
    return a >= t if higher else a <= t


def _outlook(ctx: _Context, indicator: Indicator, year: int, figure: Optional[Actual],
             point: datetime.date, status: str) -> Optional[Outlook]:
    end = ctx.plan.plan.end
    tinfo = ctx.targets.target(indicator, end, point)
    t_end = tinfo.value
    if t_end is None:
        return None
    if figure is None:
        return Outlook(end, t_end, None, None, "unknown", reason="no_data", target_info=tinfo)
    if year >= end:
        return Outlook(end, t_end, None, None, "unknown", reason="final_year", target_info=tinfo)
    if not is_year_end(year, figure):
        return Outlook(end, t_end, None, None, "unknown", reason="to_date", target_info=tinfo)
    higher = indicator.direction == "higher"
    sign = ONE if higher else -ONE
    a = figure.value
    needed = sign * (t_end - a) / Decimal(end - year)
    achieved = None
    start = _outlook_start(ctx, indicator, year)
    if start is not None:
        achieved = sign * (a - start[1]) / Decimal(year - start[0])
    ratio = None
    if _reaches(higher, a, t_end):
        band, reason = "achieved", "achieved"
    elif status == "met":
        band, reason = "on_track", "met"
    elif achieved is None:
        band, reason = "unknown", "no_start"
    else:
        ratio = achieved / needed  # needed > 0: the final target is not reached
        reason = "pace"
        if ratio >= ON_TRACK:
            band = "on_track"
        elif ratio >= AT_RISK:
            band = "at_risk"
        elif ratio >= 0:
            band = "off_track"
        else:
            band = "moving_away"
    return Outlook(end, t_end, needed, achieved, band, ratio, start, reason, tinfo)


def _outlook_start(ctx: _Context, indicator: Indicator,
                   year: int) -> Optional[tuple[int, Decimal, str]]:
    baseline = indicator.baseline
    if baseline is not None and baseline.value is not None and baseline.year < year:
        return baseline.year, baseline.value, "baseline"
    for y in sorted(indicator.actuals):
        if y >= year:
            break
        entry = used_entry(indicator.actuals[y], y, ctx.as_of)
        if entry is not None and is_year_end(y, entry):
            return y, entry.value, "actual"
    return None


# --- tasks --------------------------------------------------------------------------

def evaluate_task(plan: ActionPlan, task: Task, year: int,
                  as_of: Optional[datetime.date] = None,
                  round_at: Optional[datetime.date] = None) -> TaskResult:
    """`round_at`: the year's round date R (computed when not given); a task not done
    whose report is older than R is stale and judged on the elapsed share of R."""
    report = used_entry(task.progress.get(year), year, as_of)
    if report is None:
        return TaskResult(task, year, "no_report", None, None, False)
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
    return TaskResult(task, year, status.value, report.percent, point, lagging, report,
                      elapsed, threshold, stale)


# --- departments ------------------------------------------------------------------

def latest_actual_year(plan: ActionPlan, as_of: Optional[datetime.date] = None) -> Optional[int]:
    """The latest plan year with any figure known on `as_of`."""
    figures = [ind.actuals for ind in plan.indicators] + \
        [part.actuals for ind in plan.indicators for part in ind.parts]  # parts (分解) too
    years = [y for actuals in figures for y, entries in actuals.items()
             if plan.plan.start <= y <= plan.plan.end and used_entry(entries, y, as_of) is not None]
    return max(years) if years else None


def judge_departments(plan: ActionPlan, indicators: list[IndicatorResult],
                      tasks: list[TaskResult], latest: Optional[int]) -> list[DepartmentResult]:
    """Each department's level (red 滞后 / yellow 关注 / green 正常) with its evidence."""
    order = plan.departments()
    acc = {name: _DeptAcc() for name in order}
    # a part answers to its own lead (id `<id>/<part name>`), like an indicator
    for row in (item for whole in indicators for item in (whole, *whole.parts)):
        closed = latest is not None and row.year < latest
        for name in row.indicator.lead:
            d = acc[name]
            d.lead_indicators.append(row.indicator.id)
            if row.lagging:
                d.lagging_lead.append(row.indicator.id)
            if (row.status == "no_data" and closed) or row.stale:
                d.missing.append(row.indicator.id)
            if row.status in WORST_RANK:
                d.consider(row.indicator.id, WORST_RANK[row.status], row.rate)
    for task_row in tasks:
        task_id = task_row.task.id
        for name in task_row.task.lead:
            d = acc[name]
            d.lead_tasks.append(task_id)
            if task_row.lagging:
                d.lagging_lead.append(task_id)
                d.consider(task_id, WORST_RANK["behind"], task_row.rate)
            if task_row.status == "no_report" or task_row.stale:
                d.missing_tasks.append(task_id)
        for name in task_row.task.participants:
            d = acc[name]
            d.participating.append(task_id)
            if task_row.lagging:
                d.lagging_participating.append(task_id)
    rows = [d.result(name) for name, d in acc.items()]
    position = {name: i for i, name in enumerate(order)}
    rank = {level: i for i, level in enumerate(LEVELS)}
    rows.sort(key=lambda r: (rank[r.level], -(len(r.lagging_lead) + len(r.missing)),
                             -len(r.lagging_participating), position[r.name]))
    return rows


class _DeptAcc:
    def __init__(self) -> None:
        self.lead_indicators: list[str] = []
        self.lead_tasks: list[int] = []
        self.participating: list[int] = []
        self.lagging_lead: list[ItemId] = []
        self.missing: list[ItemId] = []
        self.missing_tasks: list[int] = []
        self.lagging_participating: list[int] = []
        self.worst: Optional[ItemId] = None
        self.worst_rate: Optional[Decimal] = None
        self._worst_key: Optional[tuple] = None

    def consider(self, item: ItemId, rank: int, rate: Optional[Decimal]) -> None:
        # by status rank, then rate ascending with null last; strictly lower wins, so
        # ties keep the first in file order, indicators before tasks
        key = (rank, rate is None, rate if rate is not None else 0)
        if self._worst_key is None or key < self._worst_key:
            self.worst, self.worst_rate, self._worst_key = item, rate, key

    def result(self, name: str) -> DepartmentResult:
        missing = self.missing + self.missing_tasks
        if self.lagging_lead or missing:
            level = "red"
        elif self.lagging_participating:
            level = "yellow"
        else:
            level = "green"
        return DepartmentResult(
            name, level, len(self.lead_indicators) + len(self.lead_tasks), self.lagging_lead,
            missing, self.lagging_participating, self.worst, self.worst_rate,
            self.lead_indicators, self.lead_tasks, self.participating)


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
        },
        departments=levels,
        lagging_departments=[d.name for d in departments if d.lagging],
    )
    return YearStatus(plan, year, as_of, indicators, roll_up_sections(plan, tasks), tasks,
                      departments, summary, r_date)


evaluate = year_status  # the public name (kjcx.evaluate)
