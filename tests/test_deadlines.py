"""督办: 完成时限 and 阶段目标 judged on an evaluation date D (method/deadlines, docs/duban.md).
Every day count is worked by hand above its assert."""

import json
from datetime import date

from kjcx.method import compute, deadlines
from kjcx.plan.officedate import office_date

from conftest import PLANS, plan_of

PLAN = PLANS / "duban"


def verdict(ident: int, on: date):
    plan = plan_of("duban")
    task = next(t for t in plan.tasks if t.id == ident)
    found = deadlines.judge(plan, task, on)
    assert found is not None
    return found


def row(ident: int, year: int, as_of=None):
    plan = plan_of("duban")
    return next(r for r in compute.task_rows(plan, year, as_of) if r.task.id == ident)


def test_office_dates():
    assert office_date("2022年6月底前") == date(2022, 6, 30)
    assert office_date("2022年底前") == date(2022, 12, 31)
    assert office_date("2024年2月底前") == date(2024, 2, 29)  # a leap year's February
    assert office_date("2023年2月底前") == date(2023, 2, 28)
    assert office_date("2022年6月30日前") == date(2022, 6, 30)
    assert office_date("2022年上半年") == date(2022, 6, 30)
    assert office_date("2022年6月前") is None  # before June, or within it? refused
    assert office_date("2023年2月29日") is None  # no such day


def test_a_deadline_on_D_is_due_soon_not_overdue_on_a_leap_day():
    d = verdict(1, date(2024, 2, 29))
    # deadline 2024-02-29 - D 2024-02-29 = 0 days left: due today, "within 15 days" includes day 0
    assert (d.overdue, d.days_left, d.due_soon) == (False, 0, True)
    assert d.marks() == ["今日到期"]


def test_the_day_after_a_leap_day_deadline_is_one_day_overdue():
    d = verdict(1, date(2024, 3, 1))
    # 2024-03-01 - 2024-02-29 = 1 day (2024 has a 29 February)
    assert (d.overdue, d.overdue_days, d.due_soon) == (True, 1, False)
    d = verdict(1, date(2024, 3, 31))
    # 2024-02-29 -> 2024-03-31: the 31 days of March
    assert d.overdue_days == 31
    assert d.reasons() == ["逾期31天（完成时限为2024年2月29日）"]


def test_due_soon_at_day_n_and_not_at_n_plus_one():
    # remind_days 15 (default): 2024-02-14 + 15 days = 2024-02-29 (29 - 14 = 15) -> due soon
    d = verdict(1, date(2024, 2, 14))
    assert (d.days_left, d.due_soon) == (15, True)
    # 2024-02-13: 29 - 13 = 16 days left > 15 -> not yet
    d = verdict(1, date(2024, 2, 13))
    assert (d.days_left, d.due_soon) == (16, False)


def test_as_of_before_and_after_the_deadline_in_the_task_rows():
    before = row(1, 2024, date(2024, 2, 29))
    # on 2024-02-29 it is due today, its lagging decided by percent alone: the report of
    # 2024-01-31 is the round's latest, 31/366 x 100 - 10 = -1.5 < 50
    assert before.duban is not None and before.duban.due_soon and not before.lagging
    after = row(1, 2024, date(2024, 3, 1))
    # overdue by 1 day: lagging whatever its percent
    assert after.duban is not None and after.duban.overdue_days == 1 and after.lagging


def test_overdue_counts_in_the_lead_departments_lagging_lead(kjcx):
    result = kjcx("departments", "2024", "--as-of", "2024-03-01", "--data", PLAN, "-f", "json")
    doc = json.loads(result.stdout)
    jia = next(d for d in doc["departments"] if d["name"] == "甲局")
    # 甲局 leads task 1 (overdue 1 day) and task 4 (milestones missed): both lagging
    assert jia["lagging_lead"] == [1, 4] and jia["level"] == "red"


def test_done_late_counts_from_the_first_report_saying_done():
    d = verdict(2, date(2023, 12, 31))
    # deadline 2023-03-01, first 已完成 report 2023-06-30:
    # 30 (rest of March) + 30 (April) + 31 (May) + 30 (June) = 121 days late
    assert (d.done, d.overdue, d.done_late_days) == (True, False, 121)
    assert d.marks() == ["已完成（逾期121天）"]
    # before the done report was known (D 2023-06-29): overdue 2023-03-01 -> 06-29 = 120 days
    assert verdict(2, date(2023, 6, 29)).overdue_days == 120


def test_a_year_end_done_report_counts_as_december_31():
    d = verdict(3, date(2023, 12, 31))
    # deadline 2023-06-30, done at year end = 2023-12-31: 31+31+30+31+30+31 = 184 days late
    assert d.done_late_days == 184


def test_a_missed_milestone_makes_the_task_lagging_from_the_day_after_its_date():
    on_date = verdict(4, date(2023, 6, 30))
    # 完成选址 by 2023-06-30, D = 2023-06-30: not past yet (by < D is false)
    assert on_date.missed == ()
    d = verdict(4, date(2023, 7, 1))
    assert [m.milestone.name for m in d.missed] == ["完成选址"]
    assert d.reasons() == ["阶段目标“完成选址”逾期（应于2023年6月30日前完成）"]
    assert d.lagging and not d.overdue
    assert d.next_milestone is not None and d.next_milestone.name == "完成选址"


def test_a_missed_milestone_stays_lagging_in_later_years_until_reached():
    r = row(4, 2024, date(2024, 1, 15))
    # no 2024 report yet on 2024-01-15: 完成选址 (2023-06-30) and 开工建设 (2023-12-31, 30%:
    # the last report says 20%) both past and unreached
    assert r.duban is not None and [m.milestone.name for m in r.duban.missed] == ["完成选址", "开工建设"]
    assert r.lagging and r.status == "no_report"


def test_a_milestone_reached_late_no_longer_lags():
    d = verdict(4, date(2024, 3, 31))
    states = {m.milestone.name: m for m in d.milestones}
    # 完成选址 named on 2024-03-31: 2023-06-30 -> 2024-03-31 =
    # 31+31+30+31+30+31 (Jul-Dec) + 31+29+31 (Jan-Mar, leap) = 275 days late
    assert states["完成选址"].late_days == 275
    # 开工建设 reached by percent 35 >= 30 on 2024-03-31: 31+29+31 = 91 days after 2023-12-31
    assert states["开工建设"].late_days == 91
    assert d.missed == () and not d.lagging and d.marks() == ["阶段目标逾期完成"]
    # percent 35 on 2024-03-31: 91/366 x 100 - 10 = 14.9 < 35: not lagging by percent either
    assert not row(4, 2024, date(2024, 3, 31)).lagging


def test_a_done_task_is_never_lagging_by_a_milestone():
    # 立项 by 2023-03-31 never named; before the done report (D 2023-04-30) it is missed
    assert [m.milestone.name for m in verdict(5, date(2023, 4, 30)).missed] == ["立项"]
    # done on 2023-06-30: from then on nothing is missed
    d = verdict(5, date(2023, 7, 1))
    assert d.done and d.missed == () and not d.lagging


def test_tasks_json_rows_carry_the_deadline_keys(kjcx):
    result = kjcx("tasks", "2024", "--as-of", "2024-03-01", "--data", PLAN, "-f", "json")
    first = json.loads(result.stdout)["tasks"][0]
    assert {k: first[k] for k in ("deadline", "overdue", "overdue_days", "due_soon", "overdue_reason")} == {
        "deadline": "2024-02-29", "overdue": True, "overdue_days": 1, "due_soon": False,
        "overdue_reason": "逾期1天（完成时限为2024年2月29日）"}


def test_check_places_each_deadline_problem_at_its_line(kjcx):
    from conftest import BAD

    result = kjcx("check", "--data", BAD / "duban")
    assert result.exit_code == 1
    tasks = BAD / "duban" / "tasks.yaml"
    assert result.output.splitlines()[:3] == [
        f"{tasks}:8:15 tasks[0].deadline: 完成时限 2023-06-30 不在计划期 2021-2022 内，请核对年份",
        f"{tasks}:15:14 tasks[1].milestones[0].by: 阶段目标 “完成选址” 的日期 2022-09-30 晚于任务的完成时限 "
        "2022-06-30；请核对日期，或把完成时限改晚",
        f"{tasks}:18:51 tasks[1].progress.2021.milestone: “开工建没” 不是任务 2 的阶段目标；"
        "应为以下之一：完成选址、开工建设，是否应为 “开工建设”？"]
    assert "“2022年6月前”说不清是6月之前还是6月之内：请写 2022年5月底前 或 2022年6月底前" in result.output
    assert f"{tasks}:30:14 tasks[3].milestones[0].by: 应为日期，实际为 “下半年”" in result.output


# --- everywhere else: tables, explain, diff, brief, report ------------------------------

EXAMPLE = PLANS.parent.parent / "docs" / "examples" / "duban"


def test_task_table_marks_overdue_due_soon_and_done_late(kjcx):
    out = kjcx("tasks", "2022", "--data", EXAMPLE, "-f", "plain", env={"COLUMNS": "160"}).stdout
    rows = {line.split()[0]: line for line in out.splitlines() if line.strip()[:1].isdigit()}
    # task 1: due 2022-03-31, first 已完成 on 2022-06-30: 30 + 31 + 30 = 91 days late
    assert "已完成（逾期91天）" in rows["1"]
    # task 3: 2022-09-30 - round 2022-09-15 = 15 days: due soon, not lagging
    assert "否（15天后到期）" in rows["3"]
    # task 4: 77 days past 2022-06-30
    assert "滞后（逾期77天）" in rows["4"]


def test_explain_says_which_date_and_how_many_days(kjcx):
    out = kjcx("explain", "4", "--data", EXAMPLE, "-f", "plain", env={"COLUMNS": "200"}).stdout
    assert "完成时限 2022-06-30，评估日 D = 2022-09-15" in out
    assert "2022-09-15 − 2022-06-30 = 77 天" in out
    # the percent alone would not make it lag: 70 >= 258/365 x 100 - 10 = 60.68
    assert "进度 70% ≥ 时间进度 × 100 − 容差 = 70.68 − 10 = 60.68；逾期77天" in out
    assert out.rstrip().endswith("任务 4（牵头：区科技局）：滞后（逾期77天）。")


def test_diff_says_a_task_turned_overdue(kjcx):
    out = kjcx("diff", "2022-03-31", "2022-06-01", "--data", EXAMPLE, "-f", "plain").stdout
    # task 1 (80% on 03-31, due 03-31): on time on 03-31, overdue by 06-01 with no new report
    line = next(x for x in out.splitlines() if x.startswith("1 出台科技企业培育政策"))
    assert line.rstrip().endswith("转为逾期")
    doc = json.loads(kjcx("diff", "2022-03-31", "2022-06-01", "--data", EXAMPLE, "-f", "json").stdout)
    assert doc["tasks_started_lagging"] == [{"id": 1, "title": "出台科技企业培育政策", "reason": "overdue"}]


def test_brief_and_report_count_and_name_overdue_tasks(kjcx):
    brief = kjcx("brief", "--data", EXAMPLE).stdout
    # lagging on 2022-09-15: 2 (milestone reached late, 60% < 71 - 10), 4 (overdue), 6 (50% < 60.68)
    assert "6项重点任务中，滞后3项（其中逾期1项：任务4）。" in brief
    report = kjcx("report", "2022", "--data", EXAMPLE).stdout
    assert "| 4 | 大力发展信创产业 | 区科技局 | 推进中 | 70% | 9月15日 | 逾期77天（完成时限为2022年6月30日） |" in report


def test_forms_show_the_deadline_and_the_next_milestone(kjcx, tmp_path):
    import openpyxl

    assert kjcx("forms", "export", "2022-09-30", "-o", tmp_path, "--data", EXAMPLE).exit_code == 0
    rows = {r[0]: r for r in openpyxl.load_workbook(tmp_path / "区科技局.xlsx")["任务"].iter_rows(values_only=True)}
    # 2022-06-30 -> 2022-09-30: 31 + 31 + 30 = 92 days overdue on the form's date
    assert rows[4][4] == "推进中 70%（2022-09-15）；完成时限：2022年6月30日（已逾期92天）"
    assert rows[1][4] == "已完成 100%（2022-06-30）；6月印发"  # done: nothing to add
    rows = {r[0]: r for r in openpyxl.load_workbook(tmp_path / "区住建局.xlsx")["任务"].iter_rows(values_only=True)}
    assert rows[2][4] == ("推进中 60%（2022-09-15）；完成时限：2023年12月31日；"
                          "下一阶段目标：主体完工（2022年12月31日前）")


def test_status_counts_and_names_overdue_tasks(kjcx):
    doc = json.loads(kjcx("status", "2022", "--data", EXAMPLE, "-f", "json").stdout)
    # on the round date 2022-09-15 only task 4 (due 2022-06-30) is past its deadline and not done
    assert doc["summary"]["tasks"] == {"lagging": 3, "no_report": 0, "done": 1, "overdue": 1}
    plain = kjcx("status", "2022", "--data", EXAMPLE, "-f", "plain", env={"COLUMNS": "200"}).stdout
    assert "6 项任务：滞后 3（其中逾期 1：任务4），未报送 0，已完成 1。" in plain


def test_forms_take_a_milestone_from_the_dropdown_and_write_it(kjcx, tmp_path):
    import shutil

    import openpyxl

    data, forms = tmp_path / "data", tmp_path / "forms"
    shutil.copytree(EXAMPLE, data)
    assert kjcx("forms", "export", "2022-09-30", "-o", forms, "--data", data, "--dept", "区住建局").exit_code == 0
    book = openpyxl.load_workbook(forms / "区住建局.xlsx")
    sheet = book["任务"]
    assert [c.value for c in sheet[4]][-1] == "阶段目标"  # the plan has milestones: one more input column
    check = next(v for v in sheet.data_validations.dataValidation if str(v.sqref) == "I5")
    assert check.formula1 == '"完成选址,开工建设,主体完工"'  # task 2's own names
    sheet["F5"], sheet["G5"], sheet["I5"] = "推进中", 70, "主体完工"
    book.save(forms / "区住建局.xlsx")
    wrong = forms.parent / "wrong"
    shutil.copytree(forms, wrong)
    book = openpyxl.load_workbook(wrong / "区住建局.xlsx")
    book["任务"]["I5"] = "竣工验收"
    book.save(wrong / "区住建局.xlsx")
    refused = kjcx("forms", "import", wrong, "--data", data)
    assert refused.exit_code == 1
    assert "“竣工验收” 不是任务 2 的阶段目标：请从下拉列表选择：完成选址、开工建设、主体完工" in refused.output
    assert kjcx("forms", "import", forms, "--data", data, "--write").exit_code == 0
    text = (data / "tasks.yaml").read_text(encoding="utf-8")
    assert ("        - {status: 推进中, percent: 70, as_of: 2022-09-30, milestone: 主体完工, "
            "source: 区住建局报送（2022-09-30 报送表）}\n") in text
