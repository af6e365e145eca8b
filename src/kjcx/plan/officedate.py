"""A 完成时限 as an office writes it: 2022-06-30, or 2022年6月底前, 2022年底前, 2022年6月30日前.

Pure and without imports of kjcx: the model's validators and the forms' reader both
ask here, so "2022年6月底前" means one date everywhere (docs/duban.md).
"""

from __future__ import annotations

import datetime
import re
from typing import Optional

# 年、月、日 with an optional 底/末 and an optional 前 (or 以前、之前): the date itself counts.
_DAY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:以前|之前|前)?")
_MONTH_END = re.compile(r"(\d{4})年(\d{1,2})月(?:底|末)(?:以前|之前|前)?")
_YEAR_END = re.compile(r"(\d{4})年(?:年)?(?:底|末)(?:以前|之前|前)?")
_HALF = re.compile(r"(\d{4})年上半年(?:底|末)?(?:以前|之前|前)?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# "2022年6月前" says neither 6月1日 nor 6月30日: refused, with both spellings offered.
AMBIGUOUS = re.compile(r"(\d{4})年(\d{1,2})月(?:以前|之前|前)?")
# A task list's 完成时限 for work that never ends: no deadline at all.
NO_DEADLINE = frozenset({"长期", "长期坚持", "持续推进", "长期推进"})


def office_date(text: str) -> Optional[datetime.date]:
    """The date a 完成时限 text means, or None when it is not one (or names no real day)."""
    text = text.strip().replace(" ", "")
    try:
        if m := _ISO.fullmatch(text):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DAY.fullmatch(text):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _MONTH_END.fullmatch(text):
            return month_end(int(m[1]), int(m[2]))
        if m := _YEAR_END.fullmatch(text):
            return datetime.date(int(m[1]), 12, 31)
        if m := _HALF.fullmatch(text):
            return datetime.date(int(m[1]), 6, 30)
    except ValueError:  # 2022年2月30日, 2022年13月底
        return None
    return None


def month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def date_hint(text: object) -> str:
    """What to write instead of a 完成时限 that is not a date (for the error message)."""
    if isinstance(text, str) and (m := AMBIGUOUS.fullmatch(text.strip())):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            before = f"{year}年{month - 1}月底前" if month > 1 else f"{year - 1}年底前"
            return (f"（“{m[0]}”说不清是{month}月之前还是{month}月之内：请写 {before} "
                    f"或 {year}年{month}月底前）")
    return "（写作 2022-06-30，或 2022年6月底前、2022年底前、2022年6月30日前）"
