"""`kjcx explain` steps of the indicator kinds (docs/method.md 指标类型): relative
targets, geometric/step interpolation, 力争, 左右, a year's rate, a rank, and the
period target by the log method (the index, the logarithms, the time share).

Read from the results compute kept, like explain.py, which calls these.
"""

from __future__ import annotations

from typing import Callable

from kjcx.method.compute import IndicatorResult
from kjcx.method.explain import OUTLOOK_LABEL, Step
from kjcx.method.period import PeriodResult
from kjcx.method.targets import Target
from kjcx.words import STATUS_LABEL, fixed, num, pct, places_of, time_ahead_short

Add = Callable[[Step], None]


def target_step(r: IndicatorResult, t: Target, add: Add) -> bool:
    """The target step of a relative target or a non-linear interpolation; False: explain.py's."""
    unit = r.indicator.unit
    spec = t.spec
    if spec is not None and t.rule in ("base_plus", "base_times") and r.indicator.baseline is not None:
        b = num(r.indicator.baseline.value, 6)
        source = f"修订 {t.revision}：" if t.source == "revised" else ""
        if t.rule == "base_plus":
            formula, work = "比基期提高：T = B + d", f"{source}{b} + {num(spec.base_plus, 6)}"
        else:
            formula, work = "基期的倍数：T = B × k", f"{source}{b} × {num(spec.base_times, 6)}"
        add(Step("target", "年度目标 T", formula, work, t.value, f"{fixed(t.value, places_of(r.indicator))}{unit}"))
        return True
    if t.source != "interpolated" or (t.method == "linear" and t.exact is None):
        return False
    y1, v1, _ = t.upper  # type: ignore[misc]
    if t.method == "linear":
        y0, v0, _ = t.lower  # type: ignore[misc]
        add(Step("target", "插值目标", "T0 + (T1 − T0) × (年份 − 年份0) ÷ (年份1 − 年份0)",
                 f"{num(v0, 6)} + ({num(v1, 6)} − {num(v0, 6)}) × {r.year - y0} ÷ {y1 - y0}",
                 t.exact, num(t.exact, 6)))
    elif t.method == "step":
        add(Step("target", "年度目标 T", "逐年不变（step）：取其后最近一年的目标",
                 f"{y1} 年目标 {num(v1, 6)} 在此前各年都须达到", t.value, f"{num(t.value, 6)}{unit}"))
    else:
        y0, v0, _ = t.lower  # type: ignore[misc]
        add(Step("target", "插值目标" if t.exact is not None else "年度目标 T",
                 "几何插值：T = T0 × (T1 ÷ T0)^((年份 − 年份0) ÷ (年份1 − 年份0))",
                 f"{num(v0, 6)} × ({num(v1, 6)} ÷ {num(v0, 6)})^({r.year - y0} ÷ {y1 - y0})",
                 t.exact if t.exact is not None else t.value, num(t.exact or t.value, 6)))
    if t.exact is not None:
        add(Step("target", "年度目标 T", "integer: true：插值结果四舍五入为整数",
                 f"{num(t.exact, 6)} → {num(t.value, 0)}", t.value, f"{num(t.value, 0)}{unit}"))
    return True


def stretch_step(r: IndicatorResult, add: Add) -> None:
    if r.stretch is None:
        return
    sign = "≥" if r.indicator.direction == "higher" else "≤"
    work = "没有实际值" if r.stretch_met is None else \
        f"A = {num(r.actual, 6)} {sign} {num(r.stretch, 6)}：{'是' if r.stretch_met else '否'}"
    add(Step("stretch_met", "力争目标", "确保值评价状态，力争值只作对照（同一序时口径）", work,
             r.stretch_met, "-" if r.stretch_met is None else ("已达到" if r.stretch_met else "未达到")))


def rate_steps(r: IndicatorResult, add: Add) -> None:
    """A year's rate (growth, reduction, a cap) or a rank: E = T at every point."""
    from kjcx.method.explain import gap_words

    ind = r.indicator
    higher = ind.direction == "higher"
    a, tv = num(r.actual, 6), num(r.target, 6)
    rank = ind.kind == "rank"
    what = "位次" if rank else ("增速上限" if not higher else "增速（降低率）")
    add(Step("expected", "应达 E", f"{what}不按时间折算：E = T（年中数与年度目标直接比较）",
             f"E = {tv}", r.expected, fixed(r.expected, places_of(ind))))
    if not rank:
        add(Step("completion", "完成率", ("A ÷ T" if higher else "控制上限：T ÷ A") + "；A 或 T 不为正时无法计算",
                 (f"{a} ÷ {tv}" if higher else f"{tv} ÷ {a}") +
                 ("（增速不为正，比值无意义）" if r.completion is None else ""),
                 r.completion, pct(r.completion)))
    if rank:
        formula, work = "A − T（位）", f"{a} − {tv}"
    elif higher:
        formula, work = "T − A（个百分点，正数为尚差）", f"{tv} − {a}"
    else:
        formula, work = "A − T（个百分点，正数为超过上限）", f"{a} − {tv}"
    add(Step("gap", "差距", formula, work, r.gap, gap_words(r)))


def tolerance_work(r: IndicatorResult) -> str:
    tol, e = r.indicator.tolerance, r.expected
    assert tol is not None and e is not None  # within_tolerance: both were used
    higher = r.indicator.direction == "higher"
    edge = e - tol if higher else e + tol
    return (f"A = {num(r.actual, 6)} 未达到 E = {num(e, 6)}，但在允许偏差（左右）{num(tol, 6)} 之内："
            f"E {'−' if higher else '+'} {num(tol, 6)} = {num(edge, 6)}")


def period_steps(r: IndicatorResult, p: PeriodResult, add: Add) -> None:
    """The log method, step by step."""
    kind = r.indicator.kind
    verb = "增长" if kind == "growth" else "降低"
    sign = "+" if kind == "growth" else "−"
    target = (f"期内累计{verb} {num(p.target, 4)}%：I* = 1 {sign} {num(p.target, 4)} ÷ 100"
              if p.form == "cumulative" else
              f"年均{verb} {num(p.target, 4)}%：I* = (1 {sign} {num(p.target, 4)} ÷ 100)^{p.years}")
    add(Step("period.target", "目标指数 I*", f"基期 {p.base_year} 年，期内 {p.years} 年", target,
             p.target_index, num(p.target_index, 6)))
    if p.reason is not None:
        add(Step("period.progress", "目标进度", "各年数据齐全才能累计", p.reason, None, "无法计算"))
        return
    factors = " × ".join(f"{num(f, 6)}" for _, _, f in p.factors)
    years = "、".join(f"{y} 年 {num(rate, 4)}%" for y, rate, _ in p.factors)
    add(Step("period.index", "累计指数 I", f"各年 (1 {sign} 当年{verb}率 ÷ 100) 连乘",
             f"{years}：{factors}", p.index, num(p.index, 6)))
    add(Step("period.cumulative", f"累计{verb}", "(I − 1) × 100" if kind == "growth" else "(1 − I) × 100",
             f"I = {num(p.index, 6)}", p.cumulative, f"{num(p.cumulative, 2)}%"))
    add(Step("period.average", f"年均{verb}", f"I^(1/{p.k}) 折算为年率",
             f"{num(p.index, 6)}^(1/{p.k})", p.average, f"{num(p.average, 2)}%"))
    add(Step("period.progress", "目标进度", "对数法：ln I ÷ ln I*",
             f"ln {num(p.index, 6)} ÷ ln {num(p.target_index, 6)} = {num(p.ln_index, 6)} ÷ {num(p.ln_target, 6)}",
             p.progress, pct(p.progress, 2)))
    add(Step("period.time", "时间进度", "(k − 1 + 本年已过比例) ÷ n",
             f"({p.k} − 1 + {num(p.elapsed, 4)}) ÷ {p.years}", p.time, pct(p.time, 2)))
    add(Step("period.ahead", "超/低于时间进度", "(目标进度 − 时间进度) × 100，单位：个百分点",
             f"({num(p.progress, 6)} − {num(p.time, 6)}) × 100", p.ahead, time_ahead_short(p.ahead)))
    add(Step("period.status", "期内状态", "目标进度达到时间进度为达标；否则按 目标进度 ÷ 时间进度 分档",
             _period_status_work(p), p.status, STATUS_LABEL.get(p.status or "", "-")))
    if p.needed_rate is not None:
        left = p.years - p.k
        formula = ("((I* ÷ I)^(1/剩余年数) − 1) × 100" if kind == "growth"
                   else "(1 − (I* ÷ I)^(1/剩余年数)) × 100")
        label = f"今后每年{verb}不超过" if r.indicator.direction == "lower" else f"此后每年需{verb}"
        add(Step("period.needed_rate", label, formula,
                 f"I* = {num(p.target_index, 6)}，I = {num(p.index, 6)}，剩余 {left} 年",
                 p.needed_rate, f"{num(p.needed_rate, 2)}%"))
    work = {"achieved": "目标进度已达 100%", "on_track": "期内达标：按目标进度推进"}.get(p.outlook, "")
    if p.ratio is not None:
        work = (f"R = (ln I ÷ k) ÷ ((ln I* − ln I) ÷ (n − k)) = {num(p.ratio, 4)}；"
                "R ≥ 0.95 进度正常，0.6–0.95 有风险，0–0.6 偏离目标，< 0 反向变动")
    elif p.outlook == "unknown":
        work = "计划末年或年中数据：不作展望"
    add(Step("period.outlook", "期末展望", "已达成 / 期内达标 / 按 R 分档", work, p.outlook,
             OUTLOOK_LABEL[p.outlook]))


def _period_status_work(p: PeriodResult) -> str:
    if p.progress is None or p.time is None:
        return "目标为 0，只判断是否达到"
    if p.status == "met":
        return f"目标进度 {pct(p.progress, 2)} 达到时间进度 {pct(p.time, 2)}"
    band = {"near": "基本达标", "binding": "约束性指标不计基本达标，记为滞后",
            "severe": "滞后", "below_severe": "严重滞后"}.get(p.decided_by, "")
    return f"目标进度 ÷ 时间进度 = {num(p.progress / p.time, 4)}：{band}"
