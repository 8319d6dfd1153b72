"""`csf plan ...`: make an action plan, add and update actions, draft them from gaps, show, export.

Each command reads the plan, changes a copy, checks it and saves it atomically; any
refusal (a duplicate ref, an item the linked assessment does not have, a date that is
not a date, an unknown RAG word) happens before anything is written.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

from .errors import EXIT_OK, UsageError, display


def register(commands) -> None:
    """Add the `plan` command group to the top-level parser's subcommands."""
    group = commands.add_parser("plan", help="action plans: new, add, update, suggest from gaps, show, export")
    group.set_defaults(handler=lambda args: _usage(group))
    sub = group.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("new", help="start a new action plan file")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the plan file to create (.yaml)")
    p.add_argument("--area", required=True, help="the borough or partnership, e.g. Lambeth")
    p.add_argument("--period", default="", help="the period the plan covers, e.g. 2009-10")
    p.add_argument("--assessment", type=Path, action="append", default=[], metavar="FILE",
                   help="an assessment the plan answers (repeatable); actions can then name its items")
    p.set_defaults(handler=cmd_new)

    p = sub.add_parser("add", help="add an action")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--ref", required=True, help="the action's reference, free text, e.g. '5.2 (iii)'; unique in the plan")
    p.add_argument("--action", required=True, metavar="TEXT", help="the activity or action")
    _action_options(p)
    p.set_defaults(handler=_under_lock(cmd_add))

    p = sub.add_parser("update", help="change an action, add a progress update, or mark it complete")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("ref", metavar="REF", help="the action's reference")
    p.add_argument("--action", metavar="TEXT", help="the activity or action (replaces it)")
    _action_options(p)
    p.add_argument("--complete", metavar="DATE", help="mark it completed on DATE (YYYY-MM-DD); 'none' reopens it")
    p.set_defaults(handler=_under_lock(cmd_update))

    p = sub.add_parser("priority", help="add a priority, or change one's title or outcome statement")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("title", metavar="TITLE", help="e.g. 'Priority 1: Access to services'")
    p.add_argument("--id", help="its id (default: the next number; an existing id changes that priority)")
    p.add_argument("--outcome", metavar="TEXT", help="the priority's outcome statement")
    p.set_defaults(handler=_under_lock(cmd_priority))

    p = sub.add_parser("suggest", help="a draft action for every gap in an assessment that has none yet")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--from", dest="source", type=Path, required=True, metavar="ASSESSMENT")
    p.set_defaults(handler=_under_lock(cmd_suggest))

    p = sub.add_parser("show", help="the actions by priority, and counts by RAG")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="print JSON for machines")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("export", help="write the action plan as Word (Camden's columns), CSV, HTML, Markdown or JSON")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--format", help="docx, csv, html, md or json (default: from the -o file name, else docx)")
    p.add_argument("-o", "--output", type=Path, metavar="PATH",
                   help="file to create, or a directory (default: exports/AREA-action-plan-DATE.EXT, numbered if taken)")
    p.add_argument("--marking", metavar="TEXT", help="protective marking for every page and the first row of CSV, e.g. OFFICIAL-SENSITIVE")
    p.add_argument("--strict-privacy", action="store_true", help="refuse to export (and write nothing) while the plan holds likely personal data")
    p.set_defaults(handler=cmd_export)


def _action_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--priority", metavar="TITLE", help="the priority, by title or id; a new title adds a priority")
    p.add_argument("--outcome", metavar="TEXT", help="the outcome the action works towards")
    p.add_argument("--baseline", metavar="TEXT", help="baseline data")
    p.add_argument("--measure", metavar="TEXT", help="the performance measure, e.g. 'meet 10 out of 17 requirements'")
    p.add_argument("--lead", action="append", default=[], metavar="NAME",
                   help="a lead agency, group or person (repeatable; update adds to the leads)")
    p.add_argument("--outputs", metavar="TEXT", help="outputs")
    p.add_argument("--funding", metavar="TEXT", help="funding source and cost")
    p.add_argument("--item", action="append", default=[], metavar="ID",
                   help="an item id of the linked assessment this action answers (repeatable; update adds)")
    p.add_argument("--target-date", metavar="DATE", help="target date, YYYY-MM-DD")
    p.add_argument("--rag", metavar="COLOUR", help="red, amber or green (or an alias the plan declares, e.g. yellow)")
    p.add_argument("--progress", metavar="TEXT", help="add a dated progress update")
    p.add_argument("--on", metavar="DATE", help="the progress update's date (default: today)")
    p.add_argument("--progress-by", metavar="LEAD", help="the lead reporting this progress (one of the action's leads)")


def _under_lock(handler):
    """Read, change and save as one step: another writer of the same plan waits its turn."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        from . import store

        with store.locked(args.file):
            return handler(args)

    return run


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


# --- commands ------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from . import plan as plans

    links = []
    for path in args.assessment:
        _load_assessment(args, path)  # refuse a link to a file that is not an assessment
        links.append(_relative(path, args.output))
    plan = plans.new_plan(args.area, args.period, links)
    args.output.parent.mkdir(parents=True, exist_ok=True)  # as `csf new` makes its folder
    plans.create(args.output, plan)
    linked = f", linked to {', '.join(links)}" if links else ""
    print(f"created {display(args.output)}: action plan for {plan.area}" + (f" {plan.period}" if plan.period else "") + linked)
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    from . import plan as plans

    loaded = plans.load(args.file)
    if loaded.plan.action(args.ref) is not None:
        raise UsageError(f"{display(args.file)} already has an action with ref {args.ref!r}; "
                         f"each ref is unique (change it with `csf plan update {args.file} '{args.ref}'`)")
    if not args.action.strip():
        raise UsageError("--action: say what the action is")
    plan, action = _apply(args, loaded, loaded.plan, plans.Action(ref=args.ref.strip(), action=args.action))
    plans.save(args.file, plan.with_action(action), loaded.digest)
    print(f"added {action.ref} to {display(args.file)}: {_describe(action)}")
    return EXIT_OK


def cmd_update(args: argparse.Namespace) -> int:
    from . import plan as plans

    loaded = plans.load(args.file)
    action = loaded.plan.action(args.ref)
    if action is None:
        refs = ", ".join(a.ref for a in loaded.plan.actions) or "none yet"
        raise UsageError(f"no action with ref {args.ref!r} in {display(args.file)} (refs: {refs})")
    changed = action
    if args.action is not None:
        if not args.action.strip():
            raise UsageError("--action: say what the action is")
        changed = replace(changed, action=args.action)
    plan, changed = _apply(args, loaded, loaded.plan, changed)
    if args.complete is not None:
        changed = replace(changed, completed=None if args.complete.strip().lower() == "none" else _date("--complete", args.complete))
    if changed == action and plan == loaded.plan:
        print(f"{action.ref}: nothing changed")
        return EXIT_OK
    plans.save(args.file, plan.with_action(changed), loaded.digest)
    print(f"updated {changed.ref} in {display(args.file)}: {_describe(changed)}")
    return EXIT_OK


def cmd_priority(args: argparse.Namespace) -> int:
    from . import plan as plans

    loaded = plans.load(args.file)
    if not args.title.strip():
        raise UsageError("the priority's title must not be empty")
    existing = next((p for p in loaded.plan.priorities if p.id == args.id), None) if args.id else None
    priority_id = args.id.strip() if args.id else loaded.plan.next_priority_id()
    base = existing or plans.Priority(priority_id, args.title.strip())
    priority = replace(base, title=args.title.strip(), outcome=base.outcome if args.outcome is None else args.outcome)
    plans.save(args.file, loaded.plan.with_priority(priority), loaded.digest)
    print(f"{'changed' if existing else 'added'} priority {priority.id} in {display(args.file)}: {priority.title}")
    return EXIT_OK


def cmd_suggest(args: argparse.Namespace) -> int:
    from . import plan as plans

    loaded = plans.load(args.file)
    report = _report(_load_assessment(args, args.source))
    plan, added = plans.suggest(loaded.plan, report, _relative(args.source, args.file))
    if plan != loaded.plan:
        plans.save(args.file, plan, loaded.digest)
    gaps = len(plans.gaps(report))
    if not added:
        print(f"nothing to add: {gaps} gap item(s) in {display(args.source)}, each already has an action")
        return EXIT_OK
    print(f"added {len(added)} draft action(s) to {display(args.file)} for the gaps in {display(args.source)}:")
    for action in added:
        print(f"  {action.ref}: {action.baseline}")
    print("Each draft has its item as the outcome; write the action, leads and target with `csf plan update`.")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from . import plan as plans

    plan = plans.load(args.file).plan
    if args.json:
        print(json.dumps(plans.show_data(plan), indent=2, ensure_ascii=False))
        return EXIT_OK
    from .cli import _table

    heading = f"Action plan: {plan.area}" + (f" {plan.period}" if plan.period else "")
    print(heading + (f" · for {', '.join(plan.assessments)}" if plan.assessments else ""))
    print()
    rows = [(g.heading, *_count_cells(plans, g.counts)) for g in plans.groups(plan)]
    rows.append(("Total", *_count_cells(plans, plans.count(plan.actions))))
    _table(("PRIORITY", *(b.upper() for b in plans.BUCKETS), "TOTAL"), rows)
    for group in plans.groups(plan):
        print()
        print(group.heading + (f": {group.priority.outcome}" if group.priority and group.priority.outcome else ""))
        if not group.actions:
            print("  (no actions yet)")
        for action in group.actions:
            print(f"  {action.ref}  [{status_word(action)}]  {action.action or '(action to be written)'}")
            details = [("outcome", action.outcome), ("leads", ", ".join(action.leads)), ("items", ", ".join(action.items)),
                       ("target", action.target or ""), ("measure", action.measure)]
            if any(v for _, v in details):
                print("    " + "; ".join(f"{k}: {v}" for k, v in details if v))
            for p in action.progress:
                print(f"    {p.on}" + (f" ({p.by})" if p.by else "") + f": {p.text}")
    return EXIT_OK


def status_word(action) -> str:
    """The RAG mark in words, never colour alone: 'AMBER', 'COMPLETE 2010-03-01', 'NO RAG'."""
    if action.completed:
        return f"COMPLETE {action.completed}"
    return action.rag.upper() if action.rag else "NO RAG"


def _count_cells(plans, counts) -> list[str]:
    return [f"{counts.numbers[b]} ({counts.percent(b)})" for b in plans.BUCKETS] + [str(counts.total)]


def cmd_export(args: argparse.Namespace) -> int:
    from .export import plans as plan_exports
    from . import plan as plans
    from . import privacy

    plan = plans.load(args.file).plan
    for warning in privacy.gate(plan, args.strict_privacy):  # before anything is written
        print(f"warning: {warning}", file=sys.stderr)
    path = plan_exports.export(plan, args.format, args.output, marking=args.marking or "")
    print(f"wrote {display(path)}: action plan for {plan.area}, {len(plan.actions)} action(s)")
    return EXIT_OK


# --- helpers ---------------------------------------------------------------------------------


def _apply(args: argparse.Namespace, loaded, plan, action):
    """The options common to add and update, applied to `action` (and to `plan`, for a new priority)."""
    from . import plan as plans

    if args.priority is not None:
        priority = plan.priority(args.priority)
        if priority is None:
            if not args.priority.strip():
                raise UsageError("--priority: give a priority's title or id")
            priority = plans.Priority(plan.next_priority_id(), " ".join(args.priority.split()))
            plan = plan.with_priority(priority)
        action = replace(action, priority=priority.id)
    for name in ("outcome", "baseline", "measure", "outputs", "funding"):
        if getattr(args, name) is not None:
            action = replace(action, **{name: getattr(args, name)})
    leads = [lead.strip() for lead in args.lead]
    if any(not lead for lead in leads):
        raise UsageError("--lead: give a name")
    action = replace(action, leads=tuple(dict.fromkeys((*action.leads, *leads))))
    if args.item:
        _check_items(args, loaded, args.item)
        action = replace(action, items=tuple(dict.fromkeys((*action.items, *(i.strip() for i in args.item)))))
    if args.target_date is not None:
        action = replace(action, target=None if args.target_date.strip().lower() == "none" else _date("--target-date", args.target_date))
    if args.rag is not None:
        action = replace(action, rag=None if args.rag.strip().lower() == "none" else plan.rag_word(args.rag))
    if args.progress is not None:
        action = replace(action, progress=(*action.progress, _progress(args, action)))
    elif args.on is not None or args.progress_by is not None:
        raise UsageError("--on and --progress-by describe a --progress update; add --progress TEXT")
    return plan, action


def _progress(args: argparse.Namespace, action):
    import datetime as dt

    from . import plan as plans

    if not args.progress.strip():
        raise UsageError("--progress: say what progress was made")
    on = _date("--on", args.on) if args.on is not None else dt.date.today().isoformat()
    by = (args.progress_by or "").strip()
    if by and by not in action.leads:
        raise UsageError(f"--progress-by: {by!r} is not one of this action's leads ({', '.join(action.leads) or 'none yet; add --lead'})")
    return plans.Progress(on=on, text=args.progress, by=by)


def _date(option: str, text: str) -> str:
    from .assessment import parse_date

    try:
        return parse_date(text)
    except ValueError as e:
        raise UsageError(f"{option}: {e}") from None


def _check_items(args: argparse.Namespace, loaded, item_ids) -> None:
    """Item ids must be items of a linked assessment's framework; a plan linked to none takes any."""
    paths = loaded.assessment_paths()
    if not paths:
        return
    frameworks = [_load_assessment(args, path).framework for path in paths]
    for item_id in item_ids:
        if not any(f.item(item_id.strip()) for f in frameworks):
            names = ", ".join(loaded.plan.assessments)
            raise UsageError(f"--item: {item_id!r} is not an item of the linked assessment ({names}, {frameworks[0].label})")


def _load_assessment(args: argparse.Namespace, path: Path):
    from . import store
    from .registry import Registry

    return store.load(path, Registry(args.frameworks_dir))


def _report(loaded):
    from .report import evaluate

    return evaluate(loaded.framework, loaded.assessment)


def _relative(path: Path, plan_file: Path) -> str:
    """An assessment's path as the plan records it: relative to the plan's folder."""
    return Path(os.path.relpath(path.resolve(), plan_file.resolve().parent)).as_posix()


def _describe(action) -> str:
    parts = [status_word(action)]
    if action.leads:
        parts.append("leads " + ", ".join(action.leads))
    if action.target:
        parts.append(f"target {action.target}")
    if action.progress:
        parts.append(f"{len(action.progress)} progress update(s)")
    return "; ".join(parts)
