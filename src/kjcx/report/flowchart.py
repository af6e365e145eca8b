"""A flow indicator (成交额, 新增数: counted afresh each year) drawn per year.

A flow starts from 0 every January, so a line through its figures would fall
to 0 each year (a sawtooth that reads as collapse). Each year gets a bar
instead: solid for the year-end figure, hollow for a figure to date (labelled
with its date), and the year's target as a dashed mark with a square across
the bar's slot. Value labels sit above both the bar and the target mark, so
they never cross the target line.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

from kjcx.report.charts import IndicatorSeries, _describe
from kjcx.report.svg import (
    ACTUAL,
    AXIS,
    FONT,
    GRID,
    LEGEND_ROW,
    MUTED,
    ORIGINAL,
    PAD,
    TICK_GAP,
    X_LABELS,
    _c,
    _ctx,
    _esc,
    _finite,
    _square,
    _svg_open,
    _text,
    _tick_labels,
    fmt_number,
    nice_ticks,
    text_width,
)

_TARGET_MARK = 'stroke="#444" stroke-width="1.5" stroke-dasharray="5 3"'
_HALO = ' stroke="#fff" stroke-width="3" paint-order="stroke"'


def _by_year(s: IndicatorSeries):
    """{year: (target point, value, original)}, {year: (latest figure, value)}."""
    targets = {}
    for t in s.targets:
        v = _finite(t.value)
        if v is not None:
            targets[t.year] = (t, v, _finite(t.original) if t.original is not None else None)
    figures: dict[int, tuple] = {}
    for p in sorted(s.actuals, key=lambda p: p.date):
        v = _finite(p.value)
        if v is not None:
            figures[p.date.year] = (p, v)  # the latest of the year wins
    return targets, figures


def flow_chart(s: IndicatorSeries, *, width: int = 320, height: int = 180) -> str:
    width, height = max(int(width), 120), max(int(height), 90)
    targets, figures = _by_year(s)
    years = set(targets) | set(figures) | set(range(min(s.start, s.end), max(s.start, s.end) + 1))
    first, last = min(years), max(years)
    values = [Decimal(0)] + [v for _, v, _ in targets.values()] + [v for _, v in figures.values()]
    values += [o for _, _, o in targets.values() if o is not None]
    ticks = nice_ticks(min(values), max(values))
    labels = _tick_labels(ticks)
    dated = any(not p.year_end for p, _ in figures.values())

    legend = [("unit", f"单位：{s.unit}")] if s.unit else []
    legend += [("target", "年度目标")] if targets else []
    legend += [("bar", "全年实际")] if any(p.year_end for p, _ in figures.values()) else []
    legend += [("dated", "年内累计")] if dated else []
    placed, row, x = [], 0, float(PAD)
    for kind, text in legend:
        w = (0 if kind == "unit" else 19) + text_width(text, FONT)
        if x > PAD and x + w > width - PAD:
            row, x = row + 1, float(PAD)
        placed.append((kind, text, x, row))
        x += w + 8
    rows = row + 1 if placed else 0
    if height - 2 * PAD - X_LABELS - rows * LEGEND_ROW - 7 < 40:
        placed, rows = [], 0

    label_w = max(text_width(t, FONT) for t in labels)
    left = PAD + label_w + TICK_GAP
    right = float(width - PAD)
    top = PAD + rows * LEGEND_ROW + FONT + 4  # room for a value label above the tallest bar
    bottom = float(height - PAD - X_LABELS)
    if bottom - top < 20:
        bottom = top + 20
    if right - left < 40:
        right = left + 40
    t_lo, t_hi = ticks[0], ticks[-1]

    def Y(v: Decimal) -> float:
        with decimal.localcontext(_ctx()):
            return bottom - float((v - t_lo) / (t_hi - t_lo)) * (bottom - top)

    slot = (right - left) / (last - first + 1)

    def centre(year: int) -> float:
        return left + (year - first + 0.5) * slot

    out = [_svg_open(width, height, _describe(s, list(targets.values()), list(figures.values())), FONT)]
    out += _legend(placed)
    out.append(f'<g stroke="{GRID}" stroke-width="1">')
    for tick in ticks:
        out.append(f'<line x1="{_c(left)}" y1="{_c(Y(tick))}" x2="{_c(right)}" y2="{_c(Y(tick))}"/>')
    out.append("</g>")
    zero = Y(Decimal(0)) if t_lo <= 0 <= t_hi else bottom
    out.append(f'<line x1="{_c(left)}" y1="{_c(zero)}" x2="{_c(right)}" y2="{_c(zero)}"'
               f' stroke="{AXIS}" stroke-width="1"/>')
    out.append(f'<g fill="{MUTED}" text-anchor="end">')
    for tick, label in zip(ticks, labels):
        out.append(f'<text x="{_c(left - TICK_GAP)}" y="{_c(Y(tick) + FONT * 0.35)}">{_esc(label)}</text>')
    out.append("</g>")
    every = max(1, -(-int(text_width("2020", FONT) + 6) // max(int(slot), 1)))
    out.append(f'<g fill="{MUTED}" text-anchor="middle">')
    for y in range(first, last + 1):
        if (y - first) % every == 0:
            out.append(f'<text x="{_c(centre(y))}" y="{_c(bottom + X_LABELS - 2)}">{y}</text>')
    out.append("</g>")
    for year in range(first, last + 1):
        out += _year(year, centre(year), slot, targets.get(year), figures.get(year), Y, zero, top)
    if not figures:
        out.append(_text((left + right) / 2, (top + bottom) / 2, "暂无实际数据", anchor="middle",
                         fill=MUTED, extra=_HALO))
    out.append("</svg>")
    return "".join(out)


def _legend(placed) -> list[str]:
    out = []
    for kind, text, lx, r in placed:
        cy = PAD + r * LEGEND_ROW + LEGEND_ROW / 2
        if kind == "target":
            out.append(f'<line x1="{_c(lx)}" y1="{_c(cy)}" x2="{_c(lx + 16)}" y2="{_c(cy)}" {_TARGET_MARK}/>')
            out.append(_square(lx + 8, cy, True))
        elif kind == "bar":
            out.append(f'<rect x="{_c(lx + 3)}" y="{_c(cy - 5)}" width="10" height="10" fill="{ACTUAL}"/>')
        elif kind == "dated":
            out.append(f'<rect x="{_c(lx + 3)}" y="{_c(cy - 5)}" width="10" height="10" fill="#fff"'
                       f' stroke="{ACTUAL}" stroke-width="1.5"/>')
        tx = lx if kind == "unit" else lx + 19
        out.append(_text(tx, cy + FONT * 0.35, text, fill=MUTED if kind == "unit" else "#333"))
    return out


def _year(year: int, cx: float, slot: float, target, figure, Y, zero: float,
          top: float) -> list[str]:
    """One year's bar, target mark and value label (above both)."""
    out = []
    half = min(slot * 0.3, 24)
    highest = zero
    if figure is not None:
        p, v = figure
        y = Y(v)
        fill = ACTUAL if p.year_end else "#fff"
        y0, y1 = min(y, zero), max(y, zero)
        out.append(f'<rect x="{_c(cx - half * 0.7)}" y="{_c(y0)}" width="{_c(half * 1.4)}"'
                   f' height="{_c(max(y1 - y0, 0.5))}" fill="{fill}" stroke="{ACTUAL}" stroke-width="1.5"/>')
        highest = min(highest, y)
    if target is not None:
        t, v, original = target
        if original is not None:
            oy = Y(original)
            out.append(f'<line x1="{_c(cx - half)}" y1="{_c(oy)}" x2="{_c(cx + half)}" y2="{_c(oy)}"'
                       f' stroke="{ORIGINAL}" stroke-width="1" stroke-dasharray="2 2"/>')
        ty = Y(v)
        out.append(f'<line x1="{_c(cx - half)}" y1="{_c(ty)}" x2="{_c(cx + half)}" y2="{_c(ty)}" {_TARGET_MARK}/>')
        out.append(_square(cx, ty, t.source != "interpolated"))
        highest = min(highest, ty - 3)
    if figure is not None:
        p, v = figure
        label = fmt_number(v) + ("" if p.year_end else f"（{p.date.month}月{p.date.day}日）")
        wide = text_width(label, FONT)
        size = FONT if wide <= slot - 2 else max(FONT * (slot - 2) / wide, 6)
        extra = _HALO + ("" if size == FONT else f' font-size="{_c(size)}"')
        bar_top = min(Y(v), zero)
        ty = Y(target[1]) if target is not None else None
        if highest - 4 >= top - 2:  # above the bar and the target mark
            out.append(_text(cx, highest - 4, label, anchor="middle", fill=ACTUAL, extra=extra))
        elif ty is not None and bar_top - 4 - size > ty + 3:  # between the bar and the mark above
            out.append(_text(cx, bar_top - 4, label, anchor="middle", fill=ACTUAL, extra=extra))
        else:  # bar and mark at the top of the axis: inside the bar, white on blue
            fill = "#fff" if p.year_end else ACTUAL
            out.append(_text(cx, bar_top + 4 + size, label, anchor="middle", fill=fill,
                             extra="" if size == FONT else f' font-size="{_c(size)}"'))
    return out


def too_few(s: IndicatorSeries) -> bool:
    """A chart needs two points at least: a lone target square is no trend."""
    count = sum(_finite(t.value) is not None for t in s.targets)
    count += sum(_finite(p.value) is not None for p in s.actuals)
    count += s.baseline is not None and _finite(s.baseline[1]) is not None
    return count < 2

