"""Rules for the keys of the indicator kinds (kind, period, target forms, tolerance,
interpolate, pacing, thresholds): errors where a key cannot mean what it says,
warnings where the figures read wrongly (the sign checks). Pure, like rules.py,
which calls these; load.py places each finding at its line."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator, Optional

from kjcx.cleantext import clip
from kjcx.method import kinds
from kjcx.plan import model
from kjcx.plan.rules import Finding
from kjcx.plan.scalars import MAX_DIGITS

_FORMS = ("value", "base_plus", "base_times")
_KIND_WORDS = {"level": "存量/比率（level）", "flow": "年内累计量（flow）", "rank": "位次（rank）"}


def indicator_rules(plan: model.PlanInfo, index: int, ind: model.Indicator) -> Iterator[Finding]:
    at = ("indicators", index)
    yield from _kind_keys(plan, at, ind)
    base = kinds.baseline_value(ind)
    for year, spec in ind.targets.items():
        yield from _spec_rules(at + ("targets", year), ind, spec, base)
    yield from _geometric(at, ind, base)
    for where, own in _rows(at, ind):
        yield from _value_rules(where, ind, own)
    yield from _signs(at, ind)
    yield from _period_as_yearly(plan, at, ind, base)


def revision_rules(index: int, ind_id: str, ind: Optional[model.Indicator],
                   years: dict) -> Iterator[Finding]:
    """The same target forms in a revision, judged against the indicator it names."""
    if ind is None:
        return
    base = kinds.baseline_value(ind)
    for year, spec in years.items():
        yield from _spec_rules(("revisions", index, "targets", ind_id, year), ind, spec, base)
    yield from _value_rules(("revisions", index, "targets", ind_id), ind, (None, years, {}, base), key=())


def _kind_keys(plan: model.PlanInfo, at: tuple, ind: model.Indicator) -> Iterator[Finding]:
    if not ind.targets and not (ind.period is not None and ind.rate_kind) and not ind.parts:
        yield Finding("targets", at + ("targets",),
                      "至少需要填写一项（只有写了 period 的增速、降低率指标，或分解到 parts 的指标，可以不写目标）")
    if ind.kind == "reduction" and ind.direction == "lower":
        yield Finding("targets", at + ("direction",),
                      "降低率越大越好：去掉 direction: lower；要控制上升幅度请用 kind: growth 加 direction: lower")
    if ind.kind == "rank" and ind.direction != "lower":
        yield Finding("targets", at + ("direction",),
                      "位次指标（kind: rank）越小越好，direction 只能是 lower；请删去 direction 或改为 lower")
    if ind.period is not None:
        if not ind.rate_kind:
            yield Finding("targets", at + ("period",),
                          f"period（期内累计/年均目标）只用于增速或降低率指标（kind: growth 或 reduction），"
                          f"本指标是{_KIND_WORDS.get(ind.kind, ind.kind)}；请删去 period 或改 kind", at="key")
        given = [k for k in ("cumulative", "average") if getattr(ind.period, k) is not None]
        if len(given) != 1:
            yield Finding("targets", at + ("period",),
                          "period 应写且只写 cumulative（期内累计，如〔13.5〕）或 average（年均）之一")
        for key in given:
            value = getattr(ind.period, key)
            if (value >= 100) if ind.kind == "reduction" else (value <= -100):
                yield Finding("targets", at + ("period", key),
                              f"期内目标 {value}% 无法计算目标进度（降低 100% 及以上、或下降 100% 及以上，"
                              "累计指数不为正）；请核对数值，降低率写成正数（如〔13.5〕写 13.5）")
    if ind.pacing == "none" and ind.kind != "level":
        yield Finding("targets", at + ("pacing",),
                      f"pacing: none 只用于存量指标（kind: level），本指标是{_KIND_WORDS.get(ind.kind, ind.kind)}"
                      f"{'' if ind.kind != 'flow' else '：年内累计量按时间进度计算'}；请删去 pacing")
    if ind.baseline is not None and ind.baseline.value is None and not ind.rate_kind:
        yield Finding("targets", at + ("baseline",),
                      "缺少基期值 value：只有增速或降低率指标（kind: growth / reduction）的基期可以只写年份")
    if ind.tolerance is not None and ind.tolerance < 0:
        yield Finding("targets", at + ("tolerance",), f"允许偏差（左右）不能为负数，实际为 {ind.tolerance}")
    if ind.thresholds is not None:
        near = ind.thresholds.near if ind.thresholds.near is not None else plan.thresholds.near
        severe = ind.thresholds.severe if ind.thresholds.severe is not None else plan.thresholds.severe
        if not (0 <= severe <= near <= 1):
            yield Finding("targets", at + ("thresholds",),
                          f"阈值应满足 0 ≤ severe ≤ near ≤ 1，实际 near={near}、severe={severe}"
                          "（未写的一项取 plan.thresholds）")


def _spec_rules(path: tuple, ind: model.Indicator, spec: kinds.Written,
                base: Optional[Decimal]) -> Iterator[Finding]:
    if not isinstance(spec, model.TargetSpec):
        return
    given = [k for k in _FORMS if getattr(spec, k) is not None]
    if len(given) != 1:
        written = "、".join(given) if given else "都没有写"
        yield Finding("targets", path,
                      f"目标应写且只写 value（目标值）、base_plus（比基期提高）、base_times（为基期的倍数）"
                      f"之一，实际：{written}")
        return
    form = given[0]
    if form != "value" and base is None:
        yield Finding("targets", path + (form,),
                      f"{form} 按基期计算目标，但本指标没有基期值；请填写 baseline: {{year: 年份, value: 基期值}}，"
                      "或直接写目标值 value", at="key")
    if spec.stretch is not None:
        firm = getattr(spec, form)
        higher = ind.direction == "higher"
        if (spec.stretch < firm) if higher else (spec.stretch > firm):
            sense = "越高越好，力争值应不低于确保值" if higher else "越低越好，力争值应不高于确保值"
            yield Finding("targets", path + ("stretch",),
                          f"力争值 stretch {spec.stretch} 比确保值 {form} {firm} 更容易达到（指标{sense}）；"
                          "请核对是否写反")


def _geometric(at: tuple, ind: model.Indicator, base: Optional[Decimal]) -> Iterator[Finding]:
    if ind.interpolation != "geometric":
        return
    points = [(y, kinds.resolve(s, base)) for y, s in sorted(ind.targets.items())]
    if ind.baseline is not None and base is not None:
        points.insert(0, (ind.baseline.year, base))
    bad = [(y, v) for y, v in points if v is not None and v <= 0]
    if bad:
        year, value = bad[0]
        yield Finding("targets", at + ("interpolate",),
                      f"几何插值（geometric）要求各端点为正数，{year} 年为 {value}；"
                      "与之相邻的年份改按线性插值计算", severity="warning")


def _rows(at: tuple, ind: model.Indicator) -> Iterator[tuple[tuple, tuple]]:
    """(path, (part name or None, targets, actuals, base value)) of the indicator and
    of each of its parts: the value rules and sign checks hold for every part too."""
    yield at, (None, ind.targets, ind.actuals, kinds.baseline_value(ind))
    for j, part in enumerate(ind.parts):
        base = part.baseline.value if part.baseline is not None else None
        yield at + ("parts", j), (part.name, part.targets, part.actuals, base)


def _entries(where: tuple, actuals: dict) -> Iterator[tuple[tuple, int, Decimal]]:
    """(path, year, value) of every figure, placed at its entry."""
    for year, entries in sorted(actuals.items()):
        for i, entry in enumerate(entries):
            yield where + ("actuals", year) + ((i,) if len(entries) > 1 else ()), year, entry.value


def _named(name: Optional[str]) -> str:
    return f"分解项 “{clip(name)}”：" if name is not None else ""


_LIMIT = Decimal(10) ** MAX_DIGITS


def _value_rules(where: tuple, ind: model.Indicator, own: tuple,
                 key: tuple = ("targets",)) -> Iterator[Finding]:
    """Values no figure can have: a growth of -100 % or less, a reduction of 100 % or
    more; a rank of 0 or less; a relative target past what a typed number may be.
    `key`: the key of the targets under `where` (none in a revision)."""
    name, targets, actuals, base = own
    values = [(where + key + (y,), y, kinds.resolve(spec, base), spec)
              for y, spec in sorted(targets.items())]
    for path, year, value, spec in values:
        if value is not None and isinstance(spec, model.TargetSpec) and spec.value is None \
                and abs(value) >= _LIMIT:
            yield Finding("targets", path, f"{_named(name)}{year} 年目标按基期算得 {value:f}，"
                          "绝对值不小于 10^15（1000 万亿），超出精确计算的范围；请核对基期值和倍数")
    figures = [(path, year, value, "目标") for path, year, value, _ in values if value is not None]
    figures += [(path, year, value, "实际值") for path, year, value in _entries(where, actuals)]
    for path, year, value, what in figures:
        if ind.rate_kind and kinds.impossible_rate(ind.kind, value):
            sense, hint = ("下降 100% 及以上（增速 ≤ −100）", "请核对数值和单位") if ind.kind == "growth" else (
                "降低 100% 及以上", "请核对数值（降低率写成正数，如降低 3.5% 写 3.5）")
            yield Finding("targets", path, f"{_named(name)}{year} 年{what} {value}% 不可能：{sense}"
                          f"意味着当年的量不为正；{hint}")
        elif ind.kind == "rank" and value <= 0:
            yield Finding("targets", path, f"{_named(name)}{year} 年{what}为第 {value} 位：位次从第 1 位起，"
                          "应为正数；请核对")


# A reduction whose figures are mostly negative (at least this many) was pasted with
# the bulletin's minus signs: every verdict would be inverted.
MOSTLY_NEGATIVE_AT_LEAST = 2


def _signs(at: tuple, ind: model.Indicator) -> Iterator[Finding]:
    rows = list(_rows(at, ind))
    if ind.kind == "reduction":
        figures = [(path, value) for where, own in rows for path, _, value in _entries(where, own[2])]
        negative = [path for path, value in figures if value < 0]
        if len(negative) >= MOSTLY_NEGATIVE_AT_LEAST and 2 * len(negative) > len(figures):
            yield Finding("targets", negative[0],
                          "附表中的降低率带负号？降低率请写成正数"
                          f"（{len(figures)} 个实际值中 {len(negative)} 个为负数；"
                          "照抄公报中的负号会把每一项的完成情况算反）")
            return  # said once, for the whole indicator
    for where, own in rows:
        yield from _sign_checks(where, ind, own)


def _sign_checks(at: tuple, ind: model.Indicator, own: tuple) -> Iterator[Finding]:
    name, targets_written, actuals, base = own
    targets = [(y, kinds.resolve(s, base)) for y, s in sorted(targets_written.items())]
    if ind.kind == "reduction":
        negative = [("targets", y) for y, v in targets if v is not None and v < 0]
        negative += [("actuals", y) for y, entries in sorted(actuals.items())
                     if any(e.value < 0 for e in entries)]
        if negative:  # said once per indicator (per part): a rise is rare but real
            where, year = negative[0]
            yield Finding("targets", at + (where, year),
                          f"{_named(name)}降低率指标（kind: reduction）的降低写成正数，上升了才写负数；"
                          f"{year} 年为负数，请核对是否照抄了公报中的负号", severity="warning")
    if ind.rate_kind:
        for year, value in targets:
            if value == 0:
                yield Finding("targets", at + ("targets", year),
                              f"{_named(name)}{year} 年目标增速为 0：任何低于 0 的实际值都无法算出完成率，"
                              "将直接判为严重滞后", severity="warning")
    elif ind.kind in ("level", "flow") and ind.direction == "lower":
        for year, value in targets:
            if value is not None and value <= 0:
                yield Finding("targets", at + ("targets", year),
                              f"{_named(name)}逆向指标 {year} 年目标为 {value}（不为正数），完成率等比值无法解读，"
                              "只判断是否达到目标；如是降低率，请改用 kind: reduction 并把降低写成正数",
                              severity="warning")
                break


# A final-year target this many times every other figure is a period total typed as a year's.
PERIOD_AS_YEARLY = Decimal("2.5")


def _period_as_yearly(plan: model.PlanInfo, at: tuple, ind: model.Indicator,
                      base: Optional[Decimal]) -> Iterator[Finding]:
    """〔13.5〕 typed as a 2025 yearly target of 13.5: only the final year targeted, more
    than 2.5x every other figure of the indicator."""
    if not ind.rate_kind or ind.period is not None or set(ind.targets) != {plan.end}:
        return
    value = kinds.resolve(ind.targets[plan.end], base)
    others = [e.value for y, entries in ind.actuals.items() for e in entries]
    if value is None or value <= 0 or not others or any(abs(v) * PERIOD_AS_YEARLY >= value for v in others):
        return
    shown = f"{value:f}"
    yield Finding("targets", at + ("targets", plan.end),
                  f"是否为期内累计目标〔{shown}〕？请写 period: {{cumulative: {shown}}}", severity="warning")
