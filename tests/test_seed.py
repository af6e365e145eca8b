"""The shipped data transcribes the seed plan (河东政办函〔2021〕18号) exactly."""

from decimal import Decimal

import pytest

from kjcx.plan.datadir import sample_dir

from conftest import ROOT, SEED, plan_of

D = Decimal

ANNEX = {  # 附件 年度分解表: id -> (name, unit, 2020, 2021, 2022)
    "rd_intensity": ("研发支出与地区生产总值比值", "%", D("2.57"), D("2.58"), D("2.59")),
    "invention_patents": ("全区有效发明专利", "件", 1140, 1155, 1170),
    "high_tech_enterprises": ("高新技术企业数量", "家", 108, 116, 128),
    "eaglet_enterprises": ("“雏鹰”企业数量", "家", 60, 70, 80),
    "gazelle_enterprises": ("“瞪羚”企业数量", "家", 8, 10, 12),
    "leading_enterprises": ("科技领军（领军培育）企业数量", "家", 0, 1, 2),
    "tech_contract_turnover": ("全区技术合同成交额", "亿元", 40, 45, 50),
}

YEAR_END_2022 = {  # 一(二) 工作目标, stated for the end of 2022 only
    "key_labs": ("重点实验室", "家", 8),
    "innovation_platforms": ("市级以上创新创业平台", "家", 15),
    "enterprise_tech_centers": ("市级以上企业技术中心", "家", 11),
    "alliance_member_enterprises": ("各类产业技术创新战略联盟入盟企业", "家", 20),
    "new_municipal_key_labs": ("新建市级重点实验室", "家", 2),
    "high_tech_share_of_enterprises": ("每万家企业法人中高新技术企业数", "%", D("0.64")),
    "rd_active_industrial_share": ("规模以上工业企业中有研发活动企业占比", "%", 33),
}

SECTIONS = [
    "紧抓创新策源能力建设，打造创新驱动发展新引擎",
    "紧抓产业技术创新建设，构建高质高新产业新体系",
    "紧抓科技成果转移转化，推动构筑成果转化新高地",
    "紧抓创新主体能级建设，厚植科企创新发展新优势",
    "紧抓营商环境提档升级，构建良好创新创业新生态",
    "紧抓优秀人才队伍建设，激发创新创造创业新活力",
]

# id: (section, title, lead, participants), in the plan's words
TASKS = {
    1: (1, "实现创新平台提质增效", ["区科技局"], ["区发改委", "区楼宇办", "区产促局", "金贸产业园"]),
    2: (1, "拓展新型合作伙伴关系", ["区科技局"], ["区发改委", "区合作交流办", "区楼宇办", "区生态环境局", "区产促局"]),
    3: (1, "实现军民融合双向发力", ["区产促局"], ["区发改委", "区合作交流办", "区科技局"]),
    4: (2, "大力发展信创产业", ["区科技局"], ["区发改委", "区合作交流办", "区市场监管局", "区产促局"]),
    5: (2, "大力推动人工智能", ["区科技局"], ["区发改委", "区合作交流办", "区楼宇办", "区产促局", "金贸产业园"]),
    6: (2, "大力发展新能源新材料产业", ["区科技局"], ["区发改委", "区合作交流办", "区产促局", "金贸产业园"]),
    7: (3, "实现产学研用资源共享", ["区科技局"], ["区发改委", "区产促局", "金贸产业园"]),
    8: (3, "推动科技成果转移转化", ["区科技局"], ["区发改委", "区财政局", "区人社局", "区产促局"]),
    9: (3, "开展技术转移对接服务", ["区科技局"], ["区发改委", "区财政局", "区人社局", "区金融局", "区产促局"]),
    10: (4, "大力推动高成长企业梯度培育", ["区科技局"], ["区财政局", "区税务部门"]),
    11: (4, "大力培育国家高新技术企业", ["区科技局"], ["区财政局", "区税务部门"]),
    12: (4, "大力营造创新创业浓厚氛围", ["区科技局"], ["区发改委", "区财政局", "区人社局", "区产促局", "金贸产业园"]),
    13: (4, "培育壮大产业技术创新联盟", ["区科技局"], ["区发改委", "区财政局", "区人社局", "区产促局", "金贸产业园"]),
    14: (5, "打造“双创”升级版", ["区科技局"], ["区发改委", "区财政局", "区人社局", "区金融局", "区产促局"]),
    15: (5, "加强知识产权创造保护运用", ["区市场监管局"], ["区科技局", "区司法局", "区金融局"]),
    16: (5, "创建优质的创新创业环境", ["区政务服务办"], ["区科技局", "区产促局"]),
    17: (5, "提升创新创业服务能级", ["区科技局"], ["区发改委", "区楼宇办", "区财政局", "区金融局", "区人社局", "区产促局", "金贸产业园"]),
    18: (6, "引进培养创新型科技人才", ["区人社局"], ["区发改委", "区财政局", "区科技局", "区金融局", "区产促局"]),
    19: (6, "引进培养高层次优秀人才", ["区人社局"], ["区发改委", "区财政局", "区科技局", "区产促局"]),
    20: (6, "引进培育高素质技能人才", ["区人社局"], ["区发改委", "区财政局", "区科技局", "区产促局"]),
}

DEPARTMENTS = ["区科技局", "区发改委", "区楼宇办", "区产促局", "金贸产业园", "区合作交流办",
               "区生态环境局", "区市场监管局", "区财政局", "区人社局", "区金融局", "区税务部门",
               "区司法局", "区政务服务办"]


@pytest.fixture(scope="module")
def seed():
    return plan_of("seed")


def test_plan_header(seed):
    assert seed.plan.name == "河东区科技创新三年行动计划(2020-2022年)"
    assert seed.plan.document == "河东政办函〔2021〕18号"
    assert (seed.plan.start, seed.plan.end) == (2020, 2022)


def test_annex_targets_exact(seed):
    by_id = {i.id: i for i in seed.indicators}
    for ident, (name, unit, t20, t21, t22) in ANNEX.items():
        ind = by_id[ident]
        assert (ind.name, ind.unit) == (name, unit)
        assert ind.targets == {2020: D(t20), 2021: D(t21), 2022: D(t22)}, ident
    assert by_id["tech_contract_turnover"].kind == "flow"


def test_year_end_2022_targets_exact(seed):
    by_id = {i.id: i for i in seed.indicators}
    for ident, (name, unit, t22) in YEAR_END_2022.items():
        ind = by_id[ident]
        assert (ind.name, ind.unit) == (name, unit)
        assert ind.targets == {2022: D(t22)}, ident  # no invented 2020/2021 targets
        assert ind.baseline is None, ident  # nothing to interpolate from


def test_fourteen_indicators_in_plan_order(seed):
    assert [i.id for i in seed.indicators] == list(ANNEX) + list(YEAR_END_2022)
    assert all(i.direction == "higher" for i in seed.indicators)


def test_every_target_cites_its_source(seed):
    for i, ind in enumerate(seed.indicators):
        assert ind.source, ind.id
        expected = f"第{i + 1}行" if i < 7 else "一(二) 工作目标"
        assert expected in ind.source, ind.id


def test_sections_exact(seed):
    assert [(s.id, s.title) for s in seed.sections] == list(enumerate(SECTIONS, 1))


def test_tasks_titles_sections_departments_exact(seed):
    got = {t.id: (t.section, t.title, t.lead, t.participants) for t in seed.tasks}
    assert got == TASKS


def test_fourteen_departments(seed):
    assert [d.name for d in seed.plan.departments] == DEPARTMENTS
    assert seed.departments() == DEPARTMENTS


def test_indicator_links_follow_the_plan(seed):
    by_id = {i.id: i for i in seed.indicators}
    assert by_id["invention_patents"].lead == ["区市场监管局"]
    assert by_id["invention_patents"].tasks == [15]
    assert by_id["high_tech_enterprises"].tasks == [10, 11]
    assert by_id["tech_contract_turnover"].tasks == [8, 9]
    assert by_id["alliance_member_enterprises"].tasks == [13]
    assert {i.id for i in seed.indicators if i.lead != ["区科技局"]} == {"invention_patents"}


def test_illustrative_figures_are_labelled():
    for name in ("targets.yaml", "tasks.yaml"):
        text = (SEED / name).read_text(encoding="utf-8")
        assert "示例数据" in text and "ILLUSTRATIVE" in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "示例数据" in readme


def test_packaged_sample_is_the_seed_data():
    # Installed from a wheel, the sample is package data; it must be the same bytes.
    for name in ("targets.yaml", "tasks.yaml"):
        assert (sample_dir() / name).read_bytes() == (SEED / name).read_bytes()


def test_seed_revisions_cite_their_document(seed):
    # a target change is added to the sample plan only with the document that made it
    for rev in seed.revisions:
        assert rev.document, rev.id


def test_seed_figure_sources_say_they_are_illustrative(seed):
    # the dated 2022 figures carry a source: it must not pass for an official one
    sources = [e.source for ind in seed.indicators for entries in ind.actuals.values()
               for e in entries if e.source is not None]
    assert sources and all("示例数据" in s for s in sources)
