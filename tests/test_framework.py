"""Loading frameworks: the bundled ones are valid, and bad files say exactly what is wrong."""

from __future__ import annotations

import pytest
import yaml

from csf.errors import InvalidFile, UnreadableFile
from csf.framework import load_framework
from csf.registry import BUNDLED, Registry

from .helpers import mini, write_yaml

BUNDLED_FILES = sorted(BUNDLED.glob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda p: p.stem)
def test_bundled_framework_loads_and_is_named_after_its_id(path):
    framework = load_framework(path)
    assert path.stem in (framework.id, f"{framework.id}-{framework.version}")  # ID.yaml now, ID-VERSION.yaml before
    assert framework.item_count == len({item.id for item in framework.items()})


def test_the_current_version_is_the_newest_and_earlier_ones_still_open():
    registry = Registry()
    for path in BUNDLED_FILES:
        framework = load_framework(path)
        if path.stem == framework.id:
            assert registry.get(framework.id).fingerprint == framework.fingerprint
            assert framework.history[-1].version == framework.version
        else:
            assert registry.get(framework.id, framework.version).fingerprint == framework.fingerprint
            assert framework.version in [r.version for r in registry.get(framework.id).history]


def test_the_four_frameworks_are_bundled():
    assert {f.id for f in Registry().all()} >= {"partnership-csf", "bexley-ppg", "bvpi-225", "dsvb-brief"}


def test_fingerprint_ignores_layout_but_not_content(tmp_path):
    original = load_framework(BUNDLED / "partnership-csf.yaml")
    data = yaml.safe_load((BUNDLED / "partnership-csf.yaml").read_text(encoding="utf-8"))
    reformatted = tmp_path / "reformatted.yaml"
    reformatted.write_text(yaml.safe_dump(data, default_flow_style=True, width=10_000), encoding="utf-8")
    assert load_framework(reformatted).fingerprint == original.fingerprint
    data["sections"][0]["items"][0]["text"] += "!"
    assert load_framework(write_yaml(tmp_path / "changed.yaml", data)).fingerprint != original.fingerprint


def problems_of(tmp_path, data) -> list[str]:
    path = write_yaml(tmp_path / "fw.yaml", data)
    with pytest.raises(InvalidFile) as caught:
        load_framework(path)
    return [str(p).replace(str(path), "fw.yaml").replace(path.name, "fw.yaml") for p in caught.value.problems]


def test_missing_item_text_names_file_line_and_path(tmp_path):
    data = mini()
    del data["sections"][0]["items"][4]["text"]
    [problem] = problems_of(tmp_path, data)
    text = (tmp_path / "fw.yaml").read_text().splitlines()
    line = int(problem.split(":")[1])
    assert "id: '1.5'" in text[line - 1]
    assert problem.endswith(": sections[0].items[4].text: required")


def test_wrong_type_and_unknown_field_are_both_listed(tmp_path):
    data = mini(version=2)
    data["sections"][1]["colour"] = "red"
    problems = problems_of(tmp_path, data)
    assert any(p.endswith("version: must be text, not the number 2") for p in problems)
    assert any(p.endswith("sections[1].colour: unknown field") for p in problems)


def test_duplicate_item_id_points_at_the_second_one(tmp_path):
    data = mini()
    data["sections"][1]["items"][0]["id"] = "1.3"
    [problem] = problems_of(tmp_path, data)
    assert problem.endswith("sections[1].items[0].id: duplicate item id '1.3' (first at sections[0].items[2].id)")


def test_two_not_applicable_values_are_refused(tmp_path):
    data = mini()
    data["scale"]["values"][2] = {"id": "not-met", "label": "Not met", "not_applicable": True}
    assert any("only one value may mean not applicable" in p for p in problems_of(tmp_path, data))


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"items": ["9.9"]}, "rules[0].items[0]: unknown item id '9.9'"),
        ({"require": "evidence_cont >= 1"}, "rules[0].require: unknown name 'evidence_cont'"),
        ({"require": "practice.strip()"}, "rules[0].require: attribute access (a.b) is not allowed"),
        ({"require": "__import__('os')"}, "rules[0].require: only the functions len, min, max, abs may be called"),
        ({"when": "rating == 'fully'"}, "rules[0].when: 'fully' is not a value of the scale"),
        ({"require": "evidence_count >="}, "rules[0].require: not a valid expression"),
    ],
)
def test_bad_rules_fail_at_load_with_the_rules_path(tmp_path, rule, expected):
    base = {"id": "r", "scope": "item", "require": "evidence_count >= 1", "message": "m"}
    [problem] = problems_of(tmp_path, mini(rules=[{**base, **rule}]))
    assert expected in problem


def test_malformed_yaml_gives_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nsections: [\n  - a: b\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match=r"bad\.yaml:\d+: not valid YAML"):
        load_framework(path)


def test_control_character_is_located(tmp_path):
    path = tmp_path / "ctl.yaml"
    path.write_text("id: x\ntitle: bell\x07\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match=r"ctl\.yaml:2: contains control character U\+0007"):
        load_framework(path)


def test_not_a_mapping(tmp_path):
    [problem] = problems_of(tmp_path, ["a", "list"])
    assert problem.endswith("fw.yaml:1: must be a mapping, not a list")


def test_yaml_aliases_are_refused_before_anything_expands_them(tmp_path):
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("metadata:\n" + "".join(f"  {line}\n" for line in levels), encoding="utf-8")
    with pytest.raises(UnreadableFile, match=r"bomb\.yaml:2: anchors and aliases \(& and \*\) are not supported"):
        load_framework(path)
