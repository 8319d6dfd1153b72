"""`csf frameworks add | list | remove`: several versions of a framework installed together."""

from __future__ import annotations

import shutil

from csf.registry import BUNDLED

from .helpers import CSF_VERSIONS, mini, run, write_yaml
from .revised import write_revised


def test_add_installs_beside_the_bundled_version_and_list_says_where_each_came_from(tmp_path, capsys, data_dir):
    framework, _, new = write_revised(tmp_path)
    code, out, err = run(capsys, "frameworks", "add", str(framework))
    assert code == 0, err
    assert out.startswith(f"installed partnership-csf {new['version']}: ")
    assert (data_dir / "frameworks" / f"partnership-csf-{new['version']}.yaml").read_bytes() == framework.read_bytes()
    code, out, _ = run(capsys, "frameworks", "list")
    assert out.splitlines()[0].split()[:6] == ["ID", "VERSION", "ITEMS", "FINGERPRINT", "FROM", "TITLE"]
    rows = [line.split() for line in out.splitlines()[1:] if line.startswith("partnership-csf ")]
    assert [(r[1], r[2], r[4]) for r in rows] == [*((v, "49", "bundled") for v in CSF_VERSIONS), (new["version"], "50", "installed")]


def BUNDLED_VERSION() -> str:
    import yaml

    return yaml.safe_load((BUNDLED / "partnership-csf.yaml").read_text(encoding="utf-8"))["version"]


def test_an_assessment_on_the_older_version_still_opens_and_scores_on_it(tmp_path, capsys, repo):
    framework, _, new = write_revised(tmp_path)
    run(capsys, "frameworks", "add", str(framework))
    old = tmp_path / "old.yaml"
    code, *_ = run(capsys, "new", "--framework", "partnership-csf", "--version", BUNDLED_VERSION(), "--area", "Sutton", "-o", str(old))
    assert code == 0
    run(capsys, "answer", str(old), "6.14", "--rating", "partly-met", "--practice", "Kept on the old version.")
    code, out, err = run(capsys, "score", str(old))
    assert code == 0, err
    assert f"partnership-csf {BUNDLED_VERSION()}" in out.splitlines()[0]
    assert out.splitlines()[-1].split()[1:4] == ["50.0%", "1/2", "1"]
    newest = tmp_path / "new.yaml"
    code, out, _ = run(capsys, "new", "--framework", "partnership-csf", "--area", "Sutton", "-o", str(newest))
    assert f"partnership-csf {new['version']}" in out


def test_adding_the_same_file_twice_says_so_and_a_changed_file_under_a_used_version_is_refused(tmp_path, capsys):
    path = write_yaml(tmp_path / "mini.yaml", mini())
    assert run(capsys, "frameworks", "add", str(path))[0] == 0
    code, out, _ = run(capsys, "frameworks", "add", str(path))
    assert (code, out) == (0, "already installed: mini 1.0 (8 items)\n")
    changed = write_yaml(tmp_path / "mini-changed.yaml", mini(title="Another title"))
    code, _, err = run(capsys, "frameworks", "add", str(changed))
    assert code == 2
    assert err == ("error: mini-changed.yaml: mini 1.0 is already installed with different content; "
                   "give the changed framework a new version, or replace it with --force\n").replace("mini-changed.yaml", str(changed))
    code, out, _ = run(capsys, "frameworks", "add", "--force", str(changed))
    assert code == 0 and out.startswith("replaced mini 1.0")


def test_a_bundled_version_cannot_be_replaced(tmp_path, capsys, data_dir):
    import yaml

    data = yaml.safe_load((BUNDLED / "bvpi-225.yaml").read_text(encoding="utf-8"))
    data["title"] += " (edited)"
    path = write_yaml(tmp_path / "bvpi.yaml", data)
    code, _, err = run(capsys, "frameworks", "add", "--force", str(path))
    assert code == 2
    assert "is already bundled with different content; give the changed framework a new version\n" in err
    assert not (data_dir / "frameworks").exists()


def test_a_framework_file_with_a_duplicate_item_id_installs_nothing(tmp_path, capsys, data_dir):
    data = mini()
    data["sections"][1]["items"].append({"id": "1.3", "text": "Again"})
    bad = write_yaml(tmp_path / "dup.yaml", data)
    good = write_yaml(tmp_path / "good.yaml", mini(id="other"))
    code, out, err = run(capsys, "frameworks", "add", str(good), str(bad))
    assert code == 2 and out == ""
    assert err.splitlines() == [f"error: {bad}:55: sections[1].items[1].id: duplicate item id '1.3' (first at sections[0].items[2].id)"]
    assert not (data_dir / "frameworks").exists()


def test_remove_refuses_while_an_assessment_uses_the_version_unless_forced(tmp_path, capsys, monkeypatch, data_dir):
    path = write_yaml(tmp_path / "mini.yaml", mini())
    run(capsys, "frameworks", "add", str(path))
    monkeypatch.chdir(tmp_path)
    run(capsys, "new", "--framework", "mini", "--area", "Brent")
    code, _, err = run(capsys, "frameworks", "remove", "mini@1.0")
    assert code == 1
    assert err == ("error: mini 1.0 is used by 1 assessment(s): assessments/brent-mini.yaml; migrate them first "
                   "(`csf migrate FILE --to mini@VERSION`) or remove it anyway with --force\n")
    assert (data_dir / "frameworks" / "mini-1.0.yaml").exists()
    code, out, _ = run(capsys, "frameworks", "remove", "--force", "mini@1.0")
    assert code == 0 and out.startswith("removed mini@1.0")
    assert not (data_dir / "frameworks" / "mini-1.0.yaml").exists()
    code, _, err = run(capsys, "frameworks", "remove", "partnership-csf@" + BUNDLED_VERSION())
    assert code == 2 and "is bundled, not installed with `csf frameworks add`" in err


def test_remove_names_a_version_and_one_that_is_not_there(capsys):
    assert run(capsys, "frameworks", "remove", "mini")[2].startswith("error: 'mini': say which version to remove")
    code, _, err = run(capsys, "frameworks", "remove", "bvpi-225@1999.1")
    assert code == 2 and "has no version '1999.1' installed (have: " in err


def test_installed_files_are_readable_by_their_owner_only(tmp_path, capsys, data_dir):
    shutil.copy(BUNDLED / "bvpi-225.yaml", tmp_path / "x.yaml")
    path = write_yaml(tmp_path / "mini.yaml", mini())
    run(capsys, "frameworks", "add", str(path))
    assert (data_dir / "frameworks" / "mini-1.0.yaml").stat().st_mode & 0o077 == 0


def test_a_revised_version_and_its_mapping_install_together_and_migrate_finds_the_mapping(tmp_path, capsys, data_dir):
    from .revised import PARTS, SPLIT

    framework, mapping, new = write_revised(tmp_path)
    code, out, err = run(capsys, "frameworks", "add", str(framework), str(mapping))
    assert code == 0, err
    assert out.splitlines()[1] == f"installed mapping revised-mapping.yaml -> {data_dir / 'mappings' / 'revised-mapping.yaml'}"
    path = tmp_path / "a.yaml"
    run(capsys, "new", "--framework", "partnership-csf", "--version", BUNDLED_VERSION(), "--area", "Brent", "-o", str(path))
    run(capsys, "answer", str(path), SPLIT, "--practice", "Signed by all.")
    code, out, _ = run(capsys, "migrate", str(path), "--to", f"partnership-csf@{new['version']}")
    assert code == 0 and f"  to re-confirm: 2: {', '.join(PARTS)}" in out


def test_a_mapping_naming_unknown_ids_installs_nothing(tmp_path, capsys, data_dir):
    import yaml

    framework, mapping, _ = write_revised(tmp_path)
    data = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    data["pairs"][0]["from"] = "9.9"
    write_yaml(mapping, data)
    code, out, err = run(capsys, "frameworks", "add", str(framework), str(mapping))
    assert code == 2 and out == ""
    assert err.count("error: ") == 1 and "pairs[0].from: unknown item id '9.9' in partnership-csf " in err
    assert not (data_dir / "frameworks").exists() and not (data_dir / "mappings").exists()


def test_the_file_named_for_the_version_is_read_first_and_the_search_path_still_decides(tmp_path):
    """An assessment's framework is found without reading the other files named for its id
    (here a broken one), and a directory earlier in the search path still wins."""
    from csf.registry import Registry

    text = (BUNDLED / "partnership-csf.yaml").read_text(encoding="utf-8")
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "partnership-csf-2008.1.yaml").write_text("id: [unclosed", encoding="utf-8")
    (first / "partnership-csf.yaml").write_text(text.replace('\ntitle: "', '\ntitle: "First ', 1), encoding="utf-8")
    (second / "partnership-csf-2009.2.yaml").write_text(text.replace('\ntitle: "', '\ntitle: "Second ', 1), encoding="utf-8")
    framework = Registry([first, second]).get("partnership-csf", "2009.2")
    assert framework.title.startswith("First ")
    assert Registry([second, first]).get("partnership-csf", "2009.2").title.startswith("Second ")
