"""The SQLite store: a command appended, and a long log loaded with and without a snapshot.

- append: ``record_position`` on a partnership kept in a :class:`consensus.SQLiteStore`
  (one transaction a command, WAL, ``synchronous=FULL``), each timed alone,
  beside a plain :mod:`sqlite3` loop inserting and committing one row at a
  time with the same settings, in interleaved rounds.
- load: a log grown by :class:`workload.Cycle` passes, loaded strictly (the
  default), trusted, and with a recent snapshot (a strict load with
  ``snapshots=True`` saved one, then one more pass of commands went through
  the store), beside a plain select of every line with ``json.loads``, in
  interleaved rounds. Each snapshot load saves a new snapshot; a pass of
  commands follows it, untimed, so every round finds about a hundred events
  after its snapshot.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import tempfile
from pathlib import Path

from measure import Figure, Laps, calibrate, interleave, once
from workload import PROPOSER, UNTIMED, Cycle, founded, grow

import consensus as cs

STREAM = "bench"
CHUNK = 50_000


def run(events: int, rounds: int, appends: int) -> list[Figure]:
    """Append figures (``appends`` commands a round) and load figures of a log of ``events``."""
    with tempfile.TemporaryDirectory(prefix="consensus-bench-") as directory:
        return _appending(Path(directory), rounds, appends) + _loading(
            Path(directory), events, rounds
        )


def _plain(path: Path) -> sqlite3.Connection:
    plain = sqlite3.connect(path, isolation_level=None)
    plain.execute("PRAGMA journal_mode=WAL")
    plain.execute("PRAGMA synchronous=FULL")
    plain.execute(
        "CREATE TABLE events (stream TEXT, position INTEGER, line TEXT, "
        "PRIMARY KEY (stream, position)) WITHOUT ROWID"
    )
    return plain


def _appending(directory: Path, rounds: int, appends: int) -> list[Figure]:
    store = cs.SQLiteStore(directory / "append.db")
    p = founded(store=store, stream=STREAM)
    pid = p.propose(cs.Resolution(title="Timed", text="The text."), by=PROPOSER)
    p.table(pid, by=p.charter.chair)
    line = cs.events_to_jsonl(p.events[-1:]).rstrip("\n")
    plain = _plain(directory / "plain.db")
    overhead = calibrate()
    ours, theirs = Laps(overhead), Laps(overhead)
    positions = [cs.Position.AGREE, cs.Position.ABSTAIN]
    rows = itertools.count()

    def insert(row: int) -> None:
        plain.execute("BEGIN IMMEDIATE")
        plain.execute("INSERT INTO events VALUES (?, ?, ?)", (STREAM, row, line))
        plain.execute("COMMIT")

    def our_round() -> None:
        for n in range(appends):
            ours("append", p.record_position, pid, positions[n & 1], by="gmb")

    def their_round() -> None:
        for _ in range(appends):
            theirs("append", insert, next(rows))

    interleave(rounds, {"ours": our_round, "theirs": their_round})
    store.close()
    plain.close()

    def by_round(laps: Laps) -> list[list[float]]:
        samples = laps.samples["append"]
        return [list(samples[n : n + appends]) for n in range(0, len(samples), appends)]

    return [
        Figure(
            "store.append",
            "record_position through SQLiteStore: one transaction, WAL, synchronous=FULL",
            "µs",
            by_round(ours),
        ),
        Figure(
            "store.append_sqlite3",
            "plain sqlite3: insert one row and commit, same settings",
            "µs",
            by_round(theirs),
        ),
    ]


def _loading(directory: Path, events: int, rounds: int) -> list[Figure]:
    path = directory / "load.db"
    store = cs.SQLiteStore(path)
    p, _ = grow(events)
    log = list(p.events)
    del p
    for start in range(0, len(log), CHUNK):  # the whole log, a few transactions
        store.append(STREAM, log[start : start + CHUNK], expected_version=start)
    size = len(log)
    del log
    # A strict load saves the snapshot; one pass of commands lands after it.
    Cycle(cs.Partnership.load(store, STREAM, snapshots=True)).run(UNTIMED)

    def floor() -> object:
        plain = sqlite3.connect(path)
        lines = plain.execute(
            "SELECT line FROM consensus_events WHERE stream = ? ORDER BY position", (STREAM,)
        ).fetchall()
        plain.close()
        return [json.loads(line) for (line,) in lines]

    def timed(*, trusted: bool = False) -> float:
        elapsed, _kept = once(lambda: cs.Partnership.load(store, STREAM, trusted=trusted))
        return float(elapsed)

    def after_snapshot() -> float:
        elapsed, loaded = once(lambda: cs.Partnership.load(store, STREAM, snapshots=True))
        Cycle(loaded).run(UNTIMED)  # the next round's snapshot is as recent as this one's
        return float(elapsed)

    loads = interleave(
        rounds,
        {
            "store.load.strict": lambda: timed(),
            "store.load.trusted": lambda: timed(trusted=True),
            "store.load.snapshot": after_snapshot,
            "store.load.sqlite3_json": lambda: float(once(floor)[0]),
        },
    )
    store.close()
    where = f"{size:,} events"
    labels = {
        "store.load.strict": f"load {where}, strict (the default)",
        "store.load.trusted": f"load {where}, trusted",
        "store.load.snapshot": f"load {where} + a pass of ~100 after a snapshot",
        "store.load.sqlite3_json": f"plain sqlite3 select of {where}, json.loads of each",
    }
    return [
        Figure(name, labels[name], "ms", [[value] for value in values])
        for name, values in loads.items()
    ]
