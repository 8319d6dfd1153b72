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
    assert with_inputs("Q5", supports_forum=True, forum_meetings=meetings).resolved["Q5"].rating == expected


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
    if item_id == "Q3":
        figures["county_coordinator"] = False  # Q3's other exemption, for District Councils funding a county-wide co-ordinator
    assert with_inputs(item_id, **figures).resolved[item_id].rating == expected


def test_exemption_does_not_apply_to_a_london_borough():
    figures = {"coordinator": False, "district_council": False, "households": 1000, "senior_officer": True}
    assert with_inputs("Q3", **figures).resolved["Q3"].rating == "no"


def test_a_yes_to_the_main_question_needs_no_further_figures():
    r = with_inputs("Q3", coordinator=True).resolved["Q3"]
    assert r.rating == "yes" and r.derivation.missing == ()


def test_derivation_names_every_figure_that_could_still_decide_it():
    report = with_inputs("Q3", coordinator=False, district_council=True)
    r = report.resolved["Q3"]
    assert r.rating is None and not r.answered and r.undecided
    assert r.derivation.missing == ("households", "senior_officer", "county_coordinator", "county_work_designated")
    labels = {i.name: i.label for i in BVPI.item("Q3").inputs}
    assert r.derivation.explanation == "needs: " + "; ".join(labels[n] for n in r.derivation.missing)


def test_q11_two_groups_yes_and_three_unknown_derives_yes():
    r = with_inputs("Q11", last_twelve_months=True, housing=True, police=True).resolved["Q11"]
    assert r.rating == "yes" and r.derived and r.derivation.missing == ()
    entered_unknown = with_inputs("Q11", last_twelve_months=True, housing=True, police=True, health=None).resolved["Q11"]
    assert entered_unknown.rating == "yes"


def test_q11_one_group_yes_and_four_unknown_stays_underived_naming_them():
    report = with_inputs("Q11", last_twelve_months=True, education=True)
    r = report.resolved["Q11"]
    assert r.rating is None and r.undecided
    assert r.derivation.missing == ("housing", "social_services", "health", "police")
    labels = [i.label for i in BVPI.item("Q11").inputs if i.name in r.derivation.missing]
    [finding] = report.findings_for("Q11")
    assert finding.severity == "missing" and all(label in finding.message for label in labels)


def test_known_figures_that_decide_no_need_nothing_more():
    r = with_inputs("Q11", last_twelve_months=False).resolved["Q11"]
    assert r.rating == "no" and r.derived
    four_no = with_inputs("Q11", last_twelve_months=True, housing=False, social_services=False, education=False, health=False)
    assert four_no.resolved["Q11"].rating == "no"  # the fifth group alone cannot make two
    three_no = with_inputs("Q11", last_twelve_months=True, housing=False, social_services=False, education=False)
    assert three_no.resolved["Q11"].derivation.missing == ("health", "police")


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ({"coordinator": False, "district_council": True, "households": 80_000, "county_coordinator": True, "county_work_designated": True}, "yes"),
        ({"coordinator": False, "district_council": True, "county_coordinator": True, "county_work_designated": True}, "yes"),
        ({"coordinator": False, "district_council": True, "households": 80_000, "county_coordinator": True, "county_work_designated": False}, "no"),
        ({"coordinator": False, "district_council": False, "county_coordinator": True, "county_work_designated": True}, "no"),
        ({"district_council": True, "county_coordinator": True, "county_work_designated": True}, "yes"),
    ],
)
def test_q3_district_council_funding_a_county_wide_coordinator_follows_definition_4(figures, expected):
    """Definition 4: such a District Council meets Q3 if an existing senior officer's job description holds
    the county-wide work in the district, whatever its size and whatever else is unknown."""
    r = with_inputs("Q3", **figures).resolved["Q3"]
    assert (r.rating, r.derived) == (expected, True)


@pytest.mark.parametrize(("supports", "meetings", "expected"), [(True, 4, "yes"), (False, 6, "no"), (True, 3, "no"), (None, 3, "no")])
def test_q5_needs_support_and_facilitation_and_four_meetings(supports, meetings, expected):
    assert with_inputs("Q5", supports_forum=supports, forum_meetings=meetings).resolved["Q5"].rating == expected
    if supports is None or meetings is None:
        return
    assert with_inputs("Q5", supports_forum=supports).resolved["Q5"].rating == ("no" if not supports else None)


def test_q2_without_a_population_is_underived_and_a_manual_yes_needs_a_reason():
    report = with_inputs("Q2", refuge_places=27)
    r = report.resolved["Q2"]
    assert r.rating is None and r.derivation.missing == ("population",)
    assert "Local authority population" in report.findings_for("Q2")[0].message
    manual = with_inputs("Q2", rating="yes", refuge_places=27)
    assert manual.resolved["Q2"].needs_reason
    assert "reason" in [f.rule for f in manual.findings_for("Q2")]
    reasoned = with_inputs("Q2", rating="yes", notes="ONS 2009 estimate awaited; 27 places for about 250,000", refuge_places=27)
    assert "reason" not in [f.rule for f in reasoned.findings_for("Q2")]


def test_no_refuge_places_is_no_whatever_the_population():
    """A population is at least 1, so 0 places is below one per 10,000 whatever it is."""
    assert with_inputs("Q2", refuge_places=0).resolved["Q2"].rating == "no"


def test_override_is_visible_and_must_be_explained():
    report = with_inputs("Q5", rating="yes", supports_forum=True, forum_meetings=3)
    r = report.resolved["Q5"]
    assert r.rating == "yes" and r.overridden and not r.derived
    assert [f.rule for f in report.findings_for("Q5")] == ["reason", "evidence-for-yes"]
    explained = with_inputs("Q5", rating="yes", notes="A fourth meeting was held in April", supports_forum=True, forum_meetings=3)
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
