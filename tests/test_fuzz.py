"""Fuzzing: malformed framework and assessment files through validate, score, check and export.

Whatever the file holds, every command ends with a message and exit 0, 1 or 2, never a
traceback (main() lets anything but csf's own errors and OS errors escape, so an
unexpected exception fails the test with its traceback).
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csf import store
from csf.assessment import new_assessment
from csf.registry import Registry

from .helpers import mini, run

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**20), st.floats(),
    st.text(max_size=30), st.sampled_from(["fully-met", "not-met", "1.1", "2009-13-45", "9999-12-31", "[/]", "=1+1", ""]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=4)
), max_leaves=12)
tokens = st.sampled_from(["&a ", "*a", "!!set ", "!!binary ", "<<: ", "- ", ": ", "{", "}", "[", "]", "'", '"', "\t", "\n",
                          "\\e", "\x00", "\x1b", "\ufeff", "\U0001f600", "#", "%YAML 1.1\n", "---\n", "...\n", "?", "|", ">"])


def _paths(data, path=()):
    yield path
    if isinstance(data, dict):
        for key, child in data.items():
            yield from _paths(child, (*path, key))
    elif isinstance(data, list):
        for index, child in enumerate(data):
            yield from _paths(child, (*path, index))


def _replace(data, path, value):
    if not path:
        return value
    data = copy.deepcopy(data)
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


@st.composite
def malformed(draw, data):
    """`data` as YAML with one value replaced at random, then the text cut or spliced."""
    paths = list(_paths(data))
    changed = _replace(data, draw(st.sampled_from(paths)), draw(values))
    text = yaml.safe_dump(changed, sort_keys=False, allow_unicode=True)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "cut", "truncate", "repeat"]))
        if action == "insert":
            text = text[:at] + draw(tokens) + text[at:]
        elif action == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif action == "truncate":
            text = text[:at]
        else:
            line_end = text.find("\n", at) + 1 or len(text)
            text = text[:line_end] + text[at:line_end] + text[line_end:]
    return text


def _every_command(capsys, assessment: Path, frameworks: Path | None = None) -> None:
    prefix = ["--frameworks-dir", str(frameworks)] if frameworks else []
    out = assessment.parent / "exports"
    out.mkdir(exist_ok=True)
    for command in (["validate"], ["score"], ["score", "--json"], ["check"],
                    ["export", "--format", "md", "-o", str(out)], ["export", "--format", "json", "-o", str(out)],
                    ["export", "--format", "csv", "-o", str(out)], ["export", "--format", "docx", "-o", str(out)]):
        code, _, err = run(capsys, *prefix, command[0], str(assessment), *command[1:])
        assert code in (0, 1, 2), (command, err)
        assert "Traceback" not in err


REGISTRY = Registry()
BASE_ASSESSMENT = new_assessment(REGISTRY.get("partnership-csf"), "Fuzzborough", "2009-10")


@SETTINGS
@given(data=st.data())
def test_malformed_assessments_never_crash_a_command(tmp_path_factory, capsys, data):
    directory = tmp_path_factory.mktemp("fuzz")
    answered = BASE_ASSESSMENT.to_data()
    answered["answers"] = {"1.1": {"rating": "fully-met", "practice": "Police attend.",
                                   "evidence": [{"description": "Minutes", "date": "2009-06-01"}]}}
    text = data.draw(malformed(answered))
    path = directory / "a.yaml"
    path.write_text(text, encoding="utf-8")
    _every_command(capsys, path)


@SETTINGS
@given(data=st.data())
def test_malformed_frameworks_never_crash_a_command(tmp_path_factory, capsys, data):
    directory = tmp_path_factory.mktemp("fuzzfw")
    frameworks = directory / "frameworks"
    frameworks.mkdir()
    framework = mini(rules=[{"id": "r1", "scope": "item", "severity": "warning", "require": "evidence_count > 0",
                             "message": "Evidence, please."}])
    (frameworks / "mini.yaml").write_text(yaml.safe_dump(framework, sort_keys=False), encoding="utf-8")
    assessment = directory / "a.yaml"
    store.create(assessment, new_assessment(Registry([frameworks]).get("mini"), "Fuzzborough", "2009-10"))
    text = data.draw(malformed(framework))
    (frameworks / "mini.yaml").write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "frameworks", "validate", str(frameworks / "mini.yaml"))
    assert code in (0, 1, 2) and "Traceback" not in err
    code, _, err = run(capsys, "--frameworks-dir", str(frameworks), "frameworks", "list")
    assert code in (0, 1, 2) and "Traceback" not in err
    _every_command(capsys, assessment, frameworks)
