"""The store contract: one suite that every store passes, the built-in ones and yours."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import pendulum

from .._charter import Charter
from .._clock import SimulatedClock
from .._codec import canonical_lines
from .._errors import (
    ConcurrencyError,
    ConsensusError,
    IntegrityError,
    InvalidArgument,
    UnknownReference,
)
from .._motions import Resolution
from .._partnership import Partnership
from .._rules import Position
from ..store import EventStore, StoredEvent, chain_hash
from ._charters import sample_charter

__all__ = ["StoreContract"]


E = TypeVar("E", bound=BaseException)


@contextlib.contextmanager
def _raises(kind: type[E]) -> Iterator[list[E]]:
    caught: list[E] = []
    try:
        yield caught
    except kind as err:
        caught.append(err)
    else:
        raise AssertionError(f"expected {kind.__name__}, nothing was raised")


def rechain(lines: Sequence[str], positions: Sequence[int] | None = None) -> list[StoredEvent]:
    """Rows for ``lines`` with a correct chain, as a forger who recomputes it would write."""
    rows, previous = [], ""
    for index, line in enumerate(lines):
        previous = chain_hash(previous, line)
        position = index if positions is None else positions[index]
        rows.append(StoredEvent(position=position, line=line, hash=previous))
    return rows


class StoreContract:
    """What every :class:`~consensus.EventStore` must do: subclass it in a pytest module.

    Define :meth:`make_store` (a new, empty store) and :meth:`tamper` (replace
    a stream's rows behind the store's back, as someone with raw access to its
    storage would); override :meth:`reopen` if your store outlives its object.
    pytest then runs every ``test_*`` method against your store. The class
    name does not start with ``Test``, so the contract itself is not collected.

    The suite checks: a round trip through the store gives an equal
    partnership; appends are all or nothing and a stale writer gets
    :class:`~consensus.ConcurrencyError` with nothing changed in memory or in
    the store; streams are independent; reading from a version; unknown
    streams and bad arguments are refused naming the store; and every kind
    of tampering (an altered line or hash, an event removed, inserted or moved,
    a chain recomputed over an unknown kind) is an
    :class:`~consensus.IntegrityError` from ``verify`` and from
    :meth:`Partnership.load <consensus.Partnership.load>` naming the first
    bad position (invariant 12).

    Examples:
        >>> import consensus as cs
        >>> from consensus.testing import StoreContract
        >>> class TestMemoryStore(StoreContract):
        ...     def make_store(self):
        ...         return cs.MemoryStore()
        ...     def tamper(self, store, stream, rows):
        ...         store._streams[stream] = list(rows)
        >>> contract = TestMemoryStore()
        >>> contract.test_a_stale_writer_is_refused_and_nothing_changes()
    """

    # -- what a store author supplies

    def make_store(self) -> EventStore:
        """A new, empty store to test."""
        raise NotImplementedError("a StoreContract subclass defines make_store()")

    def tamper(self, store: EventStore, stream: str, rows: Sequence[StoredEvent]) -> None:
        """Make ``rows`` the stored rows of ``stream``, bypassing the store's guards."""
        raise NotImplementedError("a StoreContract subclass defines tamper()")

    def reopen(self, store: EventStore) -> EventStore:
        """The same storage opened anew (a durable store reads what was written)."""
        return store

    # -- helpers

    def charter(self) -> Charter:
        """The charter partnerships are drafted from in the contract."""
        return sample_charter()

    def clock(self) -> SimulatedClock:
        """A fresh simulated clock."""
        return SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))

    def kept(self, store: EventStore, stream: str = "scwp") -> Partnership:
        """A partnership kept in ``store``: signed, one resolution agreed, one deliberating."""
        charter = self.charter()
        clock = self.clock()
        p = Partnership.draft(charter, clock=clock, store=store, stream=stream)
        for party in charter.signatories:
            clock.advance(minutes=1)
            p.sign(by=party.id)
        for title in ("First", "Second"):
            clock.advance(hours=1)
            pid = p.propose(Resolution(title=title, text="Text"), by=charter.signatories[0].id)
            p.table(pid, by=charter.chair)
            for member in sorted(p.active_members):
                p.record_position(pid, Position.AGREE, by=member)
        p.conclude("p-0001", by=charter.chair)
        return p

    def _tampered(
        self, edit: Callable[[list[StoredEvent]], tuple[list[StoredEvent], int]]
    ) -> tuple[EventStore, int]:
        store = self.make_store()
        self.kept(store)
        rows = list(store.rows("scwp"))
        changed, bad = edit(rows)
        self.tamper(store, "scwp", changed)
        return store, bad

    def _assert_detected(self, store: EventStore, bad: int) -> None:
        with _raises(IntegrityError) as verified:
            store.verify("scwp")
        with _raises(IntegrityError) as loaded:
            Partnership.load(store, "scwp", clock=self.clock())
        for err in (verified[0], loaded[0]):
            assert isinstance(err, IntegrityError)
            assert err.position == bad, (err.position, bad, str(err))
            assert store.location in str(err), str(err)
            assert "'scwp'" in str(err), str(err)

    # -- the contract

    def test_a_new_store_holds_nothing(self) -> None:
        """A new store holds no stream; an absent stream is at version 0 with an empty head."""
        store = self.make_store()
        assert store.streams() == ()
        assert store.version("scwp") == 0
        assert store.head("scwp") == ""
        assert isinstance(store, EventStore)

    def test_a_kept_partnership_loads_equal(self) -> None:
        """Every accepted command is stored before it returns; loading gives an equal partnership."""
        store = self.make_store()
        p = self.kept(store)
        for reader in (store, self.reopen(store)):
            assert reader.streams() == ("scwp",)
            assert reader.version("scwp") == len(p.events)
            assert reader.verify("scwp") == len(p.events)
            assert tuple(reader.read("scwp")) == tuple(p.events)
            assert Partnership.load(reader, "scwp", clock=self.clock()) == p
            assert Partnership.load(reader, "scwp", clock=self.clock(), trusted=True) == p

    def test_rows_hold_the_canonical_lines_and_their_chain(self) -> None:
        """Each row holds its event's canonical line and sha256(previous hash + line)."""
        store = self.make_store()
        p = self.kept(store)
        rows = store.rows("scwp")
        assert [row.position for row in rows] == list(range(len(p.events)))
        assert [row.line for row in rows] == canonical_lines(p.events)
        previous = ""
        for row in rows:
            assert row.hash == chain_hash(previous, row.line)
            previous = row.hash
        assert store.head("scwp") == previous

    def test_reading_from_a_version(self) -> None:
        """read(start=k) gives the events from position k on, verified from the hash before k."""
        store = self.make_store()
        p = self.kept(store)
        for start in (0, 1, 2, len(p.events) - 1, len(p.events)):
            assert tuple(store.read("scwp", start=start)) == tuple(p.events[start:])
        for bad in (-1, len(p.events) + 1, "1", True):
            with _raises(InvalidArgument):
                store.read("scwp", start=bad)  # type: ignore[arg-type]

    def test_a_stale_writer_is_refused_and_nothing_changes(self) -> None:
        """A writer that read an old version gets ConcurrencyError; memory and store unchanged."""
        store = self.make_store()
        first = self.kept(store)
        later = SimulatedClock(pendulum.datetime(2025, 1, 6, 10, tz="Europe/London"))
        second = Partnership.load(store, "scwp", clock=later)
        chair = first.charter.chair
        first.conclude("p-0002", by=chair)
        before = tuple(second.events)
        stored = store.rows("scwp")
        with _raises(ConcurrencyError) as caught:
            second.conclude("p-0002", by=chair)
        assert store.location in str(caught[0])
        assert tuple(second.events) == before
        assert second.proposal("p-0002").state == "deliberating"
        assert store.rows("scwp") == stored
        assert store.verify("scwp") == len(first.events)
        assert Partnership.load(store, "scwp", clock=self.clock()) == first

    def test_append_is_all_or_nothing_at_the_expected_version(self) -> None:
        """append refuses any expected version but the stream's, writing nothing."""
        store = self.make_store()
        p = self.kept(store)
        held = store.version("scwp")
        stored = store.rows("scwp")
        tail = list(p.events[-2:])
        for stale in (0, held - 1, held + 1):
            with _raises(ConcurrencyError) as caught:
                store.append("scwp", tail, expected_version=stale)
            assert isinstance(caught[0], ConcurrencyError)
            assert caught[0].stream == "scwp"
            assert store.version("scwp") == held
        with _raises(ConcurrencyError):
            Partnership.draft(self.charter(), clock=self.clock(), store=store, stream="scwp")
        assert store.rows("scwp") == stored
        assert store.verify("scwp") == held

    def test_streams_are_independent(self) -> None:
        """One store holds many partnerships, a stream each, listed sorted."""
        store = self.make_store()
        b = self.kept(store, "b-partnership")
        a = self.kept(store, "a-partnership")
        assert store.streams() == ("a-partnership", "b-partnership")
        assert Partnership.load(store, "a-partnership", clock=self.clock()) == a
        assert Partnership.load(store, "b-partnership", clock=self.clock()) == b
        assert store.head("a-partnership") == store.head("b-partnership")  # same log, same chain

    def test_an_unknown_stream_is_refused_naming_the_store(self) -> None:
        """read, verify, rows and load of a stream the store does not hold name the store."""
        store = self.make_store()
        self.kept(store)
        for call in (
            lambda: store.read("nope"),
            lambda: store.verify("nope"),
            lambda: store.rows("nope"),
            lambda: Partnership.load(store, "nope", clock=self.clock()),
        ):
            with _raises(UnknownReference) as caught:
                call()
            assert store.location in str(caught[0])
            assert "'nope'" in str(caught[0])

    def test_bad_arguments_are_refused_and_write_nothing(self) -> None:
        """Bad stream ids, versions and events raise ConsensusError; the store is unchanged."""
        store = self.make_store()
        p = self.kept(store)
        stored = store.rows("scwp")
        event = p.events[-1]
        bad: list[tuple[Any, Any, Any]] = [
            ("", [event], len(p.events)),
            (5, [event], len(p.events)),
            ("line\nbreak", [event], len(p.events)),
            ("scwp", [], len(p.events)),
            ("scwp", [event], -1),
            ("scwp", [event], True),
            ("scwp", ["not an event"], len(p.events)),
            ("scwp", [event, object()], len(p.events)),
            ("scwp", 7, len(p.events)),
        ]
        for stream, events, version in bad:
            with _raises(ConsensusError) as caught:
                store.append(stream, events, expected_version=version)
            assert isinstance(caught[0], (InvalidArgument, IntegrityError)), caught[0]
        assert store.rows("scwp") == stored
        assert store.streams() == ("scwp",)

    # -- invariant 12: tampering of each kind is detected by verify and by load

    def test_an_altered_line_is_detected(self) -> None:
        """An event's line changed (hash kept) breaks the chain at that position."""

        def edit(rows: list[StoredEvent]) -> tuple[list[StoredEvent], int]:
            k = len(rows) // 2
            line = rows[k].line.replace('"at":"2024', '"at":"2023', 1)
            assert line != rows[k].line
            rows[k] = StoredEvent(position=k, line=line, hash=rows[k].hash)
            return rows, k

        self._assert_detected(*self._tampered(edit))

    def test_an_altered_hash_is_detected(self) -> None:
        """A stored hash changed breaks the chain at that position."""

        def edit(rows: list[StoredEvent]) -> tuple[list[StoredEvent], int]:
            rows[3] = StoredEvent(position=3, line=rows[3].line, hash="0" * 64)
            return rows, 3

        self._assert_detected(*self._tampered(edit))

    def test_a_removed_event_is_detected(self) -> None:
        """An event removed leaves a gap, or, renumbered, breaks the chain there."""

        def gap(rows: list[StoredEvent]) -> tuple[list[StoredEvent], int]:
            return rows[:4] + rows[5:], 4

        def renumbered(rows: list[StoredEvent]) -> tuple[list[StoredEvent], int]:
            kept = rows[:4] + rows[5:]
            return [
                StoredEvent(position=i, line=r.line, hash=r.hash) for i, r in enumerate(kept)
            ], 4

        self._assert_detected(*self._tampered(gap))
        self._assert_detected(*self._tampered(renumbered))

    def test_an_inserted_event_is_detected(self) -> None:
        """An event inserted (a copy of another, later ones renumbered) breaks the chain there."""

        def edit(rows: list[StoredEvent]) -> tuple[list[StoredEvent], int]:
            k = 5
            forged = [*rows[:k], rows[k + 1], *rows[k:]]
            return [
                StoredEvent(position=i, line=r.line, hash=r.hash) for i, r in enumerate(forged)
            ], k

        self._assert_detected(*self._tampered(edit))

    def test_reordered_events_are_detected(self) -> None:
        """Two events swapped (positions kept in order) break the chain at the first."""

        def edit(rows: list[StoredEvent]) -> tuple[list[StoredEvent], int]:
            k = 6
            swapped = list(rows)
            swapped[k], swapped[k + 1] = rows[k + 1], rows[k]
            return [
                StoredEvent(position=i, line=r.line, hash=r.hash) for i, r in enumerate(swapped)
            ], k

        self._assert_detected(*self._tampered(edit))

    def test_a_rechained_forgery_is_refused_by_load(self) -> None:
        """Rows whose chain a forger recomputed pass verify, but load's decoding and strict
        replay still refuse an unknown kind or a reordered log, naming the position."""
        store = self.make_store()
        p = self.kept(store)
        lines = [row.line for row in store.rows("scwp")]
        k = len(lines) - 1
        unknown = [*lines[:k], lines[k].replace('"type":"', '"type":"no.such', 1)]
        self.tamper(store, "scwp", rechain(unknown))
        assert store.verify("scwp") == len(p.events)
        with _raises(IntegrityError) as caught:
            Partnership.load(store, "scwp", clock=self.clock())
        assert caught[0].position == k
        assert store.location in str(caught[0])
        assert "no.such" in str(caught[0])
        swapped = list(lines)
        swapped[2], swapped[3] = lines[3], lines[2]
        self.tamper(store, "scwp", rechain(swapped))
        assert store.verify("scwp") == len(p.events)
        with _raises(IntegrityError) as caught:
            Partnership.load(store, "scwp", clock=self.clock())
        assert caught[0].position in (2, 3)
        assert "'scwp'" in str(caught[0])

    # -- optional: snapshots

    def test_snapshots_if_kept_never_outweigh_the_log(self) -> None:
        """A store that keeps snapshots: loading with them gives the same partnership, and a
        snapshot that no longer matches the chain is ignored, so a forged log is still refused."""
        store = self.make_store()
        if not callable(getattr(store, "save_snapshot", None)):
            return  # snapshots are optional
        p = self.kept(store)
        held = len(p.events)
        assert Partnership.load(store, "scwp", clock=self.clock(), snapshots=True) == p
        assert store.latest_snapshot("scwp") == (held, store.head("scwp"))  # type: ignore[attr-defined]
        later = SimulatedClock(pendulum.datetime(2025, 1, 6, 10, tz="Europe/London"))
        q = Partnership.load(store, "scwp", clock=later, snapshots=True)
        q.conclude("p-0002", by=q.charter.chair)
        assert Partnership.load(store, "scwp", clock=later, snapshots=True) == q
        assert store.latest_snapshot("scwp") == (len(q.events), store.head("scwp"))  # type: ignore[attr-defined]
        for bad in (0, len(q.events) + 1, True):
            with _raises(InvalidArgument):
                store.save_snapshot("scwp", bad)  # type: ignore[attr-defined]
        lines = [row.line for row in store.rows("scwp")]
        swapped = list(lines)
        swapped[2], swapped[3] = lines[3], lines[2]
        self.tamper(store, "scwp", rechain(swapped))
        with _raises(IntegrityError) as caught:
            Partnership.load(store, "scwp", clock=later, snapshots=True)
        assert caught[0].position in (2, 3)
