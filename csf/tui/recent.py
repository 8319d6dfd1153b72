"""The assessments a person opened lately, so the home screen can offer them again.

Kept as a small JSON list in the user's state directory (platformdirs), written
atomically and readable by its owner only: file names can say which borough is
being assessed.
"""

from __future__ import annotations

import json
from contextlib import suppress
from pathlib import Path

from ..store import write_atomic

LIMIT = 10


def default_path() -> Path:
    from platformdirs import user_state_path

    return user_state_path("csf", appauthor=False) / "recent.json"


class RecentFiles:
    """Most recent first, absolute paths, at most LIMIT of them."""

    def __init__(self, path: Path):
        self.path = path

    def files(self) -> list[Path]:
        """The remembered files that still exist; a damaged list reads as empty."""
        try:
            names = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(names, list):
            return []
        return [Path(n) for n in names if isinstance(n, str) and Path(n).is_file()]

    def add(self, path: Path) -> None:
        """Put `path` first. Failing to remember is not worth interrupting anyone for."""
        path = path.resolve()
        names = [str(path)] + [str(p) for p in self.files() if p != path]
        with suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(names[:LIMIT], indent=1).encode("utf-8"))
