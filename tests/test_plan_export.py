"""The action plan as exported: Word in Camden's columns, CSV, HTML, Markdown, JSON."""

from __future__ import annotations

import csv
import io
import json

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from .helpers import run


def camden_columns(sources) -> list[str]:
    """The column headings of source 001's action plan table, as printed."""
    text = (sources / "001_5234e67fc77bf432.txt").read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.startswith("Ref\t")).split("\t")


@pytest.fixture
def plan(tmp_path, capsys):
    path = tmp_path / "plan.yaml"
    run(capsys, "plan", "new", "-o", str(path), "--area", "Camden", "--period", "2007-08")
    run(capsys, "plan", "priority", str(path), "Priority 1: Safety", "--outcome", "Victims are safer")
    actions = [
        ("DV2", "red", "Priority 1: Safety", ["--lead", "Police", "--lead", "IDVAs", "--funding", "LAA: MARAC £30k",
                                            "--measure", "Increased number of cases receiving support"]),
        ("5.2 (iii)", "yellow", "Priority 1: Safety", ["--progress", "Referral pathways group met", "--on", "2008-01-10"]),
        ("DV12", "green", "Priority 2: Knowledge", ["--baseline", "Data sets used: Housing, Police"]),
    ]
    for ref, rag, priority, more in actions:
        assert run(capsys, "plan", "add", str(path), "--ref", ref, "--action", f"Action {ref}", "--rag", rag,
                   "--priority", priority, *more)[0] == 0
    run(capsys, "plan", "update", str(path), "DV12", "--complete", "2008-03-31")
    return path


def _export(capsys, plan, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    code, stdout, err = run(capsys, "plan", "export", str(plan), "--format", fmt, "-o", str(out))
    assert (code, err) == (0, ""), err
    assert stdout == f"wrote {out}: action plan for Camden, 3 action(s)\n"
    return out


def test_word_plan_has_the_camden_columns_with_a_repeating_header(plan, tmp_path, capsys, sources):
    document = docx.Document(str(_export(capsys, plan, tmp_path, "docx")))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    rag, first, second = document.tables
    columns = camden_columns(sources)
    assert len(columns) == 8
    for table in (first, second):
        header = table.rows[0]
        assert [c.text for c in header.cells] == columns
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    # Each action: its eight cells, then one progress row spanning them all.
    assert [c.text for c in first.rows[1].cells][:3] == ["DV2", "", "Action DV2"]
    assert first.rows[1].cells[5].text == "Police\nIDVAs"
    assert first.rows[1].cells[7].text == "LAA: MARAC £30k"
    progress = first.rows[2].cells
    assert len({id(c._tc) for c in progress}) == 1 and progress[0].text.startswith("RAG: Red")
    assert "10 January 2008: Referral pathways group met" in first.rows[4].cells[0].text
    assert first.rows[4].cells[0].text.startswith("RAG: Amber")
    assert second.rows[2].cells[0].text.startswith("Complete: 31 March 2008\nRAG: Green")


def test_word_plan_opens_with_rag_by_priority_counts_and_percentages(plan, tmp_path, capsys):
    document = docx.Document(str(_export(capsys, plan, tmp_path, "docx")))
    body = document.element.body
    first_table = body.index(document.tables[0]._tbl)
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0].text == "Actions by RAG rating"
    assert body.index(headings[1]._p) > first_table  # the priorities come after the counts
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert rows == [
        ["Priority", "Red", "Amber", "Green", "Complete", "No RAG yet", "Total"],
        ["Priority 1: Safety", "1 (50%)", "1 (50%)", "0 (0%)", "0 (0%)", "0 (0%)", "2"],
        ["Priority 2: Knowledge", "0 (0%)", "0 (0%)", "0 (0%)", "1 (100%)", "0 (0%)", "1"],
        ["Total", "1 (33%)", "1 (33%)", "0 (0%)", "1 (33%)", "0 (0%)", "3"],
    ]
    assert [h.text for h in headings[1:]] == ["Priority 1: Safety", "Priority 2: Knowledge"]
    outcome = next(p for p in document.paragraphs if p.text == "Outcome: Victims are safer")
    assert outcome.style.name == "CSF Lead-in" and outcome.style.paragraph_format.keep_with_next  # stays with its table


def test_csv_plan_is_one_row_per_action_in_the_camden_columns(plan, tmp_path, capsys, sources):
    raw = _export(capsys, plan, tmp_path, "csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Priority", *camden_columns(sources), "RAG", "Progress"]
    assert [(r[0], r[1], r[-2]) for r in rows[1:]] == [
        ("Priority 1: Safety", "DV2", "Red"), ("Priority 1: Safety", "5.2 (iii)", "Amber"), ("Priority 2: Knowledge", "DV12", "Complete")]


def test_html_and_markdown_say_the_rag_word(plan, tmp_path, capsys):
    html = _export(capsys, plan, tmp_path, "html").read_text(encoding="utf-8")
    assert '<th scope="col">Lead Agency and project leader</th>' in html
    assert "<p><strong>RAG:</strong> Amber</p>" in html
    md = _export(capsys, plan, tmp_path, "md").read_text(encoding="utf-8")
    assert "### 5.2 (iii) (Amber)" in md and "| Total | 1 (33%) | 1 (33%) | 0 (0%) | 1 (33%) | 0 (0%) | 3 |" in md


def test_json_plan_is_what_show_prints(plan, tmp_path, capsys):
    exported = json.loads(_export(capsys, plan, tmp_path, "json").read_text(encoding="utf-8"))
    _, shown, _ = run(capsys, "plan", "show", "--json", str(plan))
    assert exported == json.loads(shown)


def test_export_never_overwrites(plan, tmp_path, capsys):
    out = tmp_path / "taken.docx"
    out.write_text("mine")
    code, _, err = run(capsys, "plan", "export", str(plan), "-o", str(out))
    assert code == 2 and "already exists" in err and out.read_text() == "mine"
