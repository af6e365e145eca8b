"""`kjcx history ID [--since DATE]`: every dated entry of an indicator, part or task.

Registered by kjcx.cli.app as a lazy command: imported only when used.
"""

from __future__ import annotations

import click

from kjcx.cli.app import CONTEXT, DATE, common_options, emit_output, examples, load_data, wide_option
from kjcx.cli.group import Command


@click.command(name="history", cls=Command, context_settings=CONTEXT,
               epilog=examples("kjcx history tech_contract_turnover", "kjcx history 4",
                               "kjcx history energy_intensity/成都 --since 2022-01-01",
                               "kjcx history 4 -f json"))
@click.argument("ident", metavar="编号")
@click.option("--since", type=DATE, default=None, metavar="日期", help="只列该日期以后的记录。")
@wide_option
@common_options
def history(ident, since, wide, data_dir, fmt, no_color):
    """报送记录：一个指标（编号）、分解项（编号/名称）或任务（数字）历年的每一条报送。

    从早到晚列出数值或状态与完成百分比、截至日期、来源、备注、修订原因、阶段目标，
    以及按当时已报送的数据得出的结论。
    """
    from kjcx.method import history as trail
    from kjcx.views.history import HistoryView

    plan = load_data(data_dir)
    try:
        result = trail.history(plan, ident, since)
    except KeyError:
        from kjcx.plan.suggest import did_you_mean

        close = did_you_mean(ident, trail.names(plan))
        hint = f"，是否应为 “{close}”？" if close else \
            "（指标写编号如 high_tech_enterprises，分解项写 编号/名称，任务写数字）"
        raise click.BadParameter(f"没有 “{ident}” 这个指标、分解项或任务{hint}", param_hint="编号") from None
    emit_output(fmt, no_color, HistoryView(result), wide=wide)
