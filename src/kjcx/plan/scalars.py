"""How one YAML scalar becomes a value: its tag (given or resolved as YAML 1.1
does), booleans, nulls, dates, and numbers as ints or exact Decimals within the
limits a plan needs; anything else is a problem said in Chinese.

Used by the reader (reader.py) once per distinct plain scalar; the write-back
checks a typed number with `number_problem`.
"""

from __future__ import annotations

import re
from decimal import Decimal

import yaml
from yaml.nodes import ScalarNode

from kjcx.cleantext import clip

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


def tag_message(tag: str) -> str:
    shown = clip(tag.replace(_Y, "!!"))
    if "python" in tag:
        return f"不允许的 YAML 标签 {shown}：kjcx 只做安全加载，不构造 Python 对象；请删除该标签"
    return f"不支持的 YAML 标签 {shown}；请删除该标签，直接写数值或文字"


_NULL_WORDS = ("", "~", "null", "Null", "NULL")
_BOOL_WORDS = ("yes", "no", "true", "false", "on", "off", "y", "n")


def scalar(event, problem):
    """The value of a scalar event; on bad text, a problem (at the event) and the text."""
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
    problem(event.start_mark, tag_message(tag))
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
