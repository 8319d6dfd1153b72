"""A framework's parameters: what its source leaves to each round, set per report.

The DSVB brief is an example of one round: its data period ("between (01.08.2008) &
(31.07.2009)") and its deadlines ("Draft with MPA by: date") change every time the
Board commissions a report. The framework declares them (`parameters:`) and writes
`{name}` where the source prints the round's value; each assessment sets its own
values (`parameters:` in the assessment file), and every view fills them in. A
parameter not set yet is shown as such, never as the example round's value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from .assessment import Assessment, Change, now
from .errors import UsageError
from .framework import Framework, Parameter

PLACEHOLDER = r"\{([a-z_][a-z0-9_]*)\}"  # compiled when first used (re keeps it): most frameworks have none
KEY = "parameters"  # where an assessment file keeps its values


def values(assessment: Assessment) -> Mapping[str, str]:
    raw = assessment.extra.get(KEY) or {}
    return MappingProxyType({str(k): str(v) for k, v in raw.items() if v not in (None, "")})


def shown(parameter: Parameter, assessment: Assessment) -> str:
    return values(assessment).get(parameter.name) or f"[{parameter.label}: not set]"


def fill(text: str, framework: Framework, assessment: Assessment) -> str:
    """`text` with each of the framework's `{name}` placeholders replaced by this report's value."""
    if "{" not in text or not framework.parameters:
        return text
    declared = {p.name: p for p in framework.parameters}
    return re.sub(PLACEHOLDER, lambda m: shown(declared[m.group(1)], assessment) if m.group(1) in declared else m.group(0), text)


def unset(framework: Framework, assessment: Assessment) -> list[Parameter]:
    given = values(assessment)
    return [p for p in framework.parameters if p.name not in given]


def with_value(framework: Framework, assessment: Assessment, setting: str, by: str) -> Assessment:
    """A copy with NAME=VALUE set (an empty VALUE clears it), the change in its history."""
    name, sep, value = setting.partition("=")
    name, value = name.strip(), value.strip()
    declared = {p.name for p in framework.parameters}
    if not sep or name not in declared:
        known = ", ".join(p.name for p in framework.parameters) or "none"
        raise UsageError(f"{setting!r}: give NAME=VALUE for a parameter of {framework.label} (its parameters: {known})")
    current = dict(assessment.extra.get(KEY) or {})
    before = current.get(name)
    if (before or "") == value:
        return assessment
    if value:
        current[name] = value
    else:
        current.pop(name, None)
    extra = {k: v for k, v in assessment.extra.items() if k != KEY} | ({KEY: current} if current else {})
    at = now()
    change = Change(at=at, by=by, field=f"parameters.{name}", before=before, after=value or None)
    return replace(assessment, extra=MappingProxyType(extra), history=(*assessment.history, change), updated=at)
