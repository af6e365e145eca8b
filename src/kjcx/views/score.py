"""`kjcx score`: the 考核结果 table, its counting line, JSON kjcx.score/1, the workbook, and
`kjcx explain score:UNIT` — all from the typed records of kjcx.method.score.

The words of a 考核 result (名次变化, the counting line, a unit's 说明) are here once; the
report's 考核结果 section and the brief's sentence (report/scoring) use them too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional

from kjcx import columns, words
from kjcx.method.score import MISSING, NOT_APPLICABLE, UNSCORED, ItemScore, ScoreResult, UnitScore, share, two
from kjcx.plan.model import ActionPlan
from kjcx.plan.scoring_model import Item, Scheme
from kjcx.views.layout import Cell

SCHEMA = "kjcx.score/1"
TWO_PLACES = "0.00"


LEGEND_RULE = {"proportional": "按完成率计分", "threshold": "达到目标得分", "bands": "分档计分",
               "matrix": "按年度目标和期内进度计分", "manual": "评定计分"}


# --- words ---------------------------------------------------------------------------

def total_text(value: Decimal) -> str:
    """A total as published: always two decimals (88.00)."""
    return f"{two(value):f}"


def score_text(value: Decimal) -> str:
    """An item's points: at most two decimals (36, 16.67)."""
    return words.num(value, 2)


def change_text(change: Optional[int]) -> str:
    """名次变化: 进2位 / 退4位 / 持平; - when the previous year was not judged."""
    if change is None:
        return "-"
    if change == 0:
        return "持平"
    return f"进{change}位" if change > 0 else f"退{-change}位"


def unit_noun(plan: ActionPlan, scheme: Scheme) -> str:
    """What the units are called: the indicators' parts_label (区, 市（州）), 地区, or 单位."""
    if scheme.units == "departments":
        return "单位"
    by_id = {i.id: i for i in plan.indicators}
    for item in scheme.items:
        ind = by_id.get(item.indicator or "")
        if ind is not None and ind.parts_label:
            return ind.parts_label
    return "地区"


def note_pieces(u: UnitScore) -> list[tuple[str, str]]:
    """说明 as layout pieces: the heads never broken, item names wrapping as text (a name
    kept whole would widen the column past 80 terminal columns)."""
    out: list[tuple[str, str]] = []
    for head, names in (("一票否决：", u.veto), ("未报送：", u.missing), ("未按期报送：", stale_names(u)),
                        ("未评分：", u.unscored)):
        if not names:
            continue
        if out:
            out[-1] = (out[-1][0] + "；", out[-1][1])
        out.append((head, "a"))
        out += [(name + ("、" if i < len(names) - 1 else ""), "t") for i, name in enumerate(names)]
    return out


def stale_names(u: UnitScore) -> tuple[str, ...]:
    """重点用能单位节能量（6月30日数据） for each item scored on an earlier figure."""
    out = []
    for i in u.stale:
        day = getattr(i.row, "as_of", None)
        out.append(f"{i.label}（{words.day_words(day, day.year)}数据）" if day is not None else i.label)
    return tuple(out)


def note_text(u: UnitScore) -> str:
    """说明 of a unit: 一票否决：…；未报送：…；未评分：… (empty when nothing to say), the
    words of `note_pieces` joined."""
    return "".join(text for text, _ in note_pieces(u))


def counting_line(result: ScoreResult, spaced: bool = True) -> str:
    """7 个区中，优秀 1 个，良好 2 个，…；一票否决：丙区（能源消费总量） — grades with no
    unit left out. `spaced`: the table form; running text has no spaces (7个区中)."""
    sp = " " if spaced else ""
    noun = unit_noun(result.plan, result.scheme)
    counts = [f"{label}{sp}{n}{sp}个" for label, n in result.counts().items() if n]
    text = f"{len(result.units)}{sp}个{noun}中，" + "，".join(counts)
    vetoed = [f"{u.unit}（{'、'.join(u.veto)}）" for u in result.ranked if u.veto]
    if vetoed:
        text += "；一票否决：" + "、".join(vetoed)
    return text + "。"


def item_header(label: str, points: Decimal) -> str:
    """A document's or workbook's header of an item: 重点用能单位节能量（40分）."""
    return f"{label}（{score_text(points)}分）"


def short_headers(result: ScoreResult) -> list[str]:
    return [item.short or f"项{i + 1}" for i, item in enumerate(result.scheme.items)]


def legend(result: ScoreResult) -> list[str]:
    """项1 重点用能单位节能量：40分，按完成率计分 — the key to the terminal's item columns."""
    out = []
    for header, label, item in zip(short_headers(result), result.labels, result.scheme.items):
        extra = "，一票否决" if item.veto else ""
        out.append(f"{header} {label}：{score_text(item.points)}分，{LEGEND_RULE[item.rule]}{extra}")
    return out


def heading_note(result: ScoreResult) -> str:
    """The title's tail: 满分、加分上限, and for departments 换算为百分制."""
    full = max((u.full for u in result.units), default=Decimal(0))
    text = f"满分 {score_text(full)} 分"
    if result.scheme.bonus_max is not None:
        text += f"，加分最多 {score_text(result.scheme.bonus_max)} 分"
    if result.scheme.units == "departments":
        text += "；各单位按牵头事项的得分换算为百分制"
    if result.in_year and result.round_date is not None:
        text += f"；数据截至{words.day_words(result.round_date, result.year)}，尚非全年数据"
    return text


def title(result: ScoreResult) -> str:
    name = result.scheme.name
    return f"{name}结果" if str(result.year) in name else f"{name}（{result.year}年）结果"


# --- cells -----------------------------------------------------------------------------

def item_cell(i: ItemScore) -> str:
    return "-" if i.state == NOT_APPLICABLE else score_text(i.score)


def unit_cells(u: UnitScore, change: bool, last: str) -> dict[str, Cell]:
    """The table's cells of one unit, by column key (columns.SCORE), each made once here for
    the terminal and the workbook: a number's cell carries its value and Excel format (the
    rank as a whole number, scores at two decimals), so the workbook writes it as a number.
    `last` is the lowest grade (shown in red)."""
    from kjcx.views import cells as bind

    note = note_pieces(u)
    grade_style = "bold red" if u.veto else "red" if u.grade == last else ""
    out = {"rank": bind.numeric(str(u.rank), u.rank, "0"), "unit": bind.listing([u.unit]),
           "bonus": bind.numeric(score_text(u.bonus), float(two(u.bonus)), TWO_PLACES),
           "total": bind.numeric(total_text(u.total), float(two(u.total)), TWO_PLACES),
           "grade": bind.atom(u.grade, grade_style),
           "note": Cell(tuple(note), "red") if note else bind.atom("-")}
    for n, i in enumerate(u.items):
        # exact: the row sums to its total
        out[f"item{n}"] = (bind.atom("-") if i.state == NOT_APPLICABLE
                           else bind.numeric(score_text(i.score), float(i.score), TWO_PLACES))
    if change:
        out["rank_change"] = bind.atom(change_text(u.rank_change))
    return out


def score_table(result: ScoreResult, headers: list[str]):
    """The 考核结果 table (views/tables.Table): by rank, ties in file order."""
    from kjcx.views import tables as render

    cols = columns.score_columns(headers, change=result.previous)
    table = render.table_of(title(result), cols, [])
    last = result.scheme.grades[-1].label
    for u in result.ranked:
        cells = unit_cells(u, result.previous, last)
        table.rows.append([cells[c.key] for c in cols])
    return table


# --- JSON --------------------------------------------------------------------------------

def _value(v: Any) -> Any:
    from kjcx.views.json_docs import number

    return number(v) if isinstance(v, Decimal) else v


def item_json(i: ItemScore) -> dict:
    item = i.item
    return {"item": item.key, "label": i.label, "indicator": item.indicator, "task": item.task,
            "points": _value(i.points), "rule": item.rule,
            "input": {k: _value(v) for k, v in i.input.items()},
            "score": _value(i.score), "bonus": _value(i.bonus), "state": i.state, "met": i.met,
            "reason": i.reason}


def unit_json(u: UnitScore) -> dict:
    return {"unit": u.unit, "class": u.unit_class, "items": [item_json(i) for i in u.items],
            "earned": _value(u.earned), "possible": _value(u.possible), "full": _value(u.full),
            "base": _value(u.base), "normalised": u.normalised, "bonus": _value(u.bonus),
            "bonus_uncapped": _value(u.bonus_raw), "total": float(two(u.total)),
            "grade": u.grade, "veto": list(u.veto), "rank": u.rank, "rank_change": u.rank_change,
            "missing": list(u.missing), "unscored": list(u.unscored),
            "stale": [i.label for i in u.stale]}


def score_json(result: ScoreResult) -> dict:
    from kjcx.views.json_docs import plan_json

    s = result.scheme
    return {"schema": SCHEMA, "plan": plan_json(result.plan),
            "scheme": {"id": s.id, "name": s.name, "year": s.year, "units": s.units,
                       "document": s.document, "bonus_max": _value(s.bonus_max), "publicity": s.publicity,
                       "grades": [g.label for g in s.grades], "items": list(result.labels)},
            "year": result.year, "counts": result.counts(), "line": counting_line(result, spaced=False),
            "units": [unit_json(u) for u in result.ranked]}


# --- the view ------------------------------------------------------------------------------

class ScoreView:
    """`kjcx score [YEAR]`: .json(), .rows() (CSV), .report() (tables), the workbook."""

    def __init__(self, result: ScoreResult) -> None:
        self.result = result

    def json(self) -> dict:
        return score_json(self.result)

    def rows(self) -> list[dict]:
        out = []
        for u in self.result.ranked:
            row: dict[str, Any] = {"rank": u.rank, "unit": u.unit}
            for label, i in zip(self.result.labels, u.items):
                row[label] = None if i.state == NOT_APPLICABLE else _value(i.score)
            row.update({"bonus": _value(u.bonus), "total": float(two(u.total)), "grade": u.grade,
                        "rank_change": u.rank_change, "veto": list(u.veto), "missing": list(u.missing),
                        "unscored": list(u.unscored)})
            out.append(row)
        return out

    def report(self):
        from kjcx.views.tables import Report, plan_heading

        r = self.result
        table = score_table(r, short_headers(r))
        table.title = f"{table.title}（{heading_note(r)}）"
        return Report(plan_heading(r.plan, r.year), [table], headline=counting_line(r), notes=legend(r))

    def workbook_report(self):
        """The workbook's sheet (named by the title) heads each item with its label and
        points; 满分 and the counting line go to its 说明 sheet."""
        from kjcx.views.tables import Report, plan_heading

        r = self.result
        table = score_table(r, [item_header(label, item.points) for label, item in zip(r.labels, r.scheme.items)])
        return Report(plan_heading(r.plan, r.year), [table], headline=counting_line(r),
                      notes=[heading_note(r) + "。"])



# --- explain score:UNIT -----------------------------------------------------------------------

def rule_text(item: Item, points: Decimal) -> str:
    """The published rule of an item, in words."""
    p = score_text(points)
    if item.rule == "proportional":
        text = f"{p} × 完成率（最多 {p} 分）"
        if item.step is not None:
            text += f"，完成率按 {share(item.step)} 一档向下取"
        if item.floor is not None:
            text += f"，低于 {share(item.floor)} 不得分"
    elif item.rule == "threshold":
        text = f"达到目标得 {p} 分，未达到不得分"
    elif item.rule == "bands":
        scale = points / item.points
        text = "；".join(f"{band_words(item, b)}得 {score_text(b.points * scale)}" for b in item.bands)
    elif item.rule == "matrix":
        m, scale = item.matrix or {}, points / item.points
        text = (f"年度与进度都完成 {score_text(m.get('both', Decimal(0)) * scale)}；只完成进度 "
                f"{score_text(m.get('period_only', Decimal(0)) * scale)}；只完成年度 "
                f"{score_text(m.get('year_only', Decimal(0)) * scale)}；都未完成 "
                f"{score_text(m.get('neither', Decimal(0)) * scale)}")
    else:
        text = f"按评定计分，最多 {p} 分"
    if item.bonus is not None:
        cap = f"，最多加 {score_text(item.bonus.max)} 分" if item.bonus.max is not None else ""
        text += f"；每超额 {share(item.bonus.per)} 加 {score_text(item.bonus.points)} 分{cap}"
    if item.veto:
        text += "；未达到目标一票否决"
    return text


def band_words(item: Item, band) -> str:
    """不低于 90% / 不超过目标 / 超出不超过 10% / 其余."""
    if item.basis == "completion":
        return f"不低于 {share(band.min)} " if band.min is not None else "其余"
    if band.max is None:
        return "其余"
    return "不超过目标" if band.max == 0 else f"超出不超过 {share(band.max)} "


class ScoreExplanation:
    """`kjcx explain score:UNIT [YEAR]`: each item's rule, inputs and result; the sums."""

    def __init__(self, result: ScoreResult, unit: UnitScore) -> None:
        self.result, self.unit = result, unit

    def json(self) -> dict:
        from kjcx.views.json_docs import plan_json

        return {"schema": "kjcx.explain/1", "plan": plan_json(self.result.plan), "year": self.result.year,
                "as_of": None, "kind": "score", "id": self.unit.unit, "scheme": self.result.scheme.id,
                "row": unit_json(self.unit), "steps": self.steps(), "conclusion": self.conclusion()}

    def steps(self) -> list[dict]:
        u = self.unit
        out = [{"name": i.item.key, "label": i.label, "formula": rule_text(i.item, i.points),
                "work": i.reason, "result": _value(i.score), "shown": item_cell(i)} for i in u.items]
        earned = " + ".join(score_text(i.score) for i in u.items if i.applies)
        if u.normalised:
            work = f"({earned}) ÷ {score_text(u.possible)} × {score_text(u.full)} = {total_text(u.base)}"
            out.append({"name": "base", "label": "换算为百分制", "formula": "得分 ÷ 牵头事项满分 × 方案满分",
                        "work": work, "result": _value(u.base), "shown": total_text(u.base)})
        else:
            out.append({"name": "base", "label": "得分合计", "formula": "各项得分之和",
                        "work": f"{earned} = {score_text(u.base)}", "result": _value(u.base),
                        "shown": score_text(u.base)})
        cap = self.result.scheme.bonus_max
        work = f"{score_text(u.bonus_raw)}" + (f"，最多 {score_text(cap)}" if cap is not None else "")
        out.append({"name": "bonus", "label": "加分", "formula": "各项加分之和（不超过加分上限）",
                    "work": work, "result": _value(u.bonus), "shown": score_text(u.bonus)})
        out.append({"name": "total", "label": "总分", "formula": "得分 + 加分",
                    "work": f"{score_text(u.base)} + {score_text(u.bonus)} = {total_text(u.total)}",
                    "result": float(two(u.total)), "shown": total_text(u.total)})
        return out

    def conclusion(self) -> str:
        u, r = self.unit, self.result
        noun = unit_noun(r.plan, r.scheme)
        text = f"{u.unit}总分 {total_text(u.total)}，排名第 {u.rank}（共 {len(r.units)} 个{noun}），{u.grade}等次"
        if u.veto:
            text += f"（{'、'.join(u.veto)}未达到目标，一票否决）"
        if u.rank_change is not None:
            text += f"；名次{change_text(u.rank_change)}" if u.rank_change else "；名次与上年持平"
        return text + "。"

    def rows(self) -> list[dict]:
        return [{"unit": self.unit.unit, "year": self.result.year, **s} for s in self.steps()]

    def report(self):
        from kjcx.views.tables import Report, Table, plan_heading

        table = Table(f"{self.unit.unit}：{title(self.result)}",
                      ["项目", "结果", "规则与代入"], align="lll", wrap="awt")
        for s in self.steps():
            table.rows.append([s["label"], s["shown"], f"{s['formula']}；{s['work']}"])
        return Report(plan_heading(self.result.plan, self.result.year), [table], headline=self.conclusion())


STATES = {MISSING: "未报送", UNSCORED: "未评分", NOT_APPLICABLE: "不适用"}
