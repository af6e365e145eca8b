"""Rules over the validated files: cross-file references (errors) and the
findings a careful reviewer would raise (warnings). Pure: no I/O, no positions;
load.py places each finding at its line."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Iterator

from kjcx.cleantext import clip
from kjcx.method import kinds
from kjcx.plan import model
from kjcx.plan.deadline_rules import deadline_rules
from kjcx.plan.suggest import did_you_mean

# An actual this many times larger (or smaller) than its neighbour is a likely
# unit slip (2.59 entered as 259, 亿元 as 万元).
UNIT_SLIP_RATIO = Decimal(10)


@dataclass(frozen=True)
class Finding:
    file: str  # "targets" | "tasks"
    path: tuple
    message: str
    severity: str = "error"
    at: str = "value"  # point at the "key" or the "value" of path


def cross_file(plan: model.PlanInfo | None, indicators, sections, tasks,
               revisions=(), mentioned: frozenset[str] = frozenset()) -> Iterator[Finding]:
    """indicators/sections/tasks/revisions: lists of (index in file, validated item).

    plan None (plan: itself has errors): only the rules that need no plan run.
    A list None (its file or key could not be read): the rules that need all of
    them do not run, so that no reference into it is reported as unknown.
    mentioned: department names the files give as lead or participant, also in
    items that did not validate (a department leading a broken item is not idle)."""
    complete = indicators is not None and sections is not None and tasks is not None
    # a reference is checked whenever both of its ends could be read, so that a syntax
    # error in one file does not hide the other file's references (every problem at once)
    sections_ok = sections is not None and tasks is not None
    tasks_ok = indicators is not None and tasks is not None
    indicators, sections, tasks = indicators or [], sections or [], tasks or []
    if plan is not None:
        yield from _plan_rules(plan)
    yield from _duplicate_ids("targets", "indicators", indicators)
    yield from _part_rules(indicators)
    yield from _duplicate_ids("tasks", "sections", sections)
    yield from _duplicate_ids("tasks", "tasks", tasks)
    if plan is not None:
        yield from _year_rules(plan, indicators, tasks)
        yield from deadline_rules(plan, tasks)  # 督办: 完成时限 and 阶段目标
    yield from _department_lists(plan, indicators, tasks)
    yield from _reference_rules(indicators if tasks_ok else None, sections if sections_ok else None, tasks)
    if plan is not None:
        yield from _department_rules(plan, indicators, tasks)
        yield from _revision_rules(plan, indicators, revisions)
        yield from _kind_rules(plan, indicators, revisions)
        yield from _warnings(plan, indicators, tasks, complete, mentioned)
        yield from _jump_warnings(indicators, revisions)


def _kind_rules(plan: model.PlanInfo, indicators, revisions):
    from kjcx.plan import kindrules  # it names Finding from here

    for index, ind in indicators:
        yield from kindrules.indicator_rules(plan, index, ind)
    by_id = {ind.id: ind for _, ind in indicators}
    for index, rev in revisions:
        for ind_id, years in rev.targets.items():
            yield from kindrules.revision_rules(index, ind_id, by_id.get(ind_id), years)


MAX_PLAN_YEARS = 30


def _plan_rules(plan: model.PlanInfo):
    if plan.start > plan.end:
        yield Finding("targets", ("plan", "end"),
                      f"结束年份 {plan.end} 早于起始年份 {plan.start}")
    elif plan.end - plan.start + 1 > MAX_PLAN_YEARS:
        yield Finding("targets", ("plan", "end"),
                      f"计划期 {plan.start}-{plan.end} 长达 {plan.end - plan.start + 1} 年，"
                      f"超过 {MAX_PLAN_YEARS} 年；请核对起止年份")
    t = plan.thresholds
    if not (0 <= t.severe <= t.near <= 1):
        yield Finding("targets", ("plan", "thresholds"),
                      f"阈值应满足 0 ≤ severe ≤ near ≤ 1，实际 near={t.near}、severe={t.severe}")
    if not (0 <= t.task_tolerance <= 100):
        yield Finding("targets", ("plan", "thresholds", "task_tolerance"),
                      f"task_tolerance 是百分点，应在 0 到 100 之间，实际为 {t.task_tolerance}")
    yield from _grade_rules(plan.grades or [])


def _grade_rules(grades: list):
    """plan.grades: every grade but the last has a `min`, strictly descending; the last none."""
    previous = None
    for i, grade in enumerate(grades):
        last = i == len(grades) - 1
        if last and grade.min is not None:
            yield Finding("targets", ("plan", "grades", i, "min"),
                          f"最后一个等次 “{clip(grade.label)}” 不应写 min：它接住其余所有完成率；"
                          "请删去 min，或在其后加一项不写 min 的等次（如 {label: 未完成}）")
        elif not last and grade.min is None:
            yield Finding("targets", ("plan", "grades", i),
                          f"等次 “{clip(grade.label)}” 缺少 min（完成率下限，1 = 100%）；"
                          "只有最后一个等次可以不写 min")
        elif grade.min is not None and previous is not None and grade.min >= previous:
            yield Finding("targets", ("plan", "grades", i, "min"),
                          f"等次应按 min 从高到低排列：{grade.min} 不低于上一项的 {previous}")
        if grade.min is not None:
            previous = grade.min


def _part_rules(indicators) -> Iterator[Finding]:
    """An indicator states its targets or its parts; part names are unique within it;
    a part whose targets are stated from a baseline (比基期提高) has a baseline value."""
    for index, ind in indicators:
        first: dict[str, int] = {}
        for j, part in enumerate(ind.parts):
            if part.name in first:
                yield Finding("targets", ("indicators", index, "parts", j, "name"),
                              f"分解项名称 “{clip(part.name)}” 重复（与 parts[{first[part.name]}] 相同）；"
                              "同一指标下各分解项的名称必须唯一")
            else:
                first[part.name] = j
            if part.name != part.name.strip():
                yield Finding("targets", ("indicators", index, "parts", j, "name"),
                              f"分解项名称 “{clip(part.name)}” 首尾有空格：名称按原样比较，修订和报送表中的"
                              "“编号/名称”须带同样的空格；如非有意，请删去空格", severity="warning")
            if "/" in part.name:
                yield Finding("targets", ("indicators", index, "parts", j, "name"),
                              f"分解项名称 “{clip(part.name)}” 含有 “/”：修订和报送表用 “编号/名称” "
                              "指明分解项，名称中不能有 “/”")
            if part.period is not None and not ind.rate_kind:
                yield Finding("targets", ("indicators", index, "parts", j, "period"),
                              "period（期内累计/年均目标）只用于增速或降低率指标（kind: growth 或 reduction）；"
                              "请删去分解项的 period，或改指标的 kind", at="key")
            relative = [y for y, v in part.targets.items()
                        if getattr(v, "base_plus", None) is not None
                        or getattr(v, "base_times", None) is not None]
            if relative and (part.baseline is None or getattr(part.baseline, "value", None) is None):
                yield Finding("targets", ("indicators", index, "parts", j, "targets", relative[0]),
                              f"{relative[0]} 年目标按基期值给出（base_plus/base_times），"
                              f"但分解项 “{clip(part.name)}” 没有基期值；请为它填写 baseline")


def _unknown_part(whole: str, part: str, names: list[str]) -> str:
    close = did_you_mean(part[:100], names)
    hint = f"，是否应为 “{whole}/{close}”？" if close else (
        f"（该指标的分解项：{'、'.join(clip(n) for n in list(dict.fromkeys(names))[:20])}）" if names
        else "（该指标没有分解项）")
    return f"指标 “{whole}” 没有名为 “{clip(part)}” 的分解项{hint}"


def _part_years(plan: model.PlanInfo, path: tuple, part: model.Part):
    for year in part.targets:
        if not plan.start <= year <= plan.end:
            yield Finding("targets", path + ("targets", year), _outside(plan, year), at="key")
    yield from _dated_entries(plan, "targets", path + ("actuals",), part.actuals)
    if part.baseline is not None and part.baseline.year > plan.start:
        yield Finding("targets", path + ("baseline", "year"),
                      f"基期年份 {part.baseline.year} 晚于计划起始年份 {plan.start}")


def _duplicate_ids(file: str, name: str, items):
    first: dict = {}
    for index, item in items:
        if item.id in first:
            yield Finding(file, (name, index, "id"),
                          f"编号 {clip(item.id)} 重复（与 {name}[{first[item.id]}] 相同）；编号必须唯一")
        else:
            first[item.id] = index


def _year_rules(plan: model.PlanInfo, indicators, tasks):
    for index, ind in indicators:
        for year in ind.targets:
            if not plan.start <= year <= plan.end:
                yield Finding("targets", ("indicators", index, "targets", year),
                              _outside(plan, year), at="key")
        yield from _dated_entries(plan, "targets", ("indicators", index, "actuals"), ind.actuals,
                                  history=HISTORY_YEARS)
        if ind.baseline is not None and ind.baseline.year > plan.start:
            yield Finding("targets", ("indicators", index, "baseline", "year"),
                          f"基期年份 {ind.baseline.year} 晚于计划起始年份 {plan.start}")
        for j, part in enumerate(ind.parts):
            yield from _part_years(plan, ("indicators", index, "parts", j), part)
    for index, task in tasks:
        yield from _dated_entries(plan, "tasks", ("tasks", index, "progress"), task.progress)


def _outside(plan: model.PlanInfo, year: int) -> str:
    return f"年份 {year} 不在计划期 {plan.start}-{plan.end} 内"


# Actuals may reach this many years before plan.start: history for pacing, charts and
# the period (never evaluated: commands refuse those years).
HISTORY_YEARS = 5


def _dated_entries(plan: model.PlanInfo, file: str, path: tuple, entries: dict, history: int = 0):
    """Actuals or reports: each year inside the plan (actuals: or up to `history` years
    before it); within a year's list the as_of dates lie in the year (or up to a year
    after it, for late year-end figures; a `revised` figure any time after), strictly
    increase, and only the last entry may lack one (or the last before revised ones)."""
    for year, items in entries.items():
        if not plan.start - history <= year <= plan.end:
            message = _outside(plan, year)
            if history and year < plan.start:
                message = (f"年份 {year} 早于计划起始年份 {plan.start} 的前 {history} 年；"
                           f"历史数据最早写到 {plan.start - history} 年")
            yield Finding(file, path + (year,), message, at="key")
            continue
        single = len(items) == 1
        previous = None
        for i, entry in enumerate(items):
            at = path + ((year, "as_of") if single else (year, i, "as_of"))
            revised = getattr(entry, "revised", None) is not None
            if entry.as_of is None:
                if revised:
                    yield Finding(file, path + ((year,) if single else (year, i)),
                                  "修订的数据须写明 as_of（修订发布的日期），"
                                  "以便 --as-of 之前仍用修订前的数")
                elif i < len(items) - 1 and not all(getattr(e, "revised", None) for e in items[i + 1:]):
                    yield Finding(file, path + ((year,) if single else (year, i)),
                                  "只有最后一条可以不写 as_of（不写即年末数）；"
                                  "请为这一条填写截至日期")
                    continue
                previous = datetime.date(year, 12, 31)  # a year-end figure counts as Dec 31
                continue
            if entry.as_of < datetime.date(year, 1, 1):
                yield Finding(file, at, f"截至日期 {entry.as_of} 早于 {year} 年，请核对年份")
            elif entry.as_of > datetime.date(year + 1, 12, 31) and not revised:
                yield Finding(file, at, f"截至日期 {entry.as_of} 比 {year} 年晚一年以上，"
                                        "请核对年份或截至日期（如是统计部门修订的数，请加 revised: 修订原因）")
            if previous is not None and entry.as_of <= previous:
                yield Finding(file, at, f"截至日期 {entry.as_of} 不晚于上一条的 {previous}；"
                                        "同一年的多条报送应按日期从早到晚排列，日期不能重复"
                                        + ("（修订的数应晚于它所取代的数）" if revised else ""))
            previous = entry.as_of


def _department_lists(plan: model.PlanInfo | None, indicators, tasks):
    """A department named twice in one list, or as both lead and participant of a
    task (aliases count as their department): it would be counted twice."""
    canonical = {}
    if plan is not None and plan.departments:
        canonical = {alias: d.name for d in plan.departments for alias in d.aliases}

    def same(name):
        return canonical.get(name, name)

    def shown(name):
        return f"“{clip(name)}”" + (f"（即 {clip(same(name))}）" if same(name) != name else "")

    lists: list[tuple[str, tuple, list]] = [
        ("targets", ("indicators", i, "lead"), ind.lead) for i, ind in indicators]
    lists += [("targets", ("indicators", i, "parts", j, "lead"), part.lead)
              for i, ind in indicators for j, part in enumerate(ind.parts)]
    for i, task in tasks:
        lists += [("tasks", ("tasks", i, "lead"), task.lead),
                  ("tasks", ("tasks", i, "participants"), task.participants)]
    for file, path, names in lists:
        first: dict = {}
        for j, name in enumerate(names):
            if same(name) in first:
                yield Finding(file, path + (j,),
                              f"单位 {shown(name)} 在同一列表中重复出现（与第 {first[same(name)] + 1} 项相同）；"
                              "请删去重复的一项")
            else:
                first[same(name)] = j
    for i, task in tasks:
        leads = {same(name) for name in task.lead}
        for j, name in enumerate(task.participants):
            if same(name) in leads:
                yield Finding("tasks", ("tasks", i, "participants", j),
                              f"单位 {shown(name)} 已是本任务的牵头单位，不能同时作为参与单位；"
                              "请从 participants 中删去")


def _reference_rules(indicators, sections, tasks):
    """A task's section exists (sections None: not readable, not checked); an indicator's
    related tasks exist (indicators None: the task ids could not all be read)."""
    task_ids = {t.id for _, t in tasks}
    if sections is not None:
        section_ids = {s.id for _, s in sections}
        known = "、".join(str(i) for i in sorted(section_ids)[:20]) or "无"
        if len(section_ids) > 20:
            known += " 等"
        for index, task in tasks:
            if task.section not in section_ids:
                yield Finding("tasks", ("tasks", index, "section"),
                              f"章节 {task.section} 不存在（sections 中的编号：{known}）")
    for index, ind in indicators or ():
        for j, task_id in enumerate(ind.tasks):
            if task_id not in task_ids:
                yield Finding("targets", ("indicators", index, "tasks", j),
                              f"任务 {task_id} 不存在于 tasks.yaml")


def _department_rules(plan: model.PlanInfo, indicators, tasks):
    if plan.departments is None:
        return
    known: dict[str, int] = {}
    for i, dept in enumerate(plan.departments):
        for j, name in enumerate([dept.name] + list(dept.aliases)):
            path = ("plan", "departments", i, "name") if j == 0 else \
                ("plan", "departments", i, "aliases", j - 1)
            if name in known:
                yield Finding("targets", path, f"单位名称 “{clip(name)}” 重复出现在 plan.departments 中")
            known[name] = i
    names = list(known)

    def unknown(name):
        close = did_you_mean(name[:100], names)
        hint = f"，是否应为 “{close}”？" if close else ""
        return (f"单位 “{clip(name)}” 不在 plan.departments 中{hint}"
                "（如是新单位请加入 plan.departments，如是别称请写入其 aliases）")

    for index, ind in indicators:
        for j, name in enumerate(ind.lead):
            if name not in known:
                yield Finding("targets", ("indicators", index, "lead", j), unknown(name))
        for p, part in enumerate(ind.parts):
            for j, name in enumerate(part.lead):
                if name not in known:
                    yield Finding("targets", ("indicators", index, "parts", p, "lead", j),
                                  unknown(name))
    for index, task in tasks:
        for field in ("lead", "participants"):
            for j, name in enumerate(getattr(task, field)):
                if name not in known:
                    yield Finding("tasks", ("tasks", index, field, j), unknown(name))


def _revision_rules(plan: model.PlanInfo, indicators, revisions):
    """A revision names known indicators and plan years; revisions oldest first."""
    ids = {ind.id for _, ind in indicators}
    parts = {ind.id: [p.name for p in ind.parts] for _, ind in indicators}
    seen: dict[str, int] = {}
    previous = None
    for index, rev in revisions:
        if rev.id in seen:
            yield Finding("targets", ("revisions", index, "id"),
                          f"编号 {rev.id} 重复（与 revisions[{seen[rev.id]}] 相同）；编号必须唯一")
        seen.setdefault(rev.id, index)
        if previous is not None and rev.date < previous:
            yield Finding("targets", ("revisions", index, "date"),
                          f"日期 {rev.date} 早于上一条调整的 {previous}；revisions 应按日期从早到晚排列")
        previous = rev.date
        if not rev.targets and not rev.baselines:
            yield Finding("targets", ("revisions", index),
                          "调整文件应至少写 targets（调整目标）或 baselines（调整基期值）之一")
        yield from _baseline_revisions(index, rev, {ind.id: ind for _, ind in indicators})
        for ind_id, years in rev.targets.items():
            whole, slash, part = ind_id.partition("/")
            if slash and whole in ids:
                if part not in parts[whole]:
                    yield Finding("targets", ("revisions", index, "targets", ind_id),
                                  _unknown_part(whole, part, parts[whole]), at="key")
                    continue
            elif ind_id not in ids:
                close = did_you_mean(ind_id, sorted(ids))
                hint = f"，是否应为 “{close}”？" if close else ""
                yield Finding("targets", ("revisions", index, "targets", ind_id),
                              f"指标 “{ind_id}” 不存在于 indicators 中{hint}", at="key")
                continue
            for year in years:
                if not plan.start <= year <= plan.end:
                    yield Finding("targets", ("revisions", index, "targets", ind_id, year),
                                  _outside(plan, year), at="key")


def _baseline_revisions(index: int, rev: model.Revision, indicators: dict):
    """baselines: {indicator id: value}: a known indicator that has a baseline year."""
    for ind_id in rev.baselines:
        ind = indicators.get(ind_id)
        where = ("revisions", index, "baselines", ind_id)
        if ind is None:
            close = did_you_mean(ind_id, sorted(indicators))
            hint = f"，是否应为 “{close}”？" if close else ""
            yield Finding("targets", where, f"指标 “{clip(ind_id)}” 不存在于 indicators 中{hint}",
                          at="key")
        elif ind.baseline is None:
            yield Finding("targets", where,
                          f"指标 “{clip(ind_id)}” 没有基期，无法调整基期值；请先在该指标下写 "
                          "baseline: {year: 基期年份, value: 原基期值}", at="key")


def _warnings(plan: model.PlanInfo, indicators, tasks, complete: bool = True,
              mentioned: frozenset[str] = frozenset()):
    for index, ind in indicators:
        yield from _direction_warnings(index, ind)
        yield from _unit_slip_warnings(index, ind)
        yield from _percent_warnings(index, ind)
    if complete:
        yield from _idle_departments(plan, indicators, tasks, mentioned)
    yield from _report_warnings(plan, tasks)


def _values(ind: model.Indicator) -> dict:
    """year -> target value (a relative target resolved on the baseline; None without one)."""
    base = kinds.baseline_value(ind)
    return {y: kinds.resolve(spec, base) for y, spec in ind.targets.items()}


def _direction_warnings(index, ind: model.Indicator):
    if ind.rate_kind:  # a year's rate may well be planned lower than last year's
        return
    values = {y: v for y, v in _values(ind).items() if v is not None}
    years = sorted(values)
    for prev, year in zip(years, years[1:]):
        a, b = values[prev], values[year]
        against = b < a if ind.direction == "higher" else b > a
        if against:
            way = "低于" if ind.direction == "higher" else "高于"
            sense = "越高越好" if ind.direction == "higher" else "越低越好（逆向指标）"
            yield Finding("targets", ("indicators", index, "targets", year),
                          f"{year} 年目标 {b} {way} {prev} 年目标 {a}，与指标方向“{sense}”相反；"
                          "请核对目标或 direction", severity="warning")


def _unit_slip_warnings(index, ind: model.Indicator):
    """Compare each actual with its own year's target, else with the year-end actuals
    next to it; a part-year flow figure is only compared with neighbours."""
    if ind.rate_kind or ind.kind == "rank":  # rates swing from 0.1 to 7 for real
        return
    targets = {y: v for y, v in _values(ind).items() if v is not None}
    latest = {y: entries[-1] for y, entries in ind.actuals.items() if entries}
    year_end = {y: a.value for y, a in latest.items() if _is_year_end(y, a)}
    for year, actual in sorted(latest.items()):
        if year in targets:
            if ind.kind == "flow" and year not in year_end:
                continue
            refs = [(f"{year} 年目标", targets[year])]
        elif year in year_end:
            refs = [(f"{y} 年实际值", year_end[y]) for y in (year - 1, year + 1) if y in year_end]
        else:
            continue
        for label, ref in refs:
            if ref == 0 or actual.value == 0:
                continue
            ratio = abs(actual.value / ref)
            if ratio >= UNIT_SLIP_RATIO or ratio * UNIT_SLIP_RATIO <= 1:
                yield Finding("targets", ("indicators", index, "actuals", year),
                              f"实际值 {actual.value} 与 {label} {ref} 相差十倍以上，"
                              f"可能是单位或小数点错误（单位：{ind.unit}）", severity="warning")
                break


def _jump_warnings(indicators, revisions):
    """A figure more than 3x (or under 1/3) of the one before it and of its target,
    or a likely unit slip (suspicious.py: the same test as a form's figures).
    A year's last figure that _unit_slip_warnings already names is not named twice."""
    from kjcx.method.targets import Targets
    from kjcx.round.suspicious import figure_jumps

    targets = Targets([r for _, r in revisions])
    for index, ind in indicators:
        slipped = {path[-1] for path in (f.path for f in _unit_slip_warnings(index, ind))}
        for year, i, found in figure_jumps(ind, targets):
            entries = ind.actuals[year]
            if year in slipped and i == len(entries) - 1:
                continue
            where = ("indicators", index, "actuals", year) + ((i,) if len(entries) > 1 else ())
            yield Finding("targets", where, f"{found.message(f'{year} 年实际值')}",
                          severity="warning")


def _percent_warnings(index, ind: model.Indicator):
    """A share in % above 100 is most likely a slip (48 typed as 480)."""
    if ind.unit.strip() not in ("%", "％"):
        return
    targets = _values(ind)
    for year, value in sorted(targets.items()):
        if value is not None and value > 100:
            yield Finding("targets", ("indicators", index, "targets", year),
                          f"单位为 %，目标 {value} 超过 100，请核对是否多打了一位（如 48 写成 480）",
                          severity="warning")
    for year, entries in sorted(ind.actuals.items()):
        target = targets.get(year)
        for i, entry in enumerate(entries):
            slip = (entry is entries[-1] and target and abs(entry.value / target) >= UNIT_SLIP_RATIO)
            if entry.value > 100 and not slip:  # a slip is already said by _unit_slip_warnings
                where = ("indicators", index, "actuals", year) + ((i,) if len(entries) > 1 else ())
                yield Finding("targets", where,
                              f"单位为 %，实际值 {entry.value} 超过 100，"
                              "请核对是否多打了一位（如 48 写成 480）", severity="warning")


def _is_year_end(year: int, actual: model.Actual) -> bool:
    return actual.as_of is None or actual.as_of >= datetime.date(year, 12, 31)


def _idle_departments(plan: model.PlanInfo, indicators, tasks, mentioned: frozenset[str] = frozenset()):
    if plan.departments is None:
        return
    named = set(mentioned)
    for _, ind in indicators:
        named.update(ind.lead)
        for part in ind.parts:
            named.update(part.lead)
    for _, task in tasks:
        named.update(task.lead)
        named.update(task.participants)
    for i, dept in enumerate(plan.departments):
        if dept.name not in named and not named.intersection(dept.aliases):
            yield Finding("targets", ("plan", "departments", i, "name"),
                          f"单位 “{clip(dept.name)}” 既未牵头也未参与任何指标或任务", severity="warning")


def _report_warnings(plan: model.PlanInfo, tasks):
    # Years outside the plan are errors already; the range below stays within the plan.
    reported = {year for _, task in tasks for year in task.progress
                if plan.start <= year <= plan.end}
    if not reported:
        return
    first, latest = min(reported), max(reported)
    for index, task in tasks:
        missing = [y for y in range(first, latest) if y not in task.progress]
        if missing:
            years = "、".join(str(y) for y in missing)
            yield Finding("tasks", ("tasks", index, "progress" if task.progress else "id"),
                          f"任务 {task.id} 缺少 {years} 年的进展报告（其他任务已报送到 {latest} 年）",
                          severity="warning")
        for year, reports in task.progress.items():
            if not reports:  # `2022: []`: nothing reported
                continue
            report = reports[-1]
            if report.status == model.TaskStatus.done and report.percent is not None \
                    and report.percent < 100:
                yield Finding("tasks", ("tasks", index, "progress", year) +
                              ((len(reports) - 1,) if len(reports) > 1 else ()) + ("percent",),
                              f"状态为已完成，但进度只有 {report.percent}%；请核对状态或进度",
                              severity="warning")


def canonical_departments(plan: model.ActionPlan) -> model.ActionPlan:
    """Replace aliases (河东区科技局) by the department's name (区科技局)."""
    if not plan.plan.departments:
        return plan
    alias = {a: d.name for d in plan.plan.departments for a in d.aliases}
    if not alias:
        return plan

    def fix(names):
        return list(dict.fromkeys(alias.get(n, n) for n in names))

    def changed(names):
        return any(n in alias for n in names)

    def fix_parts(ind):
        if not any(changed(p.lead) for p in ind.parts):
            return ind
        return replace(ind, parts=[replace(p, lead=fix(p.lead)) if changed(p.lead) else p
                                   for p in ind.parts])

    indicators = [fix_parts(replace(ind, lead=fix(ind.lead)) if changed(ind.lead) else ind)
                  for ind in plan.indicators]
    tasks = [replace(t, lead=fix(t.lead), participants=fix(t.participants))
             if changed(t.lead) or changed(t.participants) else t
             for t in plan.tasks]
    return replace(plan, indicators=indicators, tasks=tasks)
