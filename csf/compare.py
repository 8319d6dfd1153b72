"""Boroughs side by side on one framework: the scores and every item's rating, per file.

Each file is read and scored on its own (`submission.read`, `report.evaluate`: the same
numbers as `csf score --json` gives for it). A file that cannot be read or does not
validate is listed with the reason, never dropped, so headquarters sees that a borough
is missing rather than a shorter table. Files on different versions of one framework
are laid on the newest version through its mapping set: a rating is carried only by an
`equal` pair, and each borough shows how many of the newest version's items it has in
common. Different frameworks are refused: their scores do not measure the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import CsfError, InvalidFile, UsageError, display
from .framework import Framework
from .registry import Registry, version_key
from .report import Report, evaluate

SUFFIXES = (".yaml", ".yml", ".docx")


@dataclass(frozen=True)
class Borough:
    """One submission that was read and scored."""

    path: Path
    report: Report
    ratings: dict[str, str | None]  # target item id → scale value id (None: not rated); items it has no equal for are absent
    common: int  # items of the target version this submission's version has an equal for
    differences: int = 0  # edits found in a Word file's tables (the Word text was used)

    @property
    def area(self) -> str:
        return self.report.assessment.area


@dataclass(frozen=True)
class Refused:
    path: Path
    reason: str


@dataclass(frozen=True)
class Comparison:
    framework: Framework  # the version the boroughs are laid on (the newest)
    boroughs: tuple[Borough, ...]
    refused: tuple[Refused, ...] = ()
    versions: tuple[str, ...] = ()  # every version seen, oldest first

    @property
    def total(self) -> int:
        return self.framework.item_count


class Frameworks:
    """A registry that parses each framework version once, however many files name it."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self._cache: dict[tuple[str, str | None], Framework] = {}

    def get(self, framework_id: str, version: str | None = None) -> Framework:
        key = (framework_id, version)
        if key not in self._cache:
            self._cache[key] = self.registry.get(framework_id, version)
        return self._cache[key]


def files_in(paths: Iterable[Path]) -> list[Path]:
    """The files named, and the submissions inside the directories named (not hidden, not Word's ~$ lock files)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                           and not any(part.startswith((".", "~$")) for part in p.relative_to(path).parts))
            if not found:
                raise UsageError(f"{display(path)}: no assessment (.yaml) or Word (.docx) files in it")
            out += found
        elif not path.exists():
            raise UsageError(f"{display(path)}: no such file or directory")
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def read_all(paths: Iterable[Path], registry: Registry):
    """Each file read and evaluated, or the reason it could not be: [(path, Read | None, reason)]."""
    from . import submission

    frameworks = Frameworks(registry)
    for path in files_in(paths):
        try:
            read = submission.read(path, frameworks)  # type: ignore[arg-type]  (duck-typed registry)
        except InvalidFile as e:
            shown = "; ".join(str(p) for p in e.problems[:3]) + (f"; and {len(e.problems) - 3} more" if len(e.problems) > 3 else "")
            yield path, None, f"does not validate: {shown}"
        except CsfError as e:
            yield path, None, str(e)
        else:
            yield path, read, ""


def compare(paths: Sequence[Path], registry: Registry) -> Comparison:
    from .mapping import complete, find_mapping

    read, refused = [], []
    for path, got, reason in read_all(paths, registry):
        if got is None:
            refused.append(Refused(path, reason))
        else:
            read.append((path, got, evaluate(got.loaded.framework, got.loaded.assessment)))
    if not read:
        raise UsageError("nothing to compare: " + "; ".join(f"{display(r.path)}: {r.reason}" for r in refused))
    ids = {}
    for path, _, report in read:
        ids.setdefault(report.framework.id, []).append(path)
    if len(ids) > 1:
        shown = "; ".join(f"{fid} ({len(ps)} file(s), e.g. {display(ps[0])})" for fid, ps in ids.items())
        raise UsageError(f"these files answer different frameworks: {shown}; compare one framework at a time")
    versions = sorted({r.framework.version for _, _, r in read}, key=version_key)
    target = next(r.framework for _, _, r in read if r.framework.version == versions[-1])
    mappings = {}
    for _, _, report in read:
        source = report.framework
        if source.version != target.version and source.version not in mappings:
            mappings[source.version] = complete(find_mapping(registry, source, target), source, target)
    boroughs = []
    for path, got, report in read:
        ratings, common = _on_target(report, target, mappings.get(report.framework.version))
        boroughs.append(Borough(path, report, ratings, common, len(got.differences)))
    return Comparison(target, tuple(boroughs), tuple(refused), tuple(versions))


def _on_target(report: Report, target: Framework, mapping) -> tuple[dict[str, str | None], int]:
    """The rating of each target item this report has an equal for (None: not rated), and their count."""
    if mapping is None:
        return {i.id: report.resolved[i.id].rating for i in target.items()}, target.item_count
    equal = {p.target: p.source for p in mapping.pairs if p.relation == "equal"}
    ratings = {i.id: report.resolved[equal[i.id]].rating for i in target.items() if i.id in equal}
    return ratings, len(ratings)


def section_scores(borough: Borough, target: Framework) -> dict[str, dict | None]:
    """The borough's own section scores (its score_data), under the target's section ids they share."""
    data = borough.report.score_data()
    own = {s["id"]: s for s in data["sections"]}
    return {s.id: own.get(s.id) for s in target.sections}
