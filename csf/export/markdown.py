"""Markdown: the submission as plain text a board can paste into an e-mail or a wiki.

A borough's text is escaped so that it reads as written: a practice note beginning
"1." or containing "*" or "<script>" must not turn into a list, emphasis or HTML when
the Markdown is rendered.
"""

from __future__ import annotations

import re

from ..report import Report
from . import Options, Rendered
from .content import Line, Row, Submission
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


def line(l: Line) -> str:
    """One answer line in Markdown: its label in bold, its bold runs as **…**, a list item as
    "- " or "N. ", a missing answer in italics. Everything the borough typed is escaped."""
    label = f"**{escape(l.label)}:** " if l.label else ""
    body = "".join(f"**{escape(t)}**" if bold else escape(t) for t, bold in l.runs)
    if l.kind == "missing":
        body = f"*{body}*"
    prefix = {"bullet": "- ", "number": f"{l.number}. "}.get(l.list, "")
    return prefix + label + body


def marker(row: Row) -> str:
    """What stands before an item's id: the framework's bullet when answered, else its status."""
    if row.status != "answered":
        return f"*{escape(row.marker)}* · "
    return f"{escape(row.marker)} " if row.marker else ""


def render(report: Report, submission: Submission, options: Options) -> Rendered:
    filters = {"md": escape, "mdline": line, "mdmarker": marker}
    template = environment(autoescape=False, filters=filters).get_template("submission.md.j2")
    return Rendered(template.render(s=submission).encode("utf-8"))
