"""One verdict per row, right on real plans (docs/method.md 一行一个结论): the direction
and sign rules everywhere, the worse of a yearly and a period status, in-year period
progress over the same span as time progress, grades and binding, parts before their
breakdown, revised baselines, one-off items, the worst item, parts-only targets and the
〔〕-as-yearly warning. Each number is computed by hand in the comment above its assert."""

import datetime
from decimal import Decimal

from kjcx.method import compute, kinds
from kjcx.method.targets import Targets
from kjcx.plan.load import inspect
from kjcx.plan.model import Actual
from kjcx.round.suspicious import import_references, judge
from kjcx.views.json_docs import indicator_json, to_json

from conftest import BAD, PLANS, plan_of


def row(plan, ind_id, year, as_of=None):
    ind = next(i for i in plan.indicators if i.id == ind_id)
    return compute.evaluate_indicator(plan, ind, year, as_of)


def r4(value):
    return round(value, 4)


def problems(case, root=BAD):
    plan, errors, warnings = inspect(root / case)
    return ([(e.line, e.column, e.message) for e in errors],
            [(w.line, w.column, w.message) for w in warnings])


# --- a yearly target and a period target: the worse of the two -----------------------

def test_twelfth_plan_2012_met_the_year_and_lags_the_period():
    # 2012: 3.6 % of a 3.5 % yearly target: 3.6 / 3.5 = 1.028571 -> the year is met
    r = row(plan_of("verdicts_twelfth"), "energy_intensity", 2012)
    assert r4(r.completion) == Decimal("1.0286") and r.yearly_status == "met"
    # the period 〔16〕: I = 0.9799 x 0.964 = 0.9446236; 累计降低 (1 - I) x 100 = 5.53764 -> 5.5 %
    p = r.period
    assert p.index == Decimal("0.9446236") and round(p.cumulative, 1) == Decimal("5.5")
    # 目标进度 ln 0.9446236 / ln 0.84 = -0.0569687 / -0.1743534 = 0.326743 -> 32.7 %
    assert round(p.progress, 3) == Decimal("0.327")
    # 时间进度 (2 - 1 + 1) / 5 = 0.4; (0.326743 - 0.4) x 100 = -7.33 -> 落后时间进度 7.3 个百分点
    assert p.time == Decimal("0.4") and round(p.ahead, 1) == Decimal("-7.3")
    # 0.326743 / 0.4 = 0.8169: >= 0.7, and binding -> behind; the row takes the worse: behind
    assert p.status == "behind" and r.status == "behind" and r.decided_by == "period"


def test_twelfth_plan_2012_row_counts_and_department_use_the_row_status():
    st = compute.year_status(plan_of("verdicts_twelfth"), 2012)
    doc = to_json(st)
    # one indicator, behind (not met): summary and department follow the row status
    assert doc["summary"]["indicators"]["behind"] == 1 and doc["summary"]["indicators"]["met"] == 0
    assert doc["departments"][0]["level"] == "red"
    assert doc["departments"][0]["lagging_lead"] == ["energy_intensity"]
    ind = doc["indicators"][0]
    assert (ind["status"], ind["yearly_status"], ind["period"]["status"]) == ("behind", "met", "behind")


def test_twelfth_plan_2012_brief_names_the_period_lag(kjcx):
    result = kjcx("brief", "2012", "--data", PLANS / "verdicts_twelfth")
    assert result.exit_code == 0, result.output
    # the numbers of the test above, as the bulletin words them
    assert "累计降低5.5%，完成期内目标进度的32.7%，落后时间进度7.3个百分点" in result.stdout
    # the count follows the row status (the worse of the two) and says 目标, not 年度目标:
    # the year's 3.5% was met (3.6 ≥ 3.5), the period was not
    assert "完成目标0项、占比0.0%，未完成目标1项。" in result.stdout
    assert "年度降低3.6%，完成约束性目标；" in result.stdout


def test_worse_of_two_statuses():
    # severity order severe, behind, near, met; a status without a judgement yields
    assert kinds.worse("met", "behind") == "behind"
    assert kinds.worse("near", "severe") == "severe"
    assert kinds.worse("met", "near") == "near"
    assert kinds.worse("no_data", "behind") == "behind"


def test_period_outlook_is_never_on_track_while_the_period_lags():
    # 十二五 2012 (above): R = (ln I / 2) / ((ln I* - ln I) / 3)
    #   = (-0.0569687 / 2) / ((-0.1743534 + 0.0569687) / 3) = -0.0284844 / -0.0391282 = 0.7280
    p = row(plan_of("verdicts_twelfth"), "energy_intensity", 2012).period
    assert r4(p.ratio) == Decimal("0.7280") and p.outlook == "at_risk"


# --- in-year figures of a period rate ---------------------------------------------------

NEWCOMER = "verdicts"


def test_newcomers_mid_year_progress_counts_the_half_year_only():
    # 〔13.5〕 from 2020: 2021-2023 reductions 2.7, 2.5, 2.3: I = 0.973 x 0.975 x 0.977 = 0.926855475
    # 2024 上半年 3.1 % (as_of 2024-06-30, day 182 of 366: e = 0.497268)
    # ln I = ln 0.926855475 + e x ln 0.969 = -0.0759576 + 0.497268 x -0.0314907 = -0.0916169
    # 目标进度 -0.0916169 / ln 0.865 (-0.1450258) = 0.631729 -> 63.2 %
    # 时间进度 (3 + 0.497268) / 5 = 0.699454 -> 69.9 %
    p = row(plan_of(NEWCOMER), "energy_mid", 2024).period
    assert round(p.progress, 3) == Decimal("0.632") and round(p.time, 3) == Decimal("0.699")
    # 0.631729 / 0.699454 = 0.9032 >= 0.9, binding: never near -> behind (滞后)
    assert p.status == "behind" and p.outlook == "unknown"  # a figure to date
    # (0.3 counted the half year as a whole one: 74.1 % against 69.9 %, 达标)


def test_newcomers_year_end_twin_reads_74_1_against_80():
    # the same 3.1 % at year end: ln I = -0.0759576 + -0.0314907 = -0.1074483
    # 目标进度 -0.1074483 / -0.1450258 = 0.740891 -> 74.1 %; 时间进度 4 / 5 = 80 %
    p = row(plan_of(NEWCOMER), "energy_end", 2024).period
    assert round(p.progress, 3) == Decimal("0.741") and p.time == Decimal("0.8")
    # 0.740891 / 0.8 = 0.9261: binding -> behind
    assert p.status == "behind"


# --- direction of rate kinds, caps -------------------------------------------------------

def test_growth_with_direction_lower_is_a_cap():
    plan = plan_of(NEWCOMER)
    # 2021: 2.6 under a cap of 3: lower is better, 2.6 <= 3 -> met; completion T / A = 3 / 2.6
    r = row(plan, "energy_use_growth", 2021)
    assert r.cap and r.status == "met" and r4(r.completion) == Decimal("1.1538")
    # 2022: 3.4 over the cap of 3: 3 / 3.4 = 0.882353 -> behind (0.7 <= 0.88 < 0.9); gap A - T = 0.4
    r = row(plan, "energy_use_growth", 2022)
    assert r.status == "behind" and r4(r.rate) == Decimal("0.8824") and r.gap == Decimal("0.4")
    assert indicator_json(r)["cap"] is True


def test_reduction_with_direction_lower_and_rank_higher_are_errors():
    errors, _ = problems("verdicts_rates")
    assert (10, 16, "降低率越大越好：去掉 direction: lower；要控制上升幅度请用 kind: growth 加 direction: lower") in errors
    assert (26, 16, "位次指标（kind: rank）越小越好，direction 只能是 lower；请删去 direction 或改为 lower") in errors


# --- impossible values -------------------------------------------------------------------

def test_impossible_rates_ranks_and_relative_targets_are_errors_at_their_line():
    errors, warnings = problems("verdicts_rates")
    assert (12, 21, "2021 年实际值 100% 不可能：降低 100% 及以上意味着当年的量不为正；"
                    "请核对数值（降低率写成正数，如降低 3.5% 写 3.5）") in errors
    assert (20, 11, "2021 年实际值 -300% 不可能：下降 100% 及以上（增速 ≤ −100）意味着当年的量不为正；"
                    "请核对数值和单位") in errors
    assert (27, 21, "2023 年目标为第 0 位：位次从第 1 位起，应为正数；请核对") in errors
    # 99999999999999 x 20 = 1999999999999980 >= 10^15
    assert (32, 21, "2025 年目标按基期算得 1999999999999980，绝对值不小于 10^15（1000 万亿），"
                    "超出精确计算的范围；请核对基期值和倍数") in errors
    # a revision's targets are judged the same way: 99999999999999 x 30 = 2999999999999970; 120 %
    assert (37, 21, "2024 年目标按基期算得 2999999999999970，绝对值不小于 10^15（1000 万亿），"
                    "超出精确计算的范围；请核对基期值和倍数") in errors
    assert (38, 22, "2022 年目标 120% 不可能：降低 100% 及以上意味着当年的量不为正；"
                    "请核对数值（降低率写成正数，如降低 3.5% 写 3.5）") in errors
    assert len(errors) == 8 and warnings == []


def test_period_is_null_when_any_single_factor_is_not_positive():
    from kjcx.method import period
    from kjcx.plan.model import Indicator, Period, Thresholds

    ind = Indicator(id="g", name="g", unit="%", targets={}, kind="growth", period=Period(cumulative=Decimal(10)))
    # two years of -300 %: f = 1 - 3 = -2 each; the product 4 is positive, but no year may be <= 0
    p = period.evaluate(ind, 2020, 2025, 2022, {2021: (Decimal(-300), Decimal(1)),
                                                2022: (Decimal(-300), Decimal(1))}, Thresholds())
    assert p.progress is None and p.status is None and p.reason == period.NOT_POSITIVE


# --- signs everywhere -------------------------------------------------------------------

def test_sign_checks_name_the_part():
    errors, warnings = problems("verdicts_signs", PLANS)
    assert errors == []
    assert (18, 25, "分解项 “乙市”：降低率指标（kind: reduction）的降低写成正数，上升了才写负数；"
                    "2021 年为负数，请核对是否照抄了公报中的负号") in warnings


def test_mostly_negative_reductions_are_one_error():
    # own figures none, parts: -5.00, -2.10, 3.20: 2 of 3 negative (> half) -> one error
    errors, warnings = problems("verdicts_minus")
    assert errors == [(14, 25, "附表中的降低率带负号？降低率请写成正数（3 个实际值中 2 个为负数；"
                               "照抄公报中的负号会把每一项的完成情况算反）")]
    assert warnings == []


def test_a_negative_reduction_after_a_positive_figure_is_suspicious_in_a_form():
    plan = plan_of("kinds_energy")
    ind = next(i for i in plan.indicators if i.id == "energy_intensity")
    # 2012 figure 3.6 is positive; a form now says -3.6 for 2012
    refs = import_references(ind, Targets(plan.revisions), 2012, Actual(value=Decimal("-3.6")),
                             ind.actuals[2012][-1])
    found = judge(Decimal("-3.6"), ind.unit, refs)
    assert found is not None and found.hint.startswith("降低率请写成正数")
    # a positive figure is not judged by its size: 0.1 after 3.6 is a real 十四五 figure
    assert judge(Decimal("0.1"), ind.unit, refs) is None
    # a reduction of 100 % or more cannot be
    assert judge(Decimal("100"), ind.unit, refs) is not None


def test_a_period_target_typed_as_a_final_yearly_target_is_questioned():
    # only 2025 targeted (13.5) and 13.5 > 2.5 x 2.7 = 6.75 and > 2.5 x 0.1
    _, warnings = problems("verdicts_signs", PLANS)
    assert (24, 21, "是否为期内累计目标〔13.5〕？请写 period: {cumulative: 13.5}") in warnings


# --- grades and binding ------------------------------------------------------------------

def test_a_binding_row_not_met_gets_the_last_grade():
    plan = plan_of(NEWCOMER)
    # 9.5 of 10: completion 0.95 would be 基本完成 (>= 0.9); binding and behind -> 未完成
    r = row(plan, "farmland", 2021)
    assert r.completion == Decimal("0.95") and r.status == "behind" and r.grade == "未完成"
    assert r.grade_source == "computed"
    # 10 of 10: met -> 完成 (1.0 >= 1.0)
    assert row(plan, "farmland", 2022).grade == "完成"


def test_a_parts_official_grade_wins_and_is_marked_given():
    r = row(plan_of(NEWCOMER), "street_firms", 2023)
    jia, yi = r.parts
    # 甲街道 18 of 16: 1.125 >= 1.1 would be 超额完成; the office published 优秀
    assert r4(jia.completion) == Decimal("1.125")
    assert (jia.grade, jia.grade_source, jia.grade_document) == ("优秀", "given", "区考核办2024年第1号通报")
    # 乙街道 15 of 16 = 0.9375: computed 基本完成
    assert (yi.grade, yi.grade_source) == ("基本完成", "computed")


# --- parts before their breakdown, parts-only targets ---------------------------------

def test_a_part_has_no_interpolated_target_before_its_first_target_or_figure():
    r = row(plan_of(NEWCOMER), "street_firms", 2022)
    jia, yi = r.parts
    # 甲街道: first target 2023, first figure 2023 -> 2022 is before the breakdown: no target
    assert (jia.target, jia.status) == (None, "no_target")
    # 乙街道 reported 12 in 2022: interpolated 10 + (16 - 10) x 2 / 3 = 14; 12 / 14 = 0.857 -> behind
    assert (yi.target, yi.target_source, yi.status) == (Decimal(14), "interpolated", "behind")


def test_targets_only_in_parts_are_counted_by_parts():
    doc = to_json(compute.year_status(plan_of(NEWCOMER), 2023))
    # street_firms has no target of its own; both parts have one in 2023 (甲 met, 乙 near)
    assert doc["summary"]["by_parts"] == {
        "indicators": 1, "parts": 2,
        "statuses": {"met": 1, "near": 1, "behind": 0, "severe": 0, "no_data": 0, "no_target": 0}}
    # the row itself keeps its status: counted as no_target among the 7 indicators
    assert doc["summary"]["indicators"]["no_target"] == 3


# --- revised baselines, one-off items, the worst item -----------------------------------

def test_a_revised_baseline_is_visible_on_the_row():
    plan = plan_of(NEWCOMER)
    # 2021 (year end, before census 2022-03-01): B = 2.0, T(2025) = 2.0 + 0.5 = 2.5,
    # T(2021) = 2.0 + (2.5 - 2.0) x 1 / 5 = 2.1
    r = row(plan, "rd_intensity", 2021)
    assert r.target == Decimal("2.1") and r.revision is None and r.baseline_revision is None
    # 2022: B = 1.9 (census), T(2025) = 2.4, T(2022) = 1.9 + 0.5 x 2 / 5 = 2.1
    r = row(plan, "rd_intensity", 2022)
    assert r.target == Decimal("2.1") and r.revision == "census"
    assert indicator_json(r)["baseline_revision"] == {
        "id": "census", "document": "区统计局关于经济普查后修订有关数据的通知", "date": "2022-03-01",
        "old": 2, "new": 1.9}


def test_a_one_off_item_is_not_extrapolated():
    # integer, baseline 0, final target 1: 1 - 0 <= 2 -> one-off. 2021: T = 0 + 1 x 1/5 = 0.2 -> 0
    # (half up); A = 0 -> met, but the outlook is not "on track": unknown until the final year
    r = row(plan_of(NEWCOMER), "new_lab", 2021)
    assert (r.target, r.status) == (Decimal(0), "met")
    assert (r.final.outlook, r.final.reason) == ("unknown", "one_off")
    assert indicator_json(r)["outlook_reason"] == "一次性完成，不按速度外推"


def test_a_department_red_only_for_missing_items_names_the_first_missing_one():
    st = compute.year_status(plan_of(NEWCOMER), 2023)
    d = next(d for d in st.departments if d.name == "区科技局")
    # 2023 is closed (2024 has a figure): new_lab and rd_intensity have targets and no figure
    assert (d.level, d.lagging_lead, d.missing) == ("red", [], ["new_lab", "rd_intensity"])
    assert d.worst == "new_lab" and d.worst_rate is None


# --- check: one error each, every problem at once ----------------------------------------

def test_a_refused_value_is_one_error():
    errors, _ = problems("verdicts_followon")
    assert errors == [
        (10, 23, "应为数字，实际为 “1e-14”（YAML 把 1e5 这样的写法当作文字：请写成普通数字，如 100000，"
                 "或写成 1.0e+5）"),
        (13, 29, "应为日期（YYYY-MM-DD，如 2021-06-30），实际为时间 2021-06-30 10:00:00")]


def test_a_full_width_colon_and_the_other_files_references_in_one_pass():
    plan, errors, _ = inspect(BAD / "verdicts_refs")
    got = [(e.file.split("/")[-1], e.line, e.column, e.message) for e in errors]
    assert got == [
        ("targets.yaml", 2, 7, "YAML 语法错误：这里用了全角冒号“：”，请改为半角冒号；键和值之间应是半角冒号加空格，"
                               "如 “2020: 2.57”（mapping values are not allowed in this context）"),
        ("tasks.yaml", 6, 14, "章节 2 不存在（sections 中的编号：1）")]


def test_rate_to_date_of_a_period_at_as_of():
    # with --as-of 2024-07-01 the mid-year figure is the latest known: same 63.2 %
    p = row(plan_of(NEWCOMER), "energy_mid", 2024, datetime.date(2024, 7, 1)).period
    assert round(p.progress, 3) == Decimal("0.632")


# --- docs/method.md 一行一个结论: every number of its worked examples ---------------------

def _doc_examples():
    import re

    from conftest import ROOT

    text = (ROOT / "docs" / "method.md").read_text(encoding="utf-8")
    block = text.split("<!-- verdicts:begin -->")[1].split("<!-- verdicts:end -->")[0]
    parts = re.split(r"<!-- verdicts: (.*?) -->", block)
    # the doc writes minus signs as U+2212; the program as "-"
    return {parts[i]: parts[i + 1].replace("\u2212", "-") for i in range(1, len(parts), 2)}


def _values(r):
    """Every number the program computed for the row, its period, outlook and target."""
    values = [v for v in vars(r).values() if isinstance(v, Decimal)]
    for part in (r.final, r.period, r.target_info, r.baseline_revision):
        if part is not None:
            values += [v for v in vars(part).values() if isinstance(v, Decimal)]
    if r.period is not None and r.period.progress is not None:
        values.append(r.period.progress / r.period.time)
    for part in r.parts:  # a row stated by its parts: their numbers
        values += _values(part)
    return values


def test_method_doc_verdict_examples_agree_with_the_program():
    import re

    from kjcx.words import STATUS_LABEL

    examples = _doc_examples()
    assert len(examples) == 8
    for key, body in examples.items():
        name, ident, year = key.split()
        r = row(plan_of(name), ident, int(year))
        values = _values(r)

        def matches(written, values=values):
            places = len(written.split(".")[1]) if "." in written else 0
            return any(round(v, places) == Decimal(written) for v in values)

        # a result: "= x" not followed by an operator (x × y is an input)
        numbers = re.findall(r"= (-?\d+(?:\.\d+)?)(?![\d.]|\s*[×÷+^-])", body)
        assert numbers, key
        for written in numbers:
            assert matches(written), (key, written)
        for share in re.findall(r"（(-?\d+\.\d)%）", body):  # a share in %, or a rate in %
            assert matches(share, [v * 100 for v in values] + values), (key, share)
        assert STATUS_LABEL[r.status] in body, key


def test_the_year_end_date_is_built_in_one_place():
    # method/dates.year_end is the only Dec 31 of the method (and of the suspicious-figure rules)
    import re

    from conftest import ROOT

    src = ROOT / "src" / "kjcx"
    files = [*sorted((src / "method").glob("*.py")), src / "round" / "suspicious.py"]
    found = [f.name for f in files if f.name != "dates.py"
             and re.search(r"date\([^()]*,\s*12,\s*31\)", f.read_text(encoding="utf-8"))]
    assert found == []


def test_a_binding_period_a_little_behind_is_at_risk_not_on_track():
    from kjcx.method import period
    from kjcx.plan.model import Indicator, Period, Thresholds

    ind = Indicator(id="e", name="e", unit="%", targets={}, kind="reduction", binding=True,
                    period=Period(cumulative=Decimal(16)))
    # 〔16〕 over 5 years, first year 3.35 %: progress ln 0.9665 / ln 0.84 = -0.0340740 / -0.1743534 = 0.195431
    # against time 1/5 = 0.2: 0.195432 / 0.2 = 0.9772 >= 0.9, binding -> behind
    p = period.evaluate(ind, 2010, 2015, 2011, {2011: (Decimal("3.35"), Decimal(1))}, Thresholds())
    assert r4(p.progress) == Decimal("0.1954") and p.status == "behind"
    # R = (ln I / 1) / ((ln I* - ln I) / 4) = -0.0340740 / (-0.1402794 / 4) = 0.9716 >= 0.95 would be
    # on_track; while the period lags it is at_risk
    assert r4(p.ratio) == Decimal("0.9716") and p.outlook == "at_risk"


def test_twelfth_plan_2012_row_keeps_the_yearly_and_the_period_comparison_apart(kjcx, tmp_path):
    # the 超/低于序时 cell holds the year's comparison in the rate's points: A − T =
    # 3.6 − 3.5 = 0.1, at the indicator's precision (2.01 has two decimals) 0.10, 高于年度目标;
    # the period lag (32.7% against 40.0%) stays in 目标进度/时间进度: one kind of 个百分点 a cell
    out = kjcx("--data", PLANS / "verdicts_twelfth", "indicators", "2012", env={"COLUMNS": "120"}).stdout
    lines = out.splitlines()
    first = next(i for i, t in enumerate(lines) if t.startswith("单位国内生产总值"))
    assert lines[first].split()[1:10] == ["%", "3.5", "3.6", "102.9%", "32.7%", "40.0%", "高于年度目标",
                                          "高于目标", "滞后"]
    assert lines[first + 1].split() == ["能耗降低", "0.10", "个百分点", "0.10", "个百分点", "（约束性）"]
    assert "低于时间进度" not in out
    # the year-end report says the year's target was met; the row status stays 滞后
    md = tmp_path / "通报.md"
    assert kjcx("--data", PLANS / "verdicts_twelfth", "report", "2012", "-o", md).exit_code == 0
    row_md = next(t for t in md.read_text(encoding="utf-8").splitlines() if t.startswith("| 单位国内生产总值能耗降低"))
    assert "完成年度目标" in row_md and "未完成年度目标" not in row_md and "滞后" in row_md
