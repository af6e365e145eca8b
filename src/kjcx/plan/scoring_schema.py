"""JSON Schema of `scoring.yaml` (the 考核 schemes), for editors: every key has a Chinese
`description` that editors show on hover. Written out by hand: the file is validated by
kjcx.plan.scoring, not by pydantic, and this says the same rules."""

from __future__ import annotations

import json

_NUMBER = {"type": "number"}
_POSITIVE = {"type": "number", "exclusiveMinimum": 0}
_SHARE = {"type": "number", "exclusiveMinimum": 0, "maximum": 1}


def _d(text: str, schema: dict) -> dict:
    return {**schema, "description": text}


def build() -> dict:
    band = {"type": "object", "additionalProperties": False, "required": ["points"], "properties": {
        "min": _d("按完成率分档：完成率不低于此值（1 = 100%）得本档分；各档从高到低，最后一档不写", _NUMBER),
        "max": _d("按超出幅度分档：超出目标不超过此值（0.1 = 10%）得本档分；各档从低到高，最后一档不写", _NUMBER),
        "points": _d("本档得分（不超过本项分值）", {"type": "number", "minimum": 0}),
    }}
    bonus = {"type": "object", "additionalProperties": False, "required": ["per", "points"], "properties": {
        "per": _d("完成率每超过 100% 这么多（0.1 = 10%）加一次分", _POSITIVE),
        "points": _d("每次加的分", _POSITIVE),
        "max": _d("本项最多加多少分", _POSITIVE),
    }}
    matrix = {"type": "object", "additionalProperties": False,
              "required": ["both", "period_only", "year_only", "neither"], "properties": {
                  "both": _d("完成年度目标，且期内目标进度不低于时间进度", {"type": "number", "minimum": 0}),
                  "period_only": _d("未完成年度目标，期内目标进度不低于时间进度", {"type": "number", "minimum": 0}),
                  "year_only": _d("完成年度目标，期内目标进度落后于时间进度", {"type": "number", "minimum": 0}),
                  "neither": _d("两者都未完成", {"type": "number", "minimum": 0}),
              }}
    item = {"type": "object", "additionalProperties": False, "required": ["points", "rule"], "properties": {
        "indicator": _d("计分的指标编号（targets.yaml 的 indicators[].id）", {"type": "string"}),
        "task": _d("计分的任务编号（tasks.yaml 的 tasks[].id，只能按 threshold 计分）", {"type": "integer"}),
        "name": _d("计分项名称；手工评分项（manual）必填，同一指标有两项时用来区分", {"type": "string"}),
        "short": _d("终端表格中本项的列名（简称，如 节能量；不写为 项1、项2……）", {"type": "string"}),
        "points": _d("本项分值（正数）", _POSITIVE),
        "rule": _d("计分规则：proportional 按完成率（分值 × 完成率，最多得满分）；threshold 达标得分、"
                   "否则不得分；bands 分档；matrix 年度目标 × 期内进度；manual 手工评分",
                   {"enum": ["proportional", "threshold", "bands", "matrix", "manual"]}),
        "step": _d("proportional：完成率按此档向下取（0.1：97% 按 90% 计）", _SHARE),
        "floor": _d("proportional：完成率低于此值不得分（0.5：完成 50% 以下不得分）",
                    {"type": "number", "minimum": 0, "maximum": 1}),
        "basis": _d("bands：completion 按完成率（min，从高到低）；excess 按超出目标的幅度（max，从低到高）",
                    {"enum": ["completion", "excess"]}),
        "bands": _d("bands：各档，如 [{max: 0, points: 15}, {max: 0.1, points: 10}, {points: 0}]",
                    {"type": "array", "minItems": 2, "items": band}),
        "matrix": _d("matrix：四种情况各得多少分", matrix),
        "bonus": _d("加分：每超额完成 per 加 points 分，最多 max 分", bonus),
        "veto": _d("true：一票否决——未达到目标即为最后一个等次（名次不变）", {"type": "boolean"}),
        "scores": _d("manual：各单位的评分 {单位: 得分}；没有评分的单位计 0 分并列为“未评分”",
                     {"type": "object", "additionalProperties": {"type": "number", "minimum": 0}}),
        "source": _d("评分依据（如 市节能办审核意见）", {"type": "string"}),
        "note": _d("备注", {"type": "string"}),
    }}
    grade = {"type": "object", "additionalProperties": False, "required": ["label"], "properties": {
        "label": _d("等次名称，如 优秀、良好、合格、不合格", {"type": "string"}),
        "min": _d("按分数：总分不低于此值为此等次；从高到低，最后一个等次不写", _NUMBER),
        "share": _d("按比例：此等次不超过被考核单位总数的这个比例（0.15 = 15%）；比例等次排在分数等次之前",
                    _SHARE),
    }}
    unit_class = {"type": "object", "additionalProperties": False, "required": ["units", "points"], "properties": {
        "units": _d("属于该类的单位", {"type": "array", "items": {"type": "string"}, "minItems": 1}),
        "points": _d("该类单位的分值 {计分项: 分值}，计分项写指标编号、task:N 或 name",
                     {"type": "object", "additionalProperties": _POSITIVE}),
    }}
    scheme = {"type": "object", "additionalProperties": False,
              "required": ["id", "name", "units", "items", "grades"], "properties": {
                  "id": _d("方案编号：小写英文字母、数字、下划线（kjcx score --scheme 用它）",
                           {"type": "string", "pattern": "^[a-z0-9_]+$"}),
                  "name": _d("方案名称，如 2022年度各区节能目标责任评价考核", {"type": "string"}),
                  "year": _d("考核的年份；不写则计划期每一年都按此方案考核（可比较名次变化）", {"type": "integer"}),
                  "units": _d("考核对象：parts 各指标分解到的地区；departments 各责任单位（按牵头事项，换算为百分制）",
                              {"enum": ["parts", "departments"]}),
                  "items": _d("计分项", {"type": "array", "minItems": 1, "items": item}),
                  "bonus_max": _d("一个单位的加分合计最多多少分", _POSITIVE),
                  "grades": _d("等次：按分数 [{min: 90, label: 优秀}, …, {label: 不合格}]，"
                               "或按比例 [{label: 优秀, share: 0.15}, …]",
                               {"type": "array", "minItems": 2, "items": grade}),
                  "classes": _d("分类考核：{类别名称: {units: [...], points: {计分项: 分值}}}",
                                {"type": "object", "additionalProperties": unit_class}),
                  "document": _d("考核办法的文号", {"type": "string"}),
                  "publicity": _d("公示期（工作日）：通报的考核结论后写“现予公示，公示期为N个工作日”",
                                  {"type": "integer", "exclusiveMinimum": 0}),
                  "note": _d("备注", {"type": "string"}),
              }}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "kjcx scoring.yaml",
            "type": "object", "additionalProperties": False, "required": ["schemes"],
            "properties": {"schemes": _d("考核方案的列表", {"type": "array", "minItems": 1, "items": scheme})}}


def json_schema() -> str:
    return json.dumps(build(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
