from pathlib import Path

import pytest
from click.testing import CliRunner

from kjcx.cli.app import cli
from kjcx.plan.load import load

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
SEED = ROOT / "data"
PLANS = TESTS / "plans"
BAD = TESTS / "bad"


def plan_of(name: str):
    """A fixture plan under tests/plans/ (or the seed for 'seed'), loaded."""
    return load(SEED if name == "seed" else PLANS / name).plan


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    """Each test gets its own empty plan cache, never the user's."""
    monkeypatch.setenv("KJCX_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("KJCX_NO_CACHE", raising=False)


@pytest.fixture
def kjcx(monkeypatch):
    """Run the CLI in-process: kjcx("status", "2021") -> click Result."""
    monkeypatch.delenv("KJCX_DATA", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)

    def run(*args, env=None):
        return CliRunner().invoke(cli, [str(a) for a in args], env=env)

    return run


@pytest.fixture
def chromium_bin():
    """Headless Chromium's path (tests/browser.py): skips when it is missing,
    but fails when $CI is set, so browser tests never silently skip in CI."""
    from browser import require_chromium

    return require_chromium()


# --- the slow set ---------------------------------------------------------------
# `pytest` runs the fast set (the README's command, for a developer's loop);
# `pytest -m slow` runs the rest, and .ci/run runs both. A test is slow when it
# drives a real program (Chromium, LibreOffice, git + pre-commit), fuzzes, or
# sweeps a large grid; the rule lives here, once, so a new browser test is slow
# by using the fixture, not by remembering a marker.
SLOW_FILES = {"test_fuzz.py", "test_precommit.py", "test_browser_harness.py", "test_report_browser.py"}
SLOW_FIXTURES = {"chromium_bin", "soffice_bin"}
SLOW_NAMES = ("libreoffice", "extreme_numbers", "fuzz")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if (item.path.name in SLOW_FILES or SLOW_FIXTURES & set(getattr(item, "fixturenames", ()))
                or any(word in item.name for word in SLOW_NAMES)):
            item.add_marker(pytest.mark.slow)
