"""The draft written as the two data files, by hand so that every value carries its comment:
where in the document it came from, and `# 请核对：…` where the draft is unsure."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kjcx.draft.model import Draft, Indicator, Task, Unit

REVIEW = "# 请核对："
_PLAIN = re.compile(r"^[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e\u2018-\u201f\u2014\u2026\u00b7A-Za-z_]"
                    r"[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e\u2018-\u201f\u2014\u2026\u00b7\w\-.]*$")
_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def scalar(text: str) -> str:
    """A YAML scalar for `text`: plain when it cannot be misread, else double-quoted."""
    if _PLAIN.match(text.replace(" ", "")) and text.lower() not in _WORDS and text == text.strip() \
            and " #" not in text and "  " not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(names: list[str]) -> str:
    return "[" + ", ".join(scalar(n) for n in names) + "]"


def comment(text: str) -> str:
    return " ".join(str(text).split())


def _line(out: list[str], text: str, note: str = "", review: str = "") -> None:
    if note:
        text += f"   # {comment(note)}"
    out.append(text)
    if review:
        indent = len(text) - len(text.lstrip())
        out.append(" " * indent + REVIEW + comment(review))


def targets_yaml(draft: Draft) -> str:
    h = draft.header
    out = [f"# {comment(h.name or '新计划')} — 计划与指标（草稿）",
           f"# 由 kjcx init --from {comment(Path(draft.source).name)} 起草。每个值后的注释是它在原文中的位置。",
           "# “# 请核对：”是起草时拿不准的地方：核对、改好后删去那一行注释，kjcx check 就不再提示。",
           "# 实际值（actuals）、基期值（baseline）原文没有的，请在报送后填写。", "", "plan:"]
    _line(out, f"  name: {scalar(h.name or '请填写计划名称')}", h.name_where,
          "" if h.name else "没有找到计划名称")
    if h.document:
        issued = f"；印发日期 {h.issued}（{h.issued_where}）" if h.issued else ""
        _line(out, f"  document: {scalar(h.document)}", h.document_where + issued)
    years_missing = "没有找到规划期，请填写起止年份" if h.start is None or h.end is None else ""
    _line(out, f"  start: {h.start or 2021}", h.years_where, years_missing)
    _line(out, f"  end: {h.end or 2025}", h.years_where)
    if draft.units:
        out.append("  departments:   # 文中出现的全部单位，按第一次出现的顺序；aliases 是同一单位的其他写法")
        for unit in draft.units:
            _unit(out, unit)
    out.append("")
    written = draft.indicators
    for left in draft.skipped:   # seen in the text, not drafted: said where a person reads the file
        out.append(f"{REVIEW}{comment(left.where)} {comment(left.message)}")
    out.append("indicators:" + ("" if written else " []"))
    for k, ind in enumerate(written, 1):
        _indicator(out, ind, k)
    return "\n".join(out) + "\n"


def _unit(out: list[str], unit: Unit) -> None:
    _line(out, f"    - name: {scalar(unit.name)}", unit.where + (f"；{unit.note}" if unit.note else ""))
    if unit.aliases:
        out.append(f"      aliases: {flow(unit.aliases)}")


def _indicator(out: list[str], ind: Indicator, k: int) -> None:
    out.append("")
    _line(out, f"  - id: indicator_{k:02d}", f"{ind.where}；编号可改为有意义的英文名")
    out.append(f"    name: {scalar(ind.name)}")
    accrues = ind.kind == "level" and re.search(r"成交额|交易额|营业收入|收入|投资|产值|增加值|销售额|融资额", ind.name)
    _line(out, f"    unit: {scalar(ind.unit or '待填')}",
          "若是一年里累计发生的量（如成交额），请加 kind: flow" if accrues else "",
          "" if ind.unit else "原文没有写单位")
    if ind.kind != "level":
        _line(out, f"    kind: {ind.kind}", "增长率、降低率逐年写百分数")
    if ind.direction != "higher" and ind.kind == "level":
        _line(out, "    direction: lower", "原文是上限（以内、不超过）")
    if ind.binding:
        out.append("    binding: true   # 约束性指标")
    if ind.baseline:
        out.append(f"    baseline: {{year: {ind.baseline[0]}, value: {ind.baseline[1]}}}")
    if ind.period and ind.kind != "level":
        out.append(f"    period: {{{ind.period[0]}: {ind.period[1]}}}")
    if ind.targets:
        out.append("    targets:")
    for t in ind.targets:
        value = f"{{value: {t.value}, stretch: {t.stretch}}}" if t.stretch else t.value
        note = t.where + (f"：{t.text}" if t.text != t.value else "") + (f"；{t.note}" if t.note else "")
        _line(out, f"      {t.year}: {value}", note, t.review)
    if ind.lead:
        out.append(f"    lead: {flow(ind.lead)}")
    _line(out, f"    source: {scalar(ind.source)}")
    for also in ind.also:
        out.append(f"    # 又见 {comment(also)}")
    for review in ind.reviews:
        out.append(f"    {REVIEW}{comment(review)}")


def tasks_yaml(draft: Draft) -> str:
    h = draft.header
    out = [f"# {comment(h.name or '新计划')} — 任务（草稿）",
           f"# 由 kjcx init --from {comment(Path(draft.source).name)} 起草。每项任务上方是原文全文和位置。",
           "# “# 请核对：”是起草时拿不准的地方：核对、改好后删去那一行注释，kjcx check 就不再提示。"]
    if draft.lead_rule == "first":
        out.append("# 按“列第一位者为牵头单位”的约定：责任单位中的第一个记为牵头单位。")
    out += ["", "sections:" + ("" if draft.sections else " []")]
    for s in draft.sections:
        _line(out, f"  - id: {s.id}", s.where)
        out.append(f"    title: {scalar(s.title)}")
    out += ["", "tasks:" + ("" if draft.tasks else " []")]
    for task in draft.tasks:
        _task(out, task)
    return "\n".join(out) + "\n"


def _task(out: list[str], task: Task) -> None:
    out.append("")
    number = f"（原文编号 {task.number}）" if task.number else ""
    out.append(f"  # {task.where}{number}：{comment(task.text)}")
    out.append(f"  - id: {task.id}")
    out.append(f"    section: {task.section}")
    out.append(f"    title: {scalar(task.title)}")
    _line(out, f"    lead: {flow(task.lead)}", task.owners_where)
    if task.participants:
        out.append(f"    participants: {flow(task.participants)}")
    if task.deadline:
        _line(out, f"    deadline: {task.deadline}", f"完成时限：{task.deadline_text}")
    elif task.deadline_text:
        out.append(f"    # 完成时限：{comment(task.deadline_text)}")
    for review in task.reviews:
        out.append(f"    {REVIEW}{comment(review)}")
