"""`kjcx history ID` (docs/duban.md): every dated entry of one indicator, part (`id/part`)
or task over all years, oldest first, each with the verdict it gave on its own date
(the item evaluated with as_of = that date), so a 督办 trail reads 交办 — 报告 — 办结.

Pure: no I/O.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional, Union

from kjcx.method import compute
from kjcx.method.dates import known_on
from kjcx.plan.model import ActionPlan, Indicator, Task


@dataclass(frozen=True)
class Step:
    """One dated entry and what it meant on its date."""

    year: int
    known: datetime.date  # its as_of, a year-end entry Dec 31
    year_end: bool  # written without as_of (年末数 / 年末报告)
    value: Optional[Decimal] = None  # an indicator's or a part's figure
    status: Optional[str] = None  # a task report's status (a TaskStatus value)
    percent: Optional[Decimal] = None
    source: Optional[str] = None
    note: Optional[str] = None
    revised: Optional[str] = None  # why the figure replaces the earlier ones
    milestone: Optional[str] = None  # the 阶段目标 a task report says is reached
    verdict: str = ""  # an indicator status (met, near, ...) or, for a task, lagging / on_track / done
    completion: Optional[Decimal] = None  # an indicator's completion on that date
    reasons: tuple[str, ...] = ()  # a task's 督办 reasons on that date (逾期77天……)


@dataclass(frozen=True)
class History:
    kind: str  # indicator | part | task
    id: Union[str, int]
    name: str
    unit: str
    steps: tuple[Step, ...]
    since: Optional[datetime.date] = None


def find(plan: ActionPlan, ident: str) -> Optional[tuple[str, object]]:
    """(kind, item) that ID names: a task number, an indicator id or name, `id/part`."""
    if ident.isdigit():
        task = next((t for t in plan.tasks if t.id == int(ident)), None)
        return ("task", task) if task is not None else None
    whole, _, part = ident.partition("/")
    named = [i for i in plan.indicators if whole in (i.id, i.name)]
    if len(named) != 1:
        return None
    if not part:
        return "indicator", named[0]
    found = next((p for p in named[0].parts if p.name == part), None)
    return ("part", (named[0], found)) if found is not None else None


def names(plan: ActionPlan) -> list[str]:
    """What ID may be (for "did you mean")."""
    return ([str(t.id) for t in plan.tasks] + [i.id for i in plan.indicators] + [i.name for i in plan.indicators]
            + [f"{i.id}/{p.name}" for i in plan.indicators for p in i.parts])


def history(plan: ActionPlan, ident: str, since: Optional[datetime.date] = None) -> History:
    """The trail of ID; KeyError when ID names nothing. `since`: only entries known after it."""
    found = find(plan, ident)
    if found is None:
        raise KeyError(ident)
    kind, item = found
    if kind == "task":
        assert isinstance(item, Task)
        steps = _task_steps(plan, item)
        out = History("task", item.id, item.title, "", steps)
    elif kind == "part":
        assert isinstance(item, tuple)
        ind, part = item
        steps = _figure_steps(plan, ind, part.actuals, part.name)
        out = History("part", f"{ind.id}/{part.name}", f"{ind.name}（{part.name}）", ind.unit, steps)
    else:
        assert isinstance(item, Indicator)
        out = History("indicator", item.id, item.name, item.unit, _figure_steps(plan, item, item.actuals, None))
    if since is not None:
        out = History(out.kind, out.id, out.name, out.unit, tuple(s for s in out.steps if s.known > since), since)
    return out


def _figure_steps(plan: ActionPlan, ind: Indicator, actuals: dict, part: Optional[str]) -> tuple[Step, ...]:
    steps = []
    for year in sorted(actuals):
        for entry in actuals[year]:
            when = known_on(year, entry)
            verdict, completion = "", None
            if plan.plan.start <= year <= plan.plan.end:  # history before the plan is never judged
                row = compute.evaluate_indicator(plan, ind, year, when)
                if part is not None:
                    row = next(r for r in row.parts if r.part == part)
                verdict, completion = row.status, row.completion
            steps.append(Step(year=year, known=when, year_end=entry.as_of is None, value=entry.value,
                              source=entry.source, note=entry.note, revised=entry.revised,
                              verdict=verdict, completion=completion))
    steps.sort(key=lambda s: (s.known, s.year))
    return tuple(steps)


def _task_steps(plan: ActionPlan, task: Task) -> tuple[Step, ...]:
    steps = []
    for year in sorted(task.progress):
        for report in task.progress[year]:
            when = known_on(year, report)
            row = compute.evaluate_task(plan, task, year, when)
            verdict = "done" if row.status == "done" else ("lagging" if row.lagging else "on_track")
            reasons = tuple(row.duban.marks()) if row.duban is not None else ()
            steps.append(Step(year=year, known=when, year_end=report.as_of is None, status=report.status.value,
                              percent=report.percent, source=report.source, note=report.note,
                              milestone=report.milestone, verdict=verdict, reasons=reasons))
    steps.sort(key=lambda s: (s.known, s.year))
    return tuple(steps)
