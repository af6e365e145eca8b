"""Targets in force: an indicator's target for a year on a date, with every revision
dated on or before it applied, and where the number came from (docs/method.md).

Pure: no I/O. `method.compute` judges figures against these; the forms, the
suspicious-figure rules and the report read them too.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Optional

from kjcx.method import kinds
from kjcx.plan.model import Indicator, Revision, TargetSpec
from kjcx.plan.records import record


@record
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
