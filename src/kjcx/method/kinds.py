"""Target forms and interpolation of the indicator kinds real plans use, and the
judgement bands every kind shares (docs/method.md).

Pure helpers over the model, no I/O: what a written target means (a number,
确保/力争, 比基期提高, 倍增), the target of a year the plan gives none for
(linear, geometric, step, none; rounded to whole numbers when `integer`), and,
written once for the yearly status, the period status and both outlooks, the
status bands (near / behind / severe), the outlook bands (Eurostat) and the
severity order that picks the worse of two statuses.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Optional, Union

from kjcx.plan.model import Indicator, TargetSpec

# a row judged twice (its year and its period) takes the worse status, by the severity
# rank of the status records
from kjcx.statuses import worse as worse  # re-exported for the method

ONE = Decimal(1)
RATE_KINDS = frozenset({"growth", "reduction"})

Written = Union[Decimal, TargetSpec]


def baseline_value(indicator: Indicator) -> Optional[Decimal]:
    return indicator.baseline.value if indicator.baseline is not None else None


def rule_of(spec: Written) -> str:
    """value | base_plus | base_times: how the target was written."""
    if isinstance(spec, TargetSpec):
        if spec.base_plus is not None:
            return "base_plus"
        if spec.base_times is not None:
            return "base_times"
    return "value"


def resolve(spec: Written, base: Optional[Decimal]) -> Optional[Decimal]:
    """The target value a written target stands for: T = B + d, B x k, exactly.
    None when a relative target has no baseline value (check says so at its line)."""
    if not isinstance(spec, TargetSpec):
        return spec
    if spec.value is not None:
        return spec.value
    if base is None:
        return None
    if spec.base_plus is not None:
        return base + spec.base_plus
    if spec.base_times is not None:
        return base * spec.base_times
    return None


def stretch_of(spec: Written, base: Optional[Decimal]) -> Optional[Decimal]:
    """力争: a number; with a relative target it is relative to the baseline too."""
    if not isinstance(spec, TargetSpec) or spec.stretch is None:
        return None
    rule = rule_of(spec)
    if rule == "value":
        return spec.stretch
    if base is None:
        return None
    return base + spec.stretch if rule == "base_plus" else base * spec.stretch


def interpolate(method: str, year: int, y0: Optional[int], v0: Optional[Decimal],
                y1: int, v1: Decimal) -> tuple[Optional[Decimal], str]:
    """(T of `year` between (y0, v0) and (y1, v1), the method used).

    step needs no earlier point: the next target holds every year before it.
    geometric needs v0, v1 > 0, else it is linear (check warns)."""
    if method == "step":
        return v1, "step"
    if y0 is None or v0 is None:
        return None, method
    share = Decimal(year - y0) / Decimal(y1 - y0)
    if method == "geometric" and v0 > 0 and v1 > 0:
        with localcontext() as ctx:
            ctx.prec = 34
            value = v0 * ((v1 / v0).ln() * share).exp()
        return +value, "geometric"
    return v0 + (v1 - v0) * share, "linear"


def whole(value: Decimal) -> Decimal:
    """`integer: true`: 2.5 家 is 3 家 (half up, as people round)."""
    return value.quantize(ONE, rounding=ROUND_HALF_UP)


def reaches(higher: bool, a: Decimal, t: Decimal) -> bool:
    return a >= t if higher else a <= t


HUNDRED = Decimal(100)


def impossible_rate(kind: str, value: Decimal) -> bool:
    """A growth of -100 % or less, a reduction of 100 % or more: the year's index would
    not be positive (nothing can fall by all it has, or more)."""
    return value <= -HUNDRED if kind == "growth" else kind == "reduction" and value >= HUNDRED


# --- the bands, written once -----------------------------------------------------

# Outlook bands (Eurostat SDG progress method, as used by open-sdg).
ON_TRACK = Decimal("0.95")
AT_RISK = Decimal("0.6")


def status_band(ratio: Decimal, binding: bool, thresholds) -> tuple[str, str]:
    """(status, what decided it) of a ratio that falls short of 1: near (>= near),
    behind (>= severe), severe; a binding (约束性) target is never near."""
    if ratio >= thresholds.near:
        return ("behind", "binding") if binding else ("near", "near")
    if ratio >= thresholds.severe:
        return "behind", "severe"
    return "severe", "below_severe"


def outlook_band(ratio: Decimal) -> str:
    """R = achieved pace / needed pace: on_track, at_risk, off_track, moving_away."""
    if ratio >= ON_TRACK:
        return "on_track"
    if ratio >= AT_RISK:
        return "at_risk"
    return "off_track" if ratio >= 0 else "moving_away"
