"""督办 rules over validated tasks (docs/duban.md): a 完成时限 inside the plan period, each
阶段目标 inside it and not after the deadline, milestone names unique, and a report's
`milestone:` naming one of its task's milestones. Pure: load.py places each finding."""

from __future__ import annotations

from typing import Iterator

from kjcx.cleantext import clip
from kjcx.plan import model
from kjcx.plan.suggest import did_you_mean


def deadline_rules(plan: model.PlanInfo, tasks) -> Iterator:
    from kjcx.plan.rules import Finding

    for index, task in tasks:
        at = ("tasks", index)
        if task.deadline is not None and not plan.start <= task.deadline.year <= plan.end:
            yield Finding("tasks", at + ("deadline",),
                          f"完成时限 {task.deadline} 不在计划期 {plan.start}-{plan.end} 内，请核对年份")
        names: dict[str, int] = {}
        for j, stage in enumerate(task.milestones):
            where = at + ("milestones", j)
            if stage.name in names:
                yield Finding("tasks", where + ("name",),
                              f"阶段目标 “{clip(stage.name)}” 重复（与 milestones[{names[stage.name]}] 同名）；"
                              "同一任务的阶段目标名称须不同")
            names.setdefault(stage.name, j)
            if not plan.start <= stage.by.year <= plan.end:
                yield Finding("tasks", where + ("by",),
                              f"阶段目标的日期 {stage.by} 不在计划期 {plan.start}-{plan.end} 内")
            elif task.deadline is not None and stage.by > task.deadline:
                yield Finding("tasks", where + ("by",),
                              f"阶段目标 “{clip(stage.name)}” 的日期 {stage.by} 晚于任务的完成时限 "
                              f"{task.deadline}；请核对日期，或把完成时限改晚")
        yield from _report_names(at, task, list(names))


def _report_names(at: tuple, task: model.Task, names: list[str]):
    from kjcx.plan.rules import Finding

    for year, reports in task.progress.items():
        for k, report in enumerate(reports):
            if report.milestone is None or report.milestone in names:
                continue
            path = at + (("progress", year, "milestone") if len(reports) == 1
                         else ("progress", year, k, "milestone"))
            if not names:
                message = (f"任务 {task.id} 没有阶段目标（milestones），"
                           f"报告中的 milestone: {clip(report.milestone)} 无从对应")
            else:
                close = did_you_mean(report.milestone, names)
                hint = f"，是否应为 “{close}”？" if close else ""
                message = (f"“{clip(report.milestone)}” 不是任务 {task.id} 的阶段目标；"
                           f"应为以下之一：{'、'.join(names)}{hint}")
            yield Finding("tasks", path, message)
