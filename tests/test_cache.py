"""The plan cache: repeated commands on unchanged files skip parsing and pydantic;
any change to a file is a miss; a broken or unwritable cache is only slower."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kjcx.plan import cache
from kjcx.plan.load import DataError

from conftest import PLANS, SEED


@pytest.fixture
def plan_dir(tmp_path):
    directory = tmp_path / "plan"
    shutil.copytree(PLANS / "tasks", directory)
    return directory


def entries():
    return sorted(cache.cache_dir().glob("kjcx-*.marshal"))


def test_second_load_comes_from_the_cache(plan_dir, monkeypatch):
    first = cache.load_plan(plan_dir)
    assert len(entries()) == 1

    def no_parsing(_):
        raise AssertionError("parsed again")

    monkeypatch.setattr("kjcx.plan.load.load", no_parsing)
    assert cache.load_plan(plan_dir) == first
    assert first[1] == 1  # the plan's one warning is counted, not lost


def test_editing_a_file_is_a_miss(plan_dir, kjcx):
    before = json.loads(kjcx("status", "2021", "--data", plan_dir, "-f", "json").stdout)
    text = (plan_dir / "targets.yaml").read_text(encoding="utf-8")
    (plan_dir / "targets.yaml").write_text(text.replace("actuals: {2021: 8}", "actuals: {2021: 10}"),
                                           encoding="utf-8")
    after = json.loads(kjcx("status", "2021", "--data", plan_dir, "-f", "json").stdout)
    assert before["indicators"][1]["status"] == "behind"
    assert after["indicators"][1]["status"] == "met"
    assert len(entries()) == 2


def test_removing_tasks_yaml_is_a_miss(plan_dir):
    with_tasks, _ = cache.load_plan(plan_dir)
    (plan_dir / "tasks.yaml").unlink()
    without, _ = cache.load_plan(plan_dir)
    assert len(with_tasks.tasks) == 8 and without.tasks == []


def test_bad_data_is_never_cached(kjcx):
    result = kjcx("status", "2021", "--data", PLANS.parent / "bad" / "percent_string")
    assert result.exit_code == 1
    assert entries() == []
    with pytest.raises(DataError):
        cache.load_plan(PLANS.parent / "bad" / "percent_string")


def test_a_corrupt_entry_is_a_miss(plan_dir):
    expected = cache.load_plan(plan_dir)
    entries()[0].write_bytes(b"not an entry")
    assert cache.load_plan(plan_dir) == expected


def test_no_cache_switch(plan_dir, monkeypatch):
    monkeypatch.setenv("KJCX_NO_CACHE", "1")
    cache.load_plan(plan_dir)
    assert entries() == []


def test_unwritable_cache_directory_is_only_slower(plan_dir, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("KJCX_CACHE_DIR", str(blocker / "cache"))
    plan, _ = cache.load_plan(plan_dir)
    assert len(plan.indicators) == 3


def test_data_files_are_never_written(plan_dir, kjcx):
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in plan_dir.iterdir()}
    for command in (["status", "2021"], ["check"], ["tasks", "2021"], ["departments", "2021"]):
        kjcx(*command, "--data", plan_dir)
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in plan_dir.iterdir()} == before


def test_status_on_well_formed_data_never_imports_pydantic(tmp_path):
    """Neither from the cache nor afresh: the fast path validates well-formed files."""
    env = dict(os.environ, KJCX_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("KJCX_NO_CACHE", None)
    code = ("import sys\nfrom kjcx.cli.app import main\ntry:\n    main(['status', '2021'])\n"
            "except SystemExit:\n    pass\nprint('pydantic' in sys.modules, file=sys.stderr)")
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert cold.stderr.strip().splitlines()[-1] == "False"
    assert warm.stderr.strip().splitlines()[-1] == "False"
    assert warm.stdout == cold.stdout and "达标" in warm.stdout


def test_editing_any_module_of_the_package_changes_the_key(plan_dir, tmp_path, monkeypatch):
    # A copy of the package stands in for it, each module edited in turn as an editor
    # saves it: one byte changed (same size), a millisecond after the last save.
    package = tmp_path / "kjcx"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", str(package))
    raw = cache.read_files(plan_dir)
    before = cache.key(raw)
    modules = sorted(package.rglob("*.py"))
    unseen = []
    for path in modules:
        original, info = path.read_bytes(), path.stat()
        path.write_bytes(original[:-1] + (b" " if original.endswith(b"\n") else b"\n"))
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
        if cache.key(raw) == before:
            unseen.append(path.relative_to(package).as_posix())
        path.write_bytes(original)
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert unseen == []
    # every module, not a list: the ones the old key missed are among them
    names = {p.relative_to(package).as_posix() for p in modules}
    assert {"plan/scalars.py", "plan/fastload.py", "plan/kindrules.py", "round/suspicious.py",
            "method/kinds.py"} <= names
    assert len(modules) == len(list(Path(cache.PACKAGE).rglob("*.py")))
    assert cache.key(raw) == before  # restored: the same key again
    (package / "plan" / "new_rule.py").write_text('"""A module added."""\n', encoding="utf-8")
    assert cache.key(raw) != before


def test_an_entry_of_code_since_edited_is_not_served(plan_dir, tmp_path, monkeypatch):
    package = tmp_path / "kjcx"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", str(package))
    cache.load_plan(plan_dir)
    scalars = package / "plan" / "scalars.py"
    scalars.write_text(scalars.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")

    def parsed(_, raw=None):
        raise AssertionError("parsed again")  # what a miss does: the code as it is now

    monkeypatch.setattr("kjcx.plan.load.load", parsed)
    with pytest.raises(AssertionError, match="parsed again"):
        cache.load_plan(plan_dir)


# --- safe by construction (issue 9 §1) -----------------------------------------

FOREIGN_UID = 65534  # nobody


def forged_entry(plan_dir, value="99"):
    """A well-formed entry for plan_dir's current bytes that says actual = value."""
    import dataclasses
    from decimal import Decimal

    raw = cache.read_files(plan_dir)
    entry_key = cache.key(raw)
    plan, warnings = cache.load_plan(plan_dir)
    ind = plan.indicators[1]
    actual = dataclasses.replace(ind.actuals[2021][-1], value=Decimal(value))
    forged = dataclasses.replace(plan, indicators=[plan.indicators[0], dataclasses.replace(
        ind, actuals={2021: [actual]}), *plan.indicators[2:]])
    return entry_key, cache.encode_entry(entry_key, forged, warnings)


def served(plan_dir):
    return cache.load_plan(plan_dir)[0].indicators[1].actuals[2021][-1].value


def test_a_forged_entry_is_served_only_when_it_is_ours(plan_dir):
    entry_key, data = forged_entry(plan_dir)
    path = cache.cache_dir() / cache.entry_name(entry_key)
    path.write_bytes(data)
    path.chmod(0o600)
    assert served(plan_dir) == 99  # the test's premise: a private entry is trusted
    os.chown(path, FOREIGN_UID, FOREIGN_UID)
    assert served(plan_dir) == 8  # planted by another user: not read
    assert path.exists() and path.stat().st_uid == FOREIGN_UID  # and not touched
    os.chown(path, os.getuid(), os.getgid())
    path.chmod(0o620)
    assert served(plan_dir) == 8  # writable by the group: not read


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to chown")
def test_a_directory_owned_by_another_user_is_not_used(plan_dir, tmp_path, monkeypatch):
    # The repro: another user creates $XDG_CACHE_HOME/kjcx and plants entries.
    base = tmp_path / "x"
    directory = base / "kjcx"
    directory.mkdir(parents=True)
    monkeypatch.delenv("KJCX_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(base))
    entry_key, data = forged_entry(plan_dir)  # a real load writes nothing here yet...
    for item in directory.iterdir():
        item.unlink()
    (directory / cache.entry_name(entry_key)).write_bytes(data)
    (directory / cache.entry_name(entry_key)).chmod(0o600)
    os.chown(directory / cache.entry_name(entry_key), FOREIGN_UID, FOREIGN_UID)
    os.chown(directory, FOREIGN_UID, FOREIGN_UID)
    directory.chmod(0o700)
    assert served(plan_dir) == 8
    os.chown(directory, os.getuid(), os.getgid())
    directory.chmod(0o777)  # ours, but anyone can plant or swap entries
    os.chown(directory / cache.entry_name(entry_key), os.getuid(), os.getgid())
    assert served(plan_dir) == 8
    assert [p.name for p in directory.iterdir()] == [cache.entry_name(entry_key)]  # nothing written


def test_pickles_are_never_loaded(plan_dir, tmp_path):
    import pickle

    marker = tmp_path / "executed"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    entry_key = cache.key(cache.read_files(plan_dir))
    directory = cache.cache_dir()
    (directory / f"{entry_key}.pickle").write_bytes(pickle.dumps(Payload()))  # kjcx 0.1's name
    (directory / cache.entry_name(entry_key)).write_bytes(pickle.dumps(Payload()))
    (directory / cache.entry_name(entry_key)).chmod(0o600)
    assert served(plan_dir) == 8
    assert not marker.exists()


def test_every_fixture_plan_comes_back_equal_from_an_entry():
    from kjcx.plan.load import load

    plans = 0
    for directory in [SEED, *sorted(p for p in PLANS.iterdir() if p.is_dir())]:
        try:
            plan = load(directory).plan
        except DataError:
            continue  # plans made to fail a rule: nothing to cache
        assert cache.decode_entry(cache.encode_entry("k" * 64, plan, 3)) == ("k" * 64, plan, 3)
        plans += 1
    assert plans >= 20


def test_an_entry_holding_anything_but_the_plan_s_values_is_a_miss(plan_dir):
    import marshal

    entry_key, data = forged_entry(plan_dir)  # says 99 where the files say 8
    path = cache.cache_dir() / cache.entry_name(entry_key)
    stored_key, warnings, tree = marshal.loads(data)
    # tree is the ActionPlan: (its record number, plan, indicators, sections, ...)
    code = compile("open('executed', 'w')", "entry", "exec")
    for forged in [(tree[0], code, *tree[2:]),  # a code object marshal can hold
                   (tree[0], *tree[1:-1]),  # a field fewer
                   (tree[0], 1.5, *tree[2:]),  # a float: no plan value is one
                   (999, *tree[1:])]:  # no such record
        path.write_bytes(marshal.dumps((stored_key, warnings, forged)))
        path.chmod(0o600)
        assert served(plan_dir) == 8
    assert not os.path.exists("executed")


def test_a_symlinked_entry_is_not_followed(plan_dir, tmp_path):
    entry_key, data = forged_entry(plan_dir)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(data)
    path = cache.cache_dir() / cache.entry_name(entry_key)
    path.unlink(missing_ok=True)
    path.symlink_to(elsewhere)
    assert served(plan_dir) == 8


def test_an_entry_for_another_key_is_a_miss(plan_dir):
    entry_key, data = forged_entry(plan_dir)
    other = cache.cache_dir() / cache.entry_name("0" * 64)
    other.write_bytes(data)
    other.chmod(0o600)
    (cache.cache_dir() / cache.entry_name(entry_key)).unlink(missing_ok=True)
    os.replace(other, cache.cache_dir() / cache.entry_name(entry_key))
    assert served(plan_dir) == 99  # same key: served
    data = cache.encode_entry("f" * 64, *cache.decode_entry(data)[1:])
    (cache.cache_dir() / cache.entry_name(entry_key)).write_bytes(data)
    assert served(plan_dir) == 8  # renamed from another key: not served


def test_the_directory_is_created_private_under_umask_000(plan_dir, tmp_path, monkeypatch):
    directory = tmp_path / "new" / "kjcx"
    monkeypatch.setenv("KJCX_CACHE_DIR", str(directory))
    old = os.umask(0)
    try:
        cache.load_plan(plan_dir)
    finally:
        os.umask(old)
    assert directory.stat().st_mode & 0o777 == 0o700
    assert directory.parent.stat().st_mode & 0o777 == 0o700  # a parent it had to create
    assert [p.stat().st_mode & 0o777 for p in directory.iterdir()] == [0o600]
    assert served(plan_dir) == 8 and len(entries()) == 1


def test_only_kjcx_entries_are_evicted(plan_dir, monkeypatch):
    directory = cache.cache_dir()
    foreign = ["notes.pickle", "kjcx-notes.msgpack", "x.msgpack", f"{'a' * 64}.msgpack",
               f"kjcx-{'a' * 64}.msgpack.bak", "kjcx-" + "b" * 32 + ".tmpx"]
    for name in foreign:
        (directory / name).write_bytes(b"keep me")
    theirs = directory / cache.entry_name("c" * 64)
    theirs.write_bytes(b"keep me too")
    os.chown(theirs, FOREIGN_UID, FOREIGN_UID)
    os.utime(theirs, (0, 0))  # the oldest of all
    monkeypatch.setattr(cache, "KEEP", 2)
    text = (plan_dir / "targets.yaml").read_text(encoding="utf-8")
    for value in range(10, 15):
        (plan_dir / "targets.yaml").write_text(
            text.replace("actuals: {2021: 8}", f"actuals: {{2021: {value}}}"), encoding="utf-8")
        cache.load_plan(plan_dir)
    names = {p.name for p in directory.iterdir()}
    assert set(foreign) | {theirs.name} <= names
    assert len([n for n in names if cache.is_entry_name(n)]) == 3  # KEEP of ours + theirs


def test_key_and_plan_come_from_one_read(plan_dir, monkeypatch):
    # An edit between hashing and parsing must not store the new plan under the
    # old content's key: each file is read exactly once per load.
    from kjcx.plan import files, reader

    target = plan_dir / "targets.yaml"
    original = target.read_text(encoding="utf-8")
    reads = []

    def read_then_edit(path):
        data = files.read_data(path)
        reads.append(os.path.basename(path))
        if os.path.basename(path) == "targets.yaml":  # someone saves the file right now
            target.write_text(original.replace("actuals: {2021: 8}", "actuals: {2021: 19}"),
                              encoding="utf-8")
        return data

    monkeypatch.setattr(cache, "read_data", read_then_edit)
    monkeypatch.setattr(reader, "read_data", read_then_edit)
    assert served(plan_dir) == 8  # what was read (and hashed)
    assert sorted(reads) == ["targets.yaml", "tasks.yaml"]
    monkeypatch.setattr(cache, "read_data", files.read_data)
    monkeypatch.setattr(reader, "read_data", files.read_data)
    assert len(entries()) == 1
    assert served(plan_dir) == 19  # the file as it is now: a miss, not the stale entry
    target.write_text(original, encoding="utf-8")
    assert served(plan_dir) == 8


def test_no_home_and_no_passwd_entry_means_no_cache(plan_dir, monkeypatch):
    import pwd

    for name in ("KJCX_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)

    def no_entry(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    assert cache.cache_dir() is None
    plan, _ = cache.load_plan(plan_dir)
    assert len(plan.indicators) == 3


def test_cli_without_home_or_passwd_entry(plan_dir, kjcx, monkeypatch):
    import pwd

    for name in ("KJCX_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: (_ for _ in ()).throw(KeyError(uid)))
    result = kjcx("status", "2021", "--data", plan_dir, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["year"] == 2021
