"""`kjcx check` and kjcx.check_plan validate scoring.yaml at file:line:column with its
YAML path, like the data files; `kjcx score` refuses a bad one (exit 1)."""

import json
import shutil

import pytest

import kjcx

from conftest import ROOT

EXAMPLE = ROOT / "docs" / "examples" / "kaohe"

HEAD = """schemes:
  - id: s1
    name: 考核
    year: 2022
    units: parts
"""


@pytest.fixture
def data(tmp_path):
    """The example's data files with a scoring.yaml written by the test."""
    for name in ("targets.yaml", "tasks.yaml"):
        shutil.copy(EXAMPLE / name, tmp_path / name)

    def write(text: str):
        (tmp_path / "scoring.yaml").write_text(text, encoding="utf-8")
        return [p for p in kjcx.check_plan(tmp_path) if p.file.endswith("scoring.yaml")]

    return write


def only(problems):
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


GOOD_GRADES = """    grades:
      - {min: 60, label: 合格}
      - {label: 不合格}
"""


def test_unknown_indicator_with_the_closest_suggestion(data):
    p = only(data(HEAD + """    items:
      - {indicator: energy_savng, points: 40, rule: proportional}
""" + GOOD_GRADES))
    assert (p.line, p.column, p.path) == (7, 21, "schemes[0].items[0].indicator")
    assert "energy_saving" in p.message and p.severity == "error"


def test_unknown_key_with_the_closest_suggestion(data):
    p = only(data(HEAD + """    items:
      - {indicator: energy_saving, ponits: 40, points: 40, rule: proportional}
""" + GOOD_GRADES))
    assert (p.line, p.path) == (7, "schemes[0].items[0].ponits")
    assert "“points”" in p.message


def test_points_must_be_positive(data):
    p = only(data(HEAD + """    items:
      - indicator: energy_saving
        points: 0
        rule: proportional
""" + GOOD_GRADES))
    assert (p.line, p.column, p.path) == (8, 17, "schemes[0].items[0].points")
    assert "正数" in p.message


def test_bands_out_of_order(data):
    p = only(data(HEAD + """    items:
      - indicator: energy_total
        points: 15
        rule: bands
        basis: excess
        bands:
          - {max: 0.1, points: 10}
          - {max: 0, points: 15}
          - {points: 0}
""" + GOOD_GRADES))
    assert (p.line, p.path) == (13, "schemes[0].items[0].bands[1].max")
    assert "从低到高" in p.message


def test_matrix_on_a_row_without_a_period_target(data):
    p = only(data(HEAD + """    items:
      - indicator: energy_total
        points: 35
        rule: matrix
        matrix: {both: 35, period_only: 20, year_only: 10, neither: 0}
""" + GOOD_GRADES))
    assert (p.line, p.path) == (9, "schemes[0].items[0].rule")
    assert "期内目标" in p.message and "甲区" in p.message


def test_quota_shares_above_one(data):
    p = only(data(HEAD + """    items:
      - {indicator: energy_saving, points: 40, rule: proportional}
    grades:
      - {label: 优秀, share: 0.6}
      - {label: 良好, share: 0.5}
      - {label: 合格}
"""))
    assert (p.line, p.path) == (9, "schemes[0].grades")
    assert "合计 1.1" in p.message


def test_unknown_unit_in_manual_scores_and_unknown_task(data):
    problems = data(HEAD + """    items:
      - {task: 9, points: 5, rule: threshold}
      - name: 会议纪要
        points: 2
        rule: manual
        scores: {甲区: 1, 甲县: 2}
""" + GOOD_GRADES)
    assert [(p.line, p.path) for p in problems] == [
        (7, "schemes[0].items[0].task"), (11, "schemes[0].items[1].scores.甲县")]
    assert "没有编号为 9 的任务" in problems[0].message
    assert "甲区" in problems[1].message  # did you mean


def test_python_tags_are_refused_like_the_data_files(data):
    p = only(data("schemes: !!python/object:os.system []\n"))
    assert p.line == 1 and "安全加载" in p.message


def test_check_command_fails_on_a_bad_scoring_file(data, kjcx, tmp_path):
    data(HEAD + "    items: []\n" + GOOD_GRADES)
    result = kjcx("check", "--data", tmp_path, "-f", "json")
    assert result.exit_code == 1
    errors = json.loads(result.output)["errors"]
    assert [(e["line"], e["path"]) for e in errors] == [(6, "schemes[0].items")]
    # and `kjcx score` refuses it: exit 1, the problem on stderr
    scored = kjcx("score", "--data", tmp_path)
    assert scored.exit_code == 1 and "scoring.yaml:6" in scored.output


def test_the_example_and_its_check_are_clean(kjcx):
    result = kjcx("check", "--data", EXAMPLE)
    assert result.exit_code == 0, result.output


def test_an_empty_scoring_file_says_what_belongs_in_it(data):
    p = only(data(""))
    assert (p.line, p.column) == (1, 1) and "考核方案" in p.message and "docs/score.md" in p.message


def test_wrong_types_are_said_at_their_place(data):
    problems = data(HEAD + """    items:
      - {indicator: [energy_saving], points: 40分, rule: proportional}
    grades: [优秀, 合格]
""")
    assert [(p.line, p.path) for p in problems] == [
        (7, "schemes[0].items[0].indicator"), (7, "schemes[0].items[0].points"),
        (8, "schemes[0].grades[0]"), (8, "schemes[0].grades[1]")]  # in file order
    assert "“40分”" in problems[1].message


def test_a_rate_without_a_yearly_target_has_no_completion_to_score(data):
    # public_energy (a reduction: not interpolated) has targets for 2021 and 2022, not 2023;
    # a scheme without `year` judges 2023 too, where proportional would score 0
    problems = data("""schemes:
  - id: s1
    name: 考核
    units: departments
    items:
      - {indicator: public_energy, points: 10, rule: proportional}
""" + GOOD_GRADES)
    p = only(problems)
    assert (p.severity, p.line, p.path) == ("warning", 6, "schemes[0].items[0].indicator")
    assert "没有完成率" in p.message


def test_check_given_the_scoring_file_checks_its_directory(data, kjcx, tmp_path):
    # as the pre-commit hook passes changed files (files: targets|tasks|scoring.yaml)
    data(HEAD + "    items: []\n" + GOOD_GRADES)
    result = kjcx("check", tmp_path / "scoring.yaml")
    assert result.exit_code == 1 and "scoring.yaml:6" in result.output
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "(targets|tasks|scoring)" in hooks


def test_publicity_is_a_whole_number_of_working_days(data):
    p = only(data(HEAD + "    publicity: 2.5\n    items:\n      - {indicator: energy_saving, points: 40, rule: proportional}\n"
                  + GOOD_GRADES))
    assert (p.line, p.path) == (6, "schemes[0].publicity") and "整数" in p.message
