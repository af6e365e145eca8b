"""The indicator kinds of real plans (docs/method.md 指标类型): growth and reduction
rates, the period target by the log method, target forms, tolerance, interpolation,
pacing, per-indicator thresholds, ranks and the sign checks.

The log method is pinned on published figures; each test cites where they come from."""

import dataclasses
import datetime
import json
from decimal import Decimal

import pytest

from kjcx.method import compute, period
from kjcx.views.json_docs import indicator_json

from conftest import PLANS, plan_of

ENERGY = PLANS / "kinds_energy"
FORMS = PLANS / "kinds_forms"
BAD = PLANS / "kinds_bad"


def row(plan, ind_id, year, as_of=None):
    ind = next(i for i in plan.indicators if i.id == ind_id)
    return compute.evaluate_indicator(plan, ind, year, as_of)


def r4(value):
    return round(value, 4)


# --- the log method on published figures -------------------------------------

def test_national_twelfth_plan_energy_target_after_four_years_is_82_5_percent():
    # 十二五 〔16〕; yearly reductions 2.01 (2011 公报), 3.6, 3.7, 4.8 (2012-2014 统计公报).
    # I = 0.9799 x 0.964 x 0.963 x 0.952 = 0.8660082; 累计降低 (1 - I) x 100 = 13.40 %
    # 目标进度 ln 0.8660082 / ln 0.84 = -0.1438017 / -0.1743534 = 0.8251 (published: 82.5 %)
    # 时间进度 (4 - 1 + 1) / 5 = 0.8; 超过时间进度 (0.8251 - 0.8) x 100 = 2.51 个百分点
    p = row(plan_of("kinds_energy"), "energy_intensity", 2014).period
    assert r4(p.index) == Decimal("0.8660")
    assert round(p.cumulative, 1) == Decimal("13.4")
    assert round(p.progress, 3) == Decimal("0.825")
    assert p.time == Decimal("0.8")
    assert round(p.ahead, 1) == Decimal("2.5")
    # 年均 (1 - I^(1/4)) x 100 = (1 - 0.965326) x 100 = 3.53 %
    assert round(p.average, 2) == Decimal("3.53")
    # 2015 needs 1 - 0.84 / 0.8660082 = 3.00 % (one year left)
    assert round(p.needed_rate, 2) == Decimal("3.00")
    assert (p.status, p.outlook) == ("met", "on_track")


def test_sichuan_2011_is_24_79_percent_against_20_percent_time():
    # chinajnhb.com/news/65674.html (2012-05-03): 2011 年四川省单位 GDP 能耗降低 4.23%，
    # 超额完成 3.5% 的年度节能目标；“十二五”节能目标进度达到 24.79%，超过 20% 的时间进度.
    # 目标进度 ln(1 - 0.0423) / ln(1 - 0.16) = -0.0432205 / -0.1743534 = 0.2479
    r = row(plan_of("kinds_energy"), "sichuan_energy", 2011)
    assert r4(r.period.progress) == Decimal("0.2479")
    assert r.period.time == Decimal("0.2")  # (1 - 1 + 1) / 5
    # (0.2479 - 0.2) x 100 = 4.79 points ahead
    assert round(r.period.ahead, 2) == Decimal("4.79")
    # the year's own target: 4.23 / 3.5 = 1.2086 (v2 as a level said 4.23 / 3.2 = 132.2 %)
    assert r4(r.completion) == Decimal("1.2086") and r.rate == r.completion
    assert r.status == "met" and r.schedule is None and r.ahead is None


def test_tianjin_eleventh_plan_four_years_is_100_39_percent():
    # zgkjsz.com/page/2010/0214/17195283.shtml: “十一五”前四年，天津万元地区生产总值能耗
    # 累计降低了 20.07%，完成了“十一五”节能目标进度的 100.39%（十一五目标 20%）.
    # ln(1 - 0.2007) / ln(1 - 0.20) = -0.2240188 / -0.2231436 = 1.0039
    assert r4(period.log_progress(Decimal("0.7993"), Decimal("0.80"))) == Decimal("1.0039")


def test_three_years_cumulative_is_the_published_9_03_percent():
    # 2011-2013: 0.9799 x 0.964 x 0.963 = 0.9096725 -> 累计降低 9.03 % (as published for
    # 前三年); 目标进度 ln 0.9096725 / ln 0.84 = 0.5430 < 时间进度 0.6: ratio 0.905,
    # binding (never near) -> behind; -5.70 points
    p = row(plan_of("kinds_energy"), "energy_intensity", 2013).period
    assert round(p.cumulative, 2) == Decimal("9.03")
    assert r4(p.progress) == Decimal("0.5430")
    assert round(p.ahead, 2) == Decimal("-5.70")
    assert p.status == "behind"
    # R = (ln I / 3) / ((ln 0.84 - ln I) / 2) = (-0.0946699 / 3) / (-0.0796835 / 2)
    #   = -0.0315566 / -0.0398418 = 0.7921 -> at_risk (0.6 <= R < 0.95)
    assert r4(p.ratio) == Decimal("0.7921") and p.outlook == "at_risk"
    # needed: 1 - (0.84 / 0.9096725)^(1/2) = 1 - 0.960942 = 3.91 % a year in 2014 and 2015
    assert round(p.needed_rate, 2) == Decimal("3.91")


def test_first_year_missed_and_the_period_off_track():
    # 2011 national: 2.01 of a 3.5 target: rate 2.01 / 3.5 = 0.5743 < 0.7 -> severe
    r = row(plan_of("kinds_energy"), "energy_intensity", 2011)
    assert r4(r.rate) == Decimal("0.5743") and r.status == "severe"
    # gap in points: 3.5 - 2.01 = 1.49
    assert r.gap == Decimal("1.49")
    # period: ln 0.9799 / ln 0.84 = 0.1165 of a 0.2 time share: ratio 0.582 -> severe;
    # R = ln 0.9799 / ((ln 0.84 - ln 0.9799) / 4) = -0.020305 / -0.038512 = 0.527 -> off_track
    assert r4(r.period.progress) == Decimal("0.1165")
    assert r.period.status == "severe" and r.period.outlook == "off_track"
    assert r.final is None  # growth and reduction: the outlook is the period's


def test_the_whole_period_achieved():
    # 2011-2015: 0.8660082 x 0.944 = 0.8175118 -> 18.25 % (published: 18.2 %), progress
    # ln 0.8175118 / ln 0.84 = 1.1556 >= 1: achieved; no rate is needed in the last year
    p = row(plan_of("kinds_energy"), "energy_intensity", 2015).period
    assert round(p.cumulative, 1) == Decimal("18.2")
    assert r4(p.progress) == Decimal("1.1556")
    assert p.outlook == "achieved" and p.needed_rate is None and p.time == 1


def test_a_missing_year_empties_the_period_with_its_reason():
    r = row(plan_of("kinds_energy"), "sichuan_energy", 2012)
    assert r.period.progress is None and r.period.reason == "缺 2012 年数据"
    # no yearly target in 2012: the row's status is the period's, here no data
    assert r.target is None and r.status == "no_data"


def test_average_target_and_a_rate_to_date():
    # 年均 7 %: I* = 1.07^5 = 1.4025517; 2013 前三季度 7.7 % (as_of 2013-09-30)
    plan = plan_of("kinds_energy")
    r = row(plan, "gdp_growth", 2013, datetime.date(2013, 10, 1))
    # a rate to date is compared with the annual target directly: E = T = 7.5,
    # rate 7.7 / 7.5 = 1.0267, gap 7.5 - 7.7 = -0.2 (比年度目标高 0.2 个百分点)
    assert r.expected == Decimal("7.5") and r4(r.rate) == Decimal("1.0267")
    assert r.gap == Decimal("-0.2") and r.status == "met"
    p = r.period
    assert r4(p.target_index) == Decimal("1.4026")
    # the rate to date counts for the 273/365 = 0.747945 of 2013 elapsed (Sep 30 is day 273):
    # ln I = ln 1.093 + ln 1.077 + 0.747945 x ln 1.077
    #      = 0.0889262 + 0.0741794 + 0.0554821 = 0.2185877
    # progress ln I / ln I* = 0.2185877 / (5 x ln 1.07 = 0.3382932) = 0.6461
    # (0.3 counted the nine months as the whole year: 0.7014)
    assert r4(p.progress) == Decimal("0.6461")
    # time (3 - 1 + 273/365) / 5 = 0.5496: the same span as the progress
    assert r4(p.time) == Decimal("0.5496")
    assert p.outlook == "unknown"  # a figure to date
    # 年均 over the span of 2.747945 years: (e^(0.2185877 / 2.747945) - 1) x 100 = 8.28 %
    assert round(p.average, 2) == Decimal("8.28")
    # needed over the 5 - 3 + 1 - 0.747945 = 2.252055 years left:
    # (e^((0.3382932 - 0.2185877) / 2.252055) - 1) x 100 = 5.46 %
    assert round(p.needed_rate, 2) == Decimal("5.46")


def test_period_json_block_and_null_final():
    r = row(plan_of("kinds_energy"), "energy_intensity", 2014)
    doc = indicator_json(r)
    assert doc["final"] is None and doc["target"] is None and doc["status"] == "met"
    assert list(doc["period"]) == ["form", "target", "base_year", "years", "cumulative",
                                   "average", "progress", "time", "ahead", "status",
                                   "needed_rate", "outlook", "reason"]
    # the same numbers as above, to 6 places
    assert doc["period"]["progress"] == 0.825111 and doc["period"]["time"] == 0.8
    assert (doc["period"]["form"], doc["period"]["target"], doc["period"]["base_year"],
            doc["period"]["years"]) == ("cumulative", 16, 2010, 5)


# --- target forms, tolerance, interpolation -------------------------------------

def test_step_holds_the_ceiling_every_year():
    # 失业率 5.5 % 以内 (step): 2022 T = 5.5, not the linear 5.2 + 0.3 x 2/5 = 5.32
    r = row(plan_of("kinds_forms"), "unemployment", 2022)
    assert r.target == Decimal("5.5") and r.target_info.method == "step"
    assert r.status == "met"  # 5.5 <= 5.5


def test_stretch_and_tolerance():
    plan = plan_of("kinds_forms")
    r = row(plan, "rd_intensity", 2023)
    # 确保 2.5、力争 2.8; 2.47 is 0.03 short, within 左右 0.05 -> met, 力争 not reached
    assert (r.target, r.stretch, r.target_rule) == (Decimal("2.5"), Decimal("2.8"), "value")
    assert r.status == "met" and r.within_tolerance and r.stretch_met is False
    # ratios unchanged: 2.47 / 2.5 = 0.988, gap 0.03
    assert r.rate == Decimal("0.988") and r.gap == Decimal("0.03")


def test_base_plus_in_plan_and_in_revision():
    plan = plan_of("kinds_forms")
    # before r2024: 比基期提高 0.5 -> 2.40 + 0.5 = 2.9, 力争 2.40 + 0.6 = 3.0
    before = row(plan, "rd_intensity", 2025, datetime.date(2024, 1, 1))
    assert (before.target, before.stretch, before.target_rule) == (
        Decimal("2.9"), Decimal("3.0"), "base_plus")
    # r2024 (2024-03-01): base_plus 0.6 -> 2.40 + 0.6 = 3.0; 2.95 within 0.05 -> met
    after = row(plan, "rd_intensity", 2025)
    assert (after.target, after.target_source, after.revision) == (Decimal("3.0"), "revised", "r2024")
    assert after.status == "met" and after.within_tolerance


def test_base_times_interpolated_to_whole_numbers():
    plan = plan_of("kinds_forms")
    # 倍增: T_2025 = 101 x 2 = 202; 2021: 101 + 101 x 1/5 = 121.2 -> 121;
    # 2022: 141.4 -> 141; 2023: 161.6 -> 162 (half up)
    assert [row(plan, "high_tech", y).target for y in (2021, 2022, 2023, 2025)] == [
        121, 141, 162, 202]
    assert row(plan, "high_tech", 2025).target_rule == "base_times"
    assert row(plan, "high_tech", 2021).target_rule == "interpolated"
    assert row(plan, "high_tech", 2021).target_info.exact == Decimal("121.2")


def test_geometric_interpolation():
    # 7.8 x (10 / 7.8)^(1/5) = 7.8 x 1.0509451 = 8.1974; 8.2 reaches it (linear: 8.24)
    r = row(plan_of("kinds_forms"), "digital_share", 2021)
    assert r4(r.target) == Decimal("8.1974") and r.status == "met"


def test_pacing_none_judges_a_lumpy_count_against_last_year_end():
    plan = plan_of("kinds_forms")
    # 2022-03-31: E = P = 0 (2021 year-end), 0 >= 0 -> met
    r = row(plan, "new_labs", 2022)
    assert r.expected == 0 and r.status == "met"
    # paced linearly it would be 0 + 1 x 90/365 = 0.2466 and 0 of it: severe
    ind = next(i for i in plan.indicators if i.id == "new_labs")
    linear = compute.evaluate_indicator(plan, dataclasses.replace(ind, pacing="linear"), 2022)
    assert r4(linear.expected) == Decimal("0.2466") and linear.status == "severe"


def test_indicator_thresholds_tighten_the_band():
    # 2.40 / 2.59 = 0.9266: near under the plan's 0.9, behind under its own near 0.95
    r = row(plan_of("kinds_forms"), "rd_tight", 2021)
    assert r4(r.rate) == Decimal("0.9266") and r.status == "behind"


def test_rank():
    plan = plan_of("kinds_forms")
    met = row(plan, "province_rank", 2023)
    # 44th of a target of 45th: met, gap 44 - 45 = -1; no ratio means anything
    assert (met.status, met.gap, met.rate, met.completion, met.progress) == (
        "met", -1, None, None, None)
    assert met.indicator.direction == "lower"
    # 2025: 41st of 40th -> behind (never near or severe)
    assert row(plan, "province_rank", 2025).status == "behind"
    # 2024 has no target (rank: no interpolation); outlook: needed (43 - 40) / 1 = 3 a year,
    # achieved (55 - 43) / 4 = 3 a year: R = 1 -> on_track
    r = row(plan, "province_rank", 2024)
    assert r.status == "no_target"
    assert (r.final.needed_per_year, r.final.achieved_per_year, r.final.outlook) == (3, 3, "on_track")


def test_lower_target_not_positive_has_no_ratios():
    # T = -3, A = -2 (lower): ratios cannot be read; -2 does not reach -3 -> severe
    r = row(plan_of("kinds_forms"), "energy_as_level", 2021)
    assert (r.rate, r.completion, r.schedule, r.ahead) == (None, None, None, None)
    assert r.status == "severe" and r.gap == 1


def test_reduction_rate_with_a_rise_has_no_ratio():
    # kinds_bad's `cut`: a rise of 1.2 % against a 3 % cut: A <= 0, ratio null -> severe
    from kjcx.plan.load import inspect

    plan, _, _ = inspect(BAD)
    assert plan is None  # the file has errors; the rule itself is pure:
    ind = compute.Indicator(id="cut", name="降低", unit="%", kind="reduction",
                            targets={2021: Decimal(3)}, actuals={2021: [compute.Actual(Decimal("-1.2"))]})
    p = dataclasses.replace(plan_of("kinds_forms"), indicators=[ind], revisions=[])
    r = compute.evaluate_indicator(p, ind, 2021)
    assert (r.rate, r.completion, r.status) == (None, None, "severe")


# --- check ----------------------------------------------------------------------

EXPECTED_ERRORS = [
    (10, "indicators[0].targets.2023.stretch", "力争值 stretch 2.3 比确保值 value 2.5 更容易达到"),
    (14, "indicators[1].targets.2025.base_times", "没有基期值"),
    (19, "indicators[2].targets.2025", "之一，实际：value、base_plus"),
    (24, "indicators[3].direction", "direction 只能是 lower"),
    (29, "indicators[4].period", "只用于增速或降低率指标"),
    (35, "indicators[5].pacing", "pacing: none 只用于存量指标"),
    (52, "indicators[8].baseline", "缺少基期值 value"),
    (58, "revisions[0].targets.no_base.2025.base_plus", "没有基期值"),
]


def test_check_places_each_new_key_error_at_its_line(kjcx):
    result = kjcx("check", "--data", BAD, "-f", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    got = [(e["line"], e["path"], e["message"]) for e in doc["errors"]]
    assert len(got) == len(EXPECTED_ERRORS)
    for (line, path, words), (gline, gpath, message) in zip(EXPECTED_ERRORS, got):
        assert (gline, gpath) == (line, path) and words in message
    warnings = [(w["line"], w["path"]) for w in doc["warnings"]]
    # geometric from a base of 0: linear instead; a reduction written with the minus sign
    assert warnings == [(42, "indicators[6].interpolate"), (48, "indicators[7].actuals.2021")]


def test_check_warns_on_a_lower_target_not_positive(kjcx):
    result = kjcx("check", "--data", FORMS, "-f", "json")
    doc = json.loads(result.stdout)
    assert result.exit_code == 0 and doc["errors"] == []
    [warning] = doc["warnings"]
    assert warning["path"] == "indicators[7].targets.2021" and "kind: reduction" in warning["message"]


def test_energy_plan_checks_clean(kjcx):
    result = kjcx("check", "--data", ENERGY)
    assert result.exit_code == 0 and "无错误、无警告" in result.output


@pytest.mark.parametrize("year", [2011, 2013, 2014, 2015])
def test_status_json_of_the_kinds_plans_validates(kjcx, year):
    from test_json_schema import errors

    for data in (ENERGY, FORMS):
        result = kjcx("status", year if data == ENERGY else year + 10, "--data", data, "-f", "json")
        assert result.exit_code == 0, result.output
        assert errors(json.loads(result.stdout)) == []


# --- docs/method.md 第 11 节: every number the doc computes is the program's ---------

def _kinds_examples():
    import re

    from conftest import ROOT

    text = (ROOT / "docs" / "method.md").read_text(encoding="utf-8")
    block = text.split("<!-- kinds:begin -->")[1].split("<!-- kinds:end -->")[0]
    parts = re.split(r"<!-- kinds: (.*?) -->", block)
    # the doc writes minus signs as U+2212; the program as "-"
    return {parts[i]: parts[i + 1].replace("\u2212", "-") for i in range(1, len(parts), 2)}


def _program_values(plan, r):
    """Every number the program computed for the row: its fields, its explain steps,
    the period's inputs (index, logarithms) and the ratios its bands were judged on."""
    from kjcx.method import explain as explaining

    values = [v for v in vars(r).values() if isinstance(v, Decimal)]
    for part in (r.final, r.period, r.target_info):
        if part is not None:
            values += [v for v in vars(part).values() if isinstance(v, Decimal)]
    if r.period is not None and r.period.progress is not None:
        values.append(r.period.progress / r.period.time)
    st = compute.year_status(plan, r.year)
    values += [s.result for s in explaining.explain(st, r.indicator.id).steps
               if isinstance(s.result, Decimal)]
    return values


def _matches(written: str, values) -> bool:
    places = len(written.split(".")[1]) if "." in written else 0
    target = Decimal(written)
    return any(round(v, places) == target for v in values)


def test_method_doc_kinds_examples_agree_with_the_program():
    import re

    from kjcx.words import STATUS_LABEL

    examples = _kinds_examples()
    assert len(examples) == 7
    for key, body in examples.items():
        name, ident, year = key.split()
        plan = plan_of(name)
        r = row(plan, ident, int(year))
        values = _program_values(plan, r)
        # a result: "= x" not followed by an operator (x × y is an input)
        numbers = re.findall(r"= (-?\d+(?:\.\d+)?)(?![\d.]|\s*[×÷+^-])", body)
        assert numbers, key
        for written in numbers:  # each "= x" of the doc is a value the program computed
            assert _matches(written, values), (key, written)
        for share in re.findall(r"（(-?\d+\.\d)%）", body):  # each （x.x%）: a share, or a rate in %
            assert _matches(share, [v * 100 for v in values] + values), (key, share)
        assert STATUS_LABEL[r.status] in body, key


# --- forms: the 年度目标 a department reads --------------------------------------

def _form_targets(name, as_of):
    from kjcx.round import forms

    plan = plan_of(name)
    wb = forms.build_workbook(plan, "区科技局", as_of, plan.indicators, [])
    ws = wb[forms.INDICATOR_SHEET]
    return {r[0]: r[3] for r in ws.iter_rows(values_only=True) if r and r[0] in
            {i.id for i in plan.indicators}}


def test_forms_show_a_rate_a_rank_a_stretch_and_a_period_target():
    cells = _form_targets("kinds_plan14", datetime.date(2021, 9, 30))
    # 2021: 能耗降低 3%; GDP 增长 6%; 失业率 5.5 holds every year (step)
    assert cells["energy_intensity"] == "降低 3%" and cells["gdp_growth"] == "增长 6%"
    assert cells["unemployment"] == "5.5（各年适用）"  # the tables' mark for a step target
    cells = _form_targets("kinds_plan14", datetime.date(2022, 9, 30))
    # 2022 has no yearly energy target: the period's 〔13.5〕 is what the department works to
    assert cells["energy_intensity"] == "无年度目标（期内累计降低 13.5%）"
    cells = _form_targets("kinds_forms", datetime.date(2023, 9, 30))
    assert cells["province_rank"] == "第 45 位以内"
    assert cells["rd_intensity"] == "2.5（力争 2.8）"


# --- what people read: tables, explain, brief -------------------------------------

def test_table_shows_target_and_time_progress_for_period_rows(kjcx):
    result = kjcx("status", 2014, "--data", ENERGY, "-f", "plain", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    header = next(line for line in result.stdout.splitlines() if line.startswith("指标"))
    assert "目标进度" in header and "时间进度" in header
    row = next(line for line in result.stdout.splitlines() if line.startswith("单位国内生产总值能耗降低"))
    # 0.825111 -> 82.5%, 0.8 -> 80.0%, (0.825111 - 0.8) x 100 = 2.5 points ahead of 时间进度
    assert "82.5%" in row and "80.0%" in row and "超时间进度 2.5 个百分点" in row
    # a plan without period targets keeps its v2 columns
    plain = kjcx("status", 2023, "--data", FORMS, "-f", "plain", env={"COLUMNS": "200"})
    assert "目标进度" not in plain.stdout


def test_table_words_for_tolerance_stretch_rank_and_rates(kjcx):
    out = kjcx("status", 2023, "--data", FORMS, "-f", "plain", env={"COLUMNS": "200"}).stdout
    rd = next(line for line in out.splitlines() if line.startswith("研发投入强度 "))
    assert "达标（在允许范围内）" in rd and "（力争 2.8）" in rd
    rank = next(line for line in out.splitlines() if line.startswith("全省营商环境综合排名"))
    assert "优于目标 1位" in rank  # 44 - 45 = -1
    gdp = kjcx("status", 2022, "--data", PLANS / "kinds_plan14", "-f", "plain",
               env={"COLUMNS": "200"}).stdout
    # 5.5 - 3.0 = 2.5 points below the annual rate
    assert "低于目标 2.5 个百分点" in next(line for line in gdp.splitlines() if line.startswith("国内生产总值增长"))


def test_explain_shows_the_log_method_step_by_step(kjcx):
    result = kjcx("explain", "energy_intensity", 2014, "--data", ENERGY, "-f", "json")
    doc = json.loads(result.stdout)
    steps = {s["name"]: s for s in doc["steps"]}
    assert steps["period.index"]["work"].endswith("0.9799 × 0.964 × 0.963 × 0.952")
    assert steps["period.progress"]["work"] == "ln 0.866008 ÷ ln 0.84 = -0.143861 ÷ -0.174353"
    assert steps["period.time"]["work"] == "(4 − 1 + 1) ÷ 5" and steps["period.time"]["result"] == 0.8
    assert doc["conclusion"].endswith("累计降低13.4%，完成期内目标进度的82.5%，超过时间进度2.5个百分点。")
    # base_plus arithmetic: 2.40 + 0.6 (revision r2024)
    rd = json.loads(kjcx("explain", "rd_intensity", 2025, "--data", FORMS, "-f", "json").stdout)
    target = next(s for s in rd["steps"] if s["name"] == "target")
    assert target["work"] == "修订 r2024：2.4 + 0.6" and target["result"] == 3


def test_brief_uses_the_bulletin_sentence(kjcx):
    out = kjcx("brief", 2013, "--data", ENERGY).stdout
    # 2011-2013: 累计降低 9.03 % (said to one decimal, as a 通报 does: 9.0%),
    # ln 0.9096725 / ln 0.84 = 54.3 %, 0.6 - 0.543 = 5.7 points behind
    assert "单位国内生产总值能耗降低3.7%，累计降低9.0%，完成期内目标进度的54.3%，落后时间进度5.7个百分点" in out
    # the row judged on its period alone is not counted as one with a yearly target:
    # of 3 indicators only sichuan_energy has a 2013 target; the period row is said apart
    assert out.startswith("2013年全年，计划确定的3项指标中，2013年有年度目标的1项，完成年度目标1项、"
                          "占比100.0%。按期内目标：单位国内生产总值能耗降低3.7%")


def test_explain_states_the_indicators_own_band(kjcx):
    # rd_tight: 2.40 / 2.59 = 0.9266 < its own near 0.95 (plan: 0.9) -> 滞后
    doc = json.loads(kjcx("explain", "rd_tight", 2021, "--data", FORMS, "-f", "json").stdout)
    status = next(s for s in doc["steps"] if s["name"] == "status")
    assert "≥ 0.95 为基本达标" in status["formula"] and status["result"] == "behind"
    rank = json.loads(kjcx("explain", "province_rank", 2025, "--data", FORMS, "-f", "json").stdout)
    status = next(s for s in rank["steps"] if s["name"] == "status")
    # 41 > 40
    assert status["work"] == "A = 41 > T = 40：未达到目标位次"


def test_a_period_may_stand_without_yearly_targets(kjcx, tmp_path):
    (tmp_path / "targets.yaml").write_text(
        "plan: {name: 年均增长, start: 2021, end: 2025}\n"
        "indicators:\n"
        "  - {id: gdp, name: 地区生产总值增长, unit: '%', kind: growth, period: {average: 6},\n"
        "     actuals: {2021: 6.6}}\n"
        "  - {id: level, name: 企业数, unit: 家}\n"
        "  - {id: empty, name: 专利, unit: 件, targets: {}}\n", encoding="utf-8")
    doc = json.loads(kjcx("check", "--data", tmp_path, "-f", "json").stdout)
    assert [(e["path"], e["message"]) for e in doc["errors"]] == [
        ("indicators[1].targets", "缺少必填项 “targets”"),
        ("indicators[2].targets", "至少需要填写一项（只有写了 period 的增速、降低率指标，或分解到 parts 的指标，可以不写目标）")]
    (tmp_path / "targets.yaml").write_text(
        "plan: {name: 年均增长, start: 2021, end: 2025}\n"
        "indicators:\n"
        "  - {id: gdp, name: 地区生产总值增长, unit: '%', kind: growth, period: {average: 6},\n"
        "     actuals: {2021: 6.6}}\n", encoding="utf-8")
    row = json.loads(kjcx("status", 2021, "--data", tmp_path, "-f", "json").stdout)["indicators"][0]
    # I* = 1.06^5; progress ln 1.066 / (5 ln 1.06) = 0.0639133 / 0.2913445 = 0.219374 > 0.2
    assert row["status"] == "met" and row["period"]["progress"] == 0.219374
    from test_json_schema import errors
    assert errors(json.loads(kjcx("status", 2021, "--data", tmp_path, "-f", "json").stdout)) == []


def test_report_names_target_and_time_progress(kjcx, tmp_path):
    out = tmp_path / "r.md"
    assert kjcx("report", 2022, "--data", PLANS / "kinds_plan14", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    # 2022: I = 0.973 x 0.999 = 0.972027, ln I / ln 0.865 = 0.195632 -> 19.6 % of a 40 % time share
    line = next(x for x in text.splitlines() if x.startswith("| 单位国内生产总值能源消耗降低"))
    assert "目标进度19.6%" in line and "时间进度40.0%" in line and "低于时间进度 20.4 个百分点" in line  # a table's style: a space before 个百分点
    assert "累计降低2.8%，完成期内目标进度的19.6%，落后时间进度20.4个百分点" in text


def test_diff_follows_the_period_outlook(kjcx):
    doc = json.loads(kjcx("diff", "2013-10-01", "2014-12-31", 2014, "--data", ENERGY, "-f", "json").stdout)
    # on 2013-10-01 no 2014 figure (unknown); by year end 13.4 % done, met: on_track
    assert doc["outlook_changes"] == [{"id": "energy_intensity", "name": "单位国内生产总值能耗降低",
                                       "from": "unknown", "to": "on_track"}]


def test_a_period_target_that_cannot_be_reached_by_any_index(kjcx, tmp_path):
    (tmp_path / "targets.yaml").write_text(
        "plan: {name: 节能, start: 2021, end: 2025}\n"
        "indicators:\n"
        "  - id: cut\n"
        "    name: 能耗降低\n"
        "    unit: '%'\n"
        "    kind: reduction\n"
        "    period: {cumulative: 135}\n", encoding="utf-8")
    doc = json.loads(kjcx("check", "--data", tmp_path, "-f", "json").stdout)
    # 1 - 135/100 = -0.35: no logarithm of a negative index
    assert [(e["line"], e["path"]) for e in doc["errors"]] == [(7, "indicators[0].period.cumulative")]


def test_a_rate_that_moves_by_any_factor_is_not_suspicious(kjcx):
    # 十四五 能耗 record in kinds_plan14: 2.7 (2021) -> 0.1 (2022) -> 0.5 (2023). For a
    # level these would be a 27x drop and a 5x jump (可疑); a year's rate moves like that.
    result = kjcx("check", "--data", PLANS / "kinds_plan14", "-f", "json")
    doc = json.loads(result.stdout)
    assert (result.exit_code, doc["errors"], doc["warnings"]) == (0, [], [])


STEP_PLAN = (
    "plan: {name: 就业, start: 2021, end: 2025}\n"
    "indicators:\n"
    "  - id: unemployment\n"
    "    name: 城镇调查失业率\n"
    "    unit: '%'\n"
    "    direction: lower\n"
    "    interpolate: step\n"
    "    targets: {2025: 5.5}\n"
    "    actuals:\n"
    "      2023: 5.3\n"
    "      2024: [{value: 5.4, as_of: 2024-06-30}]\n")


def test_a_step_ceiling_holds_all_year_and_to_the_end():
    import kjcx as api

    plan = api.load_text(STEP_PLAN)
    mid = api.evaluate(plan, 2024).indicators[0]
    # 失业率 5.5% 以内 holds every year: E = T = 5.5 on 06-30 too (not a path from last
    # year's 5.3 towards 5.5, which would put E at 5.3995 and 5.4 above it)
    assert (mid.target, mid.expected, mid.status) == (Decimal("5.5"), Decimal("5.5"), "met")
    assert round(mid.rate, 6) == Decimal("1.018519")  # lower: E / A = 5.5 / 5.4
    end_2023 = api.evaluate(plan, 2023).indicators[0]
    # 5.3 under the ceiling at the end of 2023 is that year's 达标: the limit must hold to
    # 2025, so the outlook is on track, not "already achieved"
    assert (end_2023.status, end_2023.final.outlook) == ("met", "on_track")


def test_a_mistyped_kind_gets_the_list_and_a_guess():
    import kjcx as api

    problems = api.check_text(
        'plan: {name: t, start: 2021, end: 2022}\n'
        'indicators:\n'
        '  - {id: a, name: 甲, unit: "%", kind: growht, targets: {2021: 5}}\n')
    assert [(p.line, p.path, p.message) for p in problems] == [
        (3, "indicators[0].kind",
         "应为以下之一：level、flow、growth、reduction、rank；实际为 “growht”，是否应为 “growth”？")]


def test_forms_write_an_interpolated_target_as_the_tables_do():
    # review plan 技术合同成交额: 100 (2022) → 150 (2025), linear: 2023 = 100 + 50 / 3 = 116.666…;
    # the indicator's figures have one decimal (92.5, 40.2, 96.0), so 116.7, as the tables show it
    # (not 116.67); high_tech 480 → 600: 520 with no decimals
    from kjcx.round import forms

    plan = plan_of("review_plan")
    dept = plan.indicators[2].lead[0]
    wb = forms.build_workbook(plan, dept, datetime.date(2023, 6, 30), [plan.indicators[2]], [])
    rows = {r[0]: r[3] for r in wb[forms.INDICATOR_SHEET].iter_rows(values_only=True) if r and r[0]}
    assert rows["contract_turnover"] == "116.7（插值）"
    wb = forms.build_workbook(plan, plan.indicators[0].lead[0], datetime.date(2023, 6, 30), [plan.indicators[0]], [])
    rows = {r[0]: r[3] for r in wb[forms.INDICATOR_SHEET].iter_rows(values_only=True) if r and r[0]}
    assert rows["high_tech"] == "520（插值）"
