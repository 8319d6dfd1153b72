"""The one scoring function, on the tables the issue sets out."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from csf.assessment import Answer, new_assessment
from csf.framework import from_document
from csf.report import evaluate
from csf.yamlio import Document

from .helpers import mini


def framework_of(data):
    return from_document(Document("test.yaml", data))


def rated(framework, ratings: dict[str, str]):
    assessment = new_assessment(framework, "Testborough")
    for item_id, rating in ratings.items():
        assessment = assessment.with_answer(item_id, Answer(rating=rating, practice="p"), by="t")
    return evaluate(framework, assessment).scorecard


def yes_no_framework(questions: int = 11):
    return framework_of(
        mini(
            scale={"values": [{"id": "yes", "label": "Yes", "points": 1}, {"id": "no", "label": "No", "points": 0}]},
            scoring={"method": "points", "denominator": "all", "decimals": 1, "formula": "N = (a / 11) × 100"},
            sections=[{"id": "1", "title": "Q", "items": [{"id": f"Q{i}", "type": "question", "text": f"Q{i}?"} for i in range(1, questions + 1)]}],
        )
    )


EXPECTED_BVPI = ["0.0", "9.1", "18.2", "27.3", "36.4", "45.5", "54.5", "63.6", "72.7", "81.8", "90.9", "100.0"]


@pytest.mark.parametrize("yes", range(12))
def test_bvpi_formula_counts_unanswered_as_not_yes(yes):
    framework = yes_no_framework()
    card = rated(framework, {f"Q{i}": "yes" for i in range(1, yes + 1)})
    assert str(card.overall.percent) == EXPECTED_BVPI[yes]
    assert card.overall.possible == 11


def test_bvpi_explicit_no_scores_the_same_as_unanswered():
    framework = yes_no_framework()
    answers = {"Q1": "yes", "Q2": "yes", "Q3": "no", "Q4": "no"}
    assert rated(framework, answers).overall.percent == Decimal("18.2")


def test_csf_factor_three_full_one_partly_one_not_two_na_is_70():
    framework = framework_of(mini())
    ratings = ["fully-met"] * 3 + ["partly-met", "not-met"] + ["not-applicable"] * 2
    card = rated(framework, {f"1.{i}": r for i, r in enumerate(ratings, 1)})
    first = card.sections[0].score
    assert (first.percent, first.points, first.possible) == (Decimal("70.0"), 7, 10)
    assert (first.answered, first.excluded, first.total) == (7, 2, 7)
    assert card.format(first) == "70.0%"


def test_all_not_applicable_is_not_scored_not_zero():
    framework = framework_of(mini())
    card = rated(framework, {f"1.{i}": "not-applicable" for i in range(1, 8)})
    assert card.sections[0].score.percent is None
    assert card.format(card.sections[0].score) == "not scored"
    assert card.sections[1].score.percent is None  # nothing answered at all
    assert card.overall.percent is None and card.overall.excluded == 7


def test_empty_assessment_is_not_scored():
    card = rated(framework_of(mini()), {})
    assert card.overall.percent is None and card.overall.answered == 0 and card.overall.total == 8


def test_overall_pools_points_rather_than_averaging_sections():
    framework = framework_of(mini())
    card = rated(framework, {"1.1": "fully-met", "1.2": "not-met", "1.3": "not-met", "2.1": "fully-met"})
    # sections: 2/6 = 33.3 and 2/2 = 100; the mean would be 66.7, the pool is 4/8 = 50
    assert [s.score.percent for s in card.sections] == [Decimal("33.3"), Decimal("100.0")]
    assert card.overall.percent == Decimal("50.0")


@pytest.mark.parametrize(("points", "possible", "decimals", "expected"), [(1, 8, 1, "12.5"), (1, 16, 2, "6.25"), (1, 16, 1, "6.3"), (1, 3, 0, "33"), (2, 3, 0, "67")])
def test_rounding_is_half_up_in_decimal(points, possible, decimals, expected):
    from csf.scoring import percentage

    assert str(percentage(points, possible, decimals)) == expected


def test_score_is_of_what_has_been_answered():
    framework = framework_of(mini())
    card = rated(framework, {"1.1": "fully-met"})
    assert card.overall.percent == Decimal("100.0")
    assert (card.overall.answered, card.overall.total) == (1, 8)


def test_method_none_reports_counts_only():
    data = mini(scoring={"method": "none"}, sections=[{"id": "C1", "title": "Data", "items": [
        {"id": "C1.1", "type": "number", "text": "Number of incidents?"}, {"id": "C1.2", "type": "text", "text": "How?"}]}])
    data.pop("scale")
    framework = framework_of(data)
    a = new_assessment(framework, "X").with_answer("C1.1", Answer(value=12), by="t")
    card = evaluate(framework, a).scorecard
    assert card.overall.percent is None and (card.overall.answered, card.overall.total) == (1, 2)
    a = a.with_answer("C1.2", replace(a.answer("C1.2"), practice="   "), by="t")
    assert evaluate(framework, a).scorecard.overall.answered == 1  # blank text is not an answer


def test_completeness_counts_unrated_items_too():
    data = mini(sections=[{"id": "1", "title": "Mixed", "items": [
        {"id": "1.1", "text": "Rated item"}, {"id": "1.2", "type": "text", "text": "Describe the forum."}]}])
    framework = framework_of(data)
    a = new_assessment(framework, "X").with_answer("1.2", Answer(practice="Meets monthly."), by="t")
    report = evaluate(framework, a)
    overall = report.scorecard.overall
    assert (overall.answered, overall.total, overall.percent) == (1, 2, None)
    assert (report.answered, report.total) == (1, 2)
