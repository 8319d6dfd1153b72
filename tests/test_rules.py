"""Rules from the framework YAML, applied: derived answers, requirements, completeness."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from csf.assessment import Answer, Evidence, new_assessment
from csf.registry import Registry
from csf.report import evaluate

REGISTRY = Registry()
BVPI = REGISTRY.get("bvpi-225")
CSF = REGISTRY.get("partnership-csf")


def with_inputs(item_id: str, rating: str | None = None, notes: str = "", **inputs):
    a = new_assessment(BVPI, "Testborough", "2009-10")
    answer = Answer(rating=rating, notes=notes, inputs=MappingProxyType(inputs))
    return evaluate(BVPI, a.with_answer(item_id, answer, by="t"))


@pytest.mark.parametrize(
    ("places", "population", "expected"),
    [(27, 270_000, "yes"), (26, 270_000, "no"), (28, 270_000, "yes"), (27, 270_001, "no"), (27, 269_999, "yes")],
)
def test_q2_one_refuge_place_per_ten_thousand(places, population, expected):
    r = with_inputs("Q2", refuge_places=places, population=population).resolved["Q2"]
    assert r.rating == expected and r.derived and not r.overridden
    assert f"{population:,}" in r.derivation.explanation


@pytest.mark.parametrize(("meetings", "expected"), [(4, "yes"), (3, "no"), (5, "yes")])
def test_q5_forum_meets_at_least_four_times(meetings, expected):
    assert with_inputs("Q5", forum_meetings=meetings).resolved["Q5"].rating == expected


GROUPS = ["housing", "social_services", "education", "health", "police"]


@pytest.mark.parametrize(("covered", "expected"), [(2, "yes"), (1, "no"), (3, "yes"), (0, "no"), (5, "yes")])
def test_q11_training_covers_at_least_two_groups(covered, expected):
    groups = {g: i < covered for i, g in enumerate(GROUPS)}
    assert with_inputs("Q11", last_twelve_months=True, **groups).resolved["Q11"].rating == expected


def test_q11_training_outside_the_last_twelve_months_is_no():
    groups = dict.fromkeys(GROUPS, True)
    assert with_inputs("Q11", last_twelve_months=False, **groups).resolved["Q11"].rating == "no"


@pytest.mark.parametrize("item_id", ["Q3", "Q7"])
@pytest.mark.parametrize(("households", "expected"), [(34_999, "yes"), (35_000, "no"), (35_001, "no")])
def test_district_exemption_below_35000_households(item_id, households, expected):
    own, designated = {"Q3": ("coordinator", "senior_officer"), "Q7": ("own_scheme", "with_neighbours")}[item_id]
    figures = {own: False, "district_council": True, "households": households, designated: True}
    assert with_inputs(item_id, **figures).resolved[item_id].rating == expected


def test_exemption_does_not_apply_to_a_london_borough():
    figures = {"coordinator": False, "district_council": False, "households": 1000, "senior_officer": True}
    assert with_inputs("Q3", **figures).resolved["Q3"].rating == "no"


def test_a_yes_to_the_main_question_needs_no_further_figures():
    r = with_inputs("Q3", coordinator=True).resolved["Q3"]
    assert r.rating == "yes" and r.derivation.missing == ()


def test_derivation_asks_for_the_figure_it_needs():
    report = with_inputs("Q3", coordinator=False, district_council=True)
    r = report.resolved["Q3"]
    assert r.rating is None and not r.answered
    assert r.derivation.explanation == "needs: Households in the district"


def test_override_is_visible_and_must_be_explained():
    report = with_inputs("Q5", rating="yes", forum_meetings=3)
    r = report.resolved["Q5"]
    assert r.rating == "yes" and r.overridden and not r.derived
    assert [f.rule for f in report.findings_for("Q5")] == ["evidence-for-yes", "explain-override"]
    explained = with_inputs("Q5", rating="yes", notes="A fourth meeting was held in April", forum_meetings=3)
    assert [f.rule for f in explained.findings_for("Q5")] == ["evidence-for-yes"]


def test_figures_that_cannot_be_worked_out_are_explained_not_raised(tmp_path):
    from csf.framework import load_framework

    from .helpers import mini, write_yaml

    data = mini(sections=[{"id": "1", "title": "S", "items": [{
        "id": "1.1", "text": "Places per head?",
        "inputs": [{"name": "places", "label": "Places", "type": "integer"}, {"name": "people", "label": "People", "type": "integer"}],
        "derive": {"when": "places / people >= 1", "then": "fully-met", "otherwise": "not-met"}}]}])
    framework = load_framework(write_yaml(tmp_path / "f.yaml", data))
    answer = Answer(inputs=MappingProxyType({"places": 3, "people": 0}))
    r = evaluate(framework, new_assessment(framework, "X").with_answer("1.1", answer, by="t")).resolved["1.1"]
    assert r.rating is None and not r.answered
    assert r.derivation.explanation == "cannot be worked out from these figures (division by zero)"


def csf_report(answer: Answer, period: str = "2009-10"):
    return evaluate(CSF, new_assessment(CSF, "Testborough", period).with_answer("1.1", answer, by="t"))


def test_fully_met_needs_evidence():
    report = csf_report(Answer(rating="fully-met", practice="We chair the DV strategic group."))
    assert [(f.rule, f.severity) for f in report.findings_for("1.1")] == [("evidence-for-fully-met", "error")]
    ok = csf_report(Answer(rating="fully-met", practice="p", evidence=(Evidence("Terms of reference"),)))
    assert ok.findings_for("1.1") == ()


def test_a_factor_answered_as_a_whole_gives_its_items_practice():
    a = new_assessment(CSF, "Testborough").with_answer("1.1", Answer(rating="partly-met"), by="t")
    assert [f.rule for f in evaluate(CSF, a).findings_for("1.1")] == ["practice-for-rating"]
    a = a.with_narrative("1", "The strategic group covers every item of this factor.", by="t")
    assert evaluate(CSF, a).findings_for("1.1") == ()


def test_rating_without_practice_text_is_flagged():
    report = csf_report(Answer(rating="partly-met", practice="   "))
    assert [f.rule for f in report.findings_for("1.1")] == ["practice-for-rating"]
    assert csf_report(Answer(rating="not-applicable")).findings_for("1.1") == ()


@pytest.mark.parametrize(("date", "stale"), [("2009-03-31", False), ("2009-03-30", True), ("2009-04-01", False), ("2010-03-31", False)])
def test_evidence_older_than_twelve_months_before_period_end_is_stale(date, stale):
    report = csf_report(Answer(rating="partly-met", practice="p", evidence=(Evidence("Minutes", date=date),)))
    found = [(f.rule, f.severity, f.evidence) for f in report.findings_for("1.1")]
    assert found == ([("evidence-recent", "warning", 0)] if stale else [])


def test_undated_evidence_or_no_period_is_not_stale():
    assert csf_report(Answer(rating="partly-met", practice="p", evidence=(Evidence("Minutes"),))).findings_for("1.1") == ()
    old = Answer(rating="partly-met", practice="p", evidence=(Evidence("Minutes", date="1999-01-01"),))
    assert csf_report(old, period="").findings_for("1.1") == ()


def test_unanswered_items_are_missing_and_required_ones_are_errors():
    report = csf_report(Answer(rating="not-met", practice="p"))
    missing = [f.item for f in report.findings if f.severity == "missing"]
    assert missing == [i.id for i in CSF.items()][1:]
    brief = REGISTRY.get("dsvb-brief")
    findings = evaluate(brief, new_assessment(brief, "X")).findings
    assert [(f.item, f.severity) for f in findings if f.severity == "error"] == [("ED.1", "error")]


def test_document_rules_of_the_brief():
    from csf.rules import check_document

    brief = REGISTRY.get("dsvb-brief")
    assert check_document(brief, {"pages": 15, "tables": 0, "words": 5000}) == []
    failed = check_document(brief, {"pages": 16, "tables": 2, "words": 9000})
    assert [f.rule for f in failed] == ["page-limit", "data-in-words"]
