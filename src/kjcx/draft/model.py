"""What a draft holds: the plan header, sections, tasks, indicators and units, each value
with the place in the document it came from, and the items a person must review."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Review:
    """One uncertain item: where in the document, and what to check."""

    where: str       # 第12行 / 第12段 / 表1 第3行
    message: str


@dataclass
class Target:
    """One year's target as the document states it."""

    year: int
    value: str                 # the number as written (2.57, 1170)
    where: str
    text: str                  # the sentence or cell it came from
    stretch: str | None = None  # 确保 value, 力争 stretch
    note: str = ""              # a plain remark (力争、以上、突破)
    review: str = ""            # 请核对 text when uncertain


@dataclass
class Indicator:
    """A drafted indicator (from the target table or a prose sentence)."""

    name: str
    unit: str
    where: str
    source: str                          # source: in targets.yaml
    targets: list[Target] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    kind: str = "level"
    direction: str = "higher"
    binding: bool = False
    period: tuple[str, str] | None = None   # ("cumulative" | "average", value)
    baseline: tuple[int, str] | None = None
    also: list[str] = field(default_factory=list)   # other places stating the same target
    reviews: list[str] = field(default_factory=list)

    def writable(self) -> bool:
        """A target for a year, or a period target of a rate: the data file can hold it."""
        return bool(self.targets) or (self.period is not None and self.kind != "level")


@dataclass
class Section:
    id: int
    title: str
    where: str


@dataclass
class Task:
    id: int
    section: int
    title: str
    where: str
    text: str
    lead: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    owners_where: str = ""
    number: str = ""                    # the numbering as written (when ids differ)
    reviews: list[str] = field(default_factory=list)
    deadline: str = ""                  # ISO date of its 完成时限
    deadline_text: str = ""             # the 完成时限 as written


@dataclass
class Unit:
    name: str
    where: str
    aliases: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Header:
    name: str = ""
    name_where: str = ""
    document: str = ""
    document_where: str = ""
    start: int | None = None
    end: int | None = None
    years_where: str = ""
    issued: str = ""
    issued_where: str = ""


@dataclass
class Draft:
    """Everything drafted from one document; `reviews` is the review list in order."""

    source: str
    header: Header
    sections: list[Section]
    tasks: list[Task]
    indicators: list[Indicator]
    units: list[Unit]
    reviews: list[Review]
    lead_rule: str | None = None
    skipped: list[Review] = field(default_factory=list)   # targets seen and not drafted (also in reviews)
