"""`kjcx check` tells all and only the true problems: a field error does not hide
the same item's other errors, and no error is derived from another. Each case
lists the complete set of problems (no more, no fewer)."""

import pytest

from kjcx.plan.load import inspect

from conftest import BAD

CASES = {
    # a bad target, an unknown department and an unknown section in the same items,
    # and a bad percent that must not make task 2 "unknown" to the indicator
    "whole_truth": [
        ("targets.yaml", 11, 32, "indicators[0].targets.2021",
         "应为数字，实际为 “110%”（请去掉百分号：单位写在 unit 中，数值只写数字）"),
        ("targets.yaml", 12, 12, "indicators[0].lead[0]",
         "单位 “区科枝局” 不在 plan.departments 中，是否应为 “区科技局”？"
         "（如是新单位请加入 plan.departments，如是别称请写入其 aliases）"),
        ("tasks.yaml", 5, 14, "tasks[0].section", "章节 3 不存在（sections 中的编号：1）"),
        ("tasks.yaml", 9, 36, "tasks[0].progress.2021.percent", "进度应在 0 到 100 之间，实际为数字 180"),
    ],
    "tab_indent": [
        ("targets.yaml", 10, 1, "",
         "YAML 语法错误：不能用制表符（Tab）缩进或分隔，请改用空格（found character that cannot start any token）"),
    ],
    # the colon itself, on its own line (libyaml only notices a line later)
    "fullwidth_colon": [
        ("targets.yaml", 8, 9, "",
         "YAML 语法错误：这里用了全角冒号“：”，请改为半角冒号；键和值之间应是半角冒号加空格，如 “2020: 2.57”"
         "（could not find expected ':'）"),
    ],
    "dated_lists": [
        ("targets.yaml", 13, 29, "indicators[0].actuals.2021[1].as_of",
         "截至日期 2021-03-31 不晚于上一条的 2021-06-30；同一年的多条报送应按日期从早到晚排列，日期不能重复"),
        ("targets.yaml", 15, 11, "indicators[0].actuals.2022[0]",
         "只有最后一条可以不写 as_of（不写即年末数）；请为这一条填写截至日期"),
        ("targets.yaml", 20, 15, "revisions[0].targets.b", "指标 “b” 不存在于 indicators 中"),
        ("targets.yaml", 20, 33, "revisions[0].targets.a.2025", "年份 2025 不在计划期 2020-2022 内"),
    ],
    # a task's percent has no unit: the hint does not mention one
    "percent_sign_task": [
        ("tasks.yaml", 8, 36, "tasks[0].progress.2021.percent",
         "应为数字，实际为 “40%”（请去掉百分号，直接写 0 到 100 的数字，如 40）"),
    ],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_true_problem_and_no_other(case):
    plan, errors, warnings = inspect(BAD / case)
    assert plan is None
    got = [(e.file.split("/")[-1], e.line, e.column, e.path, e.message) for e in errors]
    assert got == CASES[case]
    assert warnings == []
