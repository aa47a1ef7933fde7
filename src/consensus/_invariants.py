"""The numbered invariants of DESIGN.md, checked against a partnership and its log.

:func:`check_invariants` returns the violations it finds (``[]`` when every
invariant holds). Each check reads the current state and walks the log once;
none of them trusts the partnership's own bookkeeping where the log can be
read instead. Invariant 10 (a rejected command changes nothing) is about a
call, not a state: :func:`consensus.testing.assert_rejected` checks it.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import zoneinfo
from collections.abc import Callable, Iterator
from typing import Final, final

import attrs

from ._clock import instant_key as _key
from ._codec import events_from_jsonl, events_to_jsonl
from ._errors import ConsensusError, InvalidArgument, safe_repr
from ._events import (
    AdoptionRecorded,
    AdoptionWithdrawn,
    ApologiesSent,
    AttendanceRecorded,
    CharterAmended,
    CharterSigned,
    ConsultationClosed,
    ConsultationOpened,
    MeetingCancelled,
    MeetingClosed,
    MeetingConvened,
    MeetingOpened,
    MemberAdmitted,
    MemberWithdrawn,
    MilestoneBecameOverdue,
    MilestoneDropped,
    MilestoneMet,
    MilestoneSet,
    ModelAdopted,
    ModelRescinded,
    ModelReviewFellDue,
    ModelRevised,
    MotionProposed,
    NominationWithdrawn,
    PartnershipDissolved,
    PartnershipDrafted,
    PartnershipRatified,
    PersonNominated,
    PositionRecorded,
    ProgressReported,
    ProposalAgreed,
    ProposalNotAgreed,
    ProposalTabled,
    ProposalWithdrawn,
    ResponseReceived,
    ReviewConcluded,
    ReviewScheduled,
)
from ._motions import (
    Admit,
    AdoptModel,
    Amend,
    Consult,
    DropMilestone,
    RescindModel,
    ReviseModel,
    SetMilestone,
    amended_charter,
)
from ._partnership import Partnership, review_due
from ._registry import decide
from ._rules import Ballot, Outcome, Position

__all__ = ["INVARIANTS", "Violation", "check_invariants"]


@final
@attrs.frozen(kw_only=True)
class Violation:
    """One broken invariant: its number, its name and what was found.

    Examples:
        >>> print(Violation(invariant=9, name="time", detail="event #4 is earlier than event #3"))
        invariant 9 (time): event #4 is earlier than event #3
    """

    invariant: int
    name: str
    detail: str

    def __str__(self) -> str:
        return f"invariant {self.invariant} ({self.name}): {self.detail}"


def _constituencies_at_conclusion(p: Partnership) -> dict[str, dict[str, str]]:
    """Each concluded proposal's parties and their constituencies, read from the log."""
    drafted = p.events[0]
    assert isinstance(drafted, PartnershipDrafted)
    constituency = {party.id: party.constituency for party in drafted.charter.signatories}
    found: dict[str, dict[str, str]] = {}
    for event in p.events:
        if isinstance(event, MemberAdmitted):
            constituency[event.party.id] = event.party.constituency
        elif isinstance(event, ProposalAgreed | ProposalNotAgreed):
            found[event.proposal] = dict(constituency)
    return found


def _ballot(p: Partnership, proposal_id: str, constituencies: dict[str, str]) -> Ballot:
    proposal = p.proposal(proposal_id)
    assert proposal.electorate is not None
    parties = proposal.electorate | proposal.positions.keys()
    return Ballot(
        electorate=proposal.electorate,
        positions=proposal.positions,
        constituencies={
            party: constituencies[party] for party in parties if party in constituencies
        },
        kind=proposal.motion.KIND,
    )


def _unanimity(p: Partnership) -> Iterator[str]:
    constituencies = _constituencies_at_conclusion(p)
    for proposal in p.proposals.values():
        if proposal.state != "agreed":
            continue
        if proposal.electorate is None or proposal.rule is None:
            yield f"{proposal.id} is agreed but records no electorate or rule"
            continue
        ballot = _ballot(p, proposal.id, constituencies.get(proposal.id, {}))
        try:
            outcome = decide(p.registry.rule(proposal.rule), ballot)
        except ConsensusError as err:
            yield f"{proposal.id} is agreed under {proposal.rule}, which cannot decide: {err}"
            continue
        if outcome is not Outcome.AGREED:
            yield f"{proposal.id} is agreed, but {proposal.rule} finds it {outcome.value}"
        if proposal.rule == "unanimity":
            holdouts = sorted(
                party
                for party in proposal.electorate
                if proposal.positions.get(party) is not Position.AGREE
            )
            if holdouts:
                yield f"{proposal.id} is agreed under unanimity without AGREE from {', '.join(holdouts)}"
    yield from _rule_in_force(p)


def _rule_in_force(p: Partnership) -> Iterator[str]:
    charter = None
    kinds: dict[str, str] = {}
    for seq, event in enumerate(p.events):
        if isinstance(event, PartnershipDrafted | CharterAmended):
            charter = event.charter
        elif isinstance(event, MotionProposed):
            kinds[event.proposal] = event.motion.KIND
        elif isinstance(event, ProposalAgreed | ProposalNotAgreed) and charter is not None:
            named = charter.rule_for(kinds.get(event.proposal, ""))
            if event.rule != named:
                yield f"event #{seq}: {event.proposal} was decided by {event.rule}, but the charter then in force names {named}"


def _electorate(p: Partnership) -> Iterator[str]:
    active: set[str] = set()
    for seq, event in enumerate(p.events):
        if isinstance(event, CharterSigned | MemberAdmitted):
            active.add(event.party if isinstance(event, CharterSigned) else event.party.id)
        elif isinstance(event, MemberWithdrawn):
            active.discard(event.party)
        elif isinstance(event, PositionRecorded) and event.party not in active:
            yield f"event #{seq}: {event.party} recorded a position while not an active member"
        elif isinstance(event, ProposalAgreed | ProposalNotAgreed) and event.electorate != active:
            yield f"event #{seq}: {event.proposal} was decided by {sorted(event.electorate)}, not the active members {sorted(active)}"
    constituencies = _constituencies_at_conclusion(p)
    for proposal in p.proposals.values():
        if proposal.electorate is None or proposal.rule is None:
            continue
        ballot = _ballot(p, proposal.id, constituencies.get(proposal.id, {}))
        counted = attrs.evolve(
            ballot,
            positions=ballot.counted(),
            constituencies={
                k: v for k, v in ballot.constituencies.items() if k in ballot.electorate
            },
        )
        try:
            rule = p.registry.rule(proposal.rule)
            as_recorded, as_counted = decide(rule, ballot), decide(rule, counted)
        except ConsensusError as err:
            yield f"{proposal.id}: its rule {proposal.rule} cannot decide: {err}"
            continue
        if as_recorded != as_counted:
            yield f"{proposal.id}: positions from outside the electorate changed the outcome"
        if as_counted is not proposal.outcome:
            yield f"{proposal.id}: recorded outcome {proposal.outcome} is not what {rule.name} finds"


def _finality(p: Partnership) -> Iterator[str]:
    final_at: dict[str, int] = {}
    for seq, event in enumerate(p.events):
        proposal = getattr(event, "proposal", None)
        touches = isinstance(
            event,
            ProposalTabled
            | PositionRecorded
            | ProposalWithdrawn
            | ProposalAgreed
            | ProposalNotAgreed,
        )
        if isinstance(event, ConsultationOpened):
            touches, proposal = True, event.proposal
        if touches and proposal in final_at:
            yield f"event #{seq} ({event.TYPE}) changes {proposal}, final since event #{final_at[proposal]}"
        if isinstance(event, ProposalWithdrawn | ProposalAgreed | ProposalNotAgreed):
            final_at.setdefault(event.proposal, seq)


def _consultation(p: Partnership) -> Iterator[str]:
    motions: dict[str, object] = {}
    agreed: set[str] = set()
    invited: dict[str, tuple[str, ...]] = {}
    closes: dict[str, _dt.datetime] = {}
    closed: set[str] = set()
    for seq, event in enumerate(p.events):
        if isinstance(event, MotionProposed):
            motions[event.proposal] = event.motion
        elif isinstance(event, ProposalAgreed):
            agreed.add(event.proposal)
        elif isinstance(event, ConsultationOpened):
            motion = motions.get(event.consultation)
            if event.consultation not in agreed or not isinstance(motion, Consult):
                yield f"event #{seq}: consultation {event.consultation} has no agreed Consult motion"
            elif motion.proposal != event.proposal or motion.advisors != event.advisors:
                yield f"event #{seq}: consultation {event.consultation} differs from its Consult motion"
            invited[event.consultation] = event.advisors
            closes[event.consultation] = event.closes_at
        elif isinstance(event, ResponseReceived):
            if event.advisor not in invited.get(event.consultation, ()):
                yield f"event #{seq}: {event.advisor} responded to {event.consultation} uninvited"
            closing = closes.get(event.consultation)
            if event.consultation in closed or (
                closing is not None and _key(event.at) >= _key(closing)
            ):
                yield f"event #{seq}: {event.advisor} responded to {event.consultation} after it closed"
        elif isinstance(event, ConsultationClosed):
            closed.add(event.consultation)
            closing = closes.get(event.consultation)
            if closing is None:
                yield f"event #{seq}: {event.consultation} closed without being opened"
            elif _key(event.at) > _key(closing):
                yield f"event #{seq}: {event.consultation} closed after its closing instant"
    for cid, consultation in p.consultations.items():
        if consultation.state == "open" and _key(p.last_event_at) >= _key(consultation.closes_at):
            yield f"consultation {cid} is still open after its closing instant"


def _charter_history(p: Partnership) -> Iterator[str]:
    history = p.charter_history
    for index, version in enumerate(history, start=1):
        if version.version != index or version.charter.version != index:
            yield f"charter version {version.version} stands at position {index}"
    if history and history[-1].charter != p.charter:
        yield "the charter in force is not the latest version"
    for earlier, later in itertools.pairwise(history):
        if _key(later.effective_from) < _key(earlier.effective_from):
            yield f"version {later.version} took effect before version {earlier.version}"
    sources: dict[str, int] = {}
    conclusions: dict[str, _dt.datetime] = {}
    motions: dict[str, object] = {}
    ever_members: dict[str, frozenset[str]] = {}  # the parties known when each was agreed
    known = {party.id for party in p.events[0].charter.signatories}  # type: ignore[union-attr]
    for event in p.events:
        if isinstance(event, MotionProposed):
            motions[event.proposal] = event.motion
        elif isinstance(event, MemberAdmitted):
            known.add(event.party.id)
        elif isinstance(event, ProposalAgreed):
            conclusions[event.proposal] = event.at
            ever_members[event.proposal] = frozenset(known)
        elif isinstance(event, CharterAmended):
            sources[event.proposal] = sources.get(event.proposal, 0) + 1
    for position, version in enumerate(history[1:], start=2):
        pid = version.amended_by
        if pid is None or not isinstance(motions.get(pid), Amend):
            yield f"version {version.version} does not come from an Amend motion"
        elif sources.get(pid) != 1:
            yield f"{pid} made {sources.get(pid, 0)} charter versions"
        elif _key(conclusions.get(pid)) != _key(version.effective_from):
            yield f"version {version.version} took effect at {version.effective_from}, not when {pid} was agreed"
        else:
            previous = history[position - 2].charter
            motion = motions[pid]
            assert isinstance(motion, Amend)
            try:
                expected = amended_charter(
                    previous, motion, member_ids=ever_members.get(pid, ()), registry=p.registry
                )
            except ConsensusError as err:
                yield f"version {version.version} comes from {pid}, which cannot apply to version {previous.version}: {err}"
                continue
            if expected != version.charter:
                yield f"version {version.version} is not what {pid} makes of version {previous.version}"


def _review_cadence(p: Partnership) -> Iterator[str]:
    if p.state == "forming":
        if p.reviews:
            yield "a review exists before ratification"
        return
    open_cycles = [review.id for review in p.reviews if review.is_open]
    if p.state == "active" and len(open_cycles) != 1:
        yield f"{len(open_cycles)} open review cycles ({', '.join(open_cycles)}), not exactly one"
    for index, review in enumerate(p.reviews, start=1):
        if review.cycle != index:
            yield f"review {review.id} is cycle {review.cycle}, expected {index}"
    # Each cycle falls due one period after the previous one, counted from an
    # anchor: ratification, or the due date of the review open when an
    # amendment changed the period.
    anchor: tuple[_dt.datetime, int] | None = None
    period = p.events[0].charter.review_period_months  # type: ignore[union-attr]
    dues: dict[str, _dt.datetime] = {}
    cycles: dict[str, int] = {}
    concluded: set[str] = set()
    scheduled = {event.cycle for event in p.events if isinstance(event, ReviewScheduled)}
    previous = None
    for seq, event in enumerate(p.events):
        if isinstance(event, PartnershipRatified):
            anchor = (event.at, 0)
        elif isinstance(event, CharterAmended):
            if event.charter.review_period_months != period:
                open_now = [r for r in dues if r not in concluded]
                if open_now:
                    anchor = (dues[open_now[-1]], cycles[open_now[-1]])
                period = event.charter.review_period_months
        elif isinstance(event, ReviewScheduled):
            if anchor is None:
                yield f"event #{seq}: review {event.review} was scheduled before ratification"
                continue
            start, counted = anchor
            expected = review_due(start, event.cycle - counted, period)  # type: ignore[arg-type]
            if _key(event.due) != _key(expected):
                yield f"review {event.review} is due {event.due}, expected {expected}"
            if previous is not None and _key(event.due) <= _key(previous):
                yield f"review {event.review} is due no later than the review before it"
            previous = event.due
            dues[event.review], cycles[event.review] = event.due, event.cycle
        elif isinstance(event, ReviewConcluded):
            concluded.add(event.review)
            if p.review(event.review).cycle + 1 not in scheduled:
                yield f"concluding {event.review} scheduled no next review"
    for review in p.reviews:
        if review.id in dues and _key(review.due) != _key(dues[review.id]):
            yield f"review {review.id} is due {review.due}, but its log says {dues[review.id]}"


def _membership(p: Partnership) -> Iterator[str]:
    drafted = p.events[0]
    assert isinstance(drafted, PartnershipDrafted)
    founding = {party.id for party in drafted.charter.signatories}
    constituency = {party.id: party.constituency for party in drafted.charter.signatories}
    required = drafted.charter.required_constituencies
    state: dict[str, str] = {}
    admitted: set[str] = set()
    motions: dict[str, object] = {}
    agreed: set[str] = set()
    dissolved_at: int | None = None
    for seq, event in enumerate(p.events):
        if dissolved_at is not None:
            yield f"event #{seq} ({event.TYPE}) follows the dissolution at event #{dissolved_at}"
        actor = getattr(event, "by", None)
        if isinstance(event, PositionRecorded | MemberWithdrawn):
            actor = event.party
        if actor is not None and state.get(actor) != "active":
            yield f"event #{seq}: {actor} acted ({event.TYPE}) while not an active member"
        if isinstance(event, MotionProposed):
            motions[event.proposal] = event.motion
        elif isinstance(event, CharterAmended):
            required = event.charter.required_constituencies
        elif isinstance(event, CharterSigned):
            if event.party not in founding:
                yield f"event #{seq}: {event.party} signed but is not a founding signatory"
            state[event.party] = "active"
        elif isinstance(event, MemberAdmitted):
            motion = motions.get(event.proposal)
            if not (
                isinstance(motion, Admit)
                and event.proposal in agreed
                and motion.party == event.party
            ):
                yield f"event #{seq}: {event.party.id} was admitted without an agreed Admit of that party ({event.proposal})"
            admitted.add(event.party.id)
            constituency[event.party.id] = event.party.constituency
            state[event.party.id] = "active"
        elif isinstance(event, MemberWithdrawn):
            state[event.party] = "withdrawn"
        elif isinstance(event, PartnershipDissolved):
            dissolved_at = seq
        elif isinstance(event, ProposalAgreed):
            agreed.add(event.proposal)
            represented = {
                constituency[party]
                for party, s in state.items()
                if s == "active" and party in constituency  # an unknown signer is named above
            }
            missing = sorted(set(required) - represented)
            motion = motions.get(event.proposal)
            # The ways back to a quorum (invariant 14): admitting a party into
            # an empty constituency, or amending which constituencies are required.
            refills = isinstance(motion, Admit) and motion.party.constituency in missing
            requalifies = (
                isinstance(motion, Amend)
                and motion.required_constituencies is not None
                and not set(motion.required_constituencies) & set(missing)
                and not any(
                    getattr(motion, name)
                    for name in ("clauses", "headings", "add_advisors", "remove_advisors")
                )
                and (motion.rule, motion.chair, motion.review_period_months, motion.scope)
                == (None,) * 4
            )
            if missing and not (refills or requalifies):
                for name in missing:
                    yield f"event #{seq}: {event.proposal} was agreed while {name} had no active member"
    for party, membership in p.memberships.items():
        if membership.state != state.get(party, "pending"):
            yield f"{party} is {membership.state}, but its log says {state.get(party, 'pending')}"
        if membership.state == "active" and party not in founding and party not in admitted:
            yield f"{party} is active without an agreed Admit"
        if membership.is_active != (party in p.active_members):
            yield f"{party} is {membership.state} but active_members says otherwise"
    if (dissolved_at is not None) != (p.state == "dissolved"):
        yield f"the partnership is {p.state}, but its log {'does' if dissolved_at is not None else 'does not'} record a dissolution"


@attrs.define
class _Sitting:
    """A meeting as the log tells it (invariant 11's own bookkeeping)."""

    state: str
    starts: _dt.datetime
    agenda: tuple[str, ...]
    present: dict[str, str] = attrs.field(factory=dict)
    apologies: list[str] = attrs.field(factory=list)
    opened: _dt.datetime | None = None


def _meetings(p: Partnership) -> Iterator[str]:
    """Invariant 11, read from the log alone: who sat, who spoke, and quorum at each conclusion."""
    drafted = p.events[0]
    assert isinstance(drafted, PartnershipDrafted)
    charter = drafted.charter
    side = {party.id: party.constituency for party in charter.signatories}
    active: set[str] = set()
    nominated: dict[str, tuple[str, str, _dt.datetime]] = {}  # person -> party, role, since
    meetings: dict[str, _Sitting] = {}
    sitting: str | None = None
    proposals: set[str] = set()
    concluded: set[str] = set()

    def on_agenda(pid: str) -> _Sitting | None:
        if sitting is None or pid not in meetings[sitting].agenda:
            return None
        return meetings[sitting]

    for seq, event in enumerate(p.events):
        if isinstance(event, CharterSigned):
            active.add(event.party)
        elif isinstance(event, MemberAdmitted):
            active.add(event.party.id)
            side[event.party.id] = event.party.constituency
        elif isinstance(event, MemberWithdrawn):
            active.discard(event.party)
        elif isinstance(event, CharterAmended):
            charter = event.charter
        elif isinstance(event, MotionProposed):
            proposals.add(event.proposal)
        elif isinstance(event, ProposalWithdrawn):
            concluded.add(event.proposal)
        elif isinstance(event, PersonNominated):
            holder = nominated.get(event.person.id)
            if holder is not None and holder[0] != event.party:
                yield f"event #{seq}: {event.person.id} sits for {holder[0]} and {event.party}"
            if event.role == "representative":
                others = [
                    person
                    for person, (party, role, _) in nominated.items()
                    if party == event.party and role == "representative"
                ]
                if set(others) - {event.person.id}:
                    yield f"event #{seq}: {event.party} has two representatives"
            nominated[event.person.id] = (event.party, event.role, event.at)
        elif isinstance(event, NominationWithdrawn):
            if nominated.get(event.person, ("",))[0] != event.party:
                yield f"event #{seq}: {event.party} withdrew a nomination of {event.person} it did not hold"
            nominated.pop(event.person, None)
        elif isinstance(event, MeetingConvened):
            if event.meeting in meetings:
                yield f"event #{seq}: meeting {event.meeting} was convened twice"
            if _key(event.starts) < _key(event.at):
                yield f"event #{seq}: meeting {event.meeting} was convened to start in the past"
            for pid in event.agenda:
                if pid not in proposals or pid in concluded:
                    yield f"event #{seq}: {pid} on the agenda of {event.meeting} is unknown or concluded"
            meetings[event.meeting] = _Sitting(
                state="convened", starts=event.starts, agenda=event.agenda
            )
        elif isinstance(event, ApologiesSent | AttendanceRecorded):
            meeting = meetings.get(event.meeting)
            if meeting is None or meeting.state not in ("convened", "in_session"):
                yield f"event #{seq}: {event.TYPE} for {event.meeting}, which is not convened or in session"
                continue
            if event.party not in active:
                yield f"event #{seq}: {event.party} is not an active member"
            if isinstance(event, ApologiesSent):
                meeting.apologies.append(event.party)
                continue
            holder = nominated.get(event.person)
            if holder is None or holder[0] != event.party:
                yield f"event #{seq}: {event.person} sat for {event.party} without its nomination"
            elif (
                holder[1] == "deputy"
                and meeting.opened is not None
                and _key(holder[2]) >= _key(meeting.opened)
            ):
                yield f"event #{seq}: deputy {event.person} was nominated after {event.meeting} opened"
            if event.party in meeting.present:
                yield f"event #{seq}: a second person sat for {event.party} at {event.meeting}"
            if _key(event.at) < _key(meeting.starts):
                yield f"event #{seq}: {event.party} attended {event.meeting} before it started"
            meeting.present[event.party] = event.person
            meeting.apologies = [a for a in meeting.apologies if a != event.party]
        elif isinstance(event, MeetingOpened | MeetingClosed | MeetingCancelled):
            meeting = meetings.get(event.meeting)
            before, after = {
                MeetingOpened: ("convened", "in_session"),
                MeetingClosed: ("in_session", "closed"),
                MeetingCancelled: ("convened", "cancelled"),
            }[type(event)]
            if meeting is None or meeting.state != before:
                yield f"event #{seq}: {event.TYPE} for {event.meeting}, which is not {before}"
                continue
            if isinstance(event, MeetingOpened):
                if sitting is not None:
                    yield f"event #{seq}: {event.meeting} opened while {sitting} was in session"
                if _key(event.at) < _key(meeting.starts):
                    yield f"event #{seq}: {event.meeting} opened before it started"
                meeting.opened, sitting = event.at, event.meeting
            elif isinstance(event, MeetingClosed):
                sitting = None
            meeting.state = after
        elif isinstance(event, PositionRecorded):
            meeting = on_agenda(event.proposal)
            if meeting is not None and event.party not in meeting.present:
                yield f"event #{seq}: {event.party} took a position on {event.proposal} in session without being present"
            if meeting is None and not charter.between_meetings:
                yield f"event #{seq}: {event.party} took a position on {event.proposal} outside a meeting"
        elif isinstance(event, ProposalAgreed | ProposalNotAgreed):
            concluded.add(event.proposal)
            meeting = on_agenda(event.proposal)
            if meeting is None:
                if not charter.between_meetings:
                    yield f"event #{seq}: {event.proposal} was concluded outside a meeting"
                continue
            here = {party for party in meeting.present if party in active}
            quorum = charter.meeting_quorum
            if quorum == "all-members":
                quorate = here == active
            elif quorum == "every-required-constituency":
                needed = {side[m] for m in active} & set(charter.required_constituencies)
                quorate = needed <= {side[m] for m in here}
            else:
                quorate = len(here) >= min(int(quorum), len(active))
            if not quorate:
                yield f"event #{seq}: {event.proposal} was concluded at {sitting}, which was not quorate ({quorum})"
    for mid, record in p.meetings.items():
        told = meetings.get(mid)
        if told is None:
            yield f"meeting {mid} is not in the log"
        elif (record.state, dict(record.present), list(record.apologies)) != (
            told.state,
            told.present,
            told.apologies,
        ):
            yield f"meeting {mid} is {record.state} with {dict(record.present)}, but its log says otherwise"
    if set(p.meetings) != set(meetings):
        yield "the meetings differ from those the log convened"


def _local_midnight(day: _dt.date, tz: str) -> _dt.datetime:
    """The instant ``day`` begins in ``tz`` (invariant 13's own arithmetic)."""
    return _dt.datetime(day.year, day.month, day.day, tzinfo=zoneinfo.ZoneInfo(tz))


def _topic_key(topic: str) -> str:
    return " ".join(topic.casefold().split())


@attrs.define
class _Goal:
    """A milestone as the log tells it (invariant 13's own bookkeeping)."""

    owner: str
    due_at: _dt.datetime
    state: str = "open"
    reports: int = 0


def _work_programme(p: Partnership) -> Iterator[str]:
    """Invariant 13, read from the log alone.

    Every model version and milestone traces to an agreed motion asking for
    exactly it; versions run 1, 2, 3…; an adoption names an employer whose
    sector the charter then in force does not exclude, and the version in
    force when it was recorded; only a milestone's owner reports on it.
    """
    drafted = p.events[0]
    assert isinstance(drafted, PartnershipDrafted)
    charter = drafted.charter
    motions: dict[str, object] = {}
    agreed: set[str] = set()
    texts: dict[str, list[str]] = {}
    review_by: dict[str, _dt.date | None] = {}
    rescinded: set[str] = set()
    held: dict[str, dict[str, int]] = {}
    employers: dict[str, object] = {}
    goals: dict[str, _Goal] = {}
    last_report: tuple[str, str, bool, _dt.datetime] | None = None
    for seq, event in enumerate(p.events):
        if isinstance(event, CharterAmended):
            charter = event.charter
        elif isinstance(event, MotionProposed):
            motions[event.proposal] = event.motion
        elif isinstance(event, ProposalAgreed):
            agreed.add(event.proposal)
        elif isinstance(event, ModelAdopted):
            motion = motions.get(event.model)
            if event.model not in agreed or not isinstance(motion, AdoptModel):
                yield f"event #{seq}: model {event.model} has no agreed AdoptModel motion"
            elif (motion.topic, motion.title, motion.text, motion.review_by) != (
                event.topic,
                event.title,
                event.text,
                event.review_by,
            ):
                yield f"event #{seq}: model {event.model} differs from its AdoptModel motion"
            if event.model in texts:
                yield f"event #{seq}: model {event.model} was adopted twice"
            named = {_topic_key(t) for t in charter.scope.topics}
            if event.named_topic != (_topic_key(event.topic) in named):
                yield f"event #{seq}: model {event.model} is wrongly flagged as to its topic"
            texts[event.model] = [event.text]
            review_by[event.model] = event.review_by
        elif isinstance(event, ModelRevised):
            motion = motions.get(event.proposal)
            if (
                event.proposal not in agreed
                or not isinstance(motion, ReviseModel)
                or motion.model != event.model
                or motion.text != event.text
            ):
                yield f"event #{seq}: version {event.version} of {event.model} has no agreed ReviseModel asking for it"
            if event.model not in texts or event.model in rescinded:
                yield f"event #{seq}: {event.model} was revised while not in force"
            else:
                if event.version != len(texts[event.model]) + 1:
                    yield f"event #{seq}: version {event.version} of {event.model} follows version {len(texts[event.model])}"
                texts[event.model].append(event.text)
                if event.review_by is not None:
                    review_by[event.model] = event.review_by
        elif isinstance(event, ModelRescinded):
            motion = motions.get(event.proposal)
            if (
                event.proposal not in agreed
                or not isinstance(motion, RescindModel)
                or motion.model != event.model
            ):
                yield f"event #{seq}: {event.model} was rescinded without an agreed RescindModel of it"
            if event.model not in texts or event.model in rescinded:
                yield f"event #{seq}: {event.model} was rescinded while not in force"
            rescinded.add(event.model)
        elif isinstance(event, ModelReviewFellDue):
            day = review_by.get(event.model)
            if day is None or event.model in rescinded:
                yield f"event #{seq}: {event.model} fell due for review without a review date in force"
            elif _key(event.at) != _key(_local_midnight(day, charter.timezone)):
                yield f"event #{seq}: {event.model} fell due for review at {event.at}, not on {day}"
        elif isinstance(event, AdoptionRecorded):
            employer = event.employer
            if event.model not in texts or event.model in rescinded:
                yield f"event #{seq}: {employer.id} adopted {event.model}, which is not in force"
            elif event.version != len(texts[event.model]):
                yield f"event #{seq}: {employer.id}'s adoption names version {event.version} of {event.model}, not the version in force"
            if employer.sector in charter.scope.excluded_sectors:
                yield f"event #{seq}: {employer.id} of the {employer.sector} sector adopted {event.model}, outside the scope"
            if employers.setdefault(employer.id, employer) != employer:
                yield f"event #{seq}: employer {employer.id} is recorded as two different employers"
            held.setdefault(event.model, {})[employer.id] = event.version
        elif isinstance(event, AdoptionWithdrawn):
            if event.employer not in held.get(event.model, {}):
                yield f"event #{seq}: {event.employer} withdrew an adoption of {event.model} it did not hold"
            held.get(event.model, {}).pop(event.employer, None)
        elif isinstance(event, MilestoneSet):
            motion = motions.get(event.milestone)
            if event.milestone not in agreed or not isinstance(motion, SetMilestone):
                yield f"event #{seq}: milestone {event.milestone} has no agreed SetMilestone motion"
            elif (motion.title, motion.due, motion.owner) != (event.title, event.due, event.owner):
                yield f"event #{seq}: milestone {event.milestone} differs from its SetMilestone motion"
            next_day = event.due + _dt.timedelta(days=1)
            if _key(event.due_at) != _key(_local_midnight(next_day, charter.timezone)):
                yield f"event #{seq}: milestone {event.milestone} is due at {event.due_at}, not the end of {event.due}"
            goals[event.milestone] = _Goal(owner=event.owner, due_at=event.due_at)
        elif isinstance(event, ProgressReported):
            goal = goals.get(event.milestone)
            if goal is None:
                yield f"event #{seq}: progress on {event.milestone}, which is no milestone"
                continue
            if event.by != goal.owner:
                yield f"event #{seq}: {event.by} reported on {event.milestone}, owned by {goal.owner}"
            if goal.state not in ("open", "overdue"):
                yield f"event #{seq}: progress reported on {event.milestone} while {goal.state}"
            goal.reports += 1
        elif isinstance(event, MilestoneMet):
            goal = goals.get(event.milestone)
            if last_report is None or last_report != (
                event.milestone,
                event.by,
                True,
                event.at,
            ):
                yield f"event #{seq}: {event.milestone} was met without its owner reporting it done"
            if goal is not None:
                if goal.state not in ("open", "overdue"):
                    yield f"event #{seq}: {event.milestone} was met while {goal.state}"
                goal.state = "met"
        elif isinstance(event, MilestoneBecameOverdue):
            goal = goals.get(event.milestone)
            if goal is None or goal.state != "open" or _key(event.at) != _key(goal.due_at):
                yield f"event #{seq}: {event.milestone} became overdue other than at the end of its due date"
            if goal is not None:
                goal.state = "overdue"
        elif isinstance(event, MilestoneDropped):
            motion = motions.get(event.proposal)
            if (
                event.proposal not in agreed
                or not isinstance(motion, DropMilestone)
                or motion.milestone != event.milestone
            ):
                yield f"event #{seq}: {event.milestone} was dropped without an agreed DropMilestone of it"
            goal = goals.get(event.milestone)
            if goal is not None:
                if goal.state not in ("open", "overdue"):
                    yield f"event #{seq}: {event.milestone} was dropped while {goal.state}"
                goal.state = "dropped"
        if isinstance(event, ProgressReported):
            last_report = (event.milestone, event.by, event.done, event.at)
        else:
            if not isinstance(event, MilestoneMet) and last_report and last_report[2]:
                yield f"event #{seq}: {last_report[0]} was reported done but not met"
            last_report = None
    if last_report is not None and last_report[2]:
        yield f"{last_report[0]} was reported done but not met"
    for mid, model in p.models.items():
        log = texts.get(mid)
        if log is None or [v.text for v in model.versions] != log:
            yield f"model {mid} holds other versions than its log"
        elif [v.version for v in model.versions] != list(range(1, len(log) + 1)):
            yield f"model {mid}'s versions do not run 1, 2, 3…"
        if (model.state == "rescinded") != (mid in rescinded):
            yield f"model {mid} is {model.state}, but its log says otherwise"
        standing = {a.employer.id: a.version for a in p.adoptions(mid)}
        if standing != held.get(mid, {}):
            yield f"the adoptions of {mid} differ from those its log records"
    if set(p.models) != set(texts):
        yield "the model policies differ from those the log adopted"
    for gid, milestone in p.milestones.items():
        goal = goals.get(gid)
        if goal is None or (milestone.state, len(milestone.reports), milestone.owner) != (
            goal.state,
            goal.reports,
            goal.owner,
        ):
            yield f"milestone {gid} is {milestone.state}, but its log says otherwise"
        if milestone.state == "open" and _key(p.last_event_at) >= _key(milestone.due_at):
            yield f"milestone {gid} is still open after the end of its due date"
    if set(p.milestones) != set(goals):
        yield "the milestones differ from those the log set"


def _replay(p: Partnership) -> Iterator[str]:
    try:
        replayed = Partnership.replay(p.events, registry=p.registry)
    except ConsensusError as err:
        yield f"replaying the log fails: {err}"
        return
    if replayed != p:
        yield "replaying the log gives a different state"
    try:
        decoded = events_from_jsonl(
            events_to_jsonl(p.events, registry=p.registry), registry=p.registry
        )
    except ConsensusError as err:
        yield f"decoding the encoded log fails: {err}"
        return
    if decoded != p.events:
        yield "encoding and decoding the log changes it"
    elif [e.at.timezone_name for e in decoded] != [e.at.timezone_name for e in p.events]:
        yield "encoding and decoding the log changes the time zone of an instant"


def _time(p: Partnership) -> Iterator[str]:
    events = p.events
    for seq in range(1, len(events)):
        if _key(events[seq].at) < _key(events[seq - 1].at):
            yield f"event #{seq} ({events[seq].TYPE}) is earlier than event #{seq - 1}"


INVARIANTS: Final[dict[int, tuple[str, Callable[[Partnership], Iterator[str]]]]] = {
    1: ("unanimity", _unanimity),
    2: ("electorate", _electorate),
    3: ("finality", _finality),
    4: ("consultation is authorised", _consultation),
    5: ("charter history", _charter_history),
    6: ("review cadence", _review_cadence),
    7: ("membership", _membership),
    8: ("replay", _replay),
    9: ("time", _time),
    11: ("meetings", _meetings),
    13: ("work programme", _work_programme),
}
"""The invariants that can be read off a partnership, by number: (name, check)."""


def check_invariants(p: Partnership, *, only: set[int] | None = None) -> list[Violation]:
    """Check the numbered invariants that a partnership's state and log can show.

    Invariants 1–9, 11 and 13; invariant 10 concerns calls and is checked by
    :func:`consensus.testing.assert_rejected`; 12 arrives with stores.

    Args:
        p: the partnership.
        only: check just these invariant numbers.

    Returns:
        Every violation found; ``[]`` when all hold.

    Examples:
        >>> import pendulum, consensus as cs
        >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
        >>> p = cs.Partnership.draft(charter, clock=cs.SimulatedClock(pendulum.datetime(2024, 9, 2, tz="UTC")))
        >>> cs.check_invariants(p)
        []
    """
    if not isinstance(p, Partnership):
        raise InvalidArgument("p", p, "a consensus.Partnership")
    if only is not None:
        try:
            only = set(only)
        except Exception:
            raise InvalidArgument("only", only, "a set of invariant numbers") from None
        unknown = sorted((n for n in only if n not in INVARIANTS), key=repr)
        if unknown:
            raise InvalidArgument("only", only, f"a set of numbers among {sorted(INVARIANTS)}")
    found: list[Violation] = []
    for number, (name, check) in INVARIANTS.items():
        if only is not None and number not in only:
            continue
        found.extend(
            Violation(invariant=number, name=name, detail=detail) for detail in _run(check, p)
        )
    return found


def _run(check: Callable[[Partnership], Iterator[str]], p: Partnership) -> list[str]:
    """What ``check`` finds; a value no command writes, where it stops, is one more finding.

    Trusted replay applies whatever events it is given, so a forged log may
    hold, say, a party id where an admission holds the party's record. The
    checker reports that as a violation rather than crash on it.
    """
    details: list[str] = []
    try:
        details.extend(check(p))
    except Exception as err:
        details.append(
            f"the log holds a value of a kind no command writes, where the check reads it "
            f"({safe_repr(err)})"
        )
    return details
