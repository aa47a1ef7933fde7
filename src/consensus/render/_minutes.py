"""Minutes of a meeting, in Markdown, read from the partnership's log.

Minutes are a record of what happened, so they are drawn from the log alone,
and only from the part of it up to the meeting's close (or cancellation):
minutes of a meeting read the same whenever they are rendered, however much
has happened since. A refused command leaves no fact, so minutes never say
a conclusion was attempted; they say what the facts show (the meeting was
not quorate, positions were awaited, the item is out to consultation).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping

import attrs
import pendulum

from .._charter import Charter
from .._errors import IntegrityError, InvalidArgument
from .._events import (
    ApologiesSent,
    AttendanceRecorded,
    CharterAmended,
    CharterSigned,
    ConsultationClosed,
    ConsultationOpened,
    Event,
    MeetingCancelled,
    MeetingClosed,
    MeetingConvened,
    MeetingOpened,
    MemberAdmitted,
    MemberWithdrawn,
    MotionProposed,
    NominationWithdrawn,
    PartnershipDissolved,
    PartnershipDrafted,
    PersonNominated,
    PositionRecorded,
    ProposalAgreed,
    ProposalNotAgreed,
    ProposalTabled,
    ProposalWithdrawn,
    ReviewConcluded,
    ReviewScheduled,
)
from .._motions import Admit, Amend, ConcludeReview, Consult, Dissolve, Resolution
from .._partnership import PartnershipView
from .._partnership._meetings import quorum_text
from .._rules import Position
from ._describe import closing_text, describe, listing, motion_phrase

__all__ = ["render_minutes"]

_CONCLUSIONS = (ProposalAgreed, ProposalNotAgreed, ProposalWithdrawn)
_EFFECTS = (MemberAdmitted, CharterAmended, ReviewConcluded, PartnershipDissolved)


@attrs.define
class _Seat:
    """Who sat for a party, in which role, and whom a deputy stood in for."""

    person: str
    role: str | None
    representative: str | None
    index: int


@attrs.frozen
class _Stated:
    """A party's position as it stood, where it was recorded: at a meeting, or in writing."""

    index: int
    event: PositionRecorded
    meeting: str | None


@attrs.define
class _Item:
    """What the log says of one agenda item, up to the meeting's end."""

    pid: str
    proposed: MotionProposed
    state: str = "draft"
    positions: dict[str, _Stated] = attrs.field(factory=dict)
    concluded: tuple[int, ProposalAgreed | ProposalNotAgreed | ProposalWithdrawn] | None = None
    consultation: ConsultationOpened | None = None
    at_meeting: list[Event] = attrs.field(factory=list)
    effects: list[Event] = attrs.field(factory=list)


@attrs.define
class _Record:
    """One pass over the log up to the meeting's end: everything the minutes say."""

    convened: MeetingConvened
    charter: Charter
    chair_when_convened: str
    opened: tuple[int, MeetingOpened] | None = None
    ended: tuple[int, MeetingClosed | MeetingCancelled] | None = None
    names: dict[str, str] = attrs.field(factory=dict)
    parties: dict[str, str] = attrs.field(factory=dict)  # id -> constituency, in order
    active: set[str] = attrs.field(factory=set)
    seats: dict[str, _Seat] = attrs.field(factory=dict)
    items: dict[str, _Item] = attrs.field(factory=dict)
    other: list[Event] = attrs.field(factory=list)
    # Admissions and withdrawals between the last meeting's close and this
    # one's opening (None until it opens; empty for a first meeting).
    since: tuple[Event, ...] | None = None


def _in_order(record: _Record, said: Mapping[str, Position], position: Position) -> list[str]:
    """The parties that said ``position``, in the order the partnership lists its members."""
    return [party for party in record.parties if said.get(party) is position]


def _in_session(record: _Record, index: int) -> bool:
    opened = record.opened[0] if record.opened else None
    ended = record.ended[0] if record.ended else None
    return opened is not None and index > opened and (ended is None or index < ended)


def _read(events: Iterable[Event], mid: str) -> _Record:
    """Read the log up to the end of meeting ``mid`` (its close or cancellation)."""
    charter: Charter | None = None
    names: dict[str, str] = {}
    parties: dict[str, str] = {}
    active: set[str] = set()
    nominations: dict[str, tuple[str, str]] = {}  # person -> (party, role)
    proposals: dict[str, MotionProposed] = {}
    states: dict[str, str] = {}
    positions: dict[str, dict[str, _Stated]] = {}
    agendas: dict[str, tuple[str, ...]] = {}
    sitting: str | None = None  # the meeting in session
    consulted: dict[str, str] = {}  # consultation id -> the proposal consulted on
    record: _Record | None = None
    previous: Event | None = None
    since: list[Event] | None = None  # membership changes since a meeting last closed
    for index, event in enumerate(events):
        if isinstance(event, PartnershipDrafted | CharterAmended):
            charter = event.charter
            for party in charter.signatories:
                names.setdefault(party.id, party.name)
                parties.setdefault(party.id, party.constituency)
            for advisor in charter.advisors:
                names[advisor.id] = advisor.name
        elif isinstance(event, CharterSigned):
            active.add(event.party)
        elif isinstance(event, MemberAdmitted):
            names[event.party.id] = event.party.name
            parties[event.party.id] = event.party.constituency
            active.add(event.party.id)
            if since is not None:
                since.append(event)
        elif isinstance(event, MemberWithdrawn):
            active.discard(event.party)
            if since is not None:
                since.append(event)
        elif isinstance(event, PersonNominated):
            names[event.person.id] = event.person.name
            nominations[event.person.id] = (event.party, event.role)
        elif isinstance(event, NominationWithdrawn):
            nominations.pop(event.person, None)
        elif isinstance(event, MotionProposed):
            proposals[event.proposal] = event
            states[event.proposal] = "draft"
        elif isinstance(event, PositionRecorded):
            at = sitting if sitting and event.proposal in agendas[sitting] else None
            positions.setdefault(event.proposal, {})[event.party] = _Stated(index, event, at)
        elif isinstance(event, ProposalTabled):
            states[event.proposal] = "deliberating"
        elif isinstance(event, ProposalAgreed):
            states[event.proposal] = "agreed"
        elif isinstance(event, ProposalNotAgreed):
            states[event.proposal] = "not_agreed"
        elif isinstance(event, ProposalWithdrawn):
            states[event.proposal] = "withdrawn"
        elif isinstance(event, ConsultationOpened):
            consulted[event.consultation] = event.proposal
            states[event.proposal] = "consulting"
        elif isinstance(event, ConsultationClosed):
            target = consulted.get(event.consultation)
            if target is not None and states.get(target) == "consulting":
                states[target] = "deliberating"
        elif isinstance(event, MeetingOpened):
            sitting = event.meeting
        elif isinstance(event, MeetingClosed):
            sitting = None
            since = []
        if isinstance(event, MeetingConvened):
            agendas[event.meeting] = event.agenda
        if isinstance(event, MeetingConvened) and event.meeting == mid:
            if charter is None:  # a partnership's log always begins with its drafting
                raise IntegrityError(f"meeting {mid} was convened before any charter")
            record = _Record(convened=event, charter=charter, chair_when_convened=charter.chair)
            for pid in event.agenda:
                record.items[pid] = _Item(
                    pid=pid,
                    proposed=proposals[pid],
                    state=states[pid],
                    positions=positions.setdefault(pid, {}),  # kept up to date as we read
                )

        if record is not None:
            _note(record, index, event, previous, mid, nominations, consulted)
            if record.opened is not None and record.since is None:
                record.since = tuple(since or ())
            if isinstance(event, MeetingClosed | MeetingCancelled) and event.meeting == mid:
                record.ended = (index, event)
                break
        previous = event
    if record is None or charter is None:  # the view knew the meeting: its log convened it
        raise IntegrityError(f"the log holds no meeting.convened event for {mid}")
    record.charter, record.names, record.parties, record.active = charter, names, parties, active
    for item in record.items.values():
        item.state = states[item.pid]
    return record


def _note(
    record: _Record,
    index: int,
    event: Event,
    previous: Event | None,
    mid: str,
    nominations: Mapping[str, tuple[str, str]],
    consulted: Mapping[str, str],
) -> None:
    """File one event at or after the convening where the minutes will show it."""
    items = record.items
    if isinstance(event, MeetingOpened) and event.meeting == mid:
        record.opened = (index, event)
        return
    if isinstance(event, AttendanceRecorded) and event.meeting == mid:
        party, role = nominations.get(event.person, (event.party, None))
        representative = next(
            (p for p, (sits, r) in nominations.items() if sits == party and r == "representative"),
            None,
        )
        record.seats[event.party] = _Seat(event.person, role, representative, index)
        return
    if isinstance(event, ApologiesSent | MeetingConvened) and event.meeting == mid:
        return
    subject = getattr(event, "proposal", None)
    item = items.get(subject) if isinstance(subject, str) else None
    if isinstance(event, _CONCLUSIONS) and item is not None:
        item.concluded = (index, event)
    if isinstance(event, ConsultationOpened):
        target = items.get(event.proposal)
        if target is not None:
            target.consultation = event
        item = items.get(event.consultation, target)
    if not _in_session(record, index):
        return
    if item is None and isinstance(event, ConsultationClosed) and event.by is not None:
        # Withdrawing a proposal under consultation closes it, in the same command.
        withdrawn = isinstance(previous, ProposalWithdrawn)
        item = items.get(consulted.get(event.consultation, "")) if withdrawn else None
    if item is None and isinstance(event, ReviewScheduled):
        # The next review cycle, scheduled by the ReviewConcluded just before it.
        concluded = previous.proposal if isinstance(previous, ReviewConcluded) else ""
        item = items.get(concluded)
    if item is None:
        if not (isinstance(event, MeetingClosed | MeetingCancelled) and event.meeting == mid):
            record.other.append(event)
        return
    if isinstance(event, _CONCLUSIONS):
        return  # the outcome says it
    if isinstance(event, ConsultationOpened) and event.consultation != item.pid:
        item.at_meeting.append(event)  # a consultation on this item, agreed elsewhere
    elif isinstance(event, (*_EFFECTS, ConsultationOpened, ConsultationClosed, ReviewScheduled)):
        item.effects.append(event)
    else:
        item.at_meeting.append(event)


# -- how the minutes say things


def _day(instant: pendulum.DateTime) -> str:
    return instant.format("dddd D MMMM YYYY")


def _date(instant: pendulum.DateTime) -> str:
    return instant.format("D MMMM YYYY")


def _time(instant: pendulum.DateTime) -> str:
    return instant.format("HH:mm zz")


def _title(motion: object, name: Mapping[str, str], phrase: str) -> str:
    match motion:
        case Resolution(title=title):
            return " ".join(title.split())
        case Admit(party=party):
            return f"Admission of {name.get(party.id, party.name)}"
        case Consult(proposal=target):
            return f"Consulting the advisory group on {target}"
        case Amend():
            return "Amendment of the charter"
        case ConcludeReview(review=review):
            return f"Conclusion of review {review}"
        case Dissolve():
            return "Dissolution of the partnership"
    return phrase[:1].upper() + phrase[1:]


def _body(motion: object) -> list[str]:
    """The words of a motion a meeting considers, as a quotation."""
    match motion:
        case Resolution(text=text):
            lines = text.strip().splitlines()
        case Amend(rationale=rationale, clauses=clauses):
            lines = [f"Rationale: {rationale.strip()}"]
            for clause, wording in clauses.items():
                change = "removed" if wording is None else wording.strip()
                lines.append(f"Clause {clause}: {change}")
        case Consult(question=question):
            lines = [f"Question: {question.strip()}"]
        case ConcludeReview(findings=findings):
            lines = [f"Findings: {findings.strip()}"]
        case Dissolve(rationale=rationale):
            lines = [f"Rationale: {rationale.strip()}"]
        case _:
            return []
    # Every line of the words stays inside the quotation, blank lines included.
    return [f"> {part}".rstrip() for line in lines for part in line.splitlines() or [""]]


class _Minutes:
    """Builds the Markdown of one meeting from what :func:`_read` found."""

    def __init__(self, view: PartnershipView, record: _Record) -> None:
        self.view = view
        self.record = record
        self.zone = record.charter.timezone
        self.names = record.names
        self.lines: list[str] = []

    def name(self, ref: str) -> str:
        return self.names.get(ref, ref)

    def local(self, instant: _dt.datetime) -> pendulum.DateTime:
        """An instant in the charter's zone, as the minutes give every time."""
        moved: pendulum.DateTime = pendulum.instance(instant).in_timezone(self.zone)
        return moved

    def say(self, *lines: str) -> None:
        self.lines.extend(lines)

    def sentence(self, event: Event) -> str:
        return describe(event, names=self.names)

    def bullets(self, texts: Iterable[str]) -> None:
        self.say(*(f"- {text}" for text in texts))
        self.say("")

    # -- the parts

    def heading(self, kind: str) -> None:
        convened = self.record.convened
        self.say(f"# {self.record.charter.title}", "")
        starts = self.local(convened.starts)
        self.say(f"## {kind} {_date(starts)} ({convened.meeting})", "")

    def convening(self) -> str:
        convened = self.record.convened
        acting = "chair" if convened.by == self.record.chair_when_convened else "acting chair"
        return (
            f"convened by {self.name(convened.by)} ({acting}) on {_date(self.local(convened.at))}"
        )

    def when(self) -> str:
        starts = self.local(self.record.convened.starts)
        return f"{_day(starts)} at {_time(starts)} ({self.zone})"

    def agenda(self, heading: str = "Agenda") -> None:
        self.say(f"### {heading}", "")
        items = list(self.record.items.values())
        if not items:
            self.say("Nothing was put on the agenda.", "")
            return
        for number, item in enumerate(items, start=1):
            line = f"{number}. {self.item_title(item)} ({item.pid}), proposed by {self.name(item.proposed.by)}"
            if item.pid in self.record.convened.carried_over:
                line += "; carried over from the previous meeting"
            self.say(line)
        self.say("")

    def item_title(self, item: _Item) -> str:
        motion = item.proposed.motion
        return _title(motion, self.names, motion_phrase(motion, self.name))

    def attendance(self) -> None:
        record = self.record
        opened = record.opened
        self.say("### Present", "")
        present = [party for party in record.parties if party in record.seats]
        if not present:
            self.say("Nobody's attendance was recorded.", "")
        for party in present:
            seat = record.seats[party]
            line = f"- {self.name(party)}: {self.name(seat.person)}"
            if seat.role == "deputy":
                line += (
                    f", deputising for {self.name(seat.representative)}"
                    if seat.representative
                    else " (deputy)"
                )
            if opened is not None and seat.index > opened[0]:
                joined = self.local(self.view.events[seat.index].at)
                line += f" (joined at {_time(joined)})"
            self.say(line)
        if present:
            self.say("")
        meeting = self.view.meeting(record.convened.meeting)
        apologies = [party for party in meeting.apologies if party not in record.seats]
        if apologies:
            self.say("### Apologies", "")
            self.bullets(self.name(party) for party in apologies)
        absent = [
            party
            for party in record.parties
            if party in record.active and party not in record.seats and party not in apologies
        ]
        if absent and opened is not None:
            self.say("### Absent", "")
            self.bullets(self.name(party) for party in absent)

    def shortfall(self) -> str | None:
        """What the meeting lacked for quorum at its end, in words (``None`` when quorate).

        The charter's ``meeting_quorum`` read as the meetings room reads it:
        active members present; every required constituency that has an
        active member; or a number, capped at the active membership.
        """
        record, charter = self.record, self.record.charter
        active = record.active
        present = {party for party in record.seats if party in active}
        quorum = charter.meeting_quorum
        if quorum == "all-members":
            away = [self.name(party) for party in record.parties if party in active - present]
            return (
                f"{listing(away)} {'was' if len(away) == 1 else 'were'} not present"
                if away
                else None
            )
        if quorum == "every-required-constituency":
            sides = {record.parties[party] for party in active}
            here = {record.parties[party] for party in present}
            titles = {c.id: c.name for c in charter.constituencies}
            empty = [
                titles.get(c, c)
                for c in charter.required_constituencies
                if c in sides and c not in here
            ]
            return f"nobody was present for {listing(empty)}" if empty else None
        needed = min(int(quorum), len(active)) - len(present)
        more = f"{needed} more member{'s' if needed > 1 else ''}"
        return f"it needed {more} present" if needed > 0 else None

    def quorum(self) -> bool:
        """Say whether the meeting was quorate; return whether it was."""
        missing = self.shortfall()
        rule = quorum_text(self.record.charter.meeting_quorum)
        if missing:
            self.say(f"The meeting was not quorate: its quorum is {rule}, and {missing}.", "")
        else:
            self.say(f"The meeting was quorate ({rule}).", "")
        return missing is None

    def item(self, number: int, item: _Item, *, opened: int, inquorate: bool) -> None:
        record = self.record
        motion = item.proposed.motion
        self.say(f"### {number}. {self.item_title(item)} ({item.pid})", "")
        proposed = (
            f"Proposed by {self.name(item.proposed.by)} on {_date(self.local(item.proposed.at))}"
        )
        if not isinstance(motion, Resolution):
            proposed += f", to {motion_phrase(motion, self.name)}"
        if item.pid in record.convened.carried_over:
            proposed += "; carried over from the previous meeting"
        self.say(proposed + ".", "")
        body = _body(motion)
        if body:
            self.say(*body, "")
        concluded_before = item.concluded is not None and item.concluded[0] < opened
        spoke = {e.party for e in item.at_meeting if isinstance(e, PositionRecorded)}
        earlier = [
            stated
            for party, stated in item.positions.items()
            if stated.index < opened and party not in spoke and party in record.active
        ]
        if earlier and not concluded_before:
            self.say("Positions recorded before the meeting:", "")
            self.bullets(
                f"{_date(self.local(stated.event.at))}, "
                f"{f'at meeting {stated.meeting}' if stated.meeting else 'in writing'}: "
                f"{self.sentence(stated.event)}"
                for stated in sorted(earlier, key=lambda stated: stated.index)
            )
        if item.at_meeting:
            self.say("At the meeting:", "")
            self.bullets(self.sentence(event) for event in item.at_meeting)
        self.say(self.outcome(item, concluded_before=concluded_before, inquorate=inquorate), "")
        if item.effects:
            self.say("As a result:", "")
            self.bullets(self.sentence(event) for event in item.effects)

    def outcome(self, item: _Item, *, concluded_before: bool, inquorate: bool) -> str:
        if item.concluded is not None:
            _, event = item.concluded
            if concluded_before:
                verdict = {
                    ProposalAgreed: "agreed",
                    ProposalNotAgreed: "not agreed",
                    ProposalWithdrawn: "withdrawn",
                }[type(event)]
                return (
                    f"**Outcome:** already {verdict} before the meeting, "
                    f"on {_date(self.local(event.at))}."
                )
            if isinstance(event, ProposalWithdrawn):
                return f"**Outcome: withdrawn** by {self.name(event.by)}."
            verdict = "agreed" if isinstance(event, ProposalAgreed) else "not agreed"
            count = len(event.electorate)
            return (
                f"**Outcome: {verdict}**, under the {event.rule} rule, "
                f"{count} member{'' if count == 1 else 's'} deciding{self.against(item, event)}."
            )
        if self.record.ended is None:
            return "**Outcome:** not yet decided; the meeting is in session."
        return f"**Outcome: no decision**{self.why_open(item, inquorate=inquorate)}."

    def against(self, item: _Item, event: ProposalAgreed | ProposalNotAgreed) -> str:
        """Who stood against a concluded item: blocks and disagreements among its electorate."""
        said = {
            party: stated.event.position
            for party, stated in item.positions.items()
            if party in event.electorate
        }
        parts = []
        for position, verb in ((Position.BLOCK, "blocked by"), (Position.DISAGREE, "opposed by")):
            parties = [self.name(party) for party in _in_order(self.record, said, position)]
            if parties:
                parts.append(f"{verb} {listing(parties)}")
        return "; " + "; ".join(parts) if parts else ""

    def why_open(self, item: _Item, *, inquorate: bool) -> str:
        """Why an item stands open at the end of the meeting, as far as the facts say."""
        if item.state == "consulting":
            return f"; it is {self.state_at_end(item)}"
        if inquorate:
            return "; the meeting was not quorate"
        if item.state == "draft":
            return "; it was not tabled for deliberation"
        awaited = [party for party in self.record.parties if party in self.record.active]
        awaited = [party for party in awaited if party not in item.positions]
        if awaited:
            return f"; positions are awaited from {listing([self.name(p) for p in awaited])}"
        return ""

    def state_at_end(self, item: _Item) -> str:
        """Where an open item stands at the end of the meeting."""
        consultation = item.consultation
        if item.state == "consulting" and consultation is not None:
            cid = consultation.consultation
            numbers = {pid: n for n, pid in enumerate(self.record.items, start=1)}
            where = f" (item {numbers[cid]})" if cid in numbers else ""
            closes = closing_text(self.local(consultation.closes_at))
            return f"out to consultation {cid}{where} until {closes}"
        return {"draft": "not yet tabled", "deliberating": "under deliberation"}.get(
            item.state, item.state.replace("_", " ")
        )

    # -- the three kinds of document

    def minutes(self, opened_event: tuple[int, MeetingOpened]) -> str:
        record = self.record
        opened = self.local(opened_event[1].at)
        held = (
            "Draft minutes of the meeting of"
            if record.ended is None
            else "Minutes of the meeting of"
        )
        self.heading(held)
        timing = (
            f"The meeting was {self.convening()} for {self.when()}. It opened at {_time(opened)}"
        )
        if record.ended is None:
            timing += " and is still in session."
        else:
            timing += f" and closed at {_time(self.local(record.ended[1].at))}."
        self.say(timing, "")
        if record.since:
            self.say("### Membership since the last meeting", "")
            self.bullets(self.sentence(event) for event in record.since)
        self.attendance()
        quorate = self.quorum()
        for number, item in enumerate(record.items.values(), start=1):
            self.item(number, item, opened=opened_event[0], inquorate=not quorate)
        if record.other:
            self.say("### Also recorded during the meeting", "")
            self.bullets(self.sentence(event) for event in record.other)
        still_open = [item for item in record.items.values() if item.concluded is None]
        if still_open and record.ended is not None:
            self.say("### Carried over", "")
            self.say("Not concluded by the close of the meeting, these go to the next one:", "")
            self.bullets(
                f"{self.item_title(item)} ({item.pid}): {self.state_at_end(item)}"
                for item in still_open
            )
        return self.text()

    def notice(self) -> str:
        record = self.record
        self.heading("Notice of the meeting of")
        self.say(f"The meeting will be held on {self.when()}. It was {self.convening()}.", "")
        self.agenda()
        meeting = self.view.meeting(record.convened.meeting)
        if meeting.apologies:
            self.say("### Apologies received", "")
            self.bullets(self.name(party) for party in meeting.apologies)
        if record.seats:
            self.say("### Attending so far", "")
            self.bullets(
                f"{self.name(party)}: {self.name(record.seats[party].person)}"
                for party in record.parties
                if party in record.seats
            )
        return self.text()

    def cancellation(self, ended: MeetingClosed | MeetingCancelled) -> str:
        self.heading("Cancelled: the meeting of")
        self.say(
            f"The meeting {self.convening()}, for {self.when()}, was cancelled by "
            f"{self.name(ended.by)} on {_date(self.local(ended.at))}. It was not held.",
            "",
        )
        self.agenda("Agenda it would have taken")
        return self.text()

    def text(self) -> str:
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


def render_minutes(p: PartnershipView, mid: str) -> str:
    """The minutes of meeting ``mid``, in Markdown, as a secretariat would circulate them.

    A held meeting gives minutes: the partnership's name, the date and time in
    the charter's time zone, the parties admitted or withdrawn since the
    last meeting closed, who was present for each party (a deputy
    *deputising for* the representative), apologies, then each agenda item in
    order with who proposed it and what, the positions recorded before and at
    the meeting with their reasons, the outcome, what followed from it (a
    consultation opened, a member admitted, the charter amended), anything
    else recorded during the meeting, and the items carried over, not
    concluded by the close. A meeting in session gives draft minutes so far;
    a convened meeting gives its notice and agenda; a cancelled one says so.

    Everything is read from the log up to the meeting's end, so the minutes
    of a meeting do not change as the partnership goes on. A refused command
    leaves no fact, so where an item stayed open the minutes give what the
    facts show: the meeting was not quorate, positions were awaited, the
    item is out to consultation.

    Args:
        p: a partnership, or a view of one.
        mid: the meeting's id, such as ``"m-0001"``.

    Returns:
        Markdown text, ending with a newline.

    Raises:
        InvalidArgument: ``p`` is not a partnership.
        UnknownReference: there is no meeting ``mid``.

    Examples:
        >>> import consensus as cs, pendulum
        >>> clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
        >>> p = cs.Partnership.draft(cs.load_charter(
        ...     "examples/charters/social_care_workforce_partnership.toml"), clock=clock)
        >>> for party in p.charter.signatories:
        ...     p.sign(by=party.id)
        >>> mid = p.convene(starts=pendulum.datetime(2024, 10, 15, 10, tz="Europe/London"),
        ...                 by="welsh-government")
        >>> print(cs.render_minutes(p, mid))
        # Social Care Workforce Partnership
        <BLANKLINE>
        ## Notice of the meeting of 15 October 2024 (m-0001)
        <BLANKLINE>
        The meeting will be held on Tuesday 15 October 2024 at 10:00 BST (Europe/London). It was convened by Welsh Government (chair) on 2 September 2024.
        <BLANKLINE>
        ### Agenda
        <BLANKLINE>
        Nothing was put on the agenda.
        <BLANKLINE>
        >>> cs.render_minutes(p, "m-0002")
        Traceback (most recent call last):
          ...
        consensus.UnknownReference: There is no meeting 'm-0002'; known: m-0001.
    """
    if not isinstance(p, PartnershipView):
        raise InvalidArgument("p", p, "a consensus.Partnership, or a view of one")
    meeting = p.meeting(mid)
    record = _read(p.events, meeting.id)
    minutes = _Minutes(p, record)
    if record.ended is not None and meeting.state == "cancelled":
        return minutes.cancellation(record.ended[1])
    if record.opened is None:
        return minutes.notice()
    return minutes.minutes(record.opened)
