"""The work programme room (clauses 2–3, 3.5, 5.1, Annex A): models, adoptions, milestones.

An agreed AdoptModel puts version 1 of a model policy in force (its id is
the proposal's); an agreed ReviseModel adds the next version, an agreed
RescindModel rescinds it. A model's review date falls due by a time-driven
event (clause 3.5). Members record employers' voluntary adoptions of a model
in force, each naming the version in force then, and refused for an employer
of a sector the charter's scope excludes (Annex A); withdrawing an adoption
is a fact too. An agreed SetMilestone opens a milestone (clause 5.1): only
its owner reports progress, a report marked done meets it, it becomes
overdue at the end of its due date in the charter's zone, and an agreed
DropMilestone drops it.
"""

from __future__ import annotations

import datetime as _dt
import itertools

import pendulum

from .._clock import end_of_day, start_of_day
from .._errors import IntegrityError, InvalidArgument, NotEntitled, UnknownReference
from .._events import (
    AdoptionRecorded,
    AdoptionWithdrawn,
    Event,
    MilestoneBecameOverdue,
    MilestoneDropped,
    MilestoneMet,
    MilestoneSet,
    ModelAdopted,
    ModelRescinded,
    ModelReviewFellDue,
    ModelRevised,
    ProgressReported,
)
from .._motions import AdoptModel, DropMilestone, RescindModel, ReviseModel, SetMilestone
from .._records import Adoption, Employer, Milestone, Model, ModelVersion, ProgressReport, Proposal
from .._values import ID, check_text
from .._workflows import MILESTONE, MODEL
from ._agenda import falls_due, schedule
from ._command import (
    Context,
    Guard,
    active_member,
    advance,
    execute,
    lookup,
    member,
    name,
    when_text,
)
from ._state import State, applies, carries_out, replays

__all__ = ["record_adoption", "report_progress", "withdraw_adoption"]

_REVIEW = "model_review"
_OVERDUE = "milestone_overdue"


def _rescinded_hint(model: Model) -> str | None:
    if model.state != "rescinded" or model.rescinded_at is None:
        return None
    return (
        f"It was rescinded on {when_text(model.rescinded_at)} by the agreed "
        f"{model.rescinded_by}; employers adopt only models in force"
    )


def _employer(value: object) -> Employer:
    if not isinstance(value, Employer):
        raise InvalidArgument(
            "employer",
            value,
            "a consensus.Employer such as Employer(id='acme-care', name='Acme Care', "
            "sector='independent')",
        )
    return value


def _flag(value: object, argument: str) -> bool:
    if type(value) is not bool:
        raise InvalidArgument(argument, value, "True or False")
    return value


def _employer_id(value: object) -> str:
    if type(value) is not str or not ID.fullmatch(value):
        raise InvalidArgument("employer", value, "an employer id such as 'acme-care'")
    return value


# -- commands


def record_adoption(
    s: State,
    model: object,
    *,
    employer: object,
    embedded_in_contracts: object,
    by: object,
    at: _dt.datetime | None,
) -> None:
    """Record an employer's adoption of a model in force (any active member)."""

    def arguments() -> None:
        _employer(employer)
        _flag(embedded_in_contracts, "embedded_in_contracts")

    def guard(m: Model) -> Guard:
        return Guard(MODEL, m.state, "record_adoption", f"model {m.id}", _rescinded_hint(m))

    def decide(c: Context[Model]) -> tuple[list[Event], None]:
        target, who = c.target, _employer(employer)
        scope = s.the_charter.scope
        if scope.excludes(who.sector):
            raise NotEntitled(
                c.by,
                c.action,
                f"{who.id} is an employer of the {who.sector} sector, which the charter's "
                "scope excludes (Annex A)",
                "The models are for employers in scope; the charter excludes the sectors "
                f"{', '.join(scope.excluded_sectors)} (Annex A: public bodies, that is local "
                "authorities and the NHS); an Amend of the scope can change that",
            )
        known = s.employers.get(who.id)
        if known is not None and known != who:
            raise NotEntitled(
                c.by,
                c.action,
                f"{who.id} is recorded as {known.name!r} of the {known.sector} sector, "
                f"not {who.name!r} of the {who.sector} sector; one id names one employer",
            )
        version = target.current.version
        flag = _flag(embedded_in_contracts, "embedded_in_contracts")
        held = s.adoptions.get((target.id, who.id))
        if held is not None and (held.version, held.embedded_in_contracts) == (version, flag):
            raise NotEntitled(
                c.by,
                c.action,
                f"{who.id}'s adoption of version {version} of {target.id} was already "
                f"recorded on {when_text(held.at)}",
            )
        event = AdoptionRecorded(
            at=c.when,
            model=target.id,
            employer=who,
            version=version,
            embedded_in_contracts=flag,
            by=c.by,
        )
        return [event], None

    execute(
        s,
        action=f"record an adoption of model {name(model)}",
        by=by,
        at=at,
        arguments=arguments,
        find=lambda: lookup(s.models, model, "model policy"),
        role=member,
        guard=guard,
        decide=decide,
    )


@replays(AdoptionRecorded)
def _replay_recorded(s: State, event: AdoptionRecorded) -> None:
    record_adoption(
        s,
        event.model,
        employer=event.employer,
        embedded_in_contracts=event.embedded_in_contracts,
        by=event.by,
        at=event.at,
    )


def withdraw_adoption(
    s: State, model: object, *, employer: object, by: object, at: _dt.datetime | None
) -> None:
    """Record that an employer no longer applies a model (any active member)."""

    def guard(m: Model) -> Guard:
        return Guard(MODEL, m.state, "withdraw_adoption", f"model {m.id}")

    def decide(c: Context[Model]) -> tuple[list[Event], None]:
        if (c.target.id, employer) not in s.adoptions:
            held = (e for m, e in s.adoptions if m == c.target.id)
            raise UnknownReference(
                f"adoption of {c.target.id} by employer",
                employer,
                list(itertools.islice(held, 9)),
                party=c.by,
                action=c.action,
            )
        event = AdoptionWithdrawn(
            at=c.when, model=c.target.id, employer=_employer_id(employer), by=c.by
        )
        return [event], None

    execute(
        s,
        action=f"withdraw {name(employer)}'s adoption of model {name(model)}",
        by=by,
        at=at,
        arguments=lambda: _employer_id(employer),
        find=lambda: lookup(s.models, model, "model policy"),
        role=member,
        guard=guard,
        decide=decide,
    )


@replays(AdoptionWithdrawn)
def _replay_withdrawn(s: State, event: AdoptionWithdrawn) -> None:
    withdraw_adoption(s, event.model, employer=event.employer, by=event.by, at=event.at)


def _owner(s: State, by: str, action: str, milestone: Milestone) -> None:
    active_member(s, by, action)
    if by != milestone.owner:
        raise NotEntitled(
            by,
            action,
            f"only its owner, {milestone.owner}, reports progress on milestone {milestone.id}",
            "Clause 5.1: all partners monitor progress; the owner reports it",
        )


def report_progress(
    s: State,
    milestone: object,
    *,
    note: object,
    done: object,
    by: object,
    at: _dt.datetime | None,
) -> None:
    """Record the owner's progress report on an open or overdue milestone; done meets it."""

    def arguments() -> None:
        check_text(note, "note")
        _flag(done, "done")

    def guard(ms: Milestone) -> Guard:
        hint = None
        if ms.state == "met" and ms.met_at is not None:
            hint = f"It was met on {when_text(ms.met_at)}; nothing more is reported on it"
        elif ms.state == "dropped" and ms.dropped_at is not None:
            hint = f"It was dropped on {when_text(ms.dropped_at)} by the agreed {ms.dropped_by}"
        return Guard(MILESTONE, ms.state, "report_progress", f"milestone {ms.id}", hint)

    def decide(c: Context[Milestone]) -> tuple[list[Event], None]:
        finished = _flag(done, "done")
        events: list[Event] = [
            ProgressReported(
                at=c.when,
                milestone=c.target.id,
                by=c.by,
                note=check_text(note, "note"),
                done=finished,
            )
        ]
        if finished:
            events.append(MilestoneMet(at=c.when, milestone=c.target.id, by=c.by))
        return events, None

    execute(
        s,
        action=f"report progress on milestone {name(milestone)}",
        by=by,
        at=at,
        arguments=arguments,
        find=lambda: lookup(s.milestones, milestone, "milestone"),
        role=_owner,
        guard=guard,
        decide=decide,
    )


@replays(ProgressReported)
def _replay_progress(s: State, event: ProgressReported) -> None:
    report_progress(s, event.milestone, note=event.note, done=event.done, by=event.by, at=event.at)


# -- the motions


@carries_out(AdoptModel)
def _adopt(s: State, proposal: Proposal, when: pendulum.DateTime) -> list[Event]:
    motion = proposal.motion
    assert isinstance(motion, AdoptModel)
    return [
        ModelAdopted(
            at=when,
            model=proposal.id,
            topic=motion.topic,
            title=motion.title,
            text=motion.text,
            named_topic=s.the_charter.scope.names(motion.topic),
            review_by=motion.review_by,
        )
    ]


@carries_out(ReviseModel)
def _revise(s: State, proposal: Proposal, when: pendulum.DateTime) -> list[Event]:
    motion = proposal.motion
    assert isinstance(motion, ReviseModel)
    model = s.models[motion.model]
    return [
        ModelRevised(
            at=when,
            model=model.id,
            proposal=proposal.id,
            version=model.current.version + 1,
            text=motion.text,
            rationale=motion.rationale,
            review_by=motion.review_by,
        )
    ]


@carries_out(RescindModel)
def _rescind(s: State, proposal: Proposal, when: pendulum.DateTime) -> list[Event]:
    motion = proposal.motion
    assert isinstance(motion, RescindModel)
    return [
        ModelRescinded(
            at=when, model=motion.model, proposal=proposal.id, rationale=motion.rationale
        )
    ]


@carries_out(SetMilestone)
def _set(s: State, proposal: Proposal, when: pendulum.DateTime) -> list[Event]:
    motion = proposal.motion
    assert isinstance(motion, SetMilestone)
    return [
        MilestoneSet(
            at=when,
            milestone=proposal.id,
            title=motion.title,
            due=motion.due,
            due_at=end_of_day(motion.due, s.the_charter.timezone),
            owner=motion.owner,
        )
    ]


@carries_out(DropMilestone)
def _drop(s: State, proposal: Proposal, when: pendulum.DateTime) -> list[Event]:
    motion = proposal.motion
    assert isinstance(motion, DropMilestone)
    return [
        MilestoneDropped(
            at=when, milestone=motion.milestone, proposal=proposal.id, rationale=motion.rationale
        )
    ]


# -- time


@falls_due(_REVIEW)
def _review_falls_due(s: State, when: pendulum.DateTime, ref: str) -> Event | None:
    # ref is "<model id> <review date>": a revision that sets another date
    # leaves the earlier entry stale.
    model_id, _, day = ref.partition(" ")
    model = s.models[model_id]
    if (
        model.state == "in_force"
        and not model.review_due
        and model.review_by is not None
        and model.review_by.isoformat() == day
    ):
        return ModelReviewFellDue(at=when, model=model_id)
    return None


@falls_due(_OVERDUE)
def _becomes_overdue(s: State, when: pendulum.DateTime, ref: str) -> Event | None:
    if s.milestones[ref].state == "open":
        return MilestoneBecameOverdue(at=when, milestone=ref)
    return None


@replays(ModelReviewFellDue, MilestoneBecameOverdue)
def _replay_time(s: State, event: ModelReviewFellDue | MilestoneBecameOverdue) -> None:
    advance(s, to=event.at)


# -- applying


def _agreed(s: State, proposal_id: str, kind: type, what: str) -> Proposal:
    proposal = s.proposals.get(proposal_id)
    if proposal is None or not isinstance(proposal.motion, kind) or proposal.state != "agreed":
        raise IntegrityError(f"{what} cites {proposal_id}, which is not an agreed {kind.__name__}")
    return proposal


def _schedule_review(s: State, model: str, review_by: _dt.date, now: pendulum.DateTime) -> None:
    starts = start_of_day(review_by, s.the_charter.timezone)  # the review date comes
    schedule(s, starts, _REVIEW, f"{model} {review_by.isoformat()}", now)


@applies(ModelAdopted)
def _apply_adopted(s: State, event: ModelAdopted) -> None:
    if event.model in s.models:
        raise IntegrityError(f"model {event.model} was adopted twice")
    _agreed(s, event.model, AdoptModel, f"model {event.model}")
    first = ModelVersion(
        version=1, text=event.text, effective_from=event.at, agreed_by=event.model
    )
    model = Model(
        id=event.model,
        topic=event.topic,
        title=event.title,
        state=MODEL.initial,
        versions=(first,),
        named_topic=event.named_topic,
        review_by=event.review_by,
    )
    s.put(s.models, event.model, model)
    if event.review_by is not None:
        _schedule_review(s, event.model, event.review_by, event.at)


@applies(ModelRevised)
def _apply_revised(s: State, event: ModelRevised) -> None:
    model = s.models[event.model]
    _agreed(s, event.proposal, ReviseModel, f"version {event.version} of {event.model}")
    if event.version != model.current.version + 1:
        raise IntegrityError(
            f"version {event.version} of {model.id} does not follow version {model.current.version}"
        )
    version = ModelVersion(
        version=event.version, text=event.text, effective_from=event.at, agreed_by=event.proposal
    )
    changes: dict[str, object] = {"versions": (*model.versions, version)}
    if event.review_by is not None:
        changes.update(review_by=event.review_by, review_due=False)
    s.move(s.models, model.id, MODEL, "revise", **changes)
    if event.review_by is not None:
        _schedule_review(s, model.id, event.review_by, event.at)


@applies(ModelRescinded)
def _apply_rescinded(s: State, event: ModelRescinded) -> None:
    _agreed(s, event.proposal, RescindModel, f"the rescission of {event.model}")
    s.move(
        s.models,
        event.model,
        MODEL,
        "rescind",
        rescinded_at=event.at,
        rescinded_by=event.proposal,
    )


@applies(ModelReviewFellDue)
def _apply_review_due(s: State, event: ModelReviewFellDue) -> None:
    s.move(s.models, event.model, MODEL, "fall_due_for_review", review_due=True)


@applies(AdoptionRecorded)
def _apply_recorded(s: State, event: AdoptionRecorded) -> None:
    model = s.models[event.model]
    MODEL.next_state(model.state, "record_adoption")
    if s.the_charter.scope.excludes(event.employer.sector):
        raise IntegrityError(
            f"{event.employer.id} is of the {event.employer.sector} sector, outside the scope"
        )
    if event.version != model.current.version:
        raise IntegrityError(
            f"the adoption names version {event.version} of {model.id}, "
            f"not version {model.current.version}, the one in force"
        )
    adoption = Adoption(
        employer=event.employer,
        model=event.model,
        version=event.version,
        at=event.at,
        embedded_in_contracts=event.embedded_in_contracts,
        recorded_by=event.by,
    )
    s.put(s.adoptions, (model.id, event.employer.id), adoption)
    s.put(s.employers, event.employer.id, event.employer)


@applies(AdoptionWithdrawn)
def _apply_withdrawn(s: State, event: AdoptionWithdrawn) -> None:
    model = s.models[event.model]
    MODEL.next_state(model.state, "withdraw_adoption")
    if (model.id, event.employer) not in s.adoptions:
        raise IntegrityError(f"{event.employer} has no adoption of {model.id} to withdraw")
    s.drop(s.adoptions, (model.id, event.employer))


@applies(MilestoneSet)
def _apply_set(s: State, event: MilestoneSet) -> None:
    if event.milestone in s.milestones:
        raise IntegrityError(f"milestone {event.milestone} was set twice")
    _agreed(s, event.milestone, SetMilestone, f"milestone {event.milestone}")
    milestone = Milestone(
        id=event.milestone,
        title=event.title,
        owner=event.owner,
        due=event.due,
        due_at=event.due_at,
        state=MILESTONE.initial,
    )
    s.put(s.milestones, event.milestone, milestone)
    schedule(s, event.due_at, _OVERDUE, event.milestone, event.at)


@applies(ProgressReported)
def _apply_progress(s: State, event: ProgressReported) -> None:
    milestone = s.milestones[event.milestone]
    if event.by != milestone.owner:
        raise IntegrityError(f"{event.by} reported on {milestone.id}, owned by {milestone.owner}")
    report = ProgressReport(by=event.by, note=event.note, done=event.done, at=event.at)
    s.move(
        s.milestones,
        milestone.id,
        MILESTONE,
        "report_progress",
        reports=(*milestone.reports, report),
    )


@applies(MilestoneMet)
def _apply_met(s: State, event: MilestoneMet) -> None:
    s.move(s.milestones, event.milestone, MILESTONE, "meet", met_at=event.at)


@applies(MilestoneBecameOverdue)
def _apply_overdue(s: State, event: MilestoneBecameOverdue) -> None:
    s.move(s.milestones, event.milestone, MILESTONE, "mark_overdue")


@applies(MilestoneDropped)
def _apply_dropped(s: State, event: MilestoneDropped) -> None:
    _agreed(s, event.proposal, DropMilestone, f"dropping {event.milestone}")
    s.move(
        s.milestones,
        event.milestone,
        MILESTONE,
        "drop",
        dropped_at=event.at,
        dropped_by=event.proposal,
    )
