"""Fill-in forms (报送表, docs/forms.md): one workbook per department out, and back in.

    export_forms(plan, as_of, out_dir)  -> the workbooks written
    read_forms(plan, paths)             -> ImportResult: problems, changes, 未交回, unchanged

A form carries, on its hidden `_kjcx` sheet, the plan's name, the department,
the date it was exported for (AS_OF) and a fingerprint of the plan's
definitions (not of its figures: merging one department's form must not
invalidate the others). Reading a form back re-validates every input cell and
matches rows by 编号, never by position. Nothing here writes the data files:
see writeback.py.

openpyxl is imported inside the functions that need it (kjcx_cli stays light).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import os
import re
import stat
import warnings
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path

from kjcx import columns
from kjcx.method.compute import Targets, used_entry
from kjcx.method.parts import reportable
from kjcx.plan.model import (
    STATUS_LABELS,
    ActionPlan,
    Actual,
    Indicator,
    Report,
    Task,
    TaskStatus,
)
from kjcx.plan.reader import Problem
from kjcx.round.numbers import clip, closest, number_problem, percent_scaled, plain_number, task_number
from kjcx.round.suspicious import Suspicion, import_references, judge

FORMAT = "kjcx.forms/1"
INDICATOR_SHEET = "指标"
TASK_SHEET = "任务"
GUIDE_SHEET = "填报说明"
META_SHEET = "_kjcx"
INDICATOR_HEADERS = tuple(columns.headers(columns.FORM_INDICATOR))  # the registry's (kjcx.columns)
TASK_HEADERS = tuple(columns.headers(columns.FORM_TASK))
STATUS_CHOICES = tuple(STATUS_LABELS)  # 未启动 推进中 已完成 滞后
LABEL_OF = {status: label for label, status in STATUS_LABELS.items()}

MAX_ROWS = 10_000  # a sheet "filled down" to row 1,048,576 is not read to the end
MAX_TEXT = 2000  # characters in one text cell
# Same limits as a number in the data files (yamlfile.py).
MAX_MAGNITUDE = Decimal("1e15")
MAX_DIGITS = 15
HEADER_ROW = 4  # rows 1-3: title, department line, short 填报说明

Entry = Actual | Report


# --- what the plan asks of whom ------------------------------------------------

def lead_items(plan: ActionPlan) -> dict[str, tuple[list[Indicator], list[Task]]]:
    """Department -> (indicators it leads, tasks it leads), for every department
    that leads at least one item, in the order of plan.departments()."""
    out: dict[str, tuple[list[Indicator], list[Task]]] = {}
    for name in plan.departments():
        indicators = [i for i in reportable(plan) if name in i.lead]  # parts too (分解)
        tasks = [t for t in plan.tasks if name in t.lead]
        if indicators or tasks:
            out[name] = (indicators, tasks)
    return out


_DIGESTS: dict[int, tuple[ActionPlan, str]] = {}  # id(plan) -> (plan, digest): plans are immutable


def fingerprint(plan: ActionPlan) -> str:
    """sha256 of the plan's definitions: the plan header, indicators without
    their actuals, revisions, sections, tasks without their progress.
    Remembered per plan object (import and write-back ask for the same plan's)."""
    known = _DIGESTS.get(id(plan))
    if known is not None and known[0] is plan:
        return known[1]
    digest = _fingerprint(plan)
    if len(_DIGESTS) > 8:
        _DIGESTS.clear()
    _DIGESTS[id(plan)] = (plan, digest)
    return digest


def _fingerprint(plan: ActionPlan) -> str:
    definitions = {
        "plan": _canonical(plan.plan),
        "indicators": [_canonical(i, skip="actuals") for i in plan.indicators],
        "revisions": [_canonical(r) for r in plan.revisions],
        "sections": [_canonical(s) for s in plan.sections],
        "tasks": [_canonical(t, skip="progress") for t in plan.tasks],
    }
    text = json.dumps(definitions, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Keys added after forms were first exported: left out while empty, so that a plan
# without them keeps its fingerprint across the upgrade.
_UNLESS_SET: dict[str, object] = {"parts": [], "parts_label": None}


def form_fingerprint(digest: str, department: str, as_of: datetime.date) -> str:
    """What a form's `_kjcx` sheet carries: the plan's fingerprint bound to the
    department and the date the form was exported for, so that neither can be
    edited on the form (a 2021 figure replaced through a 2022 form)."""
    text = json.dumps([digest, department, as_of.isoformat()], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(value, skip: str = ""):
    if is_dataclass(value) and not isinstance(value, type):
        # `skip` goes down into the parts (分解): their figures are not definitions either
        return {f.name: _canonical(getattr(value, f.name), skip) for f in fields(value)
                if f.name != skip and _UNLESS_SET.get(f.name, 0) != getattr(value, f.name)}
    if isinstance(value, list) and value and is_dataclass(value[0]):
        return [_canonical(v, skip) for v in value]
    if isinstance(value, dict):
        return [[_canonical(k), _canonical(v)] for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, Decimal):
        return ["d", format(value.normalize(), "f")]  # 2.50 and 2.5 are the same target
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# --- words and numbers for cells -------------------------------------------------

def show_number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _date_label(year: int, entry: Entry) -> str:
    return f"{year}年末" if entry.as_of is None else entry.as_of.isoformat()


def describe_actual(year: int, entry: Actual | None) -> str:
    if entry is None:
        return ""
    return f"{show_number(entry.value)}（{_date_label(year, entry)}）"


def describe_report(year: int, entry: Report | None) -> str:
    if entry is None:
        return ""
    text = LABEL_OF[entry.status]
    if entry.percent is not None:
        text += f" {show_number(entry.percent)}%"
    return f"{text}（{_date_label(year, entry)}）"


def _last_actual(indicator: Indicator, year: int, as_of: datetime.date) -> str:
    figure = used_entry(indicator.actuals.get(year, []), year, as_of)
    if figure is not None:
        text = describe_actual(year, figure)
        return text + (f"；{figure.source}" if figure.source else "")
    before = used_entry(indicator.actuals.get(year - 1, []), year - 1, as_of)
    if before is not None:
        return f"本年未报；{year - 1}年：{describe_actual(year - 1, before)}"
    return "本年未报"


def _last_report(task: Task, year: int, as_of: datetime.date) -> str:
    report = used_entry(task.progress.get(year, []), year, as_of)
    if report is None:
        return "本年未报"
    text = describe_report(year, report)
    return text + (f"；{report.note}" if report.note else "")


# --- export ----------------------------------------------------------------------

@dataclass(frozen=True)
class Exported:
    path: Path
    department: str
    indicators: int
    tasks: int


class FormsError(Exception):
    """A problem the user must fix before kjcx can go on (message in Chinese)."""


def file_name(department: str) -> str:
    """A department name made safe as a file name on Windows and POSIX."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]', "_", department).strip(" .")
    return (name or "单位") + ".xlsx"


def export_forms(plan: ActionPlan, as_of: datetime.date, out_dir: Path,
                 departments: list[str] | None = None, force: bool = False) -> list[Exported]:
    """Write one workbook per department (those given, else every lead department).

    Refuses to overwrite an existing file unless `force`: the directory may hold
    forms already returned."""
    leads = lead_items(plan)
    chosen = list(leads) if not departments else [d for d in leads if d in departments]
    targets = Targets(plan.revisions)
    digest = fingerprint(plan)
    paths: dict[str, Path] = {}
    used: set[str] = set()
    for dept in chosen:
        name = file_name(dept)
        stem, n = name[:-5], 2
        while name.lower() in used:
            name, n = f"{stem}-{n}.xlsx", n + 1
        used.add(name.lower())
        paths[dept] = out_dir / name
    if not force:
        existing = [p for p in paths.values() if p.exists()]
        if existing:
            names = "、".join(str(p) for p in existing)
            raise FormsError(f"文件已存在：{names}（可能是已交回的报送表）；"
                             "请换一个目录，或加 --force 覆盖")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for dept in chosen:
        indicators, tasks = leads[dept]
        workbook = build_workbook(plan, dept, as_of, indicators, tasks, targets, digest)
        _save_atomically(workbook, paths[dept])
        written.append(Exported(paths[dept], dept, len(indicators), len(tasks)))
    return written


def _save_atomically(workbook, path: Path) -> None:
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kjcx-", suffix=".xlsx")
    try:
        with os.fdopen(fd, "wb") as f:
            workbook.save(f)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a form is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# Excel column width is in units of the digit '0'; a CJK character takes about two.
_WIDTHS_IND = {"编号": 30, "指标名称": 28, "单位": 8, "年度目标": 12, "上次报送值": 28,
               "本次实际值": 12, "截至日期": 13, "数据来源": 18, "备注": 30}
_WIDTHS_TASK = {"编号": 7, "任务": 28, "牵头单位": 14, "参与单位": 32, "上次进展": 32,
                "状态": 10, "完成百分比": 11, "进展情况": 40}
_INPUT_FILL = "FFF2CC"  # light yellow: where to type
_HEADER_FILL = "D9E1F2"


# How each locked column sits in its cell: numbers right with a gap before the next
# column's text (年度目标 12 must not read as one number with 6（2022-06-30）), codes
# and units centred, text left with an indent.
_ALIGN = {"编号": ("left", 0), "单位": ("center", 0), "年度目标": ("right", 1), "上次报送值": ("left", 1),
          "上次进展": ("left", 1), "本次实际值": ("right", 1), "完成百分比": ("right", 1),
          "状态": ("center", 0), "截至日期": ("center", 0)}


def _id_width(ids) -> int:
    from kjcx.views.tables import display_width

    return min(max([display_width(str(i)) + 2 for i in ids] + [6]), 40)


def _target_cell(ind: Indicator, target) -> str | Decimal:
    """年度目标 as a department reads it: a number, or the words a rate, a rank, a 力争 or
    a period target needs (增长 6%、第 40 位以内、2.5（力争 2.8）、期内累计降低 13.5%)."""
    value = target.value
    if value is None:
        period = ind.period if ind.rate_kind else None
        if period is None:
            return "无"
        verb = "增长" if ind.kind == "growth" else "降低"
        form = f"期内累计{verb} {show_number(period.cumulative)}%" if period.cumulative is not None \
            else f"期内年均{verb} {show_number(period.average)}%"
        return f"无年度目标（{form}）"
    shown = show_number(round(value, 2)) if target.source == "interpolated" else show_number(value)
    if ind.rate_kind:
        text = f"{'增长' if ind.kind == 'growth' else '降低'} {shown}%"
    elif ind.kind == "rank":
        text = f"第 {shown} 位以内"
    elif target.stretch is not None:
        text = f"{shown}（力争 {show_number(target.stretch)}）"
    elif target.source == "interpolated":
        return f"{shown}（插值）"
    else:
        return value
    return text + ("（插值）" if target.source == "interpolated" else "")


def build_workbook(plan: ActionPlan, dept: str, as_of: datetime.date,
                   indicators: list[Indicator], tasks: list[Task],
                   targets: Targets | None = None, digest: str | None = None):
    from openpyxl import Workbook

    targets = targets or Targets(plan.revisions)
    year = as_of.year
    wb = Workbook()
    ws = wb.active
    ws.title = INDICATOR_SHEET
    rows = []
    for ind in indicators:
        target_cell = _target_cell(ind, targets.target(ind, year, as_of))
        rows.append([ind.id, ind.name, ind.unit, target_cell, _last_actual(ind, year, as_of),
                     None, as_of, None, None])
    guide = (f"填报说明：只填黄色单元格。本次实际值填数字（不带单位、不带百分号，如 {year} 年累计值或期末值）；"
             f"截至日期默认为 {as_of.isoformat()}，须在 {year} 年内；数据来源、备注可选。"
             "不报送的指标整行留空。请勿增删行、修改编号或表头。填好后保存为 .xlsx 交回。")
    if not indicators:
        guide = "本单位没有牵头的指标，本表无需填写。"
    # 编号 stays the indicator id (import matches rows by it, §7), in a column as wide as
    # the longest id of this form, so that no id is cut or wrapped on screen or paper.
    widths = dict(_WIDTHS_IND, 编号=_id_width(r[0] for r in rows))
    _sheet(ws, plan, dept, as_of, "指标报送表", INDICATOR_HEADERS, widths, rows, guide,
           inputs=("本次实际值", "截至日期", "数据来源", "备注"))
    _validate_indicator_inputs(ws, len(rows), year)

    ws = wb.create_sheet(TASK_SHEET)
    task_rows = [[t.id, t.title, "、".join(t.lead), "、".join(t.participants) or "无",
                  _last_report(t, year, as_of), None, None, None] for t in tasks]
    guide = ("填报说明：只填黄色单元格。状态从下拉列表选择（未启动、推进中、已完成、滞后）；"
             "完成百分比填 0 到 100 的整数（不带百分号）；进展情况简述进展、问题和下一步。"
             f"进展按 {as_of.isoformat()} 的情况填报。不报送的任务整行留空。请勿增删行、修改编号或表头。")
    if not tasks:
        guide = "本单位没有牵头的重点任务，本表无需填写。"
    _sheet(ws, plan, dept, as_of, "重点任务进展报送表", TASK_HEADERS, _WIDTHS_TASK, task_rows, guide,
           inputs=("状态", "完成百分比", "进展情况"))
    _validate_task_inputs(ws, len(task_rows))

    _guide_sheet(wb.create_sheet(GUIDE_SHEET), plan, dept, as_of)
    meta = wb.create_sheet(META_SHEET)
    for key, value in (("format", FORMAT), ("plan", plan.plan.name), ("department", dept),
                       ("as_of", as_of.isoformat()),
                       ("fingerprint", form_fingerprint(digest or fingerprint(plan), dept, as_of)),
                       ("note", "kjcx 用于核对报送表的信息，请勿修改")):
        meta.append([key, None])
        _text(meta.cell(meta.max_row, 2), value)
    _remember_locked(meta, INDICATOR_SHEET, INDICATOR_HEADERS, rows)
    _remember_locked(meta, TASK_SHEET, TASK_HEADERS, task_rows)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    wb.active = 0
    wb.security.lockStructure = True  # no renaming, deleting or unhiding sheets
    return wb


# The locked cells a department might overtype (年度目标 8 -> 9, 125 in 上次报送值): what
# was exported is kept on the hidden sheet, one row per item from LOCKED_ROW, so that an
# edit is reported with the old value even after the data files have moved on.
LOCKED_HEADERS = {INDICATOR_SHEET: ("单位", "年度目标", "上次报送值"),
                  TASK_SHEET: ("牵头单位", "参与单位", "上次进展")}
LOCKED_ROW = 101


def locked_text(value) -> str:
    """A locked cell's value as compared: numbers by value (8 and 8.0 are one), text stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, (int, float, Decimal)):
        return show_number(Decimal(str(value)))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _remember_locked(meta, sheet: str, headers: tuple, rows: list) -> None:
    columns = [headers.index(h) for h in LOCKED_HEADERS[sheet]]
    r = max(meta.max_row + 1, LOCKED_ROW)
    for row in rows:
        values = [locked_text(row[c]) for c in columns]
        for c, value in enumerate(("locked", sheet, str(row[0]), json.dumps(values, ensure_ascii=False)), 1):
            _text(meta.cell(r, c), value)
        r += 1


def _text(cell, value) -> None:
    """Write `value` so that it can never become a formula (=, +, -, @ ...)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("?", value)
        cell.value = value
        cell.data_type = "s"
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            cell.quotePrefix = True
    elif isinstance(value, Decimal):
        cell.value = int(value) if value == value.to_integral_value() else float(value)
    else:
        cell.value = value


def _sheet(ws, plan, dept, as_of, title, headers, widths, rows, guide, inputs):
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter

    from kjcx.views.tables import display_width

    ncols = len(headers)
    last = get_column_letter(ncols)
    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    def placed(header: str):
        horizontal, indent = _ALIGN.get(header, ("left", 0))
        return Alignment(horizontal=horizontal, indent=indent, wrap_text=header != "编号", vertical="top")

    _text(ws.cell(1, 1), f"{plan.plan.name}  {title}")
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 24
    _text(ws.cell(2, 1), f"报送单位：{dept}      数据截至：{as_of.isoformat()}      报送年度：{as_of.year} 年")
    ws.cell(2, 1).font = Font(bold=True)
    ws.merge_cells(f"A2:{last}2")
    _text(ws.cell(3, 1), guide)
    ws.cell(3, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A3:{last}3")
    total = sum(widths[h] for h in headers)
    ws.row_dimensions[3].height = 15 * (display_width(guide) // max(total - 4, 1) + 1) + 3

    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    input_fill = PatternFill("solid", fgColor=_INPUT_FILL)
    for col, header in enumerate(headers, 1):
        cell = ws.cell(HEADER_ROW, col)
        _text(cell, header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = widths[header]
    ws.row_dimensions[HEADER_ROW].height = 20

    input_cols = {headers.index(h) + 1 for h in inputs}
    for r, row in enumerate(rows, HEADER_ROW + 1):
        lines = 1
        for col, value in enumerate(row, 1):
            cell = ws.cell(r, col)
            _text(cell, value)
            cell.border = border
            header = headers[col - 1]
            cell.alignment = placed(header)
            if col in input_cols:
                cell.protection = Protection(locked=False)
                cell.fill = input_fill
                if header == "截至日期":
                    cell.number_format = "yyyy-mm-dd"
                elif header in ("数据来源", "备注", "进展情况", "状态"):
                    cell.number_format = "@"  # typed text stays text, even "=..."
            if isinstance(value, str):
                lines = max(lines, -(-display_width(value) // max(widths[header] - 1, 1)))
        ws.row_dimensions[r].height = 15 * lines + 3
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    ws.protection.sheet = True  # no password: the lock prevents slips, not intent
    ws.protection.formatColumns = False  # widening a column is fine
    ws.protection.formatRows = False
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_options.gridLines = False  # the cells have their own borders
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _validate_indicator_inputs(ws, count: int, year: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if not count:
        return
    first, last = HEADER_ROW + 1, HEADER_ROW + count
    number = DataValidation(
        type="decimal", operator="between", formula1="-999999999999999",
        formula2="999999999999999", allow_blank=True, showErrorMessage=True,
        errorTitle="本次实际值", error="请填写数字（不带单位、百分号或文字），如 128 或 2.59。",
        showInputMessage=True, promptTitle="本次实际值", prompt="填数字，不带单位和百分号；不报送请留空。")
    number.add(f"F{first}:F{last}")
    date = DataValidation(
        type="date", operator="between", formula1=f"DATE({year},1,1)",
        formula2=f"DATE({year},12,31)", allow_blank=True, showErrorMessage=True,
        errorTitle="截至日期", error=f"请填写 {year} 年内的日期，如 {year}-09-30。",
        showInputMessage=True, promptTitle="截至日期", prompt=f"数据截至的日期，须在 {year} 年内。")
    date.add(f"G{first}:G{last}")
    ws.add_data_validation(number)
    ws.add_data_validation(date)


def _validate_task_inputs(ws, count: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if not count:
        return
    first, last = HEADER_ROW + 1, HEADER_ROW + count
    status = DataValidation(
        type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle="状态", error="请从下拉列表选择：" + "、".join(STATUS_CHOICES),
        showInputMessage=True, promptTitle="状态", prompt="从下拉列表选择。")
    status.add(f"F{first}:F{last}")
    percent = DataValidation(
        type="whole", operator="between", formula1="0", formula2="100", allow_blank=True,
        showErrorMessage=True, errorTitle="完成百分比", error="请填写 0 到 100 的整数，不带百分号。",
        showInputMessage=True, promptTitle="完成百分比", prompt="0 到 100 的整数，不带百分号。")
    percent.add(f"G{first}:G{last}")
    ws.add_data_validation(status)
    ws.add_data_validation(percent)


def _guide_sheet(ws, plan: ActionPlan, dept: str, as_of: datetime.date) -> None:
    from openpyxl.styles import Alignment, Font

    from kjcx.views.tables import display_width

    year = as_of.year
    lines = [
        f"{plan.plan.name}  报送表填报说明",
        f"报送单位：{dept}；数据截至 {as_of.isoformat()}；报送 {year} 年的数据。",
        "",
        "一、只填黄色单元格，其他单元格已锁定（工作表保护未设密码，仅为防止误改）。",
        ("二、“指标”表：本次实际值填数字，不带单位、不带百分号、不用中文数字（如 2.59，而不是 2.59% 或“二点五九”）；"
         "单位见“单位”列。截至日期默认为本轮报送的截止日，如数据截至其他日期请改为该日期，须在 "
         f"{year} 年内。数据来源（如 统计快报）、备注（如 1-9月累计）可选。"),
        ("三、“任务”表：状态从下拉列表选择（未启动 / 推进中 / 已完成 / 滞后）；完成百分比填 0 到 100 的整数；"
         "进展情况简述主要进展、存在问题和下一步安排，进度滞后的请写明原因。"),
        "四、不报送的指标或任务，整行留空即可；已填的单元格如需撤回，清空即可。",
        "五、请勿增加或删除行、修改编号和表头、重命名工作表，也不要使用公式；每个单位只交回一份。",
        "六、填好后保存为 .xlsx 格式（Excel 或 WPS 均可），按原文件名交回。",
        "上次报送值、上次进展是截至本轮已掌握的数据，供参考；年度目标为当前有效的目标。",
    ]
    for r, line in enumerate(lines, 1):
        _text(ws.cell(r, 1), line)
        ws.cell(r, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 100
    for r, line in enumerate(lines, 1):
        ws.row_dimensions[r].height = 15 * (display_width(line) // 96 + 1) + 3
    ws.row_dimensions[1].height = 24
    ws.protection.sheet = True
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


# --- import ----------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One figure or report a form would add (or replace: same as_of)."""

    kind: str  # indicator | task
    id: str | int
    name: str
    department: str
    year: int
    old: Entry | None
    new: Entry
    replace: bool  # an entry with the same as_of is replaced
    file: str
    cell: str  # where the figure is, e.g. 指标!F5

    def json(self) -> dict:
        return {"kind": self.kind, "id": self.id, "name": self.name, "department": self.department,
                "year": self.year, "action": "replace" if self.replace else "add",
                "old": entry_json(self.old), "new": entry_json(self.new),
                "file": self.file, "cell": self.cell}


@dataclass(frozen=True)
class Unchanged:
    kind: str
    id: str | int
    department: str
    reason: str  # empty (nothing filled in) | same (already in the data)

    def json(self) -> dict:
        return {"kind": self.kind, "id": self.id, "department": self.department,
                "reason": self.reason}


ROW_CLASSES = ("filled", "error", "empty", "deleted")  # 已填写 有错误 未填写 被删除


@dataclass(frozen=True)
class FormInfo:
    file: str
    department: str
    as_of: datetime.date
    # row class -> [(kind, id)] in the order of the form (ROW_CLASSES)
    rows: dict = field(default_factory=dict, compare=False)

    def rows_json(self) -> dict:
        return {c: [{"kind": k, "id": i} for k, i in self.rows.get(c, [])] for c in ROW_CLASSES}


@dataclass
class Flagged:
    """A figure of a form that looks like a slip (suspicious.py): written only when confirmed."""

    change: Change
    suspicion: Suspicion
    confirmed: bool = False

    def json(self) -> dict:
        c = self.change
        return {"kind": c.kind, "id": c.id, "name": c.name, "department": c.department,
                "year": c.year, "file": c.file, "cell": c.cell, **self.suspicion.json(),
                "message": self.suspicion.message(), "confirmed": self.confirmed}


@dataclass
class ImportResult:
    errors: list[Problem] = field(default_factory=list)
    forms: list[FormInfo] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    missing_departments: list[str] = field(default_factory=list)
    unchanged: list[Unchanged] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    blank_forms: list[FormInfo] = field(default_factory=list)  # returned with no input filled: 未交回
    suspicious: list[Flagged] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def unconfirmed(self) -> list[Flagged]:
        return [f for f in self.suspicious if not f.confirmed]

    def confirm(self, ids: list[str], everything: bool = False) -> list[str]:
        """Mark the suspicious figures of these indicator ids (or all) confirmed;
        returns the ids given that name no suspicious figure."""
        for flagged in self.suspicious:
            if everything or str(flagged.change.id) in ids:
                flagged.confirmed = True
        flagged_ids = {str(f.change.id) for f in self.suspicious}
        return [i for i in ids if i not in flagged_ids]


def _plain_number(value: Decimal):
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def entry_json(entry: Entry | None) -> dict | None:
    if entry is None:
        return None
    if isinstance(entry, Actual):
        return {"value": _plain_number(entry.value),
                "as_of": entry.as_of.isoformat() if entry.as_of else None,
                "source": entry.source, "note": entry.note}
    return {"status": entry.status.value,
            "percent": None if entry.percent is None else _plain_number(entry.percent),
            "as_of": entry.as_of.isoformat() if entry.as_of else None, "note": entry.note}


def collect(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The workbooks named: files as given, directories' *.xlsx (not Office lock files).

    Nothing is opened here: read_form checks each one (a FIFO or a symlink to
    /dev/zero named x.xlsx in the directory is refused there, unread)."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            is_dir = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError:
            is_dir = False
        if is_dir:
            try:
                inside = sorted(p for p in path.iterdir()
                                if p.suffix.lower() == ".xlsx" and not p.name.startswith(("~$", ".")))
            except OSError as exc:
                problems.append(Problem(str(path), None, None, "", f"无法读取目录：{exc.strerror or exc}"))
                continue
            if not inside:
                problems.append(Problem(str(path), None, None, "", "目录中没有 .xlsx 报送表"))
            found += inside
        elif os.path.lexists(path):
            if path.suffix.lower() != ".xlsx":
                problems.append(Problem(str(path), None, None, "",
                                        "不是 .xlsx 文件：请交回 kjcx 导出的 Excel 报送表"
                                        "（WPS 或 Excel 另存为 .xlsx）"))
            else:
                found.append(path)
        else:
            problems.append(Problem(str(path), None, None, "", "文件或目录不存在"))
    unique: dict[str, Path] = {}
    for p in found:
        unique.setdefault(os.path.realpath(p), p)  # never raises on a symlink loop
    return list(unique.values()), problems


def read_forms(plan: ActionPlan, paths: list[Path]) -> ImportResult:
    """Read and check every returned form; compute what merging them would change."""
    files, problems = collect(paths)
    result = ImportResult(errors=problems)
    leads = lead_items(plan)
    digest = fingerprint(plan)
    by_dept: dict[str, str] = {}
    proposed: list[tuple[str, str | int, int, Entry, str, str, str]] = []
    for path in files:
        before = len(result.errors)
        form = _Form(path, plan, leads, digest, result.errors, warnings=result.warnings)
        form.read()
        if form.department is None:
            continue
        assert form.as_of is not None  # _meta sets it together with the department
        if not form.touched and len(result.errors) == before:  # a blank form is not a returned form
            result.blank_forms.append(FormInfo(form.display, form.department, form.as_of))
            continue
        if form.department in by_dept:
            form.error("", f"与 {by_dept[form.department]} 同为 {form.department} 的报送表；"
                           "每个单位只能交回一份，请只保留其中一份再导入")
            continue
        by_dept[form.department] = form.display
        result.forms.append(FormInfo(form.display, form.department, form.as_of, form.row_classes()))
        proposed += form.entries
        result.unchanged += form.empty
    result.missing_departments = [d for d in leads if d not in by_dept]
    result.blank_forms = [f for f in result.blank_forms if f.department not in by_dept]
    _changes(plan, proposed, result)
    _flag_suspicious(plan, result)
    _serialisable(result)
    return result


def _flag_suspicious(plan: ActionPlan, result: ImportResult) -> None:
    targets = Targets(plan.revisions)
    indicators = {i.id: i for i in reportable(plan)}  # a part's figure is judged against the part
    for change in result.changes:
        if change.kind != "indicator":
            continue
        assert isinstance(change.new, Actual) and (change.old is None or isinstance(change.old, Actual))
        indicator = indicators[str(change.id)]
        refs = import_references(indicator, targets, change.year, change.new, change.old)
        found = judge(change.new.value, indicator.unit, refs)
        if found is not None:
            result.suspicious.append(Flagged(change, found))


def _serialisable(result: ImportResult) -> None:
    """Each change, as the data file will hold it, read back: what the write
    would refuse is refused here, at the form's cell, before anything is shown."""
    from kjcx.round.fastedit import entry_problem

    for change in result.changes:
        message = entry_problem(change.new)
        if message:
            result.errors.append(Problem(change.file, None, None, change.cell, message))


def _changes(plan: ActionPlan, proposed, result: ImportResult) -> None:
    indicators = {i.id: i for i in reportable(plan)}
    tasks = {t.id: t for t in plan.tasks}
    order: dict[tuple[str, str | int], int] = {("indicator", i): n for n, i in enumerate(indicators)}
    order.update({("task", t): len(order) + n for n, t in enumerate(tasks)})
    # Plan order (indicators, then tasks, as in the data files), whatever the files' names.
    proposed = sorted(proposed, key=lambda p: (order[(p[0], p[1])], p[2], p[3].as_of))
    seen: dict[tuple, tuple[Entry, str]] = {}
    for kind, item_id, year, entry, dept, file, cell in proposed:
        key = (kind, item_id, year, entry.as_of)
        if key in seen:  # an item with two lead departments, reported by both
            other, where = seen[key]
            if other != entry:
                result.errors.append(Problem(file, None, None, cell, (
                    f"与 {where} 对同一{'指标' if kind == 'indicator' else '任务'}、同一日期报送的内容不同；"
                    "请两个牵头单位核对后只保留一份")))
            continue
        seen[key] = (entry, f"{file}:{cell}")
        entries: list[Actual] | list[Report]
        if kind == "indicator":
            indicator = indicators[item_id]
            entries, name = indicator.actuals.get(year, []), indicator.name
        else:
            task = tasks[item_id]
            entries, name = task.progress.get(year, []), task.title
        same = same_date(entries, year, entry.as_of)
        if same is not None and same == entry:
            result.unchanged.append(Unchanged(kind, item_id, dept, "same"))
            continue
        old = same if same is not None else used_entry(entries, year, entry.as_of)
        result.changes.append(Change(kind, item_id, name, dept, year, old, entry,
                                     same is not None, file, cell))


def same_date(entries: list, year: int, as_of: datetime.date | None):
    """The entry dated `as_of` (a year-end entry counts as Dec 31), if any."""
    for entry in entries:
        when = entry.as_of or datetime.date(year, 12, 31)
        if when == (as_of or datetime.date(year, 12, 31)):
            return entry
    return None


_FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # how OOXML writes a control character
# Controls refused in text typed into a form: C0 but tab and newline, DEL, C1,
# and the invisible marks that reorder or hide text (bidi, line separators).
_TYPED_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                            "\u202a-\u202e\u2066-\u2069]")
_DATE_TEXT = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?\Z")


class _Form:
    """One returned workbook being read; problems go to `errors`."""

    def __init__(self, path: Path, plan: ActionPlan, leads, digest: str, errors: list[Problem],
                 warnings: list[Problem] | None = None):
        self.path, self.display = path, str(path)
        self.plan, self.leads, self.digest, self.errors = plan, leads, digest, errors
        self.warnings = warnings if warnings is not None else []
        self.department: str | None = None
        self.as_of: datetime.date | None = None
        self.entries: list = []
        self.empty: list[Unchanged] = []
        self.touched = False  # any input cell filled (the prefilled date does not count)
        self.classes: dict[tuple[str, str | int], str] = {}  # (kind, id) -> ROW_CLASSES
        self.locked: dict[tuple[str, str], list[str]] = {}  # (sheet, 编号) -> exported texts

    def error(self, where: str, message: str) -> None:
        self.errors.append(Problem(self.display, None, None, where, message))

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(Problem(self.display, None, None, where, message, "warning"))

    def row_classes(self) -> dict[str, list[tuple[str, str | int]]]:
        out: dict[str, list[tuple[str, str | int]]] = {c: [] for c in ROW_CLASSES}
        for key, kind in self.classes.items():
            out[kind].append(key)
        return out

    def read(self) -> None:
        from kjcx.round.workbook_limits import LimitError, check_workbook, read_form

        try:
            data = read_form(self.path)
            check_workbook(data)
        except LimitError as exc:
            self.error(exc.where, exc.message)
            return
        workbook = self._open(data)
        if workbook is None:
            return
        if not self._meta(workbook):
            return
        self._indicators(workbook)
        self._tasks(workbook)

    def _open(self, data: bytes):
        import io
        import zipfile

        from openpyxl import load_workbook

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "extension not supported" from other editors
                return load_workbook(io.BytesIO(data), data_only=False)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
            hint = "文件已损坏，或不是 .xlsx 格式（.xls、.et、.csv 请在 Excel/WPS 中另存为 .xlsx）"
            self.error("", f"无法打开：{hint}（{type(exc).__name__}）")
        except Exception as exc:  # noqa: BLE001 - openpyxl raises anything on a malformed package
            self.error("", f"无法打开：文件内容无法识别为 Excel 工作簿（{type(exc).__name__}）")
        return None

    def _meta(self, workbook) -> bool:
        if META_SHEET not in workbook.sheetnames:
            self.error("", "不是 kjcx 导出的报送表（缺少隐藏的 _kjcx 工作表）：请用 kjcx forms export "
                           "导出的表格填报，不要复制到新建的工作簿")
            return False
        meta = {}
        for row in workbook[META_SHEET].iter_rows(min_row=1, max_row=50, max_col=2):
            key, value = row[0].value, row[1].value if len(row) > 1 else None
            if isinstance(key, str):
                meta[key.strip()] = value
        where = f"{META_SHEET}!B"
        if meta.get("format") != FORMAT:
            shown = "为空" if _blank(meta.get("format")) else f"“{_show(meta.get('format'))}”"
            self.error(where + "1", f"报送表格式{shown}，无法识别：请用本版本 kjcx 重新导出")
            return False
        plan_name = meta.get("plan")
        if plan_name != self.plan.plan.name:
            shown = "未注明计划" if _blank(plan_name) else f"另一个计划（{_show(plan_name)}）"
            self.error(where + "2", f"这是{shown}的报送表，不属于"
                                     f"“{self.plan.plan.name}”：请检查文件或 --data 目录")
            return False
        dept = meta.get("department")
        if not isinstance(dept, str) or not dept.strip():
            self.error(where + "3", "报送表没有注明报送单位（隐藏的 _kjcx 工作表被改动）：请用 kjcx forms export "
                                     "为该单位重新导出")
            return False
        try:
            as_of = datetime.date.fromisoformat(str(meta.get("as_of"))[:10])
        except ValueError:
            self.error(where + "4", "报送表的数据截至日期无法识别：请重新导出")
            return False
        if meta.get("fingerprint") != form_fingerprint(self.digest, dept, as_of):
            import shlex

            from kjcx.cleantext import visible

            # Quoted for a shell: the department is text from the form (`x$(id)`).
            word = dept if re.fullmatch(r"[\w.-]+", dept) else shlex.quote(dept)
            command = f"kjcx forms export {as_of.isoformat()} --dept {word}"
            self.error(where + "5", (
                f"这张表（{_show(dept)}，数据截至 {as_of.isoformat()}）与现在的计划对不上：导出之后计划的定义"
                "（目标、指标、任务或牵头单位）已经修改，或表中隐藏的报送单位、截至日期被改动，"
                f"表中的内容可能已过时：请用 {visible(command[:200])} "
                "重新导出，请该单位按新表填报"))
            return False
        if dept not in self.leads:
            self.error(where + "3", f"报送单位 “{_show(dept)}” 在本计划中没有牵头的指标或任务")
            return False
        if not self.plan.plan.start <= as_of.year <= self.plan.plan.end:
            self.error(where + "4", f"数据截至日期 {as_of.isoformat()} 不在计划期内")
            return False
        self.department, self.as_of = dept, as_of
        self._read_locked(workbook[META_SHEET])
        return True

    def _read_locked(self, meta) -> None:
        """The locked cells as exported (forms of older versions have none: not checked)."""
        last = min(meta.max_row, LOCKED_ROW + 2 * MAX_ROWS)
        for row in meta.iter_rows(min_row=LOCKED_ROW, max_row=last, max_col=4, values_only=True):
            if len(row) < 4 or row[0] != "locked" or not isinstance(row[3], str):
                continue
            try:
                values = json.loads(row[3])
            except ValueError:
                continue
            if isinstance(values, list) and all(isinstance(v, str) for v in values):
                self.locked[(str(row[1]), str(row[2]))] = values

    def _check_locked(self, sheet: str, item_id, row, headers: tuple, value_cell) -> None:
        """An edit in a locked cell is ignored, and said so with the old and new value."""
        exported = self.locked.get((sheet, str(item_id)))
        if exported is None:
            return
        for header, old in zip(LOCKED_HEADERS[sheet], exported):
            cell = row[headers.index(header)]
            new = locked_text(cell.value)
            if new == old:
                continue
            message = (f"{header}由 “{_show(old) or '（空）'}” 改为 “{_show(new) or '（空）'}”："
                       "这是锁定的单元格，修改已忽略")
            if header == "上次报送值" and plain_number(new) is not None and _blank(value_cell.value):
                message += f"；如要报送 {new}，请填在“本次实际值”列（{self._where(value_cell)}）"
            elif header == "年度目标":
                message += "；目标以计划文件为准，如需调整请修改数据文件（revisions）"
            self.warn(self._where(cell), message)

    def _filled(self, cells) -> bool:
        """Any input cell filled; the 截至日期 prefilled with AS_OF (or cleared) is not."""
        for cell in cells:
            value = cell.value
            if _blank(value):
                continue
            if isinstance(value, datetime.datetime) and value.date() == self.as_of:
                continue
            if isinstance(value, datetime.date) and value == self.as_of:
                continue
            return True
        return False

    def _deleted(self, sheet: str, kind: str, led: dict, seen: dict, names: dict) -> None:
        label = "指标" if kind == "indicator" else "任务"
        for item_id in led:
            if item_id not in seen:
                self.classes[(kind, item_id)] = "deleted"
                self.warn(sheet, f"{label} {item_id}（{names[item_id]}）的行被删除了：本次按未报送处理；"
                                 "如要报送，请在原表的这一行填写")

    def _sheet(self, workbook, name: str, headers: tuple):
        """(worksheet, header row number, column of each header) or None."""
        if name not in workbook.sheetnames:
            self.error(name, f"缺少工作表 “{name}”：请勿删除或重命名工作表")
            return None
        ws = workbook[name]
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=min(ws.max_row, 30),
                                             values_only=True), 1):
            cells = [v.strip() if isinstance(v, str) else v for v in row]
            if tuple(cells[:len(headers)]) == headers:
                return ws, r
        self.error(name, "找不到表头行（" + "、".join(headers) + "）：请勿修改、移动表头，或换用原表")
        return None

    def _rows(self, ws, header_row: int, width: int):
        last = min(ws.max_row, header_row + MAX_ROWS)
        if ws.max_row > last:
            self.error(f"{ws.title}!A{last + 1}", f"行数超过 {MAX_ROWS}，之后的行未读取：请删除多余的行")
        for row in ws.iter_rows(min_row=header_row + 1, max_row=last, max_col=width):
            if any(not _blank(c.value) for c in row):
                yield row

    def _item_id(self, cell, kind: str, known: dict, led: dict, names: dict, name_cell):
        """The item a row is about, or None (with the problem reported)."""
        sheet = cell.parent.title
        where = f"{sheet}!{cell.coordinate}"
        value = cell.value
        label = "指标" if kind == "indicator" else "任务"
        if _blank(value):
            self.error(where, f"编号为空：这一行不是导出时的行；新增的行不会被导入，请删除，"
                              f"或在原有的{label}行中填报")
            return None
        if kind == "task":
            item_id = _task_id(value)
        else:
            item_id = value.strip() if isinstance(value, str) else value
        if item_id not in known:
            self.error(where, f"编号 “{_show(value)}” 不是本计划的{label}：编号不得修改，也不要新增行；"
                              "请换用原表填报")
            return None
        if item_id not in led:
            lead = "、".join(known[item_id].lead)
            self.error(where, f"{label} {item_id}（{names[item_id]}）不由 {self.department} 牵头"
                              f"（牵头单位：{lead}）：请删除这一行，由牵头单位填报")
            return None
        shown, stored = name_cell.value, names[item_id]
        # as stored; a spreadsheet may have trimmed the spaces around a name
        same = shown == stored or (isinstance(shown, str) and shown.strip() == stored.strip())
        if not same:
            what = (f"的{label}名称为空" if _blank(shown) else f"与{label}名称 “{_show(shown)}” 不符")
            self.error(where, f"编号 {item_id} {what}（编号 {item_id} 是 “{_show(stored)}”）："
                              "编号或名称被改动，请换用原表填报")
            return None
        return item_id

    def _indicators(self, workbook) -> None:
        found = self._sheet(workbook, INDICATOR_SHEET, INDICATOR_HEADERS)
        if found is None:
            return
        ws, header_row = found
        # read() reads the sheets only after _meta has set both
        assert self.department is not None and self.as_of is not None
        led = {i.id: i for i in self.leads[self.department][0]}
        known = {i.id: i for i in reportable(self.plan)}
        names = {i.id: i.name for i in known.values()}
        year = self.as_of.year
        seen: dict = {}
        for row in self._rows(ws, header_row, len(INDICATOR_HEADERS)):
            cell_id, cell_name, _, _, _, cell_value, cell_date, cell_source, cell_note = row
            self.touched = self.touched or self._filled(row[5:])
            item_id = self._item_id(cell_id, "indicator", known, led, names, cell_name)
            if item_id is None:
                continue
            if item_id in seen:
                self.error(f"{ws.title}!{cell_id.coordinate}",
                           f"编号 {item_id} 重复（第 {seen[item_id]} 行已有）：每项指标只填一行")
                continue
            seen[item_id] = cell_id.row
            self._check_locked(ws.title, item_id, row, INDICATOR_HEADERS, cell_value)
            key = ("indicator", item_id)
            self.classes[key] = "error"
            errors_before = len(self.errors)
            value = self._number(cell_value, known[item_id].unit)
            when = self._date(cell_date, year)
            source = self._free_text(cell_source)
            note = self._free_text(cell_note)
            if len(self.errors) > errors_before:
                continue
            if value is None:
                if source is not None or note is not None:
                    self.error(self._where(cell_value), "填写了数据来源或备注，但本次实际值为空："
                                                        "请填写数值，或清空这一行")
                else:
                    self.classes[key] = "empty"
                continue
            self.classes[key] = "filled"
            self.entries.append(("indicator", item_id, year,
                                 Actual(value=value, as_of=when or self.as_of, source=source, note=note),
                                 self.department, self.display, self._where(cell_value)))
        self._deleted(ws.title, "indicator", led, seen, names)
        self.empty += [Unchanged("indicator", i, self.department, "empty")
                       for i in led if self.classes.get(("indicator", i)) == "empty"]

    def _tasks(self, workbook) -> None:
        found = self._sheet(workbook, TASK_SHEET, TASK_HEADERS)
        if found is None:
            return
        ws, header_row = found
        # read() reads the sheets only after _meta has set both
        assert self.department is not None and self.as_of is not None
        led = {t.id: t for t in self.leads[self.department][1]}
        known = {t.id: t for t in self.plan.tasks}
        names = {t.id: t.title for t in self.plan.tasks}
        year = self.as_of.year
        seen: dict = {}
        for row in self._rows(ws, header_row, len(TASK_HEADERS)):
            cell_id, cell_title, _, _, _, cell_status, cell_percent, cell_note = row
            self.touched = self.touched or self._filled(row[5:])
            item_id = self._item_id(cell_id, "task", known, led, names, cell_title)
            if item_id is None:
                continue
            if item_id in seen:
                self.error(f"{ws.title}!{cell_id.coordinate}",
                           f"编号 {item_id} 重复（第 {seen[item_id]} 行已有）：每项任务只填一行")
                continue
            seen[item_id] = cell_id.row
            self._check_locked(ws.title, item_id, row, TASK_HEADERS, cell_status)
            key = ("task", item_id)
            self.classes[key] = "error"
            errors_before = len(self.errors)
            status = self._status(cell_status)
            percent = self._percent(cell_percent)
            note = self._free_text(cell_note)
            if len(self.errors) > errors_before:
                continue
            if status is None:
                if percent is not None or note is not None:
                    self.error(self._where(cell_status), "填写了完成百分比或进展情况，但没有选择状态："
                                                         "请从下拉列表选择状态")
                else:
                    self.classes[key] = "empty"
                continue
            if not self._consistent(status, percent, cell_percent):
                continue
            self.classes[key] = "filled"
            self.entries.append(("task", item_id, year,
                                 Report(status=status, percent=percent, as_of=self.as_of, note=note),
                                 self.department, self.display, self._where(cell_status)))
        self._deleted(ws.title, "task", led, seen, names)
        self.empty += [Unchanged("task", t, self.department, "empty")
                       for t in led if self.classes.get(("task", t)) == "empty"]

    # --- one cell each ---

    @staticmethod
    def _where(cell) -> str:
        return f"{cell.parent.title}!{cell.coordinate}"

    def _formula(self, cell) -> bool:
        if cell.data_type == "f" or (isinstance(cell.value, str) and cell.data_type != "s"
                                     and cell.value.startswith("=")):
            self.error(self._where(cell), "请直接填写数值，不要使用公式")
            return True
        return False

    def _number(self, cell, unit: str, what: str = "本次实际值") -> Decimal | None:
        value = cell.value
        if _blank(value) or self._formula(cell):
            return None
        where = self._where(cell)
        if isinstance(value, bool):
            self.error(where, f"{what}应为数字，读到的是逻辑值 {str(value).upper()}")
            return None
        if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
            self.error(where, f"{what}应为数字，读到的是日期/时间：请把单元格格式改为“常规”后重填数字")
            return None
        number: Decimal | None
        if isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                self.error(where, f"{what}不是有效的数字")
                return None
            number = Decimal(str(value))  # through str: 21.3, not 21.300000000000000710...
            if percent_scaled(cell.number_format):  # 0.00% shows ×100; 0.00"%" does not
                self.error(where, (
                    f"{what}带了百分号（单元格读到 {show_number(number)}，即 {show_number(number * 100)}%）："
                    f"请去掉百分号，直接填数字 {show_number(number * 100)}"
                    + (f"（单位已是 {unit}）" if unit else "")))
                return None
        else:
            number = self._number_text(str(value), where, what)
            if number is None:
                return None
        return self._magnitude(number, where, what)

    def _number_text(self, raw: str, where: str, what: str) -> Decimal | None:
        number = plain_number(raw)
        if number is not None:
            return number
        self.error(where, number_problem(raw, what, "80" if what == "完成百分比" else "120"))
        return None

    def _magnitude(self, number: Decimal, where: str, what: str) -> Decimal | None:
        if not number.is_finite() or abs(number) >= MAX_MAGNITUDE:
            self.error(where, f"{what} {clip(show_number(number))} 过大：绝对值应小于 10 的 15 次方，请检查单位")
            return None
        digits = len(number.normalize().as_tuple().digits)
        if digits > MAX_DIGITS:
            self.error(where, f"{what} {clip(str(number))} 有效数字超过 {MAX_DIGITS} 位：请按统计口径保留合理的小数位")
            return None
        return number

    def _date(self, cell, year: int) -> datetime.date | None:
        value = cell.value
        if _blank(value) or self._formula(cell):
            return None
        where = self._where(cell)
        when = None
        if isinstance(value, datetime.datetime):
            when = value.date()
        elif isinstance(value, datetime.date):
            when = value
        elif isinstance(value, str):
            text = value.strip()
            match = _DATE_TEXT.match(text.translate(_FULLWIDTH)) if len(text) <= 40 else None
            if match:
                try:
                    when = datetime.date(*(int(g) for g in match.groups()))
                except ValueError:
                    self.error(where, f"截至日期 “{_show(value)}” 不是有效的日期（没有这一天）")
                    return None
        if when is None:
            self.error(where, f"截至日期应为日期（如 {year}-09-30），读到 “{_show(value)}”")
            return None
        if when.year != year:
            self.error(where, f"截至日期 {when.isoformat()} 不在 {year} 年内：本表报送 {year} 年的数据，"
                              f"日期应在 {year}-01-01 至 {year}-12-31 之间")
            return None
        return when

    def _status(self, cell) -> TaskStatus | None:
        value = cell.value
        if _blank(value) or self._formula(cell):
            return None
        text = str(value).strip()
        if text in STATUS_LABELS:
            return STATUS_LABELS[text]
        if text in TaskStatus.__members__:
            return TaskStatus(text)
        guess = closest(text, list(STATUS_CHOICES))
        hint = f"是否为“{guess}”？" if guess else ""
        self.error(self._where(cell), f"状态 “{_show(value)}” 无效：{hint}请从下拉列表选择 "
                                      + "、".join(STATUS_CHOICES))
        return None

    def _consistent(self, status, percent: Decimal | None, cell) -> bool:
        """A status and a percent that contradict each other are sent back: the form
        is where the department can still say which one it meant."""
        from kjcx.plan.model import TaskStatus

        if percent is None:
            return True
        if status == TaskStatus.done and percent != 100:
            self.error(self._where(cell), f"状态为已完成，完成百分比却是 {show_number(percent)}："
                                          "已完成请填 100（或留空），未完成请改选状态")
            return False
        if status == TaskStatus.not_started and percent != 0:
            self.error(self._where(cell), f"状态为未启动，完成百分比却是 {show_number(percent)}："
                                          "未启动请填 0（或留空），已开始请改选“推进中”")
            return False
        return True

    def _percent(self, cell) -> Decimal | None:
        value = cell.value
        if _blank(value):
            return None
        number = self._number(cell, "%", what="完成百分比")
        if number is None:
            return None
        if not 0 <= number <= 100:
            self.error(self._where(cell), f"完成百分比应在 0 到 100 之间，读到 {show_number(number)}："
                                          "请填写 0 到 100 的整数（不带百分号），如 80")
            return None
        if number != number.to_integral_value():
            self.error(self._where(cell), f"完成百分比应为整数，读到 {show_number(number)}："
                                          "请填写 0 到 100 的整数，如 63")
            return None
        return number

    def _free_text(self, cell) -> str | None:
        value = cell.value
        if _blank(value):
            return None
        if cell.data_type == "f":
            self.error(self._where(cell), "请直接填写文字，不要使用公式")
            return None
        if cell.data_type == "e":  # #REF!, #N/A: what a formula left behind, not a note
            self.error(self._where(cell), f"单元格是 Excel 的错误值 {_show(value)}，不是文字：请改为文字说明，或清空")
            return None
        if isinstance(value, datetime.datetime):
            text = value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
        elif isinstance(value, datetime.date):
            text = value.isoformat()
        elif isinstance(value, float):
            text = show_number(Decimal(str(value)))
        else:
            text = str(value)
        if "_x" in text:  # _x001B_ is ESC as OOXML escapes it: decoded, then checked
            text = _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        if _TYPED_CONTROL.search(text):
            self.error(self._where(cell), "含有不可见的控制字符：请删除后重新输入")
            return None
        if len(text) > MAX_TEXT:
            self.error(self._where(cell), f"文字过长（{len(text)} 字）：请精简到 {MAX_TEXT} 字以内")
            return None
        return text


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _task_id(value):
    if isinstance(value, bool):
        return str(value).upper()  # TRUE is not task 1
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e9:
        return int(value)
    if isinstance(value, str):
        number = task_number(value)  # ASCII digits only: "²" is not task 2
        return value if number is None else number
    return value


def _show(value) -> str:
    """A cell's value quoted in a message: one line, at most 40 characters, every
    control character (C0, C1, bidi) as a visible escape."""
    from kjcx.cleantext import visible

    return visible(clip(str(value)))
