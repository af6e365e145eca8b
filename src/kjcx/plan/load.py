"""Read and validate a plan's two files; place every problem at file:line:column.

    load(data_dir) -> Loaded(plan, warnings)     or raises DataError(problems)

Each part is validated on its own (the plan block, the indicators, the
sections, the tasks; a list with errors item by item) so that one broken
indicator does not hide the problems of the others, and the cross-file rules
still run over everything that did validate.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import math
import os
import re
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

from kjcx.cleantext import clip
from kjcx.plan import fastload, model, review, rules
from kjcx.plan.datadir import TARGETS, TASKS
from kjcx.plan.problems import DataError, Problem
from kjcx.plan.reader import Document, Problems, format_path, listed, read
from kjcx.plan.repair import real_loc as _real_loc
from kjcx.plan.repair import salvage
from kjcx.plan.suggest import did_you_mean

# A schema problem or cross-file finding to place: (doc, path, message, at, severity)
_Finding = tuple[Document, tuple[Any, ...], str, str, str]


@dataclass
class Loaded:
    plan: model.ActionPlan
    warnings: list[Problem] = field(default_factory=list)


def load(data_dir: str | os.PathLike, *, raw: dict | None = None) -> Loaded:
    """Load a plan, or raise DataError with every problem found.

    Warnings come without line numbers: placing them costs a second parse, and
    only `kjcx check` (inspect) shows them in full. `raw`: see inspect.
    """
    plan, errors, warnings = inspect(data_dir, place_warnings=False, raw=raw)
    if errors:
        raise DataError(errors)
    assert plan is not None
    return Loaded(plan, warnings)


def inspect(data_dir: str | os.PathLike, *, place_warnings: bool = True, raw: dict | None = None,
            ) -> tuple[model.ActionPlan | None, list[Problem], list[Problem]]:
    """Everything `kjcx check` reports: (plan or None, errors, warnings).

    `raw`: {file name: bytes, or None for an absent file} already read by the
    caller (cache.py), so that what is parsed is what was hashed."""
    data_dir = Path(data_dir)
    raw = raw if raw is not None else {}
    targets_doc = read(data_dir / TARGETS, str(data_dir / TARGETS), raw.get(TARGETS))
    tasks_path = data_dir / TASKS
    present = raw[TASKS] is not None if TASKS in raw else os.path.lexists(tasks_path)
    tasks_doc = read(tasks_path, str(tasks_path), raw.get(TASKS)) if present else None

    errors: list[Problem] = list(targets_doc.problems)
    if tasks_doc is not None:
        errors += tasks_doc.problems

    # Schema problems and cross-file findings are collected as (doc, path, message,
    # at, severity) and placed in one extra pass per file, only when there are any.
    # Problems keeps the first thousand and counts the rest (200 are listed).
    findings: Problems[_Finding] = Problems()

    plan_info, indicators, revisions = _validate_targets(targets_doc, findings)
    sections, tasks = _validate_tasks(tasks_doc, findings)

    # An error in plan: does not hide the cross-file checks: those that need the
    # plan block run on what could be salvaged of it, the others without it.
    docs = {"targets": targets_doc, "tasks": tasks_doc}
    salvaged = plan_info if plan_info is not None else _salvaged_plan(targets_doc)
    repaired: set[tuple[str, int]] = getattr(findings, "salvaged", set())
    mentioned = _mentioned(targets_doc, tasks_doc)
    refused = _above_errors(findings) if repaired else frozenset()
    for finding in rules.cross_file(salvaged, indicators, sections, tasks, revisions or [], mentioned):
        if finding.severity == "warning" and (plan_info is None or finding.path[:2] in repaired):
            continue  # a warning about an item kjcx had to repair would be about the repair
        if finding.path[:2] in repaired and (
                _repaired_away(targets_doc, finding.path) or (finding.file, finding.path) in refused):
            # its targets were refused (and reported), not left out; or the finding is about
            # what lost a refused value (a period without its refused `average`, an entry
            # without its refused `as_of`): one error each
            continue
        doc = docs[finding.file]
        assert doc is not None  # findings in tasks.yaml come from its items: the file was read
        findings.append((doc, finding.path, finding.message, finding.at, finding.severity))

    counted, partial = findings.dropped, findings.partial  # beyond the first thousand: counted
    unplaced = []
    to_place: list[_Finding] = findings
    if not place_warnings:
        unplaced = [Problem(doc.file, None, None, format_path(path, doc.data), message, severity)
                    for doc, path, message, _, severity in findings if severity == "warning"]
        to_place = [f for f in findings if f[4] != "warning"]
    # A value the reader already refused (a bad tag, an impossible date) would
    # be reported again by the schema at the same spot: say it once.
    seen = {(p.file, p.line, p.column) for p in errors}
    placed = [p for p in _place(to_place) if (p.file, p.line, p.column) not in seen]
    errors = sorted(errors + [p for p in placed if p.severity == "error"], key=_position)
    warnings = [p for p in placed if p.severity == "warning"] + unplaced
    unsure = 0   # a draft's unsure values: its `# 请核对：` comments
    for doc in (targets_doc, tasks_doc):
        if doc is not None:
            marked, more = review.marks(doc.file, doc._raw)
            warnings, unsure = warnings + marked, unsure + more
    dropped = targets_doc.dropped + (tasks_doc.dropped if tasks_doc is not None else 0)
    errors = listed(errors, dropped + counted["error"], at_least=partial)
    warnings = listed(warnings, counted["warning"] + unsure, at_least=partial)
    if errors or plan_info is None:
        return None, errors, warnings

    plan = model.ActionPlan(
        plan=plan_info,
        indicators=[item for _, item in indicators],
        sections=[item for _, item in sections],
        tasks=[item for _, item in tasks],
        revisions=[item for _, item in revisions or []],
    )
    return rules.canonical_departments(plan), errors, warnings


def _mentioned(*docs) -> frozenset[str]:
    """Department names given as lead or participant anywhere in the files, read
    from the raw documents: an item that failed validation still names them."""
    names: set[str] = set()
    for doc in docs:
        data = doc.data if doc is not None else None
        if not isinstance(data, dict):
            continue
        for key in ("indicators", "tasks"):
            items = data.get(key)
            items = list(items) if isinstance(items, list) else []
            for item in list(items):  # a part (分解) names its own lead
                parts = item.get("parts") if isinstance(item, dict) else None
                items += parts if isinstance(parts, list) else []
            for item in items:
                if not isinstance(item, dict):
                    continue
                for field_name in ("lead", "participants"):
                    value = item.get(field_name)
                    if isinstance(value, list):
                        names.update(v.strip() for v in value if isinstance(v, str))
    return frozenset(names)


def _place(findings: list[_Finding]) -> list[Problem]:
    by_doc: dict[int, list] = {}
    for finding in findings:
        by_doc.setdefault(id(finding[0]), []).append(finding)
    placed = []
    for group in by_doc.values():
        doc = group[0][0]
        marks = doc.locate(f[1] for f in group)
        for _, path, message, at, severity in group:
            placed.append(doc.place(path, message, marks, at=at, severity=severity))
    placed.sort(key=_position)
    return placed


def _above_errors(findings) -> frozenset:
    """(file, path) of everything that holds a value the schema refused, within an item:
    a rule's finding there would only repeat that error."""
    out: set[tuple[str, tuple]] = set()
    for doc, path, _, _, severity in findings:
        if severity == "error":
            file = "tasks" if doc.file.endswith(TASKS) else "targets"
            out.update((file, path[:i]) for i in range(3, len(path)))
    return frozenset(out)


def _repaired_away(doc: Document, path: tuple) -> bool:
    """A missing `targets` of an item whose file does have them: salvage removed them."""
    if path[2:] != ("targets",) or path[0] != "indicators":
        return False
    items = doc.data.get("indicators") if isinstance(doc.data, dict) else None
    try:
        return "targets" in items[path[1]]  # type: ignore[index]
    except (TypeError, LookupError):
        return False


def _position(problem: Problem):
    return (problem.file, problem.line or 0, problem.column or 0)


# --- schema validation, part by part -------------------------------------

# A list returned as None could not be read at all (its file or key is broken):
# rules.cross_file then skips the rules that would need it, instead of
# reporting every reference into it as unknown.

def _validate_targets(doc: Document, findings: Problems[_Finding]):
    if doc.data is None:
        return None, None, None
    top = _top_mapping(doc, findings, {"plan": True, "indicators": False, "revisions": False})
    if top is None:
        return None, None, None
    plan_info = None
    if "plan" in top:
        plan_info = _validate(doc, findings, model.PlanInfo, top["plan"], ("plan",))
    indicators = _validate_list(doc, findings, model.Indicator, top.get("indicators"), "indicators")
    revisions = _validate_list(doc, findings, model.Revision, top.get("revisions"), "revisions")
    return plan_info, indicators, revisions


def _validate_tasks(doc: Document | None, findings: Problems[_Finding]):
    if doc is None:
        return [], []
    if doc.data is None:
        return None, None
    top = _top_mapping(doc, findings, {"sections": False, "tasks": False})
    if top is None:
        return None, None
    sections = _validate_list(doc, findings, model.Section, top.get("sections"), "sections")
    tasks = _validate_list(doc, findings, model.Task, top.get("tasks"), "tasks")
    return sections, tasks


def _top_mapping(doc: Document, findings: Problems[_Finding], keys: dict[str, bool]):
    data = doc.data
    if not isinstance(data, dict):
        findings.append((doc, (), f"文件顶层应为映射（{'、'.join(keys)} 等键），实际为{_describe(data)}",
                         "value", "error"))
        return None
    for key in data:
        if key not in keys:
            findings.append((doc, (key,), _unknown_key(key, list(keys)), "key", "error"))
    for key, required in keys.items():
        if required and key not in data:
            findings.append((doc, (key,), f"缺少必填项 “{key}”", "value", "error"))
    return data


def _validate_list(doc: Document, findings: Problems[_Finding], cls, items, name: str,
                   ) -> list[tuple[int, Any]] | None:
    if items is None:
        return []
    if not isinstance(items, list):
        findings.append((doc, (name,), f"应为列表（每项以 “- ” 开头），实际为{_describe(items)}",
                         "value", "error"))
        return None
    out: list[tuple[int, Any]] = []
    partial = False
    for start in range(0, len(items), _CHUNK):
        chunk = items[start:start + _CHUNK]
        try:  # well-formed data, without pydantic: see fastload
            out += enumerate(fastload.convert(list[cls], chunk), start)
            continue
        except fastload.Unsure:
            pass
        from pydantic import ValidationError

        try:  # one call for many items: the common case, and much faster
            out += enumerate(_adapter(list[cls]).validate_python(chunk), start)
            continue
        except ValidationError as exc:
            if findings.full:  # far past what is listed: count the errors, item by item no more
                findings.dropped["error"] += exc.error_count()
                findings.partial = partial = True
                continue
        # item by item, to keep the valid ones for the cross-file rules
        for index, item in enumerate(chunk, start):
            valid = _validate(doc, findings, cls, item, (name, index))
            if valid is None and not findings.full:
                valid = _salvage(cls, item)  # for the cross-file rules only: errors exist
                if valid is not None:
                    if not hasattr(findings, "salvaged"):
                        findings.salvaged = set()
                    findings.salvaged.add((name, index))
            if valid is not None:
                out.append((index, valid))
    return None if partial else out  # partial: see cross_file on None


# Items validated per pydantic call: a list of millions of bad items must not
# become one ValidationError holding millions of errors.
_CHUNK = 1000


def _salvage(cls, value):
    """`value` without the parts pydantic refused, validated (repair.py); None if that fails."""
    from pydantic import ValidationError

    return salvage(_adapter(cls).validate_python, ValidationError, value,
                   lambda name: _is_text(cls, name))


def _is_text(cls, name) -> bool:
    tp = _field_types(cls).get(name) if dataclasses.is_dataclass(cls) else None
    return tp is not None and _unwrap(tp) is str


def _salvaged_plan(doc: Document):
    """The plan block of a targets.yaml whose plan: has errors, as far as it can be used."""
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("plan"), dict):
        return None
    return _salvage(model.PlanInfo, data["plan"])


@functools.lru_cache(maxsize=None)
def _adapter(cls):
    from pydantic import TypeAdapter  # only for data the fast path is unsure of

    return TypeAdapter(cls)


def _validate(doc: Document, findings: Problems[_Finding], cls: type, value, prefix: tuple):
    try:
        return fastload.convert(cls, value)
    except fastload.Unsure:
        pass
    from pydantic import ValidationError

    try:
        return _adapter(cls).validate_python(value)
    except ValidationError as exc:
        if getattr(findings, "full", False):  # only counted from here on: skip the messages
            findings.dropped["error"] += exc.error_count()
            return None
        for error in exc.errors(include_url=False):
            loc = _file_path(doc.data, prefix + _real_loc(value, tuple(error["loc"])))
            at = "value"
            if loc and loc[-1] == "[key]":
                loc, at = loc[:-1], "key"
            elif error["type"] in _UNKNOWN_KEY:
                at = "key"
            message = _message(error, cls, tuple(p for p in error["loc"] if p not in model.TARGET_TAGS))
            findings.append((doc, loc, message, at, "error"))
        return None


def _file_path(data, loc: tuple) -> tuple:
    """pydantic's loc as a path in the file: a year's single figure is validated as
    a one-entry list, so an index where the file holds no list is dropped."""
    out = []
    node = data
    for part in loc:
        if part == "[key]":  # pydantic's mark of an error in the key itself
            out.append(part)
            break
        if isinstance(part, int) and not isinstance(part, bool) and not isinstance(node, list) \
                and not (isinstance(node, dict) and part in node):
            continue  # the synthetic [0] of a single entry
        if node is not None and not isinstance(node, (dict, list)) and out:
            break  # a bare number stands for {value: number}: the error is at the number
        out.append(part)
        try:
            node = node[part] if node is not None else None
        except (LookupError, TypeError):
            node = None
    return tuple(out)


# --- pydantic errors in Chinese ------------------------------------------

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-")


def _describe(value) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, (int, Decimal, float)):
        return f"数字 {clip(value, 30)}"
    if isinstance(value, str):
        return f" “{clip(value)}”"
    if isinstance(value, dict):
        return "映射（键: 值）"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, datetime.datetime):
        return f"时间 {value.isoformat(sep=' ')}"
    if isinstance(value, datetime.date):
        return f"日期 {value.isoformat()}"
    return f" {clip(value)}"


def _number_hint(value) -> str:
    if isinstance(value, str):
        text = value.strip()
        if text.translate(_FULLWIDTH) != text:
            return "（含全角数字，请改用半角数字）"
        if text.endswith("%") or text.endswith("％"):
            return "（请去掉百分号：单位写在 unit 中，数值只写数字）"
        return _numeric_text_hint(text)
    if isinstance(value, bool):
        return "（true/false/yes/no 在 YAML 中是布尔值）"
    return ""


# Plain YAML 1.1 reads 1e5 (no dot, no exponent sign) and 08 as text, not numbers.
_YAML_NUMBER = re.compile(r"[-+]?(\d[\d_]*)?\.\d*([eE][-+]\d+)?\Z|[-+]?\d[\d_]*\Z")


def _numeric_text_hint(text: str) -> str:
    """Why a text that reads as a number is text: quotes, a thousands comma, or YAML 1.1."""
    try:
        Decimal(text.replace(",", ""))
    except Exception:  # noqa: BLE001 - not numeric at all
        return ""
    if "," in text:
        return "（数值不要加千分位逗号）"
    if "e" in text.lower() and not _YAML_NUMBER.match(text):
        return "（YAML 把 1e5 这样的写法当作文字：请写成普通数字，如 100000，或写成 1.0e+5）"
    if re.fullmatch(r"[-+]?0\d+", text):
        return "（以 0 开头的数字在 YAML 中不是数值：请去掉开头的 0）"
    return "（请去掉引号；数值不要加引号或千分位逗号）"


_UNKNOWN_KEY = ("extra_forbidden", "unexpected_keyword_argument")
_MISSING_KEY = ("missing", "missing_argument")


def _message(error: Mapping[str, Any], cls: type, loc: tuple) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind in ("greater_than_equal", "less_than_equal") and (
            ctx.get("ge") == model.MIN_YEAR or ctx.get("le") == model.MAX_YEAR):
        return _implausible_year(value)
    if loc and loc[-1] == "[key]":
        return f"年份应为整数，实际为{_describe(value)}{_number_hint(value)}"
    if kind in _MISSING_KEY:
        return f"缺少必填项 “{loc[-1]}”"
    if kind in _UNKNOWN_KEY:
        return _unknown_key(loc[-1], _allowed_keys(cls, loc[:-1]))
    if kind == "kjcx_finite" or (isinstance(value, float) and not math.isfinite(value)):
        return f"应为有限的数字（不能是 .inf 或 .nan），实际为{_describe(value)}"
    if kind in ("kjcx_number", "decimal_type", "decimal_parsing", "float_type"):
        hint = _number_hint(value)
        if loc and loc[-1] == "percent" and "百分号" in hint:  # a task's percent has no unit
            hint = "（请去掉百分号，直接写 0 到 100 的数字，如 40）"
        return f"应为数字，实际为{_describe(value)}{hint}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"应为整数，实际为{_describe(value)}{_number_hint(value)}"
    if kind == "string_type":
        return f"应为文字，实际为{_describe(value)}（如确是文字，请加引号）"
    if kind == "string_pattern_mismatch":
        return f"“{clip(value)}” 不符合要求：只能包含小写英文字母、数字和下划线（如 high_tech_enterprises）"
    if kind in ("string_too_short",):
        return "不能为空"
    if kind == "too_short":
        return "至少需要填写一项"
    if kind == "kjcx_percent":
        return f"进度应在 0 到 100 之间，实际为{_describe(value)}"
    if kind in ("dict_type", "dataclass_type", "dataclass_args_type", "model_type"):
        return f"应为映射（键: 值），实际为{_describe(value)}"
    if kind == "list_type":
        return f"应为列表（如 [区科技局, 区发改委]），实际为{_describe(value)}"
    if kind == "literal_error":
        import re

        from kjcx.plan.suggest import did_you_mean

        # pydantic says "'level', 'flow' or 'rank'": one list, one separator, and a guess
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = did_you_mean(str(value), choices) if isinstance(value, str) else None
        hint = f"，是否应为 “{close}”？" if close else ""
        return f"应为以下之一：{'、'.join(choices)}；实际为{_describe(value)}{hint}"
    if kind == "enum":
        labels = "、".join(f"{v.value}/{k}" for k, v in model.STATUS_LABELS.items())
        return f"状态应为以下之一：{labels}；实际为{_describe(value)}"
    if (kind.startswith("date") or kind.startswith("datetime")) and loc and loc[-1] in ("deadline", "by"):
        from kjcx.plan.officedate import date_hint  # 督办: 2022年6月底前 is a date too

        return f"应为日期，实际为{_describe(value)}{date_hint(value)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"应为日期（YYYY-MM-DD，如 2021-06-30），实际为{_describe(value)}"
    if kind == "greater_than_equal":
        return f"应不小于 {ctx.get('ge')}，实际为{_describe(value)}"
    if kind == "less_than_equal":
        return f"应不大于 {ctx.get('le')}，实际为{_describe(value)}"
    if kind == "greater_than":
        return f"应大于 {ctx.get('gt')}，实际为{_describe(value)}"
    if kind == "bool_type":
        return f"应为 true 或 false，实际为{_describe(value)}"
    return f"取值无效（{error.get('msg')}），实际为{_describe(value)}"


def _implausible_year(value) -> str:
    hint = "（是否把日期写成了年份？）" if isinstance(value, int) and value > 10**7 else ""
    return f"年份 {clip(value, 30)} 不合理：应在 {model.MIN_YEAR} 到 {model.MAX_YEAR} 之间{hint}"


def _unknown_key(key, allowed: list[str]) -> str:
    close = did_you_mean(str(key)[:100], allowed)
    key = clip(key)
    if close:
        return f"未知的键 “{key}”，是否应为 “{close}”？"
    if allowed:
        return f"未知的键 “{key}”；允许的键：{', '.join(allowed)}"
    return f"未知的键 “{key}”"


def _allowed_keys(cls: type, loc: tuple) -> list[str]:
    """Field names of the record found at `loc` below `cls` (for typo hints)."""
    current: Any = cls
    for part in loc:
        current = _unwrap(current)
        if dataclasses.is_dataclass(current):
            current = _field_types(current).get(part) if isinstance(part, str) else None
            if current is None:
                return []
        else:
            origin = typing.get_origin(current)
            args = [a for a in typing.get_args(current) if a is not type(None)]
            if origin in (list, dict) and args:
                current = args[-1]
            else:
                return []
    current = _unwrap(current)
    return list(_field_types(current)) if dataclasses.is_dataclass(current) else []


def _field_types(cls) -> dict:
    hints = typing.get_type_hints(cls, include_extras=True)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def _unwrap(tp):
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin is typing.Union:
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            records = [a for a in args if dataclasses.is_dataclass(a)]
            tp = records[0] if records else args[0]
        else:
            return tp
