"""The report opened in headless Chromium: it loads without a single network
request, every indicator and every red department is in the rendered text, the
charts have a size, and it prints to the expected number of A4 pages."""

import json

import pytest

import browser
from conftest import SEED


@pytest.fixture(scope="module")
def report_2022(tmp_path_factory):
    from click.testing import CliRunner

    from kjcx.cli.app import cli

    out = tmp_path_factory.mktemp("report") / "通报.html"
    runner = CliRunner()
    result = runner.invoke(cli, ["--data", str(SEED), "report", "2022", "--since", "2022-03-31",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    status = json.loads(runner.invoke(cli, ["--data", str(SEED), "status", "2022", "-f",
                                            "json"]).stdout)
    return out, status


def test_no_network_request(chromium_bin, report_2022):
    html, _ = report_2022
    assert browser.network_requests(html) == []


def test_rendered_text_and_charts(chromium_bin, report_2022):
    html, status = report_2022
    seen = browser.probe(html)
    text = seen["text"]
    for row in status["indicators"]:
        assert row["name"] in text
    for name in status["summary"]["lagging_departments"]:
        assert f"{name}（滞后）" in text
    for heading in ("总体情况", "指标完成情况", "期末展望", "指标走势", "重点任务推进情况", "责任单位情况",
                    "滞后任务", "以来的变化"):
        assert heading in text
    with_target = [r for r in status["indicators"] if r["target"] is not None]
    # one chart per indicator with a target, but those whose only point is that target
    # (no figure, no baseline: nothing to draw a trend from), plus the completion bars
    # (data/targets.yaml: 每万家企业法人中高新技术企业数 and 规模以上工业企业中有研发活动企业占比
    # have a 2022 target, no baseline and no figure): 14 - 2 + 1
    assert len(with_target) == 14 and len(seen["svgs"]) == 14 - 2 + 1
    assert "只有一个数据点的指标（2 项）不绘走势图" in text
    for box in seen["svgs"]:
        assert box["width"] > 100 and box["height"] > 50


def test_prints_to_a4_pages(chromium_bin, report_2022, tmp_path):
    html, _ = report_2022
    pdf = tmp_path / "通报.pdf"
    browser.print_pdf(html, pdf)
    pages = browser.pdf_page_count(pdf)
    # 1-2: headline, indicator table, completion bars, 期末展望; 2-4: the 12 charts (run on
    # from the text before them); 4-6: sections, departments with the red ones' items,
    # tasks, changes
    assert pages == 6


def test_screenshot(chromium_bin, report_2022, tmp_path):
    html, _ = report_2022
    png = tmp_path / "report.png"
    browser.screenshot(html, png, width=1000)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
