"""The kjcx command line: parse options, then load -> compute -> render.

Only click is imported at start-up; pydantic, rich and tabulate are imported
inside the commands that need them so that `kjcx --help` stays fast.
"""

from __future__ import annotations

import errno
import gc
import os
import sys

import click

FORMATS = ("table", "plain", "json", "csv", "markdown")
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_LAGGING = 3
EXIT_INTERRUPTED = 130
# write errors on stdout: the result is lost, so the run fails (exit 2: the
# environment it was run in cannot take its output)
_OUTPUT_ERRNOS = (errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG, errno.EDQUOT)


# --- Chinese help screens -------------------------------------------------

class _Command(click.Command):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix="用法：")

    def format_options(self, ctx, formatter):
        records = [r for p in self.get_params(ctx)
                   if isinstance(p, click.Option) and (r := p.get_help_record(ctx))]
        if records:
            with formatter.section("选项"):
                formatter.write_dl(records)


class _Group(click.Group):
    command_class = _Command

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    format_usage = _Command.format_usage

    def format_options(self, ctx, formatter):
        _Command.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def main(self, args=None, prog_name=None, **extra):
        """Run with Chinese usage errors and SPEC §3 exit codes."""
        extra["standalone_mode"] = False
        _safe_streams()
        # A command builds a million small acyclic objects (parsed YAML, records,
        # rows) and then exits: the cycle collector would only re-scan them,
        # costing a quarter of a large plan's run time.
        collecting = gc.isenabled()
        gc.disable()
        try:
            result = super().main(args=args, prog_name=prog_name or "kjcx", **extra)
        except click.exceptions.Abort as exc:
            if isinstance(exc.__cause__, KeyboardInterrupt):
                _interrupted()
            click.echo("已中止。", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            _interrupted()
        except click.UsageError as exc:
            _usage_error(exc)
        except BrokenPipeError:
            # `kjcx ... | head`: the reader left early; not an error of ours.
            # Point stdout at /dev/null so the exit-time flush fails no more.
            _stdout_to_devnull()
            sys.exit(0)
        except OSError as exc:
            if exc.errno not in _OUTPUT_ERRNOS:
                raise
            _stdout_to_devnull()  # the exit-time flush would fail again
            reason = {errno.ENOSPC: "磁盘空间已满", errno.EDQUOT: "磁盘配额已满",
                      errno.EBADF: "标准输出已关闭"}.get(exc.errno, exc.strerror)
            _say(f"错误：无法写出结果（{reason}）。")
            sys.exit(EXIT_USAGE)
        finally:
            if collecting:
                gc.enable()
        sys.exit(result if isinstance(result, int) else 0)

    def format_commands(self, ctx, formatter):
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=60)))
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)


def _stdout_to_devnull() -> None:
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _say(text: str) -> None:
    """A message on stderr, if stderr can take it."""
    try:
        click.echo(text, err=True)
    except (OSError, ValueError):
        pass


def _interrupted():
    _say("\n已中断。")
    _stdout_to_devnull()
    sys.exit(EXIT_INTERRUPTED)


def _safe_streams() -> None:
    """Odd standard streams end in a message, not a traceback (issue 9 §3)."""
    if sys.stderr is None:  # 2>&-
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run
    if sys.stdout is None:  # >&-: no place for the result
        _say("错误：标准输出已关闭，无法写出结果。")
        sys.exit(EXIT_USAGE)
    for stream in (sys.stdout, sys.stderr):
        try:
            "中文".encode(stream.encoding or "ascii")
        except (UnicodeEncodeError, LookupError):
            # PYTHONIOENCODING=latin-1 and the like: '?' for what cannot be shown
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")
                if stream is sys.stderr:  # ASCII: the only words this stream can show
                    _say(f"kjcx: the output encoding ({stream.encoding}) cannot show Chinese; "
                         "set PYTHONIOENCODING=utf-8 or a UTF-8 locale.")
        except (AttributeError, TypeError):
            pass


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _examples(*lines: str) -> str:
    # \b keeps click from re-wrapping the example block.
    return "\b\n示例：\n" + "\n".join(f"  {line}" for line in lines)


def _help_option(f):
    return click.help_option("-h", "--help", help="显示本帮助并退出。")(f)


_data_option = click.option(
    "--data", "data_dir", metavar="目录",
    help="数据目录（默认：环境变量 KJCX_DATA，否则含 targets.yaml 的 ./data，否则内置示例计划）。")


def _common(f):
    f = click.option("--no-color", is_flag=True, help="不使用颜色（也可设环境变量 NO_COLOR）。")(f)
    f = click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
                     help="输出格式：table（终端默认）、plain（管道默认）、json、csv、markdown。")(f)
    return _help_option(_data_option(f))


def _fail_on(f):
    return click.option("--fail-on", type=click.Choice(["lagging"]), default=None,
                        help="有滞后单位时以退出码 3 结束（供 CI 使用）。")(f)


# --- shared steps -----------------------------------------------------------

def _load(data_dir):
    """Load the plan (from the cache when unchanged), or exit 1 with every problem on stderr."""
    from kjcx import cache

    directory = _data_dir(data_dir)
    try:
        plan, warnings = cache.load_plan(directory)
    except Exception as exc:
        from kjcx.load import DataError  # only bad data gets here: pydantic is loaded

        if not isinstance(exc, DataError):
            raise
        from kjcx.yamlfile import total_text

        click.echo(f"数据文件有 {total_text(exc.problems)} 个错误，未进行测算：", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        click.echo("修改后可运行 kjcx check 复查。", err=True)
        sys.exit(EXIT_DATA)
    if warnings:
        click.echo(f"提示：数据有 {warnings} 条警告，运行 kjcx check 查看。", err=True)
    return plan


def _data_dir(data_dir):
    """The data directory; a path that is there but is no directory is a usage error."""
    from kjcx.datadir import not_a_directory, resolve_data_dir

    directory = resolve_data_dir(data_dir)
    problem = not_a_directory(directory)
    if problem:
        raise click.BadParameter(problem, param_hint="--data")
    return directory


def _year(plan, year):
    """(year, was it defaulted). A year outside the plan is a usage error."""
    from kjcx.compute import default_year

    if year is None:
        return default_year(plan), True
    if not plan.plan.start <= year <= plan.plan.end:
        raise click.BadParameter(
            f"{year} 不在计划期 {plan.plan.start}-{plan.plan.end} 内", param_hint="年份")
    return year, False


def _format(fmt):
    if fmt:
        return fmt
    return "table" if sys.stdout.isatty() else "plain"


def _color(no_color: bool) -> bool:
    return not no_color and not os.environ.get("NO_COLOR")


def _emit_report(report, fmt, no_color):
    from kjcx import render, textsafe

    report = textsafe.clean(report)  # no control characters or `::` lines from the data
    if fmt == "table":
        columns = os.environ.get("COLUMNS")
        try:
            _table_columns()
            render.print_rich(report, color=_color(no_color))
        except SystemExit as exc:  # rich exits 1 on a broken pipe; like the other formats: 0
            raise BrokenPipeError from exc
        finally:
            if columns is None:
                os.environ.pop("COLUMNS", None)
            else:
                os.environ["COLUMNS"] = columns
    else:
        text = render.plain_text(report, markdown=fmt == "markdown")
        click.echo(textsafe.lines(text), nl=False)


MIN_COLUMNS = 80


def _table_columns() -> None:
    """COLUMNS for rich: at least MIN_COLUMNS. A narrower table prints blank rows,
    and COLUMNS=0 (or junk) nothing at all; a terminal wraps a wider line instead."""
    import shutil

    width = shutil.get_terminal_size((0, 0)).columns  # COLUMNS if a positive number
    setting = os.environ.get("COLUMNS")
    valid = setting is not None and setting.strip().isdigit() and int(setting) >= MIN_COLUMNS
    if width < MIN_COLUMNS or (setting is not None and not valid):
        os.environ["COLUMNS"] = str(max(width, MIN_COLUMNS))


# --- commands ---------------------------------------------------------------

@click.group(name="kjcx", cls=_Group, context_settings=CONTEXT,
             epilog=_examples("kjcx status 2021", "kjcx status 2021 -f json", "kjcx check"))
@_help_option
@click.version_option(package_name="kjcx", message="kjcx %(version)s", help="显示版本并退出。")
def cli():
    """kjcx（科技创新）：行动计划指标测算。

    校验计划数据，计算指标完成率、与年度目标的差距、期末展望和滞后单位。
    """


@cli.command(epilog=_examples("kjcx status 2021", "kjcx status 2021 -f json",
                              "kjcx status --data ./data --fail-on lagging"))
@click.argument("year", type=int, required=False, metavar="[年份]")
@_common
@_fail_on
def status(year, data_dir, fmt, no_color, fail_on):
    """年度总览：指标、任务（按章节）、责任单位和汇总。

    不给年份时取最近有实际数据的年份。
    """
    from kjcx import compute, render

    plan = _load(data_dir)
    year, defaulted = _year(plan, year)
    st = compute.year_status(plan, year)
    fmt = _format(fmt)
    if fmt == "json":
        click.echo(render.dumps(render.status_json(st)), nl=False)
    elif fmt == "csv":
        click.echo(render.csv_text(render.indicator_json(r) for r in st.indicators), nl=False)
    else:
        _emit_report(render.status_report(st, defaulted), fmt, no_color)
    if fail_on == "lagging" and st.summary.lagging_departments:
        sys.exit(EXIT_LAGGING)


@cli.command(epilog=_examples("kjcx indicators 2021", "kjcx indicators", "kjcx indicators 2022 -f csv > 指标.csv"))
@click.argument("year", type=int, required=False, metavar="[年份]")
@_common
def indicators(year, data_dir, fmt, no_color):
    """指标表：目标、实际、序时应达、完成率、差距与期末展望。

    不给年份时列出计划期内每一年。
    """
    from kjcx import compute, render

    plan = _load(data_dir)
    years = list(plan.years) if year is None else [_year(plan, year)[0]]
    rows = {y: compute.indicator_rows(plan, y) for y in years}
    fmt = _format(fmt)
    if fmt == "json":
        head = {"schema": "kjcx.indicators/1", "plan": render.plan_json(plan)}
        if year is None:
            document = {**head, "year": None, "years": [
                {"year": y, "indicators": [render.indicator_json(r) for r in rows[y]]} for y in years]}
        else:
            document = {**head, "year": years[0],
                        "indicators": [render.indicator_json(r) for r in rows[years[0]]]}
        click.echo(render.dumps(document), nl=False)
    elif fmt == "csv":
        click.echo(render.csv_text({"year": y, **render.indicator_json(r)}
                                   for y in years for r in rows[y]), nl=False)
    else:
        all_rows = [r for y in years for r in rows[y]]
        table = render.indicator_table(all_rows, with_year=year is None)
        _emit_report(render.Report(render.plan_heading(plan, year), [table]), fmt, no_color)


@cli.command(epilog=_examples("kjcx tasks 2021", "kjcx tasks 2021 --lagging",
                              "kjcx tasks 2022 --dept 区人社局"))
@click.argument("year", type=int, required=False, metavar="[年份]")
@click.option("--dept", metavar="单位", help="只列该单位牵头或参与的任务。")
@click.option("--lagging", "only_lagging", is_flag=True, help="只列滞后的任务。")
@_common
def tasks(year, dept, only_lagging, data_dir, fmt, no_color):
    """重点任务：牵头单位、参与单位与当年进展。

    不给年份时取最近有实际数据的年份。
    """
    from kjcx import compute, render

    plan = _load(data_dir)
    year, defaulted = _year(plan, year)
    rows = compute.task_rows(plan, year)
    if dept is not None:
        dept = _department(plan, dept)
        rows = [r for r in rows if dept in r.task.lead or dept in r.task.participants]
    if only_lagging:
        rows = [r for r in rows if r.lagging]
    fmt = _format(fmt)
    if fmt == "json":
        click.echo(render.dumps({"schema": "kjcx.tasks/1", "plan": render.plan_json(plan),
                                 "year": year, "tasks": [render.task_json(r) for r in rows]}),
                   nl=False)
    elif fmt == "csv":
        click.echo(render.csv_text(render.task_json(r) for r in rows), nl=False)
    else:
        title = "重点任务" + (f"（{dept}）" if dept else "") + ("（仅滞后）" if only_lagging else "")
        report = render.Report(render.plan_heading(plan, year, defaulted),
                               [render.task_table(rows, title)])
        _emit_report(report, fmt, no_color)


def _department(plan, name):
    """The department's canonical name; an unknown one is a usage error."""
    for dept in plan.plan.departments or []:
        if name == dept.name or name in dept.aliases:
            return dept.name
    known = plan.departments()
    if name in known:
        return name
    import difflib

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.4)
    hint = f"，是否应为 “{close[0]}”？" if close else f"。可用的单位：{'、'.join(known)}"
    raise click.BadParameter(f"没有名为 “{name}” 的单位{hint}", param_hint="--dept")


@cli.command(epilog=_examples("kjcx departments 2021", "kjcx departments 2021 --fail-on lagging"))
@click.argument("year", type=int, metavar="年份")
@_common
@_fail_on
def departments(year, data_dir, fmt, no_color, fail_on):
    """责任单位排名：牵头事项、滞后事项、未报送与得分。

    得分 = 牵头滞后数 + 0.5 × 参与滞后数，大于 0 即为滞后单位。
    """
    from kjcx import compute, render

    plan = _load(data_dir)
    year, _ = _year(plan, year)
    st = compute.year_status(plan, year)
    fmt = _format(fmt)
    if fmt == "json":
        click.echo(render.dumps({"schema": "kjcx.departments/1", "plan": render.plan_json(plan),
                                 "year": year,
                                 "departments": [render.department_json(r) for r in st.departments]}),
                   nl=False)
    elif fmt == "csv":
        click.echo(render.csv_text(render.department_json(r) for r in st.departments), nl=False)
    else:
        report = render.Report(render.plan_heading(plan, year), [render.department_table(st.departments)])
        _emit_report(report, fmt, no_color)
    if fail_on == "lagging" and st.summary.lagging_departments:
        sys.exit(EXIT_LAGGING)


@cli.command(epilog=_examples("kjcx check", "kjcx check --data ./data --format github",
                              "kjcx check --strict -f json"))
@_data_option
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "github"]),
              default="text", help="text（默认）、json，或 github（GitHub Actions 注释 + 完整报告）。")
@click.option("--strict", is_flag=True, help="有警告也以退出码 1 结束。")
@_help_option
def check(data_dir, fmt, strict):
    """校验数据文件：语法、字段、跨文件引用，以及值得复核的警告。

    一次列出全部问题（文件:行:列、YAML 路径、原因）；有错误时退出码为 1。
    """
    from kjcx import diagnostics
    from kjcx.load import inspect

    directory = _data_dir(data_dir)
    plan, errors, warnings = inspect(directory)
    ok = not errors and not (strict and warnings)
    if fmt == "json":
        click.echo(diagnostics.check_json(ok, errors, warnings), nl=False)
    else:
        from kjcx.textsafe import lines

        if fmt == "github":  # kjcx's own annotations: the only lines that start with ::
            click.echo(diagnostics.github_annotations(errors, warnings, strict), nl=False)
        click.echo(lines(diagnostics.check_text(directory, plan, errors, warnings, strict)), nl=False)
    if not ok:
        sys.exit(EXIT_DATA)


@cli.command(epilog=_examples("kjcx schema targets > targets.schema.json",
                              "kjcx schema tasks > tasks.schema.json"))
@click.argument("file", type=click.Choice(["targets", "tasks"]), metavar="targets|tasks")
@_help_option
def schema(file):
    """输出 targets.yaml 或 tasks.yaml 的 JSON Schema，供编辑器补全和即时校验。"""
    from kjcx.schema import json_schema

    click.echo(json_schema(file), nl=False)


# --- entry point --------------------------------------------------------------

def main(argv=None):
    cli.main(args=argv, prog_name="kjcx")


def _usage_error(exc: click.UsageError):
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
            hint = exc.param_hint or (exc.param.get_error_hint(ctx) if exc.param and ctx else "参数")
        detail = exc.message
        if "not a valid integer" in detail:
            detail = "应为整数，如 2021"
        elif exc.param is not None and isinstance(exc.param.type, click.Choice):
            detail = f"取值无效，可选：{', '.join(exc.param.type.choices)}"
        message = f"{hint}：{detail}"
    elif "No such command" in message:
        message = message.replace("No such command", "没有这个命令")
    from kjcx.textsafe import line

    click.echo(f"错误：{line(message)}", err=True)
    if ctx is not None:
        click.echo(f"运行 “{ctx.command_path} --help” 查看用法。", err=True)
    sys.exit(exc.exit_code if exc.exit_code else EXIT_USAGE)
