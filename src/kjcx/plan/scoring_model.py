"""The structure of `scoring.yaml` (考核办法 as data): schemes, items, rules, grades, classes.

Plain frozen dataclasses, built by kjcx.plan.scoring after it has validated the file;
the method (kjcx.method.score) computes on them and never reads YAML.
"""

from __future__ import annotations

from dataclasses import field
from decimal import Decimal
from typing import Optional

from kjcx.plan.records import record

RULES = ("proportional", "threshold", "bands", "matrix", "manual")
UNITS = ("parts", "departments")
BASES = ("completion", "excess")
MATRIX_KEYS = ("both", "period_only", "year_only", "neither")

# How a rule is called where a header needs to tell two items of one indicator apart.
RULE_LABEL = {"proportional": "完成率", "threshold": "达标", "bands": "分档",
              "matrix": "年度与进度", "manual": "评分"}


@record
class Band:
    """One band of a `bands` item: `min` (on completion, descending) or `max` (on
    excess, ascending); the last band has neither."""

    points: Decimal
    min: Optional[Decimal] = None
    max: Optional[Decimal] = None


@record
class Bonus:
    """Each full `per` of completion above 1 earns `points`, at most `max` (加分)."""

    per: Decimal
    points: Decimal
    max: Optional[Decimal] = None


@record
class Item:
    """One scored item of a scheme (计分项)."""

    index: int  # position in the scheme's items
    points: Decimal
    rule: str  # one of RULES
    indicator: Optional[str] = None
    task: Optional[int] = None
    name: Optional[str] = None  # the label of the item; required for `manual`
    step: Optional[Decimal] = None
    floor: Optional[Decimal] = None
    basis: str = "completion"
    bands: tuple[Band, ...] = ()
    matrix: Optional[dict[str, Decimal]] = None
    bonus: Optional[Bonus] = None
    veto: bool = False
    scores: dict[str, Decimal] = field(default_factory=dict)  # manual: unit -> score
    source: Optional[str] = None
    short: Optional[str] = None  # the terminal's column header (项1 when not given)

    @property
    def key(self) -> str:
        """What classes and JSON call the item: its name, else the indicator id, else task:N."""
        if self.name:
            return self.name
        if self.indicator is not None:
            return self.indicator
        return f"task:{self.task}"


@record
class GradeBand:
    """One 等次: by score (`min`) or by quota (`share`); the last has neither."""

    label: str
    min: Optional[Decimal] = None
    share: Optional[Decimal] = None


@record
class UnitClass:
    """分类考核: other points for some items, for the units of one class."""

    name: str
    units: tuple[str, ...]
    points: dict[str, Decimal]  # item key -> points for this class


@record
class Scheme:
    id: str
    name: str
    units: str  # parts | departments
    items: tuple[Item, ...]
    grades: tuple[GradeBand, ...] = ()
    year: Optional[int] = None  # None: every plan year
    bonus_max: Optional[Decimal] = None
    classes: tuple[UnitClass, ...] = ()
    document: Optional[str] = None
    publicity: Optional[int] = None  # 公示期（工作日）: the 通报 closes "现予公示，公示期为N个工作日"

    @property
    def by_quota(self) -> bool:
        return any(g.share is not None for g in self.grades)

    def covers(self, year: int) -> bool:
        return self.year is None or self.year == year

    def class_of(self, unit: str) -> Optional[UnitClass]:
        return next((c for c in self.classes if unit in c.units), None)


@record
class Scoring:
    """Every scheme of one scoring.yaml, in file order."""

    file: str
    schemes: tuple[Scheme, ...]

    def scheme(self, ident: str) -> Optional[Scheme]:
        return next((s for s in self.schemes if s.id == ident), None)

    def covering(self, year: int) -> list[Scheme]:
        return [s for s in self.schemes if s.covers(year)]
