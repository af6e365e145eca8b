"""The one base of the errors kjcx raises on purpose (`KjcxError`), and the argument
checks the Python API and the command line share (a year of the plan).

Every error class of the library is a `KjcxError` (DataError, ReadError, NoDataDir,
FormsError, CommitError, WriteError, LimitError, …), so a caller may catch them all at
once; each keeps its own class, so an `except DataError` still works. An argument the
library cannot use is an `ArgumentError`, which is also a ValueError.

Like kjcx.words, this module imports nothing of kjcx (every layer may use it).
"""

from __future__ import annotations

EXIT_DATA = 1
EXIT_USAGE = 2


class KjcxError(Exception):
    """An error of kjcx: what it says (`lines`, in Chinese) and, at the command line,
    the exit code it ends with (1 bad data, 2 usage)."""

    exit_code = EXIT_DATA

    def __init__(self, *lines: object, exit_code: int | None = None) -> None:
        super().__init__("\n".join(str(line) for line in lines))
        self._lines = tuple(str(line) for line in lines)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def lines(self) -> tuple[str, ...]:
        """What to say on stderr, line by line (a subclass that says itself in str())."""
        given = getattr(self, "_lines", None)
        return given if given is not None else tuple(str(self).splitlines())


class ArgumentError(KjcxError, ValueError):
    """An argument the library cannot use (a year outside the plan): a usage error at
    the command line (exit 2); a ValueError for callers that catch that."""

    exit_code = EXIT_USAGE


def parse_year(value: object) -> int:
    """A year as a person types it (2021): digits only, else ArgumentError."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise ArgumentError("应为整数，如 2021")
    return int(text)


def check_year(year: int, start: int, end: int) -> int:
    """`year` if it lies in the plan's period start-end, else ArgumentError."""
    if not start <= year <= end:
        raise ArgumentError(f"{year} 不在计划期 {start}-{end} 内")
    return year
