"""What a form is (docs/forms.md): its sheets, header rows and hidden `_kjcx` sheet, which
items each department is asked for, and the fingerprint that ties a form to the plan
it was exported from. Export and reading both build on it."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import fields, is_dataclass
from decimal import Decimal
from enum import Enum

from kjcx import columns
from kjcx.method.parts import reportable
from kjcx.plan.model import STATUS_LABELS, ActionPlan, Actual, Indicator, Report, Task

FORMAT = "kjcx.forms/1"
INDICATOR_SHEET = "指标"
TASK_SHEET = "任务"
GUIDE_SHEET = "填报说明"
META_SHEET = "_kjcx"
INDICATOR_HEADERS = tuple(columns.headers(columns.FORM_INDICATOR))  # the registry's (kjcx.columns)
TASK_HEADERS = tuple(columns.headers(columns.FORM_TASK))
MILESTONE_HEADER = columns.FORM_MILESTONE.header


def task_headers(plan: ActionPlan) -> tuple:
    """The task sheet's headers: a plan with 阶段目标 adds 阶段目标 as the last input column
    (the fingerprint covers the milestones, so a form always matches its plan's layout)."""
    return TASK_HEADERS + (MILESTONE_HEADER,) if any(t.milestones for t in plan.tasks) else TASK_HEADERS
STATUS_CHOICES = tuple(STATUS_LABELS)  # 未启动 推进中 已完成 滞后
LABEL_OF = {status: label for label, status in STATUS_LABELS.items()}

MAX_ROWS = 10_000  # a sheet "filled down" to row 1,048,576 is not read to the end
HEADER_ROW = 4  # rows 1-3: title, department line, short 填报说明

Entry = Actual | Report


# --- what the plan asks of whom ------------------------------------------------

def lead_items(plan: ActionPlan) -> dict[str, tuple[list[Indicator], list[Task]]]:
    """Department -> (indicators it leads, tasks it leads), for every department
    that leads at least one item, in the order of plan.departments()."""
    out: dict[str, tuple[list[Indicator], list[Task]]] = {}
    for name in plan.departments():
        indicators = [i for i in reportable(plan) if name in i.lead]  # parts too (分解)
        tasks = [t for t in plan.tasks if name in t.lead]
        if indicators or tasks:
            out[name] = (indicators, tasks)
    return out


_DIGESTS: dict[int, tuple[ActionPlan, str]] = {}  # id(plan) -> (plan, digest): plans are immutable


def fingerprint(plan: ActionPlan) -> str:
    """sha256 of the plan's definitions: the plan header, indicators without
    their actuals, revisions, sections, tasks without their progress.
    Remembered per plan object (import and write-back ask for the same plan's)."""
    known = _DIGESTS.get(id(plan))
    if known is not None and known[0] is plan:
        return known[1]
    digest = _fingerprint(plan)
    if len(_DIGESTS) > 8:
        _DIGESTS.clear()
    _DIGESTS[id(plan)] = (plan, digest)
    return digest


def _fingerprint(plan: ActionPlan) -> str:
    definitions = {
        "plan": _canonical(plan.plan),
        "indicators": [_canonical(i, skip="actuals") for i in plan.indicators],
        "revisions": [_canonical(r) for r in plan.revisions],
        "sections": [_canonical(s) for s in plan.sections],
        "tasks": [_canonical(t, skip="progress") for t in plan.tasks],
    }
    text = json.dumps(definitions, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Keys added after forms were first exported: left out while empty, so that a plan
# without them keeps its fingerprint across the upgrade.
_UNLESS_SET: dict[str, object] = {"parts": [], "parts_label": None}


def form_fingerprint(digest: str, department: str, as_of: datetime.date) -> str:
    """What a form's `_kjcx` sheet carries: the plan's fingerprint bound to the
    department and the date the form was exported for, so that neither can be
    edited on the form (a 2021 figure replaced through a 2022 form)."""
    text = json.dumps([digest, department, as_of.isoformat()], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(value, skip: str = ""):
    if is_dataclass(value) and not isinstance(value, type):
        # `skip` goes down into the parts (分解): their figures are not definitions either
        return {f.name: _canonical(getattr(value, f.name), skip) for f in fields(value)
                if f.name != skip and _UNLESS_SET.get(f.name, 0) != getattr(value, f.name)}
    if isinstance(value, list) and value and is_dataclass(value[0]):
        return [_canonical(v, skip) for v in value]
    if isinstance(value, dict):
        return [[_canonical(k), _canonical(v)] for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, Decimal):
        return ["d", format(value.normalize(), "f")]  # 2.50 and 2.5 are the same target
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# The locked cells a department might overtype (年度目标 8 -> 9, 125 in 上次报送值): what
# was exported is kept on the hidden sheet, one row per item from LOCKED_ROW, so that an
# edit is reported with the old value even after the data files have moved on.
LOCKED_HEADERS = {INDICATOR_SHEET: ("单位", "年度目标", "上次报送值"),
                  TASK_SHEET: ("牵头单位", "参与单位", "上次进展")}
LOCKED_ROW = 101

