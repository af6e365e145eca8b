"""The plan's header: name, 文号 (河东政办函〔2021〕18号), start and end years (from
"（2020-2022年）" or the text) and the issuing date."""

from __future__ import annotations

import re

from kjcx.draft.document import Block, Line
from kjcx.draft.model import Header

_DOC_NO = re.compile(r"[\u4e00-\u9fff]{2,14}[〔\[【［（(](\d{4})[〕\]】］）)]第?\d{1,4}号")
_KIND = r"(?:计划|方案|规划|纲要|意见|措施|办法|要点|行动|细则|清单)"
_SPAN = r"[（(]\d{4}\s*年?\s*[-—–～~至]+\s*\d{4}\s*年?[）)]"
_TITLE = re.compile(rf"^(?!关于)[\u4e00-\u9fff“”\"\d、]{{4,60}}{_KIND}\s*(?:{_SPAN})?$")
_NOTICE = re.compile(rf"关于印发《?(.+?{_KIND}\s*(?:{_SPAN})?)》?的通知")
_ISSUED_AS = re.compile(rf"《([^《》]+?{_KIND}\s*(?:{_SPAN})?)》")
_SPAN_LINE = re.compile(rf"^{_SPAN}$")
_YEARS = re.compile(r"(\d{4})\s*年?\s*[-—–～~至]+\s*(\d{4})\s*年")
_FIVE_YEARS = {"十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


def read(blocks: list[Block]) -> Header:
    header = Header()
    lines = [b for b in blocks if isinstance(b, Line)]
    for line in lines[:15]:   # the notice names the plan whole: 关于印发《…》的通知, 现将《…》印发给你们
        m = _NOTICE.search(line.raw) or (_ISSUED_AS.search(line.raw) if "印发" in line.raw else None)
        if m:
            header.name, header.name_where = re.sub(r"\s", "", m.group(1)), line.where
            break
    for k, line in enumerate(lines[:40]):
        _take(header, line)
        if header.name_where == line.where and k + 1 < len(lines) and _SPAN_LINE.match(
                lines[k + 1].raw.replace(" ", "")) and not _YEARS.search(header.name):
            header.name += lines[k + 1].raw.replace(" ", "")   # the title's （2024—2026年） on a line of its own
    if not header.document:   # a 文号 inside the notice's first lines (印发通知的抬头)
        for line in lines[:8]:
            m = _DOC_NO.search(line.text)
            if m and not re.search(r"依据|根据|按照|《", line.text[:m.start()]):
                header.document, header.document_where = _brackets(m.group(0)), line.where
                break
    m = _YEARS.search(header.name)
    five = next((span for word, span in _FIVE_YEARS.items() if word in header.name), None)
    if m:
        header.start, header.end, header.years_where = int(m.group(1)), int(m.group(2)), header.name_where
    elif five:   # “十四五”规划: 2021-2025
        (header.start, header.end), header.years_where = five, header.name_where
    else:
        for line in lines:
            m = _YEARS.search(line.text)
            if m and int(m.group(1)) < int(m.group(2)):
                header.start, header.end, header.years_where = int(m.group(1)), int(m.group(2)), line.where
                break
    return header


def _take(header: Header, line: Line) -> None:
    if not header.document:
        m = _DOC_NO.fullmatch(line.text.strip("（）"))
        if m:
            header.document, header.document_where = _brackets(m.group(0)), line.where
    if not header.name and _TITLE.match(line.raw.replace("(", "（").replace(")", "）").replace(" ", "")):
        header.name, header.name_where = re.sub(r"\s", "", line.raw), line.where
    if not header.issued and _DATE.match(line.text):
        header.issued, header.issued_where = line.text, line.where


def _brackets(number: str) -> str:
    """示例政发[2021]12号 → 示例政发〔2021〕12号."""
    return re.sub(r"[\[【［（(](\d{4})[\]】］）)]", r"〔\1〕", number)
