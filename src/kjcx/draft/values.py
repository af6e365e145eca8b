"""A target as written in a cell or a sentence, read into the target forms of a plan:
2.57 · 80以上 · 1170左右 · 力争2.59 · 确保2.5力争2.8 · 5%以内 · 〔13.5〕."""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER = r"\d+(?:\.\d+)?"
_EMPTY = {"", "—", "-", "/", "——", "－", "--", "无", "／", "…"}
_PERIOD = re.compile(rf"^[〔\[【［]({NUMBER})[〕\]】］]%?$")
_STRETCH = re.compile(rf"^(?:确保)?({NUMBER})%?[，、/（(]?(?:力争|争取)({NUMBER})%?[）)]?$")
_PLAIN = re.compile(rf"^(≥|>|≤|<|＞|＜|不低于|不少于|不超过|不高于|力争|争取|确保|约)?({NUMBER})%?"
                    rf"(以上|及以上|左右|以内|以下|及以下)?$")
_LOWER = ("≤", "<", "＜", "不超过", "不高于", "以内", "以下", "及以下", "降低到", "降低至", "下降到", "下降至", "降至")


@dataclass(frozen=True)
class Value:
    """One read target: `value` as written; `stretch` for 确保/力争 pairs; `period` for 〔〕."""

    value: str | None = None
    stretch: str | None = None
    period: str | None = None
    lower: bool = False
    note: str = ""
    review: str = ""
    unreadable: bool = False


def read(text: str) -> Value | None:
    """The target in `text`, None for an empty cell (— / 空)."""
    t = re.sub(r"\s", "", text).replace(",", "").replace("，", "") if re.search(r"\d", text) else text.strip()
    if t in _EMPTY:
        return None
    m = _PERIOD.match(t)
    if m:
        return Value(period=m.group(1), note="〔〕为规划期累计目标")
    m = _STRETCH.match(t)
    if m:
        return Value(value=m.group(1), stretch=m.group(2), note="确保值与力争值")
    m = _PLAIN.match(t)
    if not m:
        return Value(unreadable=True, review=f"读不出目标值“{text}”，请手工填写")
    prefix, number, suffix = m.group(1) or "", m.group(2), m.group(3) or ""
    return with_words(number, prefix, suffix)


def with_words(number: str, prefix: str = "", suffix: str = "") -> Value:
    """A number with its words around it (力争、以上、左右、以内 …)."""
    lower = prefix in _LOWER or suffix in _LOWER
    words = prefix + "…" + suffix if prefix and suffix else prefix or suffix
    if suffix == "左右" or prefix == "约":
        return Value(value=number, note=f"原文“{words}”",
                     review="原文为“左右”：如允许偏差，请加 tolerance（允许的差值）")
    if lower:
        return Value(value=number, lower=True, note=f"原文“{words}”：上限，direction: lower")
    if prefix in ("力争", "争取"):
        return Value(value=number, note=f"原文“{words}”，没有另写确保值：按目标值记")
    return Value(value=number, note=f"原文“{words}”" if words else "")
