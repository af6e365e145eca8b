"""Tables for people fit the terminal (docs/tables.md): at 80, 100 and 130 columns no
line is wider than the terminal, every name, title, department and value of the data
is whole (wrapped names joined back), nothing is cut to "…", and the words are the
ones a 督查 meeting reads (完成率, 序时进度, 超/低于序时, 个百分点)."""

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from wcwidth import wcswidth, wcwidth

from kjcx.cli.app import cli
from kjcx.method import compute
from kjcx.views import layout, text
from kjcx.views import tables as render

from conftest import PLANS, plan_of

CLOSING = "，。、；：）”’》」』】！？,.;:!?)"
YEARS = (2020, 2021, 2022)
WIDTHS = (80, 100, 130)
COMMANDS = ("status", "indicators", "tasks", "departments")


def run(*args, columns=None):
    env = {"COLUMNS": str(columns) if columns else None, "KJCX_DATA": None, "NO_COLOR": None}
    result = CliRunner().invoke(cli, [str(a) for a in args], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


# --- reading a table back ---------------------------------------------------------

def _cells(line, spans):
    """The text of each column of `line`, by display position."""
    out = [""] * len(spans)
    pos = 0
    for ch in line:
        for k, (start, end) in enumerate(spans):
            if start <= pos < end:
                out[k] += ch
                break
        pos += wcwidth(ch)
    return [c.strip() for c in out]


ANCHORS = ("编号", "任务数", "结论", "状态")  # never wrapped, never dropped, set on a row's first line


def tables(out, anchors=ANCHORS):
    """Every table of a plain/table output: (title, headers, rows, cell lines), a row
    being {header: the cell's lines joined}; a row starts where an anchor column
    (one that never wraps) has text."""
    lines = out.splitlines()
    found = []
    for i in range(2, len(lines)):
        rule = lines[i]
        if not rule or set(rule) - {"-", " "}:
            continue
        spans = [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]
        spans = [(s, spans[k + 1][0] if k + 1 < len(spans) else 10**6)
                 for k, (s, _) in enumerate(spans)]
        headers = _cells(lines[i - 1], spans)
        anchor = next((headers.index(a) for a in anchors if a in headers), 0)
        rows, parts = [], []
        for line in lines[i + 1:]:
            if not line.strip():
                break
            cells = _cells(line, spans)
            if cells[anchor]:
                rows.append([[] for _ in headers])
            assert rows, f"a continuation line before any row: {line!r}"
            for k, cell in enumerate(cells):
                if cell:
                    rows[-1][k].append(cell)
                    parts.append(cell)
        joined = [{h: "".join(row[k]) for k, h in enumerate(headers)} for row in rows]
        found.append((lines[i - 2], headers, joined, parts))
    return found


def table(out, title, anchors=ANCHORS):
    return next(t for t in tables(out, anchors) if title in t[0])


def nospace(text):
    return text.replace(" ", "")


def pct(value):
    if value is None:
        return "-"
    shown = (Decimal(str(value)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{shown}%"


def num(value):
    if value is None:
        return "-"
    text = f"{Decimal(str(value)):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- every command, year, format and width -------------------------------------------

def _assert_fits(out, width):
    assert "…" not in out
    for line in out.splitlines():
        assert wcswidth(line) >= 0, f"control character in {line!r}"
        assert wcswidth(line) <= width, f"{wcswidth(line)} > {width}: {line!r}"
        assert not line.lstrip(" ")[:1] or line.lstrip(" ")[0] not in CLOSING, line


def _assert_indicators_whole(out, rows, with_year=False):
    _, headers, got, parts = table(out, "指标完成情况")
    assert all(p[0] not in CLOSING for p in parts)
    for r in rows:
        ind = r.indicator
        names = (nospace(ind.name), nospace(f"{ind.name}（{ind.unit}）"))
        match = [g for g in got if nospace(g["指标" if "指标" in g else "指标（单位）"]) in names
                 and (not with_year or g["年份"] == str(r.year))]
        assert len(match) == 1, (ind.name, r.year)
        row = match[0]
        assert row["实际"] == num(r.actual)
        assert row["完成率"] == pct(r.completion)
        assert nospace(row["年度目标"]).startswith(num(r.target))
        label = render.STATUS_LABEL[r.status]
        assert row["状态"] == label + ("（约束性）" if ind.binding else "")
        if "序时进度" in headers:
            assert row["序时进度"] == pct(r.schedule)


def _assert_departments_whole(out, rows):
    _, _, got, _ = table(out, "责任单位")
    assert [g["单位"] for g in got] == [d.name for d in rows]
    assert [g["结论"] for g in got] == [render.LEVEL_LABEL[d.level] for d in rows]


def _assert_tasks_whole(out, rows):
    _, _, got, parts = table(out, "重点任务")
    assert all(p[0] not in CLOSING for p in parts)
    assert [g["编号"] for g in got] == [str(r.task.id) for r in rows]
    for g, r in zip(got, rows):
        assert nospace(g["任务"]) == nospace(r.task.title)
        assert g["牵头单位"] == "、".join(r.task.lead)
        assert g["参与单位"] == ("、".join(r.task.participants) or "-")
        assert g["是否滞后"] == ("滞后" if r.lagging else "否")


def _assert_sections_whole(out, st_):
    _, _, got, _ = table(out, "按章节")
    for g, (i, sec) in zip(got, enumerate(st_.sections)):
        assert nospace(g["章节"]) == nospace(render.section_title(i, sec.title))
        assert g["任务数"] == str(sec.tasks)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("fmt", ("table", "plain"))
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_table_fits_and_keeps_every_name_whole(command, year, fmt, width):
    out = run(command, year, "-f", fmt, columns=width)
    _assert_fits(out, width)
    st_ = compute.year_status(plan_of("seed"), year)
    if command in ("status", "indicators"):
        _assert_indicators_whole(out, st_.indicators)
    if command in ("status", "departments"):
        _assert_departments_whole(out, st_.departments)
    if command == "status":
        _assert_sections_whole(out, st_)
        for name in st_.summary.lagging_departments:  # the closing line, wrapped, names whole
            assert name in nospace(out.split("项指标：")[-1].replace("\n", ""))
    if command == "tasks":
        _assert_tasks_whole(out, st_.tasks)


@pytest.mark.parametrize("width", WIDTHS)
def test_indicators_of_every_year_fit(width):
    out = run("indicators", columns=width)
    _assert_fits(out, width)
    plan = plan_of("seed")
    rows = [r for y in YEARS for r in compute.indicator_rows(plan, y)]
    _assert_indicators_whole(out, rows, with_year=True)


def test_piped_without_columns_is_160_wide():
    out = run("status", "2021")
    _assert_fits(out, 160)
    assert max(wcswidth(line) for line in out.splitlines()) > 130
    _, headers, _, _ = table(out, "指标完成情况")
    assert len(headers) == 12  # everything fits: nothing dropped


# --- which columns go, in which order --------------------------------------------------

def test_indicator_columns_drop_in_the_documented_order():
    def headers(year, width, *extra):
        return table(run("status", year, *extra, columns=width), "指标完成情况")[1]

    everything = ["指标", "单位", "年度目标", "实际", "截至", "序时应达", "完成率", "序时进度",
                  "超/低于序时", "差距", "状态", "期末展望"]
    assert headers(2022, 160) == everything
    assert headers(2022, 80, "--wide") == everything
    # mid-year: 期末展望 (all "-") and the uniform 截至 (moved to the title) go first,
    # then 序时应达, 单位 (joins 指标), 差距
    assert headers(2022, 130) == ["指标", "单位", "年度目标", "实际", "序时应达", "完成率", "序时进度",
                                  "超/低于序时", "差距", "状态"]
    assert headers(2022, 100) == ["指标", "单位", "年度目标", "实际", "完成率", "序时进度",
                                  "超/低于序时", "差距", "状态"]
    assert headers(2022, 80) == ["指标（单位）", "年度目标", "实际", "完成率", "序时进度",
                                 "超/低于序时", "状态"]
    # year end: 序时进度 is 100% everywhere and goes with 截至 first
    assert headers(2021, 100) == ["指标", "单位", "年度目标", "实际", "完成率", "超/低于序时",
                                  "差距", "状态", "期末展望"]
    assert headers(2021, 80) == ["指标（单位）", "年度目标", "实际", "完成率", "超/低于序时",
                                 "状态", "期末展望"]
    # never dropped, however narrow, while it is a table
    assert headers(2021, 50) == ["指标（单位）", "年度目标", "实际", "完成率", "状态"]


def test_a_dropped_column_that_is_the_same_everywhere_moves_to_the_title():
    assert "【指标完成情况（截至 06-30）】" in run("status", "2022", columns=80)
    assert "【指标完成情况（年末数）】" in run("status", "2021", columns=80)
    assert "【重点任务（截至 06-30）】" in run("tasks", "2022", columns=80)
    assert "【指标完成情况】" in run("status", "2022", columns=160)
    assert "【重点任务（区人社局，截至 06-30）】" in run("tasks", "2022", "--dept", "区人社局", columns=80)


def test_tasks_and_departments_keep_their_evidence_at_80():
    _, headers, _, _ = table(run("tasks", "2022", columns=80), "重点任务")
    assert headers == ["编号", "任务", "牵头单位", "参与单位", "状态", "进度", "是否滞后"]
    _, headers, _, _ = table(run("departments", "2022", columns=80), "责任单位")
    assert headers == ["单位", "结论", "牵头事项", "牵头滞后", "未报送", "参与滞后", "最差事项"]


def test_very_narrow_terminals_stack_the_rows():
    out = run("status", "2022", columns=20)
    assert "…" not in out
    lines = out.splitlines()
    # no empty rows: no blank-but-spaces lines, never two blank lines running
    assert all(line == line.rstrip() for line in lines) and "\n\n\n" not in out
    assert "指标：全区技术合同" in out
    block = out[out.index("指标：全区技术合同"):]
    block = block[:block.index("指标：", 5)]
    assert "  完成率：42.6%" in block and "  状态：滞后" in block
    # nothing is lost: every name is there, joined
    flat = nospace(out.replace("\n", ""))
    for ind in plan_of("seed").indicators:
        assert nospace(ind.name) in flat
    for line in lines:
        assert wcswidth(line) <= 20 or " " not in line.strip(), line  # only unbreakable words overflow


# --- words people read (cells pinned by hand) -----------------------------------------------

def _row(out, title, name, key="指标"):
    _, _, got, _ = table(out, title)
    return next(g for g in got if nospace(g.get(key, g.get("指标（单位）", ""))).startswith(nospace(name)))


def test_tech_contract_turnover_2022_reads_like_a_bulletin():
    # A = 21.3, T = 50 on 06-30: completion 21.3 / 50 = 42.6%; flow: schedule = elapsed
    # = 181 / 365 = 49.6%; ahead (0.426 - 0.49589) x 100 = -7.0 points; gap 50 - 21.3 = 28.7;
    # E = 50 x 0.49589 = 24.79 -> 24.8 at the indicator's precision (one decimal: 21.3, 46.8)
    row = _row(run("status", "2022", "--wide"), "指标完成情况", "全区技术合同成交额")
    assert row == {"指标": "全区技术合同成交额", "单位": "亿元", "年度目标": "50", "实际": "21.3",
                   "截至": "06-30", "序时应达": "24.8", "完成率": "42.6%", "序时进度": "49.6%",
                   "超/低于序时": "低于序时 7.0 个百分点", "差距": "差 28.7亿元", "状态": "滞后",
                   "期末展望": "-"}
    narrow = _row(run("status", "2022", columns=80), "指标完成情况", "全区技术合同成交额")
    assert narrow["指标（单位）"] == "全区技术合同成交额（亿元）"
    assert narrow["超/低于序时"] == "低于序时7.0 个百分点"  # wrapped after 低于序时, joined back


def test_percent_indicator_gap_is_in_points():
    # 研发支出 2021: T 2.58, A 2.56 -> 差 0.02 个百分点, never "0.02%"
    out = run("status", "2021", "--wide")
    row = _row(out, "指标完成情况", "研发支出与地区生产总值比值")
    assert row["差距"] == "差 0.02 个百分点"
    # a % indicator's 超/低于序时 is A - E in its own points, so that the row shows one kind
    # of 个百分点 only: 2.56 - 2.58 = -0.02 (v2: completion - schedule, 0.992248 - 1 = -0.8)
    assert row["超/低于序时"] == "低于序时应达 0.02 个百分点"
    assert "0.02%" not in out


def test_lower_is_better_gaps_read_as_above_or_below_the_target():
    out = run("indicators", "--data", PLANS / "lower", "--wide")
    _, _, got, _ = table(out, "指标完成情况")
    energy = {g["年份"]: g for g in got if g["指标"] == "单位GDP能耗"}
    # 2021: T 0.48 (interpolated 0.50 -> 0.46), A 0.49: above the ceiling by 0.01
    assert nospace(energy["2021"]["差距"]) == "高于目标0.01吨标煤/万元"  # wraps: see 2022
    assert energy["2021"]["年度目标"] == "0.48（插值）"
    assert energy["2021"]["完成率"] == "98.0%"  # lower: T / A = 0.48 / 0.49
    assert energy["2021"]["序时进度"] == "-"  # no schedule for a lower indicator
    # 0.47 against 0.46 (the row's figure is stale, 试点项目 reports at year end: its longer
    # 实际 cell wraps the row at 160 columns, hence nospace)
    assert nospace(energy["2022"]["差距"]) == "高于目标0.01吨标煤/万元"
    days = {g["年份"]: g for g in got if g["指标"] == "重污染天数"}
    assert days["2021"]["差距"] == "高于目标 9天"  # 104 days against at most 95


def test_names_are_exactly_as_in_the_data_in_every_format():
    for fmt in ("plain", "table", "markdown"):
        out = run("status", "2021", "-f", fmt)
        assert "“雏鹰”企业数量" in out and "“瞪羚”企业数量" in out
        assert '"雏鹰"' not in out


def test_departments_say_level_and_worst_item_by_name():
    out = run("status", "2022", columns=80)
    _, _, got, _ = table(out, "责任单位（按滞后程度排序）")
    assert got[0] == {"单位": "区科技局", "结论": "滞后", "牵头事项": "27", "牵头滞后": "5",
                      "未报送": "1", "参与滞后": "2", "最差事项": "新建市级重点实验室"}
    assert got[1]["最差事项"] == "任务 19"
    assert [g["结论"] for g in got].count("关注") == 6
    assert "排名" not in out and "得分" not in out


def test_departments_command_names_the_worst_item():
    _, _, got, _ = table(run("departments", "2022", columns=80), "责任单位")
    assert got[0]["最差事项"] == "新建市级重点实验室"


def test_notes_block_and_closing_line():
    out = run("status", "2022", columns=80)
    notes = out[out.index("【说明】"):]
    assert "  全区技术合同成交额（滞后）备注：1-6月累计\n" in notes  # the figure's note, labelled as one
    assert "  任务 15 加强知识产权创造保护运用（滞后）：年度工作方案待审定\n" in notes
    assert "  数据来源：示例数据\n" in notes
    closing = notes[notes.index("14 项指标："):]
    assert nospace(closing.replace("\n", "")) == nospace(
        "14 项指标：达标 5，基本达标 2，滞后 2，严重滞后 2，无数据 3，无目标 0。"
        "20 项任务：滞后 3，未报送 2，已完成 0。"
        "14 个责任单位：滞后 3 个（区科技局、区人社局、区市场监管局），关注 6 个，正常 5 个。")
    for line in closing.splitlines():
        assert line[0] not in CLOSING
        assert not re.search(r"\d$", line), line  # never `9` | `个`


def test_tasks_notes_list_every_progress_note():
    out = run("tasks", "2021")
    assert "【说明】" in out
    assert "任务 2 拓展新型合作伙伴关系（滞后）：科研院所来津项目落地推迟" in out


def test_section_titles_are_not_numbered_twice(tmp_path):
    (tmp_path / "targets.yaml").write_text(
        "plan: {name: 编号测试, start: 2021, end: 2021}\n"
        "indicators:\n  - {id: a, name: 甲, unit: 家, targets: {2021: 1}, actuals: {2021: 1}}\n",
        encoding="utf-8")
    (tmp_path / "tasks.yaml").write_text(
        "sections:\n  - {id: 1, title: 二、优化数字营商环境}\n  - {id: 2, title: 强化人才支撑}\n"
        "tasks:\n  - {id: 1, section: 1, title: 任务甲, lead: [甲局]}\n"
        "  - {id: 2, section: 2, title: 任务乙, lead: [甲局]}\n", encoding="utf-8")
    out = run("status", "2021", "--data", tmp_path)
    assert "二、优化数字营商环境" in out and "二、二、" not in out
    assert "二、强化人才支撑" in out


REVISED = """\
plan: {name: 修订测试计划, start: 2021, end: 2022}
indicators:
  - id: firms
    name: 高新技术企业数量
    unit: 家
    baseline: {year: 2020, value: 100}
    targets: {2021: 110, 2022: 128}
    actuals: {2021: 112, 2022: {value: 120, as_of: 2022-09-30, note: 三季度}}
    lead: [甲局]
  - id: energy
    name: 能耗强度下降率
    unit: "%"
    binding: true
    targets: {2021: 3, 2022: 3}
    actuals: {2021: 2.9}
    lead: [乙局]
revisions:
  - id: r2022
    date: 2022-07-22
    document: 测试〔2022〕10号
    targets:
      firms: {2022: 135}
"""


def test_revised_target_and_binding_mark(tmp_path):
    (tmp_path / "targets.yaml").write_text(REVISED, encoding="utf-8")
    out = run("status", "2022", "--data", tmp_path, "--wide")
    row = _row(out, "指标完成情况", "高新技术企业数量")
    assert row["年度目标"] == "135（修订 r2022）"
    assert "高新技术企业数量：2022 年目标按修订 r2022 由 128 调整为 135" in out
    narrow = run("status", "2022", "--data", tmp_path, columns=80)
    _assert_fits(narrow, 80)
    assert nospace(_row(narrow, "指标完成情况", "高新技术企业数量")["年度目标"]) == "135（修订r2022）"
    # binding: a near miss is 滞后, marked 约束性
    binding = _row(run("status", "2021", "--data", tmp_path, "--wide"), "指标完成情况", "能耗强度下降率")
    assert binding["状态"] == "滞后（约束性）"
    assert binding["差距"] == "差 0.1 个百分点"


# --- the layout itself -----------------------------------------------------------------------

def test_control_characters_never_reach_the_terminal():
    table_ = render.Table("标题\x1b[2J", ["名称", "值"], [["甲\x1b[31m乙\x07", "1\x9b"]], align="lr")
    report = render.Report("计划\x00名", [table_], headline="共\r\n1 项", notes=["说明\x1b]0;x\x07"])
    for width in (20, 80):
        out = text.plain_text(report, width=width)
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out)
        assert "甲\\x1b[31m乙" in out and "\\x07" in out  # visible escapes, not controls


@pytest.mark.parametrize("text,width,lines", [
    ("14 项指标：达标 5，基本达标 2。", 12, ["14 项指标：", "达标 5，", "基本达标 2。"]),
    ("滞后单位 9 个：区科技局", 10, ["滞后单位", "9 个：区科", "技局"]),
    ("科技领军（领军培育）企业数量", 8, ["科技领军", "（领军培", "育）企业", "数量"]),
])
def test_line_breaks_respect_chinese_punctuation_and_numbers(text, width, lines):
    pieces = layout.clauses(text) if "。" in text else [(text, "t")]
    assert layout.wrap(pieces, width) == lines


def test_legacy_tables_of_plain_text_still_work():
    table_ = render.Table("说明", ["项目", "结果", "算法与代入"],
                          [["完成率", "42.6%", "A ÷ T；21.3 ÷ 50 = 0.426，完成年度目标的 42.6%"]],
                          align="lll")
    out = text.plain_text(render.Report("计划", [table_]), width=40)
    _assert_fits(out, 40)
    _, _, got, _ = table(out, "说明", anchors=("结果",))
    assert nospace(got[0]["算法与代入"]) == nospace("A ÷ T；21.3 ÷ 50 = 0.426，完成年度目标的 42.6%")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="中文字（）“”，。、；：ab1 9.%", max_size=30), st.integers(1, 20))
def test_wrapping_keeps_every_character_in_order(text, width):
    lines = layout.wrap([(text, "t")], width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines[1:]:
        assert not line or line[0] not in CLOSING
    for line in lines[:-1]:
        assert not line or line[-1] not in "（“" or len(line) == 1
    for line in lines:
        # only a token that cannot be broken (e.g. `1 ”` at width 1) may stick out
        assert layout.display_width(line) <= width or len(layout.tokens([(line, "t")])) == 1


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cn", "Cs")), max_size=20))
def test_display_width_agrees_with_wcwidth(text):
    text = layout.clean(text)
    expected = wcswidth(text)
    if expected >= 0:  # wcwidth says -1 for what clean() leaves alone (e.g. unassigned)
        assert layout.display_width(text) == expected


# --- the summary line: never broken inside a bracket or a name -----------------------

@pytest.mark.parametrize("width", (80, 40))
def test_summary_line_breaks_before_the_bracket_not_inside_it(width):
    out = run("status", 2022, "-f", "plain", columns=width)
    summary = out.rstrip("\n").split("\n\n")[-1].splitlines()
    # 2022 of the seed: three lagging departments; the bracket with their names
    # (（区科技局、区人社局、区市场监管局）, 36 columns) fits both widths, so it is one line's
    bracket = "（区科技局、区人社局、区市场监管局）"
    assert any(bracket in line for line in summary), summary
    assert all(line.count("（") == line.count("）") for line in summary), summary
    _assert_fits(out, width)


def test_a_bracket_wider_than_the_line_breaks_between_names():
    text = "14 个责任单位：滞后 4 个（区科技局、区人社局、区市场监管局、区政务服务办），关注 6 个。"
    lines = layout.wrap_text(text, 20)
    # the bracket is 38 columns, wider than 20: it starts a line and breaks after each
    # whole name (after 、), never inside one
    assert lines == ["14 个责任单位：", "滞后 4 个", "（区科技局、", "区人社局、", "区市场监管局、",
                     "区政务服务办），", "关注 6 个。"]
    assert "".join(lines) == text


def test_one_rows_schedule_is_not_said_in_the_title(kjcx, tmp_path):
    """One level indicator's 序时进度 (here 101.0%) folded into the title would read as
    the share of the year gone; it stays a column (or is dropped), the date is said."""
    (tmp_path / "targets.yaml").write_text(
        "plan: {name: 测试计划, start: 2024, end: 2025}\n"
        "indicators:\n"
        "  - {id: a, name: 甲, unit: 家, baseline: {year: 2023, value: 100}, targets: {2024: 102},\n"
        "     actuals: {2024: [{value: 101, as_of: 2024-06-30}]}}\n"
        "  - {id: b, name: 乙, unit: 家, targets: {2024: 5}}\n"
        "  - {id: c, name: 丙, unit: 家, kind: flow, targets: {2024: 10}}\n",
        encoding="utf-8")
    out = kjcx("status", "2024", "--data", tmp_path, "-f", "plain", env={"COLUMNS": "60"}).stdout
    title = next(line for line in out.splitlines() if line.startswith("【指标完成情况"))
    # 甲 alone has a figure: E = 100 + 2 x 182/366 = 100.994536, schedule E/T = 99.0%;
    # a single row's schedule is not the table's: only its date goes to the title
    assert title == "【指标完成情况（截至 06-30）】"
    assert "99.0%" in out


def test_csv_of_a_revised_baseline_has_the_same_columns_in_every_row(kjcx):
    # round_history: rd_intensity's baseline revised by `census` (2 -> 1.95), patents not;
    # a nested object of one row is flattened for every row (it crashed: a field not in
    # the first row's names)
    import csv
    import io

    from conftest import PLANS

    result = kjcx("--data", PLANS / "round_history", "status", "2022", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert [(r["id"], r["baseline_revision_id"], r["baseline_revision_old"], r["baseline_revision_new"])
            for r in rows] == [("rd_intensity", "census", "2", "1.95"), ("patents", "", "", "")]
