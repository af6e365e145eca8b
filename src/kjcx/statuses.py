"""One record per status: its label, colours, mark, severity rank and whether it is short
of target. Every writer (terminal, Excel, HTML, Word, markdown, brief, charts) reads these.

Like kjcx.words, this module imports nothing of kjcx (every layer may use it).
"""

from __future__ import annotations

from typing import NamedTuple, Optional


class Status(NamedTuple):
    key: str  # the JSON value (met, near, …)
    label: str  # the words people read (达标, 基本达标, …)
    style: str  # the terminal's rich style
    colour: str  # the font colour of an Excel cell (hex), matching `style`
    mark: str  # a mark beside the label, so that a status reads on a grey printout too
    rank: Optional[int]  # severity: 0 the worst; None for a row without a verdict
    short: bool  # short of the target at this point (behind or severe: 滞后)
    fill: str = ""  # the bar's fill in the report's charts (no bar without a verdict)


INDICATOR = {s.key: s for s in (
    Status("met", "达标", "green", "00612E", "●", 3, False, "#2e7d32"),
    Status("near", "基本达标", "yellow", "9C6500", "◐", 2, False, "#c9a100"),
    Status("behind", "滞后", "dark_orange", "C55A11", "▲", 1, True, "#e65100"),
    Status("severe", "严重滞后", "bold red", "C00000", "■", 0, True, "#b71c1c"),
    Status("no_data", "无数据", "dim", "808080", "○", None, False),
    Status("no_target", "无目标", "dim", "808080", "－", None, False),
)}
# the indicator statuses that carry a verdict (best first), and of them those that did not
# reach the target at this point (基本达标 too: 未完成); `short` marks the lagging ones (滞后)
JUDGED = tuple(key for key, s in INDICATOR.items() if s.rank is not None)
MISSED = tuple(key for key in JUDGED if key != "met")
# the outlook to the final target and a department's level, by the same fields
OUTLOOK = {s.key: s for s in (
    Status("achieved", "已达成", "green", "00612E", "", 4, False),
    Status("on_track", "进度正常", "green", "00612E", "", 3, False),
    Status("at_risk", "有风险", "yellow", "9C6500", "", 2, False),
    Status("off_track", "偏离目标", "red", "C00000", "", 1, True),
    Status("moving_away", "反向变动", "bold red", "C00000", "", 0, True),
    Status("unknown", "-", "dim", "808080", "", None, False),
)}
LEVEL = {s.key: s for s in (
    Status("red", "滞后", "bold red", "C00000", "", 0, True),
    Status("yellow", "关注", "yellow", "9C6500", "", 1, False),
    Status("green", "正常", "green", "00612E", "", 2, False),
)}
# rich style -> Excel font colour (a terminal cell's colour in a workbook)
STYLE_COLOUR = {"red": "C00000", "dark_orange": "C55A11", "yellow": "9C6500", "green": "00612E",
                "dim": "808080"}


def worse(a: str, b: str) -> str:
    """The more severe of two indicator statuses that carry a verdict (severe, behind,
    near, met); a status without one gives way to the other."""
    ra, rb = INDICATOR[a].rank, INDICATOR[b].rank
    if ra is None:
        return b
    if rb is None:
        return a
    return a if ra <= rb else b
