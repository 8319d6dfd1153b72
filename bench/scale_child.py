"""One scale measurement in a fresh process, so peak memory is this size's alone.

Usage: python bench/scale_child.py FRAMEWORKS_DIR ASSESSMENT [--docx OUT [--bare]]
Prints JSON: CPU seconds to load + validate + rules + score, CPU seconds to export, peak RSS in MB.
CPU time (user + system, this process) as for the commands' rows: on a shared machine a
process also waits for a core, and the 10,000-item run, ten times longer, waits in more
of the other work's bursts.
With --bare the Word file is written by bench/docx_baseline.py (python-docx alone) instead.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main() -> None:
    frameworks_dir, assessment = Path(sys.argv[1]), Path(sys.argv[2])
    docx_out = Path(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--docx" else None
    bare = "--bare" in sys.argv[5:]
    from csf import store
    from csf.registry import Registry
    from csf.report import evaluate

    start = time.process_time()
    loaded = store.load(assessment, Registry([frameworks_dir]))
    report = evaluate(loaded.framework, loaded.assessment)
    report.findings  # the rules run when a view first asks; `csf check` and every export ask
    evaluated = time.process_time() - start
    assert report.answered == report.total
    exported = None
    if docx_out is not None:
        from csf.export import export

        start = time.process_time()
        if bare:
            import docx_baseline

            docx_baseline.write(report, docx_out / "bare.docx" if docx_out.is_dir() else docx_out)
        else:
            export(report, "docx", docx_out)
        exported = time.process_time() - start
    print(json.dumps({"evaluate": evaluated, "export": exported, "peak_mb": peak_mb()}))


def peak_mb() -> float:
    """Peak resident memory of this program. Linux's VmHWM, because ru_maxrss survives
    exec and so also counts the parent's memory at the fork: a benchmark parent that has
    generated a 10,000-item framework would be reported as the 1,000-item child's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
