"""Departments: each one's level (red 滞后 / yellow 关注 / green 正常) judged from
the rows of the indicators and tasks it leads or takes part in, with the worst
item as evidence (docs/method.md).

Pure: no I/O. Reads the rows `method.compute` made; imports no other part of
the method, so compute can call it without a cycle.
"""

from __future__ import annotations

from dataclasses import field
from decimal import Decimal
from typing import TYPE_CHECKING, Optional, Union

from kjcx.plan.model import ActionPlan
from kjcx.plan.records import record
from kjcx.statuses import INDICATOR, LEVEL

if TYPE_CHECKING:  # the rows' types only: compute imports this module
    from kjcx.method.compute import IndicatorResult, TaskResult

ItemId = Union[str, int]  # indicator ids are strings, task ids integers
# the levels worst first, by the severity rank of their status record
LEVELS = tuple(sorted(LEVEL, key=lambda key: LEVEL[key].rank or 0))
# a lagging task ranks with an indicator's `behind` when the worst item is chosen
_BEHIND_RANK = INDICATOR["behind"].rank or 0


@record(kw_only=True)  # built by name, like IndicatorResult
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


def judge_departments(plan: ActionPlan, indicators: list[IndicatorResult],
                      tasks: list[TaskResult], latest: Optional[int]) -> list[DepartmentResult]:
    """Each department's level (red 滞后 / yellow 关注 / green 正常) with its evidence."""
    order = plan.departments()
    acc = {name: _DeptAcc() for name in order}
    # a part answers to its own lead (id `<id>/<part name>`), like an indicator; a part
    # with no figure for the year while other parts of its indicator have one was asked
    # for it like them: missing, even before the year is closed (the bulletin lists
    # every part, and not reporting must not look better than reporting)
    for parent, row in ((ind, item) for ind in indicators for item in (ind, *ind.parts)):
        siblings = row.part is not None and any(p.as_of is not None for p in parent.parts)
        closed = (latest is not None and row.year < latest) or siblings
        for name in row.indicator.lead:
            d = acc[name]
            d.lead_indicators.append(row.indicator.id)
            if row.lagging:
                d.lagging_lead.append(row.indicator.id)
            if (row.status == "no_data" and closed) or row.stale:
                d.missing.append(row.indicator.id)
            rank = INDICATOR[row.status].rank
            if rank is not None:  # no_data and no_target rows never compete for the worst
                d.consider(row.indicator.id, rank, row.rate)
    for task_row in tasks:
        task_id = task_row.task.id
        for name in task_row.task.lead:
            d = acc[name]
            d.lead_tasks.append(task_id)
            if task_row.lagging:
                d.lagging_lead.append(task_id)
                d.consider(task_id, _BEHIND_RANK, task_row.rate)
            if task_row.status == "no_report" or task_row.stale:
                d.missing_tasks.append(task_id)
        for name in task_row.task.participants:
            d = acc[name]
            d.participating.append(task_id)
            if task_row.lagging:
                d.lagging_participating.append(task_id)
    rows = [d.result(name) for name, d in acc.items()]
    position = {name: i for i, name in enumerate(order)}
    order_of = {level: i for i, level in enumerate(LEVELS)}
    rows.sort(key=lambda r: (order_of[r.level], -(len(r.lagging_lead) + len(r.missing)),
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
        worst, worst_rate = self.worst, self.worst_rate
        if missing and not self.lagging_lead:  # red only for not reporting: name what is missing
            worst, worst_rate = missing[0], None
        return DepartmentResult(
            name=name, level=level, lead_items=len(self.lead_indicators) + len(self.lead_tasks),
            lagging_lead=self.lagging_lead, missing=missing,
            lagging_participating=self.lagging_participating, worst=worst,
            worst_rate=worst_rate, lead_indicators=self.lead_indicators,
            lead_tasks=self.lead_tasks, participating_tasks=self.participating)
