"""A revised partnership-csf written for the tests, and the mapping from the bundled one.

Built from the bundled file so that it follows whatever that file says today: one item
reworded (1.2), one split in two (3.2 -> 3.2a, 3.2b), one removed (6.14), one added
(5.6), one moved between sections (2.7, into factor 3).
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from csf.registry import BUNDLED

from .helpers import write_yaml

REWORDED, SPLIT, REMOVED, ADDED, MOVED = "1.2", "3.2", "6.14", "5.6", "2.7"
PARTS = ("3.2a", "3.2b")
ADDED_TEXT = "Written for the tests: an item the revised version adds."


def bundled() -> dict:
    return yaml.safe_load((BUNDLED / "partnership-csf.yaml").read_text(encoding="utf-8"))


def revised_data() -> dict:
    data = copy.deepcopy(bundled())
    data["version"] = data["version"] + "-revised"
    change = {"what": "Revised for the tests: one of each kind of change.", "why": "The migration tests need them."}
    data["history"] = [*data.get("history", []), {"version": data["version"], "date": "2026-12-01", "changes": [change]}]
    sections = {s["id"]: s for s in data["sections"]}
    item = {i["id"]: (s, i) for s in data["sections"] for i in s["items"]}
    item[REWORDED][1]["text"] += " and reviewed every year"
    section, split = item[SPLIT]
    words = split["text"].split()
    half = len(words) // 2
    parts = [dict(split, id=PARTS[0], text=" ".join(words[:half])), dict(split, id=PARTS[1], text=" ".join(words[half:]))]
    at = section["items"].index(split)
    section["items"][at:at + 1] = parts
    removed_from, removed = item[REMOVED]
    removed_from["items"].remove(removed)
    sections["5"]["items"].append({"id": ADDED, "marker": "✓", "text": ADDED_TEXT})
    moved_from, moved = item[MOVED]
    moved_from["items"].remove(moved)
    sections["3"]["items"].append(moved)
    for rule in data.get("rules", []):
        if "items" in rule:
            rule["items"] = [i for i in rule["items"] if i not in (SPLIT, REMOVED)]
    return data


def mapping_data(old: dict, new: dict) -> dict:
    return {
        "from": {"id": old["id"], "version": old["version"]},
        "to": {"id": new["id"], "version": new["version"]},
        "pairs": [{"from": SPLIT, "to": part, "relation": "superset", "rationale": "semantic",
                   "note": "the revised version asks the two halves separately"} for part in PARTS],
    }


def write_revised(directory: Path) -> tuple[Path, Path, dict]:
    """The revised framework file, its mapping file, and the revised data."""
    new = revised_data()
    framework = write_yaml(directory / "partnership-csf-revised.yaml", new)
    mapping = write_yaml(directory / "revised-mapping.yaml", mapping_data(bundled(), new))
    return framework, mapping, new
