"""`kjcx init DIR`: the commented files of a new plan (a level, a flow, a rate with a target
over the whole period, a task, departments with an alias), all 示例, passing `kjcx check`."""

from __future__ import annotations

TARGETS = """\
# {name} — 计划与指标（targets.yaml）
# 这是 kjcx init 写的模板：下面的指标、单位和任务都是【示例数据】，请改成您的计划。
# 改完后运行 kjcx check --data {data}：它会逐项指出错在哪一行、怎么改。
# 有计划文件（Word 或文字稿）时，用 kjcx init 目录 --from 计划.docx 直接起草。

plan:
  name: {name_yaml}
  # document: 某政办发〔{start}〕1号        # 文号（可不写）
  start: {start}                            # 规划期第一年
  end: {end}                                # 规划期最后一年
  departments:                              # 计划里出现的全部单位；写了就必须写全
    - name: 区科技局
      aliases: [某某区科技局]               # 同一单位的其他写法（报送表、通报里都认）
    - name: 区发改委
    - name: 区统计局

indicators:
  # 存量指标（kind: level，默认）：某年末达到多少。
  - id: high_tech_enterprises               # 英文编号：小写字母、数字、下划线，不重复
    name: 高新技术企业数量（示例）
    unit: 家
    baseline: {{year: {base}, value: 100}}     # 基期值（示例）
    targets: {{{targets_level}}}
    lead: [区科技局]
    source: 附件 年度分解表 第1行            # 目标出自原文哪里

  # 流量指标（kind: flow）：一年里累计发生的量，年中的数按全年目标的时间进度比较。
  - id: tech_contract_turnover
    name: 技术合同成交额（示例）
    unit: 亿元
    kind: flow
    targets: {{{targets_flow}}}
    lead: [区科技局]

  # 增长率（kind: growth）：每年写当年的增速（%）；period 是整个规划期的目标（年均增长）。
  - id: rd_spending_growth
    name: 研发经费投入增长（示例）
    unit: "%"
    kind: growth
    baseline: {{year: {base}}}
    period: {{average: 8}}                  # 年均增长 8%（〔13.5〕这类累计目标写 cumulative: 13.5）
    lead: [区统计局]
"""

TASKS = """\
# {name} — 任务（tasks.yaml）
# 模板中的章节和任务是【示例数据】，请改成您的计划的“重点任务”。

sections:
  - id: 1
    title: 提升创新平台能级（示例）

tasks:
  - id: 1
    section: 1
    title: 实现创新平台提质增效（示例）
    lead: [区科技局]                        # 牵头单位（至少一个）
    participants: [区发改委]                 # 参与单位
    # progress:                              # 每年报送的进展，例如：
    #   {start}: {{status: 推进中, percent: 40, as_of: {start}-06-30}}
"""


def files(name: str, start: int, end: int, data: str) -> tuple[str, str]:
    """(targets.yaml, tasks.yaml) text of a new plan."""
    import json

    from kjcx.draft.write import scalar

    years = list(range(start, end + 1))
    level = ", ".join(f"{y}: {100 + 10 * (k + 1)}" for k, y in enumerate(years))
    flow = ", ".join(f"{y}: {40 + 5 * k}" for k, y in enumerate(years))
    fields = dict(name=name, name_yaml=scalar(name), start=start, end=end, base=start - 1,
                  targets_level=level, targets_flow=flow, data=json.dumps(data, ensure_ascii=False)[1:-1])
    return TARGETS.format(**fields), TASKS.format(**fields)
