"""`csf compare` as a table, CSV, JSON, XLSX, HTML or Word: the same rows in every format.

`grid` decides what every format shows: one row of scores per borough (overall and per
section, each with its counts), and per item each borough's rating. Colours mark the
rating's place on the scale (top, between, bottom, left out, not answered) and every
coloured cell also carries the rating's words, so a heat map printed in black and white
still reads. The numbers are each borough's own `score_data()`, what `csf score --json`
prints for that file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

from ..compare import Borough, Comparison, section_scores
from ..errors import display
from ..framework import Framework

FORMATS = ("table", "csv", "json", "xlsx", "html", "docx")
SUFFIX = {"csv": ".csv", "json": ".json", "xlsx": ".xlsx", "html": ".html", "docx": ".docx"}
# Light fills that black text reads on; the same in HTML, Word and Excel.
TONES = {"top": "B7E1CD", "middle": "FCE8B2", "bottom": "F4C7C3", "excluded": "E0E0E0", "missing": "FFFFFF"}
NOT_ANSWERED = "Not answered"
NOT_IN_VERSION = "No equal item in its version"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas


@dataclass(frozen=True)
class Cell:
    text: str
    tone: str  # a key of TONES


@dataclass(frozen=True)
class ScoreRow:
    borough: Borough
    label: str  # the area, with the period when two files share an area
    overall: dict  # score_data()["overall"]
    sections: dict[str, dict | None]  # target section id → score_data section, None when it has no such section


@dataclass(frozen=True)
class Grid:
    framework: Framework
    scores: tuple[ScoreRow, ...]
    items: tuple[tuple[str, str, str, tuple[Cell, ...]], ...]  # (section heading, item id, item text, one cell per borough)
    refused: tuple[tuple[str, str], ...]  # (file, reason)
    note: str  # how versions were laid together, or ""
    marking: str = ""  # protective marking, e.g. OFFICIAL-SENSITIVE: first in every file written


def grid(c: Comparison, marking: str = "") -> Grid:
    fw = c.framework
    labels = _labels(c.boroughs)
    scores = tuple(
        ScoreRow(b, label, b.score["overall"], section_scores(b, fw)) for b, label in zip(c.boroughs, labels)
    )
    items = []
    for section in fw.sections:
        for item in section.items:
            if item.rated:
                cells = tuple(_rating_cell(b, item.id) for b in c.boroughs)
                items.append((section.heading, item.id, item.text, cells))
    note = ""
    if len(c.versions) > 1:
        older = [b for b in c.boroughs if b.framework.version != fw.version]
        shares = sorted({(b.framework.version, b.common) for b in older})
        shown = "; ".join(f"{v} has {n} of {fw.item_count} items in common ({n * 100 // fw.item_count}%)" for v, n in shares)
        note = f"Laid on {fw.label} through its mapping set: {shown}. Only items mapped as equal carry a rating."
    refused = tuple((display(r.path), r.reason) for r in c.refused)
    return Grid(fw, scores, tuple(items), refused, note, " ".join(marking.split()))


def _labels(boroughs) -> list[str]:
    areas = [b.area for b in boroughs]
    out = []
    for b in boroughs:
        label = b.area
        if areas.count(b.area) > 1:
            label += f" ({b.period or b.path.name})"
        out.append(label)
    return out


def _rating_cell(b: Borough, item_id: str) -> Cell:
    if item_id not in b.ratings:
        return Cell(NOT_IN_VERSION, "missing")
    rating = b.ratings[item_id]
    if rating is None:
        return Cell(NOT_ANSWERED, "missing")
    value = b.framework.scale.get(rating)  # its own version's scale: the id came from there
    if value.not_applicable:
        return Cell(value.label, "excluded")
    points = [v.points or 0 for v in b.framework.scale.values if not v.not_applicable]
    tone = "top" if value.points == max(points) else "bottom" if (value.points or 0) == min(points) else "middle"
    return Cell(value.label, tone)


def score_text(score: dict | None) -> str:
    """'72.5%' as `csf score` shows it, 'not scored', or '—' where the borough's version has no such section."""
    if score is None:
        return "—"
    return "not scored" if score["percent"] is None else f"{score['percent']}%"


def score_tone(score: dict | None) -> str:
    if score is None or score["percent"] is None:
        return "missing"
    p = score["percent"]
    return "top" if p >= 75 else "middle" if p >= 50 else "bottom"


def answered_text(score: dict) -> str:
    return f"{score['answered']} of {score['total']}"


# --- text formats ----------------------------------------------------------------------------


def table(g: Grid) -> str:
    fw = g.framework
    header = ["AREA", "PERIOD", "OVERALL", "ANSWERED", *(s.id for s in fw.sections)]
    rows = [[r.label, r.borough.period or "-", score_text(r.overall), answered_text(r.overall),
             *(score_text(r.sections[s.id]) for s in fw.sections)] for r in g.scores]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    out = [f"{fw.label}: {len(g.scores)} submission(s) compared"]
    out += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header, *rows]]
    out += [f"Sections: " + "; ".join(f"{s.id} {s.title}" for s in fw.sections)]
    if g.note:
        out.append(g.note)
    out += [f"not compared: {file}: {reason}" for file, reason in g.refused]
    return "\n".join(out) + "\n"


def csv_rows(g: Grid) -> list[list]:
    """One row per file: its scores with counts, then each item's rating; a refused file says why."""
    fw = g.framework
    header = ["file", "area", "period", "framework", "version", "status", "items in common",
              "overall score", "overall points", "overall possible", "answered", "total", "not applicable"]
    for s in fw.sections:
        header += [f"{s.id} score", f"{s.id} answered", f"{s.id} total"]
    header += [item_id for _, item_id, _, _ in g.items]
    rows = [header]
    for n, r in enumerate(g.scores):
        b, o = r.borough, r.overall
        row = [display(b.path), b.area, b.period, b.framework.id, b.framework.version,
               _status(r.borough), r.borough.common, _num(o["percent"]), o["points"], o["possible"], o["answered"], o["total"],
               o["excluded"]]
        for s in fw.sections:
            sec = r.sections[s.id]
            row += ["", "", ""] if sec is None else [_num(sec["percent"]), sec["answered"], sec["total"]]
        row += [cells[n].text for _, _, _, cells in g.items]
        rows.append(row)
    for file, reason in g.refused:
        rows.append([file, "", "", "", "", f"not compared: {reason}"])
    return rows


def _status(b: Borough) -> str:
    return "compared" if not b.differences else f"compared; {b.differences} edit(s) in Word used"


def _num(value) -> str:
    return "" if value is None else repr(value)


def render_csv(g: Grid) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in ([[g.marking]] if g.marking else []) + csv_rows(g):
        writer.writerow(["'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v for v in row])
    return out.getvalue().encode("utf-8-sig")


def render_json(g: Grid) -> bytes:
    fw = g.framework
    data = {
        "marking": g.marking or None,
        "framework": {"id": fw.id, "version": fw.version, "fingerprint": fw.fingerprint, "title": fw.title},
        "note": g.note or None,
        "submissions": [
            {
                "file": display(r.borough.path),
                "area": r.borough.area,
                "period": r.borough.period,
                "items_in_common": r.borough.common,
                "edits_in_word": r.borough.differences,
                "score": r.borough.score,
                "ratings": r.borough.ratings,
            }
            for r in g.scores
        ],
        "not_compared": [{"file": f, "reason": reason} for f, reason in g.refused],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# --- spreadsheet -------------------------------------------------------------------------------


def render_xlsx(g: Grid) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils.cell import coordinate_from_string

    fills = {tone: PatternFill("solid", start_color=colour, end_color=colour) for tone, colour in TONES.items()}
    bold = Font(bold=True)
    fw = g.framework
    book = Workbook()
    scores = book.active
    scores.title = "Scores"
    header = ["Area", "Period", "Version", "Items in common", "Overall %", "Points", "Possible", "Answered", "Total", "Not applicable"]
    header += [f"{s.heading} %" for s in fw.sections]
    scores.append(header)
    for r in g.scores:
        o = r.overall
        scores.append([r.label, r.borough.period, r.borough.framework.version, r.borough.common,
                       o["percent"], o["points"], o["possible"], o["answered"], o["total"], o["excluded"],
                       *((None if r.sections[s.id] is None else r.sections[s.id]["percent"]) for s in fw.sections)])
        row = scores.max_row
        scores.cell(row, 5).fill = fills[score_tone(o)]
        for n, s in enumerate(fw.sections):
            scores.cell(row, 11 + n).fill = fills[score_tone(r.sections[s.id])]
    items = book.create_sheet("Items")
    items.append(["Section", "Item", "Text", *(r.label for r in g.scores)])
    for heading, item_id, text, cells in g.items:
        items.append([heading, item_id, text, *(c.text for c in cells)])
        for n, c in enumerate(cells):
            items.cell(items.max_row, 4 + n).fill = fills[c.tone]
    for sheet, freeze, widths in ((scores, "B2", {"A": 24}), (items, "D2", {"A": 24, "B": 8, "C": 60})):
        sheet.freeze_panes = freeze
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for column, width in widths.items():
            sheet.column_dimensions[column].width = width
    if g.refused:
        refused = book.create_sheet("Not compared")
        refused.append(["File", "Reason"])
        for row in g.refused:
            refused.append(list(row))
    for sheet in book.worksheets:  # a borough's text is text, never a formula
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"
    if g.marking:  # the first row of every sheet, and the top and foot of every printed page
        for sheet in book.worksheets:
            frozen = sheet.freeze_panes
            sheet.insert_rows(1)
            sheet["A1"], sheet["A1"].font = g.marking, bold
            if frozen:
                column, row = coordinate_from_string(frozen)
                sheet.freeze_panes = f"{column}{row + 1}"
            sheet.oddHeader.center.text = sheet.oddFooter.center.text = g.marking
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- heat maps -------------------------------------------------------------------------------


def render_html(g: Grid, today: dt.date) -> bytes:
    from .html import css_string
    from .templating import environment

    template = environment(autoescape=True, filters={"css_string": css_string}).get_template("compare.html.j2")
    return template.render(g=g, tones=TONES, words=WORDS, bands=SCORE_BANDS, today=today, score_text=score_text, score_tone=score_tone,
                           answered_text=answered_text).encode("utf-8")


BOROUGHS_PER_TABLE = 8  # columns of ratings a landscape A4 page holds legibly


def render_docx(g: Grid, today: dt.date) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    from . import accessible

    document = docx.Document()
    accessible.legible_colours(document)
    title = f"{g.framework.title}: submissions compared"
    accessible.properties(document, title, "csf compare", f"{g.framework.label}: {len(g.scores)} submission(s)", g.marking, today)
    accessible.mark_pages(document, g.marking)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left", "right", "top", "bottom"):
        setattr(section, f"{side}_margin", Mm(15))
    fw = g.framework
    document.add_heading(title, level=0)
    document.add_paragraph(f"{fw.label} · {len(g.scores)} submission(s) · {today.day} {today:%B %Y}")
    if g.note:
        document.add_paragraph(g.note)
    _legend(document)
    document.add_heading("Scores", level=1)
    header = ["Area", "Overall", "Answered", *(s.heading for s in fw.sections)]
    rows = [[(r.label, None), (score_text(r.overall), score_tone(r.overall)), (answered_text(r.overall), None),
             *((score_text(r.sections[s.id]), score_tone(r.sections[s.id])) for s in fw.sections)] for r in g.scores]
    _table(document, header, rows, Pt(8))
    document.add_heading("Ratings by item", level=1)
    for start in range(0, len(g.scores), BOROUGHS_PER_TABLE):
        chunk = g.scores[start : start + BOROUGHS_PER_TABLE]
        if len(g.scores) > BOROUGHS_PER_TABLE:
            document.add_heading(f"{chunk[0].label} to {chunk[-1].label}", level=2)
        rows = [[(f"{item_id} {text}", None), *((c.text, c.tone) for c in cells[start : start + len(chunk)])]
                for _, item_id, text, cells in g.items]
        _table(document, ["Item", *(r.label for r in chunk)], rows, Pt(7.5), first_share=0.34)
    if g.refused:
        document.add_heading("Not compared", level=1)
        for file, reason in g.refused:
            document.add_paragraph(f"{file}: {reason}", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


SCORE_BANDS = "Scores: 75% or more as the top of the scale, 50% to under 75% as part way, under 50% as the bottom."
WORDS = {"top": "top of the scale", "middle": "part way", "bottom": "bottom of the scale",
         "excluded": "not applicable (left out of the score)", "missing": "not answered"}


def _legend(document) -> None:
    from docx.shared import Pt

    _table(document, None, [[("Colour key (each cell also names its rating)", None), *((w, tone) for tone, w in WORDS.items())]], Pt(8))
    document.add_paragraph(SCORE_BANDS)


def _table(document, header: list[str] | None, rows: list[list[tuple[str, str | None]]], size, first_share: float = 0.22) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    columns = len(header) if header else len(rows[0])
    table = document.add_table(rows=len(rows) + bool(header), cols=columns)
    table.style = "Table Grid"
    table.autofit = False
    width = Mm(267)
    rest = (1 - first_share) / max(columns - 1, 1)
    widths = [int(width * first_share), *[int(width * rest)] * (columns - 1)]
    for n, w in enumerate(widths):
        table.columns[n].width = w
    all_rows = [[(h, None) for h in header], *rows] if header else rows
    for tr, cells in zip(table.rows, all_rows):
        for cell, (text, tone), w in zip(tr.cells, cells, widths):
            cell.width = w
            run = cell.paragraphs[0].add_run(text)
            run.font.size = size
            if header and tr is table.rows[0]:
                run.bold = True
            if tone:
                shading = OxmlElement("w:shd")
                shading.set(qn("w:val"), "clear")
                shading.set(qn("w:color"), "auto")
                shading.set(qn("w:fill"), TONES[tone])
                cell._tc.get_or_add_tcPr().append(shading)
    repeat = OxmlElement("w:tblHeader")  # the key's one row is a row of headings too
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)


# --- writing -------------------------------------------------------------------------------


def format_for(output) -> str:
    """The format an output file's name implies; the terminal table when there is none."""
    if output is None:
        return "table"
    for name, suffix in SUFFIX.items():
        if output.suffix.lower() == suffix:
            return name
    from ..errors import UsageError

    raise UsageError(f"cannot tell the format from {output.name!r}; add --format ({', '.join(FORMATS)})")


def render(g: Grid, fmt: str, today: dt.date) -> bytes:
    if fmt == "table":
        return table(g).encode("utf-8")
    renderers = {"csv": render_csv, "json": render_json, "xlsx": render_xlsx}
    if fmt in renderers:
        return renderers[fmt](g)
    return (render_html if fmt == "html" else render_docx)(g, today)


def write(g: Grid, fmt: str, output, today: dt.date):
    """Print a text format, or write the file (never over an existing one). Returns the path written, or None."""
    import sys
    from pathlib import Path

    from ..errors import UsageError
    from ..store import write_atomic
    from . import DEFAULT_DIRECTORY, free_path

    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if output is None and fmt in ("table", "csv", "json"):
        sys.stdout.write(render(g, fmt, today).decode("utf-8-sig"))
        return None
    if fmt == "table":
        raise UsageError("the table is for the terminal; name a file format with --format (csv, json, xlsx, html, docx)")
    if output is not None and output.exists() and not output.is_dir():
        raise UsageError(f"{display(output)} already exists; not overwriting it (name another file)")
    if output is None or output.is_dir():
        directory = output or DEFAULT_DIRECTORY
        path = free_path(Path(directory) / f"compare-{g.framework.id}-{today.isoformat()}{SUFFIX[fmt]}")
        if output is None:
            path.parent.mkdir(mode=0o700, exist_ok=True)
    else:
        path = output
    write_atomic(path, render(g, fmt, today))
    return path
