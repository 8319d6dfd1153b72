"""`csf frameworks add | remove | diff`: the commands headquarters and boroughs use to
keep several versions of a framework side by side and see what changed between them."""

from __future__ import annotations

import argparse
import sys

from .errors import EXIT_OK, display
from .registry import Registry, install, uninstall


def cmd_add(args: argparse.Namespace, registry: Registry) -> int:
    for done in install(args.files, registry, force=args.force):
        f = done.framework
        if done.unchanged:
            print(f"already installed: {f.label} ({f.item_count} items)")
        else:
            verb = "replaced" if done.replaced else "installed"
            print(f"{verb} {f.label}: {f.title}, {f.item_count} items -> {display(done.path)}")
    return EXIT_OK


def cmd_remove(args: argparse.Namespace, registry: Registry) -> int:
    path = uninstall(args.ref, registry, force=args.force)
    print(f"removed {args.ref} ({display(path)})")
    return EXIT_OK


def print_list(registry: Registry, table) -> None:
    """Every installed version of every framework, and where each came from."""
    rows = [
        (f.id, f.version, str(f.item_count), f.fingerprint.removeprefix("sha256:")[:12], registry.origin(f), f.title)
        for f in registry.all()
    ]
    table(("ID", "VERSION", "ITEMS", "FINGERPRINT", "FROM", "TITLE"), rows)
    for problem in registry.problems:
        print(f"error: {problem}", file=sys.stderr)
