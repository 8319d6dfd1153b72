"""Generated borough submissions for compare and collect: invented areas, varied ratings, no personal data."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from .exporting import REGISTRY, REPO
from .helpers import write_yaml

CSF = REGISTRY.get("partnership-csf")
RATINGS = ["fully-met", "partly-met", "not-met", "not-applicable", None]


def borough_data(n: int, framework=CSF, period: str = "2009-10") -> dict:
    """Borough n's assessment: ratings cycle with n, so every borough scores differently."""
    answers = {}
    for i, item in enumerate(framework.items()):
        rating = RATINGS[(i * 3 + n) % len(RATINGS)] if (i + n) % 7 else None
        answer = {"practice": f"Borough {n} practice for {item.id}."}
        if rating:
            answer["rating"] = rating
            answer["evidence"] = [{"description": f"Minutes {n}-{item.id}", "source": "Partnership minutes", "date": "2009-06-01"}]
        answers[item.id] = answer
    return {
        "framework": {"id": framework.id, "version": framework.version, "fingerprint": framework.fingerprint},
        "area": f"Borough {n:02d}",
        "period": period,
        "answers": answers,
    }


def write_boroughs(directory: Path, count: int = 32) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    return [write_yaml(directory / f"borough-{n:02d}.yaml", borough_data(n)) for n in range(1, count + 1)]


def next_version(directory: Path) -> Path:
    """partnership-csf 2010.1 in `directory`: item 1.2 reworded, item 1.7 gone."""
    source = REPO / "frameworks" / "partnership-csf.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["version"] = "2010.1"
    change = {"what": "Revised for the tests: 1.2 reworded, 1.7 gone.", "why": "The comparison tests need a next version."}
    data["history"] = [*data.get("history", []), {"version": "2010.1", "date": "2026-12-01", "changes": [change]}]
    items = data["sections"][0]["items"]
    items[1]["text"] += " (revised)"
    data["sections"][0]["items"] = [i for i in items if i["id"] != "1.7"]
    data["rules"] = [r for r in data.get("rules", []) if "1.7" not in str(r)]
    directory.mkdir(parents=True, exist_ok=True)
    return write_yaml(directory / "partnership-csf-2010.1.yaml", data)
