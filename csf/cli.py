"""The `csf` command: parse arguments, call the library, print, exit with a meaningful code.

Nothing here computes or validates; it only presents. Heavy modules (Textual,
python-docx, Jinja2) are imported inside the commands that need them so that
`csf --version` and `csf score` start quickly.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CsfError, InvalidFile, Problem

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)


def _registry(args: argparse.Namespace):
    from .registry import Registry

    return Registry(args.frameworks_dir)


# --- frameworks -----------------------------------------------------------------------


def cmd_frameworks_list(args: argparse.Namespace) -> int:
    rows = [(f.id, f.version, str(f.item_count), f.fingerprint.removeprefix("sha256:")[:12], f.title) for f in _registry(args).all()]
    _table(("ID", "VERSION", "ITEMS", "FINGERPRINT", "TITLE"), rows)
    return EXIT_OK


def cmd_frameworks_show(args: argparse.Namespace) -> int:
    framework = _registry(args).get(args.id, args.version)
    out = [framework.title, f"{framework.id} {framework.version}  ·  {framework.publisher}", framework.fingerprint, ""]
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
    for note in framework.notes:
        out += _wrap(f"Note: the source says {note.source_says!r}; {note.we_did}", "", "  ")
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


# --- helpers ---------------------------------------------------------------------------


def _wrap(text: str, first: str, rest: str | None = None) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width=88, initial_indent=first, subsequent_indent=rest or first) or [first]


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip())


# --- parser ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="csf",
        description="Assess a partnership against a framework, score it, check it, export it.",
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
    parser.set_defaults(handler=lambda args: _usage(parser))
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    fw = commands.add_parser("frameworks", help="list, show and validate frameworks")
    fw.set_defaults(handler=lambda args: _usage(fw))
    fw_commands = fw.add_subparsers(title="commands", metavar="COMMAND")
    p = fw_commands.add_parser("list", help="the frameworks installed, with versions and fingerprints")
    p.set_defaults(handler=cmd_frameworks_list)
    p = fw_commands.add_parser("show", help="a framework's sections and items")
    p.add_argument("id", help="framework id, e.g. partnership-csf")
    p.add_argument("--version", dest="version", help="a particular version (default: the newest)")
    p.set_defaults(handler=cmd_frameworks_show)
    p = fw_commands.add_parser("validate", help="check framework files; exit 1 if any is invalid")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_frameworks_validate)
    return parser


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
