"""The one markdown writer: pipe tables of data text, escaped the one way (cleantext.markdown).

Both the terminal's `-f markdown` (kjcx.views.tables) and the report's markdown
(kjcx.report.markdown) write their tables here, so data text ("<img>", "[x](http://…)")
is escaped alike everywhere. Like kjcx.words, it imports nothing of kjcx but cleantext.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kjcx.cleantext import markdown as escape


def cell(value: object) -> str:
    """A cell's text on one line, escaped."""
    return escape(str(value).replace("\n", " "))


def pipe_table(headers: Sequence[str], rows: Sequence[Sequence[object]], align: str,
               width: Callable[[str], int] | None = None) -> list[str]:
    """A pipe table, one letter of `align` (l / r / c) per column. With `width` (terminal
    columns of a text) the columns are padded to line up in a plain-text reader, as the
    terminal's `-f markdown` does; without it, cells are as short as they come (a document)."""
    head = [cell(h) for h in headers]
    body = [[cell(v) for v in row] for row in rows]
    if width is None:
        rule = ["---:" if how == "r" else ":---:" if how == "c" else "---" for how in align]
        return [_line(head), _line(rule)] + [_line(r) for r in body]
    measure = width
    widths = [max([measure(h), 3] + [measure(r[i]) for r in body]) for i, h in enumerate(head)]

    def padded(cells: list[str]) -> str:
        out = []
        for text, size, how in zip(cells, widths, align):
            gap = " " * (size - measure(text))
            out.append(gap + text if how == "r" else text + gap)
        return _line(out)

    rule = []
    for size, how in zip(widths, align):
        dashes = "-" * size
        rule.append(dashes[:-1] + ":" if how == "r" else ":" + dashes[1:] if how == "c" else dashes)
    return [padded(head), _line(rule)] + [padded(r) for r in body]


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
