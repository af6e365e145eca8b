"""Validation of well-formed data without pydantic: the cold start's fast path.

Importing pydantic and building its validators costs more than the rest of a
cold `kjcx status` together. Most files are well formed, so load.py first
tries this strict converter, compiled from the same model annotations; it
accepts only a subset of what pydantic accepts (exact types, no coercion) and
gives up (`Unsure`) on anything else, which then goes to pydantic for the
verdict and the messages. So the fast path can make kjcx faster, never more
lenient: tests compare both on the seed, the fixture plans and fuzzed files.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import typing
from decimal import Decimal
from enum import Enum
from typing import Any, Callable

from kjcx.plan import model


class Unsure(Exception):
    """Not certainly valid: let pydantic decide (and explain)."""


Converter = Callable[[Any], Any]
_CACHE: dict[Any, Converter] = {}


def convert(tp: Any, value: Any) -> Any:
    """`value` as `tp` (a model record, a list of them ...), or raise Unsure."""
    return converter(tp)(value)


def converter(tp: Any) -> Converter:
    found = _CACHE.get(tp)
    if found is None:
        found = _CACHE[tp] = _compile(tp)
    return found


def _fail(*_):
    raise Unsure


def _compile(tp: Any) -> Converter:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(tp)
        rule = next((m for m in meta if isinstance(m, model._Rule)), None)
        return _ruled(base, rule) if rule is not None else _compile(base)
    if origin is typing.Union:
        args = typing.get_args(tp)
        if len(args) == 2 and type(None) in args:
            inner = _compile(next(a for a in args if a is not type(None)))
            return lambda v: None if v is None else inner(v)
        return _fail
    if origin is typing.Literal:
        allowed = frozenset(typing.get_args(tp))
        return lambda v: v if type(v) is str and v in allowed else _fail()
    if origin is list:
        item = _compile(typing.get_args(tp)[0])
        return lambda v: [item(x) for x in v] if type(v) is list else _fail()
    if origin is dict:
        key_tp, value_tp = typing.get_args(tp)
        key, val = _compile(key_tp), _compile(value_tp)
        return lambda v: {key(k): val(x) for k, x in v.items()} if type(v) is dict else _fail()
    if dataclasses.is_dataclass(tp):
        # annotations name record classes, never instances (is_dataclass accepts both)
        assert isinstance(tp, type)
        return _record(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return lambda v: v if type(v) is tp else (tp(v) if type(v) is str and v in _values(tp)
                                                   else _fail())
    if tp is str:
        return lambda v: v if type(v) is str else _fail()
    if tp is int:
        return lambda v: v if type(v) is int else _fail()
    if tp is bool:
        return lambda v: v if type(v) is bool else _fail()
    if tp is datetime.date:
        return lambda v: v if type(v) is datetime.date else _fail()
    return _fail  # anything unforeseen: pydantic decides


def _values(enum: type[Enum]) -> frozenset:
    return frozenset(member.value for member in enum)


def _number(v):
    if type(v) is Decimal:
        if not v.is_finite():
            raise Unsure
        return v
    if type(v) is int:
        return Decimal(v)
    raise Unsure


def _ruled(base: Any, rule: Any) -> Converter:
    if rule.plain is model._number:
        return _number
    if rule.plain is model._target:  # a number, or a TargetSpec mapping
        spec = _record(model.TargetSpec)
        return lambda v: spec(v) if type(v) is dict else _number(v)
    if rule.plain is model._percent:
        def percent(v):
            number = _number(v)
            if not 0 <= number <= 100:
                raise Unsure
            return number
        return percent
    if rule.plain is not None:
        return _fail
    inner = _compile(base)
    checks: list[Callable[[Any], bool]] = []
    c = dict(rule.constraints)
    c.pop("strict", None)  # the fast path is strict throughout
    gt, ge, le, shortest = (c.pop(k, None) for k in ("gt", "ge", "le", "min_length"))
    if gt is not None:
        checks.append(lambda v: v > gt)
    if ge is not None and le is not None:  # a year: one check, not two
        checks.append(lambda v: ge <= v <= le)
    elif ge is not None:
        checks.append(lambda v: v >= ge)
    elif le is not None:
        checks.append(lambda v: v <= le)
    if shortest is not None:
        checks.append(lambda v: len(v) >= shortest)
    if "pattern" in c:
        body = c.pop("pattern").removeprefix("^").removesuffix("$")
        compiled = re.compile(body)
        checks.append(lambda v: compiled.fullmatch(v) is not None)
    if c:  # a constraint this module does not know
        return _fail
    return _checked(rule.before, inner, checks)


def _checked(before: Converter | None, inner: Converter, checks: list[Callable[[Any], bool]]) -> Converter:
    """inner after `before`, then the checks: the common shapes without a loop (the
    converters run half a million times for 10,000 indicators)."""
    if before is None and not checks:
        return inner  # Text: strict str, nothing more
    if before is None and len(checks) == 1:
        check = checks[0]

        def one(v):
            v = inner(v)
            if not check(v):
                raise Unsure
            return v
        return one

    def ruled(v):
        if before is not None:
            v = before(v)
        v = inner(v)
        for check in checks:
            if not check(v):
                raise Unsure
        return v

    return ruled


def _record(cls: type) -> Converter:
    """A record from a mapping of its fields, built as pydantic and the cache build
    one: its fields' values set in its __dict__ (defaults and fresh default lists
    first, in field order), then __post_init__; no keyword call of __init__."""
    hints = typing.get_type_hints(cls, include_extras=True)
    fields = [(f.name, f) for f in dataclasses.fields(cls)]
    known = frozenset(name for name, _ in fields)
    required = frozenset(name for name, f in fields
                         if f.default is dataclasses.MISSING
                         and f.default_factory is dataclasses.MISSING)
    defaults = {name: f.default for name, f in fields if f.default is not dataclasses.MISSING}
    factories = [(name, f.default_factory) for name, f in fields
                 if f.default_factory is not dataclasses.MISSING]
    # every field in field order, the defaults filled in (required ones: set below)
    base = {name: defaults.get(name) for name, _ in fields}
    post_init = getattr(cls, "__post_init__", None)
    new = object.__new__
    convs: dict[str, Converter] = {}

    # an indicator stated by its period or parts may leave `targets` out (as in pydantic)
    before = model._period_only if cls is model.Indicator else None

    def build(v):
        if before is not None:
            v = before(v)
        if type(v) is not dict or not known.issuperset(v) or not required.issubset(v):
            raise Unsure  # also a key that is no str: pydantic says what is wrong
        if not convs:  # compiled on first use: records refer to each other
            convs.update((name, converter(hints[name])) for name in known)
        state = base.copy()
        for name, factory in factories:
            if name not in v:
                state[name] = factory()
        for k, x in v.items():
            state[k] = convs[k](x)
        obj = new(cls)
        obj.__dict__.update(state)
        if post_init is not None:
            post_init(obj)
        return obj

    return build
