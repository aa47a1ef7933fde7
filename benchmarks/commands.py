"""Every command through the system clock, on a small log and a large one, beside a minimal command.

Each log lives in a worker process of its own, so that a garbage collection
in one never walks the other's objects: the small log's figures are those
of a process holding a small partnership. Rounds alternate between the two
workers, and inside each worker between the partnership's commands (one
:class:`~workload.Cycle` pass or several) and the same number of minimal
commands (:class:`MinimalCommand`), so that a busy moment slows all alike.

Every command is timed alone (:class:`~measure.Laps`), so the figures hold
the whole distribution: the median, the 99th percentile and the worst
pause, garbage collections included. A full collection may not happen in a
short run (it waits until the objects that survived since the last one
exceed a quarter of those that had), so each worker also times one.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import attrs
from measure import Figure, Laps, Worker, calibrate, once
from workload import founded, grow, overdue_history

import consensus as cs


@attrs.frozen(kw_only=True)
class PositionNoted:
    """The minimal command's event: a frozen attrs class, as the library's events are."""

    at: float
    proposal: str
    party: str
    position: str


class MinimalCommand:
    """The baseline: what any command must at least do, in plain Python.

    It reads a clock, builds a frozen attrs event, appends it to a log and
    updates a dict: no checks, no time zones, no rule.
    """

    def __init__(self) -> None:
        self.log: list[PositionNoted] = []
        self.positions: dict[tuple[str, str], str] = {}

    def record(self, proposal: str, party: str, position: str) -> None:
        """Record ``party``'s position on ``proposal``."""
        event = PositionNoted(at=time.time(), proposal=proposal, party=party, position=position)
        self.log.append(event)
        self.positions[proposal, party] = position


@dataclass(frozen=True)
class Spec:
    """What one worker measures.

    Attributes:
        size: ``"small"`` or ``"large"``: the suffix of its figures' names.
        events: how many events its log holds when the timing starts.
        passes: passes of the cycle a round.
        fresh: grow a new partnership before each round (so a small log stays small).
        one_offs: also time the commands that cannot repeat under the real clock.
    """

    size: str
    events: int
    passes: int
    fresh: bool
    one_offs: bool


class CommandBench:
    """A worker's subject: one partnership, timed in rounds beside the minimal command."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.overhead = calibrate()
        self.baseline = MinimalCommand()
        self.history = overdue_history() if spec.one_offs else ()
        self.p, self.cycle = grow(spec.events)
        counter = Laps()
        self.cycle.run(counter)
        self.commands_per_pass = len(counter.pooled())
        self.full_collections = gc.get_stats()[2]["collections"]

    def round(self, turn: int) -> dict[str, Any]:
        """One round: the cycle and the minimal command (in turns), then the one-off commands."""
        if self.spec.fresh:
            self.p, self.cycle = grow(self.spec.events)
        ours, theirs, single = Laps(self.overhead), Laps(self.overhead), Laps(self.overhead)
        steps: list[Callable[[], None]] = [
            lambda: self._ours(ours),
            lambda: self._baseline(theirs),
        ]
        for step in steps if turn % 2 == 0 else steps[::-1]:
            step()
        facts_due = self._one_offs(single) if self.spec.one_offs else 0
        return {
            "cycle": dict(ours.samples),
            "once": dict(single.samples),
            "baseline": theirs.samples["baseline"],
            "facts_due": facts_due,
            "events": len(self.p.events),
        }

    def finish(self) -> dict[str, Any]:
        """Full collections while the rounds ran (growing a small log anew included), and three more, timed."""
        seen = gc.get_stats()[2]["collections"] - self.full_collections
        pauses = [once(gc.collect)[0] for _ in range(3)]
        return {"full_collections": seen, "gc": pauses, "events": len(self.p.events)}

    def _ours(self, laps: Laps) -> None:
        for _ in range(self.spec.passes):
            self.cycle.run(laps)

    def _baseline(self, laps: Laps) -> None:
        members = self.cycle.members
        positions = ("agree", "abstain")
        calls = [
            (f"p-{n // 50:04d}", members[n % len(members)], positions[n & 1])
            for n in range(self.spec.passes * self.commands_per_pass)
        ]
        for proposal, party, position in calls:
            laps("baseline", self.baseline.record, proposal, party, position)

    def _one_offs(self, laps: Laps) -> int:
        founded(lap=laps)
        late = cs.Partnership.replay(self.history, clock=cs.SystemClock(), trusted=True)
        due = laps("advance_due", late.advance)
        laps("open_review", late.open_review, by=late.charter.chair)
        return len(due)


#: What each kind of command figure measures; the log size is added to it.
KINDS = {
    "advance": "advance, nothing due",
    "draft": "draft a partnership",
    "sign": "sign the charter, as each of 7 signatories",
    "open_review": "open the review that advance found due",
}


def run(small: int, large: int, rounds: int, passes: int) -> tuple[list[Figure], list[str]]:
    """The command figures of a small and a large log, and notes on what happened.

    Args:
        small: events in the small log (grown anew each round).
        large: events in the large log.
        rounds: rounds of each.
        passes: passes of the cycle a round.
    """
    specs = [
        Spec(size="small", events=small, passes=passes, fresh=True, one_offs=True),
        Spec(size="large", events=large, passes=passes, fresh=False, one_offs=False),
    ]
    workers = [Worker(CommandBench, spec) for spec in specs]
    try:
        results: dict[str, list[dict[str, Any]]] = {spec.size: [] for spec in specs}
        for turn in range(rounds):
            pairs = list(zip(specs, workers, strict=True))
            shift = turn % len(pairs)
            for spec, worker in pairs[shift:] + pairs[:shift]:
                results[spec.size].append(worker.call("round", turn))
        endings = {
            spec.size: worker.call("finish") for spec, worker in zip(specs, workers, strict=True)
        }
    finally:
        for worker in workers:
            worker.close()
    figures: list[Figure] = []
    notes: list[str] = []
    for spec in specs:
        figures += _figures(spec, results[spec.size], endings[spec.size])
        end = endings[spec.size]
        notes.append(
            f"{spec.size} log ({spec.events:,} events at the start of each round, "
            f"{results[spec.size][-1]['events']:,} after the last): "
            f"full garbage collections while the rounds ran: {end['full_collections']}"
        )
    return figures, notes


def _figures(spec: Spec, rounds: list[dict[str, Any]], end: dict[str, Any]) -> list[Figure]:
    where = f"log of {spec.events:,}+ events"
    facts = rounds[0]["facts_due"]
    figures = [
        Figure(
            f"commands.{spec.size}",
            f"any command of the cycle, {where}",
            "µs",
            [[t for samples in r["cycle"].values() for t in samples] for r in rounds],
        ),
        Figure(
            f"baseline.{spec.size}",
            f"minimal command: attrs event, list, dict, time.time(); {where}",
            "µs",
            [r["baseline"] for r in rounds],
        ),
        Figure(
            f"gc.{spec.size}",
            f"a full garbage collection, {end['events']:,} events",
            "ms",
            [[pause] for pause in end["gc"]],
        ),
    ]
    if "advance_due" in rounds[0]["once"]:
        figures.append(
            Figure(
                f"fact_due.{spec.size}",
                f"advance, per time-driven fact it emits ({facts} due on a log 13 months old)",
                "µs",
                [[t / r["facts_due"] for t in r["once"]["advance_due"]] for r in rounds],
            )
        )
    for part in ("cycle", "once"):
        for kind in sorted({kind for r in rounds for kind in r[part]} - {"advance_due"}):
            what = KINDS.get(kind, kind).format(facts=facts)
            figures.append(
                Figure(
                    f"command.{kind}.{spec.size}",
                    what if part == "once" else f"{what}, {where}",
                    "µs",
                    [r[part].get(kind, []) for r in rounds],
                )
            )
    return figures
