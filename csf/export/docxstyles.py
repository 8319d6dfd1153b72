"""The Word styles the export uses, and what happens when a template lacks one.

Everything in the Word export is formatted through named styles, never by formatting
a run or a paragraph directly, so a partnership can restyle the whole submission in
Word (or pass its own template with --template) and every heading and table follows.

A user's template may lack a style we need (Word stores only the styles a document
has used). As Ghostwriter does with report templates, we check for each one by name;
a missing built-in style is added as a plain stand-in and reported by name, so the
export still has its structure and the user knows what to define. The "CSF …" styles
are ours: they are added whenever missing, based on the document's own Normal style
so that the template's fonts carry through, and a user who restyles them in an
exported file and saves it as a template gets them back.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.styles import CT_Style
from docx.shared import Pt
from docx.styles import BabelFish
from docx.styles.style import BaseStyle, StyleFactory
from docx.styles.styles import Styles

TITLE, HEADING_1, HEADING_2, NORMAL = "Title", "Heading 1", "Heading 2", "Normal"
HEADER, FOOTER, STRONG, EMPHASIS, GRID = "Header", "Footer", "Strong", "Emphasis", "Table Grid"
TABLE_TEXT, TABLE_HEADING, NOTE, FACT, MARKING = "CSF Table Text", "CSF Table Heading", "CSF Note", "CSF Fact", "CSF Marking"
LEAD_IN = "CSF Lead-in"  # a paragraph that introduces the table after it (an action plan priority's outcome)
TABLE_KEPT = "CSF Table Text Kept"  # table text that keeps its row with the next: a table that moves whole

USED = (TITLE, HEADING_1, HEADING_2, NORMAL, STRONG, EMPHASIS, GRID, TABLE_TEXT, TABLE_HEADING, TABLE_KEPT, NOTE, FACT)

P, C, T = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE
W_STYLE, W_NAME, W_VAL, W_TYPE, W_DEFAULT, W_BASED_ON = (qn(f"w:{n}") for n in ("style", "name", "val", "type", "default", "basedOn"))


def _heading(size: int, level: int) -> Callable[[BaseStyle], None]:
    def define(style: BaseStyle) -> None:
        style.font.bold = True
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
        outline = OxmlElement("w:outlineLvl")  # what makes Word list it in the navigation pane
        outline.set(qn("w:val"), str(level))
        style.element.get_or_add_pPr().append(outline)

    return define


def _title(style: BaseStyle) -> None:
    style.font.size = Pt(24)
    style.paragraph_format.space_after = Pt(6)


def _bold(style: BaseStyle) -> None:
    style.font.bold = True


def _italic(style: BaseStyle) -> None:
    style.font.italic = True


def _plain(style: BaseStyle) -> None:
    """Normal, Header and Footer stand-ins need nothing: the document defaults serve."""


def _grid(style: BaseStyle) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "auto")):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    table_pr = OxmlElement("w:tblPr")  # a new style has no pPr/rPr after which it would have to go
    table_pr.append(borders)
    style.element.append(table_pr)


# Built-in styles the export uses: (type, base style, how a stand-in is defined).
BUILT_IN: dict[str, tuple[WD_STYLE_TYPE, str | None, Callable[[BaseStyle], None]]] = {
    NORMAL: (P, None, _plain),
    TITLE: (P, NORMAL, _title),
    HEADING_1: (P, NORMAL, _heading(16, 0)),
    HEADING_2: (P, NORMAL, _heading(13, 1)),
    HEADER: (P, NORMAL, _plain),
    FOOTER: (P, NORMAL, _plain),
    STRONG: (C, None, _bold),
    EMPHASIS: (C, None, _italic),
    GRID: (T, None, _grid),
}


def _table_text(style: BaseStyle) -> None:
    style.font.size = Pt(10)
    f = style.paragraph_format
    f.space_before, f.space_after, f.line_spacing = Pt(0), Pt(4), 1.0


def _table_heading(style: BaseStyle) -> None:
    style.paragraph_format.keep_with_next = True


def _fact(style: BaseStyle) -> None:
    style.paragraph_format.space_after = Pt(3)


def _marking(style: BaseStyle) -> None:
    style.font.bold = True
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


# Our own styles: (base style, definition). Bases come first so they exist when used.
OWN: dict[str, tuple[str, Callable[[BaseStyle], None]]] = {
    TABLE_TEXT: (NORMAL, _table_text),
    TABLE_HEADING: (TABLE_TEXT, _table_heading),
    TABLE_KEPT: (TABLE_TEXT, _table_heading),
    NOTE: (TABLE_TEXT, _italic),
    FACT: (NORMAL, _fact),
    MARKING: (HEADER, _marking),
    LEAD_IN: (NORMAL, _table_heading),  # kept on the page of the table it introduces
}


def prepare(document: Document) -> tuple[dict[str, CT_Style], list[str]]:
    """Make sure every style the export names exists: the document's styles by name (see
    `by_name`), and which built-in ones had to be added."""
    styles = document.styles
    present = by_name(document)
    added = []
    for name, (kind, base, define) in BUILT_IN.items():
        if name not in present:
            style = _add(styles, name, kind)
            present[name] = style.element
            if base is not None:
                _base(style, present[base])
            define(style)
            added.append(name)
    for name, (base, define) in OWN.items():
        if name not in present:
            style = _add(styles, name, P)
            present[name] = style.element
            _base(style, present[base])
            define(style)
    if not added:
        return present, []
    names = ", ".join(f"'{n}'" for n in added)
    return present, [f"the template has no {names} style{'s' if len(added) > 1 else ''}; added plain ones (restyle them in Word)"]


def by_name(document: Document) -> dict[str, CT_Style]:
    """The document's w:style elements by the name `document.styles[name]` finds them by, in
    one pass: that searches every style in the XML for each name."""
    out: dict[str, CT_Style] = {}
    for element in document.styles.element.iterchildren(W_STYLE):
        name = element.find(W_NAME)
        if name is not None and name.get(W_VAL) is not None:
            out.setdefault(BabelFish.internal2ui(name.get(W_VAL)), element)
    return out


def default_paragraph_style(document: Document) -> CT_Style | None:
    """The style python-docx's `styles.default(PARAGRAPH)` gives (the last marked default), read
    straight from the XML rather than through an object for every style."""
    found = None
    for element in document.styles.element.iterchildren(W_STYLE):
        if element.get(W_TYPE, "paragraph") == "paragraph" and element.get(W_DEFAULT) in ("1", "true", "on"):
            found = element
    return found


def _base(style: BaseStyle, base: CT_Style) -> None:
    """What `style.base_style = base` writes, for a style `_add` just made, which holds only its
    name: python-docx searches for the w:basedOn's place among the 30 children that may follow it."""
    if base.styleId is not None:
        style.element.find(W_NAME).addnext(style.element.makeelement(W_BASED_ON, {W_VAL: base.styleId}))


def _add(styles: Styles, name: str, kind: WD_STYLE_TYPE) -> BaseStyle:
    """A style known to be missing. Styles.add_style would look for the name first, with
    an XPath search per style in the document: a sixth of the Lambeth export's time."""
    return StyleFactory(styles.element.add_style_of_type(BabelFish.ui2internal(name), kind, False))
