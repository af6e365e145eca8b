"""Who owns a task, in the usual forms of a plan: （牵头单位：A，参与单位：B、C）,
（牵头单位：A；责任单位：B、C）, （A牵头，B、C配合）, （责任单位：A、B） with the rule
"列第一位者为牵头单位", labelled lines (牵头单位：/责任单位：/责任领导：) and table cells."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kjcx.draft import units

LEAD_RULE = re.compile(r"(?:列|排|排列|排名|位列)?(?:在)?(?:第一|首)(?:位|个|名)?(?:者|的|的单位)?为牵头(?:单位|部门)?")
_KEYWORDS = re.compile(r"牵头|责任单位|责任部门|参与单位|配合单位|协办单位|主责单位|配合|参与|负责")
_LABEL = re.compile(r"^([\u4e00-\u9fff]{2,6})[：:](.*)$")
_LEAD_LABELS = ("牵头单位", "牵头部门", "主责单位", "主责部门", "牵头", "主办单位")
_RESPONSIBLE_LABELS = ("责任单位", "责任部门", "实施单位", "落实单位")
_PARTICIPANT_LABELS = ("参与单位", "参与部门", "配合单位", "配合部门", "协办单位", "协同单位",
                       "协作单位", "参加单位", "协助单位", "配合")
_IGNORED_LABELS = ("责任领导", "分管领导", "联系领导", "责任人", "牵头领导", "领导", "进度安排", "时间安排")
DEADLINE_LABELS = ("完成时限", "完成时间", "时间节点", "时限", "完成期限")
_LEAD_VERB = re.compile(r"^(.+?)(?:共同)?(?:牵头负责|牵头抓总|牵头|负总责|主责)$")
_HELP_VERB = re.compile(r"^(.+?)(?:配合|参与|协助|协办)$")
_SHARE_VERB = re.compile(r"^(.+?)(?:按职责分工负责|按职责负责|分工负责|按职责落实|按职责分工落实|共同负责)$")
_MARKED_LEAD = re.compile(r"^(.+?)[（(]牵头[）)]$")
_GLUED_LABEL = re.compile(r"(?<=[^；，,;：:])(?=(?:牵头单位|牵头部门|责任单位|责任部门|参与单位|参与部门|配合单位|"
                          r"配合部门|协办单位|责任领导|完成时限)[：:])")


@dataclass
class Owners:
    """Units of one clause, as written (unsplit names are split later)."""

    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)   # 责任单位 without a role
    participants: list[str] = field(default_factory=list)
    open_list: bool = False
    first_is_lead: bool = False     # the clause itself says 列第一位者为牵头单位
    unknown: list[str] = field(default_factory=list)     # labels not understood
    deadline: str = ""              # 完成时限 as written

    def empty(self) -> bool:
        return not (self.lead or self.responsible or self.participants)

    def add(self, other: Owners) -> None:
        self.lead += other.lead
        self.responsible += other.responsible
        self.participants += other.participants
        self.open_list |= other.open_list
        self.first_is_lead |= other.first_is_lead
        self.unknown += other.unknown
        self.deadline = self.deadline or other.deadline


def trailing_clause(text: str) -> tuple[str, str] | None:
    """(text before, clause content) when `text` ends with an owner clause in （…）."""
    body = text.rstrip("。；;. ")
    if not body.endswith("）"):
        return None
    depth = 0
    for i in range(len(body) - 1, -1, -1):
        if body[i] == "）":
            depth += 1
        elif body[i] == "（":
            depth -= 1
            if depth == 0:
                inner = body[i + 1:-1]
                return (body[:i], inner) if _KEYWORDS.search(inner) else None
    return None


_TRAILING_DEADLINE = re.compile(r"^(.*[）)])\s*((?:完成时限|完成时间|完成期限|时间节点|时限)[：:][^。（）()]+)[。]?$")


def trailing_deadline(text: str) -> tuple[str, str] | None:
    """(text before, 完成时限：…) when an owner clause is followed by its deadline:
    “……。（牵头单位：A）完成时限：2024年6月底前。”"""
    m = _TRAILING_DEADLINE.match(text.rstrip())
    return (m.group(1), m.group(2)) if m else None


_TRAILING_LABELS = re.compile(r"(?:^|(?<=[。；;]))((?:牵头单位|牵头部门|责任单位|责任部门)[：:][^。]+)[。]?$")


def trailing_labels(text: str) -> tuple[str, str] | None:
    """(text before, labels) when an item ends "…。责任单位：A、B" without parentheses."""
    m = _TRAILING_LABELS.search(text.rstrip())
    return (text[:m.start()], m.group(1)) if m and m.start() > 0 else None


def parse(content: str) -> Owners:
    """The owners in a clause's content (without the parentheses)."""
    owners = Owners()
    if LEAD_RULE.search(content):
        owners.first_is_lead = True
        content = LEAD_RULE.sub("", content)
    role = None
    content = _GLUED_LABEL.sub("；", content)   # 牵头单位：A 配合单位：B with the space lost
    for segment in re.split(r"[；;，,。]", content):
        segment = segment.strip()
        if not segment:
            continue
        m = _LABEL.match(segment)
        if m:
            role = _role(m.group(1))
            if role is None:
                owners.unknown.append(m.group(1))
            segment = m.group(2)
            if role == "deadline":
                owners.deadline = owners.deadline or segment.strip()
            if role in (None, "ignore", "deadline"):
                continue
        elif role in ("ignore", "deadline"):
            continue
        lead, help_, share = _LEAD_VERB.match(segment), _HELP_VERB.match(segment), _SHARE_VERB.match(segment)
        if lead:
            _extend(owners, "lead", lead.group(1))
        elif help_:
            _extend(owners, "participants", help_.group(1))
        elif share:
            _extend(owners, "participants" if owners.lead else "responsible", share.group(1))
        elif role is not None:
            _extend(owners, role, segment)
        elif segment.endswith("负责"):
            _extend(owners, "lead", segment[:-2])
        else:
            _extend(owners, "responsible", segment)
    return owners


def labelled_line(text: str) -> tuple[str, Owners] | None:
    """(label, owners) for a line such as 牵头单位：区科技局 or 责任领导：张三 (owners empty)."""
    m = _LABEL.match(text)
    if not m or _role(m.group(1)) is None:
        return None
    return m.group(1), parse(text) if _role(m.group(1)) != "ignore" else Owners()


def is_deadline_header(header: str) -> bool:
    return header.replace(" ", "") in DEADLINE_LABELS


def cell(text: str, role: str) -> Owners:
    """The owners in a table cell of a 牵头单位 / 责任单位 / 参与单位 column."""
    owners = Owners()
    if LEAD_RULE.search(text):
        owners.first_is_lead = True
        text = LEAD_RULE.sub("", text)
    _extend(owners, role, text)
    return owners


def role_of_header(header: str) -> str | None:
    """The role of a table column by its header, or None."""
    header = header.replace(" ", "")
    for labels, role in ((_LEAD_LABELS, "lead"), (_PARTICIPANT_LABELS, "participants"),
                         (_RESPONSIBLE_LABELS, "responsible")):
        if any(header.startswith(label) for label in labels):
            return role
    return None


def _role(label: str) -> str | None:
    for labels, role in ((DEADLINE_LABELS, "deadline"), (_IGNORED_LABELS, "ignore"), (_LEAD_LABELS, "lead"),
                         (_RESPONSIBLE_LABELS, "responsible"), (_PARTICIPANT_LABELS, "participants")):
        if label in labels or any(label.endswith(x) for x in labels if len(x) > 2):
            return role
    return None


def _extend(owners: Owners, role: str, text: str) -> None:
    marked = [m.group(1) for part in re.split(r"[、，,]", text) if (m := _MARKED_LEAD.match(part.strip()))]
    for name in marked:   # 责任单位：区科技局（牵头）、区财政局
        text = text.replace(f"{name}（牵头）", "").replace(f"{name}(牵头)", "")
        owners.lead += units.split_list(name)[0]
    names, is_open = units.split_list(text)
    getattr(owners, role).extend(names)
    owners.open_list |= is_open
