"""The store never loses a borough's words: atomic saves, conflicts, unknown fields, 0600."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time

import pytest

from csf import store
from csf.assessment import Answer, Evidence, new_assessment
from csf.errors import ConflictError, UsageError
from csf.registry import Registry

REGISTRY = Registry()


@pytest.fixture
def saved(tmp_path):
    framework = REGISTRY.get("partnership-csf")
    path = tmp_path / "a.yaml"
    store.create(path, new_assessment(framework, "Testborough", "2009-10"))
    return path


def test_new_file_is_owner_only(saved):
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600


def test_saving_keeps_the_permissions_of_a_shared_file(saved):
    saved.chmod(0o644)  # shared with colleagues on purpose
    loaded = store.load(saved, REGISTRY)
    store.save(saved, loaded.assessment.with_answer("1.1", Answer(rating="not-met"), by="t"), loaded.digest)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o644
    assert store.load(saved, REGISTRY).assessment.answer("1.1").rating == "not-met"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file a group it is not in")
def test_saving_keeps_the_group_of_a_shared_file(saved):
    os.chown(saved, -1, 4242)  # the team's group
    saved.chmod(0o640)
    loaded = store.load(saved, REGISTRY)
    store.save(saved, loaded.assessment.with_answer("1.1", Answer(rating="not-met"), by="t"), loaded.digest)
    assert (saved.stat().st_gid, stat.S_IMODE(saved.stat().st_mode)) == (4242, 0o640)


def test_round_trip_keeps_every_answer_exactly(saved):
    loaded = store.load(saved, REGISTRY)
    text = "Line one — “quoted” ✓ café 日本語\n\n  indented line\ntrailing spaces   \n"
    answer = Answer(rating="partly-met", practice=text, notes="n", evidence=(Evidence("Minutes", "SharePoint", "2009-06-01", "DV co-ordinator"),))
    store.save(saved, loaded.assessment.with_answer("1.1", answer, by="tester"), loaded.digest)
    again = store.load(saved, REGISTRY).assessment
    assert again.answer("1.1") == answer
    assert [c.field for c in again.history] == ["rating", "practice", "notes", "evidence"]
    assert again.history[0].by == "tester" and again.history[0].after == "partly-met"


def test_unknown_fields_survive_load_and_save(saved):
    text = saved.read_text(encoding="utf-8")
    text = text.replace("answers: {}", "answers:\n  '1.1':\n    rating: not-met\n    reviewer_comment: keep me\n    evidence:\n    - description: d\n      url: http://example.invalid\n")
    text += "board_reference: DSVB/2009/7\nsections:\n  '1':\n    narrative: n\n    colour: amber\n"
    saved.write_text(text, encoding="utf-8")
    loaded = store.load(saved, REGISTRY)
    updated = loaded.assessment.with_answer("1.2", Answer(rating="fully-met"), by="t")
    store.save(saved, updated, loaded.digest)
    data = __import__("yaml").safe_load(saved.read_text(encoding="utf-8"))
    assert data["board_reference"] == "DSVB/2009/7"
    assert data["answers"]["1.1"]["reviewer_comment"] == "keep me"
    assert data["answers"]["1.1"]["evidence"][0]["url"] == "http://example.invalid"
    assert data["sections"]["1"] == {"colour": "amber", "narrative": "n"}


def test_file_changed_behind_our_back_is_not_overwritten(saved):
    loaded = store.load(saved, REGISTRY)
    someone_else = saved.read_text(encoding="utf-8") + "# edited elsewhere\n"
    saved.write_text(someone_else, encoding="utf-8")
    with pytest.raises(ConflictError, match="was changed by someone else since it was opened"):
        store.save(saved, loaded.assessment.with_answer("1.1", Answer(rating="not-met"), by="t"), loaded.digest)
    assert saved.read_text(encoding="utf-8") == someone_else


def test_deleted_file_is_not_silently_recreated(saved):
    loaded = store.load(saved, REGISTRY)
    saved.unlink()
    with pytest.raises(ConflictError, match="was deleted"):
        store.save(saved, loaded.assessment, loaded.digest)


def test_create_refuses_to_replace(saved):
    with pytest.raises(UsageError, match="already exists"):
        store.create(saved, new_assessment(REGISTRY.get("partnership-csf"), "Other"))


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from csf import store
    from csf.assessment import Answer
    from csf.registry import Registry
    path = Path(sys.argv[1])
    loaded = store.load(path, Registry())
    digest, assessment = loaded.digest, loaded.assessment
    print("ready", flush=True)
    for n in range(1, 201):
        text = f"save {n} " + "x" * (n * 997 % 20000)
        assessment = assessment.with_answer("1.1", Answer(rating="partly-met", practice=text), by="kill-test")
        digest = store.save(path, assessment, digest)
    """
)


def test_sigkill_during_saves_never_leaves_a_broken_file(saved):
    rng = random.Random(20091125)
    for _ in range(8):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(saved)], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        practice = store.load(saved, REGISTRY).assessment.answer("1.1").practice
        if practice:
            n = int(practice.split()[1])
            assert practice == f"save {n} " + "x" * (n * 997 % 20000)
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600


def test_a_file_with_windows_line_endings_can_be_saved(saved):
    saved.write_bytes(saved.read_bytes().replace(b"\n", b"\r\n"))
    loaded = store.load(saved, REGISTRY)
    store.save(saved, loaded.assessment.with_answer("1.1", Answer(rating="not-met"), by="t"), loaded.digest)
    assert store.load(saved, REGISTRY).assessment.answer("1.1").rating == "not-met"


def test_save_refuses_to_write_what_would_not_load(saved):
    from csf.errors import InvalidFile

    loaded = store.load(saved, REGISTRY)
    before = saved.read_bytes()
    broken = loaded.assessment.with_answer("1.1", Answer(evidence=(Evidence("  "),)), by="t")
    with pytest.raises(InvalidFile, match=r"answers\.1\.1\.evidence\[0\]\.description: must not be empty"):
        store.save(saved, broken, loaded.digest)
    assert saved.read_bytes() == before


def test_unknown_fields_under_framework_survive(saved):
    text = saved.read_text(encoding="utf-8").replace("framework:\n", "framework:\n  received_from: TPHQ\n", 1)
    saved.write_text(text, encoding="utf-8")
    loaded = store.load(saved, REGISTRY)
    store.save(saved, loaded.assessment.with_answer("1.1", Answer(rating="not-met"), by="t"), loaded.digest)
    assert "  received_from: TPHQ\n" in saved.read_text(encoding="utf-8")
