"""Excel workbooks for people (`-o x.xlsx` on status, indicators, tasks, departments).

    save(report, path, typed)   one sheet per table of the report, and a 说明 sheet

The sheets are the tables people see in the terminal (views/tables.py): the same
headers, labels and words. What is a number is written as a number: figures as
the JSON has them, 完成率 and 序时进度 as percent cells, 超/低于序时 and 差距 as
numbers whose cell format says them in words (built from words.py, so a cell
reads "超序时 1.7 个百分点" and still sorts and sums). CSV stays for scripts.

openpyxl is imported inside the functions (kjcx --help stays light).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Optional

from kjcx import columns, words
from kjcx.cleantext import line
from kjcx.method.compute import IndicatorResult, TaskResult
from kjcx.views import json_docs
from kjcx.views.layout import Cell, display_width

# A typed cell: (value, number format); None: the table's text is written.
Typed = tuple[Any, str]
TypedRows = list[dict[str, Typed]]

PERCENT = "0.0%"
MAX_WIDTH = 50  # wider text wraps inside its column
_FONT_COLOURS = {"red": "C00000", "dark_orange": "C55A11", "yellow": "9C6500", "green": "00612E",
                 "dim": "808080"}
_SAMPLE = Decimal("1.5")


# --- number formats that speak the tables' words ------------------------------------

def _literal(text: str) -> str:
    return f'"{text}"' if text else ""


def _phrase_format(say: Callable[[Decimal], str], code: str) -> str:
    """positive;negative;zero sections from what words.py says for +1.5, -1.5 and 0:
    the number's place in each phrase becomes `code` (Excel shows no sign there)."""
    sections = []
    for value in (_SAMPLE, -_SAMPLE):
        text = say(value)
        before, _, after = text.partition(words.num(_SAMPLE, 4))
        sections.append(_literal(before.replace('"', "")) + code + _literal(after.replace('"', "")))
    sections.append(_literal(say(Decimal(0)).replace('"', "")))
    return ";".join(sections)


def ahead_format() -> str:
    # plain positive;negative;zero sections (Excel and LibreOffice both drop the sign in
    # the negative one): the exact figure is kept, so an ahead under 0.05 points reads
    # 超序时 0.0 个百分点 where the terminal table rounds it to 持平
    return _phrase_format(words.ahead_short, "0.0")


def gap_format(direction: str, unit: str) -> str:
    return _phrase_format(lambda v: words.gap_phrase(v, direction, unit), "General")


def _target_format(cell: Cell) -> str:
    """128 with （插值） or （修订 r1） after it, as the table shows it."""
    suffix = "".join(text for text, _ in cell.pieces[1:])
    return "General" + _literal(suffix.replace('"', ""))


# --- typed cells of each kind of row ---------------------------------------------------
# Typed cells are matched to the table's columns by header: the registry's (kjcx.columns).
_HEADER = {c.key: c.header for c in [columns.YEAR, *columns.INDICATOR]}
_TASK_HEADER = {c.key: c.header for c in columns.TASK}

def indicator_values(rows: list[IndicatorResult], with_year: bool = False) -> TypedRows:
    from kjcx.views.tables import target_cell

    out = []
    for r in rows:
        doc = json_docs.indicator_json(r)
        by_key: dict[str, Typed] = {
            "target": (doc["target"], _target_format(target_cell(r))),
            "actual": (doc["actual"], "General"),
            "expected": (doc["expected"], "General"),
            "completion": (doc["completion"], PERCENT),
            "schedule": (doc["schedule"], PERCENT),
            "ahead": (doc["ahead"], ahead_format()),
            "gap": (doc["gap"], gap_format(r.indicator.direction, r.indicator.unit)),
        }
        _kind_cells(r, doc, by_key)
        if with_year:
            by_key["year"] = (r.year, "0")
        values = {_HEADER[key]: typed for key, typed in by_key.items()}
        out.append(values)
    return out


def _kind_cells(r: IndicatorResult, doc: dict, by_key: dict[str, Typed]) -> None:
    """The cells whose words depend on the kind, as the table writes them: a period
    row's 目标进度/时间进度 and its points against 时间进度; a % level or flow
    indicator's points against 序时应达 (A - E); a rate's or rank's gap in its own
    words (as text: no cell format says 落后目标 1 位 by sign)."""
    period = doc["period"]
    if period is not None:
        by_key["progress"] = (period["progress"], PERCENT)
        by_key["time"] = (period["time"], PERCENT)
        if doc["ahead"] is None and period["ahead"] is not None:
            by_key["ahead"] = (period["ahead"], _phrase_format(words.time_ahead_short, "0.0"))
    plain_kind = r.indicator.kind in ("level", "flow")
    if plain_kind and words.is_percent(r.indicator.unit) and doc["ahead"] is not None:
        a_minus_e = None if r.actual is None or r.expected is None else json_docs.number(r.actual - r.expected)
        by_key["ahead"] = (a_minus_e, _phrase_format(words.ahead_value_short, "General"))
    if not plain_kind:
        del by_key["gap"]


def task_values(rows: list[TaskResult]) -> TypedRows:
    out = []
    for r in rows:
        percent = None if r.percent is None else json_docs.number(r.percent / 100)
        whole = r.percent is None or r.percent == r.percent.to_integral_value()
        out.append({_TASK_HEADER["id"]: (r.task.id, "0"),
                    _TASK_HEADER["percent"]: (percent, "0%" if whole else PERCENT)})
    return out


# --- the workbook ------------------------------------------------------------------------

def save(report, path: Path, typed: Optional[list[Optional[TypedRows]]] = None) -> None:
    """Write `report` (tables.Report) as a workbook; typed[i]: typed cells of table i's rows."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for index, table in enumerate(report.tables):
        rows = (typed or [])[index] if typed and index < len(typed) else None
        _table_sheet(wb.create_sheet(_sheet_name(table.title, used)), report.heading, table, rows)
    _notes_sheet(wb.create_sheet(_sheet_name("说明", used)), report)
    wb.active = 0
    wb.save(path)


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "_", line(title)).strip("'") or "表"
    name, n = name[:31], 2
    base = name
    while name in used:
        suffix = f"_{n}"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _cell_text(cell) -> tuple[str, str]:
    """(text, rich style) of a terminal table cell."""
    if isinstance(cell, Cell):
        return cell.text, cell.style
    if isinstance(cell, tuple):
        return str(cell[0]), str(cell[1]) if len(cell) > 1 else ""
    return str(cell), ""


def _write(cell, value) -> None:
    """Text never becomes a formula: =, +, -, @ stay text."""
    if isinstance(value, str):
        cell.value = line(value)
        cell.data_type = "s"
        if value[:1] in ("=", "+", "-", "@") and value != "-":
            cell.quotePrefix = True
    else:
        cell.value = value


_INTEGER = re.compile(r"[0-9]{1,15}\Z")


def _table_sheet(ws, heading: str, table, typed: Optional[TypedRows]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    headers = [line(h) for h in table.headers]
    align = table.align or "l" * len(headers)
    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    _write(ws.cell(1, 1), f"{line(heading)}  {line(table.title)}")
    ws.cell(1, 1).font = Font(bold=True, size=13)
    widths = [display_width(h) for h in headers]
    for col, header in enumerate(headers, 1):
        cell = ws.cell(2, col)
        _write(cell, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(table.rows, 3):
        values = typed[r - 3] if typed and r - 3 < len(typed) else {}
        for col, raw in enumerate(row, 1):
            text, style = _cell_text(raw)
            cell = ws.cell(r, col)
            header = headers[col - 1]
            if header in values:
                value, number_format = values[header]
                _write(cell, value)
                cell.number_format = number_format
            elif _INTEGER.match(text):
                _write(cell, int(text))
            else:
                _write(cell, text)
            widths[col - 1] = max(widths[col - 1], display_width(text))
            horizontal = {"l": "left", "r": "right", "c": "center"}.get(align[col - 1], "left")
            # an indent on both sides: a right-aligned 0 never reads as one with the next
            # column's left-aligned 2 (02)
            cell.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=True,
                                       indent=1 if horizontal != "center" else 0)
            cell.border = border
            colour = next((c for name, c in _FONT_COLOURS.items() if name in style.split()), None)
            if colour or "bold" in style.split():
                cell.font = Font(color=colour, bold="bold" in style.split())
    for col, width in enumerate(widths, 1):
        # Excel measures a column in widths of "0"; a CJK character takes two
        ws.column_dimensions[get_column_letter(col)].width = min(max(width, 4) + 4, MAX_WIDTH)
    print_setup(ws, header_row=2)


def print_setup(ws, header_row: int, frozen_columns: int = 0) -> None:
    """A sheet for people on paper: header row frozen (and the first columns, when
    asked), A4 landscape fitted to the width, the header repeated, page numbers."""
    ws.freeze_panes = ws.cell(header_row + 1, frozen_columns + 1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _notes_sheet(ws, report) -> None:
    from openpyxl.styles import Alignment, Font

    lines = [report.heading, ""]
    if report.headline:
        lines += [report.headline, ""]
    lines += list(report.notes)
    for r, text in enumerate(lines, 1):
        _write(ws.cell(r, 1), text)
        ws.cell(r, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.cell(1, 1).font = Font(bold=True, size=13)
    ws.column_dimensions["A"].width = 100
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
