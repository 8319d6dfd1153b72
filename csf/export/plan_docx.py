"""The action plan in Word: landscape A4, Camden's eight columns, a progress row under each action.

The RAG-by-priority table comes first, as a board reads it. Each priority is a heading
with its outcome statement and one table whose header row repeats on every page; each
action is a row of the eight columns, then one row spanning them all for its RAG word,
target date and dated progress updates. Formatting is by the submission's named styles
(docxstyles), so a partnership restyles the plan as it restyles the submission.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
from docx.shared import Emu

from . import docxstyles as st
from .docx import _field, _house_defaults, _page
from .docxlayout import Estimator, keep_rows_whole, mark_row
from .plans import COLUMNS, RAG_HEADER, Sheet

# Shares of the text width: the action and outcome get the most room, as in source 001.
SHARES = (0.07, 0.14, 0.18, 0.11, 0.13, 0.13, 0.13, 0.11)
RAG_SHARES = (0.37, 0.1, 0.1, 0.1, 0.11, 0.12, 0.1)  # Priority, Red, Amber, Green, Complete, No RAG yet, Total


def render(sheet: Sheet) -> bytes:
    document = docx.Document()
    _house_defaults(document)
    st.prepare(document)
    section = document.sections[-1]
    _page(section, landscape=True, a4=True)
    footer = section.footer.paragraphs[0]
    footer.style = document.styles[st.FOOTER]
    footer.add_run(f"{sheet.title} · Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    props = document.core_properties
    props.title, props.subject, props.comments = sheet.title, f"{sheet.area}: action plan", "Exported by csf"
    props.author = props.last_modified_by = ""
    width = section.page_width - section.left_margin - section.right_margin
    estimator = Estimator(document)

    document.add_paragraph(sheet.title, style=st.TITLE)
    for label, value in sheet.facts:
        p = document.add_paragraph(style=st.FACT)
        p.add_run(f"{label}: ", style=st.STRONG)
        p.add_run(value)
    document.add_paragraph("Actions by RAG rating", style=st.HEADING_1)
    document.add_paragraph("Green means on track, not finished; completed actions are counted apart from their rating. "
                           "Percentages are of each priority's actions.", style=st.NORMAL)
    table = _table(document, width, RAG_SHARES, RAG_HEADER, len(sheet.rag_rows))
    for tr, values in zip(table.rows[1:], sheet.rag_rows):
        strong = st.STRONG if values is sheet.rag_rows[-1] else None
        for cell, text in zip(tr.cells, values):
            _write(cell, [(text, strong)])
    for block in sheet.blocks:
        document.add_paragraph(block.heading, style=st.HEADING_1)
        if block.outcome:
            p = document.add_paragraph(style=st.NORMAL)
            p.add_run("Outcome: ", style=st.STRONG)
            p.add_run(block.outcome)
        if not block.rows:
            document.add_paragraph("No actions yet.", style=st.NOTE)
            continue
        table = _table(document, width, SHARES, COLUMNS, 2 * len(block.rows))
        for index, row in enumerate(block.rows):
            cells, progress = table.rows[1 + 2 * index], table.rows[2 + 2 * index]
            for c, (cell, text) in enumerate(zip(cells.cells, row.cells)):
                _write(cell, [(text, st.STRONG if c == 0 else None)])
            merged = progress.cells[0].merge(progress.cells[-1])
            first, *rest = row.progress
            _write(merged, [(f"{first[0]}: ", st.STRONG), (first[1], None)])
            for label, text in rest:
                p = merged.add_paragraph(style=st.TABLE_TEXT)
                p.add_run(f"{label}: ", style=st.STRONG)
                p.add_run(text)
        keep_rows_whole(estimator, table._tbl)  # rows that fit a page do not split; taller ones must
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _table(document, width: int, shares: Sequence[float], header: Sequence[str], body_rows: int):
    """A grid table with a header row that repeats on every page and does not split."""
    table = document.add_table(rows=1 + body_rows, cols=len(header))
    table.style = document.styles[st.GRID]
    table.autofit = False
    widths = [Emu(int(width * share)) for share in shares]
    for column, w in zip(table.columns, widths):
        column.width = w
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = w
    for cell, text in zip(table.rows[0].cells, header):
        _write(cell, [(text, st.STRONG)], st.TABLE_HEADING)
    mark_row(table.rows[0]._tr, "w:cantSplit")
    mark_row(table.rows[0]._tr, "w:tblHeader")
    return table


def _write(cell, runs: Sequence[tuple[str, str | None]], style: str = st.TABLE_TEXT) -> None:
    """Fill a cell's first (empty) paragraph; a newline in the text starts a new line."""
    p = cell.paragraphs[0]
    p.style = style
    for text, char_style in runs:
        if text:
            p.add_run(text, style=char_style)
