"""Where csf keeps what it can always rebuild: generated validators, compiled templates,
frameworks already parsed and checked.

Nothing here is the only copy of anything. Each entry is named by a digest of what it
was built from, so a changed schema, template or framework file is never served a stale
build; an entry that cannot be read or written costs speed, never correctness.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .digest import sha256
from .dirs import user_dir


def cache_dir(kind: str) -> Path:
    """`CSF_CACHE_DIR/KIND`, or KIND in the user's cache directory."""
    if override := os.environ.get("CSF_CACHE_DIR"):
        return Path(override) / kind
    return user_dir("cache") / kind


def key(*parts: str | bytes) -> str:
    """A digest of everything an entry was built from."""
    digest = sha256()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def write(path: Path, data: bytes) -> None:
    """Whole or absent, even with two processes writing the same entry at once."""
    import tempfile  # only on a cache miss: its import costs more than a cache hit

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(kind: str, name: str) -> Any | None:
    """A cached value, or None when there is none (or it cannot be read)."""
    try:
        return json.loads((cache_dir(kind) / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(kind: str, name: str, value: Any) -> None:
    """Keep `value` if JSON gives it back exactly (mapping keys that are not text, or a
    NaN, would not be); a cache that cannot be written is left alone."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if json.loads(text) != value:
        return
    try:
        write(cache_dir(kind) / f"{name}.json", text.encode("utf-8"))
    except OSError:
        pass
