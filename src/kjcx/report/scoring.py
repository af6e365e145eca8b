"""The report's 考核结果 section and the brief's 考核 sentence, from the score records
(kjcx.method.score) in the words of a 考核 通报:

    经考核，甲区为优秀等次，丁区、乙区为良好等次，己区为合格等次，庚区等3个区为不合格等次。
    其中，丙区能源消费总量未完成年度目标，实行一票否决。

The HTML, Word and markdown writers render `ScoreSection` as they render a parts section;
the table's cells and the counting line are views/score's.
"""

from __future__ import annotations

import os
from dataclasses import field
from typing import TYPE_CHECKING, Any, Optional

from kjcx import columns
from kjcx.plan.records import record

if TYPE_CHECKING:
    from kjcx.method.score import ScoreResult
    from kjcx.plan.model import ActionPlan

LISTED = 3  # a grade of more units names the first: 丁区等11个区


@record(frozen=False)
class ScoreSection:
    title: str  # 各区节能目标责任评价考核（2022年）结果
    headers: list[str]
    rows: list[list[str]]
    right: list[int]  # columns of numbers
    vetoed: list[bool]  # each row: a veto put the unit in the last grade
    line: str  # 7个区中，优秀1个，……；一票否决：丙区（能源消费总量）。
    note: str  # 满分 100 分，加分最多 5 分（；换算为百分制）
    sentence: str  # the brief's sentence
    legend: list[str] = field(default_factory=list)


def results_for(plan: ActionPlan, year: int, directory: str | os.PathLike) -> list[ScoreResult]:
    """Every scheme of the directory's scoring.yaml that judges `year`, scored, when the
    year's figures reach its end; [] without a scoring.yaml. A bad scoring.yaml raises
    DataError, as a bad data file does."""
    from kjcx.method.score import score_year
    from kjcx.plan.scoring import load_scoring, scoring_path

    path = scoring_path(directory)
    if not path.is_file():
        return []
    scoring = load_scoring(path, plan)
    results = [score_year(plan, scheme, year) for scheme in scoring.covering(year)]
    return [r for r in results if not r.in_year]  # 考核 judges the closed year: no partial result


def grade_sentence(result: ScoreResult) -> str:
    """经考核，甲区、乙区为优秀等次，丁区等11个区为合格等次。其中，丙区……实行一票否决。"""
    from kjcx.views.score import unit_noun

    noun = unit_noun(result.plan, result.scheme)
    by_grade: dict[str, list[str]] = {g.label: [] for g in result.scheme.grades}
    for u in result.ranked:
        by_grade.setdefault(u.grade, []).append(u.unit)
    pieces = []
    for grade, units in by_grade.items():
        if not units:
            continue
        who = "、".join(units) if len(units) <= LISTED else f"{units[0]}等{len(units)}个{noun}"
        pieces.append(f"{who}为{grade}等次")
    text = "经考核，" + "，".join(pieces) + "。"
    vetoed = [u for u in result.ranked if u.veto]
    if vetoed:
        text += "其中，" + "；".join(f"{u.unit}{'、'.join(u.veto)}{_not_met(u)}" for u in vetoed) \
            + "，实行一票否决。"
    if result.scheme.publicity is not None:
        text += f"现予公示，公示期为{result.scheme.publicity}个工作日。"
    return text


def _not_met(u: Any) -> str:
    """未完成年度目标 (an indicator), 未完成 (a task), 未报送数据 (no figure)."""
    items = [i for i in u.items if i.vetoed]
    if all(i.state == "missing" for i in items):
        return "未报送数据"
    if all(i.item.task is not None for i in items):
        return "未完成"
    return "未完成年度目标"


def brief_sentences(results: list[ScoreResult]) -> list[str]:
    """One sentence per scheme; with two or more, each names its scheme."""
    if len(results) == 1:
        return [grade_sentence(results[0])]
    return [f"{r.scheme.name}：{grade_sentence(r)}" for r in results]


def section(result: ScoreResult) -> ScoreSection:
    from kjcx.views.score import counting_line, heading_note, item_header, title, unit_cells

    headers = [item_header(label, item.points) for label, item in zip(result.labels, result.scheme.items)]
    cols = columns.score_columns(headers, change=result.previous)
    last = result.scheme.grades[-1].label
    rows = []
    for u in result.ranked:
        cells = unit_cells(u, result.previous, last)  # the table's own cells, by key
        rows.append([cells[c.key].text for c in cols])
    return ScoreSection(title(result), [c.header for c in cols], rows,
                        [i for i, c in enumerate(cols) if c.align == "r"],
                        [bool(u.veto) for u in result.ranked], counting_line(result, spaced=False),
                        heading_note(result) + "。", grade_sentence(result))


def attach(content: Any, plan: ActionPlan, year: int, directory: Optional[str | os.PathLike],
           year_end: bool = True) -> None:
    """Give a report its 考核结果 sections and its brief the 考核 sentence, when the data
    directory's scoring.yaml judges the year (a report limited to a date inside the
    year has none: 考核 judges the closed year)."""
    if directory is None or not year_end:
        return
    results = results_for(plan, year, directory)
    if not results:
        return
    content.scores = [section(r) for r in results]
    content.brief = content.brief + "".join(brief_sentences(results))


def brief_document(document: dict, plan: ActionPlan, year: int, directory: Optional[str | os.PathLike],
                   year_end: bool = True) -> dict:
    """The kjcx.brief/1 document with the 考核 sentence added to its text (and `score`)."""
    results = results_for(plan, year, directory) if directory is not None and year_end else []
    sentences = brief_sentences(results) if results else []
    return {**document, "text": document["text"] + "".join(sentences), "score": sentences}
