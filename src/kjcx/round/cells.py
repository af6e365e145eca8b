"""A form's cells as values (docs/forms.md): numbers, dates, statuses and notes read
strictly from what a department typed, each refusal in Chinese at its cell; and the
texts export writes into cells (上次报送值, a locked cell as compared)."""

from __future__ import annotations

import datetime
import math
import re
from decimal import Decimal

from kjcx.plan.model import STATUS_LABELS, Actual, Report, TaskStatus
from kjcx.round.layout import LABEL_OF, STATUS_CHOICES, Entry
from kjcx.round.numbers import clip, closest, number_problem, percent_scaled, plain_number, task_number

MAX_TEXT = 2000  # characters in one text cell
# Same limits as a number in the data files (plan/scalars.py).
MAX_MAGNITUDE = Decimal("1e15")
MAX_DIGITS = 15


# --- what export writes into a cell ----------------------------------------------

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


# --- what a department typed -----------------------------------------------------

FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")
EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # how OOXML writes a control character
# Controls refused in text typed into a form: C0 but tab and newline, DEL, C1,
# and the invisible marks that reorder or hide text (bidi, line separators).
TYPED_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                            "\u202a-\u202e\u2066-\u2069]")
DATE_TEXT = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?\Z")


class CellReader:
    """Reading one cell each; a problem goes to `error(where, message)` (the form's)."""

    def error(self, where: str, message: str) -> None:
        raise NotImplementedError

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
        if blank(value) or self._formula(cell):
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
        if blank(value) or self._formula(cell):
            return None
        where = self._where(cell)
        when = None
        if isinstance(value, datetime.datetime):
            when = value.date()
        elif isinstance(value, datetime.date):
            when = value
        elif isinstance(value, str):
            text = value.strip()
            match = DATE_TEXT.match(text.translate(FULLWIDTH)) if len(text) <= 40 else None
            if match:
                try:
                    when = datetime.date(*(int(g) for g in match.groups()))
                except ValueError:
                    self.error(where, f"截至日期 “{show(value)}” 不是有效的日期（没有这一天）")
                    return None
        if when is None:
            self.error(where, f"截至日期应为日期（如 {year}-09-30），读到 “{show(value)}”")
            return None
        if when.year != year:
            self.error(where, f"截至日期 {when.isoformat()} 不在 {year} 年内：本表报送 {year} 年的数据，"
                              f"日期应在 {year}-01-01 至 {year}-12-31 之间")
            return None
        return when

    def _status(self, cell) -> TaskStatus | None:
        value = cell.value
        if blank(value) or self._formula(cell):
            return None
        text = str(value).strip()
        if text in STATUS_LABELS:
            return STATUS_LABELS[text]
        if text in TaskStatus.__members__:
            return TaskStatus(text)
        guess = closest(text, list(STATUS_CHOICES))
        hint = f"是否为“{guess}”？" if guess else ""
        self.error(self._where(cell), f"状态 “{show(value)}” 无效：{hint}请从下拉列表选择 "
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
        if blank(value):
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
        if blank(value):
            return None
        if cell.data_type == "f":
            self.error(self._where(cell), "请直接填写文字，不要使用公式")
            return None
        if cell.data_type == "e":  # #REF!, #N/A: what a formula left behind, not a note
            self.error(self._where(cell), f"单元格是 Excel 的错误值 {show(value)}，不是文字：请改为文字说明，或清空")
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
            text = EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        if TYPED_CONTROL.search(text):
            self.error(self._where(cell), "含有不可见的控制字符：请删除后重新输入")
            return None
        if len(text) > MAX_TEXT:
            self.error(self._where(cell), f"文字过长（{len(text)} 字）：请精简到 {MAX_TEXT} 字以内")
            return None
        return text


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def task_id(value):
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


def show(value) -> str:
    """A cell's value quoted in a message: one line, at most 40 characters, every
    control character (C0, C1, bidi) as a visible escape."""
    from kjcx.cleantext import visible

    return visible(clip(str(value)))
