"""Reading and writing assessment files without ever losing a borough's words.

A save writes a temporary file in the same directory, fsyncs it and renames it over
the old one, so a crash at any instant leaves either the old file or the new one. New
files are readable by their owner only; replacing a file keeps its permission bits, as
editors do, so an assessment shared with colleagues stays shared. A save refuses to
overwrite a file that changed on disk since it was read (someone else, or another
window, edited it).
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import yamlio
from .assessment import SCHEMA, Assessment, check_against, parse_assessment
from .errors import ConflictError, InvalidFile, Problem, UsageError, display
from .framework import Framework
from .registry import Registry
from .validation import schema_problems

HEADER = "# yaml-language-server: $schema={schema}\n# A csf assessment. Edit with `csf open FILE`, or by hand and check with `csf validate FILE`.\n"


@dataclass(frozen=True)
class Loaded:
    """An assessment as read from disk, with its framework and the digest of the bytes read."""

    path: Path
    assessment: Assessment
    framework: Framework
    digest: str | None


def digest_of(path: Path) -> str | None:
    """sha256 of the file's bytes, or None when it does not exist."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def load(path: Path, registry: Registry) -> Loaded:
    """Read an assessment and the exact framework version it was made for."""
    text = yamlio.read_text(path)
    doc = yamlio.parse(text, display(path))
    return from_document(path, doc, registry, hashlib.sha256(text.encode("utf-8")).hexdigest())


def from_document(path: Path, doc: yamlio.Document, registry: Registry, digest: str | None) -> Loaded:
    """An assessment from parsed data (a YAML file, or the data a Word export carries), fully checked."""
    assessment = parse_assessment(doc)
    framework = registry.get(assessment.framework_id, assessment.framework_version)
    if assessment.fingerprint and assessment.fingerprint != framework.fingerprint:
        from .migration import framework_changed

        path_ = ("framework", "fingerprint")
        message = framework_changed(assessment, framework, registry, display(path))
        raise InvalidFile([Problem(doc.file, "framework.fingerprint", message, doc.line(path_))])
    problems = check_against(assessment, framework, doc)
    if problems:
        raise InvalidFile(problems)
    return Loaded(path, assessment, framework, digest)


def save(path: Path, assessment: Assessment, expected_digest: str | None) -> str:
    """Write atomically; refuse if the file on disk is not the one we read. Returns the new digest."""
    check_unchanged(path, expected_digest)
    data = assessment.to_data()
    problems = schema_problems(yamlio.Document(display(path), data), SCHEMA)
    if problems:  # a bug upstream; refuse rather than write a file that will not load
        raise InvalidFile(problems)
    schema = os.path.relpath(SCHEMA, path.parent.resolve())
    payload = (HEADER.format(schema=schema) + yamlio.dump(data)).encode("utf-8")
    write_atomic(path, payload)
    return hashlib.sha256(payload).hexdigest()


def check_unchanged(path: Path, expected_digest: str | None) -> None:
    """Refuse to write over a file that is not the one we read (None: one that did not exist)."""
    current = digest_of(path)
    if current != expected_digest:
        what = "was created" if expected_digest is None else ("was deleted" if current is None else "was changed")
        raise ConflictError(f"{display(path)} {what} by someone else since it was opened; not overwriting it")


def write_atomic(path: Path, payload: bytes) -> None:
    """Temp file in the same directory, fsync, rename, fsync the directory.

    A new file is 0600. A replaced file keeps its mode and, where the system allows, its
    group: the temp file takes them before the rename, so a save never quietly withdraws
    access someone deliberately gave (a file shared with a team's group stays shared).
    """
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise UsageError(f"directory not found: {display(directory)}")
    existing = _existing(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)  # created 0600
    try:
        with os.fdopen(fd, "wb") as f:
            if existing is not None:
                _take_access(f.fileno(), existing)
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _existing(path: Path) -> os.stat_result | None:
    """The file a save will replace, or None when there is none yet."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _take_access(fd: int, existing: os.stat_result) -> None:
    """Give the new file the replaced file's group and permission bits."""
    try:
        os.fchown(fd, -1, existing.st_gid)
    except PermissionError:  # not a member of that group: the bits still apply to ours
        pass
    os.fchmod(fd, stat.S_IMODE(existing.st_mode))


def create(path: Path, assessment: Assessment) -> str:
    """Write a new assessment; never replace an existing file."""
    if path.exists():
        raise UsageError(f"{display(path)} already exists; choose another name or open it")
    return save(path, assessment, None)
