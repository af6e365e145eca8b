"""The Python API is the CLI's own door: same cache, same numbers, dates as ISO strings."""

import datetime
import json

import pytest

import kjcx as api

from conftest import ROOT, SEED


def test_load_plan_uses_the_cache_the_cli_uses(monkeypatch, tmp_path):
    from kjcx.plan import cache

    calls = []
    real = cache.load_plan
    monkeypatch.setattr(cache, "load_plan", lambda d: calls.append(d) or real(d))
    plan = api.load_plan(SEED)
    assert calls == [SEED]
    # without the cache the same plan is parsed from the files
    assert api.load_plan(SEED, cache=False) == plan
    assert calls == [SEED]


def test_evaluate_takes_an_iso_string_like_a_date():
    plan = api.load_plan(SEED)
    by_string = api.to_json(api.evaluate(plan, 2022, as_of="2022-06-30"))
    by_date = api.to_json(api.evaluate(plan, 2022, as_of=datetime.date(2022, 6, 30)))
    assert by_string == by_date
    assert by_string["as_of"] == "2022-06-30"


@pytest.mark.parametrize("bad", ["2022-13-01", "昨天", 20220630])
def test_a_bad_as_of_is_refused_by_name(bad):
    plan = api.load_plan(SEED)
    with pytest.raises(ValueError, match="as_of 应为日期"):
        api.evaluate(plan, 2022, as_of=bad)


def test_explain_diff_brief_are_what_the_commands_print(kjcx):
    plan = api.load_plan(SEED)
    data = ["--data", ROOT / "data"]
    explained = api.explain(plan, "high_tech_enterprises", 2022).json()
    assert explained == json.loads(kjcx(*data, "explain", "high_tech_enterprises", "2022", "-f", "json").stdout)
    changed = api.diff(plan, "2022-03-31", "2022-06-30").json()
    assert changed == json.loads(kjcx(*data, "diff", "2022-03-31", "2022-06-30", "-f", "json").stdout)
    assert api.brief(plan, 2022) == kjcx(*data, "brief", "2022").stdout.strip()
    with pytest.raises(KeyError):
        api.explain(plan, "no_such_indicator", 2022)


def test_the_forms_round_from_python(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(SEED, data)
    plan = api.load_plan(data)
    exported = api.export_forms(plan, "2022-09-30", tmp_path / "forms", ["区科技局"])
    assert [e.department for e in exported] == ["区科技局"]
    result = api.read_forms(plan, [tmp_path / "forms"])
    assert result.errors == [] and result.changes == []  # an untouched form changes nothing
    assert api.write_forms(data, plan, result.changes) == []


def test_importing_the_modules_does_not_shadow_the_functions():
    # the modules live in packages (kjcx.method.explain, kjcx.method.diff,
    # kjcx.report.brief): importing them sets no attribute on kjcx itself
    import kjcx.method.diff  # noqa: F401  the CLI imports these modules
    import kjcx.method.explain  # noqa: F401
    import kjcx.report.brief  # noqa: F401

    assert callable(api.explain) and callable(api.diff) and callable(api.brief)
