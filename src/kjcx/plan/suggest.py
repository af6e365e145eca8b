""""Did you mean …?" for typed names, ids and keys: one cut-off everywhere."""

from __future__ import annotations

import difflib
from typing import Iterable, Optional

CUTOFF = 0.6


def did_you_mean(word: str, choices: Iterable[str]) -> Optional[str]:
    """The closest choice to `word`, or None when nothing is close enough."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=CUTOFF)
    return close[0] if close else None
