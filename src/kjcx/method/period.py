"""A growth or reduction target over the whole plan (〔13.5〕 cumulative, 年均 average),
judged by the official log method: 目标进度 = ln I_y / ln I* against 时间进度.

Pure and exact to 34 digits (Decimal.ln); every input is kept for `kjcx explain`.
Four years of the 十二五 16 % energy target with 13.4 % done: ln 0.866 / ln 0.84
= 82.5 % of the target, 2.5 points ahead of the 80 % time progress.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from typing import Optional

from kjcx.method import kinds
from kjcx.plan.model import Indicator
from kjcx.statuses import INDICATOR

ONE = Decimal(1)
HUNDRED = Decimal(100)
PRECISION = 34
# the period values are null when a year's factor is not positive (a reduction of
# 100 % or more, a fall of 100 % or more: check refuses such figures)
NOT_POSITIVE = "某年的增速或降低率使当年指数不为正（降低 100% 及以上、或下降 100% 及以上），无法取对数"


@dataclass(frozen=True)
class PeriodResult:
    form: str  # cumulative | average
    target: Decimal  # C (cumulative %) or a (% a year)
    base_year: int  # b
    years: int  # n = plan.end - b
    k: int  # years of figures through the year evaluated
    elapsed: Optional[Decimal]  # of the year's own figure (1 at year end)
    factors: tuple[tuple[int, Decimal, Decimal], ...]  # (year, rate r, factor f)
    index: Optional[Decimal]  # I_y
    target_index: Decimal  # I*
    ln_index: Optional[Decimal]
    ln_target: Optional[Decimal]
    cumulative: Optional[Decimal]
    average: Optional[Decimal]
    progress: Optional[Decimal]  # 目标进度
    time: Optional[Decimal]  # 时间进度
    ahead: Optional[Decimal]  # points
    status: Optional[str]
    needed_rate: Optional[Decimal]
    outlook: str
    ratio: Optional[Decimal] = None  # R, when the pace decided the outlook
    reason: Optional[str] = None  # why the values are null: 缺 YYYY 年数据
    decided_by: str = ""  # met | near | binding | severe | below_severe | flat_target


def factor(kind: str, rate: Decimal) -> Decimal:
    """f = 1 + r/100 (growth) or 1 - r/100 (reduction, written as a positive number)."""
    return ONE + rate / HUNDRED if kind == "growth" else ONE - rate / HUNDRED


def rate_of(kind: str, index: Decimal) -> Decimal:
    """The rate in % an index stands for: (I - 1) x 100 growth, (1 - I) x 100 reduction."""
    return (index - ONE) * HUNDRED if kind == "growth" else (ONE - index) * HUNDRED


def target_index(indicator: Indicator, years: int) -> Decimal:
    """I* = 1 ± C/100 for `cumulative: C`; f(a)^n for `average: a`."""
    period = indicator.period
    assert period is not None
    if period.cumulative is not None:
        return factor(indicator.kind, period.cumulative)
    assert period.average is not None
    return factor(indicator.kind, period.average) ** years


def log_progress(index: Decimal, goal: Decimal) -> Optional[Decimal]:
    """目标进度 = ln I / ln I*: None when I* = 1 or an index is not positive."""
    if index <= 0 or goal <= 0 or goal == ONE:
        return None
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return index.ln() / goal.ln()


def evaluate(indicator: Indicator, base_year: int, end: int, year: int,
             figures: dict[int, tuple[Decimal, Decimal]], thresholds) -> PeriodResult:
    """The period through `year`. figures: year -> (rate used, elapsed of its date)."""
    period = indicator.period
    assert period is not None
    form = "cumulative" if period.cumulative is not None else "average"
    target = period.cumulative if period.cumulative is not None else period.average
    assert target is not None
    n, k = end - base_year, year - base_year
    goal = target_index(indicator, n)
    empty = PeriodResult(form=form, target=target, base_year=base_year, years=n, k=k,
                         target_index=goal, ln_target=None, elapsed=None, factors=(), index=None,
                         ln_index=None, cumulative=None, average=None, progress=None, time=None,
                         ahead=None, status=None, needed_rate=None, outlook="unknown")
    if k <= 0 or n <= 0:
        return replace(empty, reason=f"{year} 年不晚于基期 {base_year} 年")
    missing = [y for y in range(base_year + 1, year + 1) if y not in figures]
    if missing:
        return replace(empty, reason=f"缺 {missing[0]} 年数据")
    factors = tuple((y, figures[y][0], factor(indicator.kind, figures[y][0]))
                    for y in range(base_year + 1, year + 1))
    if goal <= 0 or any(f <= 0 for _, _, f in factors):
        return replace(empty, factors=factors, reason=NOT_POSITIVE)
    elapsed = figures[year][1]
    with localcontext() as ctx:
        ctx.prec = PRECISION
        index = ONE
        for y, _, f in factors:
            # a figure dated inside the year is the rate to date: it counts for the
            # elapsed share e of its year (f^e), the span time progress counts too
            index *= f if y != year or elapsed == ONE else f ** elapsed
        return _judge(indicator, empty, factors, index, elapsed, thresholds)


def _judge(indicator: Indicator, empty: PeriodResult, factors, index: Decimal, elapsed: Decimal,
           thresholds) -> PeriodResult:
    """Progress, time, status, needed rate and outlook (inside the caller's precision)."""
    kind, higher = indicator.kind, indicator.direction == "higher"
    n, k, goal = empty.years, empty.k, empty.target_index
    ln_i, ln_goal = index.ln(), goal.ln()
    progress = ln_i / ln_goal if ln_goal != 0 else None
    span = Decimal(k - 1) + elapsed  # years of figures, the year to date counted as e
    time = span / Decimal(n)
    ahead = (progress - time) * HUNDRED if progress is not None else None
    status, decided_by = _status(indicator, index, goal, progress, time, higher, thresholds)
    needed = None
    if k < n:  # over the years left: n - k after a year-end figure, n - k + 1 - e to date
        step = ((ln_goal - ln_i) / (Decimal(n - k) + ONE - elapsed)).exp()
        needed = rate_of(kind, step)
    outlook, ratio = _outlook(higher, progress, status, elapsed, k, n, ln_i, ln_goal)
    return replace(
        empty, elapsed=elapsed, factors=factors, index=index, ln_index=ln_i, ln_target=ln_goal,
        cumulative=rate_of(kind, index), average=rate_of(kind, (ln_i / span).exp()),
        progress=progress, time=time, ahead=ahead, status=status, needed_rate=needed,
        outlook=outlook, ratio=ratio, decided_by=decided_by)


def _status(indicator: Indicator, index: Decimal, goal: Decimal, progress: Optional[Decimal],
            time: Decimal, higher: bool, thresholds) -> tuple[str, str]:
    if progress is None:  # a target of no change (〔0〕): reached or not, nothing in between
        better = index >= goal if (indicator.kind == "growth") == higher else index <= goal
        return ("met", "met") if better else ("severe", "flat_target")
    if (progress >= time) if higher else (progress <= time):
        return "met", "met"
    return kinds.status_band(progress / time if higher else time / progress, indicator.binding,
                             thresholds)


def _outlook(higher: bool, progress: Optional[Decimal], status: str, elapsed: Decimal,
             k: int, n: int, ln_i: Decimal, ln_goal: Decimal) -> tuple[str, Optional[Decimal]]:
    """achieved, unknown (last year, a figure to date), on_track when met, else the pace R."""
    if higher and progress is not None and progress >= ONE:
        return "achieved", None
    if k >= n or elapsed != ONE or progress is None:
        return "unknown", None
    if status == "met":
        return "on_track", None
    done, left = ln_i / Decimal(k), (ln_goal - ln_i) / Decimal(n - k)
    if not higher:  # a ceiling: the pace allowed over the pace taken
        done, left = left, done
    if left == 0:
        return "unknown", None
    ratio = done / left
    band = kinds.outlook_band(ratio)
    if band == "on_track" and INDICATOR[status].short:
        band = "at_risk"  # never 进度正常 next to a period 滞后: the pace is not enough yet
    return band, ratio
