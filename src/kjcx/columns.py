"""Every table's columns, defined once: header, alignment, wrapping, drop order, fold.

The terminal tables (views/tables), the markdown writer, the report (HTML, Word,
markdown), the Excel workbook and the forms' sheets all read their headers here, so a
column is named in one place. A `Column` says what a column is; a writer binds the value
of each cell by `key` (`bind`), because a terminal cell, a report string and an Excel
number are different things made from the same row.

Like kjcx.words, this module imports nothing of kjcx but `words` (every layer may use it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from kjcx import words


class Column:
    """One column of a table (a plain class, not a dataclass: this module is imported on
    every run, and ~80 frozen dataclass instances cost a millisecond of start-up)."""

    __slots__ = ("key", "header", "align", "wrap", "drop", "fold", "title", "comfort", "short", "value",
                 "printed")

    def __init__(self, key: str, header: str, align: str = "l", *, wrap: str = "a", drop: int = 0,
                 fold: str = "", title: Callable[[str], str] | None = None, comfort: int = 0,
                 short: str = "", value: Callable[[Any], Any] | None = None, printed: str = "") -> None:
        self.key = key  # what the column holds (English; a JSON field name where there is one)
        self.header = header  # the header of tables for people (terminal, markdown, xlsx)
        self.align = align  # l / r / c
        # how a text cell may wrap: t = between characters (names, titles), w = words kept
        # whole (departments), a = an atom never broken (numbers, labels)
        self.wrap = wrap
        self.drop = drop  # a narrow terminal drops the lowest first; 0: always kept
        self.fold = fold  # when dropped, the header of the column it joins (单位 into 指标)
        self.title = title  # when every row says the same, said in the title instead
        self.comfort = comfort  # narrowest width worth showing (a name column)
        self.short = short  # a document's narrower header, `|` where it may break (年度|目标)
        self.value = value  # the cell of a row, bound by a writer
        # the alignment in a printed table (the report) when not `align`: a measured phrase
        # (超序时 1.9 个百分点, 差 4件) right-aligned like the numbers beside it
        self.printed = printed

    def replace(self, **changes: Any) -> Column:
        fields = {name: getattr(self, name) for name in self.__slots__}
        fields.update(changes)
        return Column(**fields)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Column) and all(
            getattr(self, name) == getattr(other, name) for name in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Column({self.key!r}, {self.header!r})"

    def document_header(self) -> str:
        """The header of a printed table (HTML, Word): `short` if there is one."""
        return self.short or self.header

    def document_align(self) -> str:
        """The alignment in a printed table (HTML, Word, the report's markdown)."""
        return self.printed or self.align


def pick(columns: Sequence[Column], keys: Iterable[str]) -> list[Column]:
    """The columns of `keys`, in that order."""
    by_key = {c.key: c for c in columns}
    return [by_key[k] for k in keys]


def headers(columns: Iterable[Column]) -> list[str]:
    return [c.header for c in columns]


def bind(columns: Iterable[Column], values: Mapping[str, Callable[[Any], Any]]) -> list[Column]:
    """The columns with each one's cell function; a column without one is a mistake."""
    return [c.replace(value=values[c.key]) for c in columns]


def drop_order(columns: Sequence[Column]) -> tuple[str, ...]:
    """Headers of the droppable columns, first dropped first."""
    return tuple(c.header for c in sorted((c for c in columns if c.drop), key=lambda c: c.drop))


# --- 指标完成情况 ----------------------------------------------------------------
# Drop order (docs/tables.md): 序时应达, 等次, 单位 (joins 指标), 截至 (to the title), 差距,
# 序时进度, 时间进度, 期末展望, 超/低于序时, 目标进度.
YEAR = Column("year", "年份", "r")
INDICATOR = [
    Column("name", "指标", wrap="t", comfort=16),
    Column("unit", "单位", drop=3, fold="指标"),
    Column("target", "年度目标", "r", short="年度|目标"),
    Column("actual", "实际", "r"),
    Column("as_of", "截至", drop=4, title=words.as_of_title, printed="r"),
    Column("expected", "序时应达", "r", drop=1),
    Column("completion", "完成率", "r"),
    Column("schedule", "序时进度", "r", drop=6, title=words.schedule_title, short="序时|进度"),
    # only when a row has a period target (〔〕 or 年均): 目标进度 against 时间进度
    Column("progress", "目标进度", "r", drop=10),
    Column("time", "时间进度", "r", drop=7),
    Column("ahead", "超/低于序时", drop=9, short="超/低于|序时", printed="r"),
    Column("gap", "差距", drop=5, printed="r"),
    Column("status", "状态"),
    Column("outlook", "期末展望", drop=8),
    Column("grade", "等次", drop=2),  # only when the plan grades its indicators
]
# The report's table: at year end the 超/低于序时 column says whether the target was met;
# the Word report shows 超/低于序时 as signed points under a header that names the unit.
YEAR_END = Column("year_end", "年度目标完成情况", short="年度目标|完成情况", printed="r")
AHEAD_POINTS = Column("ahead_points", "超/低于序时（个百分点）", short="超/低于序时|（个百分点）", printed="r")
REPORT_INDICATOR_KEYS = ("name", "unit", "target", "actual", "as_of", "completion", "schedule",
                         "ahead", "gap", "status")


def indicator_columns(*, with_year: bool = False, periods: bool = False,
                      graded: bool = False) -> list[Column]:
    """The terminal indicator table's columns: 年份 when rows span years, 目标进度 and
    时间进度 when a row has a period target, 等次 when graded."""
    skip = set() if periods else {"progress", "time"}
    if not graded:
        skip.add("grade")
    return ([YEAR] if with_year else []) + [c for c in INDICATOR if c.key not in skip]


def report_indicator_columns(*, year_end: bool, points: bool = False) -> list[Column]:
    """The report's indicator table: ten columns that fit a 公文 page."""
    ahead = YEAR_END if year_end else (AHEAD_POINTS if points else pick(INDICATOR, ["ahead"])[0])
    return [ahead if k == "ahead" else c
            for k, c in zip(REPORT_INDICATOR_KEYS, pick(INDICATOR, REPORT_INDICATOR_KEYS))]


# --- 重点任务 ----------------------------------------------------------------------
TASK = [
    Column("id", "编号", "r"),
    Column("title", "任务", wrap="t", comfort=16),
    Column("lead", "牵头单位", wrap="w"),
    Column("participants", "参与单位", wrap="w"),
    Column("status", "状态", drop=3),
    Column("percent", "进度", "r", drop=2),
    Column("as_of", "截至", drop=1, title=words.report_date_title),
    Column("lagging", "是否滞后"),
    Column("note", "进展情况", wrap="t"),  # the report's lagging tasks only
]
TASK_KEYS = ("id", "title", "lead", "participants", "status", "percent", "as_of", "lagging")
LAGGING_TASK_KEYS = ("id", "title", "lead", "status", "percent", "as_of", "note")

# --- 重点任务（按章节） --------------------------------------------------------------
SECTION = [
    Column("title", "章节", wrap="t", comfort=16),
    Column("tasks", "任务数", "r"),
    Column("done", "已完成", "r", drop=3),
    Column("in_progress", "推进中", "r", drop=2),
    Column("not_started", "未启动", "r", drop=1),
    Column("behind", "自报滞后", "r", drop=4, short="自报|滞后"),
    Column("no_report", "未报送", "r", drop=5),
    Column("lagging", "滞后任务", wrap="w", short="滞后|任务"),
]

# --- 责任单位 ----------------------------------------------------------------------
DEPARTMENT = [
    Column("name", "单位", wrap="w"),
    Column("level", "结论"),
    Column("lead_items", "牵头事项", "r", drop=1),
    Column("lagging_lead", "牵头滞后", "r", drop=4),
    Column("missing", "未报送", "r", drop=3),
    Column("lagging_participating", "参与滞后", "r", drop=2),
    Column("worst", "最差事项", wrap="t", comfort=16),
]
REPORT_DEPARTMENT_KEYS = ("name", "level", "lead_items", "lagging_lead", "missing",
                          "lagging_participating")

# --- 分解情况 (one indicator's parts) ------------------------------------------------
# The part column is named by the indicator's parts_label (区县（园区）): see parts_columns.
PARTS = [
    Column("rank", "序号", "r"),
    Column("part", "", comfort=4),
    Column("target", "目标", "r"),
    Column("actual", "实际", "r"),
    Column("as_of", "截至", drop=1, title=words.as_of_title),
    Column("completion", "完成率", "r"),
    Column("schedule", "序时进度", "r", drop=3, title=words.schedule_title),
    Column("progress", "目标进度", "r"),
    Column("time", "时间进度", "r", drop=3),
    Column("gap", "差距", drop=2),
    Column("status", "状态"),
    Column("grade", "等次"),
]


def parts_columns(part_label: str, *, periods: bool = False, graded: bool = False) -> list[Column]:
    """序号, the part, 目标, 实际, 截至, 完成率 and 序时进度 (or 目标进度 and 时间进度), 差距,
    状态, and 等次 when graded."""
    skip = {"completion", "schedule"} if periods else {"progress", "time"}
    if not graded:
        skip.add("grade")
    return [c.replace(header=part_label) if c.key == "part" else c
            for c in PARTS if c.key not in skip]


# --- the forms' sheets (round/forms: exported to departments, read back) -------------
FORM_INDICATOR = [Column(k, h) for k, h in (
    ("id", "编号"), ("name", "指标名称"), ("unit", "单位"), ("target", "年度目标"),
    ("previous", "上次报送值"), ("actual", "本次实际值"), ("as_of", "截至日期"),
    ("source", "数据来源"), ("note", "备注"))]
FORM_TASK = [Column(k, h) for k, h in (
    ("id", "编号"), ("title", "任务"), ("lead", "牵头单位"), ("participants", "参与单位"),
    ("previous", "上次进展"), ("status", "状态"), ("percent", "完成百分比"), ("note", "进展情况"))]
# 督办: a plan with 阶段目标 adds this input column to the task sheet (a dropdown of the row's names)
FORM_MILESTONE = Column("milestone", "阶段目标")


# --- 考核结果 (kjcx score; the report's 考核结果 section) -----------------------------
# One column per scored item goes between 单位 and 加分 (score_columns); the terminal calls
# the items 项1, 项2 … (or their `short`) and lists them under the table, a document and
# the workbook head each item's column with its label and points.
SCORE = [
    Column("rank", "排名", "r"),
    Column("unit", "单位", wrap="w"),
    Column("bonus", "加分", "r"),
    Column("total", "总分", "r"),
    Column("grade", "等次"),
    Column("rank_change", "名次变化", drop=1, short="名次|变化"),
    Column("note", "说明", wrap="t", comfort=10),
]


def score_columns(item_headers: Sequence[str], *, change: bool = False) -> list[Column]:
    """排名, 单位, one column per item (keys item0, item1 …), 加分, 总分, 等次, 名次变化
    (when the previous year was judged), 说明."""
    head, tail = SCORE[:2], [c for c in SCORE[2:] if change or c.key != "rank_change"]
    items = [Column(f"item{i}", header, "r") for i, header in enumerate(item_headers)]
    return head + items + tail
