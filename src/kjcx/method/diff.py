"""`kjcx diff FROM TO [YEAR]`: what changed between two reporting rounds.

Both sides are the ordinary evaluation with the figures known on each date
(as `--as-of` gives them), so a diff says nothing the status of either date
would not say.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Optional

from kjcx.method.compute import YearStatus, year_status
from kjcx.plan.model import ActionPlan
from kjcx.views import json_docs
from kjcx.words import LEVEL_LABEL, STATUS_LABEL, TASK_LABEL, date_label, day_words
from kjcx.words import OUTLOOK_LABEL as _OUTLOOK

OUTLOOK_LABEL: dict[str | None, str] = dict(_OUTLOOK.items())
OUTLOOK_LABEL[None] = "-"  # no final target: no outlook

SCHEMA = "kjcx.diff/1"


@dataclass
class Diff:
    plan: ActionPlan
    year: int
    start: datetime.date
    end: datetime.date
    before: YearStatus
    after: YearStatus
    figures: list[dict] = field(default_factory=list)
    reports: list[dict] = field(default_factory=list)
    statuses: list[dict] = field(default_factory=list)
    outlooks: list[dict] = field(default_factory=list)
    started_lagging: list[dict] = field(default_factory=list)
    stopped_lagging: list[dict] = field(default_factory=list)
    departments: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.figures or self.reports or self.statuses or self.outlooks
                    or self.started_lagging or self.stopped_lagging or self.departments)

    def json(self) -> dict:
        return {
            "schema": SCHEMA, "plan": json_docs.plan_json(self.plan), "year": self.year,
            "from": self.start.isoformat(), "to": self.end.isoformat(),
            "figures": self.figures, "reports": self.reports,
            "status_changes": self.statuses, "outlook_changes": self.outlooks,
            "tasks_started_lagging": self.started_lagging,
            "tasks_stopped_lagging": self.stopped_lagging,
            "departments": self.departments, "summary": self.summary,
        }

    def csv_rows(self) -> list[dict]:
        rows = []
        for kind, items in (("figure", self.figures), ("report", self.reports),
                            ("status", self.statuses), ("outlook", self.outlooks),
                            ("started_lagging", self.started_lagging),
                            ("stopped_lagging", self.stopped_lagging),
                            ("department", self.departments)):
            for item in items:
                rows.append({"change": kind, "id": item.get("id", item.get("name")),
                             "from": _flat(item.get("from")), "to": _flat(item.get("to"))})
        return rows

    rows = csv_rows  # a command's view: .json(), .rows(), .report() (cli.output.emit)

    def report(self):
        from kjcx.views.tables import Report, Table

        tables = []
        rows = self.indicator_changes()
        if rows:
            outlook = any(o for *_, o in rows)
            head = ["指标", "原值", "新值", "状态"] + (["期末展望"] if outlook else [])
            t = Table("指标变化", head, align="l" * len(head), wrap="twww"[:len(head)] + "w" * outlook)
            for name, old, new, status, look in rows:
                t.rows.append([name, old, new, status] + ([look] if outlook else []))
            tables.append(t)
        tasks = self.task_changes()
        if tasks:
            t = Table("任务变化", ["任务", "原来", "现在", "滞后"], align="llll", wrap="twwa")
            t.rows.extend([list(row) for row in tasks])
            tables.append(t)
        if self.departments:
            t = Table("责任单位结论变化", ["单位", "原来", "现在"], align="lll", wrap="waa")
            for d in self.departments:
                t.rows.append([d["name"], LEVEL_LABEL.get(d["from"], "-"), LEVEL_LABEL[d["to"]]])
            tables.append(t)
        heading = (f"{self.plan.plan.name}  {self.year} 年："
                   f"{day_words(self.start)}至{day_words(self.end, self.start.year)}的变化")
        line = self.headline()
        listed = {row[0] for row in rows}
        same = [f for f in self.same_figures() if f["name"] not in listed]
        if same:
            line = f"另有 {len(same)} 项指标重新报送，数值未变。" + line
        return Report(heading, tables, headline=line)

    def same_figures(self) -> list[dict]:
        """Figures reported again with the value they had: not a change to list."""
        return [f for f in self.figures if f["from"] is not None and f["to"] is not None
                and f["from"]["value"] == f["to"]["value"]]

    def indicator_changes(self) -> list[tuple[str, str, str, str, str]]:
        """One row per indicator whose figure, status or outlook changed: (name,
        old figure, new figure, 原→现 status, 原→现 outlook); '' where unchanged."""
        by_id: dict[str, list[str]] = {}
        for f in self.figures:
            by_id.setdefault(f["id"], [f["name"], "", "", "", ""])[1:3] = [
                _figure(f["from"], f["unit"], self.year), _figure(f["to"], f["unit"], self.year)]
        for f in self.same_figures():  # the same value again, and nothing else changed
            if not any(f["id"] == x["id"] for x in self.statuses + self.outlooks):
                del by_id[f["id"]]
        for x in self.statuses:
            by_id.setdefault(x["id"], [x["name"], "", "", "", ""])[3] = (
                f"{STATUS_LABEL[x['from']]} → {STATUS_LABEL[x['to']]}")
        for x in self.outlooks:
            by_id.setdefault(x["id"], [x["name"], "", "", "", ""])[4] = (
                f"{OUTLOOK_LABEL[x['from']]} → {OUTLOOK_LABEL[x['to']]}")
        order = [r.indicator.id for r in _with_parts(self.after)]
        return [(r[0], r[1], r[2], r[3], r[4]) for _, r in
                sorted(by_id.items(), key=lambda kv: order.index(kv[0]))]

    def task_changes(self) -> list[tuple[str, str, str, str]]:
        """One row per task whose report said something new or whose lagging changed:
        (任务 id title, old report, new report, 转为滞后/不再滞后 or '')."""
        rows: dict[int, list[str]] = {}
        for r in self.reports:
            old, new = _report(r["from"], self.year), _report(r["to"], self.year)
            if r["from"] is None or r["to"] is None or (
                    (r["from"]["status"], r["from"]["percent"]) != (r["to"]["status"], r["to"]["percent"])):
                rows[r["id"]] = [f"{r['id']} {r['title']}", old, new, ""]
        for word, items in (("转为滞后", self.started_lagging), ("不再滞后", self.stopped_lagging)):
            for x in items:
                rows.setdefault(x["id"], [f"{x['id']} {x['title']}", "", "", ""])[3] = word
        return [(r[0], r[1], r[2], r[3]) for _, r in sorted(rows.items())]

    def headline(self) -> str:
        if self.empty:
            return "两个日期之间没有变化。"
        s = self.summary
        return (f"新报送指标数据 {s['figures']} 项、任务报告 {s['reports']} 项；"
                f"指标状态变化 {s['status_changes']} 项；"
                f"任务转为滞后 {s['tasks_started_lagging']} 项、不再滞后 {s['tasks_stopped_lagging']} 项；"
                f"单位结论变化 {s['departments']} 个。")


def _flat(value: Any) -> Any:
    if isinstance(value, dict):
        return ";".join(f"{k}={'' if v is None else v}" for k, v in value.items())
    return value


def _when(as_of: Optional[str], year: int) -> str:
    """年末, or the date as 6月30日 (with its year when not the diff's year)."""
    if as_of is None:
        return "年末"
    return date_label(datetime.date.fromisoformat(as_of), "words", year, any_year_end=True)


def _figure(value: Optional[dict], unit: str, year: int) -> str:
    if value is None:
        return "无"
    return f"{value['value']}{unit}（{_when(value['as_of'], year)}）"


def _report(value: Optional[dict], year: int) -> str:
    if value is None:
        return "无"
    percent = "" if value["percent"] is None else f" {value['percent']}%"
    when = "" if value["as_of"] is None else f"（{_when(value['as_of'], year)}）"
    return f"{TASK_LABEL[value['status']]}{percent}{when}"


def compare(plan: ActionPlan, year: int, start: datetime.date, end: datetime.date) -> Diff:
    before = year_status(plan, year, start)
    after = year_status(plan, year, end)
    d = Diff(plan, year, start, end, before, after)
    for b, a in zip(_with_parts(before), _with_parts(after)):
        ind = a.indicator  # a part's row: id `<id>/<part name>`, named 指标（分解项）
        name = ind.name if a.part is None else f"{ind.name}（{a.part}）"
        if b.figure is not a.figure:
            d.figures.append({"id": ind.id, "name": name, "unit": ind.unit,
                              "from": _figure_json(b), "to": _figure_json(a)})
        if b.status != a.status:
            d.statuses.append({"id": ind.id, "name": name, "from": b.status, "to": a.status})
        bo, ao = _outlook(b), _outlook(a)
        if bo != ao:
            d.outlooks.append({"id": ind.id, "name": name, "from": bo, "to": ao})
    for tb, ta in zip(before.tasks, after.tasks):
        task = ta.task
        if tb.report is not ta.report:
            d.reports.append({"id": task.id, "title": task.title,
                              "from": _report_json(tb), "to": _report_json(ta)})
        if ta.lagging and not tb.lagging:
            d.started_lagging.append({"id": task.id, "title": task.title})
        elif tb.lagging and not ta.lagging:
            d.stopped_lagging.append({"id": task.id, "title": task.title})
    levels = {r.name: r.level for r in before.departments}
    for r in after.departments:
        if levels.get(r.name) != r.level:
            d.departments.append({"name": r.name, "from": levels.get(r.name), "to": r.level})
    d.summary = {"figures": len(d.figures), "reports": len(d.reports),
                 "status_changes": len(d.statuses), "outlook_changes": len(d.outlooks),
                 "tasks_started_lagging": len(d.started_lagging),
                 "tasks_stopped_lagging": len(d.stopped_lagging),
                 "departments": len(d.departments)}
    return d


def _with_parts(st: YearStatus) -> list:
    """Every indicator row, each followed by its parts' rows (分解): a part's new figure
    is a change of the round like any other."""
    return [row for whole in st.indicators for row in (whole, *whole.parts)]


def _figure_json(row) -> Optional[dict]:
    if row.figure is None:
        return None
    return {"value": json_docs.number(row.actual), "as_of": json_docs.date(row.figure.as_of),
            "source": row.figure.source, "note": row.figure.note}


def _report_json(row) -> Optional[dict]:
    if row.report is None:
        return None
    return {"status": row.status, "percent": json_docs.number(row.percent),
            "as_of": json_docs.date(row.report.as_of), "note": row.report.note}


def _outlook(row) -> Optional[str]:
    """The row's outlook: to its final target, or (growth, reduction) its period's."""
    if row.final is not None:
        return row.final.outlook
    return row.period.outlook if row.period is not None else None
