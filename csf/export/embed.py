"""The whole assessment inside its Word export, and a tag on every answer's place.

A board reads the tables; headquarters' tools read the data. Both travel in one .docx:
the assessment's `to_data()` (every field, including ones this module has never heard
of) as JSON in a custom XML part, which Word and LibreOffice keep but do not show; and a
bookmark named `csf_N` around each answer's cell or paragraphs, with the text written
there recorded beside the data, so `csf import` can tell which answers someone changed
in Word. A bookmark deleted by an edit is found again by the table, row and column it
was written in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

NAMESPACE = "urn:csf:submission"
FORMAT = 1
PREFIX = "csf_"
CONTENT_TYPE = "application/xml"
PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
# A fixed store item id: the part is recognised by its namespace, never by this.
ITEM_ID = "{5C3B6A2E-7D41-4F0B-9C1E-2A6F0D8B4C15}"

W_P, W_R, W_T, W_TAB, W_BR, W_CR, W_TC, W_TR, W_TBL, W_PPR, W_RPR, W_RSTYLE, W_VAL, W_ID, W_NAME = (
    qn(f"w:{n}") for n in ("p", "r", "t", "tab", "br", "cr", "tc", "tr", "tbl", "pPr", "rPr", "rStyle", "val", "id", "name")
)
BOOKMARK_START, BOOKMARK_END = qn("w:bookmarkStart"), qn("w:bookmarkEnd")
_NOT_XML = re.compile("[\ufffe\uffff]")  # what XML 1.0 forbids and JSON writes as it is (surrogates fail to encode)


class Tags:
    """Bookmarks each answer's place as the document is built, and records what it says there.

    A table cell's record is made whole when the cell is written: the export keeps a
    finished table as XML text, out of the tree. Body paragraphs are found by their place
    among the body's children, known only when the body is complete (see `embed`).
    """

    def __init__(self, body, strong_id: str) -> None:
        self.strong_id = strong_id
        self.next_id = 1 + max((int(b.get(W_ID)) for b in body.iter(BOOKMARK_START) if (b.get(W_ID) or "").isdigit()), default=0)
        self.records: list[dict] = []
        self.in_body: list[tuple[dict, Any, Any]] = []  # (record, first paragraph, last paragraph)
        self._table: tuple[Any, int] | None = None  # the table being tagged, and its place among the body's tables

    def cell(self, tc, kind: str, key: str) -> None:
        tr = tc.getparent()
        tbl = tr.getparent()
        if self._table is None or self._table[0] is not tbl:
            self._table = (tbl, sum(1 for _ in tbl.itersiblings(W_TBL, preceding=True)))
        at = [self._table[1], list(tbl.iterchildren(W_TR)).index(tr), list(tr.iterchildren(W_TC)).index(tc)]
        self._tag(tuple(tc.iterchildren(W_P)), kind, key, at)

    def paragraphs(self, ps: Sequence[Any], kind: str, key: str) -> None:
        if ps:
            record = self._tag(tuple(ps), kind, key, None)
            self.in_body.append((record, ps[0], ps[-1]))

    def table_done(self) -> None:
        """Let go of the table last tagged: its tree is about to be dropped."""
        self._table = None

    def _tag(self, paragraphs: tuple[Any, ...], kind: str, key: str, at: list | None) -> dict:
        n = len(self.records)
        name = f"{PREFIX}{n}"
        _bookmark(paragraphs, name, str(self.next_id + n))
        record = {"name": name, "kind": kind, "id": key, "at": at,
                  "paragraphs": [list(paragraph_lines(p, self.strong_id)) for p in paragraphs]}
        self.records.append(record)
        return record


def paragraph_lines(p, strong_id: str | None) -> tuple[str, str]:
    """(label, text) of a paragraph as a reader sees it: tabs, line breaks and all.

    The label is the leading bold run ("Rating: ") the export writes in the Strong
    style; a paragraph without one has label "". Read the same way on export and import,
    so an untouched paragraph compares equal whatever the export put in it.
    """
    out: list[str] = []
    label = ""
    for r in p.iter(W_R):
        if r.getparent().tag == qn("w:del") or _in_field_code(r):
            continue
        text = "".join(_run_text(r))
        if not out and not label and strong_id and text.endswith(": ") and _run_style(r) == strong_id:
            label = text[:-2]
            continue
        out.append(text)
    return label, "".join(out)


def _run_text(r):
    for child in r:
        if child.tag == W_T:
            yield child.text or ""
        elif child.tag == W_TAB:
            yield "\t"
        elif child.tag in (W_BR, W_CR) and child.get(qn("w:type")) in (None, "textWrapping"):
            yield "\n"


def _run_style(r) -> str | None:
    style = r.find(f"{W_RPR}/{W_RSTYLE}")
    return None if style is None else style.get(W_VAL)


def _in_field_code(r) -> bool:
    return r.find(qn("w:instrText")) is not None


def embed(document: Document, data: dict, tags: Tags) -> None:
    """Store `data` with every tagged place and what it says, in one custom XML part."""
    children = {c: n for n, c in enumerate(document.element.body)}
    for record, first, last in tags.in_body:
        # Where body paragraphs are, for finding them if their bookmark goes: ["body", first, last,
        # children], trusted only while the body still has as many children.
        start, end = children.get(first), children.get(last)
        record["at"] = None if start is None or end is None else ["body", start, end, len(children)]
    _store(document, {"csf_submission": FORMAT, "assessment": data, "tags": tags.records})


def _bookmark(paragraphs: Sequence[Any], name: str, bookmark_id: str) -> None:
    first, last = paragraphs[0], paragraphs[-1]
    start = etree.Element(BOOKMARK_START, {W_ID: bookmark_id, W_NAME: name})
    ppr = first.find(W_PPR)
    if ppr is None:
        first.insert(0, start)
    else:
        ppr.addnext(start)
    last.append(etree.Element(BOOKMARK_END, {W_ID: bookmark_id}))


def _store(document: Document, payload: dict) -> None:
    """Replace any csf part (a template may be an earlier export) with one holding `payload`."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML and not rel.is_external and _is_ours(rel.target_part.blob):
            part.drop_rel(rel_id)
            part.rels.pop(rel_id, None)
    package = part.package
    item = Part(package.next_partname("/customXml/item%d.xml"), CONTENT_TYPE, _submission_xml(payload), package)
    props_name = PackURI(item.partname.replace("/item", "/itemProps"))
    props = Part(props_name, PROPS_TYPE, _props_xml(), package)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    part.relate_to(item, RT.CUSTOM_XML)


def _submission_xml(payload: dict) -> bytes:
    """The part: `payload` as JSON, the text of one element, as lxml writes it.

    Made as bytes once, the text escaped as lxml escapes it: given the JSON of 10,000
    answers as an element's text, lxml held it as text, as its tree and as the bytes
    written, three copies at once. Text lxml would refuse (U+FFFE, U+FFFF) goes to it.
    """
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    root = etree.Element(f"{{{NAMESPACE}}}submission", nsmap={"csf": NAMESPACE})
    root.set("format", str(FORMAT))
    if _NOT_XML.search(text):
        root.text = text  # raises, as it always has
    root.text = "-"
    head, tail = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).split(b">-<")
    body = text.encode("utf-8")
    del text
    body = body.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")  # JSON escapes every control character
    return b"".join((head, b">", body, b"<", tail))


def _props_xml() -> bytes:
    ds = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
    root = etree.Element(f"{{{ds}}}datastoreItem", nsmap={"ds": ds})
    root.set(f"{{{ds}}}itemID", ITEM_ID)
    refs = etree.SubElement(root, f"{{{ds}}}schemaRefs")
    etree.SubElement(refs, f"{{{ds}}}schemaRef").set(f"{{{ds}}}uri", NAMESPACE)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=False)


def _is_ours(blob: bytes) -> bool:
    return b"urn:csf:submission" in blob[:400]


def embedded(document: Document) -> dict | None:
    """The payload a csf export carries, or None when the document has none."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.CUSTOM_XML and not rel.is_external and _is_ours(rel.target_part.blob):
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
            try:
                root = etree.fromstring(rel.target_part.blob, parser)
                payload = json.loads(root.text or "")
            except (etree.XMLSyntaxError, ValueError):
                return None
            return payload if isinstance(payload, dict) and payload.get("csf_submission") == FORMAT else None
    return None


def find_span(document: Document, record: dict, starts: dict[str, list[Any]]) -> tuple[list[Any], str] | None:
    """The paragraphs now at a tagged place, and how they were found ("bookmark" or "position")."""
    found = starts.get(record.get("name"))
    if found:
        tc = next(found[0].iterancestors(W_TC), None)
        if tc is not None:
            return list(tc.iterchildren(W_P)), "bookmark"
        return _range(found), "bookmark"
    at = record.get("at")
    if isinstance(at, list) and len(at) == 4 and at[0] == "body" and all(isinstance(n, int) for n in at[1:]):
        children = list(document.element.body)
        first, last, total = at[1:]
        if len(children) == total and 0 <= first <= last < total and all(c.tag == W_P for c in children[first : last + 1]):
            return children[first : last + 1], "position"
    if isinstance(at, list) and len(at) == 3 and all(isinstance(n, int) for n in at):
        tables = list(document.element.body.iterchildren(W_TBL))
        t, r, c = at
        if t < len(tables):
            rows = list(tables[t].iterchildren(W_TR))
            if r < len(rows):
                cells = list(rows[r].iterchildren(W_TC))
                if c < len(cells):
                    return list(cells[c].iterchildren(W_P)), "position"
    return None


def _range(starts: list[Any]) -> list[Any]:
    """Body paragraphs from the bookmark's start to its end.

    LibreOffice may save one bookmark over several paragraphs as several starts of the
    same name and a single end: any of their ids ends it. A table, or another answer's
    bookmark, ends it too, so a lost end never swallows the rest of the document.
    """
    ids = {s.get(W_ID) for s in starts}
    name = starts[0].get(W_NAME)
    p = starts[0].getparent()
    out = [p]
    while not any(e.get(W_ID) in ids for e in p.iter(BOOKMARK_END)):
        p = p.getnext()
        if p is None or p.tag != W_P or any(
            (b.get(W_NAME) or "").startswith(PREFIX) and b.get(W_NAME) != name for b in p.iter(BOOKMARK_START)
        ):
            break
        out.append(p)
    return out


def bookmark_starts(document: Document) -> dict[str, list[Any]]:
    """csf's bookmarks by name, each with its start elements in document order."""
    out: dict[str, list[Any]] = {}
    for b in document.element.body.iter(BOOKMARK_START):
        name = b.get(W_NAME) or ""
        if name.startswith(PREFIX):
            out.setdefault(name, []).append(b)
    return out
