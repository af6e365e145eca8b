"""The two YAML writers agree: for the same change, the in-place editor (fastedit)
and the round-trip editor (ruamel, writeback) give the same bytes wherever both
apply, because the entry's text (fields, number text, quoting, labels) is
decided once (round/entries.py). And the in-place editor takes every shape
`kjcx check` accepts: flow years, anchors, one-line parts, escaped names."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kjcx.plan.load import load
from kjcx.plan.model import Actual, Report, TaskStatus
from kjcx.round import fastedit, writeback
from kjcx.round.entries import chinese_labels
from kjcx.round.forms import Change
from kjcx.round.writeback import write_changes

D = datetime.date


def figure(item, year, value, as_of, source=None, note=None) -> Change:
    return Change("indicator", item, "", "", year, None, Actual(Decimal(value), as_of, source, note), False, "", "")


def report(item, year, status, percent, as_of, note=None) -> Change:
    return Change("task", item, "", "", year, None,
                  Report(TaskStatus(status), None if percent is None else Decimal(percent), as_of, note),
                  False, "", "")


# --- the property: both editors, the same bytes ------------------------------------

TEXTS = st.sampled_from([None, "快报", "1-9月", "yes", "2022-06-30", "a: b", "#1", " 前后有空格 ", "1:30",
                         "引号\"与'", "[x]", "null", "~", "0o7", "行\u2028分隔"])
NUMBERS = st.decimals(min_value=Decimal("-1e6"), max_value=Decimal("1e6"), places=3, allow_nan=False)
DATES = st.dates(D(2022, 1, 1), D(2022, 12, 31))
# an existing year: a bare number, one dated entry on its line, or a block list of entries
EXISTING = st.sampled_from(["none", "bare", "one", "list", "flow_years", "no_field"])


def indicator_text(shape: str, dates: list[datetime.date], comment: str = "") -> str:
    head = "  - id: ind\n    name: 指标\n    unit: 家\n    targets: {2021: 10, 2022: 20}\n"
    entries = [f"{{value: {n + 1}, as_of: {d.isoformat()}}}" for n, d in enumerate(sorted(set(dates)))]
    body = {
        "none": "    actuals:\n      2021: 9\n",
        "bare": f"    actuals:\n      2021: 9\n      2022: 7{comment}\n",
        "one": f"    actuals:\n      2021: 9\n      2022: {entries[0]}{comment}\n",
        "list": "    actuals:\n      2021: 9\n      2022:\n" + "".join(f"        - {e}\n" for e in entries),
        "flow_years": "    actuals: {2021: 9}\n",
        "no_field": "",
    }[shape]
    return ("plan:\n  name: 计划\n  start: 2021\n  end: 2022\n  departments:\n    - name: 甲局\n"
            "indicators:\n" + head + body + "    lead: [甲局]\n")


@pytest.mark.slow  # 300 examples through both editors
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=EXISTING, dates=st.lists(DATES, min_size=1, max_size=3), value=NUMBERS, as_of=DATES,
       source=TEXTS, note=TEXTS, comment=st.sampled_from(["", "  # 上半年", "      # 1-6月 快报"]))
def test_both_editors_write_the_same_bytes_for_a_figure(shape, dates, value, as_of, source, note, comment):
    text = indicator_text(shape, dates, comment)
    change = figure("ind", 2022, value, as_of, source, note)
    fast = fastedit.edit(text, [change], chinese_labels(text))
    try:
        general = writeback._round_trip(Path("targets.yaml"), text, [change], chinese_labels(text))
    except writeback.WriteError:
        general = None
    if fast is not None and general is not None:  # where both apply
        assert fast == general
    assert fast is not None or shape == "flow_years"  # every block shape is edited in place


TASKS = """\
tasks:
  - id: 1
    title: 任务
    lead: [甲局]
    progress:
      2021: {status: STATUS, percent: 100}
"""


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(status=st.sampled_from(list(TaskStatus)), percent=st.none() | st.integers(0, 100), as_of=DATES,
       note=TEXTS, labels=st.sampled_from(["已完成", "done", "none"]))
def test_both_editors_write_the_same_bytes_for_a_report(status, percent, as_of, note, labels):
    text = TASKS.replace("STATUS", labels) if labels != "none" else TASKS.replace("    progress:\n      2021: {status: STATUS, percent: 100}\n", "")
    change = report(1, 2022, status.value, percent, as_of, note)
    fast = fastedit.edit(text, [change], chinese_labels(text))
    general = writeback._round_trip(Path("tasks.yaml"), text, [change], chinese_labels(text))
    assert fast == general
    # the status as the file writes it: Chinese labels unless only English values are there
    from kjcx.round.layout import LABEL_OF

    assert (LABEL_OF[status] if labels != "done" else status.value) in fast.splitlines()[-1]


# --- every shape check accepts, in place ------------------------------------------

PLAN = """\
plan:
  name: 写法测试计划
  start: 2021
  end: 2022
  departments:
    - name: 甲局
indicators:
  - id: flow
    name: 流式年份
    unit: &u 家
    targets: {2021: 10, 2022: 20}
    actuals: {2021: 9}
    lead: [甲局]
  - id: flowlist
    name: 流式列表
    unit: *u
    targets: {2022: 20}
    actuals: {2022: [{value: 3, as_of: 2022-03-31}, {value: 8, as_of: 2022-09-30}]}
    lead: [甲局]
  - id: split
    name: 分解
    unit: *u
    lead: [甲局]
    parts:
      - {name: "东\\u533a", lead: [甲局], targets: {2022: 5}, actuals: {2021: 3}}
      - {name: 西区, lead: [甲局], targets: {2022: 5}}
"""


@pytest.fixture
def data(tmp_path) -> Path:
    directory = tmp_path / "data"
    directory.mkdir()
    (directory / "targets.yaml").write_text(PLAN, encoding="utf-8")
    return directory


def test_flow_years_anchors_one_line_parts_and_escapes_are_edited_in_place(data):
    changes = [figure("flow", 2022, "12", D(2022, 6, 30)),
               figure("flow", 2021, "9.5", D(2021, 12, 31)),  # the bare year-end figure replaced
               figure("flowlist", 2022, "5", D(2022, 6, 30)),  # between the two
               figure("split/东区", 2022, "4", D(2022, 6, 30)),
               figure("split/西区", 2022, "2", D(2022, 6, 30))]
    text = PLAN
    assert fastedit.edit(text, changes, True) is not None  # no round trip
    start = time.monotonic()
    write_changes(data, load(data).plan, changes)
    assert time.monotonic() - start < 2.0
    new = (data / "targets.yaml").read_text(encoding="utf-8").splitlines()
    old = PLAN.splitlines()
    changed = [(n, line) for n, (was, line) in enumerate(zip(old, new)) if was != line]
    assert len(new) == len(old)  # every edit within its line
    assert changed == [
        (11, "    actuals: {2021: {value: 9.5, as_of: 2021-12-31}, 2022: {value: 12, as_of: 2022-06-30}}"),
        (17, "    actuals: {2022: [{value: 3, as_of: 2022-03-31}, {value: 5, as_of: 2022-06-30}, "
             "{value: 8, as_of: 2022-09-30}]}"),
        (24, '      - {name: "东\\u533a", lead: [甲局], targets: {2022: 5}, actuals: {2021: 3, '
             "2022: {value: 4, as_of: 2022-06-30}}}"),
        (25, "      - {name: 西区, lead: [甲局], targets: {2022: 5}, actuals: {2022: {value: 2, as_of: 2022-06-30}}}"),
    ]


def test_a_one_line_entry_in_flow_years_becomes_a_flow_list(data):
    text = PLAN.replace("actuals: {2021: 9}", "actuals: {2021: 9, 2022: {value: 1, as_of: 2022-03-31}}")
    (data / "targets.yaml").write_text(text, encoding="utf-8")
    write_changes(data, load(data).plan, [figure("flow", 2022, "6", D(2022, 6, 30))])
    assert (data / "targets.yaml").read_text(encoding="utf-8").splitlines()[11] == (
        "    actuals: {2021: 9, 2022: [{value: 1, as_of: 2022-03-31}, {value: 6, as_of: 2022-06-30}]}")


def test_an_alias_where_the_edit_goes_leaves_it_to_the_general_editor(data):
    text = PLAN.replace("actuals: {2021: 9}", "actuals: &a {2021: 9}").replace(
        "    actuals: {2022: [{value: 3, as_of: 2022-03-31}, {value: 8, as_of: 2022-09-30}]}\n", "    actuals: *a\n")
    assert fastedit.edit(text, [figure("flow", 2022, "1", D(2022, 6, 30))], True) is not None  # an anchor is fine
    assert fastedit.edit(text, [figure("flowlist", 2022, "1", D(2022, 6, 30))], True) is None  # through an alias
    (data / "targets.yaml").write_text(text, encoding="utf-8")
    before = (data / "targets.yaml").read_bytes()
    with pytest.raises(writeback.WriteError) as raised:  # the anchored years are flowlist's too
        write_changes(data, load(data).plan, [figure("flow", 2022, "1", D(2022, 6, 30))])
    assert str(raised.value) == "写入会改动 flowlist 2022 年的其他数据，这不应发生；未写入任何文件"
    assert (data / "targets.yaml").read_bytes() == before


# --- what the in-place editor declines goes through ruamel one item at a time ----------

def block_entries(n: int) -> str:
    """`n` indicators whose 2022 entry is a block mapping (value/as_of on lines of their own)."""
    items = "".join(f"  - id: i{k}\n    name: 指标{k}\n    unit: 家\n    targets: {{2022: 20}}\n"
                    f"    actuals:\n      2022:\n        value: 3\n        as_of: 2022-03-31\n    lead: [甲局]\n"
                    for k in range(n))
    return ("plan:\n  name: 块式报送\n  start: 2021\n  end: 2022\n  departments:\n    - name: 甲局\n"
            "indicators:\n" + items)


def test_a_block_mapping_entry_is_edited_within_its_item_in_linear_time(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    text = block_entries(1000)
    (data / "targets.yaml").write_text(text, encoding="utf-8")
    change = figure("i500", 2022, "5", D(2022, 6, 30))
    assert fastedit.edit(text, [change], True) is None  # a shape the in-place editor declines
    assert fastedit.item_spans(text, [change])[0][2:4] == (2, "indicators")  # i500's lines, dash at column 2
    plan = load(data).plan
    start = time.monotonic()
    write_changes(data, plan, [change])
    assert time.monotonic() - start < 2.0  # the whole file through ruamel: about 3 s
    new = (data / "targets.yaml").read_text(encoding="utf-8").splitlines()
    old = text.splitlines()
    at = 7 + 500 * 9 + 5  # 7 heading lines, 9 lines an indicator; `2022:` is i500's 6th line
    assert len(old) == 7 + 1000 * 9 and len(new) == len(old) + 1
    assert old[:at] == new[:at] and old[at + 3:] == new[at + 4:]  # the other 9,004 lines as they were
    assert new[at:at + 4] == ["      2022:", "      - value: 3", "        as_of: 2022-03-31",
                              "      - {value: 5, as_of: 2022-06-30}"]
