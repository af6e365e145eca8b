"""Tables for people (table / plain / markdown) and CSV for scripts, all from the
computed rows of compute.py.

Names, titles and departments are printed exactly as the data has them (only
control characters are replaced, see layout.clean). Tables fit the terminal
(kjcx.views.layout; docs/tables.md): names wrap, and when the columns still do not
fit, each table drops columns in this order (first dropped first; a droppable
column in which every row shows `-` goes before all the others; `--wide` keeps
them all; markdown always has them all):

- 指标完成情况: 序时应达; 单位 (joins 指标 as 名称（单位）); 截至 (when every row
  has the same date, it moves to the title); 差距; 序时进度; 期末展望;
  超/低于序时. Always kept: 年份, 指标, 年度目标, 实际, 完成率, 状态.
- 重点任务: 截至 (to the title, as above); 进度; 状态. Always kept: 编号, 任务,
  牵头单位, 参与单位, 是否滞后.
- 重点任务（按章节）: 未启动; 推进中; 已完成; 自报滞后; 未报送. Always kept: 章节,
  任务数, 滞后任务.
- 责任单位: 牵头事项; 参与滞后; 未报送; 牵头滞后. Always kept: 单位, 结论, 最差事项.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from decimal import Decimal
from typing import Any

from kjcx import columns, statuses, words
from kjcx.cleantext import csv_cell
from kjcx.columns import Column, drop_order
from kjcx.method.compute import (
    INDICATOR_STATUSES,
    DepartmentResult,
    IndicatorResult,
    TaskResult,
    YearStatus,
)
from kjcx.plan.model import ActionPlan
from kjcx.plan.records import record
from kjcx.views import cells
from kjcx.views.cells import (  # noqa: F401  (the cells' makers, for every table)
    atom,
    listing,
    phrase,
    row_name,
    show,
    show_rate,
    stale_pieces,
    status_cell,
    target_cell,
    text_cell,
)
from kjcx.views.layout import Cell
from kjcx.words import LEVEL_LABEL, OUTLOOK_LABEL, STATUS_LABEL, TASK_LABEL  # noqa: F401

STATUS_STYLE = {key: s.style for key, s in statuses.INDICATOR.items()}
OUTLOOK_STYLE = {key: s.style for key, s in statuses.OUTLOOK.items()}
LEVEL_STYLE = {key: s.style for key, s in statuses.LEVEL.items()}
CHINESE_NUMERALS = "一二三四五六七八九十"


# A cell: text; (text, rich style); or a layout.Cell whose pieces say where it may break.
CellLike = str | tuple | Cell


@record(frozen=False)
class Table:
    title: str
    headers: list[str]
    rows: list[list[CellLike]] = field(default_factory=list)
    align: str = ""  # one letter per column: l / r / c
    # one letter per column, for cells given as text: t = text that may wrap
    # between characters (names, titles), w = words kept whole (departments),
    # a = atoms never broken (numbers, labels); default t when left-aligned, else a
    wrap: str = ""
    comfort: dict[str, int] = field(default_factory=dict)  # header -> narrowest width worth showing
    drop: tuple[str, ...] = ()  # headers, first dropped first, when the terminal is narrow
    fold: dict[str, str] = field(default_factory=dict)  # dropped header -> header it joins
    title_fold: dict[str, Callable[[str], str]] = field(default_factory=dict)


@record(frozen=False)
class Report:
    """What a command prints for people: a heading, tables, a closing line."""

    heading: str
    tables: list[Table]
    headline: str | None = None
    notes: list[str] = field(default_factory=list)  # reasons of lagging items, sources


# --- numbers: the words of kjcx.words, as table cells ------------------------

def gap_cell(gap: Decimal | None, direction: str, unit: str) -> Cell:
    """差 X / 超额 X / 持平; lower-is-better: 高于目标 X / 低于目标 X / 持平."""
    text = words.gap_phrase(gap, direction, unit)
    word, _, amount = text.partition(" ")
    return phrase(word, amount) if amount else atom(text)


def ahead_cell(ahead: Decimal | None) -> Cell:
    """超序时 3.2 个百分点 / 低于序时 7.0 个百分点 / 持平 (ahead is in points)."""
    text = words.ahead_short(ahead)
    word, _, amount = text.partition(" ")
    if not amount:
        return atom(text)
    return phrase(word, amount, "red" if word == "低于序时" else "")


# --- CSV -----------------------------------------------------------------

def csv_text(rows: Iterable[dict]) -> str:
    """Flat rows (lists joined by ';', final.* as final_*) as CSV with a BOM.

    The BOM is for Excel on Windows, where these files are opened: without it
    Excel reads UTF-8 as GBK and the Chinese turns to mojibake. Python's
    csv/pandas read it with encoding='utf-8-sig'; scripts should prefer JSON.
    """
    flat = [_flatten(r) for r in rows]
    import csv  # only for -f csv
    import io

    out = io.StringIO()
    out.write("\ufeff")
    if flat:
        # every field of any row (a field some rows lack is empty in the others)
        fields = list(dict.fromkeys(name for row in flat for name in row))
        writer = csv.DictWriter(out, fieldnames=fields, restval="", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in flat)
    return out.getvalue()


# Objects of a row that may be null: their columns are there (empty) either way,
# so that every row of a CSV has the same columns.
_NESTED = {
    "final": ("year", "target", "needed_per_year", "achieved_per_year", "outlook"),
    "baseline_revision": ("id", "document", "date", "old", "new"),
    "period": ("form", "target", "base_year", "years", "cumulative", "average", "progress",
               "time", "ahead", "status", "needed_rate", "outlook", "reason"),
}


def _flatten(row: dict, prefix: str = "") -> dict:
    flat: dict = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) or (value is None and key in _NESTED):
            flat.update(_flatten(value or dict.fromkeys(_NESTED[key]), name + "_"))
        elif isinstance(value, list):  # a row's parts (分解) by name
            flat[name] = ";".join(str(v["part"]) if isinstance(v, dict) else str(v) for v in value)
        elif value is None:
            flat[name] = ""
        elif isinstance(value, bool):
            flat[name] = "true" if value else "false"
        else:
            flat[name] = value
    return flat


# --- tables for people ----------------------------------------------------

def plan_heading(plan: ActionPlan, year: int | None, default_year: bool = False,
                 as_of=None) -> str:
    known = f"（截至 {as_of.isoformat()} 已报送的数据）" if as_of is not None else ""
    if year is None:
        return f"{plan.plan.name}  {plan.plan.start}-{plan.plan.end} 年{known}"
    note = "（最近有数据的年份）" if default_year else ""
    return f"{plan.plan.name}  {year} 年{note}{known}"


def as_of_label(as_of) -> str:
    """Evaluation date for a cell: 年末 for a year-end figure (as_of is 12-31), else MM-DD."""
    return words.date_label(as_of, "short")


as_of_title = words.as_of_title
schedule_title = words.schedule_title
# The indicator table's headers without the optional columns (the registry's, named here
# for the workbook and its tests).
INDICATOR_HEADERS = columns.headers(columns.indicator_columns())


def table_of(title: str, columns: Sequence[Column], items: Iterable[Any]) -> Table:
    """A table of `items`, one row each, from bound columns (kjcx.columns)."""
    table = Table(title, [c.header for c in columns],
                  align="".join(c.align for c in columns), wrap="".join(c.wrap for c in columns),
                  comfort={c.header: c.comfort for c in columns if c.comfort},
                  drop=drop_order(columns), fold={c.header: c.fold for c in columns if c.fold},
                  title_fold={c.header: c.title for c in columns if c.title})
    for item in items:
        table.rows.append([c.value(item) for c in columns])  # type: ignore[misc]
    return table


def indicator_table(rows: list[IndicatorResult], *, with_year: bool = False,
                    title: str = "指标完成情况", grades: bool | None = None) -> Table:
    """`grades`: show the 等次 column (plan.grades configured); None: when any row has a grade."""
    graded = any(r.grade is not None for r in rows) if grades is None else grades
    periods = any(r.period is not None for r in rows)
    chosen = columns.indicator_columns(with_year=with_year, periods=periods, graded=graded)
    return table_of(title, columns.bind(chosen, INDICATOR_CELLS), rows)


# The terminal's (and Excel's) indicator cells: the one binder of each key (views/cells).
def _table_binder(bind: Callable[[Any, cells.Medium], Cell]) -> Callable[[IndicatorResult], CellLike]:
    return lambda r: bind(r, cells.TABLE)


INDICATOR_CELLS: dict[str, Callable[[IndicatorResult], CellLike]] = {
    key: _table_binder(bind) for key, bind in cells.INDICATOR.items()}


def _task_status_cell(r: TaskResult) -> Cell:
    style = "red" if r.status == "behind" else ("dim" if r.status == "no_report" else "")
    if r.duban is not None:  # 督办: 已完成（逾期91天）
        from kjcx.views import duban  # only a plan with deadlines pays for it

        return Cell(((TASK_LABEL[r.status], "a"),) + duban.status_pieces(r), style)
    return atom(TASK_LABEL[r.status], style)


TASK_CELLS: dict[str, Callable[[TaskResult], CellLike]] = {
    "id": lambda r: cells.typed(atom(str(r.task.id)), r.task.id, "0"),
    "title": lambda r: text_cell(r.task.title),
    "lead": lambda r: listing(r.task.lead),
    "participants": lambda r: listing(r.task.participants),
    "status": _task_status_cell,
    "percent": lambda r: _percent_cell(r),
    "as_of": lambda r: atom(_task_as_of(r)),
    "lagging": lambda r: _task_lagging_cell(r),
}


def _task_as_of(r: TaskResult) -> str:
    """截至: 06-30, or with its year (2022-06-15, 2022年末) for a task done in an earlier year."""
    if r.report_year is not None and r.as_of is not None:
        return f"{r.report_year}年末" if as_of_label(r.as_of) == "年末" else r.as_of.isoformat()
    return as_of_label(r.as_of)


def _percent_cell(r: TaskResult) -> Cell:
    """进度 50%: in Excel the share (0.5) as a percent cell, whole when it is whole."""
    if r.percent is None:
        return cells.typed(atom("-"), None, "0%")  # an empty cell in Excel
    whole = r.percent == r.percent.to_integral_value()
    return cells.typed(atom(f"{show(r.percent, 1)}%"), r.percent / 100,
                       "0%" if whole else cells.PERCENT)


def task_table(rows: list[TaskResult], title: str = "重点任务") -> Table:
    return table_of(title, columns.bind(columns.pick(columns.TASK, columns.TASK_KEYS), TASK_CELLS), rows)


def _task_lagging_cell(r: TaskResult) -> Cell:
    word = atom("滞后", "bold red") if r.lagging else atom("否")
    if r.duban is not None:  # 督办: 滞后（逾期77天）, 否（15天后到期）
        from kjcx.views import duban

        word = Cell(word.pieces + duban.lagging_pieces(r), word.style)
    if r.stale and r.as_of is not None:  # judged at the round date, not at its own
        return Cell(word.pieces + stale_pieces(r.as_of), word.style)
    return word


SECTION_CELLS: dict[str, Callable[[tuple[int, Any, int]], CellLike]] = {
    "title": lambda p: text_cell(section_title(p[0], p[1].title)),
    "tasks": lambda p: atom(str(p[1].tasks)),
    "done": lambda p: atom(str(p[1].done)),
    "in_progress": lambda p: atom(str(p[1].in_progress)),
    "not_started": lambda p: atom(str(p[1].not_started)),
    "behind": lambda p: atom(str(p[1].behind)),
    "no_report": lambda p: cells.numeric(str(p[2]), p[2], "0", "yellow" if p[2] else ""),
    "lagging": lambda p: lagging_tasks_cell(p[1].lagging),
}


def lagging_tasks_cell(ids) -> Cell:
    """The 滞后任务 of a section, named as tasks (任务3、任务18), never a bare number beside
    the counts; may break after each 、."""
    return listing([f"任务{i}" for i in ids], "bold red")


def unreported(st: YearStatus) -> dict[int, int]:
    """未报送 of each section, one thing in every table: the tasks with no report in the
    round, a stale one (not done, reported before the round date) included, as a
    department's 未报送 counts them (the JSON's `no_report` keeps the tasks with none)."""
    counts: dict[int, int] = {}
    for t in st.tasks:
        if t.status == "no_report" or t.stale:
            counts[t.task.section] = counts.get(t.task.section, 0) + 1
    return counts


def section_table(st: YearStatus) -> Table:
    """Rows are (index, section, 未报送): the index numbers an unnumbered title (一、)."""
    missing = unreported(st)
    return table_of("重点任务（按章节）", columns.bind(columns.SECTION, SECTION_CELLS),
                    [(i, s, missing.get(s.id, 0)) for i, s in enumerate(st.sections)])


def item_names(plan: ActionPlan) -> dict:
    """What a person calls each item: an indicator by its name, a task as 任务 N."""
    names: dict = {ind.id: ind.name for ind in plan.indicators}
    names.update({f"{ind.id}/{p.name}": f"{ind.name}（{p.name}）"
                  for ind in plan.indicators for p in ind.parts})
    names.update({task.id: f"任务 {task.id}" for task in plan.tasks})
    return names


def _worst_cell(r: DepartmentResult, names: dict) -> Cell:
    if r.worst is None:
        return atom("-")
    if isinstance(r.worst, int):
        return atom(f"任务 {r.worst}")
    return text_cell(names.get(r.worst, r.worst))


def department_table(rows: list[DepartmentResult], title: str = "责任单位（按滞后程度排序）",
                     names: dict | None = None) -> Table:
    """Departments by level; `names` (item_names) shows the worst item by name."""
    cells: dict[str, Callable[[DepartmentResult], CellLike]] = {
        "name": lambda r: Cell(((r.name, "w"),), LEVEL_STYLE[r.level] if r.level != "green" else ""),
        "level": lambda r: atom(LEVEL_LABEL[r.level], LEVEL_STYLE[r.level]),
        "lead_items": lambda r: atom(str(r.lead_items)),
        "lagging_lead": lambda r: atom(str(len(r.lagging_lead))),
        "missing": lambda r: atom(str(len(r.missing))),
        "lagging_participating": lambda r: atom(str(len(r.lagging_participating))),
        "worst": lambda r: _worst_cell(r, names or {}),
    }
    return table_of(title, columns.bind(columns.DEPARTMENT, cells), rows)


def section_title(index: int, title: str) -> str:
    """一、title, unless the title already carries its own numbering."""
    import re

    if re.match(r"^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．])", title):
        return title
    number = CHINESE_NUMERALS[index] if index < len(CHINESE_NUMERALS) else str(index + 1)
    return f"{number}、{title}"


def headline(st: YearStatus) -> str:
    """The closing line: indicators by status, tasks, departments by level."""
    counts = st.summary.indicators
    parts = "，".join(f"{STATUS_LABEL[k]} {counts[k]}" for k in INDICATOR_STATUSES)
    text = f"{len(st.indicators)} 项指标：{parts}。"
    if st.tasks:
        tasks = st.summary.tasks
        late = [r.task.id for r in st.tasks if r.overdue]  # 督办: （其中逾期 1：任务4）
        overdue = f"（其中逾期 {len(late)}：{'、'.join(f'任务{i}' for i in late)}）" if late else ""
        text += (f"{len(st.tasks)} 项任务：滞后 {tasks['lagging']}{overdue}，未报送 {sum(unreported(st).values())}，"
                 f"已完成 {tasks['done']}。")
    levels = st.summary.departments
    red = st.summary.lagging_departments
    if st.departments:
        lagging = f"滞后 {len(red)} 个（{'、'.join(red)}）" if red else "无滞后单位"
        text += (f"{len(st.departments)} 个责任单位：{lagging}，关注 {levels['yellow']} 个，"
                 f"正常 {levels['green']} 个。")
    return text


# --- notes under the tables ----------------------------------------------------

def indicator_notes(rows: list[IndicatorResult], sources: bool = True) -> list[str]:
    """The notes block: reasons given for lagging indicators, revised targets, and
    (with `sources`) where the figures shown come from."""
    several_years = len({r.year for r in rows}) > 1

    def name(r: IndicatorResult) -> str:
        return f"{r.year} 年{row_name(r)}" if several_years else row_name(r)

    out = []
    for r in rows:
        if r.lagging and r.note:
            out.append(f"{name(r)}（{STATUS_LABEL[r.status]}）备注：{r.note}")  # a note, not a reason
    for r in rows:
        info = r.target_info
        if r.target_source == "revised" and info is not None:
            before = f"由 {show(info.plan_value, 4)} " if info.plan_value is not None else ""
            out.append(f"{name(r)}：{r.year} 年目标按修订 {r.revision} {before}调整为 {show(r.target, 4)}")
    for r in rows:
        figure = r.figure
        if figure is not None and getattr(figure, "revised", None):
            out.append(f"{name(r)}：实际值 {show(r.actual, 4)} 为 {figure.as_of} {figure.revised}后的数")
    if sources:
        out.extend(source_notes(rows))
    return out


def source_notes(rows: list[IndicatorResult]) -> list[str]:
    """数据来源 of the figures shown: one line, by source."""
    several_years = len({r.year for r in rows}) > 1

    def name(r: IndicatorResult) -> str:
        return f"{r.year} 年{row_name(r)}" if several_years else row_name(r)

    shown = [r for r in rows if r.figure is not None]
    by_source: dict[str, list[str]] = {}
    for r in shown:
        if r.source:
            by_source.setdefault(r.source, []).append(name(r))
    if not by_source:
        return []
    if len(by_source) == 1 and all(r.source for r in shown):
        return [f"数据来源：{next(iter(by_source))}"]
    return ["数据来源：" + "；".join(f"{source}（{'、'.join(items)}）"
                                  for source, items in by_source.items())]


def task_notes(rows: list[TaskResult], lagging_only: bool = False) -> list[str]:
    """进展情况 (the report's note) of each task, or of the lagging ones only."""
    return [f"任务 {r.task.id} {r.task.title}{'（滞后）' if r.lagging else ''}：{r.note}"
            for r in rows if r.note and (r.lagging or not lagging_only)]


def stale_notes(rows: list[IndicatorResult], tasks: list[TaskResult], round_at) -> list[str]:
    """Who did not report for the round date: the items kept at an older figure."""
    if round_at is None:
        return []
    items = [r.indicator.name for r in rows if r.stale] + [f"任务 {t.task.id}" for t in tasks if t.stale]
    if not items:
        return []
    when = words.period(round_at, round_at.year)
    return [f"本期报送日期 {round_at.isoformat()}（{when}）；未按期报送、沿用此前数据的："
            f"{'、'.join(items)}"]


def status_report(st: YearStatus, default_year: bool = False) -> Report:
    tables = [indicator_table(st.indicators, grades=bool(st.plan.plan.grades))]
    if st.tasks:
        tables.append(section_table(st))
    tables.append(department_table(st.departments, names=item_names(st.plan)))
    return Report(plan_heading(st.plan, st.year, default_year, st.as_of), tables, headline(st),
                  notes=indicator_notes(st.indicators, sources=False)
                  + task_notes(st.tasks, lagging_only=True)
                  + stale_notes(st.indicators, st.tasks, st.round_date) + source_notes(st.indicators))


def departments_report(st: YearStatus, default_year: bool = False) -> Report:
    """`kjcx departments YEAR`: the department table with worst items by name."""
    return Report(plan_heading(st.plan, st.year, default_year, st.as_of),
                  [department_table(st.departments, names=item_names(st.plan))])


def display_width(text: str) -> int:
    """Terminal columns of `text` (kjcx.views.layout's; the forms size their columns with it)."""
    from kjcx.views.layout import display_width as width

    return width(text)
