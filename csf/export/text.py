"""Making a borough's text safe to put in any export, without changing what it says.

Text pasted from Word or an e-mail can carry control characters that XML 1.0 cannot
hold at all (a .docx containing one will not open) and that HTML and CSV readers show
as garbage. Every exporter reads text through `clean`, so all formats agree on what
became of such a character: Word's own line and page breaks (vertical tab, form feed)
become line breaks, which is what the writer meant; any other character XML forbids
becomes U+FFFD, the visible replacement mark, so a reader can see that something was
there. Everything else (curly quotes, ✓, accents, non-Latin scripts, any length)
passes through unchanged.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

# XML 1.0 allows tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\x0b\x0c]")
_ANY = re.compile("[\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # what any of the passes below changes


def clean(text: str | None) -> str:
    """`text` with Word's pasted breaks made newlines and other XML-illegal characters made visible."""
    if not text:
        return ""
    if _ANY.search(text) is None:  # nearly every text: one look instead of four passes
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL.sub(REPLACEMENT, _BREAKS.sub("\n", text))
