"""What every Word file csf writes needs before a board can publish it (the submission,
the comparison, the action plan): the properties a screen reader announces, heading
colours that can be read, alternative text on every picture, and the protective marking
on every page.

Public-sector accessibility rules apply to documents published on council websites; a
screen reader reads the title and picks its voice from the language, and WCAG asks for
text at 4.5:1 against its background. python-docx's blank document sets Heading 2 in a
blue of 4.0:1 on white, so headings lighter than that take a darker shade.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

LANGUAGE = "en-GB"
MIN_CONTRAST = 4.5
DARK_HEADING = "1F3864"  # Word's own darker accent blue: 11.2:1 on white
W_COLOR, W_VAL, WP_DOC_PR = qn("w:color"), qn("w:val"), qn("wp:docPr")
THEME = tuple(qn(f"w:{name}") for name in ("themeColor", "themeShade", "themeTint"))  # a colour's theme tint


def properties(document: Document, title: str, author: str, subject: str, marking: str = "", today: dt.date | None = None) -> None:
    """Title, language and author, which a document list shows and a screen reader announces.
    The author is the partnership (or who made the file): python-docx would say "python-docx"."""
    props = document.core_properties
    props.title, props.subject, props.language = title, subject, LANGUAGE
    props.author = props.last_modified_by = author
    props.category = marking
    props.comments = "Exported by csf"
    if today is not None:
        props.created = props.modified = dt.datetime.combine(today, dt.time())
    props.revision = 1


def legible_colours(document: Document) -> None:
    """Give every style whose text colour is below 4.5:1 on white a darker one; its theme tint goes too."""
    for color in document.styles.element.iter(W_COLOR):
        value = color.get(W_VAL, "auto")
        if value != "auto" and contrast_on_white(value) < MIN_CONTRAST:
            for name in THEME:
                color.attrib.pop(name, None)
            color.set(W_VAL, DARK_HEADING)


@lru_cache(maxsize=None)  # a document repeats a handful of colours hundreds of times
def contrast_on_white(hex_colour: str) -> float:
    """WCAG 2's contrast ratio of an RRGGBB colour against white."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def pictures_without_alt(document: Document) -> list[str]:
    """Every picture (a template's letterhead logo, a chart) needs alternative text for a
    screen reader; csf cannot write it for a picture it did not make, so it says which."""
    out = []
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is None:
            continue
        for pr in element.iter(WP_DOC_PR):
            if not (pr.get("descr") or "").strip():
                where = str(part.partname).rsplit("/", 1)[-1].removesuffix(".xml").rstrip("0123456789")
                out.append(f"the picture {pr.get('name') or pr.get('id')!r} in the {where} has no alternative text "
                           "(in Word: right-click it, Edit Alt Text)")
    return out


def mark_pages(document: Document, marking: str, style: str | None = None) -> None:
    """The protective marking at the top and foot of every page, above anything already
    there (a page number), in `style` or else bold and centred. For documents csf makes
    from blank; the submission, which may use a template, does its own."""
    if not marking:
        return
    for section in document.sections:
        for part in (section.header, section.footer):
            first = part.paragraphs[0]
            paragraph = first if not first.runs else first.insert_paragraph_before()
            if style:
                paragraph.style = document.styles[style]
                paragraph.add_run(marking)
            else:
                paragraph.add_run(marking).bold = True
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
