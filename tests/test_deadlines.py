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
