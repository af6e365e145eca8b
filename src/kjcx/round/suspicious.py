"""Figures that are probably slips (可疑): a jump or a unit typed wrong.

    judge(value, unit, references) -> Suspicion or None
    import_references(indicator, targets, year, new, old) -> the figures a new one is compared with
    figure_jumps(indicator, targets) -> (year, index, Suspicion) for the data files (kjcx check)

A figure is suspicious when it is more than 3x or less than 1/3 of every
reference that exists (the previous figure and the target in force), or when it
is 10,000x or 1,000x (or 1/10,000, 1/1,000) of a figure that would fit one of
them: a unit slip, 万元 typed in a 亿元 column. Ratios need positive numbers: a
zero or negative figure or reference is not compared (0 new labs is a figure,
not a slip).

A year's rate (增速、降低率) is compared by sign only: a negative reduction whose
previous figure or target is positive was most likely copied with a bulletin's
minus sign, and a growth of -100 % or less or a reduction of 100 % or more cannot be.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Iterator, Optional

from kjcx.method.dates import evaluation_point, used_entry, year_end
from kjcx.method.kinds import impossible_rate
from kjcx.method.targets import Targets
from kjcx.plan.model import Actual, Indicator
from kjcx.words import num

JUMP = Decimal(3)
# (factor, how to say it): checked in this order, the larger slip first
SLIPS = (Decimal(10000), Decimal(1000))
TEN = Decimal(10)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Reference:
    what: str  # previous | target
    value: Decimal
    as_of: Optional[datetime.date] = None  # of the previous figure (None: a year-end figure)
    year: int = 0
    scheduled: bool = False  # a flow's target scaled to the figure's date (序时应达)
    signed: str = ""  # a rate's reference, compared by sign only: its kind (growth | reduction)

    def label(self, unit: str) -> str:
        if self.what == "previous":
            when = self.as_of.isoformat() if self.as_of else f"{self.year}年末"
            return f"上次报送值 {num(self.value, 4)}{unit}（{when}）"
        if self.scheduled:
            return f"序时应达 {num(self.value, 2)}{unit}"
        return f"年度目标 {num(self.value, 4)}{unit}"

    def json(self) -> dict:
        return {"what": self.what, "value": _plain(self.value),
                "as_of": self.as_of.isoformat() if self.as_of else None,
                "scheduled": self.scheduled}


@dataclass(frozen=True)
class Suspicion:
    value: Decimal
    unit: str
    references: tuple[Reference, ...]
    slip: Optional[Decimal]  # the figure is `slip` times what fits (10000, 1000, 0.0001, 0.01...)
    hint: str

    def comparison(self) -> str:
        """是上次报送值 119家（2022-06-30）的 10.5 倍、年度目标 128家的 9.8 倍; a rate's
        references by sign: 上次报送值 3.6%（2021年末）、年度目标 3.5% 为正数"""
        if any(r.signed for r in self.references):
            return "、".join(r.label(self.unit) for r in self.references) + " 为正数" \
                if all(r.value > 0 for r in self.references) else "超出可能的范围"
        parts = []
        for ref in self.references:
            ratio = self.value / ref.value
            if ratio >= 1:
                shown = num(ratio, 0 if ratio >= 100 else 1)
                parts.append(f"{ref.label(self.unit)}的 {shown} 倍")
            else:
                parts.append(f"{ref.label(self.unit)}的 {num(ratio * HUNDRED, 2)}%")
        return "是" + "、".join(parts)

    def message(self, what: str = "本次实际值") -> str:
        return f"{what} {num(self.value, 4)}{self.unit} 可疑：{self.comparison()}；{self.hint}"

    def json(self) -> dict:
        return {"value": _plain(self.value), "unit": self.unit,
                "references": [r.json() for r in self.references],
                "slip": None if self.slip is None else _plain(self.slip),
                "comparison": self.comparison(), "hint": self.hint}


def _plain(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def _fits(value: Decimal, ref: Decimal) -> bool:
    return ref / JUMP <= value <= ref * JUMP


def judge(value: Decimal, unit: str, references: list[Reference]) -> Optional[Suspicion]:
    signed = [r for r in references if r.signed]
    if signed:
        return _judge_rate(value, unit, signed)
    refs = tuple(r for r in references if r.value > 0)
    if value <= 0 or not refs or any(_fits(value, r.value) for r in refs):
        return None
    for factor in SLIPS:
        for slip in (factor, 1 / factor):
            if any(_fits(value / slip, r.value) for r in refs):
                return Suspicion(value, unit, refs, slip, _slip_hint(value, unit, slip))
    if unit.strip() in ("%", "％") and value < 1 and any(_fits(value * HUNDRED, r.value) for r in refs):
        hint = f"是否按小数填写了百分比？本表单位为 %，{num(value * HUNDRED, 4)}% 应填 {num(value * HUNDRED, 4)}"
        return Suspicion(value, unit, refs, 1 / HUNDRED, hint)
    return Suspicion(value, unit, refs, None, _jump_hint(value, unit, refs))  # fits none: a jump


def _judge_rate(value: Decimal, unit: str, refs: list[Reference]) -> Optional[Suspicion]:
    kind = refs[0].signed
    if impossible_rate(kind, value):
        what = "下降 100% 及以上" if kind == "growth" else "降低 100% 及以上"
        return Suspicion(value, unit, tuple(refs), None,
                         f"{what}不可能（当年的量不为正）；请核对数值，降低率写成正数")
    positive = tuple(r for r in refs if r.value > 0)
    if kind == "reduction" and value < 0 and positive:
        return Suspicion(value, unit, positive, None,
                         "降低率请写成正数：是否照抄了公报中的负号？确是上升了才写负数（请确认）")
    return None


def _slip_hint(value: Decimal, unit: str, slip: Decimal) -> str:
    fitted = num(value / slip, 4)
    shown = f"本表单位为{unit}，按{unit}应为 {fitted}" if unit else f"应为 {fitted}"
    big = slip > 1
    if unit[:1] == "亿" and slip == 10000:
        return f"是否按万{unit[1:]}填写？{shown}"
    if unit[:1] == "万" and slip == 10000:
        return f"是否按{unit[1:] or '个'}填写？{shown}"
    if unit[:1] == "万" and slip == Decimal(1) / 10000:
        return f"是否按亿{unit[1:]}填写？{shown}"
    if unit[:1] == "千" and slip == 1000:
        return f"是否按{unit[1:]}填写？{shown}"
    size = {Decimal(10000): "1 万倍", Decimal(1000): "1000 倍"}.get(slip if big else 1 / slip, "")
    way = f"约为应有数值的 {size}" if big else f"约为应有数值的 1/{size[:-1]}"
    return f"{way}，是否填错了单位？{shown}"


def _jump_hint(value: Decimal, unit: str, refs: tuple[Reference, ...]) -> str:
    if value > refs[0].value and any(_fits(value / TEN, r.value) for r in refs):
        return f"是否多输了一位数字（如 {num(value / TEN, 4)} 输成 {num(value, 4)}）？请核对"
    return f"请核对数值和单位（本表单位为{unit}）" if unit else "请核对数值"


# --- where the references come from ------------------------------------------------

def target_reference(indicator: Indicator, targets: Targets, year: int,
                     when: Optional[datetime.date]) -> Optional[Reference]:
    """The year's target in force on the figure's date; for a flow dated inside the
    year, the share of it due by then (a March figure of an annual sum is small)."""
    point, elapsed = evaluation_point(year, when)
    target = targets.target(indicator, year, point).value
    if target is None:
        return None
    if indicator.kind == "flow" and elapsed != 1:
        return Reference("target", target * elapsed, year=year, scheduled=True)
    return Reference("target", target, year=year)


def previous_reference(indicator: Indicator, year: int, when: datetime.date,
                       old: Optional[Actual], rate: bool = False) -> Optional[Reference]:
    """The figure before: `old` (the one a form would follow or replace), else for a
    level (or a rate's sign) the last figure of the year before (a flow starts again each year)."""
    if old is not None:
        return Reference("previous", old.value, old.as_of, year)
    if indicator.kind == "flow" and not rate:
        return None
    before = used_entry(indicator.actuals.get(year - 1, []), year - 1, None)
    if before is None:
        return None
    return Reference("previous", before.value, before.as_of, year - 1)


# A year's rate (增速、降低率) moves by any factor from one year to the next (2.7 -> 0.1
# is the 十四五 能耗 record), and a rank by dozens of places: a jump says nothing there.
UNJUDGED_KINDS = frozenset({"growth", "reduction", "rank"})


def import_references(indicator: Indicator, targets: Targets, year: int, new: Actual,
                      old: Optional[Actual]) -> list[Reference]:
    when = new.as_of or year_end(year)
    if indicator.rate_kind:  # compared by sign only (judge)
        refs = [previous_reference(indicator, year, when, old, rate=True),
                target_reference(indicator, targets, year, new.as_of)]
        return [replace(r, signed=indicator.kind) for r in refs if r is not None]
    if indicator.kind in UNJUDGED_KINDS:
        return []
    refs = [previous_reference(indicator, year, when, old),
            target_reference(indicator, targets, year, new.as_of)]
    return [r for r in refs if r is not None]


def figure_jumps(indicator: Indicator, targets: Targets) -> Iterator[tuple[int, int, Suspicion]]:
    """Each figure of the data files that jumps from the one before it (kjcx check):
    a figure with no figure before it (the first one; a flow's first of a year) is
    not judged here, as it is not a jump."""
    if indicator.kind in UNJUDGED_KINDS:
        return
    last: Optional[tuple[int, Actual]] = None
    for year in sorted(indicator.actuals):
        entries = indicator.actuals[year]
        for index, entry in enumerate(entries):
            if last is not None and (indicator.kind != "flow" or last[0] == year):
                previous = Reference("previous", last[1].value, last[1].as_of, last[0])
                target = target_reference(indicator, targets, year, entry.as_of)
                found = judge(entry.value, indicator.unit, [previous] + ([target] if target else []))
                if found is not None:
                    yield year, index, found
            last = (year, entry)
