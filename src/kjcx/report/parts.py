"""The report's 分解 section: for each indicator broken down into parts, the
bulletin table of its parts (as `kjcx parts`), the counting line, and a bar
chart of each part's completion against its own target, sorted, the parts
short of target marked (status pattern and word)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kjcx import columns
from kjcx.method.compute import YearStatus
from kjcx.words import pct


@dataclass
class PartsSection:
    title: str  # 技术合同登记成交额（亿元）：各市（州）完成情况
    headers: list[str]
    rows: list[list[str]]
    statuses: list[str]  # machine status of each row (for the row's class)
    line: str  # 21 个市（州）中，达标 10 个，……
    svg: str = ""
    right: list[int] = field(default_factory=list)  # columns of numbers


def sections(st: YearStatus, charts: bool = True) -> list[PartsSection]:
    from kjcx.method import parts as breakdown

    out = []
    for row in st.indicators:
        if not row.parts:
            continue
        b = breakdown.Bulletin(st.plan, st.year, st.as_of, row)
        out.append(_section(b, charts))
    return out


def _section(b, charts: bool) -> PartsSection:
    from kjcx.method import parts as breakdown

    ind = b.row.indicator
    period = any(breakdown.period_of(r) is not None for r in b.row.parts)
    cols = columns.parts_columns(breakdown.label(ind), periods=period)
    from kjcx.views import cells

    medium = cells.Medium(document=True, year=b.row.year, periods=period)
    rows, statuses = [], []
    for rank, r in b.ranks():
        p = breakdown.period_of(r)
        a, s = ((breakdown.field_of(p, "progress"), breakdown.field_of(p, "time")) if period
                else (r.completion, r.schedule))
        # the cells of the indicator table's binders (views/cells): a part's figure, date,
        # gap (a rate's gap in its kind's words) and status read as the table's do
        bound = cells.indicator_cells(r, ("target", "actual", "as_of", "gap", "status"), medium)
        rows.append(["-" if rank is None else str(rank), r.part or "", bound["target"].text,
                     bound["actual"].text, bound["as_of"].text, pct(a), pct(s), bound["gap"].text,
                     bound["status"].text])
        statuses.append(r.status)
    unit = f"（{ind.unit}）" if ind.unit else ""
    title = f"{ind.name}{unit}：各{breakdown.label(ind)}完成情况"
    svg = parts_chart(b) if charts else ""
    from kjcx.views.parts import counting_line

    return PartsSection(title, columns.headers(cols), rows, statuses, counting_line(b.plan, b.row), svg,
                        [i for i, c in enumerate(cols) if c.align == "r"])


def parts_chart(b) -> str:
    """Each part's completion (完成率) against its own target (the 100% line), in the
    bulletin's order; the parts short of target carry their status pattern and word."""
    from kjcx.method import parts as breakdown
    from kjcx.report.charts import completion_bars

    def shares(r):
        p = breakdown.period_of(r)
        if p is not None:  # a period kind: 目标进度 against 时间进度
            return breakdown.field_of(p, "progress"), breakdown.field_of(p, "time")
        return r.completion, r.schedule

    return completion_bars([(r.part or "", *shares(r), r.status) for r in b.order])
