"""Assessments the export tests share, built through the library in a temporary directory.

No personal data: the areas are invented and the texts are about services.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx

from csf import export, store
from csf.assessment import Answer, Assessment, Evidence, new_assessment
from csf.registry import Registry
from csf.report import Report, evaluate

REPO = Path(__file__).resolve().parent.parent
LAMBETH = REPO / "assessments" / "examples" / "lambeth.yaml"
TODAY = dt.date(2026, 1, 2)
REGISTRY = Registry()

CONTROL = "Pasted\x00from\x07a\x1bmail\x0bnext line"  # NUL, BEL, ESC: illegal in XML; VT: Word's line break
NON_LATIN = "Ελληνικά · Русский · 中文 · العربية · हिन्दी · Łódź café naïve"
QUOTES = "“Curly” ‘quotes’ — and ✓ ticks"
FORMULA = '=HYPERLINK("http://example.invalid","click")'
LONG = ("The MARAC meets monthly and reviews every high-risk referral. " * 400)[:20_000]


def report_of(path: Path, registry: Registry = REGISTRY) -> Report:
    loaded = store.load(path, registry)
    return evaluate(loaded.framework, loaded.assessment)


def rendered(report: Report, fmt: str, **options) -> export.Rendered:
    return export.render(report, fmt, export.Options(today=TODAY, **options))


def as_docx(payload: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(payload))


def _answered(assessment: Assessment, answers: dict[str, Answer]) -> Assessment:
    for item_id, answer in answers.items():
        assessment = assessment.with_answer(item_id, answer, by="tests", at="2026-01-01T00:00:00Z")
    return assessment


def rated_csf(directory: Path) -> Path:
    """partnership-csf with every kind of answer: rated with evidence, not applicable, unrated
    sections ("not scored"), and factor 6 answered as a whole with one item rated."""
    framework = REGISTRY.get("partnership-csf")
    evidence = (Evidence("Minutes of the strategic group", "Partnership minutes", "2009-06-01", "DV co-ordinator"),)
    answers = {
        "1.1": Answer(rating="fully-met", practice="The DV strategic group leads.", evidence=evidence),
        "1.2": Answer(rating="partly-met", practice="Health attends half the meetings."),
        "1.3": Answer(rating="not-met", practice="No agreed process yet."),
        "1.4": Answer(rating="not-applicable", practice="Covered by 1.3."),
        "2.1": Answer(rating="fully-met", practice="Published quarterly.", evidence=evidence),
        "2.2": Answer(rating="partly-met", practice="Being set up."),
        "6.1": Answer(rating="partly-met"),
    }
    assessment = _answered(new_assessment(framework, "Testborough", "2009-10", "DV co-ordinator"), answers)
    assessment = assessment.with_narrative("6", "Training is delivered jointly.\n\nSkills are audited yearly.", by="tests")
    path = directory / "testborough.yaml"
    store.create(path, assessment)
    return path


def awkward(directory: Path) -> Path:
    """Text an export must carry without crashing or changing it."""
    framework = REGISTRY.get("partnership-csf")
    answers = {
        "1.1": Answer(rating="partly-met", practice=CONTROL, evidence=(Evidence(NON_LATIN, QUOTES, "2009-06-01"),)),
        "1.2": Answer(rating="partly-met", practice=LONG),
        "1.3": Answer(rating="partly-met", practice=f"{NON_LATIN}\n\n{QUOTES}\n\n<script>alert(1)</script> *not emphasis* | pipe"),
        "1.4": Answer(rating="not-met", practice=FORMULA),
    }
    assessment = _answered(new_assessment(framework, NON_LATIN, "2009-10"), answers)
    path = directory / "awkward.yaml"
    store.create(path, assessment)
    return path


def bvpi(directory: Path) -> Path:
    framework = REGISTRY.get("bvpi-225")
    evidence = (Evidence("Directory of services", "Council website", "2009-12-01"),)
    answers = {q: Answer(rating="yes", practice="Done.", evidence=evidence) for q in ("Q1", "Q3", "Q4", "Q6", "Q9")}
    answers["Q5"] = Answer(rating="no")
    answers["Q2"] = Answer(inputs={"refuge_places": 30, "population": 250_000})
    assessment = _answered(new_assessment(framework, "Testborough", "2009-10"), answers)
    path = directory / "bvpi.yaml"
    store.create(path, assessment)
    return path


def dsvb(directory: Path, words_per_answer: int = 0) -> Path:
    """The DSVB brief with C1.1 and ED.1 answered, or every item answered at length."""
    framework = REGISTRY.get("dsvb-brief")
    if words_per_answer:
        text = " ".join(["referral"] * words_per_answer)
        answers = {i.id: Answer(practice=text, value=12 if i.type == "number" else None) for i in framework.items()}
    else:
        answers = {
            "C1.1": Answer(value=1234, practice="Domestic violence 1,034; serious sexual offences 200."),
            "ED.1": Answer(practice="The data cover every equality category recorded."),
        }
    assessment = _answered(new_assessment(framework, "Testborough", "2008-09"), answers)
    path = directory / "dsvb.yaml"
    store.create(path, assessment)
    return path
