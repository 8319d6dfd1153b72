"""`csf migrate`, `csf new --from` and `csf new --prefill-from`: an assessment carried to
another framework version, to the next period, or into another framework's checklist."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import store, yamlio
from .assessment import Assessment, check_against, now, parse_assessment
from .digest import hexdigest
from .errors import EXIT_OK, InvalidFile, UsageError, display
from .framework import Framework
from .mapping import Mapping, Pair, complete, find_mapping, load_mapping
from .migration import migrate, report_lines
from .registry import Registry, parse_ref


def read(path: Path, registry: Registry) -> tuple[yamlio.Document, Assessment, Framework | None, str]:
    """An assessment and the framework content it was made on, if any installed file has it.

    Unlike `store.load`, a changed or missing framework is no refusal: that is what
    migration is for.
    """
    text = yamlio.read_text(path)
    doc = yamlio.parse(text, display(path))
    assessment = parse_assessment(doc)
    source = registry.with_fingerprint(assessment.fingerprint) if assessment.fingerprint else None
    if source is None and not assessment.fingerprint:
        source = registry.find(assessment.framework_id, assessment.framework_version)
    return doc, assessment, source, hexdigest(text.encode("utf-8"))


def pairing(registry: Registry, assessment: Assessment, source: Framework | None, target: Framework,
            mapping_file: Path | None) -> Mapping:
    """The mapping from the assessment's framework to `target`.

    Without the old content (changed in place, or not installed) answers are paired by
    id and every one is to re-confirm: nothing says the item still asks the same.
    """
    if source is None:
        pairs = tuple(Pair(i, i, "intersect") for i in assessment.answers if target.item(i) is not None)
        sections = tuple(Pair(s.id, s.id, "intersect") for s in target.sections)
        return Mapping((assessment.framework_id, assessment.framework_version), (target.id, target.version), pairs, sections)
    mapping = load_mapping(mapping_file, registry) if mapping_file is not None else find_mapping(registry, source, target)
    return complete(mapping, source, target)


def carry(path: Path, registry: Registry, to: str, mapping_file: Path | None, by: str):
    """The assessment at `path` moved to framework `to` (ID@VERSION, or ID for the newest)."""
    doc, assessment, source, digest = read(path, registry)
    target = registry.get(*parse_ref(to))
    mapping = pairing(registry, assessment, source, target, mapping_file)
    data, outcome = migrate(assessment.to_data(), source, target, mapping, now(), by)
    moved = parse_assessment(yamlio.Document(doc.file, data))
    problems = check_against(moved, target, yamlio.Document(doc.file, data))
    if problems:  # a bug in migration: never write a file that will not open
        raise InvalidFile(problems)
    return assessment, source, target, moved, outcome, digest


def cmd_migrate(args: argparse.Namespace, registry: Registry, by: str) -> int:
    with store.locked(args.file):  # read, move and save as one step: another writer waits
        return _migrate(args, registry, by)


def _migrate(args: argparse.Namespace, registry: Registry, by: str) -> int:
    before, source, target, moved, outcome, digest = carry(args.file, registry, args.to, args.mapping, by)
    if source is not None and source.fingerprint == target.fingerprint and args.output is None:
        print(f"{display(args.file)} is already on {target.label}; nothing to do")
        return EXIT_OK
    if args.output is not None:
        store.create(args.output, moved)
    else:
        store.save(args.file, moved, digest)
    written = args.output or args.file
    print(f"migrated {display(written)}: {before.framework_id} {before.framework_version} -> {target.label}")
    for line in report_lines(outcome, target):
        print(f"  {line}")
    return EXIT_OK


# --- the next period, and another framework's checklist ---------------------------------


def next_period(period: str) -> str:
    """'2008-09' -> '2009-10', '2009' -> '2010'; anything else is left for a person to give."""
    import re

    if match := re.fullmatch(r"(\d{4})([-/])(\d{2}|\d{4})", period.strip()):
        start, sep, end = int(match.group(1)), match.group(2), match.group(3)
        following = str(int(end) + 1) if len(end) == 4 else f"{(int(end) + 1) % 100:02d}"
        return f"{start + 1}{sep}{following}"
    if re.fullmatch(r"\d{4}", period.strip()):
        return str(int(period) + 1)
    return ""


def _output(args: argparse.Namespace, area: str, framework: Framework, period: str) -> Path:
    from .assessment import slug

    name = "-".join(p for p in (slug(area), framework.id, slug(period) if period else "") if p)
    return args.output or Path("assessments") / f"{name}.yaml"


def _create(path: Path, data: dict) -> Assessment:
    path.parent.mkdir(parents=True, exist_ok=True)
    assessment = parse_assessment(yamlio.Document(display(path), data))
    store.create(path, assessment)
    return assessment


def cmd_new_from(args: argparse.Namespace, registry: Registry, by: str) -> int:
    """Next period's assessment from the last: every text carried, every rating to re-confirm."""
    from .assessment import period_end_of

    _, previous, source, _ = read(args.previous, registry)
    framework_id = args.framework or previous.framework_id
    version = args.version or (previous.framework_version if framework_id == previous.framework_id and source else None)
    target = registry.get(framework_id, version)
    at = now()
    data = previous.to_data()
    if source is None or source.fingerprint != target.fingerprint:
        data, _ = migrate(data, source, target, pairing(registry, previous, source, target, args.mapping), at, by)
    period = args.period or next_period(previous.period)
    for answer in (data.get("answers") or {}).values():
        if answer.get("rating") is not None:
            mark = {"reason": "new period", "period": previous.period or "previous"}
            answer["reconfirm"] = mark | ({"previous": answer["reconfirm"]} if "reconfirm" in answer else {})
    area = args.area or previous.area
    data |= {"area": area, "period": period, "created": at, "updated": at,
             "history": [{"at": at, "by": by, "field": "created", "from": display(args.previous), "to": period or None}]}
    data.pop("period_end", None)
    data.pop("status", None)  # a new period is a new draft: not submitted, not approved
    data.pop("submission", None)
    if period_end_of(period):
        data["period_end"] = period_end_of(period)
    if args.completed_by:
        data["completed_by"] = args.completed_by
    output = _output(args, area, target, period)
    created = _create(output, data)
    marked = sum(a.reconfirm is not None for a in created.answers.values())
    print(f"created {display(output)}: {target.label} for {area}" + (f", {period}" if period else "")
          + f", from {display(args.previous)}; {marked} rating(s) to re-confirm")
    return EXIT_OK


CARRIED_BY_PREFILL = ("practice", "evidence", "cite")


def cmd_prefill(args: argparse.Namespace, registry: Registry, by: str) -> int:
    """A new assessment on one framework, its practice and evidence copied from another framework's."""
    from .assessment import new_assessment
    from .migration import combine, ref

    _, other, source, _ = read(args.prefill_from, registry)
    if source is None:
        raise UsageError(f"{display(args.prefill_from)} is on {other.framework_id} {other.framework_version}, "
                         "which is not installed as it was; install that version to read it through a crosswalk")
    target = registry.get(args.framework, args.version)
    mapping = load_mapping(args.mapping, registry) if args.mapping else find_mapping(registry, source, target)
    if mapping is None:
        raise UsageError(f"no crosswalk between {source.label} and {target.label} is installed; give one with --mapping FILE")
    mapping = mapping.between(source, target)
    area = args.area or other.area
    data = new_assessment(target, area, args.period or "", args.completed_by or "").to_data()
    old = other.to_data()
    answers, prefilled = {}, []
    for item in target.items():
        came = [(p, old["answers"][p.source]) for p in mapping.predecessors(item.id) if p.source in old["answers"]]
        parts = [{k: a[k] for k in CARRIED_BY_PREFILL if a.get(k)} for _, a in came]
        parts = [(p, part) for (p, _), part in zip(came, parts) if part]
        if parts:
            mark = {"framework": ref(source), "items": [p.source for p, _ in parts],
                    "relation": ", ".join(dict.fromkeys(p.relation for p, _ in parts))}
            answers[item.id] = combine([part for _, part in parts]) | {"prefilled": mark}
            prefilled.append(item.id)
    data["answers"] = answers
    sections = {}
    for section in target.sections:
        came = [p for p in mapping.sections if p.target == section.id and p.related
                and (old.get("sections") or {}).get(p.source, {}).get("narrative")]
        if came:
            sections[section.id] = {"narrative": combine([old["sections"][p.source]["narrative"] for p in came]),
                                    "prefilled": {"framework": ref(source), "sections": [p.source for p in came]}}
    if sections:
        data["sections"] = sections
    for key in ("documents", "agencies"):  # the evidence register the copied answers cite
        if key in old:
            data[key] = old[key]
    data["history"] = [{"at": data["created"], "by": by, "field": "created", "from": display(args.prefill_from), "to": target.label}]
    output = _output(args, area, target, args.period or "")
    _create(output, data)
    print(f"created {display(output)}: {target.label} for {area}, prefilled from {display(args.prefill_from)} "
          f"through {mapping.file or 'a crosswalk'}; {len(prefilled)} item(s) prefilled, to review"
          + (f": {', '.join(prefilled)}" if prefilled else "") + "; no rating copied")
    return EXIT_OK
