"""The collector is paused while big models are built, and always running again afterwards."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from csf import store
from csf.errors import CsfError
from csf.export import export
from csf.memory import collector_paused
from csf.registry import Registry
from csf.report import evaluate

EXAMPLE = Path(__file__).resolve().parent.parent / "assessments" / "examples" / "lambeth.yaml"


def test_a_pause_inside_a_pause_leaves_the_collector_off_until_the_outer_one_ends():
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_left_by_an_error_starts_the_collector_again():
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a bad file")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_load_check_score_and_export_leave_the_collector_running(tmp_path):
    loaded = store.load(EXAMPLE, Registry())
    assert gc.isenabled()
    report = evaluate(loaded.framework, loaded.assessment)
    assert gc.isenabled()
    assert report.findings and gc.isenabled()
    export(report, "json", tmp_path / "out.json")
    assert gc.isenabled()


def test_a_file_that_fails_its_checks_leaves_the_collector_running(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace('"1.1":', '"99.1":', 1), encoding="utf-8")
    with pytest.raises(CsfError, match="99.1"):
        store.load(bad, Registry())
    assert gc.isenabled()
