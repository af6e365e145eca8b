"""The completion chart of the report: one horizontal bar of completion (完成率)
per indicator, a tick at the schedule (序时进度), a dashed line at 100%.

Standard library only, like the rest of the report's SVG (svg.py); the same
guarantees as charts.py: text stays text, data is escaped, output deterministic,
and each status has its own fill pattern and its word, for a grey printer.
"""

from __future__ import annotations

import decimal
import hashlib
from decimal import ROUND_CEILING, Decimal
from typing import Optional

from kjcx.report.svg import (
    AXIS,
    BAR_FONT,
    BAR_HEIGHT,
    GRID,
    MUTED,
    PAD,
    STATUS_FILL,
    _c,
    _ctx,
    _esc,
    _finite,
    _pct,
    _plain,
    _svg_open,
    _text,
    _wrap,
    text_width,
)
from kjcx.statuses import MISSED
from kjcx.words import STATUS_LABEL  # the same words as the tables


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
    data = [(str(name), _finite(completion), _finite(schedule), str(status))
            for name, completion, schedule, status in rows]
    value_texts = []
    for _, c, _, status in data:
        word = STATUS_LABEL.get(status, status)
        value_texts.append(word if c is None else f"{_pct(c)} {word}")
    g = _BarGeometry(data, value_texts, width)
    key = hashlib.sha1(repr((width, data)).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    pid = {st: f"kjcx-{st}-{key}" for st in MISSED}  # a hatch for each status short of target

    # legend rows (wrapped when narrow), axis labels row, then one row per indicator
    legend, last_row = _bar_legend(width)
    axis_y = PAD + (last_row + 1) * _LINE_H + 4 + BAR_FONT
    y = axis_y + 6
    layout = []
    for name, _completion, _schedule, _state in data:
        lines = _wrap(name, g.name_w, BAR_FONT)
        h = max(len(lines) * _LINE_H, BAR_HEIGHT + 8) + 6
        layout.append((y, h, lines))
        y += h
    total_h = y + PAD

    out = [_svg_open(width, total_h, f"各指标完成率与序时进度（{len(data)}项）", BAR_FONT), _patterns(pid)]
    out += _bar_legend_marks(legend)
    out += _bar_axis_marks(g, axis_y, total_h)
    for row, place, vtext in zip(data, layout, value_texts):
        out += _bar_row(g, row, place, vtext, pid)
    out.append("</svg>")
    return "".join(out)


_LINE_H = BAR_FONT + 3  # one line of a name


class _BarGeometry:
    """Where the names, the bars and the values go across the width, and the axis:
    100%, or the largest value rounded up to 50%, at most 200%."""

    def __init__(self, data: list[tuple[str, Optional[Decimal], Optional[Decimal], str]],
                 value_texts: list[str], width: int):
        size = BAR_FONT
        with decimal.localcontext(_ctx()):
            top_ratio = max([Decimal(1)] + [c for _, c, _, _ in data if c is not None]
                            + [s for _, _, s, _ in data if s is not None])
            self.axis_max = min((top_ratio * 2).to_integral_value(ROUND_CEILING) / 2, Decimal(2))
            step = Decimal("0.25") if self.axis_max <= 1 else Decimal("0.5")
            self.ticks = [step * i for i in range(int(self.axis_max / step) + 1)]
        value_w = max([text_width(t, size) for t in value_texts] + [text_width("100.0% 严重滞后", size)])
        names_w = max([text_width(n, size) for n, _, _, _ in data] + [4 * size])
        name_w = min(names_w, max(width * 0.34, 6 * size))
        bar_left = PAD + name_w + 8
        bar_right = width - PAD - value_w - 8
        if bar_right - bar_left < 60:  # very narrow: give the bars room, names wrap more
            name_w = max(width - 2 * PAD - value_w - 16 - 60, 3 * size)
            bar_left = PAD + name_w + 8
            bar_right = max(bar_left + 60, width - PAD - value_w - 8)
        self.name_w, self.bar_left, self.bar_right = name_w, bar_left, bar_right
        self.bw = bar_right - bar_left

    def BX(self, ratio: Decimal) -> float:
        with decimal.localcontext(_ctx()):
            r = min(max(ratio, Decimal(0)), self.axis_max)
            return self.bar_left + float(r / self.axis_max) * self.bw


def _bar_legend(width: int) -> tuple[list[tuple[str, str, float, int]], int]:
    """(kind, text, x, row) of the three legend entries, wrapped when narrow, and
    the last row's number."""
    legend: list[tuple[str, str, float, int]] = []
    lx: float
    row, lx = 0, PAD
    for kind, text in (("bar", "完成率"), ("tick", "序时进度"), ("line", "年度目标（100%）")):
        w = 18 + text_width(text, BAR_FONT)
        if lx > PAD and lx + w > width - PAD:
            row, lx = row + 1, PAD
        legend.append((kind, text, lx, row))
        lx += w + 14
    return legend, row


def _patterns(pid: dict[str, str]) -> str:
    """A fill pattern per status that is not met, so each reads on a grey printout."""
    return (
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


def _bar_legend_marks(legend: list[tuple[str, str, float, int]]) -> list[str]:
    """What the bar, the tick and the dashed line are."""
    out = []
    for kind, text, lx, row in legend:
        cy = PAD + row * _LINE_H + _LINE_H / 2
        if kind == "bar":
            out.append(f'<rect x="{_c(lx)}" y="{_c(cy - 5)}" width="14" height="10" fill="#888"/>')
        elif kind == "tick":
            out.append(f'<line x1="{_c(lx + 7)}" y1="{_c(cy - 7)}" x2="{_c(lx + 7)}" y2="{_c(cy + 7)}"'
                       ' stroke="#000" stroke-width="2"/>')
        else:
            out.append(f'<line x1="{_c(lx + 7)}" y1="{_c(cy - 7)}" x2="{_c(lx + 7)}" y2="{_c(cy + 7)}"'
                       f' stroke="{AXIS}" stroke-width="1" stroke-dasharray="4 3"/>')
        out.append(_text(lx + 18, cy + BAR_FONT * 0.35, text))
    return out


def _bar_axis_marks(g: _BarGeometry, axis_y: float, total_h: float) -> list[str]:
    """Ticks on top, a faint grid, the dashed 100% line."""
    grid_top, grid_bottom = axis_y + 4, total_h - PAD
    out = [f'<g fill="{MUTED}" text-anchor="middle">']
    for t in g.ticks:
        out.append(f'<text x="{_c(g.BX(t))}" y="{_c(axis_y)}">{_plain(t * 100)}%</text>')
    out.append("</g>")
    out.append(f'<g stroke="{GRID}" stroke-width="1">')
    for t in g.ticks:
        if t != 1:
            out.append(f'<line x1="{_c(g.BX(t))}" y1="{_c(grid_top)}" x2="{_c(g.BX(t))}" y2="{_c(grid_bottom)}"/>')
    out.append("</g>")
    x100 = g.BX(Decimal(1))
    out.append(f'<line x1="{_c(x100)}" y1="{_c(grid_top)}" x2="{_c(x100)}" y2="{_c(grid_bottom)}"'
               f' stroke="{AXIS}" stroke-width="1" stroke-dasharray="4 3"/>')
    return out


def _bar_row(g: _BarGeometry, row: tuple[str, Optional[Decimal], Optional[Decimal], str],
             place: tuple[float, float, list[str]], vtext: str, pid: dict[str, str]) -> list[str]:
    """One indicator: its name (wrapped), the bar, the schedule tick, the value."""
    name, c, s, status = row
    ry, h, lines = place
    desc = f"{name}：完成率{_pct(c)}"
    if s is not None:
        desc += f"，序时进度{_pct(s)}"
    desc += f"，{STATUS_LABEL.get(status, status)}"
    out = [f"<g><title>{_esc(desc)}</title>"]
    block = len(lines) * _LINE_H
    ty = ry + (h - block) / 2 + _LINE_H / 2 + BAR_FONT * 0.35
    for i, ln in enumerate(lines):
        out.append(_text(PAD, ty + i * _LINE_H, ln))
    mid = ry + h / 2
    by = mid - BAR_HEIGHT / 2
    if c is not None and c > 0:
        end_x = g.BX(c)
        fill = f"url(#{pid[status]})" if status in pid else STATUS_FILL.get(status, STATUS_FILL["met"])
        out.append(f'<rect x="{_c(g.bar_left)}" y="{_c(by)}" width="{_c(end_x - g.bar_left)}"'
                   f' height="{BAR_HEIGHT}" fill="{fill}" stroke="#333" stroke-width="0.5"/>')
        if c > g.axis_max:  # cut: two white slashes near the end
            for dx in (-10, -6):
                out.append(f'<line x1="{_c(end_x + dx)}" y1="{_c(by + BAR_HEIGHT + 1)}"'
                           f' x2="{_c(end_x + dx + 3)}" y2="{_c(by - 1)}" stroke="#fff" stroke-width="1.5"/>')
    if s is not None:
        sx = g.BX(s)
        for colour, w in (("#fff", 4), ("#000", 2)):
            out.append(f'<line x1="{_c(sx)}" y1="{_c(by - 3)}" x2="{_c(sx)}" y2="{_c(by + BAR_HEIGHT + 3)}"'
                       f' stroke="{colour}" stroke-width="{w}"/>')
    if c is None:
        out.append(_text(g.bar_left + 4, mid + BAR_FONT * 0.35, vtext, fill=MUTED))
    else:
        weight = ' font-weight="bold"' if status == "severe" else ""
        out.append(_text(g.bar_right + 8, mid + BAR_FONT * 0.35, vtext, extra=weight))
    out.append("</g>")
    return out
