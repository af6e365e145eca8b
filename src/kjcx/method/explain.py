"""`kjcx explain`: every number of one indicator, task or department, each step
with its formula, the inputs put into it and the result.

Everything here is read from the results compute produced (they keep their
inputs): nothing is derived a second time, so an explanation cannot disagree
with the status it explains.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Optional

from kjcx.method.compute import IndicatorResult, TaskResult, YearStatus, thresholds_for
from kjcx.method.dates import days_in_year
from kjcx.method.deadlines import explain_steps as deadline_steps
from kjcx.method.departments import DepartmentResult
from kjcx.words import (
    LEVEL_LABEL,
    STATUS_LABEL,
    TASK_LABEL,
    ahead_phrase,
    ahead_short,
    day_of_year,
    fixed,
    is_percent,
    num,
    pct,
    period_sentence,
    places_of,
    stale_phrase,
    written,
)
from kjcx.words import OUTLOOK_LABEL as _OUTLOOK

OUTLOOK_LABEL = {**_OUTLOOK, "unknown": "无法判断"}  # a step says why, not just "-"

START_LABEL = {"actual": "上年年末实际值", "target": "上年目标", "baseline": "基期值"}


@dataclass
class Step:
    name: str  # machine name of the quantity (JSON key of the row it explains)
    label: str  # what a person calls it
    formula: str  # the formula in words and symbols
    work: str  # the formula with the inputs put in
    result: Any  # the value (Decimal, str, bool or None)
    shown: str  # the result as a person reads it


@dataclass
class Explanation:
    kind: str  # indicator | task | department
    ident: Any
    title: str
    st: YearStatus
    row: Any  # the result row explained
    steps: list[Step] = field(default_factory=list)
    conclusion: str = ""


# --- indicators -------------------------------------------------------------------

def rows_of(st: YearStatus):
    """Every indicator row, each followed by its parts' rows (id `<id>/<part name>`)."""
    for whole in st.indicators:
        yield whole
        yield from whole.parts


def indicator(st: YearStatus, ident: str) -> Explanation:
    from kjcx.method import explain_kinds as kinds  # the steps of the other indicator kinds

    r = next(row for row in rows_of(st) if row.indicator.id == ident)
    ind = r.indicator
    steps: list[Step] = []
    add = steps.append
    _figure_steps(st, r, add)
    _baseline_step(st, r, add)
    _target_step(st, r, add)
    if r.expected is not None and (ind.rate_kind or ind.kind == "rank"):
        kinds.rate_steps(r, add)
    elif r.expected is not None:
        _level_steps(r, add)
    kinds.stretch_step(r, add)
    work = kinds.tolerance_work(r) if r.within_tolerance else _status_work(st, r)
    if r.period is not None and r.target is None and r.status != "no_data":
        work = "没有年度目标：按期内目标进度判断（见下）"
    elif r.period is not None and r.period.status is not None and r.yearly_status is not None:
        # a yearly and a period target: one status per row, the worse of the two
        higher = r.indicator.direction == "higher"
        yearly = (f"A = {num(r.actual, 6)} {'≥' if higher else '≤'} T = {num(r.target, 6)}"
                  if r.yearly_status == "met" else f"完成率 {pct(r.completion)}")
        work = (f"年度目标：{STATUS_LABEL[r.yearly_status]}（{yearly}）；期内目标："
                f"{STATUS_LABEL[r.period.status]}（见下）；取较差者：{STATUS_LABEL[r.status]}")
    add(Step("status", "状态", _status_rule(st, r), work, r.status,
             STATUS_LABEL[r.status] + ("（在允许范围内）" if r.within_tolerance else "")))
    _round_steps(st, r, add)
    if r.period is not None:
        kinds.period_steps(r, r.period, add)
    elif not ind.rate_kind:
        _outlook_steps(r, add)
    name = ind.name if r.part is None else f"{ind.name}（{r.part}）"
    title = f"{name}（{ind.id}） {r.year} 年"
    return Explanation("indicator", ind.id, title, st, r, steps, _conclusion(r, name))


def _figure_steps(st: YearStatus, r: IndicatorResult, add: Callable[[Step], None]) -> None:
    """The figure used (A) and the share of the year elapsed at its date."""
    ind, unit = r.indicator, r.indicator.unit
    entries = ind.actuals.get(r.year) or []
    if r.figure is None:
        known = f"截至 {st.as_of} " if st.as_of and entries else ""
        add(Step("actual", "采用的数据", "当年报送中截至评估时点的最新一条",
                 f"{r.year} 年共 {len(entries)} 条报送，{known}没有可用的数据", None, "无"))
    else:
        f = r.figure
        when = f"截至 {f.as_of} 的" if f.as_of else "年末数"
        extra = "".join(f"，{k}：{v}" for k, v in (("来源", f.source), ("备注", f.note)) if v)
        add(Step("actual", "实际 A", "当年报送中截至评估时点的最新一条（无日期的为年末数）",
                 f"{r.year} 年共 {len(entries)} 条报送，采用{when} {num(f.value, 6)}{extra}",
                 r.actual, f"{written(r.actual)}{unit}"))
        point = r.as_of
        assert point is not None  # the evaluation point of the figure used, set whenever there is one
        if r.elapsed == 1:
            add(Step("elapsed", "时间进度", "年末 = 1", f"评估时点 {point}（年末）", r.elapsed, "1"))
        else:
            day, days = day_of_year(point), days_in_year(r.year)
            add(Step("elapsed", "时间进度", "评估时点是当年第几天 ÷ 当年天数",
                     f"{point} 是第 {day} 天：{day} ÷ {days}", r.elapsed, num(r.elapsed, 4)))


def _baseline_step(st: YearStatus, r: IndicatorResult, add: Callable[[Step], None]) -> None:
    """The base value B when a document revised it: which document, the old and new value."""
    rev = r.baseline_revision
    if rev is None:
        return
    old, new = rev.old, rev.new
    doc = f"（{rev.document}，{rev.date} 起施行）" if rev.document else f"（{rev.date} 起施行）"
    before = f"由计划的 {written(old)} " if old is not None else ""
    add(Step("baseline", "基期值 B", "评估时点已生效的修订基期值（revisions 中的 baselines）",
             f"修订 {rev.id}{doc}{before}调整为 {written(new)}", new,
             f"{written(new)}{r.indicator.unit}（基期按{rev.document or rev.id}修订）"))


def _target_step(st: YearStatus, r: IndicatorResult, add: Callable[[Step], None]) -> None:
    """The year's target T: explicit, revised or interpolated (other kinds: explain_kinds)."""
    from kjcx.method import explain_kinds as kinds

    unit = r.indicator.unit
    t = r.target_info
    if t is not None and t.value is not None and kinds.target_step(r, t, add):
        pass
    elif t is None or t.value is None:
        add(Step("target", "年度目标 T", "当年目标（计划或修订），否则在前后目标之间插值",
                 "当年没有目标，前后也没有可插值的两点", None, "无"))
    elif t.source == "explicit":
        add(Step("target", "年度目标 T", "计划确定的当年目标", f"计划目标 {num(t.value, 6)}",
                 t.value, f"{written(t.value)}{unit}"))
    elif t.source == "revised":
        rev = next((x for x in st.plan.revisions if x.id == t.revision), None)
        doc = f"（{rev.document}，{rev.date} 起施行）" if rev and rev.document else \
            (f"（{rev.date} 起施行）" if rev else "")
        before = f"由计划的 {num(t.plan_value, 6)} " if t.plan_value is not None else ""
        add(Step("target", "年度目标 T", "评估时点已生效的修订目标",
                 f"修订 {t.revision}{doc}{before}调整为 {num(t.value, 6)}", t.value,
                 f"{written(t.value)}{unit}（修订）"))
    else:
        assert t.lower is not None and t.upper is not None
        (y0, v0, k0), (y1, v1, _) = t.lower, t.upper
        what = "基期值" if k0 == "baseline" else "目标"
        add(Step("target", "规划路径目标 T", "T0 + (T1 − T0) × (年份 − 年份0) ÷ (年份1 − 年份0)",
                 f"{y0} 年{what} {num(v0, 6)} 与 {y1} 年目标 {num(v1, 6)} 之间插值："
                 f"{num(v0, 6)} + ({num(v1, 6)} − {num(v0, 6)}) × {r.year - y0} ÷ {y1 - y0}",
                 t.value, f"{fixed(t.value, places_of(r.indicator))}{unit}（插值）"))


def _level_steps(r: IndicatorResult, add: Callable[[Step], None]) -> None:
    """A level's or a flow's E (from its start P), ratios, gap and progress."""
    _expected_step(r, add)
    _ratio_steps(r, add)
    _gap_steps(r, add)


def _expected_step(r: IndicatorResult, add: Callable[[Step], None]) -> None:
    """E as compute found it, with the formula that produced it: year end, a flow's
    share, a level from its start P, or P itself when the indicator is not paced."""
    ind = r.indicator
    shown = fixed(r.expected, places_of(ind))
    if r.elapsed == 1:
        add(Step("expected", "序时应达 E", "年末：E = T", f"E = {num(r.target, 6)}", r.expected, shown))
    elif ind.interpolation == "step":
        add(Step("expected", "序时应达 E", "逐年不变（step）的目标全年适用：E = T",
                 f"E = {num(r.target, 6)}", r.expected, shown))
    elif ind.kind == "flow":
        add(Step("expected", "序时应达 E", "累计型：E = T × 时间进度",
                 f"{num(r.target, 6)} × {num(r.elapsed, 6)}", r.expected, shown))
    elif r.start is None:
        add(Step("expected", "序时应达 E", "存量型，无起点：E = T",
                 f"没有上年实际、上年目标或基期值，E = {num(r.target, 6)}", r.expected, shown))
    else:
        p, kind = r.start
        add(Step("start", "起点 P", "上年年末实际值，否则上年目标，否则基期值",
                 f"{START_LABEL[kind]} {num(p, 6)}", p, written(p)))
        if ind.pacing == "none":
            add(Step("expected", "序时应达 E", "不按时间折算（pacing: none）：年末前 E = P，年末 E = T",
                     f"E = P = {num(p, 6)}", r.expected, shown))
        else:
            add(Step("expected", "序时应达 E", "存量型：E = P + (T − P) × 时间进度",
                     f"{num(p, 6)} + ({num(r.target, 6)} − {num(p, 6)}) × {num(r.elapsed, 6)}",
                     r.expected, shown))


def _ratio_steps(r: IndicatorResult, add: Callable[[Step], None]) -> None:
    """序时完成率, 完成率, 序时进度 and the points between them (a `%` indicator's points
    are A − E in its own unit instead: one kind of 个百分点 per row)."""
    ind = r.indicator
    higher = ind.direction == "higher"
    a, e, tv = num(r.actual, 6), num(r.expected, 6), num(r.target, 6)
    unreadable = "（除数为 0，无法计算）"
    add(Step("rate", "序时完成率", "A ÷ E" if higher else "逆向：E ÷ A",
             (f"{a} ÷ {e}" if higher else f"{e} ÷ {a}") + (unreadable if r.rate is None else ""),
             r.rate, pct(r.rate)))
    add(Step("completion", "完成率", "A ÷ T" if higher else "逆向：T ÷ A",
             (f"{a} ÷ {tv}" if higher else f"{tv} ÷ {a}") + (unreadable if r.completion is None else ""),
             r.completion, pct(r.completion)))
    if not higher:
        add(Step("schedule", "序时进度", "逆向指标不计序时进度", "-", None, "-"))
    elif ind.kind == "flow":
        add(Step("schedule", "序时进度", "累计型：序时进度 = 时间进度", num(r.elapsed, 6),
                 r.schedule, pct(r.schedule)))
    elif r.schedule is None:
        add(Step("schedule", "序时进度", "E ÷ T", "T = 0，无法计算", None, "-"))
    else:
        add(Step("schedule", "序时进度", "E ÷ T", f"{e} ÷ {tv}", r.schedule, pct(r.schedule)))
    if r.ahead is not None and not is_percent(ind.unit):
        add(Step("ahead", "超/低于序时", "(完成率 − 序时进度) × 100，单位：个百分点",
                 f"({num(r.completion, 6)} − {num(r.schedule, 6)}) × 100", r.ahead,
                 ahead_short(r.ahead)))


def _gap_steps(r: IndicatorResult, add: Callable[[Step], None]) -> None:
    ind = r.indicator
    higher = ind.direction == "higher"
    a, tv = num(r.actual, 6), num(r.target, 6)
    add(Step("gap", "差距", "T − A（正数为尚差）" if higher else "逆向：A − T（正数为高于目标）",
             f"{tv} − {a}" if higher else f"{a} − {tv}", r.gap, gap_words(r)))
    if ind.baseline is not None and ind.baseline.value is not None:
        b = num(ind.baseline.value, 6)
        add(Step("progress", "较基期的进度", "(A − B) ÷ (T − B)",
                 f"({a} − {b}) ÷ ({tv} − {b})" + ("（T = B，无法计算）" if r.progress is None else ""),
                 r.progress, pct(r.progress)))


def gap_words(r: IndicatorResult) -> str:
    """差距 at the row's precision, the sign in words: 差 0.02 个百分点, 高于目标 3家, 持平."""
    ind = r.indicator
    if r.gap is None:
        return "-"
    shown = shown_at(r.gap, r)
    if not shown:
        return "持平"
    unit = " 个百分点" if is_percent(ind.unit) else ind.unit
    if ind.kind == "rank":
        return f"{'落后目标' if r.gap > 0 else '优于目标'} {shown}{unit}"
    if ind.rate_kind:
        above = r.gap if ind.direction == "lower" else -r.gap  # A − T
        if ind.direction == "lower":  # a cap: 增速控制在 T 以内
            return f"{'超过上限' if above > 0 else '低于上限'} {shown}{unit}"
        return f"{'高于' if above > 0 else '低于'}年度目标 {shown}{unit}"
    if ind.direction == "lower":
        return f"{'高于' if r.gap > 0 else '低于'}目标 {shown}{unit}"
    return f"{'差' if r.gap > 0 else '超额'} {shown}{unit}"


def signed_words(value: Optional[Decimal], r: IndicatorResult, up: str, down: str) -> str:
    """A signed derived value in words at the row's precision: 低于序时应达 0.02 个百分点."""
    if value is None:
        return "-"
    shown = shown_at(value, r)
    if not shown:
        return "持平"
    unit = " 个百分点" if is_percent(r.indicator.unit) else r.indicator.unit
    return f"{up if value > 0 else down} {shown}{unit}"


def shown_at(value: Decimal, r: IndicatorResult) -> str:
    """|value| at the row's precision; '' for 持平, said only when it is 0 at that precision
    and the row is met (39.97 against 40.0, short of target, shows 0.03, never 持平)."""
    places = places_of(r.indicator)
    shown = fixed(abs(value), places)
    while not shown.strip("0.") and value != 0 and r.status != "met" and places < 6:
        places += 1
        shown = fixed(abs(value), places)
    return "" if not shown.strip("0.") else shown


def _conclusion(r: IndicatorResult, name: str) -> str:
    """The one sentence under the steps: an interpolated target is the plan's path (按规划
    路径应达), not a 年度目标; a rate or a `%` indicator is compared with its target in points."""
    ind = r.indicator
    conclusion = f"{name}：{STATUS_LABEL[r.status]}"
    path = r.target_source == "interpolated"
    if r.actual is not None and r.target is not None and (ind.rate_kind or is_percent(ind.unit)):
        if path:
            conclusion += f"，按规划路径应达{written(r.target)}{ind.unit}"
        conclusion += f"，{_against_target(r, '路径目标' if path else '年度目标')}"
    elif r.completion is not None:
        if path:
            conclusion += f"，按规划路径应达{written(r.target)}{ind.unit}，完成路径目标的{pct(r.completion)}"
        elif r.elapsed == 1:
            conclusion += f"，年度目标完成率{pct(r.completion)}"  # year end: no schedule to speak of
        else:
            conclusion += f"，完成年度目标的{pct(r.completion)}"
        if r.ahead is not None and r.elapsed != 1:
            conclusion += f"，{ahead_phrase(r.ahead)}"
    if r.period is not None and r.period.progress is not None:
        conclusion += f"；{period_sentence(r)}"
    conclusion += "。"
    return conclusion


def _against_target(r: IndicatorResult, what: str) -> str:
    """比年度目标低0.19个百分点 at the row's precision; a cap: 低于上限0.4个百分点."""
    assert r.actual is not None and r.target is not None
    diff = r.actual - r.target
    shown = fixed(abs(diff), places_of(r.indicator))
    unit = "个百分点" if is_percent(r.indicator.unit) else r.indicator.unit
    if r.indicator.rate_kind and r.indicator.direction == "lower":
        return "与上限持平" if not shown.strip("0.") else \
            f"{'超过上限' if diff > 0 else '低于上限'}{shown}{unit}"
    if not shown.strip("0."):
        return f"与{what}持平"
    return f"比{what}{'高' if diff > 0 else '低'}{shown}{unit}"


def _status_rule(st: YearStatus, r: IndicatorResult) -> str:
    t = thresholds_for(st.plan, r.indicator)
    if r.indicator.kind == "rank":
        return "位次 A ≤ T 为达标，否则为滞后"
    if r.indicator.rate_kind:
        return (f"A 达到 T 为达标；否则完成率 ≥ {num(t.near)} 为基本达标（约束性指标记为滞后），"
                f"≥ {num(t.severe)} 为滞后，其余（或 A、T 不为正而未达到）为严重滞后")
    return (f"A 达到 E 为达标；否则序时完成率 ≥ {num(t.near)} 为基本达标（约束性指标记为滞后），"
            f"≥ {num(t.severe)} 为滞后，其余为严重滞后")


def _status_work(st: YearStatus, r: IndicatorResult) -> str:
    t = thresholds_for(st.plan, r.indicator)
    rate = pct(r.rate)
    return {
        "no_target": "当年没有目标",
        "no_data": "当年没有可用的实际数据",
        "met": f"A = {num(r.actual, 6)} {'≥' if r.indicator.direction == 'higher' else '≤'} "
               f"E = {num(r.expected, 6)}",
        "near": f"序时完成率 {rate} ≥ {num(t.near)}",
        "binding": f"序时完成率 {rate} ≥ {num(t.near)}，但约束性指标只有达标与未达标，记为滞后",
        "severe": f"{num(t.severe)} ≤ 序时完成率 {rate} < {num(t.near)}",
        "below_severe": f"序时完成率 {rate} < {num(t.severe)}",
        "zero_divisor": "序时完成率的除数为 0，且 A 未达到 E",
        "no_ratio": "A 或 T 不为正，比值无法解读，且 A 未达到 E",
        "rank": f"A = {num(r.actual, 6)} > T = {num(r.target, 6)}：未达到目标位次",
    }.get(r.decided_by or r.status, "")


def _outlook_steps(r: IndicatorResult, add) -> None:
    f = r.final
    if f is None:
        add(Step("final", "期末展望", "计划末年目标", "计划末年没有目标，不作展望", None, "-"))
        return
    t_end = num(f.target, 6)
    add(Step("final.target", f"{f.year} 年目标", "评估时点已生效的计划末年目标",
             f"{f.year} 年目标 {t_end}", f.target, t_end))
    reason = {
        "no_data": "当年没有实际数据，无法判断",
        "final_year": "计划末年：以当年状态为准",
        "to_date": "年中数据：到年末再作展望",
    }
    if f.reason in reason:
        add(Step("final.outlook", "期末展望", "年末数据才作展望", reason[f.reason], f.outlook,
                 OUTLOOK_LABEL[f.outlook]))
        return
    sign = "" if r.indicator.direction == "higher" else "−"
    years_left = f.year - r.year
    up, down = ("提高", "下降") if is_percent(r.indicator.unit) else ("增加", "减少")
    toward, away = (down, up) if sign else (up, down)
    add(Step("final.needed_per_year", "每年尚需", f"{sign}(末年目标 − A) ÷ 剩余年数",
             f"{sign}({t_end} − {num(r.actual, 6)}) ÷ {years_left}", f.needed_per_year,
             _pace_words(f.needed_per_year, r, toward, away, "每年需")))
    if f.start is not None:
        y0, v0, kind = f.start
        label = "基期" if kind == "baseline" else f"{y0} 年年末实际"
        add(Step("final.achieved_per_year", "年均已实现", f"{sign}(A − 起点) ÷ 经过年数",
                 f"{label} {num(v0, 6)}：{sign}({num(r.actual, 6)} − {num(v0, 6)}) ÷ {r.year - y0}",
                 f.achieved_per_year, _pace_words(f.achieved_per_year, r, toward, away)))
    work = {
        "achieved": f"A = {num(r.actual, 6)} 已达到末年目标 {t_end}",
        "met": "当年达标：按计划自身的路径推进，视为进度正常",
        "no_start": "没有基期值或更早的年末实际值，无法计算年均已实现",
    }.get(f.reason)
    if work is None:
        work = (f"R = 年均已实现 ÷ 每年尚需 = {num(f.ratio, 4)}；"
                "R ≥ 0.95 进度正常，0.6–0.95 有风险，0–0.6 偏离目标，< 0 反向变动")
    add(Step("final.outlook", "期末展望", "已达成 / 当年达标 / 按 R 分档", work, f.outlook,
             OUTLOOK_LABEL[f.outlook]))


def _pace_words(value: Optional[Decimal], r: IndicatorResult, toward: str, away: str,
                head: str = "年均") -> str:
    """A yearly pace in words, to one decimal more than the row's own (每年需增加 2.5家,
    年均下降 0.01 个百分点), its sign said: toward the target or away from it."""
    if value is None:
        return "-"
    shown = num(abs(value), places_of(r.indicator) + 1)
    if shown == "0":
        return "持平"
    unit = " 个百分点" if is_percent(r.indicator.unit) else r.indicator.unit
    return f"{head}{toward if value > 0 else away} {shown}{unit}"


def _round_steps(st: YearStatus, r, add) -> None:
    """ahead_value, grade, a revised figure and the round date that made a figure stale."""
    if r.ahead_value is not None:
        higher = r.indicator.direction == "higher"
        a, e = num(r.actual, 6), num(r.expected, 6)
        add(Step("ahead_value", "超/低于序时应达（按指标单位）", "A − E" if higher else "逆向：E − A",
                 f"{a} − {e}" if higher else f"{e} − {a}", r.ahead_value,
                 signed_words(r.ahead_value if higher else -r.ahead_value, r,
                              "高于序时应达", "低于序时应达")))  # A against E, in words
    grades = st.plan.plan.grades
    if grades:
        bands = "；".join(f"≥ {pct(g.min)} {g.label}" if g.min is not None else f"其余 {g.label}"
                         for g in grades)
        add(Step("grade", "等次", "按 plan.grades 取第一个 min ≤ 完成率的等次",
                 f"完成率 {pct(r.completion)}；{bands}", r.grade, r.grade or "-"))
    f = r.figure
    if f is not None and getattr(f, "revised", None):
        add(Step("revised", "修订的数", "修订的数自其 as_of 起取代此前的数",
                 f"{f.as_of} {f.revised}：{num(f.value, 6)}", True, "已修订"))
    if r.stale and st.round_date is not None:
        add(Step("stale", "未按期报送", "有目标，所用数据的日期早于本轮报送日期（本年所用数据和任务报告中最晚的日期）",
                 f"数据截至 {r.as_of}，本轮报送日期 {st.round_date}：沿用此数，计入牵头单位的未报送",
                 True, "是" + stale_phrase(r.as_of)))


# --- tasks ------------------------------------------------------------------------

def task(st: YearStatus, ident: int) -> Explanation:
    r: TaskResult = next(row for row in st.tasks if row.task.id == ident)
    t = r.task
    tol = st.plan.plan.thresholds.task_tolerance
    steps: list[Step] = []
    add = steps.append
    reports = t.progress.get(r.year) or []
    if r.report is None:
        add(Step("status", "采用的报告", "当年报告中截至评估时点的最新一条",
                 f"{r.year} 年共 {len(reports)} 条报告，没有可用的", "no_report", "未报送"))
        add(Step("lagging", "是否滞后", "未报送不算滞后，但计入牵头单位的未报送",
                 "未报送", False, "否（未报送）"))
    else:
        rep = r.report
        when = f"截至 {rep.as_of} 的报告" if rep.as_of else "年末报告"
        note = f"，进展情况：{rep.note}" if rep.note else ""
        count, rule = f"{r.year} 年共 {len(reports)} 条报告", "当年报告中截至评估时点的最新一条"
        if r.report_year is not None:  # done in an earlier year: that report stands
            count += f"，此前 {r.report_year} 年的最新报告为已完成"
            when = f"{r.report_year} 年的{when}"
            rule += "；有完成时限的任务当年无报告而此前最新报告为已完成的，采用该报告"
        add(Step("status", "采用的报告", rule,
                 f"{count}，采用{when}："
                 f"{TASK_LABEL[r.status]}，进度 {num(r.percent, 2) + '%' if r.percent is not None else '未填'}{note}",
                 r.status, TASK_LABEL[r.status]))
        if r.stale and st.round_date is not None:
            r_day = day_of_year(st.round_date)
            add(Step("elapsed", "时间进度", "未按期报送：按本轮报送日期（本年所用数据和任务报告中最晚的日期）计",
                     f"报告截至 {r.as_of}，早于本轮报送日期 {st.round_date}（第 {r_day} 天）："
                     f"{r_day} ÷ {days_in_year(r.year)}", r.elapsed,
                     num(r.elapsed, 4) if r.elapsed != 1 else "1"))
        elif r.elapsed is not None and r.elapsed != 1 and r.as_of is not None:
            add(Step("elapsed", "时间进度", "报告日期是当年第几天 ÷ 当年天数",
                     f"{day_of_year(r.as_of)} ÷ {days_in_year(r.year)}", r.elapsed, num(r.elapsed, 4)))
        else:
            add(Step("elapsed", "时间进度", "年末或无日期 = 1", "1", r.elapsed, "1"))
        if r.status == "behind":
            work = "自报滞后"
        elif r.status == "done":
            work = "已完成，不滞后"
        elif r.threshold is None:
            work = "未填进度，只按状态判断：不滞后"
        else:
            assert r.elapsed is not None  # a threshold is elapsed x 100 - tolerance
            pc = r.percent if r.percent is not None else Decimal(0)
            work = (f"进度 {num(pc)}% {'<' if pc < r.threshold else '≥'} 时间进度 × 100 − 容差 "
                    f"= {num(r.elapsed * 100, 2)} − {num(tol)} = {num(r.threshold, 2)}")
        if r.duban is not None:  # 督办: which date, how many days (method/deadlines)
            steps.extend(Step(*step) for step in deadline_steps(r.duban))
            work += "".join(f"；{why}" for why in r.duban.reasons())
        add(Step("lagging", "是否滞后", f"自报滞后；或未完成且进度 < 时间进度 × 100 − {num(tol)}"
                 + ("；或逾期、阶段目标逾期" if r.duban is not None else ""),
                 work, r.lagging, "滞后" if r.lagging else "否"))
    title = f"任务 {t.id}：{t.title}  {r.year} 年"
    marks = "，".join(r.duban.marks(after_status=True)) if r.duban is not None else ""  # 督办: 逾期77天
    conclusion = (f"任务 {t.id}（牵头：{'、'.join(t.lead)}）："
                  f"{'滞后' if r.lagging else TASK_LABEL[r.status]}{f'（{marks}）' if marks else ''}。")
    return Explanation("task", t.id, title, st, r, steps, conclusion)


# --- departments ---------------------------------------------------------------------

def department(st: YearStatus, name: str) -> Explanation:
    d: DepartmentResult = next(row for row in st.departments if row.name == name)
    ind_rows = {r.indicator.id: r for r in rows_of(st)}
    task_rows = {r.task.id: r for r in st.tasks}

    def label(item) -> str:
        if isinstance(item, str):
            r = ind_rows[item]
            return r.indicator.name if r.part is None else f"{r.indicator.name}（{r.part}）"
        return f"任务 {item}（{task_rows[item].task.title}）"

    def listing(items) -> str:
        return "、".join(label(i) for i in items) or "无"

    steps = [
        Step("lead_items", "牵头事项", "牵头的指标数 + 牵头的任务数",
             f"指标 {len(d.lead_indicators)} 项 + 任务 {len(d.lead_tasks)} 项", d.lead_items,
             str(d.lead_items)),
        Step("lagging_lead", "牵头滞后", "牵头的指标为滞后/严重滞后，或牵头的任务滞后",
             listing(d.lagging_lead), list(d.lagging_lead), str(len(d.lagging_lead))),
        Step("missing", "未报送",
             "牵头的任务当年无报告；牵头的指标在已结束的年份无数据；牵头的事项未按期报送（所用数据早于本轮报送日期）",
             listing(d.missing), list(d.missing), str(len(d.missing))),
        Step("lagging_participating", "参与滞后", "参与的任务滞后",
             listing(d.lagging_participating), list(d.lagging_participating),
             str(len(d.lagging_participating))),
    ]
    worst_rule = ("牵头指标（达标、基本达标、滞后、严重滞后的）和牵头滞后任务中，先按状态（严重滞后、"
                  "滞后与滞后任务、基本达标、达标），再按序时完成率从低到高（无完成率的在后），再按文件顺序取第一项；"
                  "只因未报送而滞后的单位，取第一项未报送的事项")
    if d.worst is None:
        steps.append(Step("worst", "最差事项", worst_rule, "没有可比较的事项", None, "-"))
    elif d.worst in d.missing and not d.lagging_lead:
        steps.append(Step("worst", "最差事项", worst_rule, f"{label(d.worst)}：未报送", d.worst,
                          label(d.worst) if isinstance(d.worst, str) else f"任务 {d.worst}"))
    else:
        worst_status = ind_rows[d.worst].status if isinstance(d.worst, str) else "lagging"
        steps.append(Step("worst", "最差事项", worst_rule,
                          f"{label(d.worst)}：{STATUS_LABEL.get(worst_status, '滞后')}，"
                          + (f"序时完成率 {pct(d.worst_rate)}" if d.worst_rate is not None
                             else "序时完成率无法计算"), d.worst,
                          label(d.worst) if isinstance(d.worst, str) else f"任务 {d.worst}"))
    if d.level == "red":
        why = "有牵头滞后" if d.lagging_lead else ""
        why += ("、" if why and d.missing else "") + ("有未报送" if d.missing else "")
    elif d.level == "yellow":
        why = "牵头事项正常，但参与的任务滞后"
    else:
        why = "牵头事项和参与的任务均无滞后、无未报送"
    steps.append(Step("level", "结论", "牵头滞后或未报送 → 滞后；仅参与滞后 → 关注；其余 → 正常",
                      why, d.level, LEVEL_LABEL[d.level]))
    position = [row.name for row in st.departments].index(name) + 1
    steps.append(Step("order", "排序位置", "按结论（滞后、关注、正常），再按牵头滞后+未报送、参与滞后的多少，"
                      "再按计划中单位的顺序", f"{len(st.departments)} 个单位中第 {position} 个",
                      position, str(position)))
    conclusion = f"{name}：{LEVEL_LABEL[d.level]}（{why}）。"
    return Explanation("department", name, f"{name}  {st.year} 年", st, d, steps, conclusion)


def find(st: YearStatus, ident: str) -> Optional[tuple[str, Any]]:
    """What ID names: an indicator id, a task number or a department (name or alias)."""
    if any(r.indicator.id == ident for r in rows_of(st)):  # an indicator, or a part: id/part name
        return "indicator", ident
    named = [r.indicator.id for r in st.indicators if r.indicator.name == ident]
    if len(named) == 1:  # staff know an indicator by its name
        return "indicator", named[0]
    if ident.isdigit() and any(r.task.id == int(ident) for r in st.tasks):
        return "task", int(ident)
    for dept in st.plan.plan.departments or []:
        if ident == dept.name or ident in dept.aliases:
            return "department", dept.name
    if any(r.name == ident for r in st.departments):
        return "department", ident
    return None


def explain(st: YearStatus, ident: str) -> Explanation:
    found = find(st, ident)
    if found is None:
        raise KeyError(ident)
    kind, key = found
    explainers: dict[str, Callable[[YearStatus, Any], Explanation]] = {
        "indicator": indicator, "task": task, "department": department}
    return explainers[kind](st, key)
