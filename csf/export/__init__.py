"""Exports: one assessment rendered for a board (Word, HTML, Markdown) or for machines (JSON, CSV).

Every format renders the same `content.Submission`, so the words and numbers agree
across formats. This module picks the renderer (imported only when used: python-docx
and Jinja2 are slow to import), names the file, never overwrites one, and writes it
atomically with owner-only permissions, because exports carry what the assessment
carries. A file is created exclusively, not checked for and then written: two exports
started at once to the same default name get -2 and -3, never one over the other.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from pathlib import Path

from .. import privacy
from ..errors import EXIT_PROBLEMS, CsfError, UsageError, display
from ..assessment import slug
from ..report import Report
from ..memory import collector_paused
from ..store import write_new
from . import content

DEFAULT_DIRECTORY = Path("exports")
MAX_NUMBERED = 999  # lambeth-…-2.docx … -999.docx, then refuse: something is looping


class NotAcceptable(CsfError):
    """`--final` on a submission the framework's source says it will not accept."""

    exit_code = EXIT_PROBLEMS


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    renderer: str  # "module:function" within csf.export
    help: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("docx", ".docx", "docx:render", "the Word submission"),
        Format("md", ".md", "markdown:render", "Markdown"),
        Format("html", ".html", "html:render", "a self-contained, printable web page"),
        Format("json", ".json", "data:render_json", "the full assessment with scores, for machines"),
        Format("csv", ".csv", "data:render_csv", "one row per item, for spreadsheets"),
    )
}


@dataclass(frozen=True)
class Options:
    today: dt.date = field(default_factory=dt.date.today)  # the export's date: in its name and on its cover
    marking: str = ""  # protective marking, e.g. OFFICIAL-SENSITIVE
    template: Path | None = None  # a .docx whose styles, headers and footers the Word export uses
    strict_privacy: bool = False  # refuse, writing nothing, while the privacy check finds anything
    final: bool = False  # the submission itself: refused while the framework's source would not accept it


@dataclass(frozen=True)
class Rendered:
    payload: bytes
    warnings: tuple[str, ...] = ()  # about the document itself: its rules, a template's missing styles


@dataclass(frozen=True)
class Exported:
    path: Path
    warnings: tuple[str, ...]


def format_for(output: Path | None) -> str:
    """The format an output file's name implies; Word when no file is named."""
    if output is None or output.is_dir():
        return "docx"
    for f in FORMATS.values():
        if output.suffix.lower() == f.suffix:
            return f.name
    raise UsageError(f"cannot tell the format from {output.name!r}; add --format ({', '.join(FORMATS)})")


def check(fmt: str, options: Options) -> None:
    """Refuse a request that cannot work before doing any work."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if options.template is not None and fmt != "docx":
        raise UsageError("--template applies to the Word export only (--format docx)")


def render(report: Report, fmt: str, options: Options) -> Rendered:
    """The export's bytes, and what the reader of the export should be warned about."""
    check(fmt, options)
    module_name, function = FORMATS[fmt].renderer.split(":")
    module = importlib.import_module(f".{module_name}", __name__)
    with collector_paused():
        submission = content.build(report, options.today, options.marking)
        return getattr(module, function)(report, submission, options)


def export(report: Report, fmt: str, output: Path | None = None, options: Options | None = None) -> Exported:
    """Render and write. `output` may be a file (which must not exist), a directory, or None for exports/."""
    options = options or Options()
    check(fmt, options)
    if options.final and report.unacceptable:
        reasons = "; ".join(content.not_acceptable(report))
        raise NotAcceptable(f"not exported: {reasons} Answer it, or export without --final for a draft.")
    with collector_paused():  # its pass over every text made full collections over every object loaded
        privacy_warnings = privacy.gate(report.assessment, options.strict_privacy)  # before anything is written
    named = output is not None and not output.is_dir()
    path = first = target(report, fmt, output, options.today)
    rendered = render(report, fmt, options)
    if output is None:
        path.parent.mkdir(mode=0o700, exist_ok=True)  # private, like the files in it
    while True:
        try:
            write_new(path, rendered.payload)
        except FileExistsError:
            if named:
                raise UsageError(f"{display(path)} already exists; not overwriting it (name another file, or leave out -o)") from None
            path = free_path(first)  # someone took that name while this one rendered
            continue
        return Exported(path, (*privacy_warnings, *finding_warnings(report), *rendered.warnings))


def target(report: Report, fmt: str, output: Path | None, today: dt.date) -> Path:
    """Where to write: a file named by the user, or a new numbered name in a directory."""
    if output is not None and not output.is_dir():
        if output.exists() or output.is_symlink():
            raise UsageError(f"{display(output)} already exists; not overwriting it (name another file, or leave out -o)")
        return output
    directory = output if output is not None else DEFAULT_DIRECTORY
    a = report.assessment
    return free_path(directory / f"{slug(a.area)}-{report.framework.id}-{today.isoformat()}{FORMATS[fmt].suffix}")


def free_path(path: Path) -> Path:
    """`path`, or the first of path-2, path-3 … that does not exist yet."""
    if not path.exists():
        return path
    for n in range(2, MAX_NUMBERED + 1):
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise UsageError(f"{display(path.parent)} already holds {MAX_NUMBERED} exports named {path.stem}…; tidy it or use -o")


def finding_warnings(report: Report) -> list[str]:
    """What `csf check` would report, in brief: an export is allowed, but not silently."""
    out = [f"{f} ({f.severity})" for f in report.findings if f.severity != "missing"]
    missing = [f.item for f in report.findings if f.severity == "missing"]
    if missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        out.append(f"{len(missing)} of {report.total} items not answered: {shown} (`csf check` or the summary screen lists them)")
    return out
