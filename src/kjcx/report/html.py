"""The report as one self-contained HTML page: inline CSS and SVG, no network
requests, A4 print styles, a CJK font stack.

Chinese breaks a line between any two characters, so a printed table would
split 亿元, 序时进度 or 区市场监管局 across lines. Every such token (a number
with its unit, a date, a status word, a department name) is wrapped in a
`<span class="nw">` that does not break; lines break between tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kjcx.report.content import ReportContent
from kjcx.words import LEVEL_LABEL, OUTLOOK_LABEL, STATUS_LABEL, TASK_LABEL, day_words

NUMERALS = "一二三四五六七八九十"
# words a reader takes in at once: never split across lines
WORDS = ("未达到序时进度", "达到序时进度", "序时进度", "低于序时", "超序时", "未完成年度目标",
         "完成年度目标", "年度目标", "期末目标", "个百分点", "完成率", "重点任务", "责任单位",
         "牵头单位", "牵头事项", "请抓紧推进", "以来的变化", "推进情况的通报", "存在较大难度",
         "存在一定难度", "暂无数据", "未报送", "年末")
# a number, a date or a 截至 period: 2022年6月底, 6月30日, 2022年, 21.3, -0.5
_DATE = (r"[（(]\d{4}\s*[-—–~]\s*\d{4}年?[）)]|(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|底)"
         r"|\d{4}年(?:末|全年)?|\d{1,2}-\d{1,2}月")
_NUMBER = r"[-+]?\d+(?:\.\d+)?"


def tokens_pattern(units: Iterable[str], names: Iterable[str]) -> re.Pattern[str]:
    """What must stay on one line: dates and year spans, a number with its unit
    (0.03吨标煤/万元), department names, status words, quoted names (“瞪羚”)."""
    unit_parts = {"%", "％", "个百分点", "项", "个", "家"} | {u.strip() for u in units if u.strip()}
    words = set(WORDS) | set(names)
    for labels in (STATUS_LABEL, TASK_LABEL, LEVEL_LABEL, OUTLOOK_LABEL):
        words.update(w for w in labels.values() if len(w) > 1)
    longest = sorted(words | unit_parts, key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in longest)
    units_alt = "|".join(re.escape(u) for u in sorted(unit_parts, key=len, reverse=True))
    return re.compile(rf"{_DATE}|(?:[差约]?{_NUMBER})(?:{units_alt})?|“[^”]{{1,8}}”|{alternatives}")


def nowrap(text: object, pattern: re.Pattern[str]) -> str:
    """Escaped text with each token in a non-breaking span."""
    from markupsafe import Markup, escape

    out = []
    pos = 0
    source = str(text)
    for m in pattern.finditer(source):
        if m.end() - m.start() < 2:
            continue  # one character never breaks inside itself
        out.append(str(escape(source[pos:m.start()])))
        out.append(f'<span class="nw">{escape(m.group())}</span>')
        pos = m.end()
    out.append(str(escape(source[pos:])))
    return Markup("".join(out))


def cell_html(cell) -> str:
    """A table cell (views/cells) in non-breaking spans: a line may break at a space
    between its pieces (差 / 4家) or before a bracketed mark (120 / （插值）); the other
    pieces stay together (完成年度目标 on one line in a browser, on two in Word)."""
    from markupsafe import Markup, escape

    groups: list[list[str]] = []
    for text, _ in cell.pieces:
        if not groups or text.startswith((" ", "（")):
            groups.append([text])
        else:
            groups[-1].append(text)
    out = []
    for group in groups:
        text = "".join(group)
        lead = " " if text.startswith(" ") else ""  # the space between pieces may break
        word = text.strip()
        out.append(lead + (f'<span class="nw">{escape(word)}</span>' if len(word) > 1 else str(escape(word))))
    return Markup("".join(out))


def title_html(text: str) -> str:
    """The title breaks before 《 or （ or after 》 (关于2022年上半年《…三年行动计划 /
    （2020-2022年）》推进情况的通报), not inside 行动: each piece that fits a line
    (at most 24 characters) is kept whole."""
    from markupsafe import Markup, escape

    pieces = [p for p in re.split(r"(?=《)|(?=（)|(?<=》)", text) if p]
    return Markup("".join(f'<span class="nw">{escape(p)}</span>' if len(p) <= 24 else str(escape(p))
                          for p in pieces))


def render(content: ReportContent, *, units: Iterable[str] = (), names: Iterable[str] = ()) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kjcx.report", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    pattern = tokens_pattern(list(units) + [r.unit for r in content.indicators],
                             list(names) + [d.name for d in content.departments])
    seen: dict[str, str] = {}  # cells repeat (年末, 亿元, 达标): each string once

    def nw(text: object) -> str:
        key = str(text)
        if key not in seen:
            seen[key] = nowrap(key, pattern)
        return seen[key]

    env.filters["nw"] = nw
    env.filters["cell"] = cell_html
    env.filters["day"] = lambda day: day_words(day, content.year)
    env.filters["title"] = title_html
    # Section numbers follow what is present (一、总体情况 … ).
    order = ["headline", "indicators", "outlook"] + (["parts"] if content.parts else []) + \
        (["scores"] if content.scores else []) + \
        (["charts"] if content.charts else []) + \
        (["sections"] if content.sections else []) + ["departments"] + \
        (["tasks"] if content.lagging_tasks else []) + \
        (["changes"] if content.changes is not None else [])
    numbers = {name: NUMERALS[i] for i, name in enumerate(order)}
    from kjcx import statuses

    return env.get_template("report.html.j2").render(c=content, n=numbers, cols=table_columns(content),
                                                     statuses=list(statuses.INDICATOR.values()))


def table_columns(content: ReportContent) -> dict:
    """The report's tables' columns (kjcx.columns), for the template's header rows."""
    from kjcx import columns

    return {"indicators": columns.report_indicator_columns(year_end=content.year_end),
            "sections": columns.SECTION,
            "departments": columns.pick(columns.DEPARTMENT, columns.REPORT_DEPARTMENT_KEYS),
            "tasks": columns.pick(columns.TASK, columns.LAGGING_TASK_KEYS)}
