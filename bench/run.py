"""csf benchmarks: each figure is a ratio against a baseline measured in the same run.

Absolute times on a shared machine are noise; a ratio to something measured moments
before on the same machine is not. Prints a table and exits 1 when a ratio misses its
target. `--quick` runs the same measurements with fewer repetitions.

    python bench/run.py [--quick]
"""

from __future__ import annotations

import argparse
import compileall
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from importlib import metadata
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
    """The median time of each action, the actions run in turn (see rounds.in_turn), each
    starting with no garbage left by the one before it: python-docx's documents are cyclic,
    and a collection freeing the baseline's document fell inside csf's export every time."""
    def timed(action: Callable[[], object]) -> float:
        gc.collect()  # the garbage the other action left is not collected in this one's time
        start = time.perf_counter()
        action()
        return time.perf_counter() - start

    return [statistics.median(t) for t in in_turn([partial(timed, a) for a in actions], repeat)]


def cpu_seconds(argv: list[str]) -> float:
    """CPU time (user + system) a command costs, run to its end.

    CPU rather than wall-clock time: on a shared machine a process also waits for a
    core, and waiting is not work the command does."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def commands(repeat: int) -> list[Row]:
    """Each command against the least a program doing its job could cost, all run in turn."""
    frameworks = sorted(str(p) for p in (ROOT / "frameworks").glob("*.yaml"))
    lambeth_framework = str(ROOT / "frameworks" / "partnership-csf.yaml")
    floor = [PYTHON, str(ROOT / "bench" / "floor_parse.py")]
    with tempfile.TemporaryDirectory() as tmp:
        export = [*CSF, "export", str(EXAMPLE), "-o", tmp, "--format"]  # a directory: a new name each time
        argvs = {
            "pass": [PYTHON, "-c", "pass"],
            "version": [*CSF, "--version"],
            "parse lambeth": [*floor, lambeth_framework, str(EXAMPLE)],
            "score": [*CSF, "score", str(EXAMPLE)],
            "parse frameworks": [*floor, *frameworks],
            "list": [*CSF, "frameworks", "list"],
            "json": [*export, "json"],
            # The json export run after `import jinja2`: the least md and html can cost while they use it.
            "json + jinja2": [PYTHON, "-c", "import jinja2, runpy; runpy.run_module('csf', run_name='__main__')", *export[3:], "json"],
            "md": [*export, "md"],
            "html": [*export, "html"],
        }
        runs = in_turn([partial(cpu_seconds, argv) for argv in argvs.values()], repeat)
    t = {name: statistics.median(r) for name, r in zip(argvs, runs)}

    def row(name: str, ours: str, floor: str, target: float | None) -> Row:
        return Row(name, t[ours] / t[floor], "×", target, f"{t[ours] * 1000:.0f} ms vs {t[floor] * 1000:.0f} ms CPU")

    return [
        row("csf --version / python -c pass", "version", "pass", 1.5),
        row("csf score lambeth / parse its 2 files (C loader)", "score", "parse lambeth", 2.0),
        row("csf frameworks list / parse the bundled files", "list", "parse frameworks", 2.0),
        row("md export / json export (lambeth)", "md", "json", 1.2),
        row("html export / json export (lambeth)", "html", "json", 1.2),
        row("json export after importing Jinja2 / json export", "json + jinja2", "json", None),
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
    return [Row("Word export lambeth / bare python-docx", ours / base, "×", 1.3, f"{ours * 1000:.0f} ms vs {base * 1000:.0f} ms")]


def scale(quick: bool) -> list[Row]:
    """Load + validate + rules + score, and export, at 1,000 and 10,000 items, each in a fresh process;
    and the peak memory of the 10,000-item export against python-docx writing the same tables."""
    import generate

    with tempfile.TemporaryDirectory() as tmp:
        fw_dir = Path(tmp) / "frameworks"
        fw_dir.mkdir()
        out = Path(tmp)  # a directory: each export takes the next free name in it
        small_file, big_file = (generate.write(fw_dir, n)[1] for n in (1000, 10000))
        runs = in_turn([partial(_child, fw_dir, small_file, out), partial(_child, fw_dir, big_file, out),
                        partial(_child, fw_dir, big_file, out, bare=True)], 1 if quick else 5)
    small, big, bare = ({key: statistics.median(r[key] for r in results) for key in results[0]} for results in runs)
    return [
        Row("evaluate 10k / 1k items", big["evaluate"] / small["evaluate"], "×", 10.0,
            f"{small['evaluate']:.2f} s → {big['evaluate']:.2f} s CPU"),
        Row("Word export 10k / 1k items", big["export"] / small["export"], "×", 10.0,
            f"{small['export']:.2f} s → {big['export']:.2f} s CPU"),
        Row("peak memory, Word export 10k / bare python-docx 10k", big["peak_mb"] / bare["peak_mb"], "×", 1.3,
            f"{big['peak_mb']:.0f} MB vs {bare['peak_mb']:.0f} MB (1k: {small['peak_mb']:.0f} MB)"),
    ]


def _child(fw_dir: Path, assessment: Path, docx: Path, bare: bool = False) -> dict:
    """One measurement in a fresh process; `docx` is where the export goes (a file or a directory)."""
    argv = [PYTHON, str(ROOT / "bench" / "scale_child.py"), str(fw_dir), str(assessment), "--docx", str(docx)]
    result = subprocess.run(argv + (["--bare"] if bare else []), check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def tui(repeat: int, moves: int) -> list[Row]:
    """First screen and one move between items, each against an app with the same widget
    types and nothing of csf behind them: the floor for a Textual screen like ours."""
    import tui_bench

    t = tui_bench.measure(EXAMPLE, repeat, moves)
    ms = {k: f"{v * 1000:.0f} ms" for k, v in t.items()}
    return [
        Row("TUI first screen lambeth / same widgets", t["first"] / t["first_same"], "×", 1.2, f"{ms['first']} vs {ms['first_same']}"),
        Row("TUI first screen 10k items / same widgets", t["first_10k"] / t["first_same_10k"], "×", 1.2,
            f"{ms['first_10k']} vs {ms['first_same_10k']}"),
        Row("TUI move, 1,000 items / same widgets (CPU)", t["move"] / t["move_same"], "×", 1.2, f"{ms['move']} vs {ms['move_same']}"),
    ]


def preamble() -> None:
    """Compile bytecode first (a figure without it measures the compiler), then say what ran."""
    for package in ("csf", "frameworks"):  # frameworks/ is installed as csf.frameworks
        compileall.compile_dir(ROOT / package, quiet=1)
    versions = ", ".join(f"{name} {_version(name)}" for name in LIBRARIES)
    print(f"{platform.node()}: {platform.platform()}, {os.cpu_count()} cores; Python {platform.python_version()}")
    print(f"{versions}; bytecode compiled for csf")
    print()


LIBRARIES = ("textual", "python-docx", "Jinja2", "PyYAML", "fastjsonschema", "jsonschema", "simpleeval")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def headquarters(quick: bool) -> list[Row]:
    """compare and collect of 32 submissions against loading, scoring and checking them; 1,000 against 32."""
    import hq_bench

    t = hq_bench.measure(3 if quick else 7, 1 if quick else 2, in_turn)
    base = f"load + check 32 files {t['baseline']:.2f} s"
    return [
        Row("compare 32 files / load + check them", t["compare"] / t["baseline"], "×", 1.5, f"{t['compare']:.2f} s; {base}"),
        Row("collect 32 files / load + check them", t["collect"] / t["baseline"], "×", 1.5, f"{t['collect']:.2f} s; {base}"),
        Row("compare 1,000 / 32 files", t["compare_1000"] / t["compare"], "×", 40.0, f"{t['compare_1000']:.1f} s"),
        Row("collect 1,000 / 32 files", t["collect_1000"] / t["collect"], "×", 40.0, f"{t['collect_1000']:.1f} s"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (under a minute)")
    args = parser.parse_args()
    repeat = 5 if args.quick else 20
    rows: list[Row] = []
    preamble()
    for measure in (lambda: commands(repeat), lambda: word_export(repeat), lambda: scale(args.quick), lambda: tui(max(3, repeat // 4), 20 if args.quick else 60),
                    lambda: headquarters(args.quick)):
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
