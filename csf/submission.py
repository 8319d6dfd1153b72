"""Submissions coming back to headquarters: assessment files, and Word exports read back losslessly.

A Word export carries the whole assessment (see export/embed). Reading one back gives
that assessment exactly, unless someone edited the tables in Word: then the visible
text wins, because it is what the board read and what the borough meant to send, and
every difference is listed, the text it replaced included, so nothing goes unnoticed.
What csf cannot read back from the visible text (a line it did not write) keeps the
embedded value, and says so.

Word files are zip archives, so a hostile one can unpack to gigabytes from a few
kilobytes: the archive's own directory is checked before anything is unpacked.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import store, yamlio
from .assessment import Assessment, Evidence, now, parse_number
from .digest import hexdigest
from .errors import CsfError, UnreadableFile, UsageError, display
from .framework import Framework
from .frozen import frozen
from .registry import Registry

MAX_UNPACKED = 256 * 1024 * 1024  # bytes a .docx may unpack to
MAX_RATIO = 200  # a part compressed more than this is a zip bomb, not a document
MAX_PARTS = 5000
IMPORTED_BY = "csf import"

# The labels the export writes before an answer's lines (content.py), and what they hold.
LABELS = {"Rating": "rating", "Answer": "rating", "Evidence": "evidence", "Figure": "figure"}
NOT_WRITTEN = ("Not answered", "No item of this factor has been rated.")  # what the export writes for nothing
_TYPED_LABEL = re.compile(r"^(Rating|Answer|Evidence|Figure)(?: (\S+))?: (.*)$", re.S)


class NotASubmission(CsfError):
    """A readable Word file that carries no csf data."""


@frozen
class Difference:
    """Where the Word text and the embedded data disagree, and what was done about it."""

    where: str  # "1.3 rating", "section 6 narrative"
    before: str  # the embedded value, as the export wrote it
    after: str  # what the Word file now says
    kept: str  # "word" (applied) or "embedded" (could not be read back)
    note: str = ""

    def __str__(self) -> str:
        if not self.before and not self.after:
            return f"{self.where}: {self.note}; the embedded answer is kept"
        change = " → ".join(repr(_short(t)) if t else "nothing" for t in (self.before, self.after))
        outcome = "the Word text is kept" if self.kept == "word" else "the embedded value is kept"
        return f"{self.where}: {change}; {outcome}" + (f" ({self.note})" if self.note else "")


@frozen
class Read:
    """A submission as read: the checked assessment and how the Word text differed from its data."""

    loaded: store.Loaded
    differences: tuple[Difference, ...] = ()
    notes: tuple[str, ...] = ()  # what a best-effort reading matched and did not

    @property
    def report(self) -> list[str]:
        return [f"changed in Word: {d}" for d in self.differences] + list(self.notes)


def read_word(path: Path, registry: Registry) -> Read:
    """`csf import`: a csf Word export, or else a copy of a checklist filled in by hand (best effort)."""
    if path.suffix.lower() != ".docx":
        raise UsageError(f"{display(path)}: csf import reads Word .docx files (an assessment file needs no import)")
    from . import handfilled
    from .export.embed import embedded

    document = open_word(path)
    payload = embedded(document)
    if payload is not None:
        return _from_payload(path, document, payload, registry)
    reading = handfilled.read(document, path, registry)
    if reading is None:
        raise NotASubmission(f"{display(path)}: neither a csf export (a Word file without csf's data in it) nor a copy "
                             "of an installed checklist (no table row matches a checklist item)")
    return Read(store.Loaded(path, reading.assessment(), reading.framework, None), notes=tuple(reading.report()))


def read(path: Path, registry: Registry) -> Read:
    """An assessment file, or a csf Word export (its embedded data, reconciled with its tables)."""
    if path.suffix.lower() != ".docx":
        return Read(store.load(path, registry))
    from .export.embed import embedded

    document = open_word(path)
    payload = embedded(document)
    if payload is None:
        raise NotASubmission(f"{display(path)}: a Word file without csf's data in it (not exported by csf, or saved "
                             "by a program that drops it); a copy filled in by hand is read with `csf import`")
    return _from_payload(path, document, payload, registry)


def _from_payload(path: Path, document, payload: dict, registry: Registry) -> Read:
    loaded = _loaded(path, payload.get("assessment"), registry)
    assessment, differences = reconcile(document, payload, loaded.framework, loaded.assessment)
    if assessment is not loaded.assessment:
        loaded = replace(loaded, assessment=assessment)
    return Read(loaded, tuple(differences))


def _loaded(path: Path, data: Any, registry: Registry) -> store.Loaded:
    if not isinstance(data, dict):
        raise NotASubmission(f"{display(path)}: its csf data holds no assessment")
    digest = hexdigest(path.read_bytes())
    return store.from_document(path, yamlio.Document(f"{display(path)} (embedded data)", data), registry, digest)


def open_word(path: Path):
    """python-docx's Document, after checking the archive cannot exhaust memory."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    where = display(path)
    if not path.is_file():
        raise UnreadableFile(f"{where}: no such file" if not path.exists() else f"{where}: is not a file")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(where, archive.infolist())
    except zipfile.BadZipFile:
        raise UnreadableFile(f"{where}: not a Word .docx file (it is not a zip archive; a .doc must be saved as .docx)") from None
    except OSError as e:
        raise UnreadableFile(f"{where}: cannot read: {e.strerror or e}") from None
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, XMLSyntaxError, EOFError) as e:
        raise UnreadableFile(f"{where}: not a readable Word .docx file ({e})") from None
    except (AttributeError, TypeError, IndexError):  # python-docx meeting a package with parts missing or misshapen
        raise UnreadableFile(f"{where}: not a readable Word .docx file (its parts are damaged or missing)") from None


def _check_archive(where: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_PARTS:
        raise UnreadableFile(f"{where}: holds {len(infos):,} parts; a Word file has tens (refusing to unpack it)")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        raise UnreadableFile(f"{where}: would unpack to {total:,} bytes (limit {MAX_UNPACKED:,}); refusing to unpack it")
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnreadableFile(f"{where}: {info.filename} is compressed {info.file_size // max(info.compress_size, 1):,} to 1, "
                                 "as only a zip bomb is; refusing to unpack it")


# --- the visible text against the embedded data ------------------------------------------


def reconcile(document, payload: dict, framework: Framework, assessment: Assessment) -> tuple[Assessment, list[Difference]]:
    """The assessment with every edit made in Word's tables applied, and the list of them."""
    from .export.embed import bookmark_starts, find_span, paragraph_lines

    strong = _style_id(document, "Strong")
    starts = bookmark_starts(document)
    differences: list[Difference] = []
    at = now()
    for record in payload.get("tags") or []:
        if not isinstance(record, dict) or record.get("kind") not in ("item", "section"):
            continue
        owner = str(record.get("id"))
        original = [tuple(line) for line in record.get("paragraphs") or []]
        found = find_span(document, record, starts)
        if found is None:
            differences.append(Difference(_where(record["kind"], owner, "answer"), "", "", "embedded",
                                          "its place in the Word file was not found (its bookmark and cell are gone)"))
            continue
        actual = [paragraph_lines(p, strong) for p in found[0]]
        if actual == original:
            continue
        before, after = _fields(original, record["kind"], owner), _fields(actual, record["kind"], owner)
        for key in dict.fromkeys([*before, *after]):
            old, new = before.get(key, []), after.get(key, [])
            if old != new:
                assessment = _apply(framework, assessment, key, old, new, differences, at)
    return assessment, differences


def _style_id(document, name: str) -> str | None:
    from docx.oxml.ns import qn

    for style in document.styles.element.iterchildren(qn("w:style")):
        found = style.find(qn("w:name"))
        if found is not None and found.get(qn("w:val")) == name:
            return style.get(qn("w:styleId"))
    return None


Key = tuple[str, str, str]  # (kind of owner: item|section, owner id, field)


def _fields(lines: Iterable[tuple[str, str]], kind: str, owner: str) -> dict[Key, list[str]]:
    """A span's lines by what they hold: 'Rating 1.2: Fully met' is item 1.2's rating."""
    out: dict[Key, list[str]] = {}
    for label, text in lines:
        if not label and (typed := _TYPED_LABEL.match(text)):  # typed in Word, not in bold
            label, text = " ".join(p for p in typed.group(1, 2) if p), typed.group(3)
        if not label and (not text.strip() or text.strip() in NOT_WRITTEN):
            continue
        name, _, target = label.partition(" ")
        field = LABELS.get(name, f"line {label!r}") if label else "text"
        key = ("item", target, field) if target else (kind, owner, field)
        out.setdefault(key, []).append(text)
    return out


def _where(kind: str, owner: str, field: str = "") -> str:
    what = {"text": "practice" if kind == "item" else "narrative"}.get(field, field)
    return f"{owner} {what}".strip() if kind == "item" else f"section {owner} {what}".strip()


def _apply(framework: Framework, a: Assessment, key: Key, old: list[str], new: list[str],
           differences: list[Difference], at: str) -> Assessment:
    kind, owner, field = key
    where = _where(kind, owner, field)
    before, after = "\n\n".join(old), "\n\n".join(new)

    def kept(note: str) -> Assessment:
        differences.append(Difference(where, before, after, "embedded", note))
        return a

    if kind == "section":
        if field != "text" or framework.section(owner) is None:
            return kept("csf does not read this line back")
        differences.append(Difference(where, before, after, "word"))
        return a.with_narrative(owner, after, by=IMPORTED_BY, at=at)
    item = framework.item(owner)
    if item is None:
        return kept(f"no item {owner} in {framework.label}")
    answer = a.answer(owner)
    if field == "text":
        answer = replace(answer, practice=after)
    elif field == "rating":
        if not item.rated:
            return kept(f"item {owner} takes no rating")
        rating = _rating(framework, new[0]) if new else None
        if rating is False:
            return kept("not a value of the scale: " + ", ".join(v.label for v in framework.scale.values))
        answer = replace(answer, rating=rating)
    elif field == "figure":
        try:
            value = parse_number(after) if len(new) <= 1 else None
        except ValueError as e:
            return kept(f"the figure {e}")
        if len(new) > 1:
            return kept("more than one figure")
        answer = replace(answer, value=value)
    elif field == "evidence":
        answer = replace(answer, evidence=_evidence(answer.evidence, old, new))
    else:
        return kept("csf does not read this line back")
    differences.append(Difference(where, before, after, "word"))
    return a.with_answer(owner, answer, by=IMPORTED_BY, at=at)


def _rating(framework: Framework, text: str) -> str | None | bool:
    """The scale value a rating line names ('Fully met (worked out …)' names Fully met); None for
    'Not answered'; False when it names none."""
    wanted = text.strip().casefold()
    if wanted in ("", "not answered"):
        return None
    best = None
    for value in framework.scale.values:
        label = value.label.casefold()
        if (wanted == label or wanted.startswith(label + " (")) and (best is None or len(value.label) > len(best.label)):
            best = value
    return best.id if best else False


def _evidence(entries: tuple[Evidence, ...], old: list[str], new: list[str]) -> tuple[Evidence, ...]:
    """Entries matched line for line: an edited line edits its entry's description (its source
    and date, shown in brackets, stay when the brackets do); a new line is a new entry."""
    from .export.content import evidence_text

    if [evidence_text(e) for e in entries] != old:  # not the lines written: take the lines as they are
        return tuple(Evidence(text) for text in new)
    out: list[Evidence] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out += entries[i1:i2]
            continue
        pairs = list(zip(range(i1, i2), range(j1, j2))) if op == "replace" else []
        for i, j in pairs:
            e, text = entries[i], new[j]
            suffix = old[i][len(evidence_text(replace(e, source="", date=None))):]
            out.append(replace(e, description=text[: -len(suffix)] if suffix and text.endswith(suffix) else text))
        out += [Evidence(new[j]) for j in range(j1 + len(pairs), j2)]
    return tuple(out)


def _short(text: str, width: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"

