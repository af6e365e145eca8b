"""Bad input: every kind ends in file:line:column, YAML path and a Chinese
message, never a traceback. Expected positions were read off the fixture files."""

from decimal import Decimal

import pytest

from kjcx.plan.load import DataError, inspect, load
from kjcx.plan.reader import ALIAS_BUDGET

from conftest import BAD

CASES = {
    "syntax": ("targets.yaml", 15, 1, "",
               "YAML 语法错误：方括号列表未闭合，或元素之间缺逗号（did not find expected ',' or ']'）"),
    "percent_string": ("targets.yaml", 13, 32, "indicators[0].targets.2021",
                       "应为数字，实际为 “110%”（请去掉百分号：单位写在 unit 中，数值只写数字）"),
    "fullwidth_digits": ("targets.yaml", 13, 43, "indicators[0].targets.2022",
                         "应为数字，实际为 “１２０”（含全角数字，请改用半角数字）"),
    "missing_key": ("targets.yaml", 10, 5, "indicators[0].unit", "缺少必填项 “unit”"),
    "duplicate_key": ("targets.yaml", 14, 5, "indicators[0].targets",
                      "重复的键 “targets”（第 13 行已有同名键）；YAML 只会保留其中一个，请合并或删除重复项"),
    "duplicate_id": ("targets.yaml", 14, 9, "indicators[1].id",
                     "编号 patents 重复（与 indicators[0] 相同）；编号必须唯一"),
    "year_outside": ("targets.yaml", 13, 37, "indicators[0].targets.2025",
                     "年份 2025 不在计划期 2020-2022 内"),
    "unknown_section": ("tasks.yaml", 5, 14, "tasks[0].section", "章节 7 不存在（sections 中的编号：1）"),
    "unknown_task": ("targets.yaml", 14, 16, "indicators[0].tasks[1]", "任务 9 不存在于 tasks.yaml"),
    "unknown_department": ("tasks.yaml", 8, 26, "tasks[0].participants[1]",
                           "单位 “区财政局” 不在 plan.departments 中"
                           "（如是新单位请加入 plan.departments，如是别称请写入其 aliases）"),
    "gbk": ("targets.yaml", 2, 9, "",
            "文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码（Windows 中文系统常见）；"
            "请用编辑器另存为 UTF-8（记事本：另存为 → 编码选 UTF-8）"),
    "empty": ("targets.yaml", 1, 1, "", "文件为空：请填写计划内容（格式见 README 的“数据文件”一节）"),
    "comments_only": ("targets.yaml", 1, 1, "", "文件没有内容（只有注释），请填写数据"),
    "python_tag": ("targets.yaml", 14, 13, "indicators[0].source",
                   "不允许的 YAML 标签 !!python/object/apply:os.system：kjcx 只做安全加载，"
                   "不构造 Python 对象；请删除该标签"),
    "alias_bomb": ("targets.yaml", 17, 44, "",
                   f"别名（*c）展开后超过 {ALIAS_BUDGET} 个节点，疑似“别名炸弹”，拒绝读取；请直接写出数据"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_bad_input_kind_is_placed_and_explained(case):
    file, line, column, path, message = CASES[case]
    plan, errors, _ = inspect(BAD / case)
    assert plan is None
    first = errors[0]
    assert (first.file, first.line, first.column, first.path, first.message) == (
        str(BAD / case / file), line, column, path, message)
    assert str(first).startswith(f"{BAD / case / file}:{line}:{column}")


def test_unknown_key_points_at_the_key_and_suggests_the_right_one():
    _, errors, _ = inspect(BAD / "unknown_key")
    placed = [(e.line, e.column, e.path, e.message) for e in errors]
    assert placed == [
        (10, 5, "indicators[0].targets", "缺少必填项 “targets”"),
        (13, 5, "indicators[0].taregts", "未知的键 “taregts”，是否应为 “targets”？"),
    ]


def test_wrong_types_all_reported_once_each():
    _, errors, _ = inspect(BAD / "wrong_types")
    placed = [(e.line, e.column, e.path, e.message) for e in errors]
    assert placed == [
        (13, 16, "indicators[0].direction", "应为以下之一：higher、lower；实际为 “up”"),
        (15, 21, "indicators[0].targets.2020", "应为数字，实际为 “1”（请去掉引号；数值不要加引号或千分位逗号）"),
        (15, 32, "indicators[0].targets.2021",
         "应为数字，实际为布尔值 true（true/false/yes/no 在 YAML 中是布尔值）"),
        (17, 31, "indicators[0].actuals.2020.as_of", "日期 “2020-13-45” 无效，请写成 YYYY-MM-DD（如 2021-06-30）"),
        (18, 11, "indicators[0].lead", "应为列表（如 [区科技局, 区发改委]），实际为 “区科技局”"),
    ]


def test_all_problems_of_a_file_at_once():
    _, errors, _ = inspect(BAD / "many_errors")
    assert [(e.line, e.column, e.path) for e in errors] == [
        (10, 5, "indicators[0].unit"),
        (10, 9, "indicators[0].id"),
        (16, 21, "indicators[1].targets.2020"),
        (17, 12, "indicators[1].lead[0]"),  # not hidden by the bad target (its only one)
    ]
    _, errors, _ = inspect(BAD / "tasks_errors")
    assert [(e.file.split("/")[-1], e.line, e.column, e.path) for e in errors] == [
        ("tasks.yaml", 7, 11, "tasks[0].lead"),
        ("tasks.yaml", 9, 22, "tasks[0].progress.2021.status"),
        ("tasks.yaml", 9, 35, "tasks[0].progress.2021.percent"),
    ]


def test_bom_is_accepted():
    plan = load(BAD / "bom").plan
    assert plan.plan.name == "测试计划"


def test_small_aliases_are_fine_and_aliased_departments_map_to_the_name():
    plan = load(BAD / "alias_ok").plan
    assert [i.lead for i in plan.indicators] == [["区科技局"], ["区科技局"]]


def test_department_alias_is_mapped_to_its_name(tmp_path):
    text = (BAD / "alias_ok" / "targets.yaml").read_text(encoding="utf-8")
    (tmp_path / "targets.yaml").write_text(text.replace("&kj [区科技局]", "&kj [河东区科技局]"),
                                           encoding="utf-8")
    (tmp_path / "tasks.yaml").write_bytes((BAD / "alias_ok" / "tasks.yaml").read_bytes())
    plan = load(tmp_path).plan
    assert [i.lead for i in plan.indicators] == [["区科技局"], ["区科技局"]]


def test_file_over_the_size_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("KJCX_MAX_MB", "1")
    with open(tmp_path / "targets.yaml", "wb") as f:
        f.write(b"# padding\n" * (1024 * 1024 // 10 + 1))
    _, errors, _ = inspect(tmp_path)
    assert errors[0].message.startswith("文件过大（1.0 MB，上限 1 MB）")
    assert "KJCX_MAX_MB" in errors[0].message


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
def test_deep_nesting_is_refused_without_crashing(tmp_path, monkeypatch, loader):
    # PyYAML's C composer segfaults near 100k levels; kjcx composes iteratively
    # and stops at MAX_DEPTH (libyaml's own parser may refuse first).
    import yaml

    from kjcx.plan import reader as yamlfile
    if not hasattr(yaml, loader):
        pytest.skip("PyYAML built without libyaml")
    monkeypatch.setattr(yamlfile, "_Loader", getattr(yaml, loader))
    (tmp_path / "targets.yaml").write_text("plan: " + "[" * 200_000 + "]" * 200_000)
    _, errors, _ = inspect(tmp_path)
    assert len(errors) == 1
    assert "嵌套" in errors[0].message
    assert errors[0].line == 1


def test_missing_targets_file(tmp_path):
    _, errors, _ = inspect(tmp_path)
    assert [(e.file, e.message) for e in errors] == [(str(tmp_path / "targets.yaml"), "文件不存在：请用 --data 指定含 targets.yaml 的目录")]


def test_decimals_stay_exact():
    plan = load(BAD / "bom").plan
    assert plan.indicators[0].targets[2021] == Decimal("110")
    from kjcx.plan.reader import read
    doc = read(BAD.parent.parent / "data" / "targets.yaml", "targets.yaml")
    rd = doc.data["indicators"][0]["targets"]
    assert rd[2021] - rd[2020] == Decimal("0.01")


def test_load_raises_data_error_with_problems():
    with pytest.raises(DataError) as info:
        load(BAD / "percent_string")
    assert len(info.value.problems) == 1
