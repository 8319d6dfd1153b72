"""`csf export` as a user sees it: file names, never overwriting, warnings, exit codes."""

from __future__ import annotations

import datetime as dt
import stat

import pytest

from .exporting import LAMBETH, as_docx, rated_csf
from .helpers import CSF_VERSION, run


@pytest.fixture
def work(tmp_path, monkeypatch):
    """An assessment, and the working directory where exports/ will be made."""
    monkeypatch.chdir(tmp_path)
    return rated_csf(tmp_path)


def test_default_name_in_exports_then_numbered_never_overwritten(work, capsys):
    today = dt.date.today().isoformat()
    code, out, err = run(capsys, "export", str(work))
    assert code == 0
    first = work.parent / "exports" / f"testborough-partnership-csf-{today}.docx"
    assert out == f"wrote exports/{first.name}: partnership-csf {CSF_VERSION} for Testborough, 7 of 49 answered\n"
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    before = first.read_bytes()
    code, out, _ = run(capsys, "export", str(work))
    assert code == 0 and out.startswith(f"wrote exports/testborough-partnership-csf-{today}-2.docx: ")
    code, out, _ = run(capsys, "export", str(work), "--format", "csv")
    assert out.startswith(f"wrote exports/testborough-partnership-csf-{today}.csv: ")
    assert first.read_bytes() == before


def test_findings_are_warnings_on_stderr_and_the_export_still_succeeds(work, capsys):
    run(capsys, "answer", str(work), "1.5", "--rating", "fully-met", "--practice", "Quarterly action plan review.")
    code, _, err = run(capsys, "export", str(work), "-o", "out.docx")
    assert code == 0
    assert err.splitlines() == [
        "warning: 1.5: A fully met item needs at least one piece of evidence. (error)",
        "warning: 41 of 49 items not answered: 1.6, 1.7, 2.3, 2.4, 2.5, 2.6, 2.7, 3.1, 3.2, 3.3 and 31 more (`csf check` or the summary screen lists them)",
    ]


def test_an_existing_output_file_is_refused(work, capsys):
    (work.parent / "taken.docx").write_bytes(b"someone's file")
    code, out, err = run(capsys, "export", str(work), "-o", "taken.docx")
    assert code == 2 and out == ""
    assert err == "error: taken.docx already exists; not overwriting it (name another file, or leave out -o)\n"
    assert (work.parent / "taken.docx").read_bytes() == b"someone's file"


def test_output_directory_gets_the_default_name(work, capsys):
    (work.parent / "board").mkdir()
    code, out, _ = run(capsys, "export", str(work), "-o", "board", "--format", "html")
    assert code == 0 and out.startswith(f"wrote board/testborough-partnership-csf-{dt.date.today().isoformat()}.html: ")


def test_format_follows_the_output_name(work, capsys):
    for name in ("a.md", "b.html", "c.json", "d.csv", "e.docx"):
        assert run(capsys, "export", str(work), "-o", name)[0] == 0
    assert (work.parent / "a.md").read_text(encoding="utf-8").startswith("**DRAFT**\n\n# Effective Partnership Working")
    assert (work.parent / "d.csv").read_bytes().startswith(b"\xef\xbb\xbfframework,area,")
    assert as_docx((work.parent / "e.docx").read_bytes()).tables


def test_marking_reaches_the_export(work, capsys):
    assert run(capsys, "export", str(work), "-o", "m.html", "--marking", "OFFICIAL-SENSITIVE")[0] == 0
    html = (work.parent / "m.html").read_text(encoding="utf-8")
    assert html.count('content: "OFFICIAL-SENSITIVE"') == 2  # every printed page's top and foot
    assert html.count('<div class="marking') == 2  # the page's own top and foot


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "notes.txt"], "error: cannot tell the format from 'notes.txt'; add --format (docx, md, html, json, csv)\n"),
        (["--format", "pdf"], "error: unknown format 'pdf'; use one of: docx, md, html, json, csv\n"),
        (["--format", "md", "--template", "house.docx"], "error: --template applies to the Word export only (--format docx)\n"),
        (["-o", "missing-dir/out.docx"], "error: directory not found: missing-dir\n"),
        (["--template", "no-such.docx"], "error: template not found: no-such.docx\n"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(work, capsys, args, message):
    code, out, err = run(capsys, "export", str(work), *args)
    assert (code, out, err) == (2, "", message)
    assert not (work.parent / "exports").exists()


def test_unreadable_assessment_exits_2(tmp_path, capsys):
    code, _, err = run(capsys, "export", str(tmp_path / "absent.yaml"))
    assert code == 2 and err.startswith("error: ")


def test_lambeth_exports_from_the_command_line(tmp_path, capsys):
    code, out, _ = run(capsys, "export", str(LAMBETH), "-o", str(tmp_path / "lambeth.docx"), "--marking", "OFFICIAL")
    assert code == 0
    document = as_docx((tmp_path / "lambeth.docx").read_bytes())
    assert len(document.tables) == 7


def test_export_has_help(capsys):
    with pytest.raises(SystemExit):
        run(capsys, "export", "--help")
    out = capsys.readouterr().out
    assert "--template FILE.docx" in out and "--marking TEXT" in out
