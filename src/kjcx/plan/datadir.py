"""Where the plan's files are: --data, $KJCX_DATA, ./data, or the packaged sample."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kjcx.errors import KjcxError
from kjcx.plan.files import os_reason
from kjcx.plan.records import record

TARGETS = "targets.yaml"
TASKS = "tasks.yaml"


class NoDataDir(KjcxError):
    """No usable data directory: the message says where kjcx looked (exit 2)."""


@record
class DataDir:
    path: Path
    how: str  # option | env | local | sample

    @property
    def is_sample(self) -> bool:
        return self.how == "sample"


def sample_dir() -> Path:
    """The packaged sample plan (the seed), or the checkout's data/ in development."""
    packaged = Path(__file__).parents[1] / "sample"  # kjcx/sample, beside this package
    if (packaged / TARGETS).exists():
        return packaged
    return Path(__file__).resolve().parents[3] / "data"


def locate(option: str | os.PathLike | None, *, allow_sample: bool = True) -> DataDir:
    """--data, else $KJCX_DATA, else ./data (when it holds targets.yaml), else the
    packaged sample (only when `allow_sample`: `check` and writing commands never
    fall back to it). Raises NoDataDir."""
    if option:
        return DataDir(_directory(Path(option), "--data 指定的"), "option")
    env = os.environ.get("KJCX_DATA")
    if env:
        return DataDir(_directory(Path(env), "环境变量 KJCX_DATA 指定的"), "env")
    local = Path("data")
    if os.path.isfile(local / TARGETS):  # False, not an exception, without permission
        return DataDir(local, "local")
    if allow_sample:
        return DataDir(sample_dir(), "sample")
    raise NoDataDir(
        "没有找到数据目录：未指定 --data，未设置环境变量 KJCX_DATA，"
        f"当前目录（{Path.cwd()}）下也没有含 targets.yaml 的 data 目录。"
        "请用 --data 指定含 targets.yaml 的目录")


def _directory(path: Path, what: str) -> Path:
    """The directory itself, checked without reading anything in it."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise NoDataDir(f"{what}数据目录 {path} 不存在") from None
    except (OSError, ValueError) as exc:
        raise NoDataDir(f"{what}数据目录 {path} 无法访问：{os_reason(exc)}") from None
    if not stat.S_ISDIR(mode):
        if stat.S_ISREG(mode):
            kind = "文件"
        elif stat.S_ISFIFO(mode):
            kind = "命名管道（FIFO）"
        elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            kind = "设备文件"
        else:
            kind = "特殊文件"
        hint = f"，请指定它所在的目录 {path.parent}" if path.name in (TARGETS, TASKS) else ""
        raise NoDataDir(f"{what}数据目录 {path} 是一个{kind}，不是目录{hint}")
    if not os.access(path, os.R_OK | os.X_OK):
        raise NoDataDir(f"{what}数据目录 {path} 没有读取权限，请检查目录权限")
    if not os.path.lexists(path / TARGETS):
        raise NoDataDir(f"{what}数据目录 {path} 中没有 {TARGETS}")
    return path


def unfinished_commit(directory: str | os.PathLike):
    """A Problem when a write to the data files was interrupted (its journal is
    still there: the pair may be one new file and one old), else None. One lstat."""
    from kjcx.plan.files import JOURNAL

    journal = Path(directory) / JOURNAL
    if not os.path.lexists(journal):
        return None
    from kjcx.plan.problems import Problem

    return Problem(str(journal), None, None, "",
                   "上次写入数据文件（forms import --write）没有完成：targets.yaml 和 tasks.yaml 可能一个是新的、"
                   "一个是旧的，不能据此校验或测算。运行任一 kjcx 命令（如 kjcx status）会先完成这次写入，"
                   "然后再运行 kjcx check；这个文件若不是 kjcx 留下的（例如随数据目录一起复制而来），"
                   "请检查这两个文件是否完整，然后删除它")
