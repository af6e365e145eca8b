"""`kjcx remind` (催办, docs/duban.md): on a date D, for each lead department in the plan's
order, what it must answer for — overdue tasks and milestones, what falls due within N
days, items not reported in the latest round, lagging items — each with its date, what is
due and the last report, and the 催办 sentence a supervision office sends.

Pure: no I/O. The table, the paragraphs, the JSON and the Word 催办单 all read these records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional, Union

from kjcx.method import compute, deadlines
from kjcx.method.dates import default_year, known_on, round_date, year_end
from kjcx.plan.model import ActionPlan, TaskStatus
from kjcx.words import TASK_STATUS_WORDS, day_words, fixed, is_percent, num, pct, places_of, written

# A 催办 asks for an answer within a week: "请于9月22日前报送" on 9月15日.
REPLY_DAYS = 7
# Why an item is listed, most urgent first (JSON `reasons`).
REASONS = ("overdue", "milestone_overdue", "due_soon", "milestone_due", "no_report", "stale", "lagging")


@dataclass(frozen=True)
class LastReport:
    """The latest entry known on D: a task's status and percent, an indicator's value."""

    as_of: datetime.date  # a year-end entry: Dec 31
    status: Optional[str] = None
    percent: Optional[Decimal] = None
    value: Optional[Decimal] = None
    unit: str = ""
    note: Optional[str] = None

    def words(self, year: int) -> str:
        """06-30 推进中 60% / 09-15 16.1亿元, for a table cell."""
        when = self.as_of.strftime("%m-%d") if self.as_of.year == year else self.as_of.isoformat()
        if self.value is not None:
            return f"{when} {num(self.value)}{self.unit}"
        label = TASK_STATUS_WORDS_BY_VALUE.get(self.status or "", self.status or "")
        return f"{when} {label}" + (f" {num(self.percent, 0)}%" if self.percent is not None else "")


TASK_STATUS_WORDS_BY_VALUE = {value: label for label, value in TASK_STATUS_WORDS.items()}


REASON_WORDS = {"overdue": "逾期", "milestone_overdue": "阶段目标逾期", "due_soon": "临近",
                "milestone_due": "阶段目标临近", "no_report": "未报送", "stale": "未按期报送",
                "lagging": "滞后"}


@dataclass(frozen=True)
class Reason:
    code: str  # one of REASONS
    date: Optional[datetime.date]  # the deadline, the milestone's date, or the round date
    due: str  # what is due: 完成任务, 阶段目标“完成选址”, 报送进展
    days: Optional[int] = None  # overdue days, or days left

    @property
    def situation(self) -> str:
        """逾期77天 / 临近（15天）/ 临近（今日到期）/ 未按期报送 / 滞后: the reason in a cell."""
        word = REASON_WORDS[self.code]
        if self.code in ("overdue", "milestone_overdue"):
            return f"{word}{self.days}天"
        if self.code in ("due_soon", "milestone_due"):
            return f"{word}（今日到期）" if self.days == 0 else f"{word}（{self.days}天）"
        return word


@dataclass(frozen=True)
class Item:
    kind: str  # task | indicator
    id: Union[int, str]
    name: str
    reasons: tuple[Reason, ...]
    last: Optional[LastReport]
    clause: str  # the 催办 words of this item, without the department

    @property
    def label(self) -> str:
        return f"任务{self.id}（{self.name}）" if self.kind == "task" else f"{self.name}指标"


@dataclass(frozen=True)
class DepartmentReminder:
    name: str
    items: tuple[Item, ...]

    def paragraph(self, on: datetime.date, reply_by: datetime.date) -> str:
        """区科技局：任务4（大力发展信创产业）完成时限为2022年6月30日，截至9月15日已逾期77天。
        请于9月22日前报送办理进展和下一步措施。"""
        body = "；".join(item.clause for item in self.items)
        return f"{self.name}：{body}。请于{day_words(reply_by, on.year)}前报送办理进展和下一步措施。"


@dataclass(frozen=True)
class Reminders:
    plan: ActionPlan
    on: datetime.date  # D
    year: int  # the plan year judged (D's year, within the plan)
    days: int  # due within this many days
    round_at: Optional[datetime.date]  # the latest round on D
    departments: tuple[DepartmentReminder, ...]
    quiet: tuple[str, ...] = field(default=())  # lead departments with nothing due

    @property
    def reply_by(self) -> datetime.date:
        return self.on + datetime.timedelta(days=REPLY_DAYS)

    def count(self, code: str) -> int:
        return sum(any(r.code == code for r in item.reasons) for d in self.departments for item in d.items)


def remind(plan: ActionPlan, on: Optional[datetime.date] = None, days: Optional[int] = None) -> Reminders:
    """What to chase on D (default: the latest round date of the default year)."""
    if on is None:
        year = default_year(plan)
        on = round_date(plan, year) or year_end(year)
    year = min(max(on.year, plan.plan.start), plan.plan.end)
    days = plan.plan.remind_days if days is None else days
    r_date = round_date(plan, year, on)
    items: dict[str, list[Item]] = {}
    for ind_row in compute.indicator_rows(plan, year, on):
        # a part's lead answers for it as for an indicator (status counts it lagging too)
        for row in (ind_row, *ind_row.parts):
            item = _indicator_item(row, r_date, on)
            if item is not None:
                for name in row.indicator.lead:
                    items.setdefault(name, []).append(item)
    for task_row in compute.task_rows(plan, year, on, r_date):
        item = _task_item(plan, task_row, days, r_date, on)
        if item is not None:
            for name in task_row.task.lead:
                items.setdefault(name, []).append(item)
    leads = [name for name in plan.departments() if _leads(plan, name)]
    return Reminders(plan=plan, on=on, year=year, days=days, round_at=r_date,
                     departments=tuple(DepartmentReminder(n, tuple(items[n])) for n in leads if n in items),
                     quiet=tuple(n for n in leads if n not in items))


def _leads(plan: ActionPlan, name: str) -> bool:
    return (any(name in i.lead or any(name in p.lead for p in i.parts) for i in plan.indicators)
            or any(name in t.lead for t in plan.tasks))


def _task_item(plan: ActionPlan, row: compute.TaskResult, days: int,
               r_date: Optional[datetime.date], on: datetime.date) -> Optional[Item]:
    task = row.task
    history = deadlines.timeline(task, on)
    if history and history[-1][2].status == TaskStatus.done:
        return None  # done (this year or before): nothing to chase
    reasons = _deadline_reasons(row.duban, days)
    if row.status == "no_report" and r_date is not None:  # before the first round, nobody is late
        reasons.append(Reason("no_report", r_date, "报送进展"))
    elif row.stale:
        reasons.append(Reason("stale", r_date, "报送进展"))
    if row.lagging and not any(r.code in ("overdue", "milestone_overdue") for r in reasons):
        reasons.append(Reason("lagging", row.as_of, "加快进度"))
    if not reasons:
        return None
    last = None
    if history:
        when, _, report = history[-1]
        last = LastReport(when, status=report.status.value, percent=report.percent, note=report.note)
    reasons.sort(key=lambda r: REASONS.index(r.code))
    item = Item("task", task.id, task.title, tuple(reasons), last, "")
    return _with_clause(item, row, on)


def _deadline_reasons(d: Optional[deadlines.TaskDeadline], days: int) -> list[Reason]:
    if d is None or d.done:
        return []
    out = []
    if d.overdue:
        out.append(Reason("overdue", d.deadline, "完成任务", d.overdue_days))
    elif d.days_left is not None and d.days_left <= days:
        out.append(Reason("due_soon", d.deadline, "完成任务", d.days_left))
    for state in d.milestones:
        stage = state.milestone
        if state.missed:
            out.append(Reason("milestone_overdue", stage.by, f"阶段目标“{stage.name}”",
                              state.overdue_days(d.on)))
        elif state.reached_on is None and 0 <= (stage.by - d.on).days <= days:
            out.append(Reason("milestone_due", stage.by, f"阶段目标“{stage.name}”", (stage.by - d.on).days))
    return out


def _indicator_item(row: compute.IndicatorResult, r_date: Optional[datetime.date],
                    on: datetime.date) -> Optional[Item]:
    reasons = []
    if row.stale:
        reasons.append(Reason("stale", r_date, "报送数据"))
    if row.lagging:
        reasons.append(Reason("lagging", row.as_of, "加快进度"))
    if not reasons:
        return None
    ind, last = row.indicator, None
    if row.actual is not None and row.figure is not None:
        last = LastReport(known_on(row.year, row.figure), value=row.actual, unit=ind.unit, note=row.figure.note)
    name = ind.name if row.part is None else f"{ind.name}（{row.part}）"  # 指标（分解项）
    item = Item("indicator", ind.id, name, tuple(reasons), last, "")
    return _with_clause(item, row, on)


def _with_clause(item: Item, row, on: datetime.date) -> Item:
    words = [_reason_words(r, item, row, on) for r in item.reasons]
    return Item(item.kind, item.id, item.name, item.reasons, item.last,
                item.label + "，".join(w for w in words if w))


def _reason_words(r: Reason, item: Item, row, on: datetime.date) -> str:
    d = day_words(on, on.year)
    if r.code == "overdue" and r.date is not None:
        return f"完成时限为{deadlines.date_words(r.date)}，截至{d}已逾期{r.days}天"
    if r.code == "milestone_overdue" and r.date is not None:
        return f"{r.due}应于{deadlines.date_words(r.date)}前完成，截至{d}已逾期{r.days}天"
    if r.code in ("due_soon", "milestone_due") and r.date is not None:
        what = "完成时限为" if r.code == "due_soon" else f"{r.due}应于"
        tail = "" if r.code == "due_soon" else "前完成"
        left = "今日到期" if r.days == 0 else f"距到期还有{r.days}天"
        return f"{what}{deadlines.date_words(r.date)}{tail}，{left}"
    if r.code == "no_report":
        return f"{row.year}年尚未报送进展" if item.last is None or item.last.as_of.year < row.year \
            else "尚未报送本轮进展"
    if r.code == "stale" and item.last is not None and r.date is not None:
        what = "数据" if item.kind == "indicator" else "进展"
        return f"最近一次报送为{day_words(item.last.as_of, on.year)}，未报送截至{day_words(r.date, on.year)}的{what}"
    if r.code == "lagging":
        return _lagging_words(item, row, on)
    return ""


def _lagging_words(item: Item, row, on: datetime.date) -> str:
    if item.kind == "indicator":
        at = day_words(row.as_of, on.year) if row.as_of is not None else ""
        return f"进展滞后（截至{at}{_indicator_standing(row)}）"
    if row.status == TaskStatus.behind.value:
        return "自报进度滞后"
    if row.percent is not None and row.as_of is not None:
        return f"进度滞后（截至{day_words(row.as_of, on.year)}完成{num(row.percent, 0)}%）"
    return "进度滞后"


def _indicator_standing(row: compute.IndicatorResult) -> str:
    """Where a lagging indicator stands, in the words its kind is judged in: a rank by
    positions (第9位，目标为第7位以内), a rate or a % row by points against the target
    (比年度目标低1.5个百分点), a row judged on its period target by 目标进度, else the
    share of the year's target done (完成年度目标的40.2%)."""
    ind, a, t = row.indicator, row.actual, row.target
    if a is not None and t is not None and ind.kind == "rank":
        return f"第{num(a, 4)}位，目标为第{num(t, 4)}位以内"
    if a is not None and t is not None and (ind.rate_kind or is_percent(ind.unit)):
        if ind.rate_kind:
            verb = ("同比增长" if ind.kind == "growth" else "同比降低")
            head = f"{verb}{written(a)}%，"
        else:
            head = f"{written(a)}%，"
        side = "高" if a > t else "低"
        return f"{head}比年度目标{side}{fixed(abs(a - t), places_of(ind))}个百分点"
    if row.completion is not None:
        return f"完成年度目标的{pct(row.completion)}"
    period = row.period
    if period is not None and period.progress is not None and period.ahead is not None:
        side = "超过" if period.ahead > 0 else "落后"
        return f"完成期内目标进度的{pct(period.progress)}，{side}时间进度{num(abs(period.ahead), 1)}个百分点"
    return "的数据"
