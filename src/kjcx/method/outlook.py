"""The outlook to the final target (期末展望) of a level, flow or rank row: achieved,
on track when the year is on the plan's own path, else the pace against the pace
needed in the Eurostat bands; one-off items are not extrapolated (docs/method.md).

Pure: no I/O. `method.compute` calls `outlook` with what it already knows of the row.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

from kjcx.method import kinds
from kjcx.method.dates import is_year_end, used_entry
from kjcx.method.targets import Target
from kjcx.plan.model import Actual, Indicator
from kjcx.plan.records import record

if TYPE_CHECKING:  # the context's type only: compute imports this module
    from kjcx.method.compute import _Context as Context

ONE = Decimal(1)
# A one-off item: an `integer` indicator whose final target is at most this much above
# its baseline (新建 1 家 by 2027) is done or not done, never "on pace".
ONE_OFF_STEP = Decimal(2)
ONE_OFF_REASON = "一次性完成，不按速度外推"


@record
class Outlook:
    year: int
    target: Decimal
    needed_per_year: Optional[Decimal]
    achieved_per_year: Optional[Decimal]
    outlook: str  # achieved | on_track | at_risk | off_track | moving_away | unknown
    ratio: Optional[Decimal] = None  # R = achieved / needed, when the pace decided
    start: Optional[tuple[int, Decimal, str]] = None  # (year, value, "baseline"|"actual")
    reason: str = ""  # to_date | final_year | no_data | achieved | met | no_start | pace | one_off
    target_info: Optional[Target] = None

    @property
    def reason_text(self) -> Optional[str]:
        """The reason people read, where the code alone would mislead (a one-off item)."""
        return ONE_OFF_REASON if self.reason == "one_off" else None


def one_off(indicator: Indicator, t_end: Decimal) -> bool:
    """`pacing: none`, or an `integer` indicator whose final target is at most 2 above
    its baseline: its outlook is not extrapolated from the pace."""
    if indicator.pacing == "none":
        return True
    base = kinds.baseline_value(indicator)
    return indicator.integer and base is not None and t_end - base <= ONE_OFF_STEP


def outlook(ctx: Context, indicator: Indicator, year: int, figure: Optional[Actual],
            point: datetime.date, status: str) -> Optional[Outlook]:
    end = ctx.plan.plan.end
    tinfo = ctx.targets.target(indicator, end, point)
    t_end = tinfo.value
    if t_end is None:
        return None

    def unknown(reason: str) -> Outlook:
        return Outlook(end, t_end, None, None, "unknown", reason=reason, target_info=tinfo)

    if figure is None:
        return unknown("no_data")
    if year >= end:
        return unknown("final_year")
    if not is_year_end(year, figure):
        return unknown("to_date")
    higher = indicator.direction == "higher"
    sign = ONE if higher else -ONE
    a = figure.value
    needed = sign * (t_end - a) / Decimal(end - year)
    achieved = None
    start = _start(ctx, indicator, year)
    if start is not None:
        achieved = sign * (a - start[1]) / Decimal(year - start[0])
    ratio = None
    if kinds.reaches(higher, a, t_end) and indicator.interpolation != "step":
        # a step target (失业率 5.5% 以内) holds every year to the end: reaching it now
        # is this year's 达标 (on track), not the period's target achieved
        band, reason = "achieved", "achieved"
    elif one_off(indicator, t_end):
        band, reason = "unknown", "one_off"
    elif status == "met":
        band, reason = "on_track", "met"
    elif achieved is None:
        band, reason = "unknown", "no_start"
    else:
        ratio = achieved / needed  # needed > 0: the final target is not reached
        band, reason = kinds.outlook_band(ratio), "pace"
    return Outlook(end, t_end, needed, achieved, band, ratio=ratio, start=start, reason=reason,
                   target_info=tinfo)


def _start(ctx: Context, indicator: Indicator, year: int) -> Optional[tuple[int, Decimal, str]]:
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
