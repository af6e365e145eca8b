"""`draft_plan`: a plan document read into a Draft (header, sections, tasks with their units,
indicators from the target table and the prose, the units with aliases, the review list)."""

from __future__ import annotations

import re
from pathlib import Path

from kjcx.draft import annex, document, header, tasks, units
from kjcx.draft import owners as own
from kjcx.draft.document import Block, Line, Table
from kjcx.draft.model import Draft, Indicator, Review, Section, Task, Unit


def draft_plan(path: str | Path, lead_rule: str | None = None,
               departments: list[str] | None = None) -> Draft:
    """The draft of both data files from a plan document (.docx, .txt, .md).

    `lead_rule="first"`: in a list of 责任单位 the first is the lead (the document's
    "列第一位者为牵头单位"; found in the text, it applies without being asked).
    `departments`: unit names known beforehand, to split names that run together."""
    blocks, _ = document.read(path)
    head = header.read(blocks)
    reviews: list[Review] = []
    if not head.name:
        reviews.append(Review("全文", "没有找到计划名称，请填写 plan.name"))
    if head.start is None or head.end is None:
        reviews.append(Review("全文", "没有找到规划期（如“2020-2022年”），请填写 plan.start 和 plan.end"))
    if lead_rule is None and any(isinstance(b, Line) and own.LEAD_RULE.search(b.text) for b in blocks):
        lead_rule = "first"
    found = _all_items(blocks)
    region = units.region_of(head.name)
    sections, drafted = _tasks(found, lead_rule, set(departments or []), region, (head.start, head.end))
    indicators, left = _indicators(blocks, head)
    left = _unowned(found) + left
    for task in drafted:
        reviews += [Review(task.owners_where or task.where, f"任务 {task.id}：{r}") for r in task.reviews]
    for ind in indicators:
        reviews += [Review(ind.where, f"指标“{ind.name}”：{r}") for r in ind.reviews]
        reviews += [Review(t.where, f"指标“{ind.name}” {t.year} 年目标：{t.review}") for t in ind.targets if t.review]
    unit_list = _units(drafted, indicators, region)
    reviews += left
    return Draft(str(path), head, sections, drafted, indicators, unit_list, reviews, lead_rule, skipped=left)


def read_departments(path: str | Path) -> list[str]:
    """Unit names of a --departments file: one a line (aliases after ：, split by 、)."""
    names = []
    for line in Path(path).read_text(encoding="utf-8-sig").splitlines():
        line = document.normalise(line.lstrip("-* "))
        head, _, rest = line.partition("：")
        names += [n for n in [head, *re.split(r"[、，]", rest)] if n.strip()]
    return [n.strip() for n in names]


def _unowned(found: list[tasks.Item]) -> list[Review]:
    """A numbered item among tasks, in a section whose other items have owners, that has
    none of its own: not drafted as a task, and said so (never dropped without a word)."""
    owned = {i.section for i in found if not i.owners.empty()}
    return [Review(i.where, f"编号条目“{tasks.title_of(i.text)[0]}”没有写明牵头单位，未写成任务"
                            "（如是任务，请在 tasks.yaml 中补上，写明 lead）")
            for i in found if i.owners.empty() and i.number and i.section in owned]


def _all_items(blocks: list[Block]) -> list[tasks.Item]:
    found = tasks.items(blocks)
    section = ("", "")
    for block in blocks:
        if isinstance(block, Line) and (head := tasks.heading(block.text)):
            section = (head[1], block.where)
        if isinstance(block, Table) and (at := tasks.is_task_table(block)) is not None:
            found += tasks.table_items(block, at, section)
    return found


def _tasks(found: list[tasks.Item], lead_rule: str | None, known: set[str],
           region: str, period: tuple[int | None, int | None]) -> tuple[list[Section], list[Task]]:
    with_owners = [i for i in found if not i.owners.empty()]
    for item in with_owners:
        known.update(n for n in item.owners.lead + item.owners.responsible + item.owners.participants
                     if len(n) < 12)
    short = {n for n in known if not region or not n.startswith(region)}
    numbers = [i.number for i in with_owners]
    keep_numbers = all(n.isdigit() for n in numbers) and len(set(numbers)) == len(numbers)
    sections: dict[tuple[str, str], Section] = {}
    drafted: list[Task] = []
    for k, item in enumerate(with_owners, 1):
        if item.section not in sections:
            sections[item.section] = Section(len(sections) + 1, item.section[0] or "重点任务",
                                             item.section[1] or item.where)
        title, cut = tasks.title_of(item.text)
        task = Task(int(item.number) if keep_numbers else k, sections[item.section].id, title,
                    item.where, item.text, owners_where=item.owners_where,
                    number="" if keep_numbers else item.number)
        if cut:
            task.reviews.append("标题由首句截取，请核对")
        _owners(task, item.owners, lead_rule, known, short, region)
        _deadline(task, item.owners.deadline, period)
        drafted.append(task)
    return list(sections.values()), drafted


def _owners(task: Task, owners: own.Owners, lead_rule: str | None, known: set[str],
            short: set[str], region: str) -> None:
    # names that run together are split first: 列第一位者 is the first unit, not the first string
    lead, responsible, participants = (_resolve(task, names, known, short, region)
                                       for names in (owners.lead, owners.responsible, owners.participants))
    if lead:
        participants = responsible + participants
    elif responsible and (lead_rule == "first" or owners.first_is_lead):
        lead, participants = responsible[:1], responsible[1:] + participants
    elif responsible:
        lead = responsible
        if len(lead) > 1:
            task.reviews.append("只写了责任单位、没有写明牵头单位：全部记为牵头单位"
                                "（如文件约定“列第一位者为牵头单位”，用 --lead-rule first）")
    else:
        lead, participants = participants[:1], participants[1:]
        task.reviews.append("没有写明牵头单位：暂以第一个参与单位为牵头单位")
    task.lead = lead
    task.participants = [n for n in dict.fromkeys(participants) if n not in lead]
    if owners.open_list:
        task.reviews.append("单位名单以“等”结尾，可能未列全")
    for label in owners.unknown:
        task.reviews.append(f"不认识的标注“{label}”，已略去")


def _deadline(task: Task, text: str, period: tuple[int | None, int | None]) -> None:
    """完成时限 into `deadline` when it names a day in the plan period (长期: none)."""
    from kjcx.plan.officedate import NO_DEADLINE, office_date

    text = text.strip().rstrip("。")
    if not text or text in NO_DEADLINE:
        task.deadline_text = text
        return
    task.deadline_text = text
    day = office_date(text) or office_date(text + "前") or (   # 2025年: by the end of 2025
        office_date(text + "底前") if re.fullmatch(r"\d{4}年", text) else None)
    start, end = period
    if day is None:
        task.reviews.append(f"完成时限“{text}”读不出日期，未写 deadline")
    elif start is not None and end is not None and not start <= day.year <= end:
        task.reviews.append(f"完成时限“{text}”不在规划期内，未写 deadline")
    else:
        task.deadline = day.isoformat()


def _resolve(task: Task, names: list[str], known: set[str], short: set[str], region: str) -> list[str]:
    out: list[str] = []
    for name in names:
        pieces, guessed = units.split_run_together(name, known)
        if len(pieces) > 1:
            how = "按单位名称的结尾拆开" if guessed else "按文中出现过的单位拆开"
            task.reviews.append(f"“{name}”连写，{how}为 {'、'.join(pieces)}")
        for piece in pieces:
            piece = units.canonical(piece, region, short)
            if units.is_placeholder(piece):
                task.reviews.append(f"“{piece}”不是一个具体单位（原文如此）：请改为具体单位，或保留")
            if piece not in out:
                out.append(piece)
    return out


def _units(drafted: list[Task], indicators: list[Indicator], region: str) -> list[Unit]:
    seen: dict[str, Unit] = {}
    for where, names in ([(t.owners_where or t.where, t.lead + t.participants) for t in drafted]
                         + [(i.where, i.lead) for i in indicators]):
        for name in names:
            if name in seen:
                continue
            unit = Unit(name, where)
            alias = units.alias_of(name, region)
            if alias:
                unit.aliases.append(alias)
            if units.is_placeholder(name):
                unit.note = "不是一个具体单位（原文如此）"
            seen[name] = unit
    taken = set(seen)
    for unit in seen.values():
        unit.aliases = [a for a in unit.aliases if a not in taken]
    return list(seen.values())


def _indicators(blocks: list[Block], head) -> tuple[list[Indicator], list[Review]]:
    from kjcx.draft import goals

    found: list[Indicator] = []
    for block in blocks:
        if isinstance(block, Line):
            continue
        cols = annex.columns(block)
        if cols is not None:
            found += annex.indicators(block, cols, annex.label(_before(blocks, block)))
    left = goals.add_prose(found, blocks, head)
    for ind in found:
        ind.targets.sort(key=lambda t: t.year)
        if not ind.writable():   # said in the file's head and the review list, never dropped silently
            why = "；".join(ind.reviews) or "没有读出任何年度目标"
            left.append(Review(ind.where, f"指标“{ind.name}”未写入：{why}"))
            ind.reviews = []
    return [i for i in found if i.writable()], left


def _before(blocks: list[Block], table: Table) -> list[str]:
    """The few lines before a table (附件 … 表), nearest last."""
    at = blocks.index(table)
    return [b.text for b in blocks[max(0, at - 4):at] if isinstance(b, Line)]

