"""`csf merge BASE MINE THEIRS [-o OUT]`, and the git merge driver `csf merge --git %O %A %B`.

Reads three copies of one assessment, merges them field by field (see `merge`), and
writes the result: to OUT (a new file), over MINE for git (which expects %A to hold
the result), or to standard output. Exit 0 when clean, 1 when a person must choose
somewhere (each place is listed, and `csf check` goes on listing it), 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import store, yamlio
from .assessment import parse_assessment
from .errors import EXIT_OK, EXIT_PROBLEMS, UsageError, display
from .merge import describe, merge


def cmd_merge(args: argparse.Namespace) -> int:
    if args.git and args.output is not None:
        raise UsageError("--git writes the result over MINE, as git expects; leave out -o")
    base, mine, theirs = (_read(path) for path in (args.base, args.mine, args.theirs))
    versions = {_framework(side) for side in (base, mine, theirs) if side}
    if len(versions) > 1:
        named = ", ".join(" ".join(v) for v in sorted(versions))
        raise UsageError(f"the three files are for different frameworks ({named}): "
                         "bring them to one framework version with `csf migrate` first")
    merged = merge(base, mine, theirs)
    target = args.mine if args.git else args.output
    assessment = parse_assessment(yamlio.Document(display(target or args.mine), merged.data))
    if args.git:
        store.save(args.mine, assessment, store.digest_of(args.mine))
    elif args.output is not None:
        store.create(args.output, assessment)
    else:
        sys.stdout.write(yamlio.dump(assessment.to_data()))
    for conflict in merged.conflicts:
        print(f"conflict: {describe(conflict)}", file=sys.stderr)
    if args.output is not None:
        what = f"{len(merged.conflicts)} conflict(s) for a person to settle" if merged.conflicts else "no conflicts"
        print(f"merged into {display(args.output)}: {what}")
    return EXIT_PROBLEMS if merged.conflicts else EXIT_OK


def _read(path: Path) -> dict:
    """An assessment's data, shape-checked; an empty file (git's base when both sides
    added the file) is an empty base."""
    doc = yamlio.load(path)
    if doc.data is None:
        return {}
    parse_assessment(doc)
    return doc.data


def _framework(data: dict) -> tuple[str, str]:
    framework = data.get("framework") or {}
    return str(framework.get("id")), str(framework.get("version"))
