"""Reading YAML safely while remembering where each value came from.

We keep the composed node tree so that a schema error deep inside a document can be
reported with its line number, without parsing the file twice.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .errors import UnreadableFile, display



class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, except that dates stay text: 2009-13-01 is then a schema error
    with a path, not a crash, and a file round-trips exactly as written."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

MAX_BYTES = 50 * 1024 * 1024
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


@dataclass(frozen=True)
class Document:
    """Parsed YAML, and its text for finding line numbers when something is wrong."""

    file: str
    data: Any
    text: str = ""

    @cached_property
    def node(self) -> yaml.Node | None:
        """The node tree, composed only when a problem needs a line number: keeping it
        for every load would double the memory a 10,000-item assessment needs."""
        loader = _Loader(self.text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()

    def line(self, path: tuple[str | int, ...]) -> int | None:
        """Line (1-based) of the deepest node along `path` that exists."""
        if not self.text:
            return None
        node, line = self.node, None
        for part in path:
            if node is None:
                break
            line = node.start_mark.line + 1
            node = _child(node, part)
        if node is not None:
            line = node.start_mark.line + 1
        return line


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                return value
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def read_text(path: Path) -> str:
    """The file's text, or an error a person can act on (never a traceback)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableFile(f"{display(path)}: file is too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        return path.read_bytes().decode("utf-8")  # no newline translation: the digest is of the bytes
    except FileNotFoundError:
        raise UnreadableFile(f"{display(path)}: no such file") from None
    except IsADirectoryError:
        raise UnreadableFile(f"{display(path)}: is a directory, not a file") from None
    except UnicodeDecodeError as e:
        raise UnreadableFile(f"{display(path)}: not UTF-8 text (byte {e.start})") from None
    except OSError as e:
        raise UnreadableFile(f"{display(path)}: cannot read: {e.strerror}") from None


def parse(text: str, file: str) -> Document:
    """Parse one YAML document with the safe loader only."""
    bad = _first_control_char(text)
    if bad is not None:
        line, char = bad
        raise UnreadableFile(f"{file}:{line}: contains control character U+{ord(char):04X}; remove it")
    loader = _Loader(text)
    collecting = gc.isenabled()
    gc.disable()  # parsing makes no cycles; collecting while it allocates made big files superlinear
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise UnreadableFile(f"{file}{line}: not valid YAML: {e.problem or e.context}") from None
    except yaml.YAMLError as e:
        raise UnreadableFile(f"{file}: not valid YAML: {e}") from None
    except RecursionError:
        raise UnreadableFile(f"{file}: YAML nested too deeply") from None
    finally:
        loader.dispose()
        if collecting:
            gc.enable()
    if _has_shared_containers(data):
        raise UnreadableFile(f"{file}: anchors and aliases (& and *) are not supported here; write each part out in full")
    return Document(file, data, text)


def _has_shared_containers(data: Any) -> bool:
    """True when one list or mapping appears twice: a YAML alias. A few lines of aliases
    can stand for billions of nodes once expanded (by a fingerprint or an export), so
    files with them are refused before anything walks them."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, (dict, list)):
            if id(node) in seen:
                return True
            seen.add(id(node))
            stack.extend(node.values() if isinstance(node, dict) else node)
    return False


def _first_control_char(text: str) -> tuple[int, str] | None:
    """YAML forbids control characters; find one ourselves to say where it is, plainly."""
    match = _CONTROL.search(text)
    if match is None:
        return None
    return text.count("\n", 0, match.start()) + 1, match.group()


def load(path: Path) -> Document:
    return parse(read_text(path), display(path))


def dump(data: Any) -> str:
    """YAML a person can read and edit: block style, keys in the order given, Unicode kept."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=88)
