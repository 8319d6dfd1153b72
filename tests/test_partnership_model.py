"""A partnership's assessment: an evidence register, agencies, answer states, submission status."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from csf import store
from csf.assessment import Agency, Answer, Citation, Document, Submission, new_assessment
from csf.errors import InvalidFile, UsageError
from csf.registry import Registry
from csf.report import evaluate

from .helpers import run

REGISTRY = Registry()
CSF = REGISTRY.get("partnership-csf")
FORMAT_1 = Path(__file__).parent / "fixtures" / "format-1.yaml"
CITING = ("1.1", "1.2", "1.3", "2.1", "3.4")


def register(date: str):
    """Five items, fully met, each citing one board paper of `date`."""
    a = new_assessment(CSF, "Testborough", "2009-10")
    a = a.with_agency(Agency("mps", "MPS Testborough BOCU"), by="t")
    a = a.with_document(Document("dvb", "Report to the DV Board", "MPA", date, "mps"), by="t")
    for n, item in enumerate(CITING):
        answer = Answer(rating="fully-met", practice="Done.", cite=(Citation("dvb", f"§E para {50 + n}"),))
        a = a.with_answer(item, answer, by="t")
    return a


def stale(report) -> list[str]:
    return [f.item for f in report.findings if f.rule == "evidence-recent"]


def test_one_document_cited_by_five_items_follows_its_date_everywhere():
    a = register("2009-11-06")  # within 12 months of 31 March 2010
    report = evaluate(CSF, a)
    assert stale(report) == []
    assert not [f for f in report.findings if f.rule == "evidence-for-fully-met"]  # citations count as evidence
    corrected = a.with_document(replace(a.document("dvb"), date="2007-11-06"), by="t")
    assert [c.date for item in CITING for c in corrected.evidence_for(item)] == ["2007-11-06"] * 5
    report = evaluate(CSF, corrected)
    assert stale(report) == list(CITING)
    assert {str(f) for f in report.findings if f.rule == "evidence-recent"} == {
        f"{item} citing dvb: Evidence dated more than 12 months before the end of the period." for item in CITING
    }
    assert corrected.history[-1].field == "documents.dvb"
    assert (corrected.history[-1].before, corrected.history[-1].after) == ("2009-11-06", "2007-11-06")
    assert evaluate(CSF, corrected).scorecard.overall.percent == report.scorecard.overall.percent


def test_fully_met_without_any_evidence_is_still_an_error():
    a = new_assessment(CSF, "Testborough", "2009-10").with_answer("1.1", Answer(rating="fully-met", practice="x"), by="t")
    assert [f.rule for f in evaluate(CSF, a).findings_for("1.1")] == ["evidence-for-fully-met"]


def test_a_cited_document_cannot_be_removed_and_an_uncited_one_can():
    a = register("2009-06-01")
    with pytest.raises(UsageError, match="cited by 1.1, 1.2, 1.3, 2.1, 3.4"):
        a.without_document("dvb", by="t")
    b = a.with_document(Document("spare", "Spare paper"), by="t").without_document("spare", by="t")
    assert [d.id for d in b.documents] == ["dvb"]
    with pytest.raises(UsageError, match="named by document dvb"):
        a.without_agency("mps", by="t")


def test_states_are_reported_never_scored():
    a = register("2009-06-01")
    before = evaluate(CSF, a).scorecard
    a = a.with_answer("4.1", Answer(state="in-progress", due="2010-03-31"), by="t")
    a = a.with_answer("4.2", Answer(state="unknown", reason="the board paper says nothing about this"), by="t")
    report = evaluate(CSF, a)
    assert report.scorecard == before
    assert report.answered == len(CITING)
    assert [(f.rule, f.severity, f.message) for f in report.findings_for("4.1")] == [
        ("in-progress", "missing", "in progress, due 2010-03-31")]
    assert [(f.rule, f.message) for f in report.findings_for("4.2")] == [
        ("unknown", "unknown: the board paper says nothing about this")]


def test_a_rated_item_marked_unknown_is_a_contradiction_to_look_at():
    a = register("2009-06-01")
    a = a.with_answer("1.1", replace(a.answer("1.1"), state="unknown", reason="?"), by="t")
    assert "rated, but also marked unknown" in " ".join(f.message for f in evaluate(CSF, a).findings_for("1.1"))


def test_approved_without_approver_or_with_gaps_is_warned():
    a = register("2009-06-01").with_submission(Submission("approved"), by="t")
    messages = [f.message for f in evaluate(CSF, a).findings if f.item is None]
    assert "approved, but who approved it and when is not recorded" in messages
    assert f"approved with {49 - len(CITING)} item(s) not answered; exports say DRAFT" in messages
    assert "approved, but the date it was submitted is not recorded" in messages


def test_an_agency_named_but_not_listed_is_a_warning_not_a_refusal():
    a = register("2009-06-01").with_document(Document("plan", "Action plan", owner="pct"), by="t")
    a = a.with_answer("1.1", replace(a.answer("1.1"), agency="council"), by="t")
    found = [str(f) for f in evaluate(CSF, a).findings if f.rule == "agency"]
    assert found == ["1.1: names agency 'council', which is not among the agencies (mps): add it",
                     "assessment: document plan names agency 'pct', which is not among the agencies (mps): add it"]


def test_check_lists_in_progress_and_unknown(tmp_path, capsys):
    path = tmp_path / "a.yaml"
    a = register("2009-06-01")
    a = a.with_answer("4.1", Answer(state="in-progress", due="2010-03-31"), by="t")
    a = a.with_answer("4.2", Answer(state="unknown", reason="the paper is silent"), by="t")
    store.create(path, a)
    code, out, _ = run(capsys, "check", str(path))
    lines = out.splitlines()
    assert code == 1
    assert "missing: 4.1: in progress, due 2010-03-31" in lines
    assert "missing: 4.2: unknown: the paper is silent" in lines
    assert lines[-1] == "5 of 49 answered; 1 in progress; 1 unknown; 0 error(s), 0 warning(s)"
    missing = next(line for line in lines if line.startswith("missing: 42"))
    assert missing.startswith("missing: 42 item(s) not answered:") and "4.1" not in missing.split(": ")[-1].split(", ")


def test_a_file_written_before_this_change_loads_validates_and_upgrades(tmp_path, capsys):
    path = tmp_path / "old.yaml"
    shutil.copy(FORMAT_1, path)
    before = yaml.safe_load(FORMAT_1.read_text(encoding="utf-8"))
    assert "format" not in before and "documents" not in before
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0 and out.startswith("ok:")
    loaded = store.load(path, REGISTRY)
    report = evaluate(CSF, loaded.assessment)
    assert [(i, r.rating) for i, r in report.resolved.items() if r.answered] == [
        ("1.1", "fully-met"), ("1.2", "partly-met"), ("2.1", "not-applicable"), ("3.1", "not-met")]
    changed = loaded.assessment.with_answer("3.2", Answer(rating="not-met", practice="None yet."), by="t")
    store.save(path, changed, loaded.digest)
    after = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert after["format"] == 2
    assert "submission" not in after  # a draft with nothing recorded
    for item_id, answer in before["answers"].items():
        assert after["answers"][item_id] == answer  # every answer kept, word for word
    assert after["history"][: len(before["history"])] == before["history"]
    assert run(capsys, "validate", str(path))[0] == 0


def test_register_fields_and_unknown_fields_survive_a_round_trip(tmp_path):
    path = tmp_path / "a.yaml"
    store.create(path, register("2009-06-01"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["documents"][0]["x-filed"] = "cabinet 3"
    data["answers"]["1.1"]["cite"][0]["x-page-image"] = "scan.png"
    data["agencies"][0]["x-lead"] = "DI Example"
    data["submission"] = {"status": "submitted", "submitted": "2010-04-30", "x-board": "Safer Testborough"}
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    loaded = store.load(path, REGISTRY)
    store.save(path, loaded.assessment.with_narrative("1", "Text.", by="t"), loaded.digest)
    again = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert again["documents"][0] == {"id": "dvb", "title": "Report to the DV Board", "source": "MPA",
                                     "date": "2009-06-01", "owner": "mps", "x-filed": "cabinet 3"}
    assert again["answers"]["1.1"]["cite"][0] == {"document": "dvb", "at": "§E para 50", "x-page-image": "scan.png"}
    assert again["agencies"][0]["x-lead"] == "DI Example"
    assert again["submission"] == {"status": "submitted", "submitted": "2010-04-30", "x-board": "Safer Testborough"}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["answers"]["1.1"]["cite"][0].update(document="nope"),
         "answers.1.1.cite[0].document: unknown document 'nope' (known: dvb)"),
        (lambda d: d["documents"].append({"id": "dvb", "title": "Again"}),
         "documents[1].id: 'dvb' is used by an earlier entry; ids must be unique"),
        (lambda d: d["answers"]["1.1"].update(state="done"), "answers.1.1.state: must be one of in-progress, unknown; got 'done'"),
        (lambda d: d["answers"]["1.1"].update(due="31/03/2010"), "answers.1.1.due: '31/03/2010' is not allowed here"),
        (lambda d: d.update(submission={"status": "final"}), "submission.status: must be one of draft, submitted, approved"),
        (lambda d: d["documents"][0].update(id="has space"), "documents[0].id: 'has space' is not allowed here"),
    ],
)
def test_bad_register_entries_are_named_with_their_line(tmp_path, capsys, change, expected):
    path = tmp_path / "a.yaml"
    store.create(path, register("2009-06-01"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InvalidFile):
        store.load(path, REGISTRY)
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1
    assert expected in err and "a.yaml:" in err
