"""Headquarters' commands against the work they cannot avoid: reading and scoring the files.

The baseline loads, scores and checks each file in one process (store.load + evaluate
with its findings: what `csf check` does per file, and what `csf score` did when these
targets were set); `csf compare` (to CSV) and `csf collect` (into a new database) do
the same reading and then their own work. All three run in this process,
in turn, round after round, on the same files.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path


def baseline(files: list[Path]) -> None:
    from csf import store
    from csf.registry import Registry
    from csf.report import evaluate

    registry = Registry()
    for path in files:
        loaded = store.load(path, registry)
        evaluate(loaded.framework, loaded.assessment).findings  # the rules run when a view asks


def compare(files: list[Path]) -> None:
    from csf.compare import compare as run
    from csf.export import comparison
    from csf.registry import Registry

    comparison.render_csv(comparison.grid(run(files, Registry())))


def collect(files: list[Path], db: Path) -> None:
    from csf.collect import collect as run
    from csf.registry import Registry

    db.unlink(missing_ok=True)
    run(files, db, Registry(), "2026-01-01T00:00:00Z")


def measure(rounds: int, large_rounds: int, in_turn) -> dict[str, float]:
    """Median seconds for baseline, compare and collect of 32 files, and compare and collect of 1,000."""
    import statistics

    import generate

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        many = generate.boroughs(root / "in", 1000)
        few = many[:32]
        db = root / "hq.sqlite"

        def timed(action, *args):
            def run() -> float:
                start = time.perf_counter()
                action(*args)
                return time.perf_counter() - start
            return run

        small = in_turn([timed(baseline, few), timed(compare, few), timed(collect, few, db)], rounds)
        large = in_turn([timed(compare, many), timed(collect, many, db)], large_rounds)
    base, comp, coll = (statistics.median(r) for r in small)
    comp_big, coll_big = (statistics.median(r) for r in large)
    return {"baseline": base, "compare": comp, "collect": coll, "compare_1000": comp_big, "collect_1000": coll_big}
