"""`kjcx diff FROM TO [YEAR]`: what changed between two reporting rounds.

Both sides are the ordinary evaluation with the figures known on each date
(as `--as-of` gives them), so a diff says nothing the status of either date
would not say.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Optional

from kjcx import jsonout
from kjcx.compute import YearStatus, year_status
from kjcx.model import ActionPlan
from kjcx.words import LEVEL_LABEL, STATUS_LABEL, TASK_LABEL
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
            "schema": SCHEMA, "plan": jsonout.plan_json(self.plan), "year": self.year,
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

    def report(self):
        from kjcx.render import Report, Table

        tables = []
        if self.figures or self.reports:
            t = Table("新报送的数据", ["事项", "原值", "新值"], align="lll", wrap="tww")
            for f in self.figures:
                t.rows.append([f["name"], _figure(f["from"], f["unit"]), _figure(f["to"], f["unit"])])
            for r in self.reports:
                t.rows.append([f"任务 {r['id']} {r['title']}", _report(r["from"]), _report(r["to"])])
            tables.append(t)
        if self.statuses or self.outlooks:
            t = Table("状态变化", ["指标", "项目", "原来", "现在"], align="llll", wrap="taaa")
            for s in self.statuses:
                t.rows.append([s["name"], "状态", STATUS_LABEL[s["from"]], STATUS_LABEL[s["to"]]])
            for o in self.outlooks:
                t.rows.append([o["name"], "期末展望", OUTLOOK_LABEL[o["from"]], OUTLOOK_LABEL[o["to"]]])
            tables.append(t)
        if self.started_lagging or self.stopped_lagging:
            t = Table("任务滞后变化", ["任务", "变化"], align="ll", wrap="ta")
            for x in self.started_lagging:
                t.rows.append([f"{x['id']} {x['title']}", "转为滞后"])
            for x in self.stopped_lagging:
                t.rows.append([f"{x['id']} {x['title']}", "不再滞后"])
            tables.append(t)
        if self.departments:
            t = Table("责任单位结论变化", ["单位", "原来", "现在"], align="lll", wrap="waa")
            for d in self.departments:
                t.rows.append([d["name"], LEVEL_LABEL[d["from"]], LEVEL_LABEL[d["to"]]])
            tables.append(t)
        heading = (f"{self.plan.plan.name}  {self.year} 年："
                   f"{self.start.isoformat()} 至 {self.end.isoformat()} 的变化")
        line = self.headline()
        return Report(heading, tables, headline=line)

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


def _figure(value: Optional[dict], unit: str) -> str:
    if value is None:
        return "无"
    when = "年末" if value["as_of"] is None or value["as_of"].endswith("12-31") else value["as_of"]
    return f"{value['value']}{unit}（{when}）"


def _report(value: Optional[dict]) -> str:
    if value is None:
        return "无"
    percent = "" if value["percent"] is None else f" {value['percent']}%"
    when = "" if value["as_of"] is None else f"（{value['as_of']}）"
    return f"{TASK_LABEL[value['status']]}{percent}{when}"


def compare(plan: ActionPlan, year: int, start: datetime.date, end: datetime.date) -> Diff:
    before = year_status(plan, year, start)
    after = year_status(plan, year, end)
    d = Diff(plan, year, start, end, before, after)
    for b, a in zip(before.indicators, after.indicators):
        ind = a.indicator
        if b.figure is not a.figure:
            d.figures.append({"id": ind.id, "name": ind.name, "unit": ind.unit,
                              "from": _figure_json(b), "to": _figure_json(a)})
        if b.status != a.status:
            d.statuses.append({"id": ind.id, "name": ind.name, "from": b.status, "to": a.status})
        bo, ao = _outlook(b), _outlook(a)
        if bo != ao:
            d.outlooks.append({"id": ind.id, "name": ind.name, "from": bo, "to": ao})
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


def _figure_json(row) -> Optional[dict]:
    if row.figure is None:
        return None
    return {"value": jsonout.number(row.actual), "as_of": jsonout.date(row.figure.as_of),
            "source": row.figure.source, "note": row.figure.note}


def _report_json(row) -> Optional[dict]:
    if row.report is None:
        return None
    return {"status": row.status, "percent": jsonout.number(row.percent),
            "as_of": jsonout.date(row.report.as_of), "note": row.report.note}


def _outlook(row) -> Optional[str]:
    """The row's outlook: to its final target, or (growth, reduction) its period's."""
    if row.final is not None:
        return row.final.outlook
    return row.period.outlook if row.period is not None else None
