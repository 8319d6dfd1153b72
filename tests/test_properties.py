"""Properties that must hold for any input, checked with hypothesis."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from csf import store
from csf.assessment import Answer, Evidence, new_assessment
from csf.registry import Registry
from csf.report import evaluate

REGISTRY = Registry()
CSF = REGISTRY.get("partnership-csf")
ITEM_IDS = [item.id for item in CSF.items()]
RATINGS = [None, *CSF.scale.ids]


@given(st.lists(st.sampled_from(RATINGS), min_size=len(ITEM_IDS), max_size=len(ITEM_IDS)))
def test_score_is_the_exact_fraction_rounded_half_up(ratings):
    assessment = new_assessment(CSF, "Anyborough")
    for item_id, rating in zip(ITEM_IDS, ratings):
        if rating is not None:
            assessment = assessment.with_answer(item_id, Answer(rating=rating), by="h")
    overall = evaluate(CSF, assessment).scorecard.overall
    points = {"fully-met": 2, "partly-met": 1, "not-met": 0}
    scored = [points[r] for r in ratings if r in points]
    assert overall.answered == sum(r is not None for r in ratings)
    assert overall.excluded == ratings.count("not-applicable")
    if not scored:
        assert overall.percent is None
    else:
        exact = Fraction(sum(scored) * 100, 2 * len(scored))
        assert abs(Fraction(overall.percent) - exact) <= Fraction(1, 20)
        assert Decimal(0) <= overall.percent <= Decimal(100)


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(practice=TEXT, notes=TEXT, description=TEXT.filter(lambda t: t.strip()))
@example(practice="", notes="", description="\x85\U00010000")  # NEL beside a character libyaml escapes
def test_any_text_survives_save_and_load_exactly(tmp_path, practice, notes, description):
    path = tmp_path / "p.yaml"
    path.unlink(missing_ok=True)
    assessment = new_assessment(CSF, "Anyborough").with_answer(
        "1.1", Answer(rating="partly-met", practice=practice, notes=notes, evidence=(Evidence(description),)), by="h"
    )
    store.create(path, assessment)
    again = store.load(path, REGISTRY).assessment.answer("1.1")
    assert (again.practice, again.notes, again.evidence[0].description) == (practice, notes, description)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=TEXT)
@example(notes="\x85")  # NEL: unquoted, YAML reads it as a space
@example(notes="a\x85b\u2028c")
def test_any_text_survives_a_save_over_a_file_edited_by_hand(tmp_path, notes):
    path = tmp_path / "hand.yaml"
    path.unlink(missing_ok=True)
    store.create(path, new_assessment(CSF, "Anyborough"))
    path.write_text("# kept by hand: DO NOT DELETE\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    loaded = store.load(path, REGISTRY)
    store.save(path, loaded.assessment.with_answer("1.1", Answer(notes=notes), by="h"), loaded.digest)
    assert store.load(path, REGISTRY).assessment.answer("1.1").notes == notes
    assert "DO NOT DELETE" in path.read_text(encoding="utf-8")
