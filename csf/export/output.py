"""Where an export goes: a file the user names (never replaced), a directory, or exports/.

Shared by the plan, summary and trend exports, which are not assessment submissions
and so have their own names (AREA-action-plan-DATE.docx, AREA-summary-DATE.html).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..errors import UsageError, display
from ..store import write_new


def format_for(output: Path | None, suffixes: Mapping[str, str], default: str = "docx") -> str:
    """The format an output file's name implies (`suffixes` maps a format to its suffix)."""
    if output is None or output.is_dir():
        return default
    for name, suffix in suffixes.items():
        if output.suffix.lower() == suffix:
            return name
    raise UsageError(f"cannot tell the format from {output.name!r}; add --format ({', '.join(suffixes)})")


def check_format(fmt: str, suffixes: Mapping[str, str]) -> None:
    if fmt not in suffixes:
        raise UsageError(f"unknown format {fmt!r}; use one of: {', '.join(suffixes)}")


def save_new(payload: bytes, output: Path | None, name: str) -> Path:
    """Write `payload` to `output` (a file that must not exist yet, or a directory), or
    to exports/ (created private); in a directory the file is `name`, numbered -2, -3 …
    if taken. Created exclusively: two exports started together never share a file."""
    from . import DEFAULT_DIRECTORY, free_path

    named = output is not None and not output.is_dir()
    if named and (output.exists() or output.is_symlink()):
        raise UsageError(f"{display(output)} already exists; not overwriting it (name another file, or leave out -o)")
    first = output if named else (output or DEFAULT_DIRECTORY) / name
    if output is None:
        first.parent.mkdir(mode=0o700, exist_ok=True)
    path = first if named else free_path(first)
    while True:
        try:
            write_new(path, payload)
            return path
        except FileExistsError:
            if named:
                raise UsageError(f"{display(path)} already exists; not overwriting it (name another file, or leave out -o)") from None
            path = free_path(first)  # someone took that name while this one rendered
