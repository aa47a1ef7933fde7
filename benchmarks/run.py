"""Measure the engine's own costs, each beside a plain-Python baseline from the same run.

Run it with ``.venv/bin/python benchmarks/run.py`` (``--large`` adds a log of
a million events). Figures are medians of several repeats, in microseconds.

- command cost: one ``record_position`` on a partnership whose log holds a
  thousand events, and one holding many more: the cost must not grow with the
  log. Baseline: a dict-table state machine doing the same check and update.
- replay: applying a whole log, per event. Baseline: the dict-table machine
  applying the same sequence of transitions.
- encoding and decoding JSON Lines, per event. Baseline (the floor):
  ``json.dumps`` of the same dictionaries, ``json.loads`` of the same lines.
- ``simulate(bundled charter, seed=7, years=10)``, per event produced, and
  strict replay of its log, per event. Baseline (the floor of producing a log
  of that length): building one plain dict per event from the same values
  and appending it to a list. The run's events and seconds are printed too.
- the SQLite store: a command appended (one transaction, WAL,
  ``synchronous=FULL``), beside a plain ``sqlite3`` loop inserting and
  committing one row at a time with the same settings, interleaved round by
  round; and loading logs of 100,000 events (a million with ``--large``),
  strictly, trusted, and with a snapshot, beside a plain ``sqlite3`` select
  with ``json.loads`` of every line.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pendulum

import consensus as cs

CHARTER = (
    Path(__file__).resolve().parent.parent
    / "examples"
    / "charters"
    / "social_care_workforce_partnership.toml"
)


def median_us(run: Callable[[], object], *, repeat: int = 7, per: int = 1) -> float:
    """Median wall time of ``run`` in microseconds, divided by ``per`` items."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6 / per


def grow(events: int) -> tuple[cs.Partnership, cs.SimulatedClock]:
    """A partnership whose log holds at least ``events`` events of decided resolutions."""
    charter = cs.load_charter(CHARTER)
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz=charter.timezone))
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories:
        p.sign(by=party.id)
    members = sorted(p.active_members)
    motion = cs.Resolution(title="Model policy", text="The model text.")
    while len(p.events) < events:
        clock.advance(minutes=1)
        pid = p.propose(motion, by="unison")
        p.table(pid, by=charter.chair)
        for member in members:
            p.record_position(pid, cs.Position.AGREE, by=member)
        p.conclude(pid, by=charter.chair)
    return p, clock


class DictMachine:
    """The baseline: a proposal state machine as a dict of (state, trigger) -> state."""

    TABLE: ClassVar[dict[tuple[str, str], str]] = {
        ("draft", "table"): "deliberating",
        ("deliberating", "record_position"): "deliberating",
        ("deliberating", "agree"): "agreed",
    }

    def __init__(self) -> None:
        self.states: dict[str, str] = {}
        self.positions: dict[str, dict[str, str]] = {}

    def fire(self, pid: str, trigger: str) -> None:
        self.states[pid] = self.TABLE[(self.states[pid], trigger)]

    def record(self, pid: str, party: str, position: str) -> None:
        self.fire(pid, "record_position")
        self.positions[pid] = {**self.positions[pid], party: position}


def command_cost(p: cs.Partnership, clock: cs.SimulatedClock, n: int = 2000) -> float:
    pid = p.propose(cs.Resolution(title="Timed", text="x"), by="unison")
    p.table(pid, by=p.charter.chair)
    positions = [cs.Position.AGREE, cs.Position.ABSTAIN]

    def run() -> None:
        for i in range(n):
            p.record_position(pid, positions[i & 1], by="gmb")

    return median_us(run, repeat=5, per=n)


def baseline_command(n: int = 2000) -> float:
    machine = DictMachine()
    machine.states["p"] = "deliberating"
    machine.positions["p"] = {}

    def run() -> None:
        for i in range(n):
            machine.record("p", "gmb", "agree" if i & 1 else "abstain")

    return median_us(run, repeat=5, per=n)


def baseline_replay(p: cs.Partnership) -> float:
    steps: list[tuple[str, str, str | None]] = []
    for event in p.events:
        if isinstance(event, cs.MotionProposed):
            steps.append(("new", event.proposal, None))
        elif isinstance(event, cs.ProposalTabled):
            steps.append(("table", event.proposal, None))
        elif isinstance(event, cs.PositionRecorded):
            steps.append(("position", event.proposal, event.party))
        elif isinstance(event, cs.ProposalAgreed):
            steps.append(("agree", event.proposal, None))

    def run() -> None:
        machine = DictMachine()
        for kind, pid, party in steps:
            if kind == "new":
                machine.states[pid] = "draft"
                machine.positions[pid] = {}
            elif kind == "position":
                machine.record(pid, party or "", "agree")
            else:
                machine.fire(pid, kind)

    return median_us(run, repeat=3, per=len(p.events))


def baseline_log(p: cs.Partnership) -> float:
    """Build one plain dict per event of ``p``'s log and append it to a list."""
    values = [(event.TYPE, event.at, getattr(event, "party", None)) for event in p.events]

    def run() -> None:
        log: list[dict[str, object]] = []
        for kind, at, party in values:
            log.append({"type": kind, "at": at, "party": party})

    return median_us(run, repeat=5, per=len(values))


def simulation_rows(charter: cs.Charter) -> tuple[list[tuple[str, float, str, float]], str]:
    """The 10-year simulation and the replay of its log, per event, and a summary line."""
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        p = cs.simulate(charter, seed=7, years=10)
        runs.append(time.perf_counter() - start)
    seconds = statistics.median(runs)
    events = p.events
    start = time.perf_counter()
    again = cs.Partnership.replay(events)
    replay_seconds = time.perf_counter() - start
    assert again == p, "the simulated log must replay equal"
    base = baseline_log(p)
    rows = [
        ("simulate 10 years, per event", seconds * 1e6 / len(events), "dict per event", base),
        (
            "replay of that log, per event",
            median_us(lambda: cs.Partnership.replay(events), repeat=3, per=len(events)),
            "dict per event",
            base,
        ),
    ]
    summary = (
        f"simulate(bundled charter, seed=7, years=10): {len(events):,} events in "
        f"{seconds:.2f} s (median of 3); its replay {replay_seconds:.2f} s, equal"
    )
    return rows, summary


def append_cost(rounds: int = 5, n: int = 200) -> tuple[float, float]:
    """µs per command appended through an SQLiteStore, and per row of a plain sqlite3 loop.

    Interleaved round by round, so a busy machine moves both alike.
    """
    directory = Path(tempfile.mkdtemp(prefix="consensus-bench-"))
    charter = cs.load_charter(CHARTER)
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz=charter.timezone))
    store = cs.SQLiteStore(directory / "store.db")
    p = cs.Partnership.draft(charter, clock=clock, store=store, stream="bench")
    for party in charter.signatories:
        p.sign(by=party.id)
    pid = p.propose(cs.Resolution(title="Timed", text="x"), by="unison")
    p.table(pid, by=charter.chair)
    line = cs.events_to_jsonl(p.events[-1:]).rstrip("\n")
    plain = sqlite3.connect(directory / "plain.db", isolation_level=None)
    plain.execute("PRAGMA journal_mode=WAL")
    plain.execute("PRAGMA synchronous=FULL")
    plain.execute(
        "CREATE TABLE events (stream TEXT, position INTEGER, line TEXT, "
        "PRIMARY KEY (stream, position)) WITHOUT ROWID"
    )
    positions = [cs.Position.AGREE, cs.Position.ABSTAIN]
    ours, theirs = [], []
    row = 0
    for _ in range(rounds):
        start = time.perf_counter()
        for i in range(n):
            p.record_position(pid, positions[i & 1], by="gmb")
        ours.append((time.perf_counter() - start) / n)
        start = time.perf_counter()
        for _ in range(n):
            plain.execute("BEGIN IMMEDIATE")
            plain.execute("INSERT INTO events VALUES ('bench', ?, ?)", (row, line))
            plain.execute("COMMIT")
            row += 1
        theirs.append((time.perf_counter() - start) / n)
    store.close()
    plain.close()
    return statistics.median(ours) * 1e6, statistics.median(theirs) * 1e6


def load_costs(p: cs.Partnership) -> list[tuple[str, float, str, float]]:
    """Seconds to load ``p``'s log from SQLite: strict, trusted, with a snapshot; and the floor."""
    directory = Path(tempfile.mkdtemp(prefix="consensus-bench-"))
    store = cs.SQLiteStore(directory / "store.db")
    events = list(p.events)
    for start in range(0, len(events), 50_000):  # the whole log, a few transactions
        chunk = events[start : start + 50_000]
        store.append("bench", chunk, expected_version=start)
    size = len(events)

    def floor() -> None:
        plain = sqlite3.connect(directory / "store.db")
        lines = plain.execute(
            "SELECT line FROM consensus_events WHERE stream = 'bench' ORDER BY position"
        ).fetchall()
        [json.loads(line) for (line,) in lines]
        plain.close()

    def seconds(run: Callable[[], object]) -> float:
        return median_us(run, repeat=1) / 1e6

    base = seconds(floor)
    rows = [
        (
            f"load {size:,} events, strict (s)",
            seconds(lambda: cs.Partnership.load(store, "bench")),
        ),
        (
            f"load {size:,} events, trusted (s)",
            seconds(lambda: cs.Partnership.load(store, "bench", trusted=True)),
        ),
    ]
    clock = cs.SimulatedClock(p.last_event_at.add(minutes=1))
    # A strict load saves the snapshot; then a tail is appended after it.
    tail = cs.Partnership.load(store, "bench", snapshots=True, clock=clock)
    for _ in range(25):  # a tail of 100 events after the snapshot
        clock.advance(minutes=1)
        pid = tail.propose(cs.Resolution(title="Tail", text="x"), by="unison")
        tail.table(pid, by=tail.charter.chair)
        tail.record_position(pid, cs.Position.AGREE, by="unison")
        tail.withdraw_proposal(pid, by="unison")
    rows.append(
        (
            f"load {size:,} events + 100 after a snapshot (s)",
            seconds(lambda: cs.Partnership.load(store, "bench", snapshots=True)),
        )
    )
    store.close()
    return [(name, ours, "sqlite3 select+json.loads", base) for name, ours in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--large", action="store_true", help="also measure a log of a million events"
    )
    args = parser.parse_args()
    sizes = [1_000, 100_000] + ([1_000_000] if args.large else [])

    rows: list[tuple[str, float, str, float]] = []
    base = baseline_command()
    logs = {}
    for size in sizes:
        p, clock = grow(size)
        logs[size] = p
        rows.append(
            (
                f"record_position, log of {len(p.events):,} events",
                command_cost(p, clock),
                "dict-table machine",
                base,
            )
        )

    p = logs[1_000] if 1_000 in logs else next(iter(logs.values()))
    medium, _ = grow(20_000)
    events = medium.events
    rows.append(
        (
            "replay, per event",
            median_us(lambda: cs.Partnership.replay(events), repeat=3, per=len(events)),
            "dict-table replay",
            baseline_replay(medium),
        )
    )
    text = cs.events_to_jsonl(events)
    lines = text.splitlines()
    dicts = [json.loads(line) for line in lines]
    rows.append(
        (
            "events_to_jsonl, per event",
            median_us(lambda: cs.events_to_jsonl(events), repeat=3, per=len(events)),
            "json.dumps per dict",
            median_us(lambda: [json.dumps(d) for d in dicts], repeat=3, per=len(dicts)),
        )
    )
    rows.append(
        (
            "events_from_jsonl, per event",
            median_us(lambda: cs.events_from_jsonl(text), repeat=3, per=len(events)),
            "json.loads per line",
            median_us(lambda: [json.loads(line) for line in lines], repeat=3, per=len(lines)),
        )
    )
    rows.append(
        (
            "check_invariants, per event",
            median_us(lambda: cs.check_invariants(medium), repeat=3, per=len(events)),
            "dict-table replay",
            baseline_replay(medium),
        )
    )

    simulated, summary = simulation_rows(cs.load_charter(CHARTER))
    rows.extend(simulated)
    ours, theirs = append_cost()
    rows.append(("SQLiteStore: a command appended", ours, "sqlite3 insert+commit", theirs))
    appends = 1e6 / ours
    plain_appends = 1e6 / theirs
    for size in sizes[1:]:
        rows.extend(load_costs(logs[size]))

    width = max(len(row[0]) for row in rows)
    print(f"{'measure':<{width}}  {'consensus µs':>13}  {'baseline':<22} {'µs':>8}  ratio")
    for name, ours, base_name, theirs in rows:
        print(
            f"{name:<{width}}  {ours:>13.2f}  {base_name:<22} {theirs:>8.3f}  {ours / theirs:>6.0f}x"
        )
    print(summary)
    print(
        f"SQLiteStore appends: {appends:,.0f} commands/s "
        f"(plain sqlite3 insert+commit: {plain_appends:,.0f} rows/s)"
    )


if __name__ == "__main__":
    main()
