"""How tall a Word document's parts are, estimated without Word.

Two things need it. The DSVB brief allows "no more than 15 pages", and the export must
warn before a board rejects a report, not after. And a table row must not be marked
"do not split across pages" when it is taller than a page: Word then cuts it off at
the page foot. python-docx has no layout engine, so we estimate from geometry:

- an average character is `CHAR_WIDTH` × the font size wide (Calibri and its metric
  twin Carlito average about 0.42 em over English prose; the rest allows for words
  that do not fill a line);
- a line is `LINE_HEIGHT` × the font size × the style's line spacing (Calibri's
  ascent + descent + gap is about 1.22 em);
- a paragraph adds its style's space before and after; a cell loses Word's default
  cell margins from its width; a page break starts a new page.

Checked against LibreOffice's page counts (scripts/render-docx): the Lambeth export
17 pages, estimated 18; a 10,000-word DSVB report 18, estimated 19; a BVPI return 6,
estimated 6. The estimate errs long, so a warning comes early rather than late.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Length
from docx.styles.style import ParagraphStyle, StyleFactory
from lxml.etree import _Element

CHAR_WIDTH = 0.45
LINE_HEIGHT = 1.22
CELL_MARGINS_PT = 10.8  # Word's default left + right cell margins, 0.19 cm each
ROW_RULE_PT = 1.0  # a border between rows
WORD_DEFAULT_SIZE_PT = 10.0  # what Word uses when a document declares no size at all

# Qualified names, made once: these are looked up for every paragraph of the document.
W_P, W_T, W_BR, W_TAB, W_TR, W_TC, W_TRPR, W_TBLPREX = (
    qn(f"w:{n}") for n in ("p", "t", "br", "tab", "tr", "tc", "trPr", "tblPrEx")
)
W_STYLE_PATH = f"{qn('w:pPr')}/{qn('w:pStyle')}"
W_WIDTH_PATH, W_SPAN_PATH, W_MERGE_PATH = (f"{qn('w:tcPr')}/{qn(f'w:{n}')}" for n in ("tcW", "gridSpan", "vMerge"))
W_VAL, W_TYPE, W_W = qn("w:val"), qn("w:type"), qn("w:w")
W_STYLE, W_STYLE_ID, W_BASED_ON = qn("w:style"), qn("w:styleId"), qn("w:basedOn")


@dataclass(frozen=True)
class Metrics:
    size: float  # points
    line: float  # multiple of single spacing
    before: float  # points
    after: float  # points


@dataclass(frozen=True)
class Kept:
    """What measuring needs of a table whose XML is kept as text: its rows' heights, each
    row's marks (a repeated header, not to split) and its words."""

    rows: tuple[list[float], list[tuple[int, int, float]]]
    marks: list[tuple[bool, bool]]
    words: int


class Estimator:
    """Heights in points of a document's paragraphs, cells, rows and tables."""

    def __init__(self, document: Document):
        self.document = document
        section = document.sections[-1]
        self.page_height = _pt(section.page_height) - _pt(section.top_margin) - _pt(section.bottom_margin)
        self.page_width = _pt(section.page_width) - _pt(section.left_margin) - _pt(section.right_margin)
        self.defaults = _defaults(document)
        self._metrics = lru_cache(maxsize=None)(self._style_metrics)
        self._styles: dict[str | None, _Element] = {}  # by id, read once: python-docx searches the XML for each
        for style in document.styles.element.iterchildren(W_STYLE):
            self._styles.setdefault(style.get(W_STYLE_ID), style)
        self._rows: dict[_Element, tuple[list[float], list[tuple[int, int, float]], int]] = {}
        self._kept: dict[_Element, Kept] = {}

    def paragraph(self, p: _Element, width: float, text: str | None = None) -> float:
        """Its height, from its text as `_texts` reads it (given, when the caller has it already)."""
        m = self._metrics(_style_id(p))
        per_line = max(1, int(width / (m.size * CHAR_WIDTH)))
        text = "".join(_texts(p)) if text is None else text
        lines = sum(max(1, math.ceil(len(segment) / per_line)) for segment in text.split("\n"))
        return lines * m.size * LINE_HEIGHT * m.line + m.before + m.after

    def cell(self, tc: _Element, texts: dict[_Element, str]) -> float:
        """Its height; each paragraph's text is left in `texts`, for counting the table's words."""
        width = _twips_pt(tc.find(W_WIDTH_PATH), self.page_width / 3) - CELL_MARGINS_PT
        height = 0.0
        for p in tc.iterchildren(W_P):
            text = texts[p] = "".join(_texts(p))
            height += self.paragraph(p, width, text)
        return height

    def rows(self, tbl: _Element) -> tuple[list[float], list[tuple[int, int, float]]]:
        """Each row's own height, and the vertically merged cells as (first row, last row, height).

        Remembered per table: it is asked once when the table is finished and again for
        the page count, and a finished table does not change.
        """
        if tbl not in self._rows:
            self._rows[tbl] = self._measure_rows(tbl)
        return self._rows[tbl][:2]

    def _measure_rows(self, tbl: _Element) -> tuple[list[float], list[tuple[int, int, float]], int]:
        """Rows as `rows` gives them, and the table's words (each paragraph's text read once for both)."""
        texts: dict[_Element, str] = {}
        grids = [_grid(tr) for tr in tbl.iterchildren(W_TR)]
        merges = [{column: _merge(tc) for column, tc in grid.items()} for grid in grids]  # read once: each read is a search
        own = [0.0] * len(grids)
        spans: list[tuple[int, int, float]] = []
        for r, grid in enumerate(grids):
            for column, tc in grid.items():
                merge = merges[r][column]
                if merge == "continue":
                    continue
                height = self.cell(tc, texts)
                if merge == "restart":
                    end = r
                    while end + 1 < len(grids) and merges[end + 1].get(column) == "continue":
                        end += 1
                    spans.append((r, end, height))
                else:
                    own[r] = max(own[r], height)
            own[r] += ROW_RULE_PT
        words = sum(len((texts[p] if p in texts else "".join(_texts(p))).split()) for p in tbl.iter(W_P))
        return own, spans, words

    def keep(self, tbl: _Element, stand_in: _Element) -> None:
        """Remember what measuring needs of `tbl` for `stand_in`, which takes its place in the
        body while its XML is kept as text (see docx)."""
        marks = [(_marked(tr, "w:tblHeader"), _marked(tr, "w:cantSplit")) for tr in tbl.iterchildren(W_TR)]
        own, spans = self.rows(tbl)
        self._kept[stand_in] = Kept((own, spans), marks, self._rows.pop(tbl)[2])

    def place_table(self, tbl: _Element, used: float) -> float:
        """Where the page position ends after `tbl`, starting at `used` points.

        A row marked not to split moves whole to the next page when it does not fit; a
        row that breaks carries the repeated header row onto each page it reaches. A
        merged cell's overflow lands in the last row of the merge, as in Word.
        """
        kept = self._kept.get(tbl)
        own, spans = kept.rows if kept else self.rows(tbl)
        marks = kept.marks if kept else [(_marked(tr, "w:tblHeader"), _marked(tr, "w:cantSplit")) for tr in tbl.iterchildren(W_TR)]
        heights = list(own)
        for first, last, height in spans:
            heights[last] += max(0.0, height - sum(own[first : last + 1]) - (heights[last] - own[last]))
        repeated = sum(h for (header, _), h in zip(marks, heights) if header)
        for (_, unsplit), height in zip(marks, heights):
            room = self.page_height - used % self.page_height
            if height > room and (unsplit and height <= self.page_height):
                used += room + repeated
            elif height > room:
                used += repeated * math.ceil((height - room) / self.page_height)
            used += height
        return used

    def pages(self, blocks: Iterable[_Element] | None = None) -> int:
        """Estimated pages of these body blocks, by default the whole body (headers and footers
        live in the margins)."""
        used = 0.0
        for block in self.document.element.body.iterchildren() if blocks is None else blocks:
            if block.tag == W_P:
                used += self.paragraph(block, self.page_width)
                if block.find(f".//{W_BR}[@{W_TYPE}='page']") is not None:
                    used = math.ceil(used / self.page_height) * self.page_height
            elif block.tag == qn("w:tbl"):
                used = self.place_table(block, used)
        return max(1, math.ceil(used / self.page_height))

    def _chain(self, style_id: str | None) -> list[ParagraphStyle]:
        """The paragraph style and the styles it is based on, nearest first."""
        element = self._styles.get(style_id) if style_id else None
        style = StyleFactory(element) if element is not None else self.document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        chain: list[ParagraphStyle] = []
        while style is not None and style not in chain:
            chain.append(style)
            based_on = style.element.find(W_BASED_ON)
            base = self._styles.get(based_on.get(W_VAL)) if based_on is not None else None
            style = StyleFactory(base) if base is not None else None
        return chain

    def words(self, block: _Element) -> int:
        kept = self._kept.get(block)
        return kept.words if kept else _words(block)

    def _style_metrics(self, style_id: str | None) -> Metrics:
        chain = self._chain(style_id)
        size = _first((s.font.size for s in chain), None)
        line = _first((s.paragraph_format.line_spacing for s in chain), None)
        before = _first((s.paragraph_format.space_before for s in chain), None)
        after = _first((s.paragraph_format.space_after for s in chain), None)
        d = self.defaults
        return Metrics(
            size=_pt(size) if size is not None else d.size,
            line=line if isinstance(line, float) else (_pt(line) / (d.size * LINE_HEIGHT) if line is not None else d.line),
            before=_pt(before) if before is not None else d.before,
            after=_pt(after) if after is not None else d.after,
        )


def measures(document: Document, estimator: Estimator | None = None, appendices: _Element | None = None) -> dict[str, int]:
    """The names a framework's `scope: document` rules read: pages, tables, words, of the
    report's body: from the start to the first block of the `appendices`, if there are any.
    The DSVB brief counts its 15 pages "excluding appendices"."""
    body = []
    for block in document.element.body.iterchildren():
        if block is appendices:
            break
        body.append(block)
    estimator = estimator or Estimator(document)
    words = sum(estimator.words(block) for block in body)
    return {"pages": estimator.pages(body), "tables": sum(block.tag == qn("w:tbl") for block in body), "words": words}


def keep_rows_whole(estimator: Estimator, tbl: _Element, share_of_page: float = 0.6) -> None:
    """Mark rows "do not split" when they surely fit on a page; leave tall ones free to break.

    A row inside a vertically merged cell whose text runs longer than that (Lambeth's
    factor narratives run to pages) is left free too: Word puts the merged cell's
    overflow in the last row of the merge.
    """
    limit = estimator.page_height * share_of_page
    own, spans = estimator.rows(tbl)
    free = {r for first, last, height in spans if height > limit for r in range(first, last + 1)}
    for r, tr in enumerate(tbl.iterchildren(W_TR)):
        if r not in free and own[r] <= limit:
            mark_row(tr, "w:cantSplit")


def mark_row(tr: _Element, tag: str) -> None:
    """Set a row property python-docx has no API for (w:cantSplit, w:tblHeader), once, in schema order."""
    trPr = tr.find(W_TRPR)
    if trPr is None:  # first in the row, after any table property exceptions
        trPr = tr.makeelement(W_TRPR, {})
        exceptions = tr.find(W_TBLPREX)
        if exceptions is None:
            tr.insert(0, trPr)
        else:
            exceptions.addnext(trPr)
    if trPr.find(qn(tag)) is not None:
        return
    element = trPr.makeelement(qn(tag), {qn("w:val"): "true"})
    order = ("w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")
    later = [trPr.find(qn(t)) for t in order[order.index(tag) + 1 :]]
    following = next((e for e in later if e is not None), None)
    if following is None:
        trPr.append(element)
    else:
        following.addprevious(element)


def _marked(tr: _Element, tag: str) -> bool:
    trPr = tr.find(W_TRPR)
    return trPr is not None and trPr.find(qn(tag)) is not None


def _grid(tr: _Element) -> dict[int, _Element]:
    """A row's cells by the grid column they start in."""
    out, column = {}, 0
    for tc in tr.iterchildren(W_TC):
        out[column] = tc
        span = tc.find(W_SPAN_PATH)
        column += 1 if span is None else int(span.get(W_VAL, "1"))
    return out


def _merge(tc: _Element) -> str | None:
    """A cell's vertical merge: "restart", "continue" (the default of a w:vMerge without a value) or None."""
    merge = tc.find(W_MERGE_PATH)
    return None if merge is None else merge.get(W_VAL, "continue")


def _words(block: _Element) -> int:
    return sum(len("".join(_texts(p)).split()) for p in block.iter(W_P))


def _texts(p: _Element) -> Iterable[str]:
    for node in p.iter(W_T, W_BR, W_TAB):
        if node.tag == W_T:
            yield node.text or ""
        else:
            yield "\n" if node.tag == W_BR else " "


def _style_id(p: _Element) -> str | None:
    style = p.find(W_STYLE_PATH)
    return style.get(W_VAL) if style is not None else None


def _first(values: Iterable, default):
    return next((v for v in values if v is not None), default)


def _defaults(document: Document) -> Metrics:
    """The document-wide defaults (w:docDefaults) a style falls back on."""
    root = document.styles.element
    size = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    spacing = root.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")

    def twips(name: str) -> float:
        value = spacing.get(qn(f"w:{name}")) if spacing is not None else None
        return int(value) / 20 if value else 0.0

    line = spacing.get(qn("w:line")) if spacing is not None else None
    auto = spacing is None or spacing.get(qn("w:lineRule"), "auto") == "auto"
    return Metrics(
        size=int(size.get(qn("w:val"))) / 2 if size is not None else WORD_DEFAULT_SIZE_PT,
        line=int(line) / 240 if line and auto else 1.0,
        before=twips("before"),
        after=twips("after"),
    )


def _pt(length: Length | int | None) -> float:
    return Length(length or 0).pt


def _twips_pt(element: _Element | None, default: float) -> float:
    if element is None or element.get(W_TYPE) not in (None, "dxa"):
        return default
    return int(element.get(W_W)) / 20
