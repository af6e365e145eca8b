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


def overdue_rows(rows: list[TaskResult]) -> list[TaskResult]:
    return [r for r in rows if r.duban is not None and r.duban.overdue]


def overdue_count_words(rows: list[TaskResult]) -> str:
    """逾期3项（任务4、任务7、任务9）, or "" when none is overdue: for brief and report."""
    late = overdue_rows(rows)
    if not late:
        return ""
    return f"逾期{len(late)}项（{'、'.join(f'任务{r.task.id}' for r in late)}）"
