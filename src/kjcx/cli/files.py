"""Files the commands write: `-o x.xlsx` workbooks and reports, each written atomically
(plan/files), a failed write said as a usage error. Imported only by a command that writes a file."""

from __future__ import annotations

import click

from kjcx.cli.errors import UsageFailure
from kjcx.plan.files import not_replaceable, os_reason, write_atomically


def save_xlsx(output, fmt, view) -> None:
    """-o x.xlsx: the view's tables as a workbook (views/xlsx.py), written atomically;
    a cell that is a number is written as one (its binder says so, views/cells)."""
    from pathlib import Path

    path = Path(output)
    if path.suffix.lower() != ".xlsx":
        raise click.BadParameter(f"不支持的文件类型 “{path.suffix or output}”：-o 只写 Excel 工作簿（.xlsx）；"
                                 "CSV 请用 -f csv 重定向到文件", param_hint="-o")
    if fmt:
        raise click.UsageError("-o 写 Excel 工作簿，不能与 -f 同时使用")
    from kjcx.views import xlsx as xlsx_out

    # a view may head its workbook's columns more fully than its terminal table (kjcx score)
    built = view.workbook_report() if hasattr(view, "workbook_report") else view.report()
    write_output(path, lambda tmp: xlsx_out.save(built, tmp))
    click.echo(f"已生成：{output}", err=True)


def is_sample_plan(directory) -> bool:
    """The shipped sample's figures are illustrative: the report says so."""
    try:
        head = (directory / "targets.yaml").read_bytes()[:2000].decode("utf-8", "replace")
    except OSError:
        return False
    return "示例数据" in head


def write_output(path, write) -> None:
    """A file the user asked for, written whole or not at all (plan/files.write_atomically:
    a reader never sees half a report, a failed write leaves the old file); a failure
    is a usage error (exit 2) that says why. A FIFO, device or symlink at `path` is
    refused, not replaced."""
    problem = not_replaceable(path)
    if problem:
        raise UsageFailure(f"错误：无法写入 {path}：{problem}")
    try:
        write_atomically(path, write)
    except OSError as exc:
        raise UsageFailure(f"错误：无法写入 {path}：{os_reason(exc, '写入')}") from None
