"""Word's automatic numbering, written out: a paragraph numbered by Word ("1." "（一）" kept in
numbering.xml, not in its text) gets its number back, so that it reads as it prints."""

from __future__ import annotations

from typing import Any

_DIGITS = "零一二三四五六七八九"
_CHINESE = {"chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting",
            "ideographLegalTraditional", "taiwaneseCounting", "taiwaneseCountingThousand"}


def chinese(n: int) -> str:
    """1 → 一, 10 → 十, 23 → 二十三 (up to 99)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


class Numbering:
    """The numbers of one document's numbered paragraphs, in document order."""

    def __init__(self, document: Any):
        from docx.oxml.ns import qn

        self._qn = qn
        self._formats: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._styles: dict[str, tuple[str, int]] = {}   # style id -> its numbering (List Number …)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(qn("w:abstractNumId")): self._levels(a) for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None and ref.get(qn("w:val")) in abstract:
                self._formats[num.get(qn("w:numId"))] = abstract[ref.get(qn("w:val"))]
        for style in document.styles.element.findall(qn("w:style")):
            found = _own(style.pPr) if style.pPr is not None else None
            if found is not None:
                self._styles[style.get(qn("w:styleId"))] = found

    def _levels(self, abstract: Any) -> dict[int, tuple[str, str, int]]:
        qn = self._qn
        levels = {}
        for lvl in abstract.findall(qn("w:lvl")):
            fmt, text, start = lvl.find(qn("w:numFmt")), lvl.find(qn("w:lvlText")), lvl.find(qn("w:start"))
            levels[int(lvl.get(qn("w:ilvl")) or 0)] = (
                fmt.get(qn("w:val")) if fmt is not None else "decimal",
                text.get(qn("w:val")) if text is not None else "",
                int(start.get(qn("w:val")) or 1) if start is not None else 1)
        return levels

    def prefix(self, paragraph: Any) -> str:
        """The number Word shows before `paragraph` ('' when it has none)."""
        if not self._formats:
            return ""
        ppr = paragraph._p.pPr
        found = _own(ppr) if ppr is not None else None
        if found is None and ppr is not None and ppr.pStyle is not None:
            found = self._styles.get(ppr.pStyle.val)
        if found is None or found[0] not in self._formats:
            return ""
        num_id, level = found
        levels = self._formats[num_id]
        counters = self._counters.setdefault(num_id, {})
        start = levels.get(level, ("", "", 1))[2]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        fmt, text, _ = levels.get(level, ("decimal", f"%{level + 1}.", 1))
        for k in range(level + 1):
            shown = counters.get(k, levels.get(k, ("", "", 1))[2])
            kind = levels.get(k, ("decimal", "", 1))[0]
            text = text.replace(f"%{k + 1}", chinese(shown) if kind in _CHINESE else str(shown)
                                if kind.startswith("decimal") else "")
        return text if fmt != "bullet" else ""


def _own(ppr: Any) -> tuple[str, int] | None:
    """(numId, level) of a paragraph's (or a style's) own numbering properties."""
    num_pr = ppr.numPr
    if num_pr is None or num_pr.numId is None:
        return None
    return str(num_pr.numId.val), int(num_pr.ilvl.val if num_pr.ilvl is not None else 0)
