"""kjcx: indicator calculator for Chinese government action plans.

The Python API (what `kjcx status` does, without a subprocess)::

    import kjcx
    plan = kjcx.load_plan("data")                # raises kjcx.DataError (.problems)
    # every error kjcx raises is a kjcx.KjcxError; a bad argument (a year outside the
    # plan) is a kjcx.ArgumentError, which is also a ValueError
    st = kjcx.evaluate(plan, 2021, as_of=None)   # the YearStatus behind `kjcx status`
    doc = kjcx.to_json(st)                       # exactly what `status -f json` prints
    problems = kjcx.check_plan("data")           # errors and warnings, never raises

The rest of what the commands do is here too: `explain`, `diff`, `brief`, the 督办
`remind` and `history`, the 考核
`score` (with `load_scoring`), the forms round `export_forms`, `read_forms`,
`write_forms`; a new plan from its document: `draft_plan`, `write_draft`. Names are
imported on first
use, so `import kjcx` stays cheap.
"""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING, Optional, Union

__version__ = "0.3.0"

__all__ = [
    "ActionPlan",
    "ArgumentError",
    "DataError",
    "KjcxError",
    "Problem",
    "YearStatus",
    "brief",
    "check_plan",
    "check_text",
    "diff",
    "draft_plan",
    "evaluate",
    "explain",
    "export_forms",
    "history",
    "load_plan",
    "load_text",
    "load_scoring",
    "read_forms",
    "remind",
    "score",
    "to_json",
    "write_draft",
    "write_forms",
    "__version__",
]

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from kjcx.draft.model import Draft
    from kjcx.method.compute import YearStatus
    from kjcx.method.score import ScoreResult
    from kjcx.plan.model import ActionPlan
    from kjcx.plan.problems import DataError, Problem
    from kjcx.plan.scoring_model import Scheme, Scoring
    from kjcx.round.forms import Change, Exported, ImportResult
    from kjcx.views.diff import DiffView
    from kjcx.views.explain import ExplanationView
    from kjcx.views.history import HistoryView
    from kjcx.views.remind import RemindView

Text = Union[str, bytes]
PathLike = Union[str, os.PathLike]
DateLike = Union[datetime.date, str, None]


def load_plan(data_dir: PathLike, cache: bool = True) -> "ActionPlan":
    """The validated plan in `data_dir` (targets.yaml, optional tasks.yaml).

    With `cache` (the default, as the CLI does) an unchanged pair of files is read
    from the plan cache; `KJCX_NO_CACHE=1` or `cache=False` always parses.
    Raises DataError listing every problem (file, line, column, YAML path, message);
    an interrupted write (a commit journal left in the directory) is one of them:
    run any kjcx command to finish it first."""
    from pathlib import Path

    from kjcx.plan.datadir import unfinished_commit

    pending = unfinished_commit(data_dir)
    if pending is not None:
        from kjcx.plan.problems import DataError

        raise DataError([pending])
    if cache:
        from kjcx.plan import cache as plan_cache

        return plan_cache.load_plan(Path(data_dir))[0]
    from kjcx.plan.load import load

    return load(data_dir).plan


def load_text(targets: Text, tasks: Optional[Text] = None) -> "ActionPlan":
    """The validated plan from the text of the two files (no files needed)."""
    from kjcx.plan.load import load

    return load(_TEXT_DIR, raw=_raw(targets, tasks)).plan


def check_plan(data_dir: Union[str, os.PathLike]) -> "list[Problem]":
    """Every problem `kjcx check` reports: errors first, then warnings. Never raises
    for bad data (a missing directory is reported as a problem too)."""
    from kjcx.plan.datadir import unfinished_commit
    from kjcx.plan.scoring import inspect_directory

    _, errors, warnings = inspect_directory(data_dir)
    pending = unfinished_commit(data_dir)
    return [pending] * (pending is not None) + list(errors) + list(warnings)


def draft_plan(path: PathLike, lead_rule: Optional[str] = None,
               departments: Optional[list] = None) -> "Draft":
    """A draft of both data files from a plan document (.docx, .txt, .md), what
    `kjcx init DIR --from FILE` writes: `.header`, `.sections`, `.tasks`, `.indicators`,
    `.units`, and `.reviews` (each uncertain item with its place in the document).
    `lead_rule="first"`: the first of the 责任单位 is the lead; `departments`: unit names
    known beforehand, to split names that run together."""
    from pathlib import Path

    from kjcx.draft.build import draft_plan as draft

    return draft(Path(path), lead_rule=lead_rule, departments=departments)


def write_draft(draft: "Draft", data_dir: PathLike) -> "list[Path]":
    """Write a draft as targets.yaml and tasks.yaml in `data_dir` (made if missing), every
    value commented with its source. Raises FileExistsError naming the file when either
    exists (nothing is written)."""
    from pathlib import Path

    from kjcx.draft import files
    from kjcx.draft.write import targets_yaml, tasks_yaml

    try:
        return files.write_new(Path(data_dir), (targets_yaml(draft), tasks_yaml(draft)))
    except files.Exists as exc:
        raise FileExistsError(f"{exc.path} 已存在") from None


def check_text(targets: Text, tasks: Optional[Text] = None) -> "list[Problem]":
    """check_plan for the text of the two files."""
    from kjcx.plan.load import inspect

    _, errors, warnings = inspect(_TEXT_DIR, raw=_raw(targets, tasks))
    return list(errors) + list(warnings)


def evaluate(plan: "ActionPlan", year: Optional[int] = None,
             as_of: DateLike = None) -> "YearStatus":
    """The year at a glance (indicators, sections, tasks, departments, summary).

    `year` defaults to the latest plan year with any figure; `as_of` (a date or an
    ISO string such as "2022-06-30") uses only the figures known on that date.
    A year outside the plan or a bad `as_of` raises ValueError."""
    from kjcx.errors import check_year
    from kjcx.method import compute
    from kjcx.method.dates import default_year

    as_of = _date("as_of", as_of)
    if year is None:
        year = default_year(plan, as_of)
    check_year(year, plan.plan.start, plan.plan.end)
    return compute.year_status(plan, year, as_of)


def to_json(status: "YearStatus") -> dict:
    """The kjcx.status/2 document (what `kjcx status YEAR -f json` prints)."""
    from kjcx.views.json_docs import to_json as build

    return build(status)


def explain(plan: "ActionPlan", ident: Union[str, int], year: Optional[int] = None,
            as_of: DateLike = None) -> "ExplanationView":
    """Every number of one indicator (id or name), task (number) or department, as
    `kjcx explain` shows it; `.json()` is the kjcx.explain/1 document, `.steps` the steps.
    An unknown ID raises KeyError."""
    from kjcx.method.explain import explain as build
    from kjcx.views.explain import ExplanationView

    return ExplanationView(build(evaluate(plan, year, as_of), str(ident)))


def diff(plan: "ActionPlan", start: DateLike, end: DateLike,
         year: Optional[int] = None) -> "DiffView":
    """What changed between the figures known on `start` and on `end` (as `kjcx
    diff`); `.json()` is the kjcx.diff/1 document, `.diff` the typed change records.
    `year` defaults, as in the CLI, to the latest year with figures known on `end`."""
    from kjcx.errors import ArgumentError, check_year
    from kjcx.method.dates import default_year
    from kjcx.method.diff import compare
    from kjcx.views.diff import DiffView

    first, last = _date("start", start), _date("end", end)
    if first is None or last is None:
        raise ArgumentError("diff 需要两个日期：start 和 end")
    if last < first:
        raise ArgumentError(f"end {last} 早于 start {first}")
    if year is None:
        year = default_year(plan, last)
    else:
        check_year(year, plan.plan.start, plan.plan.end)
    return DiffView(compare(plan, year, first, last))


def remind(plan: "ActionPlan", on: DateLike = None, days: Optional[int] = None) -> "RemindView":
    """What `kjcx remind` chases on `on` (default: the latest round date): `.result` is the
    typed Reminders (each department's items and their reasons), `.json()` kjcx.remind/1,
    `.text()` the 催办 paragraphs. `days`: due within this many days (default remind_days)."""
    from kjcx.method.remind import remind as chase
    from kjcx.views.remind import RemindView

    if days is not None and days < 0:
        raise ValueError(f"days 应为不小于 0 的整数，而不是 {days!r}")
    return RemindView(chase(plan, _date("on", on), days))


def history(plan: "ActionPlan", ident: Union[str, int], since: DateLike = None) -> "HistoryView":
    """Every dated entry of an indicator (id or name), part (`id/part`) or task (number),
    oldest first, as `kjcx history` lists them: `.result.steps` the typed entries with the
    verdict each gave on its date, `.json()` kjcx.history/1. An unknown ID raises KeyError."""
    from kjcx.method.history import history as trail
    from kjcx.views.history import HistoryView

    return HistoryView(trail(plan, str(ident), _date("since", since)))


def brief(plan: "ActionPlan", year: Optional[int] = None, as_of: DateLike = None) -> str:
    """The ready-to-paste 通报 paragraph of `kjcx brief`. An `as_of` before the plan
    starts raises ValueError (nothing could have been reported then)."""
    from kjcx.errors import ArgumentError
    from kjcx.report.brief import before_plan, paragraph

    why = before_plan(plan, _date("as_of", as_of))
    if why is not None:
        raise ArgumentError(why)
    return paragraph(evaluate(plan, year, as_of))


def load_scoring(path: PathLike, plan: "ActionPlan") -> "Scoring":
    """The 考核 schemes of a scoring.yaml (a file, or a data directory holding one),
    validated against `plan`. Raises DataError listing every problem."""
    from pathlib import Path

    from kjcx.plan.scoring import load_scoring as load
    from kjcx.plan.scoring import scoring_path

    where = Path(path)
    return load(scoring_path(where) if where.is_dir() else where, plan)


def score(plan: "ActionPlan", year: Optional[int] = None, scheme: "Union[str, Scheme, None]" = None,
          *, scoring: "Union[PathLike, Scoring, None]" = None) -> "ScoreResult":
    """The 考核 result of `kjcx score`: each unit's items, total, grade, rank.

    `scoring`: a loaded Scoring, or the scoring.yaml (or the data directory that holds
    it); by default the data directory's, found as the command line finds it (--data is
    KJCX_DATA here, else ./data). `scheme`: an id (default: the first scheme judging
    `year`); `year` defaults to the scheme's year, else the latest year with figures.
    ValueError when no scheme judges the year; `.json()` is the kjcx.score/1 document."""
    from kjcx.errors import ArgumentError
    from kjcx.method.dates import default_year
    from kjcx.method.score import score_year
    from kjcx.plan.scoring_model import Scheme as SchemeType
    from kjcx.plan.scoring_model import Scoring as ScoringType

    if isinstance(scheme, SchemeType):
        chosen = scheme
    else:
        if not isinstance(scoring, ScoringType):
            scoring = load_scoring(_scoring_place(scoring), plan)
        chosen = _scheme(scoring, scheme, year)
    if year is None:
        year = chosen.year if chosen.year is not None else default_year(plan, None)
    if not plan.plan.start <= year <= plan.plan.end or not chosen.covers(year):
        raise ArgumentError(f"方案 {chosen.id} 不考核 {year} 年")
    return score_year(plan, chosen, year)


def _scoring_place(given: "Optional[PathLike]") -> "PathLike":
    if given is not None:
        return given
    from kjcx.plan.datadir import locate

    return locate(None, allow_sample=False).path


def _scheme(scoring: "Scoring", ident: Optional[str], year: Optional[int]) -> "Scheme":
    from kjcx.errors import ArgumentError

    if ident is not None:
        found = scoring.scheme(ident)
        if found is None:
            raise ArgumentError(f"没有编号为 {ident} 的考核方案（有：{'、'.join(s.id for s in scoring.schemes)}）")
        return found
    covering = scoring.covering(year) if year is not None else list(scoring.schemes)
    if not covering:
        raise ArgumentError(f"没有考核 {year} 年的方案")
    return covering[0]


def export_forms(plan: "ActionPlan", as_of: DateLike, out_dir: PathLike,
                 departments: Optional[list[str]] = None, force: bool = False) -> "list[Exported]":
    """One fill-in workbook per lead department (`kjcx forms export`). Refuses
    (kjcx.round.forms.FormsError) to overwrite existing files unless `force`."""
    from pathlib import Path

    from kjcx.errors import ArgumentError
    from kjcx.round.forms import export_forms as export

    day = _date("as_of", as_of)
    if day is None:
        raise ArgumentError("export_forms 需要 as_of（报送截止日期）")
    return export(plan, day, Path(out_dir), departments, force)


def read_forms(plan: "ActionPlan", paths: "list[PathLike]") -> "ImportResult":
    """Read returned workbooks (files or directories) as `kjcx forms import` does
    without --write: `.errors`, `.changes`, `.missing_departments`. Changes nothing."""
    from pathlib import Path

    from kjcx.round.forms import read_forms as read

    return read(plan, [Path(p) for p in paths])


def write_forms(data_dir: PathLike, plan: "ActionPlan", changes: "list[Change]") -> "list[Path]":
    """Merge `read_forms(...).changes` into the data files (every change or none;
    raises kjcx.round.writeback.WriteError). Returns the files that changed."""
    from pathlib import Path

    from kjcx.round.writeback import write_changes

    return write_changes(Path(data_dir), plan, changes)


def _date(name: str, value: DateLike) -> Optional[datetime.date]:
    """A date given as a date or an ISO string; anything else is refused by name."""
    from kjcx.errors import ArgumentError
    if value is None or (isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ArgumentError(f"{name} 应为日期（datetime.date 或 \"2022-06-30\" 这样的字符串），而不是 {value!r}")


_TEXT_DIR = ""


def _raw(targets: Text, tasks: Optional[Text]) -> dict:
    from kjcx.plan.datadir import TARGETS, TASKS

    def as_bytes(text: Optional[Text]) -> Optional[bytes]:
        return text.encode("utf-8") if isinstance(text, str) else text

    return {TARGETS: as_bytes(targets), TASKS: as_bytes(tasks)}


def __getattr__(name: str):
    if name in ("KjcxError", "ArgumentError"):
        from kjcx import errors as base

        return getattr(base, name)
    if name in ("DataError", "Problem"):
        from kjcx.plan import problems as errors

        return getattr(errors, name)
    if name == "ActionPlan":
        from kjcx.plan.model import ActionPlan

        return ActionPlan
    if name == "YearStatus":
        from kjcx.method.compute import YearStatus

        return YearStatus
    raise AttributeError(f"module 'kjcx' has no attribute {name!r}")
