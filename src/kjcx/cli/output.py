"""The one output path: a command hands over its view (kjcx.views.commands, views.explain,
views.diff, views.parts), and this prints the format that was asked for:
json, csv, table, plain, markdown, or a command's own text / github."""

from __future__ import annotations

from typing import Any

import click


def emit(fmt: str, view: Any, *, color: bool = True, wide: bool = False) -> None:
    """Print `view` as `fmt`: json -> .json() (or .json_text()), csv -> .rows(),
    text -> .text(), github -> .github(), table / plain / markdown -> .report()."""
    if fmt == "json" and (hasattr(view, "json_text") or hasattr(view, "json")):
        if hasattr(view, "json_text"):
            click.echo(view.json_text(), nl=False)
        else:
            from kjcx.views.json_docs import dumps

            click.echo(dumps(view.json()), nl=False)
    elif fmt == "csv" and hasattr(view, "rows"):
        from kjcx.views.tables import csv_text

        click.echo(csv_text(view.rows()), nl=False)
    elif fmt in ("text", "github") and hasattr(view, fmt):
        click.echo(getattr(view, fmt)(), nl=False)
    elif fmt in ("table", "plain", "markdown") and hasattr(view, "report"):
        _report(fmt, view.report(), color, wide)
    else:
        raise click.UsageError(f"该命令不支持 {fmt} 格式")


def _report(fmt: str, report, color: bool, wide: bool) -> None:
    from kjcx import cleantext
    from kjcx.views import text as render

    if fmt == "table":
        try:
            render.print_rich(report, color=color, wide=wide)
        except SystemExit as exc:  # rich exits 1 on a broken pipe; like the other formats: 0
            raise BrokenPipeError from exc
    else:
        text = render.plain_text(report, markdown=fmt == "markdown", wide=wide)
        click.echo(cleantext.lines(text), nl=False)  # no `::` line, no control character


class Built:
    """A view from callables, one per format (kept for `kjcx forms import`, whose module
    builds its own output; see cli.app._emit)."""

    def __init__(self, document=None, rows=None, report=None) -> None:
        if document is not None:
            self.json = document
        if rows is not None:
            self.rows = rows
        if report is not None:
            self.report = report
