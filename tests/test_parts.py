"""分解: one indicator broken down into 21 市（州） (tests/plans/parts_21), pinned part by part.

The indicator is a flow (技术合同登记成交额, 亿元, higher is better), thresholds 0.9 / 0.7.
At year end E = T, so rate = completion = A / T; 雅安 reported only to 2021-09-30
(day 273 of 365), so its E = T x 273/365. 南充's 2021 target is revised from 20 to 18
(r2021, 2021-07-01). 成都 has a 2022 figure, so 2021 is a closed year for `missing`.
"""

import json
from decimal import Decimal

import pytest

from kjcx.method import compute
from kjcx.views import parts as breakdown

from conftest import PLANS, plan_of

PLAN = PLANS / "parts_21"

# (part, target, actual or None, rate, status), in file order; rate = A / T at year end
PINNED = [
    ("成都", 500, 560, 1.12, "met"),          # 560 / 500
    ("自贡", 20, 21, 1.05, "met"),            # 21 / 20
    ("攀枝花", 15, 15, 1.0, "met"),           # 15 / 15: reaches E
    ("泸州", 25, 24, 0.96, "near"),           # 24 / 25 = 0.96 >= 0.9
    ("德阳", 40, 44, 1.1, "met"),             # 44 / 40
    ("绵阳", 80, 88, 1.1, "met"),             # 88 / 80
    ("广元", 12, 9, 0.75, "behind"),          # 9 / 12 = 0.75: 0.7 <= rate < 0.9
    ("遂宁", 15, 13.5, 0.9, "near"),          # 13.5 / 15 = 0.9 exactly: near
    ("内江", 12, 12.36, 1.03, "met"),         # 12.36 / 12
    ("乐山", 20, 18.4, 0.92, "near"),         # 18.4 / 20
    ("南充", 18, 19.35, 1.075, "met"),        # revised T = 18: 19.35 / 18 (20 would be near)
    ("眉山", 15, 10, 0.666667, "severe"),     # 10 / 15 = 0.6667 < 0.7
    ("宜宾", 30, 34.5, 1.15, "met"),          # 34.5 / 30
    ("广安", 10, None, None, "no_data"),
    ("达州", 20, 16, 0.8, "behind"),          # 16 / 20
    ("雅安", 10, 8, 1.069597, "met"),         # E = 10 x 273/365 = 7.479452; 8 / 7.479452
    ("巴中", 8, 8.2, 1.025, "met"),           # 8.2 / 8
    ("资阳", 10, 9.5, 0.95, "near"),          # 9.5 / 10
    ("阿坝", 3, None, None, "no_data"),
    ("甘孜", 3, 1.5, 0.5, "severe"),          # 1.5 / 3
    ("凉山", 8, 6.4, 0.8, "behind"),          # 6.4 / 8
]

# by rate, highest first; ties (德阳/绵阳 1.1, 达州/凉山 0.8) in file order; no rate last
ORDER = ["宜宾", "成都", "德阳", "绵阳", "南充", "雅安", "自贡", "内江", "巴中", "攀枝花",
         "泸州", "资阳", "乐山", "遂宁", "达州", "凉山", "广元", "眉山", "甘孜", "广安", "阿坝"]

# met: 成都 自贡 攀枝花 德阳 绵阳 内江 南充 宜宾 雅安 巴中 = 10; near: 泸州 遂宁 乐山 资阳 = 4;
# behind: 广元 达州 凉山 = 3; severe: 眉山 甘孜 = 2; no_data: 广安 阿坝 = 2; 10+4+3+2+2 = 21
LINE = "21 个市（州）中，达标 10 个，基本达标 4 个，滞后 3 个，严重滞后 2 个，无数据 2 个。"


def run_json(kjcx, *args):
    result = kjcx(*args, "--data", PLAN, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_each_part_is_computed_like_an_indicator(kjcx):
    doc = run_json(kjcx, "status", 2021)
    [row] = doc["indicators"]
    assert [p["part"] for p in row["parts"]] == [name for name, *_ in PINNED]  # file order
    for p, (name, target, actual, rate, status) in zip(row["parts"], PINNED):
        assert p["id"] == f"tech_contracts/{name}"
        assert (p["target"], p["actual"], p["rate"], p["status"]) == (target, actual, rate, status), name
        assert p["parts"] == [] and p["name"] == "技术合同登记成交额" and p["unit"] == "亿元"


def test_revised_part_target_and_the_part_reported_to_september(kjcx):
    parts = {p["part"]: p for p in run_json(kjcx, "status", 2021)["indicators"][0]["parts"]}
    # r2021 (2021-07-01) sets 南充 2021 to 18; the plan said 20
    assert (parts["南充"]["target"], parts["南充"]["target_source"], parts["南充"]["revision"]) == \
        (18, "revised", "r2021")
    yaan = parts["雅安"]
    # 2021-09-30 is day 273 of 365: elapsed 0.747945; E = 10 x 0.747945 = 7.479452
    assert (yaan["as_of"], yaan["elapsed"], yaan["expected"]) == ("2021-09-30", 0.747945, 7.479452)
    # completion 8 / 10 = 0.8; a flow's schedule is elapsed; ahead (0.8 - 0.747945) x 100 = 5.2055
    assert (yaan["completion"], yaan["schedule"], yaan["ahead"]) == (0.8, 0.747945, 5.205479)
    assert yaan["source"] == "雅安市科技局报送"
    # the others' year-end figures make the round date 12-31: 雅安's 09-30 figure is stale
    assert yaan["stale"] is True and parts["巴中"]["stale"] is False


def test_part_rows_are_not_counted_in_the_summary(kjcx):
    doc = run_json(kjcx, "status", 2021)
    # only the whole: 1100 / 1000 = 1.1, met
    assert doc["indicators"][0]["rate"] == 1.1
    assert doc["summary"]["indicators"] == {"met": 1, "near": 0, "behind": 0, "severe": 0,
                                            "no_data": 0, "no_target": 0}


def test_departments_answer_for_the_parts_they_lead(kjcx):
    rows = {d["name"]: d for d in run_json(kjcx, "departments", 2021)["departments"]}
    # 甘孜 1.5 / 3 = 0.5: severe -> its lead is red with the part as lagging and worst
    assert rows["甘孜州科技局"] == {
        "name": "甘孜州科技局", "level": "red", "lagging": True, "lead_items": 1,
        "lagging_lead": ["tech_contracts/甘孜"], "missing": [], "lagging_participating": [],
        "worst": "tech_contracts/甘孜"}
    # 阿坝 has a target and no figure in 2021, a closed year (成都 reported for 2022)
    assert rows["阿坝州科技局"]["missing"] == ["tech_contracts/阿坝"]
    # red only for that missing part: the part is its worst (never a met item)
    assert rows["阿坝州科技局"]["level"] == "red" and rows["阿坝州科技局"]["worst"] == "tech_contracts/阿坝"
    # 乐山 0.92 near is not lagging; its worst item is its only part
    assert (rows["乐山市科技局"]["level"], rows["乐山市科技局"]["worst"]) == ("green", "tech_contracts/乐山")
    assert rows["省科技厅"]["worst"] == "tech_contracts"  # the whole: 省科技厅 leads it
    # 雅安 reported 8 on 09-30 only, while the round of 2021 closes on 12-31 (the year-end
    # figures of the other parts): stale, so it counts as missing and its lead is red,
    # although its figure is met (8 >= E = 10 x 273/365 = 7.48): not reporting never helps
    assert rows["雅安市科技局"]["missing"] == ["tech_contracts/雅安"]
    assert rows["雅安市科技局"]["level"] == "red"
    # red first; 雅安, 阿坝 and 甘孜 each have 1 lagging+missing: plan.departments order
    assert list(rows) == ["雅安市科技局", "阿坝州科技局", "甘孜州科技局", "省科技厅",
                          "成都市科技局", "乐山市科技局"]


def test_a_part_without_a_figure_is_missing_when_the_others_reported():
    # --as-of 2021-12-31: 成都's 2022 figure (2022-03-31) is not known yet, so 2021 is not
    # a closed year; but 19 of the 21 parts have a 2021 figure: 阿坝 was asked for it like
    # them and gave none, so it is missing already (not reporting must not look better)
    st = compute.year_status(plan_of("parts_21"), 2021, __import__("datetime").date(2021, 12, 31))
    abba = next(d for d in st.departments if d.name == "阿坝州科技局")
    assert (abba.missing, abba.level) == (["tech_contracts/阿坝"], "red")


def test_a_whole_indicator_without_a_figure_waits_for_a_closed_year(tmp_path):
    # the v2 rule for an indicator (not a part): an annual statistic without a figure
    # is missing only once a later year has figures
    import kjcx as api

    plan = api.load_text(
        "plan: {name: 测试, start: 2021, end: 2022, departments: [{name: 甲局}, {name: 乙局}]}\n"
        "indicators:\n"
        "  - {id: a, name: 甲, unit: 家, lead: [甲局], targets: {2021: 5, 2022: 6}, actuals: {2021: 5}}\n"
        "  - {id: b, name: 乙, unit: '%', lead: [乙局], targets: {2021: 2, 2022: 2}}\n")
    b = next(d for d in api.evaluate(plan, 2021).departments if d.name == "乙局")
    assert (b.missing, b.level) == ([], "green")


def test_parts_json_document(kjcx):
    doc = run_json(kjcx, "parts", "tech_contracts", 2021)
    assert doc["schema"] == "kjcx.parts/1" and doc["label"] == "市（州）"
    assert doc["order"] == ORDER
    assert doc["counts"] == {"met": 10, "near": 4, "behind": 3, "severe": 2, "no_data": 2,
                             "no_target": 0}
    assert doc["line"] == LINE and doc["grades"] is None
    assert [p["part"] for p in doc["indicator"]["parts"]] == [name for name, *_ in PINNED]


def test_documents_validate_against_the_published_schema(kjcx):
    from test_json_schema import errors

    assert errors(run_json(kjcx, "status", 2021)) == []
    assert errors(run_json(kjcx, "parts", "tech_contracts", 2021), "parts_document") == []
    assert errors(run_json(kjcx, "indicators", 2021), "indicators_document") == []
    assert errors(run_json(kjcx, "departments", 2021), "departments_document") == []


def test_parts_table(kjcx):
    result = kjcx("parts", "tech_contracts", "2021", "--data", PLAN, "-f", "plain",
                  env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2] == "【技术合同登记成交额（亿元）：各市（州）完成情况】"
    body = [line.split() for line in lines[5:26]]
    assert [cells[1] for cells in body] == ORDER
    # 序号, 目标, 实际, 截至, 完成率, 序时进度, 差距 (two cells), 状态
    assert body[0] == ["1", "宜宾", "30", "34.5", "年末", "115.0%", "100.0%", "超额", "4.5亿元", "达标"]
    # 南充: the revised target with its revision; 19.35 / 18 = 107.5%
    assert body[4] == ["5", "南充", "18（修订", "r2021）", "19.35", "年末", "107.5%", "100.0%",
                       "超额", "1.35亿元", "达标"]
    # 雅安: its own date; completion 8 / 10 = 80.0%, schedule 273/365 = 74.8%
    assert body[5] == ["6", "雅安", "10", "8", "09-30", "80.0%", "74.8%", "差", "2亿元", "达标"]
    assert body[13] == ["14", "遂宁", "15", "13.5", "年末", "90.0%", "100.0%", "差", "1.5亿元", "基本达标"]
    # no figure: no rank, listed last
    assert body[19] == ["-", "广安", "10", "-", "-", "-", "-", "-", "无数据"]
    assert lines[-1] == LINE


def test_parts_table_fits_80_columns(kjcx):
    result = kjcx("parts", "tech_contracts", "2021", "--data", PLAN, "-f", "plain",
                  env={"COLUMNS": "80"})
    assert result.exit_code == 0
    from kjcx.views.layout import display_width

    assert max(display_width(line) for line in result.stdout.splitlines() if not line.startswith("21")) <= 80
    assert "…" not in result.stdout and "基本达标" in result.stdout


def test_parts_csv_and_markdown(kjcx):
    result = kjcx("parts", "tech_contracts", "2021", "--data", PLAN, "-f", "csv")
    lines = result.stdout.lstrip("\ufeff").splitlines()
    header = lines[0].split(",")
    assert header[0] == "rank" and header[-2:] == ["part", "parts"]
    assert lines[1].startswith("1,tech_contracts/宜宾,") and lines[1].endswith(",宜宾,")
    assert lines[-1].startswith(",tech_contracts/阿坝,")  # no rank: empty cell
    md = kjcx("parts", "tech_contracts", "2021", "--data", PLAN, "-f", "markdown").stdout
    assert "| 序号 | 市（州） |" in md and md.rstrip().endswith(LINE)


def test_status_csv_lists_the_parts_by_name(kjcx):
    result = kjcx("status", "2021", "--data", PLAN, "-f", "csv")
    rows = result.stdout.lstrip("\ufeff").splitlines()
    assert rows[0].split(",")[-1] == "parts"
    assert rows[1].endswith(",成都;自贡;攀枝花;泸州;德阳;绵阳;广元;遂宁;内江;乐山;南充;眉山;宜宾;广安;"
                            "达州;雅安;巴中;资阳;阿坝;甘孜;凉山")


def test_as_of_uses_the_figures_known_then(kjcx):
    # on 2021-10-31 only 雅安's 2021-09-30 figure is known (year-end figures count from 12-31)
    doc = run_json(kjcx, "parts", "tech_contracts", "2021", "--as-of", "2021-10-31")
    assert doc["counts"]["met"] == 1 and doc["counts"]["no_data"] == 20
    assert doc["order"][0] == "雅安"
    assert doc["line"] == "21 个市（州）中，达标 1 个，无数据 20 个。"


def test_default_year_counts_part_figures(kjcx):
    # the latest year with any figure is 2022 (成都, 2022-03-31), though the whole has none
    assert run_json(kjcx, "parts", "tech_contracts")["year"] == 2022


def test_explain_a_part(kjcx):
    doc = run_json(kjcx, "explain", "tech_contracts/雅安", 2021)
    steps = {s["name"]: s for s in doc["steps"]}
    assert doc["id"] == "tech_contracts/雅安" and doc["row"]["part"] == "雅安"
    # 10 x 0.747945 = 7.479452
    assert steps["expected"]["result"] == 7.479452 and steps["status"]["result"] == "met"
    assert doc["conclusion"] == "技术合同登记成交额（雅安）：达标，完成年度目标的80.0%，超序时进度5.2个百分点。"


@pytest.mark.parametrize("args,message", [
    (["explain", "tech_contracts/雅按", "2021"], "是否应为 “tech_contracts/雅安”？"),
    (["parts", "tech_contract", "2021"], "是否应为 “tech_contracts”？"),
])
def test_a_mistyped_name_gets_a_suggestion(kjcx, args, message):
    result = kjcx(*args, "--data", PLAN)
    assert result.exit_code == 2 and message in result.stderr


def test_parts_of_an_indicator_without_parts_is_a_usage_error(kjcx):
    result = kjcx("parts", "high_tech_enterprises", "2021", "--data", PLANS / "v2_kinds")
    assert result.exit_code == 2
    assert "没有 “high_tech_enterprises” 这个指标" in result.stderr or "没有分解" in result.stderr


def test_the_brief_sentence():
    """To date (not year end): the 9 parts short of E (基本达标 4 + 滞后 3 + 严重滞后 2 = 9) are
    未达到序时进度, the 通报 word, not 未达到目标."""
    st = compute.year_status(plan_of("parts_21"), 2021)
    assert breakdown.brief_sentence(st.plan, st.indicators[0]) == (
        "技术合同登记成交额：21个市（州）中，达标10个，基本达标4个，滞后3个，严重滞后2个，无数据2个；"
        "泸州、资阳、乐山、遂宁、达州、凉山、广元、眉山、甘孜未达到序时进度；广安、阿坝未报送数据。")


def test_part_rate_is_exact():
    st = compute.year_status(plan_of("parts_21"), 2021)
    yaan = next(p for p in st.indicators[0].parts if p.part == "雅安")
    # 8 / (10 x 273/365) = 8 x 365 / 2730 = 2920 / 2730 = 1.0695970...
    assert abs(yaan.rate - Decimal(2920) / Decimal(2730)) < Decimal("1e-20")


# --- check ------------------------------------------------------------------------------

TARGETS = """\
plan: {name: 测试, start: 2021, end: 2022, departments: [{name: 市科技局}]}
indicators:
  - id: energy
    name: 能耗降低
    unit: "%"
    parts:
      - {name: 东区, lead: [市科技局], targets: {2021: 4}}
      - {name: 东区, lead: [区科技局], targets: {2021: 3}}
      - {name: 西/北, targets: {2025: 3}}
  - id: patents
    name: 专利
    unit: 件
revisions:
  - id: r1
    date: 2021-07-01
    targets:
      energy/南区: {2021: 3}
      energy/东区: {2021: 5}
"""


def test_check_places_every_part_problem(kjcx, tmp_path):
    (tmp_path / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    result = kjcx("check", "--data", tmp_path, "-f", "json")
    assert result.exit_code == 1
    errors = [(e["line"], e["column"], e["path"], e["message"]) for e in json.loads(result.stdout)["errors"]]
    assert errors == [
        (8, 16, "indicators[0].parts[1].name", "分解项名称 “东区” 重复（与 parts[0] 相同）；同一指标下各分解项的名称必须唯一"),
        (8, 27, "indicators[0].parts[1].lead[0]",
         "单位 “区科技局” 不在 plan.departments 中，是否应为 “市科技局”？（如是新单位请加入 plan.departments，如是别称请写入其 aliases）"),
        (9, 16, "indicators[0].parts[2].name",
         "分解项名称 “西/北” 含有 “/”：修订和报送表用 “编号/名称” 指明分解项，名称中不能有 “/”"),
        (9, 31, "indicators[0].parts[2].targets.2025", "年份 2025 不在计划期 2021-2022 内"),
        (10, 5, "indicators[1].targets", "缺少必填项 “targets”"),
        (17, 7, "revisions[0].targets.energy/南区", "指标 “energy” 没有名为 “南区” 的分解项（该指标的分解项：东区、西/北）"),
    ]


# --- forms --------------------------------------------------------------------------------

def test_a_part_with_a_lead_is_a_row_of_its_form_and_import_writes_into_the_part(kjcx, tmp_path):
    import openpyxl
    from test_forms import cell, copy_plan, export, fill, import_json

    data = copy_plan(PLAN, tmp_path)
    out = tmp_path / "forms"
    export(kjcx, data, out, as_of="2021-12-31")
    # every department that leads the whole or a part has a form; the others none
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{d}.xlsx" for d in ("省科技厅", "成都市科技局", "乐山市科技局", "雅安市科技局", "阿坝州科技局",
                              "甘孜州科技局"))
    ws = openpyxl.load_workbook(out / "雅安市科技局.xlsx")["指标"]
    assert cell(ws, "tech_contracts/雅安", "指标名称").value == "技术合同登记成交额（雅安）"
    assert cell(ws, "tech_contracts/雅安", "年度目标").value == 10
    # the revised target of 南充 has no lead: no form row; the whole's row is 省科技厅's
    ws = openpyxl.load_workbook(out / "省科技厅.xlsx")["指标"]
    assert cell(ws, "tech_contracts", "年度目标").value == 1000

    fill(out / "雅安市科技局.xlsx", indicators={"tech_contracts/雅安": {"本次实际值": 10.5}})
    fill(out / "阿坝州科技局.xlsx", indicators={"tech_contracts/阿坝": {"本次实际值": 2.8}})
    result, doc = import_json(kjcx, data, out, write=True)
    assert result.exit_code == 0, result.output
    assert sorted((c["id"], c["new"]["value"]) for c in doc["changes"]) == [
        ("tech_contracts/阿坝", 2.8), ("tech_contracts/雅安", 10.5)]
    old = (PLAN / "targets.yaml").read_text(encoding="utf-8").splitlines()
    new = (data / "targets.yaml").read_text(encoding="utf-8").splitlines()
    # only the two parts' lines change: 雅安's year-end figure joins its 2021-09-30 entry,
    # 阿坝 gains its first figure
    assert [(a, b) for a, b in zip(old, new) if a != b] == [
        ("          2021: [{value: 8, as_of: 2021-09-30, source: 雅安市科技局报送}]",
         "          2021: [{value: 8, as_of: 2021-09-30, source: 雅安市科技局报送}, {value: 10.5, as_of: 2021-12-31, "
         "source: 雅安市科技局报送（2021-12-31 报送表）}]"),  # the form it came from (kjcx history)
        ("      - {name: 阿坝, lead: [阿坝州科技局], targets: {2021: 3}}",
         "      - {name: 阿坝, lead: [阿坝州科技局], targets: {2021: 3}, actuals: {2021: {value: 2.8, as_of: 2021-12-31, "
         "source: 阿坝州科技局报送（2021-12-31 报送表）}}}"),
    ]
    parts = {p["part"]: p for p in json.loads(kjcx("status", "2021", "--data", data, "-f", "json").stdout)
             ["indicators"][0]["parts"]}
    # 10.5 / 10 = 1.05 met at year end; 阿坝 2.8 / 3 = 0.933333 near
    assert (parts["雅安"]["actual"], parts["雅安"]["as_of"], parts["雅安"]["rate"]) == (10.5, "2021-12-31", 1.05)
    assert (parts["阿坝"]["actual"], parts["阿坝"]["status"], parts["阿坝"]["rate"]) == (2.8, "near", 0.933333)


# --- the worked example in docs/parts.md -----------------------------------------------

def test_the_worked_example_in_the_docs_is_the_programs_output(kjcx):
    from conftest import ROOT

    doc = (ROOT / "docs" / "parts.md").read_text(encoding="utf-8")
    block = doc.split("<!-- parts:begin -->\n```text\n")[1].split("```\n<!-- parts:end -->")[0]
    example = ROOT / "docs" / "examples" / "fenjie"
    result = kjcx("parts", "high_tech_enterprises", "2023", "--data", example, "-f", "plain",
                  env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert result.stdout == block
    # 281 / 260 = 1.080769 first; 北山区 96 / 120 (revised) = 0.8 behind; 临江县 39 / 60 = 0.65 severe
    doc = json.loads(kjcx("parts", "high_tech_enterprises", "2023", "--data", example, "-f", "json").stdout)
    assert doc["order"] == ["东城区", "高新区", "西城区", "经开区", "南湖区", "北山区", "临江县", "青山县"]
    assert doc["line"] == "8 个区县（园区）中，达标 4 个，基本达标 1 个，滞后 1 个，严重滞后 1 个，无数据 1 个。"


# --- report and brief ---------------------------------------------------------------------

def test_brief_has_one_sentence_per_broken_down_indicator(kjcx):
    text = kjcx("brief", "2021", "--data", PLAN).stdout
    # the whole: 1100 / 1000 met -> 1 of 1 indicators; then the parts' sentence
    assert text == (
        "2021年全年，计划确定的1项指标中，完成年度目标1项、占比100.0%。"
        # a closed year: 10 met; 4 near + 3 behind + 2 severe = 9 short of the year's target
        "技术合同登记成交额：21个市（州）中，完成年度目标10个，未完成年度目标9个，无数据2个；"
        "泸州、资阳、乐山、遂宁、达州、凉山、广元、眉山、甘孜未完成年度目标；广安、阿坝未报送数据。"
        # 雅安 reported at 09-30 only (stale in a round closed at 12-31); 阿坝 not at all;
        # a part is named 指标（分解项）
        "本期未按期报送的单位：雅安市科技局（技术合同登记成交额（雅安））、阿坝州科技局（技术合同登记成交额（阿坝））。"
        # 甘孜 (lead 甘孜州科技局) fell short: 整改; the two that did not report: 补报
        "甘孜州科技局牵头事项未完成年度目标，请认真分析原因，抓紧整改。"
        "雅安市科技局、阿坝州科技局牵头事项未报送年度数据，请尽快补报。\n")


def test_report_has_the_parts_table(kjcx, tmp_path):
    md = kjcx("report", "2021", "--data", PLAN).stdout
    table = md.split("### 技术合同登记成交额（亿元）：各市（州）完成情况\n\n")[1].split("\n\n")[0].splitlines()
    assert table[0] == "| 序号 | 市（州） | 目标 | 实际 | 截至 | 完成率 | 序时进度 | 差距 | 状态 |"
    assert table[2] == "| 1 | 宜宾 | 30 | 34.5 | 年末 | 115.0% | 100.0% | 超额 4.5亿元 | ● 达标 |"
    assert table[6] == "| 5 | 南充 | 18（修订 r2021） | 19.35 | 年末 | 107.5% | 100.0% | 超额 1.35亿元 | ● 达标 |"
    assert table[-1] == "| - | 阿坝 | 3 | - | - | - | - | - | ○ 无数据 |" and len(table) == 23
    assert LINE in md
    # a red department's lagging part by name
    # a closed year: what the department leads did not complete its year's target (no 滞后 in prose)
    assert "- **甘孜州科技局**（滞后）：牵头的技术合同登记成交额（甘孜）未完成年度目标。" in md
    out = tmp_path / "通报.docx"
    assert kjcx("report", "2021", "--data", PLAN, "-o", out).exit_code == 0
    import docx

    d = docx.Document(str(out))
    assert any(p.text == LINE for p in d.paragraphs)
    assert [c.text for c in d.tables[1].rows[1].cells] == ["1", "宜宾", "30", "34.5", "年末", "115.0%",
                                                         "100.0%", "超额 4.5亿元", "● 达标"]


def test_a_part_judged_on_its_period_shows_that_target(kjcx, tmp_path):
    # 四川 has no yearly target, only 〔20〕 over 2006-2010: its row shows 〔20〕, and the
    # rates' gaps read 高于/低于目标 in points (a reduction above target is good)
    (tmp_path / "targets.yaml").write_text(
        "plan: {name: 分解测试, start: 2006, end: 2010}\n"
        "indicators:\n"
        "  - id: energy\n"
        "    name: 能耗降低\n"
        "    unit: '%'\n"
        "    kind: reduction\n"
        "    parts:\n"
        "      - {name: 北京, targets: {2007: 4.4}, actuals: {2007: 6.04}}\n"
        "      - {name: 四川, baseline: {year: 2005}, period: {cumulative: 20}, actuals: {2006: 2.84, 2007: 4.44}}\n",
        encoding="utf-8")
    lines = kjcx("parts", "energy", "2007", "--data", tmp_path, "-f", "plain").stdout.splitlines()
    beijing = next(line for line in lines if "北京" in line)
    sichuan = next(line for line in lines if "四川" in line)
    assert "高于目标 1.64 个百分点" in beijing  # 6.04 - 4.4
    # the report's parts table words the rate's gap the same way (one binder): not 超额
    report = kjcx("report", "2007", "--data", tmp_path).stdout
    assert "| 1 | 北京 | 4.4 | 6.04 | 年末 | - | - | 高于目标 1.64 个百分点 | ● 达标 |" in report
    # (1 - 0.0284)(1 - 0.0444) = 0.928453; ln 0.928453 / ln 0.8 = 33.3 %; time 2 / 5 = 40.0 %
    assert "〔20〕" in sichuan and "33.3%" in sichuan and "40.0%" in sichuan


def test_diff_lists_a_parts_new_figure(kjcx):
    # 雅安 reported 8 on 2021-09-30: between 06-30 and 09-30 that is the round's one new
    # part figure (the parts' year-end figures have no as_of: known from 12-31)
    doc = json.loads(kjcx("diff", "2021-06-30", "2021-09-30", "2021", "--data", PLAN, "-f", "json").stdout)
    yaan = [f for f in doc["figures"] if f["id"] == "tech_contracts/雅安"]
    assert yaan == [{"id": "tech_contracts/雅安", "name": "技术合同登记成交额（雅安）", "unit": "亿元",
                     "from": None, "to": {"value": 8, "as_of": "2021-09-30", "source": "雅安市科技局报送",
                                          "note": None}}]
