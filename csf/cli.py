"""The `csf` command: parse arguments, call the library, print, exit with a meaningful code.

Nothing here computes or validates; it only presents. Heavy modules (Textual,
python-docx, Jinja2) are imported inside the commands that need them so that
`csf --version` and `csf score` start quickly.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CsfError, InvalidFile, Problem, UsageError, printable, reason

def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    for n, arg in enumerate(argv, 1):
        if any("\udc80" <= c <= "\udcff" for c in arg):  # bytes that are not UTF-8, as Python passes them on
            print(f"error: argument {n} ({printable(arg)}) is not UTF-8 text; retype it or set a UTF-8 locale", file=sys.stderr)
            return EXIT_USAGE
    args = parser.parse_args(argv)
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Printable(sys.stdout), _Printable(sys.stderr)  # the TUI draws on sys.__stderr__
    try:
        return args.handler(args)
    except InvalidFile as e:
        _print_problems(e.problems)
        return EXIT_USAGE
    except CsfError as e:
        if args.debug:
            raise
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head`, which stopped reading
        sys.stderr.close()
        return EXIT_OK
    except OSError as e:  # a folder that is a file, a full disk, no permission
        if args.debug:
            raise
        print(f"error: {reason(e)}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        sys.stdout, sys.stderr = streams


class _Printable:
    """A stream that shows control characters instead of passing them to the terminal:
    a file's text (an area, a practice text) may hold an escape sequence. Not an IOBase:
    one of those closes the stream it wraps when it is collected."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(printable(text))

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)


def _registry(args: argparse.Namespace):
    from .registry import Registry

    return Registry(args.frameworks_dir)


# --- frameworks -----------------------------------------------------------------------


def cmd_frameworks_list(args: argparse.Namespace) -> int:
    from .framework_commands import print_list

    registry = _registry(args)
    print_list(registry, _table)
    return EXIT_PROBLEMS if registry.problems else EXIT_OK


def cmd_frameworks_add(args: argparse.Namespace) -> int:
    from .framework_commands import cmd_add

    return cmd_add(args, _registry(args))


def cmd_frameworks_remove(args: argparse.Namespace) -> int:
    from .framework_commands import cmd_remove

    return cmd_remove(args, _registry(args))


def cmd_frameworks_diff(args: argparse.Namespace) -> int:
    from .framework_commands import cmd_diff

    return cmd_diff(args, _registry(args))


def cmd_frameworks_show(args: argparse.Namespace) -> int:
    framework = _registry(args).get(args.id, args.version)
    out = [framework.title, f"{framework.id} {framework.version}  ·  {framework.publisher}", framework.fingerprint]
    source = framework.source
    out += _wrap("Source: " + ", ".join(source[k] for k in ("document", "location", "date") if source.get(k)), "", "  ")
    out.append("")
    for detail in framework.details:
        out += _wrap(f"{detail.label}: {detail.text}", "", "  ")
    if framework.details:
        out.append("")
    if framework.scale:
        out.append("Scale: " + ", ".join(_scale_label(v) for v in framework.scale.values))
    if framework.scoring.formula:
        out.append(f"Scoring: {framework.scoring.formula}")
    out.append("")
    for section in framework.sections:
        out.append(section.heading)
        if section.description:
            out += _wrap(section.description, "    ")
        for item in section.items:
            out += _wrap(item.text, f"  {item.id:<6} ", "         ")
        out.append("")
    if framework.notes:
        out.append("Notes on the source:")
    for note in framework.notes:
        out += _wrap(f"{framework.subject(note.about)}. The source says: {note.source_says} What the framework does: "
                     f"{note.we_did}", "  ", "    ")
    if framework.history:
        out += ["", "Versions:"]
    for release in framework.history:
        for change in release.changes:
            out += _wrap(f"{change.what} Why: {change.why}", f"  {release.version} ({release.date}): ", "      ")
    print("\n".join(out).rstrip())
    return EXIT_OK


def _scale_label(value) -> str:
    return f"{value.label} (not scored)" if value.not_applicable else f"{value.label} ({value.points})"


def cmd_frameworks_validate(args: argparse.Namespace) -> int:
    from .framework import load_framework

    failed = 0
    for path in args.files:
        try:
            framework = load_framework(path)
        except InvalidFile as e:
            _print_problems(e.problems)
            failed += 1
        except CsfError as e:
            print(f"error: {e}", file=sys.stderr)
            failed += 1
        else:
            print(f"ok: {path}: {framework.label}, {framework.item_count} items")
    return EXIT_PROBLEMS if failed else EXIT_OK


# --- assessments -----------------------------------------------------------------------


def _load(args: argparse.Namespace):
    from . import store

    return store.load(args.file, _registry(args))


def _report(loaded):
    from .report import evaluate

    return evaluate(loaded.framework, loaded.assessment)


def _who(args: argparse.Namespace) -> str:
    import getpass
    import os

    return args.by or os.environ.get("CSF_USER") or getpass.getuser()


def cmd_new(args: argparse.Namespace) -> int:
    from . import store
    from .assessment import new_assessment, slug

    if args.previous or args.prefill_from:
        from . import migrate_command

        if args.previous and args.prefill_from:
            raise UsageError("use --from (last period's assessment) or --prefill-from (another framework's), not both")
        run = migrate_command.cmd_new_from if args.previous else migrate_command.cmd_prefill
        if args.prefill_from and not args.framework:
            raise UsageError("--prefill-from needs --framework: the framework the new assessment is on")
        return run(args, _registry(args), _who(args))
    if not args.framework or not args.area:
        raise UsageError("csf new needs --framework and --area (or --from PREVIOUS)")
    framework = _registry(args).get(args.framework, args.version)
    assessment = new_assessment(framework, args.area, args.period or "", args.completed_by or "")
    output = args.output or Path("assessments") / f"{slug(args.area)}-{framework.id}.yaml"
    output.parent.mkdir(parents=True, exist_ok=True)  # a fresh folder has no assessments/ yet; the TUI makes it too
    store.create(output, assessment)
    print(f"created {output}: {framework.label} for {assessment.area}, {framework.item_count} items to answer")
    return EXIT_OK


def cmd_answer(args: argparse.Namespace) -> int:
    from . import store

    evidence = _evidence(args)
    with store.locked(args.file):  # read, change and save as one step: another writer waits
        return _answer(args, evidence)


def _answer(args: argparse.Namespace, evidence) -> int:
    from dataclasses import replace

    from . import editcli, store

    loaded = _load(args)
    framework, assessment = loaded.framework, loaded.assessment
    item = framework.item(args.item)
    if item is None:
        raise UsageError(f"unknown item id {args.item!r} in {framework.label}")
    answer = assessment.answer(item.id)
    if args.confirm or args.rating is not None:  # a person rating the item confirms a carried rating
        answer = replace(answer, reconfirm=None, prefilled=None if args.confirm else answer.prefilled)
    if args.rating is not None:
        answer = replace(answer, rating=_scale_value(framework, item, args.rating))
    if args.practice is not None:
        answer = replace(answer, practice=args.practice)
    if args.notes is not None:
        answer = replace(answer, notes=args.notes)
    if evidence is not None:
        answer = replace(answer, evidence=(*answer.evidence, evidence))
    answer = editcli.answer_options(assessment, answer, args)
    for setting in args.value:
        answer = _set_value(item, answer, setting)
    updated = assessment.with_answer(item.id, answer, _who(args))
    if updated is assessment:
        print(f"{item.id}: nothing changed")
        return EXIT_OK
    report = _report(replace(loaded, assessment=updated))
    resolved = report.resolved[item.id]
    if resolved.unexplained and args.rating is not None:
        raise UsageError(f"{item.id}: {resolved.unexplained} (add --notes \"why\"); nothing was saved")
    store.save(args.file, updated, loaded.digest)
    shown = _answer_summary(framework, resolved)
    print(f"{item.id}: {shown}; {framework.id} score {report.scorecard.format(report.scorecard.overall)}"
          f" ({report.answered} of {report.total} answered)")
    for finding in report.findings_for(item.id):
        if finding.severity != "missing":
            print(f"  {finding.severity}: {finding.message}")
    return EXIT_OK


def _answer_summary(framework, resolved) -> str:
    if resolved.item.type == "number":
        return f"value {resolved.answer.value}"
    if not resolved.item.rated:
        return "answered" if resolved.answered else "not answered"
    label = framework.scale.get(resolved.rating).label if resolved.rating else "not answered"
    d = resolved.derivation
    if resolved.derived:
        return f"{label} (derived: {d.explanation})"
    if resolved.overridden:
        return f"{label} (overrides the derived answer {framework.scale.get(d.value).label}: {d.explanation})"
    if d is not None and d.value is None and not resolved.answered:
        return f"not answered ({d.explanation})"
    return label


def _scale_value(framework, item, text: str) -> str | None:
    if text.strip().lower() in ("", "none", "clear"):
        return None
    if not item.rated:
        raise UsageError(f"item {item.id} is a {item.type} item and takes no rating")
    wanted = text.strip().lower()
    for value in framework.scale.values:
        if wanted in (value.id, value.label.lower()):
            return value.id
    choices = ", ".join(v.id for v in framework.scale.values)
    raise UsageError(f"{text!r} is not on the {framework.id} scale; use one of: {choices}")


def _set_value(item, answer, setting: str):
    from dataclasses import replace
    from types import MappingProxyType

    name, sep, raw = setting.partition("=")
    if not sep:
        if item.type != "number":
            raise UsageError(f"item {item.id} is not a number item; use --value NAME=NUMBER for its figures")
        return replace(answer, value=_number(raw or name, item.id))
    spec = next((i for i in item.inputs if i.name == name.strip()), None)
    if spec is None:
        known = ", ".join(i.name for i in item.inputs) or "none"
        raise UsageError(f"item {item.id} has no figure named {name.strip()!r} (its figures: {known})")
    if raw.strip().lower() == "unknown":  # known to be unknown: not taken as no or 0
        value = None
    elif spec.type == "boolean":
        flags = {"yes": True, "true": True, "y": True, "no": False, "false": False, "n": False}
        if raw.strip().lower() not in flags:
            raise UsageError(f"{spec.name} is yes, no or unknown, not {raw!r}")
        value = flags[raw.strip().lower()]
    else:
        value = _number(raw, spec.name, spec.type == "integer", spec.minimum)
    inputs = dict(answer.inputs)
    inputs[spec.name] = value
    return replace(answer, inputs=MappingProxyType(inputs))


def _number(raw: str, what: str, whole: bool = False, minimum: float | None = None) -> int | float:
    from .assessment import parse_number

    try:
        value = parse_number(raw, whole, minimum)
    except ValueError as e:
        raise UsageError(f"{what}: {raw!r} {e}") from None
    if value is None:
        raise UsageError(f"{what}: give a number")
    return value


def _evidence(args: argparse.Namespace):
    """The --evidence entry; its details without --evidence would be lost, so they are refused."""
    from .assessment import Evidence, parse_date

    details = (args.evidence_date, args.evidence_source, args.evidence_owner)
    if args.evidence is None:
        if any(d is not None for d in details):
            raise UsageError("--evidence-date, --evidence-source and --evidence-owner describe an --evidence entry; add --evidence TEXT")
        return None
    if not args.evidence.strip():
        raise UsageError("--evidence: say what the evidence is")
    try:
        date = parse_date(args.evidence_date) if args.evidence_date is not None else None
    except ValueError as e:
        raise UsageError(f"--evidence-date: {e}") from None
    return Evidence(args.evidence, args.evidence_source or "", date, args.evidence_owner or "")


def cmd_score(args: argparse.Namespace) -> int:
    report = _report(_load(args))
    card, a = report.scorecard, report.assessment
    if args.json:
        import json

        print(json.dumps(report.score_data(), indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"{a.area} · {report.framework.label}" + (f" · {a.period}" if a.period else ""))
    rows = [
        (s.section.heading, card.format(s.score), _points(s.score), f"{s.score.answered} of {s.score.total}", str(s.score.excluded))
        for s in card.sections
    ]
    rows.append(("Overall", card.format(card.overall), _points(card.overall),
                 f"{card.overall.answered} of {card.overall.total}", str(card.overall.excluded)))
    _table(("SECTION", "SCORE", "POINTS", "ANSWERED", "N/A"), rows)
    if card.formula:
        print(f"Formula: {card.formula}")
    return EXIT_OK


def _points(score) -> str:
    return f"{score.points}/{score.possible}" if score.possible else "-"


def cmd_check(args: argparse.Namespace) -> int:
    if args.privacy or args.acknowledge:
        return cmd_check_privacy(args)
    from .assessment import STATES

    report = _report(_load(args))
    missing = [f for f in report.findings if f.severity == "missing" and f.rule not in STATES]
    for finding in report.findings:
        if finding.severity != "missing" or finding.rule in STATES:  # a state says why: "in progress, due …"
            print(f"{finding.severity}: {finding}")
    if missing:
        print(f"missing: {len(missing)} item(s) not answered: {', '.join(f.item for f in missing)}")
    errors = sum(f.severity == "error" for f in report.findings)
    warnings = sum(f.severity == "warning" for f in report.findings)
    conflicts = _conflicts(report.assessment)
    for conflict in conflicts:
        print(f"conflict: {conflict}")
    counts = [(sum(r.answer.state == s for r in report.resolved.values()), s.replace("-", " ")) for s in STATES]
    states = "".join(f"{n} {s}; " for n, s in counts if n)
    print(f"{report.answered} of {report.total} answered; {states}{errors} error(s), {warnings} warning(s)"
          + (f", {len(conflicts)} merge conflict(s)" if conflicts else ""))
    return EXIT_PROBLEMS if report.problems or conflicts else EXIT_OK


def _conflicts(assessment) -> list[str]:
    """Places a merge left for a person to choose (see `csf merge`), until they do."""
    if "conflicts" not in assessment.extra:
        return []
    from .merge import describe, open_conflicts

    return [describe(c) for c in open_conflicts(assessment.to_data())]


def cmd_merge(args: argparse.Namespace) -> int:
    from .merge_command import cmd_merge

    return cmd_merge(args)


def cmd_check_privacy(args: argparse.Namespace) -> int:
    from contextlib import nullcontext

    from . import store

    with store.locked(args.file) if args.acknowledge else nullcontext():  # an acknowledgement is read, changed, saved as one step
        return _check_privacy(args)


def _check_privacy(args: argparse.Namespace) -> int:
    from . import privacy, store

    loaded = _load(args)
    assessment = loaded.assessment
    if args.acknowledge:
        assessment, chosen = privacy.acknowledge(assessment, args.acknowledge, _who(args))
        store.save(args.file, assessment, loaded.digest)
        print("\n".join(f"acknowledged [{f.code}] {f.where}: {privacy.KINDS[f.kind][1]}" for f in chosen))
    findings = privacy.scan(assessment)
    print("\n".join([*map(str, findings), privacy.summary(assessment, findings)]))
    return EXIT_PROBLEMS if findings else EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    if args.submission:
        from .intake import validate_submissions

        return EXIT_OK if validate_submissions(args.files, _registry(args)) else EXIT_PROBLEMS
    from . import store

    failed = False
    for path in args.files:
        try:
            loaded = store.load(path, _registry(args))
        except InvalidFile as e:
            _print_problems(e.problems)
            failed = True
            continue
        a = loaded.assessment
        matches = "fingerprint matches" if a.fingerprint else "no fingerprint recorded"
        print(f"ok: {path}: {loaded.framework.label} for {a.area}, {matches}")
    return EXIT_PROBLEMS if failed else EXIT_OK


def cmd_parameter(args: argparse.Namespace) -> int:
    from .parameter_command import cmd_parameter

    return cmd_parameter(args, _registry(args), _who(args))


def cmd_export(args: argparse.Namespace) -> int:
    import datetime as dt

    from . import export
    from .errors import display

    report = _report(_load(args))
    fmt = args.format or export.format_for(args.output)
    options = export.Options(today=dt.date.today(), marking=args.marking or "", template=args.template,
                             strict_privacy=args.strict_privacy, final=args.final)
    done = export.export(report, fmt, args.output, options)
    for warning in done.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {display(done.path)}: {report.framework.label} for {report.assessment.area}, "
          f"{report.answered} of {report.total} answered")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from . import store, submission
    from .errors import display

    read = submission.read_word(args.file, _registry(args))
    a = read.loaded.assessment
    output = args.output or args.file.with_suffix(".yaml")
    for line in read.report:
        print(line)
    store.create(output, a)
    report = _report(read.loaded)
    print(f"wrote {display(output)}: {read.loaded.framework.label} for {a.area}, {report.answered} of {report.total} answered"
          + (f"; {len(read.differences)} difference(s) between the Word text and its data, listed above" if read.differences else ""))
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    from .migrate_command import cmd_migrate

    return cmd_migrate(args, _registry(args), _who(args))


def cmd_compare(args: argparse.Namespace) -> int:
    import datetime as dt

    from .compare import compare
    from .errors import display
    from .export import comparison

    c = compare(args.paths, _registry(args))
    fmt = args.format or comparison.format_for(args.output)
    g = comparison.grid(c, args.marking or "")
    path = comparison.write(g, fmt, args.output, dt.date.today())
    if path is not None:
        print(f"wrote {display(path)}: {len(g.scores)} submission(s) of {c.framework.label} compared")
        for file, reason in g.refused:
            print(f"not compared: {file}: {reason}", file=sys.stderr)
    return EXIT_PROBLEMS if c.refused else EXIT_OK


def cmd_collect(args: argparse.Namespace) -> int:
    from .assessment import now
    from .collect import collect, summary
    from .errors import display

    outcomes = collect(args.paths, args.db, _registry(args), now(), args.marking or "")
    for outcome in outcomes:
        print("\n".join(outcome.lines))
    print(f"{display(args.db)}: {summary(outcomes)}")
    return EXIT_OK if all(o.acceptable for o in outcomes) else EXIT_PROBLEMS


# --- the TUI ---------------------------------------------------------------------------


def cmd_home(args: argparse.Namespace) -> int:
    from .tui.app import run

    return run(_registry(args), _who(args), None)


def cmd_open(args: argparse.Namespace) -> int:
    from .tui.app import run

    return run(_registry(args), _who(args), args.file)


# --- helpers ---------------------------------------------------------------------------


def _wrap(text: str, first: str, rest: str | None = None) -> list[str]:
    import textwrap  # only `frameworks show` wraps: not imported for every command

    return textwrap.wrap(" ".join(text.split()), width=88, initial_indent=first, subsequent_indent=rest or first,
                         break_long_words=False, break_on_hyphens=False) or [first]


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip())


# --- parser ----------------------------------------------------------------------------


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser, or with `argv` only the part that command needs.

    Building all fifty commands' parsers costs more than `csf score` does; so when `argv`
    names a command, only that command's parser is built. Anything else (no command,
    `--help`, a mistyped name) gets the whole parser, so help and errors list every command.
    """
    wanted = _command_named(argv) if argv is not None else None
    if wanted is not None:
        parser, commands = _parser(wanted)
        if commands.found:
            return parser
    return _parser(None)[0]


def _command_named(argv: Sequence[str]) -> str | None:
    """The command `argv` runs: its first word that is not a top-level option or its value."""
    args = iter(argv)
    for arg in args:
        if arg == "--frameworks-dir":
            next(args, None)
        elif arg in ("-h", "--help", "--"):
            return None
        elif not arg.startswith("-"):
            return arg
    return None


class _Skipped:
    """Takes every call a command's parser would and builds nothing."""

    def __getattr__(self, name: str):
        return self._ignore

    def _ignore(self, *args, **kwargs) -> _Skipped:
        return self


_SKIPPED = _Skipped()


class _Commands:
    """The top-level subcommands; with `wanted`, only that command's parser is built and
    the others' are stood in for (see build_parser)."""

    def __init__(self, commands: argparse._SubParsersAction, wanted: str | None):
        self.commands, self.wanted, self.found = commands, wanted, False

    def add_parser(self, name: str, **kwargs):
        if self.wanted is not None and name != self.wanted:
            return _SKIPPED
        self.found = True
        return self.commands.add_parser(name, **kwargs)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's, finding the terminal's width without importing shutil: argparse makes
    one for every argument added, and shutil imports three compression modules, which
    cost more than `csf score` spends scoring."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_columns() - 2)  # as argparse does with shutil's answer


def _columns() -> int:
    """`shutil.get_terminal_size().columns`: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


class _Parser(argparse.ArgumentParser):
    """Every csf parser, its commands' included (argparse makes those of the parent's class)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, formatter_class=HelpFormatter, **kwargs)


def _parser(wanted: str | None) -> tuple[argparse.ArgumentParser, _Commands]:
    parser = _Parser(
        prog="csf",
        description="Assess a partnership against a framework, score it, check it, export it. "
        "With no command, open the TUI on the assessments in ./assessments/.",
    )
    parser.add_argument("--version", action="version", version=f"csf {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback when something fails")
    parser.add_argument(
        "--frameworks-dir",
        metavar="DIR",
        type=Path,
        action="append",
        default=[],
        help="also look for framework files here (repeatable; see also CSF_FRAMEWORKS_PATH)",
    )
    parser.set_defaults(handler=cmd_home, by=None)
    commands = _Commands(parser.add_subparsers(title="commands", metavar="COMMAND"), wanted)

    fw = commands.add_parser("frameworks", help="list, show, validate, add, remove and compare frameworks")
    fw.set_defaults(handler=lambda args: _usage(fw))
    fw_commands = fw.add_subparsers(title="commands", metavar="COMMAND")
    p = fw_commands.add_parser("list", help="every framework version available, with fingerprints and where it came from")
    p.set_defaults(handler=cmd_frameworks_list)
    p = fw_commands.add_parser("show", help="a framework's sections and items")
    p.add_argument("id", help="framework id, e.g. partnership-csf")
    p.add_argument("--version", dest="version", help="a particular version (default: the newest)")
    p.set_defaults(handler=cmd_frameworks_show)
    p = fw_commands.add_parser("validate", help="check framework files; exit 1 if any is invalid")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_frameworks_validate)
    p = fw_commands.add_parser("add", help="validate framework files and install them beside the others")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--force", action="store_true", help="replace an installed file of the same id and version")
    p.set_defaults(handler=cmd_frameworks_add)
    p = fw_commands.add_parser("remove", help="remove an installed framework version (refused while assessments use it)")
    p.add_argument("ref", metavar="ID@VERSION", help="e.g. partnership-csf@2010.1")
    p.add_argument("--force", action="store_true", help="remove it even though assessments under assessments/ use it")
    p.set_defaults(handler=cmd_frameworks_remove)
    p = fw_commands.add_parser("diff", help="what changed between two frameworks; exit 0 identical, 1 different")
    p.add_argument("old", metavar="OLD", help="ID@VERSION or a framework file")
    p.add_argument("new", metavar="NEW", help="ID@VERSION or a framework file")
    p.add_argument("--mapping", type=Path, metavar="FILE", help="a mapping file relating their items (splits, merges, renumbering)")
    p.add_argument("--format", choices=("text", "md", "json"), default="text", help="text (default), Markdown or JSON")
    p.set_defaults(handler=cmd_frameworks_diff)

    p = commands.add_parser("new", help="start a new assessment file")
    p.add_argument("--framework", metavar="ID", help="framework id, e.g. partnership-csf")
    p.add_argument("--version", dest="version", help="framework version (default: the newest)")
    p.add_argument("--area", help="the borough or partnership assessed, e.g. Lambeth")
    p.add_argument("--from", dest="previous", type=Path, metavar="PREVIOUS",
                   help="start from last period's assessment: texts carried, every rating to re-confirm")
    p.add_argument("--prefill-from", type=Path, metavar="OTHER",
                   help="copy practice and evidence (never ratings) from an assessment on another framework")
    p.add_argument("--mapping", type=Path, metavar="FILE", help="the mapping or crosswalk to carry answers through")
    p.add_argument("--period", help="the period assessed, e.g. 2009-10 (a financial year)")
    p.add_argument("--completed-by", help="who is completing it (name or role)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="file to create (default: assessments/AREA-FRAMEWORK.yaml)")
    p.add_argument("--by", help="who is creating it (default: $CSF_USER or your login)")
    p.set_defaults(handler=cmd_new)

    p = commands.add_parser("answer", help="record a rating, practice text, evidence or figures for one item")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("item", metavar="ITEM_ID", help="e.g. 1.3 or Q2")
    p.add_argument("--rating", help="a value of the framework's scale (id or label); 'none' clears it")
    p.add_argument("--practice", help="current practice: what the partnership does (replaces the text)")
    p.add_argument("--notes", help="notes on this item (replaces them)")
    p.add_argument("--evidence", metavar="TEXT", help="add an evidence entry with this description")
    p.add_argument("--evidence-date", metavar="DATE", help="date of the evidence, YYYY-MM-DD")
    p.add_argument("--evidence-source", metavar="TEXT", help="document or system the evidence is in")
    p.add_argument("--evidence-owner", metavar="TEXT", help="who holds the evidence")
    p.add_argument("--agency", metavar="ID", help="the agency whose practice this is (see `csf agency list`); 'none' clears it")
    p.add_argument("--value", action="append", default=[], metavar="NAME=NUMBER",
                   help="a figure a derived answer needs (e.g. population=270000, housing=yes, "
                        "health=unknown), or NUMBER for a number item")
    p.add_argument("--confirm", action="store_true", help="confirm a carried rating or prefilled text as it stands")
    p.add_argument("--by", help="who made the change (default: $CSF_USER or your login)")
    p.set_defaults(handler=cmd_answer)

    p = commands.add_parser("score", help="scores per section and overall, with counts")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="print JSON for machines")
    p.set_defaults(handler=cmd_score)

    p = commands.add_parser("check", help="every rule problem and missing answer; exit 1 if any")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--privacy", action="store_true",
                   help="instead, look for personal data (postcodes, phone numbers, names after Mr/Mrs …); see docs/privacy.md")
    p.add_argument("--acknowledge", action="append", default=[], metavar="CODE",
                   help="record the privacy finding with this [code] as harmless, so it is not reported again (repeatable)")
    p.add_argument("--by", help="who acknowledges (default: $CSF_USER or your login)")
    p.set_defaults(handler=cmd_check)

    p = commands.add_parser("merge", help="merge two people's edits of one assessment; exit 1 if a person must choose")
    p.add_argument("base", type=Path, metavar="BASE", help="the version both started from")
    p.add_argument("mine", type=Path, metavar="MINE", help="one person's edits")
    p.add_argument("theirs", type=Path, metavar="THEIRS", help="the other person's edits")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="write the result to this new file (default: print it)")
    p.add_argument("--git", action="store_true", help="as git's merge driver (%%O %%A %%B): write the result over MINE")
    p.set_defaults(handler=cmd_merge)

    p = commands.add_parser("validate", help="check assessment files against their schema and framework")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--submission", action="store_true",
                   help="check them as headquarters does on receipt (complete, no rule problems, not a draft); exit 1 if any is not acceptable")
    p.set_defaults(handler=cmd_validate)

    p = commands.add_parser("import", help="read a Word submission back into an assessment file")
    p.add_argument("file", type=Path, metavar="FILE.docx", help="a csf Word export, or a copy of the checklist filled in by hand")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="assessment file to create (default: FILE.yaml beside the .docx)")
    p.set_defaults(handler=cmd_import)

    p = commands.add_parser("migrate", help="move an assessment to another framework version, keeping every answer")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--to", required=True, metavar="ID@VERSION", help="the framework version to move to, e.g. partnership-csf@2010.1")
    p.add_argument("--mapping", type=Path, metavar="FILE", help="a mapping file relating the two versions' items (default: by id)")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="write the migrated assessment here (default: replace FILE)")
    p.add_argument("--by", help="who is migrating it (default: $CSF_USER or your login)")
    p.set_defaults(handler=cmd_migrate)

    p = commands.add_parser("compare", help="boroughs side by side: scores per section and every item's rating")
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE-or-DIR", help="assessment files, Word submissions, or directories of them")
    p.add_argument("--format", choices=("table", "csv", "xlsx", "html", "docx", "json"),
                   help="default: from the -o file name, else a table on the terminal")
    p.add_argument("-o", "--output", type=Path, metavar="PATH", help="file to create (default: print; xlsx, html and docx go to exports/)")
    p.add_argument("--marking", metavar="TEXT", help="protective marking: first row of CSV and xlsx, every page of HTML and Word")
    p.set_defaults(handler=cmd_compare)

    p = commands.add_parser("collect", help="load submissions into headquarters' SQLite database; exit 1 if any is not acceptable")
    p.add_argument("paths", nargs="+", type=Path, metavar="DIR-or-FILE", help="assessment files, Word submissions, action plans, or directories of them")
    p.add_argument("--db", required=True, type=Path, metavar="FILE", help="the database, e.g. hq.sqlite (created if missing)")
    p.add_argument("--marking", metavar="TEXT", help="protective marking recorded on each submission collected, e.g. OFFICIAL-SENSITIVE")
    p.set_defaults(handler=cmd_collect)

    p = commands.add_parser("open", help="open an assessment in the TUI (csf with no command lists them)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--by", help="who is making the changes (default: $CSF_USER or your login)")
    p.set_defaults(handler=cmd_open)

    p = commands.add_parser("parameter", help="show or set a report's parameters (the DSVB brief's data period and deadlines)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("settings", nargs="*", metavar="NAME=VALUE", help="e.g. data_from=01.08.2009; an empty VALUE clears it")
    p.add_argument("--by", help="who made the change (default: $CSF_USER or your login)")
    p.set_defaults(handler=cmd_parameter)

    p = commands.add_parser("export", help="write the Word submission, or Markdown, HTML, JSON or CSV")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--format", help="docx, md, html, json or csv (default: from the -o file name, else docx)")
    p.add_argument("-o", "--output", type=Path, metavar="PATH",
                   help="file to create, or a directory (default: exports/AREA-FRAMEWORK-DATE.EXT, numbered if taken)")
    p.add_argument("--template", type=Path, metavar="FILE.docx", help="a Word file whose styles, headers and footers to use")
    p.add_argument("--marking", metavar="TEXT", help="protective marking for every page, e.g. OFFICIAL-SENSITIVE")
    p.add_argument("--final", action="store_true",
                   help="the submission itself: refused (exit 1, nothing written) while the framework says it is not acceptable")
    p.add_argument("--strict-privacy", action="store_true",
                   help="refuse to export (and write nothing) while `csf check --privacy` finds anything")
    p.set_defaults(handler=cmd_export)

    for module, names in COMMAND_MODULES.items():
        if wanted is None or wanted in names:  # importing a module is part of the cost saved
            importlib.import_module(f".{module}", __package__).register(commands)
    return parser, commands


COMMAND_MODULES = {
    "editcli": ("narrative", "evidence", "document", "cite", "uncite", "agency", "state", "submission"),
    "plancli": ("plan",),
    "boardcli": ("summary", "trend"),
}
"""The command groups with modules of their own, and the commands each registers."""


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
