"""`kjcx remind [DATE] [--days N] [-o DIR]`: 催办 — what each lead department must answer for.

Registered by kjcx.cli.app as a lazy command: imported only when used.
"""

from __future__ import annotations

import click

from kjcx.cli.app import CONTEXT, DATE, data_option, emit_output, examples, find_data_dir, help_option, load_data
from kjcx.cli.group import Command

FORMATS = ("table", "plain", "text", "json", "csv", "markdown")


@click.command(name="remind", cls=Command, context_settings=CONTEXT,
               epilog=examples("kjcx remind", "kjcx remind 2022-09-15",
                               "kjcx remind 2022-09-15 -f text > 催办.txt",
                               "kjcx remind 2022-09-15 --days 30 -o 催办单/",
                               "kjcx remind -f json | jq '.departments[].name'"))
@click.argument("on", type=DATE, required=False, metavar="[日期]")
@click.option("--days", type=click.IntRange(0, 366), default=None, metavar="天数",
              help="列出此天数内到期的事项（默认取计划的 remind_days，未写为 15 天）。")
@click.option("-o", "--output", "out_dir", metavar="目录",
              help="每个单位写一份 Word 催办单（<单位>催办单.docx）到该目录。")
@click.option("--no-color", is_flag=True, help="不使用颜色（也可设环境变量 NO_COLOR）。")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="table（终端默认）；plain 或 text（管道默认）：每个单位一段可直接发送的催办文字；"
                   "json、csv、markdown。")
@data_option
@help_option
def remind(on, days, out_dir, no_color, fmt, data_dir):
    """催办：各牵头单位逾期、临近到期、未按期报送和滞后的事项。

    按单位（计划 departments 的顺序）列出每项的日期、应完成的事项和上次报送；
    没有待办事项的单位不列出，最后一行计数。不给日期时取最近一轮报送的日期。
    逾期 = 未完成且完成时限早于该日（当天到期算临近）；请于该日后 7 天内报送。
    """
    from kjcx.method.remind import remind as chase
    from kjcx.views.remind import RemindView

    found = find_data_dir(data_dir)
    plan = load_data(str(found.path))
    result = chase(plan, on, days)
    if out_dir:
        _write_docx(result, out_dir, found)
        return
    if fmt is None:
        import sys

        fmt = "table" if sys.stdout.isatty() else "text"
    emit_output("text" if fmt == "plain" else fmt, no_color, RemindView(result))


def _write_docx(result, out_dir: str, found) -> None:
    from pathlib import Path

    from kjcx.cli.files import is_sample_plan, write_output
    from kjcx.report.remind_docx import render
    from kjcx.round.forms import file_name
    from kjcx.views.remind import counts_line

    directory = Path(out_dir)
    if directory.exists() and not directory.is_dir():
        raise click.BadParameter(f"{out_dir} 不是目录", param_hint="-o")
    directory.mkdir(parents=True, exist_ok=True)
    notice = "（示例数据）" if found.is_sample or is_sample_plan(found.path) else ""
    for dept in result.departments:
        path = directory / f"{Path(file_name(dept.name)).stem}催办单.docx"
        write_output(path, lambda tmp, dept=dept: render(result, dept, tmp, notice))
        click.echo(f"已生成：{path}", err=True)
    click.echo(counts_line(result), err=True)
