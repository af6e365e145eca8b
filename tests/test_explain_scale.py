"""Large cells stay linear: `explain` of an indicator whose unit is 20,000 characters
and `departments NAME` of a department leading 6,000 parts each finish within 2 s
(CPU time of this process, so a busy machine does not fail them; the width of a table's columns was searched by wrapping every huge cell at every
trial width: quadratic in the cell)."""

import time

import pytest
import yaml


def _write(tmp_path, indicators):
    doc = {"plan": {"name": "规模测试计划", "start": 2021, "end": 2023}, "indicators": indicators}
    (tmp_path / "targets.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_explain_with_a_20000_character_unit_is_fast(kjcx, tmp_path):
    unit = "万" * 20000
    data = _write(tmp_path, [{"id": "x", "name": "指标", "unit": unit,
                              "baseline": {"year": 2020, "value": 10},
                              "targets": {2021: 20, 2022: 30, 2023: 40}, "actuals": {2021: 18}}])
    kjcx("--data", data, "status", 2021)  # the plan cache is warm, as for a second command
    started = time.process_time()
    result = kjcx("--data", data, "explain", "x", 2021, env={"COLUMNS": "120"})
    took = time.process_time() - started
    assert result.exit_code == 0, result.output
    # 18 of T = 20 at year end: completion 18 / 20 = 90.0%
    assert "90.0%" in result.stdout
    assert took < 2.0, took


@pytest.mark.slow  # 6,000 parts, about 2 s
def test_a_department_of_6000_parts_is_fast(kjcx, tmp_path):
    parts = [{"name": f"区{i}", "lead": ["区科技局"], "targets": {2021: 10},
              "actuals": {2021: 9 if i % 2 else 10}} for i in range(6000)]
    data = _write(tmp_path, [{"id": "x", "name": "指标", "unit": "家", "lead": ["区科技局"],
                              "targets": {2021: 20}, "actuals": {2021: 20}, "parts": parts}])
    kjcx("--data", data, "departments", 2021)  # the plan cache is warm, as for a second command
    started = time.process_time()
    result = kjcx("--data", data, "departments", 2021, "区科技局", env={"COLUMNS": "120"})
    took = time.process_time() - started
    assert result.exit_code == 0, result.output
    # the odd parts report 9 of 10: 3,000 parts at 90.0% (基本达标 at near 0.9), the department red
    rows = [line for line in result.stdout.splitlines() if line.startswith("指标（区")]
    assert len(rows) == 6000 and sum("90.0%" in line for line in rows) == 3000
    assert took < 2.0, took
