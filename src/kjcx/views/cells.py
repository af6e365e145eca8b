"""The one binder of each indicator column: a result row becomes its cell — the words and
where they may break, the style, and for a number its typed value and Excel format — once,
for every medium (terminal, markdown, xlsx, the report's HTML, Word and markdown).

A writer looks a row's cell up by the column's key (kjcx.columns) and takes what its
medium needs from it: text and break points (terminal, HTML, Word), the value and format
(xlsx). No writer parses another's text.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple, Optional, Union

from kjcx import statuses, words
from kjcx.views.layout import Cell, Piece

PERCENT = "0.0%"
GENERAL = "General"
_SAMPLE = Decimal("1.5")
_TENTH = Decimal("0.1")


class Medium(NamedTuple):
    """Where a table is printed: `document` (the report: dates as 6月30日, a status with
    its mark) or a table of the terminal and Excel; `year` the year the document speaks of;
    `periods`: the table has 目标进度/时间进度 columns (the report has none: a row judged
    on its period only shows them in 完成率/序时进度)."""

    document: bool = False
    year: Optional[int] = None
    periods: bool = True


TABLE = Medium()


# --- cells -------------------------------------------------------------------------------

def atom(text: str, style: str = "") -> Cell:
    return Cell(((text, "a"),), style)


def text_cell(text: str, style: str = "") -> Cell:
    return Cell(((text, "t"),), style)


def phrase(word: str, amount: str, style: str = "") -> Cell:
    """`差 4件`, `低于序时 7.0 个百分点`: may break between the word and the amount only."""
    return Cell(((word, "a"), (f" {amount}", "a")), style)


def listing(names: Iterable[str], style: str = "") -> Cell:
    """区科技局、区发改委: may break after each 、, a name stays whole if it fits."""
    names = list(names)
    if not names:
        return atom("-")
    pieces: tuple[Piece, ...] = tuple(
        (name + ("、" if i < len(names) - 1 else ""), "w") for i, name in enumerate(names))
    return Cell(pieces, style)


def typed(cell: Cell, value: Any, fmt: str) -> Cell:
    """The cell with its value and Excel format."""
    return Cell(cell.pieces, cell.style, value, fmt)


def numeric(text: str, value: Any, fmt: str, style: str = "") -> Cell:
    """A number's cell: its text (never broken), its value and Excel format."""
    return Cell(((text, "a"),), style, value, fmt)


def worded(text: str, style: str = "", value: Any = None, fmt: str = "") -> Cell:
    """A phrase of words.py as a cell that breaks between its word and its amount only."""
    word, _, amount = text.partition(" ")
    pieces = ((word, "a"), (f" {amount}", "a")) if amount else ((text, "a"),)
    return Cell(pieces, style, value, fmt)


show = words.num
show_rate = words.pct


# --- Excel formats that speak the tables' words -------------------------------------------

def _literal(text: str) -> str:
    return f'"{text}"' if text else ""


@functools.lru_cache(maxsize=256)  # a handful of formats, asked for by every row
def phrase_format(say: Callable[[Decimal], str], code: str) -> str:
    """positive;negative;zero sections from what words.py says for +1.5, -1.5 and 0: the
    number's place in each phrase becomes `code` (Excel shows no sign there)."""
    sections = []
    for value in (_SAMPLE, -_SAMPLE):
        text = say(value)
        before, _, after = text.partition(words.num(_SAMPLE, 4))
        sections.append(_literal(before.replace('"', "")) + code + _literal(after.replace('"', "")))
    sections.append(_literal(say(Decimal(0)).replace('"', "")))
    return ";".join(sections)


def number(value: Union[Decimal, int, float, None]) -> Any:
    """A value for a workbook cell: exact, as the JSON rounds it (6 places); the workbook
    converts a cell's Decimal with this when it writes it (the terminal never needs it).
    An int or a float a binder chose (a score's exact float) is written as it is."""
    if value is None or isinstance(value, (int, float)):
        return value
    from kjcx.views.json_docs import number as json_number

    return json_number(value)


def shown(value: Optional[Decimal], places: int) -> Optional[Decimal]:
    """The value at the precision the table shows it (so that Excel's words, say 持平,
    agree with the terminal's)."""
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=words.WIDE)


# --- the indicator table's binders -------------------------------------------------------

def row_name(r) -> str:
    """An indicator's name; a part's row (分解) adds the part: 技术合同成交额（成都）."""
    return r.indicator.name if r.part is None else f"{r.indicator.name}（{r.part}）"


def stale_pieces(as_of: datetime.date) -> tuple[Piece, ...]:
    """（6月底数据，本期未报送）, breakable after its comma so that a narrow column holds it."""
    head, _, tail = words.stale_phrase(as_of).partition("，")
    return ((head + "，", "a"), (tail, "a"))


def code(places: int) -> str:
    """The Excel number code that shows `places` decimals (5.00 stays 5.00)."""
    return "0" if places <= 0 else "0." + "0" * places


def actual_cell(r, m: Medium = TABLE) -> Cell:
    """The figure as it was written (5.00 stays 5.00); a stale one with its own date:
    119（6月底数据，本期未报送）."""
    text = words.written(r.actual)
    fmt = code(words.decimals(r.actual)) if r.actual is not None else GENERAL
    if r.stale and r.as_of is not None:
        return Cell(((text, "a"),) + stale_pieces(r.as_of), "yellow", r.actual, fmt)
    return numeric(text, r.actual, fmt)


def target_cell(r, m: Medium = TABLE) -> Cell:
    """The target as written; one the plan did not write for the year (interpolated) at
    the indicator's precision, marked; how a relative one was written; 力争; a revision."""
    if r.target is not None and r.target_source == "interpolated":
        places = words.places_of(r.indicator)
        value = shown(r.target, places)
    else:
        value = r.target
        places = words.decimals(r.target)
    pieces: list[Piece] = [(words.fixed(value, places) if value is not None else "-", "a")]
    if r.target is not None and r.target_rule in ("base_plus", "base_times"):
        pieces.append((f"（{words.target_rule_phrase(r)}）", "a"))
    if r.stretch is not None:
        pieces.append((f"（力争 {words.written(r.stretch)}）", "a"))
    if r.target is not None and r.target_source == "revised":
        pieces.append((f"（修订 {r.revision}）", "a"))
    if r.target is not None and r.target_source == "interpolated":
        method = r.target_info.method if r.target_info is not None else None
        pieces.append((words.interpolated_mark(method), "a"))
    rebase = getattr(r, "baseline_revision", None)
    if r.target is not None and rebase is not None:  # the row's baseline a revision set
        pieces.append((baseline_mark(rebase), "t"))  # a document's name: may wrap
    suffix = "".join(text for text, _ in pieces[1:])
    return Cell(tuple(pieces), "", value, code(places) + _literal(suffix.replace('"', "")))


def baseline_mark(rebase) -> str:
    """（基期按〔文号〕修订）: the row's baseline (and so a target built or interpolated on
    it) was set by a revision document."""
    return f"（基期按{rebase.document or rebase.id}修订）"


def unit_cell(unit: str, m: Medium = TABLE) -> Cell:
    """A unit; in a printed table a long one may break after its slash (吨标煤/ 万元)."""
    if not m.document or len(unit) <= 3 or "/" not in unit.strip("/"):
        return atom(unit or "-")
    head, _, tail = unit.partition("/")
    return Cell(((head + "/", "a"), (tail, "a")))


def _as_of_cell(r, m: Medium) -> Cell:
    if m.document:
        return atom(words.date_label(r.as_of, "words", m.year))
    return atom(words.date_label(r.as_of, "short"))


def _period_only(r, m: Medium) -> bool:
    """A row judged on its period alone, in a table without period columns."""
    p = r.period
    return not m.periods and p is not None and p.progress is not None and r.target is None


def _completion_cell(r, m: Medium) -> Cell:
    if _period_only(r, m):  # the report: 目标进度 against 时间进度 (log method), named
        return numeric(f"目标进度{show_rate(r.period.progress)}", r.period.progress, PERCENT)
    return numeric(show_rate(r.completion), r.completion, PERCENT)


def _schedule_cell(r, m: Medium) -> Cell:
    if _period_only(r, m):
        return numeric(f"时间进度{show_rate(r.period.time)}", r.period.time, PERCENT)
    return numeric(show_rate(r.schedule), r.schedule, PERCENT)


def _share_cell(value: Optional[Decimal]) -> Cell:
    return numeric(show_rate(value), value, PERCENT)


def _expected_cell(r, m: Medium) -> Cell:
    """序时应达 at the indicator's precision (the most decimals of its written numbers)."""
    places = words.places_of(r.indicator)
    return numeric(words.fixed(r.expected, places), shown(r.expected, places), code(places))


def ahead_quantity(r) -> tuple[Optional[Decimal], str]:
    """What the 超/低于序时 cell measures, and against what: a period row without a 序时 of
    its own, its points against 时间进度 ("time"); a `%` level or flow indicator, A − E in its
    own points ("value": a row never holds two kinds of 个百分点); others, completion against
    schedule in points ("schedule")."""
    if r.indicator.kind in ("growth", "reduction") and r.target is not None:
        # a rate with the year's target: its points against that target (a period target
        # beside it is in 目标进度/时间进度, never in this cell: one kind of 个百分点)
        if r.actual is None:
            return None, "rate"
        return r.actual - r.target, "rate"
    if r.ahead is None and r.period is not None and r.period.ahead is not None:
        return r.period.ahead, "time"
    if words.is_percent(r.indicator.unit) and r.indicator.kind in ("level", "flow"):
        if r.actual is None or r.expected is None:
            return None, "value"
        return r.actual - r.expected, "value"
    return r.ahead, "schedule"


def ahead_terms(r, against: str) -> tuple[str, str, int]:
    """The words of the 超/低于序时 cell for a positive and a negative quantity, and its
    decimals: points of completion against schedule (or of 目标进度 against 时间进度) at one
    decimal; a `%` row's A − E at the indicator's precision, a lower-is-better row's E being
    a ceiling to date (低于序时上限 is good, never a lagging word)."""
    if against == "time":
        return "超时间进度", "低于时间进度", 1
    if against == "rate":
        places = words.places_of(r.indicator)
        if r.indicator.direction == "lower":  # a cap: 增速控制在 T 以内
            return "超过上限", "低于上限", places
        return "高于年度目标", "低于年度目标", places
    if against == "value":
        places = words.places_of(r.indicator)
        if r.indicator.direction == "lower":
            return "超过序时上限", "低于序时上限", places
        return "高于序时应达", "低于序时应达", places
    return "超序时", "低于序时", 1


def measured_cell(value: Optional[Decimal], places: int, up: str, down: str, unit: str, met: bool,
                  style: str = "") -> Cell:
    """A signed quantity in words (words.measured), typed for Excel at the precision shown:
    a format whose sections say the same words; a 不足 cell is written as its text."""
    text = words.measured(value, places, up, down, unit, met)
    if value is None:
        return Cell((("-", "a"),), style, None, GENERAL)  # an empty number cell in Excel
    if "不足" in text:
        return worded(text, style)
    suffix = words.unit_suffix(unit)
    fmt = f'"{up} "{code(places)}"{suffix}";"{down} "{code(places)}"{suffix}";"持平"'
    return worded(text, style, Decimal(0) if text == "持平" else shown(value, places), fmt)


def _ahead_cell(r, m: Medium) -> Cell:
    quantity, against = ahead_quantity(r)
    up, down, places = ahead_terms(r, against)
    if against == "value":  # short in the indicator's direction (E − A for lower)
        behind = r.ahead_value is not None and r.ahead_value < 0
    elif against == "rate":  # the year's own comparison (a cap is short when above it)
        behind = quantity is not None and _yearly_status(r) != "met"
    else:
        behind = quantity is not None and quantity < 0
    met = r.status == "met" or (against == "time" and r.period is not None and r.period.status == "met") \
        or (against == "rate" and _yearly_status(r) == "met")
    unit = r.indicator.unit if against == "value" else "%"
    return measured_cell(quantity, places, up, down, unit, met, "red" if behind else "")


def _ahead_points_cell(r, m: Medium) -> Cell:
    """The Word table's 超/低于序时 under a header that names the unit: the same quantity
    as signed points (+1.9, -0.15); 持平, 不足 and a period row's words stay words."""
    cell = _ahead_cell(r, m)
    quantity, against = ahead_quantity(r)
    if quantity is None or against == "time" or cell.text == "持平" or "不足" in cell.text:
        return cell
    places = ahead_terms(r, against)[2]
    text = words.fixed(abs(quantity), places)
    return Cell(((("+" if quantity > 0 else "-") + text, "a"),), cell.style, cell.value, cell.fmt)


def _year_end_cell(r, m: Medium) -> Cell:
    """At year end the schedule is the whole target: 完成/未完成年度目标, not 低于序时."""
    at_end = r.as_of is not None and (r.as_of.month, r.as_of.day) == (12, 31)
    if not at_end or r.target is None or r.status in ("no_data", "no_target"):
        return _ahead_cell(r, m)  # (a row judged on its period alone has no 年度目标)
    met = _yearly_status(r) == "met"  # the year's target (a period lag is in its own columns)
    return Cell(((("完成" if met else "未完成"), "a"), ("年度目标", "a")), "" if met else "red")


def _yearly_status(r) -> str:
    """The row's own yearly comparison: `yearly_status` where a period target stands beside
    the year's (the row status is then the worse of the two), else the row status."""
    return getattr(r, "yearly_status", None) or r.status


def _gap_cell(r, m: Medium) -> Cell:
    """差距 in the row's kind's words (words.gap_terms) at the indicator's precision."""
    up, down = words.gap_terms(r)
    return measured_cell(r.gap, words.places_of(r.indicator), up, down, r.indicator.unit,
                         r.status == "met")


def status_cell(r, m: Medium = TABLE) -> Cell:
    status = statuses.INDICATOR[r.status]
    label = status.label + ("（在允许范围内）" if r.within_tolerance else "")
    pieces: tuple[Piece, ...] = ((f"{status.mark} {label}" if m.document else label, "a"),)
    if r.indicator.binding:
        pieces += (("（约束性）", "a"),)
    return Cell(pieces, status.style)


def _outlook_cell(r, m: Medium) -> Cell:
    outlook = r.final.outlook if r.final else (r.period.outlook if r.period else "unknown")
    record = statuses.OUTLOOK[outlook]
    return atom(record.label, record.style)


INDICATOR: dict[str, Callable[[Any, Medium], Cell]] = {
    "year": lambda r, m: numeric(str(r.year), r.year, "0"),
    "name": lambda r, m: text_cell(row_name(r)),
    "unit": lambda r, m: unit_cell(r.indicator.unit, m),
    "target": target_cell,
    "actual": actual_cell,
    "as_of": _as_of_cell,
    "expected": _expected_cell,
    "completion": _completion_cell,
    "schedule": _schedule_cell,
    "progress": lambda r, m: _share_cell(r.period.progress if r.period else None),
    "time": lambda r, m: _share_cell(r.period.time if r.period else None),
    "ahead": _ahead_cell,
    "ahead_points": _ahead_points_cell,
    "year_end": _year_end_cell,
    "gap": _gap_cell,
    "status": status_cell,
    "outlook": _outlook_cell,
    "grade": lambda r, m: atom(r.grade or "-"),
}


def indicator_cells(r, keys: Iterable[str], m: Medium = TABLE) -> dict[str, Cell]:
    """A row's cells by column key."""
    return {key: INDICATOR[key](r, m) for key in keys}
