"""The Jinja2 environment shared by the Markdown and HTML exports.

Templates live in `templates/` beside this module so that a designer can change the
look without reading Python; they receive a `content.Submission` and decide nothing
about wording. Undefined names fail loudly rather than rendering as blanks.
"""

from __future__ import annotations

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
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(directory))
