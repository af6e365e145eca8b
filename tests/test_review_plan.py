"""The review plan (tests/plans/review_plan, 示例数据): a 十四五-style plan read as its
user would, pinning what the review found and fixed."""
from pathlib import Path

import pytest

import kjcx

PLAN = Path(__file__).parent / "plans" / "review_plan"


@pytest.fixture(scope="module")
def plan():
    return kjcx.load_plan(PLAN, cache=False)


def test_the_review_plan_checks_clean():
    assert kjcx.check_plan(PLAN) == []


def test_a_done_task_is_not_an_old_figure_in_the_brief(plan):
    """Year end: every indicator is reported at 12-31; 任务2 (市科技局) was done on 09-30 and
    任务5 (市统计局) on 06-15, so neither has anything left to report. Only 任务6 (市工信局,
    滞后 on 06-30, not reported since) is old — the one status names in its 说明."""
    text = kjcx.brief(plan, 2022)
    assert "市工信局牵头的部分事项本期未报送新数据，以上沿用此前报送的数据。" in text
    assert "本期未按期报送的单位：市工信局（任务6）。" in text
    assert "市科技局、" not in text.split("未报送新数据")[0].split("。")[-1]
    # June: every figure is dated 06-30 and 任务5 was done on 06-15: nothing is old.
    assert "未报送新数据" not in kjcx.brief(plan, 2022, as_of="2022-06-30")


def test_a_done_task_keeps_the_seed_sentence_for_an_old_figure(plan):
    """The sentence still names a lead with a figure older than the period: 任务6 in June
    was reported 06-30, so at --as-of 2022-09-30 it is old (not done) and 市工信局 is named."""
    text = kjcx.brief(plan, 2022, as_of="2022-09-30")
    assert "市工信局" in text.split("牵头的部分事项本期未报送新数据")[0].split("。")[-1]


@pytest.fixture(scope="module")
def report_md(tmp_path_factory):
    from click.testing import CliRunner

    from kjcx.cli.app import cli

    out = tmp_path_factory.mktemp("review") / "x.md"
    result = CliRunner().invoke(cli, ["--data", str(PLAN), "report", "2022", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_outlook_of_a_rank_is_said_in_positions(report_md):
    """全省区域创新能力排名: 2022 年末 8, 2025 target 5 → behind by 8 − 5 = 3 positions;
    needed (8 − 5) ÷ (2025 − 2022) = 1 a year toward the front; 2021 was 8 too → 持平."""
    assert ("全省区域创新能力排名2022年末第8位，期末（2025年）目标为第5位以内，落后3位；"
                    "需年均前移1位，与2021年持平，按目前进度，期末目标完成存在较大难度。") in report_md


def test_outlook_gap_at_the_precision_of_its_figures(report_md):
    """技术合同成交额: 96.0 at the year end, target 150 at the indicator's one decimal =
    150.0; the gap 150.0 − 96.0 = 54.0 is said at the same precision, not 54.
    Pace: (150 − 96) ÷ 3 = 18 a year needed; (96 − 80) ÷ 2 = 8 a year since 2020."""
    assert ("技术合同成交额2022年末96.0亿元，期末（2025年）目标150.0亿元，尚差54.0亿元；"
                    "需年均增加18亿元，2020年以来年均增加8亿元，按目前进度，期末目标完成存在较大难度。") in report_md


def test_a_stale_task_is_said_late_not_absent(report_md):
    """任务6 (市工信局) reported 滞后 15% on 06-30 and nothing since; the round is 12-31. It
    counts once as 牵头滞后 and once as 未报送 (missing includes 未按期报送, docs/method.md 8),
    and the report words it as status and remind do: 未按期报送, not 未报送 (it did report)."""
    assert ("- **市工信局**（滞后）：牵头的任务6（建设工业互联网平台）未完成年度目标；"
            "任务6（建设工业互联网平台）未按期报送。") in report_md


def test_explain_department_names_the_late_rule(plan):
    """explain 市工信局: 未报送 1 = 任务6, reported 06-30 before the 12-31 round; the rule
    text must cover that case, or it contradicts its own 1."""
    doc = kjcx.explain(plan, "市工信局", 2022).json()
    step = next(s for s in doc["steps"] if s["name"] == "missing")
    assert step["formula"] == ("牵头的任务当年无报告；牵头的指标在已结束的年份无数据；"
                               "牵头的事项未按期报送（所用数据早于本轮报送日期）")
    assert step["result"] == [6]


def test_remind_words_a_lagging_row_by_its_kind(plan):
    """On 2022-09-15 the figures are June's. A rank has no completion (it printed
    “完成年度目标的-”); a rate is judged in points like the brief: 8.5 − 10 = −1.5,
    1.2 − 3 = −1.8 个百分点; a flow keeps its share: 40.2 ÷ 100 = 40.2%."""
    text = kjcx.remind(plan, "2022-09-15").text()
    assert "全省区域创新能力排名指标进展滞后（截至6月30日第9位，目标为第7位以内）" in text
    assert "高技术制造业增加值增长指标进展滞后（截至6月30日同比增长8.5%，比年度目标低1.5个百分点）" in text
    assert "单位地区生产总值能耗降低指标进展滞后（截至6月30日同比降低1.2%，比年度目标低1.8个百分点）" in text
    assert "技术合同成交额指标进展滞后（截至6月30日完成年度目标的40.2%）" in text
    assert "-）" not in text
