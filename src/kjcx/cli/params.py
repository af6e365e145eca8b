"""Parameter types of the command line that call the library's own checks: a year
(kjcx.errors.parse_year; whether it lies in the plan is checked once the plan is loaded,
by cli.app.choose_year calling kjcx.errors.check_year)."""

from __future__ import annotations

import click


class _YearType(click.ParamType):
    """A year argument, read as the library reads a year; its words said as click's
    usage error (in Chinese, never click's English)."""

    name = "年份"

    def convert(self, value, param, ctx):
        from kjcx.errors import ArgumentError, parse_year

        try:
            return parse_year(value)
        except ArgumentError as exc:
            self.fail(str(exc), param, ctx)


YEAR = _YearType()
