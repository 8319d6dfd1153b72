"""Where csf keeps what it can always rebuild: generated validators, compiled templates,
frameworks already parsed and checked.

Nothing here is the only copy of anything. Each entry is named by a digest of what it
was built from, so a changed schema, template or framework file is never served a stale
build; an entry that cannot be read or written costs speed, never correctness.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
import zlib
from pathlib import Path

from .digest import sha256
from .dirs import user_dir

TYPE_CHECKING = False  # typing only for type checkers: importing it cost csf score 3%
if TYPE_CHECKING:
    from typing import Any


def cache_dir(kind: str) -> Path:
    """`CSF_CACHE_DIR/KIND`, or KIND in the user's cache directory."""
    if override := os.environ.get("CSF_CACHE_DIR"):
        return Path(override) / kind
    return user_dir("cache") / kind


FORMAT = b"2"  # how `dump` frames an entry: a csf that frames them otherwise uses other names


def key(*parts: str | bytes) -> str:
    """A digest of everything an entry was built from, of the Python version (compiled
    code, and marshal's format, belong to one version) and of this module's FORMAT."""
    digest = sha256(FORMAT + b"\0" + sys.version.encode("utf-8"))
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def write(path: Path, data: bytes) -> None:
    """Whole or absent, even with two processes writing the same entry at once."""
    import tempfile  # only on a cache miss: its import costs more than a cache hit

    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(path: Path) -> Any | None:
    """What `dump` wrote at `path`, or None when there is nothing there, the bytes fail
    their checksum (a cut-short or damaged entry is never used), or the file could
    have been written by someone else.

    Some entries are compiled code that csf runs (validators made from csf's own schemas,
    the model classes' methods), never anything read from a framework or an assessment.
    So an entry is read only from a file this user owns and no one else may write: the
    same trust Python gives its own bytecode files, and no more."""
    try:
        with path.open("rb") as f:
            if not trusted(os.fstat(f.fileno())):
                return None
            data = f.read()
    except OSError:
        return None
    check, payload = data[:4], data[4:]
    if zlib.crc32(payload).to_bytes(4, "big") != check:
        return None
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


def trusted(status: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (where the system has owners): a
    file csf may run compiled code from."""
    owner = status.st_uid == os.getuid() if hasattr(os, "getuid") else True
    return owner and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def dump(path: Path, value: Any) -> None:
    """Keep `value` (plain data, or compiled code) at `path`, with a checksum that `load`
    checks. marshal writes such values exactly and reads them back faster than any
    parser. A value marshal cannot write, or a cache that cannot be written, is left alone.

    The checksum is a CRC, not a digest: it is there to catch damage, and a CRC over the
    model classes' code cost a tenth of SHA-256's on every command. Who may have written
    the file is `trusted`'s question, not the checksum's."""
    try:
        payload = marshal.dumps(value)
        write(path, zlib.crc32(payload).to_bytes(4, "big") + payload)
    except (OSError, ValueError):
        pass
