"""The personal-data check: what it finds, what it lets through, acknowledging, and exports refusing.

Every detail here is made up from ranges reserved for the purpose: phone numbers 07700
900xxx (Ofcom's drama range), the NI prefix QQ (HMRC's specimen), example.org, the
postcode EC1A 1BB (the Royal Mail's own example of the format).
"""

from __future__ import annotations

import pytest
import yaml

from csf import privacy, store
from csf.assessment import Answer, new_assessment

from .exporting import LAMBETH, REGISTRY
from .helpers import run

PASTED = (
    "Referred by Mrs Smith, who lives at EC1A 1BB, tel 07700 900123, e-mail jo.bloggs@example.org, "
    "NI number QQ 12 34 56 C, DOB 12/03/1980."
)


@pytest.fixture
def pasted(tmp_path, monkeypatch):
    """An assessment whose item 1.3 carries case-note details; 1.1 and 1.2 are ordinary."""
    monkeypatch.chdir(tmp_path)
    assessment = new_assessment(REGISTRY.get("partnership-csf"), "Testborough", "2009-10", "DV co-ordinator")
    answers = {
        "1.1": Answer(rating="partly-met", practice="The MARAC meets monthly; referrals go to the co-ordinator."),
        "1.2": Answer(rating="fully-met", practice="Women aged 16 and over can use the refuge."),
        "1.3": Answer(rating="not-met", practice=PASTED),
    }
    for item_id, answer in answers.items():
        assessment = assessment.with_answer(item_id, answer, by="tests", at="2026-01-01T00:00:00Z")
    path = tmp_path / "testborough.yaml"
    store.create(path, assessment)
    return path


def findings_in(text: str) -> list[tuple[str, str]]:
    return [(kind, text[start:end]) for kind, (start, end) in privacy.matches(text)]


def test_six_findings_on_the_right_item_each_named_masked_and_explained(pasted, capsys):
    code, out, _ = run(capsys, "check", "--privacy", str(pasted))
    assert code == 1
    lines = out.splitlines()
    assert [line.split(" [")[0] for line in lines[:-1]] == [
        "item 1.3 practice: title and name",
        "item 1.3 practice: postcode",
        "item 1.3 practice: phone number",
        "item 1.3 practice: e-mail address",
        "item 1.3 practice: National Insurance number",
        "item 1.3 practice: date of birth",
    ]
    assert lines[-1].startswith("6 likely piece(s) of personal data in ")
    for secret in ("Smith", "EC1A", "1BB", "900123", "jo.bloggs", "example.org", "QQ", "1980"):
        assert secret not in out
    assert "“Referred by Mrs █████, who lives at ████ ███, tel…” (a title followed by a name names a person)" in lines[0]
    assert "DOB ██/██/████.”" in lines[5]


def test_an_acknowledged_finding_is_recorded_and_not_reported_again(pasted, capsys):
    _, out, _ = run(capsys, "check", "--privacy", str(pasted))
    code = out.splitlines()[2].split("[")[1].split("]")[0]  # the phone number's
    status, out, _ = run(capsys, "check", "--privacy", str(pasted), "--acknowledge", code, "--by", "DV co-ordinator")
    assert status == 1
    assert out.splitlines()[0] == f"acknowledged [{code}] item 1.3: phone number"
    assert "phone number" not in "".join(out.splitlines()[1:])
    assert out.splitlines()[-1].startswith("5 likely piece(s) of personal data in 6 texts; 1 acknowledged, not shown.")
    stored = yaml.safe_load(pasted.read_text(encoding="utf-8"))["privacy"]["acknowledged"]
    assert [{k: v for k, v in e.items() if k != "at"} for e in stored] == [
        {"item": "1.3", "field": "practice", "words": "07700 900123", "by": "DV co-ordinator"}
    ]
    assert stored[0]["at"].endswith("Z")
    assert run(capsys, "validate", str(pasted))[0] == 0
    assert [f.kind for f in privacy.scan(store.load(pasted, REGISTRY).assessment)] == [
        "title-name", "postcode", "email", "ni-number", "dob"
    ]


def test_an_acknowledgement_is_for_those_words_in_that_item_only(pasted):
    loaded = store.load(pasted, REGISTRY)
    phone = next(f for f in privacy.scan(loaded.assessment) if f.kind == "phone")
    assessment, _ = privacy.acknowledge(loaded.assessment, [phone.code], by="tests")
    moved = assessment.with_answer("1.1", Answer(practice="Call 07700 900123."), by="tests")
    changed = moved.with_answer("1.3", Answer(practice=PASTED.replace("900123", "900456")), by="tests")
    assert [(f.item, f.words) for f in privacy.scan(changed) if f.kind == "phone"] == [
        ("1.1", "07700 900123"),
        ("1.3", "07700 900456"),
    ]


def test_an_unknown_code_is_refused_and_nothing_is_written(pasted, capsys):
    before = pasted.read_bytes()
    code, out, err = run(capsys, "check", "--privacy", str(pasted), "--acknowledge", "deadbeef")
    assert (code, out) == (2, "")
    assert err == "error: no privacy finding with code deadbeef; `csf check --privacy FILE` lists them\n"
    assert pasted.read_bytes() == before


def test_a_hand_written_acknowledgement_without_words_is_a_schema_error(pasted, capsys):
    data = yaml.safe_load(pasted.read_text(encoding="utf-8"))
    data["privacy"] = {"acknowledged": [{"item": "1.3", "by": "me", "at": "2026-01-01T00:00:00Z"}]}
    pasted.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, _, err = run(capsys, "validate", str(pasted))
    assert code == 1 and "privacy.acknowledged[0]" in err and "words" in err


@pytest.mark.parametrize("fmt", ["docx", "md", "html", "json", "csv"])
def test_strict_privacy_refuses_every_export_and_writes_nothing(pasted, capsys, fmt):
    code, out, err = run(capsys, "export", str(pasted), "--format", fmt, "--strict-privacy")
    assert code == 1 and out == ""
    assert err.startswith("error: --strict-privacy: not exporting; 6 likely piece(s) of personal data:\n")
    assert "  item 1.3 practice: postcode [" in err and "EC1A" not in err
    assert sorted(p.name for p in pasted.parent.iterdir()) == ["testborough.yaml"]  # no exports/, no file
    code, _, _ = run(capsys, "export", str(pasted), "--format", fmt, "--strict-privacy", "-o", f"named.{fmt}")
    assert code == 1 and not (pasted.parent / f"named.{fmt}").exists()


def test_by_default_an_export_warns_and_still_writes(pasted, capsys):
    code, out, err = run(capsys, "export", str(pasted), "-o", "board.md")
    assert code == 0 and out.startswith("wrote board.md: ")
    warnings = [line for line in err.splitlines() if line.startswith("warning: possible personal data: item 1.3 practice: ")]
    assert len(warnings) == 6


def test_strict_privacy_exports_once_every_finding_is_acknowledged(pasted, capsys):
    codes = [f.code for f in privacy.scan(store.load(pasted, REGISTRY).assessment)]
    assert run(capsys, "check", str(pasted), "--privacy", *[a for c in codes for a in ("--acknowledge", c)])[0] == 0
    code, _, err = run(capsys, "export", str(pasted), "-o", "board.html", "--strict-privacy")
    assert code == 0 and "personal data" not in err


def test_the_lambeth_example_gives_no_finding_in_any_of_its_texts(capsys):
    assessment = store.load(LAMBETH, REGISTRY).assessment
    places = [path[:2] for path, _ in privacy.texts(assessment)]
    assert sum(p[0] == "answers" for p in places) == 49 and sum(p[0] == "sections" for p in places) == 6
    assert privacy.scan(assessment) == []
    code, out, _ = run(capsys, "check", "--privacy", str(LAMBETH))
    assert (code, out) == (0, "no likely personal data in 66 texts\n")


def test_every_text_is_read_including_fields_csf_does_not_know(tmp_path):
    assessment = new_assessment(REGISTRY.get("partnership-csf"), "Testborough")
    answer = Answer(extra={"contacts": [{"name": "Refuge line", "phone": "07700 900001"}]})
    assessment = assessment.with_answer("2.1", answer, by="tests")
    assessment = assessment.with_narrative("3", "Ask Ms Jones at jones@example.org.", by="tests")
    found = [(f.where, f.field, f.kind) for f in privacy.scan(assessment)]
    assert found == [
        ("item 2.1", "contacts[0].phone", "phone"),
        ("section 3", "narrative", "title-name"),
        ("section 3", "narrative", "email"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Her NHS number is 943 476 5919.", [("nhs-number", "943 476 5919")]),
        ("Ten digits, check digit wrong: 943 476 5918.", []),
        ("Call 020 7946 0000 or +44 (0)20 7946 0001.", [("phone", "020 7946 0000"), ("phone", "+44 (0)20 7946 0001")]),
        ("CRIS 4201234/09 and URN 01YE1234509; case no. 12345.",
         [("reference", "4201234/09"), ("reference", "01YE1234509"), ("reference", "12345")]),
        ("a 34-year-old woman; the victim, aged 29", [("age", "34"), ("age", "29")]),
        ("born on 3rd March 1975", [("dob", "3rd March 1975")]),
        ("date of birth: 1980-03-12", [("dob", "1980-03-12")]),
        ("ec1a 1bb", [("postcode", "ec1a 1bb")]),
        ("Mr A. Khan and Dr Patel", [("title-name", "A. Khan"), ("title-name", "Patel")]),
        ("Mrs Smith. Mr Jones", [("title-name", "Smith"), ("title-name", "Jones")]),
    ],
)
def test_what_is_caught(text, expected):
    assert findings_in(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Women aged 16 and over; young people aged 16-25; victims aged 18+.",
        "Violent crime 2008/09 fell; crime ref: 2008-09.",
        "SCD1, 2, 3, 5, 7, 8, 10, 11, 25. CO 14, 19. HR5.",
        "The pump-priming grant of £120,000 ran 2007-2010; 3 offences or 5 incidents within 12 months.",
        "A day of action on the 25-11-09; the A1 2nd floor; Level 2 MAPPA; MARAC 1 is key.",
        "Dr Foster Intelligence published it; the DI is DV Forum lead; the Det. Supt. chairs.",
        "Referrals: 0 1 2 3.",
    ],
)
def test_what_is_let_through(text):
    assert findings_in(text) == []


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("a." * 100_000, 0),  # every position a word boundary: an unbounded e-mail pattern searched for minutes
        ("Mrs Smith. " * 20_000, 20_000),  # thousands of findings: each is checked against the others by bisection
        ("0-" * 100_000, 0),
        ("woman aged " * 20_000, 0),
    ],
    ids=["boundaries", "many-findings", "digit-runs", "unfinished-ages"],
)
def test_huge_and_repetitive_text_is_read_in_one_pass(text, count):
    found = privacy.matches(text)
    assert len(found) == count, found[:3]


def test_the_excerpt_masks_a_long_match_that_began_before_it():
    address = "a" * 60 + "@" + ".".join(["department"] * 6) + ".example.org"
    text = f"Write to {address} or call 07700 900123 today."
    phone = next(f for f in privacy.scan(_with_practice(text)) if f.kind == "phone")
    assert phone.excerpt.startswith("…") and "a" * 3 not in phone.excerpt and "department" not in phone.excerpt
    assert phone.excerpt.endswith("call █████ ██████ today.")


def _with_practice(text: str):
    assessment = new_assessment(REGISTRY.get("partnership-csf"), "Testborough")
    return assessment.with_answer("1.1", Answer(practice=text), by="tests")


def test_collect_marks_a_submission_with_personal_data_not_acceptable_and_records_the_marking(pasted, capsys):
    import sqlite3

    db = pasted.parent / "hq.sqlite"
    code, out, _ = run(capsys, "collect", str(pasted), "--db", str(db), "--marking", "OFFICIAL-SENSITIVE")
    assert code == 1
    reason = next(line for line in out.splitlines() if "personal data" in line)
    assert reason.startswith("  6 likely piece(s) of personal data: item 1.3 practice: title and name [")
    assert reason.endswith("; … (`csf check --privacy FILE` lists them)")
    assert "Smith" not in out and "EC1A" not in out
    conn = sqlite3.connect(db)
    try:
        marking, problems = conn.execute("select marking, problems from submissions").fetchone()
    finally:
        conn.close()
    assert marking == "OFFICIAL-SENSITIVE" and "6 likely piece(s) of personal data" in problems


def test_collect_into_a_database_made_before_markings_adds_the_column(pasted, capsys):
    import sqlite3

    db = pasted.parent / "old.sqlite"
    run(capsys, "collect", str(pasted), "--db", str(db))
    conn = sqlite3.connect(db)
    conn.execute("alter table submissions drop column marking")
    conn.commit()
    conn.close()
    other = pasted.parent / "other.yaml"
    other.write_text(pasted.read_text(encoding="utf-8").replace("Testborough", "Otherborough"), encoding="utf-8")
    assert run(capsys, "collect", str(other), "--db", str(db), "--marking", "OFFICIAL")[0] == 1
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("select area, marking from submissions order by id").fetchall()
    finally:
        conn.close()
    assert rows == [("Testborough", None), ("Otherborough", "OFFICIAL")]
