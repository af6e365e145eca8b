"""One view per command: what `status`, `indicators`, `tasks`, `departments`, `brief` and
`check` show, in every format (`.json()`, `.rows()`, `.report()`, `.text()`).

A command builds one view and hands it to the one output path (kjcx.cli.output.emit),
which asks it for the format wanted. `explain`, `departments NAME`, `diff` and `parts`
have their views beside these (views/explain.py, views/diff.py, views/parts.py), with
the same methods.

Plain classes rather than dataclasses: this module is imported on every run of these
commands, and making six dataclasses costs more start-up than they save typing.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Optional

from kjcx.method.compute import IndicatorResult, TaskResult, YearStatus
from kjcx.plan.model import ActionPlan
from kjcx.views import tables as render


class StatusView:
    """`kjcx status YEAR`: indicators, sections, departments and the closing line."""

    def __init__(self, st: YearStatus, defaulted: bool = False) -> None:
        self.st = st
        self.defaulted = defaulted  # the year was not given: the heading says so

    def json(self) -> dict:
        from kjcx.views import json_docs  # not for a table: keeps json unloaded

        return json_docs.to_json(self.st)

    def rows(self) -> list[dict]:
        from kjcx.views import json_docs  # not for a table: keeps json unloaded

        return [json_docs.indicator_json(r) for r in self.st.indicators]

    def report(self) -> render.Report:
        return render.status_report(self.st, self.defaulted)


    @property
    def lagging(self) -> bool:
        return bool(self.st.summary.lagging_departments)


class IndicatorsView:
    """`kjcx indicators [YEAR]`: the indicator rows of one year, or of every year (year None)."""

    def __init__(self, plan: ActionPlan, year: Optional[int], as_of: Optional[datetime.date],
                 by_year: dict[int, list[IndicatorResult]], title: str = "指标完成情况") -> None:
        self.plan, self.year, self.as_of = plan, year, as_of
        self.by_year = by_year
        self.title = title

    def _all(self) -> list[IndicatorResult]:
        return [r for rows in self.by_year.values() for r in rows]

    def json(self) -> dict:
        from kjcx.views import json_docs  # not for a table: keeps json unloaded

        if self.year is None:
            return json_docs.list_json(json_docs.INDICATORS_SCHEMA, self.plan, None, self.as_of, "years", [
                {"year": y, "indicators": [json_docs.indicator_json(r) for r in rows]}
                for y, rows in self.by_year.items()])
        return json_docs.list_json(json_docs.INDICATORS_SCHEMA, self.plan, self.year, self.as_of,
                                   "indicators", [json_docs.indicator_json(r) for r in self.by_year[self.year]])

    def rows(self) -> list[dict]:
        from kjcx.views import json_docs  # not for a table: keeps json unloaded

        return [{"year": y, **json_docs.indicator_json(r)} for y, rows in self.by_year.items() for r in rows]

    def report(self) -> render.Report:
        rows = self._all()
        table = render.indicator_table(rows, with_year=self.year is None, title=self.title)
        return render.Report(render.plan_heading(self.plan, self.year, as_of=self.as_of), [table],
                             notes=render.indicator_notes(rows))


class TasksView:
    """`kjcx tasks [YEAR]`: the tasks of a year (filtered by the command)."""

    def __init__(self, plan: ActionPlan, year: int, as_of: Optional[datetime.date], tasks: list[TaskResult],
                 defaulted: bool = False, title: str = "重点任务") -> None:
        self.plan, self.year, self.as_of = plan, year, as_of
        self.tasks = tasks
        self.defaulted = defaulted
        self.title = title

    def json(self) -> dict:
        from kjcx.views import json_docs  # not for a table: keeps json unloaded

        return json_docs.list_json(json_docs.TASKS_SCHEMA, self.plan, self.year, self.as_of, "tasks",
                                   self.rows())

    def rows(self) -> list[dict]:
        from kjcx.views import json_docs  # not for a table: keeps json unloaded

        return [json_docs.task_json(r) for r in self.tasks]

    def report(self) -> render.Report:
        return render.Report(render.plan_heading(self.plan, self.year, self.defaulted, self.as_of),
                             [render.task_table(self.tasks, self.title)], notes=render.task_notes(self.tasks))


class DepartmentsView:
    """`kjcx departments [YEAR]`: departments by level, each with its worst item."""

    def __init__(self, st: YearStatus, defaulted: bool = False) -> None:
        self.st = st
        self.defaulted = defaulted

    def json(self) -> dict:
        from kjcx.views import json_docs  # not for a table: keeps json unloaded

        return json_docs.list_json(json_docs.DEPARTMENTS_SCHEMA, self.st.plan, self.st.year, self.st.as_of,
                                   "departments", self.rows())

    def rows(self) -> list[dict]:
        from kjcx.views import json_docs  # not for a table: keeps json unloaded

        return [json_docs.department_json(r) for r in self.st.departments]

    def report(self) -> render.Report:
        return render.departments_report(self.st, self.defaulted)

    @property
    def lagging(self) -> bool:
        return bool(self.st.summary.lagging_departments)


class BriefView:
    """`kjcx brief`: the paragraph, as text or in its JSON document (report.brief.to_json,
    built by the command: views do not import the report)."""

    def __init__(self, document: dict) -> None:
        self.document = document

    def json(self) -> dict:
        return self.document

    def text(self) -> str:
        return self.document["text"] + "\n"


class CheckView:
    """`kjcx check`: every directory's problems, as text, JSON or GitHub annotations."""

    def __init__(self, strict: bool, checked: list[tuple[Path, Any, list, list]]) -> None:
        self.strict = strict
        self.checked = checked  # (directory, plan, errors, warnings) of each directory

    @property
    def errors(self) -> list:
        return [p for _, _, errors, _ in self.checked for p in errors]

    @property
    def warnings(self) -> list:
        return [p for _, _, _, warnings in self.checked for p in warnings]

    @property
    def ok(self) -> bool:
        return not self.errors and not (self.strict and self.warnings)

    def json_text(self) -> str:
        """Indented (kjcx.check/1 has always been), unlike the row-per-line documents."""
        from kjcx.views.check_report import check_json

        return check_json(self.ok, self.errors, self.warnings)

    def text(self) -> str:
        from kjcx.cleantext import lines
        from kjcx.views.check_report import check_text

        return lines("".join(check_text(d, plan, e, w, self.strict) for d, plan, e, w in self.checked))

    def github(self) -> str:
        """kjcx's own annotations (the only lines that start with ::), then the text."""
        from kjcx.views.check_report import github_annotations

        return github_annotations(self.errors, self.warnings, self.strict) + self.text()
