"""The package layout holds (docs/architecture.md): each module says its job on its
first line, imports flow one way (files -> plan -> method -> views/report/round ->
cli), only cli/ touches click, no private name crosses a package, nothing circular."""

import ast
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src"
PACKAGE = SRC / "kjcx"

# Imports that still point upstream, as found when the flat modules moved (issue
# #18 step 1). Each is a known debt, not a licence: the list may only shrink.
# TODO(#18 vocabulary): the plan's warnings use the method (kinds resolves a
#   written target; a jump is judged against the year's target by suspicious).
UPSTREAM_ALLOWED = {
    ("kjcx.plan.kindrules", "kjcx.method.kinds"),
    ("kjcx.plan.rules", "kjcx.method.kinds"),
    ("kjcx.plan.rules", "kjcx.method.targets"),
    ("kjcx.plan.rules", "kjcx.round.suspicious"),
}
# What each layer must not import (a lower layer never reaches up; views, round
# and report sit side by side and stay apart, except round using views' widths).
FORBIDDEN = {
    "plan": ("method", "views", "round", "report", "cli", "draft"),
    "method": ("views", "round", "report", "cli", "draft"),
    "views": ("round", "report", "cli", "draft"),
    "round": ("report", "cli", "draft"),
    "report": ("round", "cli", "draft"),
    # draft reads a plan document and writes new data files: beside the others, on plan only
    "draft": ("method", "views", "round", "report", "cli"),
}
# Below every layer: they import no kjcx module but each other (the column registry reads
# the words; the markdown writer escapes as cleantext does).
BASE = ("kjcx.words", "kjcx.statuses", "kjcx.errors", "kjcx.cleantext", "kjcx.columns", "kjcx.markdown")


def modules() -> dict[str, Path]:
    """Every module of kjcx by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def package_of(name: str) -> str:
    """The package a module belongs to: `plan` for kjcx.plan.load, `` for kjcx.words."""
    parts = name.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()) else ""


def imports(name: str, path: Path):
    """(imported module, imported name or None, line) for every kjcx import in a
    module, at the top or inside a function (a lazy import is still a dependency)."""
    known = modules()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                whole = f"{node.module}.{alias.name}"
                if whole in known:  # `from kjcx.views import tables`: the module itself
                    yield whole, None, node.lineno
                else:
                    yield node.module, alias.name, node.lineno


def test_every_module_says_its_job_on_its_first_line():
    silent = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        first = tree.body[0] if tree.body else None
        is_doc = (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                  and isinstance(first.value.value, str) and first.lineno == 1)
        if not is_doc:
            silent.append(name)
    assert silent == []


def test_the_packages_are_the_ones_documented():
    # plan, method, round, report, views, draft, cli: docs/architecture.md names these seven
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert packages == ["cli", "draft", "method", "plan", "report", "round", "views"]
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "_entry.py", "cleantext.py", "columns.py", "errors.py",
                   "markdown.py",
                   "statuses.py", "words.py"]


def test_imports_flow_one_way():
    upstream, used = [], set()
    for name, path in modules().items():
        banned = FORBIDDEN.get(package_of(name), ())
        for target, _, line in imports(name, path):
            if name in BASE and (target == "kjcx" or target.startswith("kjcx.")) and target not in BASE:
                upstream.append(f"{name}:{line} imports {target}")
            elif target.startswith("kjcx.") and package_of(target) in banned:
                if (name, target) in UPSTREAM_ALLOWED:
                    used.add((name, target))
                else:
                    upstream.append(f"{name}:{line} imports {target}")
    assert upstream == []
    assert used == UPSTREAM_ALLOWED  # an entry that is no longer needed goes


def test_only_the_command_line_imports_click():
    outside = []
    for name, path in modules().items():
        if package_of(name) == "cli" or name in ("kjcx._entry", "kjcx.__main__"):
            continue
        outside += [f"{name}:{line}" for target, _, line in imports(name, path)
                    if target == "click" or target.startswith("click.")]
    assert outside == []


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(name: str, path: Path):
    """(module, private name, line) for `module._x` where `module` is a kjcx module
    imported whole (`from kjcx.views import tables as render` ... `render._x`)."""
    known, bound = modules(), {}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kjcx"):
            for alias in node.names:
                if f"{node.module}.{alias.name}" in known:
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in bound and is_private(node.attr)):
            yield bound[node.value.id], node.attr, node.lineno


def test_no_private_name_crosses_a_package():
    # (inside a package a private name may be shared; cli/forms and cli/parts use cli/app's
    # public options and steps)
    crossing = []
    for name, path in modules().items():
        uses = [(t, i, n) for t, i, n in imports(name, path) if i is not None and is_private(i)]
        for target, private, line in uses + list(private_uses(name, path)):
            if target.startswith("kjcx") and package_of(target) != package_of(name):
                crossing.append(f"{name}:{line} uses {target}.{private}")
    assert crossing == []


def test_every_module_imports_on_its_own():
    # A fresh start per module, so an import cycle shows whichever module is
    # imported first; one interpreter forgets kjcx between them (cheaper than 50).
    names = sorted(n for n in modules() if n != "kjcx.__main__")  # __main__ runs the CLI
    code = ("import importlib, sys\n"
            "for name in sys.argv[1:]:\n"
            "    for loaded in [m for m in sys.modules if m == 'kjcx' or m.startswith('kjcx.')]:\n"
            "        del sys.modules[loaded]\n"
            "    try:\n"
            "        importlib.import_module(name)\n"
            "    except Exception as exc:\n"
            "        print(name, type(exc).__name__, exc)\n")
    done = subprocess.run([sys.executable, "-c", code, *names], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    # the walk found the packages' modules, not only the top level (no count to keep in step)
    assert {"kjcx.cli.app", "kjcx.method.compute", "kjcx.plan.load", "kjcx.views.tables"} <= set(names)


# --- what docs/architecture.md claims, checked ------------------------------------------

DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def _between(name: str) -> str:
    return DOC.split(f"<!-- {name}:begin -->")[1].split(f"<!-- {name}:end -->")[0]


def test_the_documented_base_modules_are_the_base_modules():
    # "最底下还有六个……基础模块": each named `kjcx/x.py` in that list is in BASE, and each of BASE named
    head = DOC.split("最底下还有")[1].split("## 各包里有什么")[0]
    import re

    named = {"kjcx." + m for m in re.findall(r"^- `kjcx/(\w+)\.py`", head, re.M)}
    assert named == set(BASE)
    assert "六个" in DOC.split("最底下还有")[1][:8] and len(BASE) == 6


def test_the_documented_upstream_exceptions_are_the_tests():
    import re

    listed = set()
    for line in _between("upstream").splitlines():
        m = re.match(r"\s*- `(\w+)/(\w+)` → (.*)", line)
        if m:
            for target in re.findall(r"`(\w+)/(\w+)`", m.group(3)):
                listed.add((f"kjcx.{m.group(1)}.{m.group(2)}", f"kjcx.{target[0]}.{target[1]}"))
    assert listed == UPSTREAM_ALLOWED


def _exception_classes():
    """(module, class name, bases) of every class of kjcx that derives from an exception
    (by name of a base: Exception, an *Error, or another of these)."""
    found = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases]
                found.append((name, node.name, bases))
    names = {"Exception", "ValueError"}
    changed = True
    while changed:  # close over subclasses of subclasses
        changed = False
        for _, cls, bases in found:
            if cls not in names and any(b in names or b.endswith("Error") for b in bases):
                names.add(cls)
                changed = True
    return [(m, c, b) for m, c, b in found if c in names and c not in ("Exception", "ValueError")]


def test_every_error_class_is_a_kjcx_error_and_the_list_is_the_documented_one():
    import importlib

    from kjcx.errors import KjcxError

    internal = {"Unsure", "_Abort", "_Found", "_Unsupported"}  # control flow inside one module
    documented = {w.strip("`") for w in _between("errors").replace("、", " ").split()}
    errors = {}
    for module, cls, _ in _exception_classes():
        if cls in internal:
            continue
        errors[cls] = getattr(importlib.import_module(module), cls)
    assert set(errors) == documented | {"KjcxError"}
    assert all(issubclass(e, KjcxError) for e in errors.values())
    import kjcx

    assert kjcx.KjcxError is KjcxError and issubclass(kjcx.DataError, kjcx.KjcxError)
    assert issubclass(kjcx.ArgumentError, ValueError)  # callers' `except ValueError` still works


def _calls(path: Path, test) -> list[int]:
    return [node.lineno for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and test(node)]


def test_only_the_documented_modules_replace_files():
    def replaces(node):
        f = node.func
        return isinstance(f, ast.Attribute) and f.attr in ("replace", "rename") and \
            isinstance(f.value, ast.Name) and f.value.id == "os"

    found = {name for name, path in modules().items() if _calls(path, replaces)}
    assert found == {"kjcx.plan.files", "kjcx.plan.cache", "kjcx.round.commit", "kjcx.round.writeback"}
    for name in found:  # the doc names each
        assert f"`{name.split('.', 1)[1].replace('.', '/')}`" in DOC


def test_only_the_documented_modules_write_to_stdout():
    def to_stdout(node):
        f = node.func
        if isinstance(f, ast.Attribute) and f.attr == "echo" and getattr(f.value, "id", "") == "click":
            return not any(k.arg == "err" for k in node.keywords)
        return isinstance(f, ast.Attribute) and f.attr == "write" and \
            isinstance(f.value, ast.Attribute) and f.value.attr == "stdout"

    found = {name for name, path in modules().items() if _calls(path, to_stdout)}
    assert found == {"kjcx.cli.output", "kjcx.cli.app", "kjcx.cli.forms"}


def test_no_writer_parses_another_writers_text():
    # the report's writers read cells by key: no regex over a formatted cell, no position
    for rel in ("report/docx.py", "report/markdown.py", "report/content.py"):
        text = (PACKAGE / rel).read_text(encoding="utf-8")
        assert "re.fullmatch" not in text and "re.sub(" not in text, rel
        assert "ahead_header" not in text, rel
    # the workbook takes a number from its cell (Cell.fmt), never matched by a header
    assert "_HEADER" not in (PACKAGE / "views" / "xlsx.py").read_text(encoding="utf-8")
    usage = (PACKAGE / "cli" / "usage.py").read_text(encoding="utf-8")
    assert "not a valid" not in usage and "No such command" not in usage  # click's English
