"""`csf frameworks diff` and `csf migrate` on a revised partnership-csf written for the tests."""

from __future__ import annotations

import json

import pytest
import yaml

from csf.framework import load_framework
from csf.registry import BUNDLED

from .helpers import CSF_VERSIONS, run, write_yaml
from .revised import ADDED, ADDED_TEXT, MOVED, PARTS, REMOVED, REWORDED, SPLIT, bundled, write_revised

OLD = bundled()
OLD_REF = f"partnership-csf@{OLD['version']}"


@pytest.fixture
def revised(tmp_path, capsys):
    framework, mapping, new = write_revised(tmp_path)
    assert run(capsys, "frameworks", "add", str(framework))[0] == 0
    return mapping, f"partnership-csf@{new['version']}", new


def rated(tmp_path):
    """Every item of the bundled partnership-csf rated, with practice, notes and evidence of its own."""
    framework = load_framework(BUNDLED / "partnership-csf.yaml")
    scale = ["fully-met", "partly-met", "not-met", "not-applicable"]
    answers = {
        item.id: {
            "rating": scale[n % 4],
            "practice": f"Practice for {item.id}: the borough’s own words, “quoted”.\nSecond line.",
            "evidence": [{"description": f"Minutes {item.id}", "source": "Board", "date": "2009-06-01", "owner": "council"}],
            "notes": f"note {n}",
            "agency": "council",  # a field this csf may not know: carried all the same
        }
        for n, item in enumerate(framework.items())
    }
    data = {"framework": {"id": framework.id, "version": framework.version, "fingerprint": framework.fingerprint},
            "area": "Sutton", "period": "2009-10", "answers": answers,
            "sections": {"1": {"narrative": "Factor one in our words."}},
            "documents": [{"id": "dvb-2007", "title": "Report to the Board"}]}
    return write_yaml(tmp_path / "sutton.yaml", data)


def answers_of(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


# --- diff ------------------------------------------------------------------------------


def test_diff_reports_each_kind_of_change(revised, capsys):
    mapping, new_ref, new = revised
    code, out, err = run(capsys, "frameworks", "diff", OLD_REF, new_ref, "--mapping", str(mapping))
    assert code == 1, err
    lines = out.splitlines()
    assert lines[0] == f"partnership-csf {OLD['version']} -> partnership-csf {new['version']}"
    assert f"  {ADDED}: {ADDED_TEXT}" in lines
    removed_text = next(i["text"] for s in OLD["sections"] for i in s["items"] if i["id"] == REMOVED)
    assert f"  {REMOVED}: {removed_text}" in lines
    assert any(line.startswith(f"  {REWORDED}: ") and line.endswith("{+and reviewed every year+}") for line in lines)
    assert f"  {MOVED}: section 2 -> section 3" in lines
    assert f"  {SPLIT} -> {', '.join(PARTS)}" in lines
    assert "Scale:" not in out and "Rules:" not in out


def test_diff_as_json_and_markdown_and_identical(revised, capsys):
    mapping, new_ref, _ = revised
    code, out, _ = run(capsys, "frameworks", "diff", OLD_REF, new_ref, "--mapping", str(mapping), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["identical"] is False
    assert [a["item"] for a in data["added"]] == [ADDED] and [r["item"] for r in data["removed"]] == [REMOVED]
    assert data["split"] == [{"item": SPLIT, "into": list(PARTS)}]
    assert data["moved"] == [{"item": MOVED, "from_section": "2", "to_section": "3"}]
    assert data["reworded"][0]["words"][-1] == ["+", "and reviewed every year"]
    code, out, _ = run(capsys, "frameworks", "diff", OLD_REF, new_ref, "--mapping", str(mapping), "--format", "md")
    assert code == 1 and "### Split\n- 3.2 -> 3.2a, 3.2b" in out and "**and reviewed every year**" in out
    assert run(capsys, "frameworks", "diff", OLD_REF, OLD_REF) == (0, f"partnership-csf {OLD['version']} -> partnership-csf {OLD['version']}: identical\n", "")


def test_diff_without_the_mapping_sees_the_split_as_removed_and_added(revised, capsys):
    _, new_ref, _ = revised
    out = run(capsys, "frameworks", "diff", OLD_REF, new_ref)[1]
    assert f"  {SPLIT}: " in out.split("Removed:")[1].split("Reworded:")[0]
    assert "Split:" not in out


def test_diff_scale_scoring_and_rules(tmp_path, capsys):
    from .helpers import mini

    new = mini(version="2.0")
    new["scale"]["values"][1]["points"] = 2
    new["scoring"]["decimals"] = 0
    new["rules"] = [{"id": "r", "scope": "item", "require": "practice != ''", "message": "Say what you do."}]
    a, b = write_yaml(tmp_path / "a.yaml", mini()), write_yaml(tmp_path / "b.yaml", new)
    code, out, _ = run(capsys, "frameworks", "diff", str(a), str(b))
    assert code == 1
    assert "Scale:\n  value partly-met points: 1 -> 2\nScoring:\n  decimals: 1 -> 0\nRules:\n  rule r added: Say what you do." in out
    assert run(capsys, "frameworks", "diff", str(a), str(tmp_path / "none.yaml"))[0] == 2


# --- migrate ---------------------------------------------------------------------------


def test_migrating_lambeth_keeps_every_word_and_migrating_back_restores_it(revised, tmp_path, capsys, repo):
    mapping, new_ref, new = revised
    original = repo / "assessments" / "examples" / "lambeth.yaml"
    forward, back = tmp_path / "forward.yaml", tmp_path / "back.yaml"
    code, out, err = run(capsys, "migrate", str(original), "--to", new_ref, "--mapping", str(mapping), "-o", str(forward))
    assert code == 0, err
    assert out.splitlines()[1:] == ["  kept: 46", f"  to re-confirm: 3: {REWORDED}, {', '.join(PARTS)}",
                                    f"  archived: 1: {REMOVED}", f"  newly unanswered: 1: {ADDED}"]
    before, after = answers_of(original), answers_of(forward)
    assert after["framework"]["version"] == new["version"]
    assert after["sections"] == before["sections"] and after["notes"] == before["notes"]
    [archived] = after["archived"]
    assert archived["item"] == REMOVED and archived["answer"] == before["answers"][REMOVED]
    assert archived["text"] == next(i["text"] for s in OLD["sections"] for i in s["items"] if i["id"] == REMOVED)
    code, out, err = run(capsys, "migrate", str(forward), "--to", OLD_REF, "--mapping", str(mapping), "-o", str(back))
    assert code == 0, err
    restored = answers_of(back)
    assert restored["answers"] == before["answers"] and restored["sections"] == before["sections"]
    assert not restored.get("archived") and list(restored["answers"]) == list(before["answers"])


def test_migrating_a_fully_rated_assessment_and_back(revised, tmp_path, capsys):
    mapping, new_ref, _ = revised
    path = rated(tmp_path)
    before = answers_of(path)
    code, _, err = run(capsys, "migrate", str(path), "--to", new_ref, "--mapping", str(mapping), "--by", "hq")
    assert code == 0, err
    after = answers_of(path)
    for item_id in set(before["answers"]) - {REWORDED, SPLIT, REMOVED}:
        assert after["answers"][item_id] == before["answers"][item_id]
    for item_id in (REWORDED, *PARTS):
        carried = after["answers"][item_id]
        source = before["answers"][SPLIT if item_id in PARTS else item_id]
        assert {k: v for k, v in carried.items() if k != "reconfirm"} == source
        assert carried["reconfirm"]["items"] == [SPLIT if item_id in PARTS else item_id]
    assert after["archived"][0]["answer"] == before["answers"][REMOVED]
    assert after["documents"] == before["documents"]
    assert after["history"][-1]["by"] == "hq" and after["history"][-1]["field"] == "framework"
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    flagged = [line.split(":")[1].strip() for line in out.splitlines() if ": to re-confirm: " in line]
    assert flagged == [REWORDED, *PARTS]
    assert f"error: {REWORDED}: to re-confirm: carried from partnership-csf {OLD['version']} item {REWORDED} (intersect); confirm the rating or change it" in out
    assert run(capsys, "migrate", str(path), "--to", OLD_REF, "--mapping", str(mapping))[0] == 0
    assert answers_of(path)["answers"] == before["answers"]


def test_confirming_or_changing_a_carried_rating_clears_the_mark(revised, tmp_path, capsys):
    mapping, new_ref, _ = revised
    path = rated(tmp_path)
    run(capsys, "migrate", str(path), "--to", new_ref, "--mapping", str(mapping))
    rating = answers_of(path)["answers"][REWORDED]["rating"]
    assert run(capsys, "answer", str(path), REWORDED, "--confirm")[0] == 0
    assert answers_of(path)["answers"][REWORDED]["rating"] == rating
    assert "reconfirm" not in answers_of(path)["answers"][REWORDED]
    run(capsys, "answer", str(path), PARTS[0], "--rating", "not-met")
    assert "reconfirm" not in answers_of(path)["answers"][PARTS[0]]
    out = run(capsys, "check", str(path))[1]
    assert [line.split(":")[1].strip() for line in out.splitlines() if "to re-confirm" in line] == [PARTS[1]]


def test_an_edited_split_item_goes_back_with_both_texts(revised, tmp_path, capsys):
    mapping, new_ref, _ = revised
    path = rated(tmp_path)
    before = answers_of(path)["answers"][SPLIT]
    run(capsys, "migrate", str(path), "--to", new_ref, "--mapping", str(mapping))
    run(capsys, "answer", str(path), PARTS[1], "--practice", "Only the second half, rewritten.")
    run(capsys, "migrate", str(path), "--to", OLD_REF, "--mapping", str(mapping))
    merged = answers_of(path)["answers"][SPLIT]
    assert merged["practice"] == before["practice"] + "\n\nOnly the second half, rewritten."
    assert merged["reconfirm"]["items"] == list(PARTS)


def test_without_a_mapping_versions_pair_by_id(revised, tmp_path, capsys):
    _, new_ref, _ = revised
    path = rated(tmp_path)
    code, out, _ = run(capsys, "migrate", str(path), "--to", new_ref, "-o", str(tmp_path / "x.yaml"))
    assert code == 0
    assert f"  archived: 2: {SPLIT}, {REMOVED}" in out and f"  newly unanswered: 3: {', '.join(PARTS)}, {ADDED}" in out


# --- bad input ---------------------------------------------------------------------------


def _unchanged(tmp_path, path, capsys, *argv, message):
    before = path.read_bytes()
    files = set(tmp_path.iterdir())
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("error: ") == 1 and message in err, err
    assert path.read_bytes() == before and set(tmp_path.iterdir()) == files


def test_a_mapping_naming_unknown_ids_is_one_clear_message(revised, tmp_path, capsys):
    mapping, new_ref, _ = revised
    data = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    data["pairs"][0]["to"] = "9.9"
    bad = write_yaml(tmp_path / "bad-mapping.yaml", data)
    path = rated(tmp_path)
    _unchanged(tmp_path, path, capsys, "migrate", str(path), "--to", new_ref, "--mapping", str(bad),
               message=f"bad-mapping.yaml:9: pairs[0].to: unknown item id '9.9' in partnership-csf {data['to']['version']}")


def test_a_mapping_between_uninstalled_frameworks(tmp_path, capsys):
    path = rated(tmp_path)
    bad = write_yaml(tmp_path / "m.yaml", {"from": {"id": "nowhere", "version": "1"}, "to": {"id": "partnership-csf", "version": "0.1"},
                                           "pairs": [{"from": "1", "to": "1.1", "relation": "equal"}]})
    before = path.read_bytes()
    code, out, err = run(capsys, "migrate", str(path), "--to", OLD_REF, "--mapping", str(bad))
    assert code == 2 and path.read_bytes() == before
    assert err.splitlines() == [
        f"error: {bad}:2: from: unknown framework 'nowhere' (installed: bexley-ppg, bvpi-225, dsvb-brief, partnership-csf)",
        f"error: {bad}:5: to: framework 'partnership-csf' has no version '0.1' installed (have: {', '.join(CSF_VERSIONS)}); "
        "install it with `csf frameworks add FILE`",
    ]
    assert "Traceback" not in err


def test_a_mapping_with_a_duplicate_pair(revised, tmp_path, capsys):
    mapping, new_ref, _ = revised
    data = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    data["pairs"].append(dict(data["pairs"][0]))
    bad = write_yaml(tmp_path / "dup.yaml", data)
    path = rated(tmp_path)
    _unchanged(tmp_path, path, capsys, "migrate", str(path), "--to", new_ref, "--mapping", str(bad),
               message="pairs[2]: duplicate pair '3.2' -> '3.2a' (first at pairs[0])")


def test_migrating_to_a_version_that_is_not_installed(tmp_path, capsys):
    path = rated(tmp_path)
    _unchanged(tmp_path, path, capsys, "migrate", str(path), "--to", "partnership-csf@2099.1", "-o", str(tmp_path / "out.yaml"),
               message="framework 'partnership-csf' has no version '2099.1' installed (have: ")


def test_opening_an_assessment_whose_framework_changed_says_what_changed(revised, tmp_path, capsys):
    mapping, new_ref, new = revised
    path = tmp_path / "a.yaml"
    run(capsys, "new", "--framework", "partnership-csf", "--version", new["version"], "--area", "Brent", "-o", str(path))
    data = answers_of(path)
    data["framework"]["fingerprint"] = load_framework(BUNDLED / "partnership-csf.yaml").fingerprint
    write_yaml(path, data)
    code, _, err = run(capsys, "score", str(path))
    assert code == 2
    assert "the framework changed without a new version. Changes since partnership-csf " + OLD["version"] + ":" in err
    assert f"  {ADDED}: {ADDED_TEXT}" in err
    assert f"To carry the answers over (changed items marked to re-confirm, nothing lost): csf migrate {path} --to {new_ref}" in err


# --- the next period ---------------------------------------------------------------------


def test_new_from_a_rated_assessment_carries_every_text_and_marks_every_rating(tmp_path, capsys):
    path = rated(tmp_path)
    out_path = tmp_path / "next.yaml"
    code, out, err = run(capsys, "new", "--from", str(path), "-o", str(out_path), "--by", "lead")
    assert code == 0, err
    assert out == f"created {out_path}: partnership-csf {OLD['version']} for Sutton, 2010-11, from {path}; 49 rating(s) to re-confirm\n"
    before, after = answers_of(path), answers_of(out_path)
    assert after["period"] == "2010-11" and after["period_end"] == "2011-03-31"
    assert after["documents"] == before["documents"] and after["sections"] == before["sections"]
    for item_id, answer in before["answers"].items():
        carried = after["answers"][item_id]
        assert carried["reconfirm"] == {"reason": "new period", "period": "2009-10"}
        assert {k: v for k, v in carried.items() if k != "reconfirm"} == answer
    assert after["history"] == [{"at": after["created"], "by": "lead", "field": "created", "from": str(path), "to": "2010-11"}]
    code, out, _ = run(capsys, "check", str(out_path))
    assert code == 1 and out.count("to re-confirm: carried from the 2009-10 assessment; confirm the rating or change it") == 49


def test_new_from_onto_a_revised_version_goes_through_the_mapping(revised, tmp_path, capsys):
    mapping, new_ref, new = revised
    path = rated(tmp_path)
    out_path = tmp_path / "next.yaml"
    code, _, err = run(capsys, "new", "--from", str(path), "--version", new["version"], "--mapping", str(mapping),
                       "--period", "2010-11", "-o", str(out_path))
    assert code == 0, err
    after = answers_of(out_path)
    assert after["framework"]["version"] == new["version"]
    assert after["archived"][0]["item"] == REMOVED
    assert after["answers"][PARTS[0]]["reconfirm"]["previous"]["items"] == [SPLIT]


# --- what the exports show ---------------------------------------------------------------


def test_every_export_shows_archived_answers_in_an_appendix_and_carried_ratings_as_to_reconfirm(revised, tmp_path, capsys):
    import csv
    import io

    import docx

    mapping, new_ref, _ = revised
    path = rated(tmp_path)
    removed = answers_of(path)["answers"][REMOVED]
    run(capsys, "migrate", str(path), "--to", new_ref, "--mapping", str(mapping))
    heading = f"{REMOVED} · partnership-csf {OLD['version']}"
    appendix = "Appendix: answers kept from earlier framework versions"
    carried = f"(to re-confirm: carried from partnership-csf {OLD['version']} item {REWORDED} (intersect))"
    for fmt in ("md", "html", "docx", "csv", "json"):
        out = tmp_path / f"export.{fmt}"
        code, _, err = run(capsys, "export", str(path), "-o", str(out))
        assert code == 0, err
        if fmt == "docx":
            text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
            text += "\n".join(c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells)
        else:
            text = out.read_text(encoding="utf-8-sig")
        if fmt == "json":
            assert json.loads(text)["assessment"]["archived"][0]["answer"] == removed
            continue
        if fmt == "csv":
            rows = list(csv.reader(io.StringIO(text)))
            assert rows[-1][2:5] == [appendix, heading, next(i["text"] for s in OLD["sections"] for i in s["items"] if i["id"] == REMOVED)]
            assert rows[-1][7] == removed["practice"]
            continue
        assert appendix in text and heading in text, fmt
        assert "Minutes 6.14" in text and "the borough’s own words" in text
        assert carried in text, fmt
