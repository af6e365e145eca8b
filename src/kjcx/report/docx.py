"""The report as a Word 通报 draft: title, 正文 paragraphs in 仿宋_GB2312, tables.

Charts are left out: a draft is edited, and Word redraws nothing from SVG; the
HTML report carries them.
"""

from __future__ import annotations

import functools
from pathlib import Path

from kjcx import columns
from kjcx.cleantext import xml_text
from kjcx.report.content import ReportContent
from kjcx.words import day_words

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


TABLE_SIZE = 9.0  # 小五: ten columns fit the 156 mm of a 公文 page
TEXT_WIDTH_MM = 156.0  # A4 210 mm less the margins 28 + 26 mm
CELL_PAD_MM = 1.6  # left + right cell margin (0.8 mm each)
NAME_MIN_CHARS = 6  # a name column never narrower than six characters


@functools.lru_cache(maxsize=8192)  # cells repeat (年末, 亿元, 达标): each measured once
def _units(text: str) -> float:
    """Width of text in em, generously: CJK and full-width characters 1, others
    0.62 (digits of DejaVu Sans, which LibreOffice puts in place of 宋体, are
    about that wide), 0.2 em where CJK meets a digit or a letter (Word and
    LibreOffice space them apart), 0.3 em of slack for rounding."""
    import unicodedata

    wide = [unicodedata.east_asian_width(ch) in "WF" for ch in text]
    width = sum(1.0 if w else 0.62 for w in wide)
    width += 0.2 * sum(a != b for a, b in zip(wide, wide[1:]))
    return width + 0.3 if text else 0.0


def column_widths(headers: list[str], rows: list[list], total_mm: float = TEXT_WIDTH_MM,
                  size: float = TABLE_SIZE, text_cols: frozenset[int] = frozenset({0}),
                  name_col: int = 0) -> list[float]:
    """Column widths in mm from the content. Every column but the free-text ones
    (names, titles, notes) is as wide as its longest line, so a figure, a date or
    a status word never wraps; the text columns share what is left in proportion
    to their longest line, the name column at least six characters. A table
    whose fixed columns alone overflow the page is scaled down to fit."""
    em = size * 25.4 / 72  # one em in mm
    full = []
    for i, head in enumerate(headers):
        lines = [ln for r in rows for ln in str(r[i]).split("\n")] + head.split("\n")
        full.append(max(_units(ln) for ln in lines) * em + CELL_PAD_MM)
    least = NAME_MIN_CHARS * em + CELL_PAD_MM
    widths = list(full)
    texts = [i for i in range(len(headers)) if i in text_cols]
    room = total_mm - sum(w for i, w in enumerate(full) if i not in text_cols)
    want = sum(full[i] for i in texts)
    for i in texts:
        floor = least if i == name_col else min(full[i], least)
        widths[i] = max(floor, room * full[i] / want if want else floor)
    if sum(widths) > total_mm:  # fixed columns too wide: scale them, keep the name's floor
        fixed = [i for i in range(len(widths)) if i != name_col]
        scale = (total_mm - widths[name_col]) / sum(widths[i] for i in fixed)
        widths = [w if i == name_col else w * scale for i, w in enumerate(widths)]
    elif sum(widths) < total_mm:  # room to spare: the text columns, or all, widen
        grow = texts or list(range(len(widths)))
        spare = (total_mm - sum(widths)) / len(grow)
        widths = [w + spare if i in grow else w for i, w in enumerate(widths)]
    return widths


def _set_width(cell, mm: float) -> None:
    from docx.shared import Mm

    cell.width = Mm(mm)


def _repeat_header(row) -> None:
    """Mark the row as a header row: Word and LibreOffice repeat it on every page
    the table runs onto; rows are kept whole (cantSplit)."""
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))


def _fixed_layout(table, widths: list[float]) -> None:
    """A fixed layout with the computed grid, so Word does not re-balance it."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.makeelement(qn("w:tblLayout"), {qn("w:type"): "fixed"})
    margins = tbl_pr.makeelement(qn("w:tblCellMar"), {})
    for side in ("left", "right"):
        margins.append(margins.makeelement(qn(f"w:{side}"), {qn("w:w"): str(int(Mm(CELL_PAD_MM / 2).twips)),
                                                              qn("w:type"): "dxa"}))
    look = tbl_pr.find(qn("w:tblLook"))  # the schema's order: tblLayout, tblCellMar, tblLook
    for element in (layout, margins):
        if look is not None:
            look.addprevious(element)
        else:
            tbl_pr.append(element)
    for col, mm in zip(table.columns, widths):
        col.width = Mm(mm)


def _table(doc, headers: list[str], rows: list[list], *, numeric: frozenset[int] = frozenset(),
           text_cols: frozenset[int] = frozenset({0}), name_col: int = 0) -> None:
    """A table whose columns fit their content, numbers right-aligned, the header
    row repeated on each page. A cell's "\n" starts a new line in it.

    The header row goes through python-docx; the body rows are one XML fragment
    (python-docx's per-cell API costs about 0.4 ms a cell: 46 s for 10,000
    indicators, where the fragment is linear and takes well under a second)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Mm

    widths = column_widths(headers, rows, text_cols=text_cols, name_col=name_col)
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    _fixed_layout(table, widths)
    _repeat_header(table.rows[0])
    for i, (cell, text) in enumerate(zip(table.rows[0].cells, headers)):
        cell.text = ""
        _set_width(cell, widths[i])
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = cell.paragraphs[0].add_run()
        for k, piece in enumerate(text.split("\n")):  # a header's "\n" starts a new line
            if k:
                run.add_break()
            run.add_text(xml_text(piece))
        _font(run, TABLE_FONT, TABLE_SIZE, bold=True)
    size = round(TABLE_SIZE * 2)  # w:sz is in half points
    rpr = (f'<w:rPr><w:rFonts w:ascii="{TABLE_FONT}" w:hAnsi="{TABLE_FONT}" w:eastAsia="{TABLE_FONT}"/>'
           f'<w:b w:val="0"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>')
    tc_pr = [f'<w:tcPr><w:tcW w:w="{int(Mm(mm).twips)}" w:type="dxa"/></w:tcPr>' for mm in widths]
    p_pr = ['<w:pPr><w:jc w:val="right"/></w:pPr>' if i in numeric else "" for i in range(len(headers))]
    for start in range(0, len(rows), 500):  # in slices: one huge fragment doubles the peak memory
        body = "".join(
            '<w:tr><w:trPr><w:cantSplit w:val="true"/></w:trPr>' + "".join(
                f"<w:tc>{tc_pr[i]}<w:p>{p_pr[i]}<w:r>{rpr}{_runs(value)}</w:r></w:p></w:tc>"
                for i, value in enumerate(row)) + "</w:tr>"
            for row in rows[start:start + 500])
        table._tbl.extend(list(parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>")))


def _runs(value) -> str:
    """A cell's text as w:t pieces, safe for XML, with a w:br for each "\n"."""
    return _runs_of(str(value))


@functools.lru_cache(maxsize=8192)  # the same cell text made safe once
def _runs_of(text: str) -> str:
    from xml.sax.saxutils import escape

    return "<w:br/>".join(f'<w:t xml:space="preserve">{escape(xml_text(line))}</w:t>'
                          for line in text.split("\n"))


def _page_numbers(section) -> None:
    """— 1 — centred in the footer: a PAGE field, so Word numbers every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), BODY_FONT, 14)
    run = p.add_run()
    _font(run, BODY_FONT, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            run._r.append(run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))
        elif text == " PAGE ":
            instr = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            instr.text = text
            run._r.append(instr)
        else:
            t = run._r.makeelement(qn("w:t"), {})
            t.text = text
            run._r.append(t)
    _font(p.add_run(" —"), BODY_FONT, 14)


def render(c: ReportContent, path: Path) -> None:
    import docx
    from docx.shared import Mm

    doc = docx.Document()
    for section in doc.sections:  # A4 with the margins of a 公文 (GB/T 9704)
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        _page_numbers(section)
    if c.number:  # the 通报's own 文号 above the title (the plan's is in the title)
        _paragraph(doc, c.number, size=16, center=True)
    _paragraph(doc, c.title, font=TITLE_FONT, size=22, center=True)
    _paragraph(doc, c.subtitle, size=14, center=True)
    if c.sample_notice:
        _paragraph(doc, c.sample_notice, size=12, indent=False)
    numbers = iter("一二三四五六七八九十")

    def heading(text: str) -> None:
        p = _paragraph(doc, f"{next(numbers)}、{text}", font=HEADING_FONT, size=16)
        p.paragraph_format.keep_with_next = True  # never alone at the foot of a page

    heading("总体情况")
    _paragraph(doc, c.brief)
    heading("指标完成情况")
    cols = columns.report_indicator_columns(year_end=c.year_end, points=True)
    _table(doc, _headers(cols), [[_cell_lines(r.cells[col.key]) for col in cols] for r in c.indicators],
           numeric=frozenset(i for i, col in enumerate(cols) if col.document_align() == "r"))
    heading("期末展望")
    for line in c.outlook:
        _paragraph(doc, line)
    if c.parts:
        heading("分解情况")
        for p in c.parts:
            _paragraph(doc, p.title, font=HEADING_FONT, size=14, indent=False)
            _table(doc, p.headers, p.rows, numeric=frozenset(p.right))
            _paragraph(doc, p.line)
    if c.scores:
        heading("考核结果")
        for p in c.scores:
            _paragraph(doc, p.title, font=HEADING_FONT, size=14, indent=False)
            _paragraph(doc, p.note, size=12, indent=False)
            _table(doc, p.headers, p.rows, numeric=frozenset(p.right))
            _paragraph(doc, p.line)
    if c.sections:
        heading("重点任务推进情况")
        _table(doc, _headers(columns.SECTION),
               [[s.title, s.tasks, s.done, s.in_progress, s.not_started, s.behind, s.no_report,
                 s.lagging] for s in c.sections], numeric=frozenset(range(1, 7)),
               text_cols=frozenset({0, 7}))
    heading("责任单位情况")
    _table(doc, _headers(columns.pick(columns.DEPARTMENT, columns.REPORT_DEPARTMENT_KEYS)),
           [[d.name, d.label, d.lead_items, len(d.lagging_lead), len(d.missing),
             len(d.lagging_participating)] for d in c.departments], numeric=frozenset(range(2, 6)))
    for d in c.departments:
        if d.level == "red":
            _paragraph(doc, f"{d.name}：{d.why()}")
    if c.lagging_tasks:
        heading("滞后任务")
        _table(doc, _headers(columns.pick(columns.TASK, columns.LAGGING_TASK_KEYS)),
               [[t.id, t.title, t.lead, t.status, t.percent, t.as_of, t.note or "-"]
                for t in c.lagging_tasks], numeric=frozenset({0, 4}), text_cols=frozenset({1, 2, 6}),
               name_col=1)
    if c.changes is not None:
        since = day_words(c.changes.start, c.year)
        heading(f"{since}以来的变化")
        for line in c.changes_lines or [f"{since}以来没有变化。"]:
            _paragraph(doc, line)
    if c.issuer:  # the 落款, right-aligned under the text
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        _paragraph(doc, c.issuer, indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(str(path))


def _headers(cols) -> list[str]:
    """A printed table's headers from the registry: the narrow ones, broken where `|` says."""
    return [c.document_header().replace("|", "\n") for c in cols]


def _cell_lines(cell) -> str:
    """A cell's text for a narrow column: a phrase of words (未完成 / 年度目标) or a long
    phrase before a figure (高于目标 / 0.03吨标煤/万元) one piece a line, where the cell may
    break (views/cells), so the column is as wide as its widest piece, not the whole phrase;
    a short figure stays on one line (超额 1.5亿元); a long unit breaks after its slash."""
    text = cell.text
    if len(cell.pieces) > 1 and (len(text) > 8 or not any(ch.isdigit() for ch in text)):
        return "\n".join(piece.strip() for piece, _ in cell.pieces)
    return text
