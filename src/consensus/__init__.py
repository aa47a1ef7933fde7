"""consensus: consensus decision-making for partnerships, as state machines over a log of facts.

A partnership is drafted from a charter (its terms of reference), formed by
its signatories' signatures, and decides proposals by the charter's rule
(unanimity by default). Every change is an immutable event; state is only ever
built by replaying events.

Examples:
    >>> import consensus as cs
    >>> cs.Position.AGREE.value
    'agree'
"""

from ._charter import AdvisorRecord as AdvisorRecord
from ._charter import Charter as Charter
from ._charter import Clause as Clause
from ._charter import Constituency as Constituency
from ._charter import PartyRecord as PartyRecord
from ._charter import Scope as Scope
from ._charter import bundled_charter as bundled_charter
from ._charter import bundled_charters as bundled_charters
from ._charter import check_charter as check_charter
from ._charter import load_charter as load_charter
from ._charter import parse_charter as parse_charter
from ._clock import Clock as Clock
from ._clock import SimulatedClock as SimulatedClock
from ._clock import SystemClock as SystemClock
from ._clock import end_of_day as end_of_day
from ._clock import instant_key as instant_key
from ._codec import events_from_jsonl as events_from_jsonl
from ._codec import events_to_jsonl as events_to_jsonl
from ._errors import CharterError as CharterError
from ._errors import ClockError as ClockError
from ._errors import ConcurrencyError as ConcurrencyError
from ._errors import ConsensusError as ConsensusError
from ._errors import DecisionPending as DecisionPending
from ._errors import IntegrityError as IntegrityError
from ._errors import InvalidArgument as InvalidArgument
from ._errors import InvalidMotion as InvalidMotion
from ._errors import InvalidTransition as InvalidTransition
from ._errors import NotEntitled as NotEntitled
from ._errors import NotQuorate as NotQuorate
from ._errors import PersistenceError as PersistenceError
from ._errors import UnknownReference as UnknownReference
from ._events import EVENT_TYPES as EVENT_TYPES
from ._events import LOG_FORMAT as LOG_FORMAT
from ._events import AdoptionRecorded as AdoptionRecorded
from ._events import AdoptionWithdrawn as AdoptionWithdrawn
from ._events import ApologiesSent as ApologiesSent
from ._events import AttendanceRecorded as AttendanceRecorded
from ._events import CharterAmended as CharterAmended
from ._events import CharterSigned as CharterSigned
from ._events import ConsultationClosed as ConsultationClosed
from ._events import ConsultationOpened as ConsultationOpened
from ._events import Event as Event
from ._events import EventLog as EventLog
from ._events import MeetingCancelled as MeetingCancelled
from ._events import MeetingClosed as MeetingClosed
from ._events import MeetingConvened as MeetingConvened
from ._events import MeetingOpened as MeetingOpened
from ._events import MemberAdmitted as MemberAdmitted
from ._events import MemberWithdrawn as MemberWithdrawn
from ._events import MilestoneBecameOverdue as MilestoneBecameOverdue
from ._events import MilestoneDropped as MilestoneDropped
from ._events import MilestoneMet as MilestoneMet
from ._events import MilestoneSet as MilestoneSet
from ._events import ModelAdopted as ModelAdopted
from ._events import ModelRescinded as ModelRescinded
from ._events import ModelReviewFellDue as ModelReviewFellDue
from ._events import ModelRevised as ModelRevised
from ._events import MotionProposed as MotionProposed
from ._events import NominationWithdrawn as NominationWithdrawn
from ._events import PartnershipDissolved as PartnershipDissolved
from ._events import PartnershipDrafted as PartnershipDrafted
from ._events import PartnershipRatified as PartnershipRatified
from ._events import PersonNominated as PersonNominated
from ._events import PositionRecorded as PositionRecorded
from ._events import ProgressReported as ProgressReported
from ._events import ProposalAgreed as ProposalAgreed
from ._events import ProposalNotAgreed as ProposalNotAgreed
from ._events import ProposalTabled as ProposalTabled
from ._events import ProposalWithdrawn as ProposalWithdrawn
from ._events import ResponseReceived as ResponseReceived
from ._events import ReviewBecameOverdue as ReviewBecameOverdue
from ._events import ReviewConcluded as ReviewConcluded
from ._events import ReviewFellDue as ReviewFellDue
from ._events import ReviewOpened as ReviewOpened
from ._events import ReviewScheduled as ReviewScheduled
from ._invariants import Violation as Violation
from ._invariants import check_invariants as check_invariants
from ._motions import Admit as Admit
from ._motions import AdoptModel as AdoptModel
from ._motions import Amend as Amend
from ._motions import ConcludeReview as ConcludeReview
from ._motions import Consult as Consult
from ._motions import Dissolve as Dissolve
from ._motions import DropMilestone as DropMilestone
from ._motions import RescindModel as RescindModel
from ._motions import Resolution as Resolution
from ._motions import ReviseModel as ReviseModel
from ._motions import SetMilestone as SetMilestone
from ._motions import amended_charter as amended_charter
from ._partnership import Partnership as Partnership
from ._partnership import PartnershipView as PartnershipView
from ._partnership import review_due as review_due
from ._records import Adoption as Adoption
from ._records import Channel as Channel
from ._records import CharterVersion as CharterVersion
from ._records import Consultation as Consultation
from ._records import Employer as Employer
from ._records import Meeting as Meeting
from ._records import Membership as Membership
from ._records import Milestone as Milestone
from ._records import Model as Model
from ._records import ModelVersion as ModelVersion
from ._records import Nomination as Nomination
from ._records import Person as Person
from ._records import ProgressReport as ProgressReport
from ._records import Proposal as Proposal
from ._records import Response as Response
from ._records import Review as Review
from ._registry import Motion as Motion
from ._registry import Registry as Registry
from ._registry import decide as decide
from ._registry import default_registry as default_registry
from ._registry import register_motion as register_motion
from ._registry import register_rule as register_rule
from ._registry import rule_named as rule_named
from ._registry import rule_names as rule_names
from ._rules import Ballot as Ballot
from ._rules import Consent as Consent
from ._rules import DecisionRule as DecisionRule
from ._rules import Outcome as Outcome
from ._rules import Position as Position
from ._rules import Unanimity as Unanimity
from ._workflows import Workflow as Workflow
from ._workflows import workflow as workflow
from .render import describe as describe
from .render import render_minutes as render_minutes
from .render import render_report as render_report
from .simulation import simulate as simulate
from .store import EventStore as EventStore
from .store import MemoryStore as MemoryStore
from .store import PostgresStore as PostgresStore
from .store import SQLiteStore as SQLiteStore
from .store import StoredEvent as StoredEvent

__version__ = "0.1.0"

__all__ = [
    "EVENT_TYPES",
    "LOG_FORMAT",
    "Admit",
    "AdoptModel",
    "Adoption",
    "AdoptionRecorded",
    "AdoptionWithdrawn",
    "AdvisorRecord",
    "Amend",
    "ApologiesSent",
    "AttendanceRecorded",
    "Ballot",
    "Channel",
    "Charter",
    "CharterAmended",
    "CharterError",
    "CharterSigned",
    "CharterVersion",
    "Clause",
    "Clock",
    "ClockError",
    "ConcludeReview",
    "ConcurrencyError",
    "ConsensusError",
    "Consent",
    "Constituency",
    "Consult",
    "Consultation",
    "ConsultationClosed",
    "ConsultationOpened",
    "DecisionPending",
    "DecisionRule",
    "Dissolve",
    "DropMilestone",
    "Employer",
    "Event",
    "EventLog",
    "EventStore",
    "IntegrityError",
    "InvalidArgument",
    "InvalidMotion",
    "InvalidTransition",
    "Meeting",
    "MeetingCancelled",
    "MeetingClosed",
    "MeetingConvened",
    "MeetingOpened",
    "MemberAdmitted",
    "MemberWithdrawn",
    "Membership",
    "MemoryStore",
    "Milestone",
    "MilestoneBecameOverdue",
    "MilestoneDropped",
    "MilestoneMet",
    "MilestoneSet",
    "Model",
    "ModelAdopted",
    "ModelRescinded",
    "ModelReviewFellDue",
    "ModelRevised",
    "ModelVersion",
    "Motion",
    "MotionProposed",
    "Nomination",
    "NominationWithdrawn",
    "NotEntitled",
    "NotQuorate",
    "Outcome",
    "Partnership",
    "PartnershipDissolved",
    "PartnershipDrafted",
    "PartnershipRatified",
    "PartnershipView",
    "PartyRecord",
    "PersistenceError",
    "Person",
    "PersonNominated",
    "Position",
    "PositionRecorded",
    "PostgresStore",
    "ProgressReport",
    "ProgressReported",
    "Proposal",
    "ProposalAgreed",
    "ProposalNotAgreed",
    "ProposalTabled",
    "ProposalWithdrawn",
    "Registry",
    "RescindModel",
    "Resolution",
    "Response",
    "ResponseReceived",
    "Review",
    "ReviewBecameOverdue",
    "ReviewConcluded",
    "ReviewFellDue",
    "ReviewOpened",
    "ReviewScheduled",
    "ReviseModel",
    "SQLiteStore",
    "Scope",
    "SetMilestone",
    "SimulatedClock",
    "StoredEvent",
    "SystemClock",
    "Unanimity",
    "UnknownReference",
    "Violation",
    "Workflow",
    "amended_charter",
    "bundled_charter",
    "bundled_charters",
    "check_charter",
    "check_invariants",
    "decide",
    "default_registry",
    "describe",
    "end_of_day",
    "events_from_jsonl",
    "events_to_jsonl",
    "instant_key",
    "load_charter",
    "parse_charter",
    "register_motion",
    "register_rule",
    "render_minutes",
    "render_report",
    "review_due",
    "rule_named",
    "rule_names",
    "simulate",
    "workflow",
]


def __getattr__(name: str) -> object:
    if name == "MemberWithdrew":
        import warnings

        warnings.warn(
            "consensus.MemberWithdrew is deprecated; use consensus.MemberWithdrawn "
            "(event tags are past participles since log format 2)",
            DeprecationWarning,
            stacklevel=2,
        )
        return MemberWithdrawn
    raise AttributeError(f"module 'consensus' has no attribute {name!r}")


def _present_as_public() -> None:
    # Tracebacks and docs should show the names users import, not private
    # modules. Annotations are strings (PEP 563) resolved against a class's
    # module, so attrs classes resolve theirs before they are relabelled.
    import contextlib

    import attrs

    for name in __all__:
        obj = globals()[name]
        if attrs.has(obj):
            attrs.resolve_types(obj)
        if isinstance(obj, type) or callable(obj):
            with contextlib.suppress(AttributeError, TypeError):  # typing aliases keep theirs
                obj.__module__ = __name__


_present_as_public()
