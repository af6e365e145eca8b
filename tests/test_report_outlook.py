"""期末展望 in the report: the indicators `status` calls 反向变动, 偏离目标 and 有风险,
each with where it stands, the final target and the paces, in that order; a count
of the rest; the plan's last year points to the table."""

import json

import pytest

from conftest import PLANS, SEED

ORDER = {"moving_away": 0, "off_track": 1, "at_risk": 2}


def outlook_section(kjcx, data, year) -> list[str]:
    md = kjcx("--data", data, "report", year).stdout
    section = md[md.index("## 期末展望"):]
    section = section[:section.index("\n## ", 3)]
    return [ln for ln in section.splitlines()[1:] if ln.strip()]


@pytest.mark.parametrize("data, year", [(SEED, 2021), (PLANS / "long_units", 2022),
                                        (PLANS / "v2_outlook", 2022)])
def test_lists_what_status_calls_off_track_and_moving_away(kjcx, data, year):
    rows = json.loads(kjcx("--data", data, "status", year, "-f", "json").stdout)["indicators"]
    flagged = sorted((r for r in rows if r["final"] and r["final"]["outlook"] in ORDER),
                     key=lambda r: ORDER[r["final"]["outlook"]])
    assert any(r["final"]["outlook"] in ("off_track", "moving_away") for r in flagged)
    lines = outlook_section(kjcx, data, year)
    # one sentence per flagged indicator, after the counts, in the order 反向变动, 偏离目标, 有风险
    assert [ln.split(str(year))[0] for ln in lines[1:]] == [r["name"] for r in flagged]
    for r, line in zip(flagged, lines[1:]):
        words = "存在一定难度" if r["final"]["outlook"] == "at_risk" else "存在较大难度"
        assert line.endswith(f"按目前进度，期末目标完成{words}。")
        assert ("与目标方向相反" in line) == (r["final"]["outlook"] == "moving_away")
    others = [r["name"] for r in rows if r not in flagged]
    assert not any(line.startswith(name + str(year)) for name in others for line in lines)


def test_the_shipped_plan_in_2021(kjcx):
    lines = outlook_section(kjcx, SEED, 2021)
    # 14 with a 2022 target: 已达成 雏鹰 (81 >= 80); 进度正常 专利, 高企, 领军, 成交额; 偏离目标
    # 瞪羚; 反向变动 研发; no pace for 5 (no earlier year-end, no baseline), no figure for 2
    assert lines[0] == ("有期末（2022年）目标的14项指标中，已达成1项、进度正常4项、偏离目标1项、反向变动1项；"
                        "暂无法判断7项（缺少更早的年末数或基期值5项、暂无数据2项）。")
    # 研发: 2.56 at 2021 end, 2.59 in 2022: 0.03 points short, needed 0.03 / 1 year;
    # (2.56 - 2.58 [2019 baseline]) / 2 years = -0.01 a year: moving away
    assert lines[1] == ("研发支出与地区生产总值比值2021年末2.56%，期末（2022年）目标2.59%，尚差0.03个百分点；"
                        "需年均提高0.03个百分点，2019年以来年均下降0.01个百分点，与目标方向相反，"
                        "按目前进度，期末目标完成存在较大难度。")
    # 瞪羚: 7 at 2021 end, 12 in 2022: (12 - 7) / 1 = 5 a year needed; 7 in 2019, 7 now: flat
    assert lines[2] == ("“瞪羚”企业数量2021年末7家，期末（2022年）目标12家，尚差5家；需年均增加5家，"
                        "与2019年持平，按目前进度，期末目标完成存在较大难度。")


def test_a_lower_is_better_indicator_with_a_long_unit(kjcx):
    lines = outlook_section(kjcx, PLANS / "long_units", 2022)
    # 能耗 0.53 at 2022 end, at most 0.46 in 2024: 0.07 above; (0.53 - 0.46) / 2 = 0.035 a
    # year to cut; (0.53 - 0.52 [2021 baseline]) / 1 = 0.01 a year more: moving away
    assert ("单位地区生产总值能耗2022年末0.53吨标煤/万元，期末（2024年）目标控制在0.46吨标煤/万元以内，"
            "高出0.07吨标煤/万元；需年均减少0.035吨标煤/万元，2021年以来年均增加0.01吨标煤/万元，"
            "与目标方向相反，按目前进度，期末目标完成存在较大难度。") in lines


def test_the_last_year_points_to_the_table(kjcx):
    rows = json.loads(kjcx("--data", SEED, "status", 2022, "-f", "json").stdout)["indicators"]
    short = [r["name"] for r in rows if r["status"] in ("near", "behind", "severe")]
    assert outlook_section(kjcx, SEED, 2022) == [
        "2022年为计划期末年，期末目标即年度目标，完成情况见上表。其中，" + "、".join(short) + "未达到序时进度。"]


def test_figures_to_date_give_no_outlook_yet(kjcx):
    # long_units 2023: every figure is of 6-30; the outlook is judged on year-end figures
    assert outlook_section(kjcx, PLANS / "long_units", 2023) == [
        "有期末（2024年）目标的6项指标暂无法判断期末展望（本期为年内数据，期末展望待年末数据判断）。"]


def test_a_rate_judged_on_its_period_is_in_the_outlook():
    import kjcx as api
    from kjcx.report.outlook import paragraphs

    st = api.evaluate(api.load_plan(PLANS / "kinds_plan14", cache=False), 2023)
    # 能耗〔13.5〕: 2021-2023 2.7, 0.1, 0.5 -> I = 0.973 x 0.999 x 0.995 = 0.967195, 累计降低 3.3%;
    # ln 0.967195 / ln 0.865 = 23.0 % against 3/5 = 60 %: 37.0 points behind;
    # needed (1 - (0.865 / 0.967195)^(1/2)) x 100 = 5.43 % a year, said to one decimal: 5.4%; off track
    assert ("单位国内生产总值能源消耗降低：累计降低3.3%，完成期内目标进度的23.0%，落后时间进度37.0个百分点；"
            "今后每年需降低5.4%，按目前进度，期末目标完成存在较大难度。") in paragraphs(st)
