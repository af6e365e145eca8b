"""Indicators from a target table: 序号 | 指标（单位） | year columns (a Word table or the
text's tab-separated rows), with an optional 单位, 牵头单位, 基期 and 属性 column."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kjcx.draft import owners as own
from kjcx.draft import values
from kjcx.draft.document import Table
from kjcx.draft.model import Indicator, Target

_YEAR = re.compile(r"^(\d{4})年?(?:年度)?(?:目标|目标值|预期目标|预期值|计划|计划目标|任务)?$")
_BASE = re.compile(r"^(?:(\d{4})年?(?:基期|基数|现状|基期值|基准值|完成|实际)值?"
                   r"|(?:基期|基数|现状)值?[（(]?(\d{4})年?[）)]?)$")
_NAME = ("指标", "目标", "名称", "项目", "内容", "工作目标", "指标名称", "主要指标")
_UNIT = re.compile(r"^(.*?)[（(]([^（）()]{1,10})[）)]$")


@dataclass(frozen=True)
class Columns:
    header: int
    name: int
    years: dict[int, int]            # column -> year
    number: int | None = None
    unit: int | None = None
    lead: int | None = None
    base: tuple[int, int] | None = None   # (column, year)
    binding: int | None = None


def columns(table: Table) -> Columns | None:
    """The columns of a target table, or None when `table` is not one."""
    for r, row in enumerate(table.rows[:3]):
        heads = [re.sub(r"[\s（）()]", "", c) for c in row]
        years = {c: int(m.group(1)) for c, h in enumerate(heads) if (m := _YEAR.match(h))}
        name = next((c for c, h in enumerate(heads)
                     if c not in years and any(h.startswith(n) or h.endswith(n) for n in _NAME)
                     and not own.role_of_header(h)), None)
        if not years or name is None:
            continue
        base = next(((c, int(m.group(1) or m.group(2))) for c, h in enumerate(heads)
                     if (m := _BASE.match(h))), None)
        return Columns(
            r, name, years,
            number=next((c for c, h in enumerate(heads) if h in ("序号", "编号")), None),
            unit=next((c for c, h in enumerate(heads) if h in ("单位", "计量单位") and c != name), None),
            lead=next((c for c, h in enumerate(heads) if own.role_of_header(h) in ("lead", "responsible")),
                      None),
            base=base,
            binding=next((c for c, h in enumerate(heads) if h in ("属性", "指标属性", "性质")), None))
    return None


def label(before: list[str]) -> str:
    """The source prefix of a table from the lines before it: 附件 年度分解表, 附表 主要指标."""
    where = "附表 " if any("附表" in b for b in before) else "附件 " if any("附件" in b for b in before) else ""
    titles = [b for b in before if b.endswith("表")] or [b for b in before if "指标" in b or "目标" in b]
    title = titles[-1] if titles else ""
    if not title.endswith("表"):
        title = re.sub(r"^(?:附件|附表)\d*[：:]?", "", title).strip()[:16]
        return where + (title or "目标表")
    return where + table_name(title)


def table_name(title: str) -> str:
    """年度分解表 of "…重点任务工作目标年度分解表": the short name of a table's title."""
    title = re.sub(r"[（(][^（）()]*[）)]", "", title).strip("：: ")
    if not title.endswith("表"):
        return "目标表"
    at = title.rfind("年度")
    at = at if at >= 0 else max(title.rfind("指标"), title.rfind("目标"))
    return title[at:] if at >= 0 else title[-6:]


def indicators(table: Table, cols: Columns, label: str) -> list[Indicator]:
    """One indicator per row with a name; `label` is 附件 年度分解表 (the source prefix)."""
    found: list[Indicator] = []
    ordinal = 0
    for r in range(cols.header + 1, len(table.rows)):
        row = table.rows[r] + [""] * (len(table.rows[cols.header]) - len(table.rows[r]))
        written = row[cols.name].strip()
        if not written or len({c for c in row if c}) == 1:
            continue   # an empty row or a group heading
        ordinal += 1
        number = row[cols.number] if cols.number is not None and row[cols.number].isdigit() else str(ordinal)
        where = table.wheres[r]
        name, unit = split_unit(written)
        if cols.unit is not None and row[cols.unit]:
            unit = row[cols.unit]
        ind = Indicator(name=name, unit=unit, where=where, source=f"{label} 第{number}行")
        if not unit:
            ind.reviews.append("表中没有写单位，请填写 unit")
        if cols.lead is not None and row[cols.lead]:
            ind.lead = own.cell(row[cols.lead], "lead").lead
        if cols.binding is not None and "约束" in row[cols.binding]:
            ind.binding = True
        _row_targets(ind, table, cols, r, row)
        found.append(ind)
    return found


def split_unit(written: str) -> tuple[str, str]:
    """("全区有效发明专利", "件") of "全区有效发明专利（件）"."""
    m = _UNIT.match(written)
    if m and m.group(1):
        return m.group(1).strip(), m.group(2).strip()
    return written, ""


def _row_targets(ind: Indicator, table: Table, cols: Columns, r: int, row: list[str]) -> None:
    if cols.base is not None:
        base = values.read(row[cols.base[0]])
        if base is not None and base.value is not None and base.stretch is None:
            ind.baseline = (cols.base[1], base.value)
    for c, year in sorted(cols.years.items(), key=lambda cy: cy[1]):
        read = values.read(row[c])
        if read is None:
            continue
        where = table.cell_where(r, c)
        if read.unreadable:
            ind.reviews.append(f"{where}：{read.review}")
            continue
        if read.period is not None:
            ind.period = ("cumulative", read.period)
            ind.kind = ("reduction" if re.search(r"降低|下降|减少", ind.name)
                        else "growth" if re.search(r"增长|提高|增加", ind.name) else "level")
            if ind.kind == "level":
                ind.reviews.append(f"{where}：〔{read.period}〕是规划期累计目标，"
                                   "请写明 kind: growth（增长）或 reduction（降低）和 period")
            continue
        if read.lower:
            ind.direction = "lower"
        assert read.value is not None
        ind.targets.append(Target(year, read.value, where, row[c], stretch=read.stretch,
                                  note=read.note, review=read.review))
