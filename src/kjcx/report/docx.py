"""The report as a Word 通报 draft: title, 正文 paragraphs in 仿宋_GB2312, tables.

Charts are left out: a draft is edited, and Word redraws nothing from SVG; the
HTML report carries them.
"""

from __future__ import annotations

from pathlib import Path

from kjcx.report.content import ReportContent
from kjcx.textsafe import xml_text

BODY_FONT = "仿宋_GB2312"  # the 公文 body font that Word on a Chinese Windows has
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
TABLE_FONT = "宋体"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, *, font: str = BODY_FONT, size: float = 16, bold: bool = False,
               center: bool = False, indent: bool = True):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28) if size >= 14 else None
    _font(p.add_run(xml_text(text)), font, size, bold)
    return p


def _table(doc, headers: list[str], rows: list[list]) -> None:
    """A table: header row through python-docx, body rows as one XML fragment
    (python-docx's per-cell API costs about 0.4 ms a cell: 46 s for 10,000
    indicators; the fragment is linear and takes well under a second)."""
    from xml.sax.saxutils import escape

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(xml_text(text)), TABLE_FONT, 10.5, bold=True)
    widths = []
    for tc in table._tbl.tr_lst[0].tc_lst:
        width = tc.find(qn("w:tcPr") + "/" + qn("w:tcW"))
        widths.append(f'<w:tcPr><w:tcW w:w="{width.get(qn("w:w"))}" w:type="dxa"/></w:tcPr>'
                      if width is not None else "")
    rpr = (f'<w:rPr><w:rFonts w:ascii="{TABLE_FONT}" w:hAnsi="{TABLE_FONT}" w:eastAsia="{TABLE_FONT}"/>'
           '<w:b w:val="0"/><w:sz w:val="21"/></w:rPr>')
    for start in range(0, len(rows), 500):  # in slices: one huge fragment doubles the peak memory
        body = "".join(
            "<w:tr>" + "".join(
                f'<w:tc>{width}<w:p><w:r>{rpr}<w:t xml:space="preserve">{escape(xml_text(value))}</w:t>'
                "</w:r></w:p></w:tc>" for width, value in zip(widths, row)) + "</w:tr>"
            for row in rows[start:start + 500])
        fragment = parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>")
        table._tbl.extend(list(fragment))


def render(c: ReportContent, path: Path) -> None:
    import docx
    from docx.shared import Mm

    doc = docx.Document()
    for section in doc.sections:  # A4 with the margins of a 公文 (GB/T 9704)
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    _paragraph(doc, c.title, font=TITLE_FONT, size=22, center=True)
    _paragraph(doc, c.subtitle, size=14, center=True)
    if c.sample_notice:
        _paragraph(doc, c.sample_notice, size=12, indent=False)
    numbers = iter("一二三四五六七八九十")

    def heading(text: str) -> None:
        _paragraph(doc, f"{next(numbers)}、{text}", font=HEADING_FONT, size=16)

    heading("总体情况")
    _paragraph(doc, c.brief)
    heading("指标完成情况")
    _table(doc, ["指标", "单位", "年度目标", "实际", "截至", "完成率", "序时进度", "超/低于序时", "差距", "状态"],
           [[r.name, r.unit, r.target, r.actual, r.as_of, r.completion, r.schedule, r.ahead, r.gap,
             f"{r.mark}{r.label}"] for r in c.indicators])
    if c.sections:
        heading("重点任务推进情况")
        _table(doc, ["章节", "任务数", "已完成", "推进中", "未启动", "自报滞后", "未报送", "滞后任务"],
               [[s.title, s.tasks, s.done, s.in_progress, s.not_started, s.behind, s.no_report,
                 s.lagging] for s in c.sections])
    heading("责任单位情况")
    _table(doc, ["单位", "结论", "牵头事项", "牵头滞后", "未报送", "参与滞后"],
           [[d.name, d.label, d.lead_items, len(d.lagging_lead), len(d.missing),
             len(d.lagging_participating)] for d in c.departments])
    for d in c.departments:
        if d.level == "red":
            _paragraph(doc, f"{d.name}：{d.why()}")
    if c.lagging_tasks:
        heading("滞后任务")
        _table(doc, ["编号", "任务", "牵头单位", "状态", "进度", "截至", "进展情况"],
               [[t.id, t.title, t.lead, t.status, t.percent, t.as_of, t.note or "-"]
                for t in c.lagging_tasks])
    if c.changes is not None:
        heading(f"{c.changes.start.isoformat()}以来的变化")
        for line in c.changes_lines or [f"{c.changes.start.isoformat()}以来没有变化。"]:
            _paragraph(doc, line)
    doc.save(str(path))
