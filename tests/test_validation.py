"""The fast yes/no schema check and the explaining validator must agree on what is accepted."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csf import validation, yamlio
from csf.assessment import SCHEMA as ASSESSMENT_SCHEMA
from csf.framework import SCHEMA as FRAMEWORK_SCHEMA

from .conftest import REPO


def _explained(data, schema) -> bool:
    """jsonschema's verdict, which is the one csf gives."""
    return not any(True for _ in validation.validator(schema).iter_errors(data))


def _fast(data, schema) -> bool:
    return validation._fast_check(schema)(copy.deepcopy(data))


EXAMPLES = {
    ASSESSMENT_SCHEMA: yamlio.parse(yamlio.read_text(REPO / "assessments" / "examples" / "lambeth.yaml"), "lambeth").data,
    FRAMEWORK_SCHEMA: yamlio.parse(yamlio.read_text(REPO / "frameworks" / "partnership-csf.yaml"), "csf").data,
}

# Values that break one rule or another of the schemas: wrong types, bad dates, empties.
ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 10**20), st.floats(allow_nan=False), st.text(max_size=5),
    st.sampled_from(["", " ", "2009-02-30", "2009-13-01", "2009-03-12", "2009-03-12\n", "fully-met", "x" * 300]),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _paths(node, prefix=()):
    """Every path into a document, for choosing where to damage it."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _damaged(data, path, value, delete: bool):
    data = copy.deepcopy(data)
    if not path:
        return value
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return data


@pytest.mark.parametrize("schema", list(EXAMPLES), ids=["assessment", "framework"])
def test_the_shipped_files_pass_the_fast_check(schema):
    assert _fast(EXAMPLES[schema], schema) and _explained(EXAMPLES[schema], schema)


@pytest.mark.parametrize("schema", list(EXAMPLES), ids=["assessment", "framework"])
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_fast_check_accepts_only_what_jsonschema_accepts(schema, data):
    paths = list(_paths(EXAMPLES[schema]))
    path = data.draw(st.sampled_from(paths))
    document = _damaged(EXAMPLES[schema], path, data.draw(ODD_VALUES), data.draw(st.booleans()))
    fast, explained = _fast(document, schema), _explained(document, schema)
    assert fast == explained or not fast, f"fast check accepted what jsonschema refuses at {path}"


def test_a_changed_schema_is_never_checked_with_the_code_generated_for_the_old_one(tmp_path):
    schema = tmp_path / "thing.schema.json"
    document = yamlio.Document("thing.yaml", {"b": 1})
    schema.write_text(json.dumps({"type": "object", "required": ["b"]}), encoding="utf-8")
    assert validation.schema_problems(document, schema) == []  # accepted by the fast check
    schema.write_text(json.dumps({"type": "object", "required": ["a"]}), encoding="utf-8")
    for cached in (validation._fast_check, validation._schema, validation.validator):
        cached.cache_clear()  # a new process: only the cache directory remembers the old schema
    assert [p.path for p in validation.schema_problems(document, schema)] == ["a"]


def test_an_unwritable_cache_still_checks(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("CSF_CACHE_DIR", str(blocked))
    validation._fast_check.cache_clear()
    try:
        check = validation._fast_check(ASSESSMENT_SCHEMA)
        assert check(EXAMPLES[ASSESSMENT_SCHEMA]) and not check({"area": 3})
    finally:
        validation._fast_check.cache_clear()


def test_a_framework_file_changed_after_it_was_cached_is_read_afresh(tmp_path):
    from csf.framework import load_framework

    path = tmp_path / "partnership-csf.yaml"
    text = (REPO / "frameworks" / "partnership-csf.yaml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = load_framework(path)
    again = load_framework(path)  # from the cache
    assert (again.fingerprint, again.sections) == (first.fingerprint, first.sections)
    path.write_text(text.replace("\ntitle: \"", "\ntitle: \"Revised ", 1), encoding="utf-8")
    assert load_framework(path).title.startswith("Revised")


def test_a_damaged_cache_entry_is_ignored(tmp_path, monkeypatch):
    from csf.framework import load_framework

    monkeypatch.setenv("CSF_CACHE_DIR", str(tmp_path / "cache"))
    path = REPO / "frameworks" / "bvpi-225.yaml"
    expected = load_framework(path)
    for entry in (tmp_path / "cache" / "frameworks").iterdir():
        entry.write_text('{"id": "bvpi-225", "trunc', encoding="utf-8")
    again = load_framework(path)
    texts = [(item.id, item.text) for item in again.items()]
    assert (again.fingerprint, len(again.rules), texts) == (expected.fingerprint, len(expected.rules), [(i.id, i.text) for i in expected.items()])
