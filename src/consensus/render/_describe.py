"""One plain-English sentence for each kind of event, for minutes and tools.

Every event class in :mod:`consensus._events` has its own sentence here,
written by hand: there is no generic fallback, and a test checks that the
table below names every class the log may hold. A sentence names who did
what, by display name where the caller gives one and by id otherwise, and
carries a time only when the time is part of the fact (when a meeting
starts, when a consultation closes, when a review falls due), written in
the zone of the instant the event holds.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import pendulum

from .._charter import PartyRecord
from .._errors import InvalidArgument
from .._events import (
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
    ReviewBecameOverdue,
    ReviewConcluded,
    ReviewFellDue,
    ReviewOpened,
    ReviewScheduled,
)
from .._motions import (
    Admit,
    AdoptModel,
    Amend,
    ConcludeReview,
    Consult,
    Dissolve,
    DropMilestone,
    RescindModel,
    Resolution,
    ReviseModel,
    SetMilestone,
)
from .._records import Channel
from .._rules import Position

__all__ = ["SENTENCES", "Names", "closing_text", "describe", "listing", "motion_phrase", "when"]

Names = Callable[[str], str]
"""Turns a party's, advisor's or person's id into the name to show."""


# -- pieces of sentences


def when(instant: _dt.datetime) -> str:
    """An instant as a sentence gives it: ``15 January 2025 at 10:00 GMT``, in its own zone."""
    return pendulum.instance(instant).format("D MMMM YYYY [at] HH:mm zz")


def _date(day: _dt.date) -> str:
    return f"{day.day} {pendulum.date(day.year, day.month, day.day).format('MMMM YYYY')}"


def closing_text(closes_at: _dt.datetime) -> str:
    """When a consultation closes: the end of its closing day, since it closes at local midnight."""
    instant = pendulum.instance(closes_at)
    if (instant.hour, instant.minute, instant.second, instant.microsecond) == (0, 0, 0, 0):
        return f"the end of {_date(instant.subtract(days=1).date())}"
    return when(instant)


def listing(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


_SPACE = re.compile(r"\s+")


def _text(value: str) -> str:
    """Free text inside a sentence: one line, without a full stop of its own."""
    flat = _SPACE.sub(" ", value).strip()
    return flat[:-1] if flat.endswith(".") else flat


def _ending(value: str) -> str:
    """Free text that ends a sentence: one line, ending with its own stop or a full stop."""
    flat = _SPACE.sub(" ", value).strip()
    return flat if flat.endswith((".", "?", "!")) else flat + "."


def _quoted(value: str) -> str:
    return f'"{_SPACE.sub(" ", value).strip()}"'


def _party(party: PartyRecord, name: Names) -> str:
    """A party named by the caller, or else by the record itself (it carries a name)."""
    shown = name(party.id)
    return party.name if shown == party.id else shown


def _clauses(ids: list[str]) -> str:
    return ("clause " if len(ids) == 1 else "clauses ") + listing(ids)


def _amendment(motion: Amend, name: Names) -> str:
    """What an amendment changes, as verb phrases: ``amend clause 7.2 and make UNISON the chair``."""
    parts = []
    if motion.clauses:
        parts.append("amend " + _clauses(list(motion.clauses)))
    headings = [clause for clause in motion.headings if clause not in motion.clauses]
    if headings:
        parts.append("retitle " + _clauses(headings))
    if motion.add_advisors:
        joining = listing([advisor.name for advisor in motion.add_advisors])
        parts.append(f"add {joining} to the advisory group")
    if motion.remove_advisors:
        leaving = listing([name(advisor) for advisor in motion.remove_advisors])
        parts.append(f"remove {leaving} from the advisory group")
    if motion.rule:
        parts.append(f"decide by the {motion.rule} rule")
    if motion.chair:
        parts.append(f"make {name(motion.chair)} the chair")
    if motion.required_constituencies is not None:
        required = list(motion.required_constituencies)
        parts.append(
            f"require {listing(required)} to be represented"
            if required
            else "require no constituency to be represented"
        )
    if motion.review_period_months is not None:
        every = _plural(motion.review_period_months, "month")
        parts.append(f"review the arrangements every {every}")
    return listing(parts)


def motion_phrase(motion: object, name: Names) -> str:
    """What a motion asks, as a phrase after "to": ``resolve "Model induction policy"``.

    Built-in motions are phrased here, with names; a motion of your own by its
    ``describe()`` (or a plain phrase if that fails).
    """
    match motion:
        case Resolution(title=title):
            return f"resolve {_quoted(title)}"
        case Admit(party=party):
            return f"admit {_party(party, name)} to the {party.constituency} constituency"
        case Consult(proposal=target, advisors=advisors, closes=closes):
            return (
                f"consult {listing([name(a) for a in advisors])} on {target}, "
                f"with responses by the end of {_date(closes)}"
            )
        case Amend():
            return _amendment(motion, name)
        case ConcludeReview(review=review):
            return f"conclude review {review}"
        case Dissolve():
            return "dissolve the partnership"
        case AdoptModel(title=title, topic=topic, review_by=review_by):
            review = f", for review by {_date(review_by)}" if review_by is not None else ""
            return f"adopt the model policy {_quoted(title)} on {_text(topic)}{review}"
        case ReviseModel(model=model, rationale=rationale):
            return f"revise model {model} ({_text(rationale)})"
        case RescindModel(model=model, rationale=rationale):
            return f"rescind model {model} ({_text(rationale)})"
        case SetMilestone(title=title, due=due, owner=owner):
            return (
                f"set the milestone {_quoted(title)}, owned by {name(owner)}, due by {_date(due)}"
            )
        case DropMilestone(milestone=milestone, rationale=rationale):
            return f"drop milestone {milestone} ({_text(rationale)})"
    try:
        phrase = motion.describe()  # type: ignore[attr-defined]
    except Exception:  # a downstream motion with a defect: still a sentence, never a crash
        phrase = None
    if type(phrase) is str and phrase.strip():
        return _text(phrase)
    kind = getattr(type(motion), "KIND", None)
    label = kind if type(kind) is str else type(motion).__name__
    return f"agree a motion of kind {label!r}"


_POSITIONS = {
    Position.AGREE: "agreed to",
    Position.ABSTAIN: "abstained on",
    Position.DISAGREE: "disagreed with",
    Position.BLOCK: "blocked",
}

_CHANNELS = {
    Channel.EMAIL: "by email",
    Channel.ONLINE_FORM: "through the online form",
    Channel.LETTER: "by letter",
    Channel.AUDIO: "in an audio recording",
    Channel.VIDEO: "in a video recording",
    Channel.IN_PERSON: "in person",
}


# -- one sentence for each event


def _drafted(e: PartnershipDrafted, name: Names) -> str:
    count = len(e.charter.signatories)
    return (
        f"{e.charter.title} was drafted from version {e.charter.version} of its charter, "
        f"for its {_plural(count, 'signatory', 'signatories')} to sign."
    )


def _signed(e: CharterSigned, name: Names) -> str:
    return f"{name(e.party)} signed the charter."


def _ratified(e: PartnershipRatified, name: Names) -> str:
    return "With the last signature the partnership was ratified, and its charter took effect."


def _proposed(e: MotionProposed, name: Names) -> str:
    return f"{name(e.by)} proposed to {motion_phrase(e.motion, name)} ({e.proposal})."


def _tabled(e: ProposalTabled, name: Names) -> str:
    return f"{name(e.by)} tabled {e.proposal} for deliberation."


def _position(e: PositionRecorded, name: Names) -> str:
    done = f"{name(e.party)} {_POSITIONS[e.position]} {e.proposal}"
    return f"{done}: {_ending(e.reason)}" if e.reason else f"{done}."


def _withdrawn(e: ProposalWithdrawn, name: Names) -> str:
    return f"{name(e.by)} withdrew {e.proposal}."


def _deciding(e: ProposalAgreed | ProposalNotAgreed) -> str:
    return f"under the {e.rule} rule, {_plural(len(e.electorate), 'member')} deciding"


def _agreed(e: ProposalAgreed, name: Names) -> str:
    return f"{name(e.by)} concluded {e.proposal}: agreed {_deciding(e)}."


def _not_agreed(e: ProposalNotAgreed, name: Names) -> str:
    return f"{name(e.by)} concluded {e.proposal}: not agreed {_deciding(e)}."


def _admitted(e: MemberAdmitted, name: Names) -> str:
    return (
        f"{_party(e.party, name)} joined the partnership as a member for the {e.party.constituency} "
        f"constituency, as agreed in {e.proposal}."
    )


def _member_withdrawn(e: MemberWithdrawn, name: Names) -> str:
    return f"{name(e.party)} withdrew from the partnership."


def _dissolved(e: PartnershipDissolved, name: Names) -> str:
    if e.proposal is not None:
        return f"The partnership was dissolved, as agreed in {e.proposal}."
    if e.party is not None:
        return f"The partnership was dissolved when its last member, {name(e.party)}, withdrew."
    return "The partnership was dissolved."


def _opened_consultation(e: ConsultationOpened, name: Names) -> str:
    return (
        f"Consultation {e.consultation} on {e.proposal} opened, asking "
        f"{listing([name(a) for a in e.advisors])} {_quoted(e.question)}, "
        f"with responses due by {closing_text(e.closes_at)}."
    )


def _response(e: ResponseReceived, name: Names) -> str:
    return (
        f"{name(e.advisor)} responded to consultation {e.consultation} "
        f"{_CHANNELS[e.channel]}: {_ending(e.text)}"
    )


def _closed_consultation(e: ConsultationClosed, name: Names) -> str:
    if e.by is None:
        return f"Consultation {e.consultation} closed at the end of its closing date."
    return f"{name(e.by)} closed consultation {e.consultation} before its closing date."


def _amended(e: CharterAmended, name: Names) -> str:
    return f"Version {e.version} of the charter took effect, as agreed in {e.proposal}."


def _scheduled(e: ReviewScheduled, name: Names) -> str:
    due = pendulum.instance(e.due)
    return (
        f"Review {e.review} (cycle {e.cycle}) was scheduled, falling due on {_date(due.date())}."
    )


def _fell_due(e: ReviewFellDue, name: Names) -> str:
    return f"Review {e.review} fell due."


def _overdue(e: ReviewBecameOverdue, name: Names) -> str:
    return f"Review {e.review} became overdue: it was still not concluded a grace period after it fell due."


def _review_opened(e: ReviewOpened, name: Names) -> str:
    return f"{name(e.by)} opened review {e.review}."


def _review_concluded(e: ReviewConcluded, name: Names) -> str:
    return f"Review {e.review} was concluded, as agreed in {e.proposal}, finding: {_ending(e.findings)}"


def _nominated(e: PersonNominated, name: Names) -> str:
    shown = name(e.person.id)
    shown = e.person.name if shown == e.person.id else shown
    role = "its representative" if e.role == "representative" else f"a {e.role}"
    return f"{name(e.party)} nominated {shown} as {role}."


def _nomination_withdrawn(e: NominationWithdrawn, name: Names) -> str:
    return f"{name(e.party)} withdrew its nomination of {name(e.person)}."


def _convened(e: MeetingConvened, name: Names) -> str:
    agenda = list(e.agenda)
    if not agenda:
        items = "with nothing on its agenda"
    else:
        items = f"with {listing(agenda)} on its agenda"
        if e.carried_over:
            carried = list(e.carried_over)
            verb = "was" if len(carried) == 1 else "were"
            items += f" ({listing(carried)} {verb} carried over)"
    return f"{name(e.by)} convened meeting {e.meeting} for {when(e.starts)}, {items}."


def _apologies(e: ApologiesSent, name: Names) -> str:
    return f"{name(e.party)} sent apologies for meeting {e.meeting}."


def _attended(e: AttendanceRecorded, name: Names) -> str:
    return f"{name(e.person)} attended meeting {e.meeting} for {name(e.party)}."


def _meeting_opened(e: MeetingOpened, name: Names) -> str:
    return f"{name(e.by)} opened meeting {e.meeting}."


def _meeting_closed(e: MeetingClosed, name: Names) -> str:
    return f"{name(e.by)} closed meeting {e.meeting}."


def _cancelled(e: MeetingCancelled, name: Names) -> str:
    return f"{name(e.by)} cancelled meeting {e.meeting}."


def _model_adopted(e: ModelAdopted, name: Names) -> str:
    flagged = "" if e.named_topic else ", a topic the charter does not name"
    review = f"; it is to be reviewed by {_date(e.review_by)}" if e.review_by is not None else ""
    return (
        f"Model policy {e.model}, {_quoted(e.title)} on {_text(e.topic)}{flagged}, "
        f"came into force at version 1{review}."
    )


def _model_revised(e: ModelRevised, name: Names) -> str:
    return (
        f"Version {e.version} of model policy {e.model} came into force, as agreed in "
        f"{e.proposal}: {_ending(e.rationale)}"
    )


def _model_rescinded(e: ModelRescinded, name: Names) -> str:
    return (
        f"Model policy {e.model} was rescinded, as agreed in {e.proposal}: {_ending(e.rationale)}"
    )


def _model_review_due(e: ModelReviewFellDue, name: Names) -> str:
    return f"Model policy {e.model} fell due for review."


def _adoption_recorded(e: AdoptionRecorded, name: Names) -> str:
    employer = e.employer
    embedded = (
        ", embedding it in its contracts"
        if e.embedded_in_contracts
        else ", not yet in its contracts"
    )
    return (
        f"{name(e.by)} recorded that {employer.name} ({employer.sector} sector) adopted "
        f"version {e.version} of model policy {e.model}{embedded}."
    )


def _adoption_withdrawn(e: AdoptionWithdrawn, name: Names) -> str:
    return (
        f"{name(e.by)} recorded that {name(e.employer)} no longer adopts model policy {e.model}."
    )


def _milestone_set(e: MilestoneSet, name: Names) -> str:
    return (
        f"Milestone {e.milestone}, {_quoted(e.title)}, was set for {name(e.owner)} "
        f"to meet by the end of {_date(e.due)}."
    )


def _progress(e: ProgressReported, name: Names) -> str:
    if e.done:
        return f"{name(e.by)} reported milestone {e.milestone} done: {_ending(e.note)}"
    return f"{name(e.by)} reported progress on milestone {e.milestone}: {_ending(e.note)}"


def _milestone_met(e: MilestoneMet, name: Names) -> str:
    return f"Milestone {e.milestone} was met, as {name(e.by)} reported."


def _milestone_overdue(e: MilestoneBecameOverdue, name: Names) -> str:
    return f"Milestone {e.milestone} became overdue: its due date ended before it was met."


def _milestone_dropped(e: MilestoneDropped, name: Names) -> str:
    return (
        f"Milestone {e.milestone} was dropped, as agreed in {e.proposal}: {_ending(e.rationale)}"
    )


SENTENCES: Mapping[type[Any], Callable[[Any, Names], str]] = {
    PartnershipDrafted: _drafted,
    CharterSigned: _signed,
    PartnershipRatified: _ratified,
    MotionProposed: _proposed,
    ProposalTabled: _tabled,
    PositionRecorded: _position,
    ProposalWithdrawn: _withdrawn,
    ProposalAgreed: _agreed,
    ProposalNotAgreed: _not_agreed,
    MemberAdmitted: _admitted,
    MemberWithdrawn: _member_withdrawn,
    PartnershipDissolved: _dissolved,
    ConsultationOpened: _opened_consultation,
    ResponseReceived: _response,
    ConsultationClosed: _closed_consultation,
    CharterAmended: _amended,
    ReviewScheduled: _scheduled,
    ReviewFellDue: _fell_due,
    ReviewBecameOverdue: _overdue,
    ReviewOpened: _review_opened,
    ReviewConcluded: _review_concluded,
    PersonNominated: _nominated,
    NominationWithdrawn: _nomination_withdrawn,
    MeetingConvened: _convened,
    ApologiesSent: _apologies,
    AttendanceRecorded: _attended,
    MeetingOpened: _meeting_opened,
    MeetingClosed: _meeting_closed,
    MeetingCancelled: _cancelled,
    ModelAdopted: _model_adopted,
    ModelRevised: _model_revised,
    ModelRescinded: _model_rescinded,
    ModelReviewFellDue: _model_review_due,
    AdoptionRecorded: _adoption_recorded,
    AdoptionWithdrawn: _adoption_withdrawn,
    MilestoneSet: _milestone_set,
    ProgressReported: _progress,
    MilestoneMet: _milestone_met,
    MilestoneBecameOverdue: _milestone_overdue,
    MilestoneDropped: _milestone_dropped,
}
"""The sentence for each event class (exact classes: events are final)."""


def _namer(names: object) -> Names:
    if names is None:
        return lambda ref: ref
    if not isinstance(names, Mapping):
        raise InvalidArgument("names", names, "a mapping from party or person id to a name")

    def name(ref: str) -> str:
        shown = names.get(ref, ref)
        if type(shown) is not str or not shown.strip():
            raise InvalidArgument(f"names[{ref!r}]", shown, "a name (non-empty text)")
        return _SPACE.sub(" ", shown).strip()

    return name


def describe(event: object, *, names: Mapping[str, str] | None = None) -> str:
    """A plain-English sentence saying what ``event`` records.

    Minutes, logs shown to people and other tools use the same sentence for
    the same fact. It names who did what (the display name ``names`` gives
    for a party, advisor or person id, the id itself where it gives none),
    and gives a time only where the time is part of the fact: when a meeting
    starts, when a consultation closes, when a review falls due, each in the
    zone of the instant the event holds. A motion of your own is phrased by
    its ``describe()``.

    Args:
        event: one event of a partnership's log.
        names: display names by party, advisor or person id.

    Returns:
        One line of text, ending with a full stop (or with the question or
        exclamation mark ending a party's own words).

    Raises:
        InvalidArgument: ``event`` is not an event, ``names`` is not a
            mapping, or a name it gives is not text.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 10, 15, 10, 40, tz="Europe/London")
        >>> block = cs.PositionRecorded(at=AT, proposal="p-0003", party="care-forum-wales",
        ...     position=cs.Position.BLOCK, reason="Small providers cannot release staff")
        >>> cs.describe(block, names={"care-forum-wales": "Care Forum Wales"})
        'Care Forum Wales blocked p-0003: Small providers cannot release staff.'
        >>> cs.describe(cs.MeetingConvened(at=AT, meeting="m-0002", by="welsh-government",
        ...     starts=pendulum.datetime(2025, 1, 15, 10, tz="Europe/London"), agenda=("p-0005",)))
        'welsh-government convened meeting m-0002 for 15 January 2025 at 10:00 GMT, with p-0005 on its agenda.'
        >>> cs.describe("p-0003 was agreed")
        Traceback (most recent call last):
          ...
        consensus.InvalidArgument: event: 'p-0003 was agreed' is not an event of a partnership's log, such as a consensus.PositionRecorded.
    """
    sentence = SENTENCES.get(type(event))
    if sentence is None:
        raise InvalidArgument(
            "event",
            event,
            "an event of a partnership's log, such as a consensus.PositionRecorded",
        )
    return sentence(event, _namer(names))
