"""`kjcx history ID` for people and scripts: one row per dated entry, oldest first, with
the verdict it gave on its date; CSV rows and JSON `kjcx.history/1`."""

from __future__ import annotations

from kjcx.method.history import History, Step
from kjcx.views.tables import Report, Table
from kjcx.words import STATUS_LABEL, TASK_LABEL, num, pct

HISTORY_SCHEMA = "kjcx.history/1"
FIGURE_HEADERS = ["年份", "截至", "数值", "来源", "备注", "修订", "当时结论"]
TASK_HEADERS = ["年份", "截至", "状态", "完成", "来源", "备注", "阶段目标", "当时结论"]
TASK_VERDICT = {"done": "已完成", "lagging": "滞后", "on_track": "正常"}


def verdict_words(h: History, s: Step) -> str:
    """达标（完成率 104.2%）/ 滞后（逾期77天）: what the entry gave on its date."""
    if h.kind == "task":
        word = TASK_VERDICT.get(s.verdict, s.verdict)
        return f"{word}（{'，'.join(s.reasons)}）" if s.reasons else word
    if not s.verdict:
        return "-"  # a year before the plan: history for pacing, never judged
    word = STATUS_LABEL.get(s.verdict, s.verdict)
    return f"{word}（完成率 {pct(s.completion)}）" if s.completion is not None else word


def _when(s: Step) -> str:
    return f"{s.known.isoformat()}（年末）" if s.year_end else s.known.isoformat()


class HistoryView:
    def __init__(self, result: History) -> None:
        self.result = result

    def _cells(self) -> list[list]:
        h = self.result
        out: list[list] = []
        for s in h.steps:
            if h.kind == "task":
                percent = f"{num(s.percent, 0)}%" if s.percent is not None else "-"
                out.append([str(s.year), _when(s), TASK_LABEL.get(s.status or "", s.status or "-"), percent,
                            s.source or "-", s.note or "-", s.milestone or "-", verdict_words(h, s)])
            else:
                out.append([str(s.year), _when(s), f"{num(s.value)}{h.unit}", s.source or "-", s.note or "-",
                            s.revised or "-", verdict_words(h, s)])
        return out

    def _headers(self) -> list[str]:
        return TASK_HEADERS if self.result.kind == "task" else FIGURE_HEADERS

    def report(self) -> Report:
        h = self.result
        label = f"任务{h.id}（{h.name}）" if h.kind == "task" else f"{h.name}（{h.id}）"
        since = f"，{h.since.isoformat()} 以后" if h.since else ""
        align = "lllrllll" if h.kind == "task" else "llrllll"
        table = Table(f"{label}的报送记录（从早到晚{since}）", self._headers(), self._cells(), align=align,
                      drop=("备注", "来源"))
        return Report(heading=label, tables=[table], headline=f"共 {len(h.steps)} 条记录。")

    def rows(self) -> list[dict]:
        """CSV: one row per entry (the JSON's entries, with the item's kind and id)."""
        doc = self.json()
        return [{"kind": doc["kind"], "id": doc["id"], **entry} for entry in doc["entries"]]

    def json(self) -> dict:
        from kjcx.views.json_docs import number

        h = self.result
        return {
            "schema": HISTORY_SCHEMA, "kind": h.kind, "id": h.id, "name": h.name, "unit": h.unit or None,
            "since": h.since.isoformat() if h.since else None,
            "entries": [{
                "year": s.year, "as_of": s.known.isoformat(), "year_end": s.year_end,
                "value": number(s.value), "status": s.status, "percent": number(s.percent),
                "source": s.source, "note": s.note, "revised": s.revised, "milestone": s.milestone,
                "verdict": s.verdict or None, "completion": number(s.completion), "reasons": list(s.reasons),
            } for s in h.steps],
        }
