"""What a written entry looks like, decided once for both YAML writers.

    entry_text(new, labels) -> "{value: 12, as_of: 2022-09-30, note: 1-9月}"

The fast line editor (fastedit.py) and the round-trip editor (writeback.py)
both write this text for an entry, so the bytes of an entry never depend on
which editor a file's shape selects: the fields and their order, the number
text (21.3, never 2.13e1 or !!float), when a string is quoted and how
(double quotes, YAML escapes), and whether a task status is a Chinese label
(推进中) or the English value (in_progress), as the file already writes it.
`entry_problem` says why an entry cannot be written as it is (its text would
read back as something else).
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

_PLAIN_BAD = set(",[]{}#&*!|>'\"%@`") | {"?", ":", "-"}
_ESCAPE = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"}
_CHINESE = re.compile(r"status:[ \t]*['\"]?(?:未启动|推进中|已完成|滞后)")
_ENGLISH = re.compile(r"status:[ \t]*['\"]?(?:not_started|in_progress|done|behind)")


def entry_pairs(new, labels: bool) -> list[tuple[str, object]]:
    """The fields of the entry for an Actual or a Report, in the order written
    (fields without a value are left out)."""
    from kjcx.plan.model import Actual
    from kjcx.round.layout import LABEL_OF

    if isinstance(new, Actual):
        pairs = [("value", new.value), ("as_of", new.as_of), ("source", new.source), ("note", new.note)]
    else:
        status = LABEL_OF[new.status] if labels else new.status.value
        pairs = [("status", status), ("percent", new.percent), ("as_of", new.as_of), ("note", new.note),
                 ("milestone", new.milestone), ("source", new.source)]  # 督办: the form it came from
    return [(key, value) for key, value in pairs if value is not None]


def entry_text(new, labels: bool) -> str:
    """`{value: 12, as_of: 2022-09-30, note: …}`: the one-line flow mapping of an entry."""
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in entry_pairs(new, labels)) + "}"


def number_text(value: Decimal) -> str:
    """A figure as written: an integer without a point, else positional (no exponent)."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def scalar(value) -> str:
    """The YAML text of one value of an entry."""
    if isinstance(value, Decimal):
        return number_text(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return text if plain_ok(text) else quoted(text)


def plain_ok(text: str) -> bool:
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


def quoted(text: str) -> str:
    """A double-quoted YAML scalar that reads back as `text` exactly."""
    out = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    for char, escape in _ESCAPE.items():
        out = out.replace(char, escape)
    return "".join(c if not (0x7f <= ord(c) <= 0x9f) else f"\\x{ord(c):02x}" for c in out)


def chinese_labels(text: str) -> bool:
    """Does the file write task statuses as Chinese labels (推进中)? Yes unless it
    uses only the English values (in_progress)."""
    return bool(_CHINESE.search(text)) or not _ENGLISH.search(text)


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
