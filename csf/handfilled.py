"""A borough's hand-filled Word copy of a checklist, read best effort.

Boroughs were sent the checklist as a Word table laid out as source 000: factor /
good-practice checklist / current practice, and many typed into it. Such a file carries
no data, so its rows are matched to item ids by their words: each checklist paragraph
is compared with every item's text (case, punctuation, ✓ and bullet marks ignored) and
takes the closest, with the closeness as its confidence. The third column becomes the
item's practice, or the factor's narrative where one cell answers several items (a
merged cell, or a checklist cell listing the whole factor, as Lambeth's did). Ratings
are never guessed from the words: a hand-filled copy comes back unrated, and the report
says what matched, what did not, and how sure each match is.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from pathlib import Path

from .assessment import Answer, new_assessment, slug
from .errors import display
from .framework import Framework, Item
from .frozen import frozen
from .registry import Registry

SURE, LIKELY = 0.9, 0.75  # confidence from which a match is taken; below LIKELY it is reported, not used
IMPORTED_BY = "csf import (hand-filled Word copy)"
_MARKS = re.compile(r"^[\s✓✔•·\-–*]+|^\(?[ivx]+\)\s+|^\d+(\.\d+)*\.?\s+")


@frozen
class Match:
    where: str  # "table 2, row 3"
    text: str  # the checklist paragraph as typed
    item: Item | None  # None: not matched
    confidence: float


@frozen
class HandFilled:
    framework: Framework
    area: str
    practice: dict[str, str]  # item id → practice text
    narratives: dict[str, str]  # section id → narrative
    matches: tuple[Match, ...]

    @property
    def matched(self) -> list[Match]:
        return [m for m in self.matches if m.item is not None and m.confidence >= LIKELY]

    def report(self) -> list[str]:
        out = []
        for m in self.matches:
            if m.item is not None and m.confidence >= LIKELY:
                sure = "" if m.confidence >= SURE else ", check it"
                out.append(f"matched: {m.where}: {m.item.id} (confidence {m.confidence:.2f}{sure})")
            else:
                guess = f"; closest is {m.item.id} at {m.confidence:.2f}" if m.item else ""
                out.append(f"not matched: {m.where}: {_short(m.text)!r}{guess}")
        found = {m.item.id for m in self.matched}
        missing = [i.id for i in self.framework.items() if i.id not in found]
        unmatched = len(self.matches) - len(self.matched)
        out.append(f"hand-filled copy of {self.framework.label} for {self.area}: {len(self.matched)} of {len(self.matches)} "
                   f"checklist row(s) matched, {unmatched} not; {len(found)} of {self.framework.item_count} items found"
                   + (f" (not in the file: {', '.join(missing[:12])}{' …' if len(missing) > 12 else ''})" if missing else "")
                   + "; no rating was read: rate the items in csf")
        return out

    def assessment(self):
        a = new_assessment(self.framework, self.area)
        for item_id, text in self.practice.items():
            a = a.with_answer(item_id, Answer(practice=text), by=IMPORTED_BY)
        for section_id, text in self.narratives.items():
            a = a.with_narrative(section_id, text, by=IMPORTED_BY)
        return replace(a, notes=(f"Read best effort from a hand-filled Word copy ({len(self.matched)} of "
                                 f"{len(self.matches)} checklist rows matched); no rating was read.",))


def normalise(text: str) -> str:
    words = re.findall(r"\w+", _MARKS.sub("", text.strip()).casefold())
    return " ".join(words)


def read(document, path: Path, registry: Registry) -> HandFilled | None:
    """The best reading of `document` against every installed rated checklist, or None if nothing matches."""
    rows = list(_rows(document))
    if not rows:
        return None
    texts = {normalise(p.text) for _, _, cells in rows for cell in cells[1:2] for p in cell.paragraphs}
    frameworks = [f for f in registry.all() if any(i.rated for i in f.items())]
    exact = [f for f in frameworks if texts & {normalise(i.text) for i in f.items()}]
    best = None
    for framework in exact or frameworks:  # a framework whose items appear word for word, if any does
        reading = _read_as(framework, rows, document, path)
        if reading.matched and (best is None or len(reading.matched) >= len(best.matched)):  # a tie: the newer version
            best = reading
    return best


def _rows(document):
    """(table number, row number, [cell elements]) for every row, merged cells given once per row."""
    for t, table in enumerate(document.tables, 1):
        for r, row in enumerate(table.rows, 1):
            cells, seen = [], set()
            for cell in row.cells:
                if cell._tc not in seen:
                    seen.add(cell._tc)
                    cells.append(cell)
            yield t, r, cells


def _read_as(framework: Framework, rows, document, path: Path) -> HandFilled:
    index = {normalise(i.text): i for i in framework.items()}
    practice: dict[str, list[str]] = {}
    narratives: dict[str, list[str]] = {}
    matches: list[Match] = []
    spans: dict[object, int] = {}  # practice cell → rows sharing it (python-docx gives a merged cell's rows its first part)
    for _, _, cells in rows:
        if len(cells) >= 3:
            spans[cells[2]._tc] = spans.get(cells[2]._tc, 0) + 1
    heading = normalise(framework.columns.checklist)
    done_narratives: set[object] = set()
    area = None
    for t, r, cells in rows:
        if len(cells) < 3:
            continue
        checklist, answer = cells[1], cells[2]
        if normalise(checklist.text) == heading or normalise(checklist.text).startswith(heading[:40]):
            area = area or _area(framework, answer.text)
            continue
        lines = [p.text for p in checklist.paragraphs if normalise(p.text)]
        found = []
        for n, line in enumerate(lines, 1):
            item, confidence = _closest(normalise(line), index)
            where = f"table {t}, row {r}" + (f", line {n}" if len(lines) > 1 else "")
            matches.append(Match(where, line, item, confidence))
            if item is not None and confidence >= LIKELY:
                found.append(item)
        text = "\n\n".join(p.text.strip() for p in answer.paragraphs if p.text.strip())
        if not found or not text:
            continue
        shared = len(found) > 1 or spans.get(answer._tc, 1) > 1
        if shared:
            section = framework.section_of(found[0].id)
            if answer._tc not in done_narratives:
                done_narratives.add(answer._tc)
                narratives.setdefault(section.id, []).append(text)
        else:
            practice.setdefault(found[0].id, []).append(text)
    return HandFilled(
        framework,
        area or _area_from_name(path),
        {k: "\n\n".join(v) for k, v in practice.items()},
        {k: "\n\n".join(v) for k, v in narratives.items()},
        tuple(matches),
    )


def _closest(text: str, index: dict[str, Item]) -> tuple[Item | None, float]:
    """The item whose words are closest to `text`, and how close (1.0: the same words)."""
    if not text:
        return None, 0.0
    if text in index:
        return index[text], 1.0
    best, score = None, 0.0
    matcher = difflib.SequenceMatcher(None, autojunk=False)  # over words: as good a guide, and far faster than letters
    matcher.set_seq2(text.split())
    for words, item in index.items():
        matcher.set_seq1(words.split())
        if matcher.real_quick_ratio() > score and matcher.quick_ratio() > score and (ratio := matcher.ratio()) > score:
            best, score = item, ratio
    return best, round(score, 2)


def _area(framework: Framework, heading: str) -> str | None:
    """'Lambeth' from 'Current Practice in Lambeth: DSV services …', by the framework's own heading."""
    before, _, after = framework.columns.practice.partition("{area}")
    if not _:
        return None
    pattern = re.escape(before.strip()) + r"\s*(.+?)\s*" + re.escape(after.strip()[:12])
    match = re.search(pattern, " ".join(heading.split()))
    return match.group(1).strip() if match else None


def _area_from_name(path: Path) -> str:
    return path.stem.replace("-", " ").replace("_", " ").strip() or slug(display(path))


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"

