"""Run measurements in turn, round after round.

On a shared machine the speed drifts within a run; measured one after the other, the
drift falls on whichever runs later. In turn, it falls on all of them alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def in_turn(actions: Sequence[Callable[[], T]], rounds: int) -> list[list[T]]:
    """Each action's results, one per round, the actions taking turns within a round."""
    results: list[list[T]] = [[] for _ in actions]
    for _ in range(rounds):
        for action, got in zip(actions, results):
            got.append(action())
    return results
