"""kjcx brief: the 通报 paragraph of the shipped plan, pinned word for word, and
every number in it traced to the status JSON."""

import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from conftest import SEED

# A closed year is judged, not paced: 完成/未完成年度目标, no 滞后 and no 请抓紧推进 (the
# closing sentence asks for 整改); the % row is worded against its target in points.
BRIEF_2021 = "2021年全年，计划确定的14项指标中，2021年有年度目标的7项，完成年度目标5项、占比71.4%，未完成年度目标2项。其中，研发支出与地区生产总值比值2.56%，比年度目标低0.02个百分点，未完成年度目标；“瞪羚”企业数量7家，年度目标完成率70.0%，未完成年度目标。20项重点任务中，未达到年度进度2项。区科技局、区人社局牵头事项未完成年度目标，请认真分析原因，抓紧整改。"

BRIEF_2022 = "截至2022年6月底，计划确定的14项指标中，已有数据的11项，达到序时进度5项、占比45.5%，未达到序时进度6项；暂无数据3项。其中，高新技术企业数量119家，完成年度目标的93.0%，低于序时进度3.1个百分点；“瞪羚”企业数量6家，完成年度目标的50.0%，低于序时进度29.0个百分点；全区技术合同成交额21.3亿元，完成年度目标的42.6%，低于序时进度7.0个百分点；市级以上创新创业平台13家，完成年度目标的86.7%，低于序时进度3.3个百分点；各类产业技术创新战略联盟入盟企业15家，完成年度目标的75.0%，低于序时进度9.9个百分点；新建市级重点实验室0家，完成年度目标的0.0%，低于序时进度49.6个百分点。20项重点任务中，滞后3项、未报送2项。本期未按期报送的单位：区科技局（任务7）、区人社局（任务20）。区科技局、区人社局、区市场监管局牵头事项滞后或未报送，请抓紧推进。"


@pytest.mark.parametrize("year, expected", [(2021, BRIEF_2021), (2022, BRIEF_2022)])
def test_brief_of_the_shipped_plan(kjcx, year, expected):
    result = kjcx("brief", year)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected + "\n"


def one_decimal(ratio: float) -> str:
    return str(Decimal(str(ratio * 100)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("year", [2021, 2022])
def test_brief_numbers_are_the_status_json(kjcx, year):
    text = kjcx("brief", year).stdout
    doc = json.loads(kjcx("status", year, "-f", "json").stdout)
    rows = [r for r in doc["indicators"] if r["status"] in ("near", "behind", "severe")]
    assert rows
    for r in rows:
        assert r["name"] in text
        if r["unit"] == "%":
            # a % indicator: the gap to the year's target in 个百分点
            assert f"{r['name']}{r['actual']}%，比年度目标低{r['gap']}个百分点" in text
            continue
        completion = one_decimal(r["completion"])
        assert f"{r['name']}{r['actual']}{r['unit']}，" in text
        assert f"{completion}%" in text
        if r["elapsed"] < 1:
            assert f"低于序时进度{one_decimal(-r['ahead'] / 100)}个百分点" in text
    met = doc["summary"]["indicators"]["met"]
    short = sum(doc["summary"]["indicators"][k] for k in ("near", "behind", "severe"))
    share = one_decimal(met / (met + short))
    assert re.search(rf"{met}项、占比{share}%", text)
    assert "、".join(doc["summary"]["lagging_departments"]) + "牵头事项" in text
    tasks = doc["summary"]["tasks"]
    # lagging tasks: 滞后N项 within the year, 未达到年度进度N项 in a closed year
    assert f"{'未达到年度进度' if year == 2021 else '滞后'}{tasks['lagging']}项" in text


def test_brief_as_of_names_the_period(kjcx):
    text = kjcx("brief", 2022, "--as-of", "2022-03-31").stdout
    assert text.startswith("截至2022年3月底，")
    # the March figure of 技术合同成交额: 8.9 of 50 = 17.8%; schedule 90/365 = 24.7%
    assert "全区技术合同成交额8.9亿元，完成年度目标的17.8%，低于序时进度6.9个百分点" in text


def test_brief_json(kjcx):
    doc = json.loads(kjcx("brief", 2022, "-f", "json").stdout)
    assert doc["schema"] == "kjcx.brief/1"
    assert doc["period_end"] == "2022-06-30"
    assert doc["text"] == BRIEF_2022


def test_an_older_figure_is_marked_and_its_department_named(kjcx, tmp_path):
    """A round in which 技术合同成交额 alone was reported (09-25): the other figures
    are June's, so the paragraph says so instead of passing them off as September's."""
    import shutil

    for name in ("targets.yaml", "tasks.yaml"):
        shutil.copy(SEED / name, tmp_path / name)
    text = (tmp_path / "targets.yaml").read_text(encoding="utf-8")
    june = "        - {value: 21.3, as_of: 2022-06-30, source: 示例数据, note: 1-6月累计}\n"
    assert june in text
    (tmp_path / "targets.yaml").write_text(
        text.replace(june, june + "        - {value: 33.7, as_of: 2022-09-25}\n"), encoding="utf-8")
    out = kjcx("--data", tmp_path, "brief", 2022).stdout
    assert out.startswith("截至2022年9月25日，")
    # 33.7/50 = 67.4%; schedule 268/365 = 73.4%: 6.0 points behind
    assert "全区技术合同成交额33.7亿元，完成年度目标的67.4%，低于序时进度6.0个百分点" in out
    assert "“瞪羚”企业数量6家（6月底数据），完成年度目标的50.0%" in out
    assert "区市场监管局" in out and "牵头的部分事项本期未报送新数据" in out
