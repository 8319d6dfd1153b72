"""The crosswalks shipped with csf, and `csf new --prefill-from` through them."""

from __future__ import annotations

import re

import pytest
import yaml

from csf.mapping import BUNDLED, load_mapping, mapping_files
from csf.registry import Registry

from .helpers import run

REGISTRY = Registry()
CROSSWALKS = sorted(BUNDLED.glob("*.yaml"))


def test_the_four_crosswalks_the_sources_support_are_shipped():
    assert [p.name for p in CROSSWALKS] == ["bexley-ppg-key-factors.yaml", "bexley-ppg-to-partnership-csf.yaml",
                                            "bvpi-225-to-partnership-csf.yaml", "dsvb-brief-to-partnership-csf.yaml"]
    assert list(mapping_files()) == CROSSWALKS


@pytest.mark.parametrize("path", CROSSWALKS, ids=lambda p: p.stem)
def test_each_crosswalk_loads_and_every_pair_says_why(path):
    mapping = load_mapping(path, REGISTRY)
    source, target = REGISTRY.get(mapping.source[0]), REGISTRY.get(mapping.target[0])
    assert mapping.pairs or mapping.sections
    for pair in (*mapping.pairs, *mapping.sections):
        assert pair.rationale and pair.note, pair
    for pair in mapping.pairs:
        texts = source.item(pair.source).text + "\n" + target.item(pair.target).text
        for quoted in re.findall(r"'([^']{4,}?)'(?=[\s.,;:)]|$)", pair.note):
            for part in filter(None, (p.strip().rstrip(".") for p in quoted.split("..."))):
                assert part in texts, f"{path.name}: {pair.source} -> {pair.target} quotes {part!r}, which neither item says"


def test_the_key_factors_crosswalk_pairs_every_key_factor():
    mapping = load_mapping(BUNDLED / "bexley-ppg-key-factors.yaml", REGISTRY)
    assert sorted({p.source for p in mapping.pairs}) == ["K1", "K2", "K3", "K4"]
    assert all(not p.target.startswith("K") for p in mapping.pairs)


def test_prefill_copies_practice_and_evidence_never_ratings(tmp_path, capsys):
    bvpi = tmp_path / "bvpi.yaml"
    run(capsys, "new", "--framework", "bvpi-225", "--area", "Ealing", "-o", str(bvpi))
    run(capsys, "answer", str(bvpi), "Q6", "--rating", "yes", "--practice", "Protocol signed by police, council and health.",
        "--evidence", "Signed protocol", "--evidence-date", "2009-05-01")
    run(capsys, "answer", str(bvpi), "Q2", "--rating", "no", "--practice", "Refuge places: 12.")
    out_path = tmp_path / "csf.yaml"
    code, out, err = run(capsys, "new", "--framework", "partnership-csf", "--prefill-from", str(bvpi), "-o", str(out_path))
    assert code == 0, err
    assert out.endswith("1 item(s) prefilled, to review: 3.2; no rating copied\n")
    data = yaml.safe_load(out_path.read_text(encoding="utf-8"))
    answer = data["answers"]["3.2"]
    assert answer["practice"] == "Protocol signed by police, council and health."
    assert answer["evidence"] == [{"description": "Signed protocol", "date": "2009-05-01"}]
    assert "rating" not in answer and answer["prefilled"]["items"] == ["Q6"]
    assert data["area"] == "Ealing" and list(data["answers"]) == ["3.2"]
    code, out, _ = run(capsys, "check", str(out_path))
    assert "warning: 3.2: prefilled, to review: carried from bvpi-225 " in out


def test_prefill_carries_section_texts_through_section_pairs(tmp_path, capsys):
    bexley = tmp_path / "bexley.yaml"
    run(capsys, "new", "--framework", "bexley-ppg", "--area", "Bexley", "-o", str(bexley))
    data = yaml.safe_load(bexley.read_text(encoding="utf-8"))
    data["sections"] = {"5": {"narrative": "Our officers are selected from CID."}}
    bexley.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out_path = tmp_path / "csf.yaml"
    code, _, err = run(capsys, "new", "--framework", "partnership-csf", "--prefill-from", str(bexley), "-o", str(out_path))
    assert code == 0, err
    sections = yaml.safe_load(out_path.read_text(encoding="utf-8"))["sections"]
    assert sections["6"]["narrative"] == "Our officers are selected from CID."


def test_prefill_without_a_crosswalk_is_one_clear_message(tmp_path, capsys):
    csf = tmp_path / "csf.yaml"
    run(capsys, "new", "--framework", "partnership-csf", "--area", "Ealing", "-o", str(csf))
    code, _, err = run(capsys, "new", "--framework", "bexley-ppg", "--prefill-from", str(csf), "--area", "Ealing",
                       "-o", str(tmp_path / "b.yaml"))
    assert code == 0, err  # the Bexley crosswalk read the other way round
    code, _, err = run(capsys, "new", "--framework", "bvpi-225", "--prefill-from", str(tmp_path / "b.yaml"), "-o", str(tmp_path / "c.yaml"))
    assert code == 2 and err.startswith("error: no crosswalk between bexley-ppg ") and not (tmp_path / "c.yaml").exists()
