"""Hostile or unlucky input: each gets a message naming the file and line, exit 1 or 2, no traceback.

One test per finding of the probe in issue 12 (numbers in the test names), run through
the CLI as a person would.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
import yaml

from csf import store
from csf.assessment import new_assessment
from csf.registry import Registry

from .helpers import mini, run, write_yaml

REGISTRY = Registry()


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "a.yaml"
    store.create(path, new_assessment(REGISTRY.get("partnership-csf"), "Testborough", "2009-10"))
    return path


def edited(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def no_traceback(err: str) -> None:
    assert "Traceback" not in err and err.startswith("error: ")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


# --- 3: aliases ------------------------------------------------------------------------------


def test_3_an_alias_of_a_long_text_is_refused_before_it_can_grow(saved, capsys):
    edited(saved, "answers: {}", "answers:\n  '1.1':\n    practice: &big " + "x" * 1000 + "\n    notes: *big")
    size = saved.stat().st_size
    for command in ("validate", "score"):
        code, out, err = run(capsys, command, str(saved))
        assert code in (1, 2) and out == ""
        no_traceback(err)
        assert f"a.yaml:{line_of(saved, '&big')}: anchors and aliases (& and *) are not supported" in err
    code, _, err = run(capsys, "answer", str(saved), "1.2", "--rating", "not-met")
    assert code == 2 and saved.stat().st_size == size


def test_3_aliases_under_a_frameworks_metadata_are_refused(tmp_path, capsys):
    path = tmp_path / "fw.yaml"
    text = yaml.safe_dump(mini(), sort_keys=False) + "metadata:\n  a: &m " + "y" * 100 + "\n" + "".join(f"  k{n}: *m\n" for n in range(3000))
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "frameworks", "validate", str(path))
    assert code == 1 and "anchors and aliases" in err
    no_traceback(err)


# --- 5: markup in names ----------------------------------------------------------------------


@pytest.mark.parametrize("area", ["Tower Hamlets [draft]", "Lambeth [/]", "Lambeth [/bold]"])
async def test_5_square_brackets_in_an_area_are_shown_as_written(tmp_path, area):
    from csf.tui.widgets.status import StatusLine

    from .tuikit import app_for, lambeth_copy, settle

    path = lambeth_copy(tmp_path)
    edited(path, "area: Lambeth\n", f"area: '{area}'\n")
    app = app_for(tmp_path, path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        assert app.screen.query_one(StatusLine)
        assert area.replace(" ", "&#160;") in app.export_screenshot()


# --- 6: the end of the calendar --------------------------------------------------------------


def test_6_a_period_ending_9999_12_31_with_dated_evidence_is_scored(saved, capsys):
    code, _, err = run(capsys, "answer", str(saved), "1.1", "--rating", "fully-met", "--evidence", "Minutes",
                       "--evidence-date", "2009-05-01")
    assert code == 0, err
    edited(saved, "period_end: '2010-03-31'", "period_end: '9999-12-31'")
    for command in ("score", "check", "validate"):
        code, out, err = run(capsys, command, str(saved))
        assert code in (0, 1) and "Traceback" not in err and out
    code, out, err = run(capsys, "answer", str(saved), "1.2", "--rating", "not-met")
    assert code == 0 and "1.2: Not met" in out, err


# --- 7: duplicate keys -----------------------------------------------------------------------


def test_7_a_key_given_twice_is_refused_not_half_dropped(saved, capsys):
    edited(saved, "answers: {}", "answers:\n  '1.1':\n    practice: police text\n  '1.1':\n    practice: health text")
    before = saved.read_bytes()
    code, out, err = run(capsys, "answer", str(saved), "1.2", "--rating", "not-met")
    assert code == 2 and out == ""
    no_traceback(err)
    first = line_of(saved, "'1.1'")
    assert f"a.yaml:{first + 2}: the key '1.1' appears twice in one mapping (also on line {first})" in err
    assert saved.read_bytes() == before


# --- 8: what used to be tracebacks -----------------------------------------------------------


def test_8_an_integer_of_5000_digits_is_a_message(saved, capsys):
    edited(saved, "answers: {}", "answers: {}\nreference: " + "9" * 5000)
    code, _, err = run(capsys, "validate", str(saved))
    assert code == 2 and f"a.yaml:{line_of(saved, 'reference')}: a number too long to read; put it in quotes" in err
    no_traceback(err)


def test_8_mixed_key_types_in_a_frameworks_metadata_do_not_break_list_or_new(tmp_path, capsys, monkeypatch):
    hq = tmp_path / "hq"
    hq.mkdir()
    write_yaml(hq / "broken.yaml", mini(id="broken", metadata={1: "one", "two": 2}))
    code, _, err = run(capsys, "frameworks", "validate", str(hq / "broken.yaml"))
    assert code == 1 and "metadata: keys of different kinds (numbers and text) in one mapping" in err
    monkeypatch.setenv("CSF_FRAMEWORKS_PATH", str(hq))
    code, out, err = run(capsys, "frameworks", "list")
    assert code == 1 and "partnership-csf" in out and "broken.yaml" in err
    no_traceback(err)
    code, out, err = run(capsys, "new", "--framework", "partnership-csf", "--area", "Testborough", "-o", str(tmp_path / "n.yaml"))
    assert code == 0 and "created" in out, err


def test_8_an_argument_that_is_not_utf8_is_a_message(saved, capsys):
    code, out, err = run(capsys, "answer", str(saved), "1.1", "--notes", "caf\udce9")
    assert code == 2 and out == ""
    assert "error: argument 5 (caf\\udce9) is not UTF-8 text" in err


def test_8_nesting_400_deep_is_refused_on_reading(saved, capsys):
    edited(saved, "answers: {}", "answers: {}\ndeep: " + "[" * 400 + "]" * 400)
    code, _, err = run(capsys, "answer", str(saved), "1.1", "--rating", "not-met")
    assert code == 2 and "nested" in err and "deep" in err
    no_traceback(err)


def _docx_with(tmp_path: Path, name: str, part: str) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", part)
    return path


@pytest.mark.parametrize("part", ["<not xml", '<?xml version="1.0"?><Types/>'])
def test_8_a_malformed_template_is_a_message(saved, tmp_path, capsys, part):
    template = _docx_with(tmp_path, "letter.docx", part)
    code, out, err = run(capsys, "export", str(saved), "--template", str(template), "-o", str(tmp_path / "out.docx"))
    assert code == 2 and "letter.docx is not a Word .docx file" in err
    no_traceback(err)
    assert not (tmp_path / "out.docx").exists()


# --- 9: rules that would exhaust the machine -------------------------------------------------

COSTLY = ["'%0999999999d' % 0 == ''", "max([[0]*99999]*99999) == 0"]


@pytest.mark.parametrize("expression", COSTLY)
@pytest.mark.parametrize("where", ["require", "derive", "evidence"])
def test_9_costly_rules_are_refused_when_the_framework_loads(tmp_path, capsys, expression, where):
    data = mini()
    if where == "require":
        data["rules"] = [{"id": "r", "scope": "item", "severity": "warning", "require": expression, "message": "m"}]
    elif where == "evidence":
        data["rules"] = [{"id": "r", "scope": "evidence", "severity": "warning", "require": expression, "message": "m"}]
    else:
        data["sections"][1]["items"][0] |= {
            "type": "question", "inputs": [{"name": "n", "label": "N", "type": "integer"}],
            "derive": {"when": expression, "then": "fully-met", "otherwise": "not-met"},
        }
    path = write_yaml(tmp_path / "costly.yaml", data)
    code, _, err = run(capsys, "frameworks", "validate", str(path))
    assert code == 1, err
    assert "is not allowed" in err and ("repeating a text or a list" in err or "% formatting of a text" in err)


def test_9_a_rule_that_formats_a_persons_text_is_stopped_when_it_runs(tmp_path, capsys):
    fw = tmp_path / "fw"
    fw.mkdir()
    rule = {"id": "r", "scope": "item", "severity": "warning", "require": "practice % 7 == 0", "message": "odd rule"}
    write_yaml(fw / "mini.yaml", mini(rules=[rule]))
    a = tmp_path / "a.yaml"
    store.create(a, new_assessment(Registry([fw]).get("mini"), "Testborough"))
    code, _, err = run(capsys, "--frameworks-dir", str(fw), "answer", str(a), "1.1", "--rating", "fully-met",
                       "--practice", "%0999999999d")
    assert code == 0, err
    code, out, _ = run(capsys, "--frameworks-dir", str(fw), "check", str(a))
    assert code == 1 and "could not be checked: % formatting of a text is not allowed" in out


# --- 10: tags that are not plain data --------------------------------------------------------


@pytest.mark.parametrize("value", ["!!set {a, b, c}", "!!binary aGVsbG8=", "!!omap [a: 1]"])
def test_10_tags_without_a_stable_meaning_are_refused(tmp_path, capsys, value):
    path = tmp_path / "fw.yaml"
    path.write_text(yaml.safe_dump(mini(), sort_keys=False) + f"metadata:\n  tags: {value}\n", encoding="utf-8")
    code, _, err = run(capsys, "frameworks", "validate", str(path))
    assert code == 1 and f"fw.yaml:{line_of(path, 'tags:')}: the tag" in err and "is not supported" in err


# --- 13: terminal escapes --------------------------------------------------------------------


def test_13_escape_sequences_written_in_a_file_never_reach_the_terminal(saved, capsys):
    edited(saved, "area: Testborough", 'area: "Testborough\\e[2J\\e]0;owned\\a"')
    assert run(capsys, "answer", str(saved), "1.1", "--rating", "not-met")[0] == 0
    for command in ("validate", "score", "check", "answer"):
        extra = ["1.1", "--rating", "fully-met"] if command == "answer" else []
        code, out, err = run(capsys, command, str(saved), *extra)
        assert code in (0, 1) and out and not set(out + err) & {"\x1b", "\x07"}
        assert "Testborough\\u001b[2J\\u001b]0;owned\\u0007" in out or command in ("check", "answer")
    code, out, _ = run(capsys, "score", str(saved), "--json")
    assert json.loads(out)["area"] == "Testborough\x1b[2J\x1b]0;owned\x07"  # JSON, still exact


def test_13_an_escape_in_a_file_name_is_shown_not_acted_on(tmp_path, capsys):
    code, _, err = run(capsys, "validate", str(tmp_path / "x\x1b[2J.yaml"))
    assert code == 2 and "\x1b" not in err and "x\\u001b[2J.yaml: no such file" in err


# --- 14: exports -----------------------------------------------------------------------------


def test_14_a_scale_label_that_looks_like_a_formula_is_quoted_in_csv(tmp_path, capsys):
    fw = tmp_path / "fw"
    fw.mkdir()
    scale = {"values": [{"id": "bad", "label": "=HYPERLINK(\"http://example.org\")", "points": 1},
                        {"id": "no", "label": "No", "points": 0}]}
    write_yaml(fw / "mini.yaml", mini(scale=scale))
    a = tmp_path / "a.yaml"
    store.create(a, new_assessment(Registry([fw]).get("mini"), "Testborough"))
    assert run(capsys, "--frameworks-dir", str(fw), "answer", str(a), "1.1", "--rating", "bad")[0] == 0
    code, _, err = run(capsys, "--frameworks-dir", str(fw), "export", str(a), "-o", str(tmp_path / "out.csv"))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8-sig"))))
    ratings = [row[5] for row in rows if len(row) > 5 and row[3] == "1.1"]
    assert ratings == ["'=HYPERLINK(\"http://example.org\")"]


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "1.0e+999"])
def test_14_infinite_values_are_refused_so_json_stays_json(saved, capsys, value):
    edited(saved, "answers: {}", f"answers: {{}}\nweight: {value}")
    code, _, err = run(capsys, "export", str(saved), "--format", "json", "-o", str(saved.parent / "out.json"))
    assert code == 2 and f"a.yaml:{line_of(saved, 'weight')}: an infinite or not-a-number value" in err
    assert not (saved.parent / "out.json").exists()


# --- 15: files that never end ----------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_15_a_device_is_not_read_until_memory_runs_out(capsys, device):
    code, _, err = run(capsys, "validate", device)
    assert code == 2 and f"{device}: not a regular file" in err


# --- 16: a hand-edited file keeps what the person wrote --------------------------------------


def test_16_comments_and_the_literal_form_of_unknown_values_survive_a_save(saved, capsys):
    edited(saved, "area: Testborough", "# DO NOT DELETE: agreed with the board\narea: Testborough  # as the board spells it\n"
           "code: 017\nstarts: 1:30\nsigned: yes")
    code, _, err = run(capsys, "answer", str(saved), "1.1", "--rating", "not-met", "--notes", "yes")
    assert code == 0, err
    text = saved.read_text(encoding="utf-8")
    for kept in ("# DO NOT DELETE: agreed with the board\n", "area: Testborough  # as the board spells it\n",
                 "code: 017\n", "starts: 1:30\n", "signed: yes\n"):
        assert kept in text
    data = yaml.load(text, Loader=yaml.SafeLoader)
    assert (data["code"], data["starts"], data["signed"]) == (15, 90, True)  # read as before, by YAML 1.1
    assert data["answers"]["1.1"] == {"rating": "not-met", "notes": "yes"}  # a new "yes" is text, quoted


def test_16_characters_beyond_the_basic_plane_are_written_as_themselves(saved, capsys):
    text = "Refuge 🏠 and 𠀋 kept"
    for _ in range(2):  # once over csf's own file, once over a hand-edited one
        code, _, err = run(capsys, "answer", str(saved), "1.1", "--practice", text)
        assert code == 0, err
        assert text in saved.read_text(encoding="utf-8") and "\\U" not in saved.read_text(encoding="utf-8")
        assert store.load(saved, REGISTRY).assessment.answer("1.1").practice == text
        edited(saved, "area: Testborough", "# hand edit\narea: Testborough")
        text += " again"


def test_printable_escapes_control_characters_and_undecodable_bytes_and_keeps_other_text():
    from csf.errors import printable

    assert printable("Lambeth · caf\udce9 \x1b[2J\r\n") == "Lambeth · caf\\udce9 \\u001b[2J\r\n"
    assert printable("Lambeth · café\n") == "Lambeth · café\n"
