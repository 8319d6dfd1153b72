"""`csf summary` and `csf trend`: what a board is shown about one assessment, and over the years."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from dataclasses import replace

from pathlib import Path

from .errors import EXIT_OK, UsageError, display

TREND_FORMATS = ("text", "csv", "json", "png", "md", "html", "docx")


def register(commands) -> None:
    p = commands.add_parser("summary", help="a one-page board summary: scores, change, actions by RAG, top gaps")
    p.add_argument("file", type=Path, metavar="ASSESSMENT")
    p.add_argument("--plan", type=Path, metavar="FILE", help="the action plan: its actions by RAG, and which gaps have one")
    p.add_argument("--previous", type=Path, action="append", default=[], metavar="ASSESSMENT",
                   help="an earlier assessment of the same area and framework (repeatable: the latest gives the change, all the trend)")
    p.add_argument("--format", help="docx, html or md (default: from the -o file name, else docx)")
    p.add_argument("-o", "--output", type=Path, metavar="PATH",
                   help="file to create, or a directory (default: exports/AREA-summary-DATE.EXT, numbered if taken)")
    p.add_argument("--marking", metavar="TEXT", help="protective marking at the top and foot of every page, e.g. OFFICIAL-SENSITIVE")
    p.set_defaults(handler=cmd_summary)

    p = commands.add_parser("trend", help="one area's scores per section over several periods: table and chart")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="the assessments, one per period, in any order")
    p.add_argument("--format", choices=TREND_FORMATS,
                   help="text (the default without -o), csv, json, png (the chart), or md, html, docx (table and chart)")
    p.add_argument("-o", "--output", type=Path, metavar="PATH",
                   help="file to create, or a directory (default: exports/AREA-trend-DATE.EXT, numbered if taken)")
    p.add_argument("--marking", metavar="TEXT", help="protective marking at the top and foot of every page (md, html, docx)")
    p.set_defaults(handler=cmd_trend)


def _reports(args: argparse.Namespace, paths):
    from . import store
    from .registry import Registry
    from .report import evaluate

    registry = Registry(args.frameworks_dir)
    out = []
    for path in paths:
        loaded = store.load(path, registry)
        out.append(evaluate(loaded.framework, loaded.assessment))
    return registry, out


def cmd_summary(args: argparse.Namespace) -> int:
    from . import plan as plans
    from . import summary
    from .export import page

    registry, (report, *previous) = _reports(args, [args.file, *args.previous])
    plan = plans.load(args.plan).plan if args.plan else None
    today = dt.date.today()
    built = summary.build(report, plan, previous, registry, today)
    path = page.write(replace(built, marking=args.marking or ""), args.format, args.output, today)
    print(f"wrote {display(path)}: board summary for {report.assessment.area}, {report.framework.label}")
    return EXIT_OK


def cmd_trend(args: argparse.Namespace) -> int:
    from . import trend as trends

    _, reports = _reports(args, args.files)
    trend = trends.build(reports)
    from .export.output import format_for

    fmt = args.format or (format_for(args.output, {f: f".{f}" for f in TREND_FORMATS[1:]}) if args.output else "text")
    if fmt == "text":
        if args.output:
            raise UsageError("--format text prints to the screen; leave out -o, or choose another format")
        from .cli import _table

        print(trend.title)
        _table(("SECTION", *trend.periods), trend.rows())
        if trend.version_note:
            print(trend.version_note)
        return EXIT_OK
    today = dt.date.today()
    if fmt in ("md", "html", "docx"):
        from .export import page

        path = page.write(replace(trend_page(trend, today), marking=args.marking or ""), fmt, args.output, today)
    else:
        path = _write_data(trend, fmt, args.output, today)
    print(f"wrote {display(path)}: {trend.title}")
    return EXIT_OK


def trend_page(trend, today: dt.date):
    """The trend as a short document: the table of figures, then the chart with its text alternative."""
    from .export.content import long_date
    from .export.page import Block, Page, Picture, Table
    from .trend import alt_text, chart_png

    columns = len(trend.periods)
    shares = (0.46, *([0.54 / columns] * columns))
    facts = (("Area", trend.area), ("Framework", trend.framework), ("Periods", ", ".join(trend.periods)), ("Date", long_date(today)))
    table = Table(("Section", *trend.periods), tuple(tuple(r) for r in trend.rows()), shares, total_last=True)
    blocks = (
        Block("Scores by section and period", (trend.version_note,) if trend.version_note else (), table=table),
        Block("Chart", picture=Picture(chart_png(trend), alt_text(trend))),
    )
    return Page(trend.title, trend.area, "trend", facts, blocks)


def _write_data(trend, fmt: str, output: Path | None, today: dt.date) -> Path:
    """csv, json or png: the figures for a spreadsheet or a machine, or the chart alone."""
    import csv
    import io

    from .assessment import slug
    from .export.output import save_new
    from .trend import chart_png

    if fmt == "png":
        payload = chart_png(trend)
    elif fmt == "json":
        data = {"area": trend.area, "framework": trend.framework, "periods": list(trend.periods), "versions": list(trend.versions),
                "sections": [{"section": s.label, "percent": [None if p is None else float(p) for p in s.percents]}
                             for s in (*trend.sections, trend.overall)]}
        payload = (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    else:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(("Section", *trend.periods))
        writer.writerows(trend.rows())
        payload = out.getvalue().encode("utf-8-sig")
    return save_new(payload, output, f"{slug(trend.area)}-trend-{today.isoformat()}.{fmt}")


