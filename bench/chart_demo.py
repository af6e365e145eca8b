#!/usr/bin/env python
"""A page of example charts (kjcx.report.charts) to look at in a browser.

    python bench/chart_demo.py [OUT.html]     # default: bench/out/chart_demo.html

The examples cover the ordinary cases (a flow with figures to date, a level
with a revised target) and the awkward ones (no figures, one target, equal
values, negatives, 1e14, many decimals, a long name with quotes and <&>).
tests/test_browser_harness.py renders this page in headless Chromium and
screenshots it; README-style screenshots can be made the same way.
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal as D
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from kjcx.report.charts import (  # noqa: E402
    IndicatorSeries,
    Point,
    TargetPoint,
    completion_bars,
    indicator_chart,
)


def _ye(year: int, value: str) -> Point:
    return Point(date(year, 12, 31), D(value), True)


def _to(day: date, value: str) -> Point:
    return Point(day, D(value), False)


def examples() -> list[IndicatorSeries]:
    return [
        IndicatorSeries(
            name="技术合同成交额", unit="亿元", direction="higher", start=2020, end=2022,
            baseline=None,
            targets=[TargetPoint(2020, D(40), "explicit"), TargetPoint(2021, D(45), "explicit"),
                     TargetPoint(2022, D(50), "explicit")],
            actuals=[_ye(2020, "41.2"), _ye(2021, "46.8"),
                     _to(date(2022, 3, 31), "12.1"), _to(date(2022, 6, 30), "21.3")],
            revisions=[], kind="flow",
        ),
        IndicatorSeries(
            name="技术合同成交额（按存量画法）", unit="亿元", direction="higher", start=2020, end=2022,
            baseline=None,
            targets=[TargetPoint(2020, D(40), "explicit"), TargetPoint(2021, D(45), "explicit"),
                     TargetPoint(2022, D(50), "explicit")],
            actuals=[_ye(2020, "41.2"), _ye(2021, "46.8"),
                     _to(date(2022, 3, 31), "12.1"), _to(date(2022, 6, 30), "21.3")],
            revisions=[],
        ),
        IndicatorSeries(
            name="高新技术企业数量", unit="家", direction="higher", start=2020, end=2022,
            baseline=(2019, D(100)),
            targets=[TargetPoint(2020, D(108), "explicit"), TargetPoint(2021, D(116), "explicit"),
                     TargetPoint(2022, D(135), "revised", original=D(128))],
            actuals=[_ye(2020, "110"), _ye(2021, "118"),
                     _to(date(2022, 3, 31), "112"), _to(date(2022, 6, 30), "119")],
            revisions=[(date(2022, 7, 22), "r2022 河东政办函〔2022〕10号")],
        ),
        IndicatorSeries(
            name="研发支出与地区生产总值比值", unit="%", direction="higher", start=2020, end=2022,
            baseline=(2019, D("2.3")),
            targets=[TargetPoint(2020, D("2.4166666666666667"), "interpolated"),
                     TargetPoint(2021, D("2.5333333333333333"), "interpolated"),
                     TargetPoint(2022, D("2.65"), "explicit")],
            actuals=[_ye(2020, "2.41"), _ye(2021, "2.583333333333333")],
            revisions=[],
        ),
        IndicatorSeries(
            name="万元地区生产总值能耗", unit="吨标准煤", direction="lower", start=2020, end=2022,
            baseline=(2019, D("0.312")),
            targets=[TargetPoint(2020, D("0.305"), "explicit"), TargetPoint(2021, D("0.298"), "explicit"),
                     TargetPoint(2022, D("0.29"), "explicit")],
            actuals=[_ye(2020, "0.307"), _ye(2021, "0.301")],
            revisions=[],
        ),
        IndicatorSeries(
            name="新型研发机构数量（尚无数据）", unit="家", direction="higher", start=2020, end=2022,
            baseline=None, targets=[TargetPoint(2022, D(5), "explicit")], actuals=[], revisions=[],
        ),
        IndicatorSeries(
            name="孵化器数量（数值不变）", unit="个", direction="higher", start=2020, end=2022,
            baseline=(2019, D(7)),
            targets=[TargetPoint(y, D(7), "explicit") for y in (2020, 2021, 2022)],
            actuals=[_ye(2020, "7"), _ye(2021, "7")], revisions=[],
        ),
        IndicatorSeries(
            name="规上工业增加值增速", unit="%", direction="higher", start=2020, end=2022,
            baseline=(2019, D("3.1")),
            targets=[TargetPoint(y, D(5), "explicit") for y in (2020, 2021, 2022)],
            actuals=[_ye(2020, "-2.35"), _ye(2021, "6.8"), _to(date(2022, 6, 30), "-0.4")],
            revisions=[],
        ),
        IndicatorSeries(
            name="全社会固定资产投资", unit="元", direction="higher", start=2020, end=2022,
            baseline=None,
            targets=[TargetPoint(2020, D("8e13"), "explicit"), TargetPoint(2022, D("1e14"), "explicit")],
            actuals=[_ye(2020, "81234567890123.456"), _to(date(2021, 9, 30), "62000000000000")],
            revisions=[],
        ),
        IndicatorSeries(
            name="“雏鹰”企业、<瞪羚> & 独角兽企业培育数量（含省级以上认定）", unit="家",
            direction="higher", start=2020, end=2022, baseline=(2019, D(20)),
            targets=[TargetPoint(2020, D(25), "explicit"), TargetPoint(2021, D(30), "explicit"),
                     TargetPoint(2022, D(40), "explicit")],
            actuals=[_ye(2020, "26"), _ye(2021, "27")], revisions=[],
        ),
    ]


BARS = [
    ("技术合同成交额", D("0.426"), D("0.496"), "behind"),
    ("高新技术企业数量", D("0.881481"), D("0.931"), "near"),
    ("研发支出与地区生产总值比值", D("1.019737"), D("1"), "met"),
    ("万元地区生产总值能耗", D("0.963455"), None, "near"),
    ("“雏鹰”企业、<瞪羚> & 独角兽企业培育数量（含省级以上认定）", D("0.3"), D("0.496"), "severe"),
    ("全社会固定资产投资", D("2.7"), D("0.75"), "met"),
    ("规上工业增加值增速", D("-0.08"), D("0.496"), "severe"),
    ("新型研发机构数量", None, None, "no_data"),
    ("孵化器数量", None, None, "no_target"),
]

PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>kjcx 图表示例</title>
<style>
body {{ font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif;
       margin: 24px; color: #222; }}
h1 {{ font-size: 20px; }}
.grid {{ display: flex; flex-wrap: wrap; gap: 16px; }}
figure {{ margin: 0; width: 320px; border: 1px solid #ddd; padding: 6px; break-inside: avoid; }}
figcaption {{ font-size: 13px; font-weight: bold; margin-bottom: 2px; }}
</style></head>
<body>
<h1>指标完成情况</h1>
{bars}
<h1>目标与实际</h1>
<div class="grid">
{charts}
</div>
</body></html>
"""


def build_html() -> str:
    charts = "\n".join(
        f"<figure><figcaption>{escape(s.name)}</figcaption>{indicator_chart(s)}</figure>"
        for s in examples()
    )
    return PAGE.format(bars=completion_bars(BARS), charts=charts)


def main(argv: list[str]) -> Path:
    out = Path(argv[0]) if argv else HERE / "out" / "chart_demo.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build_html(), encoding="utf-8")
    return out


if __name__ == "__main__":
    print(main(sys.argv[1:]))
