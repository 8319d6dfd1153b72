"""csf benchmarks: each figure is a ratio against a baseline measured in the same run.

Absolute times on a shared machine are noise; a ratio to something measured moments
before on the same machine is not. Prints a table and exits 1 when a ratio misses its
target. `--quick` runs the same measurements with fewer repetitions.

    python bench/run.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "assessments" / "examples" / "lambeth.yaml"
PYTHON = sys.executable
CSF = [PYTHON, "-m", "csf"]

sys.path.insert(0, str(ROOT / "bench"))

from rounds import in_turn  # noqa: E402  (found through the path just set)


@dataclass(frozen=True)
class Row:
    name: str
    value: float
    unit: str  # "×" for ratios, "MB", "ms"
    target: float | None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.target is None or self.value <= self.target


def median_seconds(*actions: Callable[[], object], repeat: int) -> list[float]:
    """The median time of each action, the actions run in turn (see rounds.in_turn)."""
    def timed(action: Callable[[], object]) -> float:
        start = time.perf_counter()
        action()
        return time.perf_counter() - start

    return [statistics.median(t) for t in in_turn([partial(timed, a) for a in actions], repeat)]


def run_quiet(argv: list[str]) -> None:
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def startup(repeat: int) -> list[Row]:
    """CLI start-up against `python -c pass`: nothing heavy may load before it is needed."""
    base, version, score = median_seconds(
        lambda: run_quiet([PYTHON, "-c", "pass"]), lambda: run_quiet([*CSF, "--version"]),
        lambda: run_quiet([*CSF, "score", str(EXAMPLE)]), repeat=repeat)
    detail = f"baseline python -c pass {base * 1000:.0f} ms"
    return [
        Row("csf --version / python -c pass", version / base, "×", 3.0, f"{version * 1000:.0f} ms; {detail}"),
        Row("csf score lambeth / python -c pass", score / base, "×", None, f"{score * 1000:.0f} ms"),
    ]


def word_export(repeat: int) -> list[Row]:
    """The Lambeth Word export against a bare python-docx script writing the same tables."""
    import docx_baseline

    from csf import store
    from csf.export import Options, export
    from csf.registry import Registry
    from csf.report import evaluate

    loaded = store.load(EXAMPLE, Registry())
    report = evaluate(loaded.framework, loaded.assessment)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        counter = iter(range(10**6))
        base, ours = median_seconds(lambda: docx_baseline.write(report, out / f"b{next(counter)}.docx"),
                                    lambda: export(report, "docx", out / f"c{next(counter)}.docx", Options()), repeat=repeat)
    return [Row("Word export lambeth / bare python-docx", ours / base, "×", 1.5, f"{ours * 1000:.0f} ms vs {base * 1000:.0f} ms")]


def scale(quick: bool) -> list[Row]:
    """Load + validate + rules + score, and export, at 1,000 and 10,000 items, each in a fresh process."""
    import generate

    with tempfile.TemporaryDirectory() as tmp:
        fw_dir = Path(tmp) / "frameworks"
        fw_dir.mkdir()
        out = Path(tmp)  # a directory: each export takes the next free name in it
        runs = in_turn([partial(_child, fw_dir, generate.write(fw_dir, n)[1], out) for n in (1000, 10000)], 1 if quick else 3)
    small, big = ({key: statistics.median(r[key] for r in results) for key in results[0]} for results in runs)
    return [
        Row("evaluate 10k / 1k items", big["evaluate"] / small["evaluate"], "×", 12.0,
            f"{small['evaluate']:.2f} s → {big['evaluate']:.2f} s"),
        Row("Word export 10k / 1k items", big["export"] / small["export"], "×", 12.0,
            f"{small['export']:.2f} s → {big['export']:.2f} s"),
        Row("peak memory, 10k items (evaluate + export)", big["peak_mb"], "MB", 300.0, f"1k: {small['peak_mb']:.0f} MB"),
    ]


def _child(fw_dir: Path, assessment: Path, docx: Path) -> dict:
    """One measurement in a fresh process; `docx` is where the export goes (a file or a directory)."""
    argv = [PYTHON, str(ROOT / "bench" / "scale_child.py"), str(fw_dir), str(assessment), "--docx", str(docx)]
    result = subprocess.run(argv, check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def tui(repeat: int, moves: int) -> list[Row]:
    """Time to first screen against a bare Textual app, and the median cost of one move.

    The rows without a target measure the same widget types with nothing of csf behind
    them: how much of each figure is Textual's own cost."""
    import tui_bench

    t = tui_bench.measure(EXAMPLE, repeat, moves)
    ms = {k: f"{v * 1000:.0f} ms" for k, v in t.items()}
    return [
        Row("TUI first screen lambeth / bare Textual app", t["first"] / t["first_bare"], "×", 2.0, f"{ms['first']} vs {ms['first_bare']}"),
        Row("TUI first screen lambeth / same widgets, no csf", t["first"] / t["first_same"], "×", None, f"same widgets: {ms['first_same']}"),
        Row("TUI move between items, 1,000 items (median CPU)", t["move"] * 1000, "ms", 1000 / 60, "one frame at 60 Hz = 16.7 ms"),
        Row("TUI move, same widgets, no csf (median CPU)", t["move_same"] * 1000, "ms", None, "Textual's own cost of such a move"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (under a minute)")
    args = parser.parse_args()
    repeat = 5 if args.quick else 20
    rows: list[Row] = []
    for measure in (lambda: startup(repeat), lambda: word_export(repeat), lambda: scale(args.quick), lambda: tui(max(3, repeat // 4), 20 if args.quick else 60)):
        rows += measure()
    width = max(len(r.name) for r in rows)
    print(f"{'measure':<{width}}  {'value':>9}  {'target':>8}  result  detail")
    for r in rows:
        target = "-" if r.target is None else f"≤ {r.target:.3g}"
        result = "-" if r.target is None else "ok" if r.ok else "MISS"
        print(f"{r.name:<{width}}  {r.value:>8.2f}{r.unit if r.unit == '×' else ' ' + r.unit}  {target:>8}  {result:<6}  {r.detail}")
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
