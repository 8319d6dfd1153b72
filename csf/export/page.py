"""Short documents for a board: a heading, facts, and blocks of text, tables and pictures.

The board summary and the trend report are both a `Page`; Word, HTML and Markdown each
render any page, so the two documents look alike and say the same in every format. A
picture always carries its text alternative: Word's description of the picture, the
HTML `alt`, and in Markdown (which cannot hold the picture itself) the text in its place.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from ..assessment import slug
from .text import clean


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    shares: tuple[float, ...]  # of the text width, per column
    total_last: bool = False  # the last row is a total: set in bold
    numeric_from: int = 1  # columns from this one are figures, aligned right in HTML


@dataclass(frozen=True)
class Picture:
    png: bytes
    alt: str
    width_mm: float = 170


@dataclass(frozen=True)
class Block:
    heading: str
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None
    picture: Picture | None = None
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    title: str
    area: str
    kind: str  # "summary" or "trend": in the file name
    facts: tuple[tuple[str, str], ...]
    blocks: tuple[Block, ...]
    marking: str = ""  # protective marking, at the top and foot of every format


FORMATS = {"docx": ".docx", "html": ".html", "md": ".md"}
LIST = "List Bullet"  # in python-docx's blank document, which these documents start from


def write(page: Page, fmt: str | None, output: Path | None, today: dt.date) -> Path:
    """Render and write: a named file must not exist; a directory (or exports/) gets a new name."""
    from .output import check_format, format_for, save_new

    fmt = fmt or format_for(output, FORMATS)
    check_format(fmt, FORMATS)
    return save_new(render(page, fmt), output, f"{slug(page.area)}-{page.kind}-{today.isoformat()}{FORMATS[fmt]}")


def render(page: Page, fmt: str) -> bytes:
    if fmt == "docx":
        return render_docx(page)
    from .html import breaks
    from .markdown import escape
    from .templating import environment

    env = environment(autoescape=fmt == "html", filters={"breaks": breaks, "md": escape, "b64": _b64})
    return env.get_template(f"page.{fmt}.j2").render(p=page).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def render_docx(page: Page) -> bytes:
    """Portrait A4 in the submission's named styles; tables with a repeating header row."""
    from docx.shared import Mm

    from . import docxstyles as st
    from .docxlayout import Estimator, keep_rows_whole
    from .docxshort import grid_table, start, write

    document, width = start(page.title, f"{page.area}: board {page.kind}", False, page.area, clean(page.marking).strip())
    section = document.sections[-1]
    section.top_margin = section.bottom_margin = Mm(14)
    _compact(document)
    estimator = Estimator(document)
    document.add_paragraph(clean(page.title), style=st.TITLE)
    facts = document.add_paragraph(style=st.FACT)
    for i, (label, value) in enumerate(page.facts):
        facts.add_run(("   " if i else "") + f"{label}: ", style=st.STRONG)
        facts.add_run(clean(value))
    for block in page.blocks:
        document.add_paragraph(clean(block.heading), style=st.HEADING_1)
        for text in block.paragraphs:
            document.add_paragraph(clean(text), style=st.NORMAL)
        for text in block.bullets:
            document.add_paragraph(clean(text), style=LIST)
        if block.table is not None:
            t = block.table
            table = grid_table(document, width, t.shares, t.header, len(t.rows))
            for r, (tr, values) in enumerate(zip(table.rows[1:], t.rows), 1):
                strong = st.STRONG if t.total_last and r == len(t.rows) else None
                for cell, text in zip(tr.cells, values):
                    write(cell, [(clean(text), strong)])
            keep_rows_whole(estimator, table._tbl)
        if block.picture is not None:
            shape = document.add_picture(io.BytesIO(block.picture.png), width=Mm(block.picture.width_mm))
            doc_pr = shape._inline.docPr
            doc_pr.set("descr", clean(block.picture.alt))  # Word's "alt text"
            doc_pr.set("title", clean(block.heading))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _compact(document) -> None:
    """A one-page summary needs tighter headings than Word's defaults (24 pt before a
    heading, a 28 pt title); set in the styles, so a reader restyles them as usual."""
    from docx.shared import Pt

    from . import docxstyles as st

    title = document.styles[st.TITLE]
    title.font.size = Pt(20)
    title.paragraph_format.space_after = Pt(4)
    heading = document.styles[st.HEADING_1].paragraph_format
    heading.space_before, heading.space_after = Pt(9), Pt(3)
    document.styles[st.NORMAL].paragraph_format.space_after = Pt(4)
