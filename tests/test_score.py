"""考核 (kjcx score): every rule, bonus cap, veto, quota, class, rank and rank change,
pinned with the arithmetic a person does by hand.

Fixtures: tests/scoring/rules (one item per rule, seven districts, a departments
scheme), tests/scoring/quota (ten districts graded by quota, one vetoed) and the
worked example of docs/score.md (docs/examples/kaohe: 7 districts, 2021 and 2022).
"""

from decimal import Decimal

import pytest

import kjcx
from kjcx.method.score import score_year

from conftest import ROOT, TESTS

RULES = TESTS / "scoring" / "rules"
QUOTA = TESTS / "scoring" / "quota"
EXAMPLE = ROOT / "docs" / "examples" / "kaohe"


def result(directory, scheme, year=2022):
    plan = kjcx.load_plan(directory, cache=False)
    return kjcx.score(plan, year, scheme, scoring=directory)


def items(res, unit):
    """{label: (score, bonus, state)} of one unit."""
    return {i.label: (i.score, i.bonus, i.state) for i in res.unit(unit).items}


# --- the published 计分表: "完成年度计划目标得40分，完成目标的90%得36分……完成50%以下不得分" --------

def test_published_proportional_rule_reproduces_its_own_numbers():
    res = result(RULES, "published")
    saving = {u.unit: u.items[0].score for u in res.units}
    # 甲区 100 / 100 = 1.0: 40 × 1 = 40 ("完成年度计划目标得40分")
    assert saving["甲区"] == 40
    # 乙区 90 / 100 = 0.9: 40 × 0.9 = 36 ("完成目标的90%得36分")
    assert saving["乙区"] == 36
    # 丙区 97 / 100 = 0.97, floored to a 10 % step: 0.9 → 40 × 0.9 = 36
    assert saving["丙区"] == 36
    # 丁区 49 / 100 = 0.49 < floor 0.5: 0 ("完成50%以下不得分")
    assert saving["丁区"] == 0
    # 戊区 50 / 100 = 0.5, not below the floor: 40 × 0.5 = 20
    assert saving["戊区"] == 20


def test_bonus_is_capped_by_the_item_and_by_the_unit():
    res = result(RULES, "published")
    ji = res.unit("己区")
    # 145 / 100 = 1.45: floor((1.45 − 1) / 0.1) = 4 steps × 3 = 12, item max 9 → 9
    assert ji.items[0].bonus_raw == 12
    assert ji.items[0].bonus == 9
    # the unit's bonuses 9 capped by bonus_max 5; total = 40 + 15 + 10 + 5 (scores) + 5
    assert ji.bonus_raw == 9 and ji.bonus == 5
    assert ji.total == 75
    # 甲区 at exactly 1.0 earns no bonus (r > 1 only)
    assert res.unit("甲区").bonus == 0


def test_bands_on_excess_follow_the_published_table():
    # "不超过年度计划目标 15；超过10%以下 10；超过20%以下 5；超过20%以上 0" (lower: x = A / T − 1)
    res = result(RULES, "published")
    total = {u.unit: u.items[1].score for u in res.units}
    assert total["甲区"] == 15  # 100 / 100 − 1 = 0 ≤ 0
    assert total["己区"] == 15  # 90 / 100 − 1 = −0.1 ≤ 0
    assert total["乙区"] == 10  # 108 / 100 − 1 = 0.08 ≤ 0.1
    assert total["丙区"] == 5   # 0.15 ≤ 0.2
    assert total["戊区"] == 5   # 0.2 ≤ 0.2: the boundary belongs to the band
    assert total["丁区"] == 0   # 0.3: the last band


def test_bands_on_completion_take_the_first_min_reached():
    res = result(RULES, "published")
    band = {u.unit: items(res, u.unit)["节能量分档"][0] for u in res.units}
    # bands 1.0 → 10, 0.9 → 8, 0.6 → 4, else 0
    assert band["甲区"] == 10  # 1.0 ≥ 1.0
    assert band["乙区"] == 8   # 0.9 ≥ 0.9
    assert band["丙区"] == 8   # 0.97
    assert band["戊区"] == 0   # 0.5 < 0.6
    assert band["己区"] == 10  # 1.45


def test_threshold_on_an_indicator_is_its_row_status():
    res = result(RULES, "published")
    met = {u.unit: items(res, u.unit)["总量达标"][0] for u in res.units}
    # lower is better: 100 ≤ 100 met → 5; 108 > 100 not met → 0
    assert met["甲区"] == 5 and met["乙区"] == 0 and met["己区"] == 5


def test_missing_figures_score_zero_and_are_listed():
    res = result(RULES, "published")
    geng = res.unit("庚区")
    # 庚区 has a target and no figure for 节能量: both items of it score 0, listed as 未报送
    assert geng.missing == ("节能量", "节能量分档")
    assert geng.items[0].score == 0 and geng.items[2].score == 0
    # its 能源消费总量 100 ≤ 100: 15 + 5; total 20, never more than a district that reported
    assert geng.total == 20


def test_departments_are_normalised_to_the_full_points():
    res = result(RULES, "depts")
    fgw, tjj = res.unit("区发改委"), res.unit("区统计局")
    # 区发改委 leads tasks 1 (done: 30) and 2 (95 % ≥ 100 − 10: not lagging, 30):
    # 60 of a possible 60 → 60 / 60 × 100 = 100.00
    assert fgw.possible == 60 and fgw.base == Decimal("100.00")
    # 区统计局: task 3 lagging (50 % < 90) 0 of 20; task 4 no report 0 of 10 (未报送);
    # 研发投入强度 1.9 / 2.0 = 0.95 → 10 × 0.95 = 9.5 of 10: 9.5 / 40 × 100 = 23.75
    assert tjj.possible == 40 and tjj.earned == Decimal("9.5")
    assert tjj.base == Decimal("23.75")
    assert tjj.missing == ("任务4（能源审计）",)
    # 区发改委 does not lead task 3: not applicable, not a zero
    assert items(res, "区发改委")["任务3（能耗统计）"][2] == "not_applicable"


# --- the worked example of docs/score.md ---------------------------------------------

def test_example_totals_grades_and_ranks_2022():
    res = result(EXAMPLE, "districts")
    got = [(u.rank, u.unit, u.total, u.grade) for u in res.ranked]
    # 甲区 40 + 15 + 35 + 8 + 2 = 100, bonus 6 capped at 5 → 105
    # 丁区 40 + 15 + 20 + 8 + 2 = 85, bonus 12 → item cap 9 → bonus_max 5 → 90
    # 乙区 36 + 15 + 35 + 0 + 2 = 88; 己区 40 + 15 + 10 + 8 + 2 = 75
    # 庚区 0 (未报送) + 15 + 35 + 8 + 0 (未评分) = 58
    # 丙区 24 + 16.666… + 0 + 8 + 1 = 49.666…; 戊区 0 + 15 + 10 + 8 + 1 = 34
    assert [(r, n, two(t), g) for r, n, t, g in got] == [
        (1, "甲区", "105.00", "优秀"), (2, "丁区", "90.00", "良好"), (3, "乙区", "88.00", "良好"),
        (4, "己区", "75.00", "合格"), (5, "庚区", "58.00", "不合格"), (6, "丙区", "49.67", "不合格"),
        (7, "戊区", "34.00", "不合格")]


def two(value):
    return f"{value.quantize(Decimal('0.01')):f}"


def test_matrix_cells_from_the_yearly_and_the_period_comparison():
    res = result(EXAMPLE, "districts")
    cell = {u.unit: u.items[2] for u in res.units}
    # 甲区 3.4 ≥ 3.0 and 目标进度 ln(0.965 × 0.966) / ln 0.91 = 0.745 ≥ 时间进度 2/3: both → 35
    assert cell["甲区"].score == 35 and cell["甲区"].input == {"year_met": True, "period_met": True}
    # 丁区 2.8 < 3.0, ln(0.96 × 0.972) / ln 0.91 = 0.734 ≥ 2/3: period only → 20
    assert cell["丁区"].score == 20
    # 己区 3.0 ≥ 3.0, ln(0.97 × 0.97) / ln 0.91 = 0.646 < 2/3: year only → 10
    assert cell["己区"].score == 10
    # 丙区 2.6 < 3.0, ln(0.98 × 0.974) / ln 0.91 = 0.494: neither → 0
    assert cell["丙区"].score == 0


def test_classes_use_their_own_points():
    res = result(EXAMPLE, "districts")
    bing = res.unit("丙区")
    assert bing.unit_class == "生态功能区"
    # 节能量 class points 30: 4.2 / 5 = 0.84 → 0.8 → 30 × 0.8 = 24
    assert bing.items[0].points == 30 and bing.items[0].score == 24
    # 能源消费总量 class points 25: 318 / 300 − 1 = 0.06 → band 10 of 15 → 10 × 25 / 15 = 16.666…
    assert bing.items[1].points == 25
    assert bing.items[1].score == Decimal(10) * 25 / 15
    # the class's full points: 30 + 25 + 35 + 8 + 2 = 100
    assert bing.full == 100


def test_veto_sets_the_last_grade_and_keeps_the_rank():
    res = result(EXAMPLE, "districts")
    bing = res.unit("丙区")
    # 318 > 300: 能源消费总量 not met, a veto item → 不合格; rank by total 49.67 stays 6
    assert bing.veto == ("能源消费总量",)
    assert bing.grade == "不合格" and bing.rank == 6


def test_rank_ties_and_rank_change():
    before = result(EXAMPLE, "districts", 2021)
    ranks = {u.unit: u.rank for u in before.ranked}
    # 2021: 庚区 98 + bonus 3 (9.9 / 9 = 1.1: one step of 0.1) = 101; 甲区 and 乙区 100 each
    # share rank 2, 丁区 is 4 (1, 2, 2, 4), listed in file order (甲 before 乙)
    assert [u.unit for u in before.ranked][:3] == ["庚区", "甲区", "乙区"]
    assert ranks == {"庚区": 1, "甲区": 2, "乙区": 2, "丁区": 4, "丙区": 5, "己区": 6, "戊区": 7}
    # 2020 is not a plan year: not judged, rank_change null
    assert all(u.rank_change is None for u in before.units)
    after = result(EXAMPLE, "districts", 2022)
    change = {u.unit: u.rank_change for u in after.units}
    # previous rank − rank: 甲区 2 − 1 = +1, 丁区 4 − 2 = +2, 乙区 2 − 3 = −1, 己区 6 − 4 = +2,
    # 庚区 1 − 5 = −4, 丙区 5 − 6 = −1, 戊区 7 − 7 = 0
    assert change == {"甲区": 1, "丁区": 2, "乙区": -1, "己区": 2, "庚区": -4, "丙区": -1, "戊区": 0}


def test_a_scheme_with_a_year_has_no_rank_change():
    res = result(EXAMPLE, "departments2022")
    assert not res.previous and all(u.rank_change is None for u in res.units)


def test_manual_item_without_a_score_is_listed_unscored():
    res = result(EXAMPLE, "districts")
    assert res.unit("庚区").unscored == ("节能工作会议纪要",)
    assert res.unit("甲区").unscored == ()


# --- quotas ------------------------------------------------------------------------------

def test_quota_with_a_tie_at_the_boundary():
    res = result(QUOTA, "quota")
    grade = {u.unit: u.grade for u in res.units}
    # n = 10 (壬区, vetoed, counts). 优秀 ≤ floor(0.2 × 10) = 2 of the non-vetoed by total:
    # 甲区 95, then 乙区 90 and 丙区 90 tied at the boundary → the tie drops whole: 优秀 is 甲区 alone
    assert [u for u, g in grade.items() if g == "优秀"] == ["甲区"]
    # the unused place is not carried: 良好 ≤ floor(0.3 × 10) = 3 → 乙区 90, 丙区 90, 丁区 85
    assert [u for u, g in grade.items() if g == "良好"] == ["乙区", "丙区", "丁区"]
    # the rest by score: ≥ 60 合格 (戊 80, 己 80, 庚 70, 辛 60), 癸区 50 不合格
    assert [u for u, g in grade.items() if g == "合格"] == ["戊区", "己区", "庚区", "辛区"]
    # 壬区 95 + 0 = 95 would be first: vetoed → 不合格, and it keeps rank 1 beside 甲区
    assert grade["壬区"] == "不合格" and grade["癸区"] == "不合格"
    assert res.unit("壬区").rank == 1 and res.unit("甲区").rank == 1
    assert res.unit("乙区").rank == 3  # 1, 1, 3


def test_quota_of_the_example_counts_every_unit():
    res = result(EXAMPLE, "districts")
    # n = 7 including vetoed 丙区: 优秀 floor(0.15 × 7) = floor(1.05) = 1; 良好 floor(0.3 × 7) = 2
    assert res.counts() == {"优秀": 1, "良好": 2, "合格": 1, "不合格": 3}


def test_score_api_defaults_and_errors():
    plan = kjcx.load_plan(EXAMPLE, cache=False)
    # the first scheme judging 2022 is districts; departments2022 names its year
    assert kjcx.score(plan, 2022, scoring=EXAMPLE).scheme.id == "districts"
    assert kjcx.score(plan, None, "departments2022", scoring=EXAMPLE).year == 2022
    with pytest.raises(ValueError):
        kjcx.score(plan, 2021, "departments2022", scoring=EXAMPLE)
    with pytest.raises(ValueError):
        kjcx.score(plan, 2022, "nope", scoring=EXAMPLE)


def test_score_builds_on_the_method_rows_only():
    # the item's row is the very part row compute gives (no second method)
    from kjcx.method import compute

    plan = kjcx.load_plan(EXAMPLE, cache=False)
    scheme = kjcx.load_scoring(EXAMPLE, plan).scheme("districts")
    res = score_year(plan, scheme, 2022)
    row = res.unit("乙区").items[0].row
    whole = next(r for r in compute.year_status(plan, 2022).indicators if r.indicator.id == "energy_saving")
    assert row == next(p for p in whole.parts if p.part == "乙区")
    assert row.completion == Decimal("0.975")  # 7.8 / 8


def test_the_seed_example_scheme_scores_the_shipped_plan():
    # docs/examples/seed_scoring.yaml: an example for the seed plan (which names no 考核 scheme)
    example = ROOT / "docs" / "examples" / "seed_scoring.yaml"
    assert "示例" in example.read_text(encoding="utf-8").splitlines()[0]
    plan = kjcx.load_plan(ROOT / "data", cache=False)
    res = kjcx.score(plan, 2022, scoring=example)
    kjj = res.unit("区科技局")
    # 区科技局 leads 14 tasks (4 points each) and 高新技术企业数量 (10): possible 14 × 4 + 10 = 66;
    # task 4 lagging and task 7 without a 2022 report score 0: 12 × 4 = 48; 高新技术企业
    # 93.0% → 90% → 10 × 0.9 = 9; (48 + 9) ÷ 66 × 100 = 86.3636… → 86.36
    assert (kjj.possible, kjj.earned, kjj.base) == (66, 57, Decimal("86.36"))
    assert kjj.missing == ("任务7（实现产学研用资源共享）",)


def test_the_worked_example_in_the_docs_is_the_programs():
    # docs/score.md's 2022 table: the last two cells of each district's row are 总分 and 等次
    text = (ROOT / "docs" / "score.md").read_text(encoding="utf-8")
    table = text.split("2022 年的计算：")[1].split("\n\n")[1]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in table.splitlines()[2:]]
    written = {r[0]: (r[-2], r[-1].split("（")[0]) for r in rows}
    res = result(EXAMPLE, "districts")
    assert written == {u.unit: (two(u.total), u.grade) for u in res.units}
