"""`@frozen`: csf's model classes, frozen dataclasses whose generated methods are compiled once.

`dataclasses` writes each class's `__init__`, `__repr__`, `__eq__`, `__hash__`,
`__setattr__` and `__delattr__` as Python source and compiles it when the class is
made. For the forty classes `csf score` needs, compiling that source was a quarter of
the command. The source depends only on the class's fields, so its compiled code is
kept in the cache directory and reused: the classes are the same dataclasses, made by
`dataclasses` itself, only without compiling the same text again.

The compiled code is named by the source text it came from, in a file named by the
Python version (compiled code is not portable between versions) and checked against its
checksum when read (cache.load); a damaged or missing file means compiling, never a wrong
method.
"""

from __future__ import annotations

import atexit
import dataclasses
import types

from . import cache

TYPE_CHECKING = False  # typing only for type checkers: importing it cost csf score 3%
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")

_LIMIT = 5000  # entries; beyond it the file starts again from what this process used


def frozen(cls: type[T]) -> type[T]:
    """`@dataclass(frozen=True)`, with the methods' compiled code reused between runs."""
    dataclasses.exec = _exec  # the name `dataclasses` calls is found in its own module first
    try:
        return dataclasses.dataclass(frozen=True)(cls)
    finally:
        del dataclasses.exec


class _Codes:
    """The compiled code of every method source seen, loaded on first use."""

    def __init__(self) -> None:
        self.known: dict[str, types.CodeType] | None = None
        self.used: dict[str, types.CodeType] = {}
        self.compiled = 0  # how many sources this process had to compile

    def code(self, source: str) -> types.CodeType:
        if self.known is None:
            self.known = _read()
        code = self.known.get(source)
        if code is None:
            if not self.compiled:
                atexit.register(self.save)
            self.compiled += 1
            # what exec would do with the text: compiled as `<string>`, with none of our
            # module's __future__ flags (dataclasses' module has none)
            code = self.known[source] = compile(source, "<string>", "exec", dont_inherit=True)
        self.used[source] = code
        return code

    def save(self) -> None:
        cache.dump(_path(), self.known if self.known is not None and len(self.known) <= _LIMIT else self.used)


_codes = _Codes()


def _exec(source: Any, *namespaces: Any) -> None:
    """What `dataclasses` runs: the source it generated from a class's fields, compiled
    here once (or read back compiled, cache.load). No file's contents ever reach it."""
    if isinstance(source, str):
        source = _codes.code(source)
    exec(source, *namespaces)


def _path():
    return cache.cache_dir("dataclasses") / f"{cache.key()}.marshal"


def _read() -> dict[str, types.CodeType]:
    known = cache.load(_path())
    return known if isinstance(known, dict) else {}
