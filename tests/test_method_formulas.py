"""The method of docs/method.md, formula by formula, on small plans of its own
(tests/plans/v2_*). Every expected number is computed by hand in the comment
above its assert, as an exact fraction; `exact` compares the program's Decimal
with that fraction (Decimal divides to 28 digits), `r6` with the 6-place value
JSON carries.

Dates used throughout: 2021-03-31 and 2022-03-31 are day 90, 2021-06-30 and
2022-06-30 day 181, 2022-07-22 day 203, 2022-09-30 day 273 of a 365-day year.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction as F
from functools import cache

import pytest

from kjcx.method import compute
from kjcx.views.json_docs import indicator_json, number, section_json

from conftest import plan_of

D = Decimal
HALF = F(181, 365)      # elapsed at 06-30
QUARTER = F(90, 365)    # elapsed at 03-31


@cache
def plan(name):
    return plan_of(name)


def ind(name, ident, year, as_of=None):
    st = compute.year_status(plan(name), year, as_of)
    return next(r for r in st.indicators if r.indicator.id == ident)


def exact(value, fraction) -> bool:
    """value (a Decimal) equals the fraction to 20 places."""
    assert value is not None, fraction
    assert abs(F(value) - F(fraction)) < F(1, 10 ** 20), (value, fraction)
    return True


def r6(value):
    return number(value)


# --- the figure used and the evaluation point ---------------------------------

@pytest.mark.parametrize("as_of, actual, point", [
    # no --as-of: the latest entry of the list, here the year-end 121
    (None, 121, date(2022, 12, 31)),
    # --as-of D: the latest entry whose as_of <= D
    (date(2022, 3, 31), 113, date(2022, 3, 31)),
    (date(2022, 6, 29), 113, date(2022, 3, 31)),
    (date(2022, 6, 30), 116, date(2022, 6, 30)),
    (date(2022, 12, 30), 116, date(2022, 6, 30)),  # the year-end entry counts as Dec 31
    (date(2022, 12, 31), 121, date(2022, 12, 31)),
    (date(2023, 5, 1), 121, date(2022, 12, 31)),
])
def test_figure_used_is_the_latest_known_on_the_date(as_of, actual, point):
    r = ind("v2_kinds", "hl", 2022, as_of)
    assert (r.actual, r.as_of) == (actual, point)


def test_no_figure_known_on_the_date_is_no_data():
    r = ind("v2_kinds", "hl", 2022, date(2022, 3, 30))
    # the first 2022 figure is dated 03-31: nothing is known on 03-30 -> no_data, and
    # without an actual the evaluation point is the year end: T = 120 still shows
    assert (r.status, r.actual, r.as_of, r.elapsed, r.expected, r.rate) == (
        "no_data", None, None, None, None, None)
    assert (r.target, r.target_source) == (120, "explicit")
    j = indicator_json(r)
    assert (j["as_of"], j["elapsed"], j["completion"], j["ahead"]) == (None, None, None, None)
    # 2021's year-end figure counts as known on 2021-12-31: not on 12-30, but on 12-31
    assert ind("v2_kinds", "hl", 2021, date(2021, 12, 30)).status == "no_data"
    assert ind("v2_kinds", "hl", 2021, date(2021, 12, 31)).actual == 112


def test_source_and_note_are_those_of_the_figure_used():
    r = ind("v2_kinds", "hl", 2022, date(2022, 6, 30))
    assert (r.source, r.note) == ("半年报", "上半年")
    r = ind("v2_kinds", "hl", 2022)
    assert (r.source, r.note) == ("年报", None)
    r = ind("v2_kinds", "hl", 2021)  # a bare number: no source, no note
    assert (r.source, r.note) == (None, None)
    j = indicator_json(ind("v2_kinds", "hf", 2022, date(2022, 6, 30)))
    assert (j["source"], j["note"]) == (None, "1-6月累计")


def test_elapsed_and_the_as_of_of_the_json():
    # 2022-06-30 is day 181 of 365; 2022-03-31 day 90; year end 1
    r = ind("v2_kinds", "hl", 2022, date(2022, 6, 30))
    assert r.elapsed == D(181) / D(365) and exact(r.elapsed, HALF)
    assert indicator_json(r)["elapsed"] == 0.49589 and indicator_json(r)["as_of"] == "2022-06-30"
    r = ind("v2_kinds", "hl", 2022, date(2022, 4, 30))
    assert exact(r.elapsed, QUARTER) and indicator_json(r)["elapsed"] == 0.246575
    r = ind("v2_kinds", "hl", 2022)
    # a year-end figure: elapsed 1.0 and as_of YYYY-12-31 in the JSON
    assert r.elapsed == 1 and indicator_json(r)["elapsed"] == 1.0
    assert indicator_json(r)["as_of"] == "2022-12-31"


# --- higher, level ------------------------------------------------------------

def test_higher_level_to_date():
    r = ind("v2_kinds", "hl", 2022, date(2022, 6, 30))
    # T = 120, A = 116; P = 2021 year-end actual 112
    assert r.start == (112, "actual")
    # E = P + (T - P) x elapsed = 112 + 8 x 181/365 = 42328/365 = 115.967123
    assert exact(r.expected, F(42328, 365)) and r6(r.expected) == 115.967123
    # rate = A / E = 116 x 365 / 42328 = 10585/10582 = 1.000284; A >= E -> met
    assert exact(r.rate, F(10585, 10582)) and r6(r.rate) == 1.000284
    assert r.status == "met"
    # completion = A / T = 116/120 = 29/30 = 0.966667
    assert exact(r.completion, F(29, 30)) and r6(r.completion) == 0.966667
    # schedule = E / T = 42328/(365 x 120) = 5291/5475 = 0.966393
    assert exact(r.schedule, F(5291, 5475)) and r6(r.schedule) == 0.966393
    # ahead = (completion - schedule) x 100 = (29/30 - 5291/5475) x 100 = 2/73 = 0.027397 points
    assert exact(r.ahead, F(2, 73)) and r6(r.ahead) == 0.027397
    # gap = T - A = 4; progress = (A - B)/(T - B) = (116-100)/(120-100) = 0.8
    assert (r.gap, r.progress) == (4, D("0.8"))
    # a figure to date: the outlook is unknown
    assert (r.final.outlook, r.final.reason) == ("unknown", "to_date")


def test_higher_level_first_quarter():
    r = ind("v2_kinds", "hl", 2022, date(2022, 4, 30))  # picks 113 as of 03-31
    # E = 112 + 8 x 90/365 = 8320/73 = 113.972603
    assert exact(r.expected, F(8320, 73)) and r6(r.expected) == 113.972603
    # rate = 113 x 73/8320 = 8249/8320 = 0.991466 -> not met, >= 0.9 -> near
    assert exact(r.rate, F(8249, 8320)) and r.status == "near"
    # completion = 113/120 = 0.941667; schedule = (8320/73)/120 = 208/219 = 0.949772
    assert exact(r.completion, F(113, 120)) and r6(r.completion) == 0.941667
    assert exact(r.schedule, F(208, 219)) and r6(r.schedule) == 0.949772
    # ahead = (113/120 - 208/219) x 100 = -355/438 = -0.810502 points (低于序时)
    assert exact(r.ahead, F(-355, 438)) and r6(r.ahead) == -0.810502
    # gap = 120 - 113 = 7; progress = 13/20 = 0.65
    assert (r.gap, r.progress) == (7, D("0.65"))


def test_higher_level_year_end():
    r = ind("v2_kinds", "hl", 2022)
    # year end: E = T = 120, schedule = 1; A = 121
    assert (r.expected, r.schedule, r.start) == (120, 1, None)
    # rate = completion = 121/120 = 1.008333 -> met
    assert exact(r.rate, F(121, 120)) and exact(r.completion, F(121, 120))
    assert r6(r.rate) == 1.008333 and r.status == "met"
    # ahead = (121/120 - 1) x 100 = 5/6 = 0.833333 points (超序时)
    assert exact(r.ahead, F(5, 6)) and r6(r.ahead) == 0.833333
    # gap = 120 - 121 = -1 (exceeded); progress = (121-100)/(120-100) = 1.05
    assert (r.gap, r.progress) == (-1, D("1.05"))
    # outlook: T_end = 130 not reached, status met -> on_track;
    # needed = (130-121)/(2023-2022) = 9; achieved = (121-100)/(2022-2020) = 10.5
    f = r.final
    assert (f.year, f.target, f.outlook, f.reason) == (2023, 130, "on_track", "met")
    assert (f.needed_per_year, f.achieved_per_year) == (9, D("10.5"))


# --- lower, level -------------------------------------------------------------

def test_lower_level_to_date():
    r = ind("v2_kinds", "ll", 2022, date(2022, 6, 30))
    # T = 15, A = 16, P = 2021 year-end actual 17
    # E = 17 + (15 - 17) x 181/365 = 5843/365 = 16.008219
    assert exact(r.expected, F(5843, 365)) and r6(r.expected) == 16.008219
    # lower: rate = E / A = 5843/(365 x 16) = 5843/5840 = 1.000514; A <= E -> met
    assert exact(r.rate, F(5843, 5840)) and r6(r.rate) == 1.000514 and r.status == "met"
    # lower: completion = T / A = 15/16 = 0.9375; schedule and ahead are null for lower
    assert r.completion == D("0.9375")
    assert (r.schedule, r.ahead) == (None, None)
    # lower: gap = A - T = 1 (still above the limit); progress = (16-20)/(15-20) = 0.8
    assert (r.gap, r.progress) == (1, D("0.8"))


def test_lower_level_year_end():
    r = ind("v2_kinds", "ll", 2022)
    # E = T = 15, A = 16.5: rate = completion = 15/16.5 = 10/11 = 0.909091 -> near
    assert r.expected == 15
    assert exact(r.rate, F(10, 11)) and exact(r.completion, F(10, 11)) and r6(r.rate) == 0.909091
    assert r.status == "near" and (r.schedule, r.ahead) == (None, None)
    # gap = 16.5 - 15 = 1.5; progress = (16.5-20)/(15-20) = 0.7
    assert (r.gap, r.progress) == (D("1.5"), D("0.7"))
    # outlook, sign-flipped for lower: needed = -(12 - 16.5)/1 = 4.5;
    # achieved = -(16.5 - 20)/2 = 1.75; R = 1.75/4.5 = 7/18 = 0.389 -> off_track
    f = r.final
    assert (f.needed_per_year, f.achieved_per_year) == (D("4.5"), D("1.75"))
    assert exact(f.ratio, F(7, 18)) and f.outlook == "off_track"


# --- higher, flow -------------------------------------------------------------

def test_higher_flow_to_date():
    r = ind("v2_kinds", "hf", 2022, date(2022, 6, 30))
    # T = 50, A = 21.3; flow: E = T x elapsed = 50 x 181/365 = 1810/73 = 24.794521
    assert exact(r.expected, F(1810, 73)) and r6(r.expected) == 24.794521
    assert r.start is None  # a flow's E does not use a start point P
    # rate = 21.3 x 73/1810 = 15549/18100 = 0.859061 -> behind (0.7 <= rate < 0.9)
    assert exact(r.rate, F(15549, 18100)) and r6(r.rate) == 0.859061 and r.status == "behind"
    # completion = 21.3/50 = 0.426; flow: schedule = elapsed = 181/365 = 0.49589
    assert r.completion == D("0.426")
    assert r.schedule == r.elapsed and r6(r.schedule) == 0.49589
    # ahead = (0.426 - 181/365) x 100 = -2551/365 = -6.989041 points (低于序时 7.0 个百分点)
    assert exact(r.ahead, F(-2551, 365)) and r6(r.ahead) == -6.989041
    # gap = 50 - 21.3 = 28.7; progress = (21.3 - 36)/(50 - 36) = -1.05
    assert (r.gap, r.progress) == (D("28.7"), D("-1.05"))


def test_higher_flow_first_quarter():
    r = ind("v2_kinds", "hf", 2022, date(2022, 4, 30))  # picks 10 as of 03-31
    # E = 50 x 90/365 = 900/73 = 12.328767; rate = 10 x 73/900 = 73/90 = 0.811111 -> behind
    assert exact(r.expected, F(900, 73)) and exact(r.rate, F(73, 90)) and r.status == "behind"
    # completion = 10/50 = 0.2; schedule = 90/365 = 18/73 = 0.246575
    # ahead = (0.2 - 18/73) x 100 = -340/73 = -4.657534
    assert r.completion == D("0.2") and r6(r.schedule) == 0.246575
    assert exact(r.ahead, F(-340, 73)) and r6(r.ahead) == -4.657534
    # gap = 40; progress = (10 - 36)/14 = -13/7
    assert r.gap == 40 and exact(r.progress, F(-13, 7))


def test_higher_flow_year_end():
    r = ind("v2_kinds", "hf", 2022)
    # E = T = 50; rate = completion = 48/50 = 0.96 -> near; schedule 1; ahead = (0.96-1) x 100 = -4
    assert (r.expected, r.rate, r.completion, r.schedule, r.ahead) == (50, D("0.96"), D("0.96"), 1, -4)
    assert r.status == "near"
    # gap = 2; progress = (48-36)/14 = 6/7
    assert r.gap == 2 and exact(r.progress, F(6, 7))
    # needed = (60-48)/1 = 12; achieved = (48-36)/2 = 6; R = 0.5 -> off_track
    f = r.final
    assert (f.needed_per_year, f.achieved_per_year, f.ratio, f.outlook) == (12, 6, D("0.5"), "off_track")


# --- lower, flow --------------------------------------------------------------

def test_lower_flow_to_date():
    r = ind("v2_kinds", "lf", 2022, date(2022, 6, 30))
    # T = 18, A = 10: E = 18 x 181/365 = 3258/365 = 8.926027; A > E -> not met
    assert exact(r.expected, F(3258, 365)) and r6(r.expected) == 8.926027
    # lower: rate = E / A = 3258/3650 = 1629/1825 = 0.892603 -> behind
    assert exact(r.rate, F(1629, 1825)) and r6(r.rate) == 0.892603 and r.status == "behind"
    # completion = T / A = 18/10 = 1.8; no schedule for lower
    assert (r.completion, r.schedule, r.ahead) == (D("1.8"), None, None)
    # gap = A - T = 10 - 18 = -8 (below the year's limit so far); progress = (10-22)/(18-22) = 3
    assert (r.gap, r.progress) == (-8, 3)


def test_lower_flow_year_end():
    r = ind("v2_kinds", "lf", 2022)
    # E = T = 18, A = 17 <= 18 -> met; rate = completion = 18/17 = 1.058824
    assert exact(r.rate, F(18, 17)) and r6(r.rate) == 1.058824 and r.status == "met"
    # gap = 17 - 18 = -1; progress = (17-22)/(18-22) = 1.25
    assert (r.gap, r.progress) == (-1, D("1.25"))
    # T_end = 15 not reached (17 > 15), met -> on_track;
    # needed = -(15-17)/1 = 2; achieved = -(17-22)/2 = 2.5
    f = r.final
    assert (f.outlook, f.needed_per_year, f.achieved_per_year) == ("on_track", 2, D("2.5"))


# --- the start point P --------------------------------------------------------

def test_start_point_is_last_years_interpolated_target():
    r = ind("v2_kinds", "p_interp", 2022)
    # T(2022) between the baseline (2020, 100) and the 2023 target 130: 100 + 30 x 2/3 = 120
    assert (r.target, r.target_source) == (120, "interpolated")
    assert (r.target_info.lower, r.target_info.upper) == ((2020, 100, "baseline"), (2023, 130, "target"))
    # no 2021 actual: P = T(2021) = 100 + 30 x 1/3 = 110
    assert r.start == (110, "target")
    # E = 110 + 10 x 181/365 = 8392/73 = 114.958904; rate = 118 x 73/8392 = 4307/4196 -> met
    assert exact(r.expected, F(8392, 73)) and exact(r.rate, F(4307, 4196)) and r.status == "met"
    # completion = 118/120 = 59/60; schedule = (8392/73)/120 = 1049/1095;
    # ahead = (59/60 - 1049/1095) x 100 = 185/73 = 2.534247
    assert exact(r.completion, F(59, 60)) and exact(r.schedule, F(1049, 1095))
    assert exact(r.ahead, F(185, 73)) and r6(r.ahead) == 2.534247


# --- binding --------------------------------------------------------------------

def test_binding_indicator_is_never_near():
    # T = 100, A = 95: rate = 0.95 >= near 0.9 -> near, but a binding target is met or missed
    bd, twin = ind("v2_kinds", "bd", 2022), ind("v2_kinds", "bd_twin", 2022)
    assert bd.rate == twin.rate == D("0.95")
    assert (twin.status, bd.status, bd.decided_by) == ("near", "behind", "binding")
    assert indicator_json(bd)["binding"] is True and indicator_json(twin)["binding"] is False
    # lower and binding: rate = E/A = 0.5/0.52 = 25/26 = 0.961538 -> would be near -> behind
    low = ind("v2_kinds", "bd_lower", 2022)
    assert exact(low.rate, F(25, 26)) and low.status == "behind"
    # binding and met (A = T = 10) stays met
    assert ind("v2_kinds", "bd_met", 2022).status == "met"


def test_zero_target_at_year_end():
    r = ind("v2_kinds", "zero", 2021)
    # T = 0, A = 0: E = 0, A reaches E -> met; rate and completion divide by 0 -> null;
    # at year end schedule = 1; ahead needs completion -> null; gap = 0 - 0 = 0; no baseline
    assert (r.expected, r.rate, r.completion, r.schedule, r.ahead) == (0, None, None, 1, None)
    assert (r.gap, r.progress, r.status) == (0, None, "met")
    # met -> on_track, though there is no start point (no baseline, no earlier actual);
    # needed = (2 - 0)/(2023 - 2021) = 1
    f = r.final
    assert (f.outlook, f.needed_per_year, f.achieved_per_year, f.ratio) == ("on_track", 1, None, None)


# --- revisions ------------------------------------------------------------------

def test_revision_does_not_apply_to_a_figure_dated_before_it():
    # figure of 06-30; r1 is dated 07-22: the plan's 120 is the target
    for as_of in (date(2022, 6, 30), date(2022, 7, 21)):
        r = ind("v2_revision", "rev_direct", 2022, as_of)
        assert (r.actual, r.target, r.target_source, r.revision) == (112, 120, "explicit", None)
        # E = 110 + (120 - 110) x 181/365 = 8392/73; rate = 112 x 73/8392 = 1022/1049 = 0.974261 -> near
        assert exact(r.expected, F(8392, 73)) and exact(r.rate, F(1022, 1049)) and r.status == "near"
        # T_end in force on 06-30: the plan's 130
        assert r.final.target == 130


def test_revision_applies_from_its_date():
    r = ind("v2_revision", "rev_direct", 2022, date(2022, 7, 22))
    # a figure dated on r1's date: r1 (2022 -> 115) is in force
    assert (r.actual, r.target, r.target_source, r.revision) == (113, 115, "revised", "r1")
    assert r.target_info.plan_value == 120
    # E = 110 + (115 - 110) x 203/365 = 8233/73 = 112.780822; rate = 113 x 73/8233 = 8249/8233 -> met
    assert exact(r.expected, F(8233, 73)) and r6(r.expected) == 112.780822
    assert exact(r.rate, F(8249, 8233)) and r.status == "met"
    # completion = 113/115 = 0.982609
    assert exact(r.completion, F(113, 115)) and r6(r.completion) == 0.982609
    r = ind("v2_revision", "rev_direct", 2022, date(2022, 10, 14))
    # the 09-30 figure: r1 in force, r2 (10-15) not yet
    # E = 110 + 5 x 273/365 = 8303/73; rate = 114 x 73/8303 = 8322/8303 -> met
    assert (r.actual, r.target, r.revision) == (114, 115, "r1")
    assert exact(r.expected, F(8303, 73)) and exact(r.rate, F(8322, 8303))


def test_revisions_apply_in_order_to_the_year_end_judgement():
    r = ind("v2_revision", "rev_direct", 2022)
    # year end: r1 (115) then r2 (113) -> T = 113, revised by r2
    assert (r.target, r.target_source, r.revision) == (113, "revised", "r2")
    j = indicator_json(r)
    assert (j["target"], j["target_source"], j["revision"]) == (113, "revised", "r2")
    # A = 116: rate = completion = 116/113 = 1.026549 -> met; gap = 113 - 116 = -3
    assert exact(r.rate, F(116, 113)) and r6(r.rate) == 1.026549 and r.status == "met"
    # progress = (116 - 100)/(113 - 100) = 16/13 = 1.230769
    assert r.gap == -3 and exact(r.progress, F(16, 13))
    # T_end = r2's 125; met -> on_track; needed = (125-116)/1 = 9; achieved = (116-100)/2 = 8
    f = r.final
    assert (f.target, f.target_info.source, f.target_info.revision) == (125, "revised", "r2")
    assert (f.outlook, f.needed_per_year, f.achieved_per_year) == ("on_track", 9, 8)
    # 2021 is untouched by both
    assert ind("v2_revision", "rev_direct", 2021).target_source == "explicit"


def test_interpolation_between_a_target_and_a_revised_target():
    r = ind("v2_revision", "rev_interp", 2022, date(2022, 6, 30))
    # before r1: 2022 between 2021's 110 and 2023's 130 -> 110 + 20 x 1/2 = 120
    assert (r.target, r.target_source, r.revision) == (120, "interpolated", None)
    assert (r.target_info.lower, r.target_info.upper) == ((2021, 110, "target"), (2023, 130, "target"))
    # E = 110 + 10 x 181/365 = 8392/73; rate = 117 x 73/8392 = 8541/8392 = 1.017755 -> met
    assert exact(r.rate, F(8541, 8392)) and r6(r.rate) == 1.017755 and r.status == "met"
    # --as-of 08-31, after r1's date, still uses the 06-30 figure: r1 does not apply to it
    r = ind("v2_revision", "rev_interp", 2022, date(2022, 8, 31))
    assert (r.actual, r.target, r.final.target) == (117, 120, 130)
    r = ind("v2_revision", "rev_interp", 2022)
    # year end, r1 in force (2023 -> 140): 110 + (140 - 110) x 1/2 = 125, still interpolated
    assert (r.target, r.target_source, r.revision) == (125, "interpolated", None)
    assert r.target_info.upper == (2023, 140, "target")
    # A = 124: rate = 124/125 = 0.992 -> near; gap = 1
    assert (r.rate, r.status, r.gap) == (D("0.992"), "near", 1)
    # T_end = 140 (revised by r1); needed = 16; achieved = (124-100)/2 = 12; R = 0.75 -> at_risk
    f = r.final
    assert (f.target, f.target_info.revision) == (140, "r1")
    assert (f.needed_per_year, f.achieved_per_year, f.ratio, f.outlook) == (16, 12, D("0.75"), "at_risk")


def test_revision_without_a_figure_is_judged_at_year_end_as_known_on_as_of():
    # no 2022 figure: the evaluation point is 2022-12-31, so r1 (07-22) applies: T = 40
    r = ind("v2_revision", "rev_nodata", 2022)
    assert (r.target, r.target_source, r.revision, r.status) == (40, "revised", "r1", "no_data")
    # with --as-of before r1 (06-30): r1 was not issued yet, so the plan's 50 is in force
    r = ind("v2_revision", "rev_nodata", 2022, date(2022, 6, 30))
    assert (r.target, r.target_source, r.revision) == (50, "explicit", None)
    # --as-of after r1: r1 applies again
    r = ind("v2_revision", "rev_nodata", 2022, date(2022, 8, 1))
    assert (r.target, r.revision) == (40, "r1")
    # 2021: a later target but no earlier point (no baseline) -> no target
    r = ind("v2_revision", "rev_nodata", 2021)
    assert (r.target, r.target_source, r.status) == (None, None, "no_target")


# --- outlook --------------------------------------------------------------------

def outlook(ident, year=2022, as_of=None):
    return ind("v2_outlook", ident, year, as_of)


def test_outlook_achieved():
    r = outlook("o_achieved")
    # A = 31 reaches T_end = 30 -> achieved; needed = (30-31)/1 = -1; achieved = (31-10)/2 = 10.5
    f = r.final
    assert (f.outlook, f.reason, f.needed_per_year, f.achieved_per_year) == (
        "achieved", "achieved", -1, D("10.5"))


def test_outlook_on_track_because_met_on_the_plans_path():
    r = outlook("o_path")
    # path 0 -> 1 -> 2, A(2022) = 1 = T -> met -> on_track, although the pace
    # R = achieved/needed = ((1-0)/2) / ((2-1)/1) = 0.5 would say off_track
    f = r.final
    assert r.status == "met"
    assert (f.outlook, f.reason, f.ratio) == ("on_track", "met", None)
    assert (f.needed_per_year, f.achieved_per_year) == (1, D("0.5"))
    # 2021: A = 0 = T -> met -> on_track; needed = (2-0)/2 = 1, achieved = (0-0)/1 = 0
    f = outlook("o_path", 2021).final
    assert (f.outlook, f.needed_per_year, f.achieved_per_year) == ("on_track", 1, 0)


@pytest.mark.parametrize("ident, status, needed, achieved, ratio, band", [
    # rate 119/120 -> near; needed = (129-119)/1 = 10; achieved = (119-100)/2 = 9.5; R = 0.95
    ("o_on_track", "near", 10, D("9.5"), F(95, 100), "on_track"),
    # rate 112/120 -> near; needed = (122-112)/1 = 10; achieved = (112-100)/2 = 6; R = 0.6
    ("o_at_risk", "near", 10, 6, F(6, 10), "at_risk"),
    # rate 100/120 -> behind; needed = 30; achieved = 0; R = 0
    ("o_off_track", "behind", 30, 0, F(0), "off_track"),
    # rate 98/110 = 0.890909 -> behind; needed = (120-98)/1 = 22; achieved = (98-100)/2 = -1; R = -1/22
    ("o_moving_away", "behind", 22, -1, F(-1, 22), "moving_away"),
    # lower: rate 36/38 -> near; needed = -(30-38)/1 = 8; achieved = -(38-50)/2 = 6; R = 0.75
    ("o_lower_at_risk", "near", 8, 6, F(3, 4), "at_risk"),
    # lower: rate 45/52 = 0.865385 -> behind; needed = -(40-52) = 12; achieved = -(52-50)/2 = -1
    ("o_lower_moving_away", "behind", 12, -1, F(-1, 12), "moving_away"),
    # no baseline: start = earliest earlier year-end actual (2021, 10); rate 16/20 -> behind;
    # needed = (30-16)/1 = 14; achieved = (16-10)/1 = 6; R = 3/7 = 0.428571
    ("o_first_actual", "behind", 14, 6, F(3, 7), "off_track"),
])
def test_outlook_pace_bands(ident, status, needed, achieved, ratio, band):
    r = outlook(ident)
    f = r.final
    assert r.status == status
    assert (f.needed_per_year, f.achieved_per_year, f.outlook, f.reason) == (needed, achieved, band, "pace")
    assert exact(f.ratio, ratio)


def test_outlook_start_points():
    assert outlook("o_on_track").final.start == (2020, 100, "baseline")
    assert outlook("o_first_actual").final.start == (2021, 10, "actual")


@pytest.mark.parametrize("ident, year, reason", [
    ("o_no_start", 2022, "no_start"),   # 2021 holds a figure to date only, no baseline
    ("o_to_date", 2022, "to_date"),     # 25 as of 06-30 is past T_end 20: still unknown
    ("o_achieved", 2023, "final_year"),  # 35 >= 30 in the final year: its status says it
    ("o_no_data", 2022, "no_data"),
])
def test_outlook_unknown(ident, year, reason):
    f = outlook(ident, year).final
    assert (f.outlook, f.reason, f.achieved_per_year, f.ratio) == ("unknown", reason, None, None)
    assert f.target == 20 if ident != "o_achieved" else f.target == 30


def test_outlook_no_start_still_computes_the_need():
    r = outlook("o_no_start")
    # rate 8/10 -> behind; needed = (20 - 8)/1 = 12; achieved unknown
    assert (r.status, r.final.needed_per_year, r.final.achieved_per_year) == ("behind", 12, None)


def test_no_final_target_means_no_outlook():
    r = outlook("o_no_final")
    # targets 2021 and 2022 only: nothing for 2023, nothing to interpolate towards -> final null
    assert (r.status, r.final) == ("met", None)
    assert indicator_json(r)["final"] is None


# --- tasks ----------------------------------------------------------------------

def tasks(year=2021, as_of=None, name="v2_levels"):
    return {r.task.id: r for r in compute.year_status(plan(name), year, as_of).tasks}


def own_round_tasks():
    """The v2 judgement at each report's own date: the round date given as 06-30 (the
    year-end reports 3, 5 and 6 lie after it; only task 7's 03-31 report is older)."""
    rows = compute.task_rows(plan("v2_levels"), 2021, round_at=date(2021, 6, 30))
    return {r.task.id: r for r in rows}


def test_task_lagging():
    t = own_round_tasks()
    # 1: 20% at 06-30: threshold = 181/365 x 100 - 10 = 2890/73 = 39.589 -> 20 < 39.589, lagging
    assert t[1].lagging and exact(t[1].threshold, F(2890, 73)) and not t[1].stale
    # 2: no report -> no_report, not lagging
    assert (t[2].status, t[2].lagging, t[2].as_of, t[2].percent) == ("no_report", False, None, None)
    # 3: done never lags; 4: 50 >= 39.589 -> not lagging
    assert (t[3].lagging, t[4].lagging) == (False, False)
    # 5: 80% at year end: 80 < 100 - 10 -> lagging
    assert t[5].lagging and t[5].threshold == 90 and t[5].as_of == date(2021, 12, 31)
    # 6: reported behind -> lagging, whatever its percent
    assert t[6].lagging and t[6].threshold is None and t[6].note == "用地未落实"
    # 7: 未启动 without percent counts as 0; its 03-31 report is older than the round (06-30):
    # judged at 06-30, 0 < 2890/73 = 39.589 -> lagging (v2, at its own date: 1070/73 = 14.658)
    assert t[7].lagging and t[7].status == "not_started" and t[7].percent is None
    assert exact(t[7].threshold, F(2890, 73)) and t[7].stale
    # 8: the latest report, 30% at 06-30 < 39.589 -> lagging
    assert t[8].lagging and t[8].percent == 30 and t[8].note == "资金未到位"


def test_task_lagging_in_the_year_end_round():
    # v3: the year's own round date is Dec 31 (the year-end reports of 3, 5, 6 and the
    # year-end figures): the 06-30 reports of 1, 4, 8 and the 03-31 report of 7 are stale and
    # judged against 100 - 10 = 90: 20, 50, 30 and 0 < 90 -> all lagging (4 was not in v2)
    t = tasks()
    assert {i: (r.stale, r.lagging, r.threshold) for i, r in t.items() if i in (1, 4, 7, 8)} == {
        1: (True, True, 90), 4: (True, True, 90), 7: (True, True, 90), 8: (True, True, 90)}
    assert (t[3].stale, t[5].stale, t[6].stale) == (False, False, False)  # done / year end


def test_task_report_chosen_by_as_of():
    # as of 05-01 the 03-31 report (20%) is used: threshold 14.658 -> not lagging
    t = tasks(as_of=date(2021, 5, 1))
    assert (t[8].percent, t[8].as_of, t[8].lagging) == (20, date(2021, 3, 31), False)
    # as of 03-30 nothing is known: no_report
    assert tasks(as_of=date(2021, 3, 30))[8].status == "no_report"
    # a year-end report counts as known on Dec 31
    assert tasks(as_of=date(2021, 12, 30))[5].status == "no_report"
    assert tasks(as_of=date(2021, 12, 31))[5].status == "in_progress"


def test_lagging_task_rate():
    t = own_round_tasks()
    # rate = percent / (elapsed x 100): 1: 20/(181/365 x 100) = 73/181 = 0.403315
    assert exact(t[1].rate, F(73, 181)) and r6(t[1].rate) == 0.403315
    # 5: 80/100 = 0.8; 6: behind without percent -> 0; 7: 0/(181/365 x 100) = 0
    assert (t[5].rate, t[6].rate, t[7].rate) == (D("0.8"), 0, 0)
    # 8: 30/(181/365 x 100) = 219/362 = 0.604972
    assert exact(t[8].rate, F(219, 362))
    # in the year-end round a stale task's rate is on the round's share: 1: 20/100, 8: 30/100
    assert (tasks()[1].rate, tasks()[8].rate) == (D("0.2"), D("0.3"))


# --- departments ----------------------------------------------------------------

def departments(name="v2_levels", year=2021, as_of=None):
    return compute.year_status(plan(name), year, as_of).departments


def by_name(rows):
    return {d.name: d for d in rows}


def test_department_levels_and_evidence():
    # v3: the round date of 2021 is Dec 31; tasks 1, 4, 7, 8 (06-30 / 03-31) are stale: counted
    # as missing and judged at year end (threshold 90)
    d = by_name(departments())
    # 甲局 leads a_behind (8/10 behind) and a_met (met): red by a lagging lead indicator;
    # worst: a_behind 0.8 < a_met 1.2
    assert (d["甲局"].level, d["甲局"].lagging_lead, d["甲局"].missing, d["甲局"].worst) == (
        "red", ["a_behind"], [], "a_behind")
    assert d["甲局"].lead_items == 2 and d["甲局"].lagging
    # 乙局 leads b_met (met, rate 1) and task 1 (stale, lagging, rate 20/100): red by a lagging
    # lead task; worst = task 1 (a lagging task ranks before a met indicator)
    assert (d["乙局"].level, d["乙局"].lagging_lead, d["乙局"].missing, d["乙局"].worst) == (
        "red", [1], [1], 1)
    assert d["乙局"].worst_rate == D("0.2")
    # 丙局 leads task 2, which has no 2021 report: red only by a missing report, so its worst
    # is that first missing item (task 2), never a met one
    assert (d["丙局"].level, d["丙局"].lagging_lead, d["丙局"].missing, d["丙局"].worst) == (
        "red", [], [2], 2)
    # 丁局 leads d_gap: a target and no figure in 2021, a closed year (a_met has a 2022 figure);
    # red only for it: worst = d_gap
    assert (d["丁局"].level, d["丁局"].missing, d["丁局"].worst) == ("red", ["d_gap"], "d_gap")
    # 戊局 leads task 3 (done) and takes part in task 1 (lagging): yellow
    assert (d["戊局"].level, d["戊局"].lagging_lead, d["戊局"].lagging_participating) == (
        "yellow", [], [1])
    assert not d["戊局"].lagging and d["戊局"].worst is None
    # 己局 leads z_none (no target) and task 4 (50% at 06-30: stale, 50 < 90 lagging), takes
    # part in 2 (no report) and 3 (done): red (v2: green, judged on pace at 06-30)
    assert (d["己局"].level, d["己局"].lead_items, d["己局"].lagging_lead, d["己局"].missing,
            d["己局"].lagging_participating, d["己局"].worst) == ("red", 2, [4], [4], [], 4)
    # 壬局 leads task 8 (stale, lagging)
    assert (d["壬局"].level, d["壬局"].lagging_lead, d["壬局"].missing, d["壬局"].worst) == (
        "red", [8], [8], 8)


def test_worst_ties():
    d = by_name(departments())
    # 庚局: g1 = 8/10 = 0.8, g2 = 4/5 = 0.8, task 5 = 80/100 = 0.8: first in file order,
    # indicators before tasks -> g1
    assert d["庚局"].lagging_lead == ["g1", "g2", 5]
    assert (d["庚局"].worst, d["庚局"].worst_rate) == ("g1", D("0.8"))
    # 辛局: h_half = 1/2 = 0.5 < 0.7 severe, tasks 6 and 7 lagging at rate 0: v3 ranks by
    # status first (severe 0 before a lagging task 1) -> h_half (v2: task 6, the lowest rate)
    assert d["辛局"].lagging_lead == ["h_half", 6, 7]
    assert (d["辛局"].worst, d["辛局"].worst_rate) == ("h_half", D("0.5"))


def test_department_order_in_the_levels_plan():
    # v3 (stale tasks counted as missing): red: 辛局 4 (h_half, 6, 7 + missing 7), 庚局 3,
    # then 乙 己 壬 2 each (lagging + missing of one stale task), then 甲 丙 丁 1 each (plan
    # order); yellow: 戊局; no green
    assert [d.name for d in departments()] == [
        "辛局", "庚局", "乙局", "己局", "壬局", "甲局", "丙局", "丁局", "戊局"]


def test_missing_indicator_only_in_a_closed_year():
    # 2022 is the latest year with any actual: d_gap's empty 2022 is not (yet) missing
    d = by_name(departments(year=2022))
    assert (d["丁局"].missing, d["丁局"].level) == ([], "green")
    # as of 2021-12-31 the 2022 figure is not known: 2021 is the latest year, not closed
    d = by_name(departments(year=2021, as_of=date(2021, 12, 31)))
    assert (d["丁局"].missing, d["丁局"].level) == ([], "green")
    # 2022 has no task reports at all: every task lead is missing its report
    d = by_name(departments(year=2022))
    assert (d["己局"].missing, d["己局"].level) == ([4], "red")


def test_summary_of_the_levels_plan():
    s = compute.year_status(plan("v2_levels"), 2021).summary
    # met a_met b_met; behind a_behind g1 g2; severe h_half (1/2 < 0.7); no_data d_gap; no_target z_none
    assert s.indicators == {"met": 2, "near": 0, "behind": 3, "severe": 1, "no_data": 1, "no_target": 1}
    # lagging 1 4 5 6 7 8 (4: stale, judged at year end); no report 2; done 3
    assert s.tasks == {"lagging": 6, "no_report": 1, "done": 1, "overdue": 0}
    assert s.departments == {"red": 8, "yellow": 1, "green": 0}
    assert s.lagging_departments == ["辛局", "庚局", "乙局", "己局", "壬局", "甲局", "丙局", "丁局"]


def test_department_ordering_rules():
    rows = departments("v2_order")
    got = [(d.name, d.level, len(d.lagging_lead) + len(d.missing), len(d.lagging_participating))
           for d in rows]
    # 癸: leads 1, 2 (both behind) -> 2; takes part in 3 (behind) -> 1
    # 壬: leads 4 (behind) and 5 (no report) -> 1 + 1 = 2; takes part in nothing
    # 辛: leads 3 -> 1; takes part in 4 -> 1
    # 己: leads 7 (no report) -> 1; 庚: leads 6 -> 1 (tie: plan.departments order, 己 before 庚)
    # 戊: part of 1 and 2 -> yellow 2; 丙: part of 2, 丁: part of 1 -> yellow 1 (plan order)
    # 甲 leads 8 (done), 乙 leads `ok` (met) and takes part in 8 -> green (plan order)
    assert got == [
        ("癸局", "red", 2, 1),      # level first, then lagging_lead + missing, then participations
        ("壬局", "red", 2, 0),
        ("辛局", "red", 1, 1),
        ("己局", "red", 1, 0),
        ("庚局", "red", 1, 0),
        ("戊局", "yellow", 0, 2),   # a yellow with 2 participations after every red
        ("丙局", "yellow", 0, 1),
        ("丁局", "yellow", 0, 1),
        ("甲局", "green", 0, 0),
        ("乙局", "green", 0, 0),
    ]
    d = by_name(rows)
    assert (d["壬局"].lagging_lead, d["壬局"].missing) == ([4], [5])


def test_department_order_without_plan_departments_is_first_mention():
    base = plan("v2_order")
    unlisted = replace(base, plan=replace(base.plan, departments=None))
    # first mention: targets.yaml (乙 leads `ok`), then tasks.yaml: 1 -> 癸 戊 丁; 2 -> 丙;
    # 3 -> 辛; 4 -> 壬; 6 -> 庚; 7 -> 己; 8 -> 甲
    assert unlisted.departments() == ["乙局", "癸局", "戊局", "丁局", "丙局", "辛局", "壬局",
                                      "庚局", "己局", "甲局"]
    rows = compute.year_status(unlisted, 2021).departments
    # the ties now go by first mention: 庚 before 己, 丁 before 丙, 乙 before 甲
    assert [d.name for d in rows] == ["癸局", "壬局", "辛局", "庚局", "己局", "戊局", "丁局",
                                      "丙局", "乙局", "甲局"]


# --- sections -------------------------------------------------------------------

def test_sections_roll_up():
    secs = compute.year_status(plan("v2_levels"), 2021).sections
    got = [(s.id, s.tasks, s.done, s.in_progress, s.not_started, s.behind, s.lagging, s.no_report)
           for s in secs]
    # 1: tasks 1 (in progress, lagging), 2 (no report), 3 (done)
    # 2: tasks 4, 5 (in progress; both lagging, 4 stale), 6 (self-reported behind),
    # 7 (not started, lagging); 3: task 8 (in progress, lagging); 4: no tasks
    assert got == [
        (1, 3, 1, 1, 0, 0, [1], 1),
        (2, 4, 0, 2, 1, 1, [4, 5, 6, 7], 0),
        (3, 1, 0, 1, 0, 0, [8], 0),
        (4, 0, 0, 0, 0, 0, [], 0),
    ]
    assert section_json(secs[1]) == {
        "id": 2, "title": "第二章", "tasks": 4, "done": 0, "in_progress": 2, "not_started": 1,
        "behind": 1, "lagging": [4, 5, 6, 7], "no_report": 0}
