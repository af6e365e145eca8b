"""Figures merged into a data file by inserting or replacing whole lines.

    edit(text, changes) -> the new text, or None when a change needs the
                           round-trip editor (writeback.py, ruamel.yaml)

ruamel.yaml's round trip costs about 3 ms per indicator (30 s for 10,000),
so the common shapes are edited here, from the positions of PyYAML's C
composer, in one pass: a year added to a block mapping of years, an entry
added to (or replaced in) a block list of dated entries, a one-line entry
replaced, a one-line entry turned into a list, and `actuals:`/`progress:`
added after a one-line `targets:`/`lead:`. New lines take the indentation of
their neighbours, so every indentation `kjcx check` accepts is written as it
is; every other line keeps its bytes. Anything else returns None. What is
written is checked by writeback's verification either way.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

_ANCHORS = {"actuals": ("targets", "baseline"), "progress": ("participants", "lead")}


class _Unsupported(Exception):
    pass


def edit(text: str, changes: list, labels: bool) -> str | None:
    """`text` (no BOM) with every change merged, or None. `labels`: write task
    statuses as Chinese labels (推进中) rather than English values."""
    import yaml

    try:
        root = _compose(text)
    except (yaml.YAMLError, _Unsupported):
        return None
    index: dict[str, dict] = {}
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, int, list[str]]] = []  # (line, order, lines removed, new lines)
    seen: set[tuple] = set()
    try:
        for n, change in enumerate(changes):
            key = (change.kind, change.id, change.year)
            if key in seen:
                raise _Unsupported  # two entries for one year: the general editor orders them
            seen.add(key)
            edits += _one(root, lines, change, labels, n, index)
    except _Unsupported:
        return None
    for line, _, removed, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        lines[line:line + removed] = new
    return "".join(lines)


def _eol(lines: list[str], at: int) -> str:
    near = lines[min(at, len(lines) - 1)] if lines else "\n"
    return "\r\n" if near.endswith("\r\n") else "\n"


def _get(mapping, name: str):
    """(key node, value node) of `name` in a mapping node, or (None, None)."""
    import yaml

    if not isinstance(mapping, yaml.MappingNode):
        return None, None
    for key, value in mapping.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            return key, value
    return None, None


def _compose(text: str):
    """The document's node tree, built from the C parser's events (PyYAML's own
    composer takes 10x longer on a large file). Tags are not resolved: positions,
    styles and text are all this module needs. An alias is left to the general
    editor (the tree would share nodes)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    scalar_event, seq_start, map_start = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    scalar, sequence, mapping = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
    stack: list = []
    root = None
    get_event = loader.get_event
    try:
        while True:
            event = get_event()
            if event is None:
                break
            kind = type(event)
            if kind is scalar_event:
                node = scalar("", event.value, event.start_mark, event.end_mark, event.style)
                if stack:
                    stack[-1].value.append(node)
                else:
                    root = node
                continue
            if kind is seq_start:
                node = sequence("", [], event.start_mark, None, event.flow_style)
            elif kind is map_start:
                node = mapping("", [], event.start_mark, None, event.flow_style)
            elif kind in ends:
                done = stack.pop()
                done.end_mark = event.end_mark
                if kind is ends[1]:
                    flat = done.value
                    done.value = list(zip(flat[0::2], flat[1::2]))
                continue
            elif kind is yaml.AliasEvent:
                raise _Unsupported
            else:
                continue
            if stack:
                stack[-1].value.append(node)
            else:
                root = node
            stack.append(node)
    finally:
        loader.dispose()
    return root


def _items(root, top: str, index: dict) -> dict:
    """id (as written) -> item node of the `top` list, built once per file."""
    import yaml

    if top not in index:
        _, items = _get(root, top)
        if not isinstance(items, yaml.SequenceNode) or items.flow_style:
            raise _Unsupported
        found: dict = {}
        for item in items.value:
            _, node = _get(item, "id")
            if isinstance(node, yaml.ScalarNode):
                found.setdefault(node.value, item)
        index[top] = found
    return index[top]


def _one(root, lines: list[str], change, labels: bool, order: int, index: dict) -> list:
    import yaml

    top = "indicators" if change.kind == "indicator" else "tasks"
    field = "actuals" if change.kind == "indicator" else "progress"
    item = _items(root, top, index).get(str(change.id))
    if item is None or item.flow_style:
        raise _Unsupported
    entry = entry_text(change.new, labels)
    key, years = _get(item, field)
    if key is None:
        return [_new_field(item, lines, field, change.year, entry, order)]
    if not isinstance(years, yaml.MappingNode) or years.flow_style or years.start_mark.line == key.start_mark.line:
        raise _Unsupported
    year_key, value = next(((k, v) for k, v in years.value if _year(k) == change.year), (None, None))
    if year_key is None:
        return [_new_year(years, lines, change.year, entry, order)]
    as_of = change.new.as_of
    if isinstance(value, yaml.SequenceNode) and not value.flow_style:
        return [_into_list(value, lines, change.year, as_of, entry, order)]
    if value is not None and _one_line(value) and value.start_mark.line == year_key.start_mark.line:
        if _date(value, change.year) == as_of:
            return [_replace(value, lines, entry, order)]
        return [_to_list(year_key, value, lines, change.year, as_of, entry, order)]
    raise _Unsupported


def _year(node) -> int | None:
    import yaml

    if isinstance(node, yaml.ScalarNode) and not node.style and node.value.isascii() \
            and node.value.isdigit() and len(node.value) == 4:
        return int(node.value)
    return None


def _one_line(node) -> bool:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return node.style in (None, "", '"', "'") and node.start_mark.line == node.end_mark.line
    return bool(getattr(node, "flow_style", False)) and node.start_mark.line == node.end_mark.line


def _date(node, year: int) -> datetime.date:
    """The as_of of an existing entry (a year-end one counts as Dec 31)."""
    _, when = _get(node, "as_of")
    if when is None:
        return datetime.date(year, 12, 31)
    try:
        return datetime.date.fromisoformat(when.value.strip())
    except ValueError:
        raise _Unsupported from None


def _last_line(node) -> int:
    """The last line holding part of `node`."""
    import yaml

    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _last_line(node.value[-1])
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return _last_line(node.value[-1][1])
    if not _one_line(node):
        raise _Unsupported
    return node.end_mark.line


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _new_year(years, lines, year: int, entry: str, order: int):
    column = years.value[0][0].start_mark.column
    later = [k for k, _ in years.value if (_year(k) or 0) > year]
    at = later[0].start_mark.line if later else _last_line(years.value[-1][1]) + 1
    return (at, order, 0, [f"{' ' * column}{year}: {entry}{_eol(lines, at - 1)}"])


def _into_list(seq, lines, year: int, as_of, entry: str, order: int):
    for node in seq.value:
        line = lines[node.start_mark.line]
        if not _one_line(node) or not line.lstrip(" ").startswith("-"):
            raise _Unsupported
    dash = _indent(lines[seq.value[0].start_mark.line])
    gap = seq.value[0].start_mark.column - dash  # "- " or "-   "
    for node in seq.value:
        when = _date(node, year)
        if when == as_of:
            return _replace(node, lines, entry, order)
        if when > as_of:
            at = node.start_mark.line
            return (at, order, 0, [f"{' ' * dash}-{' ' * (gap - 1)}{entry}{_eol(lines, at)}"])
    at = seq.value[-1].end_mark.line + 1
    return (at, order, 0, [f"{' ' * dash}-{' ' * (gap - 1)}{entry}{_eol(lines, at - 1)}"])


def _replace(node, lines, entry: str, order: int):
    at = node.start_mark.line
    line = lines[at]
    start, end = node.start_mark.column, node.end_mark.column
    return (at, order, 1, [line[:start] + entry + line[end:]])


def _to_list(key, node, lines, year: int, as_of, entry: str, order: int):
    """`2022: {…}  # 上半年` -> `2022:` and a list of the old entry and the new."""
    at = key.start_mark.line
    line = lines[at]
    eol = _eol(lines, at)
    dash = " " * (key.start_mark.column + _list_offset(lines))
    old = line[node.start_mark.column:].rstrip("\r\n")
    head = line[:node.start_mark.column].rstrip(" ")
    new = [f"{dash}- {entry}{eol}"]
    olds = [f"{dash}- {old}{eol}"]
    rows = olds + new if _date(node, year) < as_of else new + olds
    return (at, order, 1, [head + eol] + rows)


def _list_offset(lines: list[str]) -> int:
    """How far this file indents a dated list under its year (else any list under
    its key; 2 when it has none)."""
    fallback = None
    for n, line in enumerate(lines[:-1]):
        stripped = line.strip()
        if stripped.endswith(":") and lines[n + 1].lstrip(" ").startswith("- "):
            offset = _indent(lines[n + 1]) - _indent(line)
            if stripped[:-1].isdigit():
                return offset
            fallback = offset if fallback is None else fallback
    return 2 if fallback is None else fallback


def _new_field(item, lines, field: str, year: int, entry: str, order: int):
    keys = [k for k, _ in item.value]
    column = keys[0].start_mark.column
    anchor = next((v for name in _ANCHORS[field] for k, v in item.value if k.value == name), None)
    if anchor is None or not _one_line(anchor):
        raise _Unsupported
    step = _map_step(lines)
    at = anchor.end_mark.line + 1
    eol = _eol(lines, at - 1)
    return (at, order, 0, [f"{' ' * column}{field}:{eol}", f"{' ' * (column + step)}{year}: {entry}{eol}"])


def _map_step(lines: list[str]) -> int:
    """How far this file indents the years under `actuals:` (2 unless it shows otherwise)."""
    for n, line in enumerate(lines[:-1]):
        if line.strip() in ("actuals:", "progress:"):
            return max(_indent(lines[n + 1]) - _indent(line), 1)
    return 2


# --- one entry as a flow mapping -------------------------------------------------

def entry_text(new, labels: bool) -> str:
    """`{value: 12, as_of: 2022-09-30, note: …}` for an Actual or a Report."""
    from kjcx.plan.model import Actual
    from kjcx.round.layout import LABEL_OF

    if isinstance(new, Actual):
        pairs = [("value", new.value), ("as_of", new.as_of), ("source", new.source), ("note", new.note)]
    else:
        status = LABEL_OF[new.status] if labels else new.status.value
        pairs = [("status", status), ("percent", new.percent), ("as_of", new.as_of), ("note", new.note),
                 ("milestone", new.milestone), ("source", new.source)]  # 督办: the form it came from
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in pairs if v is not None) + "}"


_PLAIN_BAD = set(",[]{}#&*!|>'\"%@`") | {"?", ":", "-"}
_ESCAPE = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"}


def scalar(value) -> str:
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return text if _plain_ok(text) else _quoted(text)


def _plain_ok(text: str) -> bool:
    """Can `text` stand unquoted in a flow mapping and read back as this string
    under YAML 1.1 (what kjcx's loader resolves)?"""
    import yaml

    if not text or text != text.strip() or text[0] in _PLAIN_BAD or len(text) > 200:
        return False
    if any(c in text for c in ",[]{}\"'") or ": " in text or " #" in text or text.endswith(":"):
        return False
    if any(ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f or c in _ESCAPE for c in text):
        return False
    tag = yaml.resolver.Resolver().resolve(yaml.nodes.ScalarNode, text, (True, False))
    return tag == "tag:yaml.org,2002:str"


def _quoted(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    for char, escape in _ESCAPE.items():
        quoted = quoted.replace(char, escape)
    return "".join(c if not (0x7f <= ord(c) <= 0x9f) else f"\\x{ord(c):02x}" for c in quoted)


def chinese_labels(text: str) -> bool:
    """Does the file write task statuses as Chinese labels (推进中)? Yes unless it
    uses only the English values (in_progress)."""
    import re

    if re.search(r"status:[ \t]*['\"]?(?:未启动|推进中|已完成|滞后)", text):
        return True
    return not re.search(r"status:[ \t]*['\"]?(?:not_started|in_progress|done|behind)", text)


def entry_problem(new) -> str | None:
    """Why the entry for `new` could not be written as it is, or None: its text
    is read back as kjcx's loader reads the data file (YAML 1.1, the number
    rules of the data files) and must give the same values."""
    import yaml

    from kjcx.plan.model import Actual
    from kjcx.plan.scalars import number_problem

    number = new.value if isinstance(new, Actual) else new.percent
    if number is not None:
        text = scalar(number)
        message = number_problem(Decimal(text), text)
        if message:
            return message.replace("数值", "该数值", 1)
    try:
        loaded = yaml.load(entry_text(new, True), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        loaded = None
    if not isinstance(loaded, dict):
        return "无法按原样写入数据文件：请删去其中的特殊符号后重试"
    texts = [("source", "数据来源"), ("note", "备注")] if isinstance(new, Actual) else \
        [("note", "进展情况"), ("milestone", "阶段目标"), ("source", "数据来源")]
    for key, label in texts:
        if loaded.get(key) != getattr(new, key):
            return f"{label}无法按原样写入数据文件（写入后会读成别的内容）：请删去其中的特殊符号后重试"
    if loaded.get("as_of") != new.as_of:
        return "截至日期无法按原样写入数据文件"
    return None
