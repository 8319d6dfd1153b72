"""The partnership CSF framework and Lambeth's worked example match source 000.

Everything here is checked against the source text itself: the source is parsed
(factor rows, repeated header rows, page-break continuation rows, footnotes) and
the YAML is compared with what the parse finds. No source text is restated here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

SOURCE_FILE = "000_3f3efd1f012b01d4.txt"
FRAMEWORK = Path("frameworks") / "partnership-csf.yaml"
EXAMPLE = Path("assessments") / "examples" / "lambeth.yaml"
AREA = "Lambeth"

_TAG = re.compile(r"<[^>]+>")
_WS = re.compile(r"\s+")
_TICK = re.compile(r"<li>\s*✓(.*?)</li>", re.S)
_SUP = re.compile(r"<sup>(\d+)</sup>")


def norm(text: str) -> str:
    """Strip HTML tags, collapse whitespace runs to one space, trim."""
    return _WS.sub(" ", _TAG.sub("", text)).strip()


@dataclass
class Factor:
    head: str  # the cells before the checklist cell: number, title, description
    checklist: str  # the checklist cell, raw
    practice: list[str] = field(default_factory=list)  # third-column cells, raw, in order
    footnotes: list[str] = field(default_factory=list)  # footnotes its text refers to

    @property
    def ticks(self) -> list[str]:
        return [norm(t) for t in _TICK.findall(self.checklist)]

    @property
    def practice_text(self) -> str:
        """The factor's third column, page-break rows joined, footnotes at the end."""
        return norm(" ".join(self.practice + self.footnotes))


@dataclass
class Source:
    raw: str
    title: str
    headers: list[str]
    factors: list[Factor]
    footnotes: dict[str, str]


def _is_header(cells: list[str]) -> bool:
    texts = [norm(c) for c in cells if norm(c)]
    return len(texts) == 3 and texts[0] == "Critical Success Factor"


def parse_source(path: Path) -> Source:
    raw = path.read_text(encoding="utf-8")
    title, headers, factors, footnotes = None, [], [], {}
    for number, line in enumerate(raw.split("\n"), 1):
        if not line.strip():
            continue
        if line.startswith("## "):
            assert title is None, f"line {number}: a second title"
            title = norm(line[3:])
            continue
        if _SUP.match(line):  # a footnote printed at the foot of a page, outside the table
            footnotes[_SUP.match(line).group(1)] = line
            continue
        cells = line.split("\t")
        if _is_header(cells):
            headers.append(line)
            continue
        ticked = [i for i, cell in enumerate(cells) if "✓" in cell]
        if ticked:  # a factor's first row: ... | checklist | current practice
            assert len(ticked) == 1, f"line {number}: ✓ in more than one cell"
            i = ticked[0]
            assert len(cells) == i + 2, f"line {number}: expected one cell after the checklist"
            factors.append(Factor(head=" ".join(cells[:i]), checklist=cells[i], practice=[cells[i + 1]]))
            continue
        # a page-break continuation row: only the last (current practice) cell has text
        assert factors, f"line {number}: continuation row before any factor"
        assert cells[-1].strip() and not any(c.strip() for c in cells[:-1]), (
            f"line {number}: unexpected text outside the current-practice column"
        )
        factors[-1].practice.append(cells[-1])
    assert title is not None, "no document title found"
    for key, line in footnotes.items():
        owners = [f for f in factors if any(f"<sup>{key}</sup>" in c for c in f.practice)]
        assert len(owners) == 1, f"footnote {key} is referenced by {len(owners)} factors"
        owners[0].footnotes.append(line)
    return Source(raw=raw, title=title, headers=headers, factors=factors, footnotes=footnotes)


def split_head(head: str) -> tuple[str, str, str]:
    """(number, title, description) from a factor's first cells."""
    m = re.fullmatch(r"(\d+)\.\s*(.*?)\s*(This factor assesses\b.*)", norm(head))
    assert m, f"cannot split factor cell: {norm(head)[:80]!r}"
    return m.group(1), m.group(2), m.group(3)


@pytest.fixture(scope="module")
def source(sources: Path) -> Source:
    return parse_source(sources / SOURCE_FILE)


@pytest.fixture(scope="module")
def framework(repo: Path) -> dict:
    return yaml.safe_load((repo / FRAMEWORK).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def example(repo: Path) -> dict:
    return yaml.safe_load((repo / EXAMPLE).read_text(encoding="utf-8"))


def all_items(framework: dict) -> list[dict]:
    return [item for section in framework["sections"] for item in section["items"]]


# --- the source parse itself -------------------------------------------------


def test_source_parse_finds_every_tick_and_header(source: Source) -> None:
    assert len(source.factors) >= 1
    assert sum(len(f.ticks) for f in source.factors) == source.raw.count("✓")
    # the header row is printed once and then once per page break, always the same words
    assert len(source.headers) >= 2
    assert len({norm(h) for h in source.headers}) == 1


# --- (a) every text is in the source ---------------------------------------------


def test_identity(framework: dict, source: Source) -> None:
    assert framework["id"] == "partnership-csf"
    assert framework["version"] == framework["history"][-1]["version"]
    assert framework["title"] == source.title
    assert framework["source"]["document"] == source.title
    assert framework["source"]["file"] == SOURCE_FILE
    assert framework["source"]["date"] == "2009"
    assert framework["scoring"] == {"method": "points", "denominator": "answered", "decimals": 1}


def test_first_lines_name_the_schema(repo: Path) -> None:
    assert (repo / FRAMEWORK).read_text(encoding="utf-8").split("\n", 1)[0] == (
        "# yaml-language-server: $schema=framework.schema.json"
    )
    assert (repo / EXAMPLE).read_text(encoding="utf-8").split("\n", 1)[0] == (
        "# yaml-language-server: $schema=../../csf/assessment.schema.json"
    )


def test_item_texts_appear_in_source(framework: dict, source: Source) -> None:
    text = norm(source.raw)
    for item in all_items(framework):
        assert item["text"] in text, item["id"]


def test_item_texts_equal_the_factors_ticked_entries(framework: dict, source: Source) -> None:
    for section, factor in zip(framework["sections"], source.factors, strict=True):
        assert [item["text"] for item in section["items"]] == factor.ticks, section["id"]
        for item in section["items"]:
            assert item["type"] == "checklist"
            assert item["marker"] == "✓"


def test_section_titles_and_descriptions(framework: dict, source: Source) -> None:
    text = norm(source.raw)
    for section, factor in zip(framework["sections"], source.factors, strict=True):
        number, title, description = split_head(factor.head)
        assert section["number"] == number
        assert section["title"] == title
        assert section["description"] == description
        assert section["title"] in text and section["description"] in text


def test_column_headings_appear_in_every_header_row(framework: dict, source: Source) -> None:
    columns = framework["columns"]
    assert "{area}" in columns["practice"]
    practice = columns["practice"].replace("{area}", AREA)
    for header in source.headers:
        cells = [norm(c) for c in header.split("\t") if norm(c)]
        assert cells == [columns["section"], columns["checklist"], practice]


def test_texts_are_clean(framework: dict) -> None:
    texts = [framework["title"], *framework["columns"].values()]
    for section in framework["sections"]:
        texts += [section["title"], section["description"]]
        texts += [item["text"] for item in section["items"]]
    for text in texts:
        assert isinstance(text, str) and text == text.strip()
        assert not _TAG.search(text) and "  " not in text and "\n" not in text
        assert not text.startswith("✓")


def test_scale(framework: dict) -> None:
    values = {v["id"]: {k: x for k, x in v.items() if k != "description"} for v in framework["scale"]["values"]}
    assert [v["id"] for v in framework["scale"]["values"]] == ["fully-met", "partly-met", "not-met", "not-applicable"]
    assert values["fully-met"] == {"id": "fully-met", "label": "Fully met", "points": 2}
    assert values["partly-met"] == {"id": "partly-met", "label": "Partly met", "points": 1}
    assert values["not-met"] == {"id": "not-met", "label": "Not met", "points": 0}
    assert values["not-applicable"] == {"id": "not-applicable", "label": "Not applicable", "not_applicable": True}
    # Every value says what it requires; the words are ours, and a note says so.
    assert all(v.get("description") for v in framework["scale"]["values"])
    assert any(n.get("about") == "scale" and "ours" in n["we_did"] for n in framework["notes"])


def test_history_quotes_the_sources(framework: dict, sources: Path) -> None:
    from .test_transcription_others import all_sources, check_history_quotes

    check_history_quotes(framework, all_sources(sources))


# --- (b) item counts per factor come from the source ----------------------------


def test_item_counts_per_factor(framework: dict, source: Source) -> None:
    assert len(framework["sections"]) == len(source.factors)
    for section, factor in zip(framework["sections"], source.factors, strict=True):
        assert len(section["items"]) == factor.checklist.count("✓") == len(factor.ticks), section["id"]
    assert len(all_items(framework)) == source.raw.count("✓")


# --- (c) ids ---------------------------------------------------------------------


def test_ids_in_order(framework: dict, source: Source) -> None:
    assert [s["id"] for s in framework["sections"]] == [str(n) for n in range(1, len(source.factors) + 1)]
    for section in framework["sections"]:
        expected = [f"{section['id']}.{n}" for n in range(1, len(section["items"]) + 1)]
        assert [item["id"] for item in section["items"]] == expected
    ids = [item["id"] for item in all_items(framework)]
    assert len(ids) == len(set(ids))


# --- (d) and (e) Lambeth's worked example ------------------------------------------


def test_example_names_the_framework(example: dict, framework: dict) -> None:
    from csf.framework import fingerprint

    assert example["framework"] == {
        "id": framework["id"],
        "version": framework["version"],
        "fingerprint": fingerprint(framework),
    }
    assert example["area"] == AREA
    assert all(isinstance(n, str) and n for n in example.get("notes", []))


def test_every_item_answered_without_rating(example: dict, framework: dict) -> None:
    ids = [item["id"] for item in all_items(framework)]
    assert list(example["answers"]) == ids
    for section in framework["sections"]:
        for item in section["items"]:
            answer = example["answers"][item["id"]]
            assert set(answer) == {"notes"}, item["id"]  # no rating, no practice
            assert f"factor {section['id']}" in answer["notes"]


# --- the narratives: the third column with its bold and its lists (csf's Markdown subset) ---------
#
# Each factor's third column is read from the source as blocks (paragraphs, list items, bare runs of
# text) with their <b> runs; a block a page break cut mid-sentence is rejoined, and footnotes come last.
# The example's narrative, read by csf's own Markdown reader, must give exactly those blocks.

_BLOCK_TAG = re.compile(r"(</?(?:p|li|ul)\b[^>]*>)")
_BOLD = re.compile(r"<b>(.*?)</b>", re.S)


def spans(html: str) -> list[tuple[str, bool]]:
    """(text, bold) runs of an inline HTML fragment: <b> is bold, other tags dropped, whitespace collapsed."""
    out, last = [], 0
    for m in _BOLD.finditer(html):
        out.append((html[last:m.start()], False))
        out.append((m.group(1), True))
        last = m.end()
    out.append((html[last:], False))
    runs = [(_WS.sub(" ", _TAG.sub("", t)), b) for t, b in out]
    return runs


def blocks(cell: str) -> list[tuple[str, list[tuple[str, bool]]]]:
    """A cell's paragraphs, list items and bare runs of text, in order, as raw inline HTML."""
    out, kind, buf = [], None, []
    def flush(k):
        text = "".join(buf)
        if _TAG.sub("", text).strip():
            out.append((k, text))
        buf.clear()
    for part in _BLOCK_TAG.split(cell):
        tag = re.match(r"<(/?)(p|li|ul)\b", part)
        if not tag:
            buf.append(part)
            continue
        flush(kind or "paragraph")
        closing, name = tag.groups()
        kind = None if closing or name == "ul" else ("bullet" if name == "li" else "paragraph")
    flush(kind or "paragraph")
    return out


def _tidy(kind, runs):
    """Trim the block, drop a printed bullet, keep spaces outside bold runs, merge like runs."""
    out = []
    for text, bold in runs:
        if bold:
            lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", text, re.S).groups()
            out += [(lead, False), (core, True), (trail, False)]
        else:
            out.append((text, False))
    merged = []
    for text, bold in out:
        if merged and merged[-1][1] == bold:
            merged[-1] = (merged[-1][0] + text, bold)
        elif text:
            merged.append((text, bold))
    merged = [(re.sub(r"\s+", " ", t), b) for t, b in merged]
    if merged:
        merged[0] = (merged[0][0].lstrip(), merged[0][1])
        merged[-1] = (merged[-1][0].rstrip(), merged[-1][1])
    if kind == "bullet" and merged and merged[0][0].startswith("•"):
        merged[0] = (merged[0][0][1:].lstrip(), merged[0][1])
    return tuple((t, b) for t, b in merged if t)


def factor_blocks(cells, footnotes):
    """A factor's third column: cells in order; a block a page break cut mid-sentence is rejoined."""
    out = []
    for n, cell in enumerate(cells):
        found = [(k, _tidy(k, spans(b))) for k, b in blocks(cell)]
        if n and out and found and not out[-1][1][-1][0].rstrip().endswith((".", "!", "?", ":", ";", ")")):
            kind, runs = out.pop()
            first_kind, first_runs = found.pop(0)
            joined = list(runs)
            joined[-1] = (joined[-1][0] + " ", joined[-1][1])
            out.append((kind, _tidy(kind, joined + list(first_runs))))
        out += found
    out += [("paragraph", _tidy("paragraph", spans(f))) for f in footnotes]
    return out


def example_blocks(narrative: str) -> list[tuple[str, tuple[tuple[str, bool], ...]]]:
    from csf import richtext

    return [(b.kind, b.spans) for b in richtext.parse(narrative)]


def printed(kind: str, runs) -> str:
    """A block as the source prints it: a list item with its •."""
    return ("• " if kind == "bullet" else "") + "".join(text for text, _ in runs)


def test_narratives_are_the_third_column_with_its_bold_and_lists(example: dict, source: Source) -> None:
    assert list(example["sections"]) == [str(n) for n in range(1, len(source.factors) + 1)]
    for key, factor in zip(example["sections"], source.factors, strict=True):
        expected = [(kind, runs) for kind, runs in factor_blocks(factor.practice, factor.footnotes)]
        assert example_blocks(example["sections"][key]["narrative"]) == expected, key


def test_every_list_item_and_bold_run_of_the_source_is_kept(example: dict, source: Source) -> None:
    for key, factor in zip(example["sections"], source.factors, strict=True):
        found = example_blocks(example["sections"][key]["narrative"])
        column = " ".join(factor.practice)
        assert sum(kind == "bullet" for kind, _ in found) == column.count("<li>"), key
        bold = [norm(b) for b in re.findall(r"<b>(.*?)</b>", column, re.S) if norm(b)]
        assert [t for _, runs in found for t, strong in runs if strong] == bold, key


def test_narratives_cover_the_whole_third_column(example: dict, source: Source) -> None:
    for key, factor in zip(example["sections"], source.factors, strict=True):
        joined = norm(" ".join(printed(k, r) for k, r in example_blocks(example["sections"][key]["narrative"])))
        assert joined == factor.practice_text, key
    # and nothing of the third column lies outside the factors the parse found
    everything = " ".join(f.practice_text for f in source.factors)
    assert everything == " ".join(
        norm(" ".join(printed(k, r) for k, r in example_blocks(example["sections"][key]["narrative"]))) for key in example["sections"]
    )


def test_narrative_paragraph_structure(example: dict, source: Source) -> None:
    """One block per <p>/<li> (or bare run of text); page-break splits rejoined."""
    for key, factor in zip(example["sections"], source.factors, strict=True):
        raw: list[str] = []
        for cell in factor.practice:
            raw += [norm(b) for b in re.split(r"</?(?:p|li|ul)\b[^>]*>", cell) if norm(b)]
        raw += [norm(f) for f in factor.footnotes]
        joins = len(raw) - len(example_blocks(example["sections"][key]["narrative"]))
        # a block may only be longer than the source's where a page break split it
        assert 0 <= joins <= len(factor.practice) - 1, key
