"""The JSON documents scripts depend on (docs/json.md): kjcx.status/2 and the
row objects shared by the list commands. Field names and shapes here are a
contract: add fields, never rename or drop one.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Optional

from kjcx.method.compute import (
    BaselineRevision,
    DepartmentResult,
    IndicatorResult,
    SectionResult,
    TaskResult,
    YearStatus,
)
from kjcx.method.period import PeriodResult
from kjcx.plan.model import ActionPlan
from kjcx.views.duban import task_fields
from kjcx.words import WIDE

STATUS_SCHEMA = "kjcx.status/2"
INDICATORS_SCHEMA = "kjcx.indicators/2"
TASKS_SCHEMA = "kjcx.tasks/2"
DEPARTMENTS_SCHEMA = "kjcx.departments/2"

_SIX = Decimal("0.000001")


def number(value: Optional[Decimal]):
    """Rounded to 6 places; whole numbers as JSON integers (116, not 116.0)."""
    if value is None or value.__class__ is int:
        return value
    if value == value.to_integral_value():  # most figures: skip the rounding
        return int(value)
    rounded = value.quantize(_SIX, rounding=ROUND_HALF_UP, context=WIDE)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def ratio(value: Optional[Decimal]) -> Optional[float]:
    """A share (elapsed, schedule) is always a JSON float: 1.0 at year end."""
    return None if value is None else float(value.quantize(_SIX, rounding=ROUND_HALF_UP, context=WIDE))


def date(value) -> Optional[str]:
    return value.isoformat() if value is not None else None


def plan_json(plan: ActionPlan) -> dict:
    return {"name": plan.plan.name, "document": plan.plan.document,
            "start": plan.plan.start, "end": plan.plan.end}


def indicator_json(row: IndicatorResult) -> dict:
    ind = row.indicator
    final = row.final
    return {
        "id": ind.id,
        "name": ind.name,
        "unit": ind.unit,
        "direction": ind.direction,
        "kind": ind.kind,
        "binding": ind.binding,
        "lead": list(ind.lead),
        "target": number(row.target),
        "target_source": row.target_source,
        "revision": row.revision,
        "actual": number(row.actual),
        "as_of": date(row.as_of),
        "source": row.source,
        "note": row.note,
        "elapsed": ratio(row.elapsed),
        "expected": number(row.expected),
        "rate": number(row.rate),
        "completion": number(row.completion),
        "schedule": ratio(row.schedule),
        "ahead": number(row.ahead),
        "gap": number(row.gap),
        "progress": number(row.progress),
        "status": row.status,
        "final": None if final is None else {
            "year": final.year,
            "target": number(final.target),
            "needed_per_year": number(final.needed_per_year),
            "achieved_per_year": number(final.achieved_per_year),
            "outlook": final.outlook,
        },
        "stale": row.stale,
        "ahead_value": number(row.ahead_value),
        "grade": row.grade,
        "target_rule": row.target_rule,
        "stretch": number(row.stretch),
        "stretch_met": row.stretch_met,
        "period": period_json(row.period),
        # added in 0.4 (before part and parts, so that a CSV row still ends with its parts)
        "yearly_status": row.yearly_status,
        "cap": row.cap,
        "grade_source": row.grade_source,
        "grade_document": row.grade_document,
        "baseline_revision": baseline_revision_json(row.baseline_revision),
        "outlook_reason": final.reason_text if final is not None else None,
        "part": row.part,
        "parts": [indicator_json(p) for p in row.parts],
    }


def baseline_revision_json(mark: Optional[BaselineRevision]) -> Optional[dict]:
    """The revision that set the row's base value (revisions[].baselines); None without one."""
    if mark is None:
        return None
    return {"id": mark.id, "document": mark.document, "date": date(mark.date),
            "old": number(mark.old), "new": number(mark.new)}


def period_json(p: Optional[PeriodResult]) -> Optional[dict]:
    """A growth/reduction row's period (〔〕 or 年均) by the log method; None without one."""
    if p is None:
        return None
    return {
        "form": p.form,
        "target": number(p.target),
        "base_year": p.base_year,
        "years": p.years,
        "cumulative": number(p.cumulative),
        "average": number(p.average),
        "progress": number(p.progress),
        "time": ratio(p.time),
        "ahead": number(p.ahead),
        "status": p.status,
        "needed_rate": number(p.needed_rate),
        "outlook": p.outlook,
        "reason": p.reason,
    }


# A part's row (分解) is an indicator row: id `<id>/<part name>`, `part` = the name, no parts.
part_json = indicator_json


def task_json(row: TaskResult) -> dict:
    task = row.task
    return {
        "id": task.id,
        "section": task.section,
        "title": task.title,
        "lead": list(task.lead),
        "participants": list(task.participants),
        "status": row.status,
        "percent": number(row.percent),
        "as_of": date(row.as_of),
        "note": row.note,
        "lagging": row.lagging,
        "stale": row.stale,
        **task_fields(row),  # 督办: deadline, overdue, due_soon, next_milestone ...
    }


def department_json(row: DepartmentResult) -> dict:
    return {
        "name": row.name,
        "level": row.level,
        "lagging": row.lagging,
        "lead_items": row.lead_items,
        "lagging_lead": list(row.lagging_lead),
        "missing": list(row.missing),
        "lagging_participating": list(row.lagging_participating),
        "worst": row.worst,
    }


def section_json(row: SectionResult) -> dict:
    return {
        "id": row.id,
        "title": row.title,
        "tasks": row.tasks,
        "done": row.done,
        "in_progress": row.in_progress,
        "not_started": row.not_started,
        "behind": row.behind,
        "lagging": list(row.lagging),
        "no_report": row.no_report,
    }


def to_json(st: YearStatus) -> dict:
    """The kjcx.status/2 document of one year (what `status -f json` prints)."""
    return {
        "schema": STATUS_SCHEMA,
        "plan": plan_json(st.plan),
        "year": st.year,
        "as_of": date(st.as_of),
        "indicators": [indicator_json(r) for r in st.indicators],
        "sections": [section_json(r) for r in st.sections],
        "tasks": [task_json(r) for r in st.tasks],
        "departments": [department_json(r) for r in st.departments],
        "summary": {
            "indicators": dict(st.summary.indicators),
            "tasks": dict(st.summary.tasks),
            "departments": dict(st.summary.departments),
            "lagging_departments": list(st.summary.lagging_departments),
            "by_parts": st.summary.by_parts,
        },
        "round_date": date(st.round_date),
    }


def list_json(schema: str, plan: ActionPlan, year: Optional[int], as_of, key: str,
              rows: list[dict], **extra: Any) -> dict:
    """The documents of the list commands: the same row objects as status."""
    return {"schema": schema, "plan": plan_json(plan), "year": year, "as_of": date(as_of),
            **extra, key: rows}


def dumps(document: dict) -> str:
    """JSON with one top-level key per line and one row object per line.

    Readable, greppable and diffable, and fast: json's C encoder only runs
    without `indent`, which costs seconds on a 10,000-indicator plan.
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    lines = []
    for key, value in document.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            rows = ",\n    ".join(encode(row) for row in value)
            text = f"[\n    {rows}\n  ]"
        else:
            text = encode(value)
        lines.append(f"  {encode(key)}: {text}")
    return "{\n" + ",\n".join(lines) + "\n}\n"
