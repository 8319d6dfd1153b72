"""Several writers at once: nothing that was reported saved is lost, nothing overwritten."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from csf import store
from csf.assessment import Answer, new_assessment
from csf.registry import Registry

from .helpers import run

REGISTRY = Registry()

WRITER = textwrap.dedent(
    """
    import sys
    from csf.cli import main
    path, who, items = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    for n in range(50):
        code = main(["answer", path, items[n % len(items)], "--notes", f"{who} save {n}", "--by", who])
        print("exit", code, flush=True)
    """
)


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "a.yaml"
    store.create(path, new_assessment(REGISTRY.get("partnership-csf"), "Testborough", "2009-10"))
    return path


def _writer(path: Path, who: str, items: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), who, ",".join(items)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_processes_answering_different_items_both_land(saved):
    ids = [item.id for item in REGISTRY.get("partnership-csf").items()]
    items = {"police": ids[:20], "health": ids[20:40]}
    writers = {who: _writer(saved, who, mine) for who, mine in items.items()}
    outputs = {who: w.communicate(timeout=300) for who, w in writers.items()}
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    for who, (out, err) in outputs.items():
        codes = [int(line.split()[1]) for line in out.splitlines() if line.startswith("exit")]
        assert codes == [0] * 50, err
        landed = [c for c in data["history"] if c["by"] == who and c["field"] == "notes"]
        assert len(landed) == 50  # every save that said so is in the file, under its writer's name
        for n in range(30, 50):  # the last save of each item is what the file holds
            item = items[who][n % 20]
            assert data["answers"][item]["notes"] == f"{who} save {n}"
    assert sorted(p.name for p in saved.parent.iterdir()) == ["a.yaml"]  # no lock or temp file left


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from csf import store
    with store.locked(Path(sys.argv[1])):
        print("holding", flush=True)
        time.sleep(30)
    """
)


def test_a_save_that_cannot_take_the_lock_waits_then_says_so(saved, capsys, monkeypatch):
    before = saved.read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(saved)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "holding\n"
        monkeypatch.setattr(store, "LOCK_WAIT", 0.3)
        code, out, err = run(capsys, "answer", str(saved), "1.1", "--rating", "not-met")
    finally:
        holder.kill()
        holder.wait()
    assert code == 1 and out == ""
    assert "is being saved by someone else" in err and "nothing was changed: try again" in err
    assert saved.read_bytes() == before


def test_a_symlinked_assessment_stays_a_link_and_its_target_is_saved(saved, tmp_path, capsys):
    link = tmp_path / "link.yaml"
    link.symlink_to(saved)
    code, _, err = run(capsys, "answer", str(link), "1.1", "--rating", "not-met")
    assert code == 0, err
    assert link.is_symlink()
    assert store.load(saved, REGISTRY).assessment.answer("1.1").rating == "not-met"


def test_a_read_only_assessment_is_not_rewritten(saved, capsys):
    saved.chmod(0o444)
    before = saved.read_bytes()
    code, out, err = run(capsys, "answer", str(saved), "1.1", "--rating", "not-met")
    assert code == 2 and out == ""
    assert "is read-only; not changing it" in err and "chmod u+w" in err
    assert saved.read_bytes() == before and stat.S_IMODE(saved.stat().st_mode) == 0o444


def test_temp_files_of_killed_saves_are_removed_on_the_next_open(saved):
    for n in range(3):
        (saved.parent / f".a.yaml.killed{n}.tmp").write_text("half a save")
    (saved.parent / ".other.yaml.x.tmp").write_text("another file's")
    store.load(saved, REGISTRY)
    assert sorted(p.name for p in saved.parent.iterdir()) == [".other.yaml.x.tmp", "a.yaml"]


def test_temp_files_are_left_alone_while_a_save_holds_the_lock(saved):
    leftover = saved.parent / ".a.yaml.inflight.tmp"
    leftover.write_text("a save about to be renamed")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(saved)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "holding\n"
        store.load(saved, REGISTRY)
        assert leftover.exists()
    finally:
        holder.kill()
        holder.wait()


def test_a_save_larger_than_csf_reads_back_is_refused(saved, monkeypatch):
    from csf import yamlio
    from csf.errors import UsageError

    loaded = store.load(saved, REGISTRY)
    before = saved.read_bytes()
    monkeypatch.setattr(yamlio, "MAX_BYTES", len(before) + 100)
    big = loaded.assessment.with_answer("1.1", Answer(practice="x " * 200), by="t")
    with pytest.raises(UsageError, match=r"not saved: it would be [\d,]+ bytes, over the [\d,]+ csf reads back"):
        store.save(saved, big, loaded.digest)
    assert saved.read_bytes() == before


EXPORTER = textwrap.dedent(
    """
    import os, sys
    from csf.cli import main
    os.chdir(sys.argv[2])
    for n in range(10):
        print("exit", main(["export", sys.argv[1], "--format", "md"]), flush=True)
    """
)


def test_two_exports_to_the_default_name_at_once_each_get_a_file(saved, tmp_path):
    exporters = [subprocess.Popen([sys.executable, "-c", EXPORTER, str(saved), str(tmp_path)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [e.communicate(timeout=300) for e in exporters]
    lines = [line for out, _ in results for line in out.splitlines()]
    assert [line for line in lines if line.startswith("exit")] == ["exit 0"] * 20, results
    reported = {line.split()[1].rstrip(":") for line in lines if line.startswith("wrote ")}
    written = sorted((tmp_path / "exports").iterdir())
    assert len(reported) == 20 and {f"exports/{p.name}" for p in written} == reported
    assert len({p.read_bytes() for p in written}) == 1  # each whole, none a mix of two
    assert all(stat.S_IMODE(os.stat(p).st_mode) == 0o600 for p in written)
