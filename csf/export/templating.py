"""The Jinja2 environment shared by the Markdown and HTML exports.

Templates live in `templates/` beside this module so that a designer can change the
look without reading Python; they receive a `content.Submission` and decide nothing
about wording. Undefined names fail loudly rather than rendering as blanks.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import jinja2

from .. import cache


def environment(autoescape: bool, filters: dict[str, Callable[..., Any]]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("csf.export", "templates"),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters.update(filters)
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs: compiling them cost more than rendering.
    Jinja2 names each entry by the template's source checksum, so an edited template is
    compiled afresh. Without a usable cache directory, templates are compiled each run."""
    directory = cache.cache_dir("templates")
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return _TrustedBytecodeCache(str(directory))


class _TrustedBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja2's file cache, reading an entry only from a file csf's other cached code
    would be read from (see `cache.trusted`): an entry is code that rendering runs.
    Any other entry is ignored, and the template compiled afresh."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            f = open(os.path.join(self.directory, self.pattern % (bucket.key,)), "rb")
        except OSError:
            return
        with f:
            if cache.trusted(os.fstat(f.fileno())):
                bucket.load_bytecode(f)
