"""The report as it prints: laid out at the width of an A4 page in headless
Chromium, no token (a number with its unit, a date, a status word, a
department name) breaks across lines or sticks out of its cell, no name
column is narrower than six characters, the title leaves no character alone
on a line, and the printed PDF's text shows no token split at a line end.
Run for the shipped plan and for a plan with long units (吨标煤/万元)."""

import html
import re
import shutil
import subprocess

import pytest

import browser
from conftest import PLANS, SEED

# CSS px of the printed text width: A4 210 mm less the @page margins 2 x 16 mm = 178 mm,
# at 96 px per inch: 178 / 25.4 x 96 = 672.8
PRINT_WIDTH = 673

MEASURE = r"""
var out = {tokens: 0, broken: [], overflow: [], names: [], title: [], width: 0};
var cells = document.querySelectorAll('.nw, td.st');
cells.forEach(function (el) {
  out.tokens += 1;
  var rects = el.getClientRects(), tops = {};
  for (var i = 0; i < rects.length; i++) { if (rects[i].width > 0) tops[Math.round(rects[i].top)] = 1; }
  if (Object.keys(tops).length > 1) out.broken.push(el.textContent);
  var cell = el.closest('td, th');
  if (cell && el !== cell) {
    var c = cell.getBoundingClientRect(), r = el.getBoundingClientRect();
    if (r.right > c.right + 0.5 || r.left < c.left - 0.5) out.overflow.push(el.textContent);
  }
});
document.querySelectorAll('td.name, th.name').forEach(function (cell) {
  var st = getComputedStyle(cell);
  var inner = cell.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
  out.names.push([cell.textContent, inner / parseFloat(st.fontSize)]);
});
// characters per line of the title: one Range per character, grouped by its line's top
var h1 = document.querySelector('h1'), walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
var lines = {}, node;
while ((node = walker.nextNode())) {
  for (var k = 0; k < node.length; k++) {
    var range = document.createRange(); range.setStart(node, k); range.setEnd(node, k + 1);
    var top = Math.round(range.getBoundingClientRect().top);
    lines[top] = (lines[top] || 0) + 1;
  }
}
out.title = Object.keys(lines).map(Number).sort(function (a, b) { return a - b; })
  .map(function (t) { return lines[t]; });
out.width = document.documentElement.scrollWidth;
return out;
"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The HTML report of the shipped plan (2022, with the changes since 3-31) and of
    the long-unit plan (2022, a year end with three outlooks), and status JSON of each."""
    from click.testing import CliRunner

    from kjcx.cli.app import cli

    out = {}
    runner = CliRunner()
    for name, data, extra in (("seed", SEED, ["--since", "2022-03-31"]),
                              ("long_units", PLANS / "long_units", [])):
        html = tmp_path_factory.mktemp(name) / "通报.html"
        result = runner.invoke(cli, ["--data", str(data), "report", "2022", "-o", str(html), *extra])
        assert result.exit_code == 0, result.output
        out[name] = html
    return out


@pytest.mark.parametrize("plan", ["seed", "long_units"])
def test_printed_layout_keeps_tokens_whole_and_names_wide(chromium_bin, reports, plan):
    seen = browser.measure(reports[plan], MEASURE, width=PRINT_WIDTH, height=800)
    assert seen["tokens"] > 100  # numbers, dates, units, names and status words: many
    assert seen["broken"] == []
    assert seen["overflow"] == []
    # every name column (指标, 章节, 单位, 任务) at least six characters of its own font
    assert seen["names"] and min(chars for _, chars in seen["names"]) >= 6, seen["names"]
    # the title (with the plan's 文号 as its reference) on at most three lines, none with a
    # lone character (报 alone, before): a 公文 title may take several lines
    assert len(seen["title"]) <= 3 and min(seen["title"]) >= 2, seen["title"]
    assert seen["width"] <= PRINT_WIDTH  # nothing runs past the page's right margin


def test_the_measure_sees_breaks_when_tokens_may_break(chromium_bin, reports):
    """The layout check is not vacuous: with the non-breaking spans and the name
    column's minimum width switched off, the long-unit report breaks tokens."""
    off = "<style>.nw, td.st { white-space: normal !important; } .name, td.name > div { min-width: 0 !important; }</style>"
    page = reports["long_units"].read_text(encoding="utf-8").replace("</head>", off + "</head>")
    loose = reports["long_units"].with_name("loose.html")
    loose.write_text(page, encoding="utf-8")
    seen = browser.measure(loose, MEASURE, width=PRINT_WIDTH, height=800)
    # the spans that broke include the long unit (a figure with it: 0.03吨标煤/万元, the
    # unit column's own cell may break after its slash) and the words of the outlook
    assert any("吨标煤/万元" in t for t in seen["broken"]) and "存在较大难度" in seen["broken"]


def _tokens(page: str) -> set[str]:
    """The texts the page keeps on one line (its non-breaking spans and status cells)."""
    spans = re.findall(r'<(?:span class="nw"|td class="st[^"]*")>(.*?)</(?:span|td)>', page)
    texts = {re.sub(r"\s+", "", html.unescape(s)) for s in spans}
    # a bare number (30) would match two figures on adjacent lines of a chart (0.53 /
    # 0.53); Chromium never breaks inside a run of digits anyway
    return {t for t in texts if len(t) > 1 and not re.fullmatch(r"[-+\d.%]+", t)}


def _blocks(pdf) -> list[list[str]]:
    """The printed text as pdftotext sees it: blocks (a paragraph, a cell) of lines."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        browser.require_tool("pdftotext", "poppler-utils")
    assert pdftotext is not None
    xhtml = subprocess.run([pdftotext, "-bbox-layout", str(pdf), "-"], capture_output=True,
                           check=True, timeout=60).stdout.decode("utf-8")
    out = []
    for block in re.findall(r"<block[^>]*>(.*?)</block>", xhtml, re.S):
        lines = re.findall(r"<line[^>]*>(.*?)</line>", block, re.S)
        out.append(["".join(html.unescape(w) for w in re.findall(r"<word[^>]*>(.*?)</word>", ln, re.S))
                    for ln in lines])
    return out


@pytest.mark.parametrize("plan", ["seed", "long_units"])
def test_the_printed_pdf_splits_no_token(chromium_bin, reports, plan, tmp_path):
    """The PDF Chromium prints, read back: no line of running text ends inside a
    token. (pdftotext gives each line of a table cell a block of its own, so
    cells are the layout check's part.)"""
    pdf = browser.print_pdf(reports[plan], tmp_path / "通报.pdf")
    blocks = _blocks(pdf)
    page = reports[plan].read_text(encoding="utf-8")
    tokens = _tokens(page)
    assert len(tokens) > 30 and len(blocks) > 100
    assert _splits(blocks, tokens, page) == []


def _splits(blocks: list[list[str]], tokens: set[str], page: str) -> list[tuple[str, str, str]]:
    """Line ends inside a token, within one block (a paragraph or a cell); the
    breaks the page allows (年度|目标 in a header: two spans) are not splits."""
    split = []
    for lines in blocks:
        for a, b in zip(lines, lines[1:]):
            for t in tokens:
                for k in range(1, len(t)):
                    allowed = f'<span class="nw">{t[:k]}</span><span class="nw">{t[k:]}</span>' in page
                    if a.endswith(t[:k]) and b.startswith(t[k:]) and not allowed:
                        split.append((t, a, b))
    return split


@pytest.mark.parametrize("plan", ["seed", "long_units"])
def test_no_page_is_left_half_empty(chromium_bin, reports, plan, tmp_path):
    """Charts and tables flow on (no forced page break before the charts): every
    page but the last has text down to at least three quarters of its height."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        browser.require_tool("pdftotext", "poppler-utils")
    assert pdftotext is not None
    pdf = browser.print_pdf(reports[plan], tmp_path / "通报.pdf")
    xhtml = subprocess.run([pdftotext, "-bbox-layout", str(pdf), "-"], capture_output=True,
                           check=True, timeout=60).stdout.decode("utf-8")
    fill = []
    for height, body in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', xhtml, re.S):
        bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"', body)]
        fill.append(max(bottoms) / float(height) if bottoms else 0.0)
    assert len(fill) >= 2
    # the A4 page's text area ends at (297 - 18) / 297 = 0.94 of its height
    assert all(f >= 0.75 for f in fill[:-1]), fill
