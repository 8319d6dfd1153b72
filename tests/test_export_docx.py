"""The Word submission: Lambeth's layout reproduced, BVPI and the DSVB brief, templates, marking."""

from __future__ import annotations

import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt

from csf import store
from csf.assessment import new_assessment
from csf.errors import UsageError
from csf import richtext
from csf.registry import Registry

from .exporting import LAMBETH, REGISTRY, as_docx, bvpi, dsvb, rated_csf, rendered, report_of
from .helpers import CSF_VERSION, mini, write_yaml

CSF = REGISTRY.get("partnership-csf")
APPENDIX = "Appendix: notes on the framework's source"


@pytest.fixture(scope="module")
def lambeth():
    report = report_of(LAMBETH)
    return report, as_docx(rendered(report, "docx", marking="OFFICIAL-SENSITIVE").payload)


def factor_tables(document):
    """The tables after the cover's score summary, one per factor."""
    return document.tables[1:]


def test_lambeth_items_in_order_with_lambeth_text_beside_each(lambeth):
    report, document = lambeth
    tables = factor_tables(document)
    assert len(tables) == len(CSF.sections) == 6
    seen = []
    for section, table in zip(CSF.sections, tables):
        narrative = [b.text for b in richtext.parse(report.assessment.narratives[section.id])]
        assert len(table.rows) == len(section.items) + 1
        for item, row in zip(section.items, table.rows[1:]):
            cells = row.cells
            assert cells[1].text == f"Not answered · {item.id} {item.text}"  # Lambeth rated nothing: no ✓ to read as met
            assert all(p in cells[2].text for p in narrative), item.id
            assert section.heading in cells[0].text
            seen.append(item.id)
    assert seen == [item.id for item in CSF.items()]
    assert len(seen) == 49


def test_lambeth_headings_are_the_frameworks_with_lambeth_substituted(lambeth):
    _, document = lambeth
    expected = [CSF.columns.section, CSF.columns.checklist, CSF.columns.practice.replace("{area}", "Lambeth")]
    for table in factor_tables(document):
        assert [c.text for c in table.rows[0].cells] == expected
    assert "Current Practice in Lambeth: DSV services" in expected[2]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Score summary", *(s.heading for s in CSF.sections), APPENDIX]


def test_header_row_repeats_and_rows_are_kept_whole_where_they_fit(lambeth):
    _, document = lambeth
    for table in document.tables:
        header = table.rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
        assert header.find(qn("w:cantSplit")) is not None
    # Factor 1's narrative runs to pages: its rows must stay free to break, or Word would cut it off.
    factor1 = factor_tables(document)[0]
    assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:cantSplit")) is None for row in factor1.rows[1:])
    summary_rows = document.tables[0].rows
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in summary_rows)


def test_landscape_a4_with_widths_on_every_cell_and_column(lambeth):
    _, document = lambeth
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert (round(section.left_margin.mm), round(section.top_margin.mm)) == (16, 18)
    for table in document.tables:
        assert all(column.width for column in table.columns)
        for tr in table._tbl.tr_lst:
            assert all(tc.width for tc in tr.tc_lst)
        assert table.style.name == "Table Grid"


def test_styles_only_no_direct_run_formatting(lambeth):
    _, document = lambeth
    body = document.element.body
    for r_pr in body.iter(qn("w:rPr")):
        if r_pr.getparent().tag == qn("w:r"):
            assert [child.tag for child in r_pr] == [qn("w:rStyle")]
    used = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "CSF Fact"} <= used
    assert document.styles["CSF Table Text"].base_style.name == "Normal"


def test_marking_in_header_and_footer_with_page_numbers(lambeth):
    _, document = lambeth
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    footer = section.footer
    assert [p.text for p in footer.paragraphs][0] == "OFFICIAL-SENSITIVE"
    assert [t.text for t in footer._element.iter(qn("w:instrText"))] == [" PAGE ", " NUMPAGES "]
    assert footer.paragraphs[1].text.startswith("Lambeth · Page ")
    assert document.core_properties.category == "OFFICIAL-SENSITIVE"
    assert document.core_properties.author == "Lambeth"  # the partnership, when no one is named as completing it


def test_cover_has_the_facts_and_a_score_table_with_counts(lambeth):
    _, document = lambeth
    facts = [p.text for p in document.paragraphs if p.style.name == "CSF Fact"]
    assert facts == ["Area: Lambeth", "Period: Not stated", "Completed by: Not stated", "Date: 2 January 2026",
                     f"Framework: partnership-csf, version {CSF_VERSION}", "Status: Draft"]
    summary = document.tables[0]
    assert [c.text for c in summary.rows[0].cells] == ["Section", "Score", "Points", "Answered", "Not applicable"]
    assert [c.text for c in summary.rows[-1].cells] == ["Overall", "not scored", "", "0 of 49", "0"]
    assert "No item of this factor has been rated." in factor_tables(document)[0].rows[1].cells[2].text


def test_rated_items_show_rating_practice_and_evidence_unanswered_say_so(tmp_path):
    document = as_docx(rendered(report_of(rated_csf(tmp_path)), "docx").payload)
    factor1 = factor_tables(document)[0]
    assert factor1.rows[1].cells[2].text == (
        "Rating: Fully met\nThe DV strategic group leads.\nEvidence: Minutes of the strategic group (Partnership minutes, 1 June 2009)"
    )
    assert factor1.rows[5].cells[2].text == "Rating: Not answered"
    factor6 = factor_tables(document)[5]
    shared = factor6.rows[1].cells[2].text
    assert shared.startswith("Training is delivered jointly.\nSkills are audited yearly.\nRating 6.1: Partly met\nRating 6.2: Not answered")
    assert factor6.rows[-1].cells[2].text == shared


def test_bvpi_is_question_definition_answer_with_the_formula_worked(tmp_path):
    document = as_docx(rendered(report_of(bvpi(tmp_path)), "docx").payload)
    framework = REGISTRY.get("bvpi-225")
    table = document.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["Question", "Question and definition", "Answer and evidence: Testborough"]
    q1, q2, q7 = table.rows[1].cells, table.rows[2].cells, table.rows[7].cells
    assert q1[0].text == "Q1"
    assert q1[1].text.startswith(framework.item("Q1").text + "\nDefinition: 1. The directory must list")
    assert q1[2].text.startswith("Answer: Yes\nDone.\nEvidence: Directory of services (Council website, 1 December 2009)")
    assert q2[2].text.startswith("Answer: Yes (worked out from the figures: ")
    assert q7[2].text == "Answer: Not answered"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "N = (a / 11) × 100, where a is the number of questions answered Yes." in text
    assert "a = 6 of 11 (1 answered No, 4 not answered, which count as not Yes)." in text
    assert "Result: 54.5%, rounded half-up to 1 decimal place." in text


def test_bvpi_answers_chosen_without_the_figures_show_their_reason(tmp_path):
    from types import MappingProxyType

    from csf.assessment import Answer
    from csf.report import evaluate

    framework = REGISTRY.get("bvpi-225")
    answers = {
        "Q2": Answer(rating="yes", notes="ONS estimate not yet published", inputs=MappingProxyType({"refuge_places": 27})),
        "Q5": Answer(rating="yes", notes="A fifth meeting was held in April", inputs=MappingProxyType({"supports_forum": True, "forum_meetings": 3})),
        "Q11": Answer(inputs=MappingProxyType({"last_twelve_months": True, "education": True})),
    }
    assessment = new_assessment(framework, "Testborough", "2009-10")
    for item_id, answer in answers.items():
        assessment = assessment.with_answer(item_id, answer, by="t")
    table = as_docx(rendered(evaluate(framework, assessment), "docx").payload).tables[1]
    q2, q5, q11 = (table.rows[n].cells[2].text for n in (2, 5, 11))
    assert q2.startswith("Answer: Yes (chosen by the partnership; the figures do not decide it, needs: Local authority population")
    assert q2.endswith("; reason given: ONS estimate not yet published)")
    assert q5.startswith("Answer: Yes (the figures give No: ") and q5.endswith("; reason given: A fifth meeting was held in April)")
    groups = [i.label for i in framework.item("Q11").inputs if i.name in ("housing", "social_services", "health", "police")]
    assert q11 == f"Answer: Not answered (not worked out from the figures: needs: {'; '.join(groups)})"


def test_dsvb_brief_is_a_narrative_report_without_tables(tmp_path):
    report = report_of(dsvb(tmp_path))
    result = rendered(report, "docx")
    document = as_docx(result.payload)
    assert document.tables == []
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [*(s.heading for s in report.framework.sections), APPENDIX]
    assert headings[0].startswith("C1. Data for") and headings[-2] == "Equality and diversity implications"
    texts = [p.text for p in document.paragraphs]
    c11 = texts.index("C1.1 " + report.framework.item("C1.1").text)
    assert texts[c11 + 2 : c11 + 4] == ["Figure: 1,234", "Domestic violence 1,034; serious sexual offences 200."]
    c12 = report.framework.item("C1.2")
    assert texts[texts.index(f"C1.2 {c12.text}") + 1] == f"Supplied centrally by {c12.supplied_by}: not asked of the area"
    assert texts[texts.index("C2.1 " + report.framework.item("C2.1").text) + 1] == "Not answered"
    assert result.warnings == ()


def test_dsvb_brief_warns_when_over_its_page_limit(tmp_path):
    result = rendered(report_of(dsvb(tmp_path, words_per_answer=400)), "docx")
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("The brief allows no more than 15 pages, excluding appendices. (this export: about ")
    assert ", 0 tables, " in result.warnings[0]


def test_the_page_estimate_counts_the_report_body_not_its_appendices(tmp_path):
    import re

    from csf.export.docxlayout import Estimator

    result = rendered(report_of(dsvb(tmp_path, words_per_answer=400)), "docx")
    document = as_docx(result.payload)
    pages = int(re.search(r"about (\d+) pages", result.warnings[0]).group(1))
    blocks = list(document.element.body.iterchildren())
    heading = blocks.index(next(p for p in document.paragraphs if p.text == APPENDIX)._p)
    estimator = Estimator(document)
    assert estimator.pages(blocks[: heading - 1]) == pages  # up to the page break before the appendix
    assert estimator.pages() > pages


def test_bvpi_word_export_shows_the_return_format_note_with_the_other_source_notes(tmp_path):
    framework = REGISTRY.get("bvpi-225")
    texts = [p.text for p in as_docx(rendered(report_of(bvpi(tmp_path)), "docx").payload).paragraphs]
    appendix = texts[texts.index(APPENDIX):]
    return_format = next(i for i, d in enumerate(framework.details) if d.label == "Return Format")
    [note] = [n for n in framework.notes if n.about == f"details[{return_format}].text"]
    assert f"Return Format. The source says: {note.source_says}" in appendix
    assert appendix[appendix.index(f"Return Format. The source says: {note.source_says}") + 1] == f"What the framework does: {note.we_did}"
    assert sum(t.startswith("What the framework does: ") for t in appendix) == len(framework.notes)


def test_document_rules_read_pages_tables_and_words(tmp_path):
    rules = [
        {"id": "short", "scope": "document", "require": "pages <= 5", "message": "Five pages at most.", "severity": "warning"},
        {"id": "no-tables", "scope": "document", "require": "tables == 0", "message": "No tables.", "severity": "warning"},
        {"id": "words", "scope": "document", "require": "words >= 1", "message": "Say something.", "severity": "warning"},
    ]
    frameworks = tmp_path / "frameworks"
    frameworks.mkdir()
    write_yaml(frameworks / "mini.yaml", mini(rules=rules))
    registry = Registry([frameworks])
    path = tmp_path / "mini-assessment.yaml"
    store.create(path, new_assessment(registry.get("mini"), "Testborough"))
    result = rendered(report_of(path, registry), "docx")
    assert [w.split(" (")[0] for w in result.warnings] == ["No tables."]
    assert "about 2 pages, 3 tables" in result.warnings[0]


def _template(path, drop: tuple[str, ...] = ()):
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Testborough Council letterhead"
    page = document.sections[0].footer.paragraphs[0]._p
    page.append(page.makeelement(qn("w:fldSimple"), {qn("w:instr"): " PAGE "}))
    document.add_paragraph("Placeholder body text to be replaced")
    document.styles["Heading 1"].font.size = Pt(20)
    for name in drop:
        style = document.styles[name]
        style.element.getparent().remove(style.element)
    document.save(path)
    return path


def test_template_keeps_its_styles_and_letterhead_and_loses_its_body(tmp_path):
    template = _template(tmp_path / "house.docx")
    result = rendered(report_of(rated_csf(tmp_path)), "docx", template=template, marking="OFFICIAL")
    document = as_docx(result.payload)
    assert result.warnings == ()
    assert document.styles["Heading 1"].font.size == Pt(20)
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header == ["Testborough Council letterhead", "OFFICIAL", "DRAFT"]
    footer = document.sections[0].footer._element
    assert len(list(footer.iter(qn("w:fldSimple")))) == 1 and not list(footer.iter(qn("w:instrText")))
    assert all("Placeholder" not in p.text for p in document.paragraphs)
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert document.sections[0].page_width > document.sections[0].page_height


def test_template_missing_styles_are_added_and_named(tmp_path):
    template = _template(tmp_path / "bare.docx", drop=("Heading 2", "Strong", "Table Grid"))
    result = rendered(report_of(rated_csf(tmp_path)), "docx", template=template)
    assert result.warnings == ("the template has no 'Heading 2', 'Strong', 'Table Grid' styles; added plain ones (restyle them in Word)",)
    document = as_docx(result.payload)
    assert document.styles["Strong"].type == WD_STYLE_TYPE.CHARACTER and document.styles["Strong"].font.bold
    assert document.tables[0].style.name == "Table Grid"


def test_a_template_that_is_not_a_word_file_is_refused(tmp_path):
    fake = tmp_path / "letter.docx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(UsageError, match=r"letter.docx is not a Word .docx file"):
        rendered(report_of(rated_csf(tmp_path)), "docx", template=fake)



def test_a_template_without_page_setup_gets_a4(tmp_path):
    """A template whose body has no section properties used to divide by a page height of 0."""
    import docx

    from csf.assessment import new_assessment
    from csf.export import Options, export
    from csf.registry import Registry
    from csf.report import evaluate

    template = docx.Document()
    body = template.element.body
    body.remove(body.sectPr)
    template.save(str(tmp_path / "bare.docx"))
    brief = Registry().get("dsvb-brief")
    report = evaluate(brief, new_assessment(brief, "Testborough"))
    done = export(report, "docx", tmp_path / "out.docx", Options(template=tmp_path / "bare.docx"))
    section = docx.Document(str(done.path)).sections[0]
    assert section.page_height > section.page_width > 0


def test_the_word_key_gives_each_value_of_the_scale_with_what_it_requires(lambeth):
    _, document = lambeth
    texts = [p.text for p in document.paragraphs]
    at = texts.index("Key to the scale")
    points = {v.id: "not scored" if v.not_applicable else f"{v.points} point" + ("" if v.points == 1 else "s") for v in CSF.scale.values}
    assert texts[at + 1 : at + 1 + len(CSF.scale.values)] == [f"{v.label} ({points[v.id]}): {v.description}" for v in CSF.scale.values]
    assert all(v.description for v in CSF.scale.values)
    assert texts[at + 1 + len(CSF.scale.values)] == CSF.sections[0].heading  # the key comes just before the tables
