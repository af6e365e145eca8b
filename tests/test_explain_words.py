"""explain shows the formula that produced each result, values at the row's precision
(the most decimals among its written targets and figures) and signs in words
(tests/plans/explain_words, 示例数据)."""

from kjcx.method.compute import year_status
from kjcx.method.explain import explain

from conftest import plan_of


def steps(ident, year):
    e = explain(year_status(plan_of("explain_words"), year), ident)
    return {s.name: s for s in e.steps}, e.conclusion


def test_pacing_none_is_judged_against_p_not_the_linear_formula():
    s, _ = steps("lumpy", 2021)
    # pacing: none, a figure of 2021-06-30: E = P = the baseline 1 (no earlier year-end
    # figure or target), not 1 + (3 − 1) × 181/365 = 1.99
    assert s["expected"].formula == "不按时间折算（pacing: none）：年末前 E = P，年末 E = T"
    assert (s["expected"].work, s["expected"].shown) == ("E = P = 1", "1")
    # 2 ≥ E = 1: met; 2 − 1 = 1 above what was due, in words
    assert s["ahead_value"].shown == "高于序时应达 1家"


def test_a_lower_row_states_its_own_rule():
    s, conclusion = steps("cost", 2021)
    # lower: rate = E ÷ A = 2.17 ÷ 2.27 = 0.9559 -> 95.6%; gap = A − T = 2.27 − 2.17 = 0.10,
    # at the row's two decimals, never "T − A；2.27 − 2.17"
    assert (s["rate"].formula, s["rate"].work, s["rate"].shown) == ("逆向：E ÷ A", "2.17 ÷ 2.27", "95.6%")
    assert (s["gap"].formula, s["gap"].work) == ("逆向：A − T（正数为高于目标）", "2.27 − 2.17")
    assert s["gap"].shown == "高于目标 0.10 个百分点"
    # a % row: A − E = 0.10 in its own points, no second kind of 个百分点 (no 超/低于序时 step)
    assert s["ahead_value"].shown == "高于序时应达 0.10 个百分点" and "ahead" not in s
    assert conclusion == "企业平均融资成本：基本达标，比年度目标高0.10个百分点。"


def test_a_zero_target_is_not_divided():
    s, _ = steps("zero", 2021)
    # T = 0: E = 0, and E ÷ T = 0 ÷ 0 is not computed
    assert (s["schedule"].work, s["schedule"].shown) == ("T = 0，无法计算", "-")
    assert s["completion"].work == "0 ÷ 0（除数为 0，无法计算）" and s["completion"].result is None
    assert s["gap"].shown == "持平"


def test_a_cap_in_caps_words():
    s, conclusion = steps("energy_use", 2021)
    # 增速控制在3.0%以内: A = 2.6; completion T ÷ A = 3.0 ÷ 2.6 = 1.1538 -> 115.4%;
    # A − T = 2.6 − 3.0 = −0.4: 0.4 points under the cap
    assert s["completion"].formula.startswith("控制上限：T ÷ A") and s["completion"].shown == "115.4%"
    assert (s["gap"].formula, s["gap"].work) == ("A − T（个百分点，正数为超过上限）", "2.6 − 3")
    assert s["gap"].shown == "低于上限 0.4 个百分点"
    assert conclusion == "能源消费总量增速：达标，低于上限0.4个百分点。"


def test_a_revised_baseline_names_the_document_and_both_values():
    s, conclusion = steps("rd", 2022)
    # r1 (2021-06-01) sets the base to 2.10 (the plan wrote 2.00): T = B + 0.50 = 2.60
    assert s["baseline"].work == "修订 r1（测试统计局〔2021〕5号，2021-06-01 起施行）由计划的 2.00 调整为 2.10"
    assert s["baseline"].shown == "2.10%（基期按测试统计局〔2021〕5号修订）"
    assert (s["target"].work, s["target"].shown) == ("2.1 + 0.5", "2.60%")
    # progress (A − B) ÷ (T − B) = (2.52 − 2.10) ÷ (2.60 − 2.10) = 0.42 ÷ 0.50 = 84.0%
    assert s["progress"].shown == "84.0%"
    # 2.52 against 2.60: 0.08 points short, at two decimals
    assert conclusion == "研发投入强度：基本达标，比年度目标低0.08个百分点。"


def test_the_seed_row_rounds_e_to_its_own_precision():
    e = explain(year_status(plan_of("seed"), 2022), "high_tech_enterprises")
    s = {x.name: x for x in e.steps}
    # E = 118 + (128 − 118) × 181/365 = 122.9589, shown at the row's 0 decimals: 123;
    # A − E = 119 − 122.9589 = −3.96: "低于序时应达 4家", never "-3.958904家"
    assert s["expected"].shown == "123" and "122.958904" in s["rate"].work
    assert s["ahead_value"].shown == "低于序时应达 4家"


def test_a_shortfall_hidden_by_rounding_is_not_called_level():
    s, _ = steps("flat", 2021)
    # 2021-01-05 is day 5: E = 10 + (11 − 10) × 5/365 = 10.0137; A − E = −0.0137, which is 0
    # at the row's 0 decimals, but 10 ÷ 10.0137 = 0.9986 is 基本达标, not met: shown to the
    # first decimals that are not 0 (0.01), never 持平
    assert s["status"].result == "near"
    assert s["ahead_value"].shown == "低于序时应达 0.01家"


def test_a_row_with_a_yearly_and_a_period_target_says_both_and_takes_the_worse():
    e = explain(year_status(plan_of("brief_words"), 2022), "energy")
    s = {x.name: x for x in e.steps}
    # the year: 3.7 ≥ 3.5 (met); the period: progress 47.0% ÷ time 66.7% = 0.705 (behind):
    # the row is the worse, behind
    assert s["status"].work == "年度目标：达标（A = 3.7 ≥ T = 3.5）；期内目标：滞后（见下）；取较差者：滞后"
    assert (s["status"].result, s["period.status"].result) == ("behind", "behind")


def test_a_department_red_only_for_missing_names_its_missing_item():
    e = explain(year_status(plan_of("parts_21"), 2021), "阿坝州科技局")
    s = {x.name: x for x in e.steps}
    # 阿坝 reported nothing in 2021: its department is red for that alone, and its worst item
    # is that missing part, said as 未报送 (not 滞后, not 无数据)
    assert s["worst"].result == "tech_contracts/阿坝"
    assert s["worst"].work == "技术合同登记成交额（阿坝）：未报送"
