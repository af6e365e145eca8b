"""Text from the data, made safe for where kjcx shows it.

Names, titles and notes come from files anyone may have edited. Shown as they
are, they could
- drive the terminal (ESC sequences: OSC 0 sets the window title, others
  rewrite the screen or the clipboard);
- forge lines: a newline in a department name followed by
  `::error file=...::` is a GitHub workflow command when printed in CI;
- become formulas: a CSV cell starting with = + - @ (or tab, CR) is evaluated
  by Excel ("formula injection").

So: control characters (C0, DEL, C1, bidi overrides, line/paragraph
separators) become visible escapes; a text that would start a line with `::`
gets a leading apostrophe; CSV cells that Excel would evaluate get a leading
apostrophe (OWASP's advice). Small pure functions, no imports beyond re and
dataclasses: called at the few places where data becomes output.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache

CLIP = 60

# C0 controls, DEL, C1 controls, Arabic letter mark, LRM/RLM, line and paragraph
# separators, bidi embeddings/overrides and isolates
_CONTROL_CLASS = "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


@cache
def _pattern(name: str) -> re.Pattern:
    """Compiled on first use: this module is imported on every command's start-up."""
    if name == "control":
        return re.compile(_CONTROL_CLASS)
    if name == "not_xml":
        return re.compile("[\ud800-\udfff\ufffe\uffff]")
    return re.compile(_CONTROL_CLASS + r"|\A\s*::")  # "unsafe": one search for the common case
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": " "}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEUTRAL = "'"  # what goes in front of a text that must not start a command or a formula


def clip(text, limit: int = CLIP) -> str:
    """At most `limit` characters of `text` for a message (a value echoed back)."""
    text = str(text)
    return text if len(text) <= limit else text[:limit] + f"…（共 {len(text)} 个字符）"


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character as a visible escape (\\x1b, \\n, \\u202e)."""
    control = _pattern("control")
    return control.sub(_escape, text) if control.search(text) else text


def line(text: str) -> str:
    """One line of data text for a terminal or a plain report: no control
    characters, and never the start of a workflow command (`::`)."""
    if not _pattern("unsafe").search(text):
        return text
    text = visible(text)
    if text.lstrip().startswith("::"):
        return NEUTRAL + text
    return text


def lines(text: str, keep: frozenset = frozenset()) -> str:
    """A block of output: control characters escaped except newlines, and no line
    starting with `::` unless it is one of `keep` (kjcx's own annotations)."""
    out = []
    for part in text.split("\n"):
        part = visible(part)
        if part.lstrip().startswith("::") and part not in keep:
            part = NEUTRAL + part
        out.append(part)
    return "\n".join(out)


def csv_cell(value):
    """A CSV value that Excel shows as text: formula starts neutralised, controls escaped."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START) or value.lstrip().startswith("::"):
        value = NEUTRAL + value
    return visible(value)


def clean(obj, fn=line):
    """`obj` with `fn` applied to every str inside it: dataclass fields, lists,
    tuples and dict values, recursively. What is not text stays as it is."""
    kind = type(obj)
    if kind is str:
        return fn(obj)
    if kind is list:
        return [fn(item) if type(item) is str else clean(item, fn) for item in obj]
    if kind is tuple:
        return tuple(fn(item) if type(item) is str else clean(item, fn) for item in obj)
    if isinstance(obj, str):
        return fn(obj)
    if isinstance(obj, list):
        return [clean(item, fn) for item in obj]
    if isinstance(obj, tuple):
        return tuple(clean(item, fn) for item in obj)
    if isinstance(obj, dict):
        return {key: clean(value, fn) for key, value in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {f.name: clean(getattr(obj, f.name), fn) for f in dataclasses.fields(obj)
                   if f.init}
        return dataclasses.replace(obj, **changes)
    return obj


def xml_text(text) -> str:
    """Text for a Word (or any XML) document: what `visible` escapes, plus the
    code points XML 1.0 cannot hold at all (surrogates, U+FFFE, U+FFFF)."""
    text = visible(str(text))
    if _pattern("not_xml").search(text):
        text = _pattern("not_xml").sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


_MARKDOWN = str.maketrans({ch: "\\" + ch for ch in "|<>[]&`"})


def markdown(text) -> str:
    """Data text for a markdown document: one line, control characters escaped,
    and no raw HTML (`<img>`, `<meta>`), autolink (`<http://…>`), link or image
    (`![x](http://…)`) a renderer would act on: their characters are
    backslash-escaped, which renders them as the plain characters. A backslash
    is doubled only where it would escape what follows (before punctuation), so
    `\\x1b` from `visible` stays as it reads."""
    text = visible(str(text))
    if "\\" in text:
        text = re.sub(r"\\(?=[!-/:-@\[-`{-~])", r"\\\\", text)
    return text.translate(_MARKDOWN)
