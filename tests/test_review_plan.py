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


def test_remind_chases_a_lagging_part_s_lead(plan):
    """On 2022-09-15 the June figures stand: 西山区 82 of 100 while E = 86 + (100 − 86) × 181/365
    = 92.94, 82 ÷ 92.94 = 0.882 < 0.9 → 滞后, and status counts 西山区政府 滞后. remind must chase it
    too: 4 departments (市科技局、市发改委、市工信局、西山区政府); the 4 quiet lead units are
    市统计局 and the three districts whose parts are not lagging."""
    result = kjcx.remind(plan, "2022-09-15").result
    assert [d.name for d in result.departments] == ["市科技局", "市发改委", "市工信局", "西山区政府"]
    assert result.quiet == ("市统计局", "北城区政府", "南湖区政府", "东港区政府")
    west = result.departments[-1]
    assert [(i.id, i.name) for i in west.items] == [("high_tech/西山区", "高新技术企业数量（西山区）")]
    assert ("西山区政府：高新技术企业数量（西山区）指标进展滞后（截至6月30日完成年度目标的82.0%）。"
            in kjcx.remind(plan, "2022-09-15").text())
    st = kjcx.evaluate(plan, 2022, as_of="2022-09-15")
    assert [d.name for d in st.departments if d.level == "red"] == [
        "市科技局", "市工信局", "市发改委", "西山区政府"]


def test_init_keeps_an_item_whose_deadline_follows_its_owners(kjcx, tmp_path):
    """“1. ……。（牵头单位：县科技局，参与单位：县发改委、县财政局）完成时限：2024年6月底前。” was
    dropped from the draft without a word (2 items written as 1 task, 没有拿不准的地方). Both
    items are tasks; 2024年6月底前 = 2024-06-30, inside 2023-2025."""
    source = tmp_path / "计划.txt"
    source.write_text(
        "南江县科技创新三年行动计划（2023-2025年）\n\n二、重点任务\n（一）壮大创新主体\n"
        "1. 实施科技企业梯次培育。建立科技型企业培育库。（牵头单位：县科技局，参与单位：县发改委、县财政局）"
        "完成时限：2024年6月底前。\n2. 建设县级科创中心。（县工信局牵头，县科技局配合）\n", encoding="utf-8")
    done = kjcx("init", tmp_path / "new", "--from", source)
    assert done.exit_code == 0, done.output
    assert "1 个章节，2 项任务，0 项指标（0 个年度目标），4 个单位" in done.stdout
    plan = kjcx_load(tmp_path / "new")
    first = plan.tasks[0]
    assert (first.id, first.title, first.lead, first.participants) == (
        1, "实施科技企业梯次培育", ["县科技局"], ["县发改委", "县财政局"])
    assert str(first.deadline) == "2024-06-30"
    assert [t.title for t in plan.tasks] == ["实施科技企业梯次培育", "建设县级科创中心"]


def kjcx_load(path):
    return kjcx.load_plan(path, cache=False)


def test_init_says_a_numbered_task_without_owners(kjcx, tmp_path):
    """Item 1 has no owner clause, item 2 (same section) has one: item 1 is not drafted as a
    task, and the review says so at its line (第5行) instead of 没有拿不准的地方; check warns."""
    source = tmp_path / "计划.txt"
    source.write_text("南江县科技创新三年行动计划（2023-2025年）\n\n二、重点任务\n（一）壮大创新主体\n"
                      "1. 实施科技企业梯次培育。建立培育库。\n2. 建设县级科创中心。（县工信局牵头，县科技局配合）\n",
                      encoding="utf-8")
    done = kjcx("init", tmp_path / "new", "--from", source)
    assert done.exit_code == 0, done.output
    assert ("  第5行  编号条目“实施科技企业梯次培育”没有写明牵头单位，未写成任务"
            "（如是任务，请在 tasks.yaml 中补上，写明 lead）") in done.stdout
    problems = kjcx_check(tmp_path / "new")
    assert len(problems) == 1 and "编号条目“实施科技企业梯次培育”" in problems[0].message


def kjcx_check(path):
    return kjcx.check_plan(path)


def test_a_task_done_in_an_earlier_year_stays_done(plan):
    """2023 has no task report. 任务5 said 已完成 on 2022-06-15, 任务1 已完成 at 2022 year end,
    任务2 已完成 on 2022-09-30: each is done in 2023 on that report (not 未报送); 任务3, 4, 6
    were not done in 2022 and stay 未报送. 6 tasks: done 3 (1, 2, 5), no_report 3 (3, 4, 6).
    市统计局 leads only 任务5 (done) and the 2022 indicators: nothing lagging or missing → 正常."""
    st = kjcx.evaluate(plan, 2023)
    rows = {r.task.id: r for r in st.tasks}
    assert [(i, rows[i].status, str(rows[i].as_of)) for i in (1, 2, 5)] == [
        (1, "done", "2022-12-31"), (2, "done", "2022-09-30"), (5, "done", "2022-06-15")]
    assert [rows[i].status for i in (3, 4, 6)] == ["no_report"] * 3
    assert not any(rows[i].lagging or rows[i].stale or rows[i].overdue for i in (1, 2, 5))
    assert st.summary.tasks["done"] == 3 and st.summary.tasks["no_report"] == 3
    tongji = next(d for d in st.departments if d.name == "市统计局")
    assert (tongji.level, tongji.missing) == ("green", [])


def test_tasks_2023_shows_the_earlier_done_report_with_its_date(kjcx):
    """截至 says the year of the report used: 2022年末 (任务1), 2022-09-30 (任务2, done 183 days
    after 2022-03-31: 30 + 31 + 30 + 31 + 31 + 30 = 183), 2022-06-15 (任务5)."""
    out = kjcx("--data", PLAN, "tasks", "2023").output
    line = {ln.split()[0]: ln for ln in out.splitlines() if ln.strip()[:1].isdigit()}
    assert "已完成" in line["1"] and "2022年末" in line["1"] and line["1"].rstrip().endswith("否")
    assert "已完成（逾期183天）" in line["2"] and "2022-09-30" in line["2"]
    assert "已完成" in line["5"] and "2022-06-15" in line["5"] and line["5"].rstrip().endswith("否")


def test_the_2023_form_shows_an_earlier_done_task_as_done(plan):
    """The 2023 form of 市统计局: 任务5 done on 2022-06-15 is 已完成 100%（2022-06-15）, not 本年未报,
    and no 完成时限 words (a done task is never overdue)."""
    import datetime

    from kjcx.round.export import _last_report, _with_deadline

    task = next(t for t in plan.tasks if t.id == 5)
    on = datetime.date(2023, 6, 30)
    assert _with_deadline(plan, task, on, _last_report(task, 2023, on)) == \
        "已完成 100%（2022-06-15）；已完成，本年无需填报"


def test_a_yearly_task_done_last_year_is_still_asked_for():
    """The shipped plan's tasks have no 完成时限: each year's 已完成 is that year's work (任务19
    was 已完成 in 2020 and 2021, then 推进中 in 2022). 任务7 and 任务20, 已完成 in 2021 with no
    2022 report, stay 未报送 in 2022: the 2022 summary keeps 未报送 2."""
    st = kjcx.evaluate(kjcx.load_plan(PLAN.parent.parent.parent / "data", cache=False), 2022)
    rows = {r.task.id: r for r in st.tasks}
    assert (rows[7].status, rows[20].status, st.summary.tasks["no_report"]) == ("no_report", "no_report", 2)
