"""The Word submission, laid out as source 000: what a partnership actually sends its board.

Landscape A4. A cover with the framework's title, the facts of the assessment and the
score summary; then, per factor, the three-column table "factor / good-practice
checklist / current practice in <area>" under the framework's own headings, the factor
in the first column spanning its rows and one row per checklist item. When a borough
answered a factor as a whole (Lambeth did), the third column is one cell spanning the
factor's rows, holding that text and any per-item ratings, as the source prints it.
BVPI-style question lists get question / definition / answer; frameworks with nothing
to rate (the DSVB brief) become a portrait narrative report with no tables, since the
brief forbids them.

Only named styles format the document (see docxstyles). Table mechanics python-docx
has no API for (repeating header rows, rows that do not split, vertical merges) are
set in the XML, and tables and paragraphs are written as XML text and parsed at once:
python-docx's API made the export several times slower than writing the same tables
bare. A finished table is kept as its XML text until the document is saved, so that a
10,000-item export does not hold its whole tree at once.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.oxml.styles import CT_Style
from docx.oxml.table import CT_Tbl, CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.section import Section
from docx.shared import Emu, Mm
from docx.text.paragraph import Paragraph
from lxml import etree
from lxml.etree import SubElement, XMLSyntaxError

from ..errors import UsageError, display
from ..report import Report
from ..rules import check_document
from . import Options, Rendered
from . import accessible
from . import docxstyles as st
from .content import DRAFT_MARK, Fact, Line, Part, Row, Submission
from .docxlists import Lists
from .text import clean
from .docxlayout import Estimator, keep_rows_whole, mark_row, measures
from .embed import Tags, embed

A4 = (Mm(210), Mm(297))
BODY_FONT = "Calibri"
MARGINS = {"top": Mm(18), "bottom": Mm(18), "left": Mm(16), "right": Mm(16)}
# Shares of the text width per column, by layout (source 000 gives the practice column the most room).
COLUMNS = {"checklist": (0.2, 0.34, 0.46), "questions": (0.07, 0.47, 0.46)}
SCORE_COLUMNS = (0.52, 0.12, 0.12, 0.12, 0.12)
KEY_COLUMNS = (0.25, 0.75)
REGISTER_COLUMNS = (0.4, 0.18, 0.12, 0.15, 0.15)

_BREAKS = re.compile(r"(\t|\n)")
W_P, W_R, W_BR, W_TYPE = (qn(f"w:{name}") for name in ("p", "r", "br", "type"))
W_TBL, W_STYLE_ID = qn("w:tbl"), qn("w:styleId")
STAND_IN = b"<w:tbl/>"  # how a kept table's stand-in is written; no table csf writes is empty
_V_MERGE = ('<w:vMerge w:val="restart"/>', "<w:vMerge/>")  # a merged column's first body cell, then the others
_QUOTE, _CR = {'"': "&quot;"}, {"\r": "&#13;"}
_MARKUP = re.compile("[&<>\r]")  # what text needs escaped
_W_NS = nsdecls("w")
Runs = Sequence[tuple[str, str | None]]  # (text, character style)
Para = tuple[str, Runs] | tuple[str, Runs, str | None]  # (paragraph style, runs[, list numbering id])


def render(report: Report, submission: Submission, options: Options) -> Rendered:
    document = _open(options.template)
    styles, warnings = st.prepare(document)
    section = document.sections[-1]
    _page(section, landscape=submission.layout != "narrative", a4=options.template is None)
    _header_footer(document, section, submission, styles)
    author = clean(report.assessment.completed_by).strip() or submission.area  # the partnership, when no one is named
    subject = f"{submission.area}: self-assessment against {submission.framework}"
    accessible.properties(document, submission.title, author, subject, submission.marking, options.today)
    builder = _Builder(document, styles)
    builder.cover(submission)
    if submission.layout == "narrative":
        builder.narrative(submission)
    else:
        builder.key(submission)
        for part in submission.parts:
            builder.factor(submission, part)
    appendices = builder.register(submission)
    notes = builder.source_notes(submission)
    appendices = appendices if appendices is not None else notes
    measured = measures(document, builder.estimator, appendices)
    shown = f"this export: about {measured['pages']} pages, {measured['tables']} tables, {measured['words']:,} words"
    warnings += [f"{f.message} ({shown})" for f in check_document(report.framework, measured)]
    builder.archived(submission)  # an appendix: after the measuring, as the DSVB brief's page limit excludes appendices
    embed(document, report.assessment.to_data(), builder.tags)
    warnings += accessible.pictures_without_alt(document)
    return Rendered(_save(document, builder.kept), tuple(warnings))


def _save(document: Document, kept: list[bytes]) -> bytes:
    """The .docx as python-docx saves it, each table kept as XML back in its stand-in's place."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    PackageWriter.write(out, package.rels, [_WithTables(part, kept) if part is document.part else part for part in parts])
    return out.getvalue()


class _WithTables:
    """The document part, its XML with the kept tables spliced back in for their stand-ins."""

    def __init__(self, part, tables: list[bytes]):
        self._part, self._tables = part, tables

    def __getattr__(self, name: str):
        return getattr(self._part, name)

    @property
    def blob(self) -> bytes:
        pieces = self._part.blob.split(STAND_IN)
        if len(pieces) != len(self._tables) + 1:
            raise AssertionError(f"{len(pieces) - 1} table stand-ins for {len(self._tables)} tables")
        return b"".join(itertools.chain.from_iterable(zip(pieces, [*self._tables, b""])))


def _open(template: Path | None) -> Document:
    """A new document, or the user's template emptied of its body (its styles, headers and footers stay)."""
    if template is None:
        document = docx.Document()
        _house_defaults(document)
        return document
    if not template.is_file():
        raise UsageError(f"template not found: {display(template)}")
    try:
        document = docx.Document(str(template))
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, AttributeError, XMLSyntaxError) as e:
        # a damaged package: a part that is not XML, or a document with no body
        raise UsageError(f"{display(template)} is not a Word .docx file Word could open ({e}); "
                         "open it in Word and save it again as .docx, or leave out --template") from None
    except OSError as e:
        raise UsageError(f"cannot read {display(template)}: {e.strerror or e}") from None
    body.get_or_add_sectPr()  # the page setup; a template may lack it
    return document


def _house_defaults(document: Document) -> None:
    """python-docx's blank document sets body text in Cambria and American English; a London
    board expects Word's usual Calibri and British English (spell-checking follows the language).
    These are the document defaults every style inherits, not formatting on the text."""
    r_pr = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if r_pr is None:
        return
    fonts, lang = r_pr.find(qn("w:rFonts")), r_pr.find(qn("w:lang"))
    if fonts is not None:
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        for name in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(name), BODY_FONT)
    if lang is not None:
        lang.set(qn("w:val"), "en-GB")
    accessible.legible_colours(document)


def _page(section: Section, landscape: bool, a4: bool) -> None:
    if a4:
        section.page_width, section.page_height = A4
        for side, length in MARGINS.items():
            setattr(section, f"{side}_margin", length)
    width, height = section.page_width or A4[0], section.page_height or A4[1]  # a template may not say
    if landscape != (width > height):
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side, length in MARGINS.items():
        if getattr(section, f"{side}_margin") is None:
            setattr(section, f"{side}_margin", length)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def _header_footer(document: Document, section: Section, submission: Submission, styles: dict[str, CT_Style]) -> None:
    """DRAFT (for a draft or incomplete assessment) and the marking in every header, the marking
    in every footer; page numbers in every footer that has none yet."""
    odd_even = document.settings.odd_and_even_pages_header_footer
    kinds = [("header", "footer")]
    if section.different_first_page_header_footer:
        kinds.append(("first_page_header", "first_page_footer"))
    if odd_even:
        kinds.append(("even_page_header", "even_page_footer"))
    marking, page = _paragraph_style_ids(document, styles, (st.MARKING, st.FOOTER))
    for header_name, footer_name in kinds:
        header, footer = getattr(section, header_name), getattr(section, footer_name)
        if submission.marking:
            _reuse_or_add(header.paragraphs, header.add_paragraph, marking).add_run(submission.marking)
            _reuse_or_add(footer.paragraphs, footer.add_paragraph, marking).add_run(submission.marking)
        if submission.draft:
            _reuse_or_add(header.paragraphs, header.add_paragraph, marking).add_run(DRAFT_MARK)
        if not _has_page_field(footer._element):
            p = _reuse_or_add(footer.paragraphs, footer.add_paragraph, page)
            p.add_run(f"{submission.area} · Page ")
            _field(p, "PAGE")
            p.add_run(" of ")
            _field(p, "NUMPAGES")


def _reuse_or_add(paragraphs: list[Paragraph], add, style_id: str | None) -> Paragraph:
    """A fresh header holds one empty paragraph: use it rather than leave a blank line."""
    if len(paragraphs) == 1 and not paragraphs[0].text and not paragraphs[0]._p.xpath(".//w:drawing|.//w:fldChar"):
        paragraph = paragraphs[0]
    else:
        paragraph = add()
    paragraph._p.style = style_id
    return paragraph


def _paragraph_style_ids(document: Document, styles: dict[str, CT_Style], names: Sequence[str]) -> list[str | None]:
    """The ids python-docx's `paragraph.style = name` would set (none for the default paragraph
    style), found in one pass: it searches every style twice for each paragraph."""
    default = st.default_paragraph_style(document)
    return [None if styles[name] is default else styles[name].get(W_STYLE_ID) for name in names]


def _has_page_field(element) -> bool:
    instructions = [t.text or "" for t in element.iter(qn("w:instrText"))]
    instructions += [f.get(qn("w:instr"), "") for f in element.iter(qn("w:fldSimple"))]
    return any(i.split()[:1] == ["PAGE"] for i in instructions)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (begin, instruction, separate, placeholder, end); Word and LibreOffice fill it in."""
    for kind, text in (("begin", None), ("instr", f" {instruction} "), ("separate", None), ("text", "1"), ("end", None)):
        run = paragraph.add_run()
        if kind == "text":
            run.text = text
        elif kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
            run._r.append(element)
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)


class _Builder:
    """Appends the submission's parts to the document body.

    Styles are applied by id, looked up once: python-docx resolves a style name by
    scanning every style in the document, each time, which made naming them per
    paragraph most of the export's run time.
    """

    def __init__(self, document: Document, styles: dict[str, CT_Style]):
        self.document = document
        self.estimator = Estimator(document)
        self.width = Emu(int(self.estimator.page_width * 12700))
        self.ids = {name: styles[name].get(W_STYLE_ID) for name in st.USED}
        self.body_end = document.element.body.sectPr  # new paragraphs go before the page setup
        self.tags = Tags(document.element.body, self.ids[st.STRONG])  # where each answer is written, for `csf import`
        self.kept: list[bytes] = []  # finished tables' XML, in the order of their stand-ins in the body
        self.lists = Lists(document)

    def add(self, style: str, runs: Runs | str) -> CT_P:
        """A paragraph at the end of the body."""
        return self.write(None, [(style, [(runs, None)] if isinstance(runs, str) else runs)])[0]

    def write(self, cell: CT_Tc | None, paragraphs: Sequence[Para]) -> list[CT_P]:
        """Fill a new (or newly merged) cell, its paragraphs in place of its empty one, or (cell None)
        add to the body; list items become list paragraphs.

        The paragraphs are written as one string of XML and parsed at once: made element by
        element in lxml they were a tenth of the export's time.
        """
        if not paragraphs:
            return []
        xml = "".join(_paragraph(self.ids[style], runs, self.ids, num[0] if num else None) for style, runs, *num in paragraphs)
        out = list(parse_xml(f"<w:body {_W_NS}>{xml}</w:body>"))
        if cell is None:
            for p in out:
                self.body_end.addprevious(p)
        else:
            cell.replace(cell.find(W_P), out[0])
            cell.extend(out[1:])
        return out

    def lines(self, lines: Iterable[Line], body: bool = False) -> list[Para]:
        return _lines(lines, body, self.lists)

    # --- cover ---------------------------------------------------------------------------

    def cover(self, s: Submission) -> None:
        self.add(st.TITLE, s.title)
        for reason in s.unacceptable:  # before anything else: a board must not read further thinking it acceptable
            label, _, rest = reason.partition(": ")
            self.add(st.NORMAL, [(f"{label}: ", st.STRONG), (rest, None)])
        for fact in s.facts:
            self.add(st.FACT, [(f"{fact.label}: ", st.STRONG), (fact.value, None)])
        if s.scored:
            self.add(st.HEADING_1, "Score summary")
        last = self.add(st.NORMAL, f"{s.completeness}.")
        if s.scored:
            self._scores(s)
            self.add(st.HEADING_2, "How the score is worked out")
            last = self.add(st.NORMAL, " ".join(s.computation))  # one paragraph: the cover stays on one page
        if s.signoff:
            self.add(st.HEADING_2, "Sign-off")
            last = self._facts_table(s.signoff, KEY_COLUMNS)
        cover = [b for b in self.document.element.body.iterchildren() if b is not self.body_end]
        # A narrative report counts pages: its cover shares the first. A cover that runs onto a second
        # page is followed by the report on that page, not by a page holding a line or two of it.
        if s.layout != "narrative" and self.estimator.pages(cover) == 1:
            SubElement(SubElement(last, W_R), W_BR, {W_TYPE: "page"})  # in the last line: a full cover adds no blank page

    def _facts_table(self, facts: Sequence[Fact], shares: Sequence[float]) -> CT_P:
        """A two-column table of label and value, kept on one page; returns a paragraph after it."""
        table = self._table(len(facts), shares)
        for tr, fact in zip(table.tr_lst, facts):
            cells = tr.tc_lst
            self.write(cells[0], [(st.TABLE_KEPT, [(fact.label, st.STRONG)])])
            self.write(cells[1], [(st.TABLE_KEPT, [(fact.value or "\n\n", None)])])  # a blank value: room to sign
            mark_row(tr, "w:cantSplit")
        return self.add(st.NORMAL, "")

    def _scores(self, s: Submission) -> None:
        header = ("Section", "Score", "Points", "Answered", "Not applicable")
        lines = [*s.sections, s.overall]
        table = self._table(len(lines) + 1, SCORE_COLUMNS)
        trs = table.tr_lst
        for cell, text in zip(trs[0].tc_lst, header):
            self.write(cell, [(st.TABLE_HEADING, [(text, st.STRONG)])])
        for tr, line in zip(trs[1:], lines):
            strong = st.STRONG if line is s.overall else None
            values = (line.label, line.score, line.points, line.answered, str(line.excluded))
            kept = st.TABLE_TEXT if line is s.overall else st.TABLE_KEPT  # the table moves whole, never one line alone
            for cell, text in zip(tr.tc_lst, values):
                self.write(cell, [(kept, [(text, strong)])])
        self._finish(table)

    def key(self, s: Submission) -> None:
        """The scale, each value with what it requires: just before the tables it explains, so the
        cover keeps to one page."""
        if s.key:
            self.add(st.HEADING_2, "Key to the scale")
        for value in s.key:
            self.add(st.NORMAL, [(f"{value.label}{': ' if value.value else ''}", st.STRONG), (value.value, None)])

    # --- tables --------------------------------------------------------------------------

    def archived(self, s: Submission) -> None:
        """The appendix of answers kept from earlier framework versions."""
        if not s.archived:
            return
        self.add(st.HEADING_1, s.archived_title)
        self.add(st.NORMAL, s.archived_note)
        for entry in s.archived:
            self.add(st.HEADING_2, entry.heading)
            if entry.text:
                self.add(st.NORMAL, entry.text)
            for style, runs in _lines(entry.lines, body=True):
                self.add(style, runs)

    def factor(self, s: Submission, part: Part) -> None:
        self.add(st.HEADING_1, part.heading)
        if s.layout == "questions" and part.description:
            self.add(st.NORMAL, part.description)
        if part.narrative and not part.shared:
            self.add(st.NORMAL, _heading_runs(s.columns[2]))
            self.tags.paragraphs(self.write(None, self.lines(part.narrative, body=True)), "section", part.id)
        rows = part.rows
        merged = (0,) if s.layout == "checklist" else ()
        table = self._table(len(rows) + 1, COLUMNS[s.layout], (*merged, 2) if part.shared else merged)
        trs = table.tr_lst
        for cell, heading in zip(trs[0].tc_lst, s.columns):
            self.write(cell, [(st.TABLE_HEADING, _heading_runs(heading))])
        if s.layout == "checklist":
            about = [(st.TABLE_TEXT, [(part.description, None)])] if part.description else []
            self.write(trs[1].tc_lst[0], [(st.TABLE_TEXT, [(part.heading, st.STRONG)]), *about])
        for tr, row in zip(trs[1:], rows):
            cells = tr.tc_lst
            if s.layout == "questions":
                self.write(cells[0], [(st.TABLE_TEXT, [(row.id, st.STRONG)])])
                self.write(cells[1], [(st.TABLE_TEXT, [(row.text, None)]), *_about(row)])
            else:
                self.write(cells[1], [(st.TABLE_TEXT, [*_marker(row), (row.id, st.STRONG), (f" {row.text}", None)]), *_about(row)])
            if not part.shared:
                self.write(cells[2], self.lines(row.lines))
                self.tags.cell(cells[2], "item", row.id)
        if part.shared:
            cell = trs[1].tc_lst[2]
            self.write(cell, [*self.lines(part.narrative), *self.lines(part.summary)])
            self.tags.cell(cell, "section", part.id)
        self._finish(table)

    def _table(self, rows: int, shares: Sequence[float], merged: Sequence[int] = ()) -> CT_Tbl:
        """A table of empty cells in the body, in the grid style, with fixed column widths (LibreOffice
        reads the grid, Word each cell) and the `merged` columns' body cells merged into one.

        Parsed from one string: the XML python-docx's `add_table`, column and cell widths, `autofit`
        and `merge` make, which built cell by cell was a fifth of the export's time.
        """
        twips = [Emu(int(self.width * share)).twips for share in shares]
        cells = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr><w:p/></w:tc>' for w in twips]
        body = []
        for r in range(1, rows):
            tcs = list(cells)
            for column in merged if rows > 2 else ():
                tcs[column] = tcs[column].replace("</w:tcPr>", _V_MERGE[r > 1] + "</w:tcPr>")
            body.append(f"<w:tr>{''.join(tcs)}</w:tr>")
        tbl = parse_xml(
            f'<w:tbl {_W_NS}><w:tblPr><w:tblStyle w:val="{_attribute(self.ids[st.GRID])}"/><w:tblW w:type="auto" w:w="0"/>'
            '<w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
            'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>'
            + "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
            + f"</w:tblGrid><w:tr>{''.join(cells)}</w:tr>{''.join(body)}</w:tbl>"
        )
        self.body_end.addprevious(tbl)
        return tbl

    def _finish(self, tbl: CT_Tbl) -> None:
        header = tbl.tr_lst[0]
        mark_row(header, "w:cantSplit")
        mark_row(header, "w:tblHeader")
        keep_rows_whole(self.estimator, tbl)
        self._keep(tbl)

    def _keep(self, tbl: CT_Tbl) -> None:
        """Keep a finished table as its XML, an empty table standing in for it until the
        document is saved: the tree of a 10,000-item export's tables, held whole, was most
        of its memory, and the text a sixth of that. Nothing reads a table once finished
        but the measures (which remember its rows and words) and `csf import`'s tags (made
        as each cell is written)."""
        stand_in = tbl.makeelement(W_TBL, {})
        self.estimator.keep(tbl, stand_in)
        self.tags.table_done()
        xml = etree.tostring(tbl, encoding="UTF-8", with_tail=False)
        if not xml.startswith((b"<w:tbl>", b"<w:tbl ")):
            raise AssertionError(f"a table's XML starts {xml[:20]!r}")
        self.kept.append(b"<w:tbl>" + xml[xml.index(b">") + 1 :])  # its namespaces are declared by the document
        tbl.getparent().replace(tbl, stand_in)

    # --- the narrative report ----------------------------------------------------------------

    def narrative(self, s: Submission) -> None:
        for part in s.parts:
            self.add(st.HEADING_1, part.heading)
            if part.description:
                self.add(st.NORMAL, part.description)
            self.tags.paragraphs(self.write(None, self.lines(part.narrative, body=True)), "section", part.id)
            for row in part.rows:
                self.add(st.HEADING_2, f"{row.id} {row.text}")
                self.write(None, _about(row, body=True))
                self.tags.paragraphs(self.write(None, self.lines(row.lines, body=True)), "item", row.id)


    # --- appendices ------------------------------------------------------------------------

    def register(self, s: Submission) -> CT_P | None:
        """An appendix listing the evidence register; returns its first paragraph."""
        if not s.register:
            return None
        first = self.add(st.NORMAL, "")
        SubElement(SubElement(first, W_R), W_BR, {W_TYPE: "page"})
        self.add(st.HEADING_1, "Appendix: evidence register")
        self.add(st.NORMAL, "The documents the answers cite, once each; the practice column names the place in each.")
        table = self._table(len(s.register) + 1, REGISTER_COLUMNS)
        trs = table.tr_lst
        for cell, text in zip(trs[0].tc_lst, ("Document", "Source", "Date", "Owner", "Cited by")):
            self.write(cell, [(st.TABLE_HEADING, [(text, st.STRONG)])])
        for tr, d in zip(trs[1:], s.register):
            about = [(st.TABLE_TEXT, [(text, None)]) for text in (d.link, d.notes) if text]
            cells = tr.tc_lst
            self.write(cells[0], [(st.TABLE_TEXT, [(d.title, st.STRONG), (f" ({d.id})", None)]), *about])
            for cell, text in zip(cells[1:], (d.source, d.date, d.owner, d.cited_by or "not cited")):
                self.write(cell, [(st.TABLE_TEXT, [(text, None)])])
        self._finish(table)
        return first

    def source_notes(self, s: Submission) -> CT_P | None:
        """An appendix of the framework's notes on its source; returns its first paragraph."""
        if not s.notes:
            return None
        first = self.add(st.NORMAL, "")
        SubElement(SubElement(first, W_R), W_BR, {W_TYPE: "page"})
        self.add(st.HEADING_1, "Appendix: notes on the framework's source")
        self.add(st.NORMAL, f"Where the source of {s.framework} corrects or contradicts itself, or leaves a choice to "
                 "the framework, its file records what the source says and what the framework does.")
        for note in s.notes:
            self.add(st.NORMAL, [(f"{note.subject}. ", st.STRONG), ("The source says: ", st.EMPHASIS), (note.source_says, None)])
            self.add(st.NORMAL, [("What the framework does: ", st.EMPHASIS), (note.we_did, None)])
        return first


def _paragraph(style_id: str, runs: Runs, ids: dict[str, str], num_id: str | None = None) -> str:
    """<w:p> with its style, its list numbering if any, and its runs, as XML text.

    python-docx's Paragraph and Run API makes the same, several times slower: it searches
    for each child's place in schema order, and `Run.text` handles one character at a
    time. Tabs and newlines become Word's <w:tab/> and <w:br/>, as `Run.text` makes them.
    """
    out = [f'<w:p><w:pPr><w:pStyle w:val="{_attribute(style_id)}"/>']
    if num_id:
        out.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{_attribute(num_id)}"/></w:numPr>')
    out.append("</w:pPr>")
    for text, char_style in runs:
        if not text:
            continue
        out.append(f'<w:r><w:rPr><w:rStyle w:val="{_attribute(ids[char_style])}"/></w:rPr>' if char_style else "<w:r>")
        for part in _BREAKS.split(text):
            if part == "\t":
                out.append("<w:tab/>")
            elif part == "\n":
                out.append("<w:br/>")
            elif part:  # Word drops a run's outer spaces unless told to keep them
                out.append(f'<w:t xml:space="preserve">{_text(part)}</w:t>' if part[0] == " " or part[-1] == " " else f"<w:t>{_text(part)}</w:t>")
        out.append("</w:r>")
    out.append("</w:p>")
    return "".join(out)


def _text(text: str) -> str:
    """Text as lxml writes it: a carriage return kept as one (the parser would make it a newline)."""
    return escape(text, _CR) if _MARKUP.search(text) else text


@lru_cache(maxsize=None)  # style and numbering ids: a handful, written thousands of times
def _attribute(value: str) -> str:
    return escape(value, _QUOTE)


def _heading_runs(heading: str) -> Runs:
    """'Label: explanation' as the source prints it: the label bold, the rest italic."""
    label, sep, rest = heading.partition(":")
    return [(label + sep, st.STRONG), (f" {rest.strip()}", st.EMPHASIS)] if sep and rest.strip() else [(heading, st.STRONG)]


def _about(row: Row, body: bool = False) -> list[tuple[str, Runs]]:
    """An item's note, definition and guidance from the framework."""
    note, text = (st.NORMAL, st.NORMAL) if body else (st.NOTE, st.TABLE_TEXT)
    out: list[tuple[str, Runs]] = []
    if row.note:
        out.append((note, [(row.note, st.EMPHASIS if body else None)]))
    if row.definition:
        out.append((text, [("Definition: ", st.STRONG), (row.definition, None)]))
    if row.guidance:
        out.append((note, [(row.guidance, st.EMPHASIS if body else None)]))
    return out


def _marker(row: Row) -> Runs:
    """The framework's bullet (✓) before an answered item; an unanswered one's status, in italics."""
    if row.status == "answered":
        return [(f"{row.marker} ", None)] if row.marker else []
    return [(f"{row.marker} · ", st.EMPHASIS)]


def _lines(lines: Iterable[Line], body: bool = False, lists: Lists | None = None) -> list[Para]:
    """An answer's lines: labels and bold in Strong, a missing answer or a state in the note
    style so it stands out, list items as list paragraphs (numbered lists each start afresh)."""
    text, note = (st.NORMAL, st.NORMAL) if body else (st.TABLE_TEXT, st.NOTE)
    out: list[Para] = []
    num_id: str | None = None
    for line in lines:
        if line.kind == "missing":
            out.append((note, [(line.text, st.EMPHASIS if body else None)]))
            continue
        label = [(f"{line.label}: ", st.STRONG)] if line.label else []
        runs = [*label, *((t, st.STRONG if bold else None) for t, bold in line.runs)]
        if line.list and lists is not None:
            if line.opens or num_id is None:
                num_id = lists.bullet() if line.list == "bullet" else lists.numbered(line.number or 1)
            out.append((text, runs, num_id))
        else:
            out.append((text, runs))
    return out
