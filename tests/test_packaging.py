"""A wheel carries everything csf needs at run time, not only what an editable install sees."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path


def test_wheel_contains_frameworks_schemas_templates_and_every_module(tmp_path, repo):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(repo)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("csf-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"csf/frameworks/{p.name}" for p in (repo / "frameworks").iterdir() if p.suffix in (".yaml", ".json")}
    expected |= {f"csf/frameworks/mappings/{p.name}" for p in (repo / "frameworks" / "mappings").glob("*.yaml")}
    expected |= {str(p.relative_to(repo)) for p in (repo / "csf").rglob("*") if p.suffix in (".py", ".json", ".j2", ".tcss")}
    expected = {name for name in expected if "__pycache__" not in name}
    assert expected - names == set()
    assert "csf/frameworks/partnership-csf.yaml" in names and "csf/assessment.schema.json" in names


def test_installed_files_are_found_through_the_package():
    from csf.registry import BUNDLED

    assert Path(BUNDLED, "framework.schema.json").is_file()
