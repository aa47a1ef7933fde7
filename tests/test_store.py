"""Stores: the contract for the memory and SQLite stores, and what only SQLite or the core shows."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import consensus as cs
from consensus.testing import StoreContract, assert_rejected

from .conftest import agree_all


class TestMemoryStore(StoreContract):
    """The memory store passes the store contract."""

    def make_store(self) -> cs.EventStore:
        return cs.MemoryStore()

    def tamper(self, store: cs.EventStore, stream: str, rows: Sequence[cs.StoredEvent]) -> None:
        store._streams[stream] = list(rows)  # type: ignore[attr-defined]


def sqlite_tamper(path: str, stream: str, rows: Sequence[cs.StoredEvent]) -> None:
    """Rewrite a stream's rows with raw SQL, dropping the append-only triggers and restoring them."""
    db = sqlite3.connect(path, isolation_level=None)
    triggers = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'consensus_events'"
    ).fetchall()
    db.execute("BEGIN IMMEDIATE")
    db.execute("DROP TRIGGER consensus_events_no_update")
    db.execute("DROP TRIGGER consensus_events_no_delete")
    db.execute("DELETE FROM consensus_events WHERE stream = ?", (stream,))
    db.executemany(
        "INSERT INTO consensus_events (stream, position, line, hash) VALUES (?, ?, ?, ?)",
        [(stream, row.position, row.line, row.hash) for row in rows],
    )
    for (sql,) in triggers:
        db.execute(sql)
    db.execute("COMMIT")
    db.close()


class TestSQLiteStore(StoreContract):
    """The SQLite store passes the store contract, tampered with by raw SQL."""

    @pytest.fixture(autouse=True)
    def _directory(self, tmp_path: Path) -> None:
        self.directory = tmp_path
        self.count = 0

    def make_store(self) -> cs.EventStore:
        self.count += 1
        return cs.SQLiteStore(self.directory / f"store-{self.count}.db")

    def tamper(self, store: cs.EventStore, stream: str, rows: Sequence[cs.StoredEvent]) -> None:
        sqlite_tamper(store.location, stream, rows)

    def reopen(self, store: cs.EventStore) -> cs.EventStore:
        return cs.SQLiteStore(store.location)


# -- SQLite: the file, the triggers, the settings


def test_sqlite_refuses_updates_and_deletes(tmp_path: Path, charter: cs.Charter) -> None:
    """The triggers refuse UPDATE and DELETE of a stored event, even with raw SQL."""
    path = tmp_path / "scwp.db"
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    cs.Partnership.draft(charter, clock=clock, store=cs.SQLiteStore(path), stream="scwp")
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE consensus_events SET line = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM consensus_events")
    db.rollback()
    assert cs.SQLiteStore(path).verify("scwp") == 1


def test_sqlite_uses_wal_and_full_synchronous(tmp_path: Path) -> None:
    """The store's connection writes in WAL mode with synchronous=FULL, and the file is marked ours."""
    store = cs.SQLiteStore(tmp_path / "scwp.db")
    db = store._db  # type: ignore[attr-defined]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA application_id").fetchone()[0] == 0x434E5331
    store.close()


@pytest.mark.parametrize(
    "content",
    [b"not a database at all\n" * 50, b"", None],
    ids=["text-file", "empty-file", "another-application"],
)
def test_a_file_that_is_not_ours_is_refused_unchanged(
    tmp_path: Path, content: bytes | None
) -> None:
    """A file that is not a consensus store is a PersistenceError naming it, and is left as it was."""
    path = tmp_path / "other.db"
    if content is None:
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE customers (name TEXT)")
        db.commit()
        db.close()
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    if content == b"":
        cs.SQLiteStore(path).close()  # an empty file is a new database: it becomes ours
        return
    with pytest.raises(cs.PersistenceError, match=r"other\.db") as caught:
        cs.SQLiteStore(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before
    assert not (tmp_path / "other.db-wal").exists()


def test_a_store_of_another_schema_is_refused(tmp_path: Path) -> None:
    """A consensus store of a schema this version does not read is refused, naming the schema."""
    path = tmp_path / "future.db"
    cs.SQLiteStore(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with pytest.raises(cs.PersistenceError, match="schema"):
        cs.SQLiteStore(path)


def test_bad_paths_are_refused() -> None:
    """A path that is not one, or a directory that does not exist, is a ConsensusError."""
    for path in (5, None, "", "a\x00b"):
        with pytest.raises(cs.InvalidArgument):
            cs.SQLiteStore(path)  # type: ignore[arg-type]
    with pytest.raises(cs.PersistenceError, match="no/such/dir"):
        cs.SQLiteStore("/no/such/dir/scwp.db")


def test_a_locked_store_is_a_persistence_error_that_changes_nothing(
    tmp_path: Path, charter: cs.Charter
) -> None:
    """Another connection holding the write lock too long: PersistenceError, nothing changed."""
    path = tmp_path / "scwp.db"
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    store = cs.SQLiteStore(path, timeout=0.05)
    p = cs.Partnership.draft(charter, clock=clock, store=store, stream="scwp")
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    with pytest.raises(cs.PersistenceError, match="locked") as caught:
        p.sign(by="unison")
    assert "unison cannot" in str(caught.value)
    assert len(p.events) == 1
    assert p.membership("unison").state == "pending"
    blocker.execute("ROLLBACK")
    p.sign(by="unison")
    assert store.version("scwp") == 2


# -- the core through a store


class FailingStore:
    """A store of a third party that fails the way a disk or a network does."""

    location = "failing"

    def __init__(self, fail: BaseException) -> None:
        self.inner = cs.MemoryStore()
        self.fail: BaseException | None = None
        self.failure = fail

    def append(self, stream: str, events: Sequence[cs.Event], **kw: object) -> int:
        if self.fail is not None:
            raise self.fail
        return self.inner.append(stream, events, **kw)  # type: ignore[arg-type]

    def read(self, stream: str, **kw: object) -> Sequence[cs.Event]:
        return self.inner.read(stream, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "failure",
    [OSError(28, "No space left on device"), cs.PersistenceError("server gone")],
    ids=["disk-full", "store-error"],
)
def test_a_store_failure_changes_nothing(
    charter: cs.Charter, clock: cs.SimulatedClock, failure: BaseException
) -> None:
    """A store that fails mid-command: PersistenceError; memory rolled back, including time-driven events."""
    store = FailingStore(failure)
    p = cs.Partnership.draft(charter, clock=clock, store=store, stream="scwp")
    for party in charter.signatories:
        p.sign(by=party.id)
    store.fail = failure
    clock.advance(years=1, days=1)  # a review falls due first, inside the command
    error = assert_rejected(p, lambda: p.propose(cs.Resolution(title="T", text="x"), by="unison"))
    assert isinstance(error, cs.PersistenceError)
    assert "unison cannot" in str(error)
    assert store.inner.version("scwp") == len(p.events)
    store.fail = None
    p.propose(cs.Resolution(title="T", text="x"), by="unison")
    assert cs.Partnership.load(store, "scwp", clock=clock) == p


def test_a_rejected_command_writes_nothing(active: cs.Partnership, charter: cs.Charter) -> None:
    """Invariant 10 through a store: a refused command appends nothing."""
    store = cs.MemoryStore()
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    p = cs.Partnership.draft(charter, clock=clock, store=store, stream="scwp")
    for party in charter.signatories:
        p.sign(by=party.id)
    held = store.rows("scwp")
    assert_rejected(p, lambda: p.table("p-0404", by=charter.chair))
    assert_rejected(p, lambda: p.sign(by="unison"))
    assert store.rows("scwp") == held


def test_drafting_over_a_kept_partnership_is_refused_saying_to_load_it(
    tmp_path: Path, charter: cs.Charter
) -> None:
    """A second draft under a kept stream id is no race to retry: it says what to do."""
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    store = cs.SQLiteStore(tmp_path / "kept.db")
    cs.Partnership.draft(charter, clock=clock, store=store, stream="scwp")
    held = store.rows("scwp")
    with pytest.raises(cs.ConcurrencyError) as caught:
        cs.Partnership.draft(charter, clock=clock, store=store, stream="scwp")
    assert str(caught.value) == (
        f"cannot draft stream 'scwp': the store {store.location} already holds a partnership "
        "under that id; load it with Partnership.load, or draft under another stream id"
    )
    assert (caught.value.stream, caught.value.position) == ("scwp", 0)
    assert store.rows("scwp") == held
    store.close()


def test_store_and_stream_arguments_are_checked(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    """store= without stream=, a stream that is no id, an object that is no store: InvalidArgument."""
    store = cs.MemoryStore()
    for kwargs in (
        {"store": store},
        {"stream": "scwp"},
        {"store": store, "stream": ""},
        {"store": store, "stream": 7},
        {"store": object(), "stream": "scwp"},
    ):
        with pytest.raises(cs.InvalidArgument):
            cs.Partnership.draft(charter, clock=clock, **kwargs)  # type: ignore[arg-type]
    for args in ((None, "scwp"), (store, None), (object(), "scwp")):
        with pytest.raises(cs.InvalidArgument):
            cs.Partnership.load(*args)  # type: ignore[arg-type]
    assert store.streams() == ()


@given(
    positions=st.lists(st.sampled_from(list(cs.Position)), min_size=1, max_size=12),
    cut=st.integers(min_value=1, max_value=40),
)
def test_any_run_round_trips_through_sqlite_from_any_version(
    tmp_path_factory: pytest.TempPathFactory,
    charter: cs.Charter,
    positions: list[cs.Position],
    cut: int,
) -> None:
    """Whatever the commands, the SQLite store gives back the log, from any version, and the same partnership."""
    path = tmp_path_factory.mktemp("run") / "scwp.db"
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    store = cs.SQLiteStore(path)
    p = cs.Partnership.draft(charter, clock=clock, store=store, stream="scwp")
    for party in charter.signatories:
        p.sign(by=party.id)
    pid = p.propose(cs.Resolution(title="T", text="x"), by="unison")
    p.table(pid, by=charter.chair)
    members = sorted(p.active_members)
    for index, position in enumerate(positions):
        clock.advance(days=40)
        p.record_position(pid, position, by=members[index % len(members)])
    agree_all(p, pid)
    p.conclude(pid, by=charter.chair)
    store.close()
    reopened = cs.SQLiteStore(path)
    start = min(cut, len(p.events))
    assert tuple(reopened.read("scwp", start=start)) == tuple(p.events[start:])
    assert cs.Partnership.load(reopened, "scwp", clock=clock) == p
    reopened.close()


CHECKS: list[str] = []


@attrs.frozen
class Counted:
    """A motion whose check counts how often it is asked: strict replay asks again."""

    KIND = "counted"
    title: str

    def describe(self) -> str:
        return self.title

    def check(self, view: object) -> None:
        CHECKS.append(self.title)


def test_a_snapshot_re_decides_only_the_tail(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    """Loading with a snapshot re-runs only the commands after it; without, every command."""
    registry = cs.Registry()
    cs.register_motion(Counted, registry=registry)
    store = cs.SQLiteStore(":memory:")
    p = cs.Partnership.draft(charter, clock=clock, store=store, stream="s", registry=registry)
    for party in charter.signatories:
        p.sign(by=party.id)
    for n in range(5):
        p.propose(Counted(title=f"before-{n}"), by="unison")
    cs.Partnership.load(store, "s", clock=clock, registry=registry, snapshots=True)
    p = cs.Partnership.load(store, "s", clock=clock, registry=registry)
    p.propose(Counted(title="after"), by="unison")
    CHECKS.clear()
    q = cs.Partnership.load(store, "s", clock=clock, registry=registry, snapshots=True)
    assert CHECKS == ["after"]
    assert q == p
    CHECKS.clear()
    assert cs.Partnership.load(store, "s", clock=clock, registry=registry) == p
    assert [f"before-{n}" for n in range(5)] + ["after"] == CHECKS


@given(
    kind=st.sampled_from(["alter", "hash", "remove", "renumber", "insert", "swap"]),
    where=st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_tampering_anywhere_is_found_where_it_is(
    charter: cs.Charter, kind: str, where: float
) -> None:
    """Invariant 12: any one tampering, at any position, is named at that position by verify and load."""
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    store = cs.MemoryStore()
    p = cs.Partnership.draft(charter, clock=clock, store=store, stream="s")
    for party in charter.signatories:
        p.sign(by=party.id)
    pid = p.propose(cs.Resolution(title="T", text="x"), by="unison")
    p.table(pid, by=charter.chair)
    agree_all(p, pid)
    rows = list(store.rows("s"))
    k = int(where * (len(rows) - 1))

    def renumbered(kept: list[cs.StoredEvent]) -> list[cs.StoredEvent]:
        return [cs.StoredEvent(position=i, line=r.line, hash=r.hash) for i, r in enumerate(kept)]

    if kind == "alter":
        rows[k] = cs.StoredEvent(position=k, line=rows[k].line + " ", hash=rows[k].hash)
    elif kind == "hash":
        rows[k] = cs.StoredEvent(position=k, line=rows[k].line, hash="f" * 64)
    elif kind == "remove":
        rows = rows[:k] + rows[k + 1 :]
    elif kind == "renumber":
        rows = renumbered(rows[:k] + rows[k + 1 :])
    elif kind == "insert":
        rows = renumbered([*rows[: k + 1], rows[k], *rows[k + 1 :]])
        k += 1
    else:
        rows[k], rows[k + 1] = rows[k + 1], rows[k]
        rows = renumbered(rows)
    store._streams["s"] = rows  # type: ignore[attr-defined]
    if kind == "remove" and k == len(rows):
        return  # the last event cut off: a chain cannot show it; compare store.head instead
    with pytest.raises(cs.IntegrityError) as verified:
        store.verify("s")
    with pytest.raises(cs.IntegrityError) as loaded:
        cs.Partnership.load(store, "s", clock=clock)
    assert verified.value.position == k
    assert loaded.value.position == k
    assert "<memory>, stream 's'" in str(loaded.value)


def test_the_core_never_imports_the_stores() -> None:
    """DESIGN's arrows: only the front (consensus/__init__) and consensus.testing import consensus.store."""
    from .test_testing import SRC, _imports

    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC.parent).with_suffix("")
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        # The front re-exports the stores; the command line opens them (outside the core).
        if parts in {("consensus",), ("consensus", "_cli")} or parts[:2] in {
            ("consensus", "store"),
            ("consensus", "testing"),
        }:
            continue
        package = ".".join(relative.parts[:-1])
        imported = _imports(path, package)
        assert not any(name.startswith("consensus.store") for name in imported), path
    store_imports = set().union(
        *(_imports(p, "consensus.store") for p in (SRC / "store").glob("*.py"))
    )
    assert not any(
        name.startswith(("consensus._partnership", "consensus.testing")) for name in store_imports
    )


@pytest.mark.parametrize("method", [cs.Partnership.draft, cs.Partnership.load])
def test_the_store_examples_in_partnership_docstrings_run(method: object) -> None:
    """Methods of classes presented as consensus.* escape --doctest-modules: run their examples here."""
    import doctest

    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = doctest.DocTestFinder().find(method, globs={})
    assert tests
    assert tests[0].examples
    for test in tests:
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
