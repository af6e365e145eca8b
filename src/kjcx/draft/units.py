"""Unit names in an owner clause or cell: the list split, names that run together split
against the units known, placeholders (各街道、相关部门) recognised, aliases by region."""

from __future__ import annotations

import re

# A unit's last characters (局、委、办 …): where a name can end.
_END = "局委办院园厅部处所站队中心会室组司行社馆公司政府街道镇乡门"
_SEPARATORS = re.compile(r"[、，,；;/／\n\s]+")
_AND = re.compile(rf"(?<=[{_END}])(?:和|及|与)")
_OPEN_LIST = re.compile(r"(?:……|…|\.\.\.)?等(?:单位|部门|有关单位|相关单位|有关部门|相关部门)?$")
_ROLE_WORDS = re.compile(r"(?:按职责分工|按照职责分工|按职责|分别|共同|负责|落实|配合|参与|协助|牵头)+$")
_PLACEHOLDER = re.compile(r"^(?:各|相关|有关|其他|其它|全区|全市|全县)|相关|有关|各[\u4e00-\u9fff]*$")
_RUN_TOGETHER = re.compile(r"(?<=[局委办院园厅])(?=[省市区县])")


def is_placeholder(name: str) -> bool:
    """各街道、相关乡镇办、各区县政府、区级相关部门: not one department."""
    return bool(_PLACEHOLDER.search(name))


def split_list(text: str) -> tuple[list[str], bool]:
    """(names, open): the units of a list as written; `open` when it ends with 等."""
    names: list[str] = []
    is_open = False
    for piece in _SEPARATORS.split(text.strip("。．.：:")):
        piece = piece.strip("“”\"'（）()。")
        if not piece:
            continue
        trimmed = _OPEN_LIST.sub("", piece)
        if trimmed != piece:
            is_open = True
            tail = piece[len(trimmed):].lstrip("…．.等")
            piece = trimmed
            if not piece and tail:   # “……等相关部门”: the placeholder itself
                piece = tail
        piece = _ROLE_WORDS.sub("", piece)
        names += [n for n in _AND.split(piece) if n]
    return names, is_open


def split_run_together(name: str, known: set[str]) -> tuple[list[str], bool]:
    """(names, guessed): a name that is two or more known units written together
    (市行政审批局市司法局) split against `known`; failing that, at a unit's end followed by
    a level (…局区…, guessed=True). A name that is known or cannot be split is kept."""
    if len(name) < 6:
        return [name], False
    pieces = _segment(name, known - {name})
    if pieces and len(pieces) > 1:
        return pieces, False
    guess = [p for p in _RUN_TOGETHER.split(name) if p]
    if len(guess) > 1 and all(len(p) >= 3 for p in guess):
        return guess, True
    return [name], False


def _segment(name: str, known: set[str]) -> list[str] | None:
    """`name` as a sequence of known units (fewest pieces), or None."""
    best: list[list[str] | None] = [None] * (len(name) + 1)
    best[0] = []
    for end in range(1, len(name) + 1):
        for start in range(end):
            head = best[start]
            if head is not None and name[start:end] in known:
                if best[end] is None or len(head) + 1 < len(best[end] or []):
                    best[end] = head + [name[start:end]]
    return best[len(name)]


def region_of(plan_name: str) -> str:
    """The region a plan is for: 河东区 of 河东区科技创新三年行动计划; '' when not seen."""
    m = re.match(r"^(?:关于印发)?《?([\u4e00-\u9fff]{1,8}?(?:自治区|特别行政区|省|市|区|县|旗))", plan_name)
    if not m or re.search(r"关于|印发|加快|推进|进一步|促进|全面|^全|新区|园区|城区|示范区|功能区", m.group(1)):
        return ""   # 关于推进全市…: no region named
    return m.group(1)


def canonical(name: str, region: str, short_names: set[str]) -> str:
    """河东区科技局 → 区科技局 when the document also writes the short form."""
    if region and name.startswith(region) and len(name) > len(region):
        short = region[-1] + name[len(region):]
        if short in short_names:
            return short
    return name


def alias_of(name: str, region: str) -> str:
    """The long form of a short unit name: 区科技局 → 河东区科技局 ('' when none)."""
    level = region[-1:] if region else ""
    if level and name.startswith(level) and not name.startswith(region) and len(name) > 2 \
            and not is_placeholder(name) and name[1] != "级":
        return region + name[1:]
    return ""
