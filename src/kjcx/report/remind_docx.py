"""`kjcx remind -o DIR`: one Word 催办单 per department, in the 公文 layout of the report's
Word draft (A4, 仿宋_GB2312 body, 小标宋 title, page numbers): the department, the items it
must answer for in a table, the 催办 paragraph and the reply date."""

from __future__ import annotations

from pathlib import Path

from kjcx.method.remind import DepartmentReminder, Reminders
from kjcx.report.docx import HEADING_FONT, TITLE_FONT, _page_numbers, _paragraph, _table
from kjcx.words import day_words

HEADERS = ["事项", "情况", "日期", "应完成", "上次报送"]


def render(result: Reminders, dept: DepartmentReminder, path: Path, notice: str = "") -> None:
    """Write the 催办单 of `dept` to `path` (python-docx imported here, when it is used)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    doc = docx.Document()
    for section in doc.sections:  # A4 with the margins of a 公文 (GB/T 9704), as the report
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        _page_numbers(section)
    _paragraph(doc, "督办事项催办单", font=TITLE_FONT, size=22, center=True)
    _paragraph(doc, result.plan.plan.name, size=14, center=True)
    if notice and notice.strip("（）") not in result.plan.plan.name:
        _paragraph(doc, notice, size=12, indent=False)
    _paragraph(doc, f"{dept.name}：", indent=False)
    on = day_words(result.on)
    _paragraph(doc, f"截至{on}，你单位牵头的以下{len(dept.items)}项工作需抓紧办理：")
    rows = []
    for item in dept.items:
        last = item.last.words(result.on.year) if item.last is not None else "-"
        for k, r in enumerate(item.reasons):
            rows.append([item.label if k == 0 else "", r.situation,
                         r.date.isoformat() if r.date else "-", r.due, last if k == 0 else ""])
    _table(doc, HEADERS, rows, text_cols=frozenset({0, 3, 4}))
    _paragraph(doc, "", indent=False)  # a line between the table and the text
    _paragraph(doc, "具体情况：", font=HEADING_FONT, size=16, indent=False)
    for item in dept.items:
        _paragraph(doc, f"{item.clause}。")
    _paragraph(doc, f"请于{day_words(result.reply_by)}前报送办理进展和下一步措施；"
                    "逾期事项请说明原因、明确完成时间。")
    signed = _paragraph(doc, day_words(result.on), indent=False)
    signed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(str(path))
