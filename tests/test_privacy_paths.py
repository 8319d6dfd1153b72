"""The privacy check tries each pattern only where a match of it can begin: it must find
exactly what running every pattern over the whole text finds.

The whole-text path is kept here as the reference. Texts are built from pieces of what
the patterns look for (made-up details from reserved ranges, as in test_privacy.py), the
characters case-blind matching treats specially, and separators, so that pieces meet in
every way: a phone number after "(", a title after a digit, a reference after "case no.".
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as st

from csf import privacy, store

from .exporting import LAMBETH, REGISTRY


def reference_matches(text: str) -> list[tuple[str, privacy.Span]]:
    """Every kind's pattern over the whole text: the path the fast one must equal."""
    return privacy.first_come((kind, personal, pattern.finditer(text)) for kind, (_, _, pattern, personal) in privacy.KINDS.items())


PIECES = [
    # what the patterns look for, whole and in parts
    "07700 900123", "+44 7700 900123", "+ 44", "(0)", "(020) 7946 0000", "020-7946-0000", "0", "44", "+", "(",
    "EC1A 1BB", "ec1a1bb", "GIR 0AA", "gir0aa", "SW1A", "1AA", "W1", "QQ 12 34 56 C", "qq123456c", "QQ", "12 34 56",
    "943 476 5919", "9434765919", "943-476-5919", "DOB", "d.o.b.", "D.O.B:", "dob-", "date of birth", "born on",
    "born in", "Born", "12/03/1980", "1980", "2008/09", "3rd of March 1990", "March 3rd, 1990", "1990-03-12",
    "aged 16", "age 34", "Aged 16 and over", "a 34 year old", "34-year-old woman", "16 yrs old", "woman", "she",
    "mother, aged", "crime ref", "case no.", "CRIS", "CAD 1234", "URN", "MARAC", "referral #", "job number:",
    "1234567/09", "01YE1234509", "AB-123/CD", "Mr", "Mrs Smith", "Dr. J. Jones", "Ms A", "Miss", "Mx Lee", "Dr",
    "Who", "jo.bloggs@example.org", "@", "example.org", "j@e.x",
    # whole findings, each form of each pattern's beginning
    "D.O.B: 12/03/1980", "d.ob 1980", "do.b. 3rd of March 1990", "dob-1990-03-12", "date of birth 1.2.80",
    "Born in 1990", "crime ref: 4567AB", "case no. 12345", "incident number 12-3456", "occurrence #0123/4",
    "referral 1234567/09", "a 16-year-old", "girl, (aged 15)", "Mrs J Smith", "Dr. Jones", "Miss Lee", "Ms Ng", "Mx Kay", "woman age 34", "NI QQ 12 34 56 C.",
    # what case-blind matching takes for a letter, and digits that are not ASCII
    "İ", "ı", "ſ", "K", "CRİME", "caſe", "bırth", "١٢٣", "١٢٣٤٥٦٧",
    # separators
    " ", "  ", "\n", "\t", ",", ".", ":", "-", "/", "–", "’", "'", "(", ")", ";", "£",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(string.ascii_letters + string.digits + " -/.", max_size=6)),
                 max_size=14).map("".join)


class Written:
    """Anything a partnership writes, as the check reads it: its data."""

    def __init__(self, data: dict) -> None:
        self.data = data

    def to_data(self) -> dict:
        return self.data


def reference_texts(value, path=()):
    """Every string as the check walked the data before: a generator, every key but the skipped ones."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, child in value.items():
            if key not in privacy.SKIPPED:
                yield from reference_texts(child, (*path, str(key)))
    elif isinstance(value, (list, tuple)):
        for index, child in enumerate(value):
            yield from reference_texts(child, (*path, index))


def reference_scan(data: dict) -> list[privacy.Finding]:
    """Each text read afresh at each of its places, every pattern over the whole of it."""
    known = {privacy._code(*key) for key in privacy._acknowledged(data)}
    out = []
    for path, text in reference_texts(data):
        found = reference_matches(text)
        for kind, (start, end) in found:
            finding = privacy.Finding(kind, *privacy._place(path), text[start:end], privacy._excerpt(text, start, end, found))
            if finding.code not in known:
                out.append(finding)
    return out


@st.composite
def writings(draw) -> dict:
    """An assessment's data whose few texts each stand in several places (an answer, its evidence,
    a section, fields csf does not know, the skipped history), some findings acknowledged."""
    said = st.sampled_from(draw(st.lists(texts, min_size=1, max_size=4)))
    entry = st.fixed_dictionaries({"description": said, "source": said, "owner": said, "date": st.just("2009-06-01")})
    answer = st.fixed_dictionaries({"rating": said, "practice": said, "evidence": st.lists(entry, max_size=3)},
                                   optional={"notes": said, "contacts": st.tuples(said, st.builds(lambda t: MappingProxyType({"phone": t}), said))})
    data = {"area": said, "answers": st.dictionaries(st.sampled_from(["1.1", "1.2", "2.1"]), answer, max_size=3),
            "sections": st.fixed_dictionaries({"3": st.fixed_dictionaries({"narrative": said})}), "history": st.lists(st.fixed_dictionaries({"note": said}), max_size=1)}
    data = draw(st.fixed_dictionaries(data))
    found = reference_scan(data)
    chosen = draw(st.lists(st.sampled_from(found), max_size=2)) if found else []
    places = [{"item": f.item} if f.item else {"section": f.section} if f.section else {} for f in chosen]
    data["privacy"] = {"acknowledged": [p | {"field": f.field, "words": f.words} for p, f in zip(places, chosen)]}
    return data


@settings(max_examples=500, deadline=None)
@given(writings())
def test_the_check_finds_each_text_at_every_place_it_stands_as_reading_each_afresh_does(data):
    """The check reads a text that stands in many places once; its findings are still every
    place's own, and an acknowledgement still covers only the place it names."""
    assert privacy.scan(Written(data)) == reference_scan(data)
    assert privacy.scan(Written(data), acknowledged=True) == reference_scan(data | {"privacy": {}})


@settings(max_examples=3000, deadline=None)
@given(texts)
def test_the_fast_path_finds_what_every_pattern_over_the_whole_text_finds(text):
    assert privacy.matches(text) == reference_matches(text)


def test_the_two_paths_agree_on_every_text_of_the_lambeth_example():
    texts = [text for _, text in privacy.texts(store.load(LAMBETH, REGISTRY).assessment)]
    assert texts
    for text in texts:
        assert privacy.matches(text) == reference_matches(text)


def test_the_folds_are_every_character_case_blind_matching_takes_for_an_ascii_letter():
    """The words a pattern begins with are found in the text folded; a character re.IGNORECASE
    matches to a letter must fold to that letter, or a place would be missed."""
    letters = re.compile("[a-z]", re.I)
    for code in range(0x110000):
        char = chr(code)
        if letters.fullmatch(char):
            folded = privacy.fold(char)
            assert len(folded) == 1 and re.fullmatch(folded, char, re.I), (hex(code), folded)


def test_a_text_is_looked_at_for_digits_whenever_the_patterns_would_see_one():
    """The quick look for digits never misses one that \\d matches (any script's), and
    says no exactly when an ASCII text has none."""
    digit = re.compile(r"\d")
    unicode_digits = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and digit.match(chr(c))]
    assert all(privacy._may_hold_digits(f"case {d}") for d in unicode_digits)
    for text in ("Minutes", "DV co-ordinator", "2009-06-01", "Call 07700 900123", "", "referral x9", string.printable):
        assert privacy._may_hold_digits(text) == bool(digit.search(text))


@settings(max_examples=500, deadline=None)
@given(st.dates(), st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99))
def test_a_text_that_is_only_a_date_holds_nothing_every_pattern_would_find(day, year, month, dom):
    """Each evidence entry's date is passed over without trying the patterns; run over it,
    they find nothing either, whatever its digits."""
    for text in (day.isoformat(), f"{year:04d}-{month:02d}-{dom:02d}"):
        assert reference_matches(text) == [] == privacy.matches(text)


def test_a_text_without_a_digit_is_passed_over_only_where_no_kind_could_match_it():
    """Prose with no digit, no @ and no title is passed over: the kinds that need no digit are
    the e-mail address and the title and name. Each piece without a digit, alone and in a
    sentence, is still found as every pattern over the whole text finds it."""
    assert set(privacy.WITHOUT_DIGITS) == {"email", "title-name"}
    for piece in (p for p in PIECES if not re.search(r"\d", p)):
        for text in (piece, f"Seen by {piece} at the forum.", f"{piece}{piece}"):
            assert privacy.matches(text) == reference_matches(text), text
