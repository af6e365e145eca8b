"""期末展望 in words: which indicators may miss the plan's final target.

The report names what `status` calls 偏离目标 and 反向变动 (and 有风险), each
with the figures that decide it: where the indicator stands, the final target,
the pace it needs and the pace it has kept. In the plan's last year the final
target is that year's target, so the section points to the indicator table.
"""

from __future__ import annotations

from decimal import Decimal

from kjcx.method.compute import IndicatorResult, YearStatus
from kjcx.statuses import MISSED
from kjcx.words import OUTLOOK_LABEL, fixed, is_percent, num, places_of, points, written

HARD = "按目前进度，期末目标完成存在较大难度"  # the 通报's own phrase
SOME = "按目前进度，期末目标完成存在一定难度"
# why an outlook could not be judged, as a reader is told
UNKNOWN_WHY = {"to_date": "本期为年内数据，期末展望待年末数据判断",
               "no_data": "暂无数据", "no_start": "缺少更早的年末数或基期值"}


def paragraphs(st: YearStatus) -> list[str]:
    rows = [r for r in st.indicators if r.final is not None]
    # growth and reduction rates judged on their period (〔〕, 年均) by the log method
    periods = [r for r in st.indicators if r.final is None and r.period is not None
               and r.period.progress is not None]
    end = st.plan.plan.end
    if not rows and not periods:
        return [f"计划没有设定期末（{end}年）目标的指标，不作期末展望。"]
    if st.year > end:
        return [f"{st.year}年已在计划期（{st.plan.plan.start}-{end}年）之外，不作期末展望。"]
    if st.year == end:
        return [_final_year(st, rows, end)]
    out = []
    for band, words in (("moving_away", HARD), ("off_track", HARD), ("at_risk", SOME)):
        for r in rows:
            assert r.final is not None
            if r.final.outlook == band:
                out.append(_sentence(r, end, words))
        out += [_period_sentence(r, words) for r in periods if r.period is not None and r.period.outlook == band]
    return ([_counts(rows, end)] if rows else []) + out


def _period_sentence(r: IndicatorResult, verdict: str) -> str:
    """单位国内生产总值能源消耗降低：累计降低3.3%，完成期内目标进度的23.0%，落后时间进度
    37.0个百分点；今后每年需降低5.4%，按目前进度，期末目标完成存在较大难度 (a cap: 今后每年
    增长不超过3.3%)."""
    p = r.period
    assert p is not None
    from kjcx.report.brief import period_words

    text = f"{r.indicator.name}：{period_words(r)}"
    if p.needed_rate is not None:  # one decimal, as a 通报 writes a percentage
        verb = "增长" if r.indicator.kind == "growth" else "降低"
        if r.indicator.direction == "lower":  # a cap: what each remaining year may add at most
            text += f"；今后每年{verb}不超过{points(p.needed_rate)}%"
        else:
            text += f"；今后每年需{verb}{points(p.needed_rate)}%"
    return f"{text}，{verdict}。"


def _final_year(st: YearStatus, rows: list[IndicatorResult], end: int) -> str:
    text = f"{end}年为计划期末年，期末目标即年度目标，完成情况见上表。"
    short = [r.indicator.name for r in rows if r.status in MISSED]
    if short:
        at_end = all(r.as_of is not None and (r.as_of.month, r.as_of.day) == (12, 31)
                     for r in rows if r.status in MISSED)
        text += f"其中，{'、'.join(short)}{'未完成年度目标' if at_end else '未达到序时进度'}。"
    return text


def _counts(rows: list[IndicatorResult], end: int) -> str:
    """有期末（2022年）目标的14项指标中，已达成1项、进度正常5项、偏离目标1项、
    反向变动1项；暂无法判断6项（缺少更早的年末数或基期值4项、暂无数据2项）。"""
    counts: dict[str, int] = {}
    why: dict[str, int] = {}
    for r in rows:
        assert r.final is not None
        counts[r.final.outlook] = counts.get(r.final.outlook, 0) + 1
        if r.final.outlook == "unknown":
            key = r.final.reason if r.final.reason in UNKNOWN_WHY else "no_data"
            why[key] = why.get(key, 0) + 1
    known = [f"{OUTLOOK_LABEL[band]}{counts[band]}项"
             for band in ("achieved", "on_track", "at_risk", "off_track", "moving_away")
             if counts.get(band)]
    text = f"有期末（{end}年）目标的{len(rows)}项指标中，" + "、".join(known)
    if counts.get("unknown"):
        if not known:
            reasons = "；".join(UNKNOWN_WHY[k] for k in why)
            return f"有期末（{end}年）目标的{len(rows)}项指标暂无法判断期末展望（{reasons}）。"
        reasons = "、".join(f"{UNKNOWN_WHY[k]}{n}项" for k, n in why.items())
        text += f"；暂无法判断{counts['unknown']}项（{reasons}）"
    return text + "。"


def _sentence(r: IndicatorResult, end: int, verdict: str) -> str:
    """“瞪羚”企业数量2021年末7家，期末（2022年）目标12家，尚差5家；需年均增加5家，
    2019年以来年均增加0家，按目前进度，期末目标完成存在较大难度。"""
    final = r.final
    assert final is not None and r.actual is not None
    ind = r.indicator
    unit = ind.unit
    lower = ind.direction == "lower"
    precision = places_of(ind)  # figures as written; the final target and the gap at the indicator's precision
    gap = f"{fixed(abs(final.target - r.actual), precision)}{'个百分点' if is_percent(unit) else unit}"
    head = f"{ind.name}{r.year}年末{written(r.actual)}{unit}，"
    rank = ind.kind == "rank"  # positions: 第8位, behind the target is 落后, moving up is 前移
    if rank:
        head = (f"{ind.name}{r.year}年末第{written(r.actual)}位，期末（{end}年）目标为第"
                f"{fixed(final.target, precision)}位以内，落后{gap}")
    elif lower:
        head += f"期末（{end}年）目标控制在{fixed(final.target, precision)}{unit}以内，高出{gap}"
    else:
        head += f"期末（{end}年）目标{fixed(final.target, precision)}{unit}，尚差{gap}"
    up, down = ("提高", "下降") if is_percent(unit) else ("增加", "减少")
    if rank:
        up, down = ("后移", "前移")
    toward, away = (down, up) if lower else (up, down)
    parts = [head]
    places = _places(r.actual, final.target)
    if final.needed_per_year is not None:
        parts.append(f"需年均{toward}{_per_year(final.needed_per_year, unit, places)}")
    if final.achieved_per_year is not None and final.start is not None:
        a = final.achieved_per_year
        if a == 0:
            parts.append(f"与{final.start[0]}年持平")
        else:
            parts.append(f"{final.start[0]}年以来年均{toward if a > 0 else away}{_per_year(a, unit, places)}")
    if final.outlook == "moving_away":
        parts.append("与目标方向相反")
    return "，".join(parts[:1]) + "；" + "，".join(parts[1:] + [verdict]) + "。"


def _per_year(value: Decimal, unit: str, places: int) -> str:
    if is_percent(unit):
        return f"{num(abs(value), places)}个百分点"
    return f"{num(abs(value), places)}{unit}"


def _places(*values: Decimal) -> int:
    """A pace to one decimal more than the figures' own (0.53 -> 0.035), at least two."""
    return max([2] + [-v.normalize().as_tuple().exponent + 1 for v in values  # type: ignore[operator]
                      if v.is_finite()])
