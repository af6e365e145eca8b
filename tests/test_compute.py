"""The method (docs/method.md) on small plans of its own and on the seed plan.
Each expected value is computed by hand in the comment above it; JSON-rounded
values are compared at 6 places. tests/test_method_formulas.py pins each formula of
the v2 method; this file keeps the earlier cases, with their v2 values."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from kjcx.method import compute, dates
from kjcx.method.targets import Targets
from kjcx.views.json_docs import number as json_number

from conftest import plan_of

D = Decimal


def row(plan, ident, year):
    ind = next(i for i in plan.indicators if i.id == ident)
    return compute.evaluate_indicator(plan, ind, year)


def r6(value):
    return json_number(value)


# --- lower-is-better, interpolation ------------------------------------------

def test_lower_interpolated_from_baseline_year_end():
    plan = plan_of("lower")
    r = row(plan, "energy_intensity", 2021)
    # T(2021) between baseline (2020, 0.50) and 2022 target 0.46: 0.50 + (0.46-0.50)*1/2 = 0.48
    assert (r.target, r.target_source) == (D("0.48"), "interpolated")
    # year end: E = T = 0.48; lower: rate = E/A = 0.48/0.49 = 0.979592 -> near (>= 0.9)
    assert r.expected == D("0.48") and r.elapsed == 1 and r.as_of == date(2021, 12, 31)
    assert r6(r.rate) == 0.979592
    assert r.status == "near"
    # lower: completion = T/A = 0.48/0.49 = the rate at year end; no schedule for lower
    assert r.completion == r.rate and (r.schedule, r.ahead) == (None, None)
    # gap (lower) = A - T = 0.49 - 0.48 = 0.01 (still short); progress = (0.49-0.50)/(0.48-0.50) = 0.5
    assert r.gap == D("0.01")
    assert r.progress == D("0.5")
    # outlook: needed = -(0.40 - 0.49)/(2025-2021) = 0.0225; achieved = -(0.49-0.50)/1 = 0.01
    # R = 0.01/0.0225 = 0.444 -> off_track (0 <= R < 0.6)
    f = r.final
    assert (f.year, f.target) == (2025, D("0.40"))
    assert (f.needed_per_year, f.achieved_per_year, f.outlook) == (D("0.0225"), D("0.01"), "off_track")


def test_interpolated_between_two_explicit_targets():
    plan = plan_of("lower")
    targets = Targets(plan.revisions)  # no revisions: the plan's targets on any date
    ind = plan.indicators[0]
    # 2022 = 0.46 and 2025 = 0.40: 2023 = 0.46 - 0.06*1/3 = 0.44; 2024 = 0.46 - 0.06*2/3 = 0.42
    t = targets.target(ind, 2023, date(2023, 12, 31))
    assert (t.value, t.source) == (D("0.44"), "interpolated")
    assert (t.lower, t.upper) == ((2022, D("0.46"), "target"), (2025, D("0.40"), "target"))
    t = targets.target(ind, 2024, date(2024, 12, 31))
    assert (t.value, t.source, t.revision) == (D("0.42"), "interpolated", None)
    r = row(plan, "energy_intensity", 2024)
    assert (r.status, r.actual, r.rate, r.gap) == ("no_data", None, None, None)


def test_lower_part_year_level_starts_from_last_year_end_actual():
    plan = plan_of("lower")
    r = row(plan, "energy_intensity", 2022)
    # as_of 2022-06-30 is day 181 of 365; P = 2021 year-end actual 0.49, T = 0.46
    # E = 0.49 + (0.46 - 0.49) * 181/365 = 0.4751232877; A = 0.47 <= E -> met
    assert r.elapsed == D(181) / D(365)
    assert r6(r.elapsed) == 0.49589
    assert r6(r.expected) == 0.475123
    assert r.status == "met"
    # rate = E/A = 0.4751232877/0.47 = 1.010901; gap = 0.47 - 0.46 = 0.01
    assert r6(r.rate) == 1.010901
    assert r.gap == D("0.01")
    # lower: completion = T/A = 0.46/0.47 = 0.978723 (of the year's limit); schedule null
    assert r6(r.completion) == 0.978723 and r.schedule is None
    # a figure to date: outlook unknown
    assert r.final.outlook == "unknown" and r.final.needed_per_year is None


def test_moving_away_when_the_figure_worsens():
    plan = plan_of("lower")
    r = row(plan, "pollution_days", 2021)
    # rate = 95/104 = 0.913462 -> near; gap = 104 - 95 = 9; progress = (104-100)/(95-100) = -0.8
    assert (r6(r.rate), r.status, r.gap, r.progress) == (0.913462, "near", 9, D("-0.8"))
    # needed = -(80-104)/4 = 6; achieved = -(104-100)/1 = -4; R < 0 -> moving_away
    assert (r.final.needed_per_year, r.final.achieved_per_year, r.final.outlook) == (6, -4, "moving_away")


def test_no_later_target_means_no_target():
    plan = plan_of("lower")
    r = row(plan, "pilot_projects", 2022)
    # 2021 is the only target; nothing later to interpolate towards
    assert (r.target, r.target_source, r.status) == (None, None, "no_target")
    assert r.actual == 6 and r.expected is None
    assert r.final is None  # no target for the plan's end year


# --- flow, zero target, leap year -------------------------------------------

def test_flow_part_year_on_a_leap_day():
    plan = plan_of("flow")
    r = row(plan, "turnover", 2024)
    # 2024-02-29 is day 60 of 366; flow: E = 50 * 60/366 = 8.196721; rate = 10/8.196721 = 1.22
    assert r.elapsed == D(60) / D(366)
    assert r6(r.expected) == 8.196721
    assert r6(r.rate) == 1.22
    assert r.status == "met"
    # completion = 10/50 = 0.2; flow: schedule = elapsed = 60/366 = 0.163934;
    # ahead = (0.2 - 60/366) x 100 = 220/61 = 3.606557 points
    assert (r.completion, r.schedule) == (D("0.2"), r.elapsed)
    assert (r6(r.schedule), r6(r.ahead)) == (0.163934, 3.606557)
    # gap to the year-end target: 50 - 10 = 40; no baseline: progress null
    assert (r.gap, r.progress) == (40, None)


def test_flow_year_end_and_outlook_without_earlier_point():
    plan = plan_of("flow")
    r = row(plan, "turnover", 2023)
    # rate = 42/40 = 1.05, gap = 40 - 42 = -2 (exceeded)
    assert (r.rate, r.gap, r.status) == (D("1.05"), -2, "met")
    # needed = (60-42)/2 = 9; no baseline and no earlier actual: achieved unknown.
    # v1 said "unknown" (no pace); v2: the year is met, on the plan's path -> on_track
    assert (r.final.needed_per_year, r.final.achieved_per_year, r.final.outlook) == (9, None, "on_track")


def test_zero_target_rate_is_null_but_status_met():
    plan = plan_of("flow")
    r = row(plan, "leading_firms", 2023)
    # T = 0, A = 0: rate = A/E divides by 0 -> null; A reaches E -> met; T = B -> progress null
    assert (r.target, r.expected, r.rate, r.gap, r.progress, r.status) == (0, 0, None, 0, None, "met")
    # completion = A/T divides by 0 -> null; at year end schedule = 1; ahead needs both -> null
    assert (r.completion, r.schedule, r.ahead) == (None, 1, None)
    # needed = (2-0)/2 = 1, achieved = (0-0)/1 = 0: R = 0 would be off_track (v1);
    # v2: the year is met (0 of 0, on the path 0 -> 1 -> 2) -> on_track
    assert (r.final.needed_per_year, r.final.achieved_per_year, r.final.outlook) == (1, 0, "on_track")


def test_flow_severely_behind_the_time_schedule():
    plan = plan_of("flow")
    r = row(plan, "contracts", 2025)
    # E = 100 * 181/365 = 49.589041; rate = 30/49.589041 = 0.604972 -> severe (< 0.7)
    assert (r6(r.expected), r6(r.rate), r.status, r.gap) == (49.589041, 0.604972, "severe", 70)
    # completion = 30/100 = 0.3; ahead = (0.3 - 181/365) x 100 = -1430/73 = -19.589041 points
    assert (r.completion, r6(r.ahead)) == (D("0.3"), -19.589041)
    assert r.final.outlook == "unknown"  # the plan's end year: its own status says it all
    assert row(plan, "contracts", 2024).status == "no_target"  # no earlier point


# --- level start point P and plan thresholds ---------------------------------

def test_level_start_point_from_baseline():
    plan = plan_of("level")
    r = row(plan, "platforms", 2021)
    # 2021-07-02 is day 183; P = baseline 10 (no 2020 actual or target)
    # E = 10 + (20-10)*183/365 = 15.013699; rate = 18/15.013699 = 1.198905 -> met
    assert (r6(r.expected), r6(r.rate), r.status) == (15.013699, 1.198905, "met")
    assert r.start == (10, "baseline")
    # progress = (18-10)/(20-10) = 0.8; completion = 18/20 = 0.9
    assert (r.progress, r.completion) == (D("0.8"), D("0.9"))
    # schedule = E/T = (1096/73)/20 = 274/365 = 0.750685; ahead = (0.9 - 274/365) x 100 = 14.931507
    assert (r6(r.schedule), r6(r.ahead)) == (0.750685, 14.931507)


def test_level_start_point_from_last_years_target_when_its_actual_is_part_year():
    plan = plan_of("level")
    r = row(plan, "platforms", 2022)
    # the 2021 actual is a mid-year figure, so P = 2021 target 20; 2022-04-01 is day 91
    # E = 20 + 10*91/365 = 22.493151; A = 24 -> met
    assert (r6(r.expected), r.status, r.start) == (22.493151, "met", (20, "target"))


def test_plan_thresholds_are_used():
    plan = plan_of("level")
    r = row(plan, "platforms", 2023)
    # 2023-10-01 is day 274; P = 2022 target 30: E = 30 + 10*274/365 = 37.506849
    # rate = 31/37.506849 = 0.826516: behind with severe = 0.8 (it would be "behind" too by
    # the defaults, but "near" needs 0.95 here)
    assert (r6(r.expected), r6(r.rate), r.status) == (37.506849, 0.826516, "behind")


def test_level_without_any_start_point_is_held_to_the_full_target():
    plan = plan_of("level")
    r = row(plan, "labs", 2022)
    # no 2021 actual, no 2021 target, no baseline: E = T = 8; rate = 3/8 = 0.375 -> severe
    assert (r.expected, r.rate, r.status) == (8, D("0.375"), "severe")


# --- tasks and departments ---------------------------------------------------

def test_task_lagging_by_status_and_by_pace():
    plan = plan_of("tasks")
    # Judged at each report's own date (the round date R given as the latest report, 06-30;
    # the year-end reports 1, 7 and 8 lie after it):
    rows = {r.task.id: r for r in compute.task_rows(plan, 2021, round_at=date(2021, 6, 30))}
    # 1: reported behind -> lagging
    # 2: 35% at 06-30: 181/365*100 - 10 = 39.589 -> 35 < 39.589 -> lagging
    # 3: 40% -> not lagging; 4: 未启动 at 03-31, older than R: judged at R, 0 < 39.589 -> lagging
    # 5: not started at 01-20, older than R: 0 < 39.589 -> lagging (v2, at its own date: not)
    # 6: no report; 7: done never lags by pace; 8: 85% at year end < 100 - 10 -> lagging
    assert {i: r.lagging for i, r in rows.items()} == {
        1: True, 2: True, 3: False, 4: True, 5: True, 6: False, 7: False, 8: True}
    # v3: the year's round date is Dec 31 (reports 1, 7, 8 are year-end), so the reports
    # of 06-30, 03-31 and 01-20 are stale and judged at year end: 35, 40, 0, 0 < 100 - 10
    rows = {r.task.id: r for r in compute.task_rows(plan, 2021)}
    assert {i: (r.lagging, r.stale) for i, r in rows.items() if i in (2, 3, 4, 5)} == {
        2: (True, True), 3: (True, True), 4: (True, True), 5: (True, True)}
    assert rows[2].threshold == 90 and rows[2].as_of == date(2021, 6, 30)
    assert rows[6].status == "no_report" and rows[6].as_of is None
    assert rows[3].status == "in_progress"  # the Chinese label read as the English value
    assert rows[4].status == "not_started" and rows[4].percent is None
    assert rows[8].as_of == date(2021, 12, 31)


def test_departments_levels_with_participants_and_missing_reports():
    plan = plan_of("tasks")
    st = compute.year_status(plan, 2021)
    got = [(d.name, d.level, d.lead_items, d.lagging_lead, d.missing, d.lagging_participating, d.worst)
           for d in st.departments]
    # v3: the round date is Dec 31 (reports 1, 7, 8 are year-end): tasks 2, 3 (06-30), 4 (03-31)
    # and 5 (01-20) are stale, judged at year end (threshold 90) and counted as missing.
    # 甲: leads 1 (lag), 7, 8 (lag) -> 3 items, lagging [1, 8]; takes part in 3 (lag), 6;
    #     worst: task 1 (behind, no percent: 0/100 = 0) < task 8 (85/100)
    # 乙: leads 2, 3 (both stale, lag) -> lagging [2, 3], missing [2, 3]; part of 1 (lag);
    #     worst 2 (35/100 = 0.35 < 40/100)
    # 丙: leads x (met, 12/10 = 1.2), 4 and 5 (stale, lag) -> lagging [4, 5], missing [4, 5];
    #     part of 1, 2; worst 4 (a lagging task ranks before a met indicator; 4 and 5 tie at 0)
    # 丁: leads y (8/10 behind), 6 (no report) -> lagging [y], missing [6]; part of 8; worst y (0.8)
    # 戊: leads z (no 2021 figure; 2021 is the latest year with any actual: not closed) -> green
    # Order by lagging_lead + missing: 丙 4, 乙 4 (tie: 丙 2 participations > 乙 1), 丁 2 and
    # 甲 2 (tie: 丁 1 participation = 甲 1 -> first mention, 丁 in targets.yaml first)
    assert got == [
        ("丙局", "red", 3, [4, 5], [4, 5], [1, 2], 4),
        ("乙局", "red", 2, [2, 3], [2, 3], [1], 2),
        ("丁局", "red", 2, ["y"], [6], [8], "y"),
        ("甲局", "red", 3, [1, 8], [], [3], 1),
        ("戊局", "green", 1, [], [], [], None),
    ]
    assert st.summary.tasks == {"lagging": 6, "no_report": 1, "done": 1, "overdue": 0}
    assert st.summary.indicators == {"met": 1, "near": 0, "behind": 1, "severe": 0,
                                     "no_data": 1, "no_target": 0}
    assert st.summary.departments == {"red": 4, "yellow": 0, "green": 1}
    assert st.summary.lagging_departments == ["丙局", "乙局", "丁局", "甲局"]


# --- the seed plan, 2021 (the worked examples of docs/method.md) -------------

def test_seed_2021_worked_examples():
    plan = plan_of("seed")
    r = row(plan, "high_tech_enterprises", 2021)
    # rate 118/116 = 1.017241; gap 116-118 = -2; progress (118-100)/(116-100) = 1.125
    assert (r6(r.rate), r.gap, r.progress, r.status) == (1.017241, -2, D("1.125"), "met")
    # year end: completion = rate, schedule = 1, ahead = (118/116 - 1) x 100 = 50/29 = 1.724138
    assert (r.completion, r.schedule, r6(r.ahead)) == (r.rate, 1, 1.724138)
    # needed (128-118)/1 = 10; achieved (118-100)/(2021-2019) = 9; R = 0.9 was at_risk in v1;
    # v2: met, on the plan's own path -> on_track
    assert (r.final.needed_per_year, r.final.achieved_per_year, r.final.outlook) == (10, 9, "on_track")
    r = row(plan, "rd_intensity", 2021)
    # rate 2.56/2.58 = 0.992248 -> near; gap 0.02; T = B = 2.58 -> progress null
    # needed (2.59-2.56)/1 = 0.03; achieved (2.56-2.58)/2 = -0.01 -> moving_away
    assert (r6(r.rate), r.gap, r.progress, r.status) == (0.992248, D("0.02"), None, "near")
    assert (r.final.needed_per_year, r.final.achieved_per_year, r.final.outlook) == (
        D("0.03"), D("-0.01"), "moving_away")
    r = row(plan, "gazelle_enterprises", 2021)
    # rate 7/10 = 0.7 -> behind (>= 0.7); gap 3; progress (7-7)/(10-7) = 0
    # needed (12-7)/1 = 5; achieved (7-7)/2 = 0 -> off_track
    assert (r.rate, r.gap, r.progress, r.status) == (D("0.7"), 3, 0, "behind")
    assert (r.final.needed_per_year, r.final.achieved_per_year, r.final.outlook) == (5, 0, "off_track")
    r = row(plan, "tech_contract_turnover", 2022)
    # flow as of 06-30: E = 50*181/365 = 24.794521; rate = 21.3/24.794521 = 0.859061 -> behind
    assert (r6(r.expected), r6(r.rate), r.status) == (24.794521, 0.859061, "behind")
    # completion = 21.3/50 = 0.426 (完成年度目标的42.6%); schedule = 181/365 = 0.49589 (49.6%);
    # ahead = (0.426 - 0.49589) x 100 = -6.989041 (低于序时 7.0 个百分点)
    assert (r.completion, r6(r.schedule), r6(r.ahead)) == (D("0.426"), 0.49589, -6.989041)


def test_seed_outlook_follows_the_plans_path():
    plan = plan_of("seed")
    # 科技领军 2021: A = T = 1 on the path 0 -> 1 -> 2: met -> on_track, though the pace
    # (needed (2-1)/1 = 1, achieved (1-0)/2 = 0.5, R = 0.5) alone would say off_track
    r = row(plan, "leading_enterprises", 2021)
    assert (r.status, r.final.outlook, r.final.needed_per_year, r.final.achieved_per_year) == (
        "met", "on_track", 1, D("0.5"))
    # 瞪羚 2020: 8 of 8 -> met -> on_track (needed (12-8)/2 = 2, achieved (8-7)/1 = 1)
    r = row(plan, "gazelle_enterprises", 2020)
    assert (r.status, r.final.outlook, r.final.needed_per_year, r.final.achieved_per_year) == (
        "met", "on_track", 2, 1)


def test_seed_departments_2021():
    st = compute.year_status(plan_of("seed"), 2021)
    d = {r.name: r for r in st.departments}
    # 区科技局 leads gazelle (7/10 = 0.7, behind) and task 2 (self-reported behind at 70%):
    # red; takes part in task 18 (lagging: 85% at year end < 100 - 10)
    # worst: gazelle 0.7 ties task 2 (70/(1 x 100) = 0.7) -> the indicator comes first
    assert (d["区科技局"].level, d["区科技局"].lagging_lead, d["区科技局"].missing,
            d["区科技局"].lagging_participating, d["区科技局"].worst) == (
        "red", ["gazelle_enterprises", 2], [], [18], "gazelle_enterprises")
    assert d["区科技局"].worst_rate == D("0.7") and d["区科技局"].lead_items == 27
    # 区市场监管局 leads invention_patents (met, 1162/1155 = 1.006061) and task 15 (done): green,
    # but the met indicator still has a rate, so it is the worst item of its lead items
    assert (d["区市场监管局"].level, d["区市场监管局"].worst) == ("green", "invention_patents")
    assert r6(d["区市场监管局"].worst_rate) == 1.006061
    # 9 of 14 units were 滞后 in v1 (half-point participations); v2: 2 red, 7 yellow, 5 green
    assert st.summary.departments == {"red": 2, "yellow": 7, "green": 5}
    assert st.summary.lagging_departments == ["区科技局", "区人社局"]


def test_seed_summary_2021():
    st = compute.year_status(plan_of("seed"), 2021)
    assert st.summary.indicators == {"met": 5, "near": 1, "behind": 1, "severe": 0,
                                     "no_data": 0, "no_target": 7}
    assert st.summary.tasks == {"lagging": 2, "no_report": 0, "done": 17, "overdue": 0}


def test_seed_shows_every_status_across_years():
    plan = plan_of("seed")
    statuses = {r.status for y in plan.years for r in compute.indicator_rows(plan, y)}
    assert statuses == set(compute.INDICATOR_STATUSES)
    outlooks = {r.final.outlook for y in plan.years for r in compute.indicator_rows(plan, y)}
    # v2: every year on the plan's path is on_track, so the seed no longer shows at_risk
    # (高新技术企业 2021, met, was at_risk by pace in v1); tests/test_method_formulas.py has it
    assert outlooks == {"achieved", "on_track", "off_track", "moving_away", "unknown"}


def test_default_year_is_latest_with_an_actual():
    assert dates.default_year(plan_of("seed")) == 2022
    assert dates.default_year(plan_of("level")) == 2023


@pytest.mark.parametrize("as_of,expected", [
    (None, (date(2021, 12, 31), D(1))),
    (date(2021, 12, 31), (date(2021, 12, 31), D(1))),
    (date(2022, 1, 15), (date(2021, 12, 31), D(1))),  # reported after the year: a year-end figure
    (date(2021, 1, 1), (date(2021, 1, 1), D(1) / D(365))),
])
def test_evaluation_point(as_of, expected):
    assert compute.evaluation_point(2021, as_of) == expected


def _doc_examples():
    """docs/method.md's worked block, split at its `<!-- example: ... -->` marks."""
    import re

    from conftest import ROOT

    text = (ROOT / "docs" / "method.md").read_text(encoding="utf-8")
    block = text.split("<!-- worked:begin -->")[1].split("<!-- worked:end -->")[0]
    parts = re.split(r"<!-- example: (.*?) -->", block)
    # the doc writes minus signs as U+2212; the program as "-"
    return {parts[i]: parts[i + 1].replace("\u2212", "-") for i in range(1, len(parts), 2)}


def _pct(value):
    return f"{(value * 100).quantize(D('0.1'), rounding=ROUND_HALF_UP)}%"


def _has_number(body, value):
    import re

    return re.search(rf"= {re.escape(str(value))}(?![\d.])", body) is not None


def test_method_doc_worked_examples_agree_with_the_program():
    from kjcx.views.json_docs import indicator_json
    from kjcx.views.tables import OUTLOOK_LABEL, STATUS_LABEL

    examples = _doc_examples()
    indicator_examples = [k for k in examples if not k.startswith("departments")]
    assert len(indicator_examples) == 9
    for key in indicator_examples:
        name, ident, year, *as_of = key.split()
        as_of = date.fromisoformat(as_of[0]) if as_of else None
        body = examples[key]
        st = compute.year_status(plan_of(name), int(year), as_of)
        r = next(r for r in st.indicators if r.indicator.id == ident)
        j = indicator_json(r)
        assert r.indicator.name in body, key
        assert f"= {j['completion']}（{_pct(r.completion)}）" in body, key
        assert STATUS_LABEL[r.status] in body, key
        assert _has_number(body, j["gap"]), key
        if r.ahead:
            words = "超序时" if r.ahead > 0 else "低于序时"
            points = abs(r.ahead).quantize(D("0.1"), rounding=ROUND_HALF_UP)
            assert f"{words} {points} 个百分点" in body, key
        if r.elapsed != 1:  # a figure to date: every step is shown
            day = (r.as_of - date(r.as_of.year, 1, 1)).days + 1
            assert f"{day} ÷ 365" in body, key
            assert _has_number(body, j["expected"]), key
            assert f"= {j['rate']}（{_pct(r.rate)}）" in body, key
            assert f"= {j['schedule']}（{_pct(r.schedule)}）" in body, key
        if r.revision is not None:
            assert f'`revision: "{r.revision}"`' in body and str(j["target"]) in body, key
        if r.final is not None and r.final.outlook != "unknown":
            assert OUTLOOK_LABEL[r.final.outlook] in body, key
            assert _has_number(body, j["final"]["needed_per_year"]), key
            assert _has_number(body, j["final"]["achieved_per_year"]), key


def test_method_doc_department_example_agrees_with_the_program():
    from kjcx.views.tables import LEVEL_LABEL

    body = _doc_examples()["departments seed 2022"]
    plan = plan_of("seed")
    names = {i.id: i.name for i in plan.indicators}

    def items(ids):
        return "、".join(names[i] if isinstance(i, str) else f"任务{i}" for i in ids) or "-"

    rows = [line.strip("|").split("|") for line in body.splitlines() if line.startswith("| 区")
            or line.startswith("| 金")]
    got = [tuple(cell.strip() for cell in row) for row in rows]
    st = compute.year_status(plan, 2022)
    flagged = [d for d in st.departments if d.level != "green"]
    assert got == [(d.name, LEVEL_LABEL[d.level], items(d.lagging_lead), items(d.missing),
                    items(d.lagging_participating), items([d.worst] if d.worst is not None else []))
                   for d in flagged]
    green = [d.name for d in st.departments if d.level == "green"]
    assert f"其余 {len(green)} 个单位正常：{'、'.join(green)}。" in body
