"""The one output path: a command hands over how to build each format's result,
and this prints the one that was asked for (json, csv, table, plain, markdown)."""

from __future__ import annotations

from typing import Callable, Optional

import click


def emit(fmt: str, *, document: Optional[Callable[[], dict]] = None,
         rows: Optional[Callable[[], list]] = None, report: Optional[Callable] = None,
         color: bool = True, wide: bool = False) -> None:
    if fmt == "json" and document is not None:
        from kjcx.views.json_docs import dumps

        click.echo(dumps(document()), nl=False)
    elif fmt == "csv" and rows is not None:
        from kjcx.views.tables import csv_text

        click.echo(csv_text(rows()), nl=False)
    elif report is not None:
        from kjcx import cleantext
        from kjcx.views import tables as render

        if fmt == "table":
            try:
                render.print_rich(report(), color=color, wide=wide)
            except SystemExit as exc:  # rich exits 1 on a broken pipe; like the other formats: 0
                raise BrokenPipeError from exc
        else:
            text = render.plain_text(report(), markdown=fmt == "markdown", wide=wide)
            click.echo(cleantext.lines(text), nl=False)  # no `::` line, no control character
    else:
        raise click.UsageError(f"该命令不支持 {fmt} 格式")
