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
from dataclasses import dataclass
from decimal import Decimal
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
from yaml.nodes import ScalarNode

from kjcx.cleantext import clip, line
from kjcx.plan.files import ReadError, read_data
from kjcx.plan.problems import Problem

try:  # libyaml's parser is several times faster; same events, same marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

ALIAS_BUDGET = 10_000  # nodes that aliases may add by expansion, in all
MAX_DEPTH = 100
MAX_LISTED = 200  # problems listed; the rest are counted
KEPT = 1000  # problems kept for placing and sorting; beyond that only counted
# Numbers kjcx accepts: |x| < 1e15, at most 15 significant digits and
# 15 decimal places. Beyond, Decimal arithmetic and printing can take seconds
# or overflow, and no figure of a plan needs it.
MAX_DIGITS = 15
_LIMIT = Decimal(10) ** MAX_DIGITS

_Y = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    _Y + "str", _Y + "int", _Y + "float", _Y + "bool", _Y + "null", _Y + "timestamp"
)
MERGE, MAP, SEQ = _Y + "merge", _Y + "map", _Y + "seq"
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_PLAIN_INT = re.compile(r"[-+]?[0-9]+\Z")
_constructor = yaml.constructor.SafeConstructor()


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


@dataclass(frozen=True)
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
                       "YAML 语法错误：这里用了全角冒号“：”；键和值之间应是半角冒号加空格，"
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
        m = re.match(r"^\s*(?:-\s+)?[^\s\"'#：][^\"'#：]*?(：)(?:\s|$)", text)
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
    with `index` ({(line, column): None}), record the path found at each of those positions.

    The open container's state lives in local variables (the parents' on a
    stack): this loop runs once per YAML node, half a million times for a
    10,000-indicator plan, and attribute look-ups would double its cost.
    """

    def problem(mark, message):
        line = column = None
        if mark is not None:
            line, column = mark.line + 1, mark.column + 1
        problems.append(Problem(file, line, column, "", message))

    track = wanted is not None or index is not None
    wanted = wanted if wanted is not None else set()
    # positions still to find; at 0 a tracking pass stops early (_Found)
    left = len(wanted) + (sum(v is None for v in index.values()) if index is not None else 0)
    marks = marks if marks is not None else {}
    anchors: dict[str, tuple] = {}
    memo: dict = {}
    alias_cost = 0
    documents = 0
    root: list = []
    stack: list = []
    # the open container: (container, is_map, has_key, key, key_mark, size, anchor, mark,
    # path, key_marks); container is None at the top level. The types follow is_map,
    # which mypy cannot see; the loop must not pay for checks (yaml's marks are Any).
    container: Any = None  # a dict when is_map, else a list
    is_map = has_key = False
    key: Any = None
    key_mark: Any = None  # the pending key's mark, set with has_key
    anchor_open: str | None = None
    mark_open: Any = None
    path: tuple[Any, ...] = ()  # the container's path from the root; only kept when tracking
    key_marks: Any = None  # {key: mark} when is_map, else None
    size = 0

    # (the CLI runs without the cycle collector; a library caller keeps its own setting)
    loader = _Loader(raw)
    try:
        get_event = loader.get_event
        while True:
            event = get_event()
            if event is None:
                break
            cls = event.__class__
            if cls is ScalarEvent:
                text = event.value
                if event.tag is None:
                    if event.implicit[0]:
                        # Plain scalars repeat a lot (keys, years, department names):
                        # resolve each distinct text once; resolved values are immutable.
                        value = memo.get(text, _MISSING)
                        if value is _MISSING:
                            count = _count(problems)
                            value = _scalar(event, problem)
                            if _count(problems) == count and len(memo) < MEMO_SIZE:
                                memo[text] = value
                    else:
                        value = text
                else:
                    value = _scalar(event, problem)
                mark, node_size, anchor = event.start_mark, 1, event.anchor
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                opening_map = cls is MappingStartEvent
                tag = event.tag
                if tag is not None and tag != "!" and tag != (MAP if opening_map else SEQ):
                    problem(event.start_mark, _tag_message(tag))
                if len(stack) >= MAX_DEPTH:
                    problem(event.start_mark, f"嵌套超过 {MAX_DEPTH} 层，已停止读取")
                    raise _Abort
                child: tuple[Any, ...] = ()
                if track:
                    if container is None:
                        if () in wanted and () not in marks:
                            marks[()] = (None, event.start_mark)
                            left -= 1
                    elif is_map:
                        child = path + (key,) if has_key and key is not _BAD_KEY else ("<key>",)
                    else:
                        child = path + (len(container),)
                stack.append((container, is_map, has_key, key, key_mark, size, anchor_open,
                              mark_open, path, key_marks))
                container = {} if opening_map else []
                is_map, has_key, key, key_mark, size = opening_map, False, None, None, 1
                anchor_open, mark_open, path = event.anchor, event.start_mark, child
                key_marks = {} if opening_map else None
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                value, mark, node_size, anchor = container, mark_open, size, anchor_open
                (container, is_map, has_key, key, key_mark, size, anchor_open, mark_open,
                 path, key_marks) = stack.pop()
            elif cls is AliasEvent:
                value, node_size = anchors.get(event.anchor, (None, 1))
                if event.anchor not in anchors:  # PyYAML's composer refuses it; kjcx too
                    problem(event.start_mark, f"别名 *{clip(event.anchor)} 引用了未定义的锚点"
                                              f"（应先用 &{clip(event.anchor)} 定义）；请改为直接写出数据")
                alias_cost += node_size
                if alias_cost > ALIAS_BUDGET:
                    problem(event.start_mark,
                            f"别名（*{clip(event.anchor)}）展开后超过 {ALIAS_BUDGET} 个节点，"
                            "疑似“别名炸弹”，拒绝读取；请直接写出数据")
                    raise _Abort
                mark, anchor = event.start_mark, None
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    problem(event.start_mark, "一个文件只能有一个 YAML 文档（删除多余的 “---”）")
                    raise _Abort
                continue
            else:
                continue

            # attach the finished node (value) to the open container
            if anchor is not None:
                anchors[anchor] = (value, node_size)
            if container is None:
                if track and () not in marks:
                    marks[()] = (None, mark)
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
                if track:
                    here = path + (key,)
                    if here in wanted and here not in marks:
                        marks[here] = (key_mark, mark)
                        left -= 1
                    if index is not None:
                        for position in ((key_mark.line, key_mark.column), (mark.line, mark.column)):
                            if position in index and index[position] is None:
                                index[position] = here
                                left -= 1
                    if left <= 0:
                        raise _Found
                if key in container:
                    problem(key_mark, f"重复的键 “{clip(key)}”（第 {key_marks[key].line + 1} 行已有同名键）；"
                                      "YAML 只会保留其中一个，请合并或删除重复项")
                    continue
                container[key] = value
                key_marks[key] = key_mark
            else:
                if track:
                    here = path + (len(container),)
                    if here in wanted and here not in marks:
                        marks[here] = (None, mark)
                        left -= 1
                    if index is not None and (mark.line, mark.column) in index \
                            and index[(mark.line, mark.column)] is None:
                        index[(mark.line, mark.column)] = here
                        left -= 1
                    if left <= 0:
                        raise _Found
                container.append(value)
    finally:
        loader.dispose()
    return root[0] if root else None


def _count(problems: list) -> int:
    return len(problems) + (sum(problems.dropped.values()) if isinstance(problems, Problems) else 0)


def _tag_message(tag: str) -> str:
    shown = clip(tag.replace(_Y, "!!"))
    if "python" in tag:
        return f"不允许的 YAML 标签 {shown}：kjcx 只做安全加载，不构造 Python 对象；请删除该标签"
    return f"不支持的 YAML 标签 {shown}；请删除该标签，直接写数值或文字"


_NULL_WORDS = ("", "~", "null", "Null", "NULL")
_BOOL_WORDS = ("yes", "no", "true", "false", "on", "off", "y", "n")


def _scalar(event, problem):
    value = event.value
    tag = event.tag
    explicit = tag is not None
    if tag is None:
        if not event.implicit[0]:  # quoted: always a string
            return value
        tag = STR
        for candidate, regexp in _RESOLVERS.get(value[:1], ()):
            if regexp.match(value):
                tag = candidate
                break
    elif tag == "!":
        return value
    if tag == STR:
        return value
    shown = tag.replace(_Y, "!!")
    try:
        if tag == INT or tag == FLOAT:
            return _number(event, value, tag, problem)
        if tag == BOOL:
            if value.lower() not in _BOOL_WORDS:
                problem(event.start_mark, f"“{clip(value)}” 不是有效的 {shown}（应为 true 或 false）")
                return value
            return value.lower() in ("yes", "true", "on", "y")
        if tag == NULL:
            if explicit and value not in _NULL_WORDS:
                problem(event.start_mark, f"“{clip(value)}” 不是有效的 {shown}；请删除该标签")
                return value
            return None
        if tag == TIMESTAMP:
            return _constructor.construct_yaml_timestamp(ScalarNode(tag, value))
    except Exception:  # noqa: BLE001 - PyYAML's constructors raise anything on bad text
        if tag == TIMESTAMP:
            problem(event.start_mark, f"日期 “{clip(value)}” 无效，请写成 YYYY-MM-DD（如 2021-06-30）")
        else:
            problem(event.start_mark, f"无法识别的值 “{clip(value)}”（标签 {shown}）")
        return value
    if tag == MERGE:
        problem(event.start_mark, "不支持 YAML 合并键 “<<”；请直接写出各项")
        return value
    if tag == _Y + "value":
        return value
    problem(event.start_mark, _tag_message(tag))
    return value


def _number(event, value: str, tag: str, problem):
    """An int or exact Decimal within the bounds above; else a problem and the text."""
    text = value.replace("_", "")
    if ":" in text:
        problem(event.start_mark,
                f"“{clip(value)}” 在 YAML 1.1 中是六十进制数（如 1:30 读作 90），kjcx 不接受这种写法；"
                "数值请直接写十进制数，时间或比例请加引号写成文字")
        return value
    if tag == INT:
        if _PLAIN_INT.match(text):
            if len(text.lstrip("+-").lstrip("0")) > MAX_DIGITS:
                problem(event.start_mark, _too_big(value))
                return value
            number = int(text)
        else:  # 0x.., 0b.., 0..: PyYAML's reading
            number = _constructor.construct_yaml_int(ScalarNode(tag, value))
        if -_LIMIT < number < _LIMIT:
            return number
        problem(event.start_mark, _too_big(value))
        return value
    lowered = text.lower()
    if "inf" in lowered or "nan" in lowered:  # refused by the schema, with its own message
        return _constructor.construct_yaml_float(ScalarNode(tag, value))
    mantissa = lowered.partition("e")[0]
    if len(mantissa) > 4 * MAX_DIGITS:  # never a plan's figure; don't build a huge Decimal
        problem(event.start_mark, f"数值 {clip(value, 30)} 的位数过多；请保留 15 位以内的有效数字")
        return value
    decimal = Decimal(text)
    message = number_problem(decimal, value)
    if message:
        problem(event.start_mark, message)
        return value
    return decimal


def _too_big(value: str) -> str:
    return (f"数值 {clip(value, 30)} 过大：kjcx 只接受绝对值小于 10^15（1000 万亿）的数；"
            "请核对单位（如万元与亿元）或小数点")


def number_problem(number: Decimal, value: str) -> str | None:
    if not number.is_finite() or number.is_zero():
        return None
    if number.adjusted() >= MAX_DIGITS:
        return _too_big(value)
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite: not 'n', 'N' or 'F'
    trailing = len(digits) - len(bytes(digits).rstrip(b"\0"))
    if len(digits) - trailing > MAX_DIGITS:
        return f"数值 {clip(value, 30)} 的有效数字超过 {MAX_DIGITS} 位，超出精确计算的范围；请保留 {MAX_DIGITS} 位以内"
    if -(exponent + trailing) > MAX_DIGITS:
        return f"数值 {clip(value, 30)} 的小数位超过 {MAX_DIGITS} 位；请保留 {MAX_DIGITS} 位以内的小数"
    return None
