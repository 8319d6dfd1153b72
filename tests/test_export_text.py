"""Text safety: pasted control characters, very long cells and any script, in every format."""

from __future__ import annotations

import csv
import io
import json

import pytest

from csf.export import FORMATS
from csf.export.markdown import escape
from csf import richtext
from csf.export.text import REPLACEMENT, clean

from .exporting import CONTROL, FORMULA, LONG, NON_LATIN, QUOTES, as_docx, awkward, rendered, report_of

CLEANED = "Pasted\ufffdfrom\ufffda\ufffdmail\nnext line"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return report_of(awkward(tmp_path_factory.mktemp("awkward")))


def test_clean_replaces_what_xml_cannot_hold_and_keeps_everything_else():
    assert clean(CONTROL) == CLEANED
    assert clean("a\r\nb\rc\x0cd") == "a\nb\nc\nd"
    assert clean("\ufffe\uffff") == REPLACEMENT * 2
    for kept in (NON_LATIN, QUOTES, LONG, "tab\there", "😀 emoji"):
        assert clean(kept) == kept


def test_paragraphs_split_on_blank_lines_only():
    assert [b.text for b in richtext.parse("one\ntwo\n\n  \nthree\n")] == ["one\ntwo", "three"]
    assert richtext.parse("") == ()


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_exports_awkward_text(report, fmt):
    payload = rendered(report, fmt).payload
    assert payload
    if fmt != "docx":
        text = payload.decode("utf-8-sig")
        assert LONG.strip() in text
        assert "中文 · العربية" in text
        assert "“Curly” ‘quotes’" in text
        assert "\x00" not in text  # JSON escapes it as \u0000; the others replace it


def test_docx_round_trips_the_text(report):
    document = as_docx(rendered(report, "docx").payload)
    cells = [row.cells[2].text for row in document.tables[1].rows[1:4]]
    assert cells[0] == f"Rating: Partly met\n{CLEANED}\nEvidence: {NON_LATIN} ({QUOTES}, 1 June 2009)"
    assert cells[1] == f"Rating: Partly met\n{LONG.strip()}"
    assert cells[2].startswith(f"Rating: Partly met\n{NON_LATIN}\n{QUOTES}\n<script>")
    assert document.tables[1].rows[1].cells[1].text.startswith("✓ 1.1 An effective")
    assert document.paragraphs[1].text == f"Area: {NON_LATIN}"


def test_json_keeps_the_assessment_exactly(report):
    data = json.loads(rendered(report, "json").payload)
    assert data["assessment"]["answers"]["1.1"]["practice"] == CONTROL
    assert data["assessment"]["area"] == NON_LATIN


def test_html_escapes_a_boroughs_text(report):
    html = rendered(report, "html", marking='X" } </style><script>alert(2)</script>').payload.decode("utf-8")
    assert "<script>" not in html
    assert html.count("</style>") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f"{NON_LATIN}<br>\nnext" not in html and "mail<br>\nnext line" in html


def test_markdown_escapes_what_would_change_meaning():
    assert escape("*not emphasis* <b> | x\n1. y\n- z\n# w") == "\\*not emphasis\\* \\<b\\> \\| x  \n1\\. y  \n\\- z  \n\\# w"
    assert escape("1.1 stays") == "1.1 stays"


def test_csv_has_a_bom_one_row_per_item_and_defuses_formulas(report, tmp_path):
    payload = rendered(report, "csv").payload
    assert payload.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(payload.decode("utf-8-sig"))))
    assert rows[0] == ["framework", "area", "section", "item id", "item text", "rating", "points", "practice", "evidence count", "figure",
                       "period", "status", "status detail", "agency", "notes", "evidence"]
    assert [r[3] for r in rows[1:]] == [item.id for item in report.framework.items()]
    assert rows[1][7] == CLEANED and rows[1][8] == "1"
    assert rows[5][5:8] == ["Not answered", "", ""]
    assert rows[4][7] == "'" + FORMULA  # a spreadsheet would run it; the quote keeps it text


def test_a_compiled_template_anyone_else_could_have_written_is_not_run(report, tmp_path, monkeypatch):
    """Jinja2's cached template code is trusted as csf's other cached code is: only from a
    file this user owns and no one else may write. A planted entry that would render other
    words is used while it is ours alone (so the plant works), and not once it is group-writable."""
    from csf.export import templating

    monkeypatch.setenv("CSF_CACHE_DIR", str(tmp_path))
    genuine = rendered(report, "md").payload
    env = templating.environment(autoescape=False, filters={"md": str, "mdline": str, "mdmarker": str})
    source, filename, _ = env.loader.get_source(env, "submission.md.j2")
    bucket = env.bytecode_cache.get_bucket(env, "submission.md.j2", filename, source)
    bucket.code = env.compile("planted words", "submission.md.j2", filename)
    env.bytecode_cache.set_bucket(bucket)
    [entry] = (tmp_path / "templates").iterdir()
    assert rendered(report, "md").payload == b"planted words"
    entry.chmod(0o664)
    assert rendered(report, "md").payload == genuine
