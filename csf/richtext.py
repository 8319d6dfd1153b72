"""The small Markdown subset practice and narrative texts may use, read once for every export.

A partnership's return has bold subheadings and bullet lists (Lambeth's does), so a
text may use:

- paragraphs, separated by a blank line (a single newline is a line break);
- **bold**, between double asterisks, within one paragraph;
- bullet lists, each item a line starting "- " (or "* " or "• ");
- numbered lists, each item a line starting "1. " (or "1) "), numbered as written.

Nothing else is markup: a lone asterisk, an underscore or a "#" stays as typed, so
plain text stays plain. A backslash before "*", "-", "•" or a digit keeps it literal
("\\- 5 refuges" is not a list). Word renders bold as real bold runs and lists as list
paragraphs; HTML and Markdown as their own; CSV and other plain views as text with
"•" and "1." before list items.
"""

from __future__ import annotations

import re

from .frozen import frozen

Span = tuple[str, bool]  # (text, bold)

_BULLET = re.compile(r"^[-*•][ \t]+(.*)$")
_NUMBER = re.compile(r"^(\d{1,4})[.)][ \t]+(.*)$")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
_ESCAPED = re.compile(r"\\([*\-•\d\\])")
_BLANK = re.compile(r"\n[ \t]*\n\s*")


@frozen
class Block:
    """One paragraph or list item."""

    kind: str  # "paragraph" | "bullet" | "number"
    spans: tuple[Span, ...]
    number: int = 0  # a numbered item's number as written
    opens: bool = False  # the first item of its list
    closes: bool = False  # the last item of its list

    @property
    def text(self) -> str:
        """The words without markup."""
        return "".join(text for text, _ in self.spans)

    @property
    def plain(self) -> str:
        """As a plain-text view shows it: '• item', '2. item', or the paragraph."""
        prefix = {"bullet": "• ", "number": f"{self.number}. "}.get(self.kind, "")
        return prefix + self.text


def parse(text: str) -> tuple[Block, ...]:
    """Blocks of an already cleaned text (see export.text.clean), in order."""
    blocks: list[tuple[str, str, int]] = []  # (kind, raw text, number)
    for chunk in _BLANK.split(text.strip()) if text.strip() else ():
        paragraph: list[str] = []
        for line in chunk.split("\n"):
            item = _item(line.strip())
            if item is None:
                if blocks and blocks[-1][0] != "paragraph" and not paragraph and line[:1] in (" ", "\t"):
                    kind, raw, number = blocks.pop()  # an indented line continues the list item above
                    blocks.append((kind, f"{raw}\n{line.strip()}", number))
                else:
                    paragraph.append(line.strip())
                continue
            if paragraph:
                blocks.append(("paragraph", "\n".join(paragraph), 0))
                paragraph = []
            blocks.append(item)
        if paragraph:
            blocks.append(("paragraph", "\n".join(paragraph), 0))
        blocks.append(("break", "", 0))  # lists end at a blank line
    out: list[Block] = []
    for i, (kind, raw, number) in enumerate(blocks):
        if kind == "break":
            continue
        before = blocks[i - 1][0] if i else "break"
        after = blocks[i + 1][0] if i + 1 < len(blocks) else "break"
        listed = kind != "paragraph"
        out.append(Block(kind, spans(raw), number, listed and before != kind, listed and after != kind))
    return tuple(out)


def _item(line: str) -> tuple[str, str, int] | None:
    if match := _BULLET.match(line):
        return ("bullet", match.group(1), 0)
    if match := _NUMBER.match(line):
        return ("number", match.group(2), int(match.group(1)))
    return None


def spans(text: str) -> tuple[Span, ...]:
    """(text, bold) runs of one block; escapes resolved."""
    out: list[Span] = []
    last = 0
    for match in _BOLD.finditer(text):
        if match.start() > last:
            out.append((_unescape(text[last : match.start()]), False))
        out.append((_unescape(match.group(1)), True))
        last = match.end()
    if last < len(text):
        out.append((_unescape(text[last:]), False))
    return tuple(s for s in out if s[0])


def _unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


def plain(text: str) -> str:
    """A whole text as plain views show it: paragraphs and list items, markup removed."""
    out, previous = [], None
    for block in parse(text):
        joiner = "\n" if previous is not None and previous.kind != "paragraph" and not block.opens and block.kind != "paragraph" else "\n\n"
        out.append((joiner if out else "") + block.plain)
        previous = block
    return "".join(out)
