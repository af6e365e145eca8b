"""Help screens that line up with Chinese text: click measures characters, a
terminal draws a Chinese character two columns wide."""

from __future__ import annotations

import click

# Never at the start of a line / never at the end of one (Chinese line-breaking rules).
NO_START = set("，。、；：？！）》」』】”’%,.;:?!)")
NO_END = set("（《「『【“‘(")


def width(text: str) -> int:
    from unicodedata import combining, east_asian_width

    return sum(0 if combining(ch) else (2 if east_asian_width(ch) in "WF" else 1)
               for ch in text if ch.isprintable())


def wrap(text: str, limit: int) -> list[str]:
    """Lines of at most `limit` columns: breaks at spaces or between Chinese
    characters, never inside an ASCII word or number, never before closing or
    after opening punctuation (the character before closing punctuation moves
    down with it)."""
    lines: list[list[str]] = []
    line: list[str] = []
    for token in _tokens(text):
        if line and width("".join(line) + token.rstrip()) > limit:
            carry: list[str] = []
            if len(token.strip()) == 1 and token.strip() in NO_START:
                # take the last real character along: "划）" starts the next line
                while line and len(line[-1].strip()) == 1 and line[-1].strip() in NO_START:
                    carry.insert(0, line.pop())
                if len(line) > 1:
                    carry.insert(0, line.pop())
            while len(line) > 1 and line[-1].strip() in NO_END:
                carry.insert(0, line.pop())
            if line:
                lines.append(line)
            line = carry
        line.append(token)
    if line:
        lines.append(line)
    return ["".join(tokens).strip() for tokens in lines] or [""]


def _tokens(text: str) -> list[str]:
    """ASCII words (with a trailing space) stay whole; every other character is a token."""
    out: list[str] = []
    word = ""
    for ch in text:
        if ch.isascii() and not ch.isspace():
            word += ch
            continue
        if word:
            out.append(word)
            word = ""
        if ch.isspace():
            if out:
                out[-1] += " "
        else:
            out.append(ch)
    if word:
        out.append(word)
    return out


def _join(lines: list[str]) -> str:
    """Re-join a docstring paragraph: Chinese lines join without a space."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if out and line and (out[-1].isascii() and line[0].isascii()):
            out += " "
        out += line
    return out


class HelpFormatter(click.HelpFormatter):
    def __init__(self, indent_increment: int = 2, width_: int | None = None,
                 max_width: int | None = None, **kwargs) -> None:
        import shutil  # only when help is shown

        columns = shutil.get_terminal_size((100, 24)).columns
        super().__init__(indent_increment, width=max(min(columns, max_width or 100) - 2, 40),
                         max_width=max_width)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        """Paragraphs are wrapped; a paragraph that starts with \\b is kept as written."""
        indent = " " * self.current_indent
        for n, paragraph in enumerate(text.strip("\n").split("\n\n")):
            if n:
                self.write("\n")
            if paragraph.startswith("\b"):
                for line in paragraph[1:].strip("\n").split("\n"):
                    self.write(f"{indent}{line}\n")
                continue
            for line in wrap(_join(paragraph.split("\n")), self.width - self.current_indent):
                self.write(f"{indent}{line}\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((width(r[0]) for r in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            if width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(second, max(self.width - first_col - self.current_indent, 20))
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")
