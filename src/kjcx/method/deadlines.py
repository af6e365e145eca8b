"""督办 (docs/duban.md): a task's 完成时限 and 阶段目标 judged on an evaluation date D.

Pure: no I/O. Overdue is `deadline < D` for a task not done (due on D is due soon,
not overdue); due soon is `0 <= deadline - D <= remind_days`; done late counts from
the first report that says done (a year-end report counts as Dec 31). A milestone is
reached by the first report that names it or reaches its percent; past its date and
not reached it makes the task lagging until a report reaches it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Optional

from kjcx.method.dates import known_on, year_end
from kjcx.plan.model import ActionPlan, Milestone, Report, Task, TaskStatus


@dataclass(frozen=True)
class MilestoneState:
    milestone: Milestone
    reached_on: Optional[datetime.date]  # the first report (known on D) that reached it
    missed: bool  # its date has passed (by < D) and no report reached it

    @property
    def late_days(self) -> Optional[int]:
        """Days after `by` it was reached (阶段目标逾期完成), None when on time or not reached."""
        if self.reached_on is None or self.reached_on <= self.milestone.by:
            return None
        return (self.reached_on - self.milestone.by).days

    def overdue_days(self, on: datetime.date) -> int:
        return (on - self.milestone.by).days


@dataclass(frozen=True)
class TaskDeadline:
    """One task's 督办 verdict on `on` (D)."""

    task: Task
    on: datetime.date
    deadline: Optional[datetime.date]
    done_on: Optional[datetime.date]  # None: not done on D
    milestones: tuple[MilestoneState, ...]
    remind_days: int

    @property
    def done(self) -> bool:
        return self.done_on is not None

    @property
    def overdue(self) -> bool:
        return not self.done and self.deadline is not None and self.deadline < self.on

    @property
    def overdue_days(self) -> Optional[int]:
        """D - deadline for an overdue task (2022-06-30 to 2022-09-15: 77)."""
        return (self.on - self.deadline).days if self.overdue and self.deadline else None

    @property
    def days_left(self) -> Optional[int]:
        """deadline - D for a task not done and not overdue (0: due today)."""
        if self.done or self.deadline is None or self.deadline < self.on:
            return None
        return (self.deadline - self.on).days

    @property
    def due_soon(self) -> bool:
        left = self.days_left
        return left is not None and left <= self.remind_days

    @property
    def done_late_days(self) -> Optional[int]:
        """已完成（逾期N天）: days from the deadline to the first report saying done."""
        if self.done_on is None or self.deadline is None or self.done_on <= self.deadline:
            return None
        return (self.done_on - self.deadline).days

    @property
    def missed(self) -> tuple[MilestoneState, ...]:
        """Milestones past and unreached (none for a done task)."""
        return () if self.done else tuple(m for m in self.milestones if m.missed)

    @property
    def lagging(self) -> bool:
        return self.overdue or bool(self.missed)

    @property
    def next_milestone(self) -> Optional[Milestone]:
        """The earliest milestone not reached on D (a missed one too); None once done."""
        if self.done:
            return None
        return next((m.milestone for m in self.milestones if m.reached_on is None), None)

    def reasons(self) -> list[str]:
        """Why the deadline makes the task lagging, in the words of a 督办通报."""
        out = []
        if self.overdue and self.deadline is not None:
            out.append(f"逾期{self.overdue_days}天（完成时限为{date_words(self.deadline)}）")
        for state in self.missed:
            out.append(f"阶段目标“{state.milestone.name}”逾期"
                       f"（应于{date_words(state.milestone.by)}前完成）")
        return out

    def marks(self, after_status: bool = False) -> list[str]:
        """The short words a table row shows: 逾期77天, 临近（15天）, 已完成（逾期91天）, 阶段目标逾期完成;
        `after_status`: said after the status word (已完成), done late is only 逾期91天."""
        out = []
        if self.overdue:
            out.append(f"逾期{self.overdue_days}天")
        elif self.due_soon:
            out.append("今日到期" if self.days_left == 0 else f"临近（{self.days_left}天）")
        if self.done_late_days is not None:
            late = f"逾期{self.done_late_days}天"
            out.append(late if after_status else f"已完成（{late}）")
        if self.missed:
            out.append("阶段目标逾期")
        elif any(m.late_days is not None for m in self.milestones) and not self.done:
            out.append("阶段目标逾期完成")
        return out


def overdue_words(rows) -> str:
    """（其中逾期2项：任务4、任务7）after 滞后N项 in a brief or a report, "" when none is
    overdue. `rows`: task results (method/compute TaskResult), each with its `duban`."""
    late = [r.task.id for r in rows if r.duban is not None and r.duban.overdue]
    if not late:
        return ""
    return f"（其中逾期{len(late)}项：{'、'.join(f'任务{i}' for i in late)}）"


def lagging_note(row) -> str:
    """A lagging task's note in the report: why its deadline makes it lag, then its own
    note (逾期77天（完成时限为2022年6月30日）；项目签约推迟)."""
    reasons = row.duban.reasons() if row.duban is not None else []
    return "；".join(reasons + ([row.note] if row.note else []))


def date_words(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def timeline(task: Task, on: Optional[datetime.date] = None) -> list[tuple[datetime.date, int, Report]]:
    """Every report of the task over all years, oldest first, as (known on, year, report);
    with `on`, only those known on that date."""
    out = []
    for year in sorted(task.progress):
        for report in task.progress[year]:
            when = known_on(year, report)
            if on is None or when <= on:
                out.append((when, year, report))
    out.sort(key=lambda item: item[0])
    return out


def judge(plan: ActionPlan, task: Task, on: datetime.date) -> Optional[TaskDeadline]:
    """The task's 督办 verdict on D, or None for a task with no deadline and no milestone."""
    if task.deadline is None and not task.milestones:
        return None
    reports = timeline(task, on)
    done_on = None
    if reports and reports[-1][2].status == TaskStatus.done:
        done_on = next(when for when, _, r in reports if r.status == TaskStatus.done)
    states = tuple(_milestone(m, reports, on, done_on) for m in sorted(task.milestones, key=lambda m: m.by))
    return TaskDeadline(task=task, on=on, deadline=task.deadline, done_on=done_on,
                        milestones=states, remind_days=plan.plan.remind_days)


def _milestone(m: Milestone, reports, on: datetime.date,
               done_on: Optional[datetime.date]) -> MilestoneState:
    reached = next((when for when, _, r in reports
                    if r.milestone == m.name or (m.percent is not None and r.percent is not None
                                                 and r.percent >= m.percent)), None)
    if reached is None and done_on is not None:
        reached = done_on  # a done task has reached every stage
    return MilestoneState(milestone=m, reached_on=reached, missed=reached is None and m.by < on)


def evaluation_date(year: int, as_of: Optional[datetime.date],
                    round_at: Optional[datetime.date]) -> datetime.date:
    """D: the --as-of date, else the round date, else the year end."""
    if as_of is not None:
        return as_of
    return round_at if round_at is not None else year_end(year)


def explain_steps(d: TaskDeadline) -> list[tuple[str, str, str, str, object, str]]:
    """`kjcx explain` of a task: which date, how many days — as (name, label, formula,
    work, result, shown), the fields of an explain step."""
    out: list[tuple[str, str, str, str, object, str]] = []
    if d.deadline is not None:
        out.append(("deadline", "完成时限", "评估日 D：--as-of 的日期，否则本轮报送日期",
                    f"完成时限 {d.deadline}，评估日 D = {d.on}", d.deadline.isoformat(), date_words(d.deadline)))
        if d.overdue:
            out.append(("overdue_days", "逾期天数", "未完成且完成时限 < D：D − 完成时限",
                        f"{d.on} − {d.deadline} = {d.overdue_days} 天", d.overdue_days, f"逾期{d.overdue_days}天"))
        elif d.days_left is not None:
            shown = ("今日到期" if d.days_left == 0 else f"临近（{d.days_left}天）") if d.due_soon else "未到临近"
            out.append(("days_left", "距到期", f"完成时限 − D；0 到 {d.remind_days} 天（含）为临近，当天到期不算逾期",
                        f"{d.deadline} − {d.on} = {d.days_left} 天", d.days_left, shown))
        if d.done_late_days is not None and d.done_on is not None:
            out.append(("done_late_days", "逾期完成", "首次报告已完成的日期（年末报告为 12 月 31 日）− 完成时限",
                        f"{d.done_on} − {d.deadline} = {d.done_late_days} 天", d.done_late_days,
                        f"已完成（逾期{d.done_late_days}天）"))
    for state in d.milestones:
        m = state.milestone
        rule = f"完成百分比达到 {m.percent}% 或报告写明 milestone: {m.name}" if m.percent is not None \
            else f"报告写明 milestone: {m.name}"
        if state.reached_on is not None:
            late = state.late_days
            work = f"{state.reached_on} 的报告达到，应于 {m.by} 前" + (f"：晚 {late} 天" if late else "")
            shown = f"逾期完成（{late}天）" if late else "按期达到"
        elif state.missed and not d.done:
            work, shown = f"应于 {m.by} 前，截至 {d.on} 未达到：逾期 {state.overdue_days(d.on)} 天", "逾期"
        elif m.by == d.on:  # due on D: due today, not yet overdue (as a deadline)
            work, shown = f"应于 {m.by} 前，尚未达到，评估日 D = {d.on}：今日到期", "今日到期"
        else:
            work, shown = f"应于 {m.by} 前，尚未达到", "未到期"
        out.append(("milestone", f"阶段目标“{m.name}”", rule, work, shown, shown))
    return out


def form_words(plan: ActionPlan, task: Task, as_of: datetime.date) -> str:
    """What a task row of the forms adds to 上次进展 (read-only): 完成时限：2022年6月30日（已逾期15天）；
    下一阶段目标：开工建设（2022年6月30日前）. "" for a task without deadline and milestones."""
    d = judge(plan, task, as_of)
    if d is None or d.done:
        return ""
    out = []
    if d.deadline is not None:
        state = f"（已逾期{d.overdue_days}天）" if d.overdue else ("（今日到期）" if d.days_left == 0 else "")
        out.append(f"完成时限：{date_words(d.deadline)}{state}")
    following = d.next_milestone
    if following is not None:
        out.append(f"下一阶段目标：{following.name}（{date_words(following.by)}前）")
    return "；".join(out)
