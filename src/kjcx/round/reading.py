"""Reading one returned form (docs/forms.md): opened under the limits, its hidden sheet
checked against the plan (format, plan, department, date, fingerprint), its rows matched
by 编号 and turned into entries, edits of locked cells reported as warnings."""

from __future__ import annotations

import datetime
import json
import re
import warnings
from pathlib import Path

from kjcx.method.parts import reportable
from kjcx.plan.model import ActionPlan, Actual, Report
from kjcx.plan.reader import Problem
from kjcx.round.cells import CellReader, blank, locked_text, show, task_id
from kjcx.round.layout import (
    FORMAT,
    INDICATOR_HEADERS,
    INDICATOR_SHEET,
    LOCKED_HEADERS,
    LOCKED_ROW,
    MAX_ROWS,
    META_SHEET,
    TASK_HEADERS,
    TASK_SHEET,
    form_fingerprint,
    task_headers,
)
from kjcx.round.numbers import plain_number

ROW_CLASSES = ("filled", "error", "empty", "deleted")  # 已填写 有错误 未填写 被删除


class FormReader(CellReader):
    """One returned workbook being read; problems go to `errors`."""

    def __init__(self, path: Path, plan: ActionPlan, leads, digest: str, errors: list[Problem],
                 warnings: list[Problem] | None = None):
        self.path, self.display = path, str(path)
        self.plan, self.leads, self.digest, self.errors = plan, leads, digest, errors
        self.warnings = warnings if warnings is not None else []
        self.department: str | None = None
        self.as_of: datetime.date | None = None
        self.entries: list = []
        self.empty: list[tuple[str, str | int]] = []  # (kind, id) of the rows left blank
        self.touched = False  # any input cell filled (the prefilled date does not count)
        self.classes: dict[tuple[str, str | int], str] = {}  # (kind, id) -> ROW_CLASSES
        self.locked: dict[tuple[str, str], list[str]] = {}  # (sheet, 编号) -> exported texts
        self._stripped: dict[str, list[str]] | None = None  # id, spaces not compared -> ids

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
            shown = "为空" if blank(meta.get("format")) else f"“{show(meta.get('format'))}”"
            self.error(where + "1", f"报送表格式{shown}，无法识别：请用本版本 kjcx 重新导出")
            return False
        plan_name = meta.get("plan")
        if plan_name != self.plan.plan.name:
            shown = "未注明计划" if blank(plan_name) else f"另一个计划（{show(plan_name)}）"
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
                f"这张表（{show(dept)}，数据截至 {as_of.isoformat()}）与现在的计划对不上：导出之后计划的定义"
                "（目标、指标、任务或牵头单位）已经修改，或表中隐藏的报送单位、截至日期被改动，"
                f"表中的内容可能已过时：请用 {visible(command[:200])} "
                "重新导出，请该单位按新表填报"))
            return False
        if dept not in self.leads:
            self.error(where + "3", f"报送单位 “{show(dept)}” 在本计划中没有牵头的指标或任务")
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
            message = (f"{header}由 “{show(old) or '（空）'}” 改为 “{show(new) or '（空）'}”："
                       "这是锁定的单元格，修改已忽略")
            if header == "上次报送值" and plain_number(new) is not None and blank(value_cell.value):
                message += f"；如要报送 {new}，请填在“本次实际值”列（{self._where(value_cell)}）"
            elif header == "年度目标":
                message += "；目标以计划文件为准，如需调整请修改数据文件（revisions）"
            self.warn(self._where(cell), message)

    def _filled(self, cells) -> bool:
        """Any input cell filled; the 截至日期 prefilled with AS_OF (or cleared) is not."""
        for cell in cells:
            value = cell.value
            if blank(value):
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
            if any(not blank(c.value) for c in row):
                yield row

    def _item_id(self, cell, kind: str, known: dict, led: dict, names: dict, name_cell):
        """The item a row is about, or None (with the problem reported)."""
        sheet = cell.parent.title
        where = f"{sheet}!{cell.coordinate}"
        value = cell.value
        label = "指标" if kind == "indicator" else "任务"
        if blank(value):
            self.error(where, f"编号为空：这一行不是导出时的行；新增的行不会被导入，请删除，"
                              f"或在原有的{label}行中填报")
            return None
        if kind == "task":
            item_id = task_id(value)
        else:  # as stored (a part name may end in a space); a spreadsheet may have trimmed it
            item_id = value if value in known or not isinstance(value, str) else self._trimmed(known, value)
        if item_id not in known:
            self.error(where, f"编号 “{show(value)}” 不是本计划的{label}：编号不得修改，也不要新增行；"
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
            what = (f"的{label}名称为空" if blank(shown) else f"与{label}名称 “{show(shown)}” 不符")
            self.error(where, f"编号 {item_id} {what}（编号 {item_id} 是 “{show(stored)}”）："
                              "编号或名称被改动，请换用原表填报")
            return None
        return item_id

    def _trimmed(self, known: dict, value: str):
        """The id `value` names with the spaces around it (and around its part name)
        not compared; `value` itself when none or several do."""
        if self._stripped is None:
            self._stripped = {}
            for key in known:
                if isinstance(key, str):
                    self._stripped.setdefault(_loose(key), []).append(key)
        found = self._stripped.get(_loose(value), [])
        return found[0] if len(found) == 1 else value

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
        self.empty += [("indicator", i) for i in led if self.classes.get(("indicator", i)) == "empty"]

    def _tasks(self, workbook) -> None:
        headers = task_headers(self.plan)  # 督办: 阶段目标 when the plan has milestones
        found = self._sheet(workbook, TASK_SHEET, headers)
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
        for row in self._rows(ws, header_row, len(headers)):
            cell_id, cell_title, _, _, _, cell_status, cell_percent, cell_note = row[:len(TASK_HEADERS)]
            self.touched = self.touched or self._filled(row[5:])
            item_id = self._item_id(cell_id, "task", known, led, names, cell_title)
            if item_id is None:
                continue
            if item_id in seen:
                self.error(f"{ws.title}!{cell_id.coordinate}",
                           f"编号 {item_id} 重复（第 {seen[item_id]} 行已有）：每项任务只填一行")
                continue
            seen[item_id] = cell_id.row
            self._check_locked(ws.title, item_id, row, headers, cell_status)
            key = ("task", item_id)
            self.classes[key] = "error"
            errors_before = len(self.errors)
            status = self._status(cell_status)
            percent = self._percent(cell_percent)
            note = self._free_text(cell_note)
            stage = self._milestone(row[len(TASK_HEADERS)], known[item_id]) if len(row) > len(TASK_HEADERS) else None
            if len(self.errors) > errors_before:
                continue
            if status is None:
                if percent is not None or note is not None or stage is not None:
                    self.error(self._where(cell_status), "填写了完成百分比或进展情况，但没有选择状态："
                                                         "请从下拉列表选择状态")
                else:
                    self.classes[key] = "empty"
                continue
            if not self._consistent(status, percent, cell_percent):
                continue
            self.classes[key] = "filled"
            self.entries.append(("task", item_id, year,
                                 Report(status=status, percent=percent, as_of=self.as_of, note=note,
                                        milestone=stage),
                                 self.department, self.display, self._where(cell_status)))
        self._deleted(ws.title, "task", led, seen, names)
        self.empty += [("task", t) for t in led if self.classes.get(("task", t)) == "empty"]

    # --- one cell each ---

    def _milestone(self, cell, task) -> str | None:
        """督办: the 阶段目标 a report names, one of its task's milestones (else an error here)."""
        text = self._free_text(cell)
        if text is None:
            return None
        names = [m.name for m in task.milestones]
        if text not in names:
            listed = "、".join(names) if names else "（本任务没有阶段目标，请留空）"
            self.error(self._where(cell), f"“{text}” 不是任务 {task.id} 的阶段目标：请从下拉列表选择：{listed}")
            return None
        return text


def _loose(item_id: str) -> str:
    """An id with the spaces around it and around its part name dropped."""
    whole, slash, part = item_id.strip().partition("/")
    return whole.strip() + slash + part.strip()
