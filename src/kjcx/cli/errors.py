"""The command line's failures: one `KjcxError` family, each with its exit code (README),
raised where the failure is found and reported once, at the edge (cli.app's group)."""

from __future__ import annotations

EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_LAGGING = 3


class KjcxError(Exception):
    """A run that ends with `exit_code` after saying `lines` on stderr (maybe none:
    `check` has said everything on stdout; `--fail-on lagging` only sets the code)."""

    exit_code = EXIT_DATA

    def __init__(self, *lines: str, exit_code: int | None = None) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        if exit_code is not None:
            self.exit_code = exit_code


class DataFailure(KjcxError):
    """The data files have errors (exit 1)."""

    exit_code = EXIT_DATA


class UsageFailure(KjcxError):
    """The run cannot be done as asked: no data directory, an unwritable file (exit 2)."""

    exit_code = EXIT_USAGE


class Lagging(KjcxError):
    """--fail-on lagging found a lagging department (exit 3)."""

    exit_code = EXIT_LAGGING
