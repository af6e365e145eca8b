"""Fitting tables for people into the terminal (shared by `table` and `plain`).

How a table is made to fit a width W (docs/tables.md says the same for users):

1. Every cell is cut into unbreakable tokens. A name or title may break between
   Chinese characters, but never before closing punctuation (，。、；：）” ...),
   never after opening punctuation (（“ ...) and never between a number and the
   character after it (`9 个`, `2022年`); an ASCII word or number is one token.
   Numbers and labels are single tokens: they are never broken or cut.
2. A column's natural width is its widest cell on one line; its floor is its
   widest token (or header), and for a name column at least a comfortable
   width, so that names do not shrink to two characters a line.
3. When the table does not fit at its natural widths, the droppable columns
   that say nothing row by row go first: every cell `-`, or one value in every
   row that the title can say instead (截至 06-30 -> 指标完成情况（截至 06-30）).
   Then, while the floors and the column gaps do not fit in W, the table drops
   its next column in its own documented order (`Table.drop`, first dropped
   first); a dropped column may be folded into another (单位 into 指标 as
   名称（单位）). `--wide` keeps every column.
4. If the table still does not fit, names shrink to their widest token; if
   even that does not fit (W below some 40 columns), the rows are printed
   stacked, one `列名：值` line each, and nothing is lost.
5. The width left over goes, a step at a time, to the wrapping column whose
   widening saves the most lines (a row is as tall as its tallest cell).

Nothing is ever cut or shortened with "…". Widths are measured as wcwidth does
(East-Asian wide and full-width = 2, ambiguous = 1, combining = 0), with
unicodedata rather than wcwidth itself: importing wcwidth costs more than the
rest of a `plain` run (the start-up budget, bench/run.py); text whose width
depends on neighbouring characters (emoji sequences, spacing marks) is still
left to wcwidth. The tests check every width with wcwidth.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NamedTuple

PIPED_WIDTH = 160  # no terminal and no COLUMNS: the width to assume
GAP = 2  # spaces between columns
TOKEN_CAP = 24  # a token wider than this (a URL, a very long name) may break anywhere

# Kinds of piece: "t" text (breaks between characters by the rules above),
# "w" word (kept whole unless wider than the column, e.g. a department name),
# "a" atom (a number or a label: never broken).
Piece = tuple[str, str]

CLOSING = frozenset("，。、；：？！）》」』】〕〉”’…‥・·,.;:?!)]}%％‰")
OPENING = frozenset("（《「『【〔〈“‘([{")


# --- text ---------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Text from the data without control characters (shown as visible escapes such
    as \\x1b), so it cannot move the cursor or recolour the terminal, and never
    starting a line with `::` (a CI workflow command)."""
    from kjcx.cleantext import line

    return line(text)


_WIDTH_CACHE: dict[str, int] = {}
# Where wcwidth's (newer) Unicode tables differ from unicodedata's: symbols drawn
# two columns wide, and format characters that take a column.
_WIDE_EXTRA = ((0x2630, 0x2637), (0x268A, 0x268F), (0x4DC0, 0x4DFF), (0x1D300, 0x1D356),
               (0x1D360, 0x1D376), (0x1F1E6, 0x1F1FF))
_CJK_PLANES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFD))
_VISIBLE_FORMAT = frozenset("\u00ad\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f"
                            "\u0890\u0891\u08e2\U000110bd\U000110cd")


def _within(cp: int, ranges) -> bool:
    return any(low <= cp <= high for low, high in ranges)


def char_width(ch: str) -> int:
    """Columns of one character, as wcwidth.wcwidth counts them (control
    characters, which clean() replaces, count 0)."""
    width = _WIDTH_CACHE.get(ch)
    if width is None:
        from unicodedata import category, east_asian_width

        cp, cat = ord(ch), category(ch)
        if cat == "Mc" or cp > 0xFFFF or ch in "\u200d\ufe0e\ufe0f":
            _CONTEXTUAL.add(ch)
        if cat in ("Mn", "Me", "Mc", "Zl", "Zp", "Cc") or ch == "\u200b" \
                or 0x1160 <= cp <= 0x11FF or 0xD7B0 <= cp <= 0xD7FF or ch in "\u3164\uffa0":
            width = 0
        elif cat == "Cf":
            width = 1 if ch in _VISIBLE_FORMAT else 0
        elif cat == "Cn":
            width = 2 if _within(cp, _CJK_PLANES) else 1
        elif east_asian_width(ch) in ("W", "F") or _within(cp, _WIDE_EXTRA):
            width = 2
        else:
            width = 1
        _WIDTH_CACHE[ch] = width
    return width


_CONTEXTUAL: set[str] = set()  # characters whose width depends on their neighbours


def display_width(text: str) -> int:
    """Terminal columns of `text`, as wcwidth.wcswidth counts them. Text with
    characters whose width depends on their neighbours (spacing marks, emoji
    joiners, modifiers and variation selectors) is left to wcwidth itself."""
    if text.isascii():
        return len(text)
    width = sum(char_width(ch) for ch in text)
    if _CONTEXTUAL and not _CONTEXTUAL.isdisjoint(text):
        from wcwidth import wcswidth

        exact = wcswidth(text)
        if exact >= 0:
            return exact
    return width


def _is_cjk_letter(ch: str) -> bool:
    return char_width(ch) == 2 and ch not in CLOSING and ch not in OPENING


# --- tokens and line breaking ------------------------------------------------------

class Token(NamedTuple):
    text: str
    sep: str  # the blank before it when it continues a line
    soft: bool  # a word that may be broken by the text rules if it cannot fit


_UNIT = re.compile(r"( *)([!-~]+|[^ ])")


def tokens(pieces: Sequence[Piece]) -> list[Token]:
    """The unbreakable tokens of a cell, with the rules of the module docstring."""
    units: list[tuple[str, str, str]] = []  # (text, sep, kind)
    pending = ""
    for text, kind in pieces:
        if kind == "t":
            end = 0
            for m in _UNIT.finditer(text):
                sep, unit = m.group(1), m.group(2)
                if char_width(unit[0]) == 0 and units and not sep and not pending:
                    prev = units[-1]  # a combining mark stays on its base
                    units[-1] = (prev[0] + unit, prev[1], prev[2])
                else:
                    units.append((unit, pending + sep, "t"))
                    pending = ""
                end = m.end()
            pending += text[end:]
        else:
            body = text.strip(" ")
            lead = text[:len(text) - len(text.lstrip(" "))]
            if body:
                units.append((body, pending + lead, kind))
                pending = text[len(lead) + len(body):]
            else:
                pending += text
    out: list[Token] = []
    for text, sep, kind in units:
        if out and _glued(out[-1].text, sep, text):
            last = out[-1]
            out[-1] = Token(last.text + sep + text, last.sep, last.soft and kind == "w")
        else:
            out.append(Token(text, sep, kind == "w"))
    return out


def _glued(before: str, sep: str, after: str) -> bool:
    if after[0] in CLOSING or before[-1] in OPENING:
        return True
    # a number and its unit: 9 个, 2022年, 30%
    return before[-1].isdigit() and before[-1].isascii() and sep in ("", " ") \
        and _is_cjk_letter(after[0])


def token_floor(tok: Token) -> int:
    """The narrowest line this token needs."""
    width = display_width(tok.text)
    if width > TOKEN_CAP and (tok.soft or " " in tok.text or not tok.text.isascii()):
        return TOKEN_CAP
    return width


def wrap(pieces: Sequence[Piece], width: int) -> list[str]:
    """Lines of at most `width` columns (a token wider than that is broken only
    as a last resort, at a character)."""
    lines: list[str] = []
    line, used = "", 0
    stack = list(reversed(tokens(pieces)))
    while stack:
        tok = stack.pop()
        w = display_width(tok.text)
        if line and used + display_width(tok.sep) + w <= width:
            line += tok.sep + tok.text
            used += display_width(tok.sep) + w
            continue
        if w > width and tok.soft:  # a word that cannot fit: break it like text
            parts = tokens([(tok.text, "t")])
            parts[0] = parts[0]._replace(sep=tok.sep)
            stack.extend(reversed(parts))
            continue
        if line:
            lines.append(line)
        if w > width:
            chunks = _chop(tok.text, max(width, 1))
            lines.extend(chunks[:-1])
            line = chunks[-1]
        else:
            line = tok.text
        used = display_width(line)
    lines.append(line)
    return lines


def _chop(text: str, width: int) -> list[str]:
    """The last resort for a token wider than the line: break it between
    characters (still never before closing or after opening punctuation)."""
    units: list[str] = []
    for ch in text:
        if units and (ch in CLOSING or ch == " " or units[-1].rstrip(" ")[-1] in OPENING):
            units[-1] += ch
        else:
            units.append(ch)
    chunks, line = [], ""
    for unit in units:
        if line and display_width(line.rstrip(" ") + unit.rstrip(" ")) > width:
            chunks.append(line.rstrip(" "))
            line = ""
        line += unit
    chunks.append(line.rstrip(" "))
    return chunks


_CLAUSE = re.compile(r"[（(]*[^，。；：、！？,;（(]*(?:[，。；：、！？,;）)]+|(?=[（(])|$)")


def clauses(text: str) -> list[Piece]:
    """A sentence as soft words that end at its punctuation (after ，。；：、, before （):
    a paragraph breaks there when it can, and inside a clause only when the
    clause is wider than the line."""
    return [(part, "w") for part in _CLAUSE.findall(text) if part]


_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")


def kept_clauses(text: str, room: int) -> list[Piece]:
    """clauses(), with each bracket kept whole on one line when it fits:
    滞后 3 个（区科技局、区人社局、区市场监管局） breaks before the bracket, not inside
    it; a bracket wider than the line breaks between its items (after 、), never
    inside a name."""
    pieces: list[Piece] = []
    end = 0
    for m in _BRACKETED.finditer(text):
        pieces += clauses(text[end:m.start()])
        group = m.group(0)
        pieces += [(group, "w")] if display_width(group) <= room else clauses(group)
        end = m.end()
    return pieces + clauses(text[end:])


def wrap_text(text: str, width: int, indent: str = "", hang: str = "") -> list[str]:
    """A paragraph (heading, note, summary line) wrapped at `width` at its
    punctuation: the first line starts with `indent`, the following ones with `hang`."""
    room = max(width - max(display_width(indent), display_width(hang)), 8)
    lines = wrap(kept_clauses(text, room), room)
    return [(indent if i == 0 else hang) + line for i, line in enumerate(lines)]


def terminal_width(stream=None) -> int:
    """COLUMNS when set, else the terminal's width, else (piped) PIPED_WIDTH."""
    env = os.environ.get("COLUMNS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    stream = stream if stream is not None else sys.stdout
    try:
        if stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns or PIPED_WIDTH
    except (AttributeError, OSError, ValueError):
        pass
    return PIPED_WIDTH


# --- tables ----------------------------------------------------------------------

class Cell(NamedTuple):
    """A table cell: its text in pieces (where it may break), its rich style, and for a
    cell that is a number, the typed value and its Excel number format (`fmt`; "" for a
    cell whose text is written as it is)."""

    pieces: tuple[Piece, ...]
    style: str = ""
    value: Any = None
    fmt: str = ""

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.pieces)


class Spec(NamedTuple):
    """How one table may be narrowed (a tables.Table carries it)."""

    headers: list[str]
    align: str  # l / r / c per column
    comfort: list[int]  # narrowest width worth showing before columns are dropped
    drop: Sequence[str]  # headers, first dropped first
    fold: dict[str, str]  # dropped header -> header it joins
    # dropped header -> (its one value -> what the title says of it, "" for nothing);
    # such a column, when every row has the same value, is dropped before the others
    title_fold: dict


class Grid(NamedTuple):
    """A table laid out: the columns kept, their widths and each cell's lines."""

    title_suffix: str
    headers: list[str]
    align: str
    widths: list[int]
    rows: list[list[list[str]]]
    styles: list[list[str]]


_MEASURED: dict[Cell, tuple[int, int]] = {}


def _measure_cell(cell: Cell) -> tuple[int, int]:
    """(natural width, widest token) of one cell; cells repeat, so remembered."""
    known = _MEASURED.get(cell)
    if known is None:
        hard = max((token_floor(tok) for tok in tokens(cell.pieces)), default=0)
        known = (display_width(cell.text), hard)
        if len(_MEASURED) < 100_000:
            _MEASURED[cell] = known
    return known


def _measure(header: str, cells: list[Cell]) -> tuple[int, int]:
    """(natural width, widest token) of a column."""
    natural = hard = display_width(header)
    for cell in cells:
        nat, tok = _measure_cell(cell)
        natural = max(natural, nat)
        hard = max(hard, tok)
    return natural, hard


def _empty(cells: list[Cell]) -> bool:
    return all(cell.text in ("", "-") for cell in cells)


def _uniform(cells: list[Cell], header: str = "") -> bool:
    """Every row that has a value has the same one: the title can say it once. A
    schedule inside the year needs two such rows: one level indicator's 序时进度
    101.0% in the title would read as the share of the year gone (at year end, 100%,
    the title says nothing of it)."""
    filled = [cell.text for cell in cells if cell.text not in ("", "-")]
    if len(set(filled)) != 1:
        return False
    return len(filled) >= 2 or filled[0] == "100.0%" or header not in _shared_only()


def _shared_only() -> frozenset[str]:
    from kjcx import columns  # only when a column has a single value: not at start-up

    return frozenset(c.header for c in columns.INDICATOR if c.key == "schedule")


def arrange(spec: Spec, rows: list[list[Cell]], width: int, wide: bool = False) -> Grid | None:
    """Lay the table out at `width` columns; None when it cannot fit even with
    every droppable column gone (the caller then stacks the rows)."""
    n = len(spec.headers)
    columns = [[row[i] for row in rows] for i in range(n)]
    order = [h for h in spec.drop if h in spec.headers]
    early = [h for h in order if _empty(columns[spec.headers.index(h)])
             or (h in spec.title_fold and _uniform(columns[spec.headers.index(h)], h))]
    order = early + [h for h in order if h not in early]
    dropped: list[str] = []
    if not wide:  # columns that say nothing row by row go as soon as anything must wrap
        natural = sum(_measure(h, c)[0] for h, c in zip(spec.headers, columns))
        if natural + GAP * (n - 1) > width:
            dropped = list(early)
    while True:
        headers, cols, comfort, kept, suffix = _view(spec, columns, dropped)
        measured = [_measure(h, c) for h, c in zip(headers, cols)]
        floors = [max(hard, min(nat, cf)) for (nat, hard), cf in zip(measured, comfort)]
        gaps = GAP * (len(headers) - 1)
        if wide or sum(floors) + gaps <= width:
            break
        rest = [h for h in order if h not in dropped]
        if not rest:
            break
        dropped.append(rest[0])
    naturals = [nat for nat, _ in measured]
    if sum(floors) + gaps > width:
        if wide:
            floors = naturals
        else:
            floors = [hard for _, hard in measured]
            if sum(floors) + gaps > width:
                return None
    widths = _share(floors, naturals, width - gaps, cols)
    keep = [spec.headers.index(h) for h in kept]
    align = "".join((spec.align or "l" * n)[i] for i in keep)
    laid = [[wrap(col[r].pieces, w) if nat > w else [col[r].text]
             for col, w, nat in zip(cols, widths, naturals)] for r in range(len(rows))]
    final = [max([display_width(headers[c])] + [display_width(line) for row in laid
                                                  for line in row[c]])
             for c in range(len(cols))]
    styles = [[col[r].style for col in cols] for r in range(len(rows))]
    return Grid(suffix, headers, align, final, laid, styles)


def _view(spec: Spec, columns: list[list[Cell]], dropped: list[str]):
    """(headers, columns, comfort, kept keys, title suffix) with `dropped` removed
    and folded where they fold."""
    headers = list(spec.headers)
    cols = [list(c) for c in columns]
    said: list[str] = []
    for name in dropped:
        i = spec.headers.index(name)
        target = spec.fold.get(name)
        if target is not None:
            j = spec.headers.index(target)
            headers[j] = f"{headers[j]}（{name}）"
            cols[j] = [_joined(a, b) for a, b in zip(cols[j], cols[i])]
        elif name in spec.title_fold and _uniform(cols[i], name):
            said.append(spec.title_fold[name](next(c.text for c in cols[i] if c.text not in ("", "-"))))
    said = [s for s in said if s]
    suffix = f"（{'，'.join(said)}）" if said else ""
    keep = [i for i, h in enumerate(spec.headers) if h not in dropped]
    return ([headers[i] for i in keep], [cols[i] for i in keep],
            [spec.comfort[i] for i in keep], [spec.headers[i] for i in keep], suffix)


def _joined(into: Cell, extra: Cell) -> Cell:
    if extra.text in ("", "-"):
        return into
    return Cell(into.pieces + ((f"（{extra.text}）", "a"),), into.style)


LONG_CELL = 1000  # a cell this wide (columns) is estimated, not wrapped, while widths are shared
SHARE_LIMIT = 400  # wrapping cells above which the width is shared in proportion only


def _share(floors: list[int], naturals: list[int], room: int,
           cols: list[list[Cell]]) -> list[int]:
    """Widths from the floors; the width left over goes, a step at a time, to the
    column whose widening saves the most table lines per column given (a row is
    as tall as its tallest cell), then in proportion to what each column lacks."""
    if sum(naturals) <= room:  # everything fits as it is: nothing to share
        return list(naturals)
    widths = list(floors)
    spare = room - sum(widths)
    wrapping = [c for c in range(len(widths)) if widths[c] < naturals[c]]
    rows = len(cols[0]) if cols else 0
    if spare > 0 and wrapping and rows * len(wrapping) <= SHARE_LIMIT:
        heights: dict[tuple[int, int, int], int] = {}

        def lines(c: int, r: int, w: int) -> int:
            cell = cols[c][r]
            natural = _measure_cell(cell)[0]
            if natural <= w:
                return 1
            if natural > LONG_CELL:  # wrapping it at every trial width is quadratic:
                return -(-natural // w)  # its lines at width w, near enough to share widths
            key = (c, r, w)
            if key not in heights:
                heights[key] = len(wrap(cell.pieces, w))
            return heights[key]

        def height(ws: list[int]) -> int:
            return sum(max(lines(c, r, ws[c]) for c in wrapping) for r in range(rows))

        current = height(widths)
        while spare > 0:
            best = None  # (lines saved per column, column, step)
            for c in wrapping:
                for step in range(1, min(spare, naturals[c] - widths[c]) + 1):
                    trial = widths[:c] + [widths[c] + step] + widths[c + 1:]
                    saved = current - height(trial)
                    if saved > 0:
                        if best is None or saved / step > best[0]:
                            best = (saved / step, c, step)
                        break
            if best is None:
                break
            _, c, step = best
            widths[c] += step
            spare -= step
            current = height(widths)
    while spare > 0:
        lacking = [(naturals[i] - widths[i]) / naturals[i] for i in range(len(widths))
                   if widths[i] < naturals[i]]
        if not lacking:
            break
        most = max(lacking)
        i = next(i for i in range(len(widths))
                 if widths[i] < naturals[i] and (naturals[i] - widths[i]) / naturals[i] == most)
        widths[i] += 1
        spare -= 1
    return widths


def grid_lines(grid: Grid, header_style: str = "") -> list[list[tuple[str, str]]]:
    """The header, the rule and every row line as (text, style) segments."""
    out: list[list[tuple[str, str]]] = []

    def line(cells: list[str], styles: list[str]) -> list[tuple[str, str]]:
        segs: list[tuple[str, str]] = []
        last = max((i for i, c in enumerate(cells) if c), default=-1)
        for i, (text, width) in enumerate(zip(cells, grid.widths)):
            if i > last:
                break
            pad = " " * (width - display_width(text))
            how = grid.align[i]
            left = pad if how == "r" else pad[:len(pad) // 2] if how == "c" else ""
            right = "" if how == "r" else pad[len(pad) // 2:] if how == "c" else pad
            if i:
                segs.append((" " * GAP, ""))
            if left:
                segs.append((left, ""))
            segs.append((text, styles[i]))
            if right and i < last:
                segs.append((right, ""))
        return segs

    out.append(line(grid.headers, [header_style] * len(grid.headers)))
    out.append([("  ".join("-" * w for w in grid.widths), "")])
    for cells, styles in zip(grid.rows, grid.styles):
        for k in range(max(len(c) for c in cells)):
            out.append(line([c[k] if k < len(c) else "" for c in cells], styles))
    return out


def stacked_lines(headers: list[str], rows: list[list[Cell]],
                  width: int) -> list[list[tuple[str, str]]]:
    """Rows one after another, one `列名：值` line per cell (for very narrow
    terminals): nothing is dropped, names still wrap."""
    out: list[list[tuple[str, str]]] = []
    for row in rows:
        for i, (header, cell) in enumerate(zip(headers, row)):
            if i and cell.text in ("", "-"):
                continue
            label = f"{header}：" if i == 0 else f"  {header}："
            room = width - display_width(label)
            hang = " " * display_width(label) if i == 0 and room >= 8 else "    "
            if display_width(cell.text) <= room:
                out.append([(label, ""), (cell.text, cell.style)])
                continue
            if room >= 8:
                lines = wrap(cell.pieces, min(room, width - len(hang)))
                out.append([(label, ""), (lines[0], cell.style)])
            else:
                lines = [""] + wrap(cell.pieces, max(width - len(hang), 1))
                out.append([(label.rstrip(), "")])
            out.extend([(hang, ""), (text, cell.style)] for text in lines[1:])
    return out
