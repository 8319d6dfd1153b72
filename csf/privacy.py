"""Likely personal data in what a borough wrote, found before anything leaves.

An assessment describes services, not people, but text pasted from case notes or MARAC
minutes can carry a victim's postcode, phone number or date of birth into a Word file
sent to 32 boroughs. `scan` reads every text the borough wrote, found generically in
the assessment's data (every string except the framework reference, the history and
the acknowledgements themselves), so fields added to the file format later are read
too. Each pattern is narrow on purpose: a check that cries wolf on every page is
switched off, so shapes are checked (an NHS number's check digit, a phone number's
length and prefix) and words that only look like data ("aged 16 and over",
"crime 2008/09") are let through. docs/privacy.md says what is caught and what is not.

A finding judged harmless (a service's public phone line) is acknowledged in the file,
under `privacy.acknowledged`: the place, the words, who and when. It is then not
reported again, until the words or their place change.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Protocol

from .assessment import Assessment, now
from .errors import CsfError, EXIT_PROBLEMS, UsageError
from .validation import dotted

# Not the borough's words: the framework reference, the audit trail, these acknowledgements,
# and values csf itself writes (scale ids, timestamps).
SKIPPED = frozenset({"framework", "history", "privacy", "created", "updated", "period_end", "rating",
                     "status", "state", "due", "submitted", "approved_on", "agency", "document"})  # csf's own ids and dates
CONTEXT = 30  # characters shown either side of a match
MASK = "█"

Span = tuple[int, int]


class Writing(Protocol):
    """What the check reads: an assessment, or anything else a partnership writes (an action plan)."""

    def to_data(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Finding:
    """One likely piece of personal data: where it is, the words, and why it matters."""

    kind: str  # "postcode", "phone", ... (a key of KINDS)
    item: str | None  # the item id, for text in an answer
    section: str | None  # the section id, for text in a section
    field: str  # the field within the item or section, or the whole path for other text
    words: str  # the matched text itself; never printed, only stored when acknowledged
    excerpt: str  # the words around it, with every match in them masked

    @property
    def where(self) -> str:
        if self.item is not None:
            return f"item {self.item}"
        if self.section is not None:
            return f"section {self.section}"
        return self.field

    @property
    def code(self) -> str:
        """A short name for the finding that does not reveal the words: what `--acknowledge` takes."""
        return _code(self.where, self.words)

    @property
    def why(self) -> str:
        return KINDS[self.kind][0]

    def __str__(self) -> str:
        field = f" {self.field}" if self.where != self.field else ""
        return f"{self.where}{field}: {KINDS[self.kind][1]} [{self.code}]: “{self.excerpt}” ({self.why})"


class PrivacyRefused(CsfError):
    """--strict-privacy and the assessment holds unacknowledged findings: nothing is written."""

    exit_code = EXIT_PROBLEMS


# --- what is looked for -------------------------------------------------------------------

_MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\.?,?\s+\d{{4}}"
    rf"|{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})"
)
_PERSON = (
    r"(?:woman|man|girl|boy|lady|mother|father|mum|dad|victim|survivor|client|service user|child|baby|son|daughter"
    r"|wife|husband|partner|girlfriend|boyfriend|perpetrator|offender|suspect|complainant|she|he)"
)

_POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.I)
_PHONE = re.compile(r"(?<![\w/.£-])(?:\+\s?44|\(?0)[\d \-()]{8,16}\d(?![\w/-])")
_EMAIL = re.compile(r"\b[\w.+'-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+\b")  # bounded: RFC 5321's limits, and no quadratic search
_NI = re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", re.I)
_NHS = re.compile(r"(?<![\d-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d-])")
_DOB = re.compile(rf"\b(?:d\.?o\.?b\.?|date of birth|born(?: on| in)?)\s*[:\-]?\s*(?P<m>{_DATE}|(?:19|20)\d{{2}}\b)", re.I)
_AGE = re.compile(
    rf"\b(?:an?\s+(?P<a>\d{{1,3}})[- ](?:years?|yrs?)[- ]old"
    rf"|{_PERSON}\s*,?\s+\(?(?:aged?|age)\s+(?P<b>\d{{1,3}})\b(?!\s*(?:[-–+]|to\b|and\b|or\b|upwards|plus|\d))"
    rf"|(?P<c>\d{{1,3}})[- ](?:years?|yrs?)[- ]old\s+{_PERSON}\b)",
    re.I,
)
_REFERENCE = re.compile(
    r"\b(?:crime|case|CRIS|CAD|URN|incident|occurrence|custody|job|MARAC|referral)\s*"
    r"(?:ref(?:erence)?\.?|no\.?|number|#)?\s*[:.]?\s*(?P<m>(?=[A-Z0-9/-]*\d{3})[A-Z0-9][A-Z0-9/-]{3,}[A-Z0-9])"
    r"|\b(?P<cris>\d{7}/\d{2})\b|\b(?P<urn>\d{2}[A-Z]{2}\d{7})\b",
    re.I,
)
_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)"
_NAME = rf"(?!{_TITLES}\b)[A-Z][a-z'’-]+"  # a capitalised word that is not the next title ("Mrs Smith. Mr Jones")
_TITLE = re.compile(rf"\b{_TITLES}\.?\s+(?P<m>(?:(?:[A-Z]\.?|{_NAME})\s+)?{_NAME}|[A-Z]\b\.?)")

_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$", re.I)
_YEARS = re.compile(r"(?:19|20)\d{2}(?:[/-]\d{1,4})?")
_TITLE_WORDS = re.compile(r"(?:Who|Foster|Barnardo|Mental|Health|Consultant)\b")  # names of things, not people


def _postcode(match: re.Match) -> Span | None:
    return None if _ORDINAL.search(match.group()) else match.span()


def _phone(match: re.Match) -> Span | None:
    text = match.group().rstrip(" -(")
    digits = re.sub(r"\D", "", text)
    if digits.startswith("44"):
        national = digits[2:].removeprefix("0")
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        return None
    if len(national) not in (9, 10) or national[0] not in "12378":
        return None
    return match.start(), match.start() + len(text)


def _nhs(match: re.Match) -> Span | None:
    digits = [int(d) for d in re.sub(r"\D", "", match.group())]
    check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
    check = 0 if check == 11 else check
    return match.span() if check != 10 and check == digits[9] else None


def _group(name: str = "m") -> Callable[[re.Match], Span | None]:
    def span(match: re.Match) -> Span | None:
        return match.span(name)

    return span


def _age(match: re.Match) -> Span | None:
    name = next(n for n in "abc" if match.group(n))
    return match.span(name)


def _reference(match: re.Match) -> Span | None:
    name = next(n for n in ("m", "cris", "urn") if match.group(n))
    return None if name == "m" and _YEARS.fullmatch(match.group("m")) else match.span(name)


def _title(match: re.Match) -> Span | None:
    return None if _TITLE_WORDS.match(match.group("m")) else match.span("m")


# kind: (why it matters, what it is called, pattern, the part of a match that is personal).
# Order matters: where two overlap, the earlier kind names the words.
KINDS: Mapping[str, tuple[str, str, re.Pattern, Callable[[re.Match], Span | None]]] = {
    "email": ("an e-mail address can reach and identify a person", "e-mail address", _EMAIL, lambda m: m.span()),
    "ni-number": ("a National Insurance number identifies one person", "National Insurance number", _NI, lambda m: m.span()),
    "dob": ("a date of birth, with almost anything else, identifies a person", "date of birth", _DOB, _group()),
    "postcode": ("a full postcode narrows an address to a few homes", "postcode", _POSTCODE, _postcode),
    "phone": ("a phone number can reach and identify a person", "phone number", _PHONE, _phone),
    "nhs-number": ("a valid NHS number identifies one patient", "NHS number", _NHS, _nhs),
    "reference": ("a case or crime reference leads to one person's case", "case or crime reference", _REFERENCE, _reference),
    "age": ("an age beside a person helps identify them", "age of a person", _AGE, _age),
    "title-name": ("a title followed by a name names a person", "title and name", _TITLE, _title),
}


WITHOUT_DIGITS = {kind: KINDS[kind] for kind in ("email", "title-name")}  # the kinds that can match text with no digit in it

# --- where each kind can begin ----------------------------------------------------------
#
# Running all nine patterns over every text was a third of the Lambeth Word export, most
# of it spent trying each pattern at every character. Each pattern is tried only at the
# places where a match of it can begin, read off the pattern, so the findings are exactly
# those of every pattern run over every text (tests/test_privacy_paths.py keeps that path
# and checks the two agree):
#
# - a fixed few characters before a run of digits (BEFORE_DIGITS): an NHS number, a CRIS
#   or URN reference at the run; a phone number at it or after "(" or "+ "; an NI number
#   after two letters and a space; a postcode after one or two letters, or "GIR ". Each
#   pattern's first digit follows something that is not a digit: it starts a run;
# - at a word a pattern begins with (STARTS_WITH): "born", a title, "case"; found in the
#   text folded to lower case as re.IGNORECASE folds it, so the places are the same;
# - an e-mail address or an age can begin far from what marks it: their patterns are run
#   over a text that has an @, or the words an age is given in.

_RUN = re.compile(r"\d+")
BEFORE_DIGITS: Mapping[str, tuple[int, ...]] = {
    "ni-number": (3, 2), "postcode": (4, 3, 2, 1), "phone": (2, 1, 0), "nhs-number": (0,), "reference": (0,),
}
# (words, whether case matters): _TITLE is case-sensitive, the others are not. Mrs starts
# as Mr does; d.o.b and d.ob as d.o; "date of birth" as "date of birth" (d\.?o\.?b needs a "dob").
STARTS_WITH: Mapping[str, tuple[tuple[str, ...], bool]] = {
    "dob": (("dob", "d.o", "do.b", "date of birth", "born"), False),
    "reference": (("crime", "case", "cris", "cad", "urn", "incident", "occurrence", "custody", "job", "marac", "referral"), False),
    "title-name": (("Mr", "Ms", "Miss", "Mx", "Dr"), True),
}
# Without a digit only WITHOUT_DIGITS' kinds can match, and only where one of these is: an
# e-mail address holds an @, a title and name begins with a title.
SIGNS_WITHOUT_DIGITS = ("@", *STARTS_WITH["title-name"][0])
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_AGE_YEARS_OLD = re.compile(r"\d{1,3}[- ](?:years?|yrs?)[- ]old", re.I)  # at a digit run: _AGE's a and c forms
_AGE_AGED = re.compile(r"aged?\s+\d")  # _AGE's b form, in the folded text
# Beyond A-Z, what re.IGNORECASE takes for an ASCII letter and str.lower() does not make
# one (K, the Kelvin sign, it does): ı and ſ, and İ, which lower() makes two characters.
FOLDS = {"İ": "i", "ı": "i", "ſ": "s"}


@dataclass(frozen=True)
class _Text:
    """What finding the places needs of one text, worked out once for all the kinds."""

    text: str
    folded: str  # lower case as re.IGNORECASE sees it, character for character; "" when there are no digits
    runs: list[int]  # where each run of digits starts

    @classmethod
    def of(cls, text: str) -> _Text:
        runs = [m.start() for m in _RUN.finditer(text)] if _may_hold_digits(text) else []
        return cls(text, fold(text) if runs else "", runs)  # only kinds that need a digit read the folded text


def _may_hold_digits(text: str) -> bool:
    """Whether `text` can hold a digit as \\d reads it. The regex tries each character
    against all of Unicode's digits; in a text that is all ASCII, looking for the ten
    ASCII digits finds the same at a small part of the cost."""
    return not text.isascii() or any(digit in text for digit in "0123456789")


def fold(text: str) -> str:
    """`text` in lower case, each character that re.IGNORECASE takes for an ASCII letter made that letter."""
    if not text.isascii():
        for letter, ascii_letter in FOLDS.items():
            if letter in text:
                text = text.replace(letter, ascii_letter)
    return text.lower()


def _everywhere(kind: str, t: _Text) -> bool:
    """Whether a kind's pattern is run over the whole text, its start being too far from anything cheap to find."""
    if kind == "email":
        return "@" in t.text
    if kind == "age":
        return _AGE_AGED.search(t.folded) is not None or any(_AGE_YEARS_OLD.match(t.text, s) for s in t.runs)
    return kind not in BEFORE_DIGITS and kind not in STARTS_WITH


def _places(kind: str, t: _Text) -> list[int]:
    """Every place in `t` a match of `kind` can begin at, in order (some more than once)."""
    offsets = BEFORE_DIGITS.get(kind)
    places = [s - k for s in t.runs for k in offsets if s >= k] if offsets else []
    if kind in STARTS_WITH:
        words, cased = STARTS_WITH[kind]
        haystack = t.text if cased else t.folded
        for word in words:
            at = haystack.find(word)
            while at >= 0:
                places.append(at)
                at = haystack.find(word, at + 1)
    places.sort()  # a postcode's places before one run can come after the next run's
    return places


def _finditer(kind: str, pattern: re.Pattern, t: _Text) -> Iterable[re.Match]:
    """What `pattern.finditer(t.text)` yields, trying the pattern only where `kind` can begin."""
    if _everywhere(kind, t):
        return pattern.finditer(t.text)
    found = []
    end = 0  # as finditer does, the next match starts where the last ended
    for place in _places(kind, t):
        if place >= end and (match := pattern.match(t.text, place)):
            found.append(match)
            end = match.end()
    return found


# --- finding it -------------------------------------------------------------------------


def texts(source: Writing) -> list[tuple[tuple[str | int, ...], str]]:
    """Every string the borough wrote, with its path in the file's data."""
    return _texts(source.to_data())


def _texts(data: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Built into one list by plain recursion: a generator's `yield from` handed each of a
    submission's few hundred strings up through every level it was nested in."""
    out: list[tuple[tuple[str | int, ...], str]] = []

    def walk(path: tuple[str | int, ...], value: Any) -> None:
        if isinstance(value, str):
            out.append((path, value))
        elif isinstance(value, dict) or isinstance(value, Mapping):  # a dict is told quickly, without the ABC
            for key, child in value.items():
                if key not in SKIPPED:
                    walk((*path, str(key)), child)
        elif isinstance(value, (list, tuple)):
            for index, child in enumerate(value):
                walk((*path, index), child)

    walk((), data)
    return out


def matches(text: str) -> list[tuple[str, Span]]:
    """(kind, span) for every likely piece of personal data in `text`, in order, none overlapping."""
    if _ISO_DATE.fullmatch(text):  # every evidence entry's date; no kind matches a date alone
        return []
    looked = _Text.of(text)
    if not looked.runs and not any(sign in text for sign in SIGNS_WITHOUT_DIGITS):
        return []  # most prose: no place any kind can begin at
    kinds = KINDS if looked.runs else WITHOUT_DIGITS  # every other kind needs a digit
    return first_come((kind, personal, _finditer(kind, pattern, looked)) for kind, (_, _, pattern, personal) in kinds.items())


def first_come(found_by_kind: Iterable[tuple[str, Callable[[re.Match], Span | None], Iterable[re.Match]]]) -> list[tuple[str, Span]]:
    """(kind, span) of the personal part of each kind's matches, in order; where two overlap, the earlier kind's stays."""
    starts: list[int] = []  # of the spans kept so far, which never overlap: sorted by start is sorted by end
    found: list[tuple[Span, str]] = []
    for kind, personal, kind_matches in found_by_kind:
        for match in kind_matches:
            span = personal(match)
            if not span:
                continue
            at = bisect.bisect_left(starts, span[0])
            if (at and found[at - 1][0][1] > span[0]) or (at < len(found) and found[at][0][0] < span[1]):
                continue  # overlaps what an earlier kind found
            starts.insert(at, span[0])
            found.insert(at, (span, kind))
    return [(kind, span) for span, kind in found]


def scan(source: Writing, acknowledged: bool = False, data: Mapping[str, Any] | None = None) -> list[Finding]:
    """Every finding in an assessment (or a plan); those acknowledged in its file are left out unless asked for.
    `data` is the source's `to_data()` when the caller has it."""
    data = source.to_data() if data is None else data  # once: the texts and the acknowledgements are both read from it
    known = set() if acknowledged else {_code(*key) for key in _acknowledged(data)}
    out = []
    read: dict[str, list[tuple[str, Span]]] = {}  # the same words in many places (each evidence entry's source) are read once
    for path, text in _texts(data):
        found = read.get(text)
        if found is None:
            found = read[text] = matches(text)
        if not found:
            continue
        item, section, field = _place(path)
        for kind, (start, end) in found:
            finding = Finding(kind, item, section, field, text[start:end], _excerpt(text, start, end, found))
            if finding.code not in known:
                out.append(finding)
    return out


def _place(path: tuple[str | int, ...]) -> tuple[str | None, str | None, str]:
    if len(path) > 2 and path[0] == "answers":
        return str(path[1]), None, dotted(path[2:])
    if len(path) > 2 and path[0] == "sections":
        return None, str(path[1]), dotted(path[2:])
    return None, None, dotted(path)


def _excerpt(text: str, start: int, end: int, found: list[tuple[str, Span]]) -> str:
    """The words around a match, every match among them masked, on one line."""
    left = max(0, start - CONTEXT)
    right = min(len(text), end + CONTEXT)
    if left:
        left = text.find(" ", left, start) + 1 or left  # start on a whole word
    if right < len(text):
        right = text.rfind(" ", end, right) if text.rfind(" ", end, right) > end else right
    chars = list(text[left:right])
    first = bisect.bisect_right(found, left, key=lambda f: f[1][1])  # the first match ending inside: ends are sorted too
    for _, (s, e) in itertools.takewhile(lambda f: f[1][0] < right, found[first:]):
        for i in range(max(s, left), min(e, right)):
            if chars[i - left].isalnum():
                chars[i - left] = MASK
    shown = " ".join("".join(chars).split())
    return ("…" if left else "") + shown + ("…" if right < len(text) else "")


def _code(where: str, words: str) -> str:
    return hashlib.sha256(f"{where}\0{' '.join(words.split()).casefold()}".encode()).hexdigest()[:8]


# --- acknowledging ------------------------------------------------------------------------


def acknowledgements(source: Writing) -> list[tuple[str, str]]:
    """(where, words) of every finding acknowledged in the file."""
    return _acknowledged(source.to_data())


def _acknowledged(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    entries = (data.get("privacy") or {}).get("acknowledged") or []
    out = []
    for entry in entries:
        where = f"item {entry['item']}" if entry.get("item") else (f"section {entry['section']}" if entry.get("section") else entry.get("field", ""))
        out.append((where, entry["words"]))
    return out


def acknowledge(assessment: Assessment, codes: list[str], by: str, at: str | None = None) -> tuple[Assessment, list[Finding]]:
    """The assessment with the findings named by `codes` acknowledged, and those findings.

    A code that names no current finding is refused, so a typing mistake is not
    mistaken for an acknowledgement."""
    current = {f.code: f for f in scan(assessment)}
    unknown = [c for c in codes if c.lower() not in current]
    if unknown:
        raise UsageError(f"no privacy finding with code {', '.join(unknown)}; `csf check --privacy FILE` lists them")
    chosen = list({c.lower(): current[c.lower()] for c in codes}.values())
    at = at or now()
    privacy = dict(assessment.extra.get("privacy") or {})
    entries = list(privacy.get("acknowledged") or [])
    for f in chosen:
        place = {"item": f.item} if f.item is not None else ({"section": f.section} if f.section is not None else {})
        entries.append(place | {"field": f.field, "words": f.words, "by": by, "at": at})
    privacy["acknowledged"] = entries
    extra = dict(assessment.extra) | {"privacy": privacy}
    return replace(assessment, extra=MappingProxyType(extra), updated=at), chosen


# --- for exports --------------------------------------------------------------------------


def gate(source: Writing, strict: bool) -> list[str]:
    """Warnings for an export, or PrivacyRefused when `strict` and anything was found."""
    findings = scan(source)
    if not findings:
        return []
    if strict:
        lines = "\n".join(f"  {f}" for f in findings)
        raise PrivacyRefused(
            f"--strict-privacy: not exporting; {len(findings)} likely piece(s) of personal data:\n{lines}\n"
            "Remove them, or acknowledge a harmless one with `csf check --privacy FILE --acknowledge CODE`."
        )
    return [f"possible personal data: {f}" for f in findings]


def summary(assessment: Assessment, findings: list[Finding]) -> str:
    """The last line of `csf check --privacy`: how much was read, found and acknowledged."""
    read = len(texts(assessment))
    known = len(acknowledgements(assessment))
    also = f"; {known} acknowledged, not shown" if known else ""
    if not findings:
        return f"no likely personal data in {read} texts{also}"
    return (f"{len(findings)} likely piece(s) of personal data in {read} texts{also}. Remove them, or record a harmless "
            "one with `csf check --privacy FILE --acknowledge CODE`")
