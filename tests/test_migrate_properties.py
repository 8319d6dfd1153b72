"""Migration never drops a character a borough wrote, for any assessment and any mapping."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csf import yamlio
from csf.assessment import parse_assessment
from csf.framework import from_document
from csf.mapping import Mapping, Pair, complete
from csf.migration import migrate

from .helpers import mini


def framework(version: str, item_ids: list[str]):
    data = mini(version=version)
    data["sections"] = [{"id": "1", "title": "One", "items": [{"id": i, "text": f"Item {i}"} for i in item_ids[:3]]},
                        {"id": "2", "title": "Two", "items": [{"id": i, "text": f"Item {i} v{version}"} for i in item_ids[3:]]}]
    return from_document(yamlio.Document("mini.yaml", data))


OLD = framework("1.0", ["a", "b", "c", "d", "e"])
NEW = framework("2.0", ["a", "c", "f", "d", "g", "h"])
OLD_IDS = [i.id for i in OLD.items()]
NEW_IDS = [i.id for i in NEW.items()]
RELATIONS = ["equal", "subset", "superset", "intersect", "not_related"]

text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip)
evidence = st.fixed_dictionaries({"description": text}, optional={"source": text, "owner": text, "date": st.just("2009-01-01")})
answer = st.fixed_dictionaries(
    {},
    optional={"rating": st.sampled_from(["fully-met", "partly-met", "not-met", "not-applicable"]), "practice": text,
              "notes": text, "evidence": st.lists(evidence, max_size=3), "reason": text, "x-local": text},
)
assessment = st.fixed_dictionaries({
    "framework": st.just({"id": "mini", "version": "1.0", "fingerprint": OLD.fingerprint}),
    "area": st.just("Anyborough"),
    "answers": st.dictionaries(st.sampled_from(OLD_IDS), answer),
    "sections": st.dictionaries(st.sampled_from(["1", "2"]), st.fixed_dictionaries({"narrative": text})),
})
pairs = st.lists(st.tuples(st.sampled_from(OLD_IDS), st.sampled_from(NEW_IDS), st.sampled_from(RELATIONS)),
                 unique_by=lambda p: p[:2], max_size=8)


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def written(data: dict) -> list[str]:
    """Every text a borough wrote: practice, notes, evidence, narratives and unknown fields."""
    return strings(data.get("answers", {})) + strings(data.get("sections", {}))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessment, pairs, st.booleans())
def test_migration_never_drops_a_character_the_borough_wrote(data, chosen, by_id_too):
    mapping = Mapping(("mini", "1.0"), ("mini", "2.0"), tuple(Pair(a, b, r) for a, b, r in chosen))
    mapping = complete(mapping, OLD, NEW) if by_id_too else mapping
    forward, _ = migrate(data, OLD, NEW, mapping, "2026-01-01T00:00:00Z", "h")
    parse_assessment(yamlio.Document("x.yaml", forward))  # the result is a valid assessment
    kept = "\x00".join(strings({k: forward.get(k) for k in ("answers", "sections", "archived")}))
    for original in written(data):
        assert original in kept
    back, _ = migrate(forward, NEW, OLD, mapping.reversed(), "2026-01-02T00:00:00Z", "h")
    kept = "\x00".join(strings({k: back.get(k) for k in ("answers", "sections", "archived")}))
    for original in written(data):
        assert original in kept


@settings(max_examples=100, deadline=None)
@given(assessment)
def test_there_and_back_by_id_gives_the_answers_back_exactly(data):
    forward, _ = migrate(data, OLD, NEW, complete(None, OLD, NEW), "2026-01-01T00:00:00Z", "h")
    back, _ = migrate(forward, NEW, OLD, complete(None, NEW, OLD), "2026-01-02T00:00:00Z", "h")
    assert back["answers"] == data["answers"]
    assert back["sections"] == data["sections"]
    assert not back.get("archived")
