"""Reporting rounds, stale items, the worst item, ahead_value and the words of a %
indicator, grades, history and revised figures (docs/method.md 报送轮次 … 历史数据与修订).

Fixtures: tests/plans/round_seedlike (a 09-30 round in which two departments did not
report), round_worst, round_grades, round_history. Each expected value is computed by hand
in the comment above its assert; JSON values are compared at 6 places."""

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction as F

from kjcx.method import compute
from kjcx.plan.model import Report, TaskStatus
from kjcx.views.json_docs import indicator_json, number, task_json

from conftest import PLANS, plan_of

D = Decimal


def st(name, year=2022, as_of=None):
    return compute.year_status(plan_of(name), year, as_of)


def ind(status, ident):
    return next(r for r in status.indicators if r.indicator.id == ident)


def task(status, ident):
    return next(r for r in status.tasks if r.task.id == ident)


def dept(status, name):
    return next(d for d in status.departments if d.name == name)


def exact(value, fraction) -> bool:
    return abs(F(value) - fraction) < F(1, 10**20)


# --- the round date ------------------------------------------------------------------

def test_round_date_is_the_latest_figure_or_report_used():
    # contracts and rd_intensity are reported as of 09-30, task 17 too: R = 2022-09-30
    assert st("round_seedlike").round_date == date(2022, 9, 30)
    # as of 07-01 the 09-30 entries are not known; the latest known are of 06-30
    assert st("round_seedlike", as_of=date(2022, 7, 1)).round_date == date(2022, 6, 30)
    # the shipped plan: 2022 is reported as of 06-30 everywhere, 2021 at year end
    assert st("seed").round_date == date(2022, 6, 30)
    assert st("seed", 2021).round_date == date(2021, 12, 31)
    # nothing known yet: no round
    assert st("round_seedlike", as_of=date(2022, 1, 1)).round_date is None


def test_the_issue_example_task_18_is_stale_and_lagging_at_the_round_date():
    t = task(st("round_seedlike"), 18)
    # its latest report is 50 % as of 06-30; the round is 09-30 (day 273 of 365):
    # threshold = 273/365 x 100 - 10 = 74.79 - 10 = 64.79; 50 < 64.79 -> lagging, 14.79 behind
    assert (t.percent, t.as_of, t.stale, t.lagging) == (50, date(2022, 6, 30), True, True)
    assert exact(t.elapsed, F(273, 365)) and exact(t.threshold, F(27300, 365) - 10)
    assert round(t.threshold - t.percent, 1) == D("14.8")
    # its rate for the worst item: 50 / (273/365 x 100) = 1825/2730 = 0.668498
    assert number(t.rate) == 0.668498
    assert task_json(t)["stale"] is True and task_json(t)["as_of"] == "2022-06-30"
    # judged at its own date (06-30, 181/365 x 100 - 10 = 39.59) it would not lag: 50 >= 39.59
    own = task(st("round_seedlike", as_of=date(2022, 7, 1)), 18)
    assert (own.stale, own.lagging, number(own.threshold)) == (False, False, 39.589041)


def test_not_reporting_never_looks_better_than_reporting():
    plan = plan_of("round_seedlike")
    stale = compute.year_status(plan, 2022)
    # 区人社局 reports task 18 at the round, still at 50 %: the same judgement (50 < 64.79)
    t18 = plan.tasks[1]
    reported = replace(t18, progress={2022: list(t18.progress[2022]) + [
        Report(TaskStatus.in_progress, D(50), date(2022, 9, 30))]})
    fresh = compute.year_status(replace(plan, tasks=[plan.tasks[0], reported] + plan.tasks[2:]), 2022)
    assert task(fresh, 18).lagging and not task(fresh, 18).stale
    assert task(stale, 18).lagging == task(fresh, 18).lagging
    # not reporting adds task 18 to missing on top of its lagging: never a better standing
    assert (dept(stale, "区人社局").lagging_lead, dept(stale, "区人社局").missing) == ([18], [18])
    assert (dept(fresh, "区人社局").lagging_lead, dept(fresh, "区人社局").missing) == ([18], [])


def test_a_stale_indicator_keeps_its_figure_and_counts_as_missing():
    s = st("round_seedlike")
    r = ind(s, "patents")
    # 1166 as of 06-30 (day 181): E = 1162 + (1170 - 1162) x 181/365 = 1165.967123; 1166 >= E: met
    assert (r.actual, r.as_of, r.status, r.stale) == (1166, date(2022, 6, 30), "met", True)
    assert number(r.expected) == 1165.967123
    # its lead is red by the missing report alone, and its only item is the worst
    d = dept(s, "区市场监管局")
    assert (d.level, d.lagging_lead, d.missing, d.worst) == ("red", [], ["patents"], "patents")
    # a done task is never stale (task 19, done as of 06-30); a task without a report is
    # no_report, not stale; rows reported at the round are not stale
    assert (task(s, 19).stale, task(s, 20).stale, task(s, 17).stale) == (False, False, False)
    assert (ind(s, "contracts").stale, ind(s, "rd_intensity").stale) == (False, False)
    # departments: 区人社局 2 (18 lagging + missing), 区市场监管局 1, 区金融局 1 (task 20), 区科技局 green
    assert [(d.name, d.level) for d in s.departments] == [
        ("区人社局", "red"), ("区市场监管局", "red"), ("区金融局", "red"), ("区科技局", "green")]


def test_an_indicator_without_a_target_is_never_stale():
    plan = plan_of("round_seedlike")
    untargeted = replace(plan.indicators[2], targets={2021: D(1155)})  # no 2022 target
    s = compute.year_status(replace(plan, indicators=plan.indicators[:2] + [untargeted]), 2022)
    assert (ind(s, "patents").status, ind(s, "patents").stale) == ("no_target", False)


def test_stale_items_in_json_tables_and_explain(kjcx):
    data = PLANS / "round_seedlike"
    doc = json.loads(kjcx("status", "2022", "--data", data, "-f", "json").stdout)
    assert doc["round_date"] == "2022-09-30"
    assert {r["id"]: r["stale"] for r in doc["indicators"]} == {
        "contracts": False, "rd_intensity": False, "patents": True}
    assert {t["id"]: t["stale"] for t in doc["tasks"]} == {17: False, 18: True, 19: False, 20: False}
    plain = kjcx("status", "2022", "--data", data).stdout
    # the figure keeps its own date: 1166（6月底数据，本期未报送）
    assert "1166（6月底数据，本期未报送）" in plain
    assert "本期报送日期 2022-09-30（截至2022年9月底）；未按期报送、沿用此前数据的：全区有效发明专利、任务 18" in plain
    tasks = kjcx("tasks", "2022", "--data", data).stdout
    assert "滞后（6月底数据，本期未报送）" in tasks
    steps = {s["name"]: s for s in json.loads(
        kjcx("explain", "18", "2022", "--data", data, "-f", "json").stdout)["steps"]}
    # the round date that made it stale, and the elapsed share of that date: 273/365
    assert "早于本轮报送日期 2022-09-30（第 273 天）：273 ÷ 365" in steps["elapsed"]["work"]
    assert "74.79 − 10 = 64.79" in steps["lagging"]["work"]
    ind_steps = {s["name"]: s for s in json.loads(
        kjcx("explain", "patents", "2022", "--data", data, "-f", "json").stdout)["steps"]}
    assert ind_steps["stale"]["work"].startswith("数据截至 2022-06-30，本轮报送日期 2022-09-30")


def test_the_brief_names_the_departments_that_did_not_report(kjcx):
    out = kjcx("brief", "2022", "--data", PLANS / "round_seedlike").stdout
    # missing per department: 区人社局 task 18 (stale), 区市场监管局 patents (stale), 区金融局 task 20
    assert "本期未按期报送的单位：区人社局（任务18）、区市场监管局（全区有效发明专利）、区金融局（任务20）。" in out
    # the shipped plan: tasks 7 (区科技局) and 20 (区人社局) have no 2022 report
    assert "本期未按期报送的单位：区科技局（任务7）、区人社局（任务20）。" in kjcx("brief").stdout


# --- the worst item --------------------------------------------------------------------

def test_worst_item_by_status_then_rate_then_file_order():
    s = st("round_worst")
    # 甲局: a_met (met, 12/10 = 1.2) and a_net (target 0, A = -2: E = 0, rate null, severe):
    # severe ranks 0 before met 3 -> a_net, though its rate is null (v2: a_met, the only rate)
    assert (dept(s, "甲局").worst, dept(s, "甲局").worst_rate) == ("a_net", None)
    assert ind(s, "a_net").status == "severe" and ind(s, "a_net").rate is None
    # 乙局: b_behind (behind, 8/10 = 0.8) and task 1 (50 % at year end < 90: lagging, rate 0.5):
    # both rank 1, rate 0.5 < 0.8 -> task 1
    assert (dept(s, "乙局").worst, dept(s, "乙局").worst_rate) == (1, D("0.5"))
    # 丙局: c_met (1.0) and c_near (9.5/10 = 0.95 near): near 2 before met 3 -> c_near
    assert dept(s, "丙局").worst == "c_near"


def test_worst_ties_go_to_file_order_indicators_before_tasks():
    plan = plan_of("round_worst")
    # task 1 at 80 % at year end: rate 0.8 = b_behind's 0.8, both rank 1 -> b_behind (indicator first)
    t1 = replace(plan.tasks[0], progress={2022: [Report(TaskStatus.in_progress, D(80))]})
    s = compute.year_status(replace(plan, tasks=[t1]), 2022)
    assert (dept(s, "乙局").worst, dept(s, "乙局").worst_rate) == ("b_behind", D("0.8"))


# --- ahead_value and the words of a % indicator ----------------------------------------------

def test_ahead_value_is_a_minus_e_in_the_indicators_unit():
    s = st("round_seedlike")
    # rd_intensity 2.50 as of 09-30: E = 2.56 + (2.59 - 2.56) x 273/365 = 2.582438;
    # ahead_value = 2.50 - 2.582438 = -0.082438
    assert number(ind(s, "rd_intensity").ahead_value) == -0.082438
    # contracts (flow) 33.7: E = 50 x 273/365 = 37.39726; 33.7 - 37.39726 = -3.69726
    assert number(ind(s, "contracts").ahead_value) == -3.69726
    g = st("round_grades")
    # lower: E - A = 5.5 - 5.3 = 0.2 (ahead of the ceiling); no figure -> null
    assert ind(g, "unemployment").ahead_value == D("0.2")
    assert indicator_json(ind(g, "g_none"))["ahead_value"] is None


def test_a_percent_row_shows_one_kind_of_points(kjcx):
    out = kjcx("status", "2022", "--data", PLANS / "round_grades", "--wide").stdout
    row = next(line for line in out.splitlines() if line.startswith("研发投入强度"))
    # 2.40 of 2.59 at year end: A - E = -0.19 in the indicator's points, beside 差 0.19 个百分点;
    # not the completion's 92.7% - 100% = -7.3 points
    assert "低于序时应达 0.19 个百分点" in row and "差 0.19 个百分点" in row
    assert "7.3 个百分点" not in row
    low = next(line for line in out.splitlines() if line.startswith("城镇调查失业率"))
    # 5.3 against 5.5, lower is better: A - E = -0.2 is under the ceiling to date, met, and
    # never a lagging word (not 低于序时应达)
    assert "低于序时上限 0.2 个百分点" in low and "达标" in low
    # a non-% row keeps completion against schedule: 指标丙 19/20 = 95% -> 低于序时 5.0 个百分点
    assert "低于序时 5.0 个百分点" in next(x for x in out.splitlines() if x.startswith("指标丙"))


# --- grades --------------------------------------------------------------------------------

def test_grades_by_completion():
    s = st("round_grades")
    got = {r.indicator.id: r.grade for r in s.indicators}
    # 23/20 = 1.15 >= 1.1 超额完成; 20/20 = 1.0 >= 1.0 完成; 19/20 = 0.95 >= 0.9 基本完成;
    # 10/20 = 0.5 未完成; no figure -> null; 2.40/2.59 = 0.9266 基本完成; lower 5.5/5.3 = 1.0377 完成
    assert got == {"g_over": "超额完成", "g_done": "完成", "g_basic": "基本完成", "g_missed": "未完成",
                   "g_none": None, "rd_share": "基本完成", "unemployment": "完成"}
    assert indicator_json(ind(s, "g_over"))["grade"] == "超额完成"
    # without plan.grades every grade is null
    assert {r.grade for r in st("seed", 2021).indicators} == {None}


def test_the_grade_column_only_when_grades_are_configured(kjcx):
    out = kjcx("status", "2022", "--data", PLANS / "round_grades", "--wide").stdout
    header = next(line for line in out.splitlines() if line.startswith("指标 "))
    assert header.split()[-1] == "等次"
    assert next(x for x in out.splitlines() if x.startswith("指标甲")).split()[-1] == "超额完成"
    assert "等次" not in kjcx("status", "2021", "--wide").stdout


def test_check_validates_grades(kjcx, tmp_path):
    (tmp_path / "targets.yaml").write_text(
        "plan:\n  name: 测试\n  start: 2022\n  end: 2022\n  grades:\n"
        "    - {min: 1.0, label: 完成}\n"
        "    - {min: 1.1, label: 超额完成}\n"
        "    - {label: 基本完成}\n"
        "    - {min: 0.5, label: 未完成}\n"
        "indicators:\n  - {id: a, name: 甲, unit: 家, targets: {2022: 1}}\n", encoding="utf-8")
    doc = json.loads(kjcx("check", "--data", tmp_path, "-f", "json").stdout)
    got = [(e["line"], e["path"], e["message"]) for e in doc["errors"]]
    # line 7: 1.1 after 1.0 (not descending); line 8: a middle grade without min;
    # line 9: the last grade with a min
    assert [(line, path) for line, path, _ in got] == [
        (7, "plan.grades[1].min"), (8, "plan.grades[2]"), (9, "plan.grades[3].min")]
    assert got[0][2] == "等次应按 min 从高到低排列：1.1 不低于上一项的 1.0"
    assert got[1][2].startswith("等次 “基本完成” 缺少 min")
    assert got[2][2].startswith("最后一个等次 “未完成” 不应写 min")


# --- history and revised figures -------------------------------------------------------------

def test_history_before_the_plan_is_the_start_of_pacing():
    # as of 2021-07-01 (only patents' 06-30 figure known, so not stale): P = the 2020 figure
    # (history, before plan.start 2021): E = 100 + (110 - 100) x 181/365 = 104.958904;
    # rate 104 / 104.958904 = 0.990864 -> near (without the history P would be T = 110)
    r = ind(st("round_history", 2021, as_of=date(2021, 7, 1)), "patents")
    assert r.start == (100, "actual") and number(r.expected) == 104.958904
    assert (number(r.rate), r.status, r.stale) == (0.990864, "near", False)


def test_history_years_are_a_usage_error(kjcx):
    result = kjcx("status", "2020", "--data", PLANS / "round_history")
    assert result.exit_code == 2 and "2020 不在计划期 2021-2023 内" in result.output


def test_a_revised_figure_replaces_the_earlier_from_its_date(kjcx):
    # 2021: 2.2 (统计快报, 2022-01-20), revised to 2.15 on 2022-09-15 (经济普查).
    # T(2021) between the baseline (2020, 2.0) and 2023's 2.6: 2.0 + 0.6 x 1/3 = 2.2
    r = ind(st("round_history", 2021), "rd_intensity")
    # 2.15 / 2.2 = 0.977273 -> near; ahead_value 2.15 - 2.2 = -0.05
    assert (r.actual, r.target, number(r.completion), r.status) == (D("2.15"), D("2.2"), 0.977273, "near")
    assert r.figure.revised == "第五次全国经济普查修订" and r.as_of == date(2021, 12, 31)
    # outlook from 2.15: needed (2.6 - 2.15) / 2 = 0.225 a year, achieved (2.15 - 2.0) / 1 = 0.15:
    # R = 0.666667 -> at_risk
    assert (r.final.outlook, number(r.final.ratio)) == ("at_risk", 0.666667)
    # --as-of before the revision: the figure known then, 2.2: met, on track
    before = ind(st("round_history", 2021, as_of=date(2022, 6, 30)), "rd_intensity")
    assert (before.actual, before.status, before.final.outlook) == (D("2.2"), "met", "on_track")
    # shown with its reason
    out = kjcx("indicators", "2021", "--data", PLANS / "round_history").stdout
    assert "研发投入强度：实际值 2.15 为 2022-09-15 第五次全国经济普查修订后的数" in out


def test_a_revised_baseline_applies_from_its_date():
    # the census revision (2022-09-15) sets the 2020 base to 1.95: T(2022) between (2020, 1.95)
    # and (2023, 2.6) = 1.95 + 0.65 x 2/3 = 2.383333; 2.4 / 2.383333 = 1.006993 -> met
    r = ind(st("round_history", 2022), "rd_intensity")
    assert (number(r.target), number(r.completion), r.status) == (2.383333, 1.006993, "met")
    assert r.indicator.baseline.value == D("1.95")
    # as of 2022-09-01 the revision is not in force: 2.0 + 0.6 x 2/3 = 2.4
    assert ind(st("round_history", 2022, as_of=date(2022, 9, 1)), "rd_intensity").target == D("2.4")
    # a year judged before the revision keeps the old base: 2021's target stays 2.2
    assert ind(st("round_history", 2021), "rd_intensity").target == D("2.2")


def _check(kjcx, tmp_path, indicators: str, revisions: str = ""):
    (tmp_path / "targets.yaml").write_text(
        "plan:\n  name: 测试\n  start: 2021\n  end: 2023\nindicators:\n" + indicators + revisions,
        encoding="utf-8")
    doc = json.loads(kjcx("check", "--data", tmp_path, "-f", "json").stdout)
    return [(e["line"], e["path"], e["message"]) for e in doc["errors"]]


def test_check_history_and_revised_figures(kjcx, tmp_path):
    got = _check(kjcx, tmp_path,
                 "  - id: a\n    name: 甲\n    unit: 家\n    targets: {2023: 5}\n    actuals:\n"
                 "      2015: 1\n"                                          # line 11: 6 years before
                 "      2016: 1\n"                                          # 5 years before: fine
                 "      2021:\n"
                 "        - {value: 2}\n"                                   # year end, then ...
                 "        - {value: 3, as_of: 2024-03-01, revised: 经济普查修订}\n"  # fine
                 "      2022:\n"
                 "        - {value: 2, as_of: 2022-12-31}\n"
                 "        - {value: 3, as_of: 2024-03-01}\n"               # line 18: late, no reason
                 "        - {value: 4, revised: 经济普查修订}\n")             # line 19: no as_of
    assert [(line, path) for line, path, _ in got] == [
        (11, "indicators[0].actuals.2015"), (18, "indicators[0].actuals.2022[1].as_of"),
        (19, "indicators[0].actuals.2022[2]")]
    assert got[0][2] == "年份 2015 早于计划起始年份 2021 的前 5 年；历史数据最早写到 2016 年"
    assert "如是统计部门修订的数，请加 revised: 修订原因" in got[1][2]
    assert got[2][2].startswith("修订的数据须写明 as_of")


def test_check_baseline_revisions(kjcx, tmp_path):
    got = _check(kjcx, tmp_path,
                 "  - {id: a, name: 甲, unit: 家, targets: {2023: 5}, baseline: {year: 2020, value: 1}}\n"
                 "  - {id: b, name: 乙, unit: 家, targets: {2023: 5}}\n",
                 "revisions:\n"
                 "  - id: r1\n    date: 2022-09-15\n"
                 "    baselines: {a: 1.1, b: 2, c: 3}\n"                    # line 11
                 "  - id: r2\n    date: 2022-10-01\n")                      # line 12: nothing to do
    assert [(line, path) for line, path, _ in got] == [
        (11, "revisions[0].baselines.b"), (11, "revisions[0].baselines.c"), (12, "revisions[1]")]
    assert got[0][2].startswith("指标 “b” 没有基期，无法调整基期值")
    assert got[1][2].startswith("指标 “c” 不存在于 indicators 中")
    assert got[2][2] == "调整文件应至少写 targets（调整目标）或 baselines（调整基期值）之一"


# --- docs/method.md: the worked examples of these sections are the program's numbers ------------

def test_method_doc_round_sections_agree_with_the_program():
    from conftest import ROOT

    text = (ROOT / "docs" / "method.md").read_text(encoding="utf-8").replace("\u2212", "-")
    doc = text.split("## 报送轮次与未按期报送")[1]
    s = st("round_seedlike")
    t18, rd = task(s, 18), ind(s, "rd_intensity")
    assert f"273 ÷ 365 = {number(t18.elapsed)}" in doc
    assert f"滞后线 = 74.79 - 10 = {number(round(t18.threshold, 2))}" in doc
    assert f"落后 {round(t18.threshold - t18.percent, 2)} 个百分点" in doc
    assert f"1166 件（序时应达 {round(ind(s, 'patents').expected, 2)}，达标）" in doc
    assert f"273 ÷ 365 = {number(rd.expected)}" in doc
    assert f"= {number(rd.ahead_value)}：表格写\"低于序时应达 0.0824 个百分点\"，差距\"差 0.09 个百分点\"" in doc
    assert f"({number(rd.completion)} - {number(rd.schedule)}) × 100 = {round(rd.ahead, 2)} 个百分点" in doc
    assert f"5.5 - 5.3 = {ind(st('round_grades'), 'unemployment').ahead_value}" in doc
    w = st("round_worst")
    assert (dept(w, "甲局").worst, dept(w, "乙局").worst, dept(w, "丙局").worst) == ("a_net", 1, "c_near")
    assert "最差事项是**净增企业数**" in doc and "最差事项是**任务 1**" in doc and "最差事项是**指标C2**" in doc
    g = {r.indicator.id: r for r in st("round_grades").indicators}
    for ident, shown in (("rd_share", "2.40 ÷ 2.59"), ("unemployment", "5.5 ÷ 5.3")):
        assert f"{shown} = {number(g[ident].completion)} {g[ident].grade}" in doc
    h21, h22 = ind(st("round_history", 2021), "rd_intensity"), ind(st("round_history", 2022), "rd_intensity")
    assert f"2.15 ÷ 2.2 = {number(h21.completion)}" in doc and f"R = {number(h21.final.ratio)} → 有风险" in doc
    assert f"(2.6 - 2.15) ÷ 2 = {h21.final.needed_per_year}" in doc
    assert f"(2.15 - 2.0) ÷ 1 = {h21.final.achieved_per_year}" in doc
    assert f"× 2 ÷ 3 = {number(h22.target)}，完成率 =\n  2.4 ÷ 2.383333 = {number(h22.completion)}" in doc
    p = ind(st("round_history", 2021, as_of=date(2021, 7, 1)), "patents")
    assert f"× 181 ÷ 365 = {number(p.expected)}" in doc and f"104 ÷ 104.958904 = {number(p.rate)}" in doc
