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
from .content import Line, Submission
from .templating import environment


def breaks(text: str) -> Markup:
    return escape(text).replace("\n", Markup("<br>\n"))


def css_string(text: str) -> Markup:
    """A CSS string literal; anything but letters, digits and a few marks is a CSS escape,
    so no text can close the string or the <style> element."""
    body = "".join(c if c.isalnum() or c in " -_." else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{body}"')


def line(l: Line) -> Markup:
    """One answer line: <p> with its label and <strong> runs, or <li> inside the <ul>/<ol> it opens or closes.

    Built from escaped pieces with f-strings rather than Markup.format, whose formatter
    is Python's own and cost more than the rest of the page."""
    label = f"<strong>{escape(l.label)}:</strong> " if l.label else ""
    body = "".join(f"<strong>{breaks(t)}</strong>" if bold else breaks(t) for t, bold in l.runs)
    if not l.list:
        return Markup(f'<p class="{escape(l.kind)}">{label}{body}</p>')
    tag = "ul" if l.list == "bullet" else "ol"
    start = f' start="{l.number}"' if tag == "ol" and l.number not in (0, 1) else ""
    opens = f'<{tag} class="{escape(l.kind)}"{start}>' if l.opens else ""
    closes = f"</{tag}>" if l.closes else ""
    return Markup(f"{opens}<li>{label}{body}</li>{closes}")


def render(report: Report, submission: Submission, options: Options) -> Rendered:
    filters = {"breaks": breaks, "css_string": css_string, "htmlline": line}
    template = environment(autoescape=True, filters=filters).get_template("submission.html.j2")
    return Rendered(template.render(s=submission).encode("utf-8"))
