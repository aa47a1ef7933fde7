"""What every store shares: the protocol, the hash chain, and a base that checks arguments.

A stored event is its canonical line (what :func:`consensus.events_to_jsonl`
writes for it, without the newline) and ``hash = sha256(previous hash + line)``
in hexadecimal, the previous hash of a stream's first event being the empty
string. A store keeps ``(stream, position, line, hash)`` rows, positions
running 0, 1, 2… in each stream, and refuses to change or remove a row.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Sequence
from typing import Literal, Protocol, final, runtime_checkable

import attrs

from .._codec import canonical_lines, decode_stored
from .._errors import (
    ConcurrencyError,
    ConsensusError,
    IntegrityError,
    InvalidArgument,
    PersistenceError,
    UnknownReference,
)
from .._events import Event
from .._registry import Registry

__all__ = [
    "GENESIS",
    "EventStore",
    "Recorder",
    "StoredEvent",
    "chain_hash",
    "check_chain",
    "check_stream",
    "wrap",
]

GENESIS = ""
"""The previous hash of a stream's first event."""


def chain_hash(previous: str, line: str) -> str:
    """``sha256(previous + line)`` in lower-case hexadecimal: one link of the chain.

    Examples:
        >>> from consensus.store import chain_hash
        >>> chain_hash("", "{}")[:16]
        '44136fa355b3678a'
    """
    return hashlib.sha256((previous + line).encode("utf-8")).hexdigest()


@final
@attrs.frozen(kw_only=True)
class StoredEvent:
    """One row of a stream as a store keeps it: what the hash chain covers.

    Attributes:
        position: its place in the stream, from 0 (``partnership.drafted``).
        line: its canonical line (see ``docs/stores.md``).
        hash: ``sha256(previous hash + line)``, hexadecimal.

    Examples:
        >>> from consensus.store import StoredEvent, chain_hash
        >>> row = StoredEvent(position=0, line="{}", hash=chain_hash("", "{}"))
        >>> row.position
        0
    """

    position: int
    line: str
    hash: str


@runtime_checkable
class EventStore(Protocol):
    """A store of partnerships' logs, one stream each: what :meth:`Partnership.draft
    <consensus.Partnership.draft>` and :meth:`Partnership.load <consensus.Partnership.load>`
    need, and what :class:`consensus.testing.StoreContract` checks.

    ``append`` is all or nothing and refuses a writer whose ``expected_version``
    is stale; ``read`` and ``verify`` recompute the hash chain and refuse, with
    an :class:`~consensus.IntegrityError` naming the store, the stream and the
    first bad position, a stream whose rows were altered, removed, inserted or
    reordered. Snapshots are optional: a store that keeps them also has
    ``save_snapshot(stream, version)`` and ``latest_snapshot(stream)`` (as the
    built-in stores do); one that keeps none still passes.

    Examples:
        >>> import consensus as cs
        >>> isinstance(cs.MemoryStore(), cs.EventStore)
        True
    """

    @property
    def location(self) -> str:
        """Where the logs are kept, as errors name it (a path, a DSN without password)."""
        ...

    def append(
        self,
        stream: str,
        events: Sequence[Event],
        *,
        expected_version: int,
        registry: Registry | None = None,
    ) -> int:
        """Append ``events`` in one transaction if ``stream`` holds ``expected_version``
        events (0 for a new stream); return the new version.

        Raises ConcurrencyError if it holds another number, PersistenceError if
        the store fails; either way nothing is written.
        """
        ...

    def read(
        self, stream: str, *, start: int = 0, registry: Registry | None = None
    ) -> Sequence[Event]:
        """The events of ``stream`` from position ``start`` on, the chain verified."""
        ...

    def rows(self, stream: str, *, start: int = 0) -> Sequence[StoredEvent]:
        """The stored rows of ``stream`` from position ``start`` on, as kept: unverified."""
        ...

    def verify(self, stream: str) -> int:
        """Recompute the whole chain of ``stream``; return its version (how many events)."""
        ...

    def version(self, stream: str) -> int:
        """How many events ``stream`` holds (0 if none)."""
        ...

    def head(self, stream: str) -> str:
        """The hash of the last event of ``stream`` (``""`` if none): keep it elsewhere
        to detect a rewritten or truncated log."""
        ...

    def streams(self) -> tuple[str, ...]:
        """The ids of the streams held, sorted."""
        ...


def check_stream(stream: object) -> str:
    """``stream`` if it is a stream id, else InvalidArgument."""
    if type(stream) is not str or not stream or len(stream) > 200 or not stream.isprintable():
        raise InvalidArgument(
            "stream", stream, "a stream id: printable text of 1 to 200 characters"
        )
    return stream


def check_chain(
    rows: Sequence[StoredEvent],
    *,
    start: int,
    previous: str,
    where: str,
    stream: str,
) -> None:
    """Recompute the chain over ``rows`` (positions ``start``…), from ``previous``.

    Raises:
        IntegrityError: naming the first position that does not fit.
    """
    for expected, row in enumerate(rows, start=start):
        if row.position != expected:
            raise IntegrityError(
                f"{where}, stream {stream!r}: event #{expected} is missing "
                f"(the next stored is #{row.position}); the log was cut or rows were removed",
                store=where,
                stream=stream,
                position=expected,
            )
        if chain_hash(previous, row.line) != row.hash:
            raise IntegrityError(
                f"{where}, stream {stream!r}: event #{expected} does not match its hash "
                f"chain; it, or the event before it, was altered, inserted, moved or removed",
                store=where,
                stream=stream,
                position=expected,
            )
        previous = row.hash


class Recorder:
    """The shared half of the built-in stores: argument checks, encoding, the chain.

    A store of this package supplies the storage primitives (``_append_rows``,
    ``_rows``, ``_last``, ``_stream_ids``); everything a caller sees is here,
    so the three stores behave alike. Third-party stores need not subclass it:
    the contract is :class:`EventStore`.
    """

    def __init__(self, location: str) -> None:
        self._location = location
        self._lock = threading.RLock()

    @property
    def location(self) -> str:
        """Where the logs are kept, as errors name it."""
        return self._location

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._location!r})"

    # -- primitives a store supplies

    def _append_rows(self, stream: str, expected_version: int, lines: Sequence[str]) -> int | None:
        """In one transaction: if ``stream`` holds ``expected_version`` rows, append
        ``lines`` chained from the last row's hash and return None; else write
        nothing and return the number of rows it holds."""
        raise NotImplementedError

    def _rows(self, stream: str, start: int, stop: int | None = None) -> list[StoredEvent]:
        """The rows at positions ``start`` to ``stop`` (excluded; all when None), in order."""
        raise NotImplementedError

    def _last(self, stream: str) -> StoredEvent | None:
        raise NotImplementedError

    def _stream_ids(self) -> list[str]:
        raise NotImplementedError

    def _save_snapshot(self, stream: str, version: int) -> None:
        """Record a snapshot at ``version`` with the stored hash of event ``version - 1``
        (read in the same transaction); a second equal snapshot is a no-op."""
        raise NotImplementedError

    def _latest_snapshot(self, stream: str) -> tuple[int, str] | None:
        raise NotImplementedError

    # -- shared by subclasses

    @staticmethod
    def _chain(previous: str, start: int, lines: Sequence[str]) -> Iterator[StoredEvent]:
        for position, line in enumerate(lines, start=start):
            previous = chain_hash(previous, line)
            yield StoredEvent(position=position, line=line, hash=previous)

    # -- the EventStore protocol

    def append(
        self,
        stream: str,
        events: Sequence[Event],
        *,
        expected_version: int,
        registry: Registry | None = None,
    ) -> int:
        """Append ``events`` to ``stream`` in one transaction, if it holds ``expected_version``.

        Args:
            stream: the stream id.
            events: the events of one command (at least one).
            expected_version: how many events the writer read (0 for a new stream).
            registry: where motion kinds are registered, for encoding.

        Returns:
            The stream's new version.

        Raises:
            ConcurrencyError: the stream holds another number of events: another
                writer appended meanwhile. Nothing is written.
            IntegrityError: something in ``events`` is not a consensus event.
            PersistenceError: the store failed; nothing is written.
            InvalidArgument: ``stream`` or ``expected_version`` is of the wrong kind.
        """
        stream = check_stream(stream)
        if type(expected_version) is not int or expected_version < 0:
            raise InvalidArgument(
                "expected_version", expected_version, "a whole number of events, 0 or more"
            )
        try:
            batch = list(events)
        except Exception:
            raise InvalidArgument("events", events, "a sequence of events") from None
        if not batch:
            raise InvalidArgument("events", events, "at least one event to append")
        lines = canonical_lines(batch, registry=registry)
        with self._lock:
            held = self._append_rows(stream, expected_version, lines)
        if held is not None:
            raise ConcurrencyError(
                f"{self._location}: stream {stream!r} holds {held} events, not the "
                f"{expected_version} this writer read: another writer appended meanwhile; "
                "load it again and retry",
                store=self._location,
                stream=stream,
                position=expected_version,
            )
        return expected_version + len(lines)

    def rows(self, stream: str, *, start: int = 0) -> tuple[StoredEvent, ...]:
        """The rows of ``stream`` from position ``start`` on, as stored (not verified).

        Raises:
            UnknownReference: the store holds no such stream.
        """
        stream = self._existing(stream)
        start = _start(start)
        with self._lock:
            return tuple(self._rows(stream, start))

    def read(
        self, stream: str, *, start: int = 0, registry: Registry | None = None
    ) -> tuple[Event, ...]:
        """The events of ``stream`` from position ``start`` on, their chain verified.

        The chain is recomputed from the stored hash of the event before
        ``start`` (from the beginning when ``start`` is 0).

        Raises:
            UnknownReference: the store holds no such stream.
            IntegrityError: the chain breaks, or a row is not an event this
                consensus reads (an unknown kind, say); names the position.
            PersistenceError: the store failed.
        """
        stream = self._existing(stream)
        start = _start(start)
        held = self.version(stream)
        if start > held:
            raise InvalidArgument(
                "start", start, f"a position from 0 to {held}, the stream's version"
            )
        with self._lock:
            fetched = self._rows(stream, max(start - 1, 0))
            head = self._rows(stream, 0, 1) if start > 1 else fetched[:1]
        if start > 0 and (not fetched or fetched[0].position != start - 1):
            raise IntegrityError(
                f"{self._location}, stream {stream!r}: event #{start - 1} is missing",
                store=self._location,
                stream=stream,
                position=start - 1,
            )
        previous = fetched[0].hash if start > 0 else GENESIS
        tail = fetched[1:] if start > 0 else fetched
        check_chain(tail, start=start, previous=previous, where=self._location, stream=stream)
        try:
            return decode_stored(
                [row.line for row in tail],
                start=start,
                head=head[0].line if head else None,
                registry=registry,
            )
        except IntegrityError as err:
            raise IntegrityError(
                f"{self._location}, stream {stream!r}: {err}",
                store=self._location,
                stream=stream,
                position=err.position,
            ) from None

    def verify(self, stream: str) -> int:
        """Recompute the whole hash chain of ``stream``; return how many events it holds.

        Raises:
            UnknownReference: the store holds no such stream.
            IntegrityError: an event was altered, removed, inserted or
                reordered; the message names the first bad position.

        Examples:
            >>> import pendulum, consensus as cs
            >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
            >>> clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
            >>> store = cs.MemoryStore()
            >>> p = cs.Partnership.draft(charter, clock=clock, store=store, stream="scwp")
            >>> store.verify("scwp")
            1
        """
        stream = self._existing(stream)
        with self._lock:
            rows = self._rows(stream, 0)
        check_chain(rows, start=0, previous=GENESIS, where=self._location, stream=stream)
        return len(rows)

    def version(self, stream: str) -> int:
        """How many events ``stream`` holds; 0 for a stream it does not hold."""
        stream = check_stream(stream)
        with self._lock:
            last = self._last(stream)
        return 0 if last is None else last.position + 1

    def head(self, stream: str) -> str:
        """The stored hash of the last event of ``stream``; ``""`` for a stream it does not hold.

        Kept somewhere else (a printed report, another system), it shows a
        later rewrite or truncation that the chain alone cannot.
        """
        stream = check_stream(stream)
        with self._lock:
            last = self._last(stream)
        return GENESIS if last is None else last.hash

    def save_snapshot(self, stream: str, version: int) -> None:
        """Record that the first ``version`` events of ``stream`` were replayed strictly.

        :meth:`Partnership.load <consensus.Partnership.load>` with
        ``snapshots=True`` saves one after each strict load, and on the next
        load re-decides only the commands after it, applying the events
        before it without re-deciding. The snapshot keeps the chain's hash at
        ``version``; one that no longer matches the chain is ignored, and the
        state is always built from the log.

        Raises:
            UnknownReference: the store holds no such stream.
            InvalidArgument: ``version`` is not between 1 and the stream's version.
        """
        stream = self._existing(stream)
        held = self.version(stream)
        if type(version) is not int or not 0 < version <= held:
            raise InvalidArgument("version", version, f"a version from 1 to {held}")
        with self._lock:
            self._save_snapshot(stream, version)

    def latest_snapshot(self, stream: str) -> tuple[int, str] | None:
        """The latest snapshot of ``stream`` as ``(version, hash)``, or None."""
        stream = check_stream(stream)
        with self._lock:
            return self._latest_snapshot(stream)

    def streams(self) -> tuple[str, ...]:
        """The ids of the streams this store holds, sorted."""
        with self._lock:
            return tuple(sorted(self._stream_ids()))

    def _existing(self, stream: object) -> str:
        name = check_stream(stream)
        with self._lock:
            last = self._last(name)
        if last is None:
            known = self.streams()
            missing = UnknownReference("stream", name, known)
            missing.args = (
                f"There is no stream {name!r} in {self._location}"
                + ("; it holds " + ", ".join(map(repr, known[:8])) if known else "; it is empty")
                + ".",
            )
            raise missing
        return name


def _start(start: object) -> int:
    if type(start) is not int or start < 0:
        raise InvalidArgument("start", start, "a position, 0 or more")
    return start


def wrap(location: str, doing: str, stream: str | None = None) -> _Wrap:
    """A context that turns a driver's error into a PersistenceError naming the store."""
    return _Wrap(location, doing, stream)


class _Wrap:
    def __init__(self, location: str, doing: str, stream: str | None) -> None:
        self.location, self.doing, self.stream = location, doing, stream

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, err: BaseException | None, tb: object) -> Literal[False]:
        if err is None or isinstance(err, ConsensusError) or not isinstance(err, Exception):
            return False
        raise PersistenceError(
            f"{self.location}: could not {self.doing}: {type(err).__name__}: {err}",
            store=self.location,
            stream=self.stream,
        ) from err
