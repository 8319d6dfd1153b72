"""Where csf keeps its files for a user: installed frameworks, caches, the TUI's state.

On Linux these are the XDG base directories, worked out here: importing platformdirs
costs every command more than reading a framework from the cache does. Elsewhere
platformdirs decides, as it knows each system's conventions.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_XDG = {
    "data": ("XDG_DATA_HOME", "~/.local/share"),
    "cache": ("XDG_CACHE_HOME", "~/.cache"),
    "state": ("XDG_STATE_HOME", "~/.local/state"),
}


def user_dir(kind: str) -> Path:
    """The user's csf directory of this kind ("data", "cache" or "state")."""
    if sys.platform == "linux":
        variable, default = _XDG[kind]
        return Path(os.environ.get(variable, "").strip() or os.path.expanduser(default)) / "csf"
    import platformdirs

    return getattr(platformdirs, f"user_{kind}_path")("csf", appauthor=False)
