"""Figures merged into a data file by inserting or replacing text in place.

    edit(text, changes, labels) -> the new text, or None when a change needs
                                   the round-trip editor (writeback.py, ruamel.yaml)

ruamel.yaml's round trip costs about 3 ms per indicator (30 s for 10,000),
so the shapes `kjcx check` accepts are edited here, from the positions of
PyYAML's C parser, in one pass: a year added to a mapping of years (block or
flow: `actuals: {2021: 9}`), an entry added to (or replaced in) a list of
dated entries (block or flow), a one-line entry replaced or turned into a
list, and `actuals:`/`progress:` added to an item (block, or a one-line
`- {name: 东城区, …}` part). Parts (`编号/名称`) are found by their name as
read (a name written with YAML escapes is the name it reads as). Anchors and
aliases elsewhere in the file do not matter; an alias where an edit would go
returns None. New lines take the indentation of their neighbours; every other
byte is kept. The entry text itself is decided in entries.py (shared with
the round-trip editor). What is written is checked by writeback's
verification either way.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from kjcx.round.entries import entry_text

_ANCHORS = {"actuals": ("targets", "baseline"), "progress": ("participants", "lead")}


class _Unsupported(Exception):
    pass


class _Alias:
    """An alias in the tree: never edited through (the value lives elsewhere)."""

    def __init__(self, event):
        self.start_mark, self.end_mark = event.start_mark, event.end_mark
        self.value = None
        self.flow_style = True


@dataclass
class _Doc:
    text: str
    lines: list[str]
    starts: list[int]  # offset of each line
    labels: bool
    index: dict = field(default_factory=dict)
    inserted: dict = field(default_factory=dict)  # id(flow node) -> entries inserted so far

    def offset(self, line: int) -> int:
        return self.starts[line] if line < len(self.starts) else len(self.text)


def edit(text: str, changes: list, labels: bool) -> str | None:
    """`text` (no BOM) with every change merged, or None. `labels`: write task
    statuses as Chinese labels (推进中) rather than English values."""
    import yaml

    try:
        root = _compose(text)
    except (yaml.YAMLError, _Unsupported):
        return None
    lines = text.splitlines(keepends=True)
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line)
    doc = _Doc(text, lines, starts, labels)
    edits: list[tuple[int, int, int, str]] = []  # (start, order, end, new text)
    seen: set[tuple] = set()
    ordered = sorted(enumerate(changes), key=lambda c: (c[1].kind, str(c[1].id), c[1].year))
    try:
        for order, (_, change) in enumerate(ordered):  # by year: inserts at one place in year order
            key = (change.kind, change.id, change.year)
            if key in seen:
                raise _Unsupported  # two entries for one year: the general editor orders them
            seen.add(key)
            edits.append(_one(root, doc, change, order))
    except _Unsupported:
        return None
    edits.sort(key=lambda e: (e[0], e[1]))
    for (_, _, end, _), (following, _, _, _) in zip(edits, edits[1:]):
        if end > following:
            return None  # two edits of one span
    out, done = [], 0
    for start, _, end, new in edits:
        out += [text[done:start], new]
        done = end
    out.append(text[done:])
    return "".join(out)


def _eol(doc: _Doc, at: int) -> str:
    near = doc.lines[min(max(at, 0), len(doc.lines) - 1)] if doc.lines else "\n"
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


_LAST: list = [None, None]  # the text last composed and its tree (edit, then item_spans)


def _compose(text: str):
    """The tree of `text`, composed once for the in-place editor and item_spans."""
    if _LAST[0] is not text:
        _LAST[:] = [None, None]
        root = _compose_now(text)
        _LAST[:] = [text, root]
    return _LAST[1]


def _compose_now(text: str):
    """The document's node tree, built from the C parser's events (PyYAML's own
    composer takes 10x longer on a large file). Tags are not resolved: positions,
    styles and text are all this module needs. An alias is a leaf (_Alias) that
    no edit goes through."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    scalar_event, seq_start, map_start = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    scalar_node, sequence, mapping = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
    stack: list = []
    root = None
    get_event = loader.get_event
    try:
        while True:
            event = get_event()
            if event is None:
                break
            kind = type(event)
            if kind is scalar_event or kind is yaml.AliasEvent:
                node = scalar_node("", event.value, event.start_mark, event.end_mark, event.style) \
                    if kind is scalar_event else _Alias(event)
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
        if not isinstance(items, yaml.SequenceNode):
            raise _Unsupported
        found: dict = {}
        for item in items.value:
            _, node = _get(item, "id")
            if isinstance(node, yaml.ScalarNode):
                found.setdefault(node.value, item)
        index[top] = found
    return index[top]


def _find(root, doc: _Doc, change):
    """The mapping node of the item changed; a part `<id>/<name>` within its indicator
    (the name compared as read, spaces and all)."""
    import yaml

    top = "indicators" if change.kind == "indicator" else "tasks"
    whole, part = str(change.id), None
    if change.kind == "indicator" and "/" in whole:
        whole, _, part = whole.partition("/")
    item = _items(root, top, doc.index).get(whole)
    if item is not None and part is not None:
        _, parts = _get(item, "parts")
        if not isinstance(parts, yaml.SequenceNode):
            raise _Unsupported
        named = [p for p in parts.value if isinstance((n := _get(p, "name")[1]), yaml.ScalarNode)
                 and n.value == part]
        item = named[0] if len(named) == 1 else None
    if not isinstance(item, yaml.MappingNode):
        raise _Unsupported
    return item


def _one(root, doc: _Doc, change, order: int) -> tuple:
    import yaml

    field_name = "actuals" if change.kind == "indicator" else "progress"
    item = _find(root, doc, change)
    entry = entry_text(change.new, doc.labels)
    key, years = _get(item, field_name)
    if key is None:
        return _new_field(item, doc, field_name, change.year, entry, order)
    if not isinstance(years, yaml.MappingNode):
        raise _Unsupported
    if years.flow_style:
        return _flow_years(years, doc, change, entry, order)
    if years.start_mark.line == key.start_mark.line:
        raise _Unsupported
    year_key, value = next(((k, v) for k, v in years.value if _year(k) == change.year), (None, None))
    if year_key is None:
        return _new_year(years, doc, change.year, entry, order)
    as_of = change.new.as_of
    if isinstance(value, yaml.SequenceNode):
        if value.flow_style:
            return _into_flow_list(value, doc, change.year, as_of, entry, order)
        return _into_list(value, doc, change.year, as_of, entry, order)
    if value is not None and _one_line(value) and value.start_mark.line == year_key.start_mark.line:
        if _date(value, change.year) == as_of:
            return _span(value, entry, order)
        return _to_list(year_key, value, doc, change.year, as_of, entry, order)
    raise _Unsupported


def _year(node) -> int | None:
    import yaml

    if isinstance(node, yaml.ScalarNode) and not node.style and node.value.isascii() \
            and node.value.isdigit() and len(node.value) == 4:
        return int(node.value)
    return None


def _one_line(node) -> bool:
    import yaml

    if isinstance(node, _Alias):
        raise _Unsupported
    if isinstance(node, yaml.ScalarNode):
        return node.style in (None, "", '"', "'") and node.start_mark.line == node.end_mark.line
    return bool(getattr(node, "flow_style", False)) and node.start_mark.line == node.end_mark.line


def _entry_node(node) -> bool:
    """A dated entry that can be replaced or moved as its text: a bare number or
    a flow mapping (one or more lines)."""
    import yaml

    if isinstance(node, _Alias):
        raise _Unsupported
    if isinstance(node, yaml.ScalarNode):
        return node.style in (None, "")
    return isinstance(node, yaml.MappingNode) and bool(node.flow_style)


def _date(node, year: int) -> datetime.date:
    """The as_of of an existing entry (a year-end one counts as Dec 31)."""
    import yaml

    _, when = _get(node, "as_of")
    if when is None:
        return datetime.date(year, 12, 31)
    if not isinstance(when, yaml.ScalarNode):
        raise _Unsupported
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


def _lines_at(doc: _Doc, at: int, order: int, new: list[str], removed: int = 0) -> tuple:
    return (doc.offset(at), order, doc.offset(at + removed), "".join(new))


def _span(node, text: str, order: int) -> tuple:
    """Replace the text of `node` (an entry) with `text`."""
    return (node.start_mark.index, order, node.end_mark.index, text)


def _new_year(years, doc: _Doc, year: int, entry: str, order: int):
    column = years.value[0][0].start_mark.column
    later = [k for k, _ in years.value if (_year(k) or 0) > year]
    at = later[0].start_mark.line if later else _last_line(years.value[-1][1]) + 1
    return _lines_at(doc, at, order, [f"{' ' * column}{year}: {entry}{_eol(doc, at - 1)}"])


def _into_list(seq, doc: _Doc, year: int, as_of, entry: str, order: int):
    for node in seq.value:
        line = doc.lines[node.start_mark.line]
        if not _one_line(node) or not line.lstrip(" ").startswith("-"):
            raise _Unsupported
    dash = _indent(doc.lines[seq.value[0].start_mark.line])
    gap = seq.value[0].start_mark.column - dash  # "- " or "-   "
    for node in seq.value:
        when = _date(node, year)
        if when == as_of:
            return _span(node, entry, order)
        if when > as_of:
            at = node.start_mark.line
            return _lines_at(doc, at, order, [f"{' ' * dash}-{' ' * (gap - 1)}{entry}{_eol(doc, at)}"])
    at = seq.value[-1].end_mark.line + 1
    return _lines_at(doc, at, order, [f"{' ' * dash}-{' ' * (gap - 1)}{entry}{_eol(doc, at - 1)}"])


def _to_list(key, node, doc: _Doc, year: int, as_of, entry: str, order: int):
    """`2022: {…}  # 上半年` -> `2022:` and a list of the old entry and the new."""
    at = key.start_mark.line
    line = doc.lines[at]
    eol = _eol(doc, at)
    dash = " " * (key.start_mark.column + _list_offset(doc))
    old = line[node.start_mark.column:].rstrip("\r\n")
    head = line[:node.start_mark.column].rstrip(" ")
    new = [f"{dash}- {entry}{eol}"]
    olds = [f"{dash}- {old}{eol}"]
    rows = olds + new if _date(node, year) < as_of else new + olds
    return _lines_at(doc, at, order, [head + eol] + rows, removed=1)


def _list_offset(doc: _Doc) -> int:
    """How far this file indents a dated list under its year (else any list under
    its key; 2 when it has none). Looked up once per file."""
    if "list_offset" in doc.index:
        return doc.index["list_offset"]
    lines, fallback, found = doc.lines, None, None
    for n, line in enumerate(lines[:-1]):
        stripped = line.strip()
        if stripped.endswith(":") and lines[n + 1].lstrip(" ").startswith("- "):
            offset = _indent(lines[n + 1]) - _indent(line)
            if stripped[:-1].isdigit():
                found = offset
                break
            fallback = offset if fallback is None else fallback
    doc.index["list_offset"] = found if found is not None else 2 if fallback is None else fallback
    return doc.index["list_offset"]


def _new_field(item, doc: _Doc, name: str, year: int, entry: str, order: int):
    """`actuals:` (or `progress:`) with its first year, after the item's
    targets/baseline (lead/participants), else at the item's end."""
    anchor = next((v for key in _ANCHORS[name] for k, v in item.value if k.value == key), None)
    if item.flow_style:
        return _flow_insert(item, doc, anchor, f"{name}: {{{year}: {entry}}}", order)
    column = item.value[0][0].start_mark.column
    if anchor is not None and not _one_line(anchor):
        raise _Unsupported
    at = (anchor.end_mark.line if anchor is not None else _last_line(item.value[-1][1])) + 1
    step = _map_step(doc)
    eol = _eol(doc, at - 1)
    return _lines_at(doc, at, order, [f"{' ' * column}{name}:{eol}", f"{' ' * (column + step)}{year}: {entry}{eol}"])


def _map_step(doc: _Doc) -> int:
    """How far this file indents the years under `actuals:` (2 unless it shows otherwise)."""
    if "map_step" not in doc.index:
        lines, step = doc.lines, 2
        for n, line in enumerate(lines[:-1]):
            if line.strip() in ("actuals:", "progress:"):
                step = max(_indent(lines[n + 1]) - _indent(line), 1)
                break
        doc.index["map_step"] = step
    return doc.index["map_step"]


# --- flow collections: text inserted within a line ------------------------------

def _flow_insert(node, doc: _Doc, after, text: str, order: int):
    """`text` as a new member of the flow collection `node`: after the member whose
    value is `after` (None: at the end)."""
    if after is not None and not isinstance(after, _Alias):
        at = after.end_mark.index
        return (at, order, at, ", " + text)
    close = node.end_mark.index - 1
    if doc.text[close:close + 1] not in ("}", "]"):
        raise _Unsupported
    if node.value:
        last = node.value[-1]
        at = (last[1] if isinstance(last, tuple) else last).end_mark.index
        return (at, order, at, ", " + text)
    count = doc.inserted.get(id(node), 0)
    doc.inserted[id(node)] = count + 1
    return (close, order, close, (", " if count else "") + text)


def _flow_years(years, doc: _Doc, change, entry: str, order: int):
    """`actuals: {2021: 9}`: a year added, or its entry replaced or turned into a list."""
    import yaml

    year, as_of = change.year, change.new.as_of
    for key, value in years.value:
        if _year(key) is None:
            raise _Unsupported
        if _year(key) > year:
            at = key.start_mark.index
            return (at, order, at, f"{year}: {entry}, ")
        if _year(key) != year:
            continue
        if isinstance(value, yaml.SequenceNode) and value.flow_style:
            return _into_flow_list(value, doc, year, as_of, entry, order)
        if not _entry_node(value):
            raise _Unsupported
        if _date(value, year) == as_of:
            return _span(value, entry, order)
        old = doc.text[value.start_mark.index:value.end_mark.index]
        pair = [old, entry] if _date(value, year) < as_of else [entry, old]
        return _span(value, f"[{', '.join(pair)}]", order)
    return _flow_insert(years, doc, None, f"{year}: {entry}", order)


def _into_flow_list(seq, doc: _Doc, year: int, as_of, entry: str, order: int):
    """`2022: [{…}, {…}]`: the entry replaced (same date) or inserted in date order."""
    if not seq.value:
        raise _Unsupported
    for node in seq.value:
        if not _entry_node(node):
            raise _Unsupported
        when = _date(node, year)
        if when == as_of:
            return _span(node, entry, order)
        if when > as_of:
            at = node.start_mark.index
            return (at, order, at, f"{entry}, ")
    at = seq.value[-1].end_mark.index
    return (at, order, at, f", {entry}")


# --- items cut out for the round-trip editor -------------------------------------

def item_spans(text: str, changes: list) -> list[tuple[int, int, int, str, list]] | None:
    """(start, end, indent, top, changes) of each changed item's own lines, in file
    order: from its `- ` line to the next item's, every line indented at least as
    far as its dash (blank lines aside). None when an item cannot be cut out so."""
    import yaml

    try:
        root = _compose(text)
        index: dict = {}
        lines = text.splitlines(keepends=True)
        starts, at = [], 0
        for line in lines:
            starts.append(at)
            at += len(line)
        groups: dict[int, tuple[str, list]] = {}
        for change in changes:
            top = "indicators" if change.kind == "indicator" else "tasks"
            item = _items(root, top, index).get(str(change.id).partition("/")[0])
            if not isinstance(item, yaml.MappingNode) or item.flow_style:
                return None
            groups.setdefault(item.start_mark.line, (top, []))[1].append(change)
        spans = []
        for first, (top, group) in sorted(groups.items()):
            _, seq = _get(root, top)
            later = [i.start_mark.line for i in seq.value if i.start_mark.line > first]
            last = later[0] if later else min(seq.end_mark.line + (seq.end_mark.column > 0), len(lines))
            dash = _indent(lines[first])
            if not lines[first][dash:].startswith("- ") or (later and not lines[last][dash:].startswith("-")):
                return None
            if any(line.strip() and _indent(line) < dash or "\t" in line[:dash] for line in lines[first + 1:last]):
                return None
            spans.append((starts[first], starts[last] if last < len(lines) else len(text), dash, top, group))
        return spans
    except (yaml.YAMLError, _Unsupported):
        return None
