"""kjcx diff: what the 2022-06-30 round changed after the 2022-03-31 one, in the
shipped plan (both rounds are 示例数据)."""

import json

from conftest import SEED


def diff(kjcx, *args):
    result = kjcx("--data", SEED, "diff", *args, "-f", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema"] == "kjcx.diff/1"
    return doc


def test_the_june_round_against_the_march_round(kjcx):
    doc = diff(kjcx, "2022-03-31", "2022-06-30")
    assert (doc["from"], doc["to"], doc["year"]) == ("2022-03-31", "2022-06-30", 2022)
    figures = {f["id"]: (f["from"]["value"], f["to"]["value"]) for f in doc["figures"]}
    # 11 indicators reported in both rounds
    assert len(figures) == 11
    assert figures["tech_contract_turnover"] == (8.9, 21.3)
    assert figures["gazelle_enterprises"] == (7, 6)
    # 18 of the 20 tasks reported in both rounds (7 and 20 never reported in 2022)
    assert len(doc["reports"]) == 18 and {r["id"] for r in doc["reports"]}.isdisjoint({7, 20})
    statuses = {s["id"]: (s["from"], s["to"]) for s in doc["status_changes"]}
    # 科技领军: at 03-31 1 of E = 1 + (2-1) x 90/365 = 1.2466 -> rate 0.802 behind;
    # at 06-30 2 >= E -> met
    assert statuses["leading_enterprises"] == ("behind", "met")
    # 瞪羚: 7 of E = 7 + 5 x 90/365 = 8.2329 (0.850, behind) -> 6 of 9.4795 (0.633, severe)
    assert statuses["gazelle_enterprises"] == ("behind", "severe")
    # task 4: 20% at 03-31 >= 90/365 x 100 - 10 = 14.66 (not lagging); 30% at 06-30 < 39.59
    assert [t["id"] for t in doc["tasks_started_lagging"]] == [4, 19]
    # task 1: 10% < 14.66 at 03-31 (lagging); 55% >= 39.59 at 06-30
    assert [t["id"] for t in doc["tasks_stopped_lagging"]] == [1]
    levels = {d["name"]: (d["from"], d["to"]) for d in doc["departments"]}
    assert levels == {"区合作交流办": ("green", "yellow"), "区财政局": ("green", "yellow"),
                      "区楼宇办": ("yellow", "green"), "金贸产业园": ("yellow", "green")}
    assert doc["summary"]["figures"] == 11


def test_the_same_date_twice_changes_nothing(kjcx):
    doc = diff(kjcx, "2022-06-30", "2022-06-30")
    assert doc["figures"] == doc["reports"] == doc["status_changes"] == doc["departments"] == []
    text = kjcx("--data", SEED, "diff", "2022-06-30", "2022-06-30", "-f", "plain").stdout
    assert "两个日期之间没有变化。" in text


def test_table_and_order_of_dates(kjcx):
    text = kjcx("--data", SEED, "diff", "2022-03-31", "2022-06-30", "-f", "plain").stdout
    assert "指标变化" in text and "任务变化" in text and "责任单位结论变化" in text
    result = kjcx("--data", SEED, "diff", "2022-06-30", "2022-03-31")
    assert result.exit_code == 2 and "早于起始日期" in result.stderr
    result = kjcx("--data", SEED, "diff", "2022-06-31", "2022-07-01")
    assert result.exit_code == 2 and "没有 2022-06-31 这一天" in result.stderr
