"""The partnership: commands in, events out, state only ever built by applying events.

Every command follows one path::

    command(..., by=, at=)
      -> settle the time: refuse a naive or backward ``at``; emit every
         time-driven event scheduled up to ``at`` (a consultation closing, a
         review falling due or overdue), stamped with its scheduled instant
      -> authorise ``by``                          NotEntitled
      -> ask the workflow whether it may fire      InvalidTransition
      -> ask the rule and the motion               DecisionPending, NotQuorate, InvalidMotion
      -> build the events, apply each, append it to the log

A command that raises changes nothing: the time-driven events it emitted on
the way are undone with the rest (a journal of undo steps, kept only while a
command runs). ``replay(events)`` applies the same events to an empty
partnership; applying an event never decides anything again.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
import heapq
import itertools
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any, Final, NoReturn, TypeVar, final

import attrs
import pendulum

from ._charter import Charter, Clause, check_charter, clause_sort_key
from ._clock import Clock, SystemClock, end_of_day, to_instant
from ._clock import instant_key as _key
from ._errors import (
    CharterError,
    ClockError,
    ConsensusError,
    DecisionPending,
    IntegrityError,
    InvalidArgument,
    InvalidMotion,
    InvalidTransition,
    NotEntitled,
    NotQuorate,
    UnknownReference,
)
from ._events import (
    EVENT_TYPES,
    CharterAmended,
    CharterSigned,
    ConsultationClosed,
    ConsultationOpened,
    Event,
    EventLog,
    MemberAdmitted,
    MemberWithdrew,
    MotionProposed,
    PartnershipDrafted,
    PartnershipRatified,
    PositionRecorded,
    ProposalAgreed,
    ProposalNotAgreed,
    ProposalTabled,
    ProposalWithdrawn,
    ResponseReceived,
    ReviewBecameOverdue,
    ReviewConcluded,
    ReviewFellDue,
    ReviewOpened,
    ReviewScheduled,
)
from ._motions import MOTION_TYPES, Admit, Amend, ConcludeReview, Consult, Motion
from ._records import (
    Channel,
    CharterVersion,
    Consultation,
    Membership,
    Proposal,
    Response,
    Review,
)
from ._rules import Outcome, Position
from ._workflows import CONSULTATION, MEMBERSHIP, PARTNERSHIP, PROPOSAL, REVIEW, Workflow

__all__ = ["Partnership", "amended_charter", "review_due"]

K = TypeVar("K")
_INTERNAL: Final = object()
V = TypeVar("V")

# Kinds of agenda entry: what the passing of time will do.
_CLOSE_CONSULTATION: Final = "close_consultation"
_REVIEW_DUE: Final = "review_due"
_REVIEW_OVERDUE: Final = "review_overdue"


def review_due(
    ratified_at: pendulum.DateTime, cycle: int, period_months: int
) -> pendulum.DateTime:
    """Return when review ``cycle`` (1, 2, …) falls due, counted from ratification.

    Computed from the anchor, never from the previous due date, so that a
    partnership ratified on 29 February keeps its reviews on the last day of
    February and returns to the 29th in leap years.

    Examples:
        >>> import pendulum
        >>> anchor = pendulum.datetime(2024, 2, 29, 10, tz="Europe/London")
        >>> [review_due(anchor, n, 12).to_date_string() for n in (1, 2, 3, 4)]
        ['2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']
    """
    return ratified_at.add(months=period_months * cycle)


def _section_heading(clauses: Iterable[Clause], clause_id: str) -> str:
    section = clause_id.split(".")[0]
    for clause in clauses:
        if clause.id.split(".")[0] == section:
            return clause.heading
    return "Amendments"


def amended_charter(
    charter: Charter, motion: Amend, *, member_ids: Collection[str] = ()
) -> Charter:
    """Return the charter that agreeing ``motion`` would put in force.

    Args:
        charter: the charter in force.
        motion: the amendment.
        member_ids: every party that has been a member, so that no new advisor
            takes a partner's id.

    Raises:
        CharterError: the amendment removes or renames something that is not
            there, or the result would not be a valid charter.

    Examples:
        >>> import consensus as cs
        >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
        >>> new = amended_charter(charter, cs.Amend(clauses={"7.2": None}, rationale="Funding found."))
        >>> new.version, "7.2" in [c.id for c in new.clauses]
        (2, False)
    """
    source = "<amendment>"
    clauses = {clause.id: clause for clause in charter.clauses}
    for clause_id, text in motion.clauses.items():
        if text is None:
            if clause_id not in clauses:
                raise CharterError(
                    source,
                    f"clauses[{clause_id!r}]",
                    "cannot remove a clause the charter does not have",
                )
            del clauses[clause_id]
        elif clause_id in clauses:
            clauses[clause_id] = attrs.evolve(clauses[clause_id], text=text)
        else:
            heading = motion.headings.get(clause_id) or _section_heading(
                charter.clauses, clause_id
            )
            clauses[clause_id] = Clause(id=clause_id, heading=heading, text=text)
    for clause_id, heading in motion.headings.items():
        if clause_id not in clauses:
            raise CharterError(
                source,
                f"headings[{clause_id!r}]",
                "names a clause the amended charter does not have",
            )
        clauses[clause_id] = attrs.evolve(clauses[clause_id], heading=heading)
    advisors = {advisor.id: advisor for advisor in charter.advisors}
    for advisor_id in motion.remove_advisors:
        if advisor_id not in advisors:
            raise CharterError(
                source, "remove_advisors", f"{advisor_id!r} is not in the advisory group"
            )
        del advisors[advisor_id]
    for record in motion.add_advisors:
        if record.id in advisors:
            raise CharterError(
                source, "add_advisors", f"{record.id!r} is already in the advisory group"
            )
        advisors[record.id] = record
    new = attrs.evolve(
        charter,
        version=charter.version + 1,
        clauses=tuple(clauses[key] for key in sorted(clauses, key=clause_sort_key)),
        advisors=tuple(advisors.values()),
        rule=motion.rule if motion.rule is not None else charter.rule,
    )
    check_charter(new, source=source, member_ids=member_ids)
    return new


def _when_text(instant: pendulum.DateTime) -> str:
    return instant.format("YYYY-MM-DD HH:mm zz")


@final
class Partnership:
    """A partnership governed by its charter: the aggregate every command goes through.

    Create one with :meth:`draft` (a new partnership) or :meth:`replay` (from
    a log). Every command takes the acting party's id as ``by=`` and an
    optional ``at=`` (default: the clock's now), appends events to
    :attr:`events`, and raises a :class:`~consensus.ConsensusError` — changing
    nothing — when it is refused.

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

    def __init__(self, *, clock: Clock | None = None, _internal: object = None) -> None:
        """Not for direct use: create a partnership with :meth:`draft` or :meth:`replay`.

        Raises:
            InvalidArgument: called directly.
        """
        if _internal is not _INTERNAL:
            raise InvalidArgument(
                "Partnership()",
                "a direct call",
                "how a partnership is made: use Partnership.draft(charter, clock=...) "
                "or Partnership.replay(events)",
            )
        if clock is not None and not isinstance(clock, Clock):
            raise InvalidArgument("clock", clock, "a Clock (an object with a now() method)")
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._events: list[Event] = []
        self._lifecycle = PARTNERSHIP.initial
        self._history: list[CharterVersion] = []
        self._charter: Charter | None = None
        self._ratified_at: pendulum.DateTime | None = None
        self._members: dict[str, Membership] = {}
        self._active: set[str] = set()
        self._proposals: dict[str, Proposal] = {}
        self._consultations: dict[str, Consultation] = {}
        self._reviews: dict[str, Review] = {}
        self._current_review: str | None = None
        # (UTC instant, tie-breaker, instant in the charter's zone, kind, ref)
        self._agenda: list[tuple[_dt.datetime, int, pendulum.DateTime, str, str]] = []
        self._agenda_seq = 0
        self._agenda_saved = False
        self._undo: list[Callable[[], object]] | None = None

    # ------------------------------------------------------------------ creation

    @classmethod
    def draft(
        cls, charter: Charter, *, clock: Clock | None = None, at: _dt.datetime | None = None
    ) -> Partnership:
        """Draft a new partnership from ``charter``; it is ``forming`` until every signatory signs.

        Args:
            charter: a charter at version 1, as :func:`~consensus.load_charter` returns.
            clock: where the time comes from (default: :class:`~consensus.SystemClock`).
            at: when it was drafted (default: the clock's now).

        Raises:
            CharterError: the charter is not valid, or is not at version 1.
            ClockError: ``at`` is naive.
        """
        if not isinstance(charter, Charter):
            raise InvalidArgument("charter", charter, "a consensus.Charter (see load_charter)")
        check_charter(charter, source="<charter>")
        if charter.version != 1:
            raise CharterError(
                "<charter>",
                "version",
                f"a partnership is drafted from version 1 of its charter, not {charter.version}",
            )
        partnership = cls(clock=clock, _internal=_INTERNAL)
        when = to_instant(partnership._clock.now() if at is None else at, charter.timezone)
        partnership._emit(PartnershipDrafted(at=when, charter=charter))
        return partnership

    @classmethod
    def replay(cls, events: Iterable[Event], *, clock: Clock | None = None) -> Partnership:
        """Build a partnership by applying ``events`` in order, deciding nothing again.

        Args:
            events: a log, as :attr:`events` or :func:`~consensus.events_from_jsonl` returns it.
            clock: the clock for commands given afterwards (default: ``SystemClock``).

        Raises:
            IntegrityError: the log is not one the library could have produced
                (it does not start with ``PartnershipDrafted``, time runs
                backwards, or an event is not allowed where it stands); a note
                on the error names the event.
        """
        partnership = cls(clock=clock, _internal=_INTERNAL)
        for seq, event in enumerate(events):
            try:
                if type(event) not in _APPLY:
                    raise IntegrityError(f"{event!r} is not a consensus event")
                if seq == 0 and not isinstance(event, PartnershipDrafted):
                    raise IntegrityError("a log must begin with partnership.drafted")
                if seq > 0 and isinstance(event, PartnershipDrafted):
                    raise IntegrityError("partnership.drafted may only begin a log")
                if partnership._events and _key(event.at) < _key(partnership._events[-1].at):
                    raise IntegrityError(
                        f"time runs backwards: {event.at.isoformat()} is before "
                        f"{partnership._events[-1].at.isoformat()}"
                    )
                partnership._emit(event)
            except IntegrityError as err:
                err.add_note(f"while applying event #{seq} {getattr(event, 'TYPE', '?')}")
                raise
            except (ConsensusError, KeyError, AttributeError, TypeError, ValueError) as err:
                failure = IntegrityError(f"event #{seq} does not fit the log before it: {err}")
                failure.add_note(f"while applying event #{seq} {getattr(event, 'TYPE', '?')}")
                raise failure from err
        if not partnership._events:
            raise IntegrityError("an empty log holds no partnership")
        return partnership

    # ------------------------------------------------------------------ queries

    @property
    def clock(self) -> Clock:
        """The clock that ``at=`` defaults to."""
        return self._clock

    @property
    def state(self) -> str:
        """``"forming"`` until every signatory signed, then ``"active"``."""
        return self._lifecycle

    @property
    def charter(self) -> Charter:
        """The charter in force now (the draft before ratification)."""
        assert self._charter is not None  # every partnership begins with PartnershipDrafted
        return self._charter

    @property
    def charter_history(self) -> tuple[CharterVersion, ...]:
        """Every version of the charter that has been in force, oldest first."""
        return tuple(self._history)

    def charter_at(self, instant: _dt.datetime) -> CharterVersion:
        """Return the charter version in force at ``instant``.

        Raises:
            ClockError: ``instant`` is naive or before ratification.
        """
        when = to_instant(instant, argument="instant")
        starts = [_key(version.effective_from) for version in self._history]
        index = bisect.bisect_right(starts, _key(when)) - 1
        if index < 0:
            ratified = (
                "it is not ratified yet"
                if not self._history
                else f"it was ratified at {self._history[0].effective_from.isoformat()}"
            )
            raise ClockError(f"no charter was in force at {when.isoformat()}: {ratified}.")
        return self._history[index]

    @property
    def ratified_at(self) -> pendulum.DateTime | None:
        """When the last signatory signed, or ``None`` while forming."""
        return self._ratified_at

    @property
    def events(self) -> EventLog:
        """Every event so far, in order: the log, as an immutable snapshot (cheap to take)."""
        return EventLog._view(self._events)

    @property
    def last_event_at(self) -> pendulum.DateTime:
        """The instant of the latest event; no command may be dated earlier."""
        return self._events[-1].at

    @property
    def active_members(self) -> frozenset[str]:
        """The ids of the active members: the electorate of every decision now."""
        return frozenset(self._active)

    @property
    def memberships(self) -> Mapping[str, Membership]:
        """Every membership by party id, current and former (read-only)."""
        return MappingProxyType(self._members)

    def membership(self, party: str) -> Membership:
        """Return ``party``'s membership.

        Raises:
            UnknownReference: ``party`` has never been a member or a signatory.
        """
        return _lookup(self._members, party, "member")

    @property
    def proposals(self) -> Mapping[str, Proposal]:
        """Every proposal by id, in the order proposed (read-only)."""
        return MappingProxyType(self._proposals)

    def proposal(self, pid: str) -> Proposal:
        """Return the proposal ``pid``.

        Raises:
            UnknownReference: no such proposal.
        """
        return _lookup(self._proposals, pid, "proposal")

    @property
    def consultations(self) -> Mapping[str, Consultation]:
        """Every consultation by id (the id of the Consult proposal that opened it)."""
        return MappingProxyType(self._consultations)

    def consultation(self, cid: str) -> Consultation:
        """Return the consultation opened by the agreed Consult proposal ``cid``.

        Raises:
            UnknownReference: no consultation was opened by that proposal.
        """
        return _lookup(self._consultations, cid, "consultation")

    @property
    def reviews(self) -> tuple[Review, ...]:
        """Every review cycle so far, oldest first."""
        return tuple(self._reviews.values())

    def review(self, rid: str) -> Review:
        """Return the review cycle ``rid`` (``"r-0001"`` is the first).

        Raises:
            UnknownReference: no such review.
        """
        return _lookup(self._reviews, rid, "review")

    @property
    def current_review(self) -> Review | None:
        """The open review cycle (scheduled, due or in progress); ``None`` while forming."""
        return self._reviews[self._current_review] if self._current_review else None

    @property
    def next_review_due(self) -> pendulum.DateTime | None:
        """When the open review cycle is (or was) due; ``None`` while forming."""
        current = self.current_review
        return current.due if current else None

    def tally(self, pid: str) -> Outcome:
        """What the charter's rule makes of ``pid``'s positions now, without concluding.

        Raises:
            UnknownReference: no such proposal.
        """
        proposal = self.proposal(pid)
        if proposal.outcome is not None:
            return proposal.outcome
        electorate = frozenset(self._active)
        return self.charter.decision_rule.evaluate(electorate, proposal.positions)

    # ------------------------------------------------------------------ equality

    def _comparable(self) -> tuple[Any, ...]:
        return (
            self._lifecycle,
            self._charter,
            self._history,
            _key(self._ratified_at),
            self._members,
            self._proposals,
            self._consultations,
            self._reviews,
            self._current_review,
            self._events,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Partnership):
            return NotImplemented
        return self._comparable() == other._comparable()

    __hash__ = None  # type: ignore[assignment]  # mutable: compared by value, never hashed

    def __repr__(self) -> str:
        title = self._charter.title if self._charter else "?"
        return (
            f"<Partnership {title!r} {self._lifecycle}, {len(self._active)} active members, "
            f"{len(self._proposals)} proposals, {len(self._events)} events>"
        )

    # ------------------------------------------------------------------ commands

    def sign(self, *, by: str, at: _dt.datetime | None = None) -> None:
        """Sign the charter as a founding signatory; the last signature ratifies it.

        Ratification makes the partnership ``active``, puts charter version 1
        in force from that instant, and schedules the first review one review
        period later (clause 3.5).

        Raises:
            NotEntitled: ``by`` is not a signatory.
            InvalidTransition: ``by`` already signed, or the charter is already ratified.
        """
        action = "sign the charter"
        with self._command(at, by, action) as when:
            charter = self.charter
            if not PARTNERSHIP.allows(self._lifecycle, "sign"):
                raise InvalidTransition(
                    self._name(by),
                    action,
                    "the partnership",
                    self._lifecycle,
                    (),
                    hint=f"Its charter was ratified on {_when_text(self._ratified_at or when)}; "
                    "a new partner joins through an agreed Admit motion.",
                )
            membership = self._members.get(by) if isinstance(by, str) else None
            if membership is None:
                raise NotEntitled(
                    self._name(by),
                    action,
                    f"it is not a signatory of {charter.title!r}",
                    "Signatories: " + ", ".join(p.id for p in charter.signatories) + ".",
                )
            if not MEMBERSHIP.allows(membership.state, "sign"):
                raise InvalidTransition(
                    by,
                    action,
                    by,
                    "a signatory already",
                    (),
                    hint=f"{by} signed on {_when_text(membership.since)}",
                )
            events: list[Event] = [CharterSigned(at=when, party=by)]
            if all(m.state == "active" or m.party.id == by for m in self._members.values()):
                events.append(PartnershipRatified(at=when))
                events.append(
                    ReviewScheduled(
                        at=when,
                        review=_review_id(1),
                        cycle=1,
                        due=review_due(when, 1, charter.review_period_months),
                    )
                )
            self._emit_all(events)

    def propose(self, motion: Motion, *, by: str, at: _dt.datetime | None = None) -> str:
        """Propose a motion as an active member; returns the new proposal's id.

        The proposal starts as a ``draft``; the chair tables it for deliberation.

        Raises:
            InvalidTransition: the partnership is still forming.
            NotEntitled: ``by`` is not an active member.
            InvalidMotion: the motion cannot apply now (admitting a current
                member, consulting on a proposal that is not deliberating,
                amending a clause that is not there…).
            InvalidArgument: ``motion`` is not a motion.
        """
        known_motion = type(motion) in _MOTION_CLASSES
        action = f"propose to {motion.describe()}" if known_motion else "propose a motion"
        with self._command(at, by, action) as when:
            if not known_motion:
                raise InvalidArgument(
                    "motion",
                    motion,
                    "a motion: Resolution, Admit, Consult, Amend or ConcludeReview",
                )
            self._require_active_partnership(by, action)
            self._require_member(by, action)
            self._check_motion(motion, by, when, verb="propose to")
            pid = f"p-{len(self._proposals) + 1:04d}"
            self._emit_all([MotionProposed(at=when, proposal=pid, motion=motion, by=by)])
            return pid

    def table(self, pid: str, *, by: str, at: _dt.datetime | None = None) -> None:
        """Table a draft proposal for deliberation (the chair only).

        Raises:
            NotEntitled: ``by`` is not the chair, or not an active member.
            UnknownReference: no such proposal.
            InvalidTransition: the proposal is not a draft.
        """
        action = f"table {pid}"
        with self._command(at, by, action) as when:
            self._require_chair(by, action)
            proposal = _lookup(self._proposals, pid, "proposal", by, action)
            self._require_move(PROPOSAL, proposal.state, "table", by, action, pid)
            self._emit_all([ProposalTabled(at=when, proposal=pid, by=by)])

    def record_position(
        self, pid: str, position: Position, *, by: str, at: _dt.datetime | None = None
    ) -> None:
        """Record, or change, an active member's position on a deliberating proposal.

        Raises:
            InvalidArgument: ``position`` is not a :class:`~consensus.Position`.
            NotEntitled: ``by`` is not an active member.
            UnknownReference: no such proposal.
            InvalidTransition: the proposal is not deliberating (a draft, under
                consultation, or concluded).
        """
        action = f"record a position on {pid}"
        with self._command(at, by, action) as when:
            if not isinstance(position, Position):
                raise InvalidArgument(
                    "position", position, "a consensus.Position such as Position.AGREE"
                )
            self._require_member(by, action)
            proposal = _lookup(self._proposals, pid, "proposal", by, action)
            hint = None
            if proposal.state == "consulting" and proposal.consultation:
                closes = self._consultations[proposal.consultation].closes_at
                hint = f"Positions wait until consultation {proposal.consultation} closes ({_when_text(closes)})"
            self._require_move(
                PROPOSAL, proposal.state, "record_position", by, action, pid, hint=hint
            )
            self._emit_all([PositionRecorded(at=when, proposal=pid, party=by, position=position)])

    def withdraw_proposal(self, pid: str, *, by: str, at: _dt.datetime | None = None) -> None:
        """Withdraw a proposal that is not concluded yet (its proposer only).

        A consultation still open on it closes at the same instant.

        Raises:
            NotEntitled: ``by`` is not the proposer, or not an active member.
            UnknownReference: no such proposal.
            InvalidTransition: the proposal is already concluded.
        """
        action = f"withdraw {pid}"
        with self._command(at, by, action) as when:
            self._require_member(by, action)
            proposal = _lookup(self._proposals, pid, "proposal", by, action)
            if proposal.proposer != by:
                raise NotEntitled(
                    by, action, f"only its proposer, {proposal.proposer}, may withdraw it"
                )
            self._require_move(PROPOSAL, proposal.state, "withdraw", by, action, pid)
            events: list[Event] = []
            if proposal.consultation is not None:
                events.append(
                    ConsultationClosed(at=when, consultation=proposal.consultation, by=by)
                )
            events.append(ProposalWithdrawn(at=when, proposal=pid, by=by))
            self._emit_all(events)

    def conclude(self, pid: str, *, by: str, at: _dt.datetime | None = None) -> Outcome:
        """Conclude a deliberating proposal by the charter's rule (the chair only).

        The electorate is the active members at this instant; positions of
        anyone else never count. When agreed, the motion takes effect at once.

        Returns:
            ``Outcome.AGREED`` or ``Outcome.NOT_AGREED``.

        Raises:
            NotEntitled: ``by`` is not the chair, or not an active member.
            UnknownReference: no such proposal.
            InvalidTransition: the proposal is not deliberating.
            NotQuorate: a constituency the charter requires has no active member.
            DecisionPending: positions still missing could change the outcome.
            InvalidMotion: the motion was agreed but no longer applies (an
                earlier amendment removed the clause it changes, say).
        """
        action = f"conclude {pid}"
        with self._command(at, by, action) as when:
            self._require_chair(by, action)
            proposal = _lookup(self._proposals, pid, "proposal", by, action)
            hint = None
            if proposal.state == "consulting" and proposal.consultation:
                closes = self._consultations[proposal.consultation].closes_at
                hint = f"It can be concluded once consultation {proposal.consultation} closes ({_when_text(closes)})"
            self._require_move(PROPOSAL, proposal.state, "agree", by, action, pid, hint=hint)
            charter = self.charter
            unrepresented = self._unrepresented()
            if unrepresented:
                raise NotQuorate(by, pid, unrepresented)
            electorate = frozenset(self._active)
            rule = charter.decision_rule
            outcome = rule.evaluate(electorate, proposal.positions)
            if outcome is Outcome.PENDING:
                raise DecisionPending(by, pid, electorate - proposal.positions.keys())
            if outcome is Outcome.NOT_AGREED:
                self._emit_all(
                    [
                        ProposalNotAgreed(
                            at=when, proposal=pid, by=by, electorate=electorate, rule=rule.name
                        )
                    ]
                )
                return outcome
            if outcome is not Outcome.AGREED:
                raise IntegrityError(
                    f"decision rule {rule.name!r} returned {outcome!r}, not an Outcome"
                )
            amended = self._check_motion(proposal.motion, by, when, verb=f"carry out {pid}:")
            events: list[Event] = [
                ProposalAgreed(at=when, proposal=pid, by=by, electorate=electorate, rule=rule.name)
            ]
            events.extend(self._effects(proposal, when, amended))
            self._emit_all(events)
            return outcome

    def withdraw(self, *, by: str, at: _dt.datetime | None = None) -> None:
        """Withdraw from the partnership: unilateral, always allowed for an active member.

        Clause 7.1: nothing binds a partner. A former member may be admitted
        again by an agreed :class:`~consensus.Admit` motion.

        Raises:
            NotEntitled: ``by`` is not an active member.
        """
        action = "withdraw from the partnership"
        with self._command(at, by, action) as when:
            self._require_active_partnership(by, action)
            self._require_member(by, action)
            self._emit_all([MemberWithdrew(at=when, party=by)])

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

        Args:
            cid: the consultation's id (the agreed Consult proposal's id).
            text: the response.
            by: the advisor's id; only advisors invited by the Consult motion respond.
            channel: how it arrived, a :class:`~consensus.Channel` or its value (``"email"``).

        Raises:
            UnknownReference: no such consultation.
            NotEntitled: ``by`` was not invited (or is a partner, not an advisor).
            InvalidTransition: the consultation has closed; late responses are refused.
            InvalidArgument: empty text or an unknown channel.
        """
        action = f"respond to consultation {cid}"
        with self._command(at, by, action) as when:
            consultation = _lookup(self._consultations, cid, "consultation", by, action)
            if not isinstance(by, str) or by not in consultation.advisors:
                raise NotEntitled(self._name(by), action, self._not_invited(by, consultation))
            if not CONSULTATION.allows(consultation.state, "respond"):
                raise InvalidTransition(
                    by,
                    action,
                    f"consultation {cid}",
                    consultation.state,
                    (),
                    hint=f"It closed at {_when_text(consultation.closed_at or consultation.closes_at)}; "
                    "responses after that are not accepted",
                )
            if not isinstance(text, str) or not text.strip():
                raise InvalidArgument("text", text, "the response's text (non-empty)")
            how = _channel(channel)
            self._emit_all(
                [ResponseReceived(at=when, consultation=cid, advisor=by, text=text, channel=how)]
            )

    def close_consultation(self, cid: str, *, by: str, at: _dt.datetime | None = None) -> None:
        """Close a consultation early, once every invited advisor has responded (the chair only).

        Raises:
            NotEntitled: ``by`` is not the chair, or some invited advisors have not responded.
            UnknownReference: no such consultation.
            InvalidTransition: it is already closed.
        """
        action = f"close consultation {cid}"
        with self._command(at, by, action) as when:
            self._require_chair(by, action)
            consultation = _lookup(self._consultations, cid, "consultation", by, action)
            self._require_move(
                CONSULTATION, consultation.state, "close", by, action, f"consultation {cid}"
            )
            if consultation.awaiting:
                raise NotEntitled(
                    by,
                    action + " early",
                    "still awaiting responses from " + ", ".join(consultation.awaiting),
                    f"It closes by itself at {_when_text(consultation.closes_at)}",
                )
            self._emit_all([ConsultationClosed(at=when, consultation=cid, by=by)])

    def open_review(self, *, by: str, at: _dt.datetime | None = None) -> str:
        """Open the review that has fallen due (the chair only); returns its id.

        Raises:
            InvalidTransition: the partnership is forming, or the current review
                is not due (scheduled for later, or already in progress).
            NotEntitled: ``by`` is not the chair.
        """
        action = "open the review"
        with self._command(at, by, action) as when:
            self._require_active_partnership(by, action)
            self._require_chair(by, action)
            review = self.current_review
            if review is None:  # only in a log the library did not write
                raise IntegrityError("the partnership is active but no review cycle is open")
            hint = (
                f"It falls due on {_when_text(review.due)}"
                if review.state == "scheduled"
                else None
            )
            self._require_move(
                REVIEW, review.state, "open", by, action, f"review {review.id}", hint=hint
            )
            self._emit_all([ReviewOpened(at=when, review=review.id, by=by)])
            return review.id

    def advance(self, *, to: _dt.datetime | None = None) -> tuple[Event, ...]:
        """Emit every time-driven event scheduled up to ``to`` (default: the clock's now).

        Consultations close at their closing instant, reviews fall due and
        become overdue; each event carries its scheduled instant.

        Returns:
            The events emitted, in order.

        Raises:
            ClockError: ``to`` is naive or earlier than the last event.
        """
        before = len(self._events)
        with self._command(to, None, "advance the partnership's time", argument="to"):
            pass
        return tuple(self._events[before:])

    # ------------------------------------------------------------------ command helpers

    @contextmanager
    def _command(
        self, at: _dt.datetime | None, by: object, action: str, *, argument: str = "at"
    ) -> Iterator[pendulum.DateTime]:
        if self._undo is not None:
            raise InvalidArgument(
                "command", action, "allowed now: another command of this partnership is running"
            )
        self._undo = []  # also marks a command as running, from here on
        self._agenda_saved = False
        try:
            when = self._settle_time(at, by, action, argument)
            self._catch_up(when)
            yield when
        except BaseException:
            for undo in reversed(self._undo):
                undo()
            raise
        finally:
            self._undo = None

    def _settle_time(
        self, at: _dt.datetime | None, by: object, action: str, argument: str
    ) -> pendulum.DateTime:
        who = f"{self._name(by)} cannot {action}" if by is not None else f"cannot {action}"
        try:
            when = to_instant(
                self._clock.now() if at is None else at, self.charter.timezone, argument=argument
            )
        except ClockError as err:
            raise ClockError(f"{who}: {err}") from None
        last = self._events[-1].at
        if _key(when) < _key(last):
            source = "the clock reads" if at is None else f"{argument}="
            raise ClockError(
                f"{who}: {source} {when.isoformat()}, earlier than the last event "
                f"({self._events[-1].TYPE} at {last.isoformat()}); time never runs backwards in a log."
            )
        return when

    def _catch_up(self, until: pendulum.DateTime) -> None:
        limit = _key(until)
        while self._agenda and self._agenda[0][0] <= limit:
            self._save_agenda()
            _, _, when, kind, ref = heapq.heappop(self._agenda)
            event = self._scheduled_event(when, kind, ref)
            if event is not None:
                self._emit(event)

    def _scheduled_event(self, when: pendulum.DateTime, kind: str, ref: str) -> Event | None:
        # An entry is stale when what it would do already happened (closed
        # early, concluded); stale entries are dropped, not emitted.
        if kind == _CLOSE_CONSULTATION:
            if self._consultations[ref].state == "open":
                return ConsultationClosed(at=when, consultation=ref)
        elif kind == _REVIEW_DUE:
            if self._reviews[ref].state == "scheduled":
                return ReviewFellDue(at=when, review=ref)
        elif kind == _REVIEW_OVERDUE:
            review = self._reviews[ref]
            if review.is_open and not review.overdue:
                return ReviewBecameOverdue(at=when, review=ref)
        return None

    def _schedule(
        self, when: pendulum.DateTime, kind: str, ref: str, not_before: pendulum.DateTime
    ) -> None:
        # Never schedule into the past of the log: a due date already passed
        # takes effect at the event that scheduled it.
        self._save_agenda()
        self._agenda_seq += 1
        at = when if _key(when) >= _key(not_before) else not_before
        heapq.heappush(self._agenda, (_key(at), self._agenda_seq, at, kind, ref))

    def _save_agenda(self) -> None:
        # Called before the agenda changes; within a command the first change
        # saves it whole, so that a refusal restores it. Most commands never
        # touch it and copy nothing.
        if self._undo is not None and not self._agenda_saved:
            self._agenda_saved = True
            saved = list(self._agenda)
            self._undo.append(lambda: setattr(self, "_agenda", saved))

    def _name(self, by: object) -> str:
        return by if isinstance(by, str) else repr(by)

    def _require_active_partnership(self, by: object, action: str) -> None:
        if self._lifecycle != "active":
            unsigned = [m.party.id for m in self._members.values() if m.state == "nominated"]
            raise InvalidTransition(
                self._name(by),
                action,
                "the partnership",
                self._lifecycle,
                (),
                hint="Nothing can be done until every signatory has signed; still to sign: "
                + ", ".join(unsigned),
            )

    def _require_member(self, by: object, action: str) -> Membership:
        if not isinstance(by, str):
            raise InvalidArgument("by", by, "a party id (text)")
        membership = self._members.get(by)
        if membership is None:
            if by in self.charter.advisor_ids:
                raise NotEntitled(
                    by,
                    action,
                    f"{by} is in the advisory group, not a partner",
                    "Advisors respond to consultations they are invited to",
                )
            raise NotEntitled(by, action, f"{by} is not a member of the partnership")
        if membership.state == "withdrawn":
            raise NotEntitled(
                by,
                action,
                f"{by} withdrew from the partnership on {membership.since.to_date_string()}",
                "Only active members act; a former member may be admitted again with an Admit motion",
            )
        if membership.state != "active":
            raise NotEntitled(by, action, f"{by} has not signed the charter yet")
        return membership

    def _require_chair(self, by: object, action: str) -> None:
        self._require_member(by, action)
        chair = self.charter.chair
        if by != chair:
            raise NotEntitled(self._name(by), action, f"only the chair ({chair}) may do that")

    def _require_move(
        self,
        workflow: Workflow,
        state: str,
        trigger: str,
        by: str,
        action: str,
        subject: str,
        *,
        hint: str | None = None,
    ) -> None:
        if not workflow.allows(state, trigger):
            raise InvalidTransition(by, action, subject, state, workflow.options(state), hint=hint)

    def _not_invited(self, by: object, consultation: Consultation) -> str:
        invited = ", ".join(consultation.advisors)
        if isinstance(by, str) and by in self._members:
            return (
                f"{by} is a partner, not an advisor; partners record positions on "
                f"{consultation.proposal} (invited to respond: {invited})"
            )
        if isinstance(by, str) and by in self.charter.advisor_ids:
            return f"{by} was not invited to this consultation (invited: {invited})"
        return f"{self._name(by)} is not in the advisory group (invited: {invited})"

    def _unrepresented(self) -> list[str]:
        required = self.charter.required_constituencies
        represented = {self._members[party].party.constituency for party in self._active}
        return [c for c in required if c not in represented]

    def _check_motion(
        self,
        motion: Motion,
        by: str,
        when: pendulum.DateTime,
        *,
        verb: str,
    ) -> Charter | None:
        """Refuse a motion that cannot apply to the partnership as it is now.

        Returns:
            For an Amend, the charter it would put in force; otherwise ``None``.
        """
        charter = self.charter

        def refuse(reason: str) -> NoReturn:
            raise InvalidMotion(by, motion.describe(), reason, verb=verb)

        if isinstance(motion, Admit):
            party = motion.party
            current = self._members.get(party.id)
            if current is not None and current.state == "active":
                refuse(f"{party.id} is already an active member")
            if party.id in charter.advisor_ids:
                refuse(f"{party.id} is in the advisory group; advisors are never partners")
            if party.constituency not in charter.constituency_ids:
                refuse(
                    f"{party.constituency!r} is not a constituency of the charter "
                    f"({', '.join(charter.constituency_ids)})"
                )
        elif isinstance(motion, Consult):
            target = self._proposals.get(motion.proposal)
            if target is None:
                refuse(f"there is no proposal {motion.proposal!r}")
            if target.state != "deliberating":
                refuse(
                    f"{motion.proposal} is {target.state}; only a deliberating proposal goes to consultation"
                )
            unknown = [a for a in motion.advisors if a not in charter.advisor_ids]
            if unknown:
                refuse(
                    f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not in the advisory group "
                    f"({', '.join(sorted(charter.advisor_ids))})"
                )
            try:
                closes_at = end_of_day(motion.closes, charter.timezone)
            except ClockError as err:
                refuse(str(err))
            if _key(closes_at) <= _key(when):
                refuse(f"its closing date {motion.closes.isoformat()} has already ended")
        elif isinstance(motion, Amend):
            try:
                return amended_charter(charter, motion, member_ids=self._members.keys())
            except CharterError as err:
                refuse(f"{err.field}: {err.problem}" if err.field else err.problem)
        elif isinstance(motion, ConcludeReview):
            review = self._reviews.get(motion.review)
            if review is None:
                refuse(f"there is no review {motion.review!r}")
            if review.state != "in_progress":
                refuse(
                    f"review {motion.review} is {review.state.replace('_', ' ')}; only a review in progress can be concluded"
                )
        return None

    def _effects(
        self, proposal: Proposal, when: pendulum.DateTime, amended: Charter | None
    ) -> list[Event]:
        """The events that carry out an agreed motion (``amended``: what an Amend makes)."""
        motion = proposal.motion
        pid = proposal.id
        charter = self.charter
        if isinstance(motion, Admit):
            return [MemberAdmitted(at=when, party=motion.party, proposal=pid)]
        if isinstance(motion, Consult):
            return [
                ConsultationOpened(
                    at=when,
                    consultation=pid,
                    proposal=motion.proposal,
                    advisors=motion.advisors,
                    question=motion.question,
                    closes_at=end_of_day(motion.closes, charter.timezone),
                )
            ]
        if isinstance(motion, Amend):
            if amended is None:
                raise IntegrityError(f"{pid} was agreed without its amended charter")
            return [
                CharterAmended(at=when, proposal=pid, version=amended.version, charter=amended)
            ]
        if isinstance(motion, ConcludeReview):
            review = self._reviews[motion.review]
            assert self._ratified_at is not None
            cycle = review.cycle + 1
            return [
                ReviewConcluded(at=when, review=review.id, proposal=pid, findings=motion.findings),
                ReviewScheduled(
                    at=when,
                    review=_review_id(cycle),
                    cycle=cycle,
                    due=review_due(self._ratified_at, cycle, charter.review_period_months),
                ),
            ]
        return []

    # ------------------------------------------------------------------ applying events

    def _emit_all(self, events: Sequence[Event]) -> None:
        for event in events:
            self._emit(event)

    def _emit(self, event: Event) -> None:
        _APPLY[type(event)](self, event)
        self._events.append(event)
        if self._undo is not None:
            self._undo.append(self._events.pop)

    def _put(self, table: dict[K, V], key: K, value: V) -> None:
        if self._undo is not None:
            if key in table:
                self._undo.append(functools.partial(table.__setitem__, key, table[key]))
            else:
                self._undo.append(functools.partial(table.pop, key))
        table[key] = value

    def _set(self, name: str, value: object) -> None:
        if self._undo is not None:
            old = getattr(self, name)
            self._undo.append(lambda: setattr(self, name, old))
        setattr(self, name, value)

    def _put_member(self, membership: Membership) -> None:
        party = membership.party.id
        self._put(self._members, party, membership)
        was_active = party in self._active
        if membership.state == "active" and not was_active:
            self._active.add(party)
            if self._undo is not None:
                self._undo.append(lambda: self._active.discard(party))
        elif membership.state != "active" and was_active:
            self._active.discard(party)
            if self._undo is not None:
                self._undo.append(lambda: self._active.add(party))

    def _apply_drafted(self, event: PartnershipDrafted) -> None:
        check_charter(event.charter, source="<log>")
        self._charter = event.charter
        for party in event.charter.signatories:
            self._members[party.id] = Membership(
                party=party, state=MEMBERSHIP.initial, founding=True, since=event.at
            )

    def _apply_signed(self, event: CharterSigned) -> None:
        PARTNERSHIP.next_state(self._lifecycle, "sign")
        membership = self._members[event.party]
        state = MEMBERSHIP.next_state(membership.state, "sign")
        self._put_member(attrs.evolve(membership, state=state, since=event.at))

    def _apply_ratified(self, event: PartnershipRatified) -> None:
        unsigned = [m.party.id for m in self._members.values() if m.state != "active"]
        if unsigned:
            raise IntegrityError(f"ratified while {', '.join(unsigned)} had not signed")
        self._set("_lifecycle", PARTNERSHIP.next_state(self._lifecycle, "ratify"))
        self._set("_ratified_at", event.at)
        version = CharterVersion(
            version=1, charter=self.charter, effective_from=event.at, amended_by=None
        )
        self._set("_history", [*self._history, version])

    def _apply_proposed(self, event: MotionProposed) -> None:
        if event.proposal in self._proposals:
            raise IntegrityError(f"proposal {event.proposal} was proposed twice")
        proposal = Proposal(
            id=event.proposal,
            motion=event.motion,
            proposer=event.by,
            state=PROPOSAL.initial,
            proposed_at=event.at,
        )
        self._put(self._proposals, event.proposal, proposal)

    def _apply_tabled(self, event: ProposalTabled) -> None:
        proposal = self._proposals[event.proposal]
        state = PROPOSAL.next_state(proposal.state, "table")
        self._put(
            self._proposals, proposal.id, attrs.evolve(proposal, state=state, tabled_at=event.at)
        )

    def _apply_position(self, event: PositionRecorded) -> None:
        proposal = self._proposals[event.proposal]
        PROPOSAL.next_state(proposal.state, "record_position")
        positions = {**proposal.positions, event.party: event.position}
        self._put(self._proposals, proposal.id, attrs.evolve(proposal, positions=positions))

    def _apply_withdrawn(self, event: ProposalWithdrawn) -> None:
        proposal = self._proposals[event.proposal]
        state = PROPOSAL.next_state(proposal.state, "withdraw")
        self._put(
            self._proposals,
            proposal.id,
            attrs.evolve(proposal, state=state, concluded_at=event.at),
        )

    def _apply_concluded(self, event: ProposalAgreed | ProposalNotAgreed) -> None:
        proposal = self._proposals[event.proposal]
        agreed = isinstance(event, ProposalAgreed)
        state = PROPOSAL.next_state(proposal.state, "agree" if agreed else "not_agree")
        concluded = attrs.evolve(
            proposal,
            state=state,
            concluded_at=event.at,
            outcome=Outcome.AGREED if agreed else Outcome.NOT_AGREED,
            electorate=event.electorate,
            rule=event.rule,
        )
        self._put(self._proposals, proposal.id, concluded)

    def _apply_admitted(self, event: MemberAdmitted) -> None:
        current = self._members.get(event.party.id)
        if current is None:
            current = Membership(
                party=event.party, state=MEMBERSHIP.initial, founding=False, since=event.at
            )
        state = MEMBERSHIP.next_state(current.state, "admit")
        self._put_member(attrs.evolve(current, party=event.party, state=state, since=event.at))

    def _apply_withdrew(self, event: MemberWithdrew) -> None:
        membership = self._members[event.party]
        state = MEMBERSHIP.next_state(membership.state, "withdraw")
        self._put_member(attrs.evolve(membership, state=state, since=event.at))

    def _apply_consultation_opened(self, event: ConsultationOpened) -> None:
        if event.consultation in self._consultations:
            raise IntegrityError(f"consultation {event.consultation} was opened twice")
        target = self._proposals[event.proposal]
        state = PROPOSAL.next_state(target.state, "consult")
        self._put(
            self._proposals,
            target.id,
            attrs.evolve(target, state=state, consultation=event.consultation),
        )
        consultation = Consultation(
            id=event.consultation,
            proposal=event.proposal,
            advisors=event.advisors,
            question=event.question,
            opened_at=event.at,
            closes_at=event.closes_at,
            state=CONSULTATION.initial,
        )
        self._put(self._consultations, event.consultation, consultation)
        self._schedule(event.closes_at, _CLOSE_CONSULTATION, event.consultation, event.at)

    def _apply_response(self, event: ResponseReceived) -> None:
        consultation = self._consultations[event.consultation]
        CONSULTATION.next_state(consultation.state, "respond")
        if event.advisor not in consultation.advisors:
            raise IntegrityError(
                f"{event.advisor} was not invited to consultation {consultation.id}"
            )
        response = Response(
            advisor=event.advisor, text=event.text, channel=event.channel, at=event.at
        )
        self._put(
            self._consultations,
            consultation.id,
            attrs.evolve(consultation, responses=(*consultation.responses, response)),
        )

    def _apply_consultation_closed(self, event: ConsultationClosed) -> None:
        consultation = self._consultations[event.consultation]
        state = CONSULTATION.next_state(consultation.state, "close")
        self._put(
            self._consultations,
            consultation.id,
            attrs.evolve(consultation, state=state, closed_at=event.at, closed_by=event.by),
        )
        target = self._proposals[consultation.proposal]
        resumed = PROPOSAL.next_state(target.state, "resume")
        self._put(
            self._proposals, target.id, attrs.evolve(target, state=resumed, consultation=None)
        )

    def _apply_amended(self, event: CharterAmended) -> None:
        if event.version != self.charter.version + 1:
            raise IntegrityError(
                f"charter version {event.version} does not follow version {self.charter.version}"
            )
        proposal = self._proposals[event.proposal]
        if not isinstance(proposal.motion, Amend) or proposal.state != "agreed":
            raise IntegrityError(f"{event.proposal} is not an agreed Amend motion")
        self._set("_charter", event.charter)
        version = CharterVersion(
            version=event.version,
            charter=event.charter,
            effective_from=event.at,
            amended_by=event.proposal,
        )
        self._set("_history", [*self._history, version])

    def _apply_review_scheduled(self, event: ReviewScheduled) -> None:
        if event.review in self._reviews:
            raise IntegrityError(f"review {event.review} was scheduled twice")
        if self._current_review is not None:
            raise IntegrityError(f"review {self._current_review} is still open")
        review = Review(id=event.review, cycle=event.cycle, due=event.due, state=REVIEW.initial)
        self._put(self._reviews, event.review, review)
        self._set("_current_review", event.review)
        self._schedule(event.due, _REVIEW_DUE, event.review, event.at)

    def _apply_review_due(self, event: ReviewFellDue) -> None:
        review = self._reviews[event.review]
        state = REVIEW.next_state(review.state, "fall_due")
        self._put(self._reviews, review.id, attrs.evolve(review, state=state))
        grace = self.charter.review_grace_months
        self._schedule(review.due.add(months=grace), _REVIEW_OVERDUE, review.id, event.at)

    def _apply_review_overdue(self, event: ReviewBecameOverdue) -> None:
        review = self._reviews[event.review]
        REVIEW.next_state(review.state, "mark_overdue")
        self._put(self._reviews, review.id, attrs.evolve(review, overdue=True))

    def _apply_review_opened(self, event: ReviewOpened) -> None:
        review = self._reviews[event.review]
        state = REVIEW.next_state(review.state, "open")
        self._put(self._reviews, review.id, attrs.evolve(review, state=state, opened_at=event.at))

    def _apply_review_concluded(self, event: ReviewConcluded) -> None:
        review = self._reviews[event.review]
        state = REVIEW.next_state(review.state, "conclude")
        concluded = attrs.evolve(
            review,
            state=state,
            concluded_at=event.at,
            findings=event.findings,
            concluded_by=event.proposal,
        )
        self._put(self._reviews, review.id, concluded)
        self._set("_current_review", None)


def _lookup(
    table: dict[str, V], key: object, kind: str, by: object = None, action: str | None = None
) -> V:
    """``table[key]``, or an UnknownReference naming the latest few ids (never a scan)
    and, inside a command, who tried what."""
    try:
        return table[key]  # type: ignore[index]
    except (KeyError, TypeError):
        recent = list(itertools.islice(reversed(table), 8))[::-1]
        party = None if by is None else by if isinstance(by, str) else repr(by)
        raise UnknownReference(kind, key, recent, party=party, action=action) from None


def _review_id(cycle: int) -> str:
    return f"r-{cycle:04d}"


def _channel(value: object) -> Channel:
    if isinstance(value, Channel):
        return value
    if isinstance(value, str):
        try:
            return Channel(value)
        except ValueError:
            pass
    raise InvalidArgument(
        "channel", value, "a consensus.Channel or one of " + ", ".join(c.value for c in Channel)
    )


_MOTION_CLASSES: Final = frozenset(MOTION_TYPES.values())

_APPLY: Final[dict[type[Any], Callable[[Partnership, Any], None]]] = {
    PartnershipDrafted: Partnership._apply_drafted,
    CharterSigned: Partnership._apply_signed,
    PartnershipRatified: Partnership._apply_ratified,
    MotionProposed: Partnership._apply_proposed,
    ProposalTabled: Partnership._apply_tabled,
    PositionRecorded: Partnership._apply_position,
    ProposalWithdrawn: Partnership._apply_withdrawn,
    ProposalAgreed: Partnership._apply_concluded,
    ProposalNotAgreed: Partnership._apply_concluded,
    MemberAdmitted: Partnership._apply_admitted,
    MemberWithdrew: Partnership._apply_withdrew,
    ConsultationOpened: Partnership._apply_consultation_opened,
    ResponseReceived: Partnership._apply_response,
    ConsultationClosed: Partnership._apply_consultation_closed,
    CharterAmended: Partnership._apply_amended,
    ReviewScheduled: Partnership._apply_review_scheduled,
    ReviewFellDue: Partnership._apply_review_due,
    ReviewBecameOverdue: Partnership._apply_review_overdue,
    ReviewOpened: Partnership._apply_review_opened,
    ReviewConcluded: Partnership._apply_review_concluded,
}
assert set(_APPLY) == set(EVENT_TYPES.values()), "every event type needs an apply step"
