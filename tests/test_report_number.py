"""The 通报's own 文号 and 落款: `plan.report: {number, issuer}` in targets.yaml, overridden by
`report --number/--issuer`; the plan's 文号 only in the title's reference to the plan."""

import shutil

from conftest import SEED

PLAN_LINE = "  document: 河东政办函〔2021〕18号\n"


def _data(tmp_path, extra: str):
    data = tmp_path / "data"
    shutil.copytree(SEED, data)
    targets = data / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    assert PLAN_LINE in text
    targets.write_text(text.replace(PLAN_LINE, PLAN_LINE + extra), encoding="utf-8")
    return data


def test_the_plan_gives_the_defaults_and_the_options_win(kjcx, tmp_path):
    data = _data(tmp_path, "  report: {number: 河东科创办〔2022〕3号, issuer: 区科技创新领导小组办公室}\n")
    out = kjcx("--data", data, "report", 2021).stdout
    assert out.startswith("河东科创办〔2022〕3号\n\n# 关于2021年《河东区科技创新三年行动计划（2020-2022年）》"
                          "（河东政办函〔2021〕18号）推进情况的通报\n")
    assert out.endswith("\n\n区科技创新领导小组办公室\n")
    out = kjcx("--data", data, "report", 2021, "--number", "河东科创办〔2022〕7号", "--issuer", "区科技局").stdout
    assert out.startswith("河东科创办〔2022〕7号\n\n# ") and out.endswith("\n\n区科技局\n")
    assert "河东科创办〔2022〕3号" not in out


def test_a_misspelt_key_is_placed(kjcx, tmp_path):
    data = _data(tmp_path, "  report: {numbr: 河东科创办〔2022〕3号}\n")
    result = kjcx("--data", data, "check")
    assert result.exit_code == 1
    # placed at its key, with the nearest known key offered
    assert "plan.report.numbr: 未知的键 “numbr”，是否应为 “number”？" in result.stdout
