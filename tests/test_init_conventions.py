"""The draft of `kjcx init --from` on each convention real plans use, one short invented
document (示例, under tests/drafts/) per convention, with the expected draft written out."""

import pytest

import kjcx

from conftest import TESTS

DRAFTS = TESTS / "drafts"


def owners(draft):
    """task id -> (title, lead, participants)."""
    return {t.id: (t.title, t.lead, t.participants) for t in draft.tasks}


def passes_check(draft, directory) -> bool:
    """Written as the two files, the draft has no error (its reviews are warnings)."""
    kjcx.write_draft(draft, directory)
    return all(p.severity == "warning" for p in kjcx.check_plan(directory))


def reviews(draft):
    return [(r.where, r.message) for r in draft.reviews]


def targets(draft):
    """name -> (unit, kind, direction, {year: (value, stretch)}, period)."""
    return {i.name: (i.unit, i.kind, i.direction, {t.year: (t.value, t.stretch) for t in i.targets}, i.period)
            for i in draft.indicators}


def test_owner_clauses_in_their_usual_forms():
    draft = kjcx.draft_plan(DRAFTS / "owners.txt")
    assert (draft.header.name, draft.header.document, draft.header.start, draft.header.end) == (
        "示例县促进科技成果转化实施方案（2023—2025年）", "示例政办发〔2023〕7号", 2023, 2025)
    assert [s.title for s in draft.sections] == ["建设创新平台", "优化创新生态"]
    assert owners(draft) == {
        # （牵头单位：A；责任单位：B、C）: the 责任单位 beside a lead are participants
        1: ("建设中试基地", ["县科技局"], ["县发改委", "县财政局"]),
        # （A牵头，B、C配合）
        2: ("培育科技型企业", ["县科技局"], ["县市场监管局", "各乡镇人民政府"]),
        # several leads: （A、B牵头负责，C配合）
        3: ("推进成果转化", ["县科技局", "县工信局"], ["县财政局"]),
        # labelled lines under the item; 责任领导 is a person, ignored
        4: ("加强人才引进", ["县人社局"], ["县科技局", "县教育局"]),
        # 县行政审批局县司法局 run together, split against task 7's units
        5: ("完善金融服务", ["县金融办"], ["县行政审批局", "县司法局"]),
        # “相关部门等”: the placeholder kept, the open list said
        6: ("营造创新氛围", ["县科协"], ["县教育局", "相关部门"]),
        # an ASCII-punctuation copy (牵头单位:县人社局,参与单位:…) reads the same
        7: ("深化改革", ["县人社局"], ["县行政审批局", "县司法局"]),
        # 【牵头单位】A【责任单位】B at the end, without parentheses
        8: ("建设科普场馆", ["县科协"], ["县财政局"]),
        # "…。责任单位：A、B" ends the item: no lead named, both lead (and said)
        9: ("推动数字乡村", ["县农业农村局", "县工信局"], []),
    }
    assert reviews(draft) == [
        ("第13行", "任务 2：“各乡镇人民政府”不是一个具体单位（原文如此）：请改为具体单位，或保留"),
        ("第24行", "任务 5：“县行政审批局县司法局”连写，按文中出现过的单位拆开为 县行政审批局、县司法局"),
        ("第26行", "任务 6：“相关部门”不是一个具体单位（原文如此）：请改为具体单位，或保留"),
        ("第26行", "任务 6：单位名单以“等”结尾，可能未列全"),
        ("第32行", "任务 9：只写了责任单位、没有写明牵头单位：全部记为牵头单位"
                   "（如文件约定“列第一位者为牵头单位”，用 --lead-rule first）"),
    ]
    # 14 units named, 县行政审批局县司法局 not among them
    assert [u.name for u in draft.units] == [
        "县科技局", "县发改委", "县财政局", "县市场监管局", "各乡镇人民政府", "县工信局", "县人社局",
        "县教育局", "县金融办", "县行政审批局", "县司法局", "县科协", "相关部门", "县农业农村局"]


def test_the_first_listed_is_the_lead_when_the_document_says_so():
    draft = kjcx.draft_plan(DRAFTS / "lead_rule.txt")
    assert draft.lead_rule == "first"
    # the rule in the heading's parenthesis is not part of the section's title
    assert [s.title for s in draft.sections] == ["主要任务"]
    assert owners(draft) == {
        1: ("建设算力中心", ["市发改委"], ["市工信局", "市大数据局"]),
        2: ("发展数据要素市场", ["市大数据局"], []),
        # the local exception “A、B牵头负责” beats the rule
        3: ("推进数字政府建设", ["市政务服务办", "市大数据局"], ["各区县政府"]),
        # no unit elsewhere to split against: split where a unit's name ends, and said
        4: ("强化网络安全", ["市委网信办"], ["市公安局", "市通信管理局"]),
    }
    assert reviews(draft)[-1] == (
        "第13行", "任务 4：“市委网信办市公安局”连写，按单位名称的结尾拆开为 市委网信办、市公安局")


def test_without_the_rule_every_responsible_unit_leads_and_is_reviewed():
    draft = kjcx.draft_plan(DRAFTS / "no_rule.txt")
    assert owners(draft) == {1: ("推进科技计划改革", ["区科技局", "区财政局"], [])}
    assert reviews(draft) == [("第7行", "任务 1：只写了责任单位、没有写明牵头单位：全部记为牵头单位"
                                        "（如文件约定“列第一位者为牵头单位”，用 --lead-rule first）")]
    # --lead-rule first: the first leads, the rest participate, nothing to review
    ruled = kjcx.draft_plan(DRAFTS / "no_rule.txt", lead_rule="first")
    assert owners(ruled) == {1: ("推进科技计划改革", ["区科技局"], ["区财政局"])}
    assert reviews(ruled) == []


def test_a_division_of_work_table():
    draft = kjcx.draft_plan(DRAFTS / "table.md")
    # a row with one text across is a section; a row with only a unit continues the task above
    assert [(s.id, s.title) for s in draft.sections] == [(1, "提升政务服务水平"), (2, "优化市场环境")]
    assert {t.id: t.section for t in draft.tasks} == {1: 1, 2: 1, 3: 2}
    assert owners(draft) == {
        1: ("推行“一网通办”", ["区政务服务办"], ["区大数据中心", "各街道"]),
        2: ("压减审批时限", ["区行政审批局", "区市场监管局"], ["区司法局"]),
        3: ("开展信用监管", ["区发改委", "区市场监管局"], ["区级相关部门"]),
    }
    assert [t.owners_where for t in draft.tasks] == ["第10行", "第11行", "第14行"]
    # the 完成时限 column: 2024年底 and 2025年 are year ends; 长期 is no deadline (kept as a comment)
    assert [(t.deadline, t.deadline_text) for t in draft.tasks] == [
        ("2024-12-31", "2024年底"), ("2025-12-31", "2025年"), ("", "长期")]


def test_a_division_of_work_table_in_word_with_units_on_lines_of_a_cell(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("示例区优化营商环境行动方案（2024—2026年）")
    document.add_paragraph("（示例数据：为测试编写，不是真实文件）")
    rows = [["序号", "任务", "牵头单位", "责任单位", "完成时限"],
            ["1", "推行“一网通办”", "区政务服务办\n区大数据中心", "各街道", "2024年底"]]
    table = document.add_table(rows=2, cols=5)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(tmp_path / "分工.docx")
    draft = kjcx.draft_plan(tmp_path / "分工.docx")
    assert owners(draft) == {1: ("推行“一网通办”", ["区政务服务办", "区大数据中心"], ["各街道"])}
    assert draft.tasks[0].owners_where == "表1 第2行"
    assert passes_check(draft, tmp_path / "d")


def test_targets_from_the_table_and_the_prose():
    draft = kjcx.draft_plan(DRAFTS / "targets.txt")
    assert targets(draft) == {
        # table row 1; the prose's 确保2.5%、力争2.8% adds the stretch to the 2025 cell
        "全社会研发投入强度": ("%", "level", "higher",
                               {2021: ("2.1", None), 2023: ("2.3", None), 2025: ("2.5", "2.8")}, None),
        # ≥1500 in the table, "1500家以上" in the prose: one target
        "高新技术企业数量": ("家", "level", "higher",
                             {2021: ("1000", None), 2023: ("1200", None), 2025: ("1500", None)}, None),
        # the unit from the parenthesis when the 单位 column is empty; — is no target
        "技术合同成交额": ("亿元", "level", "higher", {2021: ("100", None), 2025: ("200", None)}, None),
        # 〔13.5〕 on a 降低 indicator: a cumulative reduction over the period
        "单位生产总值能耗降低": ("%", "reduction", "higher", {}, ("cumulative", "13.5")),
        # 左右: the value, and a review (the tolerance is the office's to set)
        "科技型中小企业数量": ("家", "level", "higher", {2025: ("3000", None)}, None),
        # 年均增长10%: a growth rate with an average over the period
        "规上工业企业研发费用增长": ("%", "growth", "higher", {}, ("average", "10")),
        "新增国家级孵化器": ("家", "level", "higher", {2025: ("3", None)}, None),
        "每万人口高价值发明专利拥有量": ("件", "level", "higher", {2025: ("12", None)}, None),
        # 控制在…以内: a ceiling
        "万元生产总值用水量": ("立方米", "level", "lower", {2025: ("20", None)}, None),
    }
    # 15万元奖励, 50%补贴, 最高500万元, 专项资金5000万元, the telephone number and 〔2021〕12号
    # of 三、保障措施 are not targets: no indicator has them
    assert [i.binding for i in draft.indicators[:4]] == [False, True, False, True]
    assert reviews(draft) == [("第8行", "指标“科技型中小企业数量” 2025 年目标：原文为“左右”：如允许偏差，"
                                        "请加 tolerance（允许的差值）")]
    # the 文号 named in the body (依据示例政发〔2021〕12号) is not the plan's own
    assert draft.header.document == ""


def test_units_split_against_a_departments_file(tmp_path):
    source = tmp_path / "示例.txt"
    source.write_text("示例市科技工作要点（2024-2025年）\n\n一、重点任务\n\n"
                      "1.推进审批改革。（牵头单位：市行政审批局市司法局）\n", encoding="utf-8")
    known = tmp_path / "单位.txt"
    known.write_text("市行政审批局\n市司法局\n", encoding="utf-8")
    from kjcx.draft.build import read_departments

    draft = kjcx.draft_plan(source, departments=read_departments(known))
    assert owners(draft) == {1: ("推进审批改革", ["市行政审批局", "市司法局"], [])}
    assert reviews(draft) == [("第5行", "任务 1：“市行政审批局市司法局”连写，按文中出现过的单位拆开为 "
                                        "市行政审批局、市司法局")]
    assert passes_check(draft, tmp_path / "d")


def test_the_long_form_of_a_unit_is_an_alias(tmp_path):
    source = tmp_path / "示例.txt"
    source.write_text("示例区科技工作要点（2024-2025年）\n\n一、重点任务\n\n"
                      "1.建设平台。（牵头单位：区科技局，参与单位：区财政局）\n\n"
                      "2.培育企业。（牵头单位：示例区科技局）\n", encoding="utf-8")
    draft = kjcx.draft_plan(source)
    # 示例区科技局 is the same unit as 区科技局: tasks use the short form, the long one is an alias
    assert owners(draft)[2] == ("培育企业", ["区科技局"], [])
    assert [(u.name, u.aliases) for u in draft.units] == [
        ("区科技局", ["示例区科技局"]), ("区财政局", ["示例区财政局"])]
    assert passes_check(draft, tmp_path / "d")


@pytest.mark.parametrize("name", ["owners.txt", "lead_rule.txt", "no_rule.txt", "table.md", "targets.txt",
                                  "mixed.txt", "headings.txt", "prose_forms.txt"])
def test_every_draft_passes_check_with_its_reviews_as_warnings(kjcx, tmp_path, name):
    done = kjcx("init", tmp_path / "d", "--from", DRAFTS / name)
    assert done.exit_code == 0, done.output
    draft = kjcx_draft(DRAFTS / name)
    listed = [line.split(None, 1) for line in done.output.splitlines() if line.startswith("  第")]
    # the review list: each uncertain item with its line, in the draft's order
    assert [(where, message.strip()) for where, message in listed] == [(r.where, r.message) for r in draft.reviews]
    checked = kjcx("check", "--data", tmp_path / "d", "-f", "json")
    assert checked.exit_code == 0, checked.output
    import json

    warned = [w["message"] for w in json.loads(checked.output)["warnings"]]
    # each uncertain item is one check warning until its comment is deleted
    assert len([w for w in warned if w.startswith("草稿待核对：")]) == len(draft.reviews)


def kjcx_draft(path):
    return kjcx.draft_plan(path)


def test_more_forms_of_real_plans():
    draft = kjcx.draft_plan(DRAFTS / "mixed.txt")
    # “十四五” is 2021-2025; a 文号 in [ ] with 第 is written in 〔 〕
    assert (draft.header.name, draft.header.document, draft.header.start, draft.header.end) == (
        "示例市“十四五”科技创新规划", "示例政办发〔2022〕第3号", 2021, 2025)
    assert owners(draft) == {
        # 市科技局（牵头） marks the lead inside a 责任单位 list; 按职责分工负责 is a participant beside it
        1: ("培育科技企业", ["市科技局"], ["市财政局", "各区县人民政府"]),
        # “A、B按职责分工负责” without a lead: both lead, and said
        2: ("建设研发平台", ["市发改委", "市科技局"], []),
        # 牵头单位：A 配合单位：B with the space between them lost in the copy
        3: ("引进创新人才", ["市人社局"], ["市科技局", "市教育局"]),
        # a （1） item after a finished item is an item of its own
        4: ("实施人才计划", ["市委组织部"], []),
    }
    assert targets(draft) == {
        # the 2020（基期） column is the baseline, 2025（目标） the target; the prose repeats it
        "技术合同成交额": ("亿元", "level", "higher", {2025: ("300", None)}, None),
        # 降至 and 不超过 are ceilings
        "单位地区生产总值能耗": ("吨标准煤", "level", "lower", {2025: ("0.4", None)}, None),
        "重点项目审批时间": ("个工作日", "level", "lower", {2025: ("20", None)}, None),
        # targets in a task's text, without a year: the plan's last year, to review
        "新培育国家高新技术企业": ("家", "level", "higher", {2025: ("500", None)}, None),
        "建成示范基地": ("个", "level", "higher", {2025: ("10", None)}, None),
    }
    assert draft.indicators[0].baseline == (2020, "150")
    assert draft.indicators[0].source == "附表 主要指标 第1行"
    # 支持比例不超过30% is a subsidy's share, not a target; the three left out are said
    assert [(r.where, r.message) for r in draft.skipped] == [
        ("第10行", "“全市高新技术企业达到5000家”的年份 2030 不在2021—2025 年内，未写入"),
        ("第10行", "“全市研发投入强度比2020年提高0.5个百分点”是相对基期的目标，未写入：补上基期值（baseline）"
                   "后可写成 {base_plus: …}"),
        ("第30行", "指标“科技服务业增加值”未写入：没有读出任何年度目标"),
    ]
    assert len(draft.reviews) == 4 + 3


def test_a_target_table_with_a_lead_column(tmp_path):
    source = tmp_path / "示例.md"
    source.write_text(
        "# 示例区科技工作方案（2024-2025年）\n\n（示例数据：为测试编写，不是真实文件）\n\n"
        "附件：年度目标分解表\n\n"
        "| 序号 | 指标（单位） | 2024年 | 2025年 | 牵头单位 |\n|---|---|---|---|---|\n"
        "| 1 | 有效发明专利（件） | 100 | 120 | 区市场监管局 |\n"
        "| 2 | 科技型企业（家） | 30以上 | 40 | 区科技局、区工信局 |\n", encoding="utf-8")
    draft = kjcx.draft_plan(source)
    assert [(i.name, i.unit, i.lead, i.source) for i in draft.indicators] == [
        ("有效发明专利", "件", ["区市场监管局"], "附件 年度目标分解表 第1行"),
        ("科技型企业", "家", ["区科技局", "区工信局"], "附件 年度目标分解表 第2行")]
    assert targets(draft)["科技型企业"][3] == {2024: ("30", None), 2025: ("40", None)}
    # the table's leads are the plan's units too
    assert [u.name for u in draft.units] == ["区市场监管局", "区科技局", "区工信局"]
    assert draft.indicators[1].targets[0].where == "第10行 第3列"
    # written and checked: the indicators' leads are in plan.departments
    kjcx.write_draft(draft, tmp_path / "d")
    plan = kjcx.load_plan(tmp_path / "d", cache=False)
    assert [i.lead for i in plan.indicators] == [["区市场监管局"], ["区科技局", "区工信局"]]
    assert kjcx.check_plan(tmp_path / "d") == []


def test_figures_of_where_things_stand_are_not_targets(tmp_path):
    source = tmp_path / "示例.txt"
    source.write_text("示例区科技创新行动计划（2021-2023年）\n\n（示例数据：为测试编写，不是真实文件）\n\n"
                      "一、发展基础\n\n截至2020年底，全区高新技术企业达到100家。\n\n"
                      "二、工作目标\n\n2020年，全区有效发明专利达到900件。到2023年，全区有效发明专利达到1200件。\n\n"
                      "1.到2023年，科技型企业达到50家。\n", encoding="utf-8")
    draft = kjcx.draft_plan(source)
    # a 发展基础 section says where the plan starts: nothing from it; a sentence dated 2020
    # without 到 is a figure of the past, said and left out; 到2023年 sentences are targets
    assert targets(draft) == {
        "全区有效发明专利": ("件", "level", "higher", {2023: ("1200", None)}, None),
        "科技型企业": ("家", "level", "higher", {2023: ("50", None)}, None)}
    assert [(r.where, r.message) for r in draft.reviews] == [
        ("第11行", "“全区有效发明专利达到900件”像是现状而不是目标，未写入")]
    assert passes_check(draft, tmp_path / "d")


def test_tasks_as_headings_and_chapters():
    draft = kjcx.draft_plan(DRAFTS / "headings.txt")
    # 第二章 is a top heading; its （一）…（三） carry owners (in their own text, in the
    # paragraph under them, or in labelled lines), so they are tasks; （四） has numbered
    # items under it, so it is a section
    assert [s.title for s in draft.sections] == ["重点任务", "强化政策支持"]
    assert {t.id: (t.section, t.title, t.lead, t.participants, t.number) for t in draft.tasks} == {
        1: (1, "培育科技服务机构", ["市科技局"], ["市财政局"], "一"),
        2: (1, "发展检验检测服务", ["市市场监管局"], [], "二"),
        3: (1, "完善知识产权服务", ["市市场监管局"], ["市司法局"], "三"),
        4: (2, "落实税收政策", ["市税务局"], [], "1"),
        5: (2, "加大金融支持", ["市金融局"], [], "2"),
    }
    # the period from the text (no years in the title)
    assert (draft.header.start, draft.header.end, draft.header.years_where) == (2023, 2025, "第7行")
    assert targets(draft) == {"科技服务业营业收入": ("亿元", "level", "higher", {2025: ("300", None)}, None)}


def test_word_automatic_numbering_is_read_as_printed(tmp_path):
    import docx

    from kjcx.draft.numbering import chinese

    document = docx.Document()
    document.add_paragraph("示例区科技工作要点（2024-2025年）")
    document.add_paragraph("（示例数据：为测试编写，不是真实文件）")
    document.add_paragraph("一、重点任务")
    # "1." "2." live in Word's numbering, not in the paragraphs' text
    document.add_paragraph("建设创新平台。（牵头单位：区科技局，参与单位：区财政局）", style="List Number")
    document.add_paragraph("培育科技企业。（牵头单位：区工信局）", style="List Number")
    document.save(tmp_path / "要点.docx")
    draft = kjcx.draft_plan(tmp_path / "要点.docx")
    assert owners(draft) == {1: ("建设创新平台", ["区科技局"], ["区财政局"]), 2: ("培育科技企业", ["区工信局"], [])}
    assert [t.where for t in draft.tasks] == ["第4段", "第5段"]
    # Chinese counting (一、 （一）) as Word prints it
    assert [chinese(n) for n in (1, 9, 10, 11, 20, 23, 99)] == ["一", "九", "十", "十一", "二十", "二十三", "九十九"]


def test_a_target_sentence_not_read_is_said(tmp_path):
    source = tmp_path / "示例.txt"
    source.write_text("示例区工作要点（2024-2025年）\n\n（示例数据：为测试编写，不是真实文件）\n\n一、目标\n\n"
                      "到2025年，工业机器人产量达到5万台套，研发人员数量达到3千余名，"
                      "研发投入与经济增长基本同步。\n", encoding="utf-8")
    draft = kjcx.draft_plan(source)
    assert targets(draft) == {"工业机器人产量": ("万台套", "level", "higher", {2025: ("5", None)}, None)}
    # 3千余名 is a number in words the draft does not read: said, not guessed; a target
    # without a number (基本同步) is no indicator
    assert [(r.where, r.message) for r in draft.reviews] == [
        ("第7行", "“研发人员数量达到3千余名”像是目标，但读不出名称、数值和单位，未写入")]
    assert passes_check(draft, tmp_path / "d")


@pytest.mark.parametrize("name, region", [
    ("河东区科技创新三年行动计划(2020-2022年)", "河东区"), ("示例市“十四五”科技创新规划", "示例市"),
    ("内蒙古自治区科技创新规划", "内蒙古自治区"), ("关于推进全市科技创新的意见", ""),
    ("加快建设创新型城市的实施意见", ""), ("高新区发展规划", "")])
def test_the_region_that_gives_the_units_their_long_names(name, region):
    from kjcx.draft.units import region_of

    assert region_of(name) == region


def test_a_deadline_in_the_clause_or_under_the_item(tmp_path):
    source = tmp_path / "示例.txt"
    source.write_text("示例区科技工作要点（2024-2025年）\n\n（示例数据：为测试编写，不是真实文件）\n\n一、重点任务\n\n"
                      "1.建设平台。（牵头单位：区科技局；完成时限：2024年6月底前）\n\n"
                      "2.培育企业。\n牵头单位：区工信局\n完成时限：2030年底前\n\n"
                      "3.完善政策。（牵头单位：区财政局，完成时限：适时）\n", encoding="utf-8")
    draft = kjcx.draft_plan(source)
    assert [(t.deadline, t.deadline_text) for t in draft.tasks] == [
        ("2024-06-30", "2024年6月底前"), ("", "2030年底前"), ("", "适时")]
    assert [(r.where, r.message) for r in draft.reviews] == [
        ("第10行", "任务 2：完成时限“2030年底前”不在规划期内，未写 deadline"),
        ("第13行", "任务 3：完成时限“适时”读不出日期，未写 deadline")]
    assert passes_check(draft, tmp_path / "d")
    plan = kjcx.load_plan(tmp_path / "d", cache=False)
    import datetime

    assert [t.deadline for t in plan.tasks] == [datetime.date(2024, 6, 30), None, None]


def test_a_rate_without_its_own_subject_is_the_rate_of_the_clause_before(tmp_path):
    source = tmp_path / "示例.txt"
    source.write_text("示例区工作要点（2024-2025年）\n\n（示例数据：为测试编写，不是真实文件）\n\n一、目标\n\n"
                      "到2025年，全区地区生产总值达到500亿元，年均增长8%，高新技术企业达到100家，其中新增20家。\n",
                      encoding="utf-8")
    draft = kjcx.draft_plan(source)
    assert targets(draft) == {
        "全区地区生产总值": ("亿元", "level", "higher", {2025: ("500", None)}, None),
        # 年均增长8% says how the 500亿元 grows: a growth rate with an average over the period
        "全区地区生产总值增长": ("%", "growth", "higher", {}, ("average", "8")),
        "高新技术企业": ("家", "level", "higher", {2025: ("100", None)}, None)}
    # “其中新增20家” names nothing of its own: said, not made an indicator called 新增
    assert [(r.where, r.message) for r in draft.reviews] == [
        ("第7行", "“其中新增20家”像是目标，但读不出名称、数值和单位，未写入")]
    assert passes_check(draft, tmp_path / "d")
