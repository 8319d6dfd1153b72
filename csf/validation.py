"""Schema validation that reports like a person would: file, line, path, what is wrong."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from .errors import Problem
from .yamlio import Document

Path_ = tuple[str | int, ...]


def dotted(path: Iterable[str | int]) -> str:
    """`('sections', 2, 'items', 4, 'text')` → `sections[2].items[4].text`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@cache
def validator(schema_path: Path):  # -> jsonschema.Validator
    """Compiled once per process: building a validator is the slow part."""
    import jsonschema

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(_inline_refs(schema, schema.get("$defs", {})), format_checker=cls.FORMAT_CHECKER)


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """Replace local `$ref`s by what they point at. Our schemas are not recursive, and
    resolving a reference for every item of a 10,000-item file was a third of the time."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            siblings = {k: v for k, v in node.items() if k != "$ref"}  # only annotations in our schemas
            return _inline_refs(defs[ref.removeprefix("#/$defs/")] | siblings, defs)
        return {k: _inline_refs(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def schema_problems(doc: Document, schema_path: Path) -> list[Problem]:
    """Every way `doc` breaks the schema, in document order."""
    problems = []
    for error in validator(schema_path).iter_errors(doc.data):
        for path, message in _explain(error):
            problems.append(Problem(doc.file, dotted(path), message, doc.line(path)))
    # jsonschema reports `required` once per missing property; keep each problem once
    return sorted(dict.fromkeys(problems), key=lambda p: (p.line or 0, p.path))


def _explain(error: Any) -> list[tuple[Path_, str]]:
    """Turn one jsonschema error into messages naming the field, not the schema keyword."""
    path: Path_ = tuple(error.absolute_path)
    kind, expected, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        return [(path + (name,), "required") for name in expected if name not in instance]
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        return [(path + (name,), "unknown field") for name in instance if name not in allowed]
    if kind == "type":
        names = expected if isinstance(expected, list) else [expected]
        return [(path, f"must be {' or '.join(_TYPE_WORDS.get(n, n) for n in names)}, not {_describe(instance)}")]
    if kind == "enum":
        return [(path, f"must be one of {', '.join(map(str, expected))}; got {instance!r}")]
    if kind in ("minLength", "pattern") and isinstance(instance, str) and not instance.strip():
        return [(path, "must not be empty")]
    if kind in ("pattern", "format") and "x-message" in error.schema:  # our schemas word their own advice
        return [(path, f"{instance!r} is not allowed here: {error.schema['x-message']}")]
    if kind == "minItems":
        return [(path, f"needs at least {expected} entr{'y' if expected == 1 else 'ies'}")]
    if kind in ("minimum", "maximum"):
        return [(path, f"{instance!r} is {'below the minimum' if kind == 'minimum' else 'above the maximum'} {expected}")]
    if kind == "format":
        return [(path, f"{instance!r} is not a valid {expected}")]
    return [(path, error.message)]


_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return type(value).__name__
