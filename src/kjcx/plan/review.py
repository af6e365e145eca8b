"""What a person must still check in a data file: each `# 请核对：…` comment (left by
`kjcx init --from` where a drafted value is uncertain) is a warning at its line until the
comment is deleted, so that an unsure value is never silent."""

from __future__ import annotations

from kjcx.plan.problems import Problem

MARK = "请核对："
_BYTES = MARK.encode("utf-8")


def marks(file: str, raw: bytes | None) -> list[Problem]:
    """One warning per `# 请核对：` comment in the text of a data file."""
    if not raw or _BYTES not in raw:
        return []
    found = []
    text = raw.decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        at = line.find("# " + MARK)
        if at < 0 or (at > 0 and not line[:at].endswith(" ")):
            continue
        said = line[at + 2 + len(MARK):].strip()
        found.append(Problem(file, number, at + 1, "", f"草稿待核对：{said}（核对、改好后删去这条注释）",
                             severity="warning"))
    return found
