"""SVG drawing pieces the report's charts share: the look (colours, sizes), text
width, exact number and tick labels, escaping, and the small marks (squares,
dots, triangles, lines).

Standard library only. Names with an underscore are this package's own: the
charts (charts.py, flowchart.py) use them, nothing outside report/ does.
"""

from __future__ import annotations

import datetime
import decimal
import re
import unicodedata
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Iterable, Optional, Sequence
from xml.sax.saxutils import escape

from kjcx import statuses

# --- look ------------------------------------------------------------------

FONT_FAMILY = (
    "'Microsoft YaHei','PingFang SC','Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif"
)
TEXT = "#333"
MUTED = "#666"
GRID = "#e3e3e3"
AXIS = "#999"
TARGET = "#444"
ORIGINAL = "#aaa"
ACTUAL = "#1f5fa8"

# indicator_chart layout (px); tests compute expected coordinates from these
PAD = 4
FONT = 10
LEGEND_ROW = 14
X_LABELS = 14
TICK_GAP = 4

# completion_bars
BAR_FONT = 12
BAR_HEIGHT = 12

STATUS_FILL = {key: s.fill for key, s in statuses.INDICATOR.items() if s.fill}  # kjcx.statuses

# --- text and numbers ---------------------------------------------------------

# Characters XML 1.0 does not allow even when escaped (C0 controls but tab,
# newline and carriage return; lone surrogates; U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _esc(text: object) -> str:
    """Text from the data, safe in SVG text content and in "-quoted attributes."""
    return escape(_NOT_XML.sub("\ufffd", str(text)), {'"': "&quot;"})


def text_width(text: str, size: float) -> float:
    """Estimated advance width of `text` at font `size`: East-Asian wide and
    full-width characters take a full em, combining marks nothing, the rest
    about 0.6 em (a generous figure for digits and Latin in a CJK sans)."""
    width = 0.0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += size if unicodedata.east_asian_width(ch) in "WF" else size * 0.6
    return width


def _ctx() -> decimal.Context:
    # Our own context: the caller's may have a lower precision or traps set.
    return decimal.Context(prec=34, rounding=ROUND_HALF_UP)


def _finite(value: object) -> Optional[Decimal]:
    """The value as a finite Decimal, or None (NaN, infinities, junk)."""
    try:
        d = value if isinstance(value, Decimal) else Decimal(str(value))
    except (decimal.InvalidOperation, TypeError, ValueError):
        return None
    return d if d.is_finite() else None


def _plain(d: Decimal) -> str:
    """Fixed-point text without trailing zeros or exponent; never "-0"."""
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "", "-") else text


# (scale, word, from): 万 from 100 000 (12.35万), 亿 and 万亿 from one of them.
_SCALES = (
    (Decimal("1e12"), "万亿", Decimal("1e12")),
    (Decimal("1e8"), "亿", Decimal("1e8")),
    (Decimal("1e4"), "万", Decimal("1e5")),
)


def fmt_number(value: Decimal, places: int = 2) -> str:
    """A number as a person writes it: at most `places` decimals (three
    significant digits below 1), no trailing zeros, no exponent; from 100 000 on
    in 万, from 1亿 in 亿 / 万亿 (12.35万, 3亿, 1.23万亿)."""
    d = _finite(value)
    if d is None:
        return "-"
    with decimal.localcontext(_ctx()):
        mag = abs(d)
        for scale, word, start in _SCALES:
            if mag >= start:
                return fmt_number(d / scale, places) + word
        if d == 0:
            return "0"
        if mag < 1:
            places = max(places, 2 - mag.adjusted())  # 0.00123 -> 0.00123
        return _plain(d.quantize(Decimal(1).scaleb(-places)))


def _tick_labels(ticks: Sequence[Decimal]) -> list[str]:
    """Exact labels for axis ticks, in one common scale (万, 亿) when large."""
    with decimal.localcontext(_ctx()):
        top = max(abs(t) for t in ticks)
        for scale, word, start in _SCALES:
            if top >= start:
                return [_fixed(t / scale, ticks, scale) + (word if t else "") for t in ticks]
        return [_fixed(t, ticks, Decimal(1)) for t in ticks]


def _fixed(value: Decimal, ticks: Sequence[Decimal], scale: Decimal) -> str:
    """One tick label with as many decimals as the most precise tick needs, so an
    axis reads 2.55, 2.60, 2.65 and not 2.55, 2.6, 2.65."""
    places = max(max(-_plain_exponent(t / scale), 0) for t in ticks)
    text = format(value.quantize(Decimal(1).scaleb(-places)), "f")
    return text.lstrip("-") if text.lstrip("-").strip("0.") == "" else text  # never "-0"


def _plain_exponent(d: Decimal) -> int:
    text = _plain(d)
    return -(len(text) - text.index(".") - 1) if "." in text else 0


def _pct(ratio: Optional[Decimal]) -> str:
    d = _finite(ratio)
    if d is None:
        return "-"
    with decimal.localcontext(_ctx()):
        text = format((d * 100).quantize(Decimal("0.1")), "f")  # one decimal, kept: 30.0%
        return ("0.0" if text == "-0.0" else text) + "%"


def _c(x: float) -> str:
    """A coordinate: 0.1 px, no trailing zeros, never "-0"."""
    text = f"{x:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def nice_ticks(lo: Decimal, hi: Decimal) -> list[Decimal]:
    """3 to 5 evenly spaced round ticks (steps 1, 2, 2.5, 5 × 10^k) covering
    lo..hi, as exact Decimals. Equal ends are widened around the value (never
    below zero for a value that is not negative)."""
    with decimal.localcontext(_ctx()):
        if hi < lo:
            lo, hi = hi, lo
        if hi == lo:
            pad = abs(lo) / 10 if lo else Decimal(1)
            lo, hi = (Decimal(0) if lo >= 0 and lo - pad < 0 else lo - pad), hi + pad
        span = hi - lo
        k = span.adjusted()
        best = None
        for e in range(k - 2, k + 2):
            for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5)):
                step = m.scaleb(e)
                t0 = (lo / step).to_integral_value(ROUND_FLOOR) * step
                t1 = (hi / step).to_integral_value(ROUND_CEILING) * step
                n = int((t1 - t0) / step) + 1
                if 3 <= n <= 5:
                    key = (t1 - t0, n)
                    if best is None or key < best[0]:
                        best = (key, t0, step, n)
        if best is None:  # not reachable for finite input; keep a safe answer
            return [lo, (lo + hi) / 2, hi]
        _, t0, step, n = best
        return [t0 + step * i for i in range(n)]


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Break `text` into lines no wider than `width` (by estimated width),
    between any two characters (Chinese needs no spaces), preferring a
    break after a space when the line has one in its second half."""
    lines: list[str] = []
    line = ""
    for ch in text:
        if line and text_width(line + ch, size) > width:
            cut = line.rfind(" ")
            if cut > len(line) // 2:
                lines.append(line[:cut])
                line = line[cut + 1 :]
            else:
                lines.append(line)
                line = ""
            if ch == " " and not line:
                continue
        line += ch
    if line or not lines:
        lines.append(line)
    return lines


def _svg_open(width: float, height: float, label: str, size: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_c(width)}" height="{_c(height)}"'
        f' viewBox="0 0 {_c(width)} {_c(height)}" role="img" aria-label="{_esc(label)}"'
        f' font-family="{FONT_FAMILY}" font-size="{size}">'
        f"<title>{_esc(label)}</title>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", fill: str = TEXT,
          extra: str = "") -> str:
    a = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{_c(x)}" y="{_c(y)}"{a} fill="{fill}"{extra}>{_esc(text)}</text>'


def _polyline(points: Iterable[tuple[float, float]], style: str) -> str:
    pts = " ".join(f"{_c(x)},{_c(y)}" for x, y in points)
    return f'<polyline points="{pts}" fill="none" {style}/>'


# --- marks ---------------------------------------------------------------------

_TARGET_LINE = f'stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="5 3"'
_ORIGINAL_LINE = f'stroke="{ORIGINAL}" stroke-width="1" stroke-dasharray="2 2"'
_ACTUAL_LINE = f'stroke="{ACTUAL}" stroke-width="2" stroke-linejoin="round"'
_HALO = ' stroke="#fff" stroke-width="3" paint-order="stroke"'


def _square(x: float, y: float, filled: bool, colour: str = TARGET, r: float = 2.5) -> str:
    fill = colour if filled else "#fff"
    return (f'<rect x="{_c(x - r)}" y="{_c(y - r)}" width="{_c(2 * r)}" height="{_c(2 * r)}"'
            f' fill="{fill}" stroke="{colour}" stroke-width="1"/>')


def _dot(x: float, y: float, filled: bool) -> str:
    if filled:
        return f'<circle cx="{_c(x)}" cy="{_c(y)}" r="3" fill="{ACTUAL}"/>'
    return (f'<circle cx="{_c(x)}" cy="{_c(y)}" r="3" fill="#fff" stroke="{ACTUAL}"'
            f' stroke-width="1.5"/>')


def _triangle(x: float, y: float, r: float = 4) -> str:
    """A small downward triangle with its tip at (x, y)."""
    return (f'<path d="M{_c(x - r)},{_c(y - r * 1.5)}H{_c(x + r)}L{_c(x)},{_c(y)}Z"'
            f' fill="{TARGET}"/>')


def _date_words(d: datetime.date, year_end: bool) -> str:
    return f"{d.year}年末" if year_end else f"{d.year}年{d.month}月{d.day}日"
