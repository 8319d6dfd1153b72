"""Documents everyone can read: what a screen reader and a public-sector accessibility check
look for in the Word and HTML exports, and the protective marking in every format.

The HTML checks are computed from what the export writes: its headings, its table
headers, its images and the colours in its own CSS, whose contrast against their
background is worked out with the WCAG 2 formula.
"""

from __future__ import annotations

import base64
import csv
import io
import re
from html.parser import HTMLParser

import docx
import pytest
from docx.oxml.ns import qn

from csf.cli import main

from .exporting import LAMBETH, as_docx, bvpi, dsvb, rated_csf, rendered, report_of

# A 1×1 PNG: enough for Word to hold a picture.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """One report per layout: Lambeth (a factor answered as a whole), a rated checklist,
    BVPI's questions, the DSVB brief's narrative report."""
    directory = tmp_path_factory.mktemp("reports")
    return {
        "lambeth": report_of(LAMBETH),
        "checklist": report_of(rated_csf(directory)),
        "questions": report_of(bvpi(directory)),
        "narrative": report_of(dsvb(directory)),
    }


LAYOUTS = ("lambeth", "checklist", "questions", "narrative")


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of '#rgb' or '#rrggbb'."""
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_gives_the_published_ratios():
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the well-known just-too-light grey


def heading_levels_in_order(levels: list[int]) -> bool:
    """The first heading is level 1 and no heading skips a level on the way down."""
    return bool(levels) and levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))


# --- Word ---------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_word_core_properties_hold_title_language_and_author(reports, layout):
    report = reports[layout]
    properties = as_docx(rendered(report, "docx").payload).core_properties
    assert properties.title == report.framework.title
    assert properties.language == "en-GB"
    assert properties.author == (report.assessment.completed_by or report.assessment.area)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_word_headings_are_real_heading_styles_in_order(reports, layout):
    document = as_docx(rendered(reports[layout], "docx").payload)
    levels = []
    for paragraph in document.paragraphs:
        if match := re.fullmatch(r"Heading (\d)", paragraph.style.name):
            levels.append(int(match.group(1)))
            outline = paragraph.style.element.pPr.find(qn("w:outlineLvl"))
            assert outline is not None and int(outline.get(qn("w:val"))) == levels[-1] - 1
    assert heading_levels_in_order(levels), levels
    assert document.paragraphs[0].style.name == "Title"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_word_tables_first_rows_are_header_rows(reports, layout):
    document = as_docx(rendered(reports[layout], "docx").payload)
    assert len(document.tables) == {"lambeth": 7, "checklist": 7, "questions": 2, "narrative": 0}[layout]
    for table in document.tables:
        rows = table._tbl.tr_lst
        assert rows[0].trPr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
        assert all(tr.trPr is None or tr.trPr.find(qn("w:tblHeader")) is None for tr in rows[1:])


def test_word_text_colours_have_contrast_and_meaning_is_in_words(reports):
    """The only colours are the heading styles' (decoration); a rating or a missing answer is words."""
    document = as_docx(rendered(reports["checklist"], "docx").payload)
    used = {p.style.name for p in document.paragraphs} | {"Strong", "Emphasis"}
    colours = {}
    for name in used:
        element = document.styles[name].element.find(f"{qn('w:rPr')}/{qn('w:color')}")
        if element is not None and element.get(qn("w:val")) != "auto":
            colours[name] = element.get(qn("w:val"))
    assert {"Title", "Heading 1", "Heading 2"} <= set(colours)
    for name, colour in colours.items():
        assert contrast(f"#{colour}", "#ffffff") >= 4.5, name
    assert not list(document.element.body.iter(qn("w:shd"), qn("w:highlight"), qn("w:color")))
    answers = [row.cells[2].text for row in document.tables[1].rows[1:]]
    assert answers[0].startswith("Rating: Fully met") and answers[4] == "Rating: Not answered"


def _template_with_logo(path, alt: str):
    template = docx.Document()
    template.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(PIXEL))
    if alt:
        for pr in template.sections[0].header._element.xpath(".//wp:docPr"):
            pr.set("descr", alt)
    template.save(str(path))
    return path


def test_every_picture_has_alternative_text_or_the_export_says_which(reports, tmp_path):
    bare = _template_with_logo(tmp_path / "logo.docx", alt="")
    result = rendered(reports["checklist"], "docx", template=bare)
    assert result.warnings == (
        "the picture 'Picture 1' in the header has no alternative text (in Word: right-click it, Edit Alt Text)",
    )
    described = _template_with_logo(tmp_path / "described.docx", alt="Testborough Council crest")
    result = rendered(reports["checklist"], "docx", template=described)
    assert result.warnings == ()
    pictures = as_docx(result.payload).sections[0].header._element.xpath(".//wp:docPr")
    assert [p.get("descr") for p in pictures] == ["Testborough Council crest"]


# --- HTML ---------------------------------------------------------------------------------


class Page(HTMLParser):
    """What the accessibility checks need from a page."""

    def __init__(self, html: str):
        super().__init__()
        self.lang = None
        self.headings: list[int] = []
        self.th: list[dict] = []
        self.images: list[dict] = []
        self.css = ""
        self._in_style = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "th":
            self.th.append(attributes)
        elif tag == "img":
            self.images.append(attributes)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.css += data


def css_rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, declarations) for every plain rule, inside @media blocks too."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = []
    for selector, body in re.findall(r"([^{}@;]+)\{([^{}]*)\}", css):
        declarations = dict(
            (name.strip().lower(), value.strip())
            for name, value in (d.split(":", 1) for d in body.split(";") if ":" in d)
        )
        rules.append((selector.strip(), declarations))
    return rules


def _colour(value: str) -> str | None:
    match = re.search(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", value)
    return match.group() if match else None


def check_html(html: str, table_expected: bool = True) -> list[str]:
    """Assert what a public-sector accessibility check asks of a page; return the CSS rules whose colours were checked."""
    page = Page(html)
    assert page.lang == "en-GB"
    assert heading_levels_in_order(page.headings), page.headings
    assert bool(page.th) == table_expected
    assert all(th.get("scope") in ("col", "row", "rowgroup") for th in page.th), [th for th in page.th if not th.get("scope")]
    assert all((img.get("alt") or "").strip() for img in page.images)

    rules = css_rules(page.css)
    body = next(d for s, d in rules if s == "body")
    page_text, page_background = _colour(body["color"]), _colour(body.get("background", body.get("background-color", "")))
    assert page_text and page_background
    checked = []
    for selector, declarations in rules:
        text = _colour(declarations.get("color", ""))
        background = _colour(declarations.get("background", declarations.get("background-color", "")))
        if text is None and background is None:
            continue
        text, background = text or page_text, background or page_background
        ratio = contrast(text, background)
        assert ratio >= 4.5, f"{selector}: {text} on {background} is {ratio:.2f}:1"
        checked.append(selector)
    return checked


@pytest.mark.parametrize("layout", LAYOUTS)
def test_html_passes_the_accessibility_checks(reports, layout):
    html = rendered(reports[layout], "html", marking="OFFICIAL").payload.decode("utf-8")
    checked = check_html(html, table_expected=layout != "narrative")
    assert "body" in checked and ".missing" in checked


# --- protective marking -------------------------------------------------------------------


def test_marking_at_the_top_and_bottom_of_html_and_markdown_and_first_in_csv(reports):
    report = reports["checklist"]
    markdown = rendered(report, "md", marking="OFFICIAL-SENSITIVE").payload.decode("utf-8").strip().splitlines()
    assert markdown[0] == markdown[-1] == "**OFFICIAL-SENSITIVE**"
    html = rendered(report, "html", marking="OFFICIAL-SENSITIVE").payload.decode("utf-8")
    body = html.split("<body>", 1)[1].split("</body>", 1)[0].strip()
    assert body.startswith('<div class="marking top">OFFICIAL-SENSITIVE</div>')
    assert body.endswith('<div class="marking bottom">OFFICIAL-SENSITIVE</div>')
    rows = list(csv.reader(io.StringIO(rendered(report, "csv", marking="OFFICIAL-SENSITIVE").payload.decode("utf-8-sig"))))
    assert rows[0] == ["OFFICIAL-SENSITIVE"]
    assert rows[1][:3] == ["framework", "area", "section"] and len(rows) == 2 + 49
    unmarked = list(csv.reader(io.StringIO(rendered(report, "csv").payload.decode("utf-8-sig"))))
    assert unmarked[0][:2] == ["framework", "area"]


def test_word_marking_in_every_header_and_footer(reports):
    document = as_docx(rendered(reports["questions"], "docx", marking="OFFICIAL-SENSITIVE").payload)
    section = document.sections[0]
    assert section.header.paragraphs[0].text == section.footer.paragraphs[0].text == "OFFICIAL-SENSITIVE"


# --- csf compare --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    """Ten boroughs compared into every file format, marked."""
    from .boroughs import write_boroughs

    directory = tmp_path_factory.mktemp("hq")
    files = write_boroughs(directory / "in", count=10)
    out = {}
    for fmt in ("html", "docx", "xlsx", "csv"):
        out[fmt] = directory / f"hq.{fmt}"
        assert main(["compare", *map(str, files), "-o", str(out[fmt]), "--marking", "OFFICIAL-SENSITIVE"]) == 0
    return out


def test_compare_html_passes_the_accessibility_checks_and_is_marked(compared):
    html = compared["html"].read_text(encoding="utf-8")
    checked = check_html(html)
    assert {".top", ".middle", ".bottom", ".excluded", "td.missing"} <= set(checked)  # every heat-map tone
    body = html.split("<body>", 1)[1].split("</body>", 1)[0].strip()
    # class "marking" only: "top" is the heat-map tone for the top of the scale, and would colour the marking green
    assert body.startswith('<div class="marking">OFFICIAL-SENSITIVE</div>')
    assert body.endswith('<div class="marking">OFFICIAL-SENSITIVE</div>')
    assert html.count('content: "OFFICIAL-SENSITIVE"') == 2


def test_compare_word_is_titled_in_order_with_header_rows_legible_and_marked(compared):
    document = docx.Document(str(compared["docx"]))
    properties = document.core_properties
    assert properties.title.endswith(": submissions compared") and properties.language == "en-GB"
    assert properties.author == "csf compare"
    levels = [int(p.style.name[-1]) for p in document.paragraphs if re.fullmatch(r"Heading \d", p.style.name)]
    assert heading_levels_in_order(levels), levels
    for table in document.tables:
        assert table._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
    for color in document.styles.element.iter(qn("w:color")):
        if color.get(qn("w:val")) != "auto":
            assert contrast(f"#{color.get(qn('w:val'))}", "#ffffff") >= 4.5
    section = document.sections[0]
    assert section.header.paragraphs[0].text == section.footer.paragraphs[0].text == "OFFICIAL-SENSITIVE"


def test_compare_xlsx_and_csv_have_the_marking_first(compared):
    from openpyxl import load_workbook

    book = load_workbook(compared["xlsx"])
    for sheet in book.worksheets:
        assert sheet["A1"].value == "OFFICIAL-SENSITIVE" and sheet.max_column > 1
        assert sheet.oddHeader.center.text == sheet.oddFooter.center.text == "OFFICIAL-SENSITIVE"
    scores, items = book["Scores"], book["Items"]
    assert scores.freeze_panes == "B3" and items.freeze_panes == "D3"  # the marking row stays in view too
    assert scores.cell(2, 1).value == "Area" and items.cell(3, 2).value == "1.1"
    assert scores.cell(2, 1).font.bold
    rows = list(csv.reader(io.StringIO(compared["csv"].read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["OFFICIAL-SENSITIVE"] and rows[1][:2] == ["file", "area"] and len(rows) == 12


# --- action plans and board summaries --------------------------------------------------------


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    """Two years of one area, an action plan drawn from its gaps, and each document exported, marked."""
    directory = tmp_path_factory.mktemp("board")
    years = []
    for period, rating in (("2008-09", "not-met"), ("2009-10", "partly-met")):
        path = directory / f"bexley-{period}.yaml"
        assert main(["new", "--framework", "partnership-csf", "--area", "Bexley", "--period", period, "-o", str(path)]) == 0
        assert main(["answer", str(path), "1.1", "--rating", rating]) == 0
        years.append(path)
    plan = directory / "plan.yaml"
    assert main(["plan", "new", "-o", str(plan), "--area", "Bexley", "--period", "2009-10"]) == 0
    assert main(["plan", "add", str(plan), "--ref", "1.1", "--action", "Agree the chair", "--rag", "amber",
                 "--priority", "Leadership"]) == 0
    out = {}
    for fmt in ("docx", "html", "md"):
        out[f"summary.{fmt}"] = directory / f"summary.{fmt}"
        assert main(["summary", str(years[-1]), "--previous", str(years[0]), "--plan", str(plan),
                     "-o", str(out[f"summary.{fmt}"]), "--marking", "OFFICIAL-SENSITIVE"]) == 0
    for fmt in ("docx", "html", "md", "csv"):
        out[f"plan.{fmt}"] = directory / f"plan.{fmt}"
        assert main(["plan", "export", str(plan), "-o", str(out[f"plan.{fmt}"]), "--marking", "OFFICIAL-SENSITIVE"]) == 0
    out["plan.yaml"] = plan
    return out


@pytest.mark.parametrize("name", ["summary.docx", "plan.docx"])
def test_board_word_documents_are_titled_marked_and_every_picture_described(board, name):
    document = docx.Document(str(board[name]))
    properties = document.core_properties
    assert properties.title and properties.language == "en-GB" and properties.author == "Bexley"
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert [p.text for p in section.footer.paragraphs][0] == "OFFICIAL-SENSITIVE"
    assert section.footer.paragraphs[1].text.endswith("Page 1 of 1")  # the page number stays, under the marking
    pictures = document.element.body.xpath(".//wp:docPr")
    assert len(pictures) == (1 if name == "summary.docx" else 0)  # the summary's trend chart
    assert all(p.get("descr", "").strip() for p in pictures)
    levels = [int(p.style.name[-1]) for p in document.paragraphs if re.fullmatch(r"Heading \d", p.style.name)]
    assert heading_levels_in_order(levels)
    for table in document.tables:
        assert table._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")) is not None


@pytest.mark.parametrize("name", ["summary.html", "plan.html"])
def test_board_html_passes_the_accessibility_checks_and_is_marked(board, name):
    html = board[name].read_text(encoding="utf-8")
    assert "body" in check_html(html)
    body = html.split("<body>", 1)[1].split("</body>", 1)[0].strip()
    assert body.startswith('<div class="marking top">OFFICIAL-SENSITIVE</div>')
    assert body.endswith('<div class="marking bottom">OFFICIAL-SENSITIVE</div>')


def test_board_markdown_and_csv_carry_the_marking_first(board):
    for name in ("summary.md", "plan.md"):
        lines = board[name].read_text(encoding="utf-8").strip().splitlines()
        assert lines[0] == lines[-1] == "**OFFICIAL-SENSITIVE**", name
    rows = list(csv.reader(io.StringIO(board["plan.csv"].read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["OFFICIAL-SENSITIVE"] and rows[1][0] == "Priority"


def test_a_plan_export_warns_of_personal_data_and_strict_privacy_writes_nothing(board, tmp_path, capsys):
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(board["plan.yaml"].read_bytes())
    assert main(["plan", "update", str(plan), "1.1", "--progress", "Mrs Smith called on 07700 900123"]) == 0
    capsys.readouterr()
    assert main(["plan", "export", str(plan), "-o", str(tmp_path / "plan.md")]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "personal data" in line]
    assert len(warnings) == 2 and all("Smith" not in w and "900123" not in w for w in warnings)
    assert "progress[0].text: title and name [" in warnings[0]
    assert main(["plan", "export", str(plan), "-o", str(tmp_path / "strict.md"), "--strict-privacy"]) == 1
    assert not (tmp_path / "strict.md").exists()
