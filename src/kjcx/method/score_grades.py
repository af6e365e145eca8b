"""考核 grades and ranks: by score or by quota, the veto, ties, rank change.

- Rank: by total (2 decimals) descending; ties share a rank (1, 2, 2, 4). A veto changes
  the grade, not the rank.
- Grades by score: the first grade whose `min` ≤ total; by quota: a grade with `share`
  takes at most floor(share × n) units from the top of those left (n counts every listed
  unit, vetoed ones too; vetoed units are not among those taken); a tied group that would
  pass the quota drops whole to the next grade; unused quota is not carried over. The units
  left take the grades after the quotas by score (`min`), else the last; a vetoed unit
  always takes the last.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Optional

from kjcx.plan.scoring_model import GradeBand, Scheme

if TYPE_CHECKING:
    from kjcx.method.score import ScoreResult, UnitScore


def ranks(units: list[UnitScore]) -> dict[str, int]:
    """1 + the number of units with a higher (2-decimal) total."""
    keys = [u.key for u in units]
    return {u.unit: 1 + sum(k > u.key for k in keys) for u in units}


def by_score(grades: tuple[GradeBand, ...], total: Decimal) -> str:
    for grade in grades:
        if grade.min is None or grade.min <= total:
            return grade.label
    return grades[-1].label


def by_quota(grades: tuple[GradeBand, ...], units: list[UnitScore]) -> dict[str, str]:
    """The quota grades from the top; the units left get the remaining grades by score
    (优秀不超过15%，60分以下不合格), the last grade when no `min` is left."""
    n = len(units)
    pool = sorted((u for u in units if not u.veto), key=lambda u: -u.key)  # stable: file order
    out: dict[str, str] = {}
    for grade in grades:
        if grade.share is None:
            continue
        cap = int((grade.share * Decimal(n)).to_integral_value(rounding=ROUND_FLOOR))
        taken = pool[:cap]
        if 0 < cap < len(pool) and pool[cap - 1].key == pool[cap].key:
            boundary = pool[cap - 1].key  # the tied group would pass the quota: it drops whole
            taken = [u for u in taken if u.key != boundary]
        for u in taken:
            out[u.unit] = grade.label
        pool = pool[len(taken):]
    rest = tuple(g for g in grades if g.share is None)
    for u in units:
        out.setdefault(u.unit, by_score(rest, u.key))
    return out


def graded(scheme: Scheme, units: list[UnitScore], previous: Optional[ScoreResult]) -> tuple[UnitScore, ...]:
    """The units with grade, rank and rank_change filled in."""
    if not units:
        return ()
    ranked = ranks(units)
    last = scheme.grades[-1].label
    quota = by_quota(scheme.grades, units) if scheme.by_quota else None
    before = {u.unit: u.rank for u in previous.units} if previous is not None else {}
    out = []
    for u in units:
        if u.veto:
            grade = last
        elif quota is not None:
            grade = quota[u.unit]
        else:
            grade = by_score(scheme.grades, u.key)
        rank = ranked[u.unit]
        change = before[u.unit] - rank if u.unit in before else None
        out.append(replace(u, grade=grade, rank=rank, rank_change=change))
    return tuple(out)
