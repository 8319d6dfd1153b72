"""`csf frameworks add | remove | diff`: the commands headquarters and boroughs use to
keep several versions of a framework side by side and see what changed between them."""

from __future__ import annotations

import argparse
import sys

from .errors import EXIT_OK, EXIT_PROBLEMS, display
from .registry import Registry, WithFrameworks, install, uninstall


def cmd_add(args: argparse.Namespace, registry: Registry) -> int:
    for done in install(args.files, registry, force=args.force):
        f = done.framework
        if f is None:
            print(f"installed mapping {done.path.name} -> {display(done.path)}")
        elif done.unchanged:
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


def resolve(text: str, registry: Registry):
    """A framework named as a file (installed or not) or as ID@VERSION."""
    from pathlib import Path

    from .framework import load_framework
    from .registry import parse_ref

    if Path(text).suffix in (".yaml", ".yml") or Path(text).is_file():
        return load_framework(Path(text))
    return registry.get(*parse_ref(text))


def cmd_diff(args: argparse.Namespace, registry: Registry) -> int:
    import json

    from .diff import compare, render
    from .mapping import find_mapping, load_mapping

    old, new = resolve(args.old, registry), resolve(args.new, registry)
    known = WithFrameworks(registry, (old, new))
    if args.mapping is not None:
        mapping = load_mapping(args.mapping, known)
    else:
        mapping = find_mapping(known, old, new) if old.id != new.id else None
    diff = compare(old, new, mapping)
    if args.format == "json":
        print(json.dumps(diff.to_data(), indent=2, ensure_ascii=False))
    else:
        print(render(diff, markdown=args.format == "md"))
    return EXIT_OK if diff.identical else EXIT_PROBLEMS
