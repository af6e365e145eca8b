"""Records: dataclasses that cost one compiled method to define instead of six.

Every command defines some thirty record classes on start-up (the plan's model,
the results, the problems). `@dataclass(frozen=True)` compiles `__init__`,
`__repr__`, `__eq__`, `__hash__`, `__setattr__` and `__delattr__` from source for
each, and parses a signature for the docstring: about 0.45 ms a class, 13 ms of a
warm `kjcx status`. `record` lets `dataclasses` do the bookkeeping (fields,
defaults, `dataclasses.fields`, `replace`, `asdict`; pydantic reads the
fields as before) and compiles only `__init__`, when the class is first built by
a call; equality, hash, repr and the frozen guard are small closures over the
fields, with the standard semantics (fields compared and hashed as a tuple,
`compare`/`hash`/`repr` flags honoured, assigning to a frozen instance raises
`dataclasses.FrozenInstanceError`).

Not supported: InitVar pseudo-fields (refused), `order` and slots (no such
options). `__dataclass_params__` describes the bookkeeping pass, not the methods
added here, and `inspect.signature` shows the fields only once `__init__` has
been compiled (on the class's first construction by a call).
"""

from __future__ import annotations

import dataclasses
import reprlib
import sys
from dataclasses import MISSING, FrozenInstanceError, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
elif sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # Python 3.10: the marker is only for type checkers
    def dataclass_transform(**_):
        return lambda f: f

_SET, _UNSET = "_record_set", "_record_unset"  # names inside the compiled __init__


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls=None, /, *, frozen: bool = True, kw_only: bool = False) -> Any:
    """`@record`, `@record(kw_only=True)`, `@record(frozen=False)`: a dataclass as
    `@dataclass(frozen=frozen, kw_only=kw_only)` makes it (eq and repr included)."""
    def wrap(cls: type) -> type:
        own_doc = cls.__dict__.get("__doc__")
        if not own_doc:
            cls.__doc__ = "-"  # else dataclasses parses object.__init__'s signature for one
        cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False, kw_only=kw_only)
        fields = dataclasses.fields(cls)
        real = {f.name for f in fields}
        if any("InitVar" in str(f.type) for name, f in cls.__dataclass_fields__.items()  # type: ignore[attr-defined]
               if name not in real):
            raise TypeError(f"record {cls.__qualname__}: InitVar fields are not supported")
        cls.__init__ = _first_init(cls)  # type: ignore[misc]
        if not own_doc:  # as dataclasses writes it: Baseline(year: 'Year', value: ... = None)
            cls.__doc__ = f"{cls.__name__}({', '.join(_shown(f) for f in fields if f.init)})"
        _methods(cls, fields, frozen)
        return cls

    return wrap if cls is None else wrap(cls)


def _shown(f: dataclasses.Field) -> str:
    default = "" if f.default is MISSING else f" = {f.default!r}"
    return f"{f.name}: {f.type!r}{' = <factory>' if f.default_factory is not MISSING else default}"


def _first_init(cls: type) -> Callable:
    """A stand-in __init__ that compiles the real one when the class is first built
    by a call: the cache's decoder and pydantic fill records without __init__, so
    on a warm start most of the model's classes never pay for the compilation."""
    def __init__(self, *args, **kwargs):
        init = _init(cls, dataclasses.fields(cls))
        cls.__init__ = init
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _init(cls: type, fields: tuple[dataclasses.Field, ...]) -> Callable:
    """The compiled __init__: values set with object.__setattr__, as frozen
    dataclasses do, then __post_init__."""
    env: dict[str, Any] = {_SET: object.__setattr__, _UNSET: MISSING}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for f in fields:
        name = f.name
        if name in ("self", _SET, _UNSET):
            raise TypeError(f"record {cls.__qualname__}: a field may not be called {name!r}")
        if f.default_factory is not MISSING:
            env[f"_factory_{name}"] = f.default_factory
            value = f"_factory_{name}() if {name} is {_UNSET} else {name}" if f.init else f"_factory_{name}()"
            parameter = f"{name}={_UNSET}"
        elif f.default is not MISSING:
            env[f"_default_{name}"] = f.default
            value = name if f.init else f"_default_{name}"
            parameter = f"{name}=_default_{name}"
        else:
            value, parameter = name, name
            if not f.init:
                continue  # no value to set: left unset, as dataclasses does
        if f.init:
            (keyword if f.kw_only else positional).append(parameter)
        body.append(f"  {_SET}(self, {name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("  self.__post_init__()")
    params = ", ".join(["self", *positional, *(["*", *keyword] if keyword else [])])
    source = f"def __init__({params}):\n" + "\n".join(body or ["  pass"]) + "\n"
    namespace: dict[str, Any] = {}
    exec(source, env, namespace)  # noqa: S102 - source made above from field names only
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = {f.name: f.type for f in fields if f.init} | {"return": None}
    return init


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    """The fields `names` of an instance as a tuple (attrgetter runs in C)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _methods(cls: type, fields: tuple[dataclasses.Field, ...], frozen: bool) -> None:
    compared = _getter(tuple(f.name for f in fields if f.compare))
    hashed = _getter(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
    shown = tuple(f.name for f in fields if f.repr)
    names = frozenset(f.name for f in fields)

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    @reprlib.recursive_repr()
    def __repr__(self):
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"

    def __hash__(self):
        return hash(hashed(self))

    def __setattr__(self, name, value):
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self, name):
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    methods: list[Callable] = [__eq__, __repr__]
    if frozen:
        methods += [__hash__, __setattr__, __delattr__]
    else:
        cls.__hash__ = None  # type: ignore[assignment]  # eq and not frozen: unhashable
    for method in methods:
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)
