"""Is an incoming submission acceptable? The checks headquarters makes on receipt.

A submission is acceptable when it was made for a framework version headquarters has,
with the same content (its fingerprint), every item is answered, no rule reports an
error, the privacy check finds nothing the borough has not acknowledged, and the
borough has marked it submitted or approved (not a draft). `csf collect` and
`csf validate --submission` print the same lines for each file.
"""

from __future__ import annotations


from . import privacy
from .frozen import frozen
from .report import Report

DRAFT = "draft"


@frozen
class Intake:
    acceptable: bool
    status: str  # the submission's own status (draft, submitted, approved), "draft" when it records none
    reasons: tuple[str, ...]  # why it is not acceptable; empty when it is
    summary: str  # "partnership-csf 2009.1, fingerprint matches, 49 of 49 answered, 0 rule problem(s), submitted"


def status_of(data: dict) -> tuple[str, str | None]:
    """(status, submitted date) from the assessment's `submission` block, read from its data so
    this works whatever else the block holds; a file that records none is a draft."""
    block = data.get("submission")
    if isinstance(block, dict):
        return str(block.get("status") or DRAFT), block.get("submitted")
    return DRAFT, None


def check(report: Report, data: dict | None = None) -> Intake:
    """The verdict on one evaluated submission; `data` is its `to_data()` when the caller has it."""
    a, fw = report.assessment, report.framework
    data = a.to_data() if data is None else data
    state, _ = status_of(data)
    errors = [f for f in report.findings if f.severity == "error"]
    reasons = []
    if not a.fingerprint:
        reasons.append(f"records no framework fingerprint, so its {fw.label} content cannot be confirmed")
    if report.answered < report.total:
        reasons.append(f"{report.total - report.answered} of {report.total} items not answered")
    if errors:
        reasons.append(f"{len(errors)} rule problem(s): " + "; ".join(str(f) for f in errors[:3])
                       + ("; …" if len(errors) > 3 else ""))
    if findings := privacy.scan(a, data=data):
        reasons.append(f"{len(findings)} likely piece(s) of personal data: " + "; ".join(str(f) for f in findings[:3])
                       + ("; …" if len(findings) > 3 else "") + " (`csf check --privacy FILE` lists them)")
    if state == DRAFT:
        recorded = isinstance(data.get("submission"), dict)
        reasons.append("marked draft, not submitted" if recorded else "no submission status recorded, so taken as a draft")
    fingerprint = "fingerprint matches" if a.fingerprint else "no fingerprint"
    summary = f"{fw.label}, {fingerprint}, {report.answered} of {report.total} answered, {len(errors)} rule problem(s), {state}"
    return Intake(not reasons, state, tuple(reasons), summary)


def lines(label: str, intake: Intake) -> list[str]:
    """What collect and validate print for one file."""
    if intake.acceptable:
        return [f"acceptable: {label}: {intake.summary}"]
    return [f"not acceptable: {label}: {intake.summary}", *(f"  {r}" for r in intake.reasons)]


def validate_submissions(paths, registry) -> bool:
    """`csf validate --submission`: one verdict per file (Word submissions too); True when all are acceptable."""
    from .compare import read_all
    from .errors import display
    from .report import evaluate

    ok = True
    for path, read, reason in read_all(paths, registry):
        if read is None:
            print(f"not acceptable: {display(path)}: {reason}")
            ok = False
            continue
        intake = check(evaluate(read.loaded.framework, read.loaded.assessment))
        print("\n".join(lines(display(path), intake)))
        ok = ok and intake.acceptable
    return ok
