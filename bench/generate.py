"""Generated frameworks and fully answered assessments of any size, for the scale benchmarks."""

from __future__ import annotations

from pathlib import Path

import yaml

WORDS = "partnership leadership evidence referral safety advocacy training forum strategy protocol".split()


def sentence(n: int, length: int = 24) -> str:
    return " ".join(WORDS[(n * 7 + i) % len(WORDS)] for i in range(length)).capitalize() + "."


def framework_data(items: int, per_section: int = 100) -> dict:
    sections = []
    for s in range((items + per_section - 1) // per_section):
        count = min(per_section, items - s * per_section)
        sections.append(
            {
                "id": str(s + 1),
                "number": str(s + 1),
                "title": f"Factor {s + 1}",
                "description": sentence(s, 60),
                "items": [{"id": f"{s + 1}.{i + 1}", "type": "checklist", "marker": "✓", "text": sentence(s * 1000 + i)} for i in range(count)],
            }
        )
    csf = yaml.safe_load((Path(__file__).resolve().parent.parent / "frameworks" / "partnership-csf.yaml").read_text(encoding="utf-8"))
    return {
        "id": f"bench-{items}",
        "version": "1",
        "title": f"Benchmark framework of {items} items",
        "publisher": "csf benchmarks",
        "source": {"document": "generated", "date": "2026"},
        "columns": csf["columns"],
        "scale": csf["scale"],
        "scoring": csf["scoring"],
        "sections": sections,
        "rules": csf["rules"],
    }


def assessment_data(framework: dict, fingerprint: str) -> dict:
    ratings = ["fully-met", "partly-met", "not-met", "not-applicable"]
    answers = {}
    n = 0
    for section in framework["sections"]:
        for item in section["items"]:
            answers[item["id"]] = {
                "rating": ratings[n % 4],
                "practice": sentence(n, 80),
                "evidence": [{"description": sentence(n, 8), "source": "Minutes", "date": "2009-06-01", "owner": "DV co-ordinator"}],
            }
            n += 1
    return {
        "framework": {"id": framework["id"], "version": framework["version"], "fingerprint": fingerprint},
        "area": "Benchmark borough",
        "period": "2009-10",
        "answers": answers,
        "history": [],
    }


def write(directory: Path, items: int) -> tuple[Path, Path]:
    """Write bench-N.yaml (framework) into `directory` and assessment-N.yaml beside it."""
    from csf.framework import fingerprint

    fw = framework_data(items)
    fw_path = directory / f"bench-{items}.yaml"
    fw_path.write_text(yaml.safe_dump(fw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    a_path = directory.parent / f"assessment-{items}.yaml"
    a_path.write_text(yaml.safe_dump(assessment_data(fw, fingerprint(fw)), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return fw_path, a_path


def boroughs(directory: Path, count: int) -> list[Path]:
    """`count` fully answered partnership-csf submissions, ratings varying by borough."""
    from csf.registry import Registry

    framework = Registry().get("partnership-csf")
    ratings = ["fully-met", "partly-met", "not-met", "not-applicable"]
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for b in range(count):
        answers = {}
        for n, item in enumerate(framework.items()):
            answers[item.id] = {
                "rating": ratings[(n + b) % 4],
                "practice": sentence(n + b, 80),
                "evidence": [{"description": sentence(n, 8), "source": "Minutes", "date": "2009-06-01", "owner": "DV co-ordinator"}],
            }
        data = {
            "framework": {"id": framework.id, "version": framework.version, "fingerprint": framework.fingerprint},
            "area": f"Borough {b + 1:04d}",
            "period": "2009-10",
            "answers": answers,
        }
        path = directory / f"borough-{b + 1:04d}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths
