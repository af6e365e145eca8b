"""`kjcx check` reports: text for people, JSON for scripts, GitHub annotations for CI."""

from __future__ import annotations

import json
from pathlib import Path

from kjcx.cleantext import visible
from kjcx.plan.problems import Problem
from kjcx.plan.reader import total_text


def check_text(directory: Path, plan, errors: list[Problem], warnings: list[Problem],
               strict: bool) -> str:
    lines = [str(p) for p in errors]
    lines += [_warning_line(p) for p in warnings]
    if errors:
        lines.append(f"检查未通过：{total_text(errors)} 个错误，{total_text(warnings)} 条警告。")
    elif warnings:
        verdict = "检查未通过（--strict）" if strict else "检查通过"
        lines.append(f"{verdict}：{total_text(warnings)} 条警告，请复核。")
    else:
        lines.append(f"检查通过：{directory}（{len(plan.indicators)} 项指标，"
                     f"{len(plan.sections)} 个章节，{len(plan.tasks)} 项任务），无错误、无警告。")
    return "\n".join(lines) + "\n"


def _warning_line(problem: Problem) -> str:
    text = str(problem)
    if problem.line is None and not problem.path and ": " not in text:  # 另有 N 条警告未列出
        return text
    head, sep, message = text.partition(": ")
    return f"{head}{sep}警告：{message}" if sep else f"警告：{text}"


def check_json(ok: bool, errors: list[Problem], warnings: list[Problem]) -> str:
    document = {
        "schema": "kjcx.check/1",
        "ok": ok,
        "errors": [p.as_json() for p in errors],
        "warnings": [p.as_json() for p in warnings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def github_annotations(errors: list[Problem], warnings: list[Problem], strict: bool) -> str:
    """::error file=…,line=…,col=…::message (workflow-command escaping)."""
    out = []
    for problem in errors + warnings:
        level = "error" if problem.severity == "error" or strict else "warning"
        props = [f"file={_property(problem.file)}"]
        if problem.line is not None:
            props += [f"line={problem.line}", f"col={problem.column}"]
        props.append(f"title={_property('kjcx check')}")
        message = f"{problem.path}: {problem.message}" if problem.path else problem.message
        out.append(f"::{level} {','.join(props)}::{_data(visible(message))}")
    return "\n".join(out) + ("\n" if out else "")


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
