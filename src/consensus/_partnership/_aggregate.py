"""The aggregate: :class:`Partnership`, the one consistency boundary.

Each command is a docstring and one delegation to the room that owns it;
creation (:meth:`Partnership.draft`) and strict replay
(:meth:`Partnership.replay`) live here because they concern every room.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Iterable
from typing import Any, cast, final

import attrs

from .._charter import Charter, check_charter
from .._clock import Clock, SystemClock, to_instant
from .._clock import instant_key as _key
from .._errors import (
    CharterError,
    ConcurrencyError,
    ConsensusError,
    IntegrityError,
    InvalidArgument,
    PersistenceError,
    safe_repr,
)
from .._events import Event, PartnershipDrafted
from .._records import Channel, Employer, Person
from .._registry import Registry, default_registry
from .._rules import Outcome, Position
from .._values import reporter
from . import _consultation, _meetings, _membership, _programme, _proposals, _review
from ._command import advance as _advance
from ._command import instant
from ._state import APPLY, REPLAY, Sink, State, persist
from ._view import PartnershipView

__all__ = ["Partnership"]


def _clock(clock: object) -> Clock:
    if clock is None:
        return SystemClock()
    try:
        is_clock = isinstance(clock, Clock)
    except Exception:  # an object of a caller's own whose attributes fail
        is_clock = False
    if not is_clock:
        raise InvalidArgument("clock", clock, "a Clock (an object with a now() method)")
    return clock  # type: ignore[return-value]


#: How often, in events, replay and load report their progress.
PROGRESS_EVERY = 1000


class _Progress:
    """Reports ``(events replayed, events in the log)`` every PROGRESS_EVERY events, and at the end."""

    __slots__ = ("due", "report", "total")

    def __init__(self, progress: object, total: int) -> None:
        self.report = reporter(progress)
        self.total = total
        self.due = PROGRESS_EVERY

    def active(self) -> _Progress | None:
        """Itself when there is someone to report to, else None: replay's hot loop skips it."""
        return self if self.report is not None else None

    def at(self, done: int) -> None:
        if done >= self.due and self.report is not None:
            self.due = done + PROGRESS_EVERY
            self.report(done, self.total)

    def end(self) -> None:
        if self.report is not None:
            self.report(self.total, self.total)


def _sink(store: object, stream: object) -> Sink | None:
    if store is None and stream is None:
        return None
    if store is None:
        raise InvalidArgument(
            "store", store, "a store to keep the stream in (stream= needs store=)"
        )
    if not (callable(_attribute(store, "append")) and callable(_attribute(store, "read"))):
        raise InvalidArgument("store", store, "a consensus store (see consensus.EventStore)")
    if type(stream) is not str or not stream or len(stream) > 200 or not stream.isprintable():
        raise InvalidArgument(
            "stream", stream, "a stream id: printable text of 1 to 200 characters"
        )
    return store  # type: ignore[return-value]


def _attribute(value: object, name: str) -> Any:
    """``value.name``, or None when it has none or fails to give it (a caller's own object)."""
    try:
        return getattr(value, name, None)
    except Exception:
        return None


def _vouched(store: Any, stream: str, held: int) -> int:
    """How many events a snapshot vouches were strictly replayed: 0 without a matching one."""
    snapshot = store.latest_snapshot(stream)
    if snapshot is None:
        return 0
    version, digest = snapshot
    if type(version) is not int or not 0 < version <= held:
        return 0
    row = store.rows(stream, start=version - 1)
    return version if row and row[0].hash == digest else 0


def _registry(registry: object) -> Registry:
    if registry is None:
        return default_registry()
    if not isinstance(registry, Registry):
        raise InvalidArgument("registry", registry, "a consensus.Registry")
    return registry


@final
class Partnership(PartnershipView):
    """A partnership governed by its charter: the aggregate every command goes through.

    Create one with :meth:`draft` (a new partnership) or :meth:`replay` (from
    a log). Every command takes the acting party's id as ``by=`` and an
    optional ``at=`` (default: the clock's now), appends events to
    :attr:`events`, and raises a :class:`~consensus.ConsensusError` — changing
    nothing — when it is refused. Every query of :class:`PartnershipView` is
    available too.

    Examples:
        >>> import pendulum, consensus as cs
        >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
        >>> clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
        >>> p = cs.Partnership.draft(charter, clock=clock)
        >>> for party in charter.signatories:
        ...     p.sign(by=party.id)
        >>> p.state
        'active'
        >>> pid = p.propose(cs.Resolution(title="Model induction policy", text="..."), by="unison")
        >>> p.table(pid, by=charter.chair)
        >>> for member in sorted(p.active_members):
        ...     p.record_position(pid, cs.Position.AGREE, by=member)
        >>> p.conclude(pid, by=charter.chair)
        <Outcome.AGREED: 'agreed'>
        >>> cs.Partnership.replay(p.events) == p
        True
    """

    __slots__ = ()

    def __init__(self, *args: object, **kwargs: object) -> None:
        """Not for direct use: create a partnership with :meth:`draft` or :meth:`replay`.

        Raises:
            InvalidArgument: always.
        """
        raise InvalidArgument(
            "Partnership()",
            "a direct call",
            "how a partnership is made: use Partnership.draft(charter, clock=...) "
            "or Partnership.replay(events)",
        )

    @classmethod
    def _of(cls, state: State) -> Partnership:
        partnership = object.__new__(cls)
        PartnershipView.__init__(partnership, state)
        return partnership

    # -- creation

    @classmethod
    def draft(
        cls,
        charter: Charter,
        *,
        clock: Clock | None = None,
        at: _dt.datetime | None = None,
        registry: Registry | None = None,
        store: Sink | None = None,
        stream: str | None = None,
    ) -> Partnership:
        """Draft a new partnership from ``charter``; it is ``forming`` until every signatory signs.

        With a ``store``, the partnership is kept in it as ``stream``: the
        draft is its first event, and every accepted command's events are
        appended in one transaction before the command returns.

        Args:
            charter: a charter at version 1, as :func:`~consensus.load_charter` returns.
            clock: where the time comes from (default: :class:`~consensus.SystemClock`).
            at: when it was drafted (default: the clock's now).
            registry: the rules and motion kinds it knows (default:
                :func:`~consensus.default_registry`).
            store: where to keep its log (a :class:`~consensus.SQLiteStore`,
                :class:`~consensus.PostgresStore`, :class:`~consensus.MemoryStore`
                or any :class:`~consensus.EventStore`); ``None`` keeps it in memory only.
            stream: the id of its stream in ``store`` (required with ``store``).

        Raises:
            CharterError: the charter is not valid, or is not at version 1.
            ClockError: ``at`` is naive, or the clock failed.
            ConcurrencyError: ``store`` already holds a stream of that id.
            PersistenceError: the store failed; nothing was written.
            InvalidArgument: ``charter``, ``clock``, ``registry``, ``store`` or
                ``stream`` is of the wrong kind, or only one of ``store`` and
                ``stream`` is given.

        Examples:
            >>> import pendulum, consensus as cs
            >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
            >>> clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
            >>> store = cs.MemoryStore()
            >>> p = cs.Partnership.draft(charter, clock=clock, store=store, stream="scwp")
            >>> p.sign(by="unison")
            >>> store.version("scwp")
            2
            >>> cs.Partnership.load(store, "scwp", clock=clock) == p
            True
        """
        if not isinstance(charter, Charter):
            raise InvalidArgument("charter", charter, "a consensus.Charter (see load_charter)")
        sink = _sink(store, stream)
        state = State(clock=_clock(clock), registry=_registry(registry))
        check_charter(charter, source="<charter>", registry=state.registry)
        if charter.version != 1:
            raise CharterError(
                "<charter>",
                "version",
                f"a partnership is drafted from version 1 of its charter, not {charter.version}",
            )
        when = instant(state.clock, at, charter.timezone)
        state.emit(PartnershipDrafted(at=when, charter=charter))
        if sink is not None:
            state.store, state.stream = sink, stream
            try:
                persist(state, 0)
            except ConcurrencyError as err:
                # A draft appends to an empty stream: "another writer appended
                # meanwhile" would send the caller to retry what cannot succeed.
                raise ConcurrencyError(
                    f"cannot draft stream {stream!r}: the store {err.store} already holds a "
                    "partnership under that id; load it with Partnership.load, or draft "
                    "under another stream id",
                    store=err.store,
                    stream=err.stream,
                    position=err.position,
                ) from None
        return cls._of(state)

    @classmethod
    def load(
        cls,
        store: Sink,
        stream: str,
        *,
        clock: Clock | None = None,
        registry: Registry | None = None,
        trusted: bool = False,
        snapshots: bool = False,
        progress: Callable[[int, int], object] | None = None,
    ) -> Partnership:
        """Load the partnership kept in ``store`` as ``stream``: chain verified, then replayed.

        The store verifies the hash chain as it reads (invariant 12), then the
        log is replayed strictly (:meth:`replay`). The partnership it returns
        keeps appending to the same stream; if another writer appended
        meanwhile, its next command raises :class:`~consensus.ConcurrencyError`
        and changes nothing: load again and retry.

        Args:
            store: the store, as given to :meth:`draft`.
            stream: the partnership's stream id.
            clock: the clock for commands given afterwards (default: ``SystemClock``).
            registry: the rules and motion kinds the log needs (default:
                :func:`~consensus.default_registry`).
            trusted: replay without re-deciding each command, after the
                chain has verified: faster, for a store only the library writes to.
            snapshots: with a store that keeps snapshots, re-decide only the
                commands after the latest snapshot whose hash matches the chain
                (the events before it are applied without re-deciding), and
                save a snapshot at the end. The state is still built from the
                log alone; a snapshot that does not match the chain is ignored.
            progress: called as ``progress(done, total)`` as the log is
                replayed, as :meth:`replay` calls it.

        Raises:
            UnknownReference: the store holds no such stream.
            IntegrityError: the chain breaks, a stored row is not an event
                this consensus reads, or the log is one the library could not
                have written; the message names the store, the stream and the
                first bad position.
            PersistenceError: the store failed.
            InvalidArgument: ``store``, ``stream``, ``clock``, ``registry``,
                ``trusted``, ``snapshots`` or ``progress`` is of the wrong kind,
                or ``progress`` raised.

        Examples:
            >>> import pendulum, consensus as cs
            >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
            >>> clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
            >>> store = cs.MemoryStore()
            >>> p = cs.Partnership.draft(charter, clock=clock, store=store, stream="scwp")
            >>> q = cs.Partnership.load(store, "scwp", clock=clock)
            >>> q.sign(by="unison")
            >>> try:
            ...     p.sign(by="gmb")
            ... except cs.ConcurrencyError as err:
            ...     print(err)
            gmb cannot sign the charter: <memory>: stream 'scwp' holds 2 events, not the 1 this writer read: another writer appended meanwhile; load it again and retry
            >>> len(p.events), p.membership("gmb").state
            (1, 'pending')
        """
        if store is None:
            raise InvalidArgument("store", store, "a consensus store (see consensus.EventStore)")
        sink = _sink(store, stream)
        assert sink is not None
        assert type(stream) is str
        if type(trusted) is not bool:
            raise InvalidArgument("trusted", trusted, "True or False")
        if type(snapshots) is not bool:
            raise InvalidArgument("snapshots", snapshots, "True or False")
        _Progress(progress, 0)  # refuses a progress that is not callable before reading
        clock, registry = _clock(clock), _registry(registry)
        snapshotting = snapshots and callable(_attribute(store, "latest_snapshot"))
        try:
            events = list(sink.read(stream, registry=registry))
            vouched = _vouched(store, stream, len(events)) if snapshotting and not trusted else 0
        except ConsensusError:
            raise
        except Exception as err:  # a third-party store that failed in its own way
            raise PersistenceError(
                f"the store {safe_repr(store)} failed to read stream {stream!r}: "
                f"{type(err).__name__}: {err}",
                stream=stream,
            ) from err
        try:
            if vouched > 1:
                state = State(clock=clock, registry=registry)
                reporter = _Progress(progress, len(events))
                _replay_first(state, events[0])
                _apply_all(state, events, stop=vouched, progress=reporter.active())
                _re_execute(state, events, start=vouched, progress=reporter.active())
                reporter.end()
                partnership = cls._of(state)
            else:
                partnership = cls.replay(
                    events, clock=clock, registry=registry, trusted=trusted, progress=progress
                )
        except IntegrityError as err:
            where = _attribute(store, "location")
            where = where if type(where) is str else safe_repr(store)
            failure = IntegrityError(
                f"{where}, stream {stream!r}: {err}",
                store=where,
                stream=stream,
                position=err.position,
            )
            for note in getattr(err, "__notes__", ()):
                failure.add_note(note)
            raise failure from None
        partnership._s.store, partnership._s.stream = sink, stream
        if snapshotting and not trusted and len(events) > vouched:
            try:
                store.save_snapshot(stream, len(events))  # type: ignore[attr-defined]
            except ConsensusError:
                raise
            except Exception as err:  # a third-party store that failed in its own way
                raise PersistenceError(
                    f"the store {safe_repr(store)} failed to save a snapshot of stream "
                    f"{stream!r}: {type(err).__name__}: {err}",
                    stream=stream,
                ) from err
        return partnership

    @classmethod
    def replay(
        cls,
        events: Iterable[Event],
        *,
        clock: Clock | None = None,
        registry: Registry | None = None,
        trusted: bool = False,
        progress: Callable[[int, int], object] | None = None,
    ) -> Partnership:
        """Rebuild a partnership from its log, refusing any log the library could not have written.

        Replay is strict: each event that opens a command re-runs that command,
        as its party at its instant, and the events the command makes must be
        exactly the next events of the log. So a forged admission, a position
        recorded by a non-member, a time-driven event early, late or missing,
        an id out of sequence, all fail as they would have as commands.

        Args:
            events: a log, as :attr:`events` or :func:`~consensus.events_from_jsonl` returns it.
            clock: the clock for commands given afterwards (default: ``SystemClock``).
            registry: the rules and motion kinds the log needs (default:
                :func:`~consensus.default_registry`); a log that names a rule or
                a motion kind it does not know is refused.
            trusted: apply the events without re-deciding them: faster, and
                for a log whose origin you have already verified; a forged
                log may then build a partnership no command could.
            progress: called as ``progress(done, total)`` every thousand
                events and once at the end, for a progress bar on a long log.
                If it raises, replay stops with :class:`~consensus.InvalidArgument`
                (your exception as its ``__cause__``) and nothing is built.

        Raises:
            IntegrityError: the log is not one the library could have written;
                a note on the error names the first event that does not fit.
            InvalidArgument: ``events`` is not iterable, ``clock``,
                ``registry`` or ``progress`` is of the wrong kind, or
                ``progress`` raised.
        """
        state = State(clock=_clock(clock), registry=_registry(registry))
        if type(trusted) is not bool:
            raise InvalidArgument("trusted", trusted, "True or False")
        try:
            log = list(events)
        except Exception:  # not iterable, or an iterable of a caller's own that fails
            raise InvalidArgument("events", events, "an iterable of events") from None
        reporter = _Progress(progress, len(log))
        if not log:
            raise IntegrityError("an empty log holds no partnership")
        _replay_first(state, log[0])
        if trusted:
            _apply_all(state, log, progress=reporter.active())
        else:
            _re_execute(state, log, progress=reporter.active())
        reporter.end()
        return cls._of(state)

    # -- equality

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Partnership):
            return NotImplemented
        return self._s.comparable() == other._s.comparable()

    __hash__ = None  # type: ignore[assignment]  # mutable: compared by value, never hashed

    # -- commands: each is its room's

    def sign(self, *, by: str, at: _dt.datetime | None = None) -> None:
        """Sign the charter as a founding signatory; the last signature ratifies it.

        Ratification makes the partnership ``active``, puts charter version 1
        in force from that instant, and schedules the first review one review
        period later (clause 3.5).

        Raises:
            NotEntitled: ``by`` is not a signatory.
            InvalidTransition: ``by`` already signed, or the charter is already ratified.
        """
        _membership.sign(self._s, by=by, at=at)

    def propose(self, motion: Any, *, by: str, at: _dt.datetime | None = None) -> str:
        """Propose a motion as an active member; returns the new proposal's id.

        The proposal starts as a ``draft``; the chair tables it for
        deliberation. ``motion`` is a built-in motion or one of a kind
        registered with :func:`~consensus.register_motion`.

        Raises:
            InvalidArgument: ``motion`` is not of a registered kind.
            InvalidTransition: the partnership is still forming, or dissolved.
            NotEntitled: ``by`` is not an active member.
            InvalidMotion: the motion cannot apply now (its ``check`` gives
                the reason: admitting a current member, consulting on a
                proposal that is not deliberating, amending a missing clause…).
        """
        return _proposals.propose(self._s, motion, by=by, at=at)

    def table(self, pid: str, *, by: str, at: _dt.datetime | None = None) -> None:
        """Table a draft proposal for deliberation (the chair only).

        While the chair is not an active member (it withdrew), any active
        member may act for the chair until an agreed Amend names another.

        Raises:
            UnknownReference: no such proposal.
            NotEntitled: ``by`` is not the chair, or not an active member.
            InvalidTransition: the proposal is not a draft.
        """
        _proposals.table(self._s, pid, by=by, at=at)

    def record_position(
        self,
        pid: str,
        position: Position | str,
        *,
        by: str,
        reason: str | None = None,
        at: _dt.datetime | None = None,
    ) -> None:
        """Record, or change, an active member's position on a deliberating proposal.

        While a meeting is in session with the proposal on its agenda, only a
        party present at it may record a position; if the charter does not
        allow decisions ``between_meetings``, positions are recorded only there.

        Args:
            pid: the proposal's id.
            position: a :class:`~consensus.Position` or its value (``"agree"``).
            by: the member's id.
            reason: why, in the member's words (clause 6.1), kept in the log
                and in :attr:`Proposal.reasons <consensus.Proposal.reasons>`.
            at: when (default: the clock's now).

        Raises:
            InvalidArgument: ``position`` is not a position, or ``reason`` is
                neither ``None`` nor text.
            UnknownReference: no such proposal.
            NotEntitled: ``by`` is not an active member, or is not present at
                the meeting in session that has the proposal on its agenda, or
                the charter allows positions only at meetings.
            InvalidTransition: the proposal is not deliberating (a draft, under
                consultation, or concluded).
        """
        _proposals.record_position(self._s, pid, position, by=by, reason=reason, at=at)

    def withdraw_proposal(self, pid: str, *, by: str, at: _dt.datetime | None = None) -> None:
        """Withdraw a proposal that is not concluded yet (its proposer only).

        A consultation still open on it closes at the same instant.

        Raises:
            UnknownReference: no such proposal.
            NotEntitled: ``by`` is not the proposer, or not an active member.
            InvalidTransition: the proposal is already concluded.
        """
        _proposals.withdraw_proposal(self._s, pid, by=by, at=at)

    def conclude(self, pid: str, *, by: str, at: _dt.datetime | None = None) -> Outcome:
        """Conclude a deliberating proposal by the rule the charter names for its kind (the chair).

        The electorate is the active members at this instant; positions of
        anyone else never count. When agreed, the motion takes effect at once.

        Returns:
            ``Outcome.AGREED`` or ``Outcome.NOT_AGREED``.

        Raises:
            UnknownReference: no such proposal.
            NotEntitled: ``by`` is not the chair, or not an active member; or
                the charter allows decisions only at meetings, and no meeting
                in session has the proposal on its agenda.
            InvalidTransition: the proposal is not deliberating.
            NotQuorate: a constituency the charter requires has no active
                member (an Admit into it, or an Amend of the required
                constituencies, may still be concluded); or a meeting is in
                session with the proposal on its agenda, and it is not quorate
                by the charter's ``meeting_quorum``.
            DecisionPending: positions still missing could change the outcome.
            InvalidMotion: the motion was agreed but no longer applies (an
                earlier amendment removed the clause it changes, say).
        """
        return _proposals.conclude(self._s, pid, by=by, at=at)

    def withdraw(self, *, by: str, at: _dt.datetime | None = None) -> str | None:
        """Withdraw from the partnership: unilateral, always allowed for an active member.

        Clause 7.1: nothing binds a partner. A former member may be admitted
        again by an agreed :class:`~consensus.Admit` motion. The last
        member's withdrawal dissolves the partnership.

        Returns:
            A notice when the withdrawal changes how the partnership works
            (the chair withdrew; the partnership is dissolved), else ``None``.

        Raises:
            NotEntitled: ``by`` is not an active member.
            InvalidTransition: the partnership is forming or dissolved.
        """
        return _membership.withdraw(self._s, by=by, at=at)

    def respond(
        self,
        cid: str,
        text: str,
        *,
        by: str,
        channel: Channel | str,
        at: _dt.datetime | None = None,
    ) -> None:
        """Record an invited advisor's response to an open consultation.

        An advisor may respond more than once while the consultation is
        open (a correction, a follow-up): every response is kept, in order,
        and none replaces another.

        Args:
            cid: the consultation's id (the agreed Consult proposal's id).
            text: the response.
            by: the advisor's id; only advisors invited by the Consult motion respond.
            channel: how it arrived, a :class:`~consensus.Channel` or its value (``"email"``).
            at: when (default: the clock's now).

        Raises:
            InvalidArgument: empty text or an unknown channel.
            UnknownReference: no such consultation.
            NotEntitled: ``by`` was not invited (or is a partner, not an advisor).
            InvalidTransition: the consultation has closed; late responses are refused.
        """
        _consultation.respond(self._s, cid, text, by=by, channel=channel, at=at)

    def close_consultation(self, cid: str, *, by: str, at: _dt.datetime | None = None) -> None:
        """Close a consultation early, once every invited advisor has responded (the chair).

        Raises:
            UnknownReference: no such consultation.
            NotEntitled: ``by`` is not the chair, or some invited advisors have not responded.
            InvalidTransition: it is already closed.
        """
        _consultation.close_consultation(self._s, cid, by=by, at=at)

    def open_review(self, *, by: str, at: _dt.datetime | None = None) -> str:
        """Open the review that has fallen due (the chair); returns its id.

        Raises:
            InvalidTransition: the partnership is forming or dissolved, or the
                current review is not due (scheduled for later, or already in progress).
            NotEntitled: ``by`` is not the chair.
        """
        return _review.open_review(self._s, by=by, at=at)

    # -- people and meetings (clauses 4.2-4.4)

    def nominate(
        self, person: Person, *, role: str, by: str, at: _dt.datetime | None = None
    ) -> None:
        """Nominate a person to sit for ``by`` at meetings: its representative or a deputy.

        Each party names its own people; no other party may veto them. A
        party has one representative and any number of deputies (clause 4.2:
        a nominated senior official attends in the representative's place).
        A person sits for one party at a time. Nominating the same person
        again in another role changes the role.

        Args:
            person: a :class:`~consensus.Person`.
            role: ``"representative"`` or ``"deputy"``.
            by: the nominating member's id.
            at: when (default: the clock's now).

        Raises:
            InvalidArgument: ``person`` is not a Person, or ``role`` is neither role.
            NotEntitled: ``by`` is not an active member; the person sits for
                another party; ``by`` already has another representative; or
                the person already holds that role.
        """
        _meetings.nominate(self._s, person, role=role, by=by, at=at)

    def withdraw_nomination(self, person: str, *, by: str, at: _dt.datetime | None = None) -> None:
        """Withdraw ``by``'s nomination of a person (by the person's id).

        Raises:
            UnknownReference: nobody has nominated that person.
            NotEntitled: ``by`` is not an active member, or the person sits for another party.
        """
        _meetings.withdraw_nomination(self._s, person, by=by, at=at)

    def convene(
        self,
        *,
        starts: _dt.datetime,
        agenda: Iterable[str] = (),
        by: str,
        at: _dt.datetime | None = None,
    ) -> str:
        """Convene a meeting (the chair, or any member while the chair is not one); returns its id.

        Items on the agenda of the previous closed meeting that are still not
        concluded are carried over, ahead of the items given.

        Args:
            starts: when the meeting starts; not before now.
            agenda: the ids of proposals not yet concluded, each once.
            by: the chair's id.
            at: when it is convened (default: the clock's now).

        Returns:
            The meeting's id: ``"m-0001"`` for the first.

        Raises:
            InvalidArgument: ``starts`` is not an aware time, or is in the
                past; ``agenda`` is not a sequence of ids, or names one twice.
            UnknownReference: an agenda item is no proposal.
            InvalidTransition: an agenda item is already concluded.
            NotEntitled: ``by`` is not the chair, or not an active member.
        """
        return _meetings.convene(self._s, starts=starts, agenda=agenda, by=by, at=at)

    def send_apologies(self, mid: str, *, by: str, at: _dt.datetime | None = None) -> None:
        """Send ``by``'s apologies for a meeting that is convened or in session.

        Raises:
            UnknownReference: no such meeting.
            NotEntitled: ``by`` is not an active member, is present, or already sent them.
            InvalidTransition: the meeting is closed or cancelled.
        """
        _meetings.send_apologies(self._s, mid, by=by, at=at)

    def attend(self, mid: str, person: str, *, by: str, at: _dt.datetime | None = None) -> None:
        """Record that ``person`` sits for ``by`` at a meeting, from its start time.

        The person must be ``by``'s nominated representative or deputy; one
        person sits for a party; a deputy must have been nominated before the
        meeting opened. Attendance may be recorded before or after opening.

        Args:
            mid: the meeting's id.
            person: the id of the person attending.
            by: the member the person sits for.
            at: when (default: the clock's now).

        Raises:
            InvalidArgument: ``person`` is not an id.
            UnknownReference: no such meeting.
            NotEntitled: ``by`` is not an active member; nobody nominated the
                person, or another party did; someone already sits for ``by``;
                a deputy nominated after the meeting opened.
            InvalidTransition: the meeting has not started yet, or is closed or cancelled.
        """
        _meetings.attend(self._s, mid, person, by=by, at=at)

    def open_meeting(self, mid: str, *, by: str, at: _dt.datetime | None = None) -> None:
        """Open a convened meeting, from its start time (the chair); it is ``in_session``.

        Raises:
            UnknownReference: no such meeting.
            NotEntitled: ``by`` is not the chair, or not an active member.
            InvalidTransition: it is not convened, has not started yet, or
                another meeting is in session.
        """
        _meetings.open_meeting(self._s, mid, by=by, at=at)

    def close_meeting(self, mid: str, *, by: str, at: _dt.datetime | None = None) -> None:
        """Close a meeting in session (the chair, or any member while the chair is not one).

        Raises:
            UnknownReference: no such meeting.
            NotEntitled: ``by`` is not the chair, or not an active member.
            InvalidTransition: it is not in session.
        """
        _meetings.close_meeting(self._s, mid, by=by, at=at)

    def cancel_meeting(self, mid: str, *, by: str, at: _dt.datetime | None = None) -> None:
        """Cancel a convened meeting before it opens (the chair).

        Raises:
            UnknownReference: no such meeting.
            NotEntitled: ``by`` is not the chair, or not an active member.
            InvalidTransition: it is in session, closed or cancelled already.
        """
        _meetings.cancel_meeting(self._s, mid, by=by, at=at)

    # -- the work programme (clauses 2-3, 5.1, Annex A)

    def record_adoption(
        self,
        model: str,
        *,
        employer: Employer,
        embedded_in_contracts: bool,
        by: str,
        at: _dt.datetime | None = None,
    ) -> None:
        """Record that an employer adopted a model policy in force (any active member).

        Clauses 2.4 and 3.4: employers adopt the models voluntarily and should
        embed them in their employment contracts. The adoption names the
        version in force now. Recording again for the same employer (a later
        version, or now embedded in contracts) replaces its earlier record.

        Args:
            model: the model's id (its AdoptModel proposal's id).
            employer: the :class:`~consensus.Employer`.
            embedded_in_contracts: whether the employer built it into its contracts.
            by: the recording member's id.
            at: when (default: the clock's now).

        Raises:
            InvalidArgument: ``employer`` is not an Employer, or the flag not a bool.
            UnknownReference: no such model.
            NotEntitled: ``by`` is not an active member; the employer's sector
                is excluded by the charter's scope (Annex A); its id was recorded
                with another name or sector; or the same adoption is recorded already.
            InvalidTransition: the model was rescinded.
        """
        _programme.record_adoption(
            self._s,
            model,
            employer=employer,
            embedded_in_contracts=embedded_in_contracts,
            by=by,
            at=at,
        )

    def withdraw_adoption(
        self, model: str, *, employer: str, by: str, at: _dt.datetime | None = None
    ) -> None:
        """Record that an employer no longer applies a model policy (any active member).

        Args:
            model: the model's id.
            employer: the employer's id.
            by: the recording member's id.
            at: when (default: the clock's now).

        Raises:
            InvalidArgument: ``employer`` is not an id.
            UnknownReference: no such model, or the employer has no adoption of it.
            NotEntitled: ``by`` is not an active member.
        """
        _programme.withdraw_adoption(self._s, model, employer=employer, by=by, at=at)

    def report_progress(
        self,
        milestone: str,
        *,
        note: str,
        done: bool = False,
        by: str,
        at: _dt.datetime | None = None,
    ) -> None:
        """Report progress on a milestone (its owner only; clause 5.1); ``done`` meets it.

        Args:
            milestone: the milestone's id (its SetMilestone proposal's id).
            note: what was done.
            done: whether the milestone is met; an overdue one may still be met.
            by: the owner's id.
            at: when (default: the clock's now).

        Raises:
            InvalidArgument: ``note`` is empty, or ``done`` is not a bool.
            UnknownReference: no such milestone.
            NotEntitled: ``by`` is not an active member, or not the owner.
            InvalidTransition: the milestone is met or dropped.
        """
        _programme.report_progress(self._s, milestone, note=note, done=done, by=by, at=at)

    def advance(self, *, to: _dt.datetime | None = None) -> tuple[Event, ...]:
        """Emit every time-driven event scheduled up to ``to`` (default: the clock's now).

        Consultations close at their closing instant, reviews fall due and
        become overdue, model policies' review dates come, milestones not met
        by the end of their due date become overdue; each event carries its
        scheduled instant.

        Returns:
            The events emitted, in order.

        Raises:
            ClockError: ``to`` is naive or earlier than the last event.
        """
        return _advance(self._s, to=to)


# -- replay


def _fail(seq: int, event: object, message: str) -> IntegrityError:
    failure = IntegrityError(message, position=seq)
    tag = getattr(type(event), "TYPE", None)
    failure.add_note(
        f"while applying event #{seq} {tag if type(tag) is str else type(event).__name__}"
    )
    return failure


def _replay_first(s: State, first: object) -> None:
    if type(first) is not PartnershipDrafted:
        raise _fail(0, first, "a log must begin with partnership.drafted")
    charter = first.charter
    if not isinstance(charter, Charter):
        raise _fail(0, first, f"partnership.drafted holds {safe_repr(charter)}, not a Charter")
    try:
        check_charter(charter, source="<log>", registry=s.registry)
        if charter.version != 1:
            raise IntegrityError(
                f"a partnership is drafted at charter version 1, not {charter.version}"
            )
        when = to_instant(first.at, charter.timezone)
    except ConsensusError as err:
        raise _fail(0, first, f"partnership.drafted cannot begin a log: {err}") from None
    s.emit(PartnershipDrafted(at=when, charter=charter))


def _as_made(produced: Event, logged: object) -> bool:
    """Whether ``logged`` is exactly the event the library made: equal, field types too.

    Equality alone would take ``cycle=True`` for ``1`` or a plain datetime for
    a pendulum one; the library only ever writes its own types.
    """
    if type(logged) is not type(produced):
        return False
    fields = _comparison(cast(Any, type(produced)))
    # Strict replay gives each command the logged event's own values (its
    # instant, ids, text), so most fields of the event it makes are the very
    # objects the logged one holds: only the others are compared, by what
    # the event's __eq__ compares (each field with eq, by its eq_key: the
    # instant's key for an instant), then by type.
    differing = []
    for name, eq, eq_key in fields:
        made, held = getattr(produced, name), getattr(logged, name)
        if made is not held:
            differing.append((eq, eq_key, made, held))
    if not differing:
        return True
    mine = tuple(key(made) if key else made for eq, key, made, _ in differing if eq)
    theirs = tuple(key(held) if key else held for eq, key, _, held in differing if eq)
    if mine != theirs:
        return False
    return all(_same_kind(made, held) for _, _, made, held in differing)


def _same_kind(made: object, held: object) -> bool:
    if type(made) is not type(held):
        return False
    # The library writes every instant in the charter's zone.
    return not (
        isinstance(made, _dt.datetime) and str(made.tzinfo) != str(held.tzinfo)  # type: ignore[attr-defined]
    )


@functools.cache
def _comparison(cls: type[Any]) -> tuple[tuple[str, bool, Any], ...]:
    """Each field of an event class: its name, whether ``__eq__`` compares it
    and by what key (every command makes one of the library's own events,
    whose ``__eq__`` is attrs')."""
    return tuple((field.name, field.eq, field.eq_key) for field in attrs.fields(cls))


def _re_execute(
    s: State, log: list[Any], start: int = 1, progress: _Progress | None = None
) -> None:
    seq = start
    while seq < len(log):
        if progress is not None:
            progress.at(seq)
        event = log[seq]
        command = REPLAY.get(type(event))
        if command is None:
            if type(event) in APPLY:
                raise _fail(seq, event, f"{event.TYPE} is never the first fact of a command here")
            raise _fail(seq, event, f"{_short(event)} is not a consensus event")
        before = len(s.events)
        try:
            command(s, event)
            made = s.events[before:]
            mismatch = next(
                (
                    offset
                    for offset, produced in enumerate(made)
                    if seq + offset >= len(log) or not _as_made(produced, log[seq + offset])
                ),
                None,
            )
        except ConsensusError as err:
            raise _fail(
                seq, event, f"event #{seq} records a command the library refuses: {err}"
            ) from None
        except Exception as err:  # only a hand-built event holding values of the wrong kind
            raise _fail(
                seq, event, f"event #{seq} holds a value of the wrong kind ({_short(err)})"
            ) from None
        if not made:
            raise _fail(seq, event, f"event #{seq} records nothing that happens at {event.at}")
        if mismatch is not None:
            at = seq + mismatch
            logged = log[at] if at < len(log) else None
            produced = made[mismatch]
            what = "the log ends" if logged is None else f"the log holds {_short(logged)}"
            raise _fail(
                at,
                logged,
                f"event #{at}: {what} where the command of event #{seq} makes {_short(produced)}",
            )
        seq += len(made)


def _apply_all(
    s: State, log: list[Any], stop: int | None = None, progress: _Progress | None = None
) -> None:
    # The key of the last event's instant, carried from one event to the
    # next (and not recomputed when consecutive events share their instant).
    last_at: Any = s.events[-1].at
    last_key: Any = None
    for seq, event in enumerate(log[1:stop], start=1):
        if progress is not None:
            progress.at(seq)
        handler = APPLY.get(type(event))
        if handler is None or type(event) is PartnershipDrafted:
            raise _fail(seq, event, f"{_short(event)} cannot follow partnership.drafted")
        try:
            if last_key is None:
                last_key = _key(last_at)
            at = event.at
            key = last_key if at is last_at else _key(at)
            backwards = key < last_key
        except Exception:
            raise _fail(seq, event, f"event #{seq} has no instant: {_short(event.at)}") from None
        if backwards:
            raise _fail(seq, event, f"time runs backwards at event #{seq}")
        try:
            s.emit(event)
        except IntegrityError as err:
            raise _fail(seq, event, str(err)) from None
        except Exception as err:  # a hand-built event holding values of the wrong kind
            raise _fail(
                seq, event, f"event #{seq} does not fit the log before it: {_short(err)}"
            ) from None
        last_at, last_key = at, key


def _short(value: object) -> str:
    return safe_repr(value, limit=300)
