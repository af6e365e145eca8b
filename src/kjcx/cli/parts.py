"""`kjcx parts ID [YEAR]`: the bulletin table of one broken-down indicator (分解).

Registered by kjcx.cli.app as a lazy command: imported only when used.
"""

from __future__ import annotations

import click

from kjcx.cli.app import (
    CONTEXT,
    YEAR,
    as_of_option,
    choose_year,
    common_options,
    emit_output,
    examples,
    load_data,
    wide_option,
)
from kjcx.cli.group import Command


@click.command(name="parts", cls=Command, context_settings=CONTEXT,
               epilog=examples("kjcx parts energy_intensity 2021",
                                "kjcx parts energy_intensity -f csv > 分解.csv",
                                "kjcx explain energy_intensity/成都 2021"))
@click.argument("ident", metavar="编号")
@click.argument("year", type=YEAR, required=False, metavar="[年份]")
@as_of_option
@wide_option
@common_options
def parts(ident, year, as_of, wide, data_dir, fmt, no_color):
    """分解情况：一项指标在各地区（或单位）的目标、实际、完成率、状态，按完成情况排序。

    最后一行按状态计数（如 “21 个市（州）中，达标 10 个，……”）。
    不给年份时取最近有实际数据的年份。
    """
    from kjcx.method import compute
    from kjcx.method import parts as breakdown

    plan = load_data(data_dir)
    year, _ = choose_year(plan, year, as_of)
    whole = ident.partition("/")[0] if "/" in ident else ident
    indicator = _indicator(plan, whole)
    row = compute.evaluate_indicator(plan, indicator, year, as_of)
    from kjcx.views.parts import BulletinView

    emit_output(fmt, no_color, BulletinView(breakdown.Bulletin(plan, year, as_of, row)), wide=wide)


def _indicator(plan, ident: str):
    """The broken-down indicator named by id or name; otherwise a usage error (exit 2)."""
    from kjcx.plan.suggest import did_you_mean

    found = [i for i in plan.indicators if ident in (i.id, i.name)]
    with_parts = [i for i in plan.indicators if i.parts]
    if len(found) == 1 and found[0].parts:
        return found[0]
    if found:
        listed = "、".join(i.id for i in with_parts[:20]) or "无"
        raise click.BadParameter(f"指标 “{ident}” 没有分解（parts）。有分解的指标：{listed}",
                                 param_hint="编号")
    close = did_you_mean(ident, [i.id for i in with_parts] + [i.name for i in with_parts])
    hint = f"，是否应为 “{close}”？" if close else \
        f"（有分解的指标：{'、'.join(i.id for i in with_parts[:20]) or '无'}）"
    raise click.BadParameter(f"没有 “{ident}” 这个指标{hint}", param_hint="编号")
