"""`csf new / answer / score / check / validate`, and bad assessment input, as a user sees them."""

from __future__ import annotations

import json
import stat
import subprocess
import sys

import pytest

from csf.registry import Registry

from .helpers import CSF_VERSION, run

EXAMPLE = "assessments/examples/lambeth.yaml"


@pytest.fixture
def fresh(tmp_path, capsys):
    path = tmp_path / "bexley.yaml"
    code, out, _ = run(capsys, "new", "--framework", "partnership-csf", "--area", "Bexley", "--period", "2009-10", "-o", str(path))
    assert code == 0 and out == f"created {path}: partnership-csf {CSF_VERSION} for Bexley, 49 items to answer\n"
    return path


def test_answer_then_score_and_json_agree(fresh, capsys):
    ratings = ["fully-met"] * 3 + ["partly-met", "not-met", "not-applicable", "not-applicable"]
    for i, rating in enumerate(ratings, 1):
        args = ["answer", str(fresh), f"1.{i}", "--rating", rating, "--practice", "Practice text", "--by", "tester"]
        if rating == "fully-met":
            args += ["--evidence", "Minutes of the strategic group", "--evidence-date", "2009-06-01"]
        assert run(capsys, *args)[0] == 0
    code, out, _ = run(capsys, "score", str(fresh))
    assert code == 0
    assert out.splitlines()[0] == f"Bexley · partnership-csf {CSF_VERSION} · 2009-10"
    first = next(line for line in out.splitlines() if line.startswith("1. "))
    assert first.split()[-6:] == ["70.0%", "7/10", "7", "of", "7", "2"]
    code, out, _ = run(capsys, "score", "--json", str(fresh))
    data = json.loads(out)
    assert data["overall"] == {"percent": 70.0, "points": 7, "possible": 10, "answered": 7, "excluded": 2, "total": 49}
    assert data["sections"][0]["id"] == "1" and data["sections"][0]["percent"] == 70.0
    assert data["sections"][1]["percent"] is None


def test_answer_reports_score_and_rule_findings(fresh, capsys):
    code, out, _ = run(capsys, "answer", str(fresh), "2.1", "--rating", "Fully met", "--practice", "We do.")
    assert code == 0
    assert out == (
        "2.1: Fully met; partnership-csf score 100.0% (1 of 49 answered)\n"
        "  error: A fully met item needs at least one piece of evidence.\n"
    )


def test_check_lists_problems_and_exits_1_until_complete(fresh, capsys):
    run(capsys, "answer", str(fresh), "1.1", "--rating", "partly-met")
    code, out, _ = run(capsys, "check", str(fresh))
    assert code == 1
    assert "error: 1.1: Rated, but no current practice written for the item or its factor: say what the partnership does." in out
    assert "missing: 48 item(s) not answered: 1.2, 1.3," in out
    assert out.splitlines()[-1] == "1 of 49 answered; 1 error(s), 0 warning(s)"


def test_check_passes_when_every_item_is_answered(fresh, capsys):
    from csf.registry import Registry

    for item in Registry().get("partnership-csf").items():
        run(capsys, "answer", str(fresh), item.id, "--rating", "not-applicable")
    code, out, _ = run(capsys, "check", str(fresh))
    assert (code, out) == (0, "49 of 49 answered; 0 error(s), 0 warning(s)\n")


def test_bvpi_figures_derive_an_answer(tmp_path, capsys):
    path = tmp_path / "b.yaml"
    run(capsys, "new", "--framework", "bvpi-225", "--area", "Camden", "-o", str(path))
    code, out, _ = run(capsys, "answer", str(path), "Q2", "--value", "refuge_places=23", "--value", "population=227,500")
    assert code == 0
    assert out.startswith("Q2: Yes (derived: At least 1 refuge place per 10,000 population: met (")
    assert "bvpi-225 score 9.1% (1 of 11 answered)" in out
    code, _, err = run(capsys, "answer", str(path), "Q2", "--value", "refuges=3")
    assert (code, err) == (2, "error: item Q2 has no figure named 'refuges' (its figures: refuge_places, population)\n")
    bad_figures = {
        "population=0": "error: population: '0' must be at least 1\n",
        "population=1,5": "error: population: '1,5' is not a number (use commas only between thousands)\n",
        "refuge_places=2.5": "error: refuge_places: '2.5' must be a whole number\n",
    }
    for setting, expected in bad_figures.items():
        assert run(capsys, "answer", str(path), "Q2", "--value", setting)[::2] == (2, expected)
    assert run(capsys, "score", str(path))[0] == 0  # nothing invalid was written


def test_validate_example_and_a_wrong_fingerprint(tmp_path, capsys, repo):
    code, out, _ = run(capsys, "validate", str(repo / EXAMPLE))
    assert code == 0 and "fingerprint matches" in out
    tampered = tmp_path / "t.yaml"
    text = (repo / EXAMPLE).read_text(encoding="utf-8")
    tampered.write_text(_with_fingerprint(text, "0" * 64), encoding="utf-8")
    code, _, err = run(capsys, "validate", str(tampered))
    assert code == 1
    assert f"t.yaml:2: framework.fingerprint: made for partnership-csf {CSF_VERSION} with content 000000000000…" in err


def _with_fingerprint(text: str, digest: str) -> str:
    import re

    return re.sub(r"sha256:[0-9a-f]{64}", f"sha256:{digest}", text, count=1)


BVPI = Registry().get("bvpi-225").version
BVPI_VERSIONS = ", ".join(f.version for f in Registry().all() if f.id == "bvpi-225")
BAD = {
    "unknown framework": ("framework: {id: no-such, version: '1'}\narea: X\n", "error: unknown framework 'no-such'"),
    "unknown version": (f"framework: {{id: bvpi-225, version: '1999'}}\narea: X\n", f"error: framework 'bvpi-225' has no version '1999' installed (have: {BVPI_VERSIONS})"),
    "unknown item": (f"framework: {{id: bvpi-225, version: '{BVPI}'}}\narea: X\nanswers:\n  Q12: {{rating: 'yes'}}\n", f"error: bad.yaml:4: answers.Q12: unknown item id 'Q12' in bvpi-225 {BVPI}"),
    "rating off the scale": (f"framework: {{id: bvpi-225, version: '{BVPI}'}}\narea: X\nanswers:\n  Q1: {{rating: maybe}}\n", f"error: bad.yaml:4: answers.Q1.rating: 'maybe' is not on the scale (yes, no)"),
    "wrong type": (f"framework: {{id: bvpi-225, version: '{BVPI}'}}\narea: X\nanswers:\n  Q1:\n    practice: [a, b]\n", f"error: bad.yaml:5: answers.Q1.practice: must be text, not a list"),
    "bad input figure": (f"framework: {{id: bvpi-225, version: '{BVPI}'}}\narea: X\nanswers:\n  Q5: {{inputs: {{forum_meetings: true}}}}\n", f"error: bad.yaml:4: answers.Q5.inputs.forum_meetings: must be a whole number"),
    "bad evidence date": (f"framework: {{id: bvpi-225, version: '{BVPI}'}}\narea: X\nanswers:\n  Q1:\n    evidence: [{{description: d, date: 2009-13-01}}]\n", f"error: bad.yaml:5: answers.Q1.evidence[0].date: '2009-13-01' is not allowed here: use YYYY-MM-DD, e.g. 2009-03-12"),
    "date not ISO": (f"framework: {{id: bvpi-225, version: '{BVPI}'}}\narea: X\nperiod_end: 31/03/2010\n", f"error: bad.yaml:3: period_end: '31/03/2010' is not allowed here: use YYYY-MM-DD, e.g. 2009-03-12"),
    "malformed": ("framework: {id: bvpi-225\narea: X\n", "error: bad.yaml:2: not valid YAML"),
    "missing area": (f"framework: {{id: bvpi-225, version: '{BVPI}'}}\n", f"error: bad.yaml:1: area: required"),
    "not a mapping": ("- just\n- a list\n", "error: bad.yaml:1: must be a mapping, not a list"),
    "control character": (f"framework: {{id: bvpi-225, version: '{BVPI}'}}\narea: X\x1b[31m\n", f"error: bad.yaml:2: contains control character U+001B; remove it"),
    "empty file": ("", "error: bad.yaml: must be a mapping, not nothing"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_assessment_input_is_one_clear_message_and_exit_2(tmp_path, monkeypatch, capsys, case):
    text, expected = BAD[case]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "score", "bad.yaml")
    assert code == 2 and out == ""
    assert err.startswith(expected), err
    assert len(err.splitlines()) == 1


def test_missing_and_huge_and_binary_files(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "score", "nope.yaml")[2] == "error: nope.yaml: no such file\n"
    (tmp_path / "bin.yaml").write_bytes(b"\xff\xfe\x00garbage")
    assert run(capsys, "score", "bin.yaml")[2] == "error: bin.yaml: not UTF-8 text (byte 0)\n"
    with open(tmp_path / "huge.yaml", "wb") as f:
        f.truncate(51 * 1024 * 1024)
    code, _, err = run(capsys, "score", "huge.yaml")
    assert code == 2 and err.startswith("error: huge.yaml: file is too large (53,477,376 bytes")


def test_no_traceback_from_the_real_command(tmp_path):
    (tmp_path / "bad.yaml").write_text("framework: [\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "csf", "check", str(tmp_path / "bad.yaml")], capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "not valid YAML" in result.stderr


def test_new_refuses_to_overwrite_and_rejects_unknown_framework(fresh, capsys):
    code, _, err = run(capsys, "new", "--framework", "partnership-csf", "--area", "Bexley", "-o", str(fresh))
    assert code == 2 and err.endswith("already exists; choose another name or open it\n")
    code, _, err = run(capsys, "new", "--framework", "csf", "--area", "Bexley", "-o", str(fresh) + "2")
    assert code == 2 and err.startswith("error: unknown framework 'csf' (installed: bexley-ppg, bvpi-225, dsvb-brief, partnership-csf")


def test_new_in_a_fresh_folder_creates_assessments(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "new", "--framework", "partnership-csf", "--area", "Bexley")
    assert (code, err) == (0, "")
    assert out.startswith("created assessments/bexley-partnership-csf.yaml: ")
    path = tmp_path / "assessments" / "bexley-partnership-csf.yaml"
    assert path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_folder_that_cannot_be_made_is_one_error_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "assessments").write_text("a file where the folder should be")
    code, out, err = run(capsys, "new", "--framework", "partnership-csf", "--area", "Bexley")
    assert (code, out) == (2, "")
    assert err.startswith("error: File exists: assessments") and "Traceback" not in err


def test_answer_rejects_bad_values(fresh, capsys):
    cases = {
        ("9.9", "--rating", "fully-met"): f"error: unknown item id '9.9' in partnership-csf {CSF_VERSION}\n",
        ("1.1", "--rating", "great"): "error: 'great' is not on the partnership-csf scale; use one of: fully-met, partly-met, not-met, not-applicable\n",
        ("1.1", "--evidence", "x", "--evidence-date", "15/13/2009"): "error: --evidence-date: '15/13/2009' is not a date: write it as 31/03/2009, 31 March 2009 or 2009-03-31\n",
        ("1.1", "--evidence", "x", "--evidence-date", "20090115"): "error: --evidence-date: '20090115' is not a date: write it as 31/03/2009, 31 March 2009 or 2009-03-31\n",
        ("1.1", "--evidence-source", "Minutes"): "error: --evidence-date, --evidence-source and --evidence-owner describe an --evidence entry; add --evidence TEXT\n",
        ("1.1", "--evidence", "   "): "error: --evidence: say what the evidence is\n",
        ("1.1", "--value", "12"): "error: item 1.1 is not a number item; use --value NAME=NUMBER for its figures\n",
    }
    for args, expected in cases.items():
        assert run(capsys, "answer", str(fresh), *args)[::2] == (2, expected)


def test_a_manual_yes_where_figures_are_missing_is_refused_without_a_reason(tmp_path, capsys):
    path = tmp_path / "camden.yaml"
    assert run(capsys, "new", "--framework", "bvpi-225", "--area", "Camden", "-o", str(path))[0] == 0
    before = path.read_bytes()
    code, out, err = run(capsys, "answer", str(path), "Q2", "--value", "refuge_places=27", "--rating", "yes")
    assert code == 2 and out == ""
    assert err.startswith("error: Q2: the figures do not decide this answer yet (needs: Local authority population")
    assert err.rstrip().endswith("nothing was saved")
    assert path.read_bytes() == before
    code, out, _ = run(capsys, "answer", str(path), "Q2", "--value", "refuge_places=27")
    assert code == 0 and out.startswith("Q2: not answered (needs: Local authority population")
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1 and "Q2" in out.split("missing:", 1)[1]
    code, out, _ = run(capsys, "answer", str(path), "Q2", "--rating", "yes", "--notes", "ONS estimate not yet published")
    assert code == 0 and out.startswith("Q2: Yes;")


def test_unknown_is_a_value_a_figure_can_be_given(tmp_path, capsys):
    path = tmp_path / "camden.yaml"
    assert run(capsys, "new", "--framework", "bvpi-225", "--area", "Camden", "-o", str(path))[0] == 0
    figures = ["--value", "last_twelve_months=yes", "--value", "housing=yes", "--value", "police=yes", "--value", "health=unknown"]
    code, out, _ = run(capsys, "answer", str(path), "Q11", *figures)
    assert code == 0 and out.startswith("Q11: Yes (derived: ")
    assert "health: null" in path.read_text(encoding="utf-8")


def test_an_assessment_on_an_earlier_bundled_version_still_opens_on_it(tmp_path, capsys):
    registry = Registry()
    earlier = [f for f in registry.all() if f.id == "bvpi-225" and f.version != registry.get("bvpi-225").version]
    assert earlier, "the earlier BVPI version is bundled"
    path = tmp_path / "old.yaml"
    code, _, _ = run(capsys, "new", "--framework", "bvpi-225", "--version", earlier[0].version, "--area", "Camden", "-o", str(path))
    assert code == 0
    code, out, _ = run(capsys, "score", str(path))
    assert code == 0 and out.splitlines()[0] == f"Camden · {earlier[0].label}"


def _dsvb(tmp_path, capsys, *answers):
    path = tmp_path / "dsvb.yaml"
    assert run(capsys, "new", "--framework", "dsvb-brief", "--area", "Bexley", "-o", str(path))[0] == 0
    for item_id, text in answers:
        assert run(capsys, "answer", str(path), item_id, "--practice", text)[0] == 0
    return path


def test_dsvb_items_supplied_centrally_are_not_missing(tmp_path, capsys):
    brief = Registry().get("dsvb-brief")
    supplied = [i.id for i in brief.items() if i.supplied_by]
    asked = [i for i in brief.items() if not i.supplied_by]
    assert supplied and asked
    path = _dsvb(tmp_path, capsys)
    code, out, _ = run(capsys, "check", str(path))
    missing = out.split("missing: ", 1)[1].splitlines()[0].split(": ", 1)[1].split(", ")
    assert code == 1 and not set(supplied) & set(missing)
    assert set(missing) == {i.id for i in asked if not i.required}
    assert f"0 of {len(asked)} answered" in out


def test_dsvb_report_without_the_equality_paragraph_is_not_acceptable(tmp_path, capsys, monkeypatch):
    import docx

    brief = Registry().get("dsvb-brief")
    [required] = [i for i in brief.items() if i.required]
    path = _dsvb(tmp_path, capsys, *[(i.id, "We do this.") for i in brief.items() if not i.required and not i.supplied_by])
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert f"error: {required.id}: required by the framework, and not answered yet; the submission is not acceptable" in out
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "export", str(path), "-o", "draft.docx")
    assert code == 0
    cover = [p.text for p in docx.Document(str(tmp_path / "draft.docx")).paragraphs[:3]]
    assert cover[0] == brief.title
    assert cover[1].startswith(f"NOT ACCEPTABLE: {required.id} is required and not answered")
    assert cover[1].endswith(f"The source says: “{required.required_because}”")
    code, out, err = run(capsys, "export", str(path), "--final", "-o", "final.docx")
    assert code == 1 and out == "" and err.startswith(f"error: not exported: NOT ACCEPTABLE: {required.id}")
    assert not (tmp_path / "final.docx").exists()
    assert run(capsys, "answer", str(path), required.id, "--practice", "The data show no difference by ethnicity.")[0] == 0
    assert run(capsys, "check", str(path))[0] == 0
    code, _, _ = run(capsys, "export", str(path), "--final", "-o", "final.docx")
    assert code == 0
    assert not any(p.text.startswith("NOT ACCEPTABLE") for p in docx.Document(str(tmp_path / "final.docx")).paragraphs)


def test_the_brief_s_data_period_and_deadlines_are_set_per_report(tmp_path, capsys, monkeypatch):
    import docx

    brief = Registry().get("dsvb-brief")
    path = _dsvb(tmp_path, capsys)
    code, out, _ = run(capsys, "check", str(path))
    assert [line for line in out.splitlines() if "is not set for this report" in line] == [
        f"warning: assessment: {p.label} is not set for this report (csf parameter FILE {p.name}=VALUE)" for p in brief.parameters]
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "export", str(path), "-o", "unset.docx")[0] == 0
    texts = [p.text for p in docx.Document(str(tmp_path / "unset.docx")).paragraphs]
    c1 = next(t for t in texts if t.startswith("Data should be drawn from"))
    assert "[Start of the data period: not set]" in c1
    assert not any(p.printed in c1 for p in brief.parameters)
    settings = ["data_from=01.08.2009", "data_to=31.07.2010", "draft_by=15 January 2010", "final_by=1 February 2010"]
    code, out, _ = run(capsys, "parameter", str(path), *settings)
    assert code == 0 and "data_from: 01.08.2009" in out and "final_by: 1 February 2010" in out
    code, out, _ = run(capsys, "check", str(path))
    assert "is not set for this report" not in out
    assert run(capsys, "export", str(path), "-o", "set.docx")[0] == 0
    texts = [p.text for p in docx.Document(str(tmp_path / "set.docx")).paragraphs]
    assert any(t.startswith("Data should be drawn from 12 month period between (01.08.2009) & (31.07.2010).") for t in texts)
    assert "Draft with MPA by: 15 January 2010" in texts and "Final report with MPA by: 1 February 2010" in texts
    code, _, err = run(capsys, "parameter", str(path), "deadline=tomorrow")
    assert code == 2 and "its parameters: data_from, data_to, draft_by, final_by" in err
