"""`kjcx remind` for people and scripts: the table of what each department must answer for,
the ready-to-send 催办 paragraphs (plain / text), CSV rows and JSON `kjcx.remind/1`."""

from __future__ import annotations

from kjcx.method.remind import REASON_WORDS, Item, Reminders
from kjcx.views.tables import Report, Table
from kjcx.words import day_words

REMIND_SCHEMA = "kjcx.remind/1"
HEADERS = ["单位", "事项", "情况", "日期", "应完成", "上次报送"]

def counts_line(result: Reminders) -> str:
    """The last line: 截至2022年9月15日，需催办 3 个单位（逾期 1 项、……）；另有 1 个牵头单位无待办事项。"""
    parts = [f"{REASON_WORDS[code]} {n} 项" for code in REASON_WORDS if (n := result.count(code))]
    on = day_words(result.on)
    if not result.departments:
        return f"截至{on}，{len(result.quiet)} 个牵头单位均无需催办的事项。"
    head = f"截至{on}，需催办 {len(result.departments)} 个单位（{'、'.join(parts)}）"
    return head + (f"；另有 {len(result.quiet)} 个牵头单位无待办事项。" if result.quiet else "。")


class RemindView:
    def __init__(self, result: Reminders) -> None:
        self.result = result

    def _cells(self) -> list[list]:
        out: list[list] = []
        for dept in self.result.departments:
            for item in dept.items:
                for r in item.reasons:
                    when = r.date.isoformat() if r.date is not None else "-"
                    last = item.last.words(self.result.on.year) if item.last is not None else "-"
                    out.append([dept.name, item.label, r.situation, when, r.due, last])
        return out

    def report(self) -> Report:
        r = self.result
        title = f"催办清单（截至 {r.on.isoformat()}，临近 = {r.days} 天内到期）"
        table = Table(title, HEADERS, list(self._cells()), align="llllll", wrap="wtwaaa",
                      drop=("上次报送", "应完成"))
        return Report(heading=r.plan.plan.name, tables=[table], headline=counts_line(r))

    def rows(self) -> list[dict]:
        """CSV: one row per department, item and reason (the JSON's fields, flat)."""
        out = []
        for dept in self.result.departments:
            for item in dept.items:
                doc = item_json(item)
                for reason in doc.pop("reasons"):
                    out.append({"department": dept.name, "kind": doc["kind"], "id": doc["id"], "name": doc["name"],
                                "reason": reason["code"], "date": reason["date"], "due": reason["due"],
                                "days": reason["days"], "last_report": doc["last_report"],
                                "sentence": doc["sentence"]})
        return out

    def text(self) -> str:
        r = self.result
        paragraphs = [d.paragraph(r.on, r.reply_by) for d in r.departments]
        return "\n\n".join(paragraphs + [counts_line(r)]) + "\n"

    def json(self) -> dict:
        r = self.result
        return {
            "schema": REMIND_SCHEMA,
            "plan": {"name": r.plan.plan.name, "document": r.plan.plan.document,
                     "start": r.plan.plan.start, "end": r.plan.plan.end},
            "date": r.on.isoformat(), "year": r.year, "days": r.days,
            "round_date": r.round_at.isoformat() if r.round_at else None,
            "reply_by": r.reply_by.isoformat(),
            "departments": [{"name": d.name, "items": [item_json(i) for i in d.items],
                             "paragraph": d.paragraph(r.on, r.reply_by)} for d in r.departments],
            "quiet": list(r.quiet),
            "summary": {"departments": len(r.departments), "quiet": len(r.quiet),
                        **{code: r.count(code) for code in REASON_WORDS}},
        }


def item_json(item: Item) -> dict:
    from kjcx.views.json_docs import number

    last = item.last
    return {
        "kind": item.kind, "id": item.id, "name": item.name,
        "reasons": [{"code": r.code, "date": r.date.isoformat() if r.date else None,
                     "due": r.due, "days": r.days} for r in item.reasons],
        "last_report": None if last is None else {
            "as_of": last.as_of.isoformat(), "status": last.status, "percent": number(last.percent),
            "value": number(last.value), "note": last.note},
        "sentence": item.clause,
    }
