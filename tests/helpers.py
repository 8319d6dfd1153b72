"""Small builders shared by tests: a minimal valid framework, and running the CLI."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from csf.cli import main
from csf.registry import Registry

# The bundled partnership-csf's current version: tests name it rather than a number a revision changes.
CSF_VERSION = Registry().get("partnership-csf").version
# Every bundled version of it, as `frameworks list` and error messages give them: earlier ones stay bundled.
CSF_VERSIONS = tuple(f.version for f in Registry().all() if f.id == "partnership-csf")

MINI: dict[str, Any] = {
    "id": "mini",
    "version": "1.0",
    "title": "A two-section test framework",
    "publisher": "csf tests",
    "source": {"document": "tests", "date": "2026"},
    "columns": {"section": "Factor", "checklist": "Checklist", "practice": "Practice in {area}"},
    "scale": {
        "values": [
            {"id": "fully-met", "label": "Fully met", "points": 2},
            {"id": "partly-met", "label": "Partly met", "points": 1},
            {"id": "not-met", "label": "Not met", "points": 0},
            {"id": "not-applicable", "label": "Not applicable", "not_applicable": True},
        ]
    },
    "scoring": {"method": "points", "denominator": "answered", "decimals": 1},
    "sections": [
        {"id": "1", "number": "1", "title": "First", "items": [{"id": f"1.{i}", "text": f"Item 1.{i}"} for i in range(1, 8)]},
        {"id": "2", "number": "2", "title": "Second", "items": [{"id": "2.1", "text": "Item 2.1"}]},
    ],
    "rules": [],
}


def mini(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(MINI)
    data.update(changes)
    return data


def write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run `csf argv…` in-process; return (exit code, stdout, stderr)."""
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err
