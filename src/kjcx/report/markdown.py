"""The report as markdown (for a wiki or an e-mail)."""

from __future__ import annotations

from collections.abc import Collection

from kjcx.cleantext import markdown as md
from kjcx.report.content import ReportContent
from kjcx.words import day_words


def _table(headers: list[str], rows: list[list], right: Collection[int] = frozenset()) -> list[str]:
    def cell(value) -> str:
        return md(str(value).replace("\n", " "))

    rule = ["---:" if i in right else "---" for i in range(len(headers))]
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return out


def render(c: ReportContent) -> str:
    out = ([md(c.document), ""] if c.document else []) + [f"# {md(c.title)}", "", md(c.subtitle), ""]
    if c.sample_notice:
        out += [f"> {md(c.sample_notice)}", ""]
    out += ["## 总体情况", "", md(c.brief), "", "## 指标完成情况", ""]
    out += _table(["指标", "单位", "年度目标", "实际", "截至", "完成率", "序时进度", c.ahead_header, "差距", "状态"],
                  [[r.name, r.unit, r.target, r.actual, r.as_of, r.completion, r.schedule, r.ahead,
                    r.gap, f"{r.mark} {r.label}"] for r in c.indicators], {2, 3, 5, 6})
    out += ["", "## 期末展望", ""]
    for line in c.outlook:
        out += [md(line), ""]
    out.pop()
    if c.parts:
        out += ["", "## 分解情况"]
        for p in c.parts:
            out += ["", f"### {md(p.title)}", ""]
            out += _table(p.headers, p.rows, set(p.right))
            out += ["", md(p.line)]
    if c.sections:
        out += ["", "## 重点任务推进情况", ""]
        out += _table(["章节", "任务数", "已完成", "推进中", "未启动", "自报滞后", "未报送", "滞后任务"],
                      [[s.title, s.tasks, s.done, s.in_progress, s.not_started, s.behind,
                        s.no_report, s.lagging] for s in c.sections], {1, 2, 3, 4, 5, 6})
    out += ["", "## 责任单位情况（按滞后程度排序）", ""]
    out += _table(["单位", "结论", "牵头事项", "牵头滞后", "未报送", "参与滞后"],
                  [[d.name, d.label, d.lead_items, len(d.lagging_lead), len(d.missing),
                    len(d.lagging_participating)] for d in c.departments], {2, 3, 4, 5})
    for d in c.departments:
        if d.level == "red":
            out += ["", f"- **{md(d.name)}**（滞后）：{md(d.why())}"]
    if c.lagging_tasks:
        out += ["", "## 滞后任务", ""]
        out += _table(["编号", "任务", "牵头单位", "状态", "进度", "截至", "进展情况"],
                      [[t.id, t.title, t.lead, t.status, t.percent, t.as_of, t.note or "-"]
                       for t in c.lagging_tasks], {0, 4})
    if c.changes is not None:
        since = day_words(c.changes.start, c.year)
        out += ["", f"## {since}以来的变化", ""]
        out += [f"- {md(line)}" for line in c.changes_lines] or [f"{since}以来没有变化。"]
    return "\n".join(out) + "\n"
