"""One strict reader for the numbers and 编号 people type into a form.

    plain_number(text)          -> Decimal, or None when it is not a plain number
    number_problem(text, what)  -> the message for a text that is not one (Chinese)
    task_number(text)           -> int for a task 编号 typed as text, else None
    percent_scaled(fmt)         -> does an Excel number format multiply by 100?

A plain number is ASCII digits with an optional sign and decimal point, at
most MAX_CHARS characters: `²` and `١٢` (digits to str.isdigit) are not
numbers, and a 4,300-digit string never reaches int() or Decimal(). Every
scan here is a single pass over at most SCAN characters of the text, so a
32,767-character cell costs what a short one does. Only the standard library.
"""

from __future__ import annotations

import difflib
from decimal import Decimal

MAX_CHARS = 40  # a figure of 15 significant digits with sign, point and zeros fits
SCAN = 64  # characters of a cell examined to say what it is
_DIGITS = frozenset("0123456789")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋，％", "0123456789.-+,%")
_CHINESE_DIGITS = frozenset("零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")
# Words around an estimate: 约125, 大约 125, 近120, 125左右
_ABOUT_BEFORE = ("大约", "约为", "接近", "约", "近", "逾", "超过", "不少于", "不到")
_ABOUT_AFTER = ("左右", "上下", "以上", "多")


def clip(text: str, limit: int = 40) -> str:
    """A cell's text quoted in a message: one line, at most `limit` characters,
    with the full length when cut. (Other controls are for textsafe to show.)"""
    head = text[:limit].replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    return head if len(text) <= limit else head + f"…（共 {len(text)} 个字符）"


def _number_end(text: str, start: int = 0) -> int:
    """End of the plain number ([+-] digits [. digits], or [+-] . digits) at
    text[start:], looking at most SCAN characters; `start` when there is none."""
    n = min(len(text), start + SCAN)
    i = start + (1 if start < n and text[start] in "+-" else 0)
    j = i
    while j < n and text[j] in _DIGITS:
        j += 1
    if j < n and text[j] == ".":
        k = j + 1
        while k < n and text[k] in _DIGITS:
            k += 1
        if j > i or k > j + 1:
            return k
    return j if j > i else start


def plain_number(text: str) -> Decimal | None:
    """`text` (stripped) as a Decimal when it is exactly a plain number."""
    text = text.strip()
    if not text or len(text) > MAX_CHARS:
        return None
    return Decimal(text) if _number_end(text) == len(text) else None


def _thousands(text: str) -> str | None:
    """1,234,567.5 -> 1234567.5 (groups of three after the first); else None."""
    head, _, tail = text.partition(".")
    sign = head[:1] if head[:1] in "+-" else ""
    groups = head[len(sign):].split(",")
    if len(groups) < 2 or not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
        return None
    if not all(ch in _DIGITS for g in groups for ch in g) or (tail and not all(c in _DIGITS for c in tail)):
        return None
    return sign + "".join(groups) + ("." + tail if tail else "")


def _about(text: str) -> str | None:
    """The number of an estimate (约125, 125左右), else None."""
    for word in _ABOUT_BEFORE:
        if text.startswith(word):
            rest = text[len(word):].strip()
            end = _number_end(rest)
            if end and (end == len(rest) or rest[end:].strip() in _ABOUT_AFTER):
                return rest[:end]
    end = _number_end(text)
    if end and text[end:].strip() in _ABOUT_AFTER:
        return text[:end]
    return None


def number_problem(raw: str, what: str, example: str = "120") -> str:
    """Why `raw` is not a number, with the fix, for a form's cell."""
    shown = clip(raw)
    text = raw.strip()
    if len(text) > SCAN:
        if all(ch in _DIGITS for ch in text[:SCAN]):
            return f"{what}“{shown}” 位数过多：请填写 15 位以内的有效数字"
        return f"{what}“{shown}” 不是数字：请只填数字，如 128 或 2.59；说明文字请写在备注中"
    half = text.translate(_FULLWIDTH)
    if half != text and plain_number(half) is not None:
        return f"{what}“{shown}” 含全角数字：请改用半角数字 {half}"
    if half.endswith("%") and plain_number(half[:-1]) is not None:
        return f"{what}“{shown}” 带了百分号：请去掉百分号，直接填数字 {half[:-1].strip()}"
    grouped = _thousands(half)
    if grouped is not None:
        return f"{what}“{shown}” 带了千分位逗号：请去掉逗号，填 {grouped}"
    about = _about(half)
    if about is not None:
        return f"{what}“{shown}” 是估计的说法：如确认是 {about}，请只填 {about}；说明可写在备注中"
    end = _number_end(half)
    exponent = half[end + 1:].lstrip("+-")
    if end and half[end:end + 1] in ("e", "E") and 0 < len(exponent) <= 3 and \
            all(ch in _DIGITS for ch in exponent):
        plain = format(Decimal(half), "f") if len(exponent) <= 1 else ""
        return f"{what}“{shown}” 是科学计数法：请填写普通数字{(' ' + plain) if plain else ''}"
    if end and half[end:].strip():
        rest = half[end:].strip()
        kind = "单位" if not any(ch in _DIGITS for ch in rest) else "单位或文字"
        return f"{what}“{shown}” 带了{kind}：只填数字 {half[:end]}，单位见“单位”列"
    if any(ch in _CHINESE_DIGITS for ch in text):
        return f"{what}“{shown}” 是文字，不是数字：请用阿拉伯数字填写（如 {example}），不要用中文数字"
    return f"{what}“{shown}” 不是数字：请填写数字，如 128 或 2.59"


def task_number(text: str) -> int | None:
    """A task 编号 typed as text ("12", " 3 "): ASCII digits only, at most 9."""
    text = text.strip()
    if 0 < len(text) <= 9 and all(ch in _DIGITS for ch in text):
        return int(text)
    return None


def closest(text: str, choices: list[str]) -> str | None:
    """The choice `text` most likely meant (完成 -> 已完成), or None."""
    text = text.strip()[:20]
    if not text:
        return None
    inside = [c for c in choices if text in c or c in text]
    if len(inside) == 1:
        return inside[0]
    found = difflib.get_close_matches(text, choices, n=1, cutoff=0.5)
    return found[0] if found else None


def percent_scaled(fmt: str | None) -> bool:
    """Does the number format show the value ×100 with a % sign? A % inside
    quotes (`0.00"%"`) or escaped (`0\\%`) is literal text: no scaling."""
    if not fmt:
        return False
    quoted = escaped = False
    for ch in fmt[:255]:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch == ";":
            return False  # the first section (positive numbers) decides
        elif ch == "%":
            return True
    return False
