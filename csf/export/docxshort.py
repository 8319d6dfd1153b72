"""What the short Word documents share: the action plan, the board summary, the trend.

A new A4 document in the submission's house defaults and named styles (docxstyles),
a footer with "Page N of M", the protective marking at the top and foot of every page,
the properties a screen reader announces (title, en-GB, the area as author), and grid tables
whose header row repeats on every page and does not split.
"""

from __future__ import annotations

from collections.abc import Sequence

import docx
from docx.document import Document
from docx.shared import Emu
from docx.table import Table, _Cell

from . import accessible
from . import docxstyles as st
from .docx import _field, _house_defaults, _page
from .docxlayout import mark_row

Runs = Sequence[tuple[str, str | None]]  # (text, character style)


def start(title: str, subject: str, landscape: bool, author: str = "", marking: str = "") -> tuple[Document, int]:
    """A new document, its properties and protective marking set, and its text width (EMU)."""
    document = docx.Document()
    _house_defaults(document)
    st.prepare(document)
    section = document.sections[-1]
    _page(section, landscape=landscape, a4=True)
    footer = section.footer.paragraphs[0]
    footer.style = document.styles[st.FOOTER]
    footer.add_run(f"{title} · Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    accessible.properties(document, title, author, subject, marking)
    accessible.mark_pages(document, marking, st.MARKING)
    return document, section.page_width - section.left_margin - section.right_margin


def grid_table(document: Document, width: int, shares: Sequence[float], header: Sequence[str], body_rows: int) -> Table:
    """A grid table sized by shares of the text width, its header row repeating on every page."""
    table = document.add_table(rows=1 + body_rows, cols=len(header))
    table.style = document.styles[st.GRID]
    table.autofit = False
    widths = [Emu(int(width * share)) for share in shares]
    for column, w in zip(table.columns, widths):
        column.width = w  # LibreOffice reads the grid
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = w  # Word reads each cell
    for cell, text in zip(table.rows[0].cells, header):
        write(cell, [(text, st.STRONG)], st.TABLE_HEADING)
    mark_row(table.rows[0]._tr, "w:cantSplit")
    mark_row(table.rows[0]._tr, "w:tblHeader")
    return table


def write(cell: _Cell, runs: Runs, style: str = st.TABLE_TEXT) -> None:
    """Fill a cell's first (empty) paragraph; a newline in the text is a line break."""
    p = cell.paragraphs[0]
    p.style = style
    for text, char_style in runs:
        if text:
            p.add_run(text, style=char_style)
