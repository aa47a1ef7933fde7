"""Events: the immutable facts a partnership's log is made of.

Each event records a decision already made (``ProposalAgreed``, not a
``conclude`` that would judge again), carries the instant it happened
(``at``), and a stable ``TYPE`` tag used in stored logs that does not change
when a class is renamed. Tags follow one grammar, ``<subject>.<past
participle>``: ``member.withdrawn``, ``review.fallen_due``. Events marked
*time-driven* are emitted by the partnership itself when their scheduled
instant passes, stamped with it.
"""

from __future__ import annotations

import datetime as _dt
import types
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar, Final, final, overload

import attrs
import pendulum

from ._charter import Charter, PartyRecord
from ._clock import instant_key
from ._errors import InvalidArgument
from ._records import Channel, Employer, Person
from ._registry import Motion
from ._rules import Position
from ._values import tuple_of

__all__ = [
    "EVENT_TYPES",
    "LOG_FORMAT",
    "AdoptionRecorded",
    "AdoptionWithdrawn",
    "ApologiesSent",
    "AttendanceRecorded",
    "CharterAmended",
    "CharterSigned",
    "ConsultationClosed",
    "ConsultationOpened",
    "Event",
    "EventLog",
    "MeetingCancelled",
    "MeetingClosed",
    "MeetingConvened",
    "MeetingOpened",
    "MemberAdmitted",
    "MemberWithdrawn",
    "MilestoneBecameOverdue",
    "MilestoneDropped",
    "MilestoneMet",
    "MilestoneSet",
    "ModelAdopted",
    "ModelRescinded",
    "ModelReviewFellDue",
    "ModelRevised",
    "MotionProposed",
    "NominationWithdrawn",
    "PartnershipDissolved",
    "PartnershipDrafted",
    "PartnershipRatified",
    "PersonNominated",
    "PositionRecorded",
    "ProgressReported",
    "ProposalAgreed",
    "ProposalNotAgreed",
    "ProposalTabled",
    "ProposalWithdrawn",
    "ResponseReceived",
    "ReviewBecameOverdue",
    "ReviewConcluded",
    "ReviewFellDue",
    "ReviewOpened",
    "ReviewScheduled",
]

LOG_FORMAT: Final = 2
"""The version of the log format this consensus writes.

Format 1 (consensus 0.1) used the tags ``member.withdrew``,
``consultation.response_received``, ``review.fell_due`` and
``review.became_overdue``; :func:`consensus.events_from_jsonl` migrates such
logs as it reads them.
"""


def _ids(value: Iterable[str]) -> frozenset[str]:
    items = tuple_of(value, str, "electorate")
    # A frozenset is immutable: once its items are checked, it can be kept
    # as it is, so that events holding equal electorates may share one.
    return value if type(value) is frozenset else frozenset(items)


def _advisor_ids(value: object) -> tuple[str, ...]:
    return tuple_of(value, str, "advisors")


def _agenda(value: object) -> tuple[str, ...]:
    return tuple_of(value, str, "agenda")


def _current_format(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or value != LOG_FORMAT:
        raise InvalidArgument(
            "format", value, f"{LOG_FORMAT}, the log format this consensus writes"
        )


@final
@attrs.frozen(kw_only=True)
class PartnershipDrafted:
    """The partnership was drafted from this charter; always the first event.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
        >>> cs.PartnershipDrafted(at=AT, charter=charter).charter.title
        'Social Care Workforce Partnership'
    """

    TYPE: ClassVar[str] = "partnership.drafted"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    charter: Charter
    #: The version of the log format this log was written in; reading an
    #: older log migrates it to :data:`LOG_FORMAT`.
    format: int = attrs.field(default=LOG_FORMAT, validator=_current_format)


@final
@attrs.frozen(kw_only=True)
class CharterSigned:
    """A founding signatory signed the charter.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.CharterSigned(at=AT, party="gmb").TYPE
        'charter.signed'
    """

    TYPE: ClassVar[str] = "charter.signed"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    party: str


@final
@attrs.frozen(kw_only=True)
class PartnershipRatified:
    """The last signature made the partnership active, charter version 1 in force.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.PartnershipRatified(at=AT).TYPE
        'partnership.ratified'
    """

    TYPE: ClassVar[str] = "partnership.ratified"
    at: pendulum.DateTime = attrs.field(eq=instant_key)


@final
@attrs.frozen(kw_only=True)
class MotionProposed:
    """An active member proposed a motion; the proposal is a draft.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.MotionProposed(at=AT, proposal="p-0001", by="unison",
        ...                   motion=cs.Resolution(title="Model induction policy", text="...")).motion.title
        'Model induction policy'
    """

    TYPE: ClassVar[str] = "motion.proposed"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    proposal: str
    motion: Motion
    by: str


@final
@attrs.frozen(kw_only=True)
class ProposalTabled:
    """The chair tabled a draft proposal; the partners deliberate on it.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.ProposalTabled(at=AT, proposal="p-0001", by="welsh-government").TYPE
        'proposal.tabled'
    """

    TYPE: ClassVar[str] = "proposal.tabled"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    proposal: str
    by: str


@final
@attrs.frozen(kw_only=True)
class PositionRecorded:
    """An active member recorded (or changed) its position on a proposal.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.PositionRecorded(at=AT, proposal="p-0001", party="gmb", position=cs.Position.BLOCK,
        ...                     reason="Small providers cannot release staff").position
        <Position.BLOCK: 'block'>
    """

    TYPE: ClassVar[str] = "position.recorded"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    proposal: str
    party: str
    position: Position
    #: The reason the party gave, if any (clause 6.1); ``None`` in logs
    #: written before reasons were kept.
    reason: str | None = None


@final
@attrs.frozen(kw_only=True)
class ProposalWithdrawn:
    """The proposer withdrew a proposal before it was concluded.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.ProposalWithdrawn(at=AT, proposal="p-0001", by="unison").TYPE
        'proposal.withdrawn'
    """

    TYPE: ClassVar[str] = "proposal.withdrawn"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    proposal: str
    by: str


@final
@attrs.frozen(kw_only=True)
class ProposalAgreed:
    """The chair concluded a proposal, and the rule found it agreed by this electorate.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> sorted(cs.ProposalAgreed(at=AT, proposal="p-0001", by="welsh-government",
        ...                          electorate=frozenset({"gmb", "unison"}), rule="unanimity").electorate)
        ['gmb', 'unison']
    """

    TYPE: ClassVar[str] = "proposal.agreed"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    proposal: str
    by: str
    electorate: frozenset[str] = attrs.field(converter=_ids)
    rule: str


@final
@attrs.frozen(kw_only=True)
class ProposalNotAgreed:
    """The chair concluded a proposal, and the rule found it not agreed by this electorate.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.ProposalNotAgreed(at=AT, proposal="p-0002", by="welsh-government",
        ...                      electorate=frozenset({"gmb"}), rule="unanimity").TYPE
        'proposal.not_agreed'
    """

    TYPE: ClassVar[str] = "proposal.not_agreed"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    proposal: str
    by: str
    electorate: frozenset[str] = attrs.field(converter=_ids)
    rule: str


@final
@attrs.frozen(kw_only=True)
class MemberAdmitted:
    """An agreed Admit motion made a party an active member.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.MemberAdmitted(at=AT, proposal="p-0004",
        ...                   party=cs.PartyRecord(id="unite", name="Unite", constituency="workers")).party.id
        'unite'
    """

    TYPE: ClassVar[str] = "member.admitted"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    party: PartyRecord
    proposal: str


@final
@attrs.frozen(kw_only=True)
class MemberWithdrawn:
    """A member withdrew from the partnership (clause 7.1: nothing binds it).

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.MemberWithdrawn(at=AT, party="rcn").TYPE
        'member.withdrawn'
    """

    TYPE: ClassVar[str] = "member.withdrawn"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    party: str


@final
@attrs.frozen(kw_only=True)
class PartnershipDissolved:
    """The partnership was dissolved: by an agreed Dissolve motion (``proposal``),
    or by the withdrawal of its last member (``party``).

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.PartnershipDissolved(at=AT, proposal="p-0009").TYPE
        'partnership.dissolved'
    """

    TYPE: ClassVar[str] = "partnership.dissolved"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    proposal: str | None = None
    party: str | None = None


@final
@attrs.frozen(kw_only=True)
class ConsultationOpened:
    """An agreed Consult motion opened a consultation; its target waits in ``consulting``.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.ConsultationOpened(at=AT, consultation="p-0002", proposal="p-0001", advisors=("tuc",),
        ...                       question="Workable?", closes_at=AT.add(days=14)).closes_at.to_date_string()
        '2024-09-16'
    """

    TYPE: ClassVar[str] = "consultation.opened"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    consultation: str
    proposal: str
    advisors: tuple[str, ...] = attrs.field(converter=_advisor_ids)
    question: str
    closes_at: pendulum.DateTime = attrs.field(eq=instant_key)


@final
@attrs.frozen(kw_only=True)
class ResponseReceived:
    """An invited advisor responded to an open consultation.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.ResponseReceived(at=AT, consultation="p-0002", advisor="tuc", text="Yes.",
        ...                     channel=cs.Channel.LETTER).channel
        <Channel.LETTER: 'letter'>
    """

    TYPE: ClassVar[str] = "response.received"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    consultation: str
    advisor: str
    text: str
    channel: Channel


@final
@attrs.frozen(kw_only=True)
class ConsultationClosed:
    """A consultation closed: at its closing instant (``by`` is ``None``, time-driven),
    early by the chair, or because its proposal was withdrawn by its proposer.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.ConsultationClosed(at=AT, consultation="p-0002").by is None
        True
    """

    TYPE: ClassVar[str] = "consultation.closed"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    consultation: str
    by: str | None = None


@final
@attrs.frozen(kw_only=True)
class CharterAmended:
    """An agreed Amend motion put a new version of the charter in force.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
        >>> cs.CharterAmended(at=AT, proposal="p-0005", version=2, charter=charter).version
        2
    """

    TYPE: ClassVar[str] = "charter.amended"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    proposal: str
    version: int
    charter: Charter


@final
@attrs.frozen(kw_only=True)
class ReviewScheduled:
    """A review cycle was scheduled, due one review period after the previous due date.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.ReviewScheduled(at=AT, review="r-0001", cycle=1, due=AT.add(years=1)).due.year
        2025
    """

    TYPE: ClassVar[str] = "review.scheduled"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    review: str
    cycle: int
    due: pendulum.DateTime = attrs.field(eq=instant_key)


@final
@attrs.frozen(kw_only=True)
class ReviewFellDue:
    """A scheduled review fell due (time-driven).

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.ReviewFellDue(at=AT, review="r-0001").TYPE
        'review.fallen_due'
    """

    TYPE: ClassVar[str] = "review.fallen_due"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    review: str


@final
@attrs.frozen(kw_only=True)
class ReviewBecameOverdue:
    """A review was still not concluded a grace period after it fell due (time-driven).

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.ReviewBecameOverdue(at=AT, review="r-0001").TYPE
        'review.marked_overdue'
    """

    TYPE: ClassVar[str] = "review.marked_overdue"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    review: str


@final
@attrs.frozen(kw_only=True)
class ReviewOpened:
    """The chair opened a due review; it is in progress.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.ReviewOpened(at=AT, review="r-0001", by="welsh-government").TYPE
        'review.opened'
    """

    TYPE: ClassVar[str] = "review.opened"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    review: str
    by: str


@final
@attrs.frozen(kw_only=True)
class ReviewConcluded:
    """An agreed ConcludeReview motion concluded the review in progress.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.ReviewConcluded(at=AT, review="r-0001", proposal="p-0007", findings="It works.").findings
        'It works.'
    """

    TYPE: ClassVar[str] = "review.concluded"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    review: str
    proposal: str
    findings: str


@final
@attrs.frozen(kw_only=True)
class PersonNominated:
    """A party nominated a person to sit for it, as its representative or a deputy.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.PersonNominated(at=AT, party="welsh-government", role="deputy",
        ...                    person=cs.Person(id="wg-official", name="Senior official")).TYPE
        'person.nominated'
    """

    TYPE: ClassVar[str] = "person.nominated"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    party: str
    person: Person
    role: str


@final
@attrs.frozen(kw_only=True)
class NominationWithdrawn:
    """A party withdrew its nomination of a person.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.NominationWithdrawn(at=AT, party="welsh-government", person="dss").TYPE
        'nomination.withdrawn'
    """

    TYPE: ClassVar[str] = "nomination.withdrawn"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    party: str
    person: str


@final
@attrs.frozen(kw_only=True)
class MeetingConvened:
    """The chair convened a meeting; ``agenda`` begins with the items ``carried_over``.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.MeetingConvened(at=AT, meeting="m-0001", starts=AT.add(days=7), agenda=("p-0001",),
        ...                    by="welsh-government").TYPE
        'meeting.convened'
    """

    TYPE: ClassVar[str] = "meeting.convened"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    meeting: str
    starts: pendulum.DateTime = attrs.field(eq=instant_key)
    agenda: tuple[str, ...] = attrs.field(converter=_agenda)
    by: str
    carried_over: tuple[str, ...] = attrs.field(default=(), converter=_agenda)


@final
@attrs.frozen(kw_only=True)
class ApologiesSent:
    """A member sent its apologies for a meeting.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.ApologiesSent(at=AT, meeting="m-0001", party="rcn").TYPE
        'apologies.sent'
    """

    TYPE: ClassVar[str] = "apologies.sent"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    meeting: str
    party: str


@final
@attrs.frozen(kw_only=True)
class AttendanceRecorded:
    """A person nominated by a member attended a meeting for it.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.AttendanceRecorded(at=AT, meeting="m-0001", party="welsh-government",
        ...                       person="wg-official").person
        'wg-official'
    """

    TYPE: ClassVar[str] = "attendance.recorded"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    meeting: str
    party: str
    person: str


@final
@attrs.frozen(kw_only=True)
class MeetingOpened:
    """The chair opened a convened meeting; it is in session.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.MeetingOpened(at=AT, meeting="m-0001", by="welsh-government").TYPE
        'meeting.opened'
    """

    TYPE: ClassVar[str] = "meeting.opened"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    meeting: str
    by: str


@final
@attrs.frozen(kw_only=True)
class MeetingClosed:
    """The chair closed a meeting in session.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.MeetingClosed(at=AT, meeting="m-0001", by="welsh-government").TYPE
        'meeting.closed'
    """

    TYPE: ClassVar[str] = "meeting.closed"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    meeting: str
    by: str


@final
@attrs.frozen(kw_only=True)
class MeetingCancelled:
    """The chair cancelled a convened meeting before it opened.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.MeetingCancelled(at=AT, meeting="m-0001", by="welsh-government").TYPE
        'meeting.cancelled'
    """

    TYPE: ClassVar[str] = "meeting.cancelled"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    meeting: str
    by: str


# -- the work programme (clauses 2-3, 5.1, Annex A)


@final
@attrs.frozen(kw_only=True)
class ModelAdopted:
    """An agreed AdoptModel motion put version 1 of a model policy in force.

    ``model`` is the id of that proposal. ``named_topic`` records whether the
    topic was one the charter in force named (clause 3.1).

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.ModelAdopted(at=AT, model="p-0001", topic="induction policies", title="Induction",
        ...                 text="Shadowing.", named_topic=True).TYPE
        'model.adopted'
    """

    TYPE: ClassVar[str] = "model.adopted"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    model: str
    topic: str
    title: str
    text: str
    named_topic: bool
    review_by: _dt.date | None = None


@final
@attrs.frozen(kw_only=True)
class ModelRevised:
    """An agreed ReviseModel motion put the next version of a model policy in force.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.ModelRevised(at=AT, model="p-0001", proposal="p-0004", version=2, text="Mentoring.",
        ...                 rationale="Staff asked for a mentor.").version
        2
    """

    TYPE: ClassVar[str] = "model.revised"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    model: str
    proposal: str
    version: int
    text: str
    rationale: str
    review_by: _dt.date | None = None


@final
@attrs.frozen(kw_only=True)
class ModelRescinded:
    """An agreed RescindModel motion rescinded a model policy.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
        >>> cs.ModelRescinded(at=AT, model="p-0001", proposal="p-0006", rationale="Superseded.").TYPE
        'model.rescinded'
    """

    TYPE: ClassVar[str] = "model.rescinded"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    model: str
    proposal: str
    rationale: str


@final
@attrs.frozen(kw_only=True)
class ModelReviewFellDue:
    """A model policy's review date came (time-driven; clause 3.5).

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2026, 9, 1, tz="Europe/London")
        >>> cs.ModelReviewFellDue(at=AT, model="p-0001").TYPE
        'model_review.fallen_due'
    """

    TYPE: ClassVar[str] = "model_review.fallen_due"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    model: str


@final
@attrs.frozen(kw_only=True)
class AdoptionRecorded:
    """A member recorded an employer's adoption of a model policy, at the version in force.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2025, 3, 1, tz="Europe/London")
        >>> cs.AdoptionRecorded(at=AT, model="p-0001", version=1, by="care-forum-wales",
        ...     employer=cs.Employer(id="acme-care", name="Acme Care", sector="independent"),
        ...     embedded_in_contracts=True).employer.id
        'acme-care'
    """

    TYPE: ClassVar[str] = "adoption.recorded"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    model: str
    employer: Employer
    version: int
    embedded_in_contracts: bool
    by: str


@final
@attrs.frozen(kw_only=True)
class AdoptionWithdrawn:
    """A member recorded that an employer no longer applies a model policy.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2025, 3, 1, tz="Europe/London")
        >>> cs.AdoptionWithdrawn(at=AT, model="p-0001", employer="acme-care", by="unison").TYPE
        'adoption.withdrawn'
    """

    TYPE: ClassVar[str] = "adoption.withdrawn"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    model: str
    employer: str
    by: str


@final
@attrs.frozen(kw_only=True)
class MilestoneSet:
    """An agreed SetMilestone motion set a milestone (clause 5.1); its id is the proposal's.

    ``due_at`` is the end of ``due`` in the charter's zone, when it becomes overdue.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2025, 1, 6, tz="Europe/London")
        >>> cs.MilestoneSet(at=AT, milestone="p-0002", title="Agree the induction model",
        ...     due=pendulum.date(2025, 6, 30), due_at=cs.end_of_day(pendulum.date(2025, 6, 30),
        ...     "Europe/London"), owner="unison").due_at.to_date_string()
        '2025-07-01'
    """

    TYPE: ClassVar[str] = "milestone.set"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    milestone: str
    title: str
    due: _dt.date
    due_at: pendulum.DateTime = attrs.field(eq=instant_key)
    owner: str


@final
@attrs.frozen(kw_only=True)
class ProgressReported:
    """A milestone's owner reported progress on it.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2025, 3, 1, tz="Europe/London")
        >>> cs.ProgressReported(at=AT, milestone="p-0002", by="unison", note="Draft shared.",
        ...                     done=False).TYPE
        'progress.reported'
    """

    TYPE: ClassVar[str] = "progress.reported"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    milestone: str
    by: str
    note: str
    done: bool


@final
@attrs.frozen(kw_only=True)
class MilestoneMet:
    """A milestone was met: its owner reported it done (follows that report).

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2025, 3, 1, tz="Europe/London")
        >>> cs.MilestoneMet(at=AT, milestone="p-0002", by="unison").TYPE
        'milestone.met'
    """

    TYPE: ClassVar[str] = "milestone.met"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    milestone: str
    by: str


@final
@attrs.frozen(kw_only=True)
class MilestoneBecameOverdue:
    """A milestone was still not met at the end of its due date (time-driven).

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2025, 7, 1, tz="Europe/London")
        >>> cs.MilestoneBecameOverdue(at=AT, milestone="p-0002").TYPE
        'milestone.marked_overdue'
    """

    TYPE: ClassVar[str] = "milestone.marked_overdue"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    milestone: str


@final
@attrs.frozen(kw_only=True)
class MilestoneDropped:
    """An agreed DropMilestone motion dropped a milestone.

    Examples:
        >>> import consensus as cs, pendulum
        >>> AT = pendulum.datetime(2025, 3, 1, tz="Europe/London")
        >>> cs.MilestoneDropped(at=AT, milestone="p-0002", proposal="p-0007",
        ...                     rationale="Overtaken by events.").TYPE
        'milestone.dropped'
    """

    TYPE: ClassVar[str] = "milestone.dropped"
    at: pendulum.DateTime = attrs.field(eq=instant_key)
    milestone: str
    proposal: str
    rationale: str


Event = (
    PartnershipDrafted
    | CharterSigned
    | PartnershipRatified
    | MotionProposed
    | ProposalTabled
    | PositionRecorded
    | ProposalWithdrawn
    | ProposalAgreed
    | ProposalNotAgreed
    | MemberAdmitted
    | MemberWithdrawn
    | PartnershipDissolved
    | ConsultationOpened
    | ResponseReceived
    | ConsultationClosed
    | CharterAmended
    | ReviewScheduled
    | ReviewFellDue
    | ReviewBecameOverdue
    | ReviewOpened
    | ReviewConcluded
    | PersonNominated
    | NominationWithdrawn
    | MeetingConvened
    | ApologiesSent
    | AttendanceRecorded
    | MeetingOpened
    | MeetingClosed
    | MeetingCancelled
    | ModelAdopted
    | ModelRevised
    | ModelRescinded
    | ModelReviewFellDue
    | AdoptionRecorded
    | AdoptionWithdrawn
    | MilestoneSet
    | ProgressReported
    | MilestoneMet
    | MilestoneBecameOverdue
    | MilestoneDropped
)
"""Any event a partnership's log may hold."""

EVENT_TYPES: Final[types.MappingProxyType[str, type[Event]]] = types.MappingProxyType(
    {
        cls.TYPE: cls
        for cls in (
            PartnershipDrafted,
            CharterSigned,
            PartnershipRatified,
            MotionProposed,
            ProposalTabled,
            PositionRecorded,
            ProposalWithdrawn,
            ProposalAgreed,
            ProposalNotAgreed,
            MemberAdmitted,
            MemberWithdrawn,
            PartnershipDissolved,
            ConsultationOpened,
            ResponseReceived,
            ConsultationClosed,
            CharterAmended,
            ReviewScheduled,
            ReviewFellDue,
            ReviewBecameOverdue,
            ReviewOpened,
            ReviewConcluded,
            PersonNominated,
            NominationWithdrawn,
            MeetingConvened,
            ApologiesSent,
            AttendanceRecorded,
            MeetingOpened,
            MeetingClosed,
            MeetingCancelled,
            ModelAdopted,
            ModelRevised,
            ModelRescinded,
            ModelReviewFellDue,
            AdoptionRecorded,
            AdoptionWithdrawn,
            MilestoneSet,
            ProgressReported,
            MilestoneMet,
            MilestoneBecameOverdue,
            MilestoneDropped,
        )
    }
)
"""Event classes by their stable ``TYPE`` tag (read-only)."""


@final
class EventLog(Sequence[Event]):
    """A partnership's log as it stood when it was read: ordered, immutable, cheap.

    :attr:`Partnership.events <consensus.Partnership.events>` returns one.
    Taking it costs the same whatever the log's length (it shares the
    partnership's append-only storage and remembers its own length), and later
    commands never change it. It compares equal to any sequence of the same
    events, tuples included; slicing gives a tuple.

    Examples:
        >>> import consensus as cs, pendulum
        >>> from consensus.testing import sample_charter
        >>> p = cs.Partnership.draft(sample_charter(), clock=cs.SimulatedClock(
        ...     pendulum.datetime(2025, 1, 6, tz="Europe/London")))
        >>> before = p.events
        >>> p.sign(by="union-a")
        >>> len(before), len(p.events), p.events[-1].TYPE
        (1, 2, 'charter.signed')
        >>> p.events[:1] == before
        True
    """

    __slots__ = ("_items", "_length")

    def __init__(self, events: Sequence[Event] = ()) -> None:
        self._items: list[Event] = list(events)
        self._length = len(self._items)

    @classmethod
    def _view(cls, items: list[Event]) -> EventLog:
        """A view of an append-only list as it is now, without copying it."""
        log = cls.__new__(cls)
        log._items = items
        log._length = len(items)
        return log

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Event, ...]: ...

    def __getitem__(self, index: int | slice) -> Event | tuple[Event, ...]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            # indices() gives -1 as the stop of a backward slice down to
            # the first event, which as a slice bound means the last one.
            return tuple(self._items[start : stop if stop >= 0 else None : step])
        position = index + self._length if index < 0 else index
        if not 0 <= position < self._length:
            raise IndexError(f"event #{index} is not in a log of {self._length} events")
        return self._items[position]

    def __iter__(self) -> Iterator[Event]:
        items = self._items
        for position in range(self._length):
            yield items[position]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, EventLog) and other._items is self._items:
            return other._length == self._length
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return len(other) == self._length and all(
                a == b for a, b in zip(self, other, strict=True)
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<EventLog of {self._length} events>"
