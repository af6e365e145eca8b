"""The report as one self-contained HTML page: inline CSS and SVG, no network
requests, A4 print styles, a CJK font stack."""

from __future__ import annotations

from kjcx.report.content import ReportContent

NUMERALS = "一二三四五六七八九十"


def render(content: ReportContent) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kjcx.report", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    # Section numbers follow what is present (一、总体情况 … ).
    order = ["headline", "indicators"] + (["parts"] if content.parts else []) + \
        (["charts"] if content.charts else []) + \
        (["sections"] if content.sections else []) + ["departments"] + \
        (["tasks"] if content.lagging_tasks else []) + \
        (["changes"] if content.changes is not None else [])
    numbers = {name: NUMERALS[i] for i, name in enumerate(order)}
    return env.get_template("report.html.j2").render(c=content, n=numbers)
