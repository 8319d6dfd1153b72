"""One family of errors, each carrying what a person needs to act on it.

The CLI turns these into `error: …` on stderr and an exit code; nothing below the
CLI prints or exits.
"""

from __future__ import annotations

import re
from pathlib import Path

from .frozen import frozen

EXIT_OK = 0
EXIT_PROBLEMS = 1  # validation failed, assessment incomplete
EXIT_USAGE = 2  # bad arguments or input that cannot be read


@frozen
class Problem:
    """One thing wrong with a file, located as precisely as we can."""

    file: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class CsfError(Exception):
    """Base class: a message a person can act on, and the exit code it deserves."""

    exit_code = EXIT_USAGE


class UsageError(CsfError):
    """The command was asked for something that does not exist or makes no sense."""


class UnreadableFile(CsfError):
    """A file could not be read or parsed at all."""


class InvalidFile(CsfError):
    """A file parsed but broke the schema or a semantic check; every problem is listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ConflictError(CsfError):
    """The file on disk changed since it was loaded; saving would overwrite someone's work."""

    exit_code = EXIT_PROBLEMS


class LockBusy(CsfError):
    """Another writer held the file's lock for longer than a save waits; nothing was written."""

    exit_code = EXIT_PROBLEMS


def display(path: Path | str) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # \r kept: CSV lines end \r\n
_SURROGATE = "[\ud800-\udfff]"  # compiled only when met: this class alone cost more to compile than all else here


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters (an escape sequence pasted
    into a file, or in a file's name) and undecodable bytes shown as \\u001b, never acted
    on. The same spelling is a valid escape inside JSON, so `--json` output stays JSON."""
    text = _CONTROL.sub(_escaped, text)
    try:
        text.encode("utf-8")  # fails exactly when an undecodable byte is held as a lone surrogate
    except UnicodeEncodeError:
        return re.sub(_SURROGATE, _escaped, text)
    return text


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def reason(error: Exception) -> str:
    """'No space left on device' rather than '[Errno 28] No space left on device'."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror + (f": {display(error.filename)}" if error.filename else "")
    return str(error)
