"""The report's 考核结果 section (HTML, Word, markdown) and the brief's 考核 sentence, read
back from the files, on the worked example of docs/score.md (docs/examples/kaohe)."""

import json

import pytest

from conftest import ROOT

EXAMPLE = ROOT / "docs" / "examples" / "kaohe"
# 2022 by the quota scheme: 优秀 floor(0.15 × 7) = 1, 良好 floor(0.3 × 7) = 2, ≥ 60 合格;
# 丙区 (318 > 300 万吨标准煤) vetoed
SENTENCE = ("经考核，甲区为优秀等次，丁区、乙区为良好等次，己区为合格等次，庚区、丙区、戊区为不合格等次。"
            "其中，丙区能源消费总量未完成年度目标，实行一票否决。现予公示，公示期为5个工作日。")
LINE = "7个区中，优秀1个，良好2个，合格1个，不合格3个；一票否决：丙区（能源消费总量）。"


def report(kjcx, tmp_path, suffix, *extra):
    out = tmp_path / f"通报{suffix}"
    result = kjcx("--data", EXAMPLE, "report", "2022", "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out


def test_brief_has_the_sentence(kjcx):
    result = kjcx("brief", "2022", "--data", EXAMPLE)
    assert result.exit_code == 0
    assert "各区节能目标责任评价考核：" + SENTENCE in result.output
    # the departments scheme: 区住建局 100.00, 区发改委 96.67 ≥ 90; 36.25 and 26.67 below
    assert "2022年度区直部门节能工作考核：经考核，区住建局、区发改委为优秀等次，区机关事务局、区工信局为不合格等次。" \
        in result.output
    doc = json.loads(kjcx("brief", "2022", "--data", EXAMPLE, "-f", "json").output)
    assert doc["score"][0].endswith(SENTENCE)


def test_a_report_inside_the_year_has_no_score(kjcx):
    result = kjcx("brief", "2022", "--data", EXAMPLE, "--as-of", "2022-06-30")
    assert "经考核" not in result.output


def test_markdown_section(kjcx, tmp_path):
    text = report(kjcx, tmp_path, ".md").read_text(encoding="utf-8")
    assert "## 考核结果" in text and "### 各区节能目标责任评价考核（2022年）结果" in text
    assert "| 1 | 甲区 | 40 | 15 | 35 | 8 | 2 | 5 | 105.00 | 优秀 | 进1位 | - |" in text
    assert "| 6 | 丙区 | 24 | 16.67 | 0 | 8 | 1 | 0 | 49.67 | 不合格 | 退1位 | 一票否决：能源消费总量 |" in text
    assert LINE in text
    assert "满分 100 分；各单位按牵头事项的得分换算为百分制。" in text
    # the section comes after 分解情况 and before 重点任务推进情况
    assert text.index("## 分解情况") < text.index("## 考核结果") < text.index("## 重点任务推进情况")


def test_html_section(kjcx, tmp_path):
    import re

    html = report(kjcx, tmp_path, ".html").read_text(encoding="utf-8")
    assert re.search(r'<h2 id="scores">[一二三四五六七八九十]、考核结果</h2>', html)
    assert '<th>重点用能单位节能量（40分）</th>' in html
    assert f'<p class="count">{LINE}</p>' in html
    assert '<tr class="lag"><td class="n">6</td><td>丙区</td>' in html


def test_word_section(kjcx, tmp_path):
    import docx

    document = docx.Document(str(report(kjcx, tmp_path, ".docx")))
    texts = [p.text for p in document.paragraphs]
    assert any(t.endswith("、考核结果") for t in texts)
    assert LINE in texts and any(SENTENCE in t for t in texts)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "排名"
                 and "重点用能单位节能量（40分）" in [c.text for c in t.rows[0].cells])
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert rows[0][:2] == ["1", "甲区"] and rows[0][8] == "105.00"
    assert rows[5][1] == "丙区" and rows[5][-1] == "一票否决：能源消费总量"


def test_a_plan_without_scoring_has_no_section(kjcx, tmp_path):
    text = kjcx("--data", ROOT / "data", "report", "2022").output
    assert "考核结果" not in text


@pytest.fixture
def html_report(tmp_path):
    from click.testing import CliRunner

    from kjcx.cli.app import cli

    out = tmp_path / "通报.html"
    result = CliRunner().invoke(cli, ["--data", str(EXAMPLE), "report", "2022", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_browser_reads_the_section(chromium_bin, html_report):
    import browser

    text = browser.probe(html_report)["text"]
    assert "考核结果" in text and "各区节能目标责任评价考核（2022年）结果" in text
    assert LINE in text
    for unit in ("甲区", "乙区", "丙区", "丁区", "戊区", "己区", "庚区", "区住建局", "区工信局"):
        assert unit in text
    assert browser.network_requests(html_report) == []
