"""考核: each unit's points per item by the scheme's published rule (docs/score.md).

Built only on the rows the method already gives (compute: completion, status, period
status of each indicator or part, a task's lagging): no second method. Every number is
an exact Decimal; a total is shown to 2 decimals, and ranks and quotas compare the
2-decimal totals. Grades, ranks and the veto are in kjcx.method.score_grades.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any, Optional, Union

from kjcx.method import compute
from kjcx.method.compute import IndicatorResult, TaskResult, YearStatus
from kjcx.plan.model import ActionPlan
from kjcx.plan.records import record
from kjcx.plan.scoring_model import RULE_LABEL, Item, Scheme

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")

Row = Union[IndicatorResult, TaskResult]

# What happened to an item for a unit
SCORED, MISSING, UNSCORED, NOT_APPLICABLE = "scored", "missing", "unscored", "not_applicable"


def two(value: Decimal) -> Decimal:
    """A total as published: 2 decimals, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@record
class ItemScore:
    """One item of one unit: the rule's inputs and result (what explain shows)."""

    item: Item
    label: str
    points: Decimal  # the item's points for this unit (its class's, if any)
    input: dict[str, Any]  # the values the rule used (JSON `input`)
    score: Decimal
    bonus: Decimal  # after the item's own cap
    reason: str  # the rule worked out, in words
    state: str  # scored | missing | unscored | not_applicable
    met: Optional[bool] = None  # threshold / veto: the row met its target
    row: Optional[Row] = None
    bonus_raw: Decimal = ZERO  # before the item's cap

    @property
    def applies(self) -> bool:
        return self.state != NOT_APPLICABLE

    @property
    def vetoed(self) -> bool:
        return self.item.veto and self.applies and not self.met


@record
class UnitScore:
    """One unit's result: items, sums, the total, the grade, the rank."""

    unit: str
    items: tuple[ItemScore, ...]
    earned: Decimal  # sum of item scores
    possible: Decimal  # sum of the points of the items that apply
    full: Decimal  # sum of the points of all items (the unit's 满分)
    base: Decimal  # earned, or for departments earned / possible x full to 2 decimals
    bonus: Decimal  # the unit's bonuses after bonus_max
    bonus_raw: Decimal  # before bonus_max
    total: Decimal
    normalised: bool
    unit_class: Optional[str] = None
    grade: str = ""
    rank: int = 0
    rank_change: Optional[int] = None

    @property
    def key(self) -> Decimal:
        """What ranks and quotas compare: the total as published (2 decimals)."""
        return two(self.total)

    @property
    def veto(self) -> tuple[str, ...]:
        return tuple(i.label for i in self.items if i.vetoed)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(i.label for i in self.items if i.state == MISSING)

    @property
    def unscored(self) -> tuple[str, ...]:
        return tuple(i.label for i in self.items if i.state == UNSCORED)

    @property
    def stale(self) -> tuple[ItemScore, ...]:
        """Items scored on a figure dated before the year's round (未按期报送): named, not hidden."""
        return tuple(i for i in self.items if i.state == SCORED and i.row is not None
                     and getattr(i.row, "stale", False))


@record
class ScoreResult:
    """A scheme applied to one year: every listed unit, in file order."""

    plan: ActionPlan
    scheme: Scheme
    year: int
    labels: tuple[str, ...]  # one per item, in the scheme's order
    units: tuple[UnitScore, ...]
    previous: bool = False  # the previous year was judged too (rank_change meaningful)
    round_date: Optional[datetime.date] = None  # the latest date among the year's figures used

    @property
    def in_year(self) -> bool:
        """The year's figures end before its last day: not yet the closed year 考核 judges."""
        day = self.round_date
        return day is not None and day.year == self.year and (day.month, day.day) != (12, 31)

    @property
    def ranked(self) -> list[UnitScore]:
        """By rank; ties in file order."""
        order = {u.unit: i for i, u in enumerate(self.units)}
        return sorted(self.units, key=lambda u: (u.rank, order[u.unit]))

    def counts(self) -> dict[str, int]:
        """Units per grade, in the scheme's order of grades."""
        out = {g.label: 0 for g in self.scheme.grades}
        for u in self.units:
            out[u.grade] = out.get(u.grade, 0) + 1
        return out

    def unit(self, name: str) -> Optional[UnitScore]:
        return next((u for u in self.units if u.unit == name), None)


# --- labels and rows ------------------------------------------------------------------

def labels(plan: ActionPlan, scheme: Scheme) -> tuple[str, ...]:
    """Each item's label: its name, else the indicator's name, else 任务N（title）; when two items
    would read the same, the later ones add their rule (单位地区生产总值能耗降低（年度与进度）)."""
    names = {i.id: i.name for i in plan.indicators}
    tasks = {t.id: t.title for t in plan.tasks}
    raw = []
    for item in scheme.items:
        if item.name:
            raw.append(item.name)
        elif item.indicator is not None:
            raw.append(names.get(item.indicator, item.indicator))
        else:
            raw.append(f"任务{item.task}（{tasks.get(item.task or 0, '')}）")
    out: list[str] = []
    for label, item in zip(raw, scheme.items):
        shown = f"{label}（{RULE_LABEL[item.rule]}）" if label in raw[:item.index] else label
        while shown in out:  # two items of one indicator and one rule: number them
            shown += "'"
        out.append(shown)
    return tuple(out)


def unit_names(plan: ActionPlan, scheme: Scheme, st: YearStatus) -> list[str]:
    """The units of a scheme: the part names of its indicators (parts), or every department
    with at least one led item (departments), in file order."""
    by_id = {i.id: i for i in plan.indicators}
    if scheme.units == "parts":
        return list(dict.fromkeys(p.name for it in scheme.items if it.indicator in by_id
                                  for p in by_id[it.indicator].parts))
    return [d for d in plan.departments()
            if any(_row(plan, scheme, st, it, d)[1] for it in scheme.items if it.rule != "manual")]


def _row(plan: ActionPlan, scheme: Scheme, st: YearStatus, item: Item, unit: str,
         ) -> tuple[Optional[Row], bool]:
    """(the row the unit is scored on, does the item apply to the unit)."""
    if item.rule == "manual":
        return None, True
    if item.task is not None:
        row = next((t for t in st.tasks if t.task.id == item.task), None)
        if row is None:
            return None, False
        leads = {unit}
        if scheme.units == "parts":  # a district also answers through its parts' leads
            leads |= {n for r in st.indicators for p in r.indicator.parts if p.name == unit for n in p.lead}
        return row, bool(leads & set(row.task.lead))
    whole = next((r for r in st.indicators if r.indicator.id == item.indicator), None)
    if whole is None:
        return None, False
    if scheme.units == "parts":
        part = next((p for p in whole.parts if p.part == unit), None)
        return part, part is not None
    if unit in whole.indicator.lead:
        return whole, True
    led = [p for p, spec in zip(whole.parts, whole.indicator.parts) if unit in spec.lead]
    return (led[0], True) if led else (None, False)


# --- the rules ----------------------------------------------------------------------------

def has_figure(row: Optional[Row]) -> bool:
    if row is None:
        return False
    if isinstance(row, TaskResult):
        return row.status != "no_report"
    return row.actual is not None


def met(row: Optional[Row]) -> bool:
    """threshold and veto: an indicator's row status (for a row with a yearly and a period
    target, the worse of the two); a task is met when done or not lagging (no report: not)."""
    if row is None:
        return False
    if isinstance(row, TaskResult):
        return row.status != "no_report" and (row.status == "done" or not row.lagging)
    return row.status == "met"


def yearly_met(row: IndicatorResult) -> bool:
    """The row's yearly comparison (the year's own target), apart from its period."""
    status = getattr(row, "yearly_status", None) or row.status
    return row.target is not None and row.actual is not None and status == "met"


def period_met(row: IndicatorResult) -> bool:
    """目标进度 ≥ 时间进度."""
    p = row.period
    return p is not None and p.progress is not None and p.time is not None and p.progress >= p.time


def excess(row: IndicatorResult) -> Optional[Decimal]:
    """How far A passes T against the direction, as a share of T: (T − A) / T for higher,
    A / T − 1 for lower; None without both or when T is 0."""
    a, t = row.actual, row.target
    if a is None or t is None or t == 0:
        return None
    if row.indicator.direction == "lower":
        return a / t - ONE
    return (t - a) / t


def floored(r: Decimal, step: Decimal) -> Decimal:
    """r down to a multiple of step: 0.97 with step 0.1 -> 0.9."""
    return (r / step).to_integral_value(rounding=ROUND_FLOOR) * step


def pct(x: Optional[Decimal]) -> str:
    """A completion as people quote it: 97.5% (one decimal)."""
    from kjcx import words

    return words.pct(x)


def share(x: Optional[Decimal]) -> str:
    """A rule's own bound as the 计分表 writes it: 10%, 50%, 2.5% (no trailing zeros)."""
    from kjcx import words

    return "-" if x is None else f"{words.num(x * 100, 2)}%"


def _num(x: Decimal) -> str:
    from kjcx import words

    return words.num(x, 4)


def proportional(item: Item, points: Decimal, row: IndicatorResult) -> tuple[Decimal, dict, str]:
    r = row.completion
    if r is None:
        return ZERO, {"completion": None, "used": None}, "无完成率，不得分"
    used = floored(r, item.step) if item.step is not None else r
    if item.floor is not None and r < item.floor:
        return ZERO, {"completion": r, "used": used}, \
            f"完成率 {pct(r)}，低于 {share(item.floor)}，不得分"
    counted = min(used, ONE)
    score = points * counted
    stepped = f"，按 {share(item.step)} 一档计为 {share(used)}" if item.step is not None and used != r else ""
    return score, {"completion": r, "used": used}, \
        f"完成率 {pct(r)}{stepped}：{_num(points)} × {_num(counted)} = {_num(score)}"


def bands(item: Item, points: Decimal, row: IndicatorResult) -> tuple[Decimal, dict, str]:
    if item.basis == "excess":
        x = excess(row)
        if x is None:
            return ZERO, {"excess": None}, "无法计算超出目标的幅度，不得分"
        band = next((b for b in item.bands if b.max is None or x <= b.max), item.bands[-1])
        said = f"超出目标 {pct(x)}" if x > 0 else "未超出目标"
        where = "其余" if band.max is None else "不超过目标" if band.max == 0 else f"超出不超过 {share(band.max)}"
        inputs: dict[str, Any] = {"excess": x}
    else:
        x = row.completion
        if x is None:
            return ZERO, {"completion": None}, "无完成率，不得分"
        band = next((b for b in item.bands if b.min is None or b.min <= x), item.bands[-1])
        said = f"完成率 {pct(x)}"
        where = f"不低于 {share(band.min)}" if band.min is not None else "其余"
        inputs = {"completion": x}
    score, note = scaled(band.points, points, item.points)
    return score, inputs, f"{said}，属“{where}”一档：{_num(score)} 分{note}"


def scaled(value: Decimal, points: Decimal, item_points: Decimal) -> tuple[Decimal, str]:
    """A band's or cell's points for a class with other points: value × points ÷ item points."""
    if points == item_points:
        return value, ""
    score = value * points / item_points
    return score, f"（本类分值 {_num(points)}：{_num(value)} × {_num(points)} ÷ {_num(item_points)}）"


def matrix(item: Item, points: Decimal, row: IndicatorResult) -> tuple[Decimal, dict, str]:
    year, period = yearly_met(row), period_met(row)
    key = "both" if year and period else "period_only" if period else "year_only" if year else "neither"
    assert item.matrix is not None
    score, note = scaled(item.matrix[key], points, item.points)
    said = ("完成年度目标" if year else "未完成年度目标") + \
        ("，期内目标进度不低于时间进度" if period else "，期内目标进度落后于时间进度")
    return score, {"year_met": year, "period_met": period}, f"{said}：{_num(score)} 分{note}"


def bonus_of(item: Item, row: Optional[Row]) -> tuple[Decimal, Decimal]:
    """(bonus after the item's cap, before it): floor((r − 1) / per) × points when r > 1."""
    if item.bonus is None or not isinstance(row, IndicatorResult) or row.completion is None:
        return ZERO, ZERO
    r = row.completion
    if r <= ONE:
        return ZERO, ZERO
    raw = ((r - ONE) / item.bonus.per).to_integral_value(rounding=ROUND_FLOOR) * item.bonus.points
    capped = min(raw, item.bonus.max) if item.bonus.max is not None else raw
    return capped, raw


def score_item(item: Item, label: str, points: Decimal, row: Optional[Row], applies: bool,
               unit: str) -> ItemScore:
    """One item for one unit."""
    base: dict[str, Any] = {"item": item, "label": label, "points": points, "row": row}
    if not applies:
        return ItemScore(**base, input={}, score=ZERO, bonus=ZERO, state=NOT_APPLICABLE,
                         reason="本单位无此项（未分解到本单位或不牵头），不计分")
    if item.rule == "manual":
        given = item.scores.get(unit)
        if given is None:
            return ItemScore(**base, input={"given": None}, score=ZERO, bonus=ZERO, state=UNSCORED,
                             reason="未评分，计 0 分")
        score = min(given, points)
        return ItemScore(**base, input={"given": given}, score=score, bonus=ZERO, state=SCORED,
                         reason=f"评定 {_num(given)} 分" + (f"，本类最多 {_num(points)} 分" if score != given else ""))
    ok = met(row)
    if not has_figure(row):
        what = "未报送当年进展" if isinstance(row, TaskResult) else "未报送当年数据"
        return ItemScore(**base, input={}, score=ZERO, bonus=ZERO, state=MISSING, met=False,
                         reason=f"{what}，计 0 分")
    assert row is not None
    if item.rule == "threshold":
        score = points if ok else ZERO
        inputs: dict[str, Any] = {"status": row.status, "met": ok}
        said = ("完成" if row.status == "done" else "未滞后") if isinstance(row, TaskResult) else "达到目标"
        reason = f"{said}：{_num(points)} 分" if ok else (
            "滞后，不得分" if isinstance(row, TaskResult) else "未达到目标，不得分")
    elif isinstance(row, IndicatorResult):
        rule = {"proportional": proportional, "bands": bands, "matrix": matrix}[item.rule]
        score, inputs, reason = rule(item, points, row)
    else:  # a task is only scored by threshold (check refuses the rest)
        score, inputs, reason = ZERO, {}, "任务只按是否完成计分"
    bonus, raw = bonus_of(item, row)
    if raw:
        cap = f"，本项最多加 {_num(item.bonus.max)} 分" if item.bonus and item.bonus.max is not None \
            and raw > bonus else ""
        reason += f"；超额完成，加 {_num(bonus)} 分{cap}"
    return ItemScore(**base, input=inputs, score=score, bonus=bonus, bonus_raw=raw, state=SCORED,
                     met=ok, reason=reason)


def score_unit(plan: ActionPlan, scheme: Scheme, st: YearStatus, unit: str,
               item_labels: tuple[str, ...]) -> UnitScore:
    klass = scheme.class_of(unit)
    items = []
    for item, label in zip(scheme.items, item_labels):
        points = klass.points.get(item.key, item.points) if klass is not None else item.points
        row, applies = _row(plan, scheme, st, item, unit)
        items.append(score_item(item, label, points, row, applies, unit))
    earned = sum((i.score for i in items), ZERO)
    possible = sum((i.points for i in items if i.applies), ZERO)
    full = sum((i.points for i in items), ZERO)
    normalised = scheme.units == "departments"
    base = two(earned / possible * full) if normalised and possible else earned
    bonus_raw = sum((i.bonus for i in items), ZERO)
    bonus = min(bonus_raw, scheme.bonus_max) if scheme.bonus_max is not None else bonus_raw
    return UnitScore(unit, tuple(items), earned, possible, full, base, bonus, bonus_raw,
                     base + bonus, normalised, klass.name if klass is not None else None)


def score_year(plan: ActionPlan, scheme: Scheme, year: int, *, with_change: bool = True) -> ScoreResult:
    """The scheme applied to `year`: items, totals, grades, ranks (and rank_change when the
    scheme judges the previous plan year too)."""
    from kjcx.method.score_grades import graded

    st = compute.year_status(plan, year)
    item_labels = labels(plan, scheme)
    units = [score_unit(plan, scheme, st, name, item_labels) for name in unit_names(plan, scheme, st)]
    previous = None
    if with_change and scheme.year is None and year - 1 in plan.years:
        previous = score_year(plan, scheme, year - 1, with_change=False)
    return ScoreResult(plan, scheme, year, item_labels, graded(scheme, units, previous),
                       previous=previous is not None, round_date=st.round_date)
