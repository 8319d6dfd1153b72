"""`csf import`: a Word export read back equals the assessment; edits made in Word win and are listed."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
import yaml

from csf import store

from .exporting import REGISTRY, TODAY, as_docx, rendered, report_of
from .helpers import CSF_VERSION, run, write_yaml

CSF = REGISTRY.get("partnership-csf")
RATINGS = ["fully-met", "partly-met", "not-met", "not-applicable"]
MARKDOWN = "**Information sharing.** The system is at testing stage:\n- police and council have signed\n- health to sign by March"


def full_assessment() -> dict:
    """Every item rated, with practice (Markdown), evidence, an agency and a cited document."""
    answers = {}
    for n, item in enumerate(CSF.items()):
        answers[item.id] = {
            "rating": RATINGS[n % 4],
            "practice": f"{MARKDOWN}\n\nItem {item.id}: reviewed at the *quarterly* forum.",
            "evidence": [{"description": f"Minutes, item {item.id}", "source": "Partnership minutes", "date": "2009-06-01",
                          "owner": "DV co-ordinator"}],
            "notes": "Checked by the co-ordinator.",
            "agency": "council",
            "cite": [{"document": "dvb-2007", "at": "§E para 53"}],
        }
    return {
        "framework": {"id": CSF.id, "version": CSF.version, "fingerprint": CSF.fingerprint},
        "area": "Testborough",
        "period": "2009-10",
        "completed_by": "DV co-ordinator",
        "agencies": [{"id": "council", "name": "Testborough Council, Community Safety"}, {"id": "mps", "name": "MPS Testborough BOCU"}],
        "documents": [{"id": "dvb-2007", "title": "Report to the DV Board", "source": "MPA", "date": "2007-11-06", "owner": "mps"}],
        "answers": answers,
        "sections": {"6": {"narrative": "Training is delivered jointly.\n\nSkills are audited yearly."}},
    }


@pytest.fixture
def exported(tmp_path):
    """The full assessment on disk, and its Word export."""
    source = write_yaml(tmp_path / "source.yaml", full_assessment())
    path = tmp_path / "full.docx"
    path.write_bytes(rendered(report_of(source), "docx").payload)
    return source, path


def loaded_data(path):
    return store.load(path, REGISTRY).assessment.to_data()


def answer_cell(document, item_id):
    """The practice cell of an item's row in its factor's table, as a person would find it."""
    for table in document.tables[1:]:
        for row in table.rows[1:]:
            if f" {item_id} " in row.cells[1].text + " ":
                return row.cells[2]
    raise AssertionError(item_id)


def test_export_then_import_gives_the_original_back(exported, capsys):
    source, path = exported
    code, out, err = run(capsys, "import", str(path))
    assert (code, err) == (0, "")
    assert out == f"wrote {path.with_suffix('.yaml')}: partnership-csf {CSF_VERSION} for Testborough, 49 of 49 answered\n"
    assert loaded_data(path.with_suffix(".yaml")) == loaded_data(source)
    assert yaml.safe_load(path.with_suffix(".yaml").read_text())["documents"][0]["title"] == "Report to the DV Board"


def test_text_with_what_xml_escapes_comes_back_exactly(tmp_path, capsys):
    """The data travels as JSON text in an XML part: markup characters in it must be escaped, and
    characters beyond ASCII (a line separator, one beyond U+FFFF) carried as they are."""
    data = full_assessment()
    tricky = 'Fees < £5 & "free" > none; ]]> <w:t>x</w:t> &amp; it\'s 😀\u0085\u2028 done'
    data["answers"]["1.1"]["notes"] = tricky
    data["sections"]["6"]["narrative"] = f"{tricky}\n\n{tricky}"
    source = write_yaml(tmp_path / "source.yaml", data)
    path = tmp_path / "tricky.docx"
    path.write_bytes(rendered(report_of(source), "docx").payload)
    code, _, err = run(capsys, "import", str(path))
    assert (code, err) == (0, "")
    imported = loaded_data(path.with_suffix(".yaml"))
    assert imported["answers"]["1.1"]["notes"] == tricky
    assert imported == loaded_data(source)


def test_lambeth_round_trip_keeps_narratives_and_notes(tmp_path, capsys):
    from .exporting import LAMBETH

    path = tmp_path / "lambeth.docx"
    path.write_bytes(rendered(report_of(LAMBETH), "docx").payload)
    code, _, _ = run(capsys, "import", str(path), "-o", str(tmp_path / "back.yaml"))
    assert code == 0
    assert loaded_data(tmp_path / "back.yaml") == loaded_data(LAMBETH)


def test_edited_cells_win_and_every_difference_is_listed(exported, capsys):
    source, path = exported
    document = docx.Document(str(path))
    practice = answer_cell(document, "1.2").paragraphs[1]  # after "Rating: Partly met"
    practice.text = "Health now attends every meeting."
    rating = answer_cell(document, "1.3").paragraphs[0]
    rating.text = "Rating: Partly met"
    answer_cell(document, "2.1").text = "Rewritten whole in Word."  # the cell's bookmark goes with its text
    document.save(str(path))
    out_file = path.with_name("edited.yaml")
    code, out, err = run(capsys, "import", str(path), "-o", str(out_file))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines == [  # practice lists and bold come back as plain paragraphs once a cell is edited (issue 13 note)
        "changed in Word: 1.2 practice: 'Information sharing. The system is at testing stage: police and counc…' → "
        "'Health now attends every meeting. police and council have signed heal…'; the Word text is kept",
        "changed in Word: 1.3 rating: 'Not met' → 'Partly met'; the Word text is kept",
        "changed in Word: 2.1 rating: 'Not applicable' → nothing; the Word text is kept",
        "changed in Word: 2.1 practice: 'Information sharing. The system is at testing stage: police and counc…' → "
        "'Rewritten whole in Word.'; the Word text is kept",
        "changed in Word: 2.1 line 'Agency': 'Testborough Council, Community Safety' → nothing; "
        "the embedded value is kept (csf does not read this line back)",
        "changed in Word: 2.1 line 'Cited': 'Report to the DV Board, §E para 53 (MPA, 6 November 2007; MPS Testbor…' → nothing; "
        "the embedded value is kept (csf does not read this line back)",
        "changed in Word: 2.1 evidence: 'Minutes, item 2.1 (Partnership minutes, 1 June 2009)' → nothing; the Word text is kept",
        f"wrote {out_file}: partnership-csf {CSF_VERSION} for Testborough, 48 of 49 answered; "
        "7 difference(s) between the Word text and its data, listed above",
    ]
    back = store.load(out_file, REGISTRY).assessment
    original = store.load(source, REGISTRY).assessment
    assert back.answers["1.3"].rating == "partly-met"
    assert back.answers["2.1"].practice == "Rewritten whole in Word."
    assert back.answers["2.1"].rating is None and back.answers["2.1"].evidence == ()
    assert "Health now attends every meeting." in back.answers["1.2"].practice
    # Everything Word does not show is untouched: agencies, citations, notes, other items.
    assert back.answers["1.2"].extra == original.answers["1.2"].extra
    assert back.answers["1.2"].notes == original.answers["1.2"].notes
    assert back.extra == original.extra
    assert {k: v for k, v in back.answers.items() if k not in ("1.2", "1.3", "2.1")} == \
        {k: v for k, v in original.answers.items() if k not in ("1.2", "1.3", "2.1")}
    changed = {(c.item, c.field) for c in back.history[len(original.history):]}
    assert changed == {("1.2", "practice"), ("1.3", "rating"), ("2.1", "rating"), ("2.1", "practice"), ("2.1", "evidence")}


def test_an_edited_evidence_line_edits_that_entry_and_keeps_its_source(exported, capsys):
    source, path = exported
    document = docx.Document(str(path))
    cell = answer_cell(document, "1.1")
    evidence = cell.paragraphs[-1]
    assert evidence.text == "Evidence: Minutes, item 1.1 (Partnership minutes, 1 June 2009)"
    evidence.text = "Evidence: Signed minutes, item 1.1 (Partnership minutes, 1 June 2009)"
    cell.add_paragraph("Evidence: Terms of reference")
    document.save(str(path))
    code, out, _ = run(capsys, "import", str(path), "-o", str(path.with_name("e.yaml")))
    assert code == 0
    entries = store.load(path.with_name("e.yaml"), REGISTRY).assessment.answers["1.1"].evidence
    assert [(e.description, e.source, e.date, e.owner) for e in entries] == [
        ("Signed minutes, item 1.1", "Partnership minutes", "2009-06-01", "DV co-ordinator"),
        ("Terms of reference", "", None, ""),
    ]


def test_an_unreadable_rating_keeps_the_embedded_one_and_says_so(exported, capsys):
    _, path = exported
    document = docx.Document(str(path))
    answer_cell(document, "1.1").paragraphs[0].text = "Rating: Mostly"
    document.save(str(path))
    code, out, _ = run(capsys, "import", str(path), "-o", str(path.with_name("r.yaml")))
    assert code == 0
    assert out.splitlines()[0] == ("changed in Word: 1.1 rating: 'Fully met' → 'Mostly'; the embedded value is kept "
                                   "(not a value of the scale: Fully met, Partly met, Not met, Not applicable)")
    assert store.load(path.with_name("r.yaml"), REGISTRY).assessment.answers["1.1"].rating == "fully-met"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("make, message", [
    (lambda p: docx.Document().save(str(p)), "neither a csf export (a Word file without csf's data in it) nor a copy"),
    (lambda p: p.write_bytes(b"PK\x03\x04 this is not really a zip"), "not a Word .docx file (it is not a zip archive"),
    (lambda p: p.write_bytes(zip_bytes({"[Content_Types].xml": b"<Types/>"})), "not a readable Word .docx file"),
    (lambda p: p.write_bytes(zip_bytes({"word/document.xml": b"\0" * (8 * 1024 * 1024)})), "as only a zip bomb is; refusing"),
    (lambda p: p.write_text("framework: {}"), "csf import reads Word .docx files"),
])
def test_bad_word_files_are_refused_with_one_line_and_nothing_written(tmp_path, capsys, make, message):
    path = tmp_path / ("in.docx" if "import reads" not in message else "in.yaml")
    make(path)
    code, out, err = run(capsys, "import", str(path), "-o", str(tmp_path / "out.yaml"))
    assert code == 2
    assert out == ""
    assert err.startswith("error: ") and message in err and len(err.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_import_never_overwrites(exported, capsys):
    source, path = exported
    code, _, err = run(capsys, "import", str(path), "-o", str(source))
    assert code == 2 and "already exists" in err


@pytest.mark.parametrize("build", ["bvpi", "dsvb"])
def test_question_lists_and_narrative_reports_round_trip(tmp_path, capsys, build):
    from . import exporting

    source = getattr(exporting, build)(tmp_path)
    path = tmp_path / "out.docx"
    path.write_bytes(rendered(report_of(source), "docx").payload)
    code, out, _ = run(capsys, "import", str(path), "-o", str(tmp_path / "back.yaml"))
    assert code == 0 and "changed in Word" not in out
    assert loaded_data(tmp_path / "back.yaml") == loaded_data(source)


def test_an_edited_narrative_report_answer_wins(tmp_path, capsys):
    from .exporting import dsvb

    source = dsvb(tmp_path)
    path = tmp_path / "out.docx"
    path.write_bytes(rendered(report_of(source), "docx").payload)
    document = docx.Document(str(path))
    old = "The data cover every equality category recorded."
    paragraph = next(p for p in document.paragraphs if p.text == old)
    paragraph.text = "The data cover age and gender only."
    document.save(str(path))
    code, out, _ = run(capsys, "import", str(path), "-o", str(tmp_path / "back.yaml"))
    assert code == 0
    assert out.splitlines()[0] == f"changed in Word: ED.1 practice: {old!r} → 'The data cover age and gender only.'; the Word text is kept"
    assert store.load(tmp_path / "back.yaml", REGISTRY).assessment.answers["ED.1"].practice == "The data cover age and gender only."
