"""Pausing Python's cyclic garbage collector while big, acyclic structures are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Parsing a file or building a document makes many objects and no cycles worth
    collecting. The collector's passes while they are made cost more the more is alive,
    which made work on 10,000 items grow faster than the items."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
