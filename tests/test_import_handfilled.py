"""`csf import` of a borough's own Word copy in source 000's layout, typed into by hand."""

from __future__ import annotations

import docx
import yaml

from csf import store

from .exporting import REGISTRY
from .helpers import CSF_VERSION, run

CSF = REGISTRY.get("partnership-csf")


def handfilled(path, area: str = "Testborough"):
    """Factors 1-5 one row per checklist item with practice typed beside it; factor 6 as Lambeth
    laid it out: one row, every checklist item in one cell, one practice text for the factor."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    heading = table.rows[0].cells
    heading[0].text = CSF.columns.section
    heading[1].text = CSF.columns.checklist
    heading[2].text = CSF.columns.practice.replace("{area}", area)
    expected = {}
    for section in CSF.sections[:5]:
        first = len(table.rows)
        for item in section.items:
            cells = table.add_row().cells
            cells[1].text = f"✓ {item.text.replace('’', chr(39))}  "  # straight quotes and stray spaces, as people type
            expected[item.id] = f"We do this for {item.id}.\n\nReviewed yearly."
            cells[2].text = ""
            cells[2].paragraphs[0].text = f"We do this for {item.id}."
            cells[2].add_paragraph("Reviewed yearly.")
        factor = table.cell(first, 0).merge(table.cell(len(table.rows) - 1, 0))
        factor.text = f"{section.number}. {section.title}"
    last = CSF.sections[5]
    cells = table.add_row().cells
    cells[0].text = f"{last.number}. {last.title}"
    cells[1].text = ""
    for n, item in enumerate(last.items):
        paragraph = cells[1].paragraphs[0] if n == 0 else cells[1].add_paragraph()
        paragraph.text = f"✓ {item.text}"
    cells[2].text = "Training is delivered jointly."
    cells[2].add_paragraph("Skills are audited yearly.")
    document.save(str(path))
    return expected


def test_every_row_of_a_source_000_layout_is_matched(tmp_path, capsys):
    path = tmp_path / "testborough-return.docx"
    expected = handfilled(path)
    out_file = tmp_path / "testborough.yaml"
    code, out, err = run(capsys, "import", str(path), "-o", str(out_file))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert not [line for line in lines if line.startswith("not matched")]
    assert len([line for line in lines if line.startswith("matched: ")]) == 49
    assert "matched: table 1, row 2: 1.1 (confidence 1.00)" in lines
    assert "matched: table 1, row 37, line 14: 6.14 (confidence 1.00)" in lines
    assert lines[-2] == (f"hand-filled copy of partnership-csf {CSF_VERSION} for Testborough: 49 of 49 checklist row(s) matched, 0 not; "
                         "49 of 49 items found; no rating was read: rate the items in csf")
    a = store.load(out_file, REGISTRY).assessment
    assert a.area == "Testborough"
    assert {k: v.practice for k, v in a.answers.items()} == expected
    assert all(v.rating is None for v in a.answers.values())
    assert a.narratives == {"6": "Training is delivered jointly.\n\nSkills are audited yearly."}


def test_rows_that_match_no_item_are_reported_and_never_rated(tmp_path, capsys):
    path = tmp_path / "return.docx"
    handfilled(path)
    document = docx.Document(str(path))
    table = document.tables[0]
    table.rows[1].cells[1].text = "Something our borough added that is not in the checklist at all."
    table.rows[2].cells[1].text = "The partnership structure involves senior people from the relevant agencies."
    document.save(str(path))
    code, out, _ = run(capsys, "import", str(path), "-o", str(tmp_path / "r.yaml"))
    assert code == 0
    lines = out.splitlines()
    (unmatched,) = [line for line in lines if line.startswith("not matched")]
    assert unmatched.startswith("not matched: table 1, row 2: 'Something our borough added that is not in the checklist at…'; closest is ")
    assert any(line.startswith("matched: table 1, row 3: 1.2 (confidence 0.") and line.endswith(", check it)") for line in lines)
    data = yaml.safe_load((tmp_path / "r.yaml").read_text())
    assert "1.1" not in data["answers"] and "rating" not in data["answers"]["1.2"]
