"""Memory: bytes per event of a log, and per open proposal, by :mod:`tracemalloc`.

Each figure is what a structure keeps alive once built: the memory traced
after building it, less the memory traced before, each after a full
garbage collection, divided by the events (or proposals) it holds. The
first build of each kind is thrown away, so that caches filled once (the
registry, interned strings, time zones) are not charged to it. Run in a
process of its own: tracing slows everything it runs beside.

- the decoded log: :func:`consensus.events_from_jsonl` of a simulated log,
  against ``json.loads`` of its lines kept in a list.
- the partnership built by commands (:func:`consensus.simulate`), events
  and state together, against the same log decoded and replayed (trusted).
- an open proposal: proposed, tabled and agreed by six of seven members,
  events and state together, against the same steps as minimal commands
  (:class:`commands.MinimalCommand`) and a dict of its positions.
"""

from __future__ import annotations

import gc
import json
import tracemalloc
from collections.abc import Callable

from commands import MinimalCommand
from measure import Figure
from workload import ABSENT, PROPOSER, charter, founded

import consensus as cs


def retained(build: Callable[[], object]) -> int:
    """Bytes that what ``build`` returns keeps alive (traced memory after, less before)."""
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    kept = build()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    del kept
    return after - before


def run(years: int, proposals: int, rounds: int) -> list[Figure]:
    """Bytes per event and per open proposal, one value a round."""
    tracemalloc.start()
    try:
        return _measure(years, proposals, rounds)
    finally:
        tracemalloc.stop()


def _measure(years: int, proposals: int, rounds: int) -> list[Figure]:
    simulated = cs.simulate(charter(), seed=7, years=years)
    size = len(simulated.events)
    text = cs.events_to_jsonl(simulated.events)
    del simulated

    def decoded_partnership() -> cs.Partnership:
        return cs.Partnership.replay(cs.events_from_jsonl(text), trusted=True)

    per_event: dict[str, Callable[[], object]] = {
        "memory.decoded_log": lambda: cs.events_from_jsonl(text),
        "memory.json_dicts": lambda: [json.loads(line) for line in text.splitlines()],
        "memory.commanded": lambda: cs.simulate(charter(), seed=7, years=years),
        "memory.decoded_partnership": decoded_partnership,
    }
    per_proposal: dict[str, Callable[[int], float]] = {
        "memory.open_proposal": _open_proposals,
        "memory.open_proposal_minimal": _minimal_proposals,
    }
    values: dict[str, list[float]] = {}
    for name, build in per_event.items():
        retained(build)  # the first build fills caches
        values[name] = [retained(build) / size for _ in range(rounds)]
    for name, bytes_each in per_proposal.items():
        bytes_each(proposals)
        values[name] = [bytes_each(proposals) for _ in range(rounds)]
    where = f"simulated log of {size:,} events"
    labels = {
        "memory.decoded_log": f"events_from_jsonl, per event, {where}",
        "memory.json_dicts": f"json.loads of every line, kept in a list, per event, {where}",
        "memory.commanded": f"partnership built by simulate (log and state), per event, {where}",
        "memory.decoded_partnership": f"decoded and replayed (trusted), log and state, per event, {where}",
        "memory.open_proposal": f"an open proposal and 6 positions, events and state, {proposals:,} open",
        "memory.open_proposal_minimal": "the same 8 steps as minimal commands, and a dict of positions",
    }
    return [
        Figure(name, labels[name], "B", [[value] for value in values[name]]) for name in values
    ]


def _open_proposals(count: int) -> float:
    """Bytes per proposal left open (tabled, six of seven positions) on a new partnership."""
    p = founded()
    chair = p.charter.chair
    present = [member for member in sorted(p.active_members) if member != ABSENT]

    def open_them() -> cs.Partnership:
        for n in range(count):
            pid = p.propose(cs.Resolution(title=f"Resolution {n}", text="The text."), by=PROPOSER)
            p.table(pid, by=chair)
            for member in present:
                p.record_position(pid, cs.Position.AGREE, by=member)
        return p

    return retained(open_them) / count


def _minimal_proposals(count: int) -> float:
    """Bytes per proposal for the same steps as minimal commands, and a dict of positions."""
    minimal = MinimalCommand()
    state: dict[str, dict[str, str]] = {}
    chair = charter().chair
    present = sorted(party.id for party in charter().signatories if party.id != ABSENT)

    def open_them() -> MinimalCommand:
        for n in range(count):
            pid = f"p-{n:04d}"
            minimal.record(pid, PROPOSER, "proposed")
            minimal.record(pid, chair, "tabled")
            state[pid] = {}
            for member in present:
                minimal.record(pid, member, "agree")
                state[pid][member] = "agree"
        return minimal

    return retained(open_them) / count
