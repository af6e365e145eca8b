"""The kjcx command line: parse options, then load -> compute -> render.

Only click is imported at start-up; pydantic and rich are imported
inside the commands that need them so that `kjcx --help` stays fast.
"""

from __future__ import annotations

import os
import sys

import click

from kjcx.cli.errors import DataFailure, Lagging, UsageFailure
from kjcx.cli.group import Group
from kjcx.cli.params import YEAR  # noqa: F401  (the year argument: cli/parts, cli/score use it)

FORMATS = ("table", "plain", "json", "csv", "markdown")

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def examples(*lines: str) -> str:
    # \b keeps click from re-wrapping the example block.
    return "\b\n示例：\n" + "\n".join(f"  {line}" for line in lines)


def help_option(f):
    return click.help_option("-h", "--help", help="显示本帮助并退出。")(f)


data_option = click.option(
    "--data", "data_dir", metavar="目录",
    help="数据目录（默认：环境变量 KJCX_DATA，否则含 targets.yaml 的 ./data，否则内置示例计划）。")


def common_options(f):
    f = click.option("--no-color", is_flag=True, help="不使用颜色（也可设环境变量 NO_COLOR）。")(f)
    f = click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
                     help="输出格式：table（终端默认）、plain（管道默认）、json、csv、markdown。")(f)
    return help_option(data_option(f))


def _xlsx_option(f):
    return click.option("-o", "--output", "output", metavar="文件.xlsx",
                        help="写成 Excel 工作簿（.xlsx，供人阅读；脚本请用 -f csv 或 -f json）。")(f)


def _fail_on(f):
    return click.option("--fail-on", type=click.Choice(["lagging"]), default=None,
                        help="有滞后单位时以退出码 3 结束（供 CI 使用）。")(f)


# --- shared steps (public: cli/forms and cli/parts use them too) --------------------

def load_data(data_dir):
    """Load the plan (from the cache when unchanged), or exit 1 with every problem on stderr."""
    from kjcx.plan import cache

    directory = find_data_dir(data_dir).path
    from kjcx.plan.files import JOURNAL
    from kjcx.plan.problems import DataError

    if os.path.lexists(directory / JOURNAL):  # a write a crash interrupted: finish it first
        from kjcx.round.commit import CommitError, settle

        try:
            settle(directory)
        except CommitError as exc:
            raise DataFailure(f"错误：{exc}") from None

    try:
        plan, warnings = cache.load_plan(directory)
    except DataError as exc:
        raise DataFailure(*_problem_lines(exc.problems)) from None
    if warnings:
        click.echo(f"提示：数据有 {warnings} 条警告，运行 kjcx check 查看。", err=True)
    return plan


def find_data_dir(option, *, allow_sample: bool = True):
    """The data directory (--data before or after the command name), or exit 2
    (also for a KJCX_MAX_MB that is not a positive number: a setting, not data)."""
    from kjcx.plan.datadir import NoDataDir, locate
    from kjcx.plan.files import ReadError, max_bytes

    try:
        max_bytes()
    except ReadError as exc:
        raise UsageFailure(f"错误：{exc.message}") from None
    try:
        found = locate(given_data(option), allow_sample=allow_sample)
    except NoDataDir as exc:
        raise UsageFailure(f"错误：{exc}") from None
    if found.is_sample:
        click.echo("提示：未找到数据目录（--data、KJCX_DATA、./data 均无），"
                   "使用内置示例计划（河东区科技创新三年行动计划）。", err=True)
    return found


def given_data(option):
    """--data as given after the command name, else before it, else None."""
    if option:
        return option
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    return root.params.get("data_dir") if root is not None else None


def _problem_lines(problems) -> list[str]:
    """Every problem as load listed it (the first 200, then a line with the count)."""
    from kjcx.plan.reader import total_text

    return [f"数据文件有 {total_text(problems)} 个错误，未进行测算：",
            *(f"  {problem}" for problem in problems), "修改后可运行 kjcx check 复查。"]


def choose_year(plan, year, as_of=None):
    """(year, was it defaulted). A year outside the plan is a usage error."""
    from kjcx.method.dates import default_year

    if year is None:
        return default_year(plan, as_of), True
    from kjcx.errors import ArgumentError, check_year

    try:
        check_year(year, plan.plan.start, plan.plan.end)  # the library's check, said as usage
    except ArgumentError as exc:
        raise click.BadParameter(str(exc), param_hint="年份") from None
    if as_of is not None and as_of.year < year:
        raise click.BadParameter(
            f"{as_of.isoformat()} 早于 {year} 年：那时还没有 {year} 年的数据；"
            f"请给 {year} 年内或之后的日期，或去掉年份", param_hint="--as-of")
    return year, False


def output_format(fmt):
    if fmt:
        return fmt
    return "table" if sys.stdout.isatty() else "plain"


def _color(no_color: bool) -> bool:
    return not no_color and not os.environ.get("NO_COLOR")


def emit_output(fmt, no_color, view=None, *, wide=False, document=None, rows=None, report=None):
    """The one output path (cli.output.emit) for a command's view. `forms import` still
    hands over callables (document, rows, report) instead of a view."""
    from kjcx.cli.output import Built, emit

    if view is None:
        view = Built(document, rows, report)
    emit(output_format(fmt), view, color=_color(no_color), wide=wide)


class _DateType(click.ParamType):
    name = "日期"

    def convert(self, value, param, ctx):
        import datetime

        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            import re

            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                self.fail(f"没有 {text} 这一天，请核对月份和日期", param, ctx)
            self.fail(f"“{value}” 不是日期，请写成 YYYY-MM-DD，如 2022-06-30", param, ctx)


DATE = _DateType()




def as_of_option(f):
    return click.option("--as-of", "as_of", type=DATE, default=None, metavar="日期",
                        help="只用截至该日期已报送的数据（YYYY-MM-DD），看当时的情况。")(f)


def wide_option(f):
    return click.option("--wide", is_flag=True,
                        help="显示全部列（默认按终端宽度省去次要列）。")(f)


# --- commands ---------------------------------------------------------------

@click.group(name="kjcx", cls=Group, context_settings=CONTEXT,
             epilog=examples("kjcx status 2021", "kjcx status 2021 -f json", "kjcx check"))
@help_option
@data_option
@click.version_option(package_name="kjcx", message="kjcx %(version)s", help="显示版本并退出。")
def cli(data_dir):
    """kjcx（科技创新）：行动计划指标测算。

    校验计划数据，计算指标完成率、与年度目标的差距、期末展望和滞后单位。
    """


@cli.command(epilog=examples("kjcx status 2021", "kjcx status 2022 --as-of 2022-06-30",
                              "kjcx status 2021 -f json", "kjcx status --data ./data --fail-on lagging"))
@click.argument("year", type=YEAR, required=False, metavar="[年份]")
@as_of_option
@wide_option
@common_options
@_fail_on
@_xlsx_option
def status(year, as_of, wide, data_dir, fmt, no_color, fail_on, output):
    """年度总览：指标、任务（按章节）、责任单位和汇总。

    不给年份时取最近有实际数据的年份。
    """
    from kjcx.method import compute
    from kjcx.views.commands import StatusView

    plan = load_data(data_dir)
    year, defaulted = choose_year(plan, year, as_of)
    view = StatusView(compute.year_status(plan, year, as_of), defaulted)
    _show(view, output, fmt, no_color, wide)
    if fail_on == "lagging" and view.lagging:
        raise Lagging()


@cli.command(epilog=examples("kjcx indicators 2021", "kjcx indicators",
                              "kjcx indicators 2022 --dept 区科技局 --lagging",
                              "kjcx indicators 2022 -f csv > 指标.csv"))
@click.argument("year", type=YEAR, required=False, metavar="[年份]")
@click.option("--dept", metavar="单位", help="只列该单位牵头的指标。")
@click.option("--lagging", "only_lagging", is_flag=True, help="只列滞后、严重滞后的指标。")
@as_of_option
@wide_option
@common_options
@_xlsx_option
def indicators(year, dept, only_lagging, as_of, wide, data_dir, fmt, no_color, output):
    """指标表：目标、实际、完成率、序时进度、差距、状态与期末展望。

    不给年份时列出计划期内每一年。
    """
    from kjcx.method import compute
    from kjcx.views.commands import IndicatorsView

    plan = load_data(data_dir)
    years = list(plan.years) if year is None else [choose_year(plan, year, as_of)[0]]
    dept = department_named(plan, dept) if dept is not None else None

    def keep(row):
        return (dept is None or dept in row.indicator.lead) and (not only_lagging or row.lagging)

    rows = {y: [r for r in compute.indicator_rows(plan, y, as_of) if keep(r)] for y in years}
    title = "指标完成情况" + (f"（{dept}牵头）" if dept else "") + ("（仅滞后）" if only_lagging else "")
    _show(IndicatorsView(plan, year if year is None else years[0], as_of, rows, title),
          output, fmt, no_color, wide)


@cli.command(epilog=examples("kjcx tasks 2021", "kjcx tasks 2021 --lagging",
                              "kjcx tasks 2022 --dept 区人社局"))
@click.argument("year", type=YEAR, required=False, metavar="[年份]")
@click.option("--dept", metavar="单位", help="只列该单位牵头或参与的任务。")
@click.option("--lagging", "only_lagging", is_flag=True, help="只列滞后的任务。")
@as_of_option
@wide_option
@common_options
@_xlsx_option
def tasks(year, dept, only_lagging, as_of, wide, data_dir, fmt, no_color, output):
    """重点任务：牵头单位、参与单位与当年进展。

    不给年份时取最近有实际数据的年份。
    """
    from kjcx.method import compute
    from kjcx.views.commands import TasksView

    plan = load_data(data_dir)
    year, defaulted = choose_year(plan, year, as_of)
    rows = compute.task_rows(plan, year, as_of)
    if dept is not None:
        dept = department_named(plan, dept)
        rows = [r for r in rows if dept in r.task.lead or dept in r.task.participants]
    if only_lagging:
        rows = [r for r in rows if r.lagging]
    title = "重点任务" + (f"（{dept}）" if dept else "") + ("（仅滞后）" if only_lagging else "")
    _show(TasksView(plan, year, as_of, rows, defaulted, title), output, fmt, no_color, wide)


def _show(view, output, fmt, no_color, wide) -> None:
    """-o x.xlsx writes the view as a workbook; otherwise it is printed as `fmt`."""
    if output:
        from kjcx.cli.files import save_xlsx

        save_xlsx(output, fmt, view)
    else:
        emit_output(fmt, no_color, view, wide=wide)


def department_named(plan, name, hint="--dept"):
    """The department's canonical name; an unknown one is a usage error."""
    for dept in plan.plan.departments or []:
        if name == dept.name or name in dept.aliases:
            return dept.name
    known = plan.departments()
    if name in known:
        return name
    from kjcx.plan.suggest import did_you_mean

    close = did_you_mean(name, known)
    hint_text = f"，是否应为 “{close}”？" if close else f"。可用的单位：{'、'.join(known)}"
    raise click.BadParameter(f"没有名为 “{name}” 的单位{hint_text}", param_hint=hint)


@cli.command(epilog=examples("kjcx departments 2021", "kjcx departments 2022 区科技局",
                              "kjcx departments --fail-on lagging"))
@click.argument("args", nargs=-1, metavar="[年份] [单位]")
@as_of_option
@wide_option
@common_options
@_fail_on
@_xlsx_option
def departments(args, as_of, wide, data_dir, fmt, no_color, fail_on, output):
    """责任单位：按滞后程度排序（滞后、关注、正常）及其依据。

    \b
    滞后：牵头的指标或任务滞后，或牵头事项未报送；
    关注：只有参与的任务滞后；
    正常：其余。给出单位名称时，列出该单位的全部事项和判定理由。
    """
    from kjcx.method import compute

    year, name = _year_and_name(args)
    plan = load_data(data_dir)
    year, defaulted = choose_year(plan, year, as_of)
    name = department_named(plan, name, "单位") if name is not None else None
    st = compute.year_status(plan, year, as_of)
    if name is None:
        from kjcx.views.commands import DepartmentsView

        view = DepartmentsView(st, defaulted)
        failing = view.lagging
    else:
        from kjcx.views.explain import department_items

        view = department_items(st, name)
        failing = view.row.lagging
    _show(view, output, fmt, no_color, wide)
    if fail_on == "lagging" and failing:
        raise Lagging()


def _year_and_name(args):
    """[年份] [单位] in either order: digits are the year."""
    year = name = None
    for arg in args:
        if arg.isdigit() and year is None:
            year = int(arg)
        elif name is None:
            name = arg
        else:
            raise click.UsageError(f"多余的参数：{arg}")
    return year, name


@cli.command(epilog=examples("kjcx explain high_tech_enterprises 2022", "kjcx explain 15 2022",
                              "kjcx explain 区科技局 2022", "kjcx explain tech_contract_turnover -f json",
                              "kjcx explain score:甲区 2022"))
@click.argument("ident", metavar="编号")
@click.argument("year", type=YEAR, required=False, metavar="[年份]")
@as_of_option
@wide_option
@common_options
def explain(ident, year, as_of, wide, data_dir, fmt, no_color):
    """逐项说明一个指标（编号）、任务（数字）或单位（名称）的每个数是怎么算出来的。

    列出每一步的算法、代入的数和结果，以及目标来自计划、修订还是插值。

    score:单位（如 score:甲区）说明该单位的考核得分：每个计分项的规则、代入的数和结果。
    """
    from kjcx.method import compute
    from kjcx.method import explain as explaining

    if ident.startswith("score:"):  # one unit's 考核 points (kjcx score)
        from kjcx.cli.score import explain_unit

        return explain_unit(ident[len("score:"):], year, data_dir, fmt, no_color, wide)
    plan = load_data(data_dir)
    year, _ = choose_year(plan, year, as_of)
    st = compute.year_status(plan, year, as_of)
    if explaining.find(st, ident) is None:
        from kjcx.plan.suggest import did_you_mean

        names = [i.id for i in plan.indicators] + [i.name for i in plan.indicators] \
            + [f"{i.id}/{p.name}" for i in plan.indicators for p in i.parts] + plan.departments()
        close = did_you_mean(ident, names)
        hint = f"，是否应为 “{close}”？" if close else "（指标写编号如 high_tech_enterprises，任务写数字，单位写名称）"
        raise click.BadParameter(f"没有 “{ident}” 这个指标、任务或单位{hint}", param_hint="编号")
    from kjcx.views.explain import ExplanationView

    emit_output(fmt, no_color, ExplanationView(explaining.explain(st, ident)), wide=wide)


@cli.command(name="diff", epilog=examples("kjcx diff 2022-03-31 2022-06-30",
                                           "kjcx diff 2022-03-31 2022-06-30 -f json"))
@click.argument("start", type=DATE, metavar="起始日期")
@click.argument("end", type=DATE, metavar="截止日期")
@click.argument("year", type=YEAR, required=False, metavar="[年份]")
@wide_option
@common_options
def diff_command(start, end, year, wide, data_dir, fmt, no_color):
    """两个日期之间的变化：新报送的数据、状态与展望的变化、任务和单位的滞后变化。

    两边各用截至该日期已报送的数据测算（同 --as-of）。不给年份时取截止日期时最近有数据的年份。
    """
    from kjcx.method import diff
    from kjcx.views.diff import DiffView

    if end < start:
        raise click.BadParameter(f"截止日期 {end} 早于起始日期 {start}", param_hint="日期")
    plan = load_data(data_dir)
    year, _ = choose_year(plan, year, end)
    emit_output(fmt, no_color, DiffView(diff.compare(plan, year, start, end)), wide=wide)


@cli.command(epilog=examples("kjcx report 2022 -o 通报.html", "kjcx report 2022 -o 通报.docx",
                              "kjcx report 2022 --since 2022-03-31 -o 通报.html",
                              "kjcx report 2021 -o 通报.md"))
@click.argument("year", type=YEAR, required=False, metavar="[年份]")
@click.option("-o", "--output", "output", metavar="文件",
              help="输出文件：.html（网页，含图表，可打印为 A4）、.docx（Word 通报稿）或 .md；"
                   "不给时在标准输出打印 markdown。")
@click.option("--since", type=DATE, default=None, metavar="日期",
              help="加一节“某日以来的变化”（同 kjcx diff）。")
@click.option("--no-charts", is_flag=True, help="不画图（指标很多时更快）。")
@click.option("--number", default=None, metavar="文号",
              help="通报自己的文号，印在标题上方（如 “河东科创办〔2022〕3号”）；默认取 plan.report.number。")
@click.option("--issuer", default=None, metavar="单位",
              help="落款单位，印在正文之后（如 “河东区科技创新工作领导小组办公室”）；默认取 plan.report.issuer。")
@as_of_option
@data_option
@help_option
def report(year, output, since, no_charts, number, issuer, as_of, data_dir):
    """领导通报：总体情况段落、指标表、走势图、章节、责任单位、滞后任务。

    一个命令从数据生成通报：HTML 为单个文件（不联网，可直接打印为 A4），Word 为可编辑的通报稿。
    """
    from pathlib import Path

    from kjcx.cli.files import is_sample_plan, write_output
    from kjcx.method import compute
    from kjcx.report import content

    suffix = Path(output).suffix.lower() if output else ".md"
    if suffix not in (".html", ".htm", ".docx", ".md"):
        raise click.BadParameter(f"不支持的文件类型 “{suffix or output}”：请用 .html、.docx 或 .md",
                                 param_hint="-o")
    found = find_data_dir(data_dir)
    plan = load_data(str(found.path))
    _plan_started(plan, as_of)
    year, _ = choose_year(plan, year, as_of)
    st = compute.year_status(plan, year, as_of)
    c = content.build(st, since=since, charts=not no_charts and suffix != ".docx",
                      sample=found.is_sample or is_sample_plan(found.path), number=number, issuer=issuer)
    from kjcx.cli.score import report_scores  # the 考核结果 section, when scoring.yaml judges the year

    report_scores(c, plan, year, found.path, as_of)
    if suffix == ".docx":
        from kjcx.report import docx as word

        write_output(Path(output), lambda tmp: word.render(c, tmp))
    else:
        if suffix == ".md":
            from kjcx.report.markdown import render
        else:
            from kjcx.report.html import render
        text = render(c)
        if not output:
            click.echo(text, nl=False)
            return
        write_output(Path(output), lambda tmp: tmp.write_text(text, encoding="utf-8"))
    click.echo(f"已生成：{output}", err=True)


@cli.command(epilog=examples("kjcx brief 2022", "kjcx brief 2022 --as-of 2022-03-31",
                              "kjcx brief 2021 -f json"))
@click.argument("year", type=YEAR, required=False, metavar="[年份]")
@as_of_option
@data_option
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="text（默认，可直接粘贴）或 json。")
@help_option
def brief(year, as_of, data_dir, fmt):
    """一段可直接用于通报的文字（“截至2022年6月底，……”）。

    数字全部来自测算结果：完成率、序时进度、滞后的指标、任务和牵头单位。
    """
    from kjcx.method import compute
    from kjcx.report import brief as briefing
    from kjcx.views.commands import BriefView

    plan = load_data(data_dir)
    _plan_started(plan, as_of)
    year, _ = choose_year(plan, year, as_of)
    from kjcx.cli.score import brief_scores  # the 考核 sentence, when scoring.yaml judges the year

    doc = brief_scores(briefing.to_json(compute.year_status(plan, year, as_of)), plan, year, data_dir, as_of)
    emit_output(fmt, False, BriefView(doc))


def _plan_started(plan, as_of) -> None:
    """A 通报 of a date before the plan starts has nothing to say: a usage error (exit 2)."""
    from kjcx.report.brief import before_plan

    why = before_plan(plan, as_of)
    if why is not None:
        raise click.BadParameter(why, param_hint="--as-of")


@cli.command(epilog=examples("kjcx check", "kjcx check --data ./data --format github",
                              "kjcx check plans/2023/targets.yaml", "kjcx check --strict -f json"))
@click.argument("paths", nargs=-1, metavar="[文件或目录]...")
@data_option
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "github"]),
              default="text", help="text（默认）、json，或 github（GitHub Actions 注释 + 完整报告）。")
@click.option("--strict", is_flag=True, help="有警告也以退出码 1 结束。")
@help_option
def check(paths, data_dir, fmt, strict) -> None:
    """校验数据文件：语法、字段、跨文件引用，以及值得复核的警告。

    一次列出全部问题（文件:行:列、YAML 路径、原因）；有错误时退出码为 1。
    给出 targets.yaml / tasks.yaml 文件时，校验它们所在的目录（供 pre-commit 使用）。
    从不使用内置示例计划：找不到数据目录时退出码为 2。
    """
    from pathlib import Path

    from kjcx.plan.datadir import TARGETS, TASKS
    from kjcx.plan.scoring import SCORING
    from kjcx.plan.scoring import inspect_directory as inspect
    from kjcx.views.commands import CheckView

    directories: list = []
    for given in paths:
        path = Path(given)
        target = path.parent if path.name in (TARGETS, TASKS, SCORING) and not path.is_dir() else path
        found = find_data_dir(str(target), allow_sample=False).path
        if found not in directories:
            directories.append(found)
    if not directories:
        directories = [find_data_dir(data_dir, allow_sample=False).path]
    view = CheckView(strict, [_inspect_pair(directory, inspect) for directory in directories])
    emit_output(fmt, False, view)
    if not view.ok:
        raise DataFailure()


def _inspect_pair(directory, inspect) -> tuple:
    """(directory, plan, errors, warnings); an interrupted write is an error (the pair may be mixed)."""
    from kjcx.plan.datadir import unfinished_commit

    plan, errors, warnings = inspect(directory)
    pending = unfinished_commit(directory)
    return (directory, plan, errors, warnings) if pending is None else (directory, plan, [pending, *errors], warnings)


@cli.command(epilog=examples("kjcx schema targets > targets.schema.json",
                              "kjcx schema tasks > tasks.schema.json",
                              "kjcx schema scoring > scoring.schema.json"))
@click.argument("file", type=click.Choice(["targets", "tasks", "scoring"]), metavar="targets|tasks|scoring")
@help_option
def schema(file):
    """输出 targets.yaml、tasks.yaml 或 scoring.yaml 的 JSON Schema，供编辑器补全和即时校验。"""
    if file == "scoring":  # the 考核 schemes: a schema of its own (plan/scoring_schema)
        from kjcx.plan import scoring_schema

        click.echo(scoring_schema.json_schema(), nl=False)
        return
    from kjcx.plan.schema import json_schema

    click.echo(json_schema(file), nl=False)


# --- entry point --------------------------------------------------------------

def main(argv=None):
    cli.main(args=argv, prog_name="kjcx")


cli.lazy_commands = {"forms": ("kjcx.cli.forms", "forms"), "parts": ("kjcx.cli.parts", "parts"),
                    "init": ("kjcx.cli.init", "init"),
                    "score": ("kjcx.cli.score", "score"),
                    "remind": ("kjcx.cli.remind", "remind"),
                    "history": ("kjcx.cli.history", "history")}
