"""Reading YAML safely while remembering where each value came from.

A schema error deep inside a document is reported with its line number: the node tree
that holds the lines is composed again from the text only when there is a problem to place.

Files are untrusted: a colleague's, headquarters', or one found in a shared folder.
Reading is bounded so that no file can exhaust the machine or crash a command: size,
nesting depth, aliases (refused: a few lines of them can stand for gigabytes once
written out), duplicate keys (refused: the second would silently replace the first),
tags with no plain-data meaning (!!set, !!binary, !!omap, !!pairs), and numbers too
long or not finite. Each refusal names the file and line and says what to do.
(Control characters written as escapes, pasted from a mail, are kept: every view
shows them harmlessly, and the CLI's output never passes them to the terminal.)
"""

from __future__ import annotations

import io
import os
import math
import re
import stat
from functools import cached_property
from pathlib import Path

import yaml

from .errors import UnreadableFile, display
from .frozen import frozen
from .memory import collector_paused

TYPE_CHECKING = False  # typing only for type checkers: importing it cost csf score 3%
if TYPE_CHECKING:
    from typing import Any



class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, except that dates stay text: 2009-13-01 is then a schema error
    with a path, not a crash, and a file round-trips exactly as written."""


    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep)
        if len(mapping) != len(node.value):  # a key given twice: the second would replace the first
            seen: dict[Any, yaml.Node] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key!r} appears twice in one mapping (also on line "
                        f"{seen[key].start_mark.line + 1}); keep one, or merge their text", key_node.start_mark)
                seen[key] = key_node
        return mapping

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # Python refuses to read integers of more than 4,300 digits
            raise yaml.constructor.ConstructorError(
                None, None, "a number too long to read; put it in quotes if it is meant as text", node.start_mark) from None

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        value = super().construct_yaml_float(node)
        if not math.isfinite(value):
            raise yaml.constructor.ConstructorError(
                None, None, "an infinite or not-a-number value (.inf, .nan, 1e999) cannot be used; write a number",
                node.start_mark)
        return value

    def refuse_tag(self, node: yaml.Node) -> None:
        raise yaml.constructor.ConstructorError(
            None, None, f"the tag {node.tag.rsplit(':', 1)[-1]} is not supported; write a plain list or mapping",
            node.start_mark)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
for _tag in ("set", "binary", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _Loader.refuse_tag)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

MAX_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 64  # lists and mappings inside each other; real files need fewer than ten
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


@frozen
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
        with open(path, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise UnreadableFile(f"{display(path)}: not a regular file; name a YAML file")
            data = f.read(MAX_BYTES + 1)  # no more than the limit, even if the file grows as it is read
        if len(data) > MAX_BYTES:
            size = max(info.st_size, len(data))
            raise UnreadableFile(f"{display(path)}: file is too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        return data.decode("utf-8")  # no newline translation: the digest is of the bytes
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
    try:
        with collector_paused():
            data = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = f":{mark.line + 1}" if mark else ""
        what = "" if isinstance(e, yaml.constructor.ConstructorError) and e.problem else "not valid YAML: "
        raise UnreadableFile(f"{file}{line}: {what}{e.problem or e.context}") from None
    except yaml.YAMLError as e:
        raise UnreadableFile(f"{file}: not valid YAML: {e}") from None
    except RecursionError:
        raise UnreadableFile(f"{file}: lists or mappings nested too deeply (over {MAX_DEPTH} levels)") from None
    finally:
        loader.dispose()
    doc = Document(file, data, text)
    found = _unbounded(data, anchors=_may_hold_anchor(text))
    if found is not None:
        path, message = found
        line = doc.line(path)
        raise UnreadableFile(f"{file}{'' if line is None else f':{line}'}: {message}")
    return doc


def _unbounded(data: Any, anchors: bool) -> tuple[tuple[str | int, ...], str] | None:
    """The first value that would make a later step unbounded, with its path and why.

    One pass over every value: an object met twice is a YAML alias (a few lines of them
    can stand for billions of characters once written out by a save or an export);
    nesting deeper than MAX_DEPTH overflows the writers. Scalars count as aliases too:
    the loader builds a new object for each one written out, and shares it only for `*`.
    They are tracked only when the text may hold an anchor (`&name`): most files do not.
    """
    seen: set[int] = set()
    stack: list[tuple[Any, int, Any]] = [(data, 0, None)]  # value, depth, (parent's trail, key)
    while stack:
        node, depth, trail = stack.pop()
        kind = type(node)
        if kind is dict or kind is list:
            if depth >= MAX_DEPTH:
                return _path(trail), f"lists or mappings nested more than {MAX_DEPTH} levels deep; flatten it"
            for key, child in (node.items() if kind is dict else enumerate(node)):
                if kind is dict and anchors:  # a key can be an alias too
                    stack.append((key, depth + 1, (trail, key)))
                stack.append((child, depth + 1, (trail, key)))
        elif kind is str:
            if not anchors or len(node) < 2:
                continue  # Python shares one-character texts itself
        elif not anchors or not (kind is float or kind is int and not -5 <= node <= 256):
            continue  # None, booleans and small numbers are shared by Python itself
        if id(node) in seen:
            return _path(trail), "anchors and aliases (& and *) are not supported; write each part out in full"
        seen.add(id(node))
    return None


def _may_hold_anchor(text: str) -> bool:
    """Whether an `&` could start an anchor: after a space, a line break, `[`, `{` or `,`,
    and before a name. `R&D` and `police & health` cannot; str.find keeps this quick."""
    at = text.find("&")
    while at != -1:
        before = text[at - 1] if at else " "
        after = text[at + 1 : at + 2]
        if before in " \t\r\n[{," and after and not after.isspace():
            return True
        at = text.find("&", at + 1)
    return False


def _path(trail: Any) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    while trail is not None:
        trail, key = trail
        parts.append(key)
    return tuple(reversed(parts))


def _first_control_char(text: str) -> tuple[int, str] | None:
    """YAML forbids control characters; find one ourselves to say where it is, plainly."""
    match = _CONTROL.search(text)
    if match is None:
        return None
    return text.count("\n", 0, match.start()) + 1, match.group()


def load(path: Path) -> Document:
    return parse(read_text(path), display(path))


def dump(data: Any) -> str:
    """YAML a person can read and edit: block style, keys in the order given, Unicode kept.

    libyaml writes characters beyond U+FFFF (emoji, some CJK) as \\U escapes; when that
    happens the pure-Python emitter, which writes them as themselves, redoes the text,
    unless its text would read back otherwise (it leaves NEL, U+0085, unquoted, where
    YAML folds it into a space): then the escapes stay.
    """
    options = {"sort_keys": False, "allow_unicode": True, "default_flow_style": False, "width": 88}
    text = yaml.dump(data, Dumper=_Dumper, **options)
    if "\\U" in text:
        unescaped = yaml.dump(data, Dumper=yaml.SafeDumper, **options)
        if _reads_as(unescaped) == data:
            return unescaped
    return text


def dump_over(old_text: str, old_data: Any, new_data: Any, header: str) -> str:
    """`header` + `new_data` as YAML, keeping what a person wrote in `old_text` by hand.

    A file as csf wrote it has nothing to keep, and is written by `dump` (fast). A file
    edited by hand may hold comments ("DO NOT DELETE …") and values in forms PyYAML
    reads by YAML 1.1 rules (`017`, `1:30`, `yes`): ruamel.yaml, a round-trip parser,
    reads it into a tree that remembers them, only the values that changed are replaced,
    and the tree is written back. Only saves of hand-edited files pay for it; reading
    stays with libyaml.
    """
    if old_text == header + dump(old_data):
        return header + dump(new_data)
    from ruamel.yaml import YAML

    rt = YAML()  # round trip
    rt.width = 88
    rt.preserve_quotes = True
    tree = rt.load(old_text)
    out = io.StringIO()
    rt.dump(_graft(tree, old_data, new_data), out)
    text = out.getvalue()
    text = text if text.startswith(header) else header + text
    if _reads_as(text) != new_data:  # a form ruamel writes that reads back otherwise: words before comments
        return header + dump(new_data)
    return text


def _reads_as(text: str) -> Any:
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _graft(tree: Any, old: Any, new: Any) -> Any:
    """`new`, reusing the parts of `tree` (ruamel's nodes for `old`) that did not change.

    `old` is what PyYAML read from the same text, so old == new means the person's
    spelling of that value still says what csf means, and the node is kept as written.
    Mapping keys are matched as text ('1.1' and 1.1 are the same item id).
    """
    if type(old) is type(new) and old == new:
        return tree
    if isinstance(new, dict) and isinstance(old, dict) and isinstance(tree, dict) and len(tree) == len(old):
        by_text = {str(o): t for o, t in zip(old, tree)}
        olds = {str(o): o for o in old}
        for key in [t for o, t in zip(old, tree) if str(o) not in {str(k) for k in new}]:
            del tree[key]
        for position, (key, value) in enumerate(new.items()):
            if str(key) in by_text:
                tkey = by_text[str(key)]
                tree[tkey] = _graft(tree[tkey], old[olds[str(key)]], value)
            else:
                tree.insert(min(position, len(tree)), _fresh(key), _fresh(value))
        return tree
    if isinstance(new, list) and isinstance(old, list) and isinstance(tree, list) and len(tree) == len(old):
        for i, value in enumerate(new[: len(old)]):
            tree[i] = _graft(tree[i], old[i], value)
        del tree[len(new) :]
        tree.extend(_fresh(v) for v in new[len(old) :])
        return tree
    return _fresh(new)


def _fresh(value: Any) -> Any:
    """A new value for ruamel to write, quoted where a YAML 1.1 reader would take it for
    something else: ruamel writes YAML 1.2, in which `yes`, `017` and `1:30` are text."""
    if isinstance(value, dict):
        return {_fresh(k): _fresh(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fresh(v) for v in value]
    if isinstance(value, str) and any(c in value for c in _BREAKS):
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        return DoubleQuotedScalarString(value)  # escaped: unquoted, YAML folds these line breaks into spaces
    if isinstance(value, str) and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) not in _TEXT_TAGS:
        from ruamel.yaml.scalarstring import SingleQuotedScalarString

        return SingleQuotedScalarString(value)
    return value


_BREAKS = "\x85\u2028\u2029"  # NEL and the Unicode line and paragraph separators


_RESOLVER = yaml.resolver.Resolver()
_TEXT_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp")  # our loader reads dates as text
