"""`kjcx brief`: the 通报 paragraph, in the idiom of a 督查通报.

Period first (截至2022年6月底 / 2021年全年), then counts, then each indicator
short of its target with its figures, then tasks, then the 牵头单位 of what is
short. One sentence per fact, no adjectives; percentages to one decimal, amounts
at the data's own precision, differences of a % indicator in 个百分点 (no space).
A closed year is judged, not paced: 完成/未完成年度目标 (约束性目标), no 序时 and no
滞后, and the closing sentence asks for 整改. An interpolated target is the plan's
path (按规划路径应达), never a 年度目标. Every number comes from the computed results.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Optional

from kjcx.method.compute import IndicatorResult, YearStatus
from kjcx.method.deadlines import overdue_words
from kjcx.plan.model import TaskStatus
from kjcx.statuses import JUDGED, MISSED
from kjcx.words import (
    ahead_phrase,
    fixed,
    is_percent,
    num,
    pct,
    period,
    period_sentence,
    places_of,
    written,
)

SHORT = MISSED  # the statuses of a row short of its target (statuses.py)
NAMED = ("explicit", "revised")  # target sources that are the year's own 年度目标


def evaluation_date(st: YearStatus) -> Optional[datetime.date]:
    """The date the paragraph speaks of: --as-of, else the latest figure or report used."""
    if st.as_of is not None:
        return min(st.as_of, datetime.date(st.year, 12, 31))
    dates = [r.as_of for r in st.indicators if r.as_of is not None]
    dates += [r.as_of for r in st.tasks if r.as_of is not None]
    return max(dates) if dates else None


def before_plan(plan, as_of: Optional[datetime.date]) -> Optional[str]:
    """Why a paragraph cannot be written for a date before the plan starts (nothing
    could have been reported then), else None."""
    start, end = plan.plan.start, plan.plan.end
    if as_of is None or as_of >= datetime.date(start, 1, 1):
        return None
    return (f"{as_of.isoformat()} 早于计划期（{start}-{end}年）：那时计划尚未开始，没有可通报的数据；"
            f"请给 {start}-01-01 或之后的日期")


def to_json(st: YearStatus) -> dict:
    """The kjcx.brief/1 document: the paragraph and the date it speaks of."""
    from kjcx.views import json_docs

    return {"schema": "kjcx.brief/1", "plan": json_docs.plan_json(st.plan), "year": st.year,
            "as_of": json_docs.date(st.as_of), "period_end": json_docs.date(evaluation_date(st)),
            "text": paragraph(st)}


def _nothing_reported(st: YearStatus) -> bool:
    rows = [p for r in st.indicators for p in (r, *r.parts)]
    return all(r.figure is None for r in rows) and all(t.report is None for t in st.tasks)


def paragraph(st: YearStatus) -> str:
    when = evaluation_date(st)
    year_end = closed_year(st, when)  # counts, tasks and the closing sentence
    at_end = when is None or (when.month, when.day) == (12, 31)  # each row by its own point
    if _nothing_reported(st):  # no one is behind on a round that has not begun
        return f"{period(st.as_of if st.as_of is not None else when, st.year)}，{st.year}年尚无报送数据。"
    sentences = [_indicator_counts(st, when, year_end)]
    short = [r for r in st.indicators if r.status in SHORT and not _period_only(r)]
    if short:
        sentences.append("其中，" + "；".join(indicator_phrase(r, at_end, when) for r in short) + "。")
    judged_on_period = [r for r in st.indicators if _period_only(r) and r.period is not None
                        and r.period.progress is not None]
    if judged_on_period:
        sentences.append("按期内目标：" + "；".join(indicator_phrase(r, at_end, when)
                                                   for r in judged_on_period) + "。")
    sentences += _parts_sentences(st, year_end)
    if st.tasks:
        sentences.append(_task_sentence(st, year_end))
    stale = _stale_departments(st, when)
    if stale:
        sentences.append(f"{'、'.join(stale)}牵头的部分事项本期未报送新数据，以上沿用此前报送的数据。")
    unreported = _unreported(st)
    if unreported:
        sentences.append(f"本期未按期报送的单位：{unreported}。")
    sentences += _closing(st, year_end)
    return "".join(sentences)


def _at_year_end(r) -> bool:
    return r.as_of is not None and (r.as_of.month, r.as_of.day) == (12, 31)


def closed_year(st: YearStatus, when) -> bool:
    """The paragraph judges a closed year: it speaks of the year end and every row judged
    is evaluated there (a year-end --as-of over June's figures still paces them)."""
    if when is not None and (when.month, when.day) != (12, 31):
        return False
    judged = [r for r in st.indicators if r.status in JUDGED and r.as_of is not None]
    return all(_at_year_end(r) for r in judged)


def _closing(st: YearStatus, year_end: bool) -> list[str]:
    """Who leads what is short: 请抓紧推进 within the year; a closed year asks for 整改."""
    red = [d for d in st.departments if d.level == "red"]
    if not red:
        return []
    if not year_end:
        lagging = any(d.lagging_lead for d in red)
        missing = any(d.missing for d in red)
        what = "滞后或未报送" if lagging and missing else ("滞后" if lagging else "未报送")
        return [f"{'、'.join(d.name for d in red)}牵头事项{what}，请抓紧推进。"]
    out = []
    short = [d.name for d in red if d.lagging_lead]
    silent = [d.name for d in red if not d.lagging_lead]
    if short:
        out.append(f"{'、'.join(short)}牵头事项未完成年度目标，请认真分析原因，抓紧整改。")
    if silent:
        out.append(f"{'、'.join(silent)}牵头事项未报送年度数据，请尽快补报。")
    return out


def _split(st: YearStatus) -> list[IndicatorResult]:
    """Indicators with no target of their own whose parts have one: 分解到N个地区考核."""
    return [r for r in st.indicators if r.status == "no_target"
            and any(p.status != "no_target" for p in r.parts)]


def _split_phrase(rows: list[IndicatorResult]) -> str:
    """分解到21个市（州）考核: the parts with a target, named as the plan names them."""
    from kjcx.method.parts import label

    labels = {label(r.indicator) for r in rows}
    n = sum(1 for r in rows for p in r.parts if p.status != "no_target")
    return f"分解到{n}个{labels.pop() if len(labels) == 1 else '地区'}考核"


def _indicator_counts(st: YearStatus, when, year_end: bool) -> str:
    """计划确定的14项指标中，达到序时进度9项、占比64.3%，未达到序时进度5项.
    The share is of the indicators that could be judged (a target and a figure);
    "有年度目标的N项" counts the plan's own (and revised) targets, not its path."""
    total = len(st.indicators)
    # a rate judged on its period (〔〕 or 年均) alone has no yearly target: said apart
    with_target = [r for r in st.indicators if r.status != "no_target" and not _period_only(r)]
    split = _split(st)
    head = f"{period(when, st.year)}，计划确定的{total}项指标"
    if not with_target:
        if split:
            return f"{head}中，{len(split)}项{_split_phrase(split)}。" if len(split) < total \
                else f"{head}{_split_phrase(split)}。"
        return f"{head}在{st.year}年都没有年度目标。"
    named = [r for r in with_target if r.target_source in NAMED]
    path = [r for r in with_target if r.target_source not in NAMED]
    met = sum(r.status == "met" for r in with_target)
    short = sum(r.status in SHORT for r in with_target)
    no_data = len(with_target) - met - short
    judged = met + short
    scope = []
    if len(with_target) < total or path:
        scope.append(f"{st.year}年有年度目标的{len(named)}项" if named else "")
        scope.append(f"按规划路径测算的{len(path)}项" if path else "")
    if split:
        scope.append(f"{_split_phrase(split)}的{len(split)}项")
    if no_data:
        scope.append(f"已有数据的{judged}项")
    scope = [s for s in scope if s]
    head += "中，" + ("、".join(scope) + "，" if scope else "")
    if not judged:
        return head + "均暂无数据。"
    # a row whose period lag made it short (its year's target met, as its own sentence
    # says) is counted as 未完成目标, not 未完成年度目标
    by_period = any(getattr(r, "decided_by", None) == "period" for r in with_target)
    goal = "目标" if path or by_period else "年度目标"
    reached, missed = (f"完成{goal}", f"未完成{goal}") if year_end else ("达到序时进度", "未达到序时进度")
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
    for t in st.tasks:  # a task done stays done: its last report is never an old figure
        if t.as_of is not None and t.as_of < when and t.status != TaskStatus.done:
            old.update(dict.fromkeys(t.task.lead))
    order = [d.name for d in st.departments]
    return sorted(old, key=lambda name: order.index(name) if name in order else len(order))


def _unreported(st: YearStatus) -> str:
    """区科技局（任务5）、四川省人民政府（单位地区生产总值能耗降低（四川））: each department
    with a led item missing in this round; a part is named 指标（分解项）."""
    names = {r.indicator.id: r.indicator.name for r in st.indicators}
    names.update({f"{r.indicator.id}/{p.part}": f"{r.indicator.name}（{p.part}）"
                  for r in st.indicators for p in r.parts})
    return "、".join(
        f"{d.name}（{'、'.join(names[i] if isinstance(i, str) else f'任务{i}' for i in d.missing)}）"
        for d in st.departments if d.missing)


def _points(diff: Decimal, r: IndicatorResult) -> str:
    """A difference at the row's precision: 0.19个百分点, 1.5个工作日."""
    unit = "个百分点" if is_percent(r.indicator.unit) else r.indicator.unit
    return f"{fixed(abs(diff), places_of(r.indicator))}{unit}"


def period_words(r: IndicatorResult) -> str:
    """The period sentence (累计降低13.4%，完成期内目标进度的82.5%，……); a cap (growth with
    direction lower, 年均增长不超过) in caps' words: the share of the allowance used, and
    whether it is used faster than time (快于时间进度 is the bad side of a cap)."""
    p = r.period
    if p is None or p.progress is None:
        return ""
    if not (r.indicator.kind == "growth" and r.indicator.direction == "lower"):
        return period_sentence(r)
    from kjcx.words import points

    rounded = points(p.ahead)
    pace = "与时间进度持平" if rounded == "0.0" or p.ahead is None else \
        f"{'快于' if p.ahead > 0 else '慢于'}时间进度{rounded}个百分点"
    return f"累计增长{points(p.cumulative)}%，用去期内增长上限的{pct(p.progress)}，{pace}"


def _verdict(r: IndicatorResult, status: str) -> str:
    """完成/未完成年度目标 (约束性目标; an interpolated target: 规划路径目标)."""
    goal = "约束性目标" if r.indicator.binding else (
        "规划路径目标" if r.target_source not in NAMED else "年度目标")
    return f"{'完成' if status == 'met' else '未完成'}{goal}"


def _yearly_words(r: IndicatorResult, year_end: bool) -> str:
    """A rate against its year's target: 完成年度目标 / 比年度目标低0.2个百分点，未完成年度目标;
    a cap (growth, direction lower): 低于上限0.4个百分点 / 超过上限0.4个百分点."""
    assert r.actual is not None and r.target is not None
    status = r.yearly_status or r.status
    diff = r.actual - r.target
    cap = r.indicator.rate_kind and r.indicator.direction == "lower"
    if cap:
        words = "与上限持平" if diff == 0 else f"{'超过' if diff > 0 else '低于'}上限{_points(diff, r)}"
    elif status == "met" and year_end:
        return _verdict(r, status)
    else:
        words = "与年度目标持平" if diff == 0 else f"比年度目标{'高' if diff > 0 else '低'}{_points(diff, r)}"
    return f"{words}，{_verdict(r, status)}" if year_end else words


def indicator_phrase(r: IndicatorResult, year_end: bool, when=None) -> str:
    """One indicator in the paragraph, in its kind's words."""
    ind = r.indicator
    year_end = year_end and (r.as_of is None or _at_year_end(r))  # a row's own evaluation point
    figure = f"{ind.name}{written(r.actual)}{ind.unit}" if r.actual is not None else ind.name
    if when is not None and r.as_of is not None and r.as_of < when:
        figure += f"（{_short_period(r.as_of)}数据）"  # older than the paragraph's date
    tail = f"，{_verdict(r, r.status)}" if year_end and r.status != "no_data" else ""
    if r.period is not None and r.period.progress is not None:
        if r.target is None:
            return f"{figure}，{period_words(r)}"
        verb = "增长" if ind.kind == "growth" else "降低"
        span = "年度" if r.as_of is None or _at_year_end(r) else f"截至{_short_period(r.as_of)}同比"
        # both targets named: 年度降低3.7%，完成年度目标；累计降低9.0%，完成期内目标进度的60.0%……
        return (f"{ind.name}{span}{verb}{written(r.actual)}%，{_yearly_words(r, year_end)}；"
                f"{period_words(r)}")
    if ind.rate_kind:
        return f"{figure}，{_yearly_words(r, year_end)}"
    if ind.kind == "rank":
        assert r.target is not None
        return f"{ind.name}第{num(r.actual, 4)}位，目标为第{num(r.target, 4)}位以内{tail}"
    path = r.target_source not in NAMED
    target = f"{fixed(r.target, places_of(ind))}{ind.unit}"
    if is_percent(ind.unit):
        assert r.gap is not None and r.actual is not None and r.target is not None
        diff = r.actual - r.target
        side = f"比{'路径目标' if path else '年度目标'}{'高' if diff > 0 else '低'}{_points(diff, r)}"
        return f"{figure}，{'按规划路径应达' + target + '，' if path else ''}{side}{tail}"
    if ind.direction == "lower":
        assert r.gap is not None
        return (f"{figure}，{'按规划路径应控制在' if path else '目标控制在'}{target}以内，"
                f"高于目标{_points(r.gap, r)}{tail}")
    if path:
        return f"{figure}，按规划路径应达{target}，完成路径目标的{pct(r.completion)}{tail}"
    if year_end or r.ahead is None:
        return f"{figure}，年度目标完成率{pct(r.completion)}{tail}"
    return f"{figure}，完成年度目标的{pct(r.completion)}，{ahead_phrase(r.ahead)}"


def _parts_sentences(st: YearStatus, year_end: bool) -> list[str]:
    """One sentence per indicator broken down into parts (分解): counts and who fell short."""
    if not any(r.parts for r in st.indicators):
        return []
    from kjcx.views.parts import brief_sentence

    return [brief_sentence(st.plan, r, year_end) for r in st.indicators if r.parts]


def _short_period(day: datetime.date) -> str:
    following = datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    if day == following - datetime.timedelta(days=1):
        return f"{day.month}月底"
    return f"{day.month}月{day.day}日"


def _task_sentence(st: YearStatus, year_end: bool) -> str:
    total = len(st.tasks)
    s = st.summary.tasks
    parts = []
    if s["lagging"]:
        parts.append((f"未达到年度进度{s['lagging']}项" if year_end else f"滞后{s['lagging']}项")
                     + overdue_words(st.tasks))  # 督办: （其中逾期1项：任务4）
    if s["no_report"]:
        parts.append(f"未报送{s['no_report']}项")
    if not parts:
        done = f"，已完成{s['done']}项" if s["done"] else ""
        return f"{total}项重点任务均{'达到年度进度' if year_end else '按序时推进'}{done}。"
    return f"{total}项重点任务中，{'、'.join(parts)}。"

