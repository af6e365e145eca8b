"""`kjcx init DIR [--from 计划.docx]`: a commented template of a new plan, or a draft of
both data files from the plan document, with the list of what to review.

Registered by kjcx.cli.app as a lazy command: imported only when used.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from kjcx.cli.app import CONTEXT, emit_output, examples, help_option
from kjcx.cli.errors import UsageFailure
from kjcx.cli.group import Command


@click.command(name="init", cls=Command, context_settings=CONTEXT,
               epilog=examples("kjcx init 新计划", "kjcx init 新计划 --from 行动计划.docx",
                               "kjcx init 新计划 --from 行动计划.txt --lead-rule first",
                               "kjcx check --data 新计划"))
@click.argument("directory", metavar="目录", type=click.Path(file_okay=False, path_type=Path))
@click.option("--from", "source", metavar="文件", type=click.Path(dir_okay=False, path_type=Path),
              help="从计划原文起草（.docx、.txt、.md）。")
@click.option("--name", metavar="名称", help="模板的计划名称（默认：新的行动计划）。")
@click.option("--start", type=int, metavar="年份", help="模板的规划期第一年（默认：明年）。")
@click.option("--end", type=int, metavar="年份", help="模板的规划期最后一年（默认：第一年起的第三年）。")
@click.option("--lead-rule", type=click.Choice(["first"]),
              help="first：责任单位中列第一位者为牵头单位（原文写明这条约定时自动采用）。")
@click.option("--departments", "departments_file", metavar="文件",
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="已知单位名单（每行一个），用来拆开连写的单位名。")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="text（默认）或 json（核对清单给脚本用）。")
@help_option
def init(directory, source, name, start, end, lead_rule, departments_file, fmt):
    """新建计划的两个数据文件：带注释的模板，或用 --from 从计划原文起草。

    从不覆盖已有文件（已存在时退出码为 2，什么也不写）。起草时每个值都注明出自原文哪一行
    （或表格哪一格），拿不准的地方标“# 请核对：”并列在输出中，kjcx check 也会逐条提示。
    """
    from kjcx.draft import files
    from kjcx.draft.summary import InitView

    found = files.existing(directory)
    if found is not None:
        raise UsageFailure(f"{found} 已存在：kjcx init 从不覆盖文件，请换一个目录或先移走它")
    draft = None
    if source is not None:
        if name or start or end:
            raise click.UsageError("--name、--start、--end 只用于模板；--from 从原文读取这些")
        draft = _draft(source, lead_rule, departments_file)
        from kjcx.draft.write import targets_yaml, tasks_yaml

        texts = (targets_yaml(draft), tasks_yaml(draft))
    else:
        texts = _template(directory, name, start, end)
    try:
        written = files.write_new(directory, texts)
    except files.Exists as exc:
        raise UsageFailure(f"{exc.path} 已存在：kjcx init 从不覆盖文件") from None
    except OSError as exc:
        from kjcx.plan.files import os_reason

        raise UsageFailure(f"无法写入 {directory}：{os_reason(exc, '写入')}") from None
    emit_output(fmt, False, InitView(directory, written, draft))


def _draft(source: Path, lead_rule, departments_file):
    from kjcx.draft.build import draft_plan, read_departments
    from kjcx.draft.document import SUFFIXES, NotText

    if source.suffix.lower() not in SUFFIXES:
        raise click.BadParameter(f"{source}：只能读取 .docx、.txt、.md 文件", param_hint="--from")
    try:
        known = read_departments(departments_file) if departments_file else None
        return draft_plan(source, lead_rule=lead_rule, departments=known)
    except OSError as exc:
        from kjcx.plan.files import os_reason

        raise UsageFailure(f"无法读取 {source}：{os_reason(exc, '读取')}") from None
    except NotText:
        raise UsageFailure(f"无法读取 {source}：不是文字文件（UTF-8 或 GB18030 编码的 .txt、.md）") from None
    except Exception as exc:   # a .docx that is not a Word document (python-docx's errors)
        if source.suffix.lower() == ".docx":
            raise UsageFailure(f"无法读取 {source}：不是有效的 Word 文档（{type(exc).__name__}）") from None
        raise


def _template(directory: Path, name, start, end) -> tuple[str, str]:
    import datetime

    from kjcx.draft import template

    start = start or datetime.date.today().year + 1
    end = end or start + 2
    if not 1900 <= start <= end <= 2200:
        raise click.BadParameter(f"规划期 {start}—{end} 不合理：第一年不能晚于最后一年", param_hint="--start/--end")
    name = name or f"新的行动计划（{start}-{end}年）"
    if not re.search(r"\S", name):
        raise click.BadParameter("计划名称不能为空", param_hint="--name")
    return template.files(name, start, end, str(directory))
