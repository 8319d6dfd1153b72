"""Reading and writing assessment files without ever losing a borough's words.

A save writes a temporary file in the same directory, fsyncs it and renames it over
the old one, so a crash at any instant leaves either the old file or the new one. New
files are readable by their owner only; replacing a file keeps its permission bits, as
editors do, so an assessment shared with colleagues stays shared. A save refuses to
overwrite a file that changed on disk since it was read (someone else, or another
window, edited it).

Several writers (the CLI, a TUI's autosave, a colleague's session on a shared folder)
are serialised by an advisory lock on a file beside the assessment, as SQLite and git
do: the check that the file is still the one read and the rename happen under it, and
a command that reads, changes and saves holds it throughout (`locked`), so two people
answering different items both land. A symlinked assessment is written through to its
target, which keeps the link.
"""

from __future__ import annotations

import fcntl
import os
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import yamlio
from .assessment import SCHEMA, Assessment, check_against, parse_assessment
from .digest import hexdigest
from .errors import ConflictError, InvalidFile, LockBusy, Problem, UsageError, display
from .framework import Framework
from .frozen import frozen
from .memory import collector_paused
from .registry import Registry
from .validation import schema_problems

LOCK_WAIT = 10.0  # seconds a save waits for another writer to finish before saying so
HEADER = "# yaml-language-server: $schema={schema}\n# A csf assessment. Edit with `csf open FILE`, or by hand and check with `csf validate FILE`.\n"


@frozen
class Loaded:
    """An assessment as read from disk, with its framework and the digest of the bytes read."""

    path: Path
    assessment: Assessment
    framework: Framework
    digest: str | None


def digest_of(path: Path) -> str | None:
    """sha256 of the file's bytes, or None when it does not exist."""
    try:
        return hexdigest(path.read_bytes())
    except FileNotFoundError:
        return None


def load(path: Path, registry: Registry) -> Loaded:
    """Read an assessment and the exact framework version it was made for."""
    text = yamlio.read_text(path)
    tidy(path)
    doc = yamlio.parse(text, display(path))
    return from_document(path, doc, registry, hexdigest(text.encode("utf-8")))


def from_document(path: Path, doc: yamlio.Document, registry: Registry, digest: str | None) -> Loaded:
    """An assessment from parsed data (a YAML file, or the data a Word export carries), fully checked.

    The collector is paused while the models are built, as it is while the YAML is parsed:
    they are many objects and no cycles, and its full passes over them made loading
    10,000 items cost more than ten times 1,000."""
    with collector_paused():
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
    """Write atomically; refuse if the file on disk is not the one we read. Returns the new digest.

    The lock is held from the check to the rename, so no other writer can slip in between.
    """
    from .merge import settled  # imported by the commands that save, not by every one that reads

    data = settled(assessment.to_data())  # a merge conflict a person has settled leaves no record
    problems = schema_problems(yamlio.Document(display(path), data), SCHEMA)
    if problems:  # a bug upstream; refuse rather than write a file that will not load
        raise InvalidFile(problems)
    return replace_checked(path, expected_digest, HEADER, SCHEMA, data, "split the assessment")


def replace_checked(path: Path, expected_digest: str | None, header: str, schema: Path, data, split: str) -> str:
    """Write `header` and `data` as YAML over `path`, under its lock, if it is still the file we read.

    Shared by assessments and action plans. The header names the schema relative to the
    file, for editors; a file bigger than csf reads back is refused, saying to `split` it.
    """
    target = through_links(path)
    with locked(target):
        old = check_unchanged(path, expected_digest)
        _refuse_read_only(path, target)
        top = header.format(schema=os.path.relpath(schema, target.parent.resolve()))
        payload = _text(old, data, top, display(path)).encode("utf-8")
        if len(payload) > yamlio.MAX_BYTES:
            raise UsageError(f"{display(path)}: not saved: it would be {len(payload):,} bytes, over the "
                             f"{yamlio.MAX_BYTES:,} csf reads back; shorten the longest texts or {split}")
        write_atomic(target, payload)
    return hexdigest(payload)


def _text(old: bytes | None, data: dict, header: str, file: str) -> str:
    """The new file's text; over an existing file, keeping its comments and hand-written forms."""
    if old is None:
        return header + yamlio.dump(data)
    old_text = old.decode("utf-8")
    return yamlio.dump_over(old_text, yamlio.parse(old_text, file).data, data, header)


def check_unchanged(path: Path, expected_digest: str | None) -> bytes | None:
    """Refuse to write over a file that is not the one we read (None: one that did not exist).

    Returns the bytes on disk (None: no file), which are the ones that were read.
    """
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        old = None
    current = None if old is None else hexdigest(old)
    if current != expected_digest:
        what = "was created" if expected_digest is None else ("was deleted" if current is None else "was changed")
        raise ConflictError(f"{display(path)} {what} by someone else since it was opened; not overwriting it")
    return old


def through_links(path: Path) -> Path:
    """The file a save must replace: a symlink's target, so the link itself is kept."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _refuse_read_only(path: Path, target: Path) -> None:
    """A file made read-only (0444) was protected on purpose: say so instead of replacing it."""
    existing = _existing(target)
    if existing is not None and not existing.st_mode & stat.S_IWUSR:
        raise UsageError(f"{display(path)} is read-only; not changing it (make it writable with "
                         f"`chmod u+w {display(path)}`, or work on a copy)")


# --- one writer at a time ------------------------------------------------------------------

_held = threading.local()  # lock files this thread holds: taking one again is a no-op


def lock_path(path: Path) -> Path:
    target = through_links(path)
    return target.with_name(f".{target.name}.lock")


@contextmanager
def locked(path: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the assessment's lock: other csf processes and threads wait for it.

    Waits up to `wait` seconds (default LOCK_WAIT), then raises LockBusy. The lock file is removed when the
    lock is released, so no stray file is left in a shared folder or a git repository;
    a waiter that then finds it gone or replaced simply takes the new one.
    """
    lock = lock_path(path)
    held = _held.__dict__.setdefault("paths", set())
    if lock in held:
        yield
        return
    fd = _acquire(lock, path, LOCK_WAIT if wait is None else wait)
    held.add(lock)
    try:
        yield
    finally:
        held.discard(lock)
        try:
            os.unlink(lock)
        except OSError:
            pass
        os.close(fd)


def _acquire(lock: Path, path: Path, wait: float) -> int:
    if not lock.parent.is_dir():
        raise UsageError(f"directory not found: {display(lock.parent)}")
    deadline = time.monotonic() + wait
    while True:
        fd = os.open(lock, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)  # empty: nothing in it to hide
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise LockBusy(f"{display(path)} is being saved by someone else and has been for {wait:g} s; "
                               "nothing was changed: try again in a moment") from None
            time.sleep(0.01)
            continue
        if _is_current(fd, lock):
            return fd
        os.close(fd)  # the holder removed that lock file as it let go: take the new one


def _is_current(fd: int, lock: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(lock))
    except FileNotFoundError:
        return False


def tidy(path: Path) -> int:
    """Remove temp files that saves killed midway left beside `path`; how many went.

    Only while no save is running (the lock is free), so a temp file about to be renamed
    is never taken. Their text never reached the file, and no command reported it saved.
    """
    target = through_links(path)
    prefix = f".{target.name}."
    try:  # names, not Paths: compare and collect load a thousand files from one directory
        leftovers = [target.parent / n for n in os.listdir(target.parent) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return 0
    if not leftovers and not lock_path(target).exists():
        return 0  # a killed writer's lock file goes too: taking the lock and letting go removes it
    removed = 0
    try:
        with locked(target, wait=0):
            for leftover in leftovers:
                try:
                    leftover.unlink()
                    removed += 1
                except OSError:
                    pass
    except (LockBusy, OSError):
        return 0
    return removed


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
    fd, tmp = _temporary(path, directory)
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
    _sync_directory(directory)


def write_new(path: Path, payload: bytes) -> None:
    """Like `write_atomic`, but never replaces a file: FileExistsError if `path` exists.

    The temp file is hard-linked to its name, which fails when the name is taken, so two
    exports started together each get their own file, whole.
    """
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise UsageError(f"directory not found: {display(directory)}")
    fd, tmp = _temporary(path, directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.link(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    _sync_directory(directory)


def _sync_directory(directory: Path) -> None:
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
    """Write a new assessment; never replace an existing file (checked again under the lock)."""
    if path.exists() or path.is_symlink():
        raise UsageError(f"{display(path)} already exists; choose another name or open it")
    try:
        return save(path, assessment, None)
    except ConflictError:
        raise UsageError(f"{display(path)} was created by someone else just now; choose another name or open it") from None


def _temporary(path: Path, directory: Path) -> tuple[int, str]:
    """A new file beside `path`, created 0600, for a write to be renamed over it."""
    import tempfile  # its import costs more than a command that only reads spends reading

    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
