"""分解: one indicator broken down by region or unit, as a 考核 bulletin lists it.

Each part was computed as an indicator of its own (compute.part_indicator), so
this module only orders the part rows, counts them and words the result: the
bulletin table of `kjcx parts`, its counting line ("21 个市（州）中，达标 10
个，……"), and the sentence of the brief.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Optional

from kjcx import words
from kjcx.method.compute import INDICATOR_STATUSES, IndicatorResult
from kjcx.plan.model import ActionPlan, Indicator
from kjcx.views import json_docs

SCHEMA = "kjcx.parts/1"
DEFAULT_LABEL = "地区"
SHORT = ("near", "behind", "severe")  # statuses of a part that fell short of its target


def label(indicator: Indicator) -> str:
    """What the parts are called (parts_label: 市（州）), else 地区."""
    return indicator.parts_label or DEFAULT_LABEL


def field_of(obj: Any, key: str) -> Any:
    """A field of a result that may be a mapping or a record (a period of a rate kind)."""
    if obj is None:
        return None
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def period_of(row: IndicatorResult) -> Any:
    """The row's period result (目标进度 over the plan), when its kind has one."""
    return getattr(row, "period", None)


def rank_value(row: IndicatorResult) -> Optional[Decimal]:
    """What the bulletin orders by: the period's 目标进度 when there is a period, else rate."""
    period = period_of(row)
    return field_of(period, "progress") if period is not None else row.rate


def ordered(rows: tuple | list) -> list[IndicatorResult]:
    """Parts by rank value, highest first, those without one last; ties in file order."""
    def key(row: IndicatorResult):
        value = rank_value(row)
        return (value is None, -value if value is not None else 0)

    return sorted(rows, key=key)


def status_counts(rows) -> dict[str, int]:
    counts = dict.fromkeys(INDICATOR_STATUSES, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


def _grades(plan: ActionPlan) -> list:
    return list(getattr(plan.plan, "grades", None) or [])


def grade_counts(plan: ActionPlan, rows) -> Optional[dict[str, int]]:
    """Parts per grade (等次) in the plan's order; None without plan.grades."""
    grades = _grades(plan)
    if not grades:
        return None
    counts = {str(field_of(g, "label")): 0 for g in grades}
    for row in rows:
        grade = getattr(row, "grade", None)
        if grade is not None:
            counts[str(grade)] = counts.get(str(grade), 0) + 1
    return counts


def counting_line(plan: ActionPlan, row: IndicatorResult, spaced: bool = True) -> str:
    """21 个市（州）中，达标 10 个，基本达标 4 个，…… — grades when the plan has them
    (parts without a grade counted by status), else the status words; zeros left out.
    `spaced`: the table form; running text (the brief) has no spaces: 达标10个."""
    parts = row.parts
    sp = " " if spaced else ""
    graded = grade_counts(plan, parts)
    pieces: list[str] = []
    if graded is not None:
        pieces = [f"{name}{sp}{n}{sp}个" for name, n in graded.items() if n]
        rest = status_counts(r for r in parts if getattr(r, "grade", None) is None)
    else:
        rest = status_counts(parts)
    pieces += [f"{words.STATUS_LABEL[s]}{sp}{n}{sp}个" for s, n in rest.items() if n]
    return f"{len(parts)}{sp}个{label(row.indicator)}中，" + "，".join(pieces) + "。"


def short_names(row: IndicatorResult) -> list[str]:
    """The parts that fell short of their target (基本达标, 滞后, 严重滞后), in bulletin order."""
    return [r.part or "" for r in ordered(row.parts) if r.status in SHORT]


def reportable(plan: ActionPlan) -> list[Indicator]:
    """Every indicator, each followed by its parts as indicators (id `<id>/<part name>`,
    name `指标名称（分解项）`): the rows of the forms a department fills in."""
    from dataclasses import replace

    from kjcx.method.compute import part_indicator

    out: list[Indicator] = []
    for ind in plan.indicators:
        out.append(ind)
        out += [replace(part_indicator(ind, p), name=f"{ind.name}（{p.name}）") for p in ind.parts]
    return out


def find(rows: list[IndicatorResult], ident: str) -> Optional[IndicatorResult]:
    """The indicator row named by id or (unique) name."""
    for row in rows:
        if row.indicator.id == ident:
            return row
    named = [row for row in rows if row.indicator.name == ident]
    return named[0] if len(named) == 1 else None


# --- the bulletin ---------------------------------------------------------------

@dataclass
class Bulletin:
    """`kjcx parts ID [YEAR]`: one indicator's parts, ordered, with the counting line."""

    plan: ActionPlan
    year: int
    as_of: Optional[datetime.date]
    row: IndicatorResult  # the whole indicator; its parts in file order

    @property
    def order(self) -> list[IndicatorResult]:
        return ordered(self.row.parts)

    @property
    def line(self) -> str:
        return counting_line(self.plan, self.row)

    def ranks(self) -> list[tuple[Optional[int], IndicatorResult]]:
        """序号 of each part in order: parts without a rank value get none."""
        out: list[tuple[Optional[int], IndicatorResult]] = []
        n = 0
        for r in self.order:
            if rank_value(r) is None:
                out.append((None, r))
            else:
                n += 1
                out.append((n, r))
        return out

    def json(self) -> dict:
        graded = grade_counts(self.plan, self.row.parts)
        return {"schema": SCHEMA, "plan": json_docs.plan_json(self.plan), "year": self.year,
                "as_of": json_docs.date(self.as_of), "indicator": json_docs.indicator_json(self.row),
                "label": label(self.row.indicator), "order": [r.part for r in self.order],
                "counts": status_counts(self.row.parts), "grades": graded, "line": self.line}

    def csv_rows(self) -> list[dict]:
        return [{"rank": rank, **json_docs.part_json(r)} for rank, r in self.ranks()]

    rows = csv_rows  # a command's view: .json(), .rows(), .report() (cli.output.emit)

    def report(self):
        from kjcx.views import tables as render

        ind = self.row.indicator
        title = f"{ind.name}（{ind.unit}）：各{label(ind)}完成情况" if ind.unit else \
            f"{ind.name}：各{label(ind)}完成情况"
        return render.Report(render.plan_heading(self.plan, self.year, as_of=self.as_of),
                             [bulletin_table(self, title)], headline=self.line,
                             notes=render.indicator_notes(list(self.row.parts)))


def bulletin_table(b: Bulletin, title: str):
    """序号, the part, 目标, 实际, 截至, 完成率 and 序时进度 (or 目标进度 and 时间进度),
    差距, 状态, and 等次 when the plan has grades."""
    from kjcx.views import tables as render
    from kjcx.views.tables import atom, show, show_rate

    ind = b.row.indicator
    period = any(period_of(r) is not None for r in b.row.parts)
    graded = bool(_grades(b.plan))
    from kjcx import columns

    # The headers, alignment and drop order are the registry's; the cells are filled below.
    table = render.table_of(title, columns.parts_columns(label(ind), periods=period, graded=graded), [])
    for rank, r in b.ranks():
        p = period_of(r)
        shares = [field_of(p, "progress"), field_of(p, "time")] if period else [r.completion, r.schedule]
        cells: list[render.CellLike] = [atom("-" if rank is None else str(rank)), render.text_cell(r.part or ""),
                 _target(r, p), atom(show(r.actual, 4)), atom(render.as_of_label(r.as_of)),
                 atom(show_rate(shares[0])), atom(show_rate(shares[1])),
                 _gap(r), render.status_cell(r)]
        if graded:
            cells.append(atom(str(getattr(r, "grade", None) or "-")))
        table.rows.append(cells)
    return table


def _target(r: IndicatorResult, p):
    """The year's target; a part judged on its period alone shows that target: 〔14〕
    (cumulative over the plan, as the 纲要 writes it) or 年均 5%."""
    from kjcx import words
    from kjcx.views.tables import atom, target_cell

    if r.target is None and p is not None and field_of(p, "target") is not None:
        target = words.num(field_of(p, "target"), 2)
        return atom(f"〔{target}〕" if field_of(p, "form") == "cumulative" else f"年均{target}%")
    return target_cell(r)


def _gap(r: IndicatorResult):
    """差距 in the kind's words (a rate: 高于/低于目标 X 个百分点; a rank: 落后 N 位)."""
    from kjcx import words
    from kjcx.views.tables import atom, phrase

    word, _, amount = words.row_gap_phrase(r).partition(" ")
    return phrase(word, amount) if amount else atom(word)


def bulletin(plan: ActionPlan, rows: list[IndicatorResult], year: int,
             as_of: Optional[datetime.date], ident: str) -> Optional[Bulletin]:
    row = find(rows, ident)
    return None if row is None else Bulletin(plan, year, as_of, row)


def brief_sentence(plan: ActionPlan, row: IndicatorResult) -> str:
    """One 通报 sentence per broken-down indicator: the counts and who fell short."""
    short = short_names(row)
    missing = [r.part or "" for r in row.parts if r.status == "no_data"]
    text = f"{row.indicator.name}：" + counting_line(plan, row, spaced=False).rstrip("。")
    if short:
        text += f"；未达到目标的有{'、'.join(short)}"
    if missing:
        text += f"；{'、'.join(missing)}未报送数据"
    return text + "。"
