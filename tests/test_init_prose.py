"""Prose targets `kjcx init --from` reads: a % target, several targets in one sentence
(joined by ， or 、), a clause that opens with its year (2024年…); a clause that looks like a
target and is not read is always said. The reviewer's own sentences, then a short invented
document (示例, tests/drafts/prose_forms.txt) with two or more sentences of each shape."""

import pytest

import kjcx

from conftest import TESTS

HEAD = "示例县科技创新行动方案（2023-2025年）\n\n（示例数据：为测试编写，不是真实文件）\n\n一、目标\n\n"
NO_YEAR = "原文没有写年份，按规划期末 2025 年记"


def drafted(tmp_path, body: str):
    source = tmp_path / "示例.txt"
    source.write_text(HEAD + body + "\n", encoding="utf-8")
    return kjcx.draft_plan(source)


def read(draft):
    """name -> (unit, {year: value}, source) and the reviews as (where, message)."""
    return ({i.name: (i.unit, {t.year: t.value for t in i.targets}, i.source) for i in draft.indicators},
            [(r.where, r.message) for r in draft.reviews])


def passes_check(draft, directory) -> bool:
    kjcx.write_draft(draft, directory)
    return all(p.severity == "warning" for p in kjcx.check_plan(directory))


@pytest.mark.parametrize("body, indicators, reviews", [
    # a % target whose name has 经费 in it: the ratio an indicator measures, not a sum of money
    ("到2025年末，研发经费投入强度达到2.2%。",
     {"研发经费投入强度": ("%", {2025: "2.2"}, "一 目标 第7行：研发经费投入强度达到2.2%")}, []),
    # two targets joined by ，: both, each with its own clause as source; no year: the plan's end, said
    ("全县高新技术企业达到80家，研发经费投入强度达到2.2%",
     {"全县高新技术企业": ("家", {2025: "80"}, "一 目标 第7行：全县高新技术企业达到80家"),
      "研发经费投入强度": ("%", {2025: "2.2"}, "一 目标 第7行：研发经费投入强度达到2.2%")},
     [("第7行", f"指标“全县高新技术企业” 2025 年目标：{NO_YEAR}"),
      ("第7行", f"指标“研发经费投入强度” 2025 年目标：{NO_YEAR}")]),
    # a clause that opens with its year, without 到: the year 2024, the name without it
    ("2024年技术合同成交额达到15亿元",
     {"技术合同成交额": ("亿元", {2024: "15"}, "一 目标 第7行：技术合同成交额达到15亿元")}, []),
])
def test_the_reviewers_sentences(tmp_path, body, indicators, reviews):
    draft = drafted(tmp_path, body)
    assert read(draft) == (indicators, reviews)
    assert passes_check(draft, tmp_path / "d")


def test_each_shape_in_more_sentences():
    draft = kjcx.draft_plan(TESTS / "drafts" / "prose_forms.txt")
    got, reviews = read(draft)
    assert got == {
        # % targets, the name ending in 比重 / 占比 (with 经费 in it or not); year 2025 from 到2025年
        "企业研发经费支出占营业收入比重": ("%", {2025: "1.8"}, "一 发展目标 第7行：企业研发经费支出占营业收入比重达到1.8%"),
        "规上工业企业中有研发机构的企业占比": (
            "%", {2025: "40"}, "一 发展目标 第7行：规上工业企业中有研发机构的企业占比达到40%"),
        # three targets listed with 、: three indicators, the year of the sentence before (same heading)
        "高新技术产业增加值占规上工业增加值比重": (
            "%", {2025: "45"}, "一 发展目标 第8行：高新技术产业增加值占规上工业增加值比重达到45%"),
        "科技型中小企业": ("家", {2025: "300"}, "一 发展目标 第8行：科技型中小企业达到300家"),
        "省级创新平台": ("个", {2025: "30"}, "一 发展目标 第8行：省级创新平台达到30个"),
        # clauses that open with their year (2023年, 2024年末, 2023年底前): each its own year;
        # two years of one indicator in one sentence are one indicator with two targets
        "有效发明专利": ("件", {2023: "900", 2024: "1000"}, "二 年度目标 第12行：有效发明专利达到900件"),
        "科技孵化器面积": ("万平方米", {2024: "5"}, "二 年度目标 第13行：科技孵化器面积达到5万平方米"),
        "新建县级重点实验室": ("家", {2023: "2"}, "二 年度目标 第14行：新建2家县级重点实验室"),
        # two targets joined by ， under a heading without a year: the plan's end, said
        "全县技术合同登记机构": ("家", {2025: "5"}, "二 年度目标 第15行：全县技术合同登记机构达到5家"),
        "每万人口高价值发明专利拥有量": ("件", {2025: "3"}, "二 年度目标 第15行：每万人口高价值发明专利拥有量达到3件"),
    }
    # 10 indicators, 11 targets (有效发明专利 has two): 2 + 3 + 2 + 1 + 1 + 2
    assert sum(len(i.targets) for i in draft.indicators) == 11
    # 三、保障措施: 给予50%的补贴 and 最高不超过100万元 are no targets and no review; 专项资金3000万元
    # has no target's verb; a share of money with a target's verb (加计扣除比例达到100%) and a sum
    # of money that reads like a target (经费投入达到5000万元) are said, not drafted; the phone
    # number is nothing
    assert reviews == [
        ("第15行", f"指标“全县技术合同登记机构” 2025 年目标：{NO_YEAR}"),
        ("第15行", f"指标“每万人口高价值发明专利拥有量” 2025 年目标：{NO_YEAR}"),
        ("第19行", "“研发费用加计扣除比例达到100%”说的是资金、经费或它的比例，不作为指标写入；如是要监测的指标，请手工添上"),
        ("第20行", "“科技经费投入达到5000万元”说的是资金、经费或它的比例，不作为指标写入；如是要监测的指标，请手工添上"),
    ]
    values = {t.value for i in draft.indicators for t in i.targets}
    # no number of 三、保障措施 became a target
    assert not {"50", "100", "3000", "5000", "0000", "1234567"} & values


def test_a_verb_opening_a_list_holds_for_each_piece(tmp_path):
    # 新增 opens the list: 省级孵化器5家 is 新增省级孵化器, its source the piece as written
    draft = drafted(tmp_path, "到2025年，新增国家级孵化器3家、省级孵化器5家。")
    assert read(draft) == ({"新增国家级孵化器": ("家", {2025: "3"}, "一 目标 第7行：新增国家级孵化器3家"),
                            "新增省级孵化器": ("家", {2025: "5"}, "一 目标 第7行：省级孵化器5家")}, [])


@pytest.mark.parametrize("body, indicators, unread", [
    # 30余个 is not read: the piece is said, the one before it drafted
    ("到2025年，高新技术企业达到80家、省级创新平台30余个。",
     {"高新技术企业": ("家", {2025: "80"}, "一 目标 第7行：高新技术企业达到80家")}, "省级创新平台30余个"),
    # 其中 after 、 is part of the target before it, not a target of its own: the clause is said
    ("到2025年，市级以上研发平台达到50个、其中国家级5个。", {}, "市级以上研发平台达到50个、其中国家级5个"),
    # 约 between the verb and a number not read (3千余名) still looks like a target: said
    ("到2025年，研发人员达到约3千余名。", {}, "研发人员达到约3千余名"),
])
def test_a_piece_of_a_list_not_read_is_said(tmp_path, body, indicators, unread):
    assert read(drafted(tmp_path, body)) == (
        indicators, [("第7行", f"“{unread}”像是目标，但读不出名称、数值和单位，未写入")])


@pytest.mark.parametrize("body", [
    "到2025年，对企业研发投入按实际发生额的50%给予补贴。",
    "到2025年，对新认定的高新技术企业给予15万元奖励，补贴50%。",
    "到2025年，资助比例不超过30%，单项资助最高不超过200万元。",
])
def test_subsidies_and_their_shares_are_no_targets(tmp_path, body):
    # a % after 补贴 / 资助 / 给予 is a share of money given out: nothing drafted, nothing to review
    assert read(drafted(tmp_path, body)) == ({}, [])
