"""The plan cache: repeated commands on unchanged files skip parsing and pydantic;
any change to a file is a miss; a broken or unwritable cache is only slower."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import PLANS
from kjcx import cache
from kjcx.load import DataError


@pytest.fixture
def plan_dir(tmp_path):
    directory = tmp_path / "plan"
    shutil.copytree(PLANS / "tasks", directory)
    return directory


def entries():
    return sorted(cache.cache_dir().glob("*.pickle"))


def test_second_load_comes_from_the_cache(plan_dir, monkeypatch):
    first = cache.load_plan(plan_dir)
    assert len(entries()) == 1

    def no_parsing(_):
        raise AssertionError("parsed again")

    monkeypatch.setattr("kjcx.load.load", no_parsing)
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
    entries()[0].write_bytes(b"not a pickle")
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


def test_warm_status_does_not_import_pydantic(tmp_path):
    env = dict(os.environ, KJCX_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("KJCX_NO_CACHE", None)
    code = ("import sys\nfrom kjcx.cli import main\ntry:\n    main(['status', '2021'])\n"
            "except SystemExit:\n    pass\nprint('pydantic' in sys.modules, file=sys.stderr)")
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert cold.stderr.strip().splitlines()[-1] == "True"
    assert warm.stderr.strip().splitlines()[-1] == "False"
    assert warm.stdout == cold.stdout and "达标" in warm.stdout
