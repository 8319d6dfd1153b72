"""The action plan in Word: landscape A4, Camden's eight columns, a progress row under each action.

The RAG-by-priority table comes first, as a board reads it. Each priority is a heading
with its outcome statement and one table whose header row repeats on every page; each
action is a row of the eight columns, then one row spanning them all for its RAG word,
target date and dated progress updates. Formatting is by the submission's named styles
(docxstyles), so a partnership restyles the plan as it restyles the submission.
"""

from __future__ import annotations

import io

from . import docxstyles as st
from .docxlayout import Estimator, keep_rows_whole
from .docxshort import grid_table, start, write
from .plans import COLUMNS, RAG_HEADER, RAG_SHARES, Sheet

# Shares of the text width: the action and outcome get the most room, as in source 001.
SHARES = (0.07, 0.14, 0.18, 0.11, 0.13, 0.13, 0.13, 0.11)


def render(sheet: Sheet) -> bytes:
    document, width = start(sheet.title, f"{sheet.area}: action plan", True, sheet.area, sheet.marking)
    estimator = Estimator(document)
    document.add_paragraph(sheet.title, style=st.TITLE)
    for label, value in sheet.facts:
        p = document.add_paragraph(style=st.FACT)
        p.add_run(f"{label}: ", style=st.STRONG)
        p.add_run(value)
    document.add_paragraph("Actions by RAG rating", style=st.HEADING_1)
    document.add_paragraph("Green means on track, not finished; completed actions are counted apart from their rating. "
                           "Percentages are of each priority's actions.", style=st.NORMAL)
    table = grid_table(document, width, RAG_SHARES, RAG_HEADER, len(sheet.rag_rows))
    for tr, values in zip(table.rows[1:], sheet.rag_rows):
        strong = st.STRONG if values is sheet.rag_rows[-1] else None
        for cell, text in zip(tr.cells, values):
            write(cell, [(text, strong)])
    for block in sheet.blocks:
        document.add_paragraph(block.heading, style=st.HEADING_1)
        if block.outcome:
            p = document.add_paragraph(style=st.LEAD_IN)
            p.add_run("Outcome: ", style=st.STRONG)
            p.add_run(block.outcome)
        if not block.rows:
            document.add_paragraph("No actions yet.", style=st.NOTE)
            continue
        table = grid_table(document, width, SHARES, COLUMNS, 2 * len(block.rows))
        for index, row in enumerate(block.rows):
            cells, progress = table.rows[1 + 2 * index], table.rows[2 + 2 * index]
            for c, (cell, text) in enumerate(zip(cells.cells, row.cells)):
                write(cell, [(text, st.STRONG if c == 0 else None)])
            merged = progress.cells[0].merge(progress.cells[-1])
            (label, text), *rest = row.progress
            write(merged, [(f"{label}: ", st.STRONG), (text, None)])
            for label, text in rest:
                p = merged.add_paragraph(style=st.TABLE_TEXT)
                p.add_run(f"{label}: ", style=st.STRONG)
                p.add_run(text)
        keep_rows_whole(estimator, table._tbl)  # rows that fit a page do not split; taller ones must
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
