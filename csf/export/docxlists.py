"""Real Word lists for the bullet and numbered items of a practice text (see richtext).

A list paragraph in Word is an ordinary paragraph with a numbering reference (w:numPr)
into the document's numbering part: Word and LibreOffice then draw the bullet or the
number and the hanging indent, and a reader can restyle or renumber the list in Word.
We add two single-level definitions (bullet, decimal) once per document. Bullet lists
share one numbering instance; each numbered list gets its own, starting at the number
its first item was written with, so a second list does not carry on from the first.
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn
from lxml.etree import SubElement

INDENT_TWIPS = 360  # a quarter inch: the hanging indent of a list item


class Lists:
    def __init__(self, document: Document):
        self.numbering = document.part.numbering_part.element
        self._abstract: dict[str, str] = {}
        self._bullet: str | None = None

    def bullet(self) -> str:
        """The numbering id every bullet list uses."""
        if self._bullet is None:
            self._bullet = self._num("bullet", 1)
        return self._bullet

    def numbered(self, start: int) -> str:
        """A new numbering id for one numbered list, starting at `start`."""
        return self._num("decimal", start)

    def _num(self, kind: str, start: int) -> str:
        abstract = self._abstract.get(kind) or self._define(kind)
        num_id = str(self._next_id("w:num", "w:numId"))
        num = SubElement(self.numbering, qn("w:num"), {qn("w:numId"): num_id})
        SubElement(num, qn("w:abstractNumId"), {qn("w:val"): abstract})
        override = SubElement(num, qn("w:lvlOverride"), {qn("w:ilvl"): "0"})
        SubElement(override, qn("w:startOverride"), {qn("w:val"): str(start)})
        return num_id

    def _define(self, kind: str) -> str:
        abstract_id = str(self._next_id("w:abstractNum", "w:abstractNumId"))
        element = self.numbering.makeelement(qn("w:abstractNum"), {qn("w:abstractNumId"): abstract_id})
        SubElement(element, qn("w:multiLevelType"), {qn("w:val"): "singleLevel"})
        level = SubElement(element, qn("w:lvl"), {qn("w:ilvl"): "0"})
        SubElement(level, qn("w:start"), {qn("w:val"): "1"})
        SubElement(level, qn("w:numFmt"), {qn("w:val"): kind})
        SubElement(level, qn("w:lvlText"), {qn("w:val"): "•" if kind == "bullet" else "%1."})
        SubElement(level, qn("w:lvlJc"), {qn("w:val"): "left"})
        p_pr = SubElement(level, qn("w:pPr"))
        SubElement(p_pr, qn("w:ind"), {qn("w:left"): str(INDENT_TWIPS), qn("w:hanging"): str(INDENT_TWIPS)})
        first_num = self.numbering.find(qn("w:num"))  # every abstractNum comes before the first num
        if first_num is None:
            self.numbering.append(element)
        else:
            first_num.addprevious(element)
        self._abstract[kind] = abstract_id
        return abstract_id

    def _next_id(self, tag: str, attribute: str) -> int:
        used = [int(e.get(qn(attribute))) for e in self.numbering.iterchildren(qn(tag))]
        return max(used, default=0) + 1
