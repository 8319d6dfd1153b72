"""An open assessment: what is on disk, what the person has typed since, and saving it.

Kept free of Textual so that the rules about never losing a word can be read (and
tested) in one place. Typing makes a *draft* of the item or narrative being edited;
leaving the field *commits* it, which records one change in the history rather than
one per keystroke. Every save writes the committed assessment with the drafts applied,
so what is on disk always includes what is on screen.

Saves may run on a worker thread while the person keeps typing: the screen takes a
`snapshot()` on the UI thread and hands it to `save()`, which writes under a lock and
never lets an older snapshot overwrite a newer one.

When someone else saved the file meanwhile, a save merges their changes with this
window's, field by field, as `csf merge` does (base: the version this window read or
last saved). Only when the same words or value changed both ways does a person choose.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from .. import store, yamlio
from ..assessment import Answer, Assessment, check_against, parse_assessment
from ..errors import ConflictError, CsfError, display
from ..merge import merge
from ..framework import Framework
from ..registry import Registry


@dataclass(frozen=True)
class Snapshot:
    """An assessment as it stood at one revision, safe to hand to another thread."""

    assessment: Assessment
    revision: int


class Session:
    """One assessment file opened for editing by one person."""

    def __init__(self, loaded: store.Loaded, who: str):
        self.who = who
        self._save_lock = threading.Lock()
        self.revision = 0  # counts edits; never goes back, so a snapshot taken before a reload is stale after it
        self._reset(loaded)

    def _reset(self, loaded: store.Loaded) -> None:
        self.path: Path = loaded.path
        self.framework: Framework = loaded.framework
        self.digest = loaded.digest
        self._base = loaded.assessment  # as on disk when read or last saved: the base of a merge
        self.merged = False  # the last save merged in changes saved elsewhere (the screen says so)
        self._committed = loaded.assessment
        self._drafts: dict[str, Answer] = {}
        self._narrative_drafts: dict[str, str] = {}
        self._cache: Snapshot | None = None
        self.revision += 1  # whatever was computed from the old content is now out of date
        self.saved_revision = self.revision

    @classmethod
    def open(cls, path: Path, registry: Registry, who: str) -> Session:
        return cls(store.load(path, registry), who)

    # --- reading -----------------------------------------------------------------------

    @property
    def assessment(self) -> Assessment:
        """The committed assessment with every draft applied: what a save writes."""
        return self.snapshot().assessment

    def snapshot(self) -> Snapshot:
        if self._cache is None or self._cache.revision != self.revision:
            assessment = self._committed
            for item_id, answer in self._drafts.items():
                assessment = assessment.with_answer(item_id, answer, self.who)
            for section_id, text in self._narrative_drafts.items():
                assessment = assessment.with_narrative(section_id, text, self.who)
            self._cache = Snapshot(assessment, self.revision)
        return self._cache

    def answer(self, item_id: str) -> Answer:
        return self._drafts.get(item_id) or self._committed.answer(item_id)

    def narrative(self, section_id: str) -> str:
        if section_id in self._narrative_drafts:
            return self._narrative_drafts[section_id]
        return self._committed.narratives.get(section_id, "")

    @property
    def unsaved(self) -> bool:
        return self.revision != self.saved_revision

    # --- editing -----------------------------------------------------------------------

    def edit_answer(self, item_id: str, answer: Answer) -> bool:
        """Record a draft answer; False when it is what the item already holds."""
        if answer == self.answer(item_id):
            return False
        self._drafts[item_id] = answer
        self.revision += 1
        return True

    def edit_narrative(self, section_id: str, text: str) -> bool:
        if text == self.narrative(section_id):
            return False
        self._narrative_drafts[section_id] = text
        self.revision += 1
        return True

    def commit(self) -> None:
        """Fold the drafts into the assessment: the person has left the field."""
        if self._drafts or self._narrative_drafts:
            self._committed = self.assessment
            self._drafts.clear()
            self._narrative_drafts.clear()
            self._cache = Snapshot(self._committed, self.revision)

    # --- disk ----------------------------------------------------------------------------

    def save(self, snapshot: Snapshot | None = None) -> bool:
        """Write `snapshot` (default: the current state) unless something newer is on disk.

        Returns whether a file was written. Raises ConflictError, leaving the file alone,
        when it changed on disk since it was read or last saved.
        """
        snapshot = snapshot or self.snapshot()
        with self._save_lock:
            if snapshot.revision <= self.saved_revision:
                return False
            try:
                self.digest = store.save(self.path, snapshot.assessment, self.digest)
                self._base = snapshot.assessment
            except ConflictError:
                if not self._merge_with_disk(snapshot):
                    raise
            self.saved_revision = snapshot.revision
            return True

    def _merge_with_disk(self, snapshot: Snapshot) -> bool:
        """Merge this window's changes with the file as it now is and save that; False (and
        nothing written) when a person must choose, or the file cannot be merged."""
        with store.locked(self.path):
            try:
                text = yamlio.read_text(self.path)
                doc = yamlio.parse(text, display(self.path))
                theirs = parse_assessment(doc)
            except CsfError:
                return False
            if theirs.fingerprint != self._base.fingerprint or theirs.framework_version != self._base.framework_version:
                return False
            merged = merge(self._base.to_data(), snapshot.assessment.to_data(), doc.data)
            if merged.conflicts:
                return False
            assessment = parse_assessment(yamlio.Document(doc.file, merged.data))
            if check_against(assessment, self.framework, doc):
                return False
            self.digest = store.save(self.path, assessment, hashlib.sha256(text.encode("utf-8")).hexdigest())
        self._base = self._committed = assessment  # drafts typed since the snapshot still apply on top
        self._cache = None
        self.revision += 1  # what the screen shows is out of date: it now holds their changes too
        self.merged = True
        return True

    def reload(self, registry: Registry, path: Path | None = None) -> None:
        """Throw away what is held here and read the file (or `path`) as it now is on disk."""
        with self._save_lock:
            self._reset(store.load(path or self.path, registry))

    def close(self) -> Path | None:
        """Commit and save on the way out; quitting never loses or overwrites work.

        If the file changed on disk meanwhile, this version goes to a new file beside it
        (`keep_mine`), whose path is returned. Raises CsfError or OSError (a full disk)
        when nothing could be written; what is held here is kept, so a retry can work.
        """
        self.commit()
        try:
            self.save()
        except ConflictError:
            mine = sibling_path(self.path, dt.datetime.now())
            self.keep_mine(mine)
            return mine
        return None

    def keep_mine(self, mine: Path) -> None:
        """Write this version to a new file (see `sibling_path`), never over an existing one."""
        store.create(mine, self.assessment)


def sibling_path(path: Path, when: dt.datetime) -> Path:
    """`lambeth.yaml` → `lambeth.mine-20091125-143000.yaml`, next to it."""
    return path.with_name(f"{path.stem}.mine-{when:%Y%m%d-%H%M%S}{path.suffix}")
