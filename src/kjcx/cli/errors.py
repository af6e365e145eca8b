"""The command line's failures: the library's `KjcxError` (kjcx.errors) and its CLI kinds,
each with its exit code (README), raised where the failure is found and reported once, at
the edge (cli.group): DataFailure 1, UsageFailure 2, Lagging 3."""

from __future__ import annotations

from kjcx.errors import EXIT_DATA, EXIT_USAGE, KjcxError

EXIT_LAGGING = 3
__all__ = ["EXIT_DATA", "EXIT_LAGGING", "EXIT_USAGE", "DataFailure", "KjcxError", "Lagging", "UsageFailure"]


class DataFailure(KjcxError):
    """The data files have errors (exit 1)."""

    exit_code = EXIT_DATA


class UsageFailure(KjcxError):
    """The run cannot be done as asked: no data directory, an unwritable file (exit 2)."""

    exit_code = EXIT_USAGE


class Lagging(KjcxError):
    """--fail-on lagging found a lagging department (exit 3)."""

    exit_code = EXIT_LAGGING
