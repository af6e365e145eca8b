"""What a person must still check in a data file: each `# 请核对：…` comment (left by
`kjcx init --from` where a drafted value is uncertain) is a warning at its line until the
comment is deleted, so that an unsure value is never silent."""

from __future__ import annotations

from kjcx.plan.problems import Problem

MARK = "请核对："
_BYTES = MARK.encode("utf-8")


LIMIT = 1000  # kept; the rest are counted (as check does for every kind of problem)


def marks(file: str, raw: bytes | None) -> tuple[list[Problem], int]:
    """(one warning per `# 请核对：` comment in the text of a data file, how many more)."""
    if not raw or _BYTES not in raw:
        return [], 0
    found: list[Problem] = []
    more = 0
    text = raw.decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        at = line.find("# " + MARK)
        before = line[:at]
        if at < 0 or (at > 0 and not before.endswith(" ")) or before.count('"') % 2 or before.count("'") % 2:
            continue   # not a comment: inside a quoted value
        if len(found) >= LIMIT:
            more += 1
            continue
        said = line[at + 2 + len(MARK):].strip()
        found.append(Problem(file, number, at + 1, "", f"草稿待核对：{said}（核对、改好后删去这条注释）",
                             severity="warning"))
    return found, more
