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
from dataclasses import replace
from pathlib import Path

from .errors import CsfError, InvalidFile, UsageError, display
from .framework import Framework
from .frozen import frozen
from .registry import Registry, version_key
from .report import evaluate

SUFFIXES = (".yaml", ".yml", ".docx")


@frozen
class Borough:
    """One submission that was read and scored: what the views show of it, and no more
    (a thousand whole reports held at once made the comparison grow faster than its files)."""

    path: Path
    framework: Framework  # its own version
    area: str
    period: str
    score: dict  # its Report.score_data(): what `csf score --json` prints for the file
    ratings: dict[str, str | None]  # target item id → scale value id (None: not rated); items it has no equal for are absent
    common: int  # items of the target version this submission's version has an equal for
    differences: int = 0  # edits found in a Word file's tables (the Word text was used)


@frozen
class Refused:
    path: Path
    reason: str


@frozen
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
            continue
        report = evaluate(got.loaded.framework, got.loaded.assessment)
        own = {item_id: r.rating for item_id, r in report.resolved.items()}
        a = report.assessment
        read.append(Borough(path, report.framework, a.area, a.period, report.score_data(), own, 0, len(got.differences)))
    if not read:
        raise UsageError("nothing to compare: " + "; ".join(f"{display(r.path)}: {r.reason}" for r in refused))
    ids: dict[str, list[Path]] = {}
    for b in read:
        ids.setdefault(b.framework.id, []).append(b.path)
    if len(ids) > 1:
        shown = "; ".join(f"{fid} ({len(ps)} file(s), e.g. {display(ps[0])})" for fid, ps in ids.items())
        raise UsageError(f"these files answer different frameworks: {shown}; compare one framework at a time")
    versions = sorted({b.framework.version for b in read}, key=version_key)
    target = next(b.framework for b in read if b.framework.version == versions[-1])
    mappings = {}
    for b in read:
        if b.framework.version != target.version and b.framework.version not in mappings:
            mappings[b.framework.version] = complete(find_mapping(registry, b.framework, target), b.framework, target)
    boroughs = []
    for b in read:
        ratings, common = _on_target(b.ratings, target, mappings.get(b.framework.version))
        boroughs.append(replace(b, ratings=ratings, common=common))
    return Comparison(target, tuple(boroughs), tuple(refused), tuple(versions))


def _on_target(own: dict[str, str | None], target: Framework, mapping) -> tuple[dict[str, str | None], int]:
    """The rating of each target item a submission has an equal for (None: not rated), and their count."""
    if mapping is None:
        return {i.id: own.get(i.id) for i in target.items()}, target.item_count
    equal = {p.target: p.source for p in mapping.pairs if p.relation == "equal"}
    ratings = {i.id: own.get(equal[i.id]) for i in target.items() if i.id in equal}
    return ratings, len(ratings)


def section_scores(borough: Borough, target: Framework) -> dict[str, dict | None]:
    """The borough's own section scores (its score_data), under the target's section ids they share."""
    own = {s["id"]: s for s in borough.score["sections"]}
    return {s.id: own.get(s.id) for s in target.sections}
