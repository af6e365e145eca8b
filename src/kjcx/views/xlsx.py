"""Excel workbooks for people (`-o x.xlsx` on status, indicators, tasks, departments).

    save(report, path)   one sheet per table of the report, and a 说明 sheet

The sheets are the tables people see in the terminal (views/tables.py): the same
cells, made by the same binder of each column (views/cells). What is a number is
written as a number: figures as the JSON has them, 完成率 and 序时进度 as percent
cells, 超/低于序时 and 差距 at the precision the table shows them, in a cell format
that says them in words (so a cell reads "超序时 1.7 个百分点" and still sorts and
sums). CSV stays for scripts.

openpyxl is imported inside the functions (kjcx --help stays light).
"""

from __future__ import annotations

import re
from pathlib import Path

from kjcx.cleantext import line
from kjcx.statuses import STYLE_COLOUR
from kjcx.views.cells import number
from kjcx.views.layout import Cell, display_width

MAX_WIDTH = 50  # wider text wraps inside its column


# --- the workbook ------------------------------------------------------------------------

def save(report, path: Path) -> None:
    """Write `report` (tables.Report) as a workbook: a cell that is a number (its binder
    gave it a value and a format, views/cells) is written as that number."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for table in report.tables:
        _table_sheet(wb.create_sheet(_sheet_name(table.title, used)), report.heading, table)
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


def _table_sheet(ws, heading: str, table) -> None:
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
        for col, raw in enumerate(row, 1):
            text, style = _cell_text(raw)
            cell = ws.cell(r, col)
            if isinstance(raw, Cell) and raw.fmt:
                _write(cell, number(raw.value))  # exact, as the JSON rounds it
                cell.number_format = raw.fmt
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
            colour = next((c for name, c in STYLE_COLOUR.items() if name in style.split()), None)
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
