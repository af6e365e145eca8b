"""A plan document as numbered lines and tables, in document order.

`.txt` and `.md`: one line per physical line (tab-separated or `|` rows make a table);
`.docx`: one line per paragraph and real Word tables, via python-docx (imported here only).
Text is normalised for reading: spaces beside Chinese characters go, and the ASCII copies
of full-width punctuation (`,` `(` `)` `:` `;`) become full-width except between digits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kjcx.errors import KjcxError

SUFFIXES = (".docx", ".txt", ".md")



class NotText(KjcxError, ValueError):
    """A .txt or .md file that is not text (a binary file renamed, a damaged copy)."""


@dataclass(frozen=True)
class Line:
    number: int
    text: str       # normalised
    raw: str        # as written, markup and outer spaces removed
    where: str      # 第12行 / 第12段


@dataclass
class Table:
    index: int                      # 1-based among the document's tables
    number: int                     # line (or paragraph) where it starts
    rows: list[list[str]] = field(default_factory=list)
    wheres: list[str] = field(default_factory=list)   # each row: 第N行 or 表K 第R行

    def cell_where(self, row: int, column: int) -> str:
        return f"{self.wheres[row]} 第{column + 1}列"


Block = Line | Table

_CJK = r"[^\x00-\x7f]"
_SPACE_BESIDE_CJK = re.compile(rf"(?<={_CJK})[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?={_CJK})")
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|>\s*)?|\*\*|__")
_PUNCT = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}
_WIDE = str.maketrans("０１２３４５６７８９％．", "0123456789%.")
_ASCII_PUNCT = re.compile(r"(?<!\d)[,:;]|[,:;](?!\d)|[()]")
_BRACKET_LABEL = re.compile(r"[【\[［]((?:牵头|责任|参与|配合|协办)(?:单位|部门)|责任领导|完成时限)[】\]］]：?")


def normalise(text: str) -> str:
    """The text as the reader sees it (see the module's note)."""
    text = _SPACE_BESIDE_CJK.sub("", text.replace("\u3000", " ").translate(_WIDE).strip())
    text = _ASCII_PUNCT.sub(lambda m: _PUNCT[m.group()], text)
    return _BRACKET_LABEL.sub(r"\1：", text)   # 【牵头单位】A → 牵头单位：A


def unmarked(text: str) -> str:
    """A line without Markdown heading, quote and bold marks, outer spaces removed."""
    return _MARKUP.sub("", text).strip()


def read(path: str | Path) -> tuple[list[Block], str]:
    """(blocks, unit word of a position: 行 or 段). Raises ValueError for another suffix,
    OSError for a file that cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx(path), "段"
    if suffix in (".txt", ".md"):
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig") if _is_utf8(raw) else raw.decode("gb18030", errors="replace")
        odd = sum(1 for c in text if c == "\ufffd" or (c < " " and c not in "\t\r\n\f"))
        if odd > max(3, len(text) // 100):
            raise NotText(str(path))
        return text_blocks(text), "行"
    raise ValueError(suffix)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def text_blocks(text: str) -> list[Block]:
    """Lines and tables of a plain text or Markdown document."""
    blocks: list[Block] = []
    table: Table | None = None
    count = 0
    for number, physical in enumerate(text.splitlines(), 1):
        cells = _row_cells(physical)
        if cells is None:   # a copy whose tabs became spaces: a header with years, then its rows
            cells = _spaced_cells(physical, table)
        if cells is not None:
            if not cells:   # a Markdown rule |---|---|
                continue
            if table is None:
                count += 1
                table = Table(count, number)
                blocks.append(table)
            table.rows.append([normalise(unmarked(c)) for c in cells])
            table.wheres.append(f"第{number}行")
            continue
        table = None
        raw = unmarked(physical)
        if raw:
            blocks.append(Line(number, normalise(raw), raw, f"第{number}行"))
    return blocks


def _row_cells(line: str) -> list[str] | None:
    """The cells of a table row (tabs, or `| a | b |`), [] for a Markdown rule, else None."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        cells = [c.strip() for c in stripped[1:-1].split("|")]
        return [] if all(re.fullmatch(r":?-{2,}:?", c) for c in cells) else cells
    if line.count("\t") >= 2:
        return [c.strip() for c in line.strip("\r\n").split("\t")]
    return None


_SPACED_HEADER = re.compile(r"^(?:序号|编号)\s")
_YEAR_CELL = re.compile(r"^\d{4}年")


def _spaced_cells(line: str, table: Table | None) -> list[str] | None:
    """The cells of a row separated by spaces: a header (序号 … 2020年 2021年 …) starts a
    table; a line with as many cells continues it."""
    cells = line.split()
    if len(cells) < 3:
        return None
    if table is None:
        return cells if _SPACED_HEADER.match(line.strip()) and any(_YEAR_CELL.match(c) for c in cells) else None
    return cells if len(cells) == len(table.rows[0]) and cells[0].isdigit() else None


def _docx(path: Path) -> list[Block]:
    import docx  # python-docx: only for a Word document
    from docx.oxml.ns import qn
    from docx.table import Table as WordTable
    from docx.text.paragraph import Paragraph

    from kjcx.draft.numbering import Numbering

    document = docx.Document(str(path))
    numbers = Numbering(document)
    blocks: list[Block] = []
    paragraph_no = tables = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph_no += 1
            paragraph = Paragraph(child, document)
            raw = unmarked(numbers.prefix(paragraph) + paragraph.text.replace("\n", ""))   # soft breaks go
            if raw:
                blocks.append(Line(paragraph_no, normalise(raw), raw, f"第{paragraph_no}段"))
        elif child.tag == qn("w:tbl"):
            tables += 1
            table = Table(tables, paragraph_no)
            for r, row in enumerate(WordTable(child, document).rows, 1):
                # a merged cell comes once per grid column: the columns stay aligned
                table.rows.append(["\n".join(normalise(p.text) for p in cell.paragraphs).strip()
                                   for cell in row.cells])
                table.wheres.append(f"表{tables} 第{r}行")
            blocks.append(table)
    return blocks
