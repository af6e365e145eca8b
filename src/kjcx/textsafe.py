"""Text from the data, made safe for where kjcx shows it (SPEC §5, issue 9 §6).

Small pure functions, no imports beyond re: called at the few places where
data becomes output.
"""

from __future__ import annotations

CLIP = 60


def clip(text, limit: int = CLIP) -> str:
    """At most `limit` characters of `text` for a message (a value echoed back)."""
    text = str(text)
    return text if len(text) <= limit else text[:limit] + f"…（共 {len(text)} 个字符）"
