"""The rules of `scoring.yaml`, item by item: each finding is (YAML path, message,
severity, at), placed at file:line:column by kjcx.plan.scoring (docs/score.md says the
same rules for people)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Optional

from kjcx.cleantext import clip
from kjcx.plan.model import ActionPlan, Indicator
from kjcx.plan.reader import Document
from kjcx.plan.scoring_model import (
    BASES,
    MATRIX_KEYS,
    RULES,
    UNITS,
    Band,
    Bonus,
    GradeBand,
    Item,
    Scheme,
    UnitClass,
)
from kjcx.plan.suggest import did_you_mean

SCHEME_KEYS = ("id", "name", "year", "units", "items", "bonus_max", "grades", "classes", "document", "publicity",
               "note")
ITEM_KEYS = ("indicator", "task", "name", "points", "rule", "step", "floor", "basis", "bands",
             "matrix", "bonus", "veto", "scores", "source", "short", "note")
BONUS_KEYS = ("per", "points", "max")
BAND_KEYS = ("min", "max", "points")
GRADE_KEYS = ("min", "share", "label")
CLASS_KEYS = ("units", "points")
_ID = re.compile(r"[a-z0-9_]+\Z")

Path_ = tuple[Any, ...]


class Checker:
    """Walks the raw document; every finding is (path, message, severity), placed at the end."""

    def __init__(self, doc: Document, plan: Optional[ActionPlan]) -> None:
        self.doc = doc
        self.plan = plan
        self.findings: list[tuple[Path_, str, str, str]] = []

    def error(self, path: Path_, message: str, at: str = "value") -> None:
        self.findings.append((path, message, "error", at))

    def warn(self, path: Path_, message: str) -> None:
        self.findings.append((path, message, "warning", "value"))

    # --- values ------------------------------------------------------------------

    def mapping(self, value: Any, path: Path_, keys: tuple[str, ...], what: str) -> dict:
        if not isinstance(value, dict):
            self.error(path, f"{what}应为映射（键: 值），而不是{_kind(value)}")
            return {}
        for key in value:
            if key not in keys:
                close = did_you_mean(str(key), keys)
                hint = f"，是否应为 “{close}”？" if close else f"（可用的键：{'、'.join(keys)}）"
                self.error(path + (key,), f"未知的键 “{clip(key)}”{hint}", at="key")
        return value

    def number(self, data: dict, key: str, path: Path_, *, positive: bool = False,
               required: bool = False, upto: Optional[Decimal] = None) -> Optional[Decimal]:
        if key not in data or data[key] is None:
            if required:
                self.error(path, f"缺少 “{key}”")
            return None
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.error(path + (key,), f"“{key}” 应为数字，而不是{_kind(value)}（不加引号、不加 %）")
            return None
        number = Decimal(value)
        if positive and number <= 0:
            self.error(path + (key,), f"“{key}” 应为正数，而不是 {value}")
            return None
        if number < 0:
            self.error(path + (key,), f"“{key}” 不能为负数（{value}）")
            return None
        if upto is not None and number > upto:
            self.error(path + (key,), f"“{key}” 为 {value}，超过了 {upto}")
            return None
        return number

    def text(self, data: dict, key: str, path: Path_, required: bool = False) -> Optional[str]:
        value = data.get(key)
        if value is None:
            if required:
                self.error(path, f"缺少 “{key}”")
            return None
        if isinstance(value, (dict, list, bool)):
            self.error(path + (key,), f"“{key}” 应为文字，而不是{_kind(value)}")
            return None
        return str(value)

    # --- the file --------------------------------------------------------------------

    def scoring(self) -> tuple[Scheme, ...]:
        top = self.mapping(self.doc.data, (), ("schemes",), "文件顶层")
        schemes = top.get("schemes")
        if not top:
            return ()
        if not isinstance(schemes, list) or not schemes:
            self.error(("schemes",) if "schemes" in top else (),
                       "“schemes” 应为考核方案的列表（至少一个，每个以 “- id:” 开头）")
            return ()
        out, seen = [], set()
        for i, raw in enumerate(schemes):
            scheme = self.scheme(raw, ("schemes", i))
            if scheme is None:
                continue
            if scheme.id in seen:
                self.error(("schemes", i, "id"), f"方案编号 “{scheme.id}” 重复")
            seen.add(scheme.id)
            out.append(scheme)
        return tuple(out)

    def scheme(self, raw: Any, path: Path_) -> Optional[Scheme]:
        data = self.mapping(raw, path, SCHEME_KEYS, "考核方案")
        if not data:
            return None
        ident = self.text(data, "id", path, required=True)
        if ident is not None and not _ID.match(ident):
            self.error(path + ("id",), f"方案编号 “{clip(ident)}” 只能用小写英文字母、数字和下划线")
        name = self.text(data, "name", path, required=True)
        year = self.year(data, path)
        units = self.text(data, "units", path, required=True)
        if units is not None and units not in UNITS:
            self.error(path + ("units",), f"“units” 应为 parts（分解的各地区）或 departments（各责任单位），"
                                          f"而不是 “{clip(units)}”")
            units = None
        items = self.items(data.get("items"), path + ("items",), units, year)
        keys = [it.key for it in items]
        grades = self.grades(data.get("grades"), path + ("grades",))
        bonus_max = self.number(data, "bonus_max", path, positive=True)
        classes = self.classes(data.get("classes"), path + ("classes",), keys, units, items)
        if ident is None or name is None or units is None or not items or not grades:
            return None
        document = self.text(data, "document", path)
        days = self.number(data, "publicity", path, positive=True)
        if days is not None and days != days.to_integral_value():
            self.error(path + ("publicity",), f"“publicity” 是公示的工作日数，应为整数，而不是 {days}")
            days = None
        return Scheme(ident, name, units, tuple(items), grades, year, bonus_max, classes, document,
                      int(days) if days is not None else None)

    def year(self, data: dict, path: Path_) -> Optional[int]:
        value = data.get("year")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path + ("year",), f"“year” 应为年份（如 2022），而不是{_kind(value)}")
            return None
        if self.plan is not None and value not in self.plan.years:
            self.error(path + ("year",), f"{value} 不在计划期 {self.plan.plan.start}-{self.plan.plan.end} 内")
            return None
        return value

    # --- items -------------------------------------------------------------------------

    def items(self, raw: Any, path: Path_, units: Optional[str], year: Optional[int]) -> list[Item]:
        if not isinstance(raw, list) or not raw:
            self.error(path if raw is not None else path[:-1], "“items” 应为计分项的列表（至少一项）")
            return []
        out = []
        for i, one in enumerate(raw):
            item = self.item(one, path + (i,), i, units, year)
            if item is not None:
                out.append(item)
        return out

    def item(self, raw: Any, path: Path_, index: int, units: Optional[str],
             year: Optional[int]) -> Optional[Item]:
        data = self.mapping(raw, path, ITEM_KEYS, "计分项")
        if not data:
            return None
        points = self.number(data, "points", path, positive=True, required=True)
        rule = self.text(data, "rule", path, required=True)
        if rule is not None and rule not in RULES:
            close = did_you_mean(rule, RULES)
            hint = f"，是否应为 “{close}”？" if close else ""
            self.error(path + ("rule",), f"未知的计分规则 “{clip(rule)}”{hint}（可用：{'、'.join(RULES)}）")
            rule = None
        subject = self.subject(data, path, rule, units, year)
        if points is None or rule is None or subject is None:
            return None
        indicator, task, name = subject
        fields: dict[str, Any] = {}
        if rule == "proportional":
            fields["step"] = self.number(data, "step", path, positive=True, upto=Decimal(1))
            fields["floor"] = self.number(data, "floor", path, upto=Decimal(1))
        self.not_for(data, path, rule, "step", "floor", need="proportional")
        if rule == "bands":
            fields["basis"], fields["bands"] = self.bands(data, path, points)
        self.not_for(data, path, rule, "bands", "basis", need="bands")
        if rule == "matrix":
            fields["matrix"] = self.matrix(data, path, points)
        self.not_for(data, path, rule, "matrix", need="matrix")
        if rule == "manual":
            fields["scores"] = self.scores(data, path, points, units)
        self.not_for(data, path, rule, "scores", need="manual")
        fields["bonus"] = self.bonus(data, path, rule, fields.get("basis", "completion"))
        fields["veto"] = self.veto(data, path, rule)
        if indicator is not None and (rule == "proportional" or fields.get("bonus") is not None
                                      or (rule == "bands" and fields.get("basis") == "completion")):
            self.completion_rows(indicator, path, units, year)
        fields["source"] = self.text(data, "source", path)
        fields["short"] = self.text(data, "short", path)
        return Item(index, points, rule, indicator, task, name, **fields)

    def not_for(self, data: dict, path: Path_, rule: str, *keys: str, need: str) -> None:
        for key in keys:
            if key in data and rule != need:
                self.error(path + (key,), f"“{key}” 只用于 rule: {need}（本项为 {rule}）", at="key")

    def subject(self, data: dict, path: Path_, rule: Optional[str], units: Optional[str],
                year: Optional[int]) -> Optional[tuple[Optional[str], Optional[int], Optional[str]]]:
        """(indicator id, task id, name) of the item; exactly one of indicator and task
        unless the item is scored by hand (manual: a name)."""
        name = self.text(data, "name", path)
        given = [k for k in ("indicator", "task") if data.get(k) is not None]
        if rule == "manual":
            if given:
                self.error(path + (given[0],), "手工评分项（manual）不对应指标或任务：去掉此键，写 name", at="key")
            if not name:
                self.error(path, "手工评分项（manual）须写 name（评分内容，如 节能工作会议纪要）")
                return None
            return None, None, name
        if len(given) != 1:
            self.error(path, "计分项须写 indicator（指标编号）或 task（任务编号）中的一个" if not given
                       else "计分项只能写 indicator 或 task 中的一个")
            return None
        if given[0] == "task":
            return self.task_subject(data, path, rule, name)
        if isinstance(data["indicator"], (dict, list, bool)):
            self.error(path + ("indicator",), f"“indicator” 应为指标编号（如 energy_intensity），"
                                              f"而不是{_kind(data['indicator'])}")
            return None
        ident = str(data["indicator"])
        indicator = self.indicator(ident, path + ("indicator",), units)
        if indicator is not None and rule == "matrix":
            self.matrix_rows(indicator, path, units, year)
        return (ident if indicator is not None or self.plan is None else None), None, name

    def task_subject(self, data: dict, path: Path_, rule: Optional[str], name: Optional[str]):
        value = data["task"]
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path + ("task",), f"“task” 应为任务编号（正整数），而不是{_kind(value)}")
            return None
        if rule is not None and rule != "threshold":
            self.error(path + ("rule",), "任务只能按 threshold 计分（完成或不滞后得分，否则不得分）")
            return None
        if self.plan is not None and value not in {t.id for t in self.plan.tasks}:
            self.error(path + ("task",), f"没有编号为 {value} 的任务（见 tasks.yaml）")
            return None
        return None, value, name

    def indicator(self, ident: str, path: Path_, units: Optional[str]) -> Optional[Indicator]:
        if self.plan is None:
            return None
        found = next((i for i in self.plan.indicators if i.id == ident), None)
        if found is None:
            close = did_you_mean(ident, [i.id for i in self.plan.indicators])
            hint = f"，是否应为 “{close}”？" if close else "（见 targets.yaml 的 indicators[].id）"
            self.error(path, f"没有编号为 “{clip(ident)}” 的指标{hint}")
            return None
        if units == "parts" and not found.parts:
            self.error(path, f"指标 “{ident}” 没有分解（parts），不能按地区考核；"
                             "按部门考核请写 units: departments")
        if units == "departments" and not found.lead and not any(p.lead for p in found.parts):
            self.warn(path, f"指标 “{ident}” 没有牵头单位（lead），不计入任何单位的考核")
        return found

    def matrix_rows(self, ind: Indicator, path: Path_, units: Optional[str], year: Optional[int]) -> None:
        """A matrix item needs rows with a yearly target and a period target."""
        years = [year] if year is not None else list(self.plan.years) if self.plan else []
        rows = [(ind.name, ind.targets, ind.period)] if units != "parts" else \
            [(p.name, p.targets, p.period) for p in ind.parts]
        for name, targets, period in rows:
            lacking = [y for y in years if y not in targets]
            if period is None or lacking:
                what = "期内目标（period）" if period is None else f"{'、'.join(map(str, lacking))}年的年度目标"
                self.error(path + ("rule",), f"矩阵计分（matrix）要同时有年度目标和期内目标："
                                             f"“{clip(name)}” 没有{what}")
                return

    def completion_rows(self, ident: str, path: Path_, units: Optional[str], year: Optional[int]) -> None:
        """A rule on completion needs a completion: never for a rank (a position); a rate
        (growth, reduction) or an indicator that is not interpolated has one only in
        years with a target (else the item scores 0)."""
        ind = next((i for i in self.plan.indicators if i.id == ident), None) if self.plan else None
        if ind is None:
            return
        if ind.kind == "rank":
            self.error(path + ("rule",), f"位次指标 “{ident}” 没有完成率：请用 threshold（达到目标位次得分）")
            return
        if ind.interpolation != "none":
            return
        years = [year] if year is not None else list(self.plan.years) if self.plan else []
        rows = [(ind.name, ind.targets)] if units != "parts" else [(p.name, p.targets) for p in ind.parts]
        lacking = [name for name, targets in rows if any(y not in targets for y in years)]
        if lacking:
            when = f"{year}年" if year is not None else "计划期某些年份"
            self.warn(path + ("indicator",), f"“{'、'.join(lacking[:5])}” {when}没有 “{ident}” 的年度目标，"
                                             "没有完成率，此项得 0 分")

    def bands(self, data: dict, path: Path_, points: Decimal) -> tuple[str, tuple[Band, ...]]:
        basis = self.text(data, "basis", path) or "completion"
        if basis not in BASES:
            self.error(path + ("basis",), f"“basis” 应为 completion（按完成率）或 excess（按超出目标的幅度），"
                                          f"而不是 “{clip(basis)}”")
            basis = "completion"
        raw = data.get("bands")
        if not isinstance(raw, list) or len(raw) < 2:
            self.error(path + ("bands",) if "bands" in data else path, "分档计分（bands）须列出至少两档")
            return basis, ()
        bound = "min" if basis == "completion" else "max"
        other = "max" if bound == "min" else "min"
        out: list[Band] = []
        for i, one in enumerate(raw):
            here = path + ("bands", i)
            band = self.mapping(one, here, BAND_KEYS, "分档")
            if not band:
                continue
            if other in band:
                self.error(here + (other,), f"按{'完成率' if bound == 'min' else '超出幅度'}分档用 “{bound}”，"
                                            f"不用 “{other}”", at="key")
            score = self.number(band, "points", here, required=True, upto=points)
            limit = self.number_any(band, bound, here)
            last = i == len(raw) - 1
            if last and limit is not None:
                self.error(here + (bound,), f"最后一档不写 “{bound}”（其余情况都落在这一档）", at="key")
            if not last and limit is None and bound not in band:
                self.error(here, f"除最后一档外，每档都要写 “{bound}”")
            if out and limit is not None and out[-1].__getattribute__(bound) is not None:
                previous = getattr(out[-1], bound)
                if (bound == "min" and limit >= previous) or (bound == "max" and limit <= previous):
                    order = "从高到低" if bound == "min" else "从低到高"
                    self.error(here + (bound,), f"各档的 “{bound}” 应{order}排列（{previous} 之后是 {limit}）")
            if score is not None:
                out.append(Band(score, **{bound: limit}))
        return basis, tuple(out)

    def number_any(self, data: dict, key: str, path: Path_) -> Optional[Decimal]:
        """A number that may be negative or zero (a band's bound)."""
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.error(path + (key,), f"“{key}” 应为数字（1 = 100%），而不是{_kind(value)}")
            return None
        return Decimal(value)

    def matrix(self, data: dict, path: Path_, points: Decimal) -> Optional[dict[str, Decimal]]:
        raw = self.mapping(data.get("matrix"), path + ("matrix",), MATRIX_KEYS, "“matrix”")
        if not raw:
            return None
        out = {}
        for key in MATRIX_KEYS:
            value = self.number(raw, key, path + ("matrix",), required=True, upto=points)
            if value is not None:
                out[key] = value
        return out if len(out) == len(MATRIX_KEYS) else None

    def scores(self, data: dict, path: Path_, points: Decimal, units: Optional[str]) -> dict[str, Decimal]:
        raw = data.get("scores")
        if raw is None:
            return {}
        raw = self.mapping(raw, path + ("scores",), tuple(str(k) for k in raw) if isinstance(raw, dict) else (),
                           "“scores”（单位: 得分）")
        out = {}
        for unit in raw:
            value = self.number(raw, unit, path + ("scores",), upto=points)
            self.unit(str(unit), path + ("scores", unit), units)
            if value is not None:
                out[str(unit)] = value
        return out

    def bonus(self, data: dict, path: Path_, rule: str, basis: str) -> Optional[Bonus]:
        if data.get("bonus") is None:
            return None
        if rule in ("manual", "matrix") or basis == "excess":
            self.error(path + ("bonus",), "加分（bonus）按完成率超过 100% 的部分计算，"
                                          "只用于 proportional、threshold 和按完成率的 bands", at="key")
            return None
        raw = self.mapping(data["bonus"], path + ("bonus",), BONUS_KEYS, "“bonus”")
        if not raw:
            return None
        per = self.number(raw, "per", path + ("bonus",), positive=True, required=True)
        points = self.number(raw, "points", path + ("bonus",), positive=True, required=True)
        cap = self.number(raw, "max", path + ("bonus",), positive=True)
        return Bonus(per, points, cap) if per is not None and points is not None else None

    def veto(self, data: dict, path: Path_, rule: str) -> bool:
        value = data.get("veto", False)
        if not isinstance(value, bool):
            self.error(path + ("veto",), f"“veto” 应为 true 或 false，而不是{_kind(value)}")
            return False
        if value and rule == "manual":
            self.error(path + ("veto",), "手工评分项不能一票否决（veto 只用于有达标判定的指标或任务）")
            return False
        return value

    # --- units, grades, classes ---------------------------------------------------------------

    def known_units(self, units: Optional[str]) -> Optional[list[str]]:
        if self.plan is None or units is None:
            return None
        if units == "departments":
            return self.plan.departments()
        return list(dict.fromkeys(p.name for i in self.plan.indicators for p in i.parts))

    def unit(self, name: str, path: Path_, units: Optional[str]) -> None:
        known = self.known_units(units)
        if known is not None and name not in known:
            close = did_you_mean(name, known)
            hint = f"，是否应为 “{close}”？" if close else f"（可用的有：{'、'.join(known[:12])}）"
            what = "分解中的地区" if units == "parts" else "责任单位"
            self.error(path, f"“{clip(name)}” 不是{what}{hint}", at="key" if path[-2:-1] == ("scores",) else "value")

    def grades(self, raw: Any, path: Path_) -> tuple[GradeBand, ...]:
        if not isinstance(raw, list) or len(raw) < 2:
            self.error(path if raw is not None else path[:-1],
                       "“grades” 应为至少两个等次的列表，如 [{min: 90, label: 优秀}, {label: 不合格}]")
            return ()
        out: list[GradeBand] = []
        for i, one in enumerate(raw):
            here = path + (i,)
            data = self.mapping(one, here, GRADE_KEYS, "等次")
            if not data:
                continue
            label = self.text(data, "label", here, required=True)
            low = self.number_any(data, "min", here)
            share = self.number(data, "share", here, positive=True, upto=Decimal(1))
            if low is not None and share is not None:
                self.error(here, "一个等次只能按分数（min）或按比例（share）划分，不能两个都写")
            last = i == len(raw) - 1
            if last and (low is not None or share is not None):
                self.error(here, "最后一个等次不写 min 或 share（其余单位都属于这一等次）")
            elif not last and low is None and share is None:
                self.error(here, "除最后一个等次外，每个等次都要写 min（分数线）或 share（比例）")
            if label is not None and any(g.label == label for g in out):
                self.error(here + ("label",), f"等次 “{clip(label)}” 重复")
            if label is not None:
                out.append(GradeBand(label, low, share))
        self.grade_order(out, path)
        return tuple(out) if len(out) == len(raw) else ()

    def grade_order(self, grades: list[GradeBand], path: Path_) -> None:
        mins = [(i, g.min) for i, g in enumerate(grades) if g.min is not None]
        shares = [(i, g.share) for i, g in enumerate(grades) if g.share is not None]
        if mins and shares and shares[-1][0] > mins[0][0]:
            self.error(path + (shares[-1][0],), "按比例（share）的等次要排在按分数（min）的等次之前")
        for (_, a), (j, b) in zip(mins, mins[1:]):
            if b >= a:
                self.error(path + (j, "min"), f"等次的分数线应从高到低排列（{a} 之后是 {b}）")
        total = sum((s for _, s in shares), Decimal(0))
        if total > 1:
            self.error(path, f"各等次的比例（share）合计 {total}，超过 1（100%）")

    def classes(self, raw: Any, path: Path_, keys: list[str], units: Optional[str],
                items: list[Item]) -> tuple[UnitClass, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, dict):
            self.error(path, "“classes” 应为映射：{类别名称: {units: [单位...], points: {计分项: 分值}}}")
            return ()
        out: list[UnitClass] = []
        placed: dict[str, str] = {}
        by_key = {it.key: it for it in items}
        for name, one in raw.items():
            here = path + (name,)
            data = self.mapping(one, here, CLASS_KEYS, "类别")
            members = data.get("units") if data else None
            if not isinstance(members, list) or not members:
                self.error(here, "类别须列出 units（属于该类的单位）")
                continue
            for j, unit in enumerate(members):
                self.unit(str(unit), here + ("units", j), units)
                if str(unit) in placed:
                    self.error(here + ("units", j), f"“{clip(unit)}” 已属于类别 “{placed[str(unit)]}”，"
                                                   "一个单位只能属于一个类别")
                placed.setdefault(str(unit), str(name))
            points = self.class_points(data.get("points"), here + ("points",), keys, by_key)
            out.append(UnitClass(str(name), tuple(str(u) for u in members), points))
        return tuple(out)

    def class_points(self, raw: Any, path: Path_, keys: list[str], by_key: dict) -> dict[str, Decimal]:
        if not isinstance(raw, dict) or not raw:
            self.error(path if raw is not None else path[:-1], "类别须写 points：{计分项: 该类的分值}")
            return {}
        out = {}
        for key in raw:
            if str(key) not in keys:
                close = did_you_mean(str(key), keys)
                hint = f"，是否应为 “{close}”？" if close else f"（计分项：{'、'.join(keys)}）"
                self.error(path + (key,), f"没有计分项 “{clip(key)}”{hint}", at="key")
                continue
            if keys.count(str(key)) > 1:
                self.error(path + (key,), f"“{clip(key)}” 对应不止一个计分项：请给这些项各写一个 name，"
                                          "在此用 name", at="key")
                continue
            value = self.number(raw, key, path, positive=True)
            if value is not None:
                out[str(key)] = value
        return out


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"真假值 {value}".replace("True", "true").replace("False", "false")
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    if value is None:
        return "空值"
    if isinstance(value, str):
        return f"文字 “{clip(value)}”"
    return f"{value}"


def check_items(checker: Checker, schemes: tuple[Scheme, ...]) -> None:
    """Cross-item rules once every scheme is read: units without a row, duplicate labels."""
    plan = checker.plan
    if plan is None:
        return
    for s_index, scheme in enumerate(schemes):
        if scheme.units != "parts":
            continue
        by_id = {i.id: i for i in plan.indicators}
        units = list(dict.fromkeys(p.name for it in scheme.items if it.indicator in by_id
                                   for p in by_id[it.indicator].parts))
        for item in scheme.items:
            ind = by_id.get(item.indicator) if item.indicator else None
            if ind is None:
                continue
            lacking = [u for u in units if u not in {p.name for p in ind.parts}]
            if lacking:
                checker.warn(("schemes", s_index, "items", item.index, "indicator"),
                             f"指标 “{ind.id}” 没有分解到 {'、'.join(lacking[:10])}：这些单位此项不得分")


