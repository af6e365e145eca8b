"""Targets stated in sentences: "到2022年末，全区有效发明专利达到1170件", "分别达到80家、12家
和2家", "力争新建2家市级重点实验室", "年均增长7%". Sums of money given out (资金、补贴、奖励),
shares of a subsidy, document numbers and telephone numbers are not targets."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kjcx.draft import values
from kjcx.draft.values import NUMBER

UNITS = ("万平方米|平方米|万立方米|立方米|平方公里|公顷|吨标准煤|万千瓦时|千瓦时|个工作日|工作日|小时|"
         "亿元|万元|千元|元|万人次|人次|个百分点|万吨|吨|公里|千米|万人|万台套|台套|万台|万家|万件|万户|万个|"
         "家|个|件|项|人|名|位|所|座|台|套|户|篇|部|批|支|条|款|种|处|辆|亩|倍|%|‰")
VERBS = ("达到|突破|超过|不低于|不少于|不超过|不高于|控制在|保持在|稳定在|提高到|提高至|提升到|提升至|"
         "增加到|增加至|增长到|增长至|增至|扩大到|扩大至|降低到|降低至|下降到|下降至|降至|达")
MAKE = "新建|新增|新培育|新认定|新引进|累计培育|累计新增|培育|引进|建成|建设|打造|认定|创建|组建|培养|引育"
_HEDGE = "(?P<hedge>力争|确保|争取)?"
_TAIL = "(?P<suffix>以上|及以上|左右|以内|以下|及以下)?$"
_STATE = re.compile(rf"^(?P<name>.+?){_HEDGE}(?P<verb>{VERBS})(?:约)?(?P<num>{NUMBER})(?P<unit>{UNITS}){_TAIL}")
_MAKE = re.compile(rf"^{_HEDGE}(?P<verb>{MAKE})(?P<num>{NUMBER})(?P<unit>{UNITS})(?P<pre>以上|左右)?"
                   rf"(?P<name>[^\d]{{2,30}}?){_TAIL}")
_MAKE_AFTER = re.compile(rf"^{_HEDGE}(?P<verb>{MAKE})(?P<name>[^\d]{{2,30}}?)(?P<num>{NUMBER})(?P<unit>{UNITS}){_TAIL}")
_BARE = re.compile(rf"^(?P<name>[^\d]{{2,40}}?)(?P<num>{NUMBER})(?P<unit>{UNITS}){_TAIL}")
_EACH = re.compile(rf"^(?P<names>.+?)分别(?:力争|确保)?(?:{VERBS})?(?P<list>(?:{NUMBER}(?:{UNITS})?[、，和及与]?)+)$")
_BOTH = re.compile(rf"^(?P<name>.+?)确保(?:{VERBS})?(?P<num>{NUMBER})(?P<unit>{UNITS})[、，]?"
                   rf"(?:力争|争取)(?:{VERBS})?(?P<stretch>{NUMBER})(?P=unit)$")
_RATE = re.compile(rf"^(?P<name>.+?){_HEDGE}(?P<avg>年均|年平均|累计)?(?P<verb>增长|提高|降低|下降|减少)"
                   rf"(?P<num>{NUMBER})%{_TAIL}")
_NOT_TARGET = re.compile(r"补贴|补助|奖励|资助|给予|扶持|支持|贴息|最高|一次性|电话|传真|邮箱|联系|"
                         r"〔\d{4}〕|号|第\d|每人|每家|每项|每个|不超过\d+万元|占比不超过|报销")
# Words of money (资金、经费、比例): a sum of money or a share of one (补贴比例、加计扣除比例)
# is no target, but a ratio an indicator measures is (研发经费投入强度达到2.2%, 研发投入占
# 营业收入比例达到2%): a % after a name that ends in 强度、比重、占比、之比、比值 or 占…比例.
_MONEY = re.compile(r"资金|经费|比例")
_RATIO = re.compile(r"(?:强度|比重|占比|之比|比值|占[^，、]+比例)$")
_CEILING = ("不超过", "不高于", "降低到", "降低至", "下降到", "下降至", "降至")
_RELATIVE = re.compile(rf"比(?:\d{{4}}年|基期|上年)?(?:提高|增加|降低|下降|减少)(?P<num>{NUMBER})个?百分点")
_YEAR = re.compile(r"^(?:到|至|截至|截止|在|于)?(\d{4})年(?:末|底|前|年底)?(?:前)?$")
_YEAR_IN = re.compile(r"(?:到|至)(\d{4})年(?:末|底|前)?")
# a clause that opens with its year and goes on (2024年技术合同成交额达到15亿元): the year
# of this clause and the ones after it in the sentence
_YEAR_LEAD = re.compile(r"^(?:到|至|截至)?(\d{4})年(?:末|底)?前?(?![度，,\d])")
_STATUS = re.compile(r"截至|截止|已经|已达|已有|现有|共有"
                     r"|(?<![到至\d])\d{4}年(?![末底前]?[，,]?(?:力争|确保|要))(?:末|底)?[，,]")
_LEADING = re.compile(r"^(?:其中|并|和|使|同时|全年|力争|确保|争取|推动|实现|努力)+")


@dataclass(frozen=True)
class Found:
    """One target sentence piece: name, number as written, unit, year (None: not said)."""

    name: str
    value: values.Value
    unit: str
    year: int | None
    clause: str
    kind: str = "level"
    period: str | None = None   # "average" | "cumulative"


def is_status(sentence: str) -> bool:
    """A sentence that says where things stand (截至2020年底…、2020年，全区…已有…), not a target."""
    return bool(_STATUS.search(sentence)) and not _YEAR_IN.search(sentence)


def year_of(sentence: str) -> int | None:
    """The year a sentence opens with (到2022年末，…): in force for the sentences after it
    under the same heading. A year inside a sentence holds for the rest of that sentence only."""
    m = _YEAR_IN.search(sentence.strip())
    return int(m.group(1)) if m and m.start() <= 2 else None


def relative(sentence: str) -> list[str]:
    """Clauses of a target relative to the base (比2020年提高0.5个百分点): not drafted."""
    return [c for c in re.split(r"[，,]", sentence) if _RELATIVE.search(c) and not _NOT_TARGET.search(c)]


_AIM = re.compile(rf"(?:{VERBS}|增长|提高|降低|下降|减少|{MAKE})(?:约)?\d")


@dataclass(frozen=True)
class Reading:
    """What one sentence holds: the targets read; the clauses that look like a target and
    were not read; the clauses that state a sum of money (资金、经费) with a target's verb."""

    found: list[Found]
    unread: list[str]
    money: list[str]


def read(sentence: str, year: int | None, bare: bool) -> Reading:
    """The targets of one sentence (split at ，, and at 、 between whole targets), the year
    from the sentence or `year`, and what was seen and not read, to say so.
    `bare`: a clause "名称 20 家" without a verb counts (inside a stated target context)."""
    found: list[Found] = []
    unread: list[str] = []
    money: list[str] = []
    for clause, got, aims, is_money in _read(sentence, year, bare):
        found += got
        if is_money and aims:
            money.append(clause)
        elif not got and aims:
            unread.append(clause)
    return Reading(found, unread, money)


def unread(sentence: str, bare: bool = True) -> list[str]:
    """Clauses that state a number as a target (达到5万台套) in a form not read: to say so."""
    return read(sentence, 0, bare).unread


def targets(sentence: str, year: int | None, bare: bool) -> list[Found]:
    """The targets of one sentence, as `read` finds them."""
    return read(sentence, year, bare).found


def _read(sentence: str, year: int | None, bare: bool) -> list[tuple[str, list[Found], bool, bool]]:
    """Each clause that may hold a target: (clause, what it holds, looks like a target, is
    money). A rate without its own subject (…达到500亿元，年均增长8%) is the rate of the
    clause before."""
    pieces: list[tuple[str, list[Found], bool, bool]] = []
    subject = ""
    for clause in re.split(r"[，,](?!(?:力争|争取)(?:达到|突破|超过|达)?\d)", sentence):
        clause = clause.strip()
        said = _YEAR_IN.search(clause) or _YEAR_LEAD.match(clause)
        if said:   # 到2030年…, 2024年…: this clause and the ones after it
            year = int(said.group(1))
        if not clause or _YEAR.match(clause) or _NOT_TARGET.search(clause) or not re.search(r"\d", clause):
            continue
        clause = _YEAR_LEAD.sub("", clause)
        aims = bool(_AIM.search(clause)) and not _RELATIVE.search(clause)
        if _MONEY.search(clause) and not _ratio(clause):
            pieces.append((clause, [], aims, True))
            continue
        got = _clause(clause, year, bare, subject)
        parts = _list_parts(clause) if not got else []
        if parts:   # 高新技术企业达到80家、科技型中小企业达到200家
            listed, subject = _read_list(parts, year, bare, subject)
            pieces += listed
        else:
            subject = got[-1].name if got and got[-1].kind == "level" else subject
            pieces.append((clause, got, aims, False))
    return pieces


def _read_list(parts: list[str], year: int | None, bare: bool,
               subject: str) -> tuple[list[tuple[str, list[Found], bool, bool]], str]:
    """The pieces of a 、 list of targets, and the subject after them. A piece without a verb
    of its own after one that opens with 新增、培育 … has that verb (新增国家级孵化器3家、省级
    孵化器5家: 新增省级孵化器), its source still the piece as written."""
    opening = re.match(rf"^{_HEDGE}(?:{MAKE})", parts[0])
    read_parts = []
    for part in parts:
        shared = opening and not re.match(rf"^{_HEDGE}(?:{MAKE})", part) and not _AIM.search(part)
        got = _clause(opening.group(0) + part if opening and shared else part, year, bare, subject)
        read_parts.append([replace(f, clause=part) for f in got])
        subject = got[-1].name if got and got[-1].kind == "level" else subject
    listed = any(read_parts)   # a list of targets: each piece with a number looks like one
    return [(part, got, bool(_AIM.search(part) or listed and re.search(r"\d", part)), False)
            for part, got in zip(parts, read_parts)], subject


def _ratio(clause: str) -> bool:
    """A clause with a word of money that states a ratio an indicator measures, in %."""
    m = _STATE.match(clause)
    return m is not None and m.group("unit") in ("%", "‰") and bool(_RATIO.search(_clean(m.group("name"))))


_PART_OF = re.compile(r"^(?:\d|其中|含|包括|内含)")   # 80家、12家 · 50个、其中国家级5个: one target


def _list_parts(clause: str) -> list[str]:
    """A clause of whole targets listed with 、 (A达到80家、B达到200家), split into them;
    [] when it is not such a list (分别达到80家、12家 and the like keep their 、)."""
    parts: list[str] = []
    for piece in clause.split("、"):
        if parts and re.search(r"\d", parts[-1]) and re.search(r"\d", piece) and not _PART_OF.match(piece):
            parts.append(piece)
        elif parts:
            parts[-1] += "、" + piece
        else:
            parts.append(piece)
    return parts if len(parts) > 1 else []


_NO_NAME = re.compile(rf"^(?:{MAKE}|{VERBS}|其中|合计|共计|累计|总计|全年|年均|年平均|同比|平均|并|且)*$")


def _clause(clause: str, year: int | None, bare: bool, subject: str = "") -> list[Found]:
    m = _EACH.match(clause)
    if m:
        return _each(m, clause, year)
    m = _BOTH.match(clause)
    if m:
        value = values.Value(value=m.group("num"), stretch=m.group("stretch"), note="确保值与力争值")
        return [Found(_clean(m.group("name")), value, m.group("unit"), year, clause)]
    m = _RATE.match(clause) or _RATE.match("　" + clause)
    if m:
        kind = "growth" if m.group("verb") in ("增长", "提高") else "reduction"
        written = _clean(m.group("name").strip("　"))
        avg = m.group("avg") or (written if written in ("年均", "年平均", "累计") else "")
        period = {"年均": "average", "年平均": "average", "累计": "cumulative"}.get(avg)
        value = values.with_words(m.group("num"), m.group("hedge") or "", m.group("suffix") or "")
        own = "" if _NO_NAME.match(written) else written
        if not (own or subject):
            return []
        name = (own or subject) + ("增长" if kind == "growth" else "降低")
        return [Found(name, value, "%", year, clause, kind, period)]
    for pattern, named in ((_STATE, False), (_MAKE, True), (_MAKE_AFTER, True)) + (((_BARE, False),) if bare else ()):
        m = pattern.match(clause)
        if m:
            written = _clean(m.group("name"))
            name = (m.group("verb") if named else "") + written
            if not 2 <= len(name) <= 40 or re.search(r"\d", name) or _NO_NAME.match(written):
                return []
            verb = m.groupdict().get("verb") or ""
            prefix = verb if verb in _CEILING else m.groupdict().get("hedge") or ""
            suffix = m.group("suffix") or m.groupdict().get("pre") or ("突破" if verb == "突破" else "")
            value = values.with_words(m.group("num"), prefix, suffix)
            return [Found(name, value, m.group("unit"), year, clause)]
    return []


def _each(m: re.Match, clause: str, year: int | None) -> list[Found]:
    names = [n for n in re.split(r"[、和及与]", _clean(m.group("names"))) if n]
    pairs = re.findall(rf"({NUMBER})({UNITS})?", m.group("list"))
    if len(names) != len(pairs) or len(names) < 2:
        return []
    unit = next((u for _, u in reversed(pairs) if u), "")
    return [Found(n, values.with_words(v), u or unit, year, clause) for n, (v, u) in zip(names, pairs)]


def _clean(name: str) -> str:
    return _LEADING.sub("", name.strip("“”\"，、： ")) or name
