"""What can be used of an item with errors (one error neither hides
nor causes another).

load.py validates each indicator and task on its own; an item with an error
used to vanish from the cross-file rules, so a task with one bad year was
"unknown" to every indicator that named it, and an indicator with a bad target
had no lead departments to check. salvage() removes what pydantic refused (a
key, a list item, a record missing a required key) and validates again, so the
rules see the rest of the item. The plan is never built from salvaged items:
their errors are reported, so the data does not load.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from kjcx.plan.model import TARGET_TAGS

if TYPE_CHECKING:  # only named in annotations: pydantic is imported when data needs it
    from pydantic import ValidationError

MISSING = ("missing", "missing_argument")  # pydantic's error types for a required key
_GONE = object()  # a list item removed after the round, so that the other indexes hold


def salvage(validate, invalid: type[ValidationError], value, is_text, rounds: int = 4):
    """validate(value) after removing what it refused, up to `rounds` times; None if that fails.

    invalid: the exception validate raises (pydantic's ValidationError, whose
    errors() locate each problem); is_text(name): a required top-level field
    that may be filled with "?" (a task without a title is still a task)."""
    value = copy.deepcopy(value)
    for _ in range(rounds):
        try:
            return validate(value)
        except invalid as exc:
            errors = exc.errors(include_url=False)
        for error in errors:
            loc = list(real_loc(value, tuple(error["loc"])))
            if loc and loc[-1] == "[key]":
                loc.pop()
            elif error["type"] in MISSING:
                if len(loc) == 1 and is_text(loc[0]):
                    value[loc[0]] = "?"
                    continue
                loc.pop()  # the record that lacks the key goes
            if not loc or not _remove(value, loc):
                return None
        _sweep(value)
    return None


def real_loc(value, loc: tuple) -> tuple:
    """pydantic's error location with each key as it is in `value`.

    pydantic writes a key that is neither str nor int as its repr
    ("datetime.date(2021, 6, 30)"); kjcx places and shows the key itself."""
    out = []
    node = value
    for part in loc:
        if part in TARGET_TAGS:  # which form of a target pydantic tried: not in the file
            continue
        if isinstance(node, dict) and part not in node and isinstance(part, str):
            for key in node:
                if not isinstance(key, (str, int)) and repr(key) == part:
                    part = key
                    break
        out.append(part)
        try:
            node = node[part] if isinstance(node, (dict, list)) else None
        except (LookupError, TypeError):
            node = None
    return tuple(out)


def _remove(value, loc: list) -> bool:
    """Delete what `loc` names in `value` (or the deepest part of it that exists)."""
    parent: dict | list | None = None
    key: Any = None  # a dict key or a list index
    node = value
    for part in loc:
        if (isinstance(node, dict) and part in node) or \
                (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            parent, key, node = node, part, node[part]
        else:
            break
    if parent is None:
        return False
    if isinstance(parent, list):
        parent[key] = _GONE
    else:
        del parent[key]
    return True


def _sweep(value) -> None:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            node[:] = [item for item in node if item is not _GONE]
            stack += node
        elif isinstance(node, dict):
            stack += node.values()
