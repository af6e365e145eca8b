"""The schemas of targets.yaml and tasks.yaml (README: 数据文件), as frozen dataclasses.

pydantic validates these classes (load.py builds TypeAdapters over them), but
this module does not import pydantic: the constraints are Annotated markers
that pydantic reads when it builds a validator. So a plan restored from the
cache (cache.py) is usable without paying pydantic's import on every command.

Numbers are Decimal so that 2.58 - 2.57 is exactly 0.01. A number must be a
YAML number: strings such as "2.59%" are refused instead of coerced, because
a silently coerced figure is a wrong figure in a leader's report.
"""

from __future__ import annotations

import sys
from dataclasses import field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Callable, Literal, Optional, Union

from kjcx.plan.records import record as frozen_record
from kjcx.words import TASK_STATUS_WORDS


class _Rule:
    """Annotated metadata turned into a pydantic-core schema when pydantic asks."""

    def __init__(self, *, before: Callable | None = None, plain: Callable | None = None,
                 json_schema: dict | Callable | None = None, **constraints):
        self.before, self.plain = before, plain
        self.json_schema, self.constraints = json_schema, constraints

    def __get_pydantic_core_schema__(self, source, handler):
        from pydantic_core import core_schema

        if self.plain is _number:
            return _number_schema(core_schema)
        if self.plain is _target:
            return _target_schema(core_schema, handler)
        if self.plain is not None:
            return core_schema.no_info_plain_validator_function(self.plain)
        schema = handler(source)
        if self.constraints:
            schema = {**schema, **self.constraints}
        if self.before is not None:
            schema = core_schema.no_info_before_validator_function(self.before, schema)
        return schema

    def __get_pydantic_json_schema__(self, schema, handler):
        if callable(self.json_schema):  # wraps the schema pydantic generates
            return self.json_schema(handler(schema))
        return dict(self.json_schema) if self.json_schema is not None else handler(schema)


def _custom_error(kind: str, message: str):
    from pydantic_core import PydanticCustomError

    return PydanticCustomError(kind, message)


def _number(value):
    if isinstance(value, bool):
        raise _custom_error("kjcx_number", "expected a number")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _custom_error("kjcx_finite", "expected a finite number")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _custom_error("kjcx_finite", "expected a finite number")
        return Decimal(repr(value))
    raise _custom_error("kjcx_number", "expected a number")


def _percent(value):
    number = _number(value)
    if not 0 <= number <= 100:
        raise _custom_error("kjcx_percent", "expected 0 to 100")
    return number


def _number_schema(core_schema):
    """_number, in pydantic-core: a Decimal as it is, an int made Decimal, nothing else.

    Same rule as _number without a Python call per Decimal: a plan of 10,000
    indicators holds some 70,000 numbers."""
    return core_schema.union_schema(
        [core_schema.decimal_schema(strict=True, allow_inf_nan=False),
         core_schema.no_info_after_validator_function(Decimal, core_schema.int_schema(strict=True))],
        custom_error_type="kjcx_number", custom_error_message="expected a number")


Number = Annotated[Decimal, _Rule(plain=_number, json_schema={"type": "number"})]

# Loc tags of a target's two forms in pydantic's errors: load.py drops them, so an
# error is placed at the target itself (a number) or at the key of its mapping.
TARGET_TAGS = ("<number>", "<form>")


def _target(value):
    """Marker of a target value (a number or a TargetSpec mapping); see _target_schema."""
    return value


def _target_schema(core_schema, handler):
    """A target: a number as Number, a mapping as TargetSpec, chosen by the input's
    type so that each error is the one of the form the user wrote."""
    return core_schema.tagged_union_schema(
        choices={TARGET_TAGS[0]: _number_schema(core_schema),
                 TARGET_TAGS[1]: handler.generate_schema(TargetSpec)},
        discriminator=lambda v: TARGET_TAGS[1] if isinstance(v, (dict, TargetSpec)) else TARGET_TAGS[0])
Percent = Annotated[Decimal, _Rule(plain=_percent, json_schema={
    "type": "number", "minimum": 0, "maximum": 100})]
Int = Annotated[int, _Rule(strict=True)]
PositiveInt = Annotated[int, _Rule(strict=True, gt=0)]
# Plausible years: a date typed as a year (20220630) or a typo (202200000)
# is refused at its line instead of costing a range() over millions of years.
MIN_YEAR, MAX_YEAR = 1900, 2100
Year = Annotated[int, _Rule(strict=True, ge=MIN_YEAR, le=MAX_YEAR)]
Text = Annotated[str, _Rule(strict=True)]
Name = Annotated[str, _Rule(strict=True, min_length=1)]
Identifier = Annotated[str, _Rule(strict=True, pattern=r"^[a-z0-9_]+$")]


class TaskStatus(str, Enum):
    not_started = "not_started"
    in_progress = "in_progress"
    done = "done"
    behind = "behind"


# 未启动 / 推进中 / 已完成 / 滞后 as written in tasks.yaml (the words are kjcx.words').
STATUS_LABELS = {label: TaskStatus(value) for label, value in TASK_STATUS_WORDS.items()}


def _task_status(value):
    if isinstance(value, str) and value in STATUS_LABELS:
        return STATUS_LABELS[value]
    return value


Status = Annotated[TaskStatus, _Rule(
    before=_task_status,
    json_schema={"enum": [s.value for s in TaskStatus] + list(STATUS_LABELS)})]


def _actual(value):
    # A bare number is shorthand for {value: number}.
    if isinstance(value, (dict, Actual)):
        return value
    return {"value": value}


def _dated(one: Callable | None = None):
    """A year's figure(s): one entry, or a list of dated entries oldest first.
    Both become a list, so compute always sees `list[Actual]` / `list[Report]`."""
    def normalise(value):
        if isinstance(value, list):
            return [one(v) for v in value] if one else value
        return [one(value) if one else value]
    return normalise


def _none_is_empty(value):
    # `tasks:` with nothing after it is an empty list to a person.
    return [] if value is None else value


if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
elif sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # Python 3.10: the marker is only for type checkers
    def dataclass_transform(**_):
        return lambda f: f


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls):
    """A frozen dataclass whose unknown keys are errors: a typo (taregts) must not
    pass silently. pydantic reads the config from __pydantic_config__."""
    cls.__pydantic_config__ = {"extra": "forbid"}
    return frozen_record(cls)


@record
class Department:
    name: Name
    aliases: list[Text] = field(default_factory=list)


@record
class Thresholds:
    near: Number = Decimal("0.9")
    severe: Number = Decimal("0.7")
    task_tolerance: Number = Decimal("10")


@record
class Grade:
    """An assessment grade (等次): the first whose `min` <= completion; the last has none."""

    label: Name
    min: Optional[Number] = None


@record
class ReportDefaults:
    """The 通报's own 文号 and 落款 (`kjcx report --number/--issuer` override them)."""

    number: Optional[Text] = None  # 河东科创办〔2022〕3号
    issuer: Optional[Text] = None  # 河东区科技创新工作领导小组办公室


@record
class PlanInfo:
    name: Name
    start: Year
    end: Year
    document: Optional[Text] = None
    departments: Optional[list[Department]] = None
    thresholds: Thresholds = field(default_factory=Thresholds)
    grades: Optional[list[Grade]] = None
    remind_days: Annotated[int, _Rule(strict=True, ge=0, le=366)] = 15  # 督办: 临近提醒的天数
    report: Optional[ReportDefaults] = None


@record
class Baseline:
    year: Year
    value: Optional[Number] = None  # optional for growth/reduction rates (the period's base year)


@record
class TargetSpec:
    """A target written as a mapping: exactly one of value / base_plus / base_times
    (rules.py says so at its line), and 力争 `stretch` on the side of the direction."""

    value: Optional[Number] = None
    base_plus: Optional[Number] = None  # 比基期提高 d: T = B + d
    base_times: Optional[Number] = None  # 倍增: T = B x k
    stretch: Optional[Number] = None  # 力争


def _target_json(generated: dict) -> dict:
    # pydantic writes a Decimal as number-or-string; a target is a YAML number or a mapping
    forms = generated.get("oneOf") or generated.get("anyOf") or []
    return {"anyOf": [{"type": "number"}] + [f for f in forms if "$ref" in f]}


TargetValue = Annotated[Union[Decimal, TargetSpec], _Rule(plain=_target, json_schema=_target_json)]


@record
class Period:
    """A target over the whole plan: 〔C〕 cumulative or 年均 a % (exactly one)."""

    cumulative: Optional[Number] = None
    average: Optional[Number] = None


@record
class Band:
    """An indicator's own thresholds (a ratio such as 研发投入强度 needs a tight band)."""

    near: Optional[Number] = None
    severe: Optional[Number] = None


@record
class Actual:
    value: Number
    as_of: Optional[date] = None
    source: Optional[Text] = None
    note: Optional[Text] = None
    revised: Optional[Name] = None  # why this figure replaces the earlier ones (经济普查修订)


_Actuals = dict[Year, Annotated[list[Actual], _Rule(before=_dated(_actual), json_schema=lambda entries: {
    "anyOf": [{"type": "number"}, entries["items"], entries]})]]


@record
class GivenGrade:
    """An official 等次 of a part for a year (the office's 考核结果), with where it is published."""

    label: Name
    source: Optional[Text] = None


def _given_grade(value):
    # `2022: 完成` is shorthand for {label: 完成}
    return {"label": value} if isinstance(value, str) else value


@record
class Part:
    """One region or unit of a broken-down indicator (分解): its own name, lead,
    baseline, targets, figures and period; everything else is the indicator's.
    `grade`: year -> the official 等次 given for it, which wins over the computed one."""

    name: Name
    lead: list[Text] = field(default_factory=list)
    baseline: Optional[Baseline] = None
    targets: dict[Year, TargetValue] = field(default_factory=dict)
    actuals: _Actuals = field(default_factory=dict)
    period: Optional[Period] = None
    grade: dict[Year, Annotated[GivenGrade, _Rule(before=_given_grade, json_schema=lambda g: {
        "anyOf": [{"type": "string", "minLength": 1}, g]})]] = field(default_factory=dict)


def _period_only(value):
    """An indicator judged on its `period` alone, or stated by its `parts` (分解), may
    leave `targets` out."""
    if isinstance(value, dict) and "targets" not in value and (
            value.get("period") is not None or value.get("parts")):
        return {**value, "targets": {}}
    return value


@record
class Indicator:
    id: Identifier
    name: Name
    unit: Text
    # at least one year (kindrules.py), unless a rate's `period` is its target or the
    # indicator is broken down into `parts`: then the key may be left out (_period_only)
    targets: dict[Year, TargetValue]
    # not written: the kind's default (lower for rank, else higher), set in __post_init__
    direction: Literal["higher", "lower"] = None  # type: ignore[assignment]
    kind: Literal["level", "flow", "growth", "reduction", "rank"] = "level"
    baseline: Optional[Baseline] = None
    actuals: _Actuals = field(default_factory=dict)
    lead: list[Text] = field(default_factory=list)
    tasks: list[Int] = field(default_factory=list)
    source: Optional[Text] = None
    binding: Annotated[bool, _Rule(strict=True)] = False
    parts: list[Part] = field(default_factory=list)
    parts_label: Optional[Text] = None  # what the parts are called: 市（州）, 区县, 园区 (default 地区)
    period: Optional[Period] = None
    tolerance: Optional[Number] = None  # 左右: a shortfall up to this much is met
    interpolate: Optional[Literal["linear", "geometric", "step", "none"]] = None
    integer: Annotated[bool, _Rule(strict=True)] = False
    pacing: Literal["linear", "none"] = "linear"
    thresholds: Optional[Band] = None

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(_period_only, handler(source))

    def __post_init__(self) -> None:
        if self.direction is None:  # a rank's position: lower is better
            object.__setattr__(self, "direction", "lower" if self.kind == "rank" else "higher")

    @property
    def rate_kind(self) -> bool:
        """growth | reduction: each figure is a year's rate in %."""
        return self.kind in ("growth", "reduction")

    @property
    def interpolation(self) -> str:
        """How years without a target get one: the key, else the kind's default."""
        if self.interpolate is not None:
            return self.interpolate
        return "linear" if self.kind in ("level", "flow") else "none"


@record
class Report:
    status: Status
    percent: Optional[Percent] = None
    as_of: Optional[date] = None
    note: Optional[Text] = None
    milestone: Optional[Name] = None  # 督办: the 阶段目标 this report says is reached
    source: Optional[Text] = None  # 督办: who reported it (a form's write-back says which form)


@record
class Section:
    id: PositiveInt
    title: Name


# --- 督办 (docs/duban.md): a task's 完成时限 and 阶段目标 -----------------------------

def _office_date(value):
    """2022年6月底前 as the date it means; anything else is left for the date check."""
    if isinstance(value, str):  # (imported here: a date written as text is rare)
        from kjcx.plan.officedate import office_date

        return office_date(value) or value
    return value


def _deadline(value):
    from kjcx.plan.officedate import NO_DEADLINE

    if isinstance(value, str) and value.strip() in NO_DEADLINE:
        return None  # 长期坚持: work without an end has no deadline
    return _office_date(value)


OfficeDate = Annotated[date, _Rule(before=_office_date, json_schema={
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "pattern": "^\\d{4}年"}],
    "description": "日期：2022-06-30，或 2022年6月底前、2022年底前、2022年6月30日前"})]
Deadline = Annotated[Optional[date], _Rule(before=_deadline, json_schema={
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "pattern": "^\\d{4}年"},
              {"type": "null"}],
    "description": "完成时限：任务应于此日（含）前完成，如 2022-06-30 或 2022年6月底前；长期坚持的任务不写"})]


@record
class Milestone:
    """阶段目标: reached when a report on or before `by` names it or reaches `percent`."""

    by: OfficeDate
    name: Name
    percent: Optional[Percent] = None


@record
class Task:
    id: PositiveInt
    section: Int
    title: Name
    lead: Annotated[list[Text], _Rule(min_length=1)]
    participants: list[Text] = field(default_factory=list)
    progress: dict[Year, Annotated[list[Report], _Rule(before=_dated(), json_schema=lambda entries: {
        "anyOf": [entries["items"], entries]})]] = field(default_factory=dict)
    deadline: Deadline = None  # 督办: 完成时限
    milestones: list[Milestone] = field(default_factory=list)  # 督办: 阶段目标


@record
class Revision:
    """A document that changes targets from its date on (调整目标的文件)."""

    id: Identifier
    date: date
    targets: dict[Text, dict[Year, TargetValue]] = field(default_factory=dict)
    document: Optional[Text] = None
    note: Optional[Text] = None
    baselines: dict[Text, Number] = field(default_factory=dict)  # indicator id -> new base value


# The two files as a whole: for the JSON Schema (kjcx schema) and for readers of
# this module; load.py validates their parts one by one.
@record
class TargetsFile:
    plan: PlanInfo
    indicators: Annotated[list[Indicator], _Rule(before=_none_is_empty)] = field(default_factory=list)
    revisions: Annotated[list[Revision], _Rule(before=_none_is_empty)] = field(default_factory=list)


@record
class TasksFile:
    sections: Annotated[list[Section], _Rule(before=_none_is_empty)] = field(default_factory=list)
    tasks: Annotated[list[Task], _Rule(before=_none_is_empty)] = field(default_factory=list)


@record
class ActionPlan:
    """Both files together, validated: what compute works on."""

    plan: PlanInfo
    indicators: list[Indicator]
    sections: list[Section]
    tasks: list[Task]
    revisions: list[Revision] = field(default_factory=list)

    @property
    def years(self) -> range:
        return range(self.plan.start, self.plan.end + 1)

    def departments(self) -> list[str]:
        """Every department named anywhere, in the order docs/method.md gives."""
        seen: dict[str, None] = {}
        if self.plan.departments is not None:
            for dept in self.plan.departments:
                seen.setdefault(dept.name)
        for indicator in self.indicators:
            for name in indicator.lead:
                seen.setdefault(name)
            for part in indicator.parts:
                for name in part.lead:
                    seen.setdefault(name)
        for task in self.tasks:
            for name in task.lead:
                seen.setdefault(name)
            for name in task.participants:
                seen.setdefault(name)
        return list(seen)

