"""Markdown: the submission as plain text a board can paste into an e-mail or a wiki.

A borough's text is escaped so that it reads as written: a practice note beginning
"1." or containing "*" or "<script>" must not turn into a list, emphasis or HTML when
the Markdown is rendered.
"""

from __future__ import annotations

import re

from ..report import Report
from . import Options, Rendered
from .content import Submission
from .templating import environment

_INLINE = re.compile(r"([\\`*_\[\]<>|#])")
_LIST_NUMBER = re.compile(r"^(\s*\d+)([.)])(?=\s)", re.M)
_LIST_MARK = re.compile(r"^(\s*)([-+=])", re.M)


def escape(text: str) -> str:
    """Markdown-escape `text`; a newline inside it stays a line break."""
    text = _INLINE.sub(r"\\\1", text)
    text = _LIST_NUMBER.sub(r"\1\\\2", text)
    text = _LIST_MARK.sub(r"\1\\\2", text)
    return text.replace("\n", "  \n")


def render(report: Report, submission: Submission, options: Options) -> Rendered:
    template = environment(autoescape=False, filters={"md": escape}).get_template("submission.md.j2")
    return Rendered(template.render(s=submission).encode("utf-8"))
