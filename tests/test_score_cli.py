"""`kjcx score` in every format, `-o x.xlsx`, `kjcx explain score:UNIT`, `kjcx schema
scoring`, and the usage errors (exit 2) — on the worked example of docs/score.md."""

import json
import shutil

from conftest import ROOT

EXAMPLE = ROOT / "docs" / "examples" / "kaohe"


def test_table_at_80_columns_keeps_names_whole_and_numbers_aligned(kjcx):
    result = kjcx("score", "2022", "--data", EXAMPLE, "-f", "plain", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(len(line.encode("gbk", "replace")) <= 80 for line in lines)  # CJK width 2
    header = next(line for line in lines if line.startswith("排名"))
    # 名次变化 is the one column a narrow terminal drops (--wide and 120 columns keep it)
    assert header.split() == ["排名", "单位", "项1", "项2", "项3", "项4", "项5", "加分", "总分", "等次", "说明"]
    wide = kjcx("score", "2022", "--data", EXAMPLE, "-f", "plain", env={"COLUMNS": "120"}).output
    assert "名次变化" in wide and "进2位" in wide
    rows = [line for line in lines if line[:4].strip().isdigit()]
    # by rank; 总分 to two decimals, right-aligned in one column
    assert [r.split()[1] for r in rows] == ["甲区", "丁区", "乙区", "己区", "庚区", "丙区", "戊区"]
    totals = [r.split()[8] for r in rows]  # 排名 单位 5 items 加分 总分
    assert totals == ["105.00", "90.00", "88.00", "75.00", "58.00", "49.67", "34.00"]
    ends = {r.index(t) + len(t) for r, t in zip(rows, totals)}
    assert len(ends) == 1
    # the key to the item columns, and the counting line
    assert "  项1 重点用能单位节能量：40分，按完成率计分" in lines
    text = result.output.replace("\n", "")
    assert "7 个区中，优秀 1 个，良好 2 个，合格 1 个，不合格 3 个；一票否决：丙区（能源消费总量）。" in text


def test_json_document(kjcx):
    doc = json.loads(kjcx("score", "2022", "--data", EXAMPLE, "-f", "json").output)
    assert doc["schema"] == "kjcx.score/1" and doc["year"] == 2022
    assert doc["scheme"]["id"] == "districts"
    first = doc["units"][0]
    assert set(first) >= {"unit", "items", "total", "grade", "veto", "rank", "rank_change", "missing"}
    assert set(first["items"][0]) >= {"item", "points", "rule", "input", "score", "bonus", "reason"}
    # 甲区: 12.5 / 10 = 1.25 → 40 and floor(0.25 / 0.1) × 3 = 6 bonus; total 100 + 5 (bonus_max)
    assert (first["unit"], first["total"], first["rank_change"]) == ("甲区", 105.0, 1)
    assert first["items"][0]["input"] == {"completion": 1.25, "used": 1.2}
    assert first["items"][0]["bonus"] == 6
    bing = next(u for u in doc["units"] if u["unit"] == "丙区")
    assert bing["veto"] == ["能源消费总量"] and bing["total"] == 49.67
    geng = next(u for u in doc["units"] if u["unit"] == "庚区")
    assert geng["missing"] == ["重点用能单位节能量"]
    assert doc["line"] == "7个区中，优秀1个，良好2个，合格1个，不合格3个；一票否决：丙区（能源消费总量）。"


def test_csv_and_markdown(kjcx):
    csv = kjcx("score", "--scheme", "departments2022", "--data", EXAMPLE, "-f", "csv").output
    lines = csv.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("rank,unit,任务1（开展重点用能单位节能监察）")
    # 区发改委 (20 + 9) / 30 × 100 = 96.666… → 96.67
    assert lines[2].startswith("2,区发改委,20,,,,,9,0,96.67,优秀")
    md = kjcx("score", "2022", "--data", EXAMPLE, "-f", "markdown").output
    import re

    cells = [re.sub(r"\s*\|\s*", "|", line) for line in md.splitlines()]
    assert "|1|甲区|40|15|35|8|2|5|105.00|优秀|进1位|-|" in cells


def test_workbook_numbers_are_numbers_to_two_decimals(kjcx, tmp_path):
    import openpyxl

    out = tmp_path / "考核.xlsx"
    result = kjcx("score", "2022", "--data", EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws.freeze_panes == "A3"  # the header row stays in view
    headers = [c.value for c in ws[2]]
    assert headers[:4] == ["排名", "单位", "重点用能单位节能量（40分）", "能源消费总量（15分）"]
    bing = next(row for row in ws.iter_rows(min_row=3) if row[1].value == "丙区")
    # 10 × 25 / 15 = 16.666… written as a number, shown 16.67
    assert abs(bing[3].value - 16.666667) < 1e-6 and bing[3].number_format == "0.00"
    assert bing[8].value == 49.67 and bing[8].number_format == "0.00"
    assert bing[11].value == "一票否决：能源消费总量"
    # the rank is a whole number in format 0, from the same binder as the terminal's cell
    ranks = [row[0].value for row in ws.iter_rows(min_row=3) if row[0].value is not None]
    assert ranks == sorted(ranks) and ranks[0] == 1 and ws.cell(3, 1).number_format == "0"


def test_explain_a_unit(kjcx):
    result = kjcx("explain", "score:丙区", "2022", "--data", EXAMPLE, "-f", "plain")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "30 × 0.8 = 24" in text  # 4.2 / 5 = 0.84 → 0.8, class points 30
    assert "10 × 25 ÷ 15" in text  # the class's 25 points for the band of 10 of 15
    assert "丙区总分 49.67，排名第 6（共 7 个区），不合格等次（能源消费总量未达到目标，一票否决）；名次退1位。" \
        in text.replace("\n", "")
    doc = json.loads(kjcx("explain", "score:departments2022/区发改委", "--data", EXAMPLE, "-f", "json").output)
    assert doc["scheme"] == "departments2022"
    base = next(s for s in doc["steps"] if s["name"] == "base")
    assert base["work"] == "(20 + 9) ÷ 30 × 100 = 96.67"


def test_usage_errors(kjcx, tmp_path):
    unknown = kjcx("score", "--scheme", "district", "--data", EXAMPLE)
    assert unknown.exit_code == 2 and "districts" in unknown.output
    not_judged = kjcx("score", "2021", "--scheme", "departments2022", "--data", EXAMPLE)
    assert not_judged.exit_code == 2
    for name in ("targets.yaml", "tasks.yaml"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    none = kjcx("score", "--data", tmp_path)
    assert none.exit_code == 2 and "scoring.yaml" in none.output
    nobody = kjcx("explain", "score:子区", "2022", "--data", EXAMPLE)
    assert nobody.exit_code == 2 and "子区" in nobody.output
    given = kjcx("score", "--data", tmp_path, "--scoring", EXAMPLE / "scoring.yaml", "-f", "json")
    assert given.exit_code == 0 and json.loads(given.output)["scheme"]["id"] == "districts"


def test_schema_file_in_the_repo_is_current_and_describes_every_key(kjcx):
    result = kjcx("schema", "scoring")
    assert result.exit_code == 0
    assert (ROOT / "schema" / "scoring.schema.json").read_text(encoding="utf-8") == result.stdout
    schema = json.loads(result.stdout)
    item = schema["properties"]["schemes"]["items"]["properties"]["items"]["items"]
    assert all("description" in prop for prop in item["properties"].values())
    assert "一票否决" in item["properties"]["veto"]["description"]


def test_example_scoring_validates_against_the_schema():
    import yaml
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "schema" / "scoring.schema.json").read_text(encoding="utf-8"))
    doc = yaml.safe_load((EXAMPLE / "scoring.yaml").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(doc)) == []


def test_json_validates_against_the_published_schema(kjcx):
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "docs" / "status.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator({**schema["$defs"]["score_document"], "$defs": schema["$defs"]})
    for scheme in ("districts", "departments2022"):
        doc = json.loads(kjcx("score", "2022", "--scheme", scheme, "--data", EXAMPLE, "-f", "json").output)
        assert [e.message for e in validator.iter_errors(doc)] == []
