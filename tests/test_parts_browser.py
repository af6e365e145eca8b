"""The report of a plan with a broken-down indicator (tests/plans/parts_21), opened in
headless Chromium: no network request, every part and the counting line in the text,
the parts' bar chart drawn, and it prints to A4 (the 21-row table does not overflow)."""

import pytest

import browser
from conftest import PLANS

PARTS = ["成都", "自贡", "攀枝花", "泸州", "德阳", "绵阳", "广元", "遂宁", "内江", "乐山", "南充",
         "眉山", "宜宾", "广安", "达州", "雅安", "巴中", "资阳", "阿坝", "甘孜", "凉山"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from click.testing import CliRunner

    from kjcx.cli.app import cli

    out = tmp_path_factory.mktemp("parts") / "通报.html"
    result = CliRunner().invoke(cli, ["--data", str(PLANS / "parts_21"), "report", "2021", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_no_network_request(chromium_bin, report):
    assert browser.network_requests(report) == []


def test_parts_table_line_and_chart(chromium_bin, report):
    seen = browser.probe(report)
    text = seen["text"]
    assert "二、指标完成情况" in text and "三、期末展望" in text
    assert "四、分解情况" in text and "五、指标走势" in text
    assert "技术合同登记成交额（亿元）：各市（州）完成情况" in text
    for name in PARTS:
        assert name in text
    assert "21 个市（州）中，达标 10 个，基本达标 4 个，滞后 3 个，严重滞后 2 个，无数据 2 个。" in text
    # the whole's completion bars, the parts' bars, the whole's chart of targets and actuals
    assert len(seen["svgs"]) == 3
    for box in seen["svgs"]:
        assert box["width"] > 100 and box["height"] > 50
    # the page is no wider than the window: the 21-row table fits
    assert seen.get("width", 1200) <= 1200


def test_prints_to_a4(chromium_bin, report, tmp_path):
    pdf = tmp_path / "通报.pdf"
    browser.print_pdf(report, pdf)
    # 1: headline, indicator table and bars, the parts table; 2: the rest of the table,
    # the line and the parts' bars; 3: the chart (charts start a page); 4: departments
    assert browser.pdf_page_count(pdf) == 4
