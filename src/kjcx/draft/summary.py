"""What `kjcx init` prints: the files written, the counts, and the review list (each
uncertain item with its line in the document) — as text, or JSON for scripts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kjcx.draft.model import Draft


@dataclass
class InitView:
    directory: Path
    written: list[Path]
    draft: Draft | None = None

    def counts(self) -> dict:
        d = self.draft
        if d is None:
            return {}
        return {"sections": len(d.sections), "tasks": len(d.tasks),
                "indicators": len(d.indicators),
                "targets": sum(len(i.targets) for i in d.indicators), "departments": len(d.units),
                "review": len(d.reviews)}

    def json(self) -> dict:
        doc: dict = {"directory": str(self.directory), "files": [str(p) for p in self.written]}
        if self.draft is not None:
            h = self.draft.header
            doc.update(source=self.draft.source, plan={"name": h.name, "document": h.document or None,
                                                       "start": h.start, "end": h.end,
                                                       "issued": h.issued or None},
                       counts=self.counts(),
                       review=[{"where": r.where, "message": r.message} for r in self.draft.reviews])
        return doc

    def text(self) -> str:
        from kjcx.cleantext import line

        files = "、".join(line(str(p)) for p in self.written)
        check = f"kjcx check --data {line(str(self.directory))}"
        if self.draft is None:
            return f"已写入模板：{files}\n按文件中的注释改成您的计划，然后运行 {check}\n"
        d, c = self.draft, self.counts()
        h = d.header
        out = [f"已起草：{files}（出自 {line(Path(d.source).name)}）",
               f"  计划：{line(h.name or '（未找到名称）')}"
               + (f"，{h.start}—{h.end} 年" if h.start and h.end else "")
               + (f"，文号 {line(h.document)}" if h.document else ""),
               f"  {c['sections']} 个章节，{c['tasks']} 项任务，{c['indicators']} 项指标"
               f"（{c['targets']} 个年度目标），{c['departments']} 个单位"]
        if not d.tasks and not d.indicators:
            out.append("  没有读出任何任务或指标：请确认这是计划原文（编号条目带牵头单位，或有目标表、目标句）")
        if d.lead_rule == "first":
            out.append("  按“列第一位者为牵头单位”：责任单位中的第一个记为牵头单位")
        if d.reviews:
            out.append(f"请核对（{len(d.reviews)} 项，文件中标有“# 请核对：”，kjcx check 也会逐条提示）：")
            width = max(len(r.where) for r in d.reviews)
            out += [f"  {line(r.where).ljust(width)}  {line(r.message)}" for r in d.reviews]
        else:
            out.append("没有拿不准的地方；仍请对照原文通读一遍。")
        out.append(f"每个值后的注释是它在原文中的位置。核对后运行 {check}")
        return "\n".join(out) + "\n"
