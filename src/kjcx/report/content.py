"""What the leadership report says, as plain data: the HTML page, the Word draft
and the markdown all render this one object, so the three cannot disagree.

Every figure is formatted here once, from the computed results.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Optional

from kjcx import columns, statuses
from kjcx.method.compute import YearStatus
from kjcx.method.dates import is_year_end
from kjcx.method.deadlines import lagging_note
from kjcx.method.diff import Diff
from kjcx.method.targets import Targets
from kjcx.report.brief import evaluation_date, paragraph
from kjcx.words import (
    LEVEL_LABEL,
    STATUS_LABEL,
    TASK_LABEL,
    date_label,
    num,
)

CHART_LIMIT = 40  # beyond this many indicators with a target, chart only those behind


@dataclass
class IndicatorLine:
    """A row of the report's indicator table: the row's cell of each column, by key, from
    the one binder of that column (views/cells), the same cells the terminal prints."""

    id: str
    name: str
    unit: str
    status: str  # machine value
    label: str  # 达标 …
    mark: str
    cells: dict = field(default_factory=dict)  # column key -> views.layout.Cell


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
    year_end: bool = False  # a closed year: 未完成年度目标, not 滞后, in the sentence
    late: list[str] = field(default_factory=list)  # of missing: reported, but before this round

    def why(self) -> str:
        """牵头的A、B滞后；C未报送。 (what makes a department red: the items it leads,
        named, not a score; in a closed year 牵头的A、B未完成年度目标)"""
        parts = []
        if self.lagging_lead:
            parts.append("牵头的" + "、".join(self.lagging_lead) + ("未完成年度目标" if self.year_end else "滞后"))
        absent = [x for x in self.missing if x not in self.late]
        if absent:
            parts.append(("牵头的" if not parts else "") + "、".join(absent) + "未报送")
        if self.late:  # 未按期报送 is the word status, explain and remind use for a stale item
            parts.append(("牵头的" if not parts else "") + "、".join(self.late) + "未按期报送")
        return "；".join(parts) + "。" if parts else ""


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
    year_end: bool  # a year-end report: 年度目标完成情况 in place of 超/低于序时
    outlook: list[str]  # 期末展望: one paragraph per fact
    charts: list[Chart]
    chart_note: str
    completion_svg: str
    sections: list[SectionLine]
    departments: list[DepartmentLine]
    lagging_tasks: list[TaskLine]
    changes: Optional[Diff] = None
    changes_lines: list[str] = field(default_factory=list)
    sample_notice: str = ""
    parts: list = field(default_factory=list)  # report.parts.PartsSection per broken-down indicator
    scores: list = field(default_factory=list)  # report.scoring.ScoreSection per 考核 scheme of the year
    document: str = ""  # the plan's 文号: only in the title's reference to the plan
    number: str = ""  # the 通报's own 文号, above the title (--number, plan.report.number)
    issuer: str = ""  # the 落款 under the text (--issuer, plan.report.issuer)
    year: int = 0  # the year the report speaks of (dates of that year drop it)


def build(st: YearStatus, *, since: Optional[datetime.date] = None, charts: bool = True,
          sample: bool = False, number: Optional[str] = None,
          issuer: Optional[str] = None) -> ReportContent:
    """The report of `st`; `number` and `issuer` (the 通报's own 文号 and 落款) default to
    the plan's `report:` keys."""
    plan = st.plan
    when = evaluation_date(st)
    year_end = when is None or (when.month, when.day) == (12, 31)
    period = (f"数据截至{when.year}年{when.month}月{when.day}日" if when is not None
              else f"{st.year}年")
    lines = [indicator_line(r, st.year) for r in st.indicators]
    chart_list, note, bars = _charts(st, when) if charts else ([], "", "")

    ind_names = {r.indicator.id: r.indicator.name for r in st.indicators}
    ind_names.update({p.indicator.id: f"{p.indicator.name}（{p.part}）"
                      for r in st.indicators for p in r.parts})
    task_titles = {t.task.id: t.task.title for t in st.tasks}

    def item(x) -> str:
        return ind_names[x] if isinstance(x, str) else f"任务{x}（{task_titles[x]}）"

    stale: set[int | str] = {t.task.id for t in st.tasks if t.stale}
    stale.update(p.indicator.id for r in st.indicators for p in r.parts if p.stale)
    stale.update(r.indicator.id for r in st.indicators if r.stale)
    departments = [DepartmentLine(d.name, d.level, LEVEL_LABEL[d.level], d.lead_items,
                                  [item(x) for x in d.lagging_lead], [item(x) for x in d.missing],
                                  [item(x) for x in d.lagging_participating], year_end,
                                  [item(x) for x in d.missing if x in stale])
                   for d in st.departments]

    sections = []
    from kjcx.views.tables import lagging_tasks_cell, section_title, unreported

    missing = unreported(st)  # 未报送 as every table counts it (stale reports included)
    for i, s in enumerate(st.sections):
        sections.append(SectionLine(section_title(i, s.title), s.tasks, s.done, s.in_progress,
                                    s.not_started, s.behind, missing.get(s.id, 0),
                                    lagging_tasks_cell(s.lagging).text))

    tasks = [TaskLine(t.task.id, t.task.title, "、".join(t.task.lead), TASK_LABEL[t.status],
                      "-" if t.percent is None else f"{num(t.percent, 1)}%",
                      "-" if t.as_of is None else _as_of(t.as_of, st.year), lagging_note(t))
             for t in st.tasks if t.lagging]

    from kjcx.report.outlook import paragraphs

    content = ReportContent(
        title(plan.plan.name, st.year, when, plan.plan.document or ""), period, paragraph(st), lines, year_end,
        paragraphs(st),
        chart_list, note, bars, sections, departments, tasks,
        sample_notice="（示例数据：基期值、实际值和任务进展为演示编制，不是官方统计。）"
        if sample else "", document=plan.plan.document or "", year=st.year,
        number=_default(number, plan.plan.report, "number"), issuer=_default(issuer, plan.plan.report, "issuer"))
    if any(r.parts for r in st.indicators):
        from kjcx.report.parts import sections as parts_sections

        content.parts = parts_sections(st, charts)
    if since is not None:
        from kjcx.method.diff import compare

        end = st.as_of or max(datetime.date(st.year, 12, 31), since)
        content.changes = compare(plan, st.year, since, end)
        content.changes_lines = _change_lines(content.changes)
    return content


# 一季度 / 上半年 / 前三季度 / 全年: the periods a 通报 title names
_QUARTERS = {(3, 31): "一季度", (6, 30): "上半年", (9, 30): "前三季度", (12, 31): ""}
_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", "[": "〔", "]": "〕"})


def _default(given: Optional[str], defaults, key: str) -> str:
    if given is not None:
        return given.strip()
    return (getattr(defaults, key, None) or "").strip()


def title(name: str, year: int, when: Optional[datetime.date], document: str = "") -> str:
    """关于2022年上半年《……行动计划（2020-2022年）》（河东政办函〔2021〕18号）推进情况的通报:
    the plan's name in 《》 with full-width brackets and its 文号 as the reference, the
    period as a 通报 names it."""
    name = name.strip().translate(_FULL_WIDTH)
    if not name.startswith("《"):
        name = f"《{name}》"
    span = ""
    if when is not None and when.year == year:
        following = when + datetime.timedelta(days=1)
        if (when.month, when.day) in _QUARTERS:
            span = _QUARTERS[(when.month, when.day)]
        elif following.day == 1:  # another month end: 1-8月
            span = f"1-{when.month}月"
    reference = f"（{document.strip().translate(_FULL_WIDTH)}）" if document.strip() else ""
    return f"关于{year}年{span}{name}{reference}推进情况的通报"


def _as_of(day: datetime.date, year: int) -> str:
    """截至 in a table: 年末 for a year-end figure, else 6月30日."""
    return date_label(day, "words", year)


# every column the report's tables may show (the Word table's 超/低于序时 is in points)
REPORT_KEYS = tuple(dict.fromkeys(
    c.key for end in (False, True) for points in (False, True)
    for c in columns.report_indicator_columns(year_end=end, points=points)))


def indicator_line(r, year: int) -> IndicatorLine:
    """The row's cells for the report: the binders of views/cells, in the document's
    medium (dates as 6月30日, a status with its mark; no 目标进度/时间进度 columns)."""
    from kjcx.views import cells

    record = statuses.INDICATOR[r.status]
    medium = cells.Medium(document=True, year=year, periods=False)
    return IndicatorLine(r.indicator.id, r.indicator.name, r.indicator.unit, r.status, record.label,
                         record.mark, cells.indicator_cells(r, REPORT_KEYS, medium))


def _charts(st: YearStatus, when: Optional[datetime.date]) -> tuple[list[Chart], str, str]:
    from kjcx.report import charts as svg
    from kjcx.report.flowchart import too_few

    plan = st.plan
    with_target = [r for r in st.indicators if r.target is not None]
    chosen = with_target
    note = ""
    if len(with_target) > CHART_LIMIT:
        chosen = [r for r in with_target if r.lagging][:CHART_LIMIT]
        most = f"，最多 {CHART_LIMIT} 项" if len(chosen) == CHART_LIMIT else ""
        note = (f"指标较多（有目标的 {len(with_target)} 项），只绘出滞后的指标"
                f"（{len(chosen)} 项{most}）。")
    targets = Targets(plan.revisions)
    at = when or datetime.date(st.year, 12, 31)
    out = []
    for r in chosen:
        series = _series(plan, r.indicator, st, targets, at, svg)
        if too_few(series):
            continue  # a lone point is no trend: the table carries it
        out.append(Chart(r.indicator.name, svg.indicator_chart(series)))
    if len(out) < len(chosen):
        note += (f"只有一个数据点的指标（{len(chosen) - len(out)} 项）不绘走势图，"
                 "数值见指标完成情况表。")
    bars = svg.completion_bars([(r.indicator.name, r.completion, r.schedule, r.status)
                                for r in with_target][:200])
    return out, note, bars


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
    """Each indicator, task and department once, and only what changed, read from the
    change records: “瞪羚”企业数量：7家（3月31日）→ 6家（6月30日），状态由滞后变为严重滞后。"""
    from kjcx.views.diff import LAGGING_WORDS, OUTLOOK_LABEL, figure_words

    out = []
    changes = d.indicator_changes()
    for c in changes:
        parts = []
        if c.figure is not None:
            old, new = c.figure.old, c.figure.new
            if old is not None and new is not None and old.value == new.value:  # the same figure again
                parts = [f"仍为{figure_words(new, c.unit, d.year)}"]
            elif old is not None or new is not None:
                parts = [f"{figure_words(old, c.unit, d.year)} → {figure_words(new, c.unit, d.year)}"]
        for what, change, labels in (("状态", c.status, STATUS_LABEL), ("期末展望", c.outlook, OUTLOOK_LABEL)):
            if change is not None:
                parts.append(f"{what}由{labels[change.old]}变为{labels[change.new]}")
        out.append(f"{c.name}：{'，'.join(parts)}。")
    listed = {c.item for c in changes}
    same = [f for f in d.same_figures() if f.item not in listed]
    if same:
        out.append(f"另有{len(same)}项指标重新报送，数值未变。")
    for x in d.started_lagging:
        why = LAGGING_WORDS.get(x.reason or "", "")
        out.append(f"任务{x.item}（{x.name}）转为滞后" + (f"（{why}）" if why else "") + "。")
    for x in d.stopped_lagging:
        out.append(f"任务{x.item}（{x.name}）不再滞后。")
    for x in d.departments:
        before = f"由{LEVEL_LABEL[x.old]}变为" if x.old in LEVEL_LABEL else "为"
        out.append(f"{x.name}：结论{before}{LEVEL_LABEL[x.new]}。")
    return out
