"""Where csf keeps what it can always rebuild: generated validators, compiled templates.

Nothing here is the only copy of anything. Each entry is named by a digest of what it
was built from, so a changed schema or template is never served a stale build.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(kind: str) -> Path:
    """`CSF_CACHE_DIR/KIND`, or KIND in the user's cache directory."""
    if override := os.environ.get("CSF_CACHE_DIR"):
        return Path(override) / kind
    from platformdirs import user_cache_path

    return user_cache_path("csf", appauthor=False) / kind
