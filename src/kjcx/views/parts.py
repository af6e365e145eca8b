"""`kjcx parts ID [YEAR]`: the view of one broken-down indicator (method/parts.py) —
the kjcx.parts/1 JSON, the CSV rows, the bulletin table, its counting line
("21 个市（州）中，达标 10 个，……") and the brief's sentence of the parts."""

from __future__ import annotations

from kjcx import words
from kjcx.method.compute import IndicatorResult
from kjcx.method.parts import (
    SHORT,
    Bulletin,
    field_of,
    grade_counts,
    grades_of,
    label,
    period_of,
    short_names,
    status_counts,
)
from kjcx.plan.model import ActionPlan

SCHEMA = "kjcx.parts/1"


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


class BulletinView:
    """A command's view of a Bulletin: .json(), .rows(), .report()."""

    def __init__(self, bulletin: Bulletin) -> None:
        self.bulletin = bulletin

    @property
    def line(self) -> str:
        return counting_line(self.bulletin.plan, self.bulletin.row)

    def json(self) -> dict:
        from kjcx.views import json_docs

        b = self.bulletin
        graded = grade_counts(b.plan, b.row.parts)
        return {"schema": SCHEMA, "plan": json_docs.plan_json(b.plan), "year": b.year,
                "as_of": json_docs.date(b.as_of), "indicator": json_docs.indicator_json(b.row),
                "label": label(b.row.indicator), "order": [r.part for r in b.order],
                "counts": status_counts(b.row.parts), "grades": graded, "line": self.line}

    def rows(self) -> list[dict]:
        from kjcx.views import json_docs

        return [{"rank": rank, **json_docs.part_json(r)} for rank, r in self.bulletin.ranks()]

    csv_rows = rows

    def report(self):
        from kjcx.views import tables as render

        b = self.bulletin
        ind = b.row.indicator
        title = f"{ind.name}（{ind.unit}）：各{label(ind)}完成情况" if ind.unit else \
            f"{ind.name}：各{label(ind)}完成情况"
        return render.Report(render.plan_heading(b.plan, b.year, as_of=b.as_of),
                             [bulletin_table(b, title)], headline=self.line,
                             notes=render.indicator_notes(list(b.row.parts)))


def bulletin_table(b: Bulletin, title: str):
    """序号, the part, 目标, 实际, 截至, 完成率 and 序时进度 (or 目标进度 and 时间进度),
    差距, 状态, and 等次 when the plan has grades."""
    from kjcx import columns
    from kjcx.views import tables as render
    from kjcx.views.tables import atom, show, show_rate

    ind = b.row.indicator
    period = any(period_of(r) is not None for r in b.row.parts)
    graded = bool(grades_of(b.plan))
    # The headers, alignment and drop order are the registry's; the cells are filled below.
    table = render.table_of(title, columns.parts_columns(label(ind), periods=period, graded=graded), [])
    for rank, r in b.ranks():
        p = period_of(r)
        shares = [field_of(p, "progress"), field_of(p, "time")] if period else [r.completion, r.schedule]
        cells: list[render.CellLike] = [
            atom("-" if rank is None else str(rank)), render.text_cell(r.part or ""),
            _target(r, p), atom(show(r.actual, 4)), atom(render.as_of_label(r.as_of)),
            atom(show_rate(shares[0])), atom(show_rate(shares[1])), _gap(r), render.status_cell(r)]
        if graded:
            cells.append(atom(str(getattr(r, "grade", None) or "-")))
        table.rows.append(cells)
    return table


def _target(r: IndicatorResult, p):
    """The year's target; a part judged on its period alone shows that target: 〔14〕
    (cumulative over the plan, as the 纲要 writes it) or 年均 5%."""
    from kjcx.views.tables import atom, target_cell

    if r.target is None and p is not None and field_of(p, "target") is not None:
        target = words.num(field_of(p, "target"), 2)
        return atom(f"〔{target}〕" if field_of(p, "form") == "cumulative" else f"年均{target}%")
    return target_cell(r)


def _gap(r: IndicatorResult):
    """差距 in the kind's words (a rate: 高于/低于目标 X 个百分点; a rank: 落后 N 位)."""
    from kjcx.views.tables import atom, phrase

    word, _, amount = words.row_gap_phrase(r).partition(" ")
    return phrase(word, amount) if amount else atom(word)


def brief_sentence(plan: ActionPlan, row: IndicatorResult, year_end: bool = False) -> str:
    """One 通报 sentence per broken-down indicator: the counts and who fell short of E
    (to date: 未达到序时进度). A closed year is judged (完成/未完成年度目标), not worded in
    statuses (no 滞后 in prose)."""
    short = short_names(row)
    missing = [r.part or "" for r in row.parts if r.status == "no_data"]
    if year_end:
        text = f"{row.indicator.name}：" + _year_end_counts(plan, row)
    else:
        text = f"{row.indicator.name}：" + counting_line(plan, row, spaced=False).rstrip("。")
    if short:
        # short of E: to date 未达到序时进度 (基本达标 too), at year end 未完成年度目标
        text += f"；{'、'.join(short)}{'未完成年度目标' if year_end else '未达到序时进度'}"
    if missing:
        text += f"；{'、'.join(missing)}未报送数据"
    return text + "。"


def _year_end_counts(plan: ActionPlan, row: IndicatorResult) -> str:
    """21个市（州）中，完成年度目标10个，未完成年度目标9个，无数据2个 (grades when the plan has
    them, as counting_line)."""
    if grade_counts(plan, row.parts) is not None:
        return counting_line(plan, row, spaced=False).rstrip("。")
    counts = status_counts(row.parts)
    pieces = [("完成年度目标", counts["met"]), ("未完成年度目标", sum(counts[s] for s in SHORT)),
              ("无数据", counts["no_data"]), ("无目标", counts["no_target"])]
    return f"{len(row.parts)}个{label(row.indicator)}中，" + "，".join(f"{w}{n}个" for w, n in pieces if n)
