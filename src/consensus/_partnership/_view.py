"""The read-only query surface of a partnership.

:class:`PartnershipView` answers every question about a partnership and
offers no command. A motion's ``check(view)`` receives one, dated at the
instant the motion is proposed or concluded; :class:`~consensus.Partnership`
is a view that also takes commands; :meth:`PartnershipView.as_of` gives a
copy at a later instant, with what time does by then applied.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Mapping
from types import MappingProxyType

import pendulum

from .._charter import Charter
from .._clock import Clock, to_instant
from .._clock import instant_key as _key
from .._errors import ClockError, InvalidArgument
from .._events import EventLog
from .._records import (
    Adoption,
    CharterVersion,
    Consultation,
    Employer,
    Meeting,
    Membership,
    Milestone,
    Model,
    Nomination,
    Person,
    Proposal,
    Review,
)
from .._registry import Registry, decide
from .._rules import Ballot, DecisionRule, Outcome
from ._command import advance, lookup, when_text
from ._state import State

__all__ = ["PartnershipView", "ballot_for", "rule_for"]


def rule_for(s: State, proposal: Proposal) -> DecisionRule:
    """The rule the charter in force names for ``proposal``'s kind of motion."""
    return s.registry.rule(s.the_charter.rule_for(proposal.motion.KIND))


def ballot_for(s: State, proposal: Proposal) -> Ballot:
    """The ballot ``proposal`` is decided on now: the active members and their positions."""
    electorate = frozenset(s.active)
    parties = electorate | proposal.positions.keys()
    return Ballot(
        electorate=electorate,
        positions=proposal.positions,
        constituencies={p: s.members[p].party.constituency for p in parties if p in s.members},
        kind=proposal.motion.KIND,
    )


class PartnershipView:
    """A partnership's state, read-only: every query, no command.

    Examples:
        >>> import pendulum, consensus as cs
        >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
        >>> p = cs.Partnership.draft(charter, clock=cs.SimulatedClock(
        ...     pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")))
        >>> isinstance(p, cs.PartnershipView), p.state
        (True, 'forming')
    """

    __slots__ = ("_at", "_s")

    def __init__(self, state: State, at: pendulum.DateTime | None = None) -> None:
        self._s = state
        self._at = at

    def __eq__(self, other: object) -> bool:
        """Whether ``other`` holds the same state: every table and the same log.

        A view taken with :meth:`as_of` equals the partnership that would
        result from advancing (a copy of) this one to the same instant,
        whatever instant each was taken at.
        """
        if not isinstance(other, PartnershipView):
            return NotImplemented
        return self._s.comparable() == other._s.comparable()

    # Defining __eq__ leaves __hash__ None: a view is compared by value, never hashed.

    @property
    def at(self) -> pendulum.DateTime:
        """The instant this view shows (the latest event's, or the instant it was made for)."""
        return self._at if self._at is not None else self._s.events[-1].at

    def as_of(self, instant: _dt.datetime) -> PartnershipView:
        """Return a read-only view of the partnership as it stands at ``instant``.

        Every time-driven fact due by ``instant`` is applied to the view (a
        consultation closing at the end of its closing date, a review falling
        due or becoming overdue), exactly as :meth:`Partnership.advance
        <consensus.Partnership.advance>` would write it; nothing is written
        to this partnership's log and nothing in it changes. The view has
        every query and no command, and it is a copy: later commands never
        change it, and nothing done with it changes the partnership. It
        equals what the partnership would be after ``advance(to=instant)``.

        A dashboard shows the state *now* with ``p.as_of(clock.now())``
        without appending to the log; the time-driven facts are written by
        the next command or ``advance()``.

        Args:
            instant: an aware datetime, no earlier than the last event.

        Returns:
            A :class:`PartnershipView` whose :attr:`at` is ``instant``, in
            the charter's time zone.

        Raises:
            ClockError: ``instant`` is naive, or earlier than the last event.
            InvalidArgument: ``instant`` is not a datetime.

        Examples:
            >>> import pendulum, consensus as cs
            >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
            >>> clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
            >>> p = cs.Partnership.draft(charter, clock=clock)
            >>> for party in charter.signatories:
            ...     p.sign(by=party.id)
            >>> later = p.as_of(pendulum.datetime(2025, 9, 3, tz="Europe/London"))
            >>> later.current_review.state, p.current_review.state
            ('due', 'scheduled')
            >>> len(later.events) - len(p.events), later.events[-1].TYPE
            (1, 'review.fallen_due')
            >>> p.as_of(pendulum.datetime(2024, 9, 1, tz="Europe/London"))
            Traceback (most recent call last):
              ...
            consensus.ClockError: cannot view the partnership as of 2024-09-01 00:00 BST: that is earlier than its last event (review.scheduled at 2024-09-02 10:00 BST); a view shows the partnership at or after its last event (to see it earlier, replay the log up to that instant).
        """
        when = to_instant(instant, self._s.the_charter.timezone, argument="instant")
        last = self._s.events[-1]
        if _key(when) < _key(last.at):
            raise ClockError(
                f"cannot view the partnership as of {when_text(when)}: that is earlier than "
                f"its last event ({last.TYPE} at {when_text(last.at)}); a view shows the "
                "partnership at or after its last event (to see it earlier, replay the log "
                "up to that instant)."
            )
        fork = self._s.fork()
        advance(fork, to=when)
        return PartnershipView(fork, at=when)

    @property
    def registry(self) -> Registry:
        """The rules and motion kinds this partnership knows."""
        return self._s.registry

    @property
    def clock(self) -> Clock:
        """The clock that ``at=`` defaults to."""
        return self._s.clock

    @property
    def state(self) -> str:
        """``"forming"`` until every signatory signed, then ``"active"``, finally ``"dissolved"``."""
        return self._s.lifecycle

    @property
    def charter(self) -> Charter:
        """The charter in force now (the draft before ratification)."""
        return self._s.the_charter

    @property
    def charter_history(self) -> tuple[CharterVersion, ...]:
        """Every version of the charter that has been in force, oldest first."""
        return self._s.history

    def charter_at(self, instant: _dt.datetime) -> CharterVersion:
        """Return the charter version in force at ``instant``.

        Raises:
            ClockError: ``instant`` is naive or before ratification.
            InvalidArgument: ``instant`` is not a datetime.
        """
        when = to_instant(instant, argument="instant")
        history = self._s.history
        starts = [_key(version.effective_from) for version in history]
        index = bisect.bisect_right(starts, _key(when)) - 1
        if index < 0:
            ratified = (
                "it is not ratified yet"
                if not history
                else f"it was ratified at {history[0].effective_from.isoformat()}"
            )
            raise ClockError(f"no charter was in force at {when.isoformat()}: {ratified}.")
        return history[index]

    @property
    def ratified_at(self) -> pendulum.DateTime | None:
        """When the last signatory signed, or ``None`` while forming."""
        return self._s.ratified_at

    @property
    def dissolved_at(self) -> pendulum.DateTime | None:
        """When the partnership was dissolved, or ``None`` while it is not."""
        return self._s.dissolved.at if self._s.dissolved is not None else None

    @property
    def events(self) -> EventLog:
        """Every event so far, in order, as an immutable snapshot of the log (cheap to take)."""
        return EventLog._view(self._s.events)

    @property
    def last_event_at(self) -> pendulum.DateTime:
        """The instant of the latest event; no command may be dated earlier."""
        return self._s.events[-1].at

    @property
    def active_members(self) -> frozenset[str]:
        """The ids of the active members, who are the electorate of every decision now."""
        return frozenset(self._s.active)

    @property
    def memberships(self) -> Mapping[str, Membership]:
        """Every membership by party id, current and former (read-only)."""
        return MappingProxyType(self._s.members)

    def membership(self, party: str) -> Membership:
        """Return ``party``'s membership.

        Raises:
            UnknownReference: ``party`` has never been a member or a signatory.
        """
        return lookup(self._s.members, party, "member")

    @property
    def members_by_constituency(self) -> Mapping[str, tuple[str, ...]]:
        """The members of :attr:`active_members`, grouped by constituency, ids sorted (read-only).

        Every constituency of the charter is a key, in charter order, even
        one with no active member (then an empty tuple: while a required one
        is empty, nothing but an admission into it, or an amendment of the
        required constituencies, can be agreed).

        Examples:
            >>> import pendulum, consensus as cs
            >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
            >>> p = cs.Partnership.draft(charter, clock=cs.SimulatedClock(
            ...     pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")))
            >>> for party in charter.signatories:
            ...     p.sign(by=party.id)
            >>> _ = p.withdraw(by="gmb")
            >>> dict(p.members_by_constituency)  # doctest: +NORMALIZE_WHITESPACE
            {'government': ('welsh-government',), 'workers': ('rcn', 'unison'),
             'employers': ('care-forum-wales', 'national-provider-forum', 'wlga')}
        """
        s = self._s
        grouped: dict[str, list[str]] = {c: [] for c in s.the_charter.constituency_ids}
        for party in sorted(s.active):
            grouped.setdefault(s.members[party].party.constituency, []).append(party)
        return MappingProxyType({c: tuple(parties) for c, parties in grouped.items()})

    @property
    def proposals(self) -> Mapping[str, Proposal]:
        """Every proposal by id, in the order proposed (read-only)."""
        return MappingProxyType(self._s.proposals)

    def proposal(self, pid: str) -> Proposal:
        """Return the proposal ``pid``.

        Raises:
            UnknownReference: no such proposal.
        """
        return lookup(self._s.proposals, pid, "proposal")

    def awaiting_positions(self, pid: str) -> tuple[str, ...]:
        """The active members who have still to state a position on ``pid``, ids sorted.

        Until the proposal is concluded or withdrawn, every active member
        without a position on it, whether it is a draft, deliberating or
        under consultation; afterwards nobody (a concluded proposal takes no
        more positions), nor once the partnership is dissolved. These are
        the members :class:`~consensus.DecisionPending` names when the
        missing positions could still change the outcome.

        Raises:
            UnknownReference: no such proposal.

        Examples:
            >>> import pendulum, consensus as cs
            >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
            >>> p = cs.Partnership.draft(charter, clock=cs.SimulatedClock(
            ...     pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")))
            >>> for party in charter.signatories:
            ...     p.sign(by=party.id)
            >>> pid = p.propose(cs.Resolution(title="Model induction policy", text="..."), by="unison")
            >>> p.table(pid, by="welsh-government")
            >>> for party in ("unison", "gmb", "rcn", "welsh-government"):
            ...     p.record_position(pid, cs.Position.AGREE, by=party)
            >>> p.awaiting_positions(pid)
            ('care-forum-wales', 'national-provider-forum', 'wlga')
        """
        proposal = self.proposal(pid)
        if proposal.is_concluded or self._s.lifecycle != "active":
            return ()
        return tuple(sorted(party for party in self._s.active if party not in proposal.positions))

    @property
    def consultations(self) -> Mapping[str, Consultation]:
        """Every consultation by id (the id of the Consult proposal that opened it)."""
        return MappingProxyType(self._s.consultations)

    def consultation(self, cid: str) -> Consultation:
        """Return the consultation opened by the agreed Consult proposal ``cid``.

        Raises:
            UnknownReference: no consultation was opened by that proposal.
        """
        return lookup(self._s.consultations, cid, "consultation")

    @property
    def open_consultations(self) -> Mapping[str, pendulum.Date]:
        """Each open consultation's id and its closing date, soonest first (read-only).

        The closing date is the one the partners chose (see
        :meth:`closing_date`). On a partnership, a consultation stays open
        past its closing instant until the next command or ``advance()``
        writes its closing; a view from :meth:`as_of` shows it closed.

        Examples:
            >>> import pendulum, consensus as cs
            >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
            >>> clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
            >>> p = cs.Partnership.draft(charter, clock=clock)
            >>> for party in charter.signatories:
            ...     p.sign(by=party.id)
            >>> policy = p.propose(cs.Resolution(title="Model policy", text="..."), by="gmb")
            >>> p.table(policy, by="welsh-government")
            >>> ask = p.propose(cs.Consult(proposal=policy, advisors=("tuc",), question="Workable?",
            ...                            closes=pendulum.date(2024, 10, 25)), by="gmb")
            >>> p.table(ask, by="welsh-government")
            >>> for party in sorted(p.active_members):
            ...     p.record_position(ask, cs.Position.AGREE, by=party)
            >>> _ = p.conclude(ask, by="welsh-government")
            >>> {cid: day.isoformat() for cid, day in p.open_consultations.items()}
            {'p-0002': '2024-10-25'}
            >>> dict(p.as_of(pendulum.datetime(2024, 10, 26, 9, tz="Europe/London")).open_consultations)
            {}
        """
        s = self._s
        still_open = sorted(
            (c for c in s.consultations.values() if c.state == "open"),
            key=lambda c: (_key(c.closes_at), c.id),
        )
        return MappingProxyType({c.id: self.closing_date(c.id) for c in still_open})

    def closing_date(self, cid: str) -> pendulum.Date:
        """The date consultation ``cid`` closes on, as the partners chose it in the Consult motion.

        Responses are accepted to the end of that day in the charter's time
        zone: :attr:`Consultation.closes_at <consensus.Consultation.closes_at>`
        is local midnight *after* it, so its own calendar date is the next
        day. The date stays the one chosen when the chair closes it early
        (``closed_at`` says when it closed).

        Raises:
            UnknownReference: no consultation was opened by that proposal.

        Examples:
            >>> import pendulum, consensus as cs
            >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
            >>> clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
            >>> p = cs.Partnership.draft(charter, clock=clock)
            >>> for party in charter.signatories:
            ...     p.sign(by=party.id)
            >>> policy = p.propose(cs.Resolution(title="Model policy", text="..."), by="gmb")
            >>> p.table(policy, by="welsh-government")
            >>> ask = p.propose(cs.Consult(proposal=policy, advisors=("tuc",), question="Workable?",
            ...                            closes=pendulum.date(2024, 10, 27)), by="gmb")
            >>> p.table(ask, by="welsh-government")
            >>> for party in sorted(p.active_members):
            ...     p.record_position(ask, cs.Position.AGREE, by=party)
            >>> _ = p.conclude(ask, by="welsh-government")
            >>> p.closing_date(ask), p.consultation(ask).closes_at.isoformat()
            (Date(2024, 10, 27), '2024-10-28T00:00:00+00:00')
        """
        closes_at = self.consultation(cid).closes_at
        local = closes_at.in_timezone(self._s.the_charter.timezone)
        return local.date().subtract(days=1)

    @property
    def reviews(self) -> tuple[Review, ...]:
        """Every review cycle so far, oldest first."""
        return tuple(self._s.reviews.values())

    def review(self, rid: str) -> Review:
        """Return the review cycle ``rid`` (``"r-0001"`` is the first).

        Raises:
            UnknownReference: no such review.
        """
        return lookup(self._s.reviews, rid, "review")

    @property
    def current_review(self) -> Review | None:
        """The open review cycle (scheduled, due or in progress); ``None`` while forming."""
        current = self._s.current_review
        return self._s.reviews[current] if current else None

    @property
    def next_review_due(self) -> pendulum.DateTime | None:
        """When the open review cycle is (or was) due; ``None`` while forming."""
        current = self.current_review
        return current.due if current else None

    @property
    def people(self) -> Mapping[str, Person]:
        """Every person ever nominated, by id (read-only), whether or not still nominated."""
        return MappingProxyType(self._s.people)

    def nominations(self, party: str) -> tuple[Nomination, ...]:
        """The nominations ``party`` holds now: its representative first, then deputies.

        An unknown party simply has none.

        Raises:
            InvalidArgument: ``party`` is not text.
        """
        if type(party) is not str:
            raise InvalidArgument("party", party, "a party id (text)")
        held = [n for n in self._s.nominations.values() if n.party == party]
        return tuple(sorted(held, key=lambda n: (n.role != "representative", _key(n.since))))

    @property
    def meetings(self) -> Mapping[str, Meeting]:
        """Every meeting by id, in the order convened (read-only)."""
        return MappingProxyType(self._s.meetings)

    def meeting(self, mid: str) -> Meeting:
        """Return the meeting ``mid`` (``"m-0001"`` is the first).

        Raises:
            UnknownReference: no such meeting.
        """
        return lookup(self._s.meetings, mid, "meeting")

    # -- the work programme (clauses 2-3, 5.1, Annex A)

    @property
    def models(self) -> Mapping[str, Model]:
        """Every model policy by id (the id of its AdoptModel proposal), in force or rescinded."""
        return MappingProxyType(self._s.models)

    def model(self, model_id: str) -> Model:
        """Return the model policy ``model_id``.

        Raises:
            UnknownReference: no model was adopted by that proposal.
        """
        return lookup(self._s.models, model_id, "model policy")

    def adoptions(self, model_id: str) -> tuple[Adoption, ...]:
        """The adoptions of model ``model_id`` that stand now, in the order first recorded.

        Each names the version in force when it was recorded (recording again
        for the same employer replaces its adoption, in its place); a
        withdrawn adoption is no longer listed (its record stays in the log).

        Raises:
            UnknownReference: no such model.
        """
        model = self.model(model_id)
        return tuple(a for (m, _), a in self._s.adoptions.items() if m == model.id)

    @property
    def employers(self) -> Mapping[str, Employer]:
        """Every employer an adoption was ever recorded for, by id (read-only)."""
        return MappingProxyType(self._s.employers)

    @property
    def milestones(self) -> Mapping[str, Milestone]:
        """Every milestone by id (the id of its SetMilestone proposal), in the order set."""
        return MappingProxyType(self._s.milestones)

    def milestone(self, milestone_id: str) -> Milestone:
        """Return the milestone ``milestone_id``.

        Raises:
            UnknownReference: no milestone was set by that proposal.
        """
        return lookup(self._s.milestones, milestone_id, "milestone")

    def tally(self, pid: str) -> Outcome:
        """What the charter's rule makes of ``pid``'s positions now, without concluding.

        Raises:
            UnknownReference: no such proposal.
        """
        proposal = self.proposal(pid)
        if proposal.outcome is not None:
            return proposal.outcome
        return decide(rule_for(self._s, proposal), ballot_for(self._s, proposal))

    def __repr__(self) -> str:
        s = self._s
        title = s.charter.title if s.charter else "?"
        as_of = f" as of {when_text(self._at)}" if self._at is not None else ""
        return (
            f"<{type(self).__name__} {title!r} {s.lifecycle}{as_of}, "
            f"{len(s.active)} active members, "
            f"{len(s.proposals)} proposals, {len(s.events)} events>"
        )
