"""What csf remembers for one person between sittings: the assessments opened lately,
where they left off in each, and evidence entries they had not finished.

Kept as small JSON files in the user's state directory, written
atomically and readable by their owner only: file names and evidence can say which
borough is being assessed. None of it is the assessment itself, so a damaged or
unwritable state file costs a convenience, never a word of the assessment.
"""

from __future__ import annotations

import json
from contextlib import suppress
from pathlib import Path
from typing import Any

from ..dirs import user_dir
from ..store import write_atomic

LIMIT = 10


def default_path() -> Path:
    return user_dir("state") / "recent.json"


def _read(path: Path, kind: type) -> Any:
    """The JSON in `path` if it is a `kind`; empty if missing or damaged."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return kind()
    return data if isinstance(data, kind) else kind()


def _write(path: Path, data: Any) -> None:
    """Failing to remember is not worth interrupting anyone for."""
    with suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))


class RecentFiles:
    """Most recent first, absolute paths, at most LIMIT of them; beside them, where each was left
    (`places.json`) and unfinished evidence entries (`drafts.json`)."""

    def __init__(self, path: Path):
        self.path = path
        self._places = path.with_name("places.json")
        self._drafts = path.with_name("drafts.json")

    def files(self) -> list[Path]:
        """The remembered files that still exist: one that has gone drops off the list."""
        names = _read(self.path, list)
        return [Path(n) for n in names if isinstance(n, str) and Path(n).is_file()]

    def add(self, path: Path) -> None:
        """Put `path` first."""
        path = path.resolve()
        _write(self.path, [str(path)] + [str(p) for p in self.files() if p != path][:LIMIT - 1])

    def forget(self, path: Path) -> bool:
        """Take `path` off the list (the file itself is left alone); False if it was not on it."""
        path = path.resolve()
        files = self.files()
        if path not in files:
            return False
        _write(self.path, [str(p) for p in files if p != path])
        return True

    # --- where the person left off ---------------------------------------------------

    def place(self, path: Path) -> str | None:
        """The outline key (`item:1.3`) last shown in `path`, if remembered."""
        key = _read(self._places, dict).get(str(path.resolve()))
        return key if isinstance(key, str) else None

    def leave(self, path: Path, key: str | None) -> None:
        if key is None:
            return
        places = {p: k for p, k in _read(self._places, dict).items() if Path(p).is_file()}
        places[str(path.resolve())] = key
        _write(self._places, places)

    # --- unfinished evidence ---------------------------------------------------------

    def keep_draft(self, path: Path, item_id: str, fields: dict[str, str]) -> None:
        drafts = _read(self._drafts, dict)
        drafts[f"{path.resolve()}#{item_id}"] = fields
        _write(self._drafts, drafts)

    def take_draft(self, path: Path, item_id: str) -> dict[str, str] | None:
        """The unfinished entry kept for `item_id` of `path`, removed from the store as it is handed back."""
        drafts = _read(self._drafts, dict)
        fields = drafts.pop(f"{path.resolve()}#{item_id}", None)
        if fields is None:
            return None
        _write(self._drafts, drafts)
        return {k: v for k, v in fields.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(fields, dict) else None
