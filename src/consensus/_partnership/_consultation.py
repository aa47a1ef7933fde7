"""The consultation room (clause 4.5): the advisory group, consulted as agreed.

An agreed Consult motion opens a consultation (its id is the Consult
proposal's) and puts the proposal consulted on in ``consulting``. Invited
advisors respond while it is open; it closes at the end of its closing date
in the charter's zone (time-driven), early by the chair once everyone invited
has responded, or when its proposal is withdrawn.
"""

from __future__ import annotations

import datetime as _dt

import attrs
import pendulum

from .._clock import end_of_day
from .._errors import IntegrityError, InvalidArgument, NotEntitled
from .._events import ConsultationClosed, ConsultationOpened, Event, ResponseReceived
from .._motions import Consult
from .._records import Channel, Consultation, Proposal, Response
from .._values import check_text
from .._workflows import CONSULTATION, PROPOSAL
from ._agenda import falls_due, schedule
from ._command import Context, Guard, advance, as_chair, execute, lookup, name, when_text
from ._state import State, applies, carries_out, replays

__all__ = ["close_consultation", "respond"]

_CLOSE = "close_consultation"


def _channel(value: object) -> Channel:
    if isinstance(value, Channel):
        return value
    if type(value) is str:
        for channel in Channel:
            if channel.value == value:
                return channel
    raise InvalidArgument("channel", value, "one of " + ", ".join(c.value for c in Channel))


def _text(value: object) -> str:
    return check_text(value, "text")


def _invited(s: State, by: str, action: str, consultation: Consultation) -> None:
    if by in consultation.advisors:
        return
    invited = ", ".join(consultation.advisors)
    if by in s.members:
        reason = (
            f"{by} is a partner, not an advisor; partners record positions on "
            f"{consultation.proposal} (invited to respond: {invited})"
        )
    elif by in s.the_charter.advisor_ids:
        reason = f"{by} was not invited to this consultation (invited: {invited})"
    else:
        reason = f"{name(by)} is not in the advisory group (invited: {invited})"
    raise NotEntitled(name(by), action, reason)


# -- commands


def respond(
    s: State,
    cid: object,
    text: object,
    *,
    by: object,
    channel: object,
    at: _dt.datetime | None,
) -> None:
    """Record an invited advisor's response to an open consultation."""

    def guard(c: Consultation) -> Guard:
        hint = None
        if not CONSULTATION.allows(c.state, "respond"):  # formatting an instant is slow
            closed = c.closed_at or c.closes_at
            hint = f"It closed at {when_text(closed)}; responses after that are not accepted"
        return Guard(CONSULTATION, c.state, "respond", f"consultation {c.id}", hint)

    def decide(c: Context[Consultation]) -> tuple[list[Event], None]:
        event = ResponseReceived(
            at=c.when,
            consultation=c.target.id,
            advisor=c.by,
            text=_text(text),
            channel=_channel(channel),
        )
        return [event], None

    def arguments() -> None:
        _text(text)
        _channel(channel)

    execute(
        s,
        action=f"respond to consultation {name(cid)}",
        by=by,
        at=at,
        arguments=arguments,
        find=lambda: lookup(s.consultations, cid, "consultation"),
        role=_invited,
        guard=guard,
        decide=decide,
    )


@replays(ResponseReceived)
def _replay_response(s: State, event: ResponseReceived) -> None:
    respond(
        s, event.consultation, event.text, by=event.advisor, channel=event.channel, at=event.at
    )


def close_consultation(s: State, cid: object, *, by: object, at: _dt.datetime | None) -> None:
    """Close a consultation early, once every invited advisor has responded (the chair)."""

    def decide(c: Context[Consultation]) -> tuple[list[Event], None]:
        if c.target.awaiting:
            raise NotEntitled(
                c.by,
                c.action + " early",
                "still awaiting responses from " + ", ".join(c.target.awaiting),
                f"It closes by itself at {when_text(c.target.closes_at)}",
            )
        return [ConsultationClosed(at=c.when, consultation=c.target.id, by=c.by)], None

    execute(
        s,
        action=f"close consultation {name(cid)}",
        by=by,
        at=at,
        find=lambda: lookup(s.consultations, cid, "consultation"),
        role=as_chair,
        guard=lambda c: Guard(CONSULTATION, c.state, "close", f"consultation {c.id}"),
        decide=decide,
    )


@replays(ConsultationClosed)
def _replay_closed(s: State, event: ConsultationClosed) -> None:
    if event.by is None:  # time-driven: at its closing instant
        advance(s, to=event.at)
    else:
        close_consultation(s, event.consultation, by=event.by, at=event.at)


# -- the motion


@carries_out(Consult)
def _consult(s: State, proposal: Proposal, when: pendulum.DateTime) -> list[Event]:
    motion = proposal.motion
    assert isinstance(motion, Consult)
    opened = ConsultationOpened(
        at=when,
        consultation=proposal.id,
        proposal=motion.proposal,
        advisors=motion.advisors,
        question=motion.question,
        closes_at=end_of_day(motion.closes, s.the_charter.timezone),
    )
    return [opened]


# -- time


@falls_due(_CLOSE)
def _closes(s: State, when: pendulum.DateTime, ref: str) -> Event | None:
    if s.consultations[ref].state == "open":
        return ConsultationClosed(at=when, consultation=ref)
    return None


# -- applying


@applies(ConsultationOpened)
def _apply_opened(s: State, event: ConsultationOpened) -> None:
    if event.consultation in s.consultations:
        raise IntegrityError(f"consultation {event.consultation} was opened twice")
    s.move(s.proposals, event.proposal, PROPOSAL, "consult", consultation=event.consultation)
    consultation = Consultation(
        id=event.consultation,
        proposal=event.proposal,
        advisors=event.advisors,
        question=event.question,
        opened_at=event.at,
        closes_at=event.closes_at,
        state=CONSULTATION.initial,
    )
    s.put(s.consultations, event.consultation, consultation)
    schedule(s, event.closes_at, _CLOSE, event.consultation, event.at)


@applies(ResponseReceived)
def _apply_response(s: State, event: ResponseReceived) -> None:
    consultation = s.consultations[event.consultation]
    if event.advisor not in consultation.advisors:
        raise IntegrityError(f"{event.advisor} was not invited to consultation {consultation.id}")
    response = Response(advisor=event.advisor, text=event.text, channel=event.channel, at=event.at)
    responses = (*consultation.responses, response)
    s.move(s.consultations, consultation.id, CONSULTATION, "respond", responses=responses)


@applies(ConsultationClosed)
def _apply_closed(s: State, event: ConsultationClosed) -> None:
    consultation = s.move(
        s.consultations,
        event.consultation,
        CONSULTATION,
        "close",
        closed_at=event.at,
        closed_by=event.by,
    )
    target = s.proposals[consultation.proposal]
    # A consultation closes under a deliberation that resumes, or under a
    # proposal its proposer has just withdrawn (which keeps its state).
    if target.state == "withdrawn":
        s.put(s.proposals, target.id, attrs.evolve(target, consultation=None))
    else:
        s.move(s.proposals, target.id, PROPOSAL, "resume", consultation=None)
