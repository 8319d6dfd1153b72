"""`csf narrative`, `evidence`, `document`, `cite`, `uncite`, `agency`, `state`, `submission`.

The commands that edit what a partnership's assessment holds besides ratings: a
factor's narrative, evidence entries, the evidence register and citations of it, the
partner agencies, an item's answer state and the submission's status. Each loads the
file, makes one change through the model, saves it (refusing if the file changed on
disk meanwhile) and prints what changed, in words, and any rule it now breaks.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .assessment import (
    IN_PROGRESS,
    STATUSES,
    UNKNOWN,
    Agency,
    Answer,
    Assessment,
    Citation,
    Document,
    Evidence,
    parse_date,
)
from .errors import EXIT_OK, UsageError

CLEAR = ("", "none", "clear")  # what a person types to empty an optional field

# A change: (assessment, args, who) -> (changed assessment, what to print, items whose findings to show;
# None stands for the assessment as a whole)
Change = Callable[[Assessment, Any, str], tuple[Assessment, list[str], tuple[str | None, ...]]]


def register(commands) -> None:
    """Add the commands to the top-level parser's subcommands."""
    p = commands.add_parser("narrative", help="set a factor's (section's) narrative: practice for the factor as a whole")
    _file(p)
    p.add_argument("section", metavar="SECTION_ID", help="e.g. 3")
    p.add_argument("text", nargs="?", metavar="TEXT", help="the narrative; Markdown bold and lists allowed (see README)")
    p.add_argument("--from-file", type=Path, metavar="PATH", help="read the narrative from a text file ('-' reads standard input)")
    p.set_defaults(handler=lambda args: _edit(args, _narrative))

    sub = _group(commands, "evidence", "add, edit or remove an item's own evidence entries")
    p = sub.add_parser("add", help="add an evidence entry to an item")
    _file(p, item=True)
    p.add_argument("text", metavar="TEXT", help="what the evidence is")
    _evidence_options(p)
    p.set_defaults(handler=lambda args: _edit(args, _evidence_add))
    p = sub.add_parser("edit", help="change an evidence entry (N counts from 1, as `csf check` names them)")
    _file(p, item=True)
    p.add_argument("number", type=int, metavar="N")
    p.add_argument("--text", help="what the evidence is (replaces it)")
    _evidence_options(p)
    p.set_defaults(handler=lambda args: _edit(args, _evidence_edit))
    p = sub.add_parser("remove", help="remove an evidence entry")
    _file(p, item=True)
    p.add_argument("number", type=int, metavar="N")
    p.set_defaults(handler=lambda args: _edit(args, _evidence_remove))

    sub = _group(commands, "document", "the evidence register: documents that many items cite")
    p = sub.add_parser("list", help="every document, its date and the items citing it")
    _file(p)
    p.set_defaults(handler=cmd_document_list)
    p = sub.add_parser("add", help="add a document to the register")
    _file(p)
    p.add_argument("id", metavar="ID", help="a short id items cite it by, e.g. dvb-2007")
    p.add_argument("--title", required=True, help="the document's title")
    _document_options(p)
    p.set_defaults(handler=lambda args: _edit(args, _document_add))
    p = sub.add_parser("edit", help="change a document; every item citing it follows")
    _file(p)
    p.add_argument("id", metavar="ID")
    p.add_argument("--title", help="the document's title")
    _document_options(p)
    p.set_defaults(handler=lambda args: _edit(args, _document_edit))
    p = sub.add_parser("remove", help="remove a document no item cites")
    _file(p)
    p.add_argument("id", metavar="ID")
    p.set_defaults(handler=lambda args: _edit(args, _document_remove))

    p = commands.add_parser("cite", help="cite a register document as evidence for an item")
    _file(p, item=True)
    p.add_argument("document", metavar="DOCUMENT_ID")
    p.add_argument("--at", metavar="WHERE", help="where in the document, e.g. '§E para 51' or 'p. 12'")
    p.set_defaults(handler=lambda args: _edit(args, _cite))
    p = commands.add_parser("uncite", help="remove an item's citation of a document")
    _file(p, item=True)
    p.add_argument("document", metavar="DOCUMENT_ID")
    p.set_defaults(handler=lambda args: _edit(args, _uncite))

    sub = _group(commands, "agency", "the partner agencies (police, council, health, probation, voluntary sector)")
    p = sub.add_parser("list", help="every agency and the items it contributes to")
    _file(p)
    p.set_defaults(handler=cmd_agency_list)
    p = sub.add_parser("add", help="add an agency, or rename one")
    _file(p)
    p.add_argument("id", metavar="ID", help="a short name, e.g. mps or council")
    p.add_argument("name", metavar="NAME", help="the full name, e.g. 'MPS Lambeth BOCU'")
    p.set_defaults(handler=lambda args: _edit(args, _agency_add))
    p = sub.add_parser("remove", help="remove an agency no item or document names")
    _file(p)
    p.add_argument("id", metavar="ID")
    p.set_defaults(handler=lambda args: _edit(args, _agency_remove))

    p = commands.add_parser("state", help="mark an item in progress (with a due date) or unknown (with a reason); never a rating")
    _file(p, item=True)
    p.add_argument("state", choices=(IN_PROGRESS, UNKNOWN, "none"), help="'none' clears the state")
    p.add_argument("--due", metavar="DATE", help="when an in-progress item is due, YYYY-MM-DD")
    p.add_argument("--reason", metavar="TEXT", help="why an item is unknown, e.g. 'the board paper says nothing about this'")
    p.set_defaults(handler=lambda args: _edit(args, _state))

    p = commands.add_parser("submission", help="show or set the submission's status, dates, approver and contact")
    _file(p)
    p.add_argument("--status", choices=STATUSES)
    p.add_argument("--submitted", metavar="DATE", help="the date it went to the board, YYYY-MM-DD")
    p.add_argument("--approved-by", metavar="NAME", help="who approved it, e.g. 'Chair, Safer Lambeth Partnership'")
    p.add_argument("--approved-on", metavar="DATE", help="the date it was approved, YYYY-MM-DD")
    p.add_argument("--contact", metavar="TEXT", help="who to ask about it")
    p.set_defaults(handler=cmd_submission)


def _group(commands, name: str, help: str):
    """A command group (`csf document …`); on its own it prints its commands."""
    group = commands.add_parser(name, help=help)
    group.set_defaults(handler=lambda args: _usage(group))
    return group.add_subparsers(title="commands", metavar="COMMAND")


def _file(p: argparse.ArgumentParser, item: bool = False) -> None:
    p.add_argument("file", type=Path, metavar="FILE")
    if item:
        p.add_argument("item", metavar="ITEM_ID", help="e.g. 1.3 or Q2")
    p.add_argument("--by", help="who made the change (default: $CSF_USER or your login)")


def _evidence_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date", help="date of the evidence, YYYY-MM-DD")
    p.add_argument("--source", help="document or system the evidence is in")
    p.add_argument("--owner", help="the agency (id) or person holding it")


def _document_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--source", help="publisher, or where it is held")
    p.add_argument("--date", help="the document's date, YYYY-MM-DD")
    p.add_argument("--owner", metavar="AGENCY_ID", help="the agency that owns it (see `csf agency list`)")
    p.add_argument("--link", metavar="URL-or-PATH", help="a web address or a file path")
    p.add_argument("--notes")


def _usage(parser: argparse.ArgumentParser) -> int:
    from .cli import _usage as usage

    return usage(parser)


# --- the one load, change, save, print loop ------------------------------------------------


def _edit(args: argparse.Namespace, change: Change) -> int:
    from . import store
    from .cli import _load, _who
    from .report import evaluate

    with store.locked(args.file):  # read, change and save as one step: another writer waits
        loaded = _load(args)
        updated, said, items = change(loaded.assessment, args, _who(args))
        if updated is loaded.assessment or updated == loaded.assessment:
            print("nothing changed")
            return EXIT_OK
        store.save(args.file, updated, loaded.digest)
    for line in said:
        print(line)
    report = evaluate(loaded.framework, updated)
    for item_id in items:
        for finding in report.findings_for(item_id):
            if finding.severity != "missing":
                print(f"  {finding.severity}: {finding}")
    return EXIT_OK


def _item_id(assessment: Assessment, args: argparse.Namespace) -> str:
    """The item named on the command line, checked against the framework the file is on."""
    from .cli import _registry

    framework = _registry(args).get(assessment.framework_id, assessment.framework_version)
    item = framework.item(args.item)
    if item is None:
        raise UsageError(f"unknown item id {args.item!r} in {framework.label}")
    return item.id


def _date(value: str | None, option: str) -> str | None:
    """A date option: None when not given, '' to clear, else the checked ISO date."""
    if value is None:
        return None
    if value.strip().lower() in CLEAR:
        return ""
    try:
        return parse_date(value)
    except ValueError as e:
        raise UsageError(f"{option}: {e}") from None


def _changes(old: Any, new: Any, names: Iterable[str]) -> str:
    """'date 2009-11-06 → 2007-11-06; owner mps → council': the fields that differ."""
    out = []
    for name in names:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            out.append(f"{name.replace('_', ' ')} {_shown(before)} → {_shown(after)}")
    return "; ".join(out)


def _shown(value: Any) -> str:
    if value in (None, ""):
        return "(none)"
    text = " ".join(str(value).split())
    return repr(text if len(text) <= 60 else text[:57] + "…")


def _set(obj: Any, args: argparse.Namespace, options: dict[str, str]) -> Any:
    """`obj` with every given option (dest → field) applied; a blank or 'none' clears it."""
    changes = {}
    for dest, name in options.items():
        value = getattr(args, dest)
        if value is None:
            continue
        if name in ("date", "submitted", "approved_on"):
            value = _date(value, f"--{dest.replace('_', '-')}") or None
        elif value.strip().lower() in CLEAR:
            value = ""
        changes[name] = value
    return replace(obj, **changes)


# --- narrative ----------------------------------------------------------------------------


def _narrative(a: Assessment, args: argparse.Namespace, by: str):
    from .cli import _registry

    framework = _registry(args).get(a.framework_id, a.framework_version)
    section = framework.section(args.section)
    if section is None:
        raise UsageError(f"unknown section id {args.section!r} in {framework.label}")
    if (args.text is None) == (args.from_file is None):
        raise UsageError("give the narrative as TEXT or with --from-file PATH (one of them)")
    text = args.text if args.text is not None else _read(args.from_file)
    old = a.narratives.get(section.id, "")
    updated = a.with_narrative(section.id, text.strip(), by)
    new = updated.narratives.get(section.id, "")
    said = f"section {section.id} narrative: {len(new):,} characters (was {len(old):,})" if new else f"section {section.id} narrative cleared"
    return updated, [said], tuple(i.id for i in section.items)


def _read(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text; save it as UTF-8") from None


# --- evidence entries ---------------------------------------------------------------------

_EVIDENCE_OPTIONS = {"text": "description", "source": "source", "date": "date", "owner": "owner"}


def _evidence_add(a: Assessment, args: argparse.Namespace, by: str):
    from .export.content import evidence_text

    item_id = _item_id(a, args)
    if not args.text.strip():
        raise UsageError("say what the evidence is")
    entry = _set(Evidence(args.text), args, {k: v for k, v in _EVIDENCE_OPTIONS.items() if k != "text"})
    answer = a.answer(item_id)
    updated = a.with_answer(item_id, replace(answer, evidence=(*answer.evidence, entry)), by)
    return updated, [f"{item_id}: evidence {len(answer.evidence) + 1} added: {evidence_text(entry)}"], (item_id,)


def _entry(a: Assessment, item_id: str, number: int) -> int:
    count = len(a.answer(item_id).evidence)
    if not 1 <= number <= count:
        raise UsageError(f"item {item_id} has {count} evidence entr{'y' if count == 1 else 'ies'}; N is 1 to {count}"
                         if count else f"item {item_id} has no evidence entries")
    return number - 1


def _evidence_edit(a: Assessment, args: argparse.Namespace, by: str):
    item_id = _item_id(a, args)
    index = _entry(a, item_id, args.number)
    answer = a.answer(item_id)
    old = answer.evidence[index]
    new = _set(old, args, _EVIDENCE_OPTIONS)
    if not new.description.strip():
        raise UsageError("--text: say what the evidence is (remove the entry with `csf evidence remove`)")
    entries = tuple(new if i == index else e for i, e in enumerate(answer.evidence))
    updated = a.with_answer(item_id, replace(answer, evidence=entries), by)
    return updated, [f"{item_id}: evidence {args.number}: {_changes(old, new, _EVIDENCE_OPTIONS.values())}"], (item_id,)


def _evidence_remove(a: Assessment, args: argparse.Namespace, by: str):
    from .export.content import evidence_text

    item_id = _item_id(a, args)
    index = _entry(a, item_id, args.number)
    answer = a.answer(item_id)
    entries = tuple(e for i, e in enumerate(answer.evidence) if i != index)
    updated = a.with_answer(item_id, replace(answer, evidence=entries), by)
    return updated, [f"{item_id}: evidence {args.number} removed: {evidence_text(answer.evidence[index])}"], (item_id,)


# --- the register -------------------------------------------------------------------------

_DOCUMENT_OPTIONS = {"title": "title", "source": "source", "date": "date", "owner": "owner", "link": "link", "notes": "notes"}


def _owner_known(a: Assessment, document: Document) -> None:
    if document.owner and a.agency(document.owner) is None:
        known = ", ".join(x.id for x in a.agencies) or "none yet"
        raise UsageError(f"--owner: no agency {document.owner!r} (agencies: {known}); add it with `csf agency add`")


def _document_add(a: Assessment, args: argparse.Namespace, by: str):
    from .assessment import ID

    if not re.fullmatch(ID, args.id):
        raise UsageError(f"{args.id!r} cannot be a document id: use letters, digits, '.', '_' or '-', e.g. dvb-2007")
    if a.document(args.id) is not None:
        raise UsageError(f"the register already has a document {args.id!r}; change it with `csf document edit`")
    if not args.title.strip():
        raise UsageError("--title: the document needs a title")
    document = _set(Document(args.id, args.title), args, {k: v for k, v in _DOCUMENT_OPTIONS.items() if k != "title"})
    _owner_known(a, document)
    dated = f", dated {document.date}" if document.date else ""
    return a.with_document(document, by), [f"document {document.id} added: {document.title}{dated}"], ()


def _document_edit(a: Assessment, args: argparse.Namespace, by: str):
    old = _document(a, args.id)
    new = _set(old, args, _DOCUMENT_OPTIONS)
    if not new.title.strip():
        raise UsageError("--title: the document needs a title")
    _owner_known(a, new)
    citing = a.cited_by(old.id)
    said = [f"document {old.id}: {_changes(old, new, _DOCUMENT_OPTIONS.values())}"]
    if citing and old != new:
        said.append(f"  cited by {len(citing)} item(s), which all follow: {', '.join(citing)}")
    return a.with_document(new, by), said, citing


def _document(a: Assessment, document_id: str) -> Document:
    found = a.document(document_id)
    if found is None:
        known = ", ".join(d.id for d in a.documents) or "none yet"
        raise UsageError(f"no document {document_id!r} in the evidence register (documents: {known})")
    return found


def _document_remove(a: Assessment, args: argparse.Namespace, by: str):
    old = _document(a, args.id)
    return a.without_document(old.id, by), [f"document {old.id} removed: {old.title}"], ()


def cmd_document_list(args: argparse.Namespace) -> int:
    from .cli import _load, _table

    a = _load(args).assessment
    if not a.documents:
        print("no documents in the evidence register yet; add one with `csf document add FILE ID --title TITLE`")
        return EXIT_OK
    rows = [(d.id, d.date or "-", a.agency_name(d.owner) or "-", ", ".join(a.cited_by(d.id)) or "-", d.title) for d in a.documents]
    _table(("ID", "DATE", "OWNER", "CITED BY", "TITLE"), rows)
    return EXIT_OK


def _cite(a: Assessment, args: argparse.Namespace, by: str):
    item_id = _item_id(a, args)
    document = _document(a, args.document)
    answer = a.answer(item_id)
    at = (args.at or "").strip()
    old = next((c for c in answer.cite if c.document == document.id), None)
    if old is not None:
        if args.at is None or old.at == at:
            return a, [], ()
        cite = tuple(replace(c, at=at) if c is old else c for c in answer.cite)
        said = f"{item_id}: citation of {document.id} now at {at or '(no place)'} (was {old.at or '(no place)'})"
    else:
        cite = (*answer.cite, Citation(document.id, at))
        said = f"{item_id}: cites {document.id} ({document.title}{f', {at}' if at else ''})"
    return a.with_answer(item_id, replace(answer, cite=cite), by), [said], (item_id,)


def _uncite(a: Assessment, args: argparse.Namespace, by: str):
    item_id = _item_id(a, args)
    answer = a.answer(item_id)
    if not any(c.document == args.document for c in answer.cite):
        cited = ", ".join(c.document for c in answer.cite) or "nothing"
        raise UsageError(f"item {item_id} does not cite {args.document!r} (it cites {cited})")
    cite = tuple(c for c in answer.cite if c.document != args.document)
    return a.with_answer(item_id, replace(answer, cite=cite), by), [f"{item_id}: no longer cites {args.document}"], (item_id,)


# --- agencies ------------------------------------------------------------------------------


def _agency_add(a: Assessment, args: argparse.Namespace, by: str):
    from .assessment import ID

    if not re.fullmatch(ID, args.id):
        raise UsageError(f"{args.id!r} cannot be an agency id: use letters, digits, '.', '_' or '-', e.g. mps")
    if not args.name.strip():
        raise UsageError("NAME: give the agency's full name")
    old = a.agency(args.id)
    said = f"agency {args.id}: {args.name} (was {old.name})" if old else f"agency {args.id} added: {args.name}"
    agency = replace(old, name=args.name.strip()) if old else Agency(args.id, args.name.strip())
    return a.with_agency(agency, by), [said], ()


def _agency_remove(a: Assessment, args: argparse.Namespace, by: str):
    old = a.agency(args.id)
    return a.without_agency(args.id, by), [f"agency {args.id} removed: {old.name if old else ''}"], ()


def cmd_agency_list(args: argparse.Namespace) -> int:
    from .cli import _load, _table

    a = _load(args).assessment
    if not a.agencies:
        print("no agencies yet; add one with `csf agency add FILE ID NAME`")
        return EXIT_OK
    _table(("ID", "NAME", "ITEMS"), [(x.id, x.name, ", ".join(a.items_of(x.id)) or "-") for x in a.agencies])
    return EXIT_OK


def answer_options(a: Assessment, answer: Answer, args: argparse.Namespace) -> Answer:
    """`csf answer --agency`: whose practice this is. Hooked into `csf answer`."""
    if args.agency is None:
        return answer
    agency = "" if args.agency.strip().lower() in CLEAR else args.agency.strip()
    if agency and a.agency(agency) is None:
        known = ", ".join(x.id for x in a.agencies) or "none yet"
        raise UsageError(f"--agency: no agency {agency!r} (agencies: {known}); add it with `csf agency add`")
    return replace(answer, agency=agency)


# --- answer states -------------------------------------------------------------------------


def _state(a: Assessment, args: argparse.Namespace, by: str):
    from .rules import state_text

    item_id = _item_id(a, args)
    answer = a.answer(item_id)
    if args.state == IN_PROGRESS:
        if args.reason is not None:
            raise UsageError("--reason goes with 'unknown'; an in-progress item takes --due")
        due = _date(args.due, "--due") if args.due is not None else answer.due
        if not due:
            raise UsageError("in progress needs --due DATE: when it will be done, YYYY-MM-DD")
        new = replace(answer, state=IN_PROGRESS, due=due, reason="")
    elif args.state == UNKNOWN:
        if args.due is not None:
            raise UsageError("--due goes with 'in-progress'; an unknown item takes --reason")
        reason = (args.reason if args.reason is not None else answer.reason).strip()
        if not reason:
            raise UsageError("unknown needs --reason TEXT: why it cannot be answered, e.g. 'the board paper says nothing about this'")
        new = replace(answer, state=UNKNOWN, reason=reason, due=None)
    else:
        new = replace(answer, state=None, due=None, reason="")
    shown = state_text(new) or "no state"
    was = state_text(answer) or "no state"
    scored = "; the rating is unchanged" if answer.rating else "; still not answered, so not scored"
    return a.with_answer(item_id, new, by), [f"{item_id}: {shown} (was {was}){scored}"], (item_id,)


# --- submission ---------------------------------------------------------------------------

_SUBMISSION_OPTIONS = {"status": "status", "submitted": "submitted", "approved_by": "approved_by",
                       "approved_on": "approved_on", "contact": "contact"}


def cmd_submission(args: argparse.Namespace) -> int:
    if all(getattr(args, dest) is None for dest in _SUBMISSION_OPTIONS):
        from .cli import _load

        s = _load(args).assessment.submission
        for name in _SUBMISSION_OPTIONS.values():
            print(f"{name.replace('_', ' ')}: {getattr(s, name) or '-'}")
        return EXIT_OK
    return _edit(args, _submission)


def _submission(a: Assessment, args: argparse.Namespace, by: str):
    old = a.submission
    new = _set(old, args, _SUBMISSION_OPTIONS)
    return a.with_submission(new, by), [f"submission: {_changes(old, new, _SUBMISSION_OPTIONS.values())}"], (None,)
