"""`kjcx remind` (催办) on the example plan docs/examples/duban (示例数据): the paragraphs as
they are sent, the table, JSON against docs/remind.schema.json, --days, the Word 催办单."""

import json
from datetime import date

import jsonschema
import pytest

from kjcx.method.remind import remind
from kjcx.plan.load import load

from conftest import ROOT

EXAMPLE = ROOT / "docs" / "examples" / "duban"
SCHEMA = json.loads((ROOT / "docs" / "remind.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plan():
    return load(EXAMPLE).plan


def test_the_paragraphs_read_as_a_supervision_office_sends_them(kjcx):
    result = kjcx("remind", "2022-09-15", "--data", EXAMPLE, "-f", "text")
    assert result.exit_code == 0
    paragraphs = result.stdout.strip().split("\n\n")
    # task 4: deadline 2022-06-30 -> 2022-09-15 = 31 (Jul) + 31 (Aug) + 15 = 77 days overdue;
    # reply within 7 days: 9月15日 + 7 = 9月22日
    assert paragraphs[0] == (
        "区科技局：任务4（大力发展信创产业）完成时限为2022年6月30日，截至9月15日已逾期77天；"
        "任务6（建成科技成果转化服务中心）进度滞后（截至9月15日完成50%）。"
        "请于9月22日前报送办理进展和下一步措施。")
    # task 3: 2022-09-30 - 2022-09-15 = 15 days left = remind_days 15: due soon (day N included);
    # new_factories: last figure 06-30 < round 09-15 (stale), 3 / 12 = 25.0% of the year's target
    assert paragraphs[1] == (
        "区工信局：新开工工业项目指标最近一次报送为6月30日，未报送截至9月15日的数据，"
        "进展滞后（截至6月30日完成年度目标的25.0%）；"
        "任务3（培育工业互联网平台）完成时限为2022年9月30日，距到期还有15天。"
        "请于9月22日前报送办理进展和下一步措施。")
    # 区发改委 (task 5, 75% on 09-15, due 12-31) has nothing due: not listed, counted
    assert [p.split("：")[0] for p in paragraphs[:-1]] == ["区科技局", "区工信局", "区住建局"]
    assert paragraphs[-1] == ("截至2022年9月15日，需催办 3 个单位（逾期 1 项、临近 1 项、未按期报送 1 项、"
                              "滞后 3 项）；另有 1 个牵头单位无待办事项。")


def test_plain_is_the_paragraphs_and_table_lists_each_reason(kjcx):
    plain = kjcx("remind", "2022-09-15", "--data", EXAMPLE, "-f", "plain").stdout
    text = kjcx("remind", "2022-09-15", "--data", EXAMPLE, "-f", "text").stdout
    assert plain == text
    table = kjcx("remind", "2022-09-15", "--data", EXAMPLE, "-f", "table", "--no-color").stdout
    assert "逾期77天" in table and "临近（15天）" in table and "未按期报送" in table


def test_days_n_and_n_minus_one(plan):
    # task 3 has 15 days left on 2022-09-15: listed with --days 15, not with --days 14
    assert remind(plan, date(2022, 9, 15), 15).count("due_soon") == 1
    assert remind(plan, date(2022, 9, 15), 14).count("due_soon") == 0


def test_a_deadline_on_the_date_itself_is_due_today(plan):
    result = remind(plan, date(2022, 9, 30), 0)
    gongxin = next(d for d in result.departments if d.name == "区工信局")
    task3 = next(i for i in gongxin.items if i.id == 3)
    # 2022-09-30 - 2022-09-30 = 0: due soon (day 0 included), not overdue
    assert [(r.code, r.days) for r in task3.reasons] == [("due_soon", 0)]
    assert task3.clause == "任务3（培育工业互联网平台）完成时限为2022年9月30日，今日到期"
    # the day after: 1 day overdue
    after = remind(plan, date(2022, 10, 1))
    task3 = next(i for d in after.departments for i in d.items if i.id == 3)
    assert [(r.code, r.days) for r in task3.reasons][0] == ("overdue", 1)


def test_a_missed_milestone_is_chased_with_its_date(plan):
    result = remind(plan, date(2022, 6, 1))
    zhujian = next(d for d in result.departments if d.name == "区住建局")
    # 完成选址 by 2022-03-31, not named by 2022-06-01: 30 (Apr) + 31 (May) + 1 = 62 days
    assert zhujian.items[0].clause == (
        "任务2（建设科创产业园）阶段目标“完成选址”应于2022年3月31日前完成，截至6月1日已逾期62天")


def test_before_the_first_round_nobody_is_unreported(plan):
    # on 2022-03-20 no 2022 figure or report is known yet: no round, no 未报送
    result = remind(plan, date(2022, 3, 20))
    assert result.round_at is None and result.count("no_report") == 0


def test_json_validates_against_its_schema(kjcx):
    result = kjcx("remind", "2022-09-15", "--data", EXAMPLE, "-f", "json")
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA)
    assert (doc["date"], doc["reply_by"], doc["round_date"]) == ("2022-09-15", "2022-09-22", "2022-09-15")
    assert doc["quiet"] == ["区发改委"]
    task4 = doc["departments"][0]["items"][0]
    assert task4["reasons"] == [{"code": "overdue", "date": "2022-06-30", "due": "完成任务", "days": 77}]
    assert task4["last_report"] == {"as_of": "2022-09-15", "status": "in_progress", "percent": 70,
                                    "value": None, "note": None}


def test_the_shipped_plan_has_no_deadlines_only_lagging_items(kjcx):
    result = kjcx("remind", "-f", "json")
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA)
    assert doc["summary"]["overdue"] == 0 and doc["summary"]["due_soon"] == 0


def test_one_word_催办单_per_department(kjcx, tmp_path):
    import docx

    result = kjcx("remind", "2022-09-15", "--data", EXAMPLE, "-o", tmp_path / "催办单")
    assert result.exit_code == 0
    names = sorted(p.name for p in (tmp_path / "催办单").iterdir())
    assert names == ["区住建局催办单.docx", "区工信局催办单.docx", "区科技局催办单.docx"]
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "催办单" / "区科技局催办单.docx")).paragraphs]
    assert paragraphs[:4] == ["督办事项催办单", "示例区重点任务督办（示例数据）", "区科技局：",
                              "截至2022年9月15日，你单位牵头的以下2项工作需抓紧办理："]
    assert "任务4（大力发展信创产业）完成时限为2022年6月30日，截至9月15日已逾期77天。" in paragraphs
    assert "请于2022年9月22日前报送办理进展和下一步措施；逾期事项请说明原因、明确完成时间。" in paragraphs


def test_the_python_api_returns_the_typed_records():
    import kjcx

    plan = kjcx.load_plan(EXAMPLE)
    view = kjcx.remind(plan, "2022-09-15")
    first = view.result.departments[0]
    # 2022-06-30 -> 2022-09-15: 77 days overdue
    assert (first.name, first.items[0].id, first.items[0].reasons[0].days) == ("区科技局", 4, 77)
    assert view.json()["schema"] == "kjcx.remind/1"
    trail = kjcx.history(plan, 4)
    assert [s.verdict for s in trail.result.steps] == ["on_track", "on_track", "lagging"]
    with pytest.raises(KeyError):
        kjcx.history(plan, 99)


def test_the_example_plan_is_marked_and_checks_clean(kjcx):
    # 示例数据 in both files' header and in the plan's name; no error, no warning
    for name in ("targets.yaml", "tasks.yaml"):
        assert "示例数据" in (EXAMPLE / name).read_text(encoding="utf-8").splitlines()[0]
    result = kjcx("check", "--data", EXAMPLE, "--strict")
    assert result.exit_code == 0 and "无错误、无警告" in result.output


@pytest.mark.parametrize("command", [["remind", "2022-09-15"], ["history", "4"], ["history", "tech_contracts"]])
@pytest.mark.parametrize("fmt", ["table", "plain", "json", "csv", "markdown"])
def test_every_format_prints(kjcx, command, fmt):
    result = kjcx(*command, "--data", EXAMPLE, "-f", fmt)
    assert result.exit_code == 0 and result.exception is None, result.output
    assert result.stdout.strip()


def test_remind_csv_has_one_row_per_reason(kjcx):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(kjcx("remind", "2022-09-15", "--data", EXAMPLE, "-f", "csv")
                                           .stdout.lstrip("\ufeff"))))
    # 区科技局 2 (task 4 overdue, task 6 lagging) + 区工信局 3 (indicator stale and lagging,
    # task 3 due soon) + 区住建局 1 (task 2 lagging)
    assert len(rows) == 6
    assert (rows[0]["department"], rows[0]["id"], rows[0]["reason"], rows[0]["days"]) == ("区科技局", "4", "overdue", "77")
