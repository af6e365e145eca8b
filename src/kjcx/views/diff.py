"""`kjcx diff`: the view of the changes method/diff.py found — the kjcx.diff/1 JSON,
the CSV rows, the tables (指标变化, 任务变化, 责任单位结论变化) and the closing line.

Every cell is written from a typed change record; the report's sentences
(report/content.py) read the same records through `figure_words`, `report_words`
and `LAGGING_WORDS` here, never this module's table text.
"""

from __future__ import annotations

import datetime
from typing import Any, Optional

from kjcx.method.diff import Change, Diff, Figure, Report, TaskChange
from kjcx.words import LEVEL_LABEL, STATUS_LABEL, TASK_LABEL, date_label, day_words, num, written
from kjcx.words import OUTLOOK_LABEL as _OUTLOOK

SCHEMA = "kjcx.diff/1"

OUTLOOK_LABEL: dict[Optional[str], str] = dict(_OUTLOOK.items())
OUTLOOK_LABEL[None] = "-"  # no final target: no outlook
# why a task turned lagging (method.diff.LAGGING_REASONS), as the 滞后 cell says it
LAGGING_WORDS = {"overdue": "逾期", "milestone_overdue": "阶段目标逾期", "self_reported": "自报滞后",
                 "stale": "本期未报送", "below_schedule": "进度低于时间进度"}


def _date(day: Optional[datetime.date]) -> Optional[str]:
    return None if day is None else day.isoformat()


def _number(value) -> Any:
    from kjcx.views import json_docs

    return json_docs.number(value)


def figure_json(f: Optional[Figure]) -> Optional[dict]:
    if f is None:
        return None
    return {"value": _number(f.value), "as_of": _date(f.as_of), "source": f.source, "note": f.note}


def report_json(r: Optional[Report]) -> Optional[dict]:
    if r is None:
        return None
    return {"status": r.status, "percent": _number(r.percent), "as_of": _date(r.as_of), "note": r.note}


class DiffView:
    """A command's view of a Diff: .json(), .rows(), .report()."""

    def __init__(self, diff: Diff) -> None:
        self.diff = diff

    def json(self) -> dict:
        from kjcx.views import json_docs

        d = self.diff
        return {
            "schema": SCHEMA, "plan": json_docs.plan_json(d.plan), "year": d.year,
            "from": d.start.isoformat(), "to": d.end.isoformat(),
            "figures": [{"id": c.item, "name": c.name, "unit": c.unit, "from": figure_json(c.old),
                         "to": figure_json(c.new)} for c in d.figures],
            "reports": [{"id": c.item, "title": c.name, "from": report_json(c.old),
                         "to": report_json(c.new)} for c in d.reports],
            "status_changes": [_plain(c, "name") for c in d.statuses],
            "outlook_changes": [_plain(c, "name") for c in d.outlooks],
            "tasks_started_lagging": [{"id": c.item, "title": c.name, "reason": c.reason}
                                      for c in d.started_lagging],
            "tasks_stopped_lagging": [{"id": c.item, "title": c.name} for c in d.stopped_lagging],
            "departments": [{"name": c.item, "from": c.old, "to": c.new} for c in d.departments],
            "summary": d.summary,
        }

    def rows(self) -> list[dict]:
        doc = self.json()
        out = []
        for kind, key in (("figure", "figures"), ("report", "reports"), ("status", "status_changes"),
                          ("outlook", "outlook_changes"), ("started_lagging", "tasks_started_lagging"),
                          ("stopped_lagging", "tasks_stopped_lagging"), ("department", "departments")):
            for item in doc[key]:
                out.append({"change": kind, "id": item.get("id", item.get("name")),
                            "from": _flat(item.get("from")), "to": _flat(item.get("to"))})
        return out

    csv_rows = rows

    def report(self):
        from kjcx.views.tables import Report as Page
        from kjcx.views.tables import Table

        d = self.diff
        tables = []
        changes = d.indicator_changes()
        if changes:
            outlook = any(c.outlook for c in changes)
            head = ["指标", "原值", "新值", "状态"] + (["期末展望"] if outlook else [])
            t = Table("指标变化", head, align="l" * len(head), wrap="twww"[:len(head)] + "w" * outlook)
            for c in changes:
                old = figure_words(c.figure.old, c.unit, d.year) if c.figure else ""
                new = figure_words(c.figure.new, c.unit, d.year) if c.figure else ""
                status = _arrow(c.status, STATUS_LABEL)
                t.rows.append([c.name, old, new, status]
                              + ([_arrow(c.outlook, OUTLOOK_LABEL)] if outlook else []))
            tables.append(t)
        tasks = d.task_changes()
        if tasks:
            t = Table("任务变化", ["任务", "原来", "现在", "滞后"], align="llll", wrap="twwa")
            t.rows.extend(self.task_row(c) for c in tasks)
            tables.append(t)
        if d.departments:
            t = Table("责任单位结论变化", ["单位", "原来", "现在"], align="lll", wrap="waa")
            for c in d.departments:
                t.rows.append([c.name, LEVEL_LABEL.get(c.old, "-"), LEVEL_LABEL[c.new]])
            tables.append(t)
        heading = (f"{d.plan.plan.name}  {d.year} 年："
                   f"{day_words(d.start)}至{day_words(d.end, d.start.year)}的变化")
        line = headline(d)
        listed = {c.item for c in changes}
        same = [c for c in d.same_figures() if c.item not in listed]
        if same:
            line = f"另有 {len(same)} 项指标重新报送，数值未变。" + line
        return Page(heading, tables, headline=line)

    def task_row(self, c: TaskChange) -> list[str]:
        """任务, 原来, 现在, 滞后: a task that turned lagging without a new report shows the
        report it is judged on and why (本期未报送), never empty cells."""
        d = self.diff
        if c.report is not None:
            old, new = report_words(c.report.old, d.year), report_words(c.report.new, d.year)
        else:
            used = next(t for t in d.after.tasks if t.task.id == c.item)
            shown = report_words(_used_report(used), d.year)
            old, new = shown, ("未报送新进展" if used.stale else shown)
        lag = ""
        if c.lagging is not None and c.lagging.new:
            reason = c.lagging.reason or "below_schedule"
            lag = "转为逾期" if reason == "overdue" else f"转为滞后（{LAGGING_WORDS[reason]}）"  # 督办
        elif c.lagging is not None:
            lag = "不再滞后"
        return [f"{c.item} {c.title}", old, new, lag]


def _used_report(row) -> Optional[Report]:
    if row.report is None:
        return None
    return Report(row.status, row.percent, row.report.as_of, row.report.note)


def headline(d: Diff) -> str:
    if d.empty:
        return "两个日期之间没有变化。"
    s = d.summary
    return (f"新报送指标数据 {s['figures']} 项、任务报告 {s['reports']} 项；"
            f"指标状态变化 {s['status_changes']} 项；"
            f"任务转为滞后 {s['tasks_started_lagging']} 项、不再滞后 {s['tasks_stopped_lagging']} 项；"
            f"单位结论变化 {s['departments']} 个。")


def _plain(c: Change, key: str) -> dict:
    return {"id": c.item, key: c.name, "from": c.old, "to": c.new}


def _arrow(c: Optional[Change], labels: dict) -> str:
    return "" if c is None else f"{labels[c.old]} → {labels[c.new]}"


def _flat(value: Any) -> Any:
    if isinstance(value, dict):
        return ";".join(f"{k}={'' if v is None else v}" for k, v in value.items())
    return value


def when_words(as_of: Optional[datetime.date], year: int) -> str:
    """年末, or the date as 6月30日 (with its year when not the diff's year)."""
    if as_of is None:
        return "年末"
    return date_label(as_of, "words", year, any_year_end=True)


def figure_words(f: Optional[Figure], unit: str, year: int) -> str:
    """1166件（6月30日）; 无 when there was none."""
    if f is None:
        return "无"
    return f"{written(f.value)}{unit}（{when_words(f.as_of, year)}）"


def report_words(r: Optional[Report], year: int) -> str:
    """推进中 55%（6月30日）; 无 when there was none."""
    if r is None:
        return "无"
    percent = "" if r.percent is None else f" {num(r.percent, 6)}%"
    when = "" if r.as_of is None else f"（{when_words(r.as_of, year)}）"
    return f"{TASK_LABEL[r.status]}{percent}{when}"
