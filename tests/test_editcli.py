"""The CLI for a partnership's assessment: register, citations, agencies, states, submission, narrative."""

from __future__ import annotations

import yaml

from .helpers import run


def new(tmp_path, capsys):
    path = tmp_path / "a.yaml"
    assert run(capsys, "new", "--framework", "partnership-csf", "--area", "Testborough", "--period", "2009-10", "-o", str(path))[0] == 0
    return path


def data(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_register_cite_and_correct_a_date_once(tmp_path, capsys):
    path = new(tmp_path, capsys)
    assert run(capsys, "agency", "add", str(path), "mps", "MPS Testborough BOCU") == (0, "agency mps added: MPS Testborough BOCU\n", "")
    code, out, _ = run(capsys, "document", "add", str(path), "dvb", "--title", "Report to the DV Board", "--date", "2009-11-06",
                       "--owner", "mps", "--source", "MPA")
    assert (code, out) == (0, "document dvb added: Report to the DV Board, dated 2009-11-06\n")
    for n, item in enumerate(("1.1", "1.2", "1.3", "2.1", "3.4")):
        code, out, _ = run(capsys, "cite", str(path), item, "dvb", "--at", f"§E para {51 + n}")
        assert out == f"{item}: cites dvb (Report to the DV Board, §E para {51 + n})\n"
    run(capsys, "answer", str(path), "1.1", "--rating", "fully-met", "--practice", "Done.")
    code, out, _ = run(capsys, "document", "edit", str(path), "dvb", "--date", "2007-11-06")
    assert out.splitlines() == [
        "document dvb: date '2009-11-06' → '2007-11-06'",
        "  cited by 5 item(s), which all follow: 1.1, 1.2, 1.3, 2.1, 3.4",
        "  warning: 1.1 citing dvb: Evidence dated more than 12 months before the end of the period.",
    ]
    saved = data(path)
    assert saved["documents"] == [{"id": "dvb", "title": "Report to the DV Board", "source": "MPA", "date": "2007-11-06", "owner": "mps"}]
    assert saved["answers"]["1.2"]["cite"] == [{"document": "dvb", "at": "§E para 52"}]
    code, _, err = run(capsys, "document", "remove", str(path), "dvb")
    assert code == 2 and "cited by 1.1, 1.2, 1.3, 2.1, 3.4" in err
    assert run(capsys, "uncite", str(path), "1.3", "dvb")[1] == "1.3: no longer cites dvb\n"
    code, out, _ = run(capsys, "document", "list", str(path))
    assert out.splitlines()[1].split() [:3] == ["dvb", "2007-11-06", "MPS"]
    assert "1.1, 1.2, 2.1, 3.4" in out


def test_states_print_what_changed_and_refuse_without_their_detail(tmp_path, capsys):
    path = new(tmp_path, capsys)
    code, out, err = run(capsys, "state", str(path), "4.1", "in-progress")
    assert code == 2 and "in progress needs --due DATE" in err
    code, out, _ = run(capsys, "state", str(path), "4.1", "in-progress", "--due", "2010-03-31")
    assert out == "4.1: in progress, due 2010-03-31 (was no state); still not answered, so not scored\n"
    code, out, _ = run(capsys, "state", str(path), "4.2", "unknown", "--reason", "the paper is silent")
    assert out == "4.2: unknown: the paper is silent (was no state); still not answered, so not scored\n"
    assert data(path)["answers"]["4.1"] == {"state": "in-progress", "due": "2010-03-31"}
    code, out, _ = run(capsys, "state", str(path), "4.1", "none")
    assert out == "4.1: no state (was in progress, due 2010-03-31); still not answered, so not scored\n"
    assert run(capsys, "state", str(path), "4.1", "none")[1] == "nothing changed\n"


def test_evidence_entries_agency_narrative_and_submission(tmp_path, capsys):
    path = new(tmp_path, capsys)
    run(capsys, "agency", "add", str(path), "council", "Testborough Council")
    out = run(capsys, "evidence", "add", str(path), "1.2", "Minutes", "--date", "2010-03-01", "--owner", "council")[1]
    assert out == "1.2: evidence 1 added: Minutes (1 March 2010)\n"
    assert run(capsys, "evidence", "edit", str(path), "1.2", "1", "--source", "Board papers")[1] == (
        "1.2: evidence 1: source (none) → 'Board papers'\n")
    code, _, err = run(capsys, "evidence", "edit", str(path), "1.2", "2", "--text", "x")
    assert code == 2 and "N is 1 to 1" in err
    assert run(capsys, "evidence", "remove", str(path), "1.2", "1")[1] == "1.2: evidence 1 removed: Minutes (Board papers, 1 March 2010)\n"
    code, _, err = run(capsys, "answer", str(path), "1.2", "--agency", "pct")
    assert code == 2 and "no agency 'pct' (agencies: council)" in err
    run(capsys, "answer", str(path), "1.2", "--agency", "council", "--practice", "Council leads.")
    assert data(path)["answers"]["1.2"]["agency"] == "council"
    text = "**Leadership.** The board:\n- meets quarterly\n- keeps minutes"
    assert run(capsys, "narrative", str(path), "1", text)[1] == f"section 1 narrative: {len(text)} characters (was 0)\n"
    assert data(path)["sections"]["1"]["narrative"] == text
    code, out, _ = run(capsys, "submission", str(path), "--status", "approved", "--approved-by", "Board chair",
                       "--approved-on", "2010-05-01")
    assert out.splitlines()[0] == "submission: status 'draft' → 'approved'; approved by (none) → 'Board chair'; approved on (none) → '2010-05-01'"
    assert "  warning: assessment: approved, but the date it was submitted is not recorded" in out.splitlines()
    assert data(path)["submission"] == {"status": "approved", "approved_by": "Board chair", "approved_on": "2010-05-01"}
    code, _, err = run(capsys, "submission", str(path), "--submitted", "2010-13-01")
    assert code == 2 and "--submitted:" in err 
