"""HTML: one self-contained page (no scripts, fonts or images fetched) that prints like the Word file.

Autoescaping is on, so a borough's text can never become markup; newlines inside a
paragraph become <br>. Print CSS repeats the table header on every page and keeps short
rows whole, as the Word export does, and puts the protective marking in every page's
margin (browsers that support page margin boxes) as well as at the top and foot.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..report import Report
from . import Options, Rendered
from .content import Submission
from .templating import environment


def breaks(text: str) -> Markup:
    return escape(text).replace("\n", Markup("<br>\n"))


def css_string(text: str) -> Markup:
    """A CSS string literal; anything but letters, digits and a few marks is a CSS escape,
    so no text can close the string or the <style> element."""
    body = "".join(c if c.isalnum() or c in " -_." else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{body}"')


def render(report: Report, submission: Submission, options: Options) -> Rendered:
    template = environment(autoescape=True, filters={"breaks": breaks, "css_string": css_string}).get_template("submission.html.j2")
    return Rendered(template.render(s=submission).encode("utf-8"))
