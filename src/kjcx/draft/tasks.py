"""Sections and tasks: headings (一、… / （一）…), numbered items ("1. 实现创新平台提质增效。…")
with their owner clause or labelled lines, and the rows of a 分工 table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kjcx.draft import owners as own
from kjcx.draft.document import Block, Line, Table

TOP = re.compile(r"^([一二三四五六七八九十]{1,3})[、．.]\s*(.+)$")
SUB = re.compile(r"^（([一二三四五六七八九十]{1,3})）\s*(.+)$")
CHAPTER = re.compile(r"^第([一二三四五六七八九十]{1,3})(?:章|部分|篇)\s*(.+)$")
_ITEM = re.compile(r"^(\d{1,3})[.．、](?!\d)\s*(.+)$")
_ITEM_PAREN = re.compile(r"^（(\d{1,3})）\s*(.+)$")
_TASK_HEADERS = ("任务", "工作任务", "重点任务", "主要任务", "工作内容", "具体任务", "任务内容", "任务名称",
                 "工作措施", "主要措施", "具体措施", "重点工作", "工作事项", "事项", "工作举措", "主要举措",
                 "具体举措", "重点举措", "举措", "措施", "工作要点", "重点项目")


@dataclass
class Item:
    """A task as found, before its units are resolved."""

    number: str
    section: tuple[str, str]       # (title, where) of its heading
    where: str
    lines: list[str] = field(default_factory=list)
    owners: own.Owners = field(default_factory=own.Owners)
    owners_where: str = ""
    closed: bool = False
    pending: bool = False      # a （一） heading: a task only if owners follow before an item

    @property
    def text(self) -> str:
        return "".join(self.lines)


def heading(text: str) -> tuple[str, str] | None:
    """('top' | 'sub', title) for a heading line."""
    for kind, pattern in (("top", TOP), ("top", CHAPTER), ("sub", SUB)):
        m = pattern.match(text)
        if m and len(m.group(2)) <= 80 and not re.match(r"^\d", m.group(2)):
            title = m.group(2).strip().rstrip("。")
            rule = own.trailing_clause(title)
            if rule is not None and own.LEAD_RULE.search(rule[1]):
                title = rule[0]   # 主要任务（列第一位者为牵头单位，下同）: the rule is not the title
            return kind, title
    return None


def items(blocks: list[Block]) -> list[Item]:
    """Every numbered item (and task heading) with an owner clause, labelled lines or none."""
    found: list[Item] = []
    top: tuple[str, str] = ("", "")
    sub: tuple[str, str] | None = None
    current: Item | None = None
    for block in blocks:
        if isinstance(block, Table):
            current = None
            continue
        text = block.text
        head = heading(text)
        if head is not None:
            current = None
            if head[0] == "top":
                top, sub = (head[1], block.where), None
                continue
            # a （一） heading is a section, unless its own text carries the owners (then,
            # or when the paragraphs under it do before any numbered item, it is a task)
            sub = (head[1], block.where)
            mark = SUB.match(text)
            current = Item(mark.group(1) if mark else "", top, block.where, pending=True)
            text = head[1] if own.trailing_clause(head[1]) else head[1] + "。"   # the title ends there
        elif (long := SUB.match(text)) and (current is None or current.closed or current.pending):
            current = Item(long.group(1), top, block.where)   # （一）a whole paragraph: a task
            found.append(current)
            text = long.group(2)
        elif m := (_ITEM.match(text) or (None if current and not current.closed and not current.pending
                                         else _ITEM_PAREN.match(text))):
            current = Item(m.group(1), sub or top, block.where)
            found.append(current)
            text = m.group(2)
        elif current is None or current.closed:
            current = None
            continue
        labelled = own.labelled_line(text)
        if labelled is not None:
            current.owners.add(labelled[1])
            if labelled[1].lead or labelled[1].responsible or labelled[1].participants or labelled[1].deadline:
                current.owners_where = current.owners_where or block.where
                _promote(current, found)
            continue
        current.lines.append(text)
        clause = own.trailing_clause(text) or own.trailing_labels(text)
        if clause is None and (tail := own.trailing_deadline(text)) is not None:
            owned = own.trailing_clause(tail[0])   # （牵头单位：A）完成时限：2024年6月底前。
            clause = (owned[0], f"{owned[1]}；{tail[1]}") if owned is not None else None
        if clause is not None:
            _attach(current, block, clause[1])
            current.lines[-1] = clause[0]
            current.closed = True
            _promote(current, found)
    return found


def _promote(item: Item, found: list[Item]) -> None:
    """A （一） heading whose owners came before any numbered item is a task itself."""
    if item.pending:
        item.pending = False
        found.append(item)


def _attach(item: Item, line: Line, content: str) -> None:
    item.owners.add(own.parse(content))
    item.owners_where = line.where


def title_of(text: str) -> tuple[str, bool]:
    """(title, cut): an item's lead phrase; `cut` when it had to be cut short."""
    text = text.strip()
    m = re.match(r"^(.{2,40}?)[。：:；;！]", text)
    if m:
        return m.group(1).strip(), False
    if len(text) <= 40:
        return text.rstrip("。"), False
    m = re.match(r"^(.{4,40}?)[，,]", text)
    return (m.group(1) if m else text[:30]), True


def is_task_table(table: Table) -> int | None:
    """The header row index of a 分工 table (任务 | 牵头单位 | 责任单位 | 完成时限), or None."""
    for r, row in enumerate(table.rows[:3]):
        task = any(c.replace(" ", "") in _TASK_HEADERS for c in row)
        if task and any(own.role_of_header(c) for c in row):
            return r
    return None


def table_items(table: Table, header: int, section: tuple[str, str]) -> list[Item]:
    """One item per row of a 分工 table; a row with the same text in every cell (or only a
    heading) opens a section; a row without a task continues the previous task's units."""
    names = table.rows[header]
    roles = {c: own.role_of_header(h) for c, h in enumerate(names)}
    due = next((c for c, h in enumerate(names) if own.is_deadline_header(h)), None)
    task_col = next(c for c, h in enumerate(names) if h.replace(" ", "") in _TASK_HEADERS)
    number_col = next((c for c, h in enumerate(names) if h in ("序号", "编号")), None)
    found: list[Item] = []
    for r in range(header + 1, len(table.rows)):
        row = table.rows[r]
        filled = {c for c in row if c}
        first = next((c for c, text in enumerate(row) if text), 0)
        if len(filled) == 1 and not roles.get(first):   # not a unit continuing the row above
            only = next(iter(filled))
            head = heading(only)
            section = ((head[1] if head else only), table.wheres[r])
            continue
        task_text = row[task_col] if task_col < len(row) else ""
        if task_text:
            number = row[number_col] if number_col is not None and number_col < len(row) else ""
            found.append(Item(number or str(len(found) + 1), section, table.wheres[r], [task_text]))
            found[-1].owners_where = table.wheres[r]
        elif not found:
            continue
        for c, role in roles.items():
            if role and c < len(row) and row[c]:
                found[-1].owners.add(own.cell(row[c], role))
        if due is not None and due < len(row) and row[due] and not found[-1].owners.deadline:
            found[-1].owners.deadline = row[due]
    return found
