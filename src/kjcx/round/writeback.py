"""Merge reported figures into the data files (kjcx forms import --write).

    write_changes(data_dir, plan, changes) -> the files written, or raises WriteError

Each figure becomes a dated entry of its year (a bare number or a single
mapping turns into a list when a second entry comes; an entry with the same
as_of is replaced). The files are edited with ruamel.yaml's round-trip mode,
and only the lines that ruamel's edit touches are taken from its output:
every other line keeps its bytes (comments, key order, quoting, blank lines,
line endings). The result is re-read with kjcx's own loader and checked (valid;
each merged figure is the one used on its date; nothing else changed) before
the files are replaced atomically. Any failure leaves the files as they were.
"""

from __future__ import annotations

import contextlib
import datetime
import difflib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, Sequence, cast

from kjcx.errors import KjcxError
from kjcx.method.dates import used_entry
from kjcx.method.parts import reportable
from kjcx.plan.datadir import TARGETS, TASKS
from kjcx.plan.files import os_reason
from kjcx.plan.model import ActionPlan, Indicator, Task
from kjcx.round.forms import Change, same_date
from kjcx.round.layout import fingerprint

_BOM = "\ufeff"


class WriteError(KjcxError):
    """Nothing was written; the message says why (in Chinese)."""


@dataclass
class _Staged:
    real: Path  # the data file (symlinks resolved)
    original: bytes
    new: bytes
    mode: int
    owner: tuple[int, int] = (-1, -1)  # uid, gid: kept when root writes
    tmp: str | None = None


def write_changes(data_dir: Path, plan: ActionPlan, changes: list[Change],
                  dry_run: bool = False) -> list[Path]:
    """Write every change, or nothing. Returns the files that changed (with
    `dry_run`: that would change, edited and verified exactly as for the write,
    and nothing replaced)."""
    by_file = {TARGETS: [c for c in changes if c.kind == "indicator"],
               TASKS: [c for c in changes if c.kind == "task"]}
    from kjcx.round.commit import CommitError, locked

    try:
        with contextlib.nullcontext() if dry_run else locked(data_dir):  # held already by the command
            staged: list[_Staged] = []
            for name, file_changes in by_file.items():
                if not file_changes:
                    continue
                path = data_dir / name
                try:
                    real = path.resolve(strict=True)
                    original = real.read_bytes()
                    info = real.stat()
                except (OSError, RuntimeError) as exc:
                    reason = os_reason(exc, "读取") if isinstance(exc, OSError) else exc  # RuntimeError: a link loop
                    raise WriteError(f"无法读取 {path}：{reason}") from None
                new = _edit(path, original, file_changes)
                if new != original:
                    staged.append(_Staged(real, original, new, info.st_mode & 0o7777,
                                          (info.st_uid, info.st_gid)))
            if not staged:
                return []
            _verify(data_dir, plan, changes, staged)
            if not dry_run:
                _replace(data_dir, staged)
    except CommitError as exc:
        raise WriteError(str(exc)) from None
    return [s.real for s in staged]


# --- editing one file ------------------------------------------------------------

def _edit(path: Path, original: bytes, changes: list[Change]) -> bytes:
    try:
        text = original.decode("utf-8")
    except UnicodeDecodeError:
        raise WriteError(f"{path} 不是 UTF-8 编码，未写入：请先用 kjcx check 检查并修正") from None
    bom = text.startswith(_BOM)
    if bom:
        text = text[1:]
    from kjcx.round import fastedit
    from kjcx.round.entries import chinese_labels

    labels = chinese_labels(text)
    fast = fastedit.edit(text, changes, labels)
    if fast is not None:  # the shapes check accepts, in place (ruamel: 3 ms an indicator)
        return ((_BOM if bom else "") + fast).encode("utf-8")
    result = _by_item(path, text, changes, labels)
    if result is None:  # the whole file through ruamel: an alias into the item, a merge key
        result = _round_trip(path, text, changes, labels)
    return ((_BOM if bom else "") + result).encode("utf-8")


def _by_item(path: Path, text: str, changes: list[Change], labels: bool) -> str | None:
    """Each changed item's own lines through the round-trip editor, the rest of the
    file untouched: linear in the file however many changes. None when an item
    cannot be cut out on its own (fastedit.item_spans) or ruamel cannot read it."""
    from kjcx.round import fastedit

    spans = fastedit.item_spans(text, changes)
    if spans is None:
        return None
    out, done = [], 0
    for start, end, indent, top, group in spans:
        lines = text[start:end].splitlines(keepends=True)
        snippet = "".join(line[indent:] if line.strip() else line for line in lines)
        try:
            edited = _round_trip(path, snippet, group, labels, top)
        except WriteError:
            return None
        out += [text[done:start], "".join(" " * indent + line if line.strip() else line
                                         for line in edited.splitlines(keepends=True))]
        done = end
    out.append(text[done:])
    return "".join(out)


def _round_trip(path: Path, text: str, changes: list[Change], labels: bool, top: str | None = None) -> str:
    """The general editor: ruamel.yaml's round trip, each new entry a placeholder
    replaced by its text from entries.py (the bytes the fast editor writes).
    With `top`, `text` is one item of that list (`- id: x` at column 0)."""
    plain = text.replace("\r\n", "\n")
    from ruamel.yaml.error import YAMLError

    from kjcx.round.entries import entry_text

    placed: dict[str, tuple[str, datetime.date]] = {}
    lines = plain.split("\n")
    token = f"kjcxentry{os.getpid()}x{id(placed):x}n"
    while token in text:
        token += "x"
    try:
        doc = _yaml().load(plain)
        settings = _indent_settings(plain, doc)
        before = _dump(doc, settings)
        for change in changes:
            name = f"{token}{len(placed)}z"
            assert change.new.as_of is not None
            placed[name] = (entry_text(change.new, labels), change.new.as_of)
            _apply(path, doc if top is None else {top: doc}, change, name, placed, lines)
        after = _dump(doc, settings)
    except YAMLError as exc:  # kjcx read the file; ruamel (YAML 1.2) could not
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise WriteError(f"{path} 无法按原格式改写（{problem}），未写入任何文件；"
                         "请手工录入这些数字") from None
    for name, (entry, _) in placed.items():
        after = after.replace(name, entry, 1)
    return after if before == text else _patch(path, text, before, after)


def _yaml():
    """A fresh round-trip YAML for each load or dump (ruamel instances keep state)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1 << 30  # never fold a long line
    yaml.Representer = _representer()
    return yaml


_REPRESENTER = None


def _representer():
    """RoundTripRepresenter that keeps the file's anchors and adds none. A subclass,
    so ruamel's own class is left as it was."""
    global _REPRESENTER
    if _REPRESENTER is None:
        from ruamel.yaml.representer import RoundTripRepresenter

        class Representer(RoundTripRepresenter):
            def ignore_aliases(self, data):
                # Anchors the file already has stay; new values (one as_of date
                # shared by many entries) are written out, never as &id001/*id001.
                anchor = getattr(data, "anchor", None)
                return getattr(anchor, "value", None) is None

        _REPRESENTER = Representer
    return _REPRESENTER


def _dump(doc, settings: tuple[int, int, int]) -> str:
    import io

    yaml = _yaml()
    mapping, sequence, offset = settings
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


_KEY_ONLY = re.compile(r"""(?:"[^"]*"|'[^']*'|[^\s#'"-][^#]*?)\s*:\s*(?:#.*)?\Z""")


def _indent_settings(text: str, doc) -> tuple[int, int, int]:
    """The file's own (mapping, sequence, offset) indentation, as ruamel wants it:
    read off the text, then confirmed by a no-op dump (other common styles are
    tried when the guess does not reproduce the file)."""
    mapping = sequence = offset = None
    parent = None  # indentation of the previous line when it is a key without a value
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if parent is not None:
            if stripped == "-" or stripped.startswith("- "):
                if offset is None:
                    rest = stripped[1:]
                    offset = indent - parent
                    sequence = offset + 1 + (len(rest) - len(rest.lstrip(" ")) if rest else 1)
            elif indent > parent and mapping is None:
                mapping = indent - parent
        # keys are short: the pattern never sees a long line (it is not linear in one)
        parent = indent if len(stripped) < 500 and _KEY_ONLY.match(stripped) else None
        if mapping is not None and offset is not None:
            break
    guess = (mapping or 2, sequence or 4, offset if offset is not None else 2)
    if sequence is None and mapping:
        guess = (mapping, mapping + 2, mapping)
    if _dump(doc, guess) == text:
        return guess
    best, best_score = guess, -1.0
    for candidate in [guess, (2, 2, 0), (2, 4, 2), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 3, 1)]:
        dumped = _dump(doc, candidate)
        if dumped == text:
            return candidate
        score = difflib.SequenceMatcher(None, dumped.split("\n"), text.split("\n"),
                                        autojunk=False).ratio()
        if score > best_score:
            best, best_score = candidate, score
    return best


def _patch(path: Path, original: str, before: str, after: str) -> str:
    """Apply the edit (before -> after, both ruamel's) to the original text, so that
    the lines ruamel would have re-formatted but we did not touch keep their bytes."""
    def key(line: str) -> str:
        return line.rstrip("\r\n")

    r_lines = original.splitlines(keepends=True)
    n_lines = before.splitlines(keepends=True)
    m_lines = after.splitlines(keepends=True)
    eol = "\r\n" if original.count("\r\n") * 2 > original.count("\n") else "\n"
    n_keys, r_keys, m_keys = ([key(x) for x in lines] for lines in (n_lines, r_lines, m_lines))
    n2r: list[int | None] = [None] * len(n_lines)
    for a, b, size in difflib.SequenceMatcher(None, n_keys, r_keys, autojunk=False).get_matching_blocks():
        for k in range(size):
            n2r[a + k] = b + k

    def fail() -> NoReturn:
        raise WriteError(f"{path} 的书写格式较特殊，kjcx 无法在只改动相关行的前提下写入，未写入任何文件；"
                         "请手工录入这些数字，或用常见的 YAML 缩进格式整理该文件后重试")

    edits = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, n_keys, m_keys, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i1 < i2:
            rows = [r for r in n2r[i1:i2] if r is not None]
            if len(rows) < i2 - i1 or rows != list(range(rows[0], rows[0] + len(rows))):
                fail()  # a line without a counterpart in the original, or not consecutive ones
            r1, r2 = rows[0], rows[-1] + 1
        elif i1 == 0:
            if n_lines and n2r[0] != 0:
                fail()
            r1 = r2 = 0
        elif (before_row := n2r[i1 - 1]) is not None:  # new lines go right after the line they follow
            r1 = r2 = before_row + 1
        elif i1 < len(n_lines) and (after_row := n2r[i1]) is not None:
            r1 = r2 = after_row
        else:
            fail()
        edits.append((r1, r2, [key(x) + eol for x in m_lines[j1:j2]]))
    for r1, r2, new in reversed(edits):
        if r2 == len(r_lines) and r_lines and not r_lines[-1].endswith("\n") and r1 < r2:
            new[-1] = new[-1].rstrip("\r\n")  # the file had no final newline
        if r1 == len(r_lines) and r_lines and not r_lines[-1].endswith("\n"):
            r_lines[-1] += eol
        r_lines[r1:r2] = new
    return "".join(r_lines)


# --- one change in the ruamel document ----------------------------------------

def _apply(path: Path, doc, change: Change, entry: str, placed: dict, lines: list[str]) -> None:
    from ruamel.yaml.comments import CommentedMap

    top = "indicators" if change.kind == "indicator" else "tasks"
    field = "actuals" if change.kind == "indicator" else "progress"
    items = doc.get(top) if isinstance(doc, dict) else None
    item = _find_item(items, change)
    if item is None:
        raise WriteError(f"{path} 中找不到 {top} 的 id {change.id}：文件在读取后被修改？请重新导入")
    years = item.get(field)
    if years is None:
        years = CommentedMap()
        if field in item:
            item[field] = years
        else:
            after = ("targets", "baseline") if field == "actuals" else ("participants", "lead")
            position = len(item)
            for name in after:
                if name in item:
                    position = list(item).index(name) + 1
                    break
            cast(CommentedMap, item).insert(position, field, years)  # round-trip mappings are CommentedMaps
    if not isinstance(years, dict):
        raise WriteError(f"{path} 中 {change.id} 的 {field} 不是映射，无法写入")
    as_of = change.new.as_of
    assert as_of is not None  # forms date every entry they read (the form's as_of by default)
    _merge_year(years, change.year, entry, as_of, placed, lines)


def _find_item(items, change: Change):
    """The mapping of the item changed; a part (分解) `<id>/<part name>` within its indicator."""
    whole, part = change.id, None
    if change.kind == "indicator" and isinstance(change.id, str) and "/" in change.id:
        whole, _, part = change.id.partition("/")
    item = next((i for i in items or [] if isinstance(i, dict) and i.get("id") == whole), None)
    if item is None or part is None:
        return item
    parts = item.get("parts")
    return next((p for p in parts if isinstance(p, dict) and p.get("name") == part), None) \
        if isinstance(parts, list) else None


def _known(year: int, entry, placed: dict) -> datetime.date:
    if isinstance(entry, str) and entry in placed:  # an entry written in this edit
        return placed[entry][1]
    when = entry.get("as_of") if isinstance(entry, dict) else None
    if isinstance(when, datetime.datetime):
        when = when.date()
    return when if isinstance(when, datetime.date) else datetime.date(year, 12, 31)


def _merge_year(years, year: int, entry, as_of: datetime.date, placed: dict, lines: list[str]) -> None:
    from ruamel.yaml.comments import CommentedSeq

    if year not in years:
        keys = list(years)
        position = next((k for k, y in enumerate(keys) if isinstance(y, int) and y > year), len(keys))
        years.insert(position, year, entry)
        return
    current = years[year]
    if isinstance(current, list):
        for index, old in enumerate(current):
            if _known(year, old, placed) == as_of:
                current[index] = entry
                return
        position = next((k for k, old in enumerate(current) if _known(year, old, placed) > as_of), len(current))
        current.insert(position, entry)
        return
    # A comment after a one-line entry (`2022: {...}  # 上半年`) is that entry's: it
    # goes with the entry into the list, not also onto the `2022:` line; the old
    # entry and the comment keep their bytes, as in fastedit.
    same = current is not None and _known(year, current, placed) == as_of
    own = getattr(getattr(current, "ca", None), "comment", None)
    slot = years.ca.items.get(year)
    on_year = not own and slot and len(slot) > 2 and slot[2] is not None
    kept = _as_written(years, year, [slot[2]] if on_year else own, lines)
    if kept is not None:
        if slot and len(slot) > 2 and (on_year or own and slot[2] is own[0]):
            slot[2] = None  # the comment travels in the entry's text
        body, tail = kept
        if same:  # the new entry in its place, the comment after it as it was
            name = f"{entry[:-1]}rz"  # tokens of their own (never a prefix of another)
            placed[name] = (placed[entry][0] + tail, as_of)
            years[year] = name
            return
        name = f"{entry[:-1]}oz"
        placed[name] = (body + tail, _known(year, current, placed))
        years[year] = CommentedSeq([name, entry] if placed[name][1] < as_of else [entry, name])
        return
    if same:
        years[year] = entry
        return
    if own and slot and len(slot) > 2 and slot[2] is own[0]:
        slot[2] = None
    entries = [current, entry] if _known(year, current, placed) < as_of else [entry, current]
    years[year] = CommentedSeq(entries)


def _as_written(years, year: int, own, lines: list[str]) -> tuple[str, str] | None:
    """(entry, what follows it) of a one-line entry after `2022:` on its line: the
    entry's text and its comment with the spaces before it, or None when the line
    holds anything else (a flow mapping of years, a comment of several lines)."""
    if getattr(getattr(years, "fa", None), "flow_style", lambda: False)():
        return None
    try:
        line, column = years.lc.value(year)
    except (AttributeError, KeyError, TypeError):
        return None
    rest = lines[line][column:].rstrip() if line < len(lines) else ""
    comment = own[0].value.strip() if own and own[0] is not None else ""
    if comment and ("\n" in comment or not rest.endswith(comment)):
        return None
    body = rest[:len(rest) - len(comment)].rstrip() if comment else rest
    if "#" in body or not (body.startswith("{") and body.endswith("}") or body and " " not in body):
        return None
    return body, rest[len(body):]


# --- checking what would be written ------------------------------------------------

def _verify(data_dir: Path, plan: ActionPlan, changes: list[Change], staged: list[_Staged]) -> None:
    """Re-read the new files with kjcx's loader; refuse anything but the intended result."""
    from kjcx.plan.load import inspect

    new_bytes = {s.real.name: s.new for s in staged}
    with tempfile.TemporaryDirectory(prefix="kjcx-verify-") as tmp:
        for name in (TARGETS, TASKS):
            source = data_dir / name
            target = Path(tmp) / name
            real_name = source.resolve().name if source.exists() else name
            if source.exists():
                target.write_bytes(new_bytes.get(real_name, source.read_bytes()))
        new_plan, errors, _ = inspect(tmp, place_warnings=False)
    if errors:
        shown = "；".join(str(p).replace(tmp, str(data_dir)) for p in errors[:5])
        raise WriteError(f"写入后的数据文件复查未通过，未写入任何文件：{shown}")
    assert new_plan is not None
    if fingerprint(new_plan) != fingerprint(plan):
        raise WriteError("写入会改动计划的定义（目标、任务等），这不应发生；未写入任何文件")
    expected: dict[tuple, list[Change]] = {}
    for change in changes:
        expected.setdefault((change.kind, change.id, change.year), []).append(change)
    items: tuple[tuple[str, Sequence[Indicator | Task], Sequence[Indicator | Task], str], ...] = (
        ("indicator", reportable(plan), reportable(new_plan), "actuals"),  # parts too
        ("task", plan.tasks, new_plan.tasks, "progress"))
    for kind, old_items, new_items, attr in items:
        for old, new in zip(old_items, new_items):
            old_years, new_years = getattr(old, attr), getattr(new, attr)
            for year in set(old_years) | set(new_years):
                wanted = expected.get((kind, old.id, year))
                if not wanted:
                    if old_years.get(year) != new_years.get(year):
                        raise WriteError(f"写入会改动 {old.id} {year} 年的其他数据，这不应发生；未写入任何文件")
                    continue
                entries = new_years.get(year, [])
                for change in wanted:
                    merged = same_date(entries, year, change.new.as_of)
                    if merged != change.new or used_entry(entries, year, change.new.as_of) != change.new:
                        raise WriteError(f"写入后复查：{old.id} {year} 年的新数据没有按预期生效，未写入任何文件")


def _replace(data_dir: Path, staged: list[_Staged]) -> None:
    """Temp file beside each data file (fsync), then both renamed under a journal
    (commit.py): a crash leaves the old pair or, once the journal is written, the
    new pair. If a step fails while running, the files already renamed get their
    old bytes back and no temp file or journal is left behind."""
    from kjcx.round import commit

    try:
        for s in staged:
            s.tmp = _temp_copy(s.real, s.new, s.mode, s.owner)
        for s in staged:
            if s.real.read_bytes() != s.original:
                raise WriteError(f"{s.real} 在导入过程中被修改，未写入任何文件：请重新导入")
        commit.commit(data_dir, [(s.real, s.tmp) for s in staged if s.tmp is not None])
        for s in staged:
            s.tmp = None
    except BaseException as exc:
        failed = []
        for s in reversed(staged):
            if s.tmp is not None and not os.path.exists(s.tmp):  # renamed before the failure
                s.tmp = None
                try:
                    _restore(s)
                except OSError:
                    failed.append(str(s.real))
        commit.abandon(data_dir)
        if failed:
            raise WriteError(f"写入中断，且无法恢复 {'、'.join(failed)}：请从版本库恢复该文件（{exc}）") from exc
        if isinstance(exc, WriteError):
            raise
        reason = os_reason(exc, "写入") if isinstance(exc, OSError) else type(exc).__name__
        raise WriteError(f"写入数据文件失败（{reason}），数据文件保持原样，未写入任何内容") from exc
    finally:
        for s in staged:
            if s.tmp is not None:
                Path(s.tmp).unlink(missing_ok=True)


def _temp_copy(real: Path, data: bytes, mode: int, owner: tuple[int, int] = (-1, -1)) -> str:
    fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".kjcx-tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        if owner != (-1, -1) and (os.geteuid() == 0 or owner[0] == os.geteuid()):
            try:
                os.chown(tmp, *owner)  # root writing a user's file leaves it the user's
            except OSError:
                pass
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _restore(s: _Staged) -> None:
    tmp = _temp_copy(s.real, s.original, s.mode, s.owner)
    try:
        os.replace(tmp, s.real)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
