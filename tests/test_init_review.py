"""A drafted file's `# 请核对：` comments are `kjcx check` warnings at their lines until a
person deletes them: an unsure value is never silent."""

import kjcx

TARGETS = """\
plan:
  name: 示例计划（2024-2025年）
  start: 2024
  end: 2025
indicators:
  - id: a
    name: 示例指标
    unit: 家
    targets:
      2025: 3000   # 第8行：保持在3000家左右
      # 请核对：原文为“左右”：如允许偏差，请加 tolerance（允许的差值）
    source: "一 # 请核对：在引号里，是值的一部分"
"""


def test_each_review_comment_is_a_warning_at_its_line():
    problems = kjcx.check_text(TARGETS)
    assert [(p.line, p.column, p.severity, p.message) for p in problems] == [
        (11, 7, "warning", "草稿待核对：原文为“左右”：如允许偏差，请加 tolerance（允许的差值）（核对、改好后删去这条注释）"),
    ]  # line 12's “# 请核对：” is inside a quoted value: not a comment


def test_deleting_the_comment_ends_the_warning():
    reviewed = "\n".join(line for line in TARGETS.splitlines() if "请核对" not in line) + "\n"
    assert kjcx.check_text(reviewed) == []


def test_a_flood_of_comments_is_counted_not_listed():
    from kjcx.plan import review

    raw = ("# 请核对：x\n" * 1500).encode("utf-8")
    kept, more = review.marks("targets.yaml", raw)
    # 1,500 comments: the first 1,000 kept, 500 counted
    assert (len(kept), more) == (1000, 500)
