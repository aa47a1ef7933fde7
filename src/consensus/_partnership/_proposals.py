"""The proposals room (clause 6.3): proposing, tabling, positions, concluding.

A proposal carries one motion of a registered kind. An active member
proposes it (a ``draft``), the chair tables it (``deliberating``), members
record positions, and the chair concludes it by the rule the charter names
for its kind. Once agreed, the room that owns the motion carries it out
(``@carries_out``); a Resolution, or a motion of your own, changes nothing
but its proposal. Nothing is agreed while a required constituency has no
active member, except a motion that can end that state (``@quorum_exempt``).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, NoReturn

import pendulum

from .._errors import (
    ConsensusError,
    DecisionPending,
    IntegrityError,
    InvalidArgument,
    InvalidMotion,
    NotEntitled,
    NotQuorate,
)
from .._events import (
    ConsultationClosed,
    Event,
    MotionProposed,
    PositionRecorded,
    ProposalAgreed,
    ProposalNotAgreed,
    ProposalTabled,
    ProposalWithdrawn,
)
from .._records import Proposal
from .._registry import decide as rule_decides
from .._rules import Outcome, Position
from .._values import check_text
from .._workflows import PROPOSAL
from ._command import Context, Guard, as_chair, execute, lookup, member, name, when_text
from ._meetings import check_conclusion, check_position
from ._state import EFFECTS, QUORUM_EXEMPT, State, applies, replays
from ._view import PartnershipView, ballot_for, rule_for

__all__ = ["conclude", "propose", "record_position", "table", "withdraw_proposal"]


def describe(motion: object) -> str:
    """A motion's own phrase, or a plain one if its ``describe`` fails."""
    try:
        phrase = motion.describe()  # type: ignore[attr-defined]
    except Exception:
        phrase = None
    return phrase if type(phrase) is str and phrase.strip() else f"a {type(motion).__name__}"


def check_motion(s: State, motion: Any, by: str, when: pendulum.DateTime, *, verb: str) -> None:
    """Ask the motion whether it can apply now; a reason becomes InvalidMotion."""

    def refuse(reason: str) -> NoReturn:
        raise InvalidMotion(by, describe(motion), reason, verb=verb)

    check = getattr(motion, "check", None)
    if check is None:
        return
    try:
        reason = check(PartnershipView(s, at=when))
    except ConsensusError as err:
        refuse(str(err))
    except Exception as err:  # a downstream check with a defect: refuse, never crash
        refuse(f"its check failed ({type(err).__name__}: {err})")
    if reason is None:
        return
    if type(reason) is not str:
        refuse(f"its check returned {reason!r}, not a reason or None")
    refuse(reason)


def _position(value: object) -> Position:
    if isinstance(value, Position):
        return value
    if type(value) is str:  # an enum's value is accepted wherever the enum is
        for position in Position:
            if position.value == value:
                return position
    raise InvalidArgument("position", value, "one of " + ", ".join(p.value for p in Position))


def _proposer(s: State, by: str, action: str, proposal: Proposal) -> None:
    member(s, by, action, proposal)
    if proposal.proposer != by:
        raise NotEntitled(by, action, f"only its proposer, {proposal.proposer}, may withdraw it")


def _waiting_hint(s: State, proposal: Proposal, then: str) -> str | None:
    if proposal.state == "consulting" and proposal.consultation:
        closes = s.consultations[proposal.consultation].closes_at
        return f"{then} consultation {proposal.consultation} closes ({when_text(closes)})"
    return None


# -- commands


def propose(s: State, motion: object, *, by: object, at: _dt.datetime | None) -> str:
    """Propose ``motion`` as an active member; returns the new proposal's id."""
    known = s.registry.knows(motion)
    action = f"propose to {describe(motion)}" if known else "propose a motion"

    def arguments() -> None:
        if not known:
            raise InvalidArgument(
                "motion",
                motion,
                "a registered motion (" + ", ".join(s.registry.motion_kinds()) + "); "
                "register a motion class of your own with consensus.register_motion",
            )
        try:
            hash(motion)
        except Exception:
            # A motion holding a list or a dict could be changed by whoever
            # keeps a reference to it, rewriting the log (invariant 15).
            raise InvalidArgument(
                "motion",
                motion,
                "a motion whose values cannot change: tuples, frozensets and read-only "
                "mappings (it must be hashable)",
            ) from None

    def decide(c: Context[None]) -> tuple[list[Event], str]:
        check_motion(s, motion, c.by, c.when, verb="propose to")
        pid = f"p-{len(s.proposals) + 1:04d}"
        return [MotionProposed(at=c.when, proposal=pid, motion=motion, by=c.by)], pid  # type: ignore[arg-type]

    return execute(s, action=action, by=by, at=at, arguments=arguments, role=member, decide=decide)


@replays(MotionProposed)
def _replay_proposed(s: State, event: MotionProposed) -> None:
    propose(s, event.motion, by=event.by, at=event.at)


def table(s: State, pid: object, *, by: object, at: _dt.datetime | None) -> None:
    """Table a draft proposal for deliberation (the chair, or any member for an absent chair)."""

    def decide(c: Context[Proposal]) -> tuple[list[Event], None]:
        return [ProposalTabled(at=c.when, proposal=c.target.id, by=c.by)], None

    execute(
        s,
        action=f"table {name(pid)}",
        by=by,
        at=at,
        find=lambda: lookup(s.proposals, pid, "proposal"),
        role=as_chair,
        guard=lambda p: Guard(PROPOSAL, p.state, "table", p.id),
        decide=decide,
    )


@replays(ProposalTabled)
def _replay_tabled(s: State, event: ProposalTabled) -> None:
    table(s, event.proposal, by=event.by, at=event.at)


def _reason(value: object) -> str | None:
    return None if value is None else check_text(value, "reason")


def record_position(
    s: State,
    pid: object,
    position: object,
    *,
    by: object,
    reason: object = None,
    at: _dt.datetime | None,
) -> None:
    """Record, or change, an active member's position (and its reason) on a deliberating proposal.

    While a meeting is in session with the proposal on its agenda, only a
    party present may; the charter may allow positions only there.
    """

    def guard(p: Proposal) -> Guard:
        hint = _waiting_hint(s, p, "Positions wait until")
        return Guard(PROPOSAL, p.state, "record_position", p.id, hint)

    def decide(c: Context[Proposal]) -> tuple[list[Event], None]:
        check_position(s, c.target, c.by, c.action)
        event = PositionRecorded(
            at=c.when,
            proposal=c.target.id,
            party=c.by,
            position=_position(position),
            reason=_reason(reason),
        )
        return [event], None

    def arguments() -> None:
        _position(position)
        _reason(reason)

    execute(
        s,
        action=f"record a position on {name(pid)}",
        by=by,
        at=at,
        arguments=arguments,
        find=lambda: lookup(s.proposals, pid, "proposal"),
        role=member,
        guard=guard,
        decide=decide,
    )


@replays(PositionRecorded)
def _replay_position(s: State, event: PositionRecorded) -> None:
    record_position(
        s, event.proposal, event.position, by=event.party, reason=event.reason, at=event.at
    )


def withdraw_proposal(s: State, pid: object, *, by: object, at: _dt.datetime | None) -> None:
    """Withdraw a proposal not yet concluded (its proposer only); its open consultation closes."""

    def decide(c: Context[Proposal]) -> tuple[list[Event], None]:
        events: list[Event] = [ProposalWithdrawn(at=c.when, proposal=c.target.id, by=c.by)]
        if c.target.consultation is not None:
            events.append(
                ConsultationClosed(at=c.when, consultation=c.target.consultation, by=c.by)
            )
        return events, None

    execute(
        s,
        action=f"withdraw {name(pid)}",
        by=by,
        at=at,
        find=lambda: lookup(s.proposals, pid, "proposal"),
        role=_proposer,
        guard=lambda p: Guard(PROPOSAL, p.state, "withdraw", p.id),
        decide=decide,
    )


@replays(ProposalWithdrawn)
def _replay_withdrawn(s: State, event: ProposalWithdrawn) -> None:
    withdraw_proposal(s, event.proposal, by=event.by, at=event.at)


def unrepresented(s: State) -> list[str]:
    """Required constituencies with no active member, in charter order."""
    represented = {s.members[party].party.constituency for party in s.active}
    return [c for c in s.the_charter.required_constituencies if c not in represented]


def conclude(s: State, pid: object, *, by: object, at: _dt.datetime | None) -> Outcome:
    """Conclude a deliberating proposal by the rule the charter names for its kind."""

    def guard(p: Proposal) -> Guard:
        hint = _waiting_hint(s, p, "It can be concluded once")
        return Guard(PROPOSAL, p.state, "agree", p.id, hint)

    def decide(c: Context[Proposal]) -> tuple[list[Event], Outcome]:
        proposal = c.target
        empty = unrepresented(s)
        exempt = QUORUM_EXEMPT.get(type(proposal.motion))
        if empty and not (exempt is not None and exempt(s, proposal.motion, empty)):
            raise NotQuorate(c.by, proposal.id, empty)
        check_conclusion(s, proposal, c.by, c.action)
        rule = rule_for(s, proposal)
        ballot = ballot_for(s, proposal)
        try:
            outcome = rule_decides(rule, ballot)
        except IntegrityError as err:  # a rule of a caller's own that failed
            raise IntegrityError(f"{c.by} cannot {c.action}: {err}") from None
        if outcome is Outcome.PENDING:
            raise DecisionPending(c.by, proposal.id, ballot.missing)
        kind = ProposalNotAgreed if outcome is Outcome.NOT_AGREED else ProposalAgreed
        decided = kind(
            at=c.when,
            proposal=proposal.id,
            by=c.by,
            electorate=ballot.electorate,
            rule=rule.name,
        )
        if outcome is Outcome.NOT_AGREED:
            return [decided], outcome
        check_motion(s, proposal.motion, c.by, c.when, verb=f"carry out {proposal.id}:")
        effect = EFFECTS.get(type(proposal.motion))
        events: list[Event] = [decided]
        if effect is not None:
            events.extend(effect(s, proposal, c.when))
        return events, outcome

    return execute(
        s,
        action=f"conclude {name(pid)}",
        by=by,
        at=at,
        find=lambda: lookup(s.proposals, pid, "proposal"),
        role=as_chair,
        guard=guard,
        decide=decide,
    )


@replays(ProposalAgreed, ProposalNotAgreed)
def _replay_concluded(s: State, event: ProposalAgreed | ProposalNotAgreed) -> None:
    conclude(s, event.proposal, by=event.by, at=event.at)


# -- applying


@applies(MotionProposed)
def _apply_proposed(s: State, event: MotionProposed) -> None:
    if event.proposal in s.proposals:
        raise IntegrityError(f"proposal {event.proposal} was proposed twice")
    proposal = Proposal(
        id=event.proposal,
        motion=event.motion,
        proposer=event.by,
        state=PROPOSAL.initial,
        proposed_at=event.at,
    )
    s.put(s.proposals, event.proposal, proposal)


@applies(ProposalTabled)
def _apply_tabled(s: State, event: ProposalTabled) -> None:
    s.move(s.proposals, event.proposal, PROPOSAL, "table", tabled_at=event.at)


@applies(PositionRecorded)
def _apply_position(s: State, event: PositionRecorded) -> None:
    proposal = s.proposals[event.proposal]
    positions = {**proposal.positions, event.party: event.position}
    reasons = {party: text for party, text in proposal.reasons.items() if party != event.party}
    if event.reason is not None:
        reasons[event.party] = event.reason
    s.move(
        s.proposals,
        event.proposal,
        PROPOSAL,
        "record_position",
        positions=positions,
        reasons=reasons,
    )


@applies(ProposalWithdrawn)
def _apply_withdrawn(s: State, event: ProposalWithdrawn) -> None:
    s.move(s.proposals, event.proposal, PROPOSAL, "withdraw", concluded_at=event.at)


@applies(ProposalAgreed, ProposalNotAgreed)
def _apply_concluded(s: State, event: ProposalAgreed | ProposalNotAgreed) -> None:
    agreed = isinstance(event, ProposalAgreed)
    s.move(
        s.proposals,
        event.proposal,
        PROPOSAL,
        "agree" if agreed else "not_agree",
        concluded_at=event.at,
        outcome=Outcome.AGREED if agreed else Outcome.NOT_AGREED,
        electorate=event.electorate,
        rule=event.rule,
    )
