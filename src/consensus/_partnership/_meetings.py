"""The meetings room (clauses 4.2–4.4): people, nominations, meetings, attendance, quorum.

Each party names its own people (never vetoed by the others): one
representative and any number of deputies; a person sits for one party at a
time. The chair convenes a meeting (``convened``) with an agenda of proposals
not yet concluded, those left unconcluded at the previous closed meeting
carried over first; members send apologies, or attend from its start time
through a person they nominated (a deputy only if nominated before the
meeting opened); the chair opens it (``in_session``) and closes it
(``closed``), or cancels it before it opens (``cancelled``). One meeting is
in session at a time.

While a meeting is in session, a position on a proposal on its agenda comes
only from a party present, and concluding such a proposal needs the meeting
quorate by the charter's ``meeting_quorum``. When the charter does not allow
decisions ``between_meetings``, positions and conclusions happen only there.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from .._clock import instant_key as _key
from .._clock import to_instant
from .._errors import (
    ClockError,
    IntegrityError,
    InvalidArgument,
    InvalidTransition,
    NotEntitled,
    NotQuorate,
    UnknownReference,
)
from .._events import (
    ApologiesSent,
    AttendanceRecorded,
    Event,
    MeetingCancelled,
    MeetingClosed,
    MeetingConvened,
    MeetingOpened,
    NominationWithdrawn,
    PersonNominated,
)
from .._records import ROLES, Meeting, Nomination, Person, Proposal
from .._values import ID, tuple_of
from .._workflows import MEETING
from ._command import Context, Guard, as_chair, execute, lookup, member, name, when_text
from ._state import State, applies, replays

__all__ = [
    "attend",
    "cancel_meeting",
    "check_conclusion",
    "check_position",
    "close_meeting",
    "convene",
    "nominate",
    "open_meeting",
    "representative",
    "send_apologies",
    "withdraw_nomination",
]


# -- values


def _person(value: object) -> Person:
    if type(value) is not Person:
        raise InvalidArgument("person", value, "a consensus.Person")
    return value


def _role(value: object) -> str:
    if type(value) is not str or value not in ROLES:
        raise InvalidArgument("role", value, "one of " + ", ".join(ROLES))
    return value


def _person_id(value: object) -> str:
    if type(value) is not str or not ID.fullmatch(value):
        raise InvalidArgument("person", value, "a person's id, such as 'dss'")
    return value


def _agenda(value: object) -> tuple[str, ...]:
    items = tuple_of(value, str, "agenda")
    seen: set[str] = set()
    for item in items:
        if item in seen:
            raise InvalidArgument("agenda", value, f"an agenda naming each proposal once ({item})")
        seen.add(item)
    return items


def representative(s: State, party: str) -> str | None:
    """The id of ``party``'s nominated representative, or ``None``."""
    for nomination in s.nominations.values():
        if nomination.party == party and nomination.role == "representative":
            return nomination.person.id
    return None


def _meeting_of(s: State, mid: object) -> Meeting:
    return lookup(s.meetings, mid, "meeting")


# -- people


def nominate(
    s: State, person: object, *, role: object, by: object, at: _dt.datetime | None
) -> None:
    """Nominate a person to sit for ``by``, as its representative or a deputy."""
    who = person.id if type(person) is Person else None
    action = f"nominate {who}" if who else "nominate a person"

    def arguments() -> None:
        _person(person)
        _role(role)

    def decide(c: Context[None]) -> tuple[list[Event], None]:
        chosen, as_role = _person(person), _role(role)
        current = s.nominations.get(chosen.id)
        if current is not None and current.party != c.by:
            raise NotEntitled(
                c.by,
                c.action,
                f"{chosen.id} sits for {current.party}; a person sits for one party",
                f"{current.party} may withdraw that nomination first",
            )
        if current is not None and current.role == as_role and current.person == chosen:
            raise NotEntitled(c.by, c.action, f"{chosen.id} is already its {as_role}")
        if as_role == "representative":
            sitting = representative(s, c.by)
            if sitting is not None and sitting != chosen.id:
                raise NotEntitled(
                    c.by,
                    c.action,
                    f"{sitting} is already its representative; a party has one",
                    f"Withdraw {sitting}'s nomination first, or nominate {chosen.id} as a deputy",
                )
        event = PersonNominated(at=c.when, party=c.by, person=chosen, role=as_role)
        return [event], None

    execute(s, action=action, by=by, at=at, arguments=arguments, role=member, decide=decide)


@replays(PersonNominated)
def _replay_nominated(s: State, event: PersonNominated) -> None:
    nominate(s, event.person, role=event.role, by=event.party, at=event.at)


def _nominator(s: State, by: str, action: str, nomination: Nomination) -> None:
    member(s, by, action, nomination)
    if nomination.party != by:
        raise NotEntitled(
            by,
            action,
            f"{nomination.person.id} sits for {nomination.party}; "
            f"only {nomination.party} may withdraw that nomination",
        )


def withdraw_nomination(s: State, person: object, *, by: object, at: _dt.datetime | None) -> None:
    """Withdraw ``by``'s nomination of the person ``person`` (an id)."""

    def decide(c: Context[Nomination]) -> tuple[list[Event], None]:
        event = NominationWithdrawn(at=c.when, party=c.by, person=c.target.person.id)
        return [event], None

    execute(
        s,
        action=f"withdraw the nomination of {name(person)}",
        by=by,
        at=at,
        find=lambda: lookup(s.nominations, person, "nominated person"),
        role=_nominator,
        decide=decide,
    )


@replays(NominationWithdrawn)
def _replay_nomination_withdrawn(s: State, event: NominationWithdrawn) -> None:
    withdraw_nomination(s, event.person, by=event.party, at=event.at)


# -- meetings


def convene(
    s: State, *, starts: object, agenda: object, by: object, at: _dt.datetime | None
) -> str:
    """Convene a meeting (the chair); returns its id, ``m-0001`` for the first."""
    tz = s.the_charter.timezone

    def arguments() -> None:
        try:
            to_instant(starts, tz, argument="starts")
        except ClockError as err:
            raise ClockError(f"{name(by)} cannot convene a meeting: {err}") from None
        _agenda(agenda)

    def decide(c: Context[None]) -> tuple[list[Event], str]:
        begins = to_instant(starts, tz, argument="starts")
        if _key(begins) < _key(c.when):
            raise InvalidArgument(
                "starts",
                starts,
                f"a time no earlier than now ({when_text(c.when)}): a meeting is convened ahead",
                party=c.by,
                action=c.action,
            )
        items = _agenda(agenda)
        for item in items:
            try:
                proposal = lookup(s.proposals, item, "proposal")
            except UnknownReference as err:
                raise UnknownReference(
                    err.kind, err.ref, err.known, party=c.by, action=c.action
                ) from None
            if proposal.is_concluded:
                raise InvalidTransition(
                    c.by,
                    c.action,
                    item,
                    proposal.state,
                    (),
                    hint="Only proposals not yet concluded go on an agenda",
                )
        carried = _carried_over(s)
        mid = f"m-{len(s.meetings) + 1:04d}"
        event = MeetingConvened(
            at=c.when,
            meeting=mid,
            starts=begins,
            agenda=(*carried, *(item for item in items if item not in carried)),
            by=c.by,
            carried_over=carried,
        )
        return [event], mid

    return execute(
        s,
        action="convene a meeting",
        by=by,
        at=at,
        arguments=arguments,
        role=as_chair,
        decide=decide,
    )


def _carried_over(s: State) -> tuple[str, ...]:
    """The items of the previous closed meeting still not concluded."""
    if s.last_closed is None:
        return ()
    previous = s.meetings[s.last_closed]
    return tuple(pid for pid in previous.agenda if not s.proposals[pid].is_concluded)


@replays(MeetingConvened)
def _replay_convened(s: State, event: MeetingConvened) -> None:
    given = tuple(item for item in event.agenda if item not in event.carried_over)
    convene(s, starts=event.starts, agenda=given, by=event.by, at=event.at)


def send_apologies(s: State, mid: object, *, by: object, at: _dt.datetime | None) -> None:
    """Send ``by``'s apologies for a meeting not yet closed."""

    def decide(c: Context[Meeting]) -> tuple[list[Event], None]:
        meeting = c.target
        if c.by in meeting.present:
            raise NotEntitled(
                c.by,
                c.action,
                f"{meeting.present[c.by]} is present for {c.by} at {meeting.id}",
            )
        if c.by in meeting.apologies:
            raise NotEntitled(c.by, c.action, f"{c.by} has already sent apologies")
        return [ApologiesSent(at=c.when, meeting=meeting.id, party=c.by)], None

    execute(
        s,
        action=f"send apologies for {name(mid)}",
        by=by,
        at=at,
        find=lambda: _meeting_of(s, mid),
        role=member,
        guard=lambda m: Guard(MEETING, m.state, "send_apologies", f"meeting {m.id}"),
        decide=decide,
    )


@replays(ApologiesSent)
def _replay_apologies(s: State, event: ApologiesSent) -> None:
    send_apologies(s, event.meeting, by=event.party, at=event.at)


def attend(s: State, mid: object, person: object, *, by: object, at: _dt.datetime | None) -> None:
    """Record that ``person``, nominated by ``by``, sits for it at a meeting."""

    def decide(c: Context[Meeting]) -> tuple[list[Event], None]:
        meeting, who = c.target, _person_id(person)
        if _key(c.when) < _key(meeting.starts):
            raise InvalidTransition(
                c.by,
                c.action,
                f"meeting {meeting.id}",
                meeting.state,
                (),
                hint=f"It starts at {when_text(meeting.starts)}; attendance is recorded from then",
            )
        nomination = s.nominations.get(who)
        if nomination is None:
            why = (
                f"{who}'s nomination was withdrawn"
                if who in s.people
                else f"nobody has nominated {who}"
            )
            raise NotEntitled(c.by, c.action, why, f"{c.by} names its people with nominate first")
        if nomination.party != c.by:
            raise NotEntitled(c.by, c.action, f"{who} sits for {nomination.party}, not {c.by}")
        if c.by in meeting.present:
            raise NotEntitled(
                c.by,
                c.action,
                f"{meeting.present[c.by]} already sits for {c.by} at {meeting.id}; "
                "one person sits for a party",
            )
        opened = meeting.opened_at
        if (
            nomination.role == "deputy"
            and opened is not None
            and _key(nomination.since) >= _key(opened)
        ):
            raise NotEntitled(
                c.by,
                c.action,
                f"{who} was nominated as a deputy at {when_text(nomination.since)}, "
                f"after {meeting.id} opened at {when_text(opened)}",
                "A deputy must be nominated before the meeting opens",
            )
        event = AttendanceRecorded(at=c.when, meeting=meeting.id, party=c.by, person=who)
        return [event], None

    execute(
        s,
        action=f"attend {name(mid)}",
        by=by,
        at=at,
        arguments=lambda: _person_id(person),
        find=lambda: _meeting_of(s, mid),
        role=member,
        guard=lambda m: Guard(MEETING, m.state, "attend", f"meeting {m.id}"),
        decide=decide,
    )


@replays(AttendanceRecorded)
def _replay_attendance(s: State, event: AttendanceRecorded) -> None:
    attend(s, event.meeting, event.person, by=event.party, at=event.at)


def _as_chair(
    s: State,
    trigger: str,
    mid: object,
    *,
    by: object,
    at: _dt.datetime | None,
    decide: Callable[[Context[Meeting]], tuple[list[Event], None]],
) -> None:
    """Run a chair's move of meeting ``mid`` through its workflow: open, close or cancel."""
    execute(
        s,
        action=f"{trigger} {name(mid)}",
        by=by,
        at=at,
        find=lambda: _meeting_of(s, mid),
        role=as_chair,
        guard=lambda m: Guard(MEETING, m.state, trigger, f"meeting {m.id}"),
        decide=decide,
    )


def open_meeting(s: State, mid: object, *, by: object, at: _dt.datetime | None) -> None:
    """Open a convened meeting from its start time (the chair); it is in session."""

    def decide(c: Context[Meeting]) -> tuple[list[Event], None]:
        meeting = c.target
        if _key(c.when) < _key(meeting.starts):
            raise InvalidTransition(
                c.by,
                c.action,
                f"meeting {meeting.id}",
                meeting.state,
                (),
                hint=f"It starts at {when_text(meeting.starts)} and may be opened from then",
            )
        if s.in_session is not None:
            raise InvalidTransition(
                c.by,
                c.action,
                f"meeting {s.in_session}",
                "in_session",
                (),
                hint=f"Close {s.in_session} first: one meeting is in session at a time",
            )
        return [MeetingOpened(at=c.when, meeting=meeting.id, by=c.by)], None

    _as_chair(s, "open", mid, by=by, at=at, decide=decide)


@replays(MeetingOpened)
def _replay_opened(s: State, event: MeetingOpened) -> None:
    open_meeting(s, event.meeting, by=event.by, at=event.at)


def close_meeting(s: State, mid: object, *, by: object, at: _dt.datetime | None) -> None:
    """Close a meeting in session (the chair)."""

    def decide(c: Context[Meeting]) -> tuple[list[Event], None]:
        return [MeetingClosed(at=c.when, meeting=c.target.id, by=c.by)], None

    _as_chair(s, "close", mid, by=by, at=at, decide=decide)


@replays(MeetingClosed)
def _replay_closed(s: State, event: MeetingClosed) -> None:
    close_meeting(s, event.meeting, by=event.by, at=event.at)


def cancel_meeting(s: State, mid: object, *, by: object, at: _dt.datetime | None) -> None:
    """Cancel a convened meeting before it opens (the chair)."""

    def decide(c: Context[Meeting]) -> tuple[list[Event], None]:
        return [MeetingCancelled(at=c.when, meeting=c.target.id, by=c.by)], None

    _as_chair(s, "cancel", mid, by=by, at=at, decide=decide)


@replays(MeetingCancelled)
def _replay_cancelled(s: State, event: MeetingCancelled) -> None:
    cancel_meeting(s, event.meeting, by=event.by, at=event.at)


# -- decisions at meetings (asked by the proposals room)


def _sitting(s: State, proposal: Proposal) -> Meeting | None:
    """The meeting in session, if ``proposal`` is on its agenda."""
    if s.in_session is None:
        return None
    meeting = s.meetings[s.in_session]
    return meeting if proposal.id in meeting.agenda else None


def check_position(s: State, proposal: Proposal, by: str, action: str) -> None:
    """Refuse a position the meetings rules do not allow now."""
    meeting = _sitting(s, proposal)
    if meeting is not None:
        if by not in meeting.present:
            raise NotEntitled(
                by,
                action,
                f"meeting {meeting.id} is in session with {proposal.id} on its agenda, "
                f"and {by} is not present",
                f"Record {by}'s attendance at {meeting.id} first",
            )
        return
    if not s.the_charter.between_meetings:
        raise NotEntitled(
            by,
            action,
            f"the charter allows positions only at a meeting, and {proposal.id} "
            "is not on the agenda of a meeting in session",
            "Convene a meeting with it on the agenda",
        )


def quorum_text(quorum: str | int) -> str:
    """The charter's meeting quorum, in words."""
    if quorum == "all-members":
        return "every active member present"
    if quorum == "every-required-constituency":
        return "every required constituency present"
    return f"{quorum} members present"


def shortfall(s: State, meeting: Meeting) -> list[str]:
    """What ``meeting`` still needs present to be quorate (``[]`` when it is)."""
    present = {party for party in meeting.present if party in s.active}
    charter = s.the_charter
    quorum = charter.meeting_quorum
    if quorum == "all-members":
        return sorted(s.active - present)
    if quorum == "every-required-constituency":
        side = {party: s.members[party].party.constituency for party in s.active}
        represented = set(side.values())
        here = {side[party] for party in present}
        return [c for c in charter.required_constituencies if c in represented and c not in here]
    assert type(quorum) is int
    needed = min(quorum, len(s.active)) - len(present)
    return [f"{needed} more member{'s' if needed > 1 else ''}"] if needed > 0 else []


def check_conclusion(s: State, proposal: Proposal, by: str, action: str) -> None:
    """Refuse a conclusion the meetings rules do not allow now (quorum, written procedure)."""
    meeting = _sitting(s, proposal)
    if meeting is not None:
        missing = shortfall(s, meeting)
        if missing:
            raise NotQuorate(
                by,
                proposal.id,
                missing,
                meeting=meeting.id,
                quorum=quorum_text(s.the_charter.meeting_quorum),
            )
        return
    if not s.the_charter.between_meetings:
        raise NotEntitled(
            by,
            action,
            f"the charter allows decisions only at a meeting, and {proposal.id} "
            "is not on the agenda of a meeting in session",
            "Convene a meeting with it on the agenda",
        )


# -- applying


@applies(PersonNominated)
def _apply_nominated(s: State, event: PersonNominated) -> None:
    current = s.nominations.get(event.person.id)
    if current is not None and current.party != event.party:
        raise IntegrityError(f"{event.person.id} already sits for {current.party}")
    s.put(s.people, event.person.id, event.person)
    nomination = Nomination(
        person=event.person, party=event.party, role=event.role, since=event.at
    )
    s.put(s.nominations, event.person.id, nomination)


@applies(NominationWithdrawn)
def _apply_nomination_withdrawn(s: State, event: NominationWithdrawn) -> None:
    current = s.nominations.get(event.person)
    if current is None or current.party != event.party:
        raise IntegrityError(f"{event.party} has no nomination of {event.person} to withdraw")
    s.drop(s.nominations, event.person)


@applies(MeetingConvened)
def _apply_convened(s: State, event: MeetingConvened) -> None:
    if event.meeting in s.meetings:
        raise IntegrityError(f"meeting {event.meeting} was convened twice")
    meeting = Meeting(
        id=event.meeting,
        state=MEETING.initial,
        starts=event.starts,
        agenda=event.agenda,
        convened_by=event.by,
        convened_at=event.at,
        carried_over=event.carried_over,
    )
    s.put(s.meetings, event.meeting, meeting)


@applies(ApologiesSent)
def _apply_apologies(s: State, event: ApologiesSent) -> None:
    apologies = (*s.meetings[event.meeting].apologies, event.party)
    s.move(s.meetings, event.meeting, MEETING, "send_apologies", apologies=apologies)


@applies(AttendanceRecorded)
def _apply_attendance(s: State, event: AttendanceRecorded) -> None:
    meeting = s.meetings[event.meeting]
    s.move(
        s.meetings,
        event.meeting,
        MEETING,
        "attend",
        present={**meeting.present, event.party: event.person},
        apologies=tuple(party for party in meeting.apologies if party != event.party),
    )


@applies(MeetingOpened)
def _apply_opened(s: State, event: MeetingOpened) -> None:
    if s.in_session is not None:
        raise IntegrityError(f"meeting {event.meeting} opened while {s.in_session} was in session")
    s.move(s.meetings, event.meeting, MEETING, "open", opened_at=event.at)
    s.set("in_session", event.meeting)


@applies(MeetingClosed)
def _apply_closed(s: State, event: MeetingClosed) -> None:
    s.move(s.meetings, event.meeting, MEETING, "close", ended_at=event.at, ended_by=event.by)
    s.set("in_session", None)
    s.set("last_closed", event.meeting)


@applies(MeetingCancelled)
def _apply_cancelled(s: State, event: MeetingCancelled) -> None:
    s.move(s.meetings, event.meeting, MEETING, "cancel", ended_at=event.at, ended_by=event.by)
