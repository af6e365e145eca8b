"""`kjcx explain` and `kjcx departments YEAR NAME`: the views of an explanation
(method/explain.py) — the kjcx.explain/1 JSON, the CSV rows and the 项目/结果/算法与代入
table — and of one department's items with the reasons it stands where it stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kjcx.method.compute import IndicatorResult, TaskResult, YearStatus
from kjcx.method.departments import DepartmentResult
from kjcx.method.explain import Explanation, Step, department, rows_of
from kjcx.words import LEVEL_LABEL

SCHEMA = "kjcx.explain/1"


def step_json(s: Step) -> dict:
    from kjcx.views import json_docs

    value = s.result
    if isinstance(value, Decimal):
        value = json_docs.number(value)
    return {"name": s.name, "label": s.label, "formula": s.formula, "work": s.work,
            "result": value, "shown": s.shown}


def row_json(e: Explanation) -> dict:
    """The explained row as `status -f json` prints it."""
    from kjcx.views import json_docs

    if e.kind == "indicator":
        r = e.row
        return json_docs.indicator_json(r) if r.part is None else json_docs.part_json(r)
    if e.kind == "task":
        return json_docs.task_json(e.row)
    return json_docs.department_json(e.row)


class ExplanationView:
    """A command's view of an Explanation: .json(), .rows(), .report()."""

    def __init__(self, explanation: Explanation) -> None:
        self.explanation = explanation

    @property
    def steps(self) -> list[Step]:
        return self.explanation.steps

    def json(self) -> dict:
        from kjcx.views import json_docs

        e = self.explanation
        return {"schema": SCHEMA, "plan": json_docs.plan_json(e.st.plan), "year": e.st.year,
                "as_of": json_docs.date(e.st.as_of), "kind": e.kind, "id": e.ident,
                "row": row_json(e), "steps": [step_json(s) for s in e.steps],
                "conclusion": e.conclusion}

    def rows(self) -> list[dict]:
        e = self.explanation
        return [{"kind": e.kind, "id": e.ident, "year": e.st.year, **step_json(s)} for s in e.steps]

    csv_rows = rows

    def report(self):
        from kjcx.views.tables import Report, Table, plan_heading

        e = self.explanation
        table = Table(e.title, ["项目", "结果", "算法与代入"], align="lll", wrap="awt")
        for s in e.steps:
            table.rows.append([s.label, s.shown, f"{s.formula}；{s.work}"])
        return Report(plan_heading(e.st.plan, e.st.year, as_of=e.st.as_of), [table],
                      headline=e.conclusion)


@dataclass
class DepartmentItems:
    """`kjcx departments YEAR NAME`: the department's items and why it stands where it
    stands: its lead indicators and tasks, the tasks it takes part in, then the reason."""

    why: Explanation
    indicators: list[IndicatorResult]
    led: list[TaskResult]
    joined: list[TaskResult]

    @property
    def row(self) -> DepartmentResult:
        return self.why.row

    def json(self) -> dict:
        from kjcx.views import json_docs

        return {**ExplanationView(self.why).json(), "schema": "kjcx.department/1",
                "indicators": [json_docs.indicator_json(r) for r in self.indicators],
                "lead_tasks": [json_docs.task_json(r) for r in self.led],
                "participating_tasks": [json_docs.task_json(r) for r in self.joined]}

    def rows(self) -> list[dict]:
        return ExplanationView(self.why).rows()

    csv_rows = rows

    def report(self):
        from kjcx.views import tables as render

        st, d, name = self.why.st, self.row, self.row.name
        tables = []
        if self.indicators:
            tables.append(render.indicator_table(self.indicators, title=f"{name}牵头的指标"))
        if self.led:
            tables.append(render.task_table(self.led, f"{name}牵头的任务"))
        if self.joined:
            tables.append(render.task_table(self.joined, f"{name}参与的任务"))
        reasons = render.Table(f"{name}：{LEVEL_LABEL[d.level]}", ["依据", "事项"], align="ll",
                               wrap="at")
        for step in self.why.steps:
            if step.name in ("lagging_lead", "missing", "lagging_participating", "worst"):
                reasons.rows.append([step.label, step.work])
        tables.append(reasons)
        return render.Report(render.plan_heading(st.plan, st.year, as_of=st.as_of), tables,
                             headline=self.why.conclusion,
                             notes=render.indicator_notes(self.indicators)
                             + render.task_notes(self.led))


def department_items(st: YearStatus, name: str) -> DepartmentItems:
    return DepartmentItems(
        department(st, name),
        [r for r in rows_of(st) if name in r.indicator.lead],
        [r for r in st.tasks if name in r.task.lead],
        [r for r in st.tasks if name in r.task.participants])
