"""diff and report --since say why a task turned lagging, from the change records
(tests/plans/diff_reasons: three tasks, reported on 2022-03-31, two of them again on
2022-06-30)."""

import datetime
import json

from kjcx.method.diff import compare

from conftest import PLANS, plan_of

DATA = PLANS / "diff_reasons"


def test_the_records_carry_the_reason():
    d = compare(plan_of("diff_reasons"), 2022, datetime.date(2022, 3, 31), datetime.date(2022, 6, 30))
    # 03-31: elapsed 90/365, a task lags below 90/365 x 100 - 10 = 14.66: 20% is not lagging.
    # 06-30: the round date R is 06-30 (tasks 2 and 3 reported), elapsed 181/365, the line is
    # 181/365 x 100 - 10 = 39.59. Task 1 did not report: its 20% of 03-31 is judged at R,
    # 20 < 39.59 (stale); task 2: 30 < 39.59 (below schedule); task 3 says 滞后 itself.
    assert [(c.item, c.field, c.old, c.new, c.reason) for c in d.started_lagging] == [
        (1, "lagging", False, True, "stale"), (2, "lagging", False, True, "below_schedule"),
        (3, "lagging", False, True, "self_reported"),
        # task 4: 60% ≥ 39.59, but its deadline 2022-05-31 is before 06-30: overdue (逾期)
        (4, "lagging", False, True, "overdue")]
    # a task's new report is a record of two typed reports, not text
    assert [(c.item, c.old.percent, c.new.percent) for c in d.reports] == [(2, 20, 30), (3, 20, 45), (4, 50, 60)]


def test_the_table_never_leaves_a_lagging_row_empty(kjcx):
    out = kjcx("--data", DATA, "diff", "2022-03-31", "2022-06-30", env={"COLUMNS": "120"}).stdout
    rows = [line.split() for line in out.splitlines() if line[:1].isdigit()]
    assert rows == [
        ["1", "任务甲", "推进中", "20%（3月31日）", "未报送新进展", "转为滞后（本期未报送）"],
        ["2", "任务乙", "推进中", "20%（3月31日）", "推进中", "30%（6月30日）", "转为滞后（进度低于时间进度）"],
        ["3", "任务丙", "推进中", "20%（3月31日）", "滞后", "45%（6月30日）", "转为滞后（自报滞后）"],
        ["4", "任务丁", "推进中", "50%（3月31日）", "推进中", "60%（6月30日）", "转为逾期"]]
    doc = json.loads(kjcx("--data", DATA, "diff", "2022-03-31", "2022-06-30", "-f", "json").stdout)
    assert [(t["id"], t["reason"]) for t in doc["tasks_started_lagging"]] == [
        (1, "stale"), (2, "below_schedule"), (3, "self_reported"), (4, "overdue")]


def test_the_report_since_reads_the_same_records(kjcx):
    out = kjcx("--data", DATA, "report", 2022, "--since", "2022-03-31").stdout
    changes = out[out.index("## 3月31日以来的变化"):].splitlines()
    assert "- 指标X：3家（3月31日） → 6家（6月30日）。" in changes
    assert "- 任务1（任务甲）转为滞后（本期未报送）。" in changes
    assert "- 任务2（任务乙）转为滞后（进度低于时间进度）。" in changes
    assert "- 任务3（任务丙）转为滞后（自报滞后）。" in changes
    assert "- 任务4（任务丁）转为滞后（逾期）。" in changes


def test_a_new_figure_is_shown_as_written(kjcx):
    # review plan 技术合同成交额 2022: 40.2 on 6-30, then 96.0 at year end — written with one
    # decimal, so 96.0亿元 (as the brief and the tables say it), not 96亿元
    out = kjcx("--data", PLANS / "review_plan", "diff", "2022-06-30", "2022-12-31", "2022",
               env={"COLUMNS": "120"}).stdout
    line = next(t for t in out.splitlines() if t.startswith("技术合同成交额"))
    assert "40.2亿元（6月30日）" in line and "96.0亿元（年末）" in line
