"""What the leadership report says, as plain data: the HTML page, the Word draft
and the markdown all render this one object, so the three cannot disagree.

Every figure is formatted here once, from the computed results.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Optional

from kjcx.brief import evaluation_date, paragraph
from kjcx.compute import Targets, YearStatus, is_year_end
from kjcx.diff import Diff
from kjcx.words import (
    LEVEL_LABEL,
    STATUS_LABEL,
    TASK_LABEL,
    ahead_short,
    amount,
    num,
    pct,
    row_gap_phrase,
    time_ahead_short,
)

# a mark beside each label, so that status reads on a grey printout too
STATUS_MARK = {"met": "●", "near": "◐", "behind": "▲", "severe": "■", "no_data": "○",
               "no_target": "－"}

CHART_LIMIT = 40  # beyond this many indicators with a target, chart only those behind


@dataclass
class IndicatorLine:
    id: str
    name: str
    unit: str
    target: str
    actual: str
    as_of: str
    completion: str
    schedule: str
    ahead: str
    gap: str
    status: str  # machine value
    label: str  # 达标 …
    mark: str


@dataclass
class SectionLine:
    title: str
    tasks: int
    done: int
    in_progress: int
    not_started: int
    behind: int
    no_report: int
    lagging: str


@dataclass
class DepartmentLine:
    name: str
    level: str
    label: str
    lead_items: int
    lagging_lead: list[str]
    missing: list[str]
    lagging_participating: list[str]
    worst: str

    def why(self) -> str:
        """牵头滞后 A、B；未报送 C。最差事项：…。 (what makes a department red)"""
        parts = []
        if self.lagging_lead:
            parts.append("牵头滞后 " + "、".join(self.lagging_lead))
        if self.missing:
            parts.append("未报送 " + "、".join(self.missing))
        return f"{'；'.join(parts)}。最差事项：{self.worst}。"


@dataclass
class TaskLine:
    id: int
    title: str
    lead: str
    status: str
    percent: str
    as_of: str
    note: str


@dataclass
class Chart:
    title: str
    svg: str


@dataclass
class ReportContent:
    title: str
    subtitle: str
    brief: str
    indicators: list[IndicatorLine]
    charts: list[Chart]
    chart_note: str
    completion_svg: str
    sections: list[SectionLine]
    departments: list[DepartmentLine]
    lagging_tasks: list[TaskLine]
    changes: Optional[Diff] = None
    changes_lines: list[str] = field(default_factory=list)
    sample_notice: str = ""


def build(st: YearStatus, *, since: Optional[datetime.date] = None, charts: bool = True,
          sample: bool = False) -> ReportContent:
    from kjcx.report import charts as svg

    plan = st.plan
    when = evaluation_date(st)
    period = (f"数据截至{when.year}年{when.month}月{when.day}日" if when is not None
              else f"{st.year}年")
    title = f"{plan.plan.name}{st.year}年推进情况通报"
    subtitle = period + (f"（{plan.plan.document}）" if plan.plan.document else "")

    lines = []
    for r in st.indicators:
        ind = r.indicator
        target = amount(r.target, "")
        if r.target_source == "revised":
            target += f"（修订 {r.revision}）"
        elif r.target_source == "interpolated":
            target += "（插值）"
        as_of = "-" if r.as_of is None else (
            "年末" if (r.as_of.month, r.as_of.day) == (12, 31) else r.as_of.isoformat())
        completion, schedule, ahead = pct(r.completion), pct(r.schedule), ahead_short(r.ahead)
        p = r.period
        if p is not None and p.progress is not None and r.target is None:
            # judged on its period: 目标进度 against 时间进度 (log method), named as such
            completion, schedule = f"目标进度{pct(p.progress)}", f"时间进度{pct(p.time)}"
            ahead = time_ahead_short(p.ahead)
        lines.append(IndicatorLine(
            ind.id, ind.name, ind.unit, target or "-", amount(r.actual, ""), as_of,
            completion, schedule, ahead, row_gap_phrase(r).replace(" ", ""),
            r.status, STATUS_LABEL[r.status], STATUS_MARK[r.status]))

    chart_list: list[Chart] = []
    note = ""
    if charts:
        with_target = [r for r in st.indicators if r.target is not None]
        chosen = with_target
        if len(with_target) > CHART_LIMIT:
            chosen = [r for r in with_target if r.lagging][:CHART_LIMIT]
            most = f"，最多 {CHART_LIMIT} 项" if len(chosen) == CHART_LIMIT else ""
            note = (f"指标较多（有目标的 {len(with_target)} 项），只绘出滞后的指标"
                    f"（{len(chosen)} 项{most}）。")
        targets = Targets(plan.revisions)
        at = when or datetime.date(st.year, 12, 31)
        for r in chosen:
            chart_list.append(Chart(r.indicator.name, svg.indicator_chart(
                _series(plan, r.indicator, st, targets, at, svg))))
    bars = svg.completion_bars([(r.indicator.name, r.completion, r.schedule, r.status)
                                for r in st.indicators if r.target is not None][:200]) \
        if charts else ""

    ind_names = {r.indicator.id: r.indicator.name for r in st.indicators}
    task_titles = {t.task.id: t.task.title for t in st.tasks}

    def item(x) -> str:
        return ind_names[x] if isinstance(x, str) else f"任务{x}（{task_titles[x]}）"

    departments = []
    for d in st.departments:
        worst = "-"
        if d.worst is not None:
            worst = f"{item(d.worst)}，序时完成率{pct(d.worst_rate)}"
        departments.append(DepartmentLine(
            d.name, d.level, LEVEL_LABEL[d.level], d.lead_items,
            [item(x) for x in d.lagging_lead], [item(x) for x in d.missing],
            [item(x) for x in d.lagging_participating], worst))

    sections = []
    from kjcx.render import section_title

    for i, s in enumerate(st.sections):
        sections.append(SectionLine(section_title(i, s.title), s.tasks, s.done, s.in_progress,
                                    s.not_started, s.behind, s.no_report,
                                    "、".join(str(x) for x in s.lagging) or "-"))

    tasks = [TaskLine(t.task.id, t.task.title, "、".join(t.task.lead), TASK_LABEL[t.status],
                      "-" if t.percent is None else f"{num(t.percent, 1)}%",
                      "-" if t.as_of is None else t.as_of.isoformat(), t.note or "")
             for t in st.tasks if t.lagging]

    content = ReportContent(title, subtitle, paragraph(st), lines, chart_list, note, bars,
                            sections, departments, tasks,
                            sample_notice="（示例数据：基期值、实际值和任务进展为演示编制，不是官方统计。）"
                            if sample else "")
    if since is not None:
        from kjcx.diff import compare

        end = st.as_of or max(datetime.date(st.year, 12, 31), since)
        content.changes = compare(plan, st.year, since, end)
        content.changes_lines = _change_lines(content.changes)
    return content


def _series(plan, ind, st: YearStatus, targets: Targets, at: datetime.date, svg):
    points = []
    for year in plan.years:
        t = targets.target(ind, year, at)
        if t.value is None:
            continue
        original = ind.targets.get(year) if t.source == "revised" else None
        points.append(svg.TargetPoint(year, t.value, t.source or "explicit", original))
    actuals = []
    for year in sorted(ind.actuals):
        if year > st.year:
            continue
        for entry in ind.actuals[year]:
            known = entry.as_of or datetime.date(year, 12, 31)
            if st.as_of is not None and known > st.as_of:  # as compute.used_entry
                continue
            end = is_year_end(year, entry)
            actuals.append(svg.Point(datetime.date(year, 12, 31) if end else known,
                                     entry.value, end))
    revisions = [(rev.date, rev.id) for rev in plan.revisions
                 if ind.id in rev.targets and rev.date <= at]
    baseline = (ind.baseline.year, ind.baseline.value) if ind.baseline is not None else None
    return svg.IndicatorSeries(ind.name, ind.unit, ind.direction, plan.plan.start, plan.plan.end,
                               baseline, points, actuals, revisions, kind=ind.kind)


def _change_lines(d: Diff) -> list[str]:
    out = []
    for f in d.figures:
        old = "无" if f["from"] is None else f"{f['from']['value']}{f['unit']}"
        new = f"{f['to']['value']}{f['unit']}" if f["to"] else "无"
        out.append(f"{f['name']}：{old} → {new}")
    for s in d.statuses:
        out.append(f"{s['name']}：{STATUS_LABEL[s['from']]} → {STATUS_LABEL[s['to']]}")
    for x in d.started_lagging:
        out.append(f"任务{x['id']}（{x['title']}）转为滞后")
    for x in d.stopped_lagging:
        out.append(f"任务{x['id']}（{x['title']}）不再滞后")
    for x in d.departments:
        out.append(f"{x['name']}：{LEVEL_LABEL.get(x['from'], '-')} → {LEVEL_LABEL[x['to']]}")
    return out
