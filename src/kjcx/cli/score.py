"""`kjcx score [YEAR]` (the 考核结果) and `kjcx explain score:UNIT` (one unit's points).

Registered by kjcx.cli.app as a lazy command: imported only when used.
"""

from __future__ import annotations

import click

from kjcx.cli.app import (
    CONTEXT,
    YEAR,
    choose_year,
    common_options,
    emit_output,
    examples,
    find_data_dir,
    load_data,
    wide_option,
)
from kjcx.cli.errors import DataFailure, UsageFailure
from kjcx.cli.group import Command


def scoring_option(f):
    return click.option("--scoring", "scoring_file", metavar="文件",
                        help="考核方案文件（默认：数据目录中的 scoring.yaml）。")(f)


@click.command(name="score", cls=Command, context_settings=CONTEXT,
               epilog=examples("kjcx score 2022", "kjcx score 2022 --scheme districts",
                                "kjcx score 2022 -o 考核结果.xlsx", "kjcx score 2022 -f json",
                                "kjcx explain score:甲区 2022"))
@click.argument("year", type=YEAR, required=False, metavar="[年份]")
@click.option("--scheme", metavar="方案编号", help="按哪个考核方案（默认：第一个考核该年的方案）。")
@scoring_option
@wide_option
@common_options
@click.option("-o", "--output", "output", metavar="文件.xlsx",
              help="写成 Excel 工作簿（.xlsx，数字为数值、保留两位小数）。")
def score(year, scheme, scoring_file, wide, data_dir, fmt, no_color, output):
    """考核结果：各单位每个计分项的得分、加分、总分、等次和排名（scoring.yaml）。

    计分规则写在 scoring.yaml 中（按完成率、达标、分档、矩阵、手工评分；加分、一票否决、
    按分数或比例定等次），数字全部来自测算结果。不给年份时取方案的年份或最近有数据的年份。
    """
    from kjcx.views.score import ScoreView

    plan = load_data(data_dir)
    result = _result(plan, year, scheme, scoring_file, data_dir)
    view = ScoreView(result)
    if output:
        from kjcx.cli.files import save_xlsx

        save_xlsx(output, fmt, view)
    else:
        emit_output(fmt, no_color, view, wide=wide)


def _scoring(plan, scoring_file, data_dir):
    """The validated scoring file, or exit 2 (none found) / 1 (problems in it)."""
    from pathlib import Path

    from kjcx.plan.problems import DataError
    from kjcx.plan.scoring import load_scoring, scoring_path

    path = Path(scoring_file) if scoring_file else scoring_path(find_data_dir(data_dir).path)
    if not path.is_file():
        raise UsageFailure(f"错误：没有找到考核方案文件 {path}：请在数据目录中建立 scoring.yaml"
                           "（写法见 docs/score.md；kjcx score 也可用 --scoring 指定）")
    try:
        return load_scoring(path, plan)
    except DataError as exc:
        raise _bad_scoring(exc) from None


def _result(plan, year, scheme_id, scoring_file, data_dir):
    from kjcx.method.score import score_year

    scoring = _scoring(plan, scoring_file, data_dir)
    ids = "、".join(s.id for s in scoring.schemes)
    if scheme_id is not None:
        chosen = scoring.scheme(scheme_id)
        if chosen is None:
            from kjcx.plan.suggest import did_you_mean

            close = did_you_mean(scheme_id, [s.id for s in scoring.schemes])
            hint = f"，是否应为 “{close}”？" if close else f"（有：{ids}）"
            raise click.BadParameter(f"没有编号为 “{scheme_id}” 的考核方案{hint}", param_hint="--scheme")
    elif year is not None:
        covering = scoring.covering(year)
        if not covering:
            raise click.BadParameter(f"没有考核 {year} 年的方案（有：{ids}）", param_hint="年份")
        chosen = covering[0]
    else:
        chosen = scoring.schemes[0]
    if year is None:
        year = chosen.year if chosen.year is not None else choose_year(plan, None)[0]
    year, _ = choose_year(plan, year)
    if not chosen.covers(year):
        raise click.BadParameter(f"方案 {chosen.id} 只考核 {chosen.year} 年", param_hint="年份")
    return score_year(plan, chosen, year)


def explain_unit(unit, year, data_dir, fmt, no_color, wide) -> None:
    """`kjcx explain score:UNIT [YEAR]`: the first scheme judging the year that lists UNIT;
    `score:SCHEME/UNIT` names the scheme."""
    from kjcx.method.score import score_year
    from kjcx.views.score import ScoreExplanation

    plan = load_data(data_dir)
    scoring = _scoring(plan, None, data_dir)
    schemes = scoring.covering(year) if year is not None else list(scoring.schemes)
    head, _, rest = unit.partition("/")
    if rest and scoring.scheme(head) is not None:
        unit, schemes = rest, [s for s in schemes if s.id == head]
    for scheme in schemes:
        judged = year if year is not None else scheme.year if scheme.year is not None \
            else choose_year(plan, None)[0]
        judged, _ = choose_year(plan, judged)
        result = score_year(plan, scheme, judged)
        found = result.unit(unit)
        if found is not None:
            emit_output(fmt, no_color, ScoreExplanation(result, found), wide=wide)
            return
    from kjcx.plan.suggest import did_you_mean

    names = [u.unit for s in schemes for u in score_year(plan, s, year or choose_year(plan, None)[0]).units] \
        if schemes else []
    close = did_you_mean(unit, names)
    hint = f"，是否应为 “{close}”？" if close else (f"（被考核单位：{'、'.join(names[:20])}）" if names else "")
    raise click.BadParameter(f"考核方案中没有 “{unit}” 这个单位{hint}", param_hint="编号")


def _year_end(year, as_of) -> bool:
    """A report or brief of the closed year (考核 judges a closed year)."""
    return as_of is None or (as_of.year, as_of.month, as_of.day) >= (year, 12, 31)


def report_scores(content, plan, year, directory, as_of) -> None:
    """The report's 考核结果 sections (report/scoring.attach); a bad scoring.yaml: exit 1."""
    from kjcx.plan.problems import DataError
    from kjcx.report.scoring import attach

    try:
        attach(content, plan, year, directory, _year_end(year, as_of))
    except DataError as exc:
        raise _bad_scoring(exc) from None


def brief_scores(document, plan, year, data_dir, as_of) -> dict:
    """The brief's document with the 考核 sentence; the data directory found quietly
    (load_data has said already when it is the sample)."""
    from kjcx.cli.app import given_data
    from kjcx.plan.datadir import NoDataDir, locate
    from kjcx.plan.problems import DataError
    from kjcx.report.scoring import brief_document

    try:
        directory = locate(given_data(data_dir)).path
    except NoDataDir:
        return document
    try:
        return brief_document(document, plan, year, directory, _year_end(year, as_of))
    except DataError as exc:
        raise _bad_scoring(exc) from None


def _bad_scoring(exc) -> DataFailure:
    return DataFailure(f"考核方案文件有 {len(exc.problems)} 个错误，未进行考核：",
                       *(f"  {p}" for p in exc.problems), "修改后可运行 kjcx check 复查。")
