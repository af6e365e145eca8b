"""kjcx.report.charts: well-formed, exact, escaped, finite, deterministic SVG."""

import decimal
import re
import sys
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kjcx.report import svg as look  # the charts' sizes and colours
from kjcx.report.charts import (
    IndicatorSeries,
    Point,
    TargetPoint,
    completion_bars,
    fmt_number,
    indicator_chart,
    nice_ticks,
    text_width,
)

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import chart_demo  # noqa: E402

# Every attribute that holds coordinates or lengths.
NUMERIC = {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height"}


def series(**kw) -> IndicatorSeries:
    base = dict(name="指标", unit="家", direction="higher", start=2020, end=2022,
                baseline=None, targets=[], actuals=[], revisions=[])
    base.update(kw)
    return IndicatorSeries(**base)


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    return root


def numbers(root: ET.Element):
    """(tag, attribute, value) for every coordinate in the drawing."""
    for el in root.iter():
        for name, value in el.attrib.items():
            if name in NUMERIC:
                yield el.tag, name, float(value)
            elif name == "points":
                for pair in value.split():
                    for v in pair.split(","):
                        yield el.tag, name, float(v)
            elif name == "d":
                for v in re.findall(r"-?[\d.]+(?:e-?\d+)?", value):
                    yield el.tag, name, float(v)
            elif name == "viewBox":
                for v in value.split():
                    yield el.tag, name, float(v)


def assert_sane(svg: str) -> ET.Element:
    """Well-formed, accessible, finite, inside its own box."""
    assert not re.search(r"nan|inf", svg, re.I), svg
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-label")
    assert root[0].tag == SVG + "title" and root[0].text == root.get("aria-label")
    w, h = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    for tag, name, v in numbers(root):
        assert v == v and abs(v) != float("inf")
        if tag.endswith(("}line", "}circle", "}text")) and name != "r":
            limit = w if name.startswith(("x", "cx")) else h
            assert -1 <= v <= limit + 1, (tag, name, v)
    for line in root.iter(SVG + "polyline"):
        for pair in line.get("points").split():
            x, y = map(float, pair.split(","))
            assert -1 <= x <= w + 1 and -1 <= y <= h + 1, pair
    return root


def demo_series():
    return chart_demo.examples()


# --- exact geometry ---------------------------------------------------------------


def test_exact_coordinates_of_a_hand_computed_chart():
    # Ticks: values 0, 30, 40 -> 0 / 20 / 40 (step 20: the tightest cover, fewest ticks).
    # Legend: one row (no unit): 目标, 实际.
    # left   = PAD 4 + widest tick label "40" (2 digits x 0.6 x 10 = 12) + gap 4 = 20
    # right  = 320 - 4 - 2 = 314              -> plot width 294
    # top    = 4 + 1 row x 14 + 10 // 2 + 2 = 25
    # bottom = 183 - 4 - 14 = 165              -> plot height 140
    # x: Jan 1 2020 .. Dec 31 2021 = 730 days; Dec 31 2020 is day 365 -> 20 + 294/2 = 167
    # y: 40 -> 25, 20 -> 95, 0 -> 165; 30, halfway between 20 and 40 -> 60
    s = series(start=2020, end=2021, unit="",
               targets=[TargetPoint(2020, D(0), "explicit"), TargetPoint(2021, D(40), "explicit")],
               actuals=[Point(date(2020, 12, 31), D(30), True)])
    root = assert_sane(indicator_chart(s, width=320, height=183))
    grid = sorted(float(ln.get("y1")) for ln in root.iter(SVG + "line")
                  if ln.get("x1") == "20" and ln.get("x2") == "314")
    assert grid == [25, 95, 165, 165]  # three ticks and the x axis on the 0 tick
    labels = {t.text: float(t.get("y")) for t in root.iter(SVG + "text") if t.text in ("0", "20", "40")}
    assert labels == {"40": 28.5, "20": 98.5, "0": 168.5}  # baseline-shifted by 0.35 em
    dots = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(SVG + "circle")
            if c.get("fill") == look.ACTUAL and float(c.get("cy")) > 25]
    assert dots == [(167, 60)]
    assert (95 + 25) / 2 == 60
    # The target path: (Dec 31 2020, 0) -> (Dec 31 2021, 40), dashed.
    target = [p for p in root.iter(SVG + "polyline") if p.get("stroke-dasharray") == "5 3"]
    assert [p.get("points") for p in target] == ["167,165 314,25"]


def test_a_flow_is_drawn_per_year_as_bars_not_a_sawtooth():
    # A flow starts from 0 each January: a bar per year, the target a dashed mark.
    # Legend, one row: 年度目标 (19 + 4 x 10 = 59) at 4, 年内累计 at 4 + 59 + 8 = 71.
    # Ticks 0 / 20 / 40: left = 4 + 12 + 4 = 20, right = 316, top = 4 + 14 + 10 + 4 = 32,
    # bottom = 183 - 4 - 14 = 165; Y(v) = 165 - v / 40 x 133: Y(40) = 32, Y(20) = 98.5.
    # Two year slots of (316 - 20) / 2 = 148: centres 94 (2021) and 242 (2022);
    # half a slot's mark: min(148 x 0.3, 24) = 24; the bar 2 x 0.7 x 24 = 33.6 wide.
    s = series(start=2021, end=2022, kind="flow", unit="",
               targets=[TargetPoint(2021, D(40), "explicit"), TargetPoint(2022, D(40), "explicit")],
               actuals=[Point(date(2022, 6, 30), D(20), False)])
    root = assert_sane(indicator_chart(s, width=320, height=183))
    assert not list(root.iter(SVG + "polyline"))  # no line falling to 0 each January
    marks = [(ln.get("x1"), ln.get("x2"), ln.get("y1")) for ln in root.iter(SVG + "line")
             if ln.get("stroke-dasharray") == "5 3" and ln.get("y1") == ln.get("y2") and ln.get("x1") != "4"]
    assert marks == [("70", "118", "32"), ("218", "266", "32")]  # 94 ± 24, 242 ± 24 at Y(40)
    bars = [(r.get("x"), r.get("y"), r.get("width"), r.get("height"), r.get("fill"))
            for r in root.iter(SVG + "rect") if float(r.get("y")) > 32]
    # the figure to date, hollow: x = 242 - 16.8, from Y(20) = 98.5 down to Y(0) = 165
    assert bars == [("225.2", "98.5", "33.6", "66.5", "#fff")]
    # its label names the date, between the bar (98.5) and the target mark (32) above it:
    # baseline at 98.5 - 4 = 94.5
    label = [t for t in root.iter(SVG + "text") if t.text == "20（6月30日）"]
    assert [(t.get("x"), t.get("y")) for t in label] == [("242", "94.5")]


def test_a_lone_point_draws_no_chart():
    from kjcx.report.flowchart import too_few

    one_target = series(targets=[TargetPoint(2022, D(8), "explicit")])
    assert too_few(one_target)
    assert not too_few(series(targets=[TargetPoint(2022, D(8), "explicit")],
                              actuals=[Point(date(2022, 6, 30), D(7), False)]))
    assert too_few(series(targets=[TargetPoint(2022, D("NaN"), "explicit")],
                          actuals=[Point(date(2022, 6, 30), D(7), False)]))


def _label_box(t: ET.Element) -> tuple[float, float, float, float]:
    w = text_width(t.text, float(t.get("font-size") or look.FONT))
    x, y = float(t.get("x")), float(t.get("y"))
    x0 = {"middle": x - w / 2, "end": x - w}.get(t.get("text-anchor"), x)
    return x0, y - look.FONT * 0.8, x0 + w, y


def _segment_enters(box, a, b) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 <= a[0] + (b[0] - a[0]) * k / 100 <= x1 and y0 <= a[1] + (b[1] - a[1]) * k / 100 <= y1
               for k in range(101))


@pytest.mark.parametrize("case", ["seed 科技领军", "seed 瞪羚", "on the target"])
def test_the_value_label_never_crosses_a_line(case):
    s = {
        # the shipped plan's 科技领军 (2022, as of 6-30): the latest figure is at the top of
        # the axis, right of the dashed target path that runs through the same corner
        "seed 科技领军": series(start=2020, end=2022, baseline=(2019, D(0)),
                               targets=[TargetPoint(y, D(v), "explicit") for y, v in ((2020, 0), (2021, 1), (2022, 2))],
                               actuals=[Point(date(2020, 12, 31), D(0), True), Point(date(2021, 12, 31), D(1), True),
                                        Point(date(2022, 3, 31), D(1), False), Point(date(2022, 6, 30), D(2), False)]),
        "seed 瞪羚": series(start=2020, end=2022, baseline=(2019, D(7)),
                           targets=[TargetPoint(y, D(v), "explicit") for y, v in ((2020, 8), (2021, 10), (2022, 12))],
                           actuals=[Point(date(2020, 12, 31), D(8), True), Point(date(2021, 12, 31), D(7), True),
                                    Point(date(2022, 3, 31), D(7), False), Point(date(2022, 6, 30), D(6), False)]),
        "on the target": series(start=2021, end=2022,
                                targets=[TargetPoint(2021, D(10), "explicit"), TargetPoint(2022, D(20), "explicit")],
                                actuals=[Point(date(2021, 12, 31), D(10), True), Point(date(2022, 6, 30), D(15), False)]),
    }[case]
    root = assert_sane(indicator_chart(s))
    label = [t for t in root.iter(SVG + "text") if t.get("fill") == look.ACTUAL]
    assert len(label) == 1
    box = _label_box(label[0])
    for line in root.iter(SVG + "polyline"):
        pts = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
        for a, b in zip(pts, pts[1:]):
            assert not _segment_enters(box, a, b), (case, label[0].text, box, a, b)


def test_tick_labels_of_an_axis_share_their_decimals():
    # 2.55 .. 2.62: ticks 2.55, 2.575, 2.6, 2.625 - all with three decimals, not 2.6 beside 2.625
    s = series(unit="%", targets=[TargetPoint(2021, D("2.58"), "explicit"), TargetPoint(2022, D("2.62"), "explicit")],
               actuals=[Point(date(2021, 12, 31), D("2.55"), True)])
    root = parse(indicator_chart(s))
    ticks = [t.text for g in root if g.tag == SVG + "g" and g.get("text-anchor") == "end" for t in g]
    assert ticks == ["2.550", "2.575", "2.600", "2.625"]
    for s in demo_series():
        root = parse(indicator_chart(s))
        for g in root:
            if g.tag == SVG + "g" and g.get("text-anchor") == "end":
                decimals = {len(t.text.split(".")[1]) if "." in t.text else 0
                            for t in g if not t.text.endswith(("万", "亿")) or "." in t.text}
                assert len(decimals) <= 1, [t.text for t in g]


def test_completion_bars_geometry():
    rows = [("甲", D("0.5"), D("0.5"), "behind"), ("乙", D(1), D(1), "met")]
    root = assert_sane(completion_bars(rows))
    bars = [r for r in root.iter(SVG + "rect") if r.get("stroke") == "#333"]
    assert len(bars) == 2
    left = float(bars[0].get("x"))
    half, full = (left + float(b.get("width")) for b in bars)
    assert full - left == pytest.approx(2 * (half - left), abs=0.11)
    ticks = [float(ln.get("x1")) for ln in root.iter(SVG + "line")
             if ln.get("stroke") == "#000" and ln.get("stroke-width") == "2"]
    assert ticks[1:] == pytest.approx([half, full], abs=0.11)  # [0] is the legend's
    dashed = [float(ln.get("x1")) for ln in root.iter(SVG + "line")
              if ln.get("stroke-dasharray") == "4 3"]
    assert dashed[-1] == pytest.approx(full, abs=0.11)  # the 100% line


# --- words and numbers ---------------------------------------------------------------


@pytest.mark.parametrize("value, text", [
    ("10", "10"), ("1E+1", "10"), ("2.5000", "2.5"), ("41.2", "41.2"), ("-0.0", "0"),
    ("2.583333333333333", "2.58"), ("0.00123", "0.00123"), ("12345.678", "12345.68"),
    ("123456", "12.35万"), ("300000000", "3亿"), ("1E+14", "100万亿"), ("-250000", "-25万"),
])
def test_numbers_read_as_a_person_writes_them(value, text):
    assert fmt_number(D(value)) == text


def test_tick_labels_have_no_exponent():
    for s in demo_series():
        root = parse(indicator_chart(s))
        for t in root.iter(SVG + "text"):
            assert "E" not in (t.text or "")


def test_escaping_of_names_and_labels():
    name = 'A<b>&"c"\'d'
    svg = indicator_chart(series(name=name, unit="<&>",
                                 targets=[TargetPoint(2022, D(1), "explicit")],
                                 revisions=[(date(2022, 7, 1), '<r&"1">')]))
    root = assert_sane(svg)
    assert root.get("aria-label").startswith(name + "（单位：<&>）")
    assert "<b>" not in svg and 'A&lt;b&gt;&amp;&quot;c&quot;' in svg
    assert any(t.text == '目标调整：<r&"1">（2022年7月1日起）' for t in root.iter(SVG + "title"))
    bars = completion_bars([(name, D("0.5"), None, "near"), ("x", None, None, "<weird>")])
    broot = assert_sane(bars)
    texts = [t.text for t in broot.iter(SVG + "text")]
    assert name in texts and "<weird>" in texts


def test_control_characters_do_not_break_the_xml():
    s = series(name="坏\x00名\x1b字\ud800", targets=[TargetPoint(2022, D(1), "explicit")])
    assert_sane(indicator_chart(s))
    assert_sane(completion_bars([("坏\x07名", D(1), D(1), "met")]))


def test_long_names_wrap_inside_their_column():
    name = "“雏鹰”企业、瞪羚企业和独角兽企业培育数量（含省级以上认定）" * 2
    for width in (320, 640, 900):
        root = assert_sane(completion_bars([(name, D("0.3"), D("0.5"), "severe")], width=width))
        bar_x = min(float(r.get("x")) for r in root.iter(SVG + "rect") if r.get("stroke") == "#333")
        lines = [t.text for t in root.iter(SVG + "text") if t.get("x") == str(look.PAD)
                 and t.text not in ("完成率",)]
        assert "".join(lines) == name
        assert len(lines) > 1
        for ln in lines:
            assert look.PAD + text_width(ln, look.BAR_FONT) <= bar_x - 8 + 0.11


def test_status_is_told_apart_without_colour():
    rows = [(s, D("0.5"), D("0.5"), s) for s in ("met", "near", "behind", "severe")]
    rows += [("无数据", None, None, "no_data"), ("无目标", None, None, "no_target")]
    root = assert_sane(completion_bars(rows))
    fills = [r.get("fill") for r in root.iter(SVG + "rect") if r.get("stroke") == "#333"]
    assert len(set(fills)) == 4  # solid, dots, stripes, cross-hatch
    assert all(f.startswith("url(#") for f in fills[1:])
    texts = [t.text for t in root.iter(SVG + "text")]
    for word in ("50.0% 达标", "50.0% 基本达标", "50.0% 滞后", "50.0% 严重滞后", "无数据", "无目标"):
        assert word in texts


# --- degenerate input ------------------------------------------------------------------

DEGENERATE = {
    "nothing": series(),
    "no actuals": series(targets=[TargetPoint(y, D(y - 2000), "explicit") for y in (2020, 2021, 2022)]),
    "single target": series(targets=[TargetPoint(2022, D(5), "explicit")]),
    "only actuals": series(actuals=[Point(date(2021, 12, 31), D(3), True)]),
    "all equal": series(baseline=(2019, D(7)),
                        targets=[TargetPoint(y, D(7), "explicit") for y in (2020, 2021, 2022)],
                        actuals=[Point(date(2020, 12, 31), D(7), True)]),
    "all zero": series(targets=[TargetPoint(2020, D(0), "explicit")],
                       actuals=[Point(date(2020, 12, 31), D(0), True)]),
    "negative": series(targets=[TargetPoint(2020, D(-5), "explicit"), TargetPoint(2021, D(-1), "explicit")],
                       actuals=[Point(date(2020, 6, 30), D("-7.25"), False)]),
    "huge": series(targets=[TargetPoint(2020, D("1e14"), "explicit"), TargetPoint(2022, D("9.99e14"), "explicit")],
                   actuals=[Point(date(2021, 12, 31), D("123456789012345"), True)]),
    "tiny span": series(targets=[TargetPoint(2020, D("1.000000000000001"), "explicit")],
                        actuals=[Point(date(2020, 12, 31), D("1.000000000000002"), True)]),
    "many decimals": series(baseline=(2019, D("2.3")),
                            targets=[TargetPoint(2021, D("2.4666666666666666666666666667"), "interpolated")],
                            actuals=[Point(date(2021, 12, 31), D("2.583333333333333333"), True)]),
    "not finite": series(targets=[TargetPoint(2020, D("NaN"), "explicit"), TargetPoint(2021, D(3), "explicit")],
                         actuals=[Point(date(2020, 12, 31), D("Infinity"), True),
                                  Point(date(2021, 12, 31), D("-Infinity"), True)]),
    "one-year plan": series(start=2022, end=2022, targets=[TargetPoint(2022, D(1), "explicit")]),
    "thirty years": series(start=2000, end=2030, baseline=(1999, D(1)),
                           targets=[TargetPoint(y, D(y - 1990), "explicit") for y in range(2000, 2031)],
                           actuals=[Point(date(y, 12, 31), D(y - 1991), True) for y in range(2000, 2020)]),
    "revision without original": series(targets=[TargetPoint(2022, D(5), "revised")],
                                        revisions=[(date(2022, 1, 1), "r1")]),
    "figure after the plan": series(actuals=[Point(date(2023, 3, 1), D(2), True)]),
    "flow, nothing": series(kind="flow"),
}


@pytest.mark.parametrize("case", list(DEGENERATE))
@pytest.mark.parametrize("size", [(320, 180), (120, 90), (60, 20), (1000, 400)])
def test_degenerate_input_draws_a_sane_chart(case, size):
    w, h = size
    svg = indicator_chart(DEGENERATE[case], width=w, height=h)
    assert_sane(svg)
    assert len(svg.encode()) < 12_000 if case == "thirty years" else len(svg.encode()) < 6_000


def test_degenerate_ticks_are_three_to_five():
    for s in DEGENERATE.values():
        root = parse(indicator_chart(s))
        g = [el for el in root if el.tag == SVG + "g" and el.get("text-anchor") == "end"]
        assert 3 <= len(list(g[0])) <= 5


def test_completion_bars_degenerate():
    assert_sane(completion_bars([]))
    assert_sane(completion_bars([("x", D("NaN"), D("Infinity"), "met")]))
    assert_sane(completion_bars([("x", D("1e14"), D("-3"), "met"), ("y", D(-1), D(0), "severe")],
                                width=10))


# --- determinism and size -------------------------------------------------------------


def test_same_input_same_bytes_whatever_the_decimal_context():
    first = [indicator_chart(s) for s in demo_series()] + [completion_bars(chart_demo.BARS)]
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.traps[decimal.Inexact] = True
        second = [indicator_chart(s) for s in demo_series()] + [completion_bars(chart_demo.BARS)]
    assert first == second


def test_charts_are_small():
    for s in demo_series():
        assert len(indicator_chart(s).encode()) < 6_000
    assert len(completion_bars(chart_demo.BARS).encode()) < 12_000


def test_bar_patterns_have_ids_per_content():
    a = completion_bars([("a", D(1), D(1), "behind")])
    b = completion_bars([("b", D(1), D(1), "behind")])
    ids = lambda svg: set(re.findall(r'id="([^"]+)"', svg))  # noqa: E731
    assert ids(a) and ids(a) == ids(completion_bars([("a", D(1), D(1), "behind")]))
    assert not ids(a) & ids(b)


# --- nice ticks ---------------------------------------------------------------------------

finite = st.decimals(min_value=D("-1e14"), max_value=D("1e14"), allow_nan=False,
                     allow_infinity=False, places=6)


@settings(max_examples=300, deadline=None)
@given(finite, finite)
def test_nice_ticks_cover_evenly_in_three_to_five(a, b):
    ticks = nice_ticks(a, b)
    assert 3 <= len(ticks) <= 5
    assert ticks[0] <= min(a, b) and ticks[-1] >= max(a, b)
    steps = {ticks[i + 1] - ticks[i] for i in range(len(ticks) - 1)}
    assert len(steps) == 1 and steps.pop() > 0
    if min(a, b) >= 0:
        assert ticks[0] >= 0


def test_legend_lists_what_is_drawn():
    def texts(s):
        return [t.text for t in parse(indicator_chart(s)).iter(SVG + "text")]

    empty = texts(DEGENERATE["single target"])
    assert "暂无实际数据" in empty and "实际" not in empty and "目标" in empty
    demo = {s.name: texts(s) for s in demo_series()}
    assert {"目标", "年末实际", "年内实际", "原目标", "目标调整"} <= set(demo["高新技术企业数量"])
    assert "插值" in demo["研发支出与地区生产总值比值"] and "原目标" not in demo["研发支出与地区生产总值比值"]
    assert "单位：亿元" in demo["技术合同成交额"]
