"""The words of a table cell: the precision of the source, 持平 only when equal at the
precision shown and met, caps' words for a growth rate held under a ceiling, a met
lower-is-better row without lagging words, 滞后任务 named as tasks, 未报送 one thing."""

from conftest import PLANS


def _row(kjcx, data, year, name):
    out = kjcx("--data", data, "status", str(year), "-f", "markdown").stdout
    line = next(ln for ln in out.splitlines() if ln.startswith(f"| {name} "))
    return [c.strip() for c in line.strip("|").split("|")]


def _plan(tmp_path, indicators: str):
    (tmp_path / "targets.yaml").write_text(
        "plan: {name: 单元格测试, start: 2021, end: 2023}\nindicators:\n" + indicators, encoding="utf-8")
    return tmp_path


# headers of the markdown table (no period columns, no grades)
HEAD = ["指标", "单位", "年度目标", "实际", "截至", "序时应达", "完成率", "序时进度", "超/低于序时", "差距",
        "状态", "期末展望"]


def test_a_cap_is_worded_against_its_ceiling(kjcx, tmp_path):
    data = _plan(tmp_path, (
        "  - {id: cap, name: 居民消费价格涨幅, unit: '%', kind: growth, direction: lower,\n"
        "     targets: {2022: 3.0, 2023: 3.0}, actuals: {2022: 2.6, 2023: 3.4}}\n"))
    # 2022: A − T = 2.6 − 3.0 = −0.4: under the ceiling (met), not 高于/低于目标
    row = dict(zip(HEAD, _row(kjcx, data, 2022, "居民消费价格涨幅")))
    assert (row["差距"], row["状态"]) == ("低于上限 0.4 个百分点", "达标")
    # 2023: 3.4 − 3.0 = +0.4 above the ceiling
    row = dict(zip(HEAD, _row(kjcx, data, 2023, "居民消费价格涨幅")))
    assert row["差距"] == "超过上限 0.4 个百分点" and row["状态"] != "达标"


def test_figures_keep_their_written_decimals_and_derived_values_the_indicators(kjcx, tmp_path):
    data = _plan(tmp_path, (
        "  - {id: share, name: 研发投入强度, unit: '%', targets: {2021: 2.00, 2022: 2.99},\n"
        "     actuals: {2021: 2.00, 2022: {value: 2.49, as_of: 2022-06-30}}}\n"))
    row = dict(zip(HEAD, _row(kjcx, data, 2022, "研发投入强度")))
    # P = 2.00 (2021), E = 2.00 + (2.99 − 2.00) × 181/365 = 2.490959 -> 2.49 at two decimals;
    # A − E = −0.000959 rounds to 0.00 but 2.49 / 2.490959 = 0.9996 < 1 is not met: never
    # 持平 beside a verdict short of met, but less than one unit of the last place
    assert row["序时应达"] == "2.49" and row["状态"] == "基本达标"
    assert row["超/低于序时"] == "低于序时应达 不足 0.01 个百分点"
    # the gap 2.99 − 2.49 = 0.50 at two decimals (not 0.5), 2021's 2.00 shown as written
    assert row["差距"] == "差 0.50 个百分点"
    row2021 = dict(zip(HEAD, _row(kjcx, data, 2021, "研发投入强度")))
    assert (row2021["年度目标"], row2021["实际"], row2021["差距"]) == ("2.00", "2.00", "持平")


def test_a_met_lower_percent_row_has_no_lagging_words(kjcx):
    # round_grades 城镇调查失业率: 5.3 against a ceiling of 5.5 at year end, lower is better:
    # A − E = −0.2 is under the ceiling: 低于序时上限, never 低于序时应达
    row = dict(zip(HEAD + ["等次"], _row(kjcx, PLANS / "round_grades", 2022, "城镇调查失业率")))
    assert (row["超/低于序时"], row["状态"]) == ("低于序时上限 0.2 个百分点", "达标")


def test_the_section_table_names_its_lagging_tasks_and_counts_stale_as_unreported(kjcx):
    from conftest import SEED

    out = kjcx("--data", SEED, "status", "2021", "-f", "markdown").stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("| 六、紧抓优秀人才队伍建设"))
    assert line.rstrip(" |").endswith("任务18")  # not a bare 18 beside the counts
    # tasks fixture, 2021: task 6 has no report; tasks 2, 3, 4, 5 were reported before the
    # round date (stale): 未报送 1 + 4 = 5, as the departments count them; the JSON keeps 1
    out = kjcx("--data", PLANS / "tasks", "status", "2021").stdout
    assert "8 项任务：滞后 6，未报送 5，已完成 1。" in out
    import json

    doc = json.loads(kjcx("--data", PLANS / "tasks", "status", "2021", "-f", "json").stdout)
    assert doc["summary"]["tasks"]["no_report"] == 1
