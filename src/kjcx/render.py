"""Tables for people (rich / tabulate / markdown) and JSON / CSV for scripts,
all from the computed rows of compute.py.

Table cells avoid East-Asian ambiguous-width characters (—, “”, …, ·, █):
many CJK terminals draw them two columns wide and the columns drift.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Iterable, Optional, Union

from kjcx.compute import (
    INDICATOR_STATUSES,
    DepartmentResult,
    IndicatorResult,
    TaskResult,
    YearStatus,
)
from kjcx.model import ActionPlan
from kjcx.textsafe import csv_cell, line

STATUS_LABEL = {
    "met": "达标",
    "near": "基本达标",
    "behind": "滞后",
    "severe": "严重滞后",
    "no_data": "无数据",
    "no_target": "无目标",
}
STATUS_STYLE = {
    "met": "green",
    "near": "yellow",
    "behind": "dark_orange",
    "severe": "bold red",
    "no_data": "dim",
    "no_target": "dim",
}
TASK_LABEL = {
    "not_started": "未启动",
    "in_progress": "推进中",
    "done": "已完成",
    "behind": "滞后",
    "no_report": "未报送",
}
OUTLOOK_LABEL = {
    "achieved": "已达成",
    "on_track": "进度正常",
    "at_risk": "有风险",
    "off_track": "偏离目标",
    "moving_away": "反向变动",
    "unknown": "-",
}
OUTLOOK_STYLE = {
    "achieved": "green",
    "on_track": "green",
    "at_risk": "yellow",
    "off_track": "red",
    "moving_away": "bold red",
    "unknown": "dim",
}
CHINESE_NUMERALS = "一二三四五六七八九十"


Cell = Union[str, tuple]  # text, or (text, rich style)


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    align: str = ""  # one letter per column: l / r / c


@dataclass
class Report:
    """What a command prints for people: a heading, tables, a closing line."""

    heading: str
    tables: list[Table]
    headline: Optional[str] = None


# --- numbers -------------------------------------------------------------

_SIX = Decimal("0.000001")
# Rounding a ratio of extreme inputs (up to 1e32) to 6 places needs more digits
# than the default context's 28: without this, InvalidOperation (issue 9 §3).
_WIDE = Context(prec=80)


def json_number(value: Optional[Decimal]):
    """Rounded to 6 places; whole numbers as JSON integers (116, not 116.0)."""
    if value is None or value.__class__ is int:
        return value
    if value == value.to_integral_value():  # most figures: skip the rounding
        return int(value)
    rounded = value.quantize(_SIX, rounding=ROUND_HALF_UP, context=_WIDE)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def show(value: Optional[Decimal], places: int = 2) -> str:
    """A number for a table: at most `places` decimals, no trailing zeros."""
    if value is None:
        return "-"
    text = f"{Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_WIDE):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def show_rate(rate: Optional[Decimal]) -> str:
    return "-" if rate is None else f"{show(rate * 100, 1)}%"


def show_gap(gap: Optional[Decimal], unit: str) -> str:
    if gap is None:
        return "-"
    if gap > 0:
        return f"差 {show(gap)}{unit}"
    if gap < 0:
        return f"超 {show(-gap)}{unit}"
    return "持平"


# --- JSON rows (SPEC §4) --------------------------------------------------

def plan_json(plan: ActionPlan) -> dict:
    return {"name": plan.plan.name, "start": plan.plan.start, "end": plan.plan.end}


def indicator_json(row: IndicatorResult) -> dict:
    ind = row.indicator
    final = row.final
    return {
        "id": ind.id,
        "name": ind.name,
        "unit": ind.unit,
        "direction": ind.direction,
        "kind": ind.kind,
        "lead": list(ind.lead),
        "target": json_number(row.target),
        "target_source": row.target_source,
        "actual": json_number(row.actual),
        "as_of": row.as_of.isoformat() if row.as_of else None,
        "elapsed": None if row.elapsed is None else float(json_number(row.elapsed)),
        "expected": json_number(row.expected),
        "rate": json_number(row.rate),
        "gap": json_number(row.gap),
        "progress": json_number(row.progress),
        "status": row.status,
        "final": None if final is None else {
            "year": final.year,
            "target": json_number(final.target),
            "needed_per_year": json_number(final.needed_per_year),
            "achieved_per_year": json_number(final.achieved_per_year),
            "outlook": final.outlook,
        },
    }


def task_json(row: TaskResult) -> dict:
    task = row.task
    return {
        "id": task.id,
        "section": task.section,
        "title": task.title,
        "lead": list(task.lead),
        "participants": list(task.participants),
        "status": row.status,
        "percent": json_number(row.percent),
        "as_of": row.as_of.isoformat() if row.as_of else None,
        "lagging": row.lagging,
    }


def department_json(row: DepartmentResult) -> dict:
    return {
        "name": row.name,
        "lead_items": row.lead_items,
        "lagging_lead": row.lagging_lead,
        "lagging_participating": row.lagging_participating,
        "missing_reports": row.missing_reports,
        "score": json_number(row.score),
        "lagging": row.lagging,
    }


def status_json(st: YearStatus) -> dict:
    return {
        "schema": "kjcx.status/1",
        "plan": plan_json(st.plan),
        "year": st.year,
        "indicators": [indicator_json(r) for r in st.indicators],
        "tasks": [task_json(r) for r in st.tasks],
        "departments": [department_json(r) for r in st.departments],
        "summary": {
            "indicators": dict(st.summary.indicators),
            "tasks": dict(st.summary.tasks),
            "lagging_departments": list(st.summary.lagging_departments),
        },
    }


def dumps(document: dict) -> str:
    """JSON with one top-level key per line and one row object per line.

    Readable, greppable and diffable, and fast: json's C encoder only runs
    without `indent`, which costs seconds on a 10,000-indicator plan.
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    lines = []
    for key, value in document.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            rows = ",\n    ".join(encode(row) for row in value)
            text = f"[\n    {rows}\n  ]"
        else:
            text = encode(value)
        lines.append(f"  {encode(key)}: {text}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


# --- CSV -----------------------------------------------------------------

def csv_text(rows: Iterable[dict]) -> str:
    """Flat rows (lists joined by ';', final.* as final_*) as CSV with a BOM.

    The BOM is for Excel on Windows, where these files are opened: without it
    Excel reads UTF-8 as GBK and the Chinese turns to mojibake. Python's
    csv/pandas read it with encoding='utf-8-sig'; scripts should prefer JSON.
    """
    flat = [_flatten(r) for r in rows]
    out = io.StringIO()
    out.write("\ufeff")
    if flat:
        writer = csv.DictWriter(out, fieldnames=list(flat[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in flat)
    return out.getvalue()


def _flatten(row: dict, prefix: str = "") -> dict:
    flat: dict = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) or (value is None and key == "final"):
            flat.update(_flatten(value or dict.fromkeys(
                ("year", "target", "needed_per_year", "achieved_per_year", "outlook")), name + "_"))
        elif isinstance(value, list):
            flat[name] = ";".join(str(v) for v in value)
        elif value is None:
            flat[name] = ""
        elif isinstance(value, bool):
            flat[name] = "true" if value else "false"
        else:
            flat[name] = value
    return flat


# --- tables for people ----------------------------------------------------

def plan_heading(plan: ActionPlan, year: Optional[int], default_year: bool = False) -> str:
    if year is None:
        return f"{plan.plan.name}  {plan.plan.start}-{plan.plan.end} 年"
    note = "（最近有数据的年份）" if default_year else ""
    return f"{plan.plan.name}  {year} 年{note}"


def _as_of_label(as_of) -> str:
    """Evaluation date for a cell: 年末 for a year-end figure (as_of is 12-31), else MM-DD."""
    if as_of is None:
        return "-"
    return "年末" if (as_of.month, as_of.day) == (12, 31) else as_of.strftime("%m-%d")


def indicator_table(rows: list[IndicatorResult], *, with_year: bool = False,
                    title: str = "指标完成情况") -> Table:
    headers = (["年份"] if with_year else []) + [
        "指标", "单位", "年度目标", "实际", "截至", "序时应达", "完成率", "差距", "状态", "期末展望"]
    table = Table(title, headers, align=("r" if with_year else "") + "llrrlrrrll")
    for r in rows:
        target = show(r.target, 4)
        if r.target_source == "interpolated":
            target += " (插值)"
        outlook = r.final.outlook if r.final else "unknown"
        table.rows.append(([str(r.year)] if with_year else []) + [
            r.indicator.name,
            r.indicator.unit,
            target,
            show(r.actual, 4),
            _as_of_label(r.as_of),
            show(r.expected),
            show_rate(r.rate),
            show_gap(r.gap, r.indicator.unit),
            (STATUS_LABEL[r.status], STATUS_STYLE[r.status]),
            (OUTLOOK_LABEL[outlook], OUTLOOK_STYLE[outlook]),
        ])
    return table


def task_table(rows: list[TaskResult], title: str = "重点任务") -> Table:
    table = Table(title, ["编号", "任务", "牵头单位", "参与单位", "状态", "进度", "截至", "是否滞后"],
                  align="rllllrll")
    for r in rows:
        lagging = ("滞后", "bold red") if r.lagging else ("否", "")
        status_style = "red" if r.status == "behind" else ("dim" if r.status == "no_report" else "")
        table.rows.append([
            str(r.task.id),
            r.task.title,
            "、".join(r.task.lead),
            "、".join(r.task.participants) or "-",
            (TASK_LABEL[r.status], status_style),
            "-" if r.percent is None else f"{show(r.percent, 1)}%",
            _as_of_label(r.as_of),
            lagging,
        ])
    return table


def section_table(st: YearStatus) -> Table:
    table = Table("重点任务（按章节）", ["章节", "任务数", "已完成", "推进中", "未启动", "滞后", "未报送", "滞后任务"],
                  align="lrrrrrrl")
    by_section: dict[int, list[TaskResult]] = {}
    for r in st.tasks:
        by_section.setdefault(r.task.section, []).append(r)
    for index, section in enumerate(st.plan.sections):
        rows = by_section.get(section.id, [])
        count = {k: sum(r.status == k for r in rows) for k in TASK_LABEL}
        lagging = [str(r.task.id) for r in rows if r.lagging]
        number = CHINESE_NUMERALS[index] if index < len(CHINESE_NUMERALS) else str(index + 1)
        table.rows.append([
            f"{number}、{section.title}",
            str(len(rows)),
            str(count["done"]),
            str(count["in_progress"]),
            str(count["not_started"]),
            str(count["behind"]),
            (str(count["no_report"]), "yellow" if count["no_report"] else ""),
            ("、".join(lagging), "bold red") if lagging else "-",
        ])
    return table


def department_table(rows: list[DepartmentResult], title: str = "责任单位") -> Table:
    table = Table(title, ["排名", "单位", "牵头事项", "牵头滞后", "参与滞后", "未报送", "得分", "结论"],
                  align="rlrrrrrl")
    for rank, r in enumerate(rows, 1):
        table.rows.append([
            str(rank),
            (r.name, "bold red") if r.lagging else r.name,
            str(r.lead_items),
            str(r.lagging_lead),
            str(r.lagging_participating),
            str(r.missing_reports),
            show(r.score, 1),
            ("滞后", "bold red") if r.lagging else ("正常", "green"),
        ])
    return table


def headline(st: YearStatus) -> str:
    counts = st.summary.indicators
    parts = "，".join(f"{STATUS_LABEL[k]} {counts[k]}" for k in INDICATOR_STATUSES)
    tasks = st.summary.tasks
    lagging = st.summary.lagging_departments
    text = (f"{len(st.indicators)} 项指标：{parts}。"
            f"{len(st.tasks)} 项任务：滞后 {tasks['lagging']}，未报送 {tasks['no_report']}，"
            f"已完成 {tasks['done']}。")
    if lagging:
        text += f"滞后单位 {len(lagging)} 个：{'、'.join(lagging)}。"
    else:
        text += "无滞后单位。"
    return text


def status_report(st: YearStatus, default_year: bool = False) -> Report:
    tables = [indicator_table(st.indicators)]
    if st.tasks:
        tables.append(section_table(st))
    tables.append(department_table(st.departments))
    return Report(plan_heading(st.plan, st.year, default_year), tables, headline(st))


# --- output ---------------------------------------------------------------

# Ambiguous-width punctuation -> unambiguous equivalents, for table cells only
# (the data and the JSON keep the user's text as written).
_UNAMBIGUOUS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-",
                              "…": "...", "·": "・", "×": "x", "°": " deg"})


def _text(cell: Cell) -> str:
    return line((cell[0] if isinstance(cell, tuple) else cell).translate(_UNAMBIGUOUS))


def plain_text(report: Report, markdown: bool = False) -> str:
    out = [f"# {report.heading}" if markdown else report.heading, ""]
    for table in report.tables:
        out.append(f"## {table.title}" if markdown else f"【{table.title}】")
        if table.rows:
            rows = [[_text(c) for c in row] for row in table.rows]
            out.append(_markdown_table(table, rows) if markdown else _plain_table(table, rows))
        else:
            out.append("（无）")
        out.append("")
    if report.headline:
        out.append(report.headline)
    return "\n".join(out).rstrip("\n") + "\n"


def _markdown_table(table: Table, rows: list[list[str]]) -> str:
    from tabulate import tabulate  # with wcwidth installed, CJK counts two columns

    align = [{"l": "left", "r": "right", "c": "center"}[a] for a in table.align] or None
    return tabulate(rows, headers=table.headers, tablefmt="github", colalign=align,
                    disable_numparse=True)


def display_width(text: str) -> int:
    """Terminal columns of `text`: East-Asian wide/full-width characters take two.

    unicodedata rather than wcwidth here: `plain` is the default output of every
    piped command, and importing tabulate + wcwidth costs more than all of
    kjcx's own start-up (SPEC §6). Table cells hold no ambiguous-width
    characters (see _UNAMBIGUOUS); tests check the result with wcwidth.
    """
    from unicodedata import combining, east_asian_width

    width = 0
    for ch in text:
        if ch.isascii():
            width += ch.isprintable()
        elif not combining(ch):
            width += 2 if east_asian_width(ch) in "WF" else 1
    return width


def _plain_table(table: Table, rows: list[list[str]]) -> str:
    """Columns two spaces apart under a rule of dashes (tabulate's "simple" look)."""
    lines = [table.headers] + rows
    widths = [max(display_width(line[i]) for line in lines) for i in range(len(table.headers))]
    align = table.align or "l" * len(widths)

    def row(cells):
        padded = []
        for cell, width, how in zip(cells, widths, align):
            gap = " " * (width - display_width(cell))
            padded.append(gap + cell if how == "r" else cell + gap)
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([row(table.headers), rule] + [row(r) for r in rows])


_ASCII_SIMPLE = "    \n    \n -- \n    \n    \n -- \n    \n    \n"


def print_rich(report: Report, *, color: bool, file=None) -> None:
    from rich.box import Box
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(file=file, no_color=not color, highlight=False,
                      emoji=False, soft_wrap=False)
    if not console.is_terminal:
        console.width = 160  # piped or captured: no terminal width to honour
    console.print(Text(report.heading, style="bold"))
    for table in report.tables:
        # ASCII rules only: box-drawing characters are ambiguous-width in CJK terminals.
        rich_table = RichTable(title=table.title, title_justify="left", title_style="bold",
                               header_style="bold", box=Box(_ASCII_SIMPLE), show_edge=False)
        for header, align in zip(table.headers, table.align or "l" * len(table.headers)):
            rich_table.add_column(header, justify={"l": "left", "r": "right", "c": "center"}[align])
        for row in table.rows:
            rich_table.add_row(*[Text(_text(c), style=c[1] if isinstance(c, tuple) else "")
                                 for c in row])
        console.print(rich_table)
        console.print()
    if report.headline:
        console.print(Text(report.headline, style="bold"))
