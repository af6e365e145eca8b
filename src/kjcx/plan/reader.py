"""Safe, exact reading of one YAML data file.

PyYAML's loaders either construct arbitrary objects, keep the last of two
duplicate keys, expand alias bombs, turn 2.58 into a binary float or (the C
composer) crash on deep nesting. So kjcx builds plain Python values itself
from the parser's event stream: iterative, safe tags only, duplicate keys
reported, aliases on a budget, floats as Decimal. Positions are not kept on
the happy path; when something needs a line number, `locate` parses the
file again and records only the paths asked for.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, TypeVar

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from kjcx.cleantext import clip, line
from kjcx.plan.files import ReadError, read_data
from kjcx.plan.problems import Problem
from kjcx.plan.records import record
from kjcx.plan.scalars import (
    MAP,
    SEQ,
    scalar,
    tag_message,
)

try:  # libyaml's parser is several times faster; same events, same marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

ALIAS_BUDGET = 10_000  # nodes that aliases may add by expansion, in all
MAX_DEPTH = 100
MAX_LISTED = 200  # problems listed; the rest are counted
KEPT = 1000  # problems kept for placing and sorting; beyond that only counted


def format_path(path: Iterable, data: Any = None) -> str:
    """('indicators', 3, 'targets', 2021) -> indicators[3].targets.2021

    An int is a list index ([3]) where `data` shows a list there, else a key.
    """
    out = ""
    node = data
    for part in path:
        if node is not None and not isinstance(node, (dict, list)):
            break  # below a value as written (2021: 5 for {value: 5}): the path ends there
        if isinstance(node, list) or (node is None and isinstance(part, int)):
            out += f"[{part}]"
        else:
            shown = clip(part, 40)  # a key is data: a megabyte-long one is not repeated
            out += f".{shown}" if out else shown
        try:
            node = node[part] if node is not None else None
        except (LookupError, TypeError):
            node = None
    return out


@record
class Omitted(Problem):
    """Stands for the problems not listed: 另有 N 个问题未列出."""

    count: int = 0
    at_least: bool = False  # checking stopped early: the count is a lower bound

    def __str__(self) -> str:
        return line(self.message)


def total(problems: list[Problem]) -> int:
    """How many problems `problems` stands for (an Omitted line counts its count)."""
    return sum(p.count if isinstance(p, Omitted) else 1 for p in problems)


def total_text(problems: list[Problem]) -> str:
    """total() for a sentence: "3" or "至少 3000001"."""
    at_least = any(isinstance(p, Omitted) and p.at_least for p in problems[-1:])
    return f"{'至少 ' if at_least else ''}{total(problems)}"


def listed(problems: list[Problem], dropped: int = 0, at_least: bool = False) -> list[Problem]:
    """The first MAX_LISTED problems, then one Omitted line for the rest (and `dropped`).

    at_least: checking stopped early (too many problems), so the count is a lower bound."""
    extra = max(len(problems) - MAX_LISTED, 0) + dropped
    if not extra:
        return problems
    shown = problems[:MAX_LISTED]
    severity = shown[0].severity if shown else "error"
    noun = "条警告" if severity == "warning" else "个问题"
    file = shown[-1].file if shown else ""
    head = "另有至少" if at_least else "另有"
    message = f"{head} {extra} {noun}未列出；请先修正以上各项后再检查"
    return shown + [Omitted(file, None, None, "", message, severity, extra, at_least)]


_Item = TypeVar("_Item", bound="Problem | tuple[Any, ...]")


class Problems(list[_Item]):
    """A list that keeps the first KEPT items appended and counts the rest.

    Items are Problems or load.py's findings (tuples whose [4] is the severity).
    Bounds memory and work on files with millions of problems."""

    # load.py: (list name, index) of the items it salvaged; set on first use only
    salvaged: set[tuple[str, int]]

    def __init__(self) -> None:
        super().__init__()
        self.dropped = {"error": 0, "warning": 0}
        self.partial = False  # some items were only counted, not checked one by one

    @property
    def full(self) -> bool:
        return len(self) >= KEPT

    def append(self, item: _Item) -> None:
        if len(self) < KEPT:
            super().append(item)
        else:
            severity = item[4] if isinstance(item, tuple) else item.severity
            self.dropped[severity] = self.dropped.get(severity, 0) + 1


def _existing(data, path: tuple) -> tuple:
    """The longest prefix of `path` that exists in `data` (place() goes no deeper)."""
    node = data
    for i, part in enumerate(path):
        if (isinstance(node, dict) and _hashable(part) and part in node) or \
                (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            node = node[part]
        else:
            return tuple(path[:i])
    return tuple(path)


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


class _Abort(Exception):
    """Stop reading: the file cannot be read any further safely."""


class _Found(Exception):
    """Stop reading: every position asked for has been found."""


class Document:
    """A YAML file read into plain values, plus its problems."""

    dropped = 0  # problems found but not kept (see Problems)

    def __init__(self, file: str, raw: bytes | None, data: Any, problems: list[Problem]):
        self.file = file
        self._raw = raw
        self.data = data
        self.problems = problems

    def locate(self, paths: Iterable[tuple]) -> dict[tuple, tuple]:
        """Marks (key_mark, value_mark) for each path that exists in the file."""
        wanted = set()
        for path in paths:
            path = _existing(self.data, path)  # so that the pass can stop once all are found
            for i in range(len(path) + 1):
                wanted.add(tuple(path[:i]))
        if self._raw is None:
            return {}
        marks: dict[tuple, tuple] = {}
        try:
            _build(self.file, self._raw, [], wanted, marks)
        except (_Abort, _Found, yaml.YAMLError):
            pass
        return marks

    def place(self, path: tuple, message: str, marks: dict, *, at: str = "value",
              severity: str = "error") -> Problem:
        """A Problem at the deepest part of `path` that exists in the file (marks: locate())."""
        line = column = None
        for i in range(len(path), -1, -1):
            found = marks.get(tuple(path[:i]))
            if found is not None:
                key_mark, value_mark = found
                mark = key_mark if (at == "key" and i == len(path) and key_mark) else value_mark
                line, column = mark.line + 1, mark.column + 1
                break
        return Problem(self.file, line, column, format_path(path, self.data), message, severity)


def read(path: Path, display: str, raw: bytes | None = None) -> Document:
    """Read one data file. Never raises for bad content: see Document.problems.

    `raw`: the file's bytes when the caller has read them already (the plan
    cache hashes the very bytes that are parsed here)."""
    problems: Problems[Problem] = Problems()

    def fail(message, line=None, column=None):
        problems.append(Problem(display, line, column, "", message))
        return Document(display, None, None, problems)

    if raw is None:
        try:
            raw = read_data(path)
        except ReadError as exc:
            return fail(exc.message)
        if raw is None:
            return fail("文件不存在：请用 --data 指定含 targets.yaml 的目录")

    if raw.startswith(b"\xef\xbb\xbf"):  # UTF-8 BOM from Windows editors: accept it
        raw = raw[3:]
    wide = _wide_encoding(raw)
    if wide:
        return fail(f"文件是 {wide} 编码，kjcx 只读 UTF-8；请在编辑器中另存为 UTF-8", 1, 1)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        try:
            raw.decode("gb18030")
            guess = "看起来是 GBK/GB18030 编码（Windows 中文系统常见）"
        except UnicodeDecodeError:
            guess = "编码无法识别"
        return fail(
            f"文件不是 UTF-8 编码，{guess}；请用编辑器另存为 UTF-8（记事本：另存为 → 编码选 UTF-8）",
            line, column,
        )
    if not raw.strip():
        return fail("文件为空：请填写计划内容（格式见 README 的“数据文件”一节）", 1, 1)

    data = None
    try:
        data = _build(display, raw, problems, None, None)
    except _Abort:
        data = None
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(display, raw, exc))
        data = None
    if data is None and not problems:
        problems.append(Problem(display, 1, 1, "", "文件没有内容（只有注释），请填写数据"))
    dropped = sum(problems.dropped.values())
    found: list[Problem] = problems
    if problems and data is not None:
        found = _with_paths(display, raw, data, problems)
    doc = Document(display, raw, data, found)
    doc.dropped = dropped
    return doc


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-32 or UTF-16, by BOM or by the NUL bytes of ASCII text (no BOM)."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = raw[:4]
    if len(head) == 4:
        zeros = [b == 0 for b in head]
        if zeros in ([False, True, True, True], [True, True, True, False]):
            return "UTF-32"
        if zeros in ([False, True, False, True], [True, False, True, False]):
            return "UTF-16"
    return None


def _with_paths(display: str, raw: bytes, data, problems: list[Problem]) -> list[Problem]:
    """Give problems found while reading (duplicate keys, tags) their YAML path."""
    index: dict = {(p.line - 1, p.column - 1): None for p in problems
                   if p.line is not None and p.column is not None}
    try:
        _build(display, raw, [], None, None, index)
    except _Found:
        pass
    except (_Abort, yaml.YAMLError):
        return problems
    out = []
    for p in problems:
        path = index.get((p.line - 1, p.column - 1)) \
            if p.line is not None and p.column is not None else None
        out.append(Problem(p.file, p.line, p.column, format_path(path, data), p.message, p.severity)
                   if path and not p.path else p)
    return out


_TAB_HINT = "不能用制表符（Tab）缩进或分隔，请改用空格"
# (words of libyaml's or PyYAML's message, hint); both parsers' wordings are listed
_SYNTAX_HINTS = [
    ("mapping values are not allowed", "此处不能出现“键: 值”（检查缩进，或冒号后是否缺空格、值中冒号是否需要加引号）"),
    ("found character '\\t'", _TAB_HINT),  # PyYAML
    ("tab character", _TAB_HINT),  # libyaml: "found a tab character that violates indentation"
    ("could not find expected ':'", "缺少冒号“:”"),
    ("did not find expected key", "缩进不一致或缺少“- ”"),
    ("did not find expected ',' or ']'", "方括号列表未闭合，或元素之间缺逗号"),
    ("did not find expected ',' or '}'", "花括号映射未闭合，或元素之间缺逗号"),
    ("found undefined alias", "引用了未定义的锚点（*别名）"),
    ("found unexpected end of stream", "文件意外结束（引号或括号未闭合）"),
    ("found unknown escape character", "双引号字符串中有无效的转义符“\\”"),
    ("block sequence entries are not allowed", "此处不能出现“- ”列表项（检查缩进）"),
    ("expected <block end>", "缩进不一致"),
    ("exceeded maximum nesting depth", "嵌套层数过深"),
]


def _syntax_problem(display: str, raw: bytes, exc: yaml.YAMLError) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(display, raw, exc)
    text = str(getattr(exc, "problem", None) or exc)
    hint = next((h for key, h in _SYNTAX_HINTS if key in text), None)
    mark = getattr(exc, "problem_mark", None)
    line = column = None
    if mark is not None:  # both parsers count characters here
        line, column = mark.line + 1, mark.column + 1
    if hint is None and "cannot start any token" in text and line is not None and column is not None:
        # libyaml does not say which character; a tab is the usual one
        lines = raw.decode("utf-8", "replace").split("\n")
        found = lines[line - 1][column - 1:column] if line <= len(lines) else ""
        hint = _TAB_HINT if found == "\t" else (
            f"“{found}” 不能作为值的开头，请给这个值加引号" if found.isprintable() and found else None)
    fullwidth = _fullwidth_colon(raw, line)
    if fullwidth is not None:  # the usual cause when a Chinese input method is on
        line, column = fullwidth
        return Problem(display, line, column, "",
                       "YAML 语法错误：这里用了全角冒号“：”，请改为半角冒号；键和值之间应是半角冒号加空格，"
                       f"如 “2020: 2.57”（{text}）")
    return Problem(display, line, column, "", f"YAML 语法错误：{hint or '无法解析'}（{text}）")


def _fullwidth_colon(raw: bytes, line: int | None) -> tuple[int, int] | None:
    """(line, column) of a full-width colon ending a key on the error's line or the
    two before it (libyaml notices the broken mapping only on a later line)."""
    if line is None:
        return None
    lines = raw.decode("utf-8", "replace").split("\n")
    for number in range(line, max(line - 3, 0), -1):
        if number > len(lines):
            continue
        text = lines[number - 1]
        # a key (no ASCII colon before it) ended by a full-width colon, with or without
        # a space after it (`unit：家` too)
        m = re.match(r"^\s*(?:-\s+)?[^\s\"'#：:][^\"'#：:]*?(：)", text)
        if m:
            return number, m.start(1) + 1
    return None


def _reader_problem(display: str, raw: bytes, exc) -> Problem:
    """A character YAML does not allow (a control character), placed by character.

    libyaml reports a byte offset, PyYAML's reader a character offset."""
    position = exc.position or 0
    if _Loader.__name__.startswith("C"):
        before = raw[:position].decode("utf-8", "replace")
    else:
        before = raw.decode("utf-8", "replace")[:position]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    character = exc.character
    code = character if isinstance(character, int) else ord(character[:1] or "\0")
    return Problem(display, line, column, "",
                   f"YAML 语法错误：文件含有不允许的控制字符 U+{code:04X}（看不见的字符，常见于从网页或"
                   "其他软件复制的文字）；请删除它")


_BAD_KEY = object()
_MISSING = object()
MEMO_SIZE = 200_000


def _build(file: str, raw: bytes, problems: list, wanted: set | None, marks: dict | None,
           index: dict | None = None):
    """Events -> plain values. With `wanted`, also record marks of those paths;
    with `index` ({(line, column): None}), record the path found at each of those positions."""

    def problem(mark, message):
        line = column = None
        if mark is not None:
            line, column = mark.line + 1, mark.column + 1
        problems.append(Problem(file, line, column, "", message))

    tracker = _Tracker(wanted, marks, index) if wanted is not None or index is not None else None
    # (the CLI runs without the cycle collector; a library caller keeps its own setting)
    loader = _Loader(raw)
    try:
        return _values(loader.get_event, problem, problems, tracker)
    finally:
        loader.dispose()


# The open container's state: (container, is_map, has_key, key, key_mark, size,
# anchor, mark, path, key_marks): a dict (is_map) or a list, the pending key and its
# mark (has_key), nodes in it, its anchor and mark, its path from the root (only
# kept when tracking) and {key: mark} of a dict. Here: nothing open (the top).
# Typed Any: the types follow is_map, which mypy cannot see, and the loop must
# not pay for checks (yaml's marks are Any).
_TOP: tuple[Any, ...] = (None, False, False, None, None, 0, None, None, (), None)


def _values(get_event, problem, problems: list, tracker: _Tracker | None):
    """The loop of `_build`, run once per node (half a million for 10,000 indicators):
    the open container's state in locals (the parents' on a stack), as attribute
    look-ups would double its cost; rare events (aliases, a locating pass) call out."""
    anchors: dict[str, tuple] = {}
    memo: dict = {}
    aliases = [0, 0]  # nodes added by aliases, documents seen
    root: list = []
    stack: list = []
    (container, is_map, has_key, key, key_mark, size, anchor_open, mark_open,
     path, key_marks) = _TOP
    while (event := get_event()) is not None:
        cls = event.__class__
        if cls is ScalarEvent:
            text = event.value
            if event.tag is None and event.implicit[0]:
                # Plain scalars repeat a lot (keys, years, department names):
                # resolve each distinct text once; resolved values are immutable.
                value = memo.get(text, _MISSING)
                if value is _MISSING:
                    count = _count(problems)
                    value = scalar(event, problem)
                    if _count(problems) == count and len(memo) < MEMO_SIZE:
                        memo[text] = value
            else:
                value = text if event.tag is None else scalar(event, problem)
            mark, node_size, anchor = event.start_mark, 1, event.anchor
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            _check_opening(event, cls is MappingStartEvent, len(stack), problem)
            child = tracker.child(container, is_map, has_key, key, path, event.start_mark) if tracker else ()
            stack.append((container, is_map, has_key, key, key_mark, size, anchor_open,
                          mark_open, path, key_marks))
            is_map = cls is MappingStartEvent
            container, key_marks = ({}, {}) if is_map else ([], None)
            has_key, key, key_mark, size = False, None, None, 1
            anchor_open, mark_open, path = event.anchor, event.start_mark, child
            continue
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            value, mark, node_size, anchor = container, mark_open, size, anchor_open
            (container, is_map, has_key, key, key_mark, size, anchor_open, mark_open,
             path, key_marks) = stack.pop()
        elif cls is AliasEvent:
            value, node_size, mark, anchor = _alias(event, anchors, aliases, problem)
        else:
            if cls is DocumentStartEvent:
                _document(event, aliases, problem)
            continue

        # attach the finished node (value) to the open container
        if anchor is not None:
            anchors[anchor] = (value, node_size)
        if container is None:
            if tracker is not None and () not in tracker.marks:
                tracker.marks[()] = (None, mark)
            root.append(value)
            continue
        size += node_size
        if is_map:
            if not has_key:
                if isinstance(value, (dict, list)):
                    problem(mark, "映射的键必须是简单值（文字或数字），不能是列表或映射")
                    value = _BAD_KEY
                key, key_mark, has_key = value, mark, True
                continue
            has_key = False
            if key is _BAD_KEY:
                continue
            if tracker is not None:
                tracker.entry(path + (key,), key_mark, mark)
            if key in container:
                problem(key_mark, f"重复的键 “{clip(key)}”（第 {key_marks[key].line + 1} 行已有同名键）；"
                                  "YAML 只会保留其中一个，请合并或删除重复项")
                continue
            container[key] = value
            key_marks[key] = key_mark
        else:
            if tracker is not None:
                tracker.item(path + (len(container),), mark)
            container.append(value)
    return root[0] if root else None


def _check_opening(event, opening_map: bool, depth: int, problem) -> None:
    """A mapping or list may carry no tag but its own, nor open deeper than MAX_DEPTH."""
    tag = event.tag
    if tag is not None and tag != "!" and tag != (MAP if opening_map else SEQ):
        problem(event.start_mark, tag_message(tag))
    if depth >= MAX_DEPTH:
        problem(event.start_mark, f"嵌套超过 {MAX_DEPTH} 层，已停止读取")
        raise _Abort


def _alias(event, anchors: dict, aliases: list, problem) -> tuple:
    """(value, nodes, mark, anchor) of an alias: the anchored value, on a budget of
    ALIAS_BUDGET nodes added by all aliases (an alias bomb stops the reading)."""
    value, node_size = anchors.get(event.anchor, (None, 1))
    if event.anchor not in anchors:  # PyYAML's composer refuses it; kjcx too
        problem(event.start_mark, f"别名 *{clip(event.anchor)} 引用了未定义的锚点"
                                  f"（应先用 &{clip(event.anchor)} 定义）；请改为直接写出数据")
    aliases[0] += node_size
    if aliases[0] > ALIAS_BUDGET:
        problem(event.start_mark,
                f"别名（*{clip(event.anchor)}）展开后超过 {ALIAS_BUDGET} 个节点，"
                "疑似“别名炸弹”，拒绝读取；请直接写出数据")
        raise _Abort
    return value, node_size, event.start_mark, None


def _document(event, aliases: list, problem) -> None:
    """One YAML document per file: a second `---` stops the reading."""
    aliases[1] += 1
    if aliases[1] > 1:
        problem(event.start_mark, "一个文件只能有一个 YAML 文档（删除多余的 “---”）")
        raise _Abort


class _Tracker:
    """A locating pass: the marks of the `wanted` paths go into `marks`; each
    position of `index` gets the path found there. When nothing is left to find,
    the pass stops early (_Found)."""

    def __init__(self, wanted: set | None, marks: dict | None, index: dict | None):
        self.wanted = wanted if wanted is not None else set()
        self.marks = marks if marks is not None else {}
        self.index = index
        self.left = len(self.wanted) + (sum(v is None for v in index.values()) if index is not None else 0)

    def child(self, container, is_map: bool, has_key: bool, key, path: tuple, start_mark) -> tuple:
        """The path of a container opening inside `container` (None: at the top)."""
        if container is None:
            if () in self.wanted and () not in self.marks:
                self.marks[()] = (None, start_mark)
                self.left -= 1
            return ()
        if is_map:
            return path + (key,) if has_key and key is not _BAD_KEY else ("<key>",)
        return path + (len(container),)

    def entry(self, here: tuple, key_mark, mark) -> None:
        """A mapping's entry at `here`: its key's and its value's marks."""
        if here in self.wanted and here not in self.marks:
            self.marks[here] = (key_mark, mark)
            self.left -= 1
        index = self.index
        if index is not None:
            for position in ((key_mark.line, key_mark.column), (mark.line, mark.column)):
                if position in index and index[position] is None:
                    index[position] = here
                    self.left -= 1
        if self.left <= 0:
            raise _Found

    def item(self, here: tuple, mark) -> None:
        """A list's item at `here`."""
        if here in self.wanted and here not in self.marks:
            self.marks[here] = (None, mark)
            self.left -= 1
        index, position = self.index, (mark.line, mark.column)
        if index is not None and position in index and index[position] is None:
            index[position] = here
            self.left -= 1
        if self.left <= 0:
            raise _Found


def _count(problems: list) -> int:
    return len(problems) + (sum(problems.dropped.values()) if isinstance(problems, Problems) else 0)
