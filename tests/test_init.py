"""`kjcx init`: the template passes check, nothing is ever overwritten, and the draft of the
seed plan (as text and as a Word file built from it) equals the shipped data/ in every
target, task title, lead and participant, with nothing invented."""

import re
from pathlib import Path

import pytest

import kjcx

from conftest import ROOT, TESTS

DRAFTS = TESTS / "drafts"
SEED_TEXT = DRAFTS / "seed.txt"   # the seed plan document (public plan text), copied


def seed_docx(path: Path) -> Path:
    """The seed as a Word file: headings and body as paragraphs, the annex as a real table."""
    import docx

    document = docx.Document()
    rows = []
    for line in SEED_TEXT.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        text = line.strip().lstrip("#").strip().replace("**", "")
        if not text:
            continue
        if line.startswith("#"):
            document.add_heading(text, level=min(line.count("#"), 4))
        else:
            document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(path)
    return path


def drafted(tmp_path, source: Path, *args) -> "kjcx.ActionPlan":
    """init --from, check, and the plan loaded from the draft."""
    from click.testing import CliRunner

    from kjcx.cli.app import cli

    out = tmp_path / "draft"
    done = CliRunner().invoke(cli, ["init", str(out), "--from", str(source), *args])
    assert done.exit_code == 0, done.output
    checked = CliRunner().invoke(cli, ["check", "--data", str(out)])
    assert checked.exit_code == 0, checked.output
    return kjcx.load_plan(out, cache=False)


def tasks_of(plan):
    return {t.id: (t.section, t.title, t.lead, t.participants) for t in plan.tasks}


def indicators_of(plan):
    """name -> (unit, {year: target}): what a plan states of each indicator."""
    return {i.name: (i.unit, {y: t.value if hasattr(t, "value") else t for y, t in i.targets.items()})
            for i in plan.indicators}


def seed_copy(path: Path, kind: str) -> Path:
    """The seed as a careless copy keeps it: the annex's tabs as spaces, or every full-width
    comma, parenthesis, colon and semicolon as its ASCII look-alike."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    if kind == "spaces":
        text = text.replace("\t", "  ")
    else:
        text = text.translate(str.maketrans({"，": ",", "（": "(", "）": ")", "：": ":", "；": ";"}))
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(params=["txt", "docx", "spaces", "ascii"])
def seed_draft(request, tmp_path):
    if request.param == "txt":
        source = SEED_TEXT
    elif request.param == "docx":
        source = seed_docx(tmp_path / "计划.docx")
    else:
        source = seed_copy(tmp_path / "计划.txt", request.param)
    return drafted(tmp_path, source)


def test_the_seed_drafts_to_the_shipped_data(seed_draft):
    shipped = kjcx.load_plan(ROOT / "data", cache=False)
    draft = seed_draft
    assert (draft.plan.name, draft.plan.document, draft.plan.start, draft.plan.end) == (
        "河东区科技创新三年行动计划(2020-2022年)", "河东政办函〔2021〕18号", 2020, 2022)
    assert [s.title for s in draft.sections] == [s.title for s in shipped.sections]
    # all 20 tasks: section, title, lead and participants exactly as transcribed
    assert len(draft.tasks) == 20
    assert tasks_of(draft) == tasks_of(shipped)
    # 7 annex rows x 3 years = 21 targets, and the 7 prose-only targets of 一(二); the prose
    # sentences that repeat an annex target (1170件, 突破128家, 分别达到80家、12家和2家, 50亿元,
    # 2.59%) are cited on the annex indicator, not drafted twice: 14 indicators, 28 targets
    assert indicators_of(draft) == indicators_of(shipped)
    assert sum(len(i.targets) for i in draft.indicators) == 21 + 7
    # the 14 units in order of first mention; the region's long form is an alias
    assert [d.name for d in draft.plan.departments] == [d.name for d in shipped.plan.departments]
    assert "河东区科技局" in draft.plan.departments[0].aliases


def test_the_seed_draft_cites_every_value(tmp_path):
    plan = drafted(tmp_path, SEED_TEXT)
    text = (tmp_path / "draft" / "targets.yaml").read_text(encoding="utf-8")
    assert [i.source for i in plan.indicators[:7]] == [f"附件 年度分解表 第{n}行" for n in range(1, 8)]
    # the annex row of 2.57 is line 136 of the seed, its 2020 cell column 3
    assert "2020: 2.57   # 第136行 第3列" in text
    assert "# 又见 一(二) 工作目标 第27行：全区有效发明专利达到1170件" in text
    assert plan.indicators[7].source == "一(二) 工作目标 第29行：重点实验室达到8家"
    tasks = (tmp_path / "draft" / "tasks.yaml").read_text(encoding="utf-8")
    # task 7's owner clause is a paragraph of its own (第63行) after the item (第61行)
    assert re.search(r"# 第61行：实现产学研用资源共享。.*\n  - id: 7\n", tasks)
    assert "lead: [区科技局]   # 第63行" in tasks


def test_the_seed_draft_has_nothing_to_review_and_no_invented_number():
    draft = kjcx.draft_plan(SEED_TEXT)
    assert draft.reviews == []
    values = [t.value for i in draft.indicators for t in i.targets]
    # 第190次常务会议, 〔2021〕18号 and 2021年9月1日 are numbers of the text, not targets
    assert not {"190", "18", "2021"} & set(values)
    # 21 annex cells + 7 prose targets, no other
    assert len(values) == 28


def test_init_writes_a_template_that_passes_check(kjcx, tmp_path):
    done = kjcx("init", tmp_path / "new", "--name", "示例区科技创新行动计划（2024-2026年）",
                "--start", 2024, "--end", 2026)
    assert done.exit_code == 0, done.output
    assert "已写入模板" in done.output
    checked = kjcx("check", "--data", tmp_path / "new")
    assert checked.exit_code == 0 and "无错误、无警告" in checked.output, checked.output
    plan = kjcx_load(tmp_path / "new")
    # a level, a flow, a rate with a period target; a task; departments with an alias
    assert [(i.kind, i.period is not None) for i in plan.indicators] == [
        ("level", False), ("flow", False), ("growth", True)]
    assert plan.indicators[0].targets == {2024: 110, 2025: 120, 2026: 130}
    assert [t.lead for t in plan.tasks] == [["区科技局"]]
    assert plan.plan.departments[0].aliases == ["某某区科技局"]
    assert (plan.plan.name, plan.plan.start, plan.plan.end) == ("示例区科技创新行动计划（2024-2026年）", 2024, 2026)


def kjcx_load(path):
    return kjcx.load_plan(path, cache=False)


@pytest.mark.parametrize("existing", ["targets.yaml", "tasks.yaml"])
@pytest.mark.parametrize("source", [None, SEED_TEXT])
def test_init_never_overwrites(kjcx, tmp_path, existing, source):
    (tmp_path / existing).write_text("原有的内容\n", encoding="utf-8")
    args = ["init", tmp_path] + (["--from", source] if source else [])
    done = kjcx(*args)
    assert done.exit_code == 2
    assert str(tmp_path / existing) in done.output and "从不覆盖" in done.output
    # nothing changed, nothing added
    assert sorted(p.name for p in tmp_path.iterdir()) == [existing]
    assert (tmp_path / existing).read_text(encoding="utf-8") == "原有的内容\n"


def test_write_draft_refuses_an_existing_file(tmp_path):
    draft = kjcx.draft_plan(SEED_TEXT)
    kjcx.write_draft(draft, tmp_path)
    before = (tmp_path / "targets.yaml").read_bytes()
    with pytest.raises(FileExistsError, match="targets.yaml"):
        kjcx.write_draft(draft, tmp_path)
    assert (tmp_path / "targets.yaml").read_bytes() == before


def test_init_rejects_an_unknown_document_kind(kjcx, tmp_path):
    source = tmp_path / "计划.pdf"
    source.write_bytes(b"%PDF-1.4")
    done = kjcx("init", tmp_path / "d", "--from", source)
    assert done.exit_code == 2 and ".docx、.txt、.md" in done.output
    assert not (tmp_path / "d").exists()


def test_init_says_a_broken_word_file_without_a_traceback(kjcx, tmp_path):
    source = tmp_path / "计划.docx"
    source.write_bytes(b"not a zip")
    done = kjcx("init", tmp_path / "d", "--from", source)
    assert done.exit_code == 2 and "不是有效的 Word 文档" in done.output
    assert "Traceback" not in done.output


def test_init_json_lists_the_counts_and_the_review(kjcx, tmp_path):
    import json

    done = kjcx("init", tmp_path / "d", "--from", DRAFTS / "no_rule.txt", "-f", "json")
    doc = json.loads(done.output)
    # one section, one task, no indicator, two units, one item to review
    assert doc["counts"] == {"sections": 1, "tasks": 1, "indicators": 0, "targets": 0,
                             "departments": 2, "review": 1}
    assert doc["review"][0]["where"] == "第7行"
    assert doc["plan"] == {"name": "示例区科技创新工作要点（2024-2025年）", "document": None,
                           "start": 2024, "end": 2025, "issued": None}


def test_init_refuses_a_file_that_is_not_text(kjcx, tmp_path):
    source = tmp_path / "计划.txt"
    source.write_bytes(bytes(range(256)) * 8)
    done = kjcx("init", tmp_path / "d", "--from", source)
    assert done.exit_code == 2 and "不是文字文件" in done.output
    assert not (tmp_path / "d").exists()


def test_a_gb18030_text_reads_as_its_utf8_twin(tmp_path):
    source = tmp_path / "计划.txt"
    source.write_bytes(SEED_TEXT.read_text(encoding="utf-8").encode("gb18030"))
    twin = kjcx.draft_plan(SEED_TEXT)
    draft = kjcx.draft_plan(source)
    assert [(t.title, t.lead, t.participants) for t in draft.tasks] == [
        (t.title, t.lead, t.participants) for t in twin.tasks]
    assert len(draft.indicators) == 14


def test_an_empty_document_drafts_files_that_say_what_is_missing(kjcx, tmp_path):
    source = tmp_path / "计划.txt"
    source.write_text("", encoding="utf-8")
    done = kjcx("init", tmp_path / "d", "--from", source)
    assert done.exit_code == 0
    assert "没有找到计划名称" in done.output and "没有找到规划期" in done.output
    checked = kjcx("check", "--data", tmp_path / "d")
    # two review items, two warnings, no error
    assert checked.exit_code == 0 and "2 条警告" in checked.output, checked.output
