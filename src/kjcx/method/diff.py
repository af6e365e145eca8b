"""`kjcx diff FROM TO [YEAR]`: what changed between two reporting rounds, as typed
records (a change is: item, field, old, new, reason).

Both sides are the ordinary evaluation with the figures known on each date
(as `--as-of` gives them), so a diff says nothing the status of either date
would not say. The tables, the JSON and the report's sentences are views of these
records (views/diff.py, report/content.py): nothing here is text to parse.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Optional, Union

from kjcx.method.compute import YearStatus, year_status
from kjcx.plan.model import ActionPlan

Item = Union[str, int]  # an indicator id (a part: id/part name), a task number, a department


@dataclass(frozen=True)
class Figure:
    """An indicator's figure as known on one side of the diff."""

    value: Decimal
    as_of: Optional[datetime.date]  # None: a year-end figure
    source: Optional[str]
    note: Optional[str]


@dataclass(frozen=True)
class Report:
    """A task's report as known on one side of the diff."""

    status: str
    percent: Optional[Decimal]
    as_of: Optional[datetime.date]
    note: Optional[str]


# Why a task turned lagging: it passed its deadline or a milestone's date (督办), it says so
# itself, the round moved on and it did not report (its old report is judged against the
# new round date), or its percent fell below the elapsed share of the year.
LAGGING_REASONS = ("overdue", "milestone_overdue", "self_reported", "stale", "below_schedule")


@dataclass(frozen=True)
class Change:
    """One thing that changed. `field`: figure (old/new: Figure or None), report
    (Report or None), status, outlook (machine values, None for no outlook), lagging
    (bool; `reason` one of LAGGING_REASONS when it turned lagging), level (a
    department's red/yellow/green, None when it was not listed)."""

    item: Item
    name: str  # the indicator's name (a part: 指标（分解项）), the task's title, the department
    field: str
    old: Any
    new: Any
    reason: Optional[str] = None
    unit: str = ""


@dataclass
class Diff:
    plan: ActionPlan
    year: int
    start: datetime.date
    end: datetime.date
    before: YearStatus
    after: YearStatus
    figures: list[Change] = field(default_factory=list)
    reports: list[Change] = field(default_factory=list)
    statuses: list[Change] = field(default_factory=list)
    outlooks: list[Change] = field(default_factory=list)
    started_lagging: list[Change] = field(default_factory=list)
    stopped_lagging: list[Change] = field(default_factory=list)
    departments: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.figures or self.reports or self.statuses or self.outlooks
                    or self.started_lagging or self.stopped_lagging or self.departments)

    @property
    def summary(self) -> dict[str, int]:
        return {"figures": len(self.figures), "reports": len(self.reports),
                "status_changes": len(self.statuses), "outlook_changes": len(self.outlooks),
                "tasks_started_lagging": len(self.started_lagging),
                "tasks_stopped_lagging": len(self.stopped_lagging),
                "departments": len(self.departments)}

    def same_figures(self) -> list[Change]:
        """Figures reported again with the value they had: not a change to list."""
        return [f for f in self.figures if f.old is not None and f.new is not None
                and f.old.value == f.new.value]

    def indicator_changes(self) -> list[IndicatorChange]:
        """One record per indicator whose figure, status or outlook changed, in the
        plan's order (a figure reported again unchanged, with nothing else, is left out)."""
        by_id: dict[str, IndicatorChange] = {}

        def entry(c: Change) -> IndicatorChange:
            return by_id.setdefault(str(c.item), IndicatorChange(str(c.item), c.name, c.unit))

        for c in self.figures:
            entry(c).figure = c
        changed = {c.item for c in self.statuses + self.outlooks}
        for c in self.same_figures():
            if c.item not in changed:
                del by_id[str(c.item)]
        for c in self.statuses:
            entry(c).status = c
        for c in self.outlooks:
            entry(c).outlook = c
        order = {r.indicator.id: i for i, r in enumerate(with_parts(self.after))}
        return sorted(by_id.values(), key=lambda x: order[x.item])

    def task_changes(self) -> list[TaskChange]:
        """One record per task whose report said something new or whose lagging changed,
        by task number."""
        rows: dict[int, TaskChange] = {}
        for c in self.reports:
            if c.old is None or c.new is None or (c.old.status, c.old.percent) != (c.new.status, c.new.percent):
                rows[int(c.item)] = TaskChange(int(c.item), c.name, c)
        for c in self.started_lagging + self.stopped_lagging:
            rows.setdefault(int(c.item), TaskChange(int(c.item), c.name)).lagging = c
        return [rows[k] for k in sorted(rows)]


@dataclass
class IndicatorChange:
    """An indicator's row of the diff: its figure, status and outlook changes (None
    where that did not change)."""

    item: str
    name: str
    unit: str
    figure: Optional[Change] = None
    status: Optional[Change] = None
    outlook: Optional[Change] = None


@dataclass
class TaskChange:
    """A task's row of the diff: its new report and its lagging change (None where
    that did not change). `report` (the report used at the end) is set for a task
    that turned lagging without a new report, so its row shows what it is judged on."""

    item: int
    title: str
    report: Optional[Change] = None
    lagging: Optional[Change] = None


def compare(plan: ActionPlan, year: int, start: datetime.date, end: datetime.date) -> Diff:
    before = year_status(plan, year, start)
    after = year_status(plan, year, end)
    d = Diff(plan, year, start, end, before, after)
    for b, a in zip(with_parts(before), with_parts(after)):
        ind = a.indicator  # a part's row: id `<id>/<part name>`, named 指标（分解项）
        name = ind.name if a.part is None else f"{ind.name}（{a.part}）"
        if b.figure is not a.figure:
            d.figures.append(Change(ind.id, name, "figure", _figure(b), _figure(a), unit=ind.unit))
        if b.status != a.status:
            d.statuses.append(Change(ind.id, name, "status", b.status, a.status, unit=ind.unit))
        bo, ao = outlook_of(b), outlook_of(a)
        if bo != ao:
            d.outlooks.append(Change(ind.id, name, "outlook", bo, ao, unit=ind.unit))
    for tb, ta in zip(before.tasks, after.tasks):
        task = ta.task
        if tb.report is not ta.report:
            d.reports.append(Change(task.id, task.title, "report", _report(tb), _report(ta)))
        if ta.lagging and not tb.lagging:
            d.started_lagging.append(Change(task.id, task.title, "lagging", False, True,
                                            lagging_reason(ta)))
        elif tb.lagging and not ta.lagging:
            d.stopped_lagging.append(Change(task.id, task.title, "lagging", True, False))
    levels = {r.name: r.level for r in before.departments}
    for r in after.departments:
        if levels.get(r.name) != r.level:
            d.departments.append(Change(r.name, r.name, "level", levels.get(r.name), r.level))
    return d


def lagging_reason(row) -> str:
    """Why a lagging task (TaskResult) is lagging, the first that holds (LAGGING_REASONS)."""
    duban = row.duban
    if duban is not None and duban.overdue:
        return "overdue"
    if duban is not None and duban.missed:
        return "milestone_overdue"
    if row.status == "behind":
        return "self_reported"
    if row.stale:
        return "stale"
    return "below_schedule"


def with_parts(st: YearStatus) -> list:
    """Every indicator row, each followed by its parts' rows (分解): a part's new figure
    is a change of the round like any other."""
    return [row for whole in st.indicators for row in (whole, *whole.parts)]


def _figure(row) -> Optional[Figure]:
    if row.figure is None:
        return None
    return Figure(row.actual, row.figure.as_of, row.figure.source, row.figure.note)


def _report(row) -> Optional[Report]:
    if row.report is None:
        return None
    return Report(row.status, row.percent, row.report.as_of, row.report.note)


def outlook_of(row) -> Optional[str]:
    """The row's outlook: to its final target, or (growth, reduction) its period's."""
    if row.final is not None:
        return row.final.outlook
    return row.period.outlook if row.period is not None else None
