"""A report (views.tables.Report) as text: lines for a terminal `width` wide (plain, or
rich with styles), and markdown for documents (every column, nothing wrapped).

Tables fit the terminal by kjcx.views.layout (docs/tables.md).
"""

from __future__ import annotations

import sys

from kjcx.cleantext import line
from kjcx.views.layout import Cell
from kjcx.views.tables import Report, Table

Segment = tuple[str, str]  # (text, rich style)


def _cells(table: Table) -> list[list[Cell]]:
    kinds = table.wrap or "".join("t" if a == "l" else "a"
                                  for a in (table.align or "l" * len(table.headers)))
    out = []
    for row in table.rows:
        cells = []
        for value, kind in zip(row, kinds):
            if isinstance(value, Cell):
                cells.append(Cell(tuple((line(t), k) for t, k in value.pieces), value.style))
            else:
                text, style = value if isinstance(value, tuple) else (value, "")
                cells.append(Cell(((line(str(text)), kind),), style))
        out.append(cells)
    return out


def _spec(table: Table):
    from kjcx.views.layout import Spec, clean

    headers = [clean(h) for h in table.headers]
    return Spec(headers, table.align or "l" * len(headers),
                [table.comfort.get(h, 0) for h in table.headers],
                table.drop, table.fold, table.title_fold)


def report_lines(report: Report, width: int, wide: bool = False,
                 rich: bool = False) -> list[list[Segment]]:
    """Every line of a report for a terminal `width` columns wide (plain: titles in
    【】; rich: bold titles)."""
    from kjcx.views.layout import arrange, clean, grid_lines, stacked_lines, wrap_text

    def para(text: str, style: str = "", indent: str = "", hang: str = "") -> list[list[Segment]]:
        return [[(line, style)] for line in wrap_text(clean(text), width, indent, hang)]

    bold = "bold" if rich else ""
    out = para(report.heading, bold) + [[]]
    for table in report.tables:
        rows = _cells(table)
        grid = arrange(_spec(table), rows, width, wide) if rows else None
        title = _titled(clean(table.title), grid.title_suffix if grid else "")
        out += para(title, bold) if rich else para(f"【{title}】")
        if not rows:
            out.append([("（无）", "")])
        elif grid is None:
            out += stacked_lines([clean(h) for h in table.headers], rows, width)
        else:
            out += grid_lines(grid, bold)
        out.append([])
    if report.notes:
        out += para("说明", bold) if rich else para("【说明】")
        for note in report.notes:
            out += para(note, "", "  ", "    ")
        out.append([])
    if report.headline:
        out += para(report.headline, bold)
    while out and not out[-1]:
        out.pop()
    return out


def _titled(title: str, suffix: str) -> str:
    """重点任务（区人社局） + （截至 06-30） -> 重点任务（区人社局，截至 06-30）."""
    if suffix and title.endswith("）"):
        return f"{title[:-1]}，{suffix[1:]}"
    return title + suffix


def plain_text(report: Report, markdown: bool = False, wide: bool = False,
               width: int | None = None) -> str:
    if markdown:
        return markdown_text(report)
    if width is None:
        from kjcx.views.layout import terminal_width

        width = terminal_width(sys.stdout)
    lines = report_lines(report, width, wide)
    return "\n".join("".join(text for text, _ in line).rstrip() for line in lines) + "\n"


def print_rich(report: Report, *, color: bool, file=None, wide: bool = False,
               width: int | None = None) -> None:
    from rich.console import Console
    from rich.text import Text

    from kjcx.views.layout import terminal_width

    stream = file if file is not None else sys.stdout
    if width is None:
        width = terminal_width(stream)
    console = Console(file=stream, no_color=not color, highlight=False, emoji=False,
                      width=max(width, 20))
    for segments in report_lines(report, width, wide, rich=True):
        text = Text.assemble(*[(t, s) if s else t for t, s in segments]) if segments else Text("")
        text.rstrip()
        console.print(text, soft_wrap=True)


# --- markdown (for documents: every column, nothing wrapped) ------------------------

def markdown_text(report: Report) -> str:
    from kjcx.markdown import escape, pipe_table
    from kjcx.views.layout import clean, display_width

    out = [f"# {escape(clean(report.heading))}", ""]
    for table in report.tables:
        out.append(f"## {escape(clean(table.title))}")
        out.append("")
        rows = _cells(table)
        if rows:
            out.extend(pipe_table([clean(h) for h in table.headers], [[c.text for c in row] for row in rows],
                                  table.align or "l" * len(table.headers), width=display_width))
        else:
            out.append("（无）")
        out.append("")
    if report.notes:
        out += ["## 说明", ""] + [f"- {escape(clean(n))}" for n in report.notes] + [""]
    if report.headline:
        out.append(escape(clean(report.headline)))
    return "\n".join(out).rstrip("\n") + "\n"
