"""Where frameworks are found, and installing them side by side.

Four places, most specific first: directories named by `--frameworks-dir`, then
`CSF_FRAMEWORKS_PATH` (several separated by the system's path separator), then the
frameworks a user installed with `csf frameworks add` (in the user data directory, or
`$CSF_DATA_DIR/frameworks`), then the ones bundled with csf. A file found earlier wins
over a later one with the same id and version.

Installed files are named `ID-VERSION.yaml`, so several versions of one framework live
together and an assessment made on an older version still opens and scores on its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .dirs import user_dir
from .errors import EXIT_PROBLEMS, CsfError, InvalidFile, Problem, UsageError, display
from .framework import SCHEMA, Framework, load_framework
from .frozen import frozen

ENV_VAR = "CSF_FRAMEWORKS_PATH"
DATA_ENV_VAR = "CSF_DATA_DIR"
BUNDLED = SCHEMA.parent


class InUse(CsfError):
    """Removing a framework would leave assessments unable to open."""

    exit_code = EXIT_PROBLEMS


def data_dir() -> Path:
    """The user's csf data directory; `CSF_DATA_DIR` overrides it (tests, shared machines)."""
    if os.environ.get(DATA_ENV_VAR):
        return Path(os.environ[DATA_ENV_VAR])
    return user_dir("data")


def installed_dir() -> Path:
    return data_dir() / "frameworks"


def search_path(extra: Iterable[Path] = ()) -> list[Path]:
    """Directories to search, most specific first."""
    env = [Path(p) for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p]
    installed = installed_dir()
    return [*extra, *env, *([installed] if installed.is_dir() else []), BUNDLED]


def framework_files(directories: Iterable[Path]) -> list[Path]:
    found = []
    for directory in directories:
        if not directory.is_dir():
            raise UsageError(f"frameworks directory not found: {directory}")
        found += sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return found


def parse_ref(text: str) -> tuple[str, str | None]:
    """'partnership-csf@2009.1' -> ('partnership-csf', '2009.1'); 'bvpi-225' -> ('bvpi-225', None)."""
    framework_id, _, version = text.strip().partition("@")
    if not framework_id or (_ and not version):
        raise UsageError(f"{text!r}: name a framework as ID@VERSION, e.g. partnership-csf@2009.1")
    return framework_id, version or None


class Registry:
    """The frameworks available to this run, loaded once."""

    def __init__(self, directories: Iterable[Path] = ()):
        self.directories = search_path(directories)
        self._all: list[Framework] | None = None
        self._paths: dict[tuple[str, str], Path] = {}
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
                if (framework.id, framework.version) not in seen:
                    seen[framework.id, framework.version] = framework
                    self._paths[framework.id, framework.version] = path
            self._all = sorted(seen.values(), key=lambda f: (f.id, version_key(f.version)))
        return self._all

    def get(self, framework_id: str, version: str | None = None) -> Framework:
        """The framework asked for: that version, or the newest when none is given.

        Files named after the id (`bvpi-225-2008.1.yaml`, then `bvpi-225.yaml`, then other
        `bvpi-225-…` files) are read first; when one of them holds the version asked for, no
        other file is read, which keeps `csf score` from loading every installed framework.
        """
        if version is not None:
            for path in self._named_after(framework_id, version):
                framework = load_framework(path)
                if (framework.id, framework.version) == (framework_id, version):
                    self._paths.setdefault((framework.id, framework.version), path)
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
        raise UsageError(
            f"framework {framework_id!r} has no version {version!r} installed (have: {have}); "
            f"install it with `csf frameworks add FILE`"
        )

    def _named_after(self, framework_id: str, version: str) -> list[Path]:
        """The files whose names say they hold this framework: directory by directory, as
        the search path orders them, and in each the likeliest first."""
        def likeliness(path: Path) -> int:
            return 0 if path.stem == f"{framework_id}-{version}" else 1 if path.stem == framework_id else 2

        return [path for directory in self.directories
                for path in sorted(framework_files([directory]), key=likeliness)
                if path.stem == framework_id or path.stem.startswith(framework_id + "-")]

    def find(self, framework_id: str, version: str | None = None) -> Framework | None:
        """Like `get`, but None when it is not installed."""
        try:
            return self.get(framework_id, version)
        except UsageError:
            return None

    def path_of(self, framework: Framework) -> Path | None:
        return self._paths.get((framework.id, framework.version))

    def origin(self, framework: Framework) -> str:
        """'bundled', 'installed', or the directory it was found in."""
        path = self.path_of(framework)
        if path is None:
            return "?"
        if path.parent == BUNDLED:
            return "bundled"
        if path.parent == installed_dir():
            return "installed"
        return display(path.parent)

    def with_fingerprint(self, fingerprint: str) -> Framework | None:
        """The framework whose content has this fingerprint, whatever its id or version."""
        return next((f for f in self.all() if f.fingerprint == fingerprint), None)


def version_key(version: str) -> tuple:
    """'2009.10' sorts after '2009.9'; text parts sort as text."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in version.replace("-", ".").split("."))


# --- installing and removing ----------------------------------------------------------


@frozen
class Installed:
    """What `csf frameworks add` did with one file: installed, replacing one, or already there."""

    framework: Framework | None  # None for a mapping file
    path: Path
    replaced: bool  # an installed file of the same id and version was there before
    unchanged: bool  # the same content was already installed


def install(files: Iterable[Path], registry: Registry, force: bool = False) -> list[Installed]:
    """Validate every file, then install them all, or none when any is refused.

    A different file under an id and version that is already in use is refused: every
    assessment made on it records its fingerprint, and would no longer open. Headquarters
    gives changed content a new version; `force` replaces an installed (never a bundled) file.
    Mapping files (a revised version's mapping, a crosswalk) go in beside the frameworks,
    checked against those installed and those named in the same command.
    """
    from . import yamlio
    from .store import write_atomic

    files = list(files)
    kinds = {path: _is_mapping(yamlio.load(path).data) for path in files}
    loaded: list[tuple[Path, Framework]] = []
    problems: list[Problem] = []
    for path in (p for p in files if not kinds[p]):
        try:
            loaded.append((path, load_framework(path)))
        except InvalidFile as e:
            problems += e.problems
    mappings = [p for p in files if kinds[p]]
    problems += _mapping_problems(mappings, registry, [f for _, f in loaded])
    if problems:
        raise InvalidFile(problems)
    done = _install_frameworks(loaded, registry, force)
    for path in mappings:
        dest = data_dir() / "mappings" / path.name
        if dest.exists() and dest.read_bytes() != path.read_bytes() and not force:
            raise UsageError(f"{display(path)}: a different mapping named {path.name} is installed; rename it, or replace it with --force")
    (data_dir() / "mappings").mkdir(parents=True, exist_ok=True, mode=0o700)
    for path in mappings:
        write_atomic(data_dir() / "mappings" / path.name, path.read_bytes())
    return done + [Installed(None, data_dir() / "mappings" / p.name, False, False) for p in mappings]


def _is_mapping(data) -> bool:
    return isinstance(data, dict) and "pairs" in data


def _mapping_problems(paths: list[Path], registry: Registry, frameworks: list[Framework]) -> list[Problem]:
    from .mapping import load_mapping

    known = WithFrameworks(registry, frameworks)
    problems: list[Problem] = []
    for path in paths:
        try:
            load_mapping(path, known)
        except InvalidFile as e:
            problems += e.problems
    return problems


class WithFrameworks:
    """The registry, and frameworks read from files that may not be installed (yet)."""

    def __init__(self, registry: Registry, frameworks):
        self.registry, self.frameworks = registry, frameworks

    def get(self, framework_id: str, version: str | None = None) -> Framework:
        for f in self.frameworks:
            if f.id == framework_id and (version is None or f.version == version):
                return f
        return self.registry.get(framework_id, version)


def _install_frameworks(loaded: list[tuple[Path, Framework]], registry: Registry, force: bool) -> list[Installed]:
    from .store import write_atomic

    target = installed_dir()
    plans: list[tuple[Path, Framework, bytes, Installed]] = []
    named: dict[tuple[str, str], Path] = {}
    for path, framework in loaded:
        key = (framework.id, framework.version)
        if key in named:
            raise UsageError(f"{display(path)} and {display(named[key])} are both {framework.label}; install one of them")
        named[key] = path
        existing = registry.find(*key)
        where = registry.origin(existing) if existing else None
        dest = target / f"{framework.id}-{framework.version}.yaml"
        same = existing is not None and existing.fingerprint == framework.fingerprint
        if existing is not None and not same and not (force and where == "installed"):
            advice = "give the changed framework a new version" + ("" if where == "bundled" else ", or replace it with --force")
            raise UsageError(f"{display(path)}: {framework.label} is already {where} with different content; {advice}")
        plans.append((dest, framework, path.read_bytes(), Installed(framework, dest, existing is not None and not same, same)))
    if not plans:
        return []
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    for dest, _, payload, result in plans:
        if not result.unchanged:
            write_atomic(dest, payload)
    return [p[3] for p in plans]


def users(framework_id: str, version: str, directory: Path = Path("assessments")) -> list[Path]:
    """Assessment files under `directory` made on this framework version."""
    from . import yamlio

    found = []
    for path in sorted(directory.rglob("*.y*ml")) if directory.is_dir() else []:
        try:
            data = yamlio.load(path).data
        except CsfError:
            continue
        framework = data.get("framework") if isinstance(data, dict) else None
        if isinstance(framework, dict) and (framework.get("id"), str(framework.get("version"))) == (framework_id, version):
            found.append(path)
    return found


def uninstall(ref: str, registry: Registry, force: bool = False, assessments: Path = Path("assessments")) -> Path:
    """Remove an installed framework version; refuse while an assessment uses it."""
    framework_id, version = parse_ref(ref)
    if version is None:
        raise UsageError(f"{ref!r}: say which version to remove, e.g. {framework_id}@2009.1")
    framework = registry.get(framework_id, version)
    path = registry.path_of(framework)
    if registry.origin(framework) != "installed" or path is None:
        raise UsageError(f"{framework.label} is {registry.origin(framework)}, not installed with `csf frameworks add`; "
                         "only installed frameworks can be removed")
    using = users(framework_id, version, assessments)
    if using and not force:
        names = ", ".join(display(p) for p in using)
        raise InUse(f"{framework.label} is used by {len(using)} assessment(s): {names}; migrate them first "
                    f"(`csf migrate FILE --to {framework_id}@VERSION`) or remove it anyway with --force")
    path.unlink()
    return path
