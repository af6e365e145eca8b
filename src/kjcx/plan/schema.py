"""JSON Schema of the two data files, for editors (VS Code YAML and others).

Every key carries a Chinese `description`, which editors show on hover.
"""

from __future__ import annotations

import json

from kjcx.plan import model

# (definition, key) -> hover help. "" is the file's top level.
DESCRIPTIONS = {
    ("", "plan"): "计划本身：名称、文号、起止年份、责任单位、阈值",
    ("", "indicators"): "量化指标的列表",
    ("", "revisions"): "调整目标的文件，按日期从早到晚排列",
    ("", "sections"): "重点任务的章节",
    ("", "tasks"): "重点任务的列表",
    ("PlanInfo", "name"): "计划名称（必填）",
    ("PlanInfo", "document"): "印发文号，如 河东政办函〔2021〕18号",
    ("PlanInfo", "start"): "计划起始年份（必填）",
    ("PlanInfo", "end"): "计划结束年份（必填）",
    ("PlanInfo", "departments"): "责任单位名单；填写后，文件中出现的每个单位都必须在此列出",
    ("PlanInfo", "thresholds"): "判定阈值（可省略，用默认值）",
    ("Department", "name"): "单位的规范名称",
    ("Department", "aliases"): "同一单位的其他写法，测算时统一为规范名称",
    ("Thresholds", "near"): "序时完成率不低于此值为“基本达标”（默认 0.9）",
    ("Thresholds", "severe"): "序时完成率不低于此值为“滞后”，低于为“严重滞后”（默认 0.7）",
    ("Thresholds", "task_tolerance"): "任务进度落后时间进度超过此百分点数即为滞后（默认 10）",
    ("Indicator", "id"): "指标编号：小写英文字母、数字、下划线，全文件唯一",
    ("Indicator", "name"): "指标名称，按计划原文",
    ("Indicator", "unit"): "单位：%、件、家、亿元 等",
    ("Indicator", "direction"): "higher：越高越好（默认）；lower：越低越好（逆向指标；位次指标的默认）",
    ("Indicator", "kind"): ("level：年末存量或比率（默认）；flow：年内累计的量（如技术合同成交额）；"
                            "growth / reduction：各年增速 / 降低率（%，降低写成正数）；rank：位次（越小越好）"),
    ("Indicator", "binding"): "true：约束性指标（只有达标与未达标）；默认 false：预期性指标",
    ("Indicator", "baseline"): "基期：{year: 年份, value: 数值}",
    ("Indicator", "targets"): "各年目标：{年份: 目标值}",
    ("Indicator", "actuals"): "各年实际值：一个数（年末数）、一条 {value, as_of, source, note}，或按日期排列的多条",
    ("Indicator", "lead"): "对该指标负责的牵头单位",
    ("Indicator", "tasks"): "相关的任务编号",
    ("Indicator", "source"): "目标的出处（计划原文的位置）",
    ("Indicator", "period"): "期内目标（仅增速、降低率指标）：{cumulative: 13.5} 期内累计，或 {average: 7} 年均",
    ("Indicator", "tolerance"): "左右：低于（逆向指标为高于）目标不超过此值（指标单位）仍算达标",
    ("Indicator", "interpolate"): ("无目标年份的目标：linear 线性（存量、流量默认）、geometric 几何、"
                                   "step 取下一个目标（每年都须满足的上限或下限）、none 不插值（增速、位次默认）"),
    ("Indicator", "integer"): "true：插值得到的目标四舍五入为整数（如企业家数）",
    ("Indicator", "pacing"): "none：年内数据按上年末数判断，不按时间比例（整数个地新建的项目）；默认 linear",
    ("Indicator", "thresholds"): "本指标自己的判定阈值 {near, severe}，未写的一项取 plan.thresholds",
    ("TargetSpec", "value"): "目标值（确保）",
    ("TargetSpec", "base_plus"): "比基期提高的量（指标单位）：目标 = 基期值 + 此值",
    ("TargetSpec", "base_times"): "基期值的倍数（倍增写 2）：目标 = 基期值 × 此值",
    ("TargetSpec", "stretch"): "力争值：在指标方向上不弱于确保值；只作参考，按确保值评价",
    ("Period", "cumulative"): "期内累计增长或降低的百分数，如〔13.5〕写 13.5",
    ("Period", "average"): "期内年均增长或降低的百分数，如年均 7% 写 7",
    ("Band", "near"): "目标进度比不低于此值为“基本达标”",
    ("Band", "severe"): "目标进度比不低于此值为“滞后”，低于为“严重滞后”",
    ("Baseline", "year"): "基期年份",
    ("Baseline", "value"): "基期值（增速、降低率指标可不写）",
    ("Actual", "value"): "实际值（数字，不加引号和 %）",
    ("Actual", "as_of"): "截至日期 YYYY-MM-DD；不写即为年末数",
    ("Actual", "source"): "数据来源，如 统计快报、区科技局报送",
    ("Actual", "note"): "备注，如 上半年、1-6月累计",
    ("Revision", "id"): "修订编号：小写英文字母、数字、下划线",
    ("Revision", "date"): "施行日期：自此日起按新目标评价",
    ("Revision", "document"): "调整目标的文件文号",
    ("Revision", "note"): "说明",
    ("Revision", "targets"): "调整后的目标：{指标编号: {年份: 新目标}}（新目标可用与 targets 相同的写法）",
    ("Actual", "revised"): "修订原因（如 经济普查修订）：此条自 as_of 起取代该年之前的数，可晚于该年任意时间",
    ("Revision", "baselines"): "调整后的基期值：{指标编号: 新基期值}，自施行日期起使用",
    ("PlanInfo", "grades"): ("考核等次（可省略）：按 min 从高到低排列，最后一项不写 min，"
                             "如 [{min: 1.0, label: 完成}, {label: 未完成}]"),
    ("Grade", "min"): "完成率不低于此值（1 = 100%）即为此等次；最后一项不写",
    ("Grade", "label"): "等次名称，如 超额完成、完成、基本完成、未完成",
    ("Section", "id"): "章节编号（正整数）",
    ("Section", "title"): "章节标题，按计划原文",
    ("Task", "id"): "任务编号（正整数，唯一）",
    ("Task", "section"): "所属章节的编号",
    ("Task", "title"): "任务名称，按计划原文",
    ("Task", "lead"): "牵头单位（至少一个）",
    ("Task", "participants"): "参与单位",
    ("Task", "progress"): "各年进展：一条 {status, percent, as_of, note}，或按日期排列的多条",
    ("Report", "status"): "状态：未启动 / 推进中 / 已完成 / 滞后（或 not_started / in_progress / done / behind）",
    ("Report", "percent"): "完成百分比 0-100",
    ("Report", "as_of"): "截至日期 YYYY-MM-DD；不写即为年末",
    ("Report", "note"): "进展情况说明（滞后时请写明原因）",
    # 督办 (docs/duban.md)
    ("PlanInfo", "remind_days"): "临近提醒：完成时限在此天数之内（含当天）的任务为“临近”（默认 15）",
    ("Task", "deadline"): "完成时限：2022-06-30，或 2022年6月底前、2022年底前、2022年6月30日前；长期坚持的任务不写",
    ("Task", "milestones"): "阶段目标：[{by: 日期, name: 名称, percent: 应达到的完成百分比（可省略）}]",
    ("Milestone", "by"): "阶段目标的日期：此日（含）前应达到，写法同完成时限",
    ("Milestone", "name"): "阶段目标名称，如 完成选址、开工建设（同一任务内不重复）",
    ("Milestone", "percent"): "达到此完成百分比即算达到该阶段目标（可省略：须由报告的 milestone 写明）",
    ("Report", "milestone"): "本次报告达到的阶段目标名称（须是该任务 milestones 中的一项）",
    ("Report", "source"): "报送来源，如 区科技局报送；报送表写回时自动记下来自哪一份报送表",
}


def build(file: str) -> dict:
    from pydantic import TypeAdapter

    cls = model.TargetsFile if file == "targets" else model.TasksFile
    schema = TypeAdapter(cls).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"kjcx {file}.yaml"
    _describe("", schema)
    # direction left out means the kind's default (higher; lower for a rank), not null
    if file == "targets":
        indicator = schema["$defs"]["Indicator"]
        indicator["properties"]["direction"].pop("default", None)
        # targets may be left out when a rate's period is its target
        indicator["required"] = [k for k in indicator["required"] if k != "targets"]
        indicator["anyOf"] = [{"required": ["targets"]}, {"required": ["period"]}]
    for name, definition in schema.get("$defs", {}).items():
        _describe(name, definition)
    return schema


def _describe(name: str, definition: dict) -> None:
    for key, prop in definition.get("properties", {}).items():
        text = DESCRIPTIONS.get((name, key))
        if text:
            prop["description"] = text


def json_schema(file: str) -> str:
    return json.dumps(build(file), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
