"""What a partnership's assessment looks like in every export: states, register, agencies,
DRAFT and sign-off, the scale key, and Markdown bold and lists as real Word runs and lists."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest
from docx.oxml.ns import qn

from csf import store
from csf.assessment import Agency, Answer, Citation, Document, Submission, new_assessment
from csf.report import evaluate

from .exporting import REGISTRY, as_docx, rendered

CSF = REGISTRY.get("partnership-csf")
PRACTICE = "**Information sharing.** The protocol is at testing stage:\n- police and council have signed\n- health to sign by March\n\n1. first step\n2. second step\n\nThen:\n\n1. again one"


def partly(tmp_path=None):
    """Some items answered, one in progress, one unknown, a register cited five times, two agencies."""
    a = new_assessment(CSF, "Testborough", "2009-10", "DV co-ordinator")
    a = a.with_agency(Agency("mps", "MPS Testborough BOCU"), by="t").with_agency(Agency("council", "Testborough Council"), by="t")
    a = a.with_document(Document("dvb", "Report to the DV Board", "MPA", "2009-11-06", "mps", "https://example.org/dvb.pdf"), by="t")
    for n, item in enumerate(("1.1", "1.2", "1.3", "2.1", "3.4")):
        a = a.with_answer(item, Answer(rating="partly-met", practice="Done in part.", cite=(Citation("dvb", f"§E para {51 + n}"),)), by="t")
    a = a.with_answer("1.1", replace(a.answer("1.1"), practice=PRACTICE, agency="council"), by="t")
    a = a.with_answer("4.1", Answer(state="in-progress", due="2010-03-31"), by="t")
    a = a.with_answer("4.2", Answer(state="unknown", reason="the board paper says nothing about this"), by="t")
    return a


def complete_and_approved():
    a = new_assessment(CSF, "Testborough", "2009-10", "DV co-ordinator")
    for item in CSF.items():
        a = a.with_answer(item.id, Answer(rating="partly-met", practice="In part."), by="t")
    return a.with_submission(Submission("approved", "2010-04-30", "Chair, Safer Testborough", "2010-05-12"), by="t")


def body_text(document) -> str:
    return "\n".join(p.text for p in document.element.body.iter(qn("w:p")) for p in [_P(p)])


class _P:
    def __init__(self, p):
        self.text = "".join(t.text or "" for t in p.iter(qn("w:t")))


def headers(document) -> list[str]:
    out = []
    for section in document.sections:
        kinds = [section.header]
        if section.different_first_page_header_footer:
            kinds.append(section.first_page_header)
        out += ["\n".join(p.text for p in h.paragraphs) for h in kinds]
    return out


def test_word_of_an_incomplete_assessment_says_draft_on_every_page():
    document = as_docx(rendered(evaluate(CSF, partly()), "docx").payload)
    assert headers(document) and all("DRAFT" in h.split("\n") for h in headers(document))
    assert "Sign-off" not in body_text(document)


def test_an_approved_complete_assessment_has_a_signoff_block_and_no_draft():
    report = evaluate(CSF, complete_and_approved())
    assert report.answered == report.total
    document = as_docx(rendered(report, "docx").payload)
    assert not any("DRAFT" in h for h in headers(document))
    text = body_text(document)
    assert "Sign-off" in text
    table = next(t for t in document.tables if t.cell(0, 0).text == "Approved by")
    assert [(r.cells[0].text, r.cells[1].text.strip()) for r in table.rows] == [
        ("Approved by", "Chair, Safer Testborough"), ("Approved on", "12 May 2010"), ("Signature", "")]
    assert "Status: Approved, submitted 30 April 2010; approved by Chair, Safer Testborough on 12 May 2010" in text
    approved_but_gaps = evaluate(CSF, partly().with_submission(Submission("approved", approved_by="x", approved_on="2010-05-12"), by="t"))
    assert all("DRAFT" in h for h in headers(as_docx(rendered(approved_but_gaps, "docx").payload)))


def test_markdown_bold_and_lists_become_word_runs_and_list_paragraphs():
    document = as_docx(rendered(evaluate(CSF, partly()), "docx").payload)
    cell = next(c for t in document.tables for r in t.rows for c in r.cells if "Information sharing." in c.text)
    paragraphs = [p for p in cell.paragraphs if p.text]
    first = next(p for p in paragraphs if p.text.startswith("Information sharing."))
    assert [(r.text, r.style.name) for r in first.runs] == [
        ("Information sharing.", "Strong"), (" The protocol is at testing stage:", "Default Paragraph Font")]
    listed = [(p.text, p._p.pPr.numPr) for p in paragraphs if p._p.pPr.numPr is not None]
    assert [text for text, _ in listed] == [
        "police and council have signed", "health to sign by March", "first step", "second step", "again one"]
    ids = [num.numId.val for _, num in listed]
    assert ids[0] == ids[1] and len({ids[0], ids[2], ids[4]}) == 3 and ids[2] == ids[3]  # each numbered list starts afresh
    numbering = document.part.numbering_part.element
    formats = {n.numId: n.abstractNumId.val for n in numbering.num_lst}
    abstract = {a.get(qn("w:abstractNumId")): a.find(f"{qn('w:lvl')}/{qn('w:numFmt')}").get(qn("w:val"))
                for a in numbering.iterchildren(qn("w:abstractNum"))}
    assert [abstract[str(formats[i])] for i in ids] == ["bullet", "bullet", "decimal", "decimal", "decimal"]
    assert "**" not in body_text(document)


def test_states_register_agency_and_key_in_the_word_file():
    report = evaluate(CSF, partly())
    document = as_docx(rendered(report, "docx").payload)
    text = body_text(document)
    assert "State: in progress, due 31 March 2010" in text
    assert "State: unknown: the board paper says nothing about this" in text
    assert "Agency: Testborough Council" in text
    assert "Cited: Report to the DV Board, §E para 51 (MPA, 6 November 2009; MPS Testborough BOCU)" in text
    assert "Key to the scale" in text and "2 points" in text
    checklist = [r.cells[1].text for t in document.tables for r in t.rows[1:] if len(r.cells) == 3]
    assert any(c.startswith("In progress · 4.1 ") for c in checklist)
    assert any(c.startswith("Unknown · 4.2 ") for c in checklist)
    assert any(c.startswith("Not answered · 1.4 ") for c in checklist)
    assert any(c.startswith("✓ 1.1 ") for c in checklist)
    assert not any(c.startswith("✓") and c.split()[1] in ("1.4", "4.1", "4.2") for c in checklist)
    register = next(t for t in document.tables if t.cell(0, 0).text == "Document")
    assert [c.text for c in register.rows[1].cells] == [
        "Report to the DV Board (dvb)\nhttps://example.org/dvb.pdf", "MPA", "6 November 2009", "MPS Testborough BOCU",
        "1.1, 1.2, 1.3, 2.1, 3.4"]


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv"])
def test_states_are_shown_in_every_other_export_and_do_not_change_the_score(fmt):
    a = partly()
    without = evaluate(CSF, a.with_answer("4.1", Answer(), by="t").with_answer("4.2", Answer(), by="t"))
    report = evaluate(CSF, a)
    assert report.scorecard == without.scorecard
    text = rendered(report, fmt).payload.decode("utf-8-sig")
    if fmt in ("md", "html"):
        assert "in progress, due 31 March 2010" in text
        assert "unknown: the board paper says nothing about this" in text
        assert "DRAFT" in text and "Key to the scale" in text and "evidence register" in text
        assert "Testborough Council" in text and "§E para 53" in text
    if fmt == "html":
        assert "<strong>Information sharing.</strong>" in text
        assert "<ul class=\"practice\"><li>police and council have signed</li>" in text
        assert "<ol class=\"practice\"><li>first step</li>" in text
    if fmt == "md":
        assert "**Information sharing.** The protocol is at testing stage:" in text
        assert "\n- police and council have signed\n" in text and "\n1. first step\n" in text
    if fmt == "json":
        data = json.loads(text)
        items = {i["id"]: i for i in data["items"]}
        assert (items["4.1"]["status"], items["4.1"]["due"]) == ("in progress", "2010-03-31")
        assert (items["4.2"]["status"], items["4.2"]["reason"]) == ("unknown", "the board paper says nothing about this")
        assert data["score"] == without.score_data()
    if fmt == "csv":
        rows = {r["item id"]: r for r in csv.DictReader(io.StringIO(text))}
        assert (rows["4.1"]["status"], rows["4.1"]["status detail"]) == ("in progress", "in progress, due 31 March 2010")
        assert rows["4.2"]["status"] == "unknown" and rows["1.4"]["status"] == "not answered"
        assert rows["1.1"]["period"] == "2009-10" and rows["1.1"]["agency"] == "Testborough Council"
        assert rows["1.1"]["evidence"] == "Report to the DV Board, §E para 51 (MPA, 6 November 2009; MPS Testborough BOCU)"
        assert rows["1.1"]["practice"].startswith("Information sharing. The protocol is at testing stage:\n\n• police and council have signed\n• health")
        assert rows["1.1"]["evidence count"] == "1"


def test_plain_text_stays_plain_in_word(tmp_path):
    a = new_assessment(CSF, "Testborough", "2009-10").with_answer(
        "1.1", Answer(rating="partly-met", practice="5 * 3 = 15 and a_b\n- not at the start? it is a list"), by="t")
    document = as_docx(rendered(evaluate(CSF, a), "docx").payload)
    cell = next(c for t in document.tables for r in t.rows for c in r.cells if "5 * 3 = 15" in c.text)
    assert [p.text for p in cell.paragraphs if p.text][-2:] == ["5 * 3 = 15 and a_b", "not at the start? it is a list"]


def test_the_export_cli_writes_an_assessment_with_states(tmp_path, capsys):
    from .helpers import run

    path = tmp_path / "a.yaml"
    store.create(path, partly())
    code, out, _ = run(capsys, "export", str(path), "-o", str(tmp_path / "a.docx"))
    assert code == 0 and "5 of 49 answered" in out
