"""督办 on every task row (docs/duban.md): the JSON fields and the table's short words of a
task's 完成时限 and 阶段目标, written once for status, tasks, explain and the report."""

from __future__ import annotations

from typing import Optional

from kjcx.method.compute import TaskResult
from kjcx.method.deadlines import TaskDeadline


def task_fields(row: TaskResult) -> dict:
    """The task row's 督办 keys (docs/json.md): null / false for a task without a deadline."""
    d: Optional[TaskDeadline] = row.duban
    if d is None:
        return {"deadline": None, "overdue": False, "overdue_days": None, "due_soon": False,
                "days_left": None, "done_late_days": None, "next_milestone": None,
                "missed_milestones": [], "overdue_reason": None}
    following = d.next_milestone
    reasons = d.reasons()
    return {
        "deadline": d.deadline.isoformat() if d.deadline else None,
        "overdue": d.overdue,
        "overdue_days": d.overdue_days,
        "due_soon": d.due_soon,
        "days_left": d.days_left,
        "done_late_days": d.done_late_days,
        "next_milestone": None if following is None else {
            "name": following.name, "by": following.by.isoformat(),
            "percent": None if following.percent is None else int(following.percent)
            if following.percent == following.percent.to_integral_value() else float(following.percent)},
        "missed_milestones": [m.milestone.name for m in d.missed],
        "overdue_reason": "；".join(reasons) if reasons else None,
    }


def task_mark(row: TaskResult) -> str:
    """逾期77天 / 临近（15天） / 已完成（逾期91天） / 阶段目标逾期: what a task row's status cell adds."""
    return "，".join(row.duban.marks()) if row.duban is not None else ""


def status_pieces(row: TaskResult) -> tuple[tuple[str, str], ...]:
    """What the status cell adds: 已完成（逾期91天） for a task done after its deadline."""
    d = row.duban
    if d is None or d.done_late_days is None or row.status != "done":
        return ()
    return ((f"（逾期{d.done_late_days}天）", "a"),)


def lagging_pieces(row: TaskResult) -> tuple[tuple[str, str], ...]:
    """What the lagging cell adds: 滞后（逾期77天）, 否（15天后到期）, 滞后（阶段目标逾期）.

    A lagging row names first what makes it lagging, in the order of method/diff
    `lagging_reason` (逾期, 阶段目标逾期, 自报滞后, 进度低于时间进度; a stale row's own
    words are added by the table); what does not make it lag (due soon, a milestone
    reached late) is said apart after "；": 滞后（进度低于时间进度）；阶段目标逾期完成."""
    from kjcx.method.diff import lagging_reason
    from kjcx.views.diff import LAGGING_WORDS

    d = row.duban
    if d is None:
        return ()
    causes, asides = [], []
    if d.overdue:
        causes.append(f"逾期{d.overdue_days}天")
    elif d.due_soon:
        asides.append("今日到期" if d.days_left == 0 else f"{d.days_left}天后到期")
    if d.missed:
        causes.append("阶段目标逾期")
    elif not d.done and any(m.late_days is not None for m in d.milestones):
        asides.append("阶段目标逾期完成")
    if row.lagging and not causes:
        reason = lagging_reason(row)
        if reason != "stale":
            causes.append(LAGGING_WORDS[reason])
    if not row.lagging:  # nothing to tell apart from: 否（15天后到期）
        return tuple((f"（{text}）", "a") for text in asides)
    return tuple([(f"（{text}）", "a") for text in causes] + [(f"；{text}", "a") for text in asides])
