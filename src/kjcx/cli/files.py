"""Files the commands write: `-o x.xlsx` workbooks and reports, each written atomically,
and why a write failed, in Chinese. Imported only by a command that writes a file."""

from __future__ import annotations

import os

import click

from kjcx.cli.errors import UsageFailure


def save_xlsx(output, fmt, view) -> None:
    """-o x.xlsx: the view's tables as a workbook (views/xlsx.py), written atomically;
    `view.typed()`, when it has one, gives the cells that are numbers."""
    from pathlib import Path

    path = Path(output)
    if path.suffix.lower() != ".xlsx":
        raise click.BadParameter(f"不支持的文件类型 “{path.suffix or output}”：-o 只写 Excel 工作簿（.xlsx）；"
                                 "CSV 请用 -f csv 重定向到文件", param_hint="-o")
    if fmt:
        raise click.UsageError("-o 写 Excel 工作簿，不能与 -f 同时使用")
    from kjcx.views import xlsx as xlsx_out

    built = view.report()
    typed = view.typed() if hasattr(view, "typed") else None
    write_atomically(path, lambda tmp: xlsx_out.save(built, tmp, typed))
    click.echo(f"已生成：{output}", err=True)


def os_reason(exc: OSError) -> str:
    """Why a file could not be written, in Chinese."""
    import errno

    reasons = {errno.ENOENT: "目录不存在", errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限",
               errno.ENOSPC: "磁盘空间已满", errno.EROFS: "只读文件系统", errno.EISDIR: "这是一个目录",
               errno.ENAMETOOLONG: "路径过长", errno.EDQUOT: "磁盘配额已满"}
    if exc.errno is not None and exc.errno in reasons:
        return reasons[exc.errno]
    return exc.strerror or "未知原因"


def is_sample_plan(directory) -> bool:
    """The shipped sample's figures are illustrative: the report says so."""
    try:
        head = (directory / "targets.yaml").read_bytes()[:2000].decode("utf-8", "replace")
    except OSError:
        return False
    return "示例数据" in head


def write_atomically(path, write):
    """Write through a temp file in the same directory, fsync, rename: a reader
    never sees half a report, and a failed write leaves the old file."""
    import tempfile

    directory = path.parent if str(path.parent) else None
    try:
        fd, name = tempfile.mkstemp(dir=directory, prefix=".kjcx-", suffix=path.suffix)
    except OSError as exc:
        raise UsageFailure(f"错误：无法写入 {path}：{os_reason(exc)}") from None
    os.close(fd)
    from pathlib import Path

    tmp = Path(name)
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # a report is for sharing: not mkstemp's 0600
        write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise UsageFailure(f"错误：无法写入 {path}：{os_reason(exc)}") from None
    finally:
        if tmp.exists():
            tmp.unlink()
