"""The README's Python example runs as written and prints what status JSON says."""

import contextlib
import io
import json
import re

from conftest import ROOT


def test_readme_python_example(kjcx, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- api:begin -->\n```python\n(.*?)```\n<!-- api:end -->", readme, re.S)
    assert block, "the README's Python example is marked with api:begin/api:end"
    code = block.group(1)
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    doc = json.loads(kjcx("--data", ROOT / "data", "status", "2021", "-f", "json").stdout)
    lagging = [r for r in doc["indicators"] if r["status"] in ("behind", "severe")]
    expected = [str(doc["summary"]["lagging_departments"])]
    expected += [f"{r['name']} {r['completion']}" for r in lagging]
    expected += ["0"]
    assert printed == expected
    # and the comments in the README say the same
    for line in expected:
        assert f"# {line}" in code


def test_readme_data_file_examples_are_valid():
    """The two files the README shows, as written, pass kjcx check without a warning."""
    import kjcx

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## 数据文件"):]
    targets = re.search(r"```yaml\n(# targets\.yaml\n.*?)```", section, re.S).group(1)
    tasks = re.search(r"```yaml\n(# tasks\.yaml\n.*?)```", section, re.S).group(1)
    assert kjcx.check_text(targets, tasks) == []
    plan = kjcx.load_text(targets, tasks)
    st = kjcx.evaluate(plan, 2022)
    row = st.indicators[0]
    # the revision (07-22) is not yet in force at the 06-30 figure: the plan's 128 is
    assert (row.actual, row.target, row.target_source) == (119, 128, "explicit")
    # the final target is the one in force at the same point: also the plan's 128
    assert row.final.target == 128
