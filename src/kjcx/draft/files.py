"""Writing a new plan's two files: both or neither, never over an existing file."""

from __future__ import annotations

import os
from pathlib import Path

from kjcx.errors import KjcxError

NAMES = ("targets.yaml", "tasks.yaml")


class Exists(KjcxError):
    """A file to be written is there already (nothing was written)."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(str(path))


def existing(directory: Path) -> Path | None:
    """The first of the two files that already exists in `directory`, or None."""
    for name in NAMES:
        if os.path.lexists(directory / name):
            return directory / name
    return None


def write_new(directory: Path, texts: tuple[str, str]) -> list[Path]:
    """Create targets.yaml and tasks.yaml in `directory` (made if missing). Raises Exists
    when either is there, OSError when the disk refuses; on any failure nothing stays."""
    directory = Path(directory)
    found = existing(directory)
    if found is not None:
        raise Exists(found)
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for name, text in zip(NAMES, texts):
            path = directory / name
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                raise Exists(path) from None
            written.append(path)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written
