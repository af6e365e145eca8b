"""kjcx report: the same content as HTML (self-contained), Word and markdown,
with the numbers of status JSON."""

import json
import re

import pytest

from conftest import SEED


@pytest.fixture
def status_2022(kjcx):
    return json.loads(kjcx("--data", SEED, "status", 2022, "-f", "json").stdout)


def make(kjcx, tmp_path, name, *extra):
    out = tmp_path / name
    result = kjcx("--data", SEED, "report", 2022, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out


def test_html_is_self_contained(kjcx, tmp_path):
    html = make(kjcx, tmp_path, "通报.html", "--since", "2022-03-31").read_text(encoding="utf-8")
    # no network: nothing fetched by src/href/url(), no script at all
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']|url\(\s*["']?([^"')]*)""", html)
    for ref in (a or b for a, b in refs):
        assert not re.match(r"(?i)(https?:|//|ftp:)", ref.strip()), ref
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert "@page" in html and "size: A4" in html
    assert "WenQuanYi Micro Hei" in html and "Microsoft YaHei" in html
    # a chart per indicator with a target (14) but the two whose only point is their 2022
    # target (每万家企业法人中高新技术企业数, 规模以上工业企业中有研发活动企业占比), plus the bars:
    # 14 - 2 + 1 = 13
    assert html.count("<svg") == 13


def test_html_holds_every_section_in_order(kjcx, tmp_path, status_2022):
    html = make(kjcx, tmp_path, "x.html", "--since", "2022-03-31").read_text(encoding="utf-8")
    html = re.sub(r"</?span[^>]*>", "", html)  # the non-breaking spans around tokens
    order = ["总体情况", "指标完成情况", "期末展望", "指标走势", "重点任务推进情况", "责任单位情况",
             "滞后任务", "3月31日以来的变化"]
    positions = [html.index(f"、{title}") for title in order]
    assert positions == sorted(positions)
    for row in status_2022["indicators"]:
        assert row["name"] in html  # “雏鹰” keeps its quotation marks
    for name in status_2022["summary"]["lagging_departments"]:
        assert f"<strong>{name}</strong>（滞后）" in html
    # the brief paragraph is the headline: 技术合同成交额 21.3 of 50 = 42.6%, 序时 181/365
    assert "完成年度目标的42.6%，低于序时进度7.0个百分点" in html
    # a lagging task with its note
    assert "服务月活动延期" in html


def test_docx_holds_the_brief_the_table_and_the_red_departments(kjcx, tmp_path, status_2022):
    import docx

    path = make(kjcx, tmp_path, "通报.docx")
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    brief = kjcx("--data", SEED, "brief", 2022).stdout.strip()
    assert brief in text
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert [h.replace("\n", "") for h in header[:6]] == ["指标", "单位", "年度目标", "实际", "截至", "完成率"]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    for ind in status_2022["indicators"]:
        cells = rows[ind["name"]]
        if ind["target"] is not None:
            assert cells[2] == str(ind["target"])
        if ind["actual"] is not None:
            assert cells[3] == str(ind["actual"])
        if ind["completion"] is not None:
            assert cells[5] == f"{ind['completion'] * 100:.1f}%"
    for name in status_2022["summary"]["lagging_departments"]:
        assert any(p.text.startswith(f"{name}：") for p in document.paragraphs)
    body = next(p for p in document.paragraphs if p.text == brief)
    fonts = body.runs[0]._element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"


def test_markdown_to_stdout_and_file(kjcx, tmp_path):
    result = kjcx("--data", SEED, "report", 2021)
    assert result.exit_code == 0
    # no number of its own: the title first; the plan's 文号 only in its reference to the plan
    assert result.stdout.startswith(
        "# 关于2021年《河东区科技创新三年行动计划（2020-2022年）》（河东政办函〔2021〕18号）推进情况的通报\n")
    assert "| 全区技术合同成交额 | 亿元 | 45 | 46.8 | 年末 | 104.0% | 100.0% | 完成年度目标 |" in result.stdout
    # year end: 70.0% of the target is 未完成年度目标, not 低于序时 30.0 个百分点
    assert "| “瞪羚”企业数量 | 家 | 10 | 7 | 年末 | 70.0% | 100.0% | 未完成年度目标 |" in result.stdout
    assert "低于序时" not in result.stdout
    path = make(kjcx, tmp_path, "x.md")
    assert "## 责任单位情况（按滞后程度排序）" in path.read_text(encoding="utf-8")


def test_unknown_suffix_is_a_usage_error(kjcx, tmp_path):
    result = kjcx("--data", SEED, "report", 2022, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert ".html、.docx 或 .md" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_a_failed_write_leaves_the_old_report(kjcx, tmp_path, monkeypatch):
    out = tmp_path / "x.html"
    out.write_text("old", encoding="utf-8")
    import os

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    result = kjcx("--data", SEED, "report", 2022, "-o", out)
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.html"]
