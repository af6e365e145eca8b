"""Numbers and phrases as a 督查 meeting reads them (shared by explain, brief, report).

Percentages to one decimal, amounts at the data's own precision, differences of
a `%` indicator in 个百分点, never "%".
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Optional

from kjcx import statuses

HUNDRED = Decimal(100)

# The words for each computed value (the values themselves are English, in JSON).
# (the status facts live in kjcx.statuses, one record per status)
STATUS_LABEL = {key: s.label for key, s in statuses.INDICATOR.items()}
TASK_LABEL = {"not_started": "未启动", "in_progress": "推进中", "done": "已完成",
              "behind": "滞后", "no_report": "未报送"}
OUTLOOK_LABEL = {key: s.label for key, s in statuses.OUTLOOK.items()}
LEVEL_LABEL = {key: s.label for key, s in statuses.LEVEL.items()}
# The task statuses a person may write in tasks.yaml or pick in a form, and what they mean.
TASK_STATUS_WORDS = {"未启动": "not_started", "推进中": "in_progress", "已完成": "done", "滞后": "behind"}
PERCENT_UNITS = ("%", "％")
# Rounding a ratio of extreme inputs (up to 1e32) for display needs more digits
# than the default context's 28 (else InvalidOperation).
WIDE = Context(prec=80)


def num(value: Optional[Decimal], places: int = 2) -> str:
    """At most `places` decimals, no trailing zeros, no exponent: 21.3, 128, 0.4959."""
    if value is None:
        return "-"
    text = f"{Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=WIDE):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pct(ratio: Optional[Decimal], places: int = 1) -> str:
    """A share as a percentage with one decimal: 0.426 -> 42.6%."""
    if ratio is None:
        return "-"
    scaled = WIDE.multiply(Decimal(ratio), HUNDRED)
    return f"{scaled.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=WIDE):f}%"


def points(value: Optional[Decimal]) -> str:
    """Percentage points, one decimal, without sign: 7.0."""
    if value is None:
        return "-"
    return f"{abs(Decimal(value)).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP, context=WIDE):f}"


def amount(value: Optional[Decimal], unit: str) -> str:
    """A figure with its unit: 21.3亿元, 6家, 2.59%."""
    if value is None:
        return "-"
    return f"{num(value, 4)}{unit}"


def difference(value: Decimal, unit: str, spaced: bool = False) -> str:
    """A difference: in 个百分点 for a % indicator, else with the unit. `spaced`: the
    table form (差 0.02 个百分点); running text has no spaces (低0.02个百分点)."""
    if is_percent(unit):
        return f"{num(abs(value), 4)} 个百分点" if spaced else f"{num(abs(value), 4)}个百分点"
    return f"{num(abs(value), 4)}{unit}"


def ahead_phrase(ahead: Optional[Decimal]) -> str:
    """超序时进度3.2个百分点 / 低于序时进度7.0个百分点 / 达到序时进度."""
    if ahead is None:
        return ""
    rounded = Decimal(ahead).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP, context=WIDE)
    if rounded > 0:
        return f"超序时进度{points(ahead)}个百分点"
    if rounded < 0:
        return f"低于序时进度{points(ahead)}个百分点"
    return "与序时进度持平"


def ahead_short(ahead: Optional[Decimal], against: str = "序时") -> str:
    """The table form, in points against 序时 (or 时间进度 for a period row):
    超序时 3.2 个百分点 / 低于序时 7.0 个百分点 / 持平."""
    if ahead is None:
        return "-"
    rounded = Decimal(ahead).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP, context=WIDE)
    if rounded == 0:
        return "持平"
    return f"{'超' if rounded > 0 else '低于'}{against} {points(ahead)} 个百分点"


def is_percent(unit: str) -> bool:
    return unit.strip() in PERCENT_UNITS


def ahead_value_short(value: Optional[Decimal]) -> str:
    """A % indicator's 超/低于序时 cell, A - E in its own points (never a second kind of
    个百分点 next to the gap): 低于序时应达 0.18 个百分点 / 高于序时应达 0.02 个百分点 / 持平.
    `value` is A - E as it stands (not sign-flipped for lower)."""
    if value is None:
        return "-"
    shown = num(abs(value), 4)
    if shown == "0":
        return "持平"
    return f"{'高于' if value > 0 else '低于'}序时应达 {shown} 个百分点"


def stale_phrase(as_of: datetime.date) -> str:
    """（6月底数据，本期未报送）: a figure or report older than the round, with its own date."""
    when = f"{as_of.month}月底" if as_of == _month_end(as_of) else f"{as_of.month}月{as_of.day}日"
    return f"（{when}数据，本期未报送）"


def gap_terms(row) -> tuple[str, str]:
    """The words of a row's 差距 for a positive and a negative `gap` (row: IndicatorResult),
    in its kind's words: higher 差/超额; lower 高于/低于目标; a rank 落后/优于目标 (positions);
    a rate 低于/高于目标 by A − T (good or bad by direction); a cap (growth held under a
    ceiling) 超过/低于上限."""
    ind = row.indicator
    if ind.kind == "rank":
        return "落后目标", "优于目标"
    if ind.kind in ("growth", "reduction"):
        if ind.direction == "lower":  # gap = A − T: above the ceiling is bad
            return "超过上限", "低于上限"
        return "低于目标", "高于目标"  # gap = T − A
    if ind.direction == "lower":
        return "高于目标", "低于目标"
    return "差", "超额"


def unit_suffix(unit: str) -> str:
    """How a table writes a quantity's unit after it: ` 个百分点` for a `%` indicator (a
    space before a unit that is words), else the unit itself (4家, 28.7亿元)."""
    return " 个百分点" if is_percent(unit) else unit


def measured(value: Optional[Decimal], places: int, up: str, down: str, unit: str,
             met: bool) -> str:
    """A signed quantity in words at `places` decimals, as a table says it: `up`/`down` by
    its sign, then the magnitude and unit (差 0.16 个百分点). 持平 only when it is 0 at that
    precision and the row is met (or it is exactly 0); a row not met whose quantity rounds to 0 is 不足 one unit
    of the last place (低于序时应达 不足 0.01 个百分点), never 持平."""
    if value is None:
        return "-"
    shown = fixed(abs(value), places)
    if not shown.strip("0."):
        if met or value == 0:
            return "持平"
        shown = "不足 " + fixed(Decimal(1).scaleb(-places), places)
    return f"{up if value > 0 else down} {shown}{unit_suffix(unit)}"


def row_gap_phrase(row) -> str:
    """The 差距 of a row in its kind's words (gap_terms) at the indicator's precision."""
    ind = row.indicator
    up, down = gap_terms(row)
    return measured(row.gap, places_of(ind), up, down, ind.unit, row.status == "met")


def rate_vs_target(row) -> str:
    """比年度目标高0.2个百分点 (a rate, or a rate to date, against the annual target)."""
    if row.actual is None or row.target is None:
        return ""
    diff = row.actual - row.target
    if diff == 0:
        return "与年度目标持平"
    return f"比年度目标{'高' if diff > 0 else '低'}{difference(diff, row.indicator.unit)}"


def time_ahead_short(ahead: Optional[Decimal]) -> str:
    """A period row: 超时间进度 2.5 个百分点 / 低于时间进度 5.7 个百分点 / 持平."""
    return ahead_short(ahead, "时间进度")


def target_rule_phrase(row) -> str:
    """比基期提高 0.5 / 基期的 2 倍: how a relative target was written (row: IndicatorResult)."""
    spec = row.target_info.spec if row.target_info is not None else None
    if spec is None:
        return ""
    if spec.base_plus is not None:
        return f"比基期提高 {difference(spec.base_plus, row.indicator.unit, True)}"
    if spec.base_times is not None:
        return f"基期的 {num(spec.base_times, 4)} 倍"
    return ""


def period_sentence(row, plan_name: str = "") -> str:
    """累计降低13.4%，完成“十二五”目标进度的82.5%，超过时间进度2.5个百分点 (row: IndicatorResult)."""
    p = row.period
    if p is None or p.progress is None:
        return ""
    verb = "增长" if row.indicator.kind == "growth" else "降低"
    if p.cumulative is not None and p.cumulative < 0:
        verb, cumulative = ("下降" if verb == "增长" else "上升"), -p.cumulative
    else:
        cumulative = p.cumulative
    period_name = f"“{plan_name}”" if plan_name else "期内"
    # the cumulative change to one decimal, as 通报 write it (累计降低13.4%)
    text = f"累计{verb}{points(cumulative)}%，完成{period_name}目标进度的{pct(p.progress)}"
    rounded = Decimal(p.ahead).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP, context=WIDE)
    if rounded > 0:
        return f"{text}，超过时间进度{points(p.ahead)}个百分点"
    if rounded < 0:
        return f"{text}，落后时间进度{points(p.ahead)}个百分点"
    return f"{text}，与时间进度持平"


def gap_phrase(gap: Optional[Decimal], direction: str, unit: str) -> str:
    """差 X / 超额 X / 持平; lower: 高于目标 X / 低于目标 X / 持平."""
    if gap is None:
        return "-"
    if gap == 0:
        return "持平"
    if direction == "rank":  # A − T positions: more is further behind
        return f"{'落后目标' if gap > 0 else '优于目标'} {num(abs(gap), 4)}{unit}"
    if direction == "lower":
        return f"{'高于' if gap > 0 else '低于'}目标 {difference(gap, unit, True)}"
    return f"{'差' if gap > 0 else '超额'} {difference(gap, unit, True)}"


def period(as_of: Optional[datetime.date], year: int) -> str:
    """截至2022年6月底 / 2021年全年: the period a figure covers, as bulletins say it."""
    if as_of is None or (as_of.month, as_of.day) == (12, 31) or as_of.year != year:
        return f"{year}年全年"
    last = _month_end(as_of)
    if as_of == last:
        return f"截至{as_of.year}年{as_of.month}月底"
    return f"截至{as_of.year}年{as_of.month}月{as_of.day}日"


def date_label(as_of: Optional[datetime.date], style: str = "short", year: Optional[int] = None,
               any_year_end: bool = False) -> str:
    """The one way to say "as of" in a cell: 年末 for a year-end figure, else the date as
    `style` says: short 06-30 (terminal tables), iso 2022-06-30 (the report's parts table),
    words 6月30日 (the report; with its year when not `year`). In words, a 12-31 of another
    year is said with its year unless `any_year_end` (diff: any year end is 年末)."""
    if as_of is None:
        return "-"
    year_end = (as_of.month, as_of.day) == (12, 31)
    if style == "words":
        if year_end and (any_year_end or year is None or as_of.year == year):
            return "年末"
        return day_words(as_of, year)
    if year_end:
        return "年末"
    return as_of.isoformat() if style == "iso" else as_of.strftime("%m-%d")


def as_of_title(label: str) -> str:
    """An indicator table's 截至 column moved into its title (every row the same date)."""
    return "年末数" if label == "年末" else f"截至 {label}"


def report_date_title(label: str) -> str:
    """A task table's 截至 column moved into its title."""
    return "截至年末" if label == "年末" else f"截至 {label}"


def schedule_title(label: str) -> str:
    """序时进度 moved into the title when every row has the same (100% at year end
    goes without saying)."""
    return "" if label == "100.0%" else f"序时进度 {label}"


def day_words(day: datetime.date, year: Optional[int] = None) -> str:
    """A date as a 通报 writes it: 6月30日, with the year (2021年12月31日) when it is
    not `year`, the year the text speaks of."""
    head = "" if day.year == year else f"{day.year}年"
    return f"{head}{day.month}月{day.day}日"


def _month_end(day: datetime.date) -> datetime.date:
    following = datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def day_of_year(day: datetime.date) -> int:
    return day.timetuple().tm_yday


def interpolated_mark(method: Optional[str]) -> str:
    """How a target the plan did not write for the year is marked: a step target is the
    next one holding for every year before it (失业率 5.5% 以内: 各年适用), the others
    are interpolated between two points (插值)."""
    return "（各年适用）" if method == "step" else "（插值）"


def decimals(value: Optional[Decimal]) -> int:
    """How many decimals a number was written with: 5.00 -> 2, 12 -> 0."""
    if value is None:
        return 0
    exponent = Decimal(value).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def places_of(indicator) -> int:
    """An indicator's precision: the most decimals among its written baseline, targets
    and figures (at most 6), the precision of its derived values (E, gaps, A − E)."""
    found = [decimals(getattr(indicator.baseline, "value", None))]
    for target in indicator.targets.values():
        for value in (target, getattr(target, "value", None), getattr(target, "stretch", None)):
            if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
                found.append(decimals(Decimal(value)))
    for entries in indicator.actuals.values():
        found += [decimals(entry.value) for entry in entries]
    return min(max(found), 6)


def fixed(value: Optional[Decimal], places: int) -> str:
    """Exactly `places` decimals, half up (5.00 stays 5.00): the precision of the source."""
    if value is None:
        return "-"
    text = f"{Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=WIDE):f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def written(value: Optional[Decimal]) -> str:
    """A figure or target as it was written (5.00, 21.3, 118)."""
    return fixed(value, min(decimals(value), 6))
