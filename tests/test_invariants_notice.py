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
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import consensus as cs

from .conftest import decide
from .test_fuzz import BASES, CHARTER, START

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


def beside(base: str, edit: Callable[[list[cs.Event]], None]) -> cs.Partnership:
    """``base``'s true tables, with its log edited by hand beside them."""
    p = replayed(log(base))
    events = log(base)
    edit(events)
    p._s.events = events
    return p


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
        "agreed although its rule finds otherwise",
        1,
        "is agreed, but unanimity finds it not_agreed",
        lambda: table(
            "dissolved",
            lambda s: evolve_in(
                s.proposals,
                agreed(s),
                positions={**s.proposals[agreed(s)].positions, "gmb": cs.Position.BLOCK},
            ),
        ),
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
    (
        "a position from a party that is not a member",
        2,
        "stranger recorded a position while not an active member",
        lambda: changed("dissolved", E.PositionRecorded, party="stranger"),
    ),
    (
        "a decision by other than the active members",
        2,
        "p-0004 was decided by ['gmb'], not the active members",
        lambda: changed("dissolved", E.ProposalAgreed, electorate=frozenset({"gmb"})),
    ),
    (
        "an outsider's position counted by a careless rule",
        2,
        "p-0009: positions from outside the electorate changed the outcome",
        lambda: _outsider_counted(),
    ),
    # 3: finality
    (
        "a position after agreement",
        3,
        "final since event",
        lambda: _position_after_agreement(),
    ),
    (
        "a consultation opened on a concluded proposal",
        3,
        "event #26 (consultation.opened) changes p-0004, final since event #25",
        lambda: changed("dissolved", E.ConsultationOpened, proposal="p-0004"),
    ),
    # 4: consultation
    (
        "a consultation no Consult asked for",
        4,
        "has no agreed Consult motion",
        lambda: changed("dissolved", E.ConsultationOpened, consultation="p-0001"),
    ),
    (
        "a consultation under an agreed motion that is no Consult",
        4,
        "consultation p-0005 has no agreed Consult motion",
        lambda: _consultation_under_admit(),
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
        "a response after the consultation closed early",
        4,
        "adss responded to p-0004 after it closed",
        lambda: _response_after_early_close(),
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
        "a version from an agreed motion that is no Amend",
        5,
        "version 2 does not come from an Amend motion",
        lambda: table("dissolved", lambda s: _edit_history(s, -1, amended_by="p-0005")),
    ),
    (
        "a version its Amend never made",
        5,
        "p-0006 made 0 charter versions",
        lambda: beside("dissolved", lambda events: events.pop(index(events, E.CharterAmended))),
    ),
    (
        "a version from an Amend that cannot apply",
        5,
        "version 2 comes from p-0006, which cannot apply to version 1",
        lambda: _unappliable_amendment(),
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
    (
        "a period changed when no review was open",
        6,
        "review r-0002 is due 2026-03-02 10:35:00+00:00, expected 2025-09-02 10:35:00+01:00",
        lambda: _period_changed_between_reviews(),
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
        "a decision with a required constituency unrepresented",
        7,
        "p-0009 was agreed while government had no active member",
        lambda: changed("dissolved", E.MemberWithdrawn, party="welsh-government"),
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
        "dss sits for welsh-government and gmb",
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
        "a withdrawn proposal on an agenda",
        11,
        "p-0008 on the agenda of m-0001 is unknown or concluded",
        lambda: changed("dissolved", E.MeetingConvened, agenda=("p-0008",)),
    ),
    (
        "a decided proposal on an agenda",
        11,
        "p-0007 on the agenda of m-0001 is unknown or concluded",
        lambda: changed("dissolved", E.MeetingConvened, agenda=("p-0007",)),
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
        "apologies from a member who withdrew",
        11,
        "rcn is not an active member",
        lambda: changed("dissolved", E.ApologiesSent, party="rcn"),
    ),
    (
        "apologies kept for a party that came after all",
        11,
        "meeting m-0001 is closed with",
        lambda: _apologies_kept(),
    ),
    (
        "a deputy nominated after the meeting opened",
        11,
        "deputy late-deputy was nominated after m-0001 opened",
        lambda: _late_deputy(),
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
        "a meeting opened while another is in session",
        11,
        "m-0004 opened while m-0003 was in session",
        lambda: _opened_during_another(),
    ),
    (
        "a position outside a meeting where the charter forbids it",
        11,
        "unison took a position on p-0002 outside a meeting",
        lambda: _only_in_meetings(E.PartnershipDrafted),
    ),
    (
        "a conclusion outside a meeting where the charter forbids it",
        11,
        "p-0004 was concluded outside a meeting",
        lambda: _only_in_meetings(E.PartnershipDrafted),
    ),
    (
        "a position outside a meeting once an amendment forbids it",
        11,
        "gmb took a position on p-0007 outside a meeting",
        lambda: _only_in_meetings(E.CharterAmended),
    ),
    (
        "a meeting the log convened missing from the tables",
        11,
        "the meetings differ from those the log convened",
        lambda: table("dissolved", lambda s: s.meetings.pop("m-0002")),
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
        "a model under an agreed motion that is no AdoptModel",
        13,
        "model p-0002 has no agreed AdoptModel motion",
        lambda: changed("programme due", E.ModelAdopted, 1, model="p-0002"),
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
        "a milestone under an agreed motion that is no SetMilestone",
        13,
        "milestone p-0001 has no agreed SetMilestone motion",
        lambda: changed("programme due", E.MilestoneSet, milestone="p-0001"),
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
        "a milestone met again after a report on another",
        13,
        "p-0005 was met while met",
        lambda: _met_again_after_another_report(),
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
        "p-0005 was reported done but not met",
        lambda: dropped("programme due", E.MilestoneMet),
    ),
    (
        "a log ending on a done report",
        13,
        "p-0008 was reported done but not met",
        lambda: _ends_on_done_report(),
    ),
    (
        "a model holding other versions than its log",
        13,
        "holds other versions than its log",
        lambda: table("programme due", lambda s: _model_versions(s, reverse=True)),
    ),
    (
        "a model's versions numbered out of turn",
        13,
        "model p-0001's versions do not run 1, 2, 3",
        lambda: table("programme due", lambda s: _model_versions_renumbered(s)),
    ),
    (
        "adoptions other than the log records",
        13,
        "the adoptions of p-0001 differ from those its log records",
        lambda: table("programme due", lambda s: s.adoptions.clear()),
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
        "a milestone still open after its due date",
        13,
        "milestone p-0008 is still open after the end of its due date",
        lambda: dropped("programme due", E.MilestoneBecameOverdue),
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
    # 8: replay
    (
        "a log strict replay refuses",
        8,
        "replaying the log fails",
        lambda: repeated("dissolved", E.PartnershipDissolved),
    ),
    (
        "tables other than the log makes",
        8,
        "replaying the log gives a different state",
        lambda: table("dissolved", lambda s: evolve_in(s.members, "unison", state="withdrawn")),
    ),
    (
        "a motion holding a value the log cannot read back",
        8,
        "decoding the encoded log fails",
        lambda: _memo_proposed(Memo(text=5)),  # type: ignore[arg-type]
    ),
    (
        "a motion holding a value the log reads back as another",
        8,
        "encoding and decoding the log changes it",
        lambda: _memo_proposed(Memo(text="Thanks.", detail=("to", "all"))),
    ),
    (
        "an instant outside the charter's time zone",
        8,
        "encoding and decoding the log changes the time zone of an instant",
        lambda: _first_instant_in_utc(),
    ),
    # 9: time
    (
        "an event earlier than the one before",
        9,
        "event #102 (partnership.dissolved) is earlier than event #101",
        lambda: changed("dissolved", E.PartnershipDissolved, at=BASES["dissolved"][1].at),
    ),
    (
        "the second event earlier than the first",
        9,
        "event #1 (charter.signed) is earlier than event #0",
        lambda: changed(
            "dissolved", E.CharterSigned, at=BASES["dissolved"][0].at.subtract(days=1)
        ),
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


@attrs.frozen
class Careless:
    """A rule that reads every position on the ballot, the electorate's or not."""

    name = "careless"

    def decide(self, ballot: cs.Ballot) -> cs.Outcome:
        if cs.Position.BLOCK in ballot.positions.values():
            return cs.Outcome.NOT_AGREED
        return cs.Outcome.PENDING if ballot.missing else cs.Outcome.AGREED


@attrs.frozen
class EverySide:
    """Agreed when every constituency of the electorate agrees and nobody blocks."""

    name = "every-side"

    def decide(self, ballot: cs.Ballot) -> cs.Outcome:
        counted = ballot.counted()
        if cs.Position.BLOCK in counted.values():
            return cs.Outcome.NOT_AGREED
        if ballot.missing:
            return cs.Outcome.PENDING
        sides = {ballot.constituencies[party] for party in ballot.electorate}
        agreeing = {
            ballot.constituencies[party]
            for party, position in counted.items()
            if position is cs.Position.AGREE
        }
        return cs.Outcome.AGREED if sides <= agreeing else cs.Outcome.NOT_AGREED


@attrs.frozen(kw_only=True)
class Memo:
    """A motion of one's own; its values are whatever the caller gives."""

    KIND: ClassVar[str] = "memo"
    text: str
    detail: Any = None

    def describe(self) -> str:
        return "record a memo"


def _private(base: str, registry: cs.Registry) -> cs.Partnership:
    """``base`` replayed with ``registry``, its clock at its last event."""
    events = BASES[base]
    clock = cs.SimulatedClock(events[-1].at)
    return cs.Partnership.replay(events, clock=clock, registry=registry, trusted=True)


def _outsider_counted() -> cs.Partnership:
    registry = cs.Registry()
    cs.register_rule(Careless(), registry=registry)
    p = _private("dissolved", registry)
    proposal = p._s.proposals["p-0009"]
    evolve_in(
        p._s.proposals,
        "p-0009",
        rule="careless",
        positions={**proposal.positions, "stranger": cs.Position.BLOCK},
    )
    return p


def _memo_proposed(memo: Memo) -> cs.Partnership:
    registry = cs.Registry()
    cs.register_motion(Memo, registry=registry)
    p = _private("busy", registry)
    p.propose(memo, by="gmb")
    return p


def _first_instant_in_utc() -> cs.Partnership:
    p = replayed(log("dissolved"))
    drafted = p._s.events[0]
    p._s.events[0] = attrs.evolve(drafted, at=drafted.at.in_timezone("UTC"))
    return p


def _consultation_under_admit() -> cs.Partnership:
    """A consultation opened under p-0005, agreed just before, but an Admit."""
    events = log("dissolved")
    opened = events[index(events, E.ConsultationOpened)]
    i = next(
        k
        for k, e in enumerate(events)
        if isinstance(e, E.ProposalAgreed) and e.proposal == "p-0005"
    )
    events.insert(i + 1, attrs.evolve(opened, consultation="p-0005", at=events[i].at))
    return replayed(events, "dissolved")


def _response_after_early_close() -> cs.Partnership:
    events = log("dissolved")
    closed = events.pop(index(events, E.ConsultationClosed))
    i = index(events, E.ResponseReceived, 1)
    response = events[i]
    events[i + 1 : i + 1] = [attrs.evolve(closed, at=response.at), response]
    return replayed(events, "dissolved")


def _unappliable_amendment() -> cs.Partnership:
    events = log("dissolved")
    i = next(
        k
        for k, e in enumerate(events)
        if isinstance(e, E.MotionProposed) and isinstance(e.motion, cs.Amend)
    )
    events[i] = attrs.evolve(
        events[i], motion=cs.Amend(clauses={"99.9": None}, rationale="No such clause.")
    )
    return replayed(events, "dissolved")


def _period_changed_between_reviews() -> cs.Partnership:
    """A six-month period agreed after r-0001 concluded, before r-0002 was scheduled.

    No review is open then, so the anchor stays at ratification: r-0002 is
    due twelve months (two periods) after it, not six months after r-0001.
    """
    events = log("reviewed")
    amended = events[index(events, E.CharterAmended)]
    i = index(events, E.ReviewScheduled, 1)
    six = attrs.evolve(amended.charter, review_period_months=6)
    events.insert(i, attrs.evolve(amended, at=events[i].at, charter=six))
    scheduled = events[i + 1]
    events[i + 1] = attrs.evolve(
        scheduled, due=events[index(events, E.ReviewScheduled)].due.add(months=6)
    )
    return replayed(events, "reviewed")


def _apologies_kept() -> cs.Partnership:
    """gmb sends apologies for m-0001, then sits at it; the tables still list the apologies."""
    p = changed("dissolved", E.ApologiesSent, party="gmb")
    evolve_in(p._s.meetings, "m-0001", apologies=("gmb",))
    return p


def _late_deputy() -> cs.Partnership:
    events = log("dissolved")
    opened = index(events, E.MeetingOpened)
    i = index(events, E.AttendanceRecorded, 1)
    assert i > opened
    nominated = events[index(events, E.PersonNominated, 3)]
    late = cs.Person(id="late-deputy", name="Late deputy")
    events[i] = attrs.evolve(events[i], person=late.id)
    events.insert(i, attrs.evolve(nominated, at=events[i].at, person=late, role="deputy"))
    return replayed(events, "dissolved")


def _opened_during_another() -> cs.Partnership:
    events = log("busy")
    opened = events[index(events, E.MeetingOpened, 1)]
    events.append(attrs.evolve(opened, meeting="m-0004", at=events[-1].at))
    return replayed(events, "busy")


def _only_in_meetings(kind: type) -> cs.Partnership:
    """The charter (as drafted, or as amended) allows no decisions between meetings."""
    events = log("dissolved")
    i = index(events, kind)
    events[i] = attrs.evolve(
        events[i], charter=attrs.evolve(events[i].charter, between_meetings=False)
    )
    return replayed(events, "dissolved")


def _met_again_after_another_report() -> cs.Partnership:
    events = log("programme due")
    met = events[index(events, E.MilestoneMet)]
    report = events[index(events, E.ProgressReported)]
    at = events[-1].at
    events += [
        attrs.evolve(report, milestone="p-0008", by="care-forum-wales", done=False, at=at),
        attrs.evolve(met, at=at),
    ]
    return replayed(events, "programme due")


def _ends_on_done_report() -> cs.Partnership:
    events = log("programme due")
    report = events[index(events, E.ProgressReported)]
    events.append(
        attrs.evolve(
            report, milestone="p-0008", by="care-forum-wales", done=True, at=events[-1].at
        )
    )
    return replayed(events, "programme due")


def _model_versions_renumbered(s: Any) -> None:
    key = first(s.models, lambda m: len(m.versions) > 1)
    versions = s.models[key].versions
    evolve_in(
        s.models, key, versions=tuple(attrs.evolve(v, version=v.version + 1) for v in versions)
    )


@pytest.mark.parametrize(
    ("invariant", "expected", "forge"),
    [pytest.param(number, text, forge, id=name) for name, number, text, forge in CASES],
)
def test_each_check_names_the_fault_it_exists_for(
    invariant: int, expected: str, forge: Forgery
) -> None:
    found = [v.detail for v in cs.check_invariants(forge(), only={invariant})]
    assert any(expected in detail for detail in found), found


@pytest.mark.parametrize("base", sorted(BASES))
def test_a_true_log_breaks_no_invariant(base: str) -> None:
    """Every base, as the library wrote it: the checker finds nothing (no false alarm)."""
    assert cs.check_invariants(replayed(log(base))) == []


def test_a_log_may_end_on_a_report_not_done() -> None:
    """Only a report of a milestone done asks for a milestone met after it."""
    events = BASES["programme due"]
    p = cs.Partnership.replay(events, clock=cs.SimulatedClock(events[-1].at), trusted=True)
    p.report_progress("p-0008", note="Half written.", by="care-forum-wales")
    assert isinstance(p.events[-1], E.ProgressReported)
    assert cs.check_invariants(p) == []


def test_an_admitted_members_constituency_reaches_the_rule() -> None:
    """A rule reading constituencies sees the side of a member admitted after the founding."""
    registry = cs.Registry()
    cs.register_rule(EverySide(), registry=registry)
    charter = attrs.evolve(CHARTER, rules={"resolution": "every-side"})
    clock = cs.SimulatedClock(START)
    p = cs.Partnership.draft(charter, clock=clock, registry=registry)
    for party in charter.signatories:
        p.sign(by=party.id)
    unite = cs.PartyRecord(id="unite", name="Unite", constituency="workers")
    decide(p, cs.Admit(party=unite))
    pid = decide(p, cs.Resolution(title="Pay", text="A model."))
    assert p.proposal(pid).rule == "every-side"
    assert "unite" in (p.proposal(pid).electorate or ())
    assert cs.check_invariants(p) == []


@pytest.mark.parametrize("missing", ["electorate", "rule"])
def test_a_proposal_recording_no_electorate_or_rule_is_left_to_invariant_1(missing: str) -> None:
    """Invariant 1 names it; invariant 2 has no electorate or rule to check it against."""
    p = table("dissolved", lambda s: evolve_in(s.proposals, agreed(s), **{missing: None}))
    assert [v.detail for v in cs.check_invariants(p, only={2})] == []
    unanimity = [v.detail for v in cs.check_invariants(p, only={1})]
    assert any("records no electorate or rule" in detail for detail in unanimity), unanimity


def test_a_violation_is_built_by_keyword_only() -> None:
    with pytest.raises(TypeError):
        cs.Violation(9, "time", "event #4 is earlier than event #3")  # type: ignore[call-arg]
    violation = cs.Violation(invariant=9, name="time", detail="event #4 is earlier than event #3")
    assert str(violation) == "invariant 9 (time): event #4 is earlier than event #3"


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


def test_a_value_of_a_kind_no_command_writes_is_a_finding_not_a_crash() -> None:
    """An admission holding a party's id where its record belongs: each check reading it says so."""
    p = changed("dissolved", E.MemberAdmitted, party="unison")
    found = cs.check_invariants(p)
    stopped = {v.invariant for v in found if "a value of a kind no command writes" in v.detail}
    assert stopped == {1, 2, 5, 7, 11}
    assert all("AttributeError" in v.detail for v in found if v.invariant in stopped)
    # Strict replay, which checks each value's kind, names the event.
    assert any(
        v.invariant == 8 and "event #39: the log holds MemberAdmitted" in v.detail for v in found
    )


def test_a_check_that_stops_keeps_what_it_found_before() -> None:
    """The violations a check yields before it meets a value it cannot read are still reported."""
    events = log("dissolved")
    i = index(events, E.MemberAdmitted)
    events[i] = attrs.evolve(events[i], party="unison")
    later_agreed = index(events, E.ProposalAgreed, 1)
    assert later_agreed < i
    events[later_agreed] = attrs.evolve(events[later_agreed], electorate=frozenset({"gmb"}))
    found = [v.detail for v in cs.check_invariants(replayed(events, "dissolved"), only={2})]
    assert len(found) == 2
    assert "was decided by ['gmb'], not the active members" in found[0]
    assert "a value of a kind no command writes" in found[1]
