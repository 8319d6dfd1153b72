"""The Bexley PPG factors, BVPI 225 and the DSVB commissioning brief, checked against their sources.

These tests never restate a framework's text. They read the source extractions, normalise
them (HTML tags and markdown emphasis dropped, whitespace runs collapsed) and check that:

- every text the framework carries from a source (titles, descriptions, item texts, notes,
  definitions, guidance, detail labels and texts, signatories) is found in the source, or
  differs from it only by a correction recorded in `notes` (the note's `about` names the
  field, `source_says` is the exact source fragment and `we_did` quotes the corrected
  fragment), or is declared ours by a note about that field or a parent of it whose
  `we_did` quotes the text and says it is ours;
- the items of each section are the ones found by parsing the source, in order: bullets per
  Bexley heading, numbered questions in BVPI's Description cell, question paragraphs per
  C-section of the brief; and the ids follow that order.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

BVPI_SOURCE = "001_5234e67fc77bf432.txt"
MPA_SOURCE = "002_4af24c91664c746f.txt"
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

TAG = re.compile(r"<[^>]+>")
EMPHASIS = re.compile(r"(\*{1,2})(\S(?:[^*\n]*?\S)?)\1")


def normalise(text: str) -> str:
    text = TAG.sub("", text)
    text = EMPHASIS.sub(r"\2", text)
    return re.sub(r"\s+", " ", text).strip()


def read_source(sources: Path, name: str) -> str:
    return (sources / name).read_text(encoding="utf-8")


def load(repo: Path, framework_id: str) -> dict[str, Any]:
    path = repo / "frameworks" / f"{framework_id}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=framework.schema.json"
    data = yaml.safe_load(text)
    assert data["id"] == framework_id
    return data


# --- paths, notes, corrections -------------------------------------------------------------

PATH_PART = re.compile(r"([A-Za-z_]+)|\[(\d+|\*)\]")


def resolve(data: Any, path: str) -> list[Any]:
    """Values at a dotted path such as `sections[0].items[*].definition`; [] if none."""
    found = [data]
    for name, index in PATH_PART.findall(path):
        step: list[Any] = []
        for value in found:
            if name:
                if isinstance(value, dict) and name in value:
                    step.append(value[name])
            elif isinstance(value, list):
                if index == "*":
                    step.extend(value)
                elif int(index) < len(value):
                    step.append(value[int(index)])
        found = step
    return found


def printed(fw: dict[str, Any], text: str) -> str:
    """`text` with each `{parameter}` replaced by what the source prints in its place."""
    for parameter in fw.get("parameters", []):
        text = text.replace("{" + parameter["name"] + "}", parameter["printed"])
    return text


def carried_fields(fw: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(path, text) for every field whose text is carried from the source, parameters as printed."""
    for path, text in _carried_fields(fw):
        yield path, printed(fw, text)


def _carried_fields(fw: dict[str, Any]) -> Iterator[tuple[str, str]]:
    yield "title", fw["title"]
    for i, detail in enumerate(fw.get("details", [])):
        yield f"details[{i}].label", detail["label"]
        yield f"details[{i}].text", detail["text"]
    for i, person in enumerate(fw.get("metadata", {}).get("signatories", [])):
        for key in ("name", "role"):
            yield f"metadata.signatories[{i}].{key}", person[key]
    if "date" in fw.get("metadata", {}):
        yield "metadata.date", fw["metadata"]["date"]
    for i, section in enumerate(fw["sections"]):
        for key in ("title", "description"):
            if key in section:
                yield f"sections[{i}].{key}", section[key]
        for j, item in enumerate(section["items"]):
            for key in ("text", "note", "definition", "guidance", "required_because"):
                if key in item:
                    yield f"sections[{i}].items[{j}].{key}", item[key]
            for k, figure in enumerate(item.get("inputs", [])):
                yield f"sections[{i}].items[{j}].inputs[{k}].label", figure["label"]


def covers(about: str, path: str) -> bool:
    pattern = re.escape(about).replace(r"\[\*\]", r"\[\d+\]")
    return re.fullmatch(pattern + r"(?:[.\[].*)?", path) is not None


def quoted(text: str) -> list[str]:
    return re.findall(r'"([^"]+)"', text)


def undo_corrections(path: str, value: str, notes: list[dict[str, Any]]) -> list[str]:
    """The value with each recorded correction for this exact field put back as the source had it."""
    out = []
    for note in notes:
        if note.get("about") != path:
            continue
        for corrected in quoted(note["we_did"]):
            if corrected in value:
                out.append(value.replace(corrected, note["source_says"]))
    return out


def found_in(path: str, value: str, text: str, notes: list[dict[str, Any]]) -> bool:
    return value in text or any(candidate in text for candidate in undo_corrections(path, value, notes))


def declared_ours(path: str, value: str, notes: list[dict[str, Any]]) -> bool:
    return any(
        covers(note.get("about", ""), path) and "ours" in note["we_did"] and f'"{value}"' in note["we_did"]
        for note in notes
    )


def equal_to_source(path: str, value: str, expected: str, notes: list[dict[str, Any]]) -> bool:
    return value == expected or expected in undo_corrections(path, value, notes)


def check_carried(fw: dict[str, Any], source_text: str) -> None:
    text = normalise(source_text)
    notes = fw.get("notes", [])
    missing = [
        (path, value)
        for path, value in carried_fields(fw)
        if not found_in(path, value, text, notes) and not declared_ours(path, value, notes)
    ]
    assert missing == []


def all_sources(sources: Path) -> str:
    """Every source extraction, one after the other: a release may quote another source
    (the partnership scale follows BVPI 225's rule for a full answer)."""
    return "\n".join(read_source(sources, p.name) for p in sorted(sources.glob("*.txt")))


def check_history_quotes(fw: dict[str, Any], source_text: str) -> None:
    """Every release says why it changed in the sources' words: each quotation is in them."""
    text = normalise(source_text)
    assert fw["history"][-1]["version"] == fw["version"]
    for release in fw["history"]:
        for change in release["changes"]:
            assert all(fragment in text for fragment in quoted(change["why"])), change["why"]


def check_notes(fw: dict[str, Any]) -> None:
    for note in fw.get("notes", []):
        assert note["source_says"].strip() and note["we_did"].strip()
        if "about" in note:
            assert resolve(fw, note["about"]), f"note about {note['about']!r} points at nothing"


def check_corrections_are_used(fw: dict[str, Any], source_text: str) -> None:
    """A note that corrects a field quotes a source fragment that really is in the source."""
    text = normalise(source_text)
    for path, value in carried_fields(fw):
        if value in text:
            continue
        for note in fw.get("notes", []):
            if note.get("about") == path and undo_corrections(path, value, [note]):
                assert note["source_says"] in text


# --- Bexley PPG (source 002, Appendix 3) ----------------------------------------------------


def appendix(source_text: str, number: int) -> list[str]:
    """Lines of an appendix: from its heading (not the contents line) to the next appendix."""
    lines = source_text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.upper().startswith(f"APPENDIX {number}:") and "\t" not in line]
    assert len(starts) == 1
    start = starts[0]
    end = next((i for i in range(start + 1, len(lines)) if lines[i].upper().startswith("APPENDIX ")), len(lines))
    return lines[start:end]


def parse_bexley(source_text: str) -> dict[str, Any]:
    lines = appendix(source_text, 3)
    title = lines[0].split(":", 1)[1].strip()
    k = next(i for i, line in enumerate(lines) if line.rstrip().endswith("are:"))
    i = k + 1
    while not lines[i].strip():
        i += 1
    factors = []
    while i < len(lines) and lines[i].startswith("- "):
        factors.append(normalise(lines[i][2:]))
        i += 1
    rest = lines[i:]

    def blank(n: int) -> bool:
        return n < 0 or n >= len(rest) or not rest[n].strip()

    def heading(n: int) -> bool:
        line = rest[n]
        return (
            bool(line.strip())
            and not line.startswith(("-", " ", "\t"))
            and blank(n - 1)
            and (blank(n + 1) or rest[n + 1].startswith(("-", " ", "\t")))
        )

    sections: list[dict[str, Any]] = []
    for n, line in enumerate(rest):
        if heading(n):
            sections.append({"title": line.strip(), "items": []})
        elif line.strip() and sections:
            bulleted = line.startswith("- ")
            sections[-1]["items"].append({"text": normalise(line[2:] if bulleted else line), "bulleted": bulleted})
    return {"title": title, "k_title": lines[k].strip(), "factors": factors, "sections": sections}


def test_bexley_texts_are_carried_from_the_source(repo, sources):
    fw = load(repo, "bexley-ppg")
    source = read_source(sources, MPA_SOURCE)
    check_carried(fw, source)
    check_notes(fw)
    check_corrections_are_used(fw, source)
    check_history_quotes(fw, all_sources(sources))


def test_bexley_key_factors_are_not_scored_beside_the_items_they_restate(repo, sources):
    """The decision and its reason are in the notes; the crosswalk the notes name links each factor."""
    fw = load(repo, "bexley-ppg")
    source = normalise(read_source(sources, MPA_SOURCE))
    k = fw["sections"][0]
    assert all(item["type"] == "text" for item in k["items"])  # answered in words, never rated
    [note] = [n for n in fw["notes"] if n.get("about") == "sections[0].items"]
    assert "not scored" in note["we_did"]
    assert all(fragment in source for fragment in quoted(note["source_says"]))
    mapping_file = re.search(r"frameworks/mappings/[\w.-]+\.yaml", note["we_did"]).group(0)
    mapping = yaml.safe_load((repo / mapping_file).read_text(encoding="utf-8"))
    assert mapping["from"]["id"] == mapping["to"]["id"] == "bexley-ppg"
    linked = {pair["from"] for pair in mapping["pairs"]}
    assert linked == {item["id"] for item in k["items"]}
    practice = {item["id"]: item["text"] for s in fw["sections"][1:] for item in s["items"]}
    # Each restated item the note quotes is one the crosswalk links.
    targets = {practice[pair["to"]] for pair in mapping["pairs"]}
    quoted_items = [q for q in quoted(note["source_says"]) if any(t.startswith(q) or q in t for t in practice.values())]
    assert quoted_items and all(any(q in t for t in targets) for q in quoted_items)


def test_bexley_sections_and_items_follow_the_source(repo, sources):
    fw = load(repo, "bexley-ppg")
    parsed = parse_bexley(read_source(sources, MPA_SOURCE))
    assert fw["title"] == parsed["title"]
    assert fw["source"]["location"] == "Appendix 3"

    k, *practice = fw["sections"]
    assert k["id"] == "K"
    assert k["title"] == parsed["k_title"]
    assert [item["text"] for item in k["items"]] == parsed["factors"]
    assert [item["id"] for item in k["items"]] == [f"K{n}" for n in range(1, len(parsed["factors"]) + 1)]

    assert [s["title"] for s in practice] == [s["title"] for s in parsed["sections"]]
    assert [s["id"] for s in practice] == [str(n) for n in range(1, len(parsed["sections"]) + 1)]
    notes = fw.get("notes", [])
    for i, (section, found) in enumerate(zip(practice, parsed["sections"]), start=1):
        assert len(section["items"]) == len(found["items"]), section["title"]
        assert [item["id"] for item in section["items"]] == [f"{section['id']}.{n}" for n in range(1, len(found["items"]) + 1)]
        for j, (item, source_item) in enumerate(zip(section["items"], found["items"])):
            assert item["type"] == "checklist"
            assert item["text"] == source_item["text"]
            if not source_item["bulleted"]:
                # An item that lost its bullet in extraction is read as an item, and said so.
                assert any(note.get("about") == f"sections[{i}].items[{j}]" and "bullet" in note["we_did"] for note in notes)


def test_bexley_notes_record_the_appendix_number_and_signatures(repo, sources):
    fw = load(repo, "bexley-ppg")
    source = normalise(read_source(sources, MPA_SOURCE))
    abouts = {note.get("about") for note in fw["notes"]}
    assert {"source.location", "metadata.signatories", "columns"} <= abouts
    location_note = next(note for note in fw["notes"] if note.get("about") == "source.location")
    # The body's cross-reference that the note records is really in the source.
    assert any(fragment in source for fragment in quoted(location_note["source_says"]) if "Appendix 4" in fragment)
    assert fw["metadata"]["date"] in source


# --- BVPI 225 (source 001) ------------------------------------------------------------------

QUESTION_NUMBER = re.compile(r"(?:(?<=\s)|^)(\d{1,2})\. (?=[A-Z])")


def parse_bvpi(source_text: str) -> dict[str, Any]:
    start = source_text.index("\nDescription\t")
    end = source_text.index("<p>Definition</p>")
    cell = normalise(source_text[start:end])
    assert cell.startswith("Description ")
    cell = cell[len("Description ") :]
    marks = list(QUESTION_NUMBER.finditer(cell))
    numbers = [int(m.group(1)) for m in marks]
    assert numbers == list(range(1, len(numbers) + 1))
    questions = [cell[m.end() : (marks[n + 1].start() if n + 1 < len(marks) else len(cell))].strip() for n, m in enumerate(marks)]

    table = source_text[end : source_text.index("\nFormula/ Worked")]
    paragraphs = re.findall(r"<p>(\d+)\. (.*?)</p>", table, re.S)
    assert [int(n) for n, _ in paragraphs] == list(range(1, len(paragraphs) + 1))
    definitions = [normalise(f"{n}. {text}") for n, text in paragraphs]

    rows = {}
    for line in source_text[source_text.index("\nPurpose/aim\t") :].split("\n"):
        if "\t" in line:
            label, value = line.split("\t", 1)
            rows[normalise(label)] = normalise(value)
    return {"description": cell[: marks[0].start()].strip(), "questions": questions, "definitions": definitions, "rows": rows}


def test_bvpi_texts_are_carried_from_the_source(repo, sources):
    fw = load(repo, "bvpi-225")
    source = read_source(sources, BVPI_SOURCE)
    check_carried(fw, source)
    check_notes(fw)
    check_corrections_are_used(fw, source)
    check_history_quotes(fw, all_sources(sources))


def test_bvpi_questions_follow_the_description_cell(repo, sources):
    fw = load(repo, "bvpi-225")
    parsed = parse_bvpi(read_source(sources, BVPI_SOURCE))
    [section] = fw["sections"]
    assert section["description"] == parsed["description"]
    items = section["items"]
    assert len(items) == len(parsed["questions"])
    assert [item["id"] for item in items] == [f"Q{n}" for n in range(1, len(parsed["questions"]) + 1)]
    for j, (item, question) in enumerate(zip(items, parsed["questions"])):
        assert item["type"] == "question"
        # The question and its italic note, as printed one after the other in the cell.
        combined = item["text"] + (" " + item["note"] if "note" in item else "")
        path = f"sections[0].items[{j}].text"
        assert equal_to_source(path, combined, question, fw.get("notes", [])), item["id"]


def test_bvpi_q11_asks_for_each_group_the_question_names(repo, sources):
    fw = load(repo, "bvpi-225")
    parsed = parse_bvpi(read_source(sources, BVPI_SOURCE))
    q11 = next(item for item in fw["sections"][0]["items"] if item["id"] == "Q11")
    question = parsed["questions"][10]
    named = question.split("groups:", 1)[1].rstrip("?")
    groups = [g.strip() for g in re.split(r"[,;]", named)]
    groups = [g.removeprefix("and ").strip() for g in groups if g.strip()]
    assert [figure["label"] for figure in q11["inputs"][1:]] == groups
    assert "at least two" in question and ">= 2" in q11["derive"]["when"]


def test_bvpi_definitions_are_the_numbered_definitions_in_order(repo, sources):
    fw = load(repo, "bvpi-225")
    parsed = parse_bvpi(read_source(sources, BVPI_SOURCE))
    items = fw["sections"][0]["items"]
    # One more definition than questions: the items share them out in order, none lost or repeated.
    assert len(parsed["definitions"]) == len(items) + 1
    assert all("definition" in item for item in items)
    assert " ".join(item["definition"] for item in items) == " ".join(parsed["definitions"])
    for item in items:
        assert any(item["definition"].startswith(d) for d in parsed["definitions"])
    # The shared-out numbering is recorded.
    assert any("definition" in note.get("about", "") for note in fw["notes"])


def test_bvpi_details_are_the_labelled_rows(repo, sources):
    fw = load(repo, "bvpi-225")
    parsed = parse_bvpi(read_source(sources, BVPI_SOURCE))
    notes = fw.get("notes", [])
    for i, detail in enumerate(fw["details"]):
        assert detail["label"] in parsed["rows"], detail["label"]
        assert equal_to_source(f"details[{i}].text", detail["text"], parsed["rows"][detail["label"]], notes)
    labels = [detail["label"] for detail in fw["details"]]
    assert len(labels) == len(set(labels))
    # The Return Format row contradicts the formula; the contradiction is recorded.
    return_format = labels.index("Return Format")
    assert any(note.get("about") == f"details[{return_format}].text" for note in notes)
    formula = next(detail["text"] for detail in fw["details"] if detail["label"].startswith("Formula"))
    assert fw["scoring"]["formula"] in formula
    assert fw["scoring"]["denominator"] == "all"
    assert not any(value.get("not_applicable") for value in fw["scale"]["values"])


# --- DSVB commissioning brief (source 002, Appendix 1) --------------------------------------


def parse_brief(source_text: str) -> dict[str, Any]:
    lines = appendix(source_text, 1)
    sections: list[dict[str, Any]] = []
    footnotes: dict[str, str] = {}
    for line in lines:
        line = line.strip()
        heading = re.match(r"^(C\d+): (.*)$", line)
        if heading:
            sections.append({"id": heading.group(1), "heading": normalise(heading.group(2)), "questions": []})
        elif line and line[0] in SUPERSCRIPT_DIGITS:
            marker = re.match(f"[{SUPERSCRIPT_DIGITS}]+", line).group(0)
            footnotes[marker] = normalise(line)
        elif line and sections:
            sections[-1]["questions"].append(normalise(line))
    return {"sections": sections, "footnotes": footnotes}


def test_brief_texts_are_carried_from_the_source(repo, sources):
    fw = load(repo, "dsvb-brief")
    source = read_source(sources, MPA_SOURCE)
    check_carried(fw, source)
    check_notes(fw)
    check_corrections_are_used(fw, source)
    check_history_quotes(fw, all_sources(sources))


def test_brief_c1_figures_are_supplied_by_whom_its_heading_names(repo, sources):
    fw = load(repo, "dsvb-brief")
    parsed = parse_brief(read_source(sources, MPA_SOURCE))
    heading = parsed["sections"][0]["heading"]
    c1 = fw["sections"][0]["items"]
    supplied = {item["supplied_by"] for item in c1 if "supplied_by" in item}
    assert len(supplied) == 1
    [who] = supplied
    assert f"This data will be provided by {who} and does not need to be provided by the BOCU." in heading
    assert [item["id"] for item in c1 if "supplied_by" in item] == [item["id"] for item in c1 if item["type"] == "number"]
    assert not any("supplied_by" in item for section in fw["sections"][1:] for item in section["items"])


def test_brief_sections_and_questions_follow_the_source(repo, sources):
    fw = load(repo, "dsvb-brief")
    parsed = parse_brief(read_source(sources, MPA_SOURCE))
    *c_sections, ed = fw["sections"]
    assert [s["id"] for s in c_sections] == [s["id"] for s in parsed["sections"]]
    for section, found in zip(c_sections, parsed["sections"]):
        assert section["number"] == found["id"]
        heading = printed(fw, section["title"] + (" " + section["description"] if "description" in section else ""))
        assert heading == found["heading"]
        assert len(section["items"]) == len(found["questions"]), section["id"]
        assert [item["id"] for item in section["items"]] == [f"{section['id']}.{n}" for n in range(1, len(found["questions"]) + 1)]
        for item, question in zip(section["items"], found["questions"]):
            assert item["text"] == question
            asks_for_a_figure = question.startswith(("Number of", "Sanction detection rate"))
            assert item["type"] == ("number" if asks_for_a_figure else "text"), item["id"]

    assert ed["id"] == "ED"
    [paragraph] = ed["items"]
    assert paragraph["id"] == "ED.1" and paragraph["type"] == "text" and paragraph["required"] is True
    assert paragraph["text"] in normalise("\n".join(appendix(read_source(sources, MPA_SOURCE), 1)))
    assert any(note.get("about") == "sections[5]" and "ours" in note["we_did"] for note in fw["notes"])


def test_brief_footnotes_are_the_notes_of_the_items_they_mark(repo, sources):
    fw = load(repo, "dsvb-brief")
    parsed = parse_brief(read_source(sources, MPA_SOURCE))
    attached = set()
    for i, section in enumerate(fw["sections"]):
        for j, item in enumerate(section["items"]):
            for marker in re.findall(f"[{SUPERSCRIPT_DIGITS}]+", item["text"]):
                if marker in parsed["footnotes"]:
                    assert item.get("note") == parsed["footnotes"][marker], item["id"]
                    attached.add(marker)
                else:
                    # A footnote whose text the extraction lost: no note, and the loss is recorded.
                    assert "note" not in item
                    assert any(covers(note.get("about", ""), f"sections[{i}].items[{j}]") and marker in note["source_says"] for note in fw["notes"])
            if "note" in item:
                assert item["note"] in parsed["footnotes"].values()
    assert attached == set(parsed["footnotes"])


def test_brief_details_keep_requirements_and_omit_contact_details(repo, sources):
    fw = load(repo, "dsvb-brief")
    requirements = [detail["text"] for detail in fw["details"] if detail["label"] == "Requirement"]
    assert len(requirements) == 3
    assert any("15 pages" in text for text in requirements)
    assert any("equality and diversity" in text for text in requirements)
    assert any("word form" in text for text in requirements)
    for detail in fw["details"]:
        assert not re.search(r"@|\bTel\b|\bEmail\b|\d{5,}|\d{3,4} \d{3,4} \d{4}", detail["text"]), detail
    assert "scale" not in fw and fw["scoring"] == {"method": "none"}


@pytest.mark.parametrize("framework_id", ["bexley-ppg", "bvpi-225", "dsvb-brief"])
def test_ids_are_unique(repo, framework_id):
    fw = load(repo, framework_id)
    section_ids = [s["id"] for s in fw["sections"]]
    item_ids = [item["id"] for s in fw["sections"] for item in s["items"]]
    assert len(section_ids) == len(set(section_ids))
    assert len(item_ids) == len(set(item_ids))


def test_brief_data_period_and_deadlines_are_parameters_not_the_example_rounds(repo, sources):
    fw = load(repo, "dsvb-brief")
    brief = normalise("\n".join(appendix(read_source(sources, MPA_SOURCE), 1)))
    names = {p["name"] for p in fw["parameters"]}
    used = set(re.findall(r"\{(\w+)\}", fw["sections"][0]["description"] + " ".join(d["text"] for d in fw["details"])))
    assert used == names
    for parameter in fw["parameters"]:
        assert parameter["printed"] in brief
    assert all(p["printed"] not in fw["sections"][0]["description"] for p in fw["parameters"])
