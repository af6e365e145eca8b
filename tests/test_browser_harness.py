"""tests/browser.py works: Chinese text and SVG sizes as rendered, screenshots,
PDF page counts, and network requests caught - in a real headless Chromium.

Without Chromium these skip (locally) or fail (when $CI is set)."""

import struct
import sys
import zlib
from pathlib import Path

import pytest

import browser

ROOT = Path(__file__).resolve().parents[1]

HEAD = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>body {{ font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
"WenQuanYi Micro Hei", sans-serif; }} {style}</style></head>
<body>{body}</body></html>
"""


def page(tmp_path: Path, body: str, *, style: str = "", title: str = "测试",
         name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(HEAD.format(title=title, style=style, body=body), encoding="utf-8")
    return path


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" role="img" '
       'aria-label="示例"><rect width="120" height="60" fill="#1f5fa8"/>'
       '<text x="10" y="35" fill="#fff">图表</text></svg>')


# --- without a browser -------------------------------------------------------------------


def test_missing_browser_skips_locally_and_fails_in_ci(monkeypatch):
    monkeypatch.delenv("KJCX_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", "")
    assert browser.chromium() is None
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium"):
        browser.require_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        browser.require_chromium()


def test_pdf_page_count_reads_plain_and_compressed_objects(tmp_path):
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(b"%PDF-1.4\n1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R] /Count 2>> endobj\n"
                      b"2 0 obj <</Type /Page /Parent 1 0 R>> endobj\n"
                      b"3 0 obj <</Type/Page/Parent 1 0 R>> endobj\n%%EOF\n")
    assert browser.pdf_page_count(plain) == 2
    objects = b"4 0 5 40 <</Type /Page /Parent 1 0 R>> <</Type /Page /Parent 1 0 R>>"
    packed = zlib.compress(objects)
    packed_pdf = tmp_path / "packed.pdf"
    packed_pdf.write_bytes(
        b"%PDF-1.5\n1 0 obj <</Type /Pages /Count 3>> endobj\n"
        b"2 0 obj <</Type /Page>> endobj\n"
        b"6 0 obj <</Type /ObjStm /N 2 /First 10 /Filter /FlateDecode /Length "
        + str(len(packed)).encode() + b">>\nstream\n" + packed + b"\nendstream\nendobj\n%%EOF\n")
    assert browser.pdf_page_count(packed_pdf) == 3


def test_inject_puts_head_first_and_body_last():
    html = "<!DOCTYPE html><HTML><Head lang=x><style>a{}</style></head><body>x</BODY></html>"
    out = browser._inject(html, head="<H/>", body_end="<B/>")
    assert out == "<!DOCTYPE html><HTML><Head lang=x><H/><style>a{}</style></head><body>x<B/></BODY></html>"
    assert browser._inject("<p>x", head="<H/>", body_end="<B/>") == "<H/><p>x<B/>"


# --- in Chromium -------------------------------------------------------------------------


def test_probe_sees_chinese_text_and_svg_size(chromium_bin, tmp_path):
    path = page(tmp_path, f"<h1>科技创新行动计划</h1><p>技术合同成交额 &lt;完成率&gt;</p>{SVG}")
    seen = browser.probe(path)
    assert "科技创新行动计划" in seen["text"]
    assert "技术合同成交额 <完成率>" in seen["text"]
    assert "图表" in seen["text"]  # inline SVG text is part of innerText too
    assert seen["svgs"] == [{"width": 120, "height": 60}]
    assert seen["title"] == "测试"
    assert seen["height"] > 0


def test_screenshot_is_a_real_png(chromium_bin, tmp_path):
    path = page(tmp_path, "<h1>科技创新</h1>" + SVG * 3)
    png = browser.screenshot(path, tmp_path / "shot.png", width=800, height=300)
    assert png_size(png) == (800, 300)
    assert png.stat().st_size > 2000  # text and blue boxes, not a blank page
    full = browser.screenshot(path, tmp_path / "full.png", width=640)
    w, h = png_size(full)
    assert w == 640 and 100 <= h < 400  # the page's own height


def test_pdf_page_count_follows_page_breaks(chromium_bin, tmp_path):
    one = page(tmp_path, "<p>第一页</p>", name="one.html")
    two = page(tmp_path, '<p>第一页</p><p style="break-before: page">第二页</p>', name="two.html")
    assert browser.pdf_page_count(browser.print_pdf(one, tmp_path / "one.pdf")) == 1
    pdf = browser.print_pdf(two, tmp_path / "two.pdf")
    assert browser.pdf_page_count(pdf) == 2
    media = pdf.read_bytes().split(b"/MediaBox [0 0 ", 1)[1].split(b"]", 1)[0].split()
    assert [round(float(v)) for v in media] == [595, 842]  # A4 in points


def test_page_rule_of_the_page_wins_over_the_a4_default(chromium_bin, tmp_path):
    path = page(tmp_path, "<p>横向</p>", style="@page { size: A4 landscape; }")
    pdf = browser.print_pdf(path, tmp_path / "land.pdf")
    media = pdf.read_bytes().split(b"/MediaBox [0 0 ", 1)[1].split(b"]", 1)[0].split()
    assert [round(float(v)) for v in media] == [842, 595]


def test_network_requests_catch_an_image(chromium_bin, tmp_path):
    path = page(tmp_path, '<p>外链图片</p><img src="https://example.com/x.png" alt="">')
    assert browser.network_requests(path) == ["https://example.com/x.png"]


def test_network_requests_catch_a_protocol_relative_font(chromium_bin, tmp_path):
    style = "@font-face { font-family: Leak; src: url(//example.com/f.woff); } p { font-family: Leak; }"
    path = page(tmp_path, "<p>外链字体</p>", style=style)
    found = browser.network_requests(path)
    assert found and all(u.endswith("//example.com/f.woff") for u in found)
    assert found[0].startswith("http")


def test_network_requests_catch_a_relative_reference(chromium_bin, tmp_path):
    path = page(tmp_path, '<p>相对路径</p><img src="logo.png" alt="">')
    found = browser.network_requests(path)
    assert len(found) == 1 and found[0].endswith("/logo.png")


def test_a_clean_page_makes_no_request(chromium_bin, tmp_path):
    path = page(tmp_path, "<p>干净的页面</p>" + SVG + '<img alt="" src="data:image/gif;base64,'
                "R0lGODlhAQABAAAAACwAAAAAAQABAAACAkQBADs=\">")
    assert browser.network_requests(path) == []


# --- the charts, rendered --------------------------------------------------------------------


def test_chart_demo_renders(chromium_bin, tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import chart_demo
    finally:
        sys.path.remove(str(ROOT / "bench"))
    path = chart_demo.main([str(tmp_path / "demo.html")])
    seen = browser.probe(path)
    examples = chart_demo.examples()
    assert len(seen["svgs"]) == len(examples) + 1  # the bars, then one chart each
    for box in seen["svgs"]:
        assert box["width"] > 0 and box["height"] > 0
    for s in examples:
        assert s.name in seen["text"]
    assert browser.network_requests(path) == []
    png = browser.screenshot(path, tmp_path / "demo.png", width=1100)
    w, h = png_size(png)
    assert w == 1100 and h > 800
