"""`kjcx brief`: the 通报 paragraph, in the idiom of a 督查通报.

Period first (截至2022年6月底 / 2021年全年), then counts, then each indicator
behind with its 完成率 and 序时进度, then tasks, then the 牵头单位 of what is
behind. One sentence per fact, no adjectives; percentages to one decimal,
amounts at the data's own precision, differences of a % indicator in 个百分点.
Every number comes from the computed results.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Optional

from kjcx.method.compute import IndicatorResult, YearStatus
from kjcx.method.deadlines import overdue_words
from kjcx.words import (
    ahead_phrase,
    amount,
    difference,
    is_percent,
    num,
    pct,
    period,
    period_sentence,
    rate_vs_target,
)


def evaluation_date(st: YearStatus) -> Optional[datetime.date]:
    """The date the paragraph speaks of: --as-of, else the latest figure or report used."""
    if st.as_of is not None:
        return min(st.as_of, datetime.date(st.year, 12, 31))
    dates = [r.as_of for r in st.indicators if r.as_of is not None]
    dates += [r.as_of for r in st.tasks if r.as_of is not None]
    return max(dates) if dates else None


def to_json(st: YearStatus) -> dict:
    """The kjcx.brief/1 document: the paragraph and the date it speaks of."""
    from kjcx.views import json_docs

    return {"schema": "kjcx.brief/1", "plan": json_docs.plan_json(st.plan), "year": st.year,
            "as_of": json_docs.date(st.as_of), "period_end": json_docs.date(evaluation_date(st)),
            "text": paragraph(st)}


def paragraph(st: YearStatus) -> str:
    when = evaluation_date(st)
    year_end = when is None or (when.month, when.day) == (12, 31)
    sentences = [_indicator_counts(st, when, year_end)]
    behind = [r for r in st.indicators if r.status in ("near", "behind", "severe") and not _period_only(r)]
    if behind:
        sentences.append("其中，" + "；".join(_indicator_phrase(r, year_end, when) for r in behind)
                         + "。")
    judged_on_period = [r for r in st.indicators if _period_only(r) and r.period is not None
                        and r.period.progress is not None]
    if judged_on_period:
        sentences.append("按期内目标：" + "；".join(_indicator_phrase(r, year_end, when)
                                                   for r in judged_on_period) + "。")
    sentences += _parts_sentences(st)
    if st.tasks:
        sentences.append(_task_sentence(st))
    stale = _stale_departments(st, when)
    if stale:
        sentences.append(f"{'、'.join(stale)}牵头的部分事项本期未报送新数据，以上沿用此前报送的数据。")
    unreported = _unreported(st)
    if unreported:
        sentences.append(f"本期未按期报送的单位：{unreported}。")
    red = [d for d in st.departments if d.level == "red"]
    if red:
        lagging = any(d.lagging_lead for d in red)
        missing = any(d.missing for d in red)
        what = "滞后或未报送" if lagging and missing else ("滞后" if lagging else "未报送")
        sentences.append(f"{'、'.join(d.name for d in red)}牵头事项{what}，请抓紧推进。")
    return "".join(sentences)


def _indicator_counts(st: YearStatus, when, year_end: bool) -> str:
    """计划确定的14项指标中，达到序时进度9项、占比64.3%，未达到序时进度5项。
    The share is of the indicators that could be judged (a target and a figure)."""
    total = len(st.indicators)
    # a rate judged on its period (〔〕 or 年均) alone has no yearly target: said apart
    with_target = [r for r in st.indicators if r.status != "no_target" and not _period_only(r)]
    if not with_target:
        return f"{period(when, st.year)}，计划确定的{total}项指标在{st.year}年都没有年度目标。"
    met = sum(r.status == "met" for r in with_target)
    short = sum(r.status in ("near", "behind", "severe") for r in with_target)
    no_data = len(with_target) - met - short
    judged = met + short
    head = f"{period(when, st.year)}，计划确定的{total}项指标中，"
    scope = []
    if len(with_target) < total:
        scope.append(f"{st.year}年有年度目标的{len(with_target)}项")
    if no_data:
        scope.append(f"已有数据的{judged}项")
    if scope:
        head += "、".join(scope) + "，"
    if not judged:
        return head + "均暂无数据。"
    reached, missed = ("完成年度目标", "未完成") if year_end else ("达到序时进度", "未达到序时进度")
    text = f"{reached}{met}项、占比{pct(Decimal(met) / Decimal(judged))}"
    if short:
        text += f"，{missed}{short}项"
    if no_data:
        text += f"；暂无数据{no_data}项"
    return head + text + "。"


def _period_only(r: IndicatorResult) -> bool:
    """A growth or reduction row judged on its period, without a yearly target."""
    return r.target is None and r.indicator.period is not None and r.indicator.rate_kind


def _stale_departments(st: YearStatus, when) -> list[str]:
    """Lead departments with a figure or report older than the period the paragraph
    speaks of: a reader must not take an old figure for this round's."""
    if when is None:
        return []
    old: dict[str, None] = {}
    for r in st.indicators:
        if r.as_of is not None and r.as_of < when:
            old.update(dict.fromkeys(r.indicator.lead))
    for t in st.tasks:
        if t.as_of is not None and t.as_of < when:
            old.update(dict.fromkeys(t.task.lead))
    order = [d.name for d in st.departments]
    return sorted(old, key=lambda name: order.index(name) if name in order else len(order))


def _unreported(st: YearStatus) -> str:
    """区科技局（任务5）、区人社局（任务17）: each department with a led item missing in
    this round (no report, no figure in a closed year, or older than the round date)."""
    names = {r.indicator.id: r.indicator.name for r in st.indicators}
    names.update({f"{r.indicator.id}/{p.part}": f"{p.part}{r.indicator.name}"
                  for r in st.indicators for p in r.parts})
    return "、".join(
        f"{d.name}（{'、'.join(names[i] if isinstance(i, str) else f'任务{i}' for i in d.missing)}）"
        for d in st.departments if d.missing)


def _indicator_phrase(r: IndicatorResult, year_end: bool, when=None) -> str:
    ind = r.indicator
    figure = f"{ind.name}{amount(r.actual, ind.unit)}"
    if when is not None and r.as_of is not None and r.as_of < when:
        figure += f"（{_short_period(r.as_of)}数据）"  # older than the paragraph's date
    if r.period is not None and r.period.progress is not None:
        yearly = f"，{rate_vs_target(r)}" if r.target is not None else ""
        return f"{figure}{yearly}，{period_sentence(r)}"  # 累计降低……完成……目标进度的……
    if ind.kind == "rank":
        assert r.target is not None
        return f"{ind.name}第{num(r.actual, 4)}位，目标为第{num(r.target, 4)}位以内"
    if is_percent(ind.unit):
        assert r.gap is not None
        if ind.direction == "lower":
            side = "高" if r.gap > 0 else "低"
        else:
            side = "低" if r.gap > 0 else "高"
        return f"{figure}，比目标{side}{difference(r.gap, ind.unit)}"
    if ind.direction == "lower":
        assert r.target is not None and r.gap is not None
        return (f"{figure}，目标控制在{amount(r.target, ind.unit)}以内，"
                f"高于目标{difference(r.gap, ind.unit)}")
    if year_end or r.ahead is None:
        return f"{figure}，年度目标完成率{pct(r.completion)}"
    return f"{figure}，完成年度目标的{pct(r.completion)}，{ahead_phrase(r.ahead)}"


def _parts_sentences(st: YearStatus) -> list[str]:
    """One sentence per indicator broken down into parts (分解): counts and who fell short."""
    if not any(r.parts for r in st.indicators):
        return []
    from kjcx.views.parts import brief_sentence

    return [brief_sentence(st.plan, r) for r in st.indicators if r.parts]


def _short_period(day: datetime.date) -> str:
    following = datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    if day == following - datetime.timedelta(days=1):
        return f"{day.month}月底"
    return f"{day.month}月{day.day}日"


def _task_sentence(st: YearStatus) -> str:
    total = len(st.tasks)
    s = st.summary.tasks
    parts = []
    if s["lagging"]:
        parts.append(f"滞后{s['lagging']}项{overdue_words(st.tasks)}")  # 督办: （其中逾期1项：任务4）
    if s["no_report"]:
        parts.append(f"未报送{s['no_report']}项")
    if not parts:
        done = f"，已完成{s['done']}项" if s["done"] else ""
        return f"{total}项重点任务均按序时推进{done}。"
    return f"{total}项重点任务中，{'、'.join(parts)}。"
