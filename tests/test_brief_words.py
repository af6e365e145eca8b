"""The brief's words (tests/plans/brief_words, 示例数据): a closed year is judged
(完成/未完成年度目标, 约束性目标), an interpolated target is the plan's path, a % row is
worded in points, a cap in caps' words, a row with a yearly and a period target names
both, targets only in parts are counted as 分解到N个区考核; and a date before anything
was reported gives no verdicts at all."""

import pytest

import kjcx as api

from conftest import PLANS, SEED

DATA = PLANS / "brief_words"

# 2022 at year end.
# platforms: no 2022 target; T = 60.5 + (65 − 60.5) × (2022 − 2020) ÷ (2023 − 2020) = 63.5
#   (interpolated: the plan's path, not a 年度目标); 61.0 ÷ 63.5 = 0.96063 -> 96.1%
# rd: 2.59 − 2.40 = 0.19 points short (two decimals, as written)
# energy_use (a cap, 增速控制在3.0%以内): 3.4 − 3.0 = 0.4 points over the cap
# energy (binding): the year's 3.7 ≥ 3.5 -> 完成约束性目标; I = 0.97 × 0.963 = 0.93411,
#   cumulative (1 − 0.93411) × 100 = 6.589 -> 6.6%; progress ln 0.93411 ÷ ln 0.865 = 0.4700
#   -> 47.0%; time 2 ÷ 3 = 66.7%; 47.0 − 66.7 = −19.7 points
# labs: no target of its own; 东区 2 of 2 met, 西区 1 of 3 short -> 分解到2个区考核
BRIEF = (
    "2022年全年，计划确定的5项指标中，2022年有年度目标的3项、按规划路径测算的1项、分解到2个区考核的1项，"
    "完成目标0项、占比0.0%，未完成目标4项。"
    "其中，创新平台数量61.0个，按规划路径应达63.5个，完成路径目标的96.1%，未完成规划路径目标；"
    "研发投入强度2.40%，比年度目标低0.19个百分点，未完成年度目标；"
    "能源消费总量增速3.4%，超过上限0.4个百分点，未完成年度目标；"
    "单位地区生产总值能耗年度降低3.7%，完成约束性目标；累计降低6.6%，完成期内目标进度的47.0%，"
    "落后时间进度19.7个百分点。"
    "新建重点实验室：2个区中，完成年度目标1个，未完成年度目标1个；西区未完成年度目标。"
    "乙局、丙局、西区政府牵头事项未完成年度目标，请认真分析原因，抓紧整改。\n")


def test_year_end_words(kjcx):
    result = kjcx("--data", DATA, "brief", 2022)
    assert result.exit_code == 0, result.output
    assert result.stdout == BRIEF
    for word in ("序时", "滞后", "请抓紧推进", " 个百分点", "有年度目标的4项"):
        assert word not in result.stdout


def test_the_report_opens_with_the_same_paragraph(kjcx):
    out = kjcx("--data", DATA, "report", 2022).stdout
    assert BRIEF.strip() in out


def test_a_date_before_the_plan_is_a_usage_error(kjcx):
    # the plan runs 2020-2022: on 2019-06-30 nothing could have been reported
    result = kjcx("--data", SEED, "brief", "--as-of", "2019-06-30")
    assert result.exit_code == 2 and result.stdout == ""
    assert ("--as-of：2019-06-30 早于计划期（2020-2022年）：那时计划尚未开始，没有可通报的数据；"
            "请给 2020-01-01 或之后的日期") in result.stderr
    assert kjcx("--data", SEED, "report", "--as-of", "2019-06-30").exit_code == 2
    with pytest.raises(ValueError, match="早于计划期"):
        api.brief(api.load_plan(SEED), as_of="2019-06-30")


def test_a_date_before_any_report_blames_no_one(kjcx):
    # 2020-01-10: no figure and no task report is dated that early -> no counts, no names
    result = kjcx("--data", SEED, "brief", "--as-of", "2020-01-10")
    assert result.exit_code == 0
    assert result.stdout == "截至2020年1月10日，2020年尚无报送数据。\n"


CAP = """plan: {name: 上限测试计划, start: 2021, end: 2025}
indicators:
  - {id: e, name: 能源消费总量增速, unit: "%", kind: growth, direction: lower,
     baseline: {year: 2020}, period: {cumulative: 16}, actuals: {2021: 5.0, 2022: 5.0}}
"""


def test_a_period_cap_in_caps_words():
    from kjcx.report.outlook import paragraphs

    st = api.evaluate(api.load_text(CAP), 2022)
    # 期内累计增长不超过16%: I = 1.05 × 1.05 = 1.1025 -> 累计增长10.3%; share of the cap used
    # ln 1.1025 ÷ ln 1.16 = 0.09758 ÷ 0.14842 = 65.7% against time 2 ÷ 5 = 40%: 25.7 points
    # faster than time (the bad side of a cap); each remaining year may add at most
    # ((1.16 ÷ 1.1025)^(1/3) − 1) × 100 = 1.709 -> 1.7%
    assert paragraphs(st) == ["能源消费总量增速：累计增长10.3%，用去期内增长上限的65.7%，快于时间进度25.7个百分点；"
                              "今后每年增长不超过1.7%，按目前进度，期末目标完成存在较大难度。"]
    text = api.brief(api.load_text(CAP), 2022)
    assert "能源消费总量增速5.0%，累计增长10.3%，用去期内增长上限的65.7%，快于时间进度25.7个百分点。" in text
    assert "需增长" not in text and "落后" not in text


def test_the_report_names_what_a_red_department_did_not_complete(kjcx):
    out = kjcx("--data", SEED, "report", 2021).stdout
    # 2021 at year end: 瞪羚 7 of 10 and task 2 (70% < 100 − 10 = 90) are short of the year
    assert "- **区科技局**（滞后）：牵头的“瞪羚”企业数量、任务2（拓展新型合作伙伴关系）未完成年度目标。" in out
    out = kjcx("--data", SEED, "report", 2022).stdout  # within the year: 滞后
    assert "牵头的" in out and "滞后。" in out


def test_a_year_end_date_over_june_figures_still_paces_them(kjcx):
    # --as-of 2022-12-31 with the figures of 2022-06-30: the rows are evaluated at 06-30
    # (119 of E = 122.96: 低于序时进度3.1个百分点), so the year is not judged as closed
    out = kjcx("--data", SEED, "brief", 2022, "--as-of", "2022-12-31").stdout
    assert "高新技术企业数量119家（6月底数据），完成年度目标的93.0%，低于序时进度3.1个百分点" in out
    assert "未完成年度目标" not in out and out.endswith("请抓紧推进。\n")


def test_a_rate_to_date_is_worded_for_its_span():
    text = (DATA / "targets.yaml").read_text(encoding="utf-8").replace(
        "actuals: {2021: 3.0, 2022: 3.7}", "actuals: {2021: 3.0, 2022: {value: 3.1, as_of: 2022-09-30}}")
    out = api.brief(api.load_text(text), 2022)
    # the energy row is a rate to 9月底 (3.1 against the year's 3.5: 0.4 points low): not
    # judged as a closed year; the rows evaluated at the year end keep their verdicts
    assert "单位地区生产总值能耗截至9月底同比降低3.1%，比年度目标低0.4个百分点；累计降低" in out
    assert "研发投入强度2.40%，比年度目标低0.19个百分点，未完成年度目标；" in out
    assert out.endswith("请抓紧推进。")
