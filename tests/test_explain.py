"""kjcx explain: every step's result is the number status JSON prints, because
both come from the same computed row."""

import json

import pytest

from conftest import PLANS, SEED


def status(kjcx, year, *extra):
    return json.loads(kjcx("--data", SEED, "status", year, "-f", "json", *extra).stdout)


def explain(kjcx, ident, year, *extra, data=SEED):
    result = kjcx("--data", data, "explain", ident, year, "-f", "json", *extra)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema"] == "kjcx.explain/1"
    return doc, {s["name"]: s["result"] for s in doc["steps"]}


@pytest.mark.parametrize("ident", ["high_tech_enterprises", "tech_contract_turnover",
                                   "rd_intensity", "gazelle_enterprises", "key_labs"])
@pytest.mark.parametrize("year", [2020, 2021, 2022])
def test_indicator_steps_equal_status_json(kjcx, ident, year):
    row = next(r for r in status(kjcx, year)["indicators"] if r["id"] == ident)
    doc, steps = explain(kjcx, ident, year)
    assert doc["row"] == row
    for name in ("actual", "target", "expected", "rate", "completion", "gap", "progress",
                 "ahead", "status"):
        if name in steps:
            assert steps[name] == row[name], name
    if "elapsed" in steps:
        assert steps["elapsed"] == row["elapsed"]
    if "schedule" in steps:
        assert steps["schedule"] == row["schedule"]
    if row["final"] is not None:
        assert steps["final.target"] == row["final"]["target"]
        assert steps["final.outlook"] == row["final"]["outlook"]
        if "final.needed_per_year" in steps:
            assert steps["final.needed_per_year"] == row["final"]["needed_per_year"]
        if "final.achieved_per_year" in steps:
            assert steps["final.achieved_per_year"] == row["final"]["achieved_per_year"]


def test_high_tech_2022_reads_as_a_person_would_compute_it(kjcx):
    doc, _ = explain(kjcx, "high_tech_enterprises", 2022)
    text = "\n".join(f"{s['label']} {s['shown']} {s['formula']}；{s['work']}" for s in doc["steps"])
    # 2022-06-30 is day 181 of 365; P = 2021 year-end 118; T = 128
    # E = 118 + (128 - 118) x 181/365 = 122.9589; rate = 119/122.9589 = 96.8% -> 基本达标
    assert "181 ÷ 365" in text
    assert "上年年末实际值 118" in text
    assert "122.9589" in text and "96.8%" in text and "基本达标" in text
    # completion 119/128 = 93.0%; schedule E/T = 96.1%; ahead -3.1 points
    assert "93.0%" in text and "96.1%" in text and "低于序时 3.1 个百分点" in text


def test_task_15_2022(kjcx):
    doc, steps = explain(kjcx, "15", 2022)
    row = next(r for r in status(kjcx, 2022)["tasks"] if r["id"] == 15)
    assert doc["row"] == row
    assert steps["status"] == row["status"] == "not_started"
    assert steps["lagging"] is row["lagging"] is True
    # 0% < 181/365 x 100 - 10 = 39.59
    work = next(s["work"] for s in doc["steps"] if s["name"] == "lagging")
    assert "39.59" in work


def test_department_2022(kjcx):
    doc, steps = explain(kjcx, "区科技局", 2022)
    row = next(r for r in status(kjcx, 2022)["departments"] if r["name"] == "区科技局")
    assert doc["row"] == row
    assert steps["level"] == row["level"] == "red"
    assert steps["lagging_lead"] == row["lagging_lead"]
    assert steps["missing"] == row["missing"]
    assert steps["lagging_participating"] == row["lagging_participating"]
    assert steps["worst"] == row["worst"]
    assert steps["order"] == 1


def test_alias_names_the_department(kjcx):
    doc, _ = explain(kjcx, "河东区科技局", 2022)
    assert doc["id"] == "区科技局"


def test_a_revised_target_names_its_revision(kjcx):
    doc, steps = explain(kjcx, "rev_direct", 2022, data=PLANS / "v2_revision")
    target = next(s for s in doc["steps"] if s["name"] == "target")
    assert doc["row"]["target_source"] == "revised"
    assert doc["row"]["revision"] in target["work"]
    assert steps["target"] == doc["row"]["target"]


def test_unknown_id_is_a_usage_error(kjcx):
    result = kjcx("--data", SEED, "explain", "high_tech_enterprise", "2022")
    assert result.exit_code == 2
    assert "是否应为 “high_tech_enterprises”" in result.stderr


def test_departments_with_a_name_lists_its_items_and_why(kjcx):
    result = kjcx("--data", SEED, "departments", "2022", "区人社局", "-f", "plain")
    assert result.exit_code == 0
    out = result.stdout
    assert "区人社局牵头的任务" in out and "区人社局参与的任务" in out
    assert "任务 20（引进培育高素质技能人才）" in out  # 未报送
    assert out.rstrip().endswith("区人社局：滞后（有牵头滞后、有未报送）。")
    doc = json.loads(kjcx("--data", SEED, "departments", "区人社局", "2022", "-f", "json").stdout)
    assert [t["id"] for t in doc["lead_tasks"]] == [18, 19, 20]
    assert doc["row"]["missing"] == [20]
