"""Pydantic schemas of targets.yaml and tasks.yaml (SPEC §1).

Numbers are Decimal so that 2.58 - 2.57 is exactly 0.01. A number must be a
YAML number: strings such as "2.59%" are refused instead of coerced, because
a silently coerced figure is a wrong figure in a leader's report.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal, Optional

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError


def _number(value):
    if isinstance(value, bool):
        raise PydanticCustomError("kjcx_number", "expected a number")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise PydanticCustomError("kjcx_finite", "expected a finite number")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise PydanticCustomError("kjcx_finite", "expected a finite number")
        return Decimal(repr(value))
    raise PydanticCustomError("kjcx_number", "expected a number")


Number = Annotated[
    Decimal, BeforeValidator(_number), WithJsonSchema({"type": "number"})
]
Year = StrictInt


class TaskStatus(str, Enum):
    not_started = "not_started"
    in_progress = "in_progress"
    done = "done"
    behind = "behind"


STATUS_LABELS = {
    "未启动": TaskStatus.not_started,
    "推进中": TaskStatus.in_progress,
    "已完成": TaskStatus.done,
    "滞后": TaskStatus.behind,
}


def _task_status(value):
    if isinstance(value, str) and value in STATUS_LABELS:
        return STATUS_LABELS[value]
    return value


class Strict(BaseModel):
    # Unknown keys are typos (taregts) and must not pass silently.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Department(Strict):
    name: StrictStr = Field(min_length=1)
    aliases: list[StrictStr] = []


class Thresholds(Strict):
    near: Number = Decimal("0.9")
    severe: Number = Decimal("0.7")
    task_tolerance: Number = Decimal("10")


class PlanInfo(Strict):
    name: StrictStr = Field(min_length=1)
    document: Optional[StrictStr] = None
    start: Year
    end: Year
    departments: Optional[list[Department]] = None
    thresholds: Thresholds = Thresholds()


class Baseline(Strict):
    year: Year
    value: Number


class Actual(Strict):
    value: Number
    as_of: Optional[date] = None
    source: Optional[StrictStr] = None
    note: Optional[StrictStr] = None


def _actual(value):
    # A bare number is shorthand for {value: number}.
    if isinstance(value, (dict, BaseModel)):
        return value
    return {"value": value}


class Indicator(Strict):
    id: StrictStr = Field(pattern=r"^[a-z0-9_]+$")
    name: StrictStr = Field(min_length=1)
    unit: StrictStr
    direction: Literal["higher", "lower"] = "higher"
    kind: Literal["level", "flow"] = "level"
    baseline: Optional[Baseline] = None
    targets: dict[Year, Number] = Field(min_length=1)
    actuals: dict[Year, Annotated[Actual, BeforeValidator(_actual)]] = {}
    lead: list[StrictStr] = []
    tasks: list[StrictInt] = []
    source: Optional[StrictStr] = None


class TargetsFile(Strict):
    plan: PlanInfo
    indicators: list[Indicator] = []


class Report(Strict):
    status: Annotated[TaskStatus, BeforeValidator(_task_status)]
    percent: Optional[Annotated[Number, Field(ge=0, le=100)]] = None
    as_of: Optional[date] = None
    note: Optional[StrictStr] = None


class Section(Strict):
    id: StrictInt = Field(gt=0)
    title: StrictStr = Field(min_length=1)


class Task(Strict):
    id: StrictInt = Field(gt=0)
    section: StrictInt
    title: StrictStr = Field(min_length=1)
    lead: list[StrictStr] = Field(min_length=1)
    participants: list[StrictStr] = []
    progress: dict[Year, Report] = {}


class TasksFile(Strict):
    sections: list[Section] = []
    tasks: list[Task] = []

    @field_validator("sections", "tasks", mode="before")
    @classmethod
    def _none_is_empty(cls, value):
        # `tasks:` with nothing after it is an empty list to a person.
        return [] if value is None else value


class ActionPlan(BaseModel):
    """Both files together: what compute works on."""

    model_config = ConfigDict(frozen=True)

    plan: PlanInfo
    indicators: list[Indicator]
    sections: list[Section]
    tasks: list[Task]

    @property
    def years(self) -> range:
        return range(self.plan.start, self.plan.end + 1)

    def departments(self) -> list[str]:
        """Every department named anywhere, in the order of SPEC §2."""
        seen: dict[str, None] = {}
        if self.plan.departments is not None:
            for dept in self.plan.departments:
                seen.setdefault(dept.name)
        for indicator in self.indicators:
            for name in indicator.lead:
                seen.setdefault(name)
        for task in self.tasks:
            for name in task.lead:
                seen.setdefault(name)
            for name in task.participants:
                seen.setdefault(name)
        return list(seen)

