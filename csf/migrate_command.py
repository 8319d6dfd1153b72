"""`csf migrate`, `csf new --from` and `csf new --prefill-from`: an assessment carried to
another framework version, to the next period, or into another framework's checklist."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import store, yamlio
from .assessment import Assessment, check_against, now, parse_assessment
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
    return doc, assessment, source, store.hashlib.sha256(text.encode("utf-8")).hexdigest()


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
