"""SIGKILL during saves, at random moments: nothing broken, nothing confirmed lost, nothing left over.

Each round starts two writers on one assessment at once, as two people would: the CLI
(`csf answer` through cli.main, exit code checked) and the TUI's saving path (a
Session, saving from a worker thread as the autosave does). Each writer appends a
line to its own log, fsynced, only after a save reported success. At a random moment
one or both are killed with SIGKILL. Then the file is opened as the next person would
(store.load) and checked: it loads; every confirmed save is in it (its item holds
that save's text or a later one of the same writer, and the history has an entry for
each); no temp or lock file is left beside it.

Usage: python bench/kill_saves.py [ROUNDS] (default 120 rounds, two writers each: 240
processes killed or finished). Prints the figures; exits 1 if any check failed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ITEMS = 49  # partnership-csf

CLI_WRITER = textwrap.dedent(
    """
    import os, sys
    from csf.cli import main
    from csf.registry import Registry
    path, log, who = sys.argv[1], sys.argv[2], sys.argv[3]
    ids = [i.id for i in Registry().get("partnership-csf").items()]
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    print("ready", flush=True)
    for n in range(100000):
        item = ids[n % len(ids)]
        if main(["answer", path, item, "--notes", f"{who} {n} " + "x" * (n * 997 % 5000), "--by", who]) == 0:
            os.write(fd, f"{n}\\n".encode()); os.fsync(fd)
    """
)

TUI_WRITER = textwrap.dedent(
    """
    import os, sys, threading
    from dataclasses import replace
    from pathlib import Path
    from csf.errors import CsfError
    from csf.registry import Registry
    from csf.tui.session import Session
    path, log, who = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    registry = Registry()
    ids = [i.id for i in registry.get("partnership-csf").items()]
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    session = Session.open(path, registry, who)
    print("ready", flush=True)
    for n in range(100000):
        item = ids[(n + 20) % len(ids)]
        practice = f"{who} {n} " + "y" * (n * 991 % 5000)
        session.edit_answer(item, replace(session.answer(item), practice=practice))  # as typing does: the rest kept
        session.commit()
        result = []
        def autosave():
            try:
                result.append(session.save())
            except CsfError:  # someone else saved first: read theirs, as the TUI's conflict path does
                result.append(None)
        worker = threading.Thread(target=autosave)
        worker.start(); worker.join()
        if result == [True]:
            os.write(fd, f"{n}\\n".encode()); os.fsync(fd)
        else:
            session.reload(registry)
    """
)


def check(path: Path, logs: dict[str, Path], registry) -> list[str]:
    """What is wrong with `path` after the kills; empty when nothing."""
    from csf import store

    try:
        loaded = store.load(path, registry)  # the next open: also removes what killed saves left
    except Exception as e:  # noqa: BLE001 - any failure to load is a broken file, which we count
        return [f"broken file: {e}"]
    problems = []
    ids = [i.id for i in loaded.framework.items()]
    data = loaded.assessment
    for who, log in logs.items():
        confirmed = [int(n) for n in log.read_text().split()] if log.exists() else []
        entries = sum(1 for c in data.history if c.by == who)
        if entries < len(confirmed):
            problems.append(f"{who}: {len(confirmed)} saves confirmed, {entries} in the history")
        offset, field = (0, "notes") if who.startswith("cli") else (20, "practice")
        for n in confirmed:
            text = getattr(data.answer(ids[(n + offset) % ITEMS]), field)
            held = int(text.split()[1]) if text.startswith(who + " ") else -1
            if held < n or (held - n) % ITEMS:
                problems.append(f"{who}: confirmed save {n} lost (item holds {text[:20]!r})")
    leftovers = [p.name for p in path.parent.iterdir() if p.name != path.name and p.name.startswith(f".{path.name}.")]
    if leftovers:
        problems.append(f"left beside the file: {leftovers}")
    return problems


def main() -> int:
    from csf import store
    from csf.assessment import new_assessment
    from csf.registry import Registry

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    rng = random.Random(20091125)
    registry = Registry()
    kills = confirmed = broken = lost = leftover = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lambeth.yaml"
        store.create(path, new_assessment(registry.get("partnership-csf"), "Lambeth", "2009-10"))
        for r in range(rounds):
            logs = {f"cli{r}": Path(tmp) / f"cli{r}.log", f"tui{r}": Path(tmp) / f"tui{r}.log"}
            children = []
            for (who, log), program in zip(logs.items(), (CLI_WRITER, TUI_WRITER)):
                child = subprocess.Popen([sys.executable, "-c", program, str(path), str(log), who],
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
                children.append(child)
            for child in children:
                child.stdout.readline()
            time.sleep(rng.uniform(0.05, 1.5))
            doomed = children if rng.random() < 0.5 else [rng.choice(children)]
            for child in doomed:
                os.kill(child.pid, signal.SIGKILL)
                kills += 1
            time.sleep(rng.uniform(0.0, 0.3))
            for child in children:
                if child not in doomed:
                    os.kill(child.pid, signal.SIGKILL)
                    kills += 1
                child.wait()
            confirmed += sum(len(log.read_text().split()) for log in logs.values() if log.exists())
            problems = check(path, logs, registry)
            broken += any(p.startswith("broken") for p in problems)
            lost += sum("lost" in p or "in the history" in p for p in problems)
            leftover += any(p.startswith("left beside") for p in problems)
            for problem in problems:
                print(f"round {r}: {problem}")
            for log in logs.values():
                log.unlink(missing_ok=True)
    print(f"{rounds} rounds, {kills} writers killed by SIGKILL mid-save (CLI and TUI saving at once), "
          f"{confirmed} saves confirmed: {broken} broken files, {lost} lost answers, "
          f"{leftover} rounds with temp or lock files left after the next open")
    return 1 if broken or lost or leftover else 0


if __name__ == "__main__":
    sys.exit(main())
