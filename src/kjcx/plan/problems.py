"""Problems in a plan's files or in a returned form, placed for a person.

No third-party imports: scripts catch kjcx.DataError without paying for pydantic.
"""

from __future__ import annotations

from typing import Optional

from kjcx.errors import KjcxError
from kjcx.plan.records import record


@record
class Problem:
    """One thing wrong (or suspicious), with where it is.

    The location is a YAML position (line and column, with the YAML path such as
    `indicators[3].targets.2021`) or a workbook cell (line and column None, the
    sheet and cell in `path`, such as `指标!F5`)."""

    file: str
    line: Optional[int]
    column: Optional[int]
    path: str
    message: str
    severity: str = "error"  # "error" | "warning"

    @property
    def in_workbook(self) -> bool:
        return self.line is None and "!" in self.path

    def __str__(self) -> str:  # for people: no control characters from the data
        from kjcx.cleantext import line

        if self.in_workbook:
            return f"{line(self.file)}:{line(self.path)} {line(self.message)}"
        where = line(self.file)
        if self.line is not None:
            where += f":{self.line}:{self.column}"
        path = f" {line(self.path)}" if self.path else ""
        return f"{where}{path}: {line(self.message)}"

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
        }


class DataError(KjcxError):
    """The data is invalid; `problems` lists every error found, each placed."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:20])
        more = f"\n  另有 {len(self.problems) - 20} 个问题未列出" if len(self.problems) > 20 else ""
        super().__init__(f"数据有 {len(self.problems)} 个错误：\n{shown}{more}")
