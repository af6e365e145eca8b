"""分解: one indicator broken down by region or unit, as a 考核 bulletin lists it.

Each part was computed as an indicator of its own (compute.part_indicator), so
this module only orders the part rows and counts them; the bulletin table of
`kjcx parts`, its counting line ("21 个市（州）中，达标 10 个，……") and the
sentence of the brief are views/parts.py.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Optional

from kjcx.method.compute import INDICATOR_STATUSES, IndicatorResult
from kjcx.plan.model import ActionPlan, Indicator
from kjcx.statuses import MISSED

DEFAULT_LABEL = "地区"
SHORT = MISSED  # statuses of a part that fell short of its target (statuses.py)


def label(indicator: Indicator) -> str:
    """What the parts are called (parts_label: 市（州）), else 地区."""
    return indicator.parts_label or DEFAULT_LABEL


def field_of(obj: Any, key: str) -> Any:
    """A field of a result that may be a mapping or a record (a period of a rate kind)."""
    if obj is None:
        return None
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def period_of(row: IndicatorResult) -> Any:
    """The row's period result (目标进度 over the plan), when its kind has one."""
    return getattr(row, "period", None)


def rank_value(row: IndicatorResult) -> Optional[Decimal]:
    """What the bulletin orders by: the period's 目标进度 when there is a period, else rate."""
    period = period_of(row)
    return field_of(period, "progress") if period is not None else row.rate


def ordered(rows: tuple | list) -> list[IndicatorResult]:
    """Parts by rank value, highest first, those without one last; ties in file order."""
    def key(row: IndicatorResult):
        value = rank_value(row)
        return (value is None, -value if value is not None else 0)

    return sorted(rows, key=key)


def status_counts(rows) -> dict[str, int]:
    counts = dict.fromkeys(INDICATOR_STATUSES, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


def grades_of(plan: ActionPlan) -> list:
    return list(getattr(plan.plan, "grades", None) or [])


def grade_counts(plan: ActionPlan, rows) -> Optional[dict[str, int]]:
    """Parts per grade (等次) in the plan's order; None without plan.grades."""
    grades = grades_of(plan)
    if not grades:
        return None
    counts = {str(field_of(g, "label")): 0 for g in grades}
    for row in rows:
        grade = getattr(row, "grade", None)
        if grade is not None:
            counts[str(grade)] = counts.get(str(grade), 0) + 1
    return counts


def short_names(row: IndicatorResult) -> list[str]:
    """The parts that fell short of their target (基本达标, 滞后, 严重滞后), in bulletin order."""
    return [r.part or "" for r in ordered(row.parts) if r.status in SHORT]


def reportable(plan: ActionPlan) -> list[Indicator]:
    """Every indicator, each followed by its parts as indicators (id `<id>/<part name>`,
    name `指标名称（分解项）`): the rows of the forms a department fills in."""
    from dataclasses import replace

    from kjcx.method.compute import part_indicator

    out: list[Indicator] = []
    for ind in plan.indicators:
        out.append(ind)
        out += [replace(part_indicator(ind, p), name=f"{ind.name}（{p.name}）") for p in ind.parts]
    return out


def find(rows: list[IndicatorResult], ident: str) -> Optional[IndicatorResult]:
    """The indicator row named by id or (unique) name."""
    for row in rows:
        if row.indicator.id == ident:
            return row
    named = [row for row in rows if row.indicator.name == ident]
    return named[0] if len(named) == 1 else None


# --- the bulletin ---------------------------------------------------------------

@dataclass
class Bulletin:
    """`kjcx parts ID [YEAR]`: one indicator's parts, ordered, with the counting line."""

    plan: ActionPlan
    year: int
    as_of: Optional[datetime.date]
    row: IndicatorResult  # the whole indicator; its parts in file order

    @property
    def order(self) -> list[IndicatorResult]:
        return ordered(self.row.parts)

    def ranks(self) -> list[tuple[Optional[int], IndicatorResult]]:
        """序号 of each part in order: parts without a rank value get none."""
        out: list[tuple[Optional[int], IndicatorResult]] = []
        n = 0
        for r in self.order:
            if rank_value(r) is None:
                out.append((None, r))
            else:
                n += 1
                out.append((n, r))
        return out


def bulletin(plan: ActionPlan, rows: list[IndicatorResult], year: int,
             as_of: Optional[datetime.date], ident: str) -> Optional[Bulletin]:
    row = find(rows, ident)
    return None if row is None else Bulletin(plan, year, as_of, row)
