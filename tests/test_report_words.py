"""The report reads like a 通报: its title, where the 文号 sits, dates as 6月30日,
year-end words, departments named by their items (no score), the changes
since a date each once and only what changed, a figure's note labelled 备注."""

import datetime
import re

import pytest

from kjcx.report.content import title

from conftest import SEED


@pytest.mark.parametrize("day, expected", [
    (datetime.date(2022, 3, 31), "关于2022年一季度《河东区科技创新三年行动计划（2020-2022年）》推进情况的通报"),
    (datetime.date(2022, 6, 30), "关于2022年上半年《河东区科技创新三年行动计划（2020-2022年）》推进情况的通报"),
    (datetime.date(2022, 9, 30), "关于2022年前三季度《河东区科技创新三年行动计划（2020-2022年）》推进情况的通报"),
    (datetime.date(2022, 8, 31), "关于2022年1-8月《河东区科技创新三年行动计划（2020-2022年）》推进情况的通报"),
    (datetime.date(2022, 12, 31), "关于2022年《河东区科技创新三年行动计划（2020-2022年）》推进情况的通报"),
    (datetime.date(2022, 8, 15), "关于2022年《河东区科技创新三年行动计划（2020-2022年）》推进情况的通报"),
    (None, "关于2022年《河东区科技创新三年行动计划（2020-2022年）》推进情况的通报"),
])
def test_title_is_guan_yu_tong_bao_with_full_width_brackets(day, expected):
    assert title("河东区科技创新三年行动计划(2020-2022年)", 2022, day) == expected
    assert title("《河东区科技创新三年行动计划（2020-2022年）》", 2022, day) == expected  # no 《《


def _report(kjcx, tmp_path, suffix, year=2022, *extra):
    out = tmp_path / f"通报{suffix}"
    result = kjcx("--data", SEED, "report", year, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out


def _docx_text(path) -> str:
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


NUMBER = ("--number", "河东科创办〔2022〕3号", "--issuer", "河东区科技创新工作领导小组办公室")


def test_document_number_above_the_title_and_the_date_alone_below(kjcx, tmp_path):
    page = _report(kjcx, tmp_path, ".html", 2022, "--since", "2022-03-31", *NUMBER).read_text(encoding="utf-8")
    plain = re.sub(r"</?span[^>]*>", "", page)
    # the 通报's own number above the title; the plan's 文号 only in the title's reference
    docno, h1 = plain.index('<p class="docno">河东科创办〔2022〕3号</p>'), plain.index("<h1>")
    assert docno < h1 and plain.count("河东政办函〔2021〕18号") == 2  # the <title> and the <h1>
    assert '<p class="subtitle">数据截至2022年6月30日</p>' in plain  # no 文号 after the date
    assert plain.rstrip().endswith('<p class="issuer">河东区科技创新工作领导小组办公室</p></body>\n</html>')
    import docx

    paragraphs = [p.text for p in docx.Document(str(_report(kjcx, tmp_path, ".docx", 2022, *NUMBER))).paragraphs]
    assert paragraphs[:3] == ["河东科创办〔2022〕3号",
                              "关于2022年上半年《河东区科技创新三年行动计划（2020-2022年）》"
                              "（河东政办函〔2021〕18号）推进情况的通报",
                              "数据截至2022年6月30日"]
    assert paragraphs[-1] == "河东区科技创新工作领导小组办公室"


@pytest.mark.parametrize("year", [2021, 2022])
def test_no_score_words_and_no_iso_dates(kjcx, tmp_path, year):
    since = f"{year}-03-31"
    texts = {
        "md": _report(kjcx, tmp_path, ".md", year, "--since", since).read_text(encoding="utf-8"),
        "docx": _docx_text(_report(kjcx, tmp_path, ".docx", year, "--since", since)),
        "html": _report(kjcx, tmp_path, ".html", year, "--since", since).read_text(encoding="utf-8"),
        "brief": kjcx("--data", SEED, "brief", year).stdout,
    }
    for kind, text in texts.items():
        for word in ("最差事项", "序时完成率"):
            assert word not in text, (kind, word)
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), (kind, re.findall(r".{20}\d{4}-\d{2}-\d{2}.{5}", text))


def test_a_red_department_is_named_by_the_items_it_leads(kjcx):
    md = kjcx("--data", SEED, "report", 2022).stdout
    # status 2022: 区人社局 leads task 19 (behind, 服务月活动延期) and task 20 (no report)
    assert "- **区人社局**（滞后）：牵头的任务19（引进培养高层次优秀人才）滞后；任务20（引进培育高素质技能人才）未报送。" in md
    assert "- **区市场监管局**（滞后）：牵头的任务15（加强知识产权创造保护运用）滞后。" in md


def test_changes_since_a_date_name_each_item_once_and_only_what_changed(kjcx):
    md = kjcx("--data", SEED, "report", 2022, "--since", "2022-03-31").stdout
    section = md[md.index("## 3月31日以来的变化"):]
    lines = [ln[2:] for ln in section.splitlines() if ln.startswith("- ")]
    names = [ln.split("：")[0] for ln in lines if "：" in ln]
    assert len(names) == len(set(names))  # each indicator or department once
    # 瞪羚: 7 on 3-31, 6 on 6-30; 6/12 = 50% against 181/365 = 49.6% x 1.6 -> 严重滞后
    assert "“瞪羚”企业数量：7家（3月31日） → 6家（6月30日），状态由滞后变为严重滞后。" in lines
    # 13 both times: the figure is not a change, the status (13/15 = 86.7% < 89.9%) is
    assert "市级以上创新创业平台：仍为13家（6月30日），状态由达标变为基本达标。" in lines
    # 高新技术企业数量 119 and 新建市级重点实验室 0 again, statuses unchanged: counted, not listed
    assert "另有2项指标重新报送，数值未变。" in lines
    assert not any(name in section for name in ("高新技术企业数量", "新建市级重点实验室"))
    assert not re.search(r"(\S+家)（[^）]*） → \1（", section)  # no 13家 → 13家


def test_kjcx_diff_lists_an_indicator_once_with_its_figure_and_status(kjcx):
    text = kjcx("--data", SEED, "diff", "2022-03-31", "2022-06-30", "-f", "plain").stdout
    assert "2022年3月31日至6月30日的变化" in text
    table = text[text.index("【指标变化】"):text.index("【任务变化】")]
    rows = [ln for ln in table.splitlines()[3:] if ln.strip()]
    names = [ln.split()[0] for ln in rows]
    assert len(names) == len(set(names)) == 9  # 11 new figures less the 2 unchanged, + none
    gazelle = next(ln for ln in rows if ln.startswith("“瞪羚”"))
    assert gazelle.split()[1:] == ["7家（3月31日）", "6家（6月30日）", "滞后", "→", "严重滞后"]
    tasks = text[text.index("【任务变化】"):text.index("【责任单位结论变化】")]
    assert "加强知识产权创造保护运用" not in tasks  # 未启动 0% both times: nothing changed
    assert "另有 2 项指标重新报送，数值未变。" in text


def test_year_end_tables_say_annual_target_not_schedule(kjcx, tmp_path):
    import docx

    table = docx.Document(str(_report(kjcx, tmp_path, ".docx", 2021))).tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[7] == "年度目标\n完成情况"
    rows = {r.cells[0].text: r.cells[7].text for r in table.rows[1:]}
    # 2021 year end: 瞪羚 7 of 10 (70.0%), 研发 2.56 of 2.58: short; 成交额 46.8 of 45: met
    assert rows["“瞪羚”企业数量"] == "未完成\n年度目标"  # two lines of a narrow column
    assert rows["研发支出与地区生产总值比值"] == "未完成\n年度目标"
    assert rows["全区技术合同成交额"] == "完成\n年度目标"


def test_a_figures_note_is_labelled_as_a_note(kjcx):
    out = kjcx("--data", SEED, "status", 2022).stdout
    # the note of the 6-30 figure of 瞪羚 is 上半年 (the period it covers), not a reason
    assert "“瞪羚”企业数量（严重滞后）备注：上半年" in out
    assert "“瞪羚”企业数量（严重滞后）：上半年" not in out
