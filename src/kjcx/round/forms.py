"""Fill-in forms (报送表, docs/forms.md): one workbook per department out, and back in.

    export_forms(plan, as_of, out_dir)  -> the workbooks written
    read_forms(plan, paths)             -> ImportResult: problems, changes, 未交回, unchanged

A form carries, on its hidden `_kjcx` sheet, the plan's name, the department,
the date it was exported for (AS_OF) and a fingerprint of the plan's
definitions (not of its figures: merging one department's form must not
invalidate the others). Reading a form back re-validates every input cell and
matches rows by 编号, never by position. Nothing here writes the data files:
see writeback.py.

The pieces: layout.py (sheets, headers, fingerprint), export.py (writing a
workbook), reading.py (reading one returned workbook), cells.py (one cell's
value and its message). openpyxl is imported only where a workbook is built or read.
"""

from __future__ import annotations

import datetime
import os
import re
import stat
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from kjcx.errors import KjcxError
from kjcx.method.dates import used_entry
from kjcx.method.parts import reportable
from kjcx.method.targets import Targets
from kjcx.plan.files import not_replaceable, os_reason
from kjcx.plan.model import ActionPlan, Actual, Report
from kjcx.plan.reader import Problem
from kjcx.round import cells, export

# re-exported (`x as x`): the form layout as the API and tests read it from this module
from kjcx.round.export import build_workbook as build_workbook
from kjcx.round.layout import INDICATOR_HEADERS as INDICATOR_HEADERS
from kjcx.round.layout import INDICATOR_SHEET as INDICATOR_SHEET
from kjcx.round.layout import TASK_HEADERS as TASK_HEADERS
from kjcx.round.layout import TASK_SHEET as TASK_SHEET
from kjcx.round.layout import Entry, fingerprint, lead_items
from kjcx.round.reading import ROW_CLASSES, FormReader
from kjcx.round.suspicious import Suspicion, import_references, judge

# the patterns a cell's text goes through (tests/test_forms_hostile.py times them)
_DATE_TEXT, _EXCEL_ESCAPE, _TYPED_CONTROL = cells.DATE_TEXT, cells.EXCEL_ESCAPE, cells.TYPED_CONTROL

# --- export ----------------------------------------------------------------------

@dataclass(frozen=True)
class Exported:
    path: Path
    department: str
    indicators: int
    tasks: int


class FormsError(KjcxError):
    """A problem the user must fix before kjcx can go on (message in Chinese)."""


class UnusableName(FormsError):
    """A department's name cannot be its form's file name: the data must change."""


def file_name(department: str) -> str:
    """A department name made safe as a file name on Windows and POSIX."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]', "_", department).strip(" .")
    return (name or "单位") + ".xlsx"


NAME_MAX = 255  # bytes in one file name (ext4, APFS, NTFS in UTF-16 units)


def _usable_name(department: str, name: str) -> None:
    """Refuse a form's file name that cannot be written or that import would skip."""
    shown = department if len(department) <= 60 else department[:60] + "…"
    size = len(name.encode("utf-8"))
    if size > NAME_MAX:
        raise UnusableName(f"单位 “{shown}” 的名称太长，不能作为报送表的文件名（{name[:20]}… 共 {size} 字节，"
                         f"上限 {NAME_MAX} 字节）：未导出任何报送表；请在 targets.yaml 的 plan.departments 中"
                         "改用较短的名称（全称可写进该单位的 aliases）")
    if name.startswith("~$"):
        raise UnusableName(f"单位 “{shown}” 的报送表文件名 {name} 以 “~$” 开头，导入时会被当作 Office 的临时"
                         "锁文件跳过：未导出任何报送表；请在 targets.yaml 的 plan.departments 中改用不以 “~$” "
                         "开头的名称")


def export_forms(plan: ActionPlan, as_of: datetime.date, out_dir: Path,
                 departments: list[str] | None = None, force: bool = False) -> list[Exported]:
    """Write one workbook per department (those given, else every lead department).

    Refuses to overwrite an existing file unless `force`: the directory may hold
    forms already returned."""
    leads = lead_items(plan)
    chosen = list(leads) if not departments else [d for d in leads if d in departments]
    targets = Targets(plan.revisions)
    digest = fingerprint(plan)
    paths: dict[str, Path] = {}
    used: set[str] = set()
    for dept in chosen:
        name = file_name(dept)
        stem, n = name[:-5], 2
        while name.lower() in used:
            name, n = f"{stem}-{n}.xlsx", n + 1
        used.add(name.lower())
        _usable_name(dept, name)
        paths[dept] = out_dir / name
    for dept, path in paths.items():
        problem = not_replaceable(path)
        if problem:
            raise FormsError(f"无法写入单位 “{dept}” 的报送表 {path}：{problem}；未导出任何报送表")
    if not force:
        existing = [p for p in paths.values() if p.exists()]
        if existing:
            names = "、".join(str(p) for p in existing)
            raise FormsError(f"文件已存在：{names}（可能是已交回的报送表）；"
                             "请换一个目录，或加 --force 覆盖")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for dept in chosen:
        indicators, tasks = leads[dept]
        workbook = build_workbook(plan, dept, as_of, indicators, tasks, targets, digest)
        export.save(workbook, paths[dept])
        written.append(Exported(paths[dept], dept, len(indicators), len(tasks)))
    return written



# --- import ----------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One figure or report a form would add (or replace: same as_of)."""

    kind: str  # indicator | task
    id: str | int
    name: str
    department: str
    year: int
    old: Entry | None
    new: Entry
    replace: bool  # an entry with the same as_of is replaced
    file: str
    cell: str  # where the figure is, e.g. 指标!F5

    def json(self) -> dict:
        return {"kind": self.kind, "id": self.id, "name": self.name, "department": self.department,
                "year": self.year, "action": "replace" if self.replace else "add",
                "old": entry_json(self.old), "new": entry_json(self.new),
                "file": self.file, "cell": self.cell}


@dataclass(frozen=True)
class Unchanged:
    kind: str
    id: str | int
    department: str
    reason: str  # empty (nothing filled in) | same (already in the data)

    def json(self) -> dict:
        return {"kind": self.kind, "id": self.id, "department": self.department,
                "reason": self.reason}


@dataclass(frozen=True)
class FormInfo:
    file: str
    department: str
    as_of: datetime.date
    # row class -> [(kind, id)] in the order of the form (ROW_CLASSES)
    rows: dict = field(default_factory=dict, compare=False)

    def rows_json(self) -> dict:
        return {c: [{"kind": k, "id": i} for k, i in self.rows.get(c, [])] for c in ROW_CLASSES}


@dataclass
class Flagged:
    """A figure of a form that looks like a slip (suspicious.py): written only when confirmed."""

    change: Change
    suspicion: Suspicion
    confirmed: bool = False

    def json(self) -> dict:
        c = self.change
        return {"kind": c.kind, "id": c.id, "name": c.name, "department": c.department,
                "year": c.year, "file": c.file, "cell": c.cell, **self.suspicion.json(),
                "message": self.suspicion.message(), "confirmed": self.confirmed}


@dataclass
class ImportResult:
    errors: list[Problem] = field(default_factory=list)
    forms: list[FormInfo] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    missing_departments: list[str] = field(default_factory=list)
    unchanged: list[Unchanged] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    blank_forms: list[FormInfo] = field(default_factory=list)  # returned with no input filled: 未交回
    suspicious: list[Flagged] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def unconfirmed(self) -> list[Flagged]:
        return [f for f in self.suspicious if not f.confirmed]

    def confirm(self, ids: list[str], everything: bool = False) -> list[str]:
        """Mark the suspicious figures of these indicator ids (or all) confirmed;
        returns the ids given that name no suspicious figure."""
        for flagged in self.suspicious:
            if everything or str(flagged.change.id) in ids:
                flagged.confirmed = True
        flagged_ids = {str(f.change.id) for f in self.suspicious}
        return [i for i in ids if i not in flagged_ids]


def _plain_number(value: Decimal):
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def entry_json(entry: Entry | None) -> dict | None:
    if entry is None:
        return None
    if isinstance(entry, Actual):
        return {"value": _plain_number(entry.value),
                "as_of": entry.as_of.isoformat() if entry.as_of else None,
                "source": entry.source, "note": entry.note}
    return {"status": entry.status.value,
            "percent": None if entry.percent is None else _plain_number(entry.percent),
            "as_of": entry.as_of.isoformat() if entry.as_of else None, "note": entry.note}


def collect(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The workbooks named: files as given, directories' *.xlsx (not Office lock files).

    Nothing is opened here: read_form checks each one (a FIFO or a symlink to
    /dev/zero named x.xlsx in the directory is refused there, unread)."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            is_dir = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError:
            is_dir = False
        if is_dir:
            try:
                inside = sorted(p for p in path.iterdir()
                                if p.suffix.lower() == ".xlsx" and not p.name.startswith(("~$", ".")))
            except OSError as exc:
                problems.append(Problem(str(path), None, None, "", f"无法读取目录：{os_reason(exc, '读取')}"))
                continue
            if not inside:
                problems.append(Problem(str(path), None, None, "", "目录中没有 .xlsx 报送表"))
            found += inside
        elif os.path.lexists(path):
            if path.suffix.lower() != ".xlsx":
                problems.append(Problem(str(path), None, None, "",
                                        "不是 .xlsx 文件：请交回 kjcx 导出的 Excel 报送表"
                                        "（WPS 或 Excel 另存为 .xlsx）"))
            else:
                found.append(path)
        else:
            problems.append(Problem(str(path), None, None, "", "文件或目录不存在"))
    unique: dict[str, Path] = {}
    for p in found:
        unique.setdefault(os.path.realpath(p), p)  # never raises on a symlink loop
    return list(unique.values()), problems


def read_forms(plan: ActionPlan, paths: list[Path]) -> ImportResult:
    """Read and check every returned form; compute what merging them would change."""
    files, problems = collect(paths)
    result = ImportResult(errors=problems)
    leads = lead_items(plan)
    digest = fingerprint(plan)
    by_dept: dict[str, str] = {}
    proposed: list[tuple[str, str | int, int, Entry, str, str, str]] = []
    for path in files:
        before = len(result.errors)
        form = FormReader(path, plan, leads, digest, result.errors, warnings=result.warnings)
        form.read()
        if form.department is None:
            continue
        assert form.as_of is not None  # _meta sets it together with the department
        if not form.touched and len(result.errors) == before:  # a blank form is not a returned form
            result.blank_forms.append(FormInfo(form.display, form.department, form.as_of))
            continue
        if form.department in by_dept:
            form.error("", f"与 {by_dept[form.department]} 同为 {form.department} 的报送表；"
                           "每个单位只能交回一份，请只保留其中一份再导入")
            continue
        by_dept[form.department] = form.display
        result.forms.append(FormInfo(form.display, form.department, form.as_of, form.row_classes()))
        proposed += form.entries
        result.unchanged += [Unchanged(kind, item_id, form.department, "empty") for kind, item_id in form.empty]
    result.missing_departments = [d for d in leads if d not in by_dept]
    result.blank_forms = [f for f in result.blank_forms if f.department not in by_dept]
    _changes(plan, proposed, result)
    _flag_suspicious(plan, result)
    _serialisable(result)
    return result


def _flag_suspicious(plan: ActionPlan, result: ImportResult) -> None:
    targets = Targets(plan.revisions)
    indicators = {i.id: i for i in reportable(plan)}  # a part's figure is judged against the part
    for change in result.changes:
        if change.kind != "indicator":
            continue
        assert isinstance(change.new, Actual) and (change.old is None or isinstance(change.old, Actual))
        indicator = indicators[str(change.id)]
        refs = import_references(indicator, targets, change.year, change.new, change.old)
        found = judge(change.new.value, indicator.unit, refs)
        if found is not None:
            result.suspicious.append(Flagged(change, found))


def _serialisable(result: ImportResult) -> None:
    """Each change, as the data file will hold it, read back: what the write
    would refuse is refused here, at the form's cell, before anything is shown."""
    from kjcx.round.entries import entry_problem

    for change in result.changes:
        message = entry_problem(change.new)
        if message:
            result.errors.append(Problem(change.file, None, None, change.cell, message))


def _changes(plan: ActionPlan, proposed, result: ImportResult) -> None:
    indicators = {i.id: i for i in reportable(plan)}
    tasks = {t.id: t for t in plan.tasks}
    order: dict[tuple[str, str | int], int] = {("indicator", i): n for n, i in enumerate(indicators)}
    order.update({("task", t): len(order) + n for n, t in enumerate(tasks)})
    # Plan order (indicators, then tasks, as in the data files), whatever the files' names.
    proposed = sorted(proposed, key=lambda p: (order[(p[0], p[1])], p[2], p[3].as_of))
    seen: dict[tuple, tuple[Entry, str]] = {}
    form_dates = {f.department: f.as_of for f in result.forms}
    for kind, item_id, year, entry, dept, file, cell in proposed:
        key = (kind, item_id, year, entry.as_of)
        if key in seen:  # an item with two lead departments, reported by both
            other, where = seen[key]
            if other != entry:
                result.errors.append(Problem(file, None, None, cell, (
                    f"与 {where} 对同一{'指标' if kind == 'indicator' else '任务'}、同一日期报送的内容不同；"
                    "请两个牵头单位核对后只保留一份")))
            continue
        seen[key] = (entry, f"{file}:{cell}")
        entry = with_form_source(entry, dept, form_dates.get(dept))
        entries: list[Actual] | list[Report]
        if kind == "indicator":
            indicator = indicators[item_id]
            entries, name = indicator.actuals.get(year, []), indicator.name
        else:
            task = tasks[item_id]
            entries, name = task.progress.get(year, []), task.title
        same = same_date(entries, year, entry.as_of)
        if same is not None and same == entry:
            result.unchanged.append(Unchanged(kind, item_id, dept, "same"))
            continue
        old = same if same is not None else used_entry(entries, year, entry.as_of)
        result.changes.append(Change(kind, item_id, name, dept, year, old, entry,
                                     same is not None, file, cell))


def with_form_source(entry, department: str, form_date: datetime.date | None):
    """The entry with where it came from, when the form gave no 数据来源 (so `kjcx history`
    shows it): 区科技局报送（2022-09-30 报送表）, the date being the form's."""
    if entry.source is not None or form_date is None:
        return entry
    return replace(entry, source=f"{department}报送（{form_date.isoformat()} 报送表）")


def same_date(entries: list, year: int, as_of: datetime.date | None):
    """The entry dated `as_of` (a year-end entry counts as Dec 31), if any."""
    for entry in entries:
        when = entry.as_of or datetime.date(year, 12, 31)
        if when == (as_of or datetime.date(year, 12, 31)):
            return entry
    return None

