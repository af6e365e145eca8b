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
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from kjcx.report.bars import completion_bars  # one of the two charts: the API is here
from kjcx.report.svg import (
    _ACTUAL_LINE,
    _HALO,
    _ORIGINAL_LINE,
    _TARGET_LINE,
    ACTUAL,
    AXIS,
    FONT,
    GRID,
    LEGEND_ROW,
    MUTED,
    ORIGINAL,
    PAD,
    TARGET,
    TEXT,
    TICK_GAP,
    X_LABELS,
    _c,
    _ctx,
    _date_words,
    _dot,
    _esc,
    _finite,
    _polyline,
    _square,
    _svg_open,
    _text,
    _tick_labels,
    _triangle,
    fmt_number,
    nice_ticks,
    text_width,
)

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


# --- indicator_chart -------------------------------------------------------------


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
    data = _Drawn.of(s)
    legend, rows = _legend(_legend_items(s, data), width, height)
    f = _frame(s, data, width, height, rows)
    out = [_svg_open(width, height, _describe(s, data.targets, data.actuals), FONT)]
    out += _legend_marks(legend)
    out += _axes(f)
    out += _revision_marks(f, data.revisions)
    out += _target_marks(f, data)
    pts = _actual_points(f, data)
    out += _actual_marks(f, data, pts)
    if data.actuals:  # the latest figure's value, where it fits and clear of the target path
        p, v = data.actuals[-1]
        lines = _target_path(f, data, lambda v, o: v) + [pts]
        marks = [(f.X(_year_end(t.year)), f.Y(v)) for t, v, _ in data.targets] + pts
        out.append(_value_label(fmt_number(v), f.X(p.date), f.Y(v), lines, marks,
                                (f.left, f.top, f.right, f.bottom)))
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class _Drawn:
    """What of a series is drawn: its finite values only, in date order."""

    targets: list[tuple[TargetPoint, Decimal, Optional[Decimal]]]  # (point, value, original)
    actuals: list[tuple[Point, Decimal]]  # in date order (stable)
    baseline: Optional[tuple[int, Decimal]]
    revisions: list[tuple[datetime.date, str]]

    @classmethod
    def of(cls, s: IndicatorSeries) -> _Drawn:
        targets = []
        for t in sorted(s.targets, key=lambda t: t.year):
            v = _finite(t.value)
            if v is not None:
                targets.append((t, v, _finite(t.original) if t.original is not None else None))
        actuals = []
        for p in sorted(s.actuals, key=lambda p: p.date):
            v = _finite(p.value)
            if v is not None:
                actuals.append((p, v))
        baseline: Optional[tuple[int, Decimal]] = None
        if s.baseline is not None:
            baseline_value = _finite(s.baseline[1])
            if baseline_value is not None:
                baseline = (int(s.baseline[0]), baseline_value)
        return cls(targets, actuals, baseline, sorted(s.revisions, key=lambda r: r[0]))

    @property
    def revised(self) -> bool:
        return any(o is not None for _, _, o in self.targets)

    @property
    def dated(self) -> bool:
        return any(not p.year_end for p, _ in self.actuals)


def _year_end(y: int) -> datetime.date:
    return datetime.date(y, 12, 31)


# legend samples' widths (px) before their words
_SAMPLE_W = {"unit": 0, "target": 16, "interpolated": 6, "original": 16, "actual": 16,
             "dated": 8, "revision": 8}


def _legend_items(s: IndicatorSeries, data: _Drawn) -> list[tuple[str, str]]:
    """(kind, words) of each legend entry the chart needs."""
    items = []
    if s.unit:
        items.append(("unit", f"单位：{s.unit}"))
    if data.targets:
        items.append(("target", "目标"))
    if any(t.source == "interpolated" for t, _, _ in data.targets):
        items.append(("interpolated", "插值"))
    if data.revised:
        items.append(("original", "原目标"))
    if data.actuals or data.baseline is not None:
        items.append(("actual", "年末实际" if data.dated else "实际"))
    if data.dated:
        items.append(("dated", "年内实际"))
    if data.revisions:
        items.append(("revision", "目标调整"))
    return items


def _legend(items: list[tuple[str, str]], width: int,
            height: int) -> tuple[list[tuple[str, str, float, int]], int]:
    """(kind, label, x, row) of each entry, wrapped to more rows when narrow, and
    the number of rows; none when the chart is too small to carry a legend."""
    legend: list[tuple[str, str, float, int]] = []
    x: float
    row, x = 0, PAD
    for kind, label in items:
        w = _SAMPLE_W[kind] + (3 if _SAMPLE_W[kind] else 0) + text_width(label, FONT)
        if x > PAD and x + w > width - PAD:
            row, x = row + 1, PAD
        legend.append((kind, label, x, row))
        x += w + 8
    rows = row + 1
    if height - 2 * PAD - X_LABELS - rows * LEGEND_ROW - 7 < 40:
        return [], 0  # the plot comes first
    return legend, rows


class _Frame:
    """The plot box, its axes' ranges and the mapping from (date, value) to px."""

    def __init__(self, left: float, right: float, top: float, bottom: float, d0: int, d1: int,
                 first_year: int, last_year: int, ticks: list[Decimal], labels: list[str],
                 tick_font: float):
        self.left, self.right, self.top, self.bottom = left, right, top, bottom
        self.d0, self.span_days = d0, max(d1 - d0, 1)
        self.first_year, self.last_year = first_year, last_year
        self.ticks, self.labels, self.tick_font = ticks, labels, tick_font
        self.pw, self.ph = right - left, bottom - top
        with decimal.localcontext(_ctx()):
            self.t_lo, self.span_v = ticks[0], ticks[-1] - ticks[0]

    def Y(self, v: Decimal) -> float:
        with decimal.localcontext(_ctx()):
            return self.bottom - float((v - self.t_lo) / self.span_v) * self.ph

    def X(self, d: datetime.date) -> float:
        return self.left + (d.toordinal() - self.d0) / self.span_days * self.pw


def _frame(s: IndicatorSeries, data: _Drawn, width: int, height: int, rows: int) -> _Frame:
    """Time from Jan 1 of the first year to Dec 31 of the last (widened to every
    figure and revision date), values to round ticks; tick labels too wide for 40%
    of the chart get a smaller font."""
    first_year, last_year, d0, d1 = _time_span(s, data)
    values = [v for _, v, _ in data.targets] + [o for _, _, o in data.targets if o is not None]
    values += [v for _, v in data.actuals]
    if data.baseline is not None:
        values.append(data.baseline[1])
    if not values:
        values = [Decimal(0)]
    ticks = nice_ticks(min(values), max(values))
    labels = _tick_labels(ticks)
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
    return _Frame(left, right, top, bottom, d0, d1, first_year, last_year, ticks, labels, tick_font)


def _time_span(s: IndicatorSeries, data: _Drawn) -> tuple[int, int, int, int]:
    """(first year, last year, first day, last day as ordinals) the x axis covers."""
    years = [t.year for t, _, _ in data.targets]
    first_year, last_year = min(int(s.start), int(s.end)), max(int(s.start), int(s.end))
    if data.baseline is not None:
        first_year = min(first_year, data.baseline[0])
    if years:
        first_year, last_year = min(first_year, *years), max(last_year, *years)
    d0 = datetime.date(first_year, 1, 1).toordinal()
    d1 = datetime.date(last_year, 12, 31).toordinal()
    for p, _ in data.actuals:
        d0, d1 = min(d0, p.date.toordinal()), max(d1, p.date.toordinal())
    for d, _ in data.revisions:
        d0, d1 = min(d0, d.toordinal()), max(d1, d.toordinal())
    return first_year, last_year, d0, d1


def _legend_marks(legend: list[tuple[str, str, float, int]]) -> list[str]:
    out = []
    for kind, label, lx, r in legend:
        cy = PAD + r * LEGEND_ROW + LEGEND_ROW / 2
        tx = lx + _SAMPLE_W[kind] + (3 if _SAMPLE_W[kind] else 0)
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
    return out


def _axes(f: _Frame) -> list[str]:
    """Grid, zero line, x axis, tick labels and the year labels."""
    out = [f'<g stroke="{GRID}" stroke-width="1">']
    for tick in f.ticks:
        out.append(f'<line x1="{_c(f.left)}" y1="{_c(f.Y(tick))}" x2="{_c(f.right)}" y2="{_c(f.Y(tick))}"/>')
    for y in range(f.first_year + 1, f.last_year + 1):
        x = f.X(datetime.date(y, 1, 1))
        out.append(f'<line x1="{_c(x)}" y1="{_c(f.top)}" x2="{_c(x)}" y2="{_c(f.bottom)}"/>')
    out.append("</g>")
    if f.ticks[0] < 0 < f.ticks[-1]:  # the zero line, when values cross it
        out.append(f'<line x1="{_c(f.left)}" y1="{_c(f.Y(Decimal(0)))}" x2="{_c(f.right)}"'
                   f' y2="{_c(f.Y(Decimal(0)))}" stroke="{AXIS}" stroke-width="1"/>')
    out.append(f'<line x1="{_c(f.left)}" y1="{_c(f.bottom)}" x2="{_c(f.right)}" y2="{_c(f.bottom)}"'
               f' stroke="{AXIS}" stroke-width="1"/>')
    small = "" if f.tick_font == FONT else f' font-size="{_c(f.tick_font)}"'
    out.append(f'<g fill="{MUTED}" text-anchor="end"{small}>')
    for tick, label in zip(f.ticks, f.labels):
        out.append(f'<text x="{_c(f.left - TICK_GAP)}" y="{_c(f.Y(tick) + f.tick_font * 0.35)}">'
                   f'{_esc(label)}</text>')
    out.append("</g>")
    # year labels, centred in each year, thinned out when they would touch
    slot = f.pw * 365 / f.span_days
    every = max(1, -(-int(text_width("2020", FONT) + 6) // max(int(slot), 1)))
    out.append(f'<g fill="{MUTED}" text-anchor="middle">')
    for y in range(f.first_year, f.last_year + 1):
        if (y - f.first_year) % every:
            continue
        x = f.X(datetime.date(y, 7, 2))
        out.append(f'<text x="{_c(x)}" y="{_c(f.bottom + X_LABELS - 2)}">{y}</text>')
    out.append("</g>")
    return out


def _revision_marks(f: _Frame, revisions: list[tuple[datetime.date, str]]) -> list[str]:
    """A dotted line and a triangle on the top edge at each revision date."""
    out = []
    for d, label in revisions:
        x = f.X(d)
        out.append(f'<g><title>{_esc(f"目标调整：{label}（{_date_words(d, False)}起）")}</title>'
                   f'<line x1="{_c(x)}" y1="{_c(f.top)}" x2="{_c(x)}" y2="{_c(f.bottom)}"'
                   f' stroke="{TARGET}" stroke-width="1" stroke-dasharray="1 2"/>'
                   f"{_triangle(x, f.top)}</g>")
    return out


def _target_path(f: _Frame, data: _Drawn, pick) -> list[list[tuple[float, float]]]:
    """The year-end targets as one path (from the baseline); `pick(value, original)`
    chooses which of the two each point shows."""
    path = []
    baseline, targets = data.baseline, data.targets
    if baseline is not None and (not targets or baseline[0] < targets[0][0].year):
        path.append((f.X(_year_end(baseline[0])), f.Y(baseline[1])))
    path += [(f.X(_year_end(t.year)), f.Y(pick(v, o))) for t, v, o in targets]
    return [path] if len(path) > 1 else []


def _target_marks(f: _Frame, data: _Drawn) -> list[str]:
    """The plan's original path, faint, where a revision changed a target; then the
    targets in force, squares hollow where interpolated."""
    out = []
    if data.revised:
        for path in _target_path(f, data, lambda v, o: o if o is not None else v):
            out.append(_polyline(path, _ORIGINAL_LINE))
        for t, _value, o in data.targets:
            if o is not None:
                out.append(_square(f.X(_year_end(t.year)), f.Y(o), False, ORIGINAL))
    for path in _target_path(f, data, lambda v, o: v):
        out.append(_polyline(path, _TARGET_LINE))
    for t, v, _ in data.targets:
        out.append(_square(f.X(_year_end(t.year)), f.Y(v), t.source != "interpolated"))
    return out


def _actual_points(f: _Frame, data: _Drawn) -> list[tuple[float, float]]:
    """The figures' line, from the baseline when it comes before them."""
    pts = [(f.X(p.date), f.Y(v)) for p, v in data.actuals]
    baseline, actuals = data.baseline, data.actuals
    if baseline is not None and (not actuals or _year_end(baseline[0]) < actuals[0][0].date):
        pts.insert(0, (f.X(_year_end(baseline[0])), f.Y(baseline[1])))
    return pts


def _actual_marks(f: _Frame, data: _Drawn, pts: list[tuple[float, float]]) -> list[str]:
    out = []
    if len(pts) > 1:
        out.append(_polyline(pts, _ACTUAL_LINE))
    if data.baseline is not None:
        out.append(_dot(f.X(_year_end(data.baseline[0])), f.Y(data.baseline[1]), True))
    for p, v in data.actuals:
        out.append(_dot(f.X(p.date), f.Y(v), p.year_end))
    if not data.actuals:
        out.append(_text((f.left + f.right) / 2, (f.top + f.bottom) / 2 + FONT * 0.35, "暂无实际数据",
                         anchor="middle", fill=MUTED, extra=_HALO))
    return out


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
