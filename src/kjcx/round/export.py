"""Writing one department's form (docs/forms.md): the 指标 and 任务 sheets with their
locked and input cells, validations, the 填报说明 sheet and the hidden `_kjcx` sheet.

openpyxl is imported inside the functions that need it (the CLI stays light)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

from kjcx import words
from kjcx.method.dates import done_before, used_entry
from kjcx.method.targets import Targets
from kjcx.plan.files import write_atomically
from kjcx.plan.model import ActionPlan, Indicator, Task
from kjcx.round.cells import describe_actual, describe_report, locked_text, show_number
from kjcx.round.layout import (
    FORMAT,
    GUIDE_SHEET,
    HEADER_ROW,
    INDICATOR_HEADERS,
    INDICATOR_SHEET,
    LOCKED_HEADERS,
    LOCKED_ROW,
    META_SHEET,
    STATUS_CHOICES,
    TASK_HEADERS,
    TASK_SHEET,
    fingerprint,
    form_fingerprint,
    task_headers,
)


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
        before = done_before(task, year, as_of)
        if before is not None:  # done in an earlier year: shown as done, not asked for again
            return f"{describe_report(*before)}；已完成，本年无需填报"
        return "本年未报"
    text = describe_report(year, report)
    return text + (f"；{report.note}" if report.note else "")


def _with_deadline(plan: ActionPlan, task: Task, as_of: datetime.date, last: str) -> str:
    """督办: 上次进展 also shows the task's 完成时限 and next 阶段目标 (method/deadlines)."""
    if task.deadline is None and not task.milestones:
        return last
    from kjcx.method.deadlines import form_words

    extra = form_words(plan, task, as_of)
    return f"{last}；{extra}" if extra else last


def save(workbook, path: Path) -> None:
    """The workbook written whole or not at all (plan/files: temp file, fsync, rename)."""
    write_atomically(path, workbook.save)


# Excel column width is in units of the digit '0'; a CJK character takes about two.
_WIDTHS_IND = {"编号": 30, "指标名称": 28, "单位": 8, "年度目标": 12, "上次报送值": 28,
               "本次实际值": 12, "截至日期": 13, "数据来源": 18, "备注": 30}
_WIDTHS_TASK = {"编号": 7, "任务": 28, "牵头单位": 14, "参与单位": 32, "上次进展": 32,
                "状态": 10, "完成百分比": 11, "进展情况": 40, "阶段目标": 16}
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
    # as the tables show it: a written target as written (5.00), one the plan did not write
    # for the year at the indicator's precision, with the tables' mark (插值 / 各年适用)
    interpolated = target.source == "interpolated"
    shown = words.fixed(value, words.places_of(ind)) if interpolated else words.written(value)
    mark = words.interpolated_mark(target.method) if interpolated else ""
    if ind.rate_kind:
        text = f"{'增长' if ind.kind == 'growth' else '降低'} {shown}%"
    elif ind.kind == "rank":
        text = f"第 {shown} 位以内"
    elif target.stretch is not None:
        text = f"{shown}（力争 {words.written(target.stretch)}）"
    elif interpolated:
        return f"{shown}{mark}"
    else:
        return value
    return text + mark


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
    # 编号 stays the indicator id (import matches rows by it), in a column as wide as
    # the longest id of this form, so that no id is cut or wrapped on screen or paper.
    widths = dict(_WIDTHS_IND, 编号=_id_width(r[0] for r in rows))
    _sheet(ws, plan, dept, as_of, "指标报送表", INDICATOR_HEADERS, widths, rows, guide,
           inputs=("本次实际值", "截至日期", "数据来源", "备注"))
    _validate_indicator_inputs(ws, len(rows), year)

    ws = wb.create_sheet(TASK_SHEET)
    headers = task_headers(plan)  # 督办: with 阶段目标 when the plan has milestones
    task_rows = [[t.id, t.title, "、".join(t.lead), "、".join(t.participants) or "无",
                  _with_deadline(plan, t, as_of, _last_report(t, year, as_of)), None, None, None]
                 + [None] * (len(headers) - len(TASK_HEADERS)) for t in tasks]
    guide = ("填报说明：只填黄色单元格。状态从下拉列表选择（未启动、推进中、已完成、滞后）；"
             "完成百分比填 0 到 100 的整数（不带百分号）；进展情况简述进展、问题和下一步。"
             f"进展按 {as_of.isoformat()} 的情况填报。不报送的任务整行留空。请勿增删行、修改编号或表头。")
    if not tasks:
        guide = "本单位没有牵头的重点任务，本表无需填写。"
    _sheet(ws, plan, dept, as_of, "重点任务进展报送表", headers, _WIDTHS_TASK, task_rows, guide,
           inputs=("状态", "完成百分比", "进展情况") + headers[len(TASK_HEADERS):])
    _validate_task_inputs(ws, len(task_rows))
    if len(headers) > len(TASK_HEADERS):
        _validate_milestones(ws, tasks)

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
    from kjcx.views.xlsx import print_setup

    print_setup(ws, HEADER_ROW, frozen_columns=2)  # 编号 and 指标名称 stay in view
    ws.protection.sheet = True  # no password: the lock prevents slips, not intent
    ws.protection.formatColumns = False  # widening a column is fine
    ws.protection.formatRows = False
    ws.print_options.gridLines = False  # the cells have their own borders
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6


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


def _validate_milestones(ws, tasks: list[Task]) -> None:
    """督办: each task row's 阶段目标 cell is a dropdown of that task's milestone names."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    column = get_column_letter(len(TASK_HEADERS) + 1)
    for row, task in enumerate(tasks, HEADER_ROW + 1):
        names = [m.name for m in task.milestones if "," not in m.name and '"' not in m.name]
        if not names or len(",".join(names)) > 250:  # Excel's inline list holds 255 characters
            continue
        check = DataValidation(
            type="list", formula1='"' + ",".join(names) + '"', allow_blank=True,
            showErrorMessage=True, errorTitle="阶段目标", error="请从下拉列表选择本任务的阶段目标。",
            showInputMessage=True, promptTitle="阶段目标", prompt="本次报告达到的阶段目标（可不填）。")
        check.add(f"{column}{row}")
        ws.add_data_validation(check)


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

