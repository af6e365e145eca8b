"""The report as markdown (for a wiki or an e-mail)."""

from __future__ import annotations

from collections.abc import Sequence

from kjcx import columns
from kjcx.cleantext import markdown as md
from kjcx.columns import Column, headers
from kjcx.markdown import pipe_table
from kjcx.report.content import ReportContent
from kjcx.words import day_words


def _table(cols: Sequence[Column], rows: list[list]) -> list[str]:
    return pipe_table(headers(cols), rows, "".join(c.align for c in cols))


def render(c: ReportContent) -> str:
    out = ([md(c.number), ""] if c.number else []) + [f"# {md(c.title)}", "", md(c.subtitle), ""]
    if c.sample_notice:
        out += [f"> {md(c.sample_notice)}", ""]
    out += ["## 总体情况", "", md(c.brief), "", "## 指标完成情况", ""]
    cols = columns.report_indicator_columns(year_end=c.year_end)
    out += pipe_table(headers(cols), [[r.cells[col.key].text for col in cols] for r in c.indicators],
                      "".join(col.document_align() for col in cols))
    out += ["", "## 期末展望", ""]
    for line in c.outlook:
        out += [md(line), ""]
    out.pop()
    if c.parts:
        out += ["", "## 分解情况"]
        for p in c.parts:
            out += ["", f"### {md(p.title)}", ""]
            out += pipe_table(p.headers, p.rows, "".join("r" if i in p.right else "l"
                                                         for i in range(len(p.headers))))
            out += ["", md(p.line)]
    for i, p in enumerate(c.scores):  # 考核结果 (report/scoring)
        out += (["", "## 考核结果"] if i == 0 else []) + ["", f"### {md(p.title)}", "", md(p.note), ""]
        out += pipe_table(p.headers, p.rows, "".join("r" if j in p.right else "l" for j in range(len(p.headers))))
        out += ["", md(p.line)]
    if c.sections:
        out += ["", "## 重点任务推进情况", ""]
        out += _table(columns.SECTION, [[s.title, s.tasks, s.done, s.in_progress, s.not_started,
                                         s.behind, s.no_report, s.lagging] for s in c.sections])
    out += ["", "## 责任单位情况（按滞后程度排序）", ""]
    out += _table(columns.pick(columns.DEPARTMENT, columns.REPORT_DEPARTMENT_KEYS),
                  [[d.name, d.label, d.lead_items, len(d.lagging_lead), len(d.missing),
                    len(d.lagging_participating)] for d in c.departments])
    for d in c.departments:
        if d.level == "red":
            out += ["", f"- **{md(d.name)}**（滞后）：{md(d.why())}"]
    if c.lagging_tasks:
        out += ["", "## 滞后任务", ""]
        out += _table(columns.pick(columns.TASK, columns.LAGGING_TASK_KEYS),
                      [[t.id, t.title, t.lead, t.status, t.percent, t.as_of, t.note or "-"]
                       for t in c.lagging_tasks])
    if c.changes is not None:
        since = day_words(c.changes.start, c.year)
        out += ["", f"## {since}以来的变化", ""]
        out += [f"- {md(line)}" for line in c.changes_lines] or [f"{since}以来没有变化。"]
    if c.issuer:  # the 落款
        out += ["", md(c.issuer)]
    return "\n".join(out) + "\n"
