"""Events: the immutable facts a partnership's log is made of.

Each event records a decision already made (``ProposalAgreed``, not a
``conclude`` that would judge again), carries the instant it happened
(``at``), and a stable ``TYPE`` tag used in stored logs that does not change
when a class is renamed. Events marked *time-driven* are emitted by the
partnership itself when their scheduled instant passes, stamped with it.
"""

from __future__ import annotations

from typing import ClassVar, Final, final

import attrs
import pendulum

from ._charter import Charter, PartyRecord
from ._motions import Motion
from ._records import Channel
from ._rules import Position

__all__ = [
    "EVENT_TYPES",
    "TIME_DRIVEN",
    "CharterAmended",
    "CharterSigned",
    "ConsultationClosed",
    "ConsultationOpened",
    "Event",
    "MemberAdmitted",
    "MemberWithdrew",
    "MotionProposed",
    "PartnershipDrafted",
    "PartnershipRatified",
    "PositionRecorded",
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


@final
@attrs.frozen(kw_only=True)
class PartnershipDrafted:
    """The partnership was drafted from this charter; always the first event."""

    TYPE: ClassVar[str] = "partnership.drafted"
    at: pendulum.DateTime
    charter: Charter


@final
@attrs.frozen(kw_only=True)
class CharterSigned:
    """A founding signatory signed the charter."""

    TYPE: ClassVar[str] = "charter.signed"
    at: pendulum.DateTime
    party: str


@final
@attrs.frozen(kw_only=True)
class PartnershipRatified:
    """The last signature made the partnership active, charter version 1 in force."""

    TYPE: ClassVar[str] = "partnership.ratified"
    at: pendulum.DateTime


@final
@attrs.frozen(kw_only=True)
class MotionProposed:
    """An active member proposed a motion; the proposal is a draft."""

    TYPE: ClassVar[str] = "motion.proposed"
    at: pendulum.DateTime
    proposal: str
    motion: Motion
    by: str


@final
@attrs.frozen(kw_only=True)
class ProposalTabled:
    """The chair tabled a draft proposal; the partners deliberate on it."""

    TYPE: ClassVar[str] = "proposal.tabled"
    at: pendulum.DateTime
    proposal: str
    by: str


@final
@attrs.frozen(kw_only=True)
class PositionRecorded:
    """An active member recorded (or changed) its position on a proposal."""

    TYPE: ClassVar[str] = "position.recorded"
    at: pendulum.DateTime
    proposal: str
    party: str
    position: Position


@final
@attrs.frozen(kw_only=True)
class ProposalWithdrawn:
    """The proposer withdrew a proposal before it was concluded."""

    TYPE: ClassVar[str] = "proposal.withdrawn"
    at: pendulum.DateTime
    proposal: str
    by: str


@final
@attrs.frozen(kw_only=True)
class ProposalAgreed:
    """The chair concluded a proposal, and the rule found it agreed by this electorate."""

    TYPE: ClassVar[str] = "proposal.agreed"
    at: pendulum.DateTime
    proposal: str
    by: str
    electorate: frozenset[str]
    rule: str


@final
@attrs.frozen(kw_only=True)
class ProposalNotAgreed:
    """The chair concluded a proposal, and the rule found it not agreed by this electorate."""

    TYPE: ClassVar[str] = "proposal.not_agreed"
    at: pendulum.DateTime
    proposal: str
    by: str
    electorate: frozenset[str]
    rule: str


@final
@attrs.frozen(kw_only=True)
class MemberAdmitted:
    """An agreed Admit motion made a party an active member."""

    TYPE: ClassVar[str] = "member.admitted"
    at: pendulum.DateTime
    party: PartyRecord
    proposal: str


@final
@attrs.frozen(kw_only=True)
class MemberWithdrew:
    """A member withdrew from the partnership (clause 7.1: nothing binds it)."""

    TYPE: ClassVar[str] = "member.withdrew"
    at: pendulum.DateTime
    party: str


@final
@attrs.frozen(kw_only=True)
class ConsultationOpened:
    """An agreed Consult motion opened a consultation; its target waits in ``consulting``."""

    TYPE: ClassVar[str] = "consultation.opened"
    at: pendulum.DateTime
    consultation: str
    proposal: str
    advisors: tuple[str, ...]
    question: str
    closes_at: pendulum.DateTime


@final
@attrs.frozen(kw_only=True)
class ResponseReceived:
    """An invited advisor responded to an open consultation."""

    TYPE: ClassVar[str] = "consultation.response_received"
    at: pendulum.DateTime
    consultation: str
    advisor: str
    text: str
    channel: Channel


@final
@attrs.frozen(kw_only=True)
class ConsultationClosed:
    """A consultation closed: at its closing instant (``by`` is ``None``, time-driven),
    early by the chair, or because its proposal was withdrawn by its proposer."""

    TYPE: ClassVar[str] = "consultation.closed"
    at: pendulum.DateTime
    consultation: str
    by: str | None = None


@final
@attrs.frozen(kw_only=True)
class CharterAmended:
    """An agreed Amend motion put a new version of the charter in force."""

    TYPE: ClassVar[str] = "charter.amended"
    at: pendulum.DateTime
    proposal: str
    version: int
    charter: Charter


@final
@attrs.frozen(kw_only=True)
class ReviewScheduled:
    """A review cycle was scheduled, due one review period after the previous due date."""

    TYPE: ClassVar[str] = "review.scheduled"
    at: pendulum.DateTime
    review: str
    cycle: int
    due: pendulum.DateTime


@final
@attrs.frozen(kw_only=True)
class ReviewFellDue:
    """A scheduled review fell due (time-driven)."""

    TYPE: ClassVar[str] = "review.fell_due"
    at: pendulum.DateTime
    review: str


@final
@attrs.frozen(kw_only=True)
class ReviewBecameOverdue:
    """A review was still not concluded a grace period after it fell due (time-driven)."""

    TYPE: ClassVar[str] = "review.became_overdue"
    at: pendulum.DateTime
    review: str


@final
@attrs.frozen(kw_only=True)
class ReviewOpened:
    """The chair opened a due review; it is in progress."""

    TYPE: ClassVar[str] = "review.opened"
    at: pendulum.DateTime
    review: str
    by: str


@final
@attrs.frozen(kw_only=True)
class ReviewConcluded:
    """An agreed ConcludeReview motion concluded the review in progress."""

    TYPE: ClassVar[str] = "review.concluded"
    at: pendulum.DateTime
    review: str
    proposal: str
    findings: str


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
    | MemberWithdrew
    | ConsultationOpened
    | ResponseReceived
    | ConsultationClosed
    | CharterAmended
    | ReviewScheduled
    | ReviewFellDue
    | ReviewBecameOverdue
    | ReviewOpened
    | ReviewConcluded
)
"""Any event a partnership's log may hold."""

EVENT_TYPES: Final[dict[str, type[Event]]] = {
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
        MemberWithdrew,
        ConsultationOpened,
        ResponseReceived,
        ConsultationClosed,
        CharterAmended,
        ReviewScheduled,
        ReviewFellDue,
        ReviewBecameOverdue,
        ReviewOpened,
        ReviewConcluded,
    )
}
"""Event classes by their stable ``TYPE`` tag."""

TIME_DRIVEN: Final[frozenset[type[Event]]] = frozenset({ReviewFellDue, ReviewBecameOverdue})
"""Event classes only ever emitted by the passing of time (plus ``ConsultationClosed``
with ``by`` ``None``)."""
