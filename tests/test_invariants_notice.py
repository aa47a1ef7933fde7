"""Each check of the invariant checker, fed the one fault it exists for.

The invariant checker is the oracle the other tests are judged by: if one of
its checks could be deleted without a test turning red, a broken partnership
could pass it. Each case below forges a log (applied by trusted replay, as a
store reading its own verified log would) or a table of a partnership's
state, so that exactly one check has something to find, and asserts that the
check names it. Found missing by ``scripts/mutation`` (issue 13).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import consensus as cs

from .test_fuzz import BASES

Forgery = Callable[[], cs.Partnership]


def replayed(events: list[cs.Event], base: str | None = None) -> cs.Partnership:
    """A partnership whose log is ``events``.

    Its tables are what trusted replay makes of ``events``; where even
    trusted replay cannot apply them (a transition its workflow lacks), they
    are the tables of ``base``'s true log, with the forged log put beside them.
    """
    try:
        return cs.Partnership.replay(events, trusted=True)
    except cs.IntegrityError:
        if base is None:
            raise
    p = cs.Partnership.replay(BASES[base], trusted=True)
    p._s.events = list(events)
    return p


def log(base: str) -> list[cs.Event]:
    return list(BASES[base])


def index(events: list[cs.Event], kind: type, n: int = 0) -> int:
    return [i for i, e in enumerate(events) if isinstance(e, kind)][n]


def changed(base: str, kind: type, n: int = 0, **changes: Any) -> cs.Partnership:
    """``base``'s log with the ``n``-th event of ``kind`` changed."""
    events = log(base)
    i = index(events, kind, n)
    events[i] = attrs.evolve(events[i], **changes)
    return replayed(events, base)


def repeated(base: str, kind: type, n: int = 0, **changes: Any) -> cs.Partnership:
    """``base``'s log with the ``n``-th event of ``kind`` written twice (the copy changed)."""
    events = log(base)
    i = index(events, kind, n)
    events.insert(i + 1, attrs.evolve(events[i], **changes))
    return replayed(events, base)


def dropped(base: str, kind: type, n: int = 0) -> cs.Partnership:
    events = log(base)
    del events[index(events, kind, n)]
    return replayed(events, base)


def table(base: str, edit: Callable[[Any], None]) -> cs.Partnership:
    """``base`` replayed, then one of its tables edited by hand."""
    p = replayed(log(base))
    edit(p._s)
    return p


def first(mapping: dict[str, Any], where: Callable[[Any], bool] = lambda _: True) -> str:
    return next(key for key, value in mapping.items() if where(value))


def evolve_in(tab: dict[str, Any], key: str, **changes: Any) -> None:
    tab[key] = attrs.evolve(tab[key], **changes)


def later(event: cs.Event, **delta: int) -> Any:
    return event.at + dt.timedelta(**delta)


def agreed(s: Any) -> str:
    return first(s.proposals, lambda q: q.state == "agreed")


E = cs  # events are exported from consensus

CASES: list[tuple[str, int, str, Forgery]] = [
    # 1: unanimity, and the rule in force
    (
        "agreed without an electorate",
        1,
        "records no electorate or rule",
        lambda: table("dissolved", lambda s: evolve_in(s.proposals, agreed(s), electorate=None)),
    ),
    (
        "agreed under a rule nobody registered",
        1,
        "which cannot decide",
        lambda: changed("dissolved", E.ProposalAgreed, rule="no_such_rule"),
    ),
    (
        "decided by another rule than the charter's",
        1,
        "the charter then in force names",
        lambda: changed("dissolved", E.ProposalAgreed, rule="no_such_rule"),
    ),
    # 2: electorate
    (
        "a rule that cannot decide, seen by the electorate check",
        2,
        "cannot decide",
        lambda: changed("dissolved", E.ProposalAgreed, rule="no_such_rule"),
    ),
    # 3: finality
    (
        "a position after agreement",
        3,
        "final since event",
        lambda: _position_after_agreement(),
    ),
    # 4: consultation
    (
        "a consultation no Consult asked for",
        4,
        "has no agreed Consult motion",
        lambda: changed("dissolved", E.ConsultationOpened, consultation="p-0001"),
    ),
    (
        "a consultation other than its Consult",
        4,
        "differs from its Consult motion",
        lambda: changed("dissolved", E.ConsultationOpened, advisors=("someone",)),
    ),
    (
        "a response from an advisor not invited",
        4,
        "uninvited",
        lambda: changed("dissolved", E.ResponseReceived, advisor="someone"),
    ),
    (
        "a response after the closing instant",
        4,
        "after it closed",
        lambda: _response_after_closing(),
    ),
    (
        "a consultation closed late",
        4,
        "closed after its closing instant",
        lambda: _closed_late(),
    ),
    (
        "a consultation still open after its closing instant",
        4,
        "still open after its closing instant",
        lambda: _open_past_closing(),
    ),
    # 5: charter history
    (
        "a version out of place",
        5,
        "stands at position",
        lambda: table("dissolved", lambda s: _edit_history(s, -1, version=7)),
    ),
    (
        "a charter in force that is not the latest",
        5,
        "not the latest version",
        lambda: table("dissolved", lambda s: setattr(s, "charter", s.history[0].charter)),
    ),
    (
        "a version before the one it follows",
        5,
        "took effect before version",
        lambda: table(
            "dissolved",
            lambda s: _edit_history(
                s, -1, effective_from=s.history[0].effective_from.subtract(days=1)
            ),
        ),
    ),
    (
        "a version from no Amend",
        5,
        "does not come from an Amend motion",
        lambda: table("dissolved", lambda s: _edit_history(s, -1, amended_by=None)),
    ),
    (
        "a version taking effect other than when agreed",
        5,
        "not when",
        lambda: table(
            "dissolved",
            lambda s: _edit_history(
                s, -1, effective_from=s.history[-1].effective_from.add(days=1)
            ),
        ),
    ),
    (
        "a version that is not what its Amend makes",
        5,
        "is not what",
        lambda: table(
            "dissolved",
            lambda s: _edit_history(
                s, -1, charter=attrs.evolve(s.history[-1].charter, title="Something else")
            ),
        ),
    ),
    # 6: review cadence
    (
        "a review before ratification",
        6,
        "before ratification",
        lambda: _review_before_ratification(),
    ),
    (
        "two open review cycles",
        6,
        "open review cycles",
        lambda: table("reviewed", lambda s: _edit_reviews(s, 0, state="due")),
    ),
    (
        "a review numbered out of turn",
        6,
        "expected 1",
        lambda: table("reviewed", lambda s: _edit_reviews(s, 0, cycle=3)),
    ),
    (
        "a review scheduled before ratification",
        6,
        "was scheduled before ratification",
        lambda: _scheduled_before_ratification(),
    ),
    (
        "a review due at the wrong date",
        6,
        "expected",
        lambda: changed("reviewed", E.ReviewScheduled, 1, due=BASES["reviewed"][0].at),
    ),
    (
        "a review due no later than the one before",
        6,
        "no later than the review before it",
        lambda: changed("reviewed", E.ReviewScheduled, 1, due=BASES["reviewed"][0].at),
    ),
    (
        "a concluded review scheduling no next",
        6,
        "scheduled no next review",
        lambda: dropped("reviewed", E.ReviewScheduled, 1),
    ),
    (
        "a review due other than its log says",
        6,
        "but its log says",
        lambda: table(
            "reviewed",
            lambda s: _edit_reviews(s, -1, due=list(s.reviews.values())[-1].due.add(days=1)),
        ),
    ),
    # 7: membership
    (
        "an event after the dissolution",
        7,
        "follows the dissolution",
        lambda: repeated("dissolved", E.PartnershipDissolved),
    ),
    (
        "a signature from a party that is not a founder",
        7,
        "is not a founding signatory",
        lambda: changed("dissolved", E.CharterSigned, party="stranger"),
    ),
    (
        "a membership the log does not tell",
        7,
        "but its log says",
        lambda: table("dissolved", lambda s: evolve_in(s.members, "unison", state="withdrawn")),
    ),
    (
        "a dissolved state with no dissolution in the log",
        7,
        "does not record a dissolution",
        lambda: table("reviewed", lambda s: setattr(s, "lifecycle", "dissolved")),
    ),
    (
        "a consultation closed that never opened",
        4,
        "closed without being opened",
        lambda: changed("dissolved", E.ConsultationClosed, consultation="p-0001"),
    ),
    # 11: meetings
    (
        "one person sitting for two parties",
        11,
        "sits for",
        lambda: _nominated_twice(other_person=False),
    ),
    (
        "two representatives of one party",
        11,
        "has two representatives",
        lambda: _nominated_twice(other_person=True),
    ),
    (
        "a nomination withdrawn by a party that did not hold it",
        11,
        "it did not hold",
        lambda: changed("dissolved", E.NominationWithdrawn, party="stranger"),
    ),
    (
        "a meeting convened twice",
        11,
        "convened twice",
        lambda: repeated("dissolved", E.MeetingConvened),
    ),
    (
        "a meeting convened to start in the past",
        11,
        "to start in the past",
        lambda: _convened_in_the_past(),
    ),
    (
        "an unknown proposal on an agenda",
        11,
        "is unknown or concluded",
        lambda: changed("dissolved", E.MeetingConvened, agenda=("p-9999",)),
    ),
    (
        "apologies for a meeting never convened",
        11,
        "which is not convened or in session",
        lambda: changed("dissolved", E.ApologiesSent, meeting="m-9999"),
    ),
    (
        "apologies from a party that is not a member",
        11,
        "stranger is not an active member",
        lambda: changed("dissolved", E.ApologiesSent, party="stranger"),
    ),
    (
        "a person sitting without a nomination",
        11,
        "without its nomination",
        lambda: changed("dissolved", E.AttendanceRecorded, person="nobody"),
    ),
    (
        "a second person for one party",
        11,
        "a second person sat for",
        lambda: repeated("dissolved", E.AttendanceRecorded),
    ),
    (
        "attendance before the meeting starts",
        11,
        "before it started",
        lambda: _attended_early(),
    ),
    (
        "a meeting opened that was never convened",
        11,
        "which is not convened",
        lambda: changed("dissolved", E.MeetingOpened, meeting="m-9999"),
    ),
    (
        "a meeting opened before it starts",
        11,
        "opened before it started",
        lambda: _opened_early(),
    ),
    (
        "a meeting the log never convened",
        11,
        "is not in the log",
        lambda: table("dissolved", lambda s: _add_meeting(s)),
    ),
    (
        "a meeting other than its log says",
        11,
        "but its log says otherwise",
        lambda: table(
            "dissolved", lambda s: evolve_in(s.meetings, first(s.meetings), state="cancelled")
        ),
    ),
    # 13: the work programme
    (
        "a model no AdoptModel asked for",
        13,
        "has no agreed AdoptModel motion",
        lambda: changed("programme due", E.ModelAdopted, model="p-9999"),
    ),
    (
        "a model other than its AdoptModel",
        13,
        "differs from its AdoptModel motion",
        lambda: changed("programme due", E.ModelAdopted, title="Something else"),
    ),
    (
        "a model adopted twice",
        13,
        "was adopted twice",
        lambda: repeated("programme due", E.ModelAdopted),
    ),
    (
        "a model wrongly flagged as to its topic",
        13,
        "wrongly flagged",
        lambda: _flag_flipped(),
    ),
    (
        "a version no ReviseModel asked for",
        13,
        "has no agreed ReviseModel asking for it",
        lambda: changed("programme due", E.ModelRevised, text="Other words."),
    ),
    (
        "a model revised while not in force",
        13,
        "was revised while not in force",
        lambda: changed("programme due", E.ModelRevised, model="p-9999"),
    ),
    (
        "a version out of turn",
        13,
        "follows version",
        lambda: changed("programme due", E.ModelRevised, version=5),
    ),
    (
        "a model rescinded without RescindModel",
        13,
        "without an agreed RescindModel",
        lambda: changed("programme due", E.ModelRescinded, proposal="p-9999"),
    ),
    (
        "a model rescinded twice",
        13,
        "was rescinded while not in force",
        lambda: repeated("programme due", E.ModelRescinded),
    ),
    (
        "a review date for a model without one",
        13,
        "without a review date in force",
        lambda: changed("programme due", E.ModelReviewFellDue, model="p-9999"),
    ),
    (
        "a model review at the wrong instant",
        13,
        "fell due for review at",
        lambda: _model_review_late(),
    ),
    (
        "an adoption of a model not in force",
        13,
        "which is not in force",
        lambda: changed("programme due", E.AdoptionRecorded, model="p-9999"),
    ),
    (
        "an adoption naming the wrong version",
        13,
        "not the version in force",
        lambda: changed("programme due", E.AdoptionRecorded, version=9),
    ),
    (
        "an adoption outside the scope",
        13,
        "outside the scope",
        lambda: _adoption_outside_scope(),
    ),
    (
        "one employer recorded as two",
        13,
        "recorded as two different employers",
        lambda: _employer_renamed(),
    ),
    (
        "an adoption withdrawn that was never held",
        13,
        "it did not hold",
        lambda: changed("programme due", E.AdoptionWithdrawn, employer="nobody"),
    ),
    (
        "a milestone no SetMilestone asked for",
        13,
        "has no agreed SetMilestone motion",
        lambda: changed("programme due", E.MilestoneSet, milestone="p-9999"),
    ),
    (
        "a milestone other than its SetMilestone",
        13,
        "differs from its SetMilestone motion",
        lambda: changed("programme due", E.MilestoneSet, title="Something else"),
    ),
    (
        "a milestone due at the wrong instant",
        13,
        "not the end of",
        lambda: _milestone_due_late(),
    ),
    (
        "progress on no milestone",
        13,
        "which is no milestone",
        lambda: changed("programme due", E.ProgressReported, milestone="p-9999"),
    ),
    (
        "progress reported by another than the owner",
        13,
        "owned by",
        lambda: changed("programme due", E.ProgressReported, by="stranger"),
    ),
    (
        "progress on a milestone already met",
        13,
        "progress reported on",
        lambda: _report_after_met(),
    ),
    (
        "a milestone met without a report",
        13,
        "without its owner reporting it done",
        lambda: dropped("programme due", E.ProgressReported, _done_report()),
    ),
    (
        "a milestone met twice",
        13,
        "was met while met",
        lambda: _met_twice(),
    ),
    (
        "a milestone overdue other than at its end",
        13,
        "became overdue other than",
        lambda: _overdue_late(),
    ),
    (
        "a milestone dropped without DropMilestone",
        13,
        "without an agreed DropMilestone",
        lambda: changed("programme due", E.MilestoneDropped, proposal="p-9999"),
    ),
    (
        "a milestone dropped twice",
        13,
        "was dropped while dropped",
        lambda: repeated("programme due", E.MilestoneDropped),
    ),
    (
        "a milestone reported done and not met",
        13,
        "was reported done but not met",
        lambda: dropped("programme due", E.MilestoneMet),
    ),
    (
        "a model holding other versions than its log",
        13,
        "holds other versions than its log",
        lambda: table("programme due", lambda s: _model_versions(s, reverse=True)),
    ),
    (
        "a model rescinded in the tables only",
        13,
        "but its log says otherwise",
        lambda: table("programme due", lambda s: _model_state(s)),
    ),
    (
        "a model the log never adopted",
        13,
        "differ from those the log adopted",
        lambda: table(
            "programme due", lambda s: s.models.update({"p-9999": next(iter(s.models.values()))})
        ),
    ),
    (
        "a milestone other than its log says",
        13,
        "but its log says otherwise",
        lambda: table(
            "programme due",
            lambda s: evolve_in(s.milestones, first(s.milestones), owner="stranger"),
        ),
    ),
    (
        "a milestone the log never set",
        13,
        "differ from those the log set",
        lambda: table(
            "programme due",
            lambda s: s.milestones.update({"p-9999": next(iter(s.milestones.values()))}),
        ),
    ),
    # 9: time
    (
        "an event earlier than the one before",
        9,
        "is earlier than event",
        lambda: changed("dissolved", E.PartnershipDissolved, at=BASES["dissolved"][1].at),
    ),
]


def _position_after_agreement() -> cs.Partnership:
    events = log("dissolved")
    i = index(events, E.ProposalAgreed)
    pid = events[i].proposal
    position = next(e for e in events if isinstance(e, E.PositionRecorded) and e.proposal == pid)
    events.insert(i + 1, attrs.evolve(position, at=events[i].at))
    return replayed(events, "dissolved")


def _response_after_closing() -> cs.Partnership:
    events = log("dissolved")
    opened = events[index(events, E.ConsultationOpened)]
    i = index(events, E.ResponseReceived)
    events[i] = attrs.evolve(events[i], at=opened.closes_at)
    return replayed(events, "dissolved")


def _closed_late() -> cs.Partnership:
    events = log("dissolved")
    opened = events[index(events, E.ConsultationOpened)]
    i = index(events, E.ConsultationClosed)
    events[i] = attrs.evolve(events[i], at=opened.closes_at.add(days=1))
    return replayed(events, "dissolved")


def _open_past_closing() -> cs.Partnership:
    events = log("busy")
    opened = events[index(events, E.ConsultationOpened)]
    events[-1] = attrs.evolve(events[-1], at=opened.closes_at.add(days=1))
    return replayed(events, "busy")


def _edit_history(s: Any, n: int, **changes: Any) -> None:
    history = list(s.history)
    history[n] = attrs.evolve(history[n], **changes)
    s.history = tuple(history) if isinstance(s.history, tuple) else history


def _edit_reviews(s: Any, n: int, **changes: Any) -> None:
    key = list(s.reviews)[n]
    s.reviews[key] = attrs.evolve(s.reviews[key], **changes)


def _review_before_ratification() -> cs.Partnership:
    p = replayed(log("forming"))
    p._s.reviews.update(replayed(log("reviewed"))._s.reviews)
    return p


def _scheduled_before_ratification() -> cs.Partnership:
    events = log("reviewed")
    i = index(events, E.ReviewScheduled)
    ratified = index(events, E.PartnershipRatified)
    events.insert(ratified, attrs.evolve(events[i], at=events[ratified].at))
    return replayed(events, "reviewed")


def _nominated_twice(*, other_person: bool) -> cs.Partnership:
    events = log("dissolved")
    i = index(events, E.PersonNominated)
    nominated = events[i]
    j = next(
        k
        for k, e in enumerate(events)
        if isinstance(e, E.PersonNominated) and e.party != nominated.party
    )
    if other_person:
        events[j] = attrs.evolve(events[j], party=nominated.party, role="representative")
        events[i] = attrs.evolve(nominated, role="representative")
    else:
        events[j] = attrs.evolve(events[j], person=nominated.person)
    return replayed(events, "dissolved")


def _convened_in_the_past() -> cs.Partnership:
    events = log("dissolved")
    i = index(events, E.MeetingConvened)
    events[i] = attrs.evolve(events[i], starts=events[i].at.subtract(days=1))
    return replayed(events, "dissolved")


def _starts(events: list[cs.Event], meeting: str) -> Any:
    return next(
        e.starts for e in events if isinstance(e, E.MeetingConvened) and e.meeting == meeting
    )


def _attended_early() -> cs.Partnership:
    events = log("dissolved")
    i = index(events, E.AttendanceRecorded)
    events[i] = attrs.evolve(events[i], at=_starts(events, events[i].meeting).subtract(hours=1))
    return replayed(events, "dissolved")


def _opened_early() -> cs.Partnership:
    events = log("dissolved")
    i = index(events, E.MeetingOpened)
    events[i] = attrs.evolve(events[i], at=_starts(events, events[i].meeting).subtract(hours=1))
    return replayed(events, "dissolved")


def _add_meeting(s: Any) -> None:
    s.meetings["m-9999"] = next(iter(s.meetings.values()))


def _flag_flipped() -> cs.Partnership:
    events = log("programme due")
    i = index(events, E.ModelAdopted)
    events[i] = attrs.evolve(events[i], named_topic=not events[i].named_topic)
    return replayed(events, "programme due")


def _model_review_late() -> cs.Partnership:
    events = log("programme due")
    i = index(events, E.ModelReviewFellDue)
    events[i] = attrs.evolve(events[i], at=events[i].at.add(hours=1))
    return replayed(events, "programme due")


def _adoption_outside_scope() -> cs.Partnership:
    events = log("programme due")
    i = index(events, E.AdoptionRecorded)
    employer = attrs.evolve(events[i].employer, sector="nhs")
    events[i] = attrs.evolve(events[i], employer=employer)
    return replayed(events, "programme due")


def _employer_renamed() -> cs.Partnership:
    events = log("programme due")
    i = index(events, E.AdoptionRecorded)
    renamed = attrs.evolve(events[i].employer, name="Another name")
    events.insert(i + 1, attrs.evolve(events[i], employer=renamed))
    return replayed(events, "programme due")


def _milestone_due_late() -> cs.Partnership:
    events = log("programme due")
    i = index(events, E.MilestoneSet)
    events[i] = attrs.evolve(events[i], due_at=events[i].due_at.add(hours=1))
    return replayed(events, "programme due")


def _done_report() -> int:
    reports = [e for e in BASES["programme due"] if isinstance(e, E.ProgressReported)]
    return next(n for n, e in enumerate(reports) if e.done)


def _report_after_met() -> cs.Partnership:
    events = log("programme due")
    met = index(events, E.MilestoneMet)
    report = events[index(events, E.ProgressReported, _done_report())]
    events.insert(met + 1, attrs.evolve(report, at=events[met].at, done=False))
    return replayed(events, "programme due")


def _met_twice() -> cs.Partnership:
    events = log("programme due")
    met = index(events, E.MilestoneMet)
    report = events[index(events, E.ProgressReported, _done_report())]
    events[met + 1 : met + 1] = [attrs.evolve(report, at=events[met].at), events[met]]
    return replayed(events, "programme due")


def _overdue_late() -> cs.Partnership:
    events = log("programme due")
    i = index(events, E.MilestoneBecameOverdue)
    events[i] = attrs.evolve(events[i], at=events[i].at.add(hours=1))
    return replayed(events, "programme due")


def _model_versions(s: Any, *, reverse: bool) -> None:
    key = first(s.models, lambda m: len(m.versions) > 1)
    evolve_in(s.models, key, versions=tuple(reversed(s.models[key].versions)))


def _model_state(s: Any) -> None:
    key = first(s.models, lambda m: m.state != "rescinded")
    evolve_in(s.models, key, state="rescinded")


@pytest.mark.parametrize(
    ("invariant", "expected", "forge"),
    [pytest.param(number, text, forge, id=name) for name, number, text, forge in CASES],
)
def test_each_check_names_the_fault_it_exists_for(
    invariant: int, expected: str, forge: Forgery
) -> None:
    found = [v.detail for v in cs.check_invariants(forge(), only={invariant})]
    assert any(expected in detail for detail in found), found


IDS = sorted(
    {
        value
        for events in BASES.values()
        for event in events
        for value in attrs.asdict(event, recurse=False).values()
        if isinstance(value, str) and len(value) < 40
    }
    | {"stranger", "p-9999", "m-9999"}
)


@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(st.data())
def test_the_checker_reports_a_forged_log_and_never_crashes(data: st.DataObject) -> None:
    """Any one field of any one event changed: the checker answers, never crashes."""
    base = data.draw(st.sampled_from(sorted(BASES)), label="base")
    events = log(base)
    i = data.draw(st.integers(1, len(events) - 1), label="event")
    fields = [f.name for f in attrs.fields(type(events[i]))]
    name = data.draw(st.sampled_from(fields), label="field")
    old = getattr(events[i], name)
    if name in ("at", "starts", "closes_at", "due", "due_at") and hasattr(old, "add"):
        new: Any = old.add(hours=data.draw(st.integers(-24 * 400, 24 * 400), label="hours"))
    elif isinstance(old, bool):
        new = not old
    elif isinstance(old, str):
        new = data.draw(st.sampled_from(IDS), label="value")
    elif isinstance(old, int):
        new = old + data.draw(st.integers(-2, 2), label="delta")
    else:
        new = data.draw(st.sampled_from([getattr(e, name, old) for e in events]), label="value")
    try:
        events[i] = attrs.evolve(events[i], **{name: new})
    except (cs.ConsensusError, TypeError, ValueError):
        assume(False)
    found = cs.check_invariants(replayed(events, base))
    # Many changes are harmless (a rationale's words, an instant an hour on);
    # what matters is that the checker answers with violations, whatever it reads.
    assert all(isinstance(v, cs.Violation) and v.detail for v in found)
