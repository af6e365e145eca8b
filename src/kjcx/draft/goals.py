"""Prose targets into indicators: each sentence read in its heading's year context, a target
the table already has (same year, value and unit, a similar name) cited there, not twice."""

from __future__ import annotations

import re

from kjcx.draft import prose, tasks
from kjcx.draft.document import Block, Line
from kjcx.draft.model import Header, Indicator, Review, Target

_OWNER_LINE = re.compile(r"^[（(]?(?:牵头单位|责任单位|参与单位|配合单位|责任领导)")
_NUMBERING = re.compile(r"^(?:\d{1,3}[.．、](?!\d)|（\d{1,3}）|——|—)")
# what the plan found, not what it aims at: 发展基础、现状、取得的成效
_STATUS_HEADING = re.compile(r"基础|现状|成效|成绩|回顾|背景|形势|基本情况|进展情况")


def add_prose(found: list[Indicator], blocks: list[Block], head: Header) -> list[Review]:
    """Add the targets of every prose sentence to `found` (the table's indicators first);
    the targets seen and not drafted, each with its place."""
    left: list[Review] = []
    label, year, explicit, status = "", None, False, False
    numbers = {"top": "", "sub": ""}
    for block in blocks:
        if not isinstance(block, Line):
            continue
        heading = tasks.heading(block.text)
        if heading is not None:
            kind, title = heading
            mark = (tasks.TOP if kind == "top" else tasks.SUB).match(block.text)
            numbers[kind] = mark.group(1) if mark else ""
            if kind == "top":
                numbers["sub"] = ""
            label = numbers["top"] + (f"({numbers['sub']}) " if numbers["sub"] else " ") + title
            year, explicit = None, False
            status = bool(_STATUS_HEADING.search(title)) and kind == "sub" or (
                kind == "top" and bool(_STATUS_HEADING.search(title)))
            continue
        if _OWNER_LINE.match(block.text) or status:
            continue
        for sentence in re.split(r"[。；;！？]", _NUMBERING.sub("", block.text)):
            if prose.is_status(sentence):
                left += [Review(block.where, f"“{f.clause}”像是现状而不是目标，未写入")
                         for f in prose.targets(sentence, None, bare=False)]
                continue
            said = prose.year_of(sentence)
            if said is not None:
                year, explicit = said, True
            reading = prose.read(sentence, year, bare=explicit)
            for target in reading.found:
                left += _add(found, target, block, label.strip(), head)
            left += [Review(block.where, f"“{c}”是相对基期的目标，未写入：补上基期值（baseline）后可写成 "
                                         "{base_plus: …}") for c in prose.relative(sentence)]
            left += [Review(block.where, f"“{c}”像是目标，但读不出名称、数值和单位，未写入")
                     for c in reading.unread]
            left += [Review(block.where, f"“{c}”说的是资金、经费或它的比例，不作为指标写入；"
                                         "如是要监测的指标，请手工添上") for c in reading.money]
    return left


def _add(found: list[Indicator], f: prose.Found, line: Line, label: str, head: Header) -> list[Review]:
    where = line.where
    review = f.value.review
    year = f.year
    if year is None:
        year = head.end
        review = review or f"原文没有写年份，按规划期末 {head.end} 年记"
    if year is None or head.start is None or head.end is None or not head.start <= year <= head.end:
        span = f"{head.start}—{head.end} 年" if head.start and head.end else "规划期（未找到）"
        return [Review(where, f"“{f.clause}”的年份 {year} 不在{span}内，未写入")]
    source = f"{label} {where}：{f.clause}" if label else f"{where}：{f.clause}"
    same = _same(found, f, year)
    if same is not None:
        same.also.append(source)
        stated = next(t for t in same.targets if t.year == year and _equal(t.value, f.value.value))
        if f.value.stretch and not stated.stretch:
            stated.stretch, stated.note = f.value.stretch, f"力争值出自{where}"
        return []
    conflict = _conflict(found, f, year)
    if conflict is not None:
        conflict.reviews.append(f"{where} 正文写 {year} 年为 {f.value.value}{f.unit}（“{f.clause}”），与表中不同")
        return []
    ind = next((i for i in found if i.name == f.name and i.unit == f.unit), None)
    if ind is None:
        ind = Indicator(f.name, f.unit, where, source, kind=f.kind)
        found.append(ind)
    if f.value.lower:
        ind.direction = "lower"
    if f.period is not None:
        assert f.value.value is not None
        ind.period = (f.period, f.value.value)
        return []
    if any(t.year == year for t in ind.targets):
        ind.reviews.append(f"{where} 又写了 {year} 年目标 {f.value.value}{f.unit}，请核对")
        return []
    assert f.value.value is not None
    ind.targets.append(Target(year, f.value.value, where, f.clause, stretch=f.value.stretch,
                              note=f.value.note, review=review))
    return []


def _same(found: list[Indicator], f: prose.Found, year: int) -> Indicator | None:
    best, score = None, 0
    for ind in found:
        if ind.unit != f.unit or f.period:
            continue
        if any(t.year == year and _equal(t.value, f.value.value) for t in ind.targets):
            s = _common(ind.name, f.name)
            if s >= min(3, len(f.name)) and s > score:
                best, score = ind, s
    return best


def _conflict(found: list[Indicator], f: prose.Found, year: int) -> Indicator | None:
    for ind in found:
        close = _common(ind.name, f.name) >= max(4, 0.8 * max(len(ind.name), len(f.name)))
        if ind.unit == f.unit and close and any(t.year == year for t in ind.targets):
            return ind
    return None


def _equal(a: str, b: str | None) -> bool:
    from decimal import Decimal

    return b is not None and Decimal(a) == Decimal(b)


def _common(a: str, b: str) -> int:
    """The length of the longest common substring of two short names."""
    best = 0
    row = [0] * (len(b) + 1)
    for ca in a:
        prev = 0
        for j, cb in enumerate(b, 1):
            keep = row[j]
            row[j] = prev + 1 if ca == cb else 0
            best = max(best, row[j])
            prev = keep
    return best
