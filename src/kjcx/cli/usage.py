"""A click usage error said in Chinese (the usage line, what is wrong, where to read more),
then exit 2. Imported only when a command line is wrong."""

from __future__ import annotations

import sys

import click

from kjcx.cli.errors import EXIT_USAGE


def usage_error(exc: click.UsageError):
    ctx = exc.ctx
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
    message = exc.format_message()
    if isinstance(exc, click.exceptions.NoSuchOption):
        message = f"没有这个选项：{exc.option_name}"
        if exc.possibilities:
            message += f"（是否应为 {', '.join(sorted(exc.possibilities))}？）"
    elif isinstance(exc, click.exceptions.MissingParameter):
        message = f"缺少参数 {exc.param.human_readable_name if exc.param else ''}".strip()
    elif isinstance(exc, click.exceptions.BadParameter):
        if exc.param is not None and exc.param.name == "year":
            hint = "年份"
        else:
            param_hint = exc.param_hint or (exc.param.get_error_hint(ctx) if exc.param and ctx else "参数")
            hint = str(param_hint).replace("'", "")
        message = f"{hint}：{_detail(exc)}"
    from kjcx.cleantext import line

    click.echo(f"错误：{line(message)}", err=True)
    if ctx is not None:
        click.echo(f"运行 “{ctx.command_path} --help” 查看用法。", err=True)
    sys.exit(exc.exit_code if exc.exit_code else EXIT_USAGE)


def _detail(exc: click.exceptions.BadParameter) -> str:
    """What is wrong with a parameter, from its type (never from click's English text):
    our own types (年份, 日期) and messages are already Chinese."""
    kind = exc.param.type if exc.param is not None else None
    if isinstance(kind, click.Choice):
        return f"取值无效，可选：{', '.join(str(c) for c in kind.choices)}"
    if isinstance(kind, click.IntRange):
        if kind.min is not None and kind.max is not None:
            return f"应为 {kind.min} 到 {kind.max} 之间的整数"
        if kind.min is not None:
            return f"应为不小于 {kind.min} 的整数"
        return f"应为不大于 {kind.max} 的整数" if kind.max is not None else "应为整数"
    if isinstance(kind, click.types.IntParamType):
        return "应为整数，如 2021"
    return exc.message
