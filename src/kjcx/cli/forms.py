"""`kjcx forms export` and `kjcx forms import` (docs/forms.md).

Registered by kjcx.cli.app as a lazy command: imported only when used, and then
only click besides the shared options and steps of cli/app (openpyxl and
ruamel.yaml come with the command that needs them). A failure is raised as a
`KjcxError` (cli/errors.py) and said once at the group's edge.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from kjcx.cli.app import (
    DATE,
    data_option,
    department_named,
    emit_output,
    examples,
    find_data_dir,
    given_data,
    help_option,
    load_data,
    output_format,
)
from kjcx.cli.errors import DataFailure, UsageFailure
from kjcx.cli.group import Group

IMPORT_SCHEMA = "kjcx.import/1"


@click.group(name="forms", cls=Group,
             epilog=examples("kjcx forms export 2022-09-30 -o 报送表/",
                              "kjcx forms import 报送表/",
                              "kjcx forms import 报送表/ --write"))
@help_option
def forms():
    """报送表：导出给各单位填报的 Excel 表，收回后校验并写入数据文件。"""


@forms.command(epilog=examples("kjcx forms export 2022-09-30 -o 报送表/",
                                "kjcx forms export 2022-09-30 -o 报送表/ --dept 区科技局 --dept 区人社局"))
@click.argument("as_of", type=DATE, metavar="截至日期")
@click.option("-o", "--output", "out_dir", metavar="目录",
              help="报送表写入的目录（不存在则创建）。")
@click.option("--dept", "departments", multiple=True, metavar="单位",
              help="只导出该单位的报送表（可多次给出）。")
@click.option("--force", is_flag=True, help="覆盖目录中已有的同名文件。")
@data_option
@help_option
def export(as_of, out_dir, departments, force, data_dir):
    """为每个牵头单位导出一份报送表（单位名.xlsx）。

    截至日期（YYYY-MM-DD）是本轮报送的数据截止日：表中的年度目标取该日有效的目标，
    “上次报送值”为该日已掌握的最新数据。只有牵头指标或任务的单位才有报送表。
    """
    from kjcx.plan.files import os_reason
    from kjcx.round import forms as forms_module

    if not out_dir:
        raise click.UsageError("缺少输出目录：请用 -o 目录 指定报送表写到哪里，如 -o 报送表/")
    plan = load_data(data_dir)
    if not plan.plan.start <= as_of.year <= plan.plan.end:
        raise click.BadParameter(
            f"{as_of.isoformat()} 不在计划期 {plan.plan.start}-{plan.plan.end} 内", param_hint="截至日期")
    from kjcx.round.layout import lead_items

    leads = lead_items(plan)
    chosen = []
    for name in departments:
        name = department_named(plan, name)
        if name not in leads:
            raise click.BadParameter(f"“{name}” 没有牵头的指标或任务，不需要报送表", param_hint="--dept")
        chosen.append(name)
    try:
        written = forms_module.export_forms(plan, as_of, Path(out_dir), chosen or None, force)
    except forms_module.UnusableName as exc:  # the data must change (exit 1)
        raise DataFailure(f"错误：{exc}") from None
    except forms_module.FormsError as exc:
        raise UsageFailure(f"错误：{exc}") from None
    except OSError as exc:
        raise UsageFailure(f"错误：无法写入 {exc.filename or out_dir}：{os_reason(exc, '写入')}") from None
    click.echo(f"已导出 {len(written)} 份报送表（数据截至 {as_of.isoformat()}，报送 {as_of.year} 年）"
               f"到 {out_dir}：")
    from kjcx.views.tables import display_width

    width = max((display_width(w.path.name) for w in written), default=0)
    for w in written:
        pad = " " * (width - display_width(w.path.name))
        click.echo(f"  {w.path.name}{pad}  指标 {w.indicators} 项，任务 {w.tasks} 项")
    if not chosen:
        others = [d for d in plan.departments() if d not in leads]
        if others:
            click.echo(f"没有牵头事项、不需要报送的单位（{len(others)} 个）：{'、'.join(others)}")
    import shlex

    given = given_data(data_dir)
    data = f" --data {shlex.quote(str(given))}" if given else ""
    click.echo(f"下一步：发给各单位填报；收回后运行 kjcx forms import {shlex.quote(str(out_dir))}{data} 预览，"
               "核对无误再加 --write 写入。")


@forms.command(name="import", epilog=examples(
    "kjcx forms import 报送表/", "kjcx forms import 报送表/区科技局.xlsx -f json",
    "kjcx forms import 报送表/ --data ./data --write",
    "kjcx forms import 报送表/ --write --confirm high_tech_enterprises"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path),
                metavar="文件或目录...")
@click.option("--write", is_flag=True,
              help="全部报送表无误时，把数据写入数据文件（默认只预览，不写入）。")
@click.option("--confirm", "confirmed", multiple=True, metavar="编号",
              help="确认该指标的可疑数值无误，允许写入（可多次给出）。")
@click.option("--confirm-all", is_flag=True, help="确认全部可疑数值无误，允许写入。")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "plain", "json"]), default=None,
              help="输出格式：table（终端默认）、plain（管道默认）、json。")
@click.option("--no-color", is_flag=True, help="不使用颜色（也可设环境变量 NO_COLOR）。")
@data_option
@help_option
def import_forms(paths, write, confirmed, confirm_all, fmt, no_color, data_dir) -> None:
    """读取交回的报送表：逐项校验，列出将要写入的变更、未交回的单位和各类行。

    按编号（而不是行的位置）对应指标和任务。默认只预览。一个输入单元格都没填的表
    按未交回计。

    加 --write 时，全部报送表都没有错误、可疑数值都已确认
    （--confirm 编号 或 --confirm-all）才写入：每个数据作为带日期的一条记录加到当年，
    数据文件的其余内容保持原样。有任何错误或未确认的可疑数值时退出码为 1，且不写入任何内容。
    """
    from kjcx.round import forms as forms_module

    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if missing:
        raise UsageFailure(f"错误：找不到 {'、'.join(missing)}：请给出交回的报送表文件（.xlsx）或它们所在的目录")
    directory = _write_dir(data_dir) if write else find_data_dir(data_dir).path
    if write:
        _lock(directory)
    plan = load_data(str(directory))
    from kjcx.method.parts import reportable

    known = {i.id for i in reportable(plan)}  # parts (id/part name) are confirmed by their 编号 too
    strangers = [i for i in confirmed if i not in known]
    if strangers:
        raise UsageFailure(f"错误：--confirm {'、'.join(strangers)} 不是本计划的指标编号："
                           "请写可疑数值所在行的编号（预览中“可疑的数值”一栏列出）")
    result = forms_module.read_forms(plan, list(paths))
    idle = result.confirm(list(confirmed), confirm_all)
    written: list[Path] = []
    blocked = write and result.ok and bool(result.unconfirmed)
    if result.ok and result.changes:  # the dry run edits and checks exactly what the write writes
        from kjcx.round.writeback import WriteError, write_changes

        try:
            written = write_changes(directory, plan, result.changes, dry_run=not write or blocked)
            written = written if write and not blocked else []
        except WriteError as exc:
            from kjcx.plan.problems import Problem

            result.errors.append(Problem(str(directory), None, None, "", str(exc)))
    if output_format(fmt) == "json":
        emit_output("json", no_color, document=lambda: _json(plan, result, written))
    else:
        if result.warnings:
            click.echo(f"报送表有 {len(result.warnings)} 条提醒（不影响写入）：", err=True)
        for problem in result.warnings[:200]:
            click.echo(f"  {problem_line(problem)}", err=True)
        if idle:
            click.echo(f"提醒：--confirm {'、'.join(idle)} 没有可疑数值，无需确认", err=True)
        if blocked:
            _refuse(result.unconfirmed)
        if result.errors:
            click.echo(f"报送表有 {len(result.errors)} 个问题，未写入任何数据：", err=True)
            for problem in result.errors[:200]:
                click.echo(f"  {problem_line(problem)}", err=True)
            if len(result.errors) > 200:
                click.echo(f"  ……另有 {len(result.errors) - 200} 个问题未列出", err=True)
            click.echo("请按提示修改报送表（或请报送单位修改）后重新导入；各类问题的说明见 docs/forms.md。",
                       err=True)
        emit_output(fmt, no_color, report=lambda: _report(plan, result, write, written, directory))
    if result.errors or blocked:
        raise DataFailure()  # everything is said above (stdout and stderr)


def _refuse(unconfirmed) -> None:
    from kjcx.cleantext import line

    click.echo(f"有 {len(unconfirmed)} 个可疑数值未确认，未写入任何数据：", err=True)
    for flagged in unconfirmed:
        c = flagged.change
        click.echo(f"  {line(c.file)}:{c.cell} {flagged.suspicion.message()}", err=True)
    import shlex

    ids = list(dict.fromkeys(str(f.change.id) for f in unconfirmed))
    options = " ".join(f"--confirm {shlex.quote(i)}" for i in ids)  # ids come from the form
    click.echo(f"请与报送单位核实：填错的改正报送表后重新导入；核实无误的加 {options}"
               "（或 --confirm-all）后再写入。", err=True)


def _lock(directory: Path) -> None:
    """Hold the data directory's lock from before the plan is read until the
    command ends: a second import waits, then reads what the first one wrote."""
    from kjcx.round.commit import CommitError, hold

    try:
        release = hold(directory)
    except CommitError as exc:
        raise DataFailure(f"错误：{exc}") from None
    click.get_current_context().call_on_close(release)


def problem_line(problem) -> str:
    """file:sheet!cell message (file: message when no cell applies), every
    control character (C0, C1, bidi overrides) shown as a visible escape."""
    from kjcx.cleantext import line

    where = line(problem.file)
    where += f":{line(problem.path)}" if problem.path else ":"
    return f"{where} {line(problem.message)}"


def _write_dir(data_dir) -> Path:
    """The data directory --write may change: never the packaged sample (exit 2)."""
    from kjcx.plan.datadir import sample_dir

    directory = find_data_dir(data_dir, allow_sample=False).path
    sample = sample_dir()
    if directory.resolve() == sample.resolve():
        raise UsageFailure(f"错误：{directory} 是内置示例计划，--write 不会改写它；"
                           "请把 targets.yaml 和 tasks.yaml 复制到自己的数据目录，再用 --data 指定。")
    return directory


def _json(plan, result, written: list[Path]) -> dict:
    return {
        "schema": IMPORT_SCHEMA,
        "ok": result.ok,
        "plan": {"name": plan.plan.name},
        "forms": [{"file": f.file, "department": f.department, "as_of": f.as_of.isoformat(),
                   "rows": f.rows_json()} for f in result.forms],
        "errors": [p.as_json() for p in result.errors],
        "changes": [c.json() for c in result.changes],
        "missing_departments": list(result.missing_departments),
        "unchanged": [u.json() for u in result.unchanged],
        "written": bool(written),
        "files": [str(p) for p in written],
        "warnings": [p.as_json() for p in result.warnings],
        "blank_forms": [{"file": f.file, "department": f.department, "as_of": f.as_of.isoformat()}
                        for f in result.blank_forms],
        "suspicious": [f.json() for f in result.suspicious],
    }


ROW_LABELS = {"filled": "已填写", "error": "有错误", "empty": "未填写", "deleted": "被删除"}
KINDS = {"indicator": "指标", "task": "任务"}


def _ids(rows) -> str:
    """指标 a、b；任务 2、4 (rows: (kind, id) pairs or Unchanged)"""
    pairs = [(r.kind, r.id) if hasattr(r, "kind") else r for r in rows]
    parts = []
    for kind in ("indicator", "task"):
        ids = [str(i) for k, i in pairs if k == kind]
        if ids:
            parts.append(f"{KINDS[kind]} {'、'.join(ids)}")
    return "；".join(parts)


def _read_table(result, render):
    read = render.Table("读取的报送表", ["文件", "报送单位", "数据截至", *ROW_LABELS.values()],
                        align="lllrrrr", wrap="twaaaaa")
    notes = []
    for form in result.forms:
        counts = [f"{len(form.rows.get(c, []))} 行" for c in ROW_LABELS]
        read.rows.append([Path(form.file).name, form.department, form.as_of.isoformat(), *counts])
        for cls, label in ROW_LABELS.items():
            if cls != "filled" and form.rows.get(cls):
                notes.append(f"{form.department}{label}：{_ids(form.rows[cls])}")
    return read, notes


def _changes_table(result, title, render):
    changes = render.Table(title, ["单位", "类别", "编号", "名称", "年度", "原值", "新值"], align="lllllll",
                           wrap="waatatt")
    from kjcx.round import cells

    notes = []
    for c in result.changes:
        describe = cells.describe_actual if c.kind == "indicator" else cells.describe_report
        new = describe(c.year, c.new) + ("（替换同日数据）" if c.replace else "")
        changes.rows.append([c.department, KINDS[c.kind], str(c.id), c.name, str(c.year),
                             describe(c.year, c.old) or "-", new])
        extra = [f"来源：{c.new.source}" if getattr(c.new, "source", None) else "",
                 f"{'备注' if c.kind == 'indicator' else '进展情况'}：{c.new.note}" if c.new.note else ""]
        if any(extra):
            notes.append(f"{KINDS[c.kind]} {c.id}（{c.name}）：{'；'.join(e for e in extra if e)}")
    return changes, notes


def _suspicious_table(result, render):
    table = render.Table("可疑的数值（须核实，确认后才能写入）", ["单位", "编号", "单元格", "可疑之处", "确认"],
                         align="lllll", wrap="waata")
    for flagged in result.suspicious:
        c, found = flagged.change, flagged.suspicion
        table.rows.append([c.department, str(c.id), c.cell, f"{c.name} {found.message()}",
                           ("已确认", "") if flagged.confirmed else ("未确认", "yellow")])
    return table


def _missing_table(plan, result, render):
    from kjcx.round.layout import lead_items

    leads = lead_items(plan)
    blank = {f.department: Path(f.file).name for f in result.blank_forms}
    missing = render.Table("未交回报送表的单位", ["单位", "牵头指标", "牵头任务", "说明"], align="lrrl",
                           wrap="waat")
    for dept in result.missing_departments:
        indicators, tasks = leads[dept]
        why = f"交回的 {blank[dept]} 一项未填，按未交回计" if dept in blank else "没有交回"
        missing.rows.append([(dept, "yellow"), str(len(indicators)), str(len(tasks)), why])
    return missing


def _report(plan, result, write: bool, written: list[Path], directory: Path):
    from kjcx.views import tables as render

    state = "已写入" if written else ("未写入" if write else "预览，未写入")
    read, notes = _read_table(result, render)
    title = "已写入的变更" if written else "将写入的变更"
    changes, change_notes = _changes_table(result, title, render)
    tables = [read, changes]
    if result.suspicious:
        tables.append(_suspicious_table(result, render))
    tables.append(_missing_table(plan, result, render))

    unchanged = render.Table("未变化的行", ["单位", "未填写", "与已有数据相同"], align="lrr", wrap="waa")
    by_dept: dict[str, dict[str, list]] = {}
    for u in result.unchanged:
        by_dept.setdefault(u.department, {"empty": [], "same": []})[u.reason].append(u)
    for dept, rows in by_dept.items():
        unchanged.rows.append([dept, f"{len(rows['empty'])} 行", f"{len(rows['same'])} 行"])
        if rows["same"]:
            change_notes.append(f"{dept}与已有数据相同：{_ids(rows['same'])}")
    tables.append(unchanged)
    return render.Report(f"{plan.plan.name}  报送表导入（{state}）  数据目录：{directory}", tables,
                         headline=_headline(result, write, written), notes=notes + change_notes)


def _headline(result, write: bool, written: list[Path]) -> str:
    blank = len(result.blank_forms)
    received = f"收到 {len(result.forms) + blank} 份报送表，其中 {blank} 份一项未填（按未交回计），" if blank else ""
    headline = (f"{received}共读取 {len(result.forms)} 份报送表：变更 {len(result.changes)} 项，"
                f"未交回 {len(result.missing_departments)} 个单位，未变化 {len(result.unchanged)} 行。")
    if result.suspicious:
        open_ = len(result.unconfirmed)
        headline += f"可疑数值 {len(result.suspicious)} 个（未确认 {open_} 个）。"
    if result.errors:
        headline += f"有 {len(result.errors)} 个问题（见上方错误输出），未写入任何数据。"
    elif written:
        headline += "已写入：" + "、".join(str(p) for p in written) + "。"
    elif write and result.unconfirmed:
        headline += "可疑数值未确认，未写入任何数据。"
    elif write:
        headline += "没有需要写入的变更，数据文件未改动。"
    elif result.unconfirmed:
        headline += "这是预览，未写入；请核实可疑数值，无误的写入时加 --confirm 编号。"
    elif result.changes:
        headline += "这是预览，未写入；核对无误后加 --write 写入数据文件。"
    return headline
