"""The words of a 考核 result: the 通报 sentence, the counting line, a veto for a missing
figure or a task, and the check's warning for a district an item does not reach."""

import shutil

import kjcx
from kjcx.report.scoring import grade_sentence

from conftest import ROOT, TESTS

QUOTA = TESTS / "scoring" / "quota"
EXAMPLE = ROOT / "docs" / "examples" / "kaohe"


def scored(directory, scheme=None, year=2022):
    plan = kjcx.load_plan(directory, cache=False)
    return kjcx.score(plan, year, scheme, scoring=directory)


def test_a_grade_of_more_than_three_names_the_first():
    # 优秀 甲区; 良好 乙区、丙区、丁区 (three: all named); 合格 戊区、己区、庚区、辛区 (four: the
    # first and the count); 不合格 by rank: 壬区 (95, rank 1, vetoed) then 癸区 (50)
    assert grade_sentence(scored(QUOTA)) == (
        "经考核，甲区为优秀等次，乙区、丙区、丁区为良好等次，戊区等4个区为合格等次，壬区、癸区为不合格等次。"
        "其中，壬区安全生产控制指标未完成年度目标，实行一票否决。")


def test_a_missing_figure_on_a_veto_item_is_a_veto(tmp_path):
    for name in ("targets.yaml", "scoring.yaml"):
        shutil.copy(QUOTA / name, tmp_path / name)
    targets = tmp_path / "targets.yaml"
    # 甲区 reports nothing for the veto item: not met (silence never scores better)
    targets.write_text(targets.read_text(encoding="utf-8").replace(
        "{name: 甲区, targets: {2022: 10}, actuals: {2022: 10}}", "{name: 甲区, targets: {2022: 10}}"),
        encoding="utf-8")
    res = scored(tmp_path)
    jia = res.unit("甲区")
    # 0 (未报送) + 85 = 85: vetoed → 不合格; rank: 壬区 95 is 1, 乙区 丙区 90 are 2, 甲区 85 ties 丁区 at 4
    assert jia.missing == ("安全生产控制指标",) and jia.veto == ("安全生产控制指标",)
    assert (jia.total, jia.grade, jia.rank) == (85, "不合格", 4)
    # with 甲区 vetoed too, 优秀 ≤ floor(0.2 × 10) = 2 of the rest: 乙区 90, 丙区 90 (丁区 85 after
    # them: no tie at the boundary); the vetoed in rank order: 壬区 (1), 甲区 (4)
    assert grade_sentence(res) == (
        "经考核，乙区、丙区为优秀等次，丁区、戊区、己区为良好等次，庚区、辛区为合格等次，壬区、甲区、癸区为不合格等次。"
        "其中，壬区安全生产控制指标未完成年度目标；甲区安全生产控制指标未报送数据，实行一票否决。")


def test_the_counting_line_in_a_table_and_in_prose():
    from kjcx.views.score import counting_line

    res = scored(EXAMPLE, "departments2022")
    # 区住建局 100.00 and 区发改委 96.67 ≥ 90 优秀; 36.25 and 26.67 < 60 不合格; 良好、合格 none: left out
    assert counting_line(res) == "4 个单位中，优秀 2 个，不合格 2 个。"
    assert counting_line(res, spaced=False) == "4个单位中，优秀2个，不合格2个。"


def test_check_warns_when_an_item_does_not_reach_a_district(tmp_path):
    for name in ("targets.yaml", "tasks.yaml", "scoring.yaml"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    targets = tmp_path / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    line = "      - {name: 庚区, targets: {2021: 65, 2022: 70}, actuals: {2021: 66, 2022: 75}}\n"
    assert line in text
    targets.write_text(text.replace(line, ""), encoding="utf-8")
    warnings = [p for p in kjcx.check_plan(tmp_path) if p.file.endswith("scoring.yaml")]
    assert [(w.severity, w.path) for w in warnings] == [("warning", "schemes[0].items[3].indicator")]
    assert "没有分解到 庚区" in warnings[0].message
    # and 庚区 is scored 0 there, shown as not applicable (-), its total 58 − 8 = 50
    res = scored(tmp_path, "districts")
    assert res.unit("庚区").items[3].state == "not_applicable" and res.unit("庚区").total == 50


def test_a_figure_before_the_round_is_scored_and_named(tmp_path):
    for name in ("targets.yaml", "tasks.yaml", "scoring.yaml"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    targets = tmp_path / "targets.yaml"
    # 甲区 reported its 节能量 only to 2022-06-30 while the others reported the year end
    targets.write_text(targets.read_text(encoding="utf-8").replace(
        "actuals: {2021: 9.5, 2022: 12.5}", "actuals: {2021: 9.5, 2022: [{value: 6, as_of: 2022-06-30}]}"),
        encoding="utf-8")
    res = scored(tmp_path, "districts")
    jia = res.unit("甲区")
    # the round is the year end (the others' figures), so the year is closed, not in-year;
    # 甲区's 6 of 10 (序时 at 06-30: the flow's rate is judged against its share of the year,
    # completion 6 / 10 = 0.6 → 40 × 0.6 = 24) is scored, and named as 未按期报送
    assert not res.in_year
    assert jia.items[0].score == 24 and [i.label for i in jia.stale] == ["重点用能单位节能量"]
    from kjcx.views.score import note_text

    assert note_text(jia) == "未按期报送：重点用能单位节能量（6月30日数据）"


def test_a_year_whose_figures_end_inside_it_is_said_to_be_partial(tmp_path):
    import re

    from kjcx.views.score import heading_note

    for name in ("targets.yaml", "scoring.yaml"):
        shutil.copy(QUOTA / name, tmp_path / name)
    targets = tmp_path / "targets.yaml"
    text = re.sub(r"actuals: \{2022: (\d+)\}", r"actuals: {2022: [{value: \1, as_of: 2022-06-30}]}",
                  targets.read_text(encoding="utf-8"))
    targets.write_text(text, encoding="utf-8")
    res = scored(tmp_path)
    assert res.in_year and res.round_date.isoformat() == "2022-06-30"
    assert heading_note(res) == "满分 110 分；数据截至6月30日，尚非全年数据"
