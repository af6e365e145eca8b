"""Inline SVG charts for the leadership report (kjcx report).

Pure functions from numbers to SVG markup strings, standard library only.
Text stays text (selectable, searchable, printable), every string from the
data is escaped, and the output is deterministic: the same input gives the
same bytes. Nothing here depends on colour alone: targets are dashed, actuals
solid, year-end figures filled and figures to date hollow, and each status of
`completion_bars` has its own fill pattern and its name written beside the bar,
so the charts still read on a grey printer.

Coordinates are rounded to 0.1 px; a value that is not finite is left out
rather than drawn, so no coordinate is ever NaN or infinite.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Iterable, Optional, Sequence
from xml.sax.saxutils import escape

__all__ = [
    "Point",
    "TargetPoint",
    "IndicatorSeries",
    "indicator_chart",
    "completion_bars",
    "fmt_number",
    "text_width",
    "nice_ticks",
]


# --- the data a chart is drawn from --------------------------------------


@dataclass(frozen=True)
class Point:
    """One reported figure."""

    date: datetime.date  # its as_of (YYYY-12-31 for a year-end figure)
    value: Decimal
    year_end: bool


@dataclass(frozen=True)
class TargetPoint:
    year: int
    value: Decimal  # the target in force (year end)
    source: str  # "explicit" | "revised" | "interpolated"
    original: Optional[Decimal] = None  # the plan's own target when a revision changed it


@dataclass(frozen=True)
class IndicatorSeries:
    name: str
    unit: str
    direction: str  # "higher" | "lower"
    start: int  # first plan year
    end: int  # last plan year
    baseline: Optional[tuple[int, Decimal]]
    targets: list[TargetPoint]
    actuals: list[Point]  # every figure, dated ones within years included
    revisions: list[tuple[datetime.date, str]]  # (date in force, revision id/label)
    # "level" (default) or "flow". A flow accrues through the year and starts
    # again from 0 each January: it is drawn per year (kjcx.report.flowchart).
    kind: str = "level"


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
from kjcx.words import STATUS_LABEL  # noqa: E402  (the same words as the tables)

STATUS_FILL = {
    "met": "#2e7d32",
    "near": "#c9a100",
    "behind": "#e65100",
    "severe": "#b71c1c",
}

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


# --- indicator_chart -------------------------------------------------------------

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


def _describe(s: IndicatorSeries, targets, actuals) -> str:
    unit = f"（单位：{s.unit}）" if s.unit else ""
    parts = [f"{s.name}{unit}"]
    if targets:
        parts.append("目标：" + "、".join(
            f"{t.year}年{fmt_number(v)}" + ("（调整后）" if t.source == "revised" else "")
            for t, v, _ in targets))
    if actuals:
        parts.append("实际：" + "、".join(
            f"{_date_words(p.date, p.year_end)}{fmt_number(v)}" for p, v in actuals))
    else:
        parts.append("暂无实际数据")
    return "；".join(parts)


def indicator_chart(s: IndicatorSeries, *, width: int = 320, height: int = 180) -> str:
    """Targets by year against reported figures for one indicator.

    x: time, Jan 1 of the baseline year (else the first plan year) to Dec 31
    of the last plan year. Targets: a dashed path through the year-end targets
    in force (from the baseline), squares at
    the targets (hollow where interpolated: 插值); the original target,
    faint, where a revision changed it, and a triangle at each revision date.
    Actuals: dots joined by a line, year-end figures filled, figures to date
    hollow; the latest one labelled with its value.
    """
    if s.kind == "flow":  # counted afresh each year: bars per year, not a sawtooth
        from kjcx.report.flowchart import flow_chart

        return flow_chart(s, width=width, height=height)
    width = max(int(width), 120)
    height = max(int(height), 90)

    targets = []  # (TargetPoint, value, original or None), finite only
    for t in sorted(s.targets, key=lambda t: t.year):
        v = _finite(t.value)
        if v is not None:
            targets.append((t, v, _finite(t.original) if t.original is not None else None))
    actuals = []  # (Point, value), in date order (stable)
    for p in sorted(s.actuals, key=lambda p: p.date):
        v = _finite(p.value)
        if v is not None:
            actuals.append((p, v))
    baseline: Optional[tuple[int, Decimal]] = None
    if s.baseline is not None:
        baseline_value = _finite(s.baseline[1])
        if baseline_value is not None:
            baseline = (int(s.baseline[0]), baseline_value)
    revised = any(o is not None for _, _, o in targets)
    dated = any(not p.year_end for p, _ in actuals)
    revisions = sorted(s.revisions, key=lambda r: r[0])

    # --- time domain (in days)
    first_year = min(int(s.start), int(s.end))
    if baseline is not None:
        first_year = min(first_year, baseline[0])
    last_year = max(int(s.start), int(s.end))
    years = [t.year for t, _, _ in targets]
    if years:
        first_year, last_year = min(first_year, *years), max(last_year, *years)
    d0 = datetime.date(first_year, 1, 1).toordinal()
    d1 = datetime.date(last_year, 12, 31).toordinal()
    for p, _ in actuals:
        d0, d1 = min(d0, p.date.toordinal()), max(d1, p.date.toordinal())
    for d, _ in revisions:
        d0, d1 = min(d0, d.toordinal()), max(d1, d.toordinal())

    # --- value domain
    values = [v for _, v, _ in targets] + [o for _, _, o in targets if o is not None]
    values += [v for _, v in actuals]
    if baseline is not None:
        values.append(baseline[1])
    if not values:
        values = [Decimal(0)]
    ticks = nice_ticks(min(values), max(values))
    labels = _tick_labels(ticks)
    t_lo, t_hi = ticks[0], ticks[-1]

    # --- legend (wraps to more rows when narrow)
    items = []
    if s.unit:
        items.append(("unit", f"单位：{s.unit}"))
    if targets:
        items.append(("target", "目标"))
    if any(t.source == "interpolated" for t, _, _ in targets):
        items.append(("interpolated", "插值"))
    if revised:
        items.append(("original", "原目标"))
    if actuals or baseline is not None:
        items.append(("actual", "年末实际" if dated else "实际"))
    if dated:
        items.append(("dated", "年内实际"))
    if revisions:
        items.append(("revision", "目标调整"))
    sample_w = {"unit": 0, "target": 16, "interpolated": 6, "original": 16, "actual": 16,
                "dated": 8, "revision": 8}
    legend: list[tuple[str, str, float, int]] = []  # (kind, label, x, row)
    x: float  # the legend cursor, later an x coordinate
    row, x = 0, PAD
    for kind, label in items:
        w = sample_w[kind] + (3 if sample_w[kind] else 0) + text_width(label, FONT)
        if x > PAD and x + w > width - PAD:
            row, x = row + 1, PAD
        legend.append((kind, label, x, row))
        x += w + 8
    rows = row + 1
    if height - 2 * PAD - X_LABELS - rows * LEGEND_ROW - 7 < 40:
        legend, rows = [], 0  # too small to carry a legend: the plot comes first

    # --- plot box; tick labels too wide for 40% of the chart get a smaller font
    label_w = max(text_width(t, FONT) for t in labels)
    tick_font = float(FONT)
    room = 0.4 * (width - 2 * PAD)
    if label_w > room:
        tick_font, label_w = FONT * room / label_w, room
    left = PAD + label_w + TICK_GAP
    right: float = width - PAD - 2
    top = PAD + rows * LEGEND_ROW + FONT // 2 + 2
    bottom = height - PAD - X_LABELS
    if bottom - top < 20:
        bottom = top + 20
    if right - left < 40:
        right = left + 40
    pw, ph = right - left, bottom - top
    span_days = max(d1 - d0, 1)
    with decimal.localcontext(_ctx()):
        span_v = t_hi - t_lo

        def Y(v: Decimal) -> float:
            with decimal.localcontext(_ctx()):
                return bottom - float((v - t_lo) / span_v) * ph

    def X(d: datetime.date) -> float:
        return left + (d.toordinal() - d0) / span_days * pw

    def year_end(y: int) -> datetime.date:
        return datetime.date(y, 12, 31)

    out = [_svg_open(width, height, _describe(s, targets, actuals), FONT)]

    # legend
    for kind, label, lx, r in legend:
        cy = PAD + r * LEGEND_ROW + LEGEND_ROW / 2
        tx = lx + sample_w[kind] + (3 if sample_w[kind] else 0)
        if kind == "target":
            out.append(f'<line x1="{_c(lx)}" y1="{_c(cy)}" x2="{_c(lx + 16)}" y2="{_c(cy)}" {_TARGET_LINE}/>')
            out.append(_square(lx + 8, cy, True))
        elif kind == "interpolated":
            out.append(_square(lx + 3, cy, False))
        elif kind == "original":
            out.append(f'<line x1="{_c(lx)}" y1="{_c(cy)}" x2="{_c(lx + 16)}" y2="{_c(cy)}" {_ORIGINAL_LINE}/>')
        elif kind == "actual":
            out.append(f'<line x1="{_c(lx)}" y1="{_c(cy)}" x2="{_c(lx + 16)}" y2="{_c(cy)}" {_ACTUAL_LINE}/>')
            out.append(_dot(lx + 8, cy, True))
        elif kind == "dated":
            out.append(_dot(lx + 4, cy, False))
        elif kind == "revision":
            out.append(_triangle(lx + 4, cy + 3))
        out.append(_text(tx, cy + FONT * 0.35, label, fill=MUTED if kind == "unit" else TEXT))

    # grid and y axis
    out.append(f'<g stroke="{GRID}" stroke-width="1">')
    for tick in ticks:
        out.append(f'<line x1="{_c(left)}" y1="{_c(Y(tick))}" x2="{_c(right)}" y2="{_c(Y(tick))}"/>')
    for y in range(first_year + 1, last_year + 1):
        x = X(datetime.date(y, 1, 1))
        out.append(f'<line x1="{_c(x)}" y1="{_c(top)}" x2="{_c(x)}" y2="{_c(bottom)}"/>')
    out.append("</g>")
    if t_lo < 0 < t_hi:  # the zero line, when values cross it
        out.append(f'<line x1="{_c(left)}" y1="{_c(Y(Decimal(0)))}" x2="{_c(right)}"'
                   f' y2="{_c(Y(Decimal(0)))}" stroke="{AXIS}" stroke-width="1"/>')
    out.append(f'<line x1="{_c(left)}" y1="{_c(bottom)}" x2="{_c(right)}" y2="{_c(bottom)}"'
               f' stroke="{AXIS}" stroke-width="1"/>')
    small = "" if tick_font == FONT else f' font-size="{_c(tick_font)}"'
    out.append(f'<g fill="{MUTED}" text-anchor="end"{small}>')
    for tick, label in zip(ticks, labels):
        out.append(f'<text x="{_c(left - TICK_GAP)}" y="{_c(Y(tick) + tick_font * 0.35)}">{_esc(label)}</text>')
    out.append("</g>")

    # year labels, centred in each year, thinned out when they would touch
    slot = pw * 365 / span_days
    every = max(1, -(-int(text_width("2020", FONT) + 6) // max(int(slot), 1)))
    out.append(f'<g fill="{MUTED}" text-anchor="middle">')
    for y in range(first_year, last_year + 1):
        if (y - first_year) % every:
            continue
        x = X(datetime.date(y, 7, 2))
        out.append(f'<text x="{_c(x)}" y="{_c(bottom + X_LABELS - 2)}">{y}</text>')
    out.append("</g>")

    # revisions: a dotted line and a triangle on the top edge
    for d, label in revisions:
        x = X(d)
        out.append(f'<g><title>{_esc(f"目标调整：{label}（{_date_words(d, False)}起）")}</title>'
                   f'<line x1="{_c(x)}" y1="{_c(top)}" x2="{_c(x)}" y2="{_c(bottom)}"'
                   f' stroke="{TARGET}" stroke-width="1" stroke-dasharray="1 2"/>'
                   f"{_triangle(x, top)}</g>")

    # the plan's original path, faint, where a revision changed a target
    def target_path(pick) -> list[list[tuple[float, float]]]:
        path = []
        if baseline is not None and (not targets or baseline[0] < targets[0][0].year):
            path.append((X(year_end(baseline[0])), Y(baseline[1])))
        path += [(X(year_end(t.year)), Y(pick(v, o))) for t, v, o in targets]
        return [path] if len(path) > 1 else []

    if revised:
        for path in target_path(lambda v, o: o if o is not None else v):
            out.append(_polyline(path, _ORIGINAL_LINE))
        for t, _value, o in targets:
            if o is not None:
                out.append(_square(X(year_end(t.year)), Y(o), False, ORIGINAL))
    for path in target_path(lambda v, o: v):
        out.append(_polyline(path, _TARGET_LINE))
    for t, v, _ in targets:
        out.append(_square(X(year_end(t.year)), Y(v), t.source != "interpolated"))

    # actuals
    pts = [(X(p.date), Y(v)) for p, v in actuals]
    if baseline is not None and (not actuals or year_end(baseline[0]) < actuals[0][0].date):
        pts.insert(0, (X(year_end(baseline[0])), Y(baseline[1])))
    if len(pts) > 1:
        out.append(_polyline(pts, _ACTUAL_LINE))
    if baseline is not None:
        out.append(_dot(X(year_end(baseline[0])), Y(baseline[1]), True))
    for p, v in actuals:
        out.append(_dot(X(p.date), Y(v), p.year_end))

    if not actuals:
        out.append(_text((left + right) / 2, (top + bottom) / 2 + FONT * 0.35, "暂无实际数据",
                         anchor="middle", fill=MUTED, extra=_HALO))

    # the latest figure's value, where it fits and clear of the target path
    if actuals:
        p, v = actuals[-1]
        lines = target_path(lambda v, o: v) + [pts]
        marks = [(X(year_end(t.year)), Y(v)) for t, v, _ in targets] + pts
        out.append(_value_label(fmt_number(v), X(p.date), Y(v), lines, marks,
                                (left, top, right, bottom)))
    out.append("</svg>")
    return "".join(out)


def _value_label(label: str, x: float, py: float, lines: list[list[tuple[float, float]]],
                 marks: list[tuple[float, float]], box: tuple[float, float, float, float]) -> str:
    """The latest value beside its dot: above, below, left or right of it - the
    first place inside the plot `box` (left, top, right, bottom) that no line and
    no marker of the chart crosses; above when none is free."""
    w = text_width(label, FONT)
    left, top, right, bottom = box
    places = [("middle", x, py - 6), ("middle", x, py + 6 + FONT), ("end", x - 6, py + FONT * 0.35),
              ("start", x + 6, py + FONT * 0.35), ("end", x - 5, py - 5), ("end", x - 5, py + 5 + FONT),
              ("start", x + 5, py - 5), ("start", x + 5, py + 5 + FONT),
              ("end", x - 8, py + 2 * FONT + 4), ("start", x + 8, py + 2 * FONT + 4),
              ("end", x - 8, py - FONT - 4), ("start", x + 8, py - FONT - 4)]
    for anchor, tx, ty in places:
        x0 = {"middle": tx - w / 2, "end": tx - w, "start": tx}[anchor]
        inside = x0 >= left - PAD and x0 + w <= right + PAD and ty - FONT >= top - FONT // 2 and ty <= bottom
        if inside and not _crosses(lines, marks, (x, py), (x0 - 1, ty - FONT * 0.85, x0 + w + 1, ty + 2)):
            return _text(tx, ty, label, anchor=anchor, fill=ACTUAL, extra=_HALO)
    anchor, tx = ("end", min(x, right)) if x + w / 2 > right else ("middle", max(x, left + w / 2))
    return _text(tx, max(py - 6, top), label, anchor=anchor, fill=ACTUAL, extra=_HALO)


def _crosses(lines: list[list[tuple[float, float]]], marks: list[tuple[float, float]],
             own: tuple[float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether a line segment or a marker (other than the labelled dot) enters box b."""
    x0, y0, x1, y1 = b
    for mx, my in marks:
        if (mx, my) != own and x0 - 3 <= mx <= x1 + 3 and y0 - 3 <= my <= y1 + 3:
            return True
    if x0 - 3 <= own[0] <= x1 + 3 and y0 - 3 <= own[1] <= y1 + 3:
        return True  # the label would cover its own dot
    for line in lines:
        for (ax, ay), (bx, by) in zip(line, line[1:]):
            for t in range(41):  # sampled: at 1/40 of a segment, no gap a glyph could hide in
                cx, cy = ax + (bx - ax) * t / 40, ay + (by - ay) * t / 40
                if x0 <= cx <= x1 and y0 <= cy <= y1:
                    return True
    return False


# --- completion_bars ----------------------------------------------------------------


def completion_bars(
    rows: list[tuple[str, Optional[Decimal], Optional[Decimal], str]],
    *,
    width: int = 640,
) -> str:
    """Horizontal bars of completion (完成率) per indicator, with a tick at the
    schedule (序时进度) and a dashed line at 100%.

    rows: (indicator name, completion ratio, schedule ratio, status) with
    status in met | near | behind | severe | no_data | no_target. Names wrap
    to the width reserved for them (measured with East-Asian widths). Each
    status has its own fill pattern and its word after the value; a row
    without a completion shows the word only. Bars beyond the axis end (200%)
    stop there with a break mark; negative completion draws no bar.
    """
    width = max(int(width), 240)
    size = BAR_FONT
    line_h = size + 3
    data = []
    for name, completion, schedule, status in rows:
        data.append((str(name), _finite(completion), _finite(schedule), str(status)))

    # axis end: 100%, or the largest value rounded up to 50%, at most 200%
    with decimal.localcontext(_ctx()):
        top_ratio = max([Decimal(1)] + [c for _, c, _, _ in data if c is not None]
                        + [s for _, _, s, _ in data if s is not None])
        axis_max = min((top_ratio * 2).to_integral_value(ROUND_CEILING) / 2, Decimal(2))
        step = Decimal("0.25") if axis_max <= 1 else Decimal("0.5")
        axis_ticks = [step * i for i in range(int(axis_max / step) + 1)]

    value_texts = []
    for _, c, _, status in data:
        word = STATUS_LABEL.get(status, status)
        value_texts.append(word if c is None else f"{_pct(c)} {word}")
    value_w = max([text_width(t, size) for t in value_texts] + [text_width("100.0% 严重滞后", size)])
    names_w = max([text_width(n, size) for n, _, _, _ in data] + [4 * size])
    name_w = min(names_w, max(width * 0.34, 6 * size))
    bar_left = PAD + name_w + 8
    bar_right = width - PAD - value_w - 8
    if bar_right - bar_left < 60:  # very narrow: give the bars room, names wrap more
        name_w = max(width - 2 * PAD - value_w - 16 - 60, 3 * size)
        bar_left = PAD + name_w + 8
        bar_right = max(bar_left + 60, width - PAD - value_w - 8)
    bw = bar_right - bar_left

    def BX(ratio: Decimal) -> float:
        with decimal.localcontext(_ctx()):
            r = min(max(ratio, Decimal(0)), axis_max)
            return bar_left + float(r / axis_max) * bw

    key = hashlib.sha1(repr((width, data)).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    pid = {st: f"kjcx-{st}-{key}" for st in ("near", "behind", "severe")}

    # legend rows (wrapped when narrow), axis labels row, then one row per indicator
    legend: list[tuple[str, str, float, int]] = []  # (kind, text, x, row)
    lx: float
    row, lx = 0, PAD
    for kind, text in (("bar", "完成率"), ("tick", "序时进度"), ("line", "年度目标（100%）")):
        w = 18 + text_width(text, size)
        if lx > PAD and lx + w > width - PAD:
            row, lx = row + 1, PAD
        legend.append((kind, text, lx, row))
        lx += w + 14
    axis_y = PAD + (row + 1) * line_h + 4 + size
    y = axis_y + 6
    layout = []
    for name, _completion, _schedule, _state in data:
        lines = _wrap(name, name_w, size)
        h = max(len(lines) * line_h, BAR_HEIGHT + 8) + 6
        layout.append((y, h, lines))
        y += h
    total_h = y + PAD

    n = len(data)
    label = f"各指标完成率与序时进度（{n}项）"
    out = [_svg_open(width, total_h, label, size)]
    out.append(
        "<defs>"
        f'<pattern id="{pid["near"]}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{STATUS_FILL["near"]}"/>'
        '<circle cx="3" cy="3" r="1.2" fill="#fff"/></pattern>'
        f'<pattern id="{pid["behind"]}" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{STATUS_FILL["behind"]}"/>'
        '<rect width="2" height="6" fill="#fff"/></pattern>'
        f'<pattern id="{pid["severe"]}" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{STATUS_FILL["severe"]}"/>'
        '<rect width="1.5" height="6" fill="#fff"/><rect width="6" height="1.5" fill="#fff"/>'
        "</pattern></defs>"
    )

    def fill_of(status: str) -> str:
        if status in pid:
            return f"url(#{pid[status]})"
        return STATUS_FILL.get(status, STATUS_FILL["met"])

    # legend: what the bar, the tick and the dashed line are
    for kind, text, lx, row in legend:
        cy = PAD + row * line_h + line_h / 2
        if kind == "bar":
            out.append(f'<rect x="{_c(lx)}" y="{_c(cy - 5)}" width="14" height="10" fill="#888"/>')
        elif kind == "tick":
            out.append(f'<line x1="{_c(lx + 7)}" y1="{_c(cy - 7)}" x2="{_c(lx + 7)}" y2="{_c(cy + 7)}"'
                       ' stroke="#000" stroke-width="2"/>')
        else:
            out.append(f'<line x1="{_c(lx + 7)}" y1="{_c(cy - 7)}" x2="{_c(lx + 7)}" y2="{_c(cy + 7)}"'
                       f' stroke="{AXIS}" stroke-width="1" stroke-dasharray="4 3"/>')
        out.append(_text(lx + 18, cy + size * 0.35, text))

    # axis: ticks on top, faint grid, dashed 100% line
    grid_top, grid_bottom = axis_y + 4, total_h - PAD
    out.append(f'<g fill="{MUTED}" text-anchor="middle">')
    for t in axis_ticks:
        out.append(f'<text x="{_c(BX(t))}" y="{_c(axis_y)}">{_plain(t * 100)}%</text>')
    out.append("</g>")
    out.append(f'<g stroke="{GRID}" stroke-width="1">')
    for t in axis_ticks:
        if t != 1:
            out.append(f'<line x1="{_c(BX(t))}" y1="{_c(grid_top)}" x2="{_c(BX(t))}" y2="{_c(grid_bottom)}"/>')
    out.append("</g>")
    x100 = BX(Decimal(1))
    out.append(f'<line x1="{_c(x100)}" y1="{_c(grid_top)}" x2="{_c(x100)}" y2="{_c(grid_bottom)}"'
               f' stroke="{AXIS}" stroke-width="1" stroke-dasharray="4 3"/>')

    for (name, c, s, status), (ry, h, lines), vtext in zip(data, layout, value_texts):
        word = STATUS_LABEL.get(status, status)
        desc = f"{name}：完成率{_pct(c)}"
        if s is not None:
            desc += f"，序时进度{_pct(s)}"
        desc += f"，{word}"
        out.append(f"<g><title>{_esc(desc)}</title>")
        block = len(lines) * line_h
        ty = ry + (h - block) / 2 + line_h / 2 + size * 0.35
        for i, ln in enumerate(lines):
            out.append(_text(PAD, ty + i * line_h, ln))
        mid = ry + h / 2
        by = mid - BAR_HEIGHT / 2
        end_x = bar_left
        if c is not None and c > 0:
            end_x = BX(c)
            out.append(f'<rect x="{_c(bar_left)}" y="{_c(by)}" width="{_c(end_x - bar_left)}"'
                       f' height="{BAR_HEIGHT}" fill="{fill_of(status)}" stroke="#333" stroke-width="0.5"/>')
            if c > axis_max:  # cut: two white slashes near the end
                for dx in (-10, -6):
                    out.append(f'<line x1="{_c(end_x + dx)}" y1="{_c(by + BAR_HEIGHT + 1)}"'
                               f' x2="{_c(end_x + dx + 3)}" y2="{_c(by - 1)}" stroke="#fff" stroke-width="1.5"/>')
        if s is not None:
            sx = BX(s)
            for colour, w in (("#fff", 4), ("#000", 2)):
                out.append(f'<line x1="{_c(sx)}" y1="{_c(by - 3)}" x2="{_c(sx)}" y2="{_c(by + BAR_HEIGHT + 3)}"'
                           f' stroke="{colour}" stroke-width="{w}"/>')
        if c is None:
            out.append(_text(bar_left + 4, mid + size * 0.35, vtext, fill=MUTED))
        else:
            weight = ' font-weight="bold"' if status == "severe" else ""
            out.append(_text(bar_right + 8, mid + size * 0.35, vtext, extra=weight))
        out.append("</g>")

    out.append("</svg>")
    return "".join(out)
