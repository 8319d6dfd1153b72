"""Where frameworks are found: the bundled ones, then directories a user names.

Headquarters can hand a borough a new framework file without a new release: put it in
a directory named by `--frameworks-dir` or `CSF_FRAMEWORKS_PATH` (several directories
separated by the system's path separator). A file found there wins over a bundled one
with the same id and version.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .errors import CsfError, UsageError
from .framework import SCHEMA, Framework, load_framework

ENV_VAR = "CSF_FRAMEWORKS_PATH"
BUNDLED = SCHEMA.parent


def search_path(extra: Iterable[Path] = ()) -> list[Path]:
    """Directories to search, most specific first."""
    env = [Path(p) for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p]
    return [*extra, *env, BUNDLED]


def framework_files(directories: Iterable[Path]) -> list[Path]:
    found = []
    for directory in directories:
        if not directory.is_dir():
            raise UsageError(f"frameworks directory not found: {directory}")
        found += sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return found


class Registry:
    """The frameworks available to this run, loaded once."""

    def __init__(self, directories: Iterable[Path] = ()):
        self.directories = search_path(directories)
        self._all: list[Framework] | None = None
        self.problems: list[str] = []

    def all(self) -> list[Framework]:
        """Every framework that loads, one per (id, version), the first found winning.

        A file that does not load is left out and its problems kept in `problems`, so one
        broken file from headquarters does not stop a borough using the others.
        """
        if self._all is None:
            seen: dict[tuple[str, str], Framework] = {}
            for path in framework_files(self.directories):
                try:
                    framework = load_framework(path)
                except CsfError as e:
                    self.problems.append(str(e))
                    continue
                seen.setdefault((framework.id, framework.version), framework)
            self._all = sorted(seen.values(), key=lambda f: (f.id, _version_key(f.version)))
        return self._all

    def get(self, framework_id: str, version: str | None = None) -> Framework:
        """The framework asked for: that version, or the newest when none is given.

        Files named after the id (`bvpi-225.yaml`, `bvpi-225-2008.1.yaml`) are read first;
        when one of them holds the version asked for, no other file is parsed, which keeps
        `csf score` from validating every installed framework on each run.
        """
        if version is not None:
            for path in framework_files(self.directories):
                if path.stem == framework_id or path.stem.startswith(framework_id + "-"):
                    framework = load_framework(path)
                    if (framework.id, framework.version) == (framework_id, version):
                        return framework
        candidates = [f for f in self.all() if f.id == framework_id]
        if not candidates:
            known = ", ".join(sorted({f.id for f in self.all()})) or "none"
            unread = f"; {len(self.problems)} framework file(s) could not be read" if self.problems else ""
            raise UsageError(f"unknown framework {framework_id!r} (installed: {known}{unread})")
        if version is None:
            return candidates[-1]
        for framework in candidates:
            if framework.version == version:
                return framework
        have = ", ".join(f.version for f in candidates)
        raise UsageError(f"framework {framework_id!r} has no version {version!r} here (have: {have})")


def _version_key(version: str) -> tuple:
    """'2009.10' sorts after '2009.9'; text parts sort as text."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in version.replace("-", ".").split("."))
