"""Amendment of the charter (clause 6.2) and the annual review (clauses 3.3, 3.5)."""

from __future__ import annotations

import pendulum
import pytest

import consensus as cs
from consensus.testing import assert_rejected

from .conftest import agree_all, decide

CHAIR = "welsh-government"
LONDON = "Europe/London"


# ------------------------------------------------------------------ amendment


def test_agreed_amendment_makes_the_next_version(
    active: cs.Partnership, clock: cs.SimulatedClock
) -> None:
    """Version 2 is in force from the conclusion; charter_at answers for any instant."""
    p = active
    before = clock.now()
    clock.advance(days=10)
    pid = decide(
        p,
        cs.Amend(
            clauses={
                "7.2": None,
                "6.3": "Decisions are made by consent.",
                "8.1": "Partners meet quarterly.",
            },
            headings={"8.1": "Meetings"},
            add_advisors=(cs.AdvisorRecord(id="acas", name="Acas"),),
            remove_advisors=("la-section-151-officers",),
            rule="consent",
            rationale="Learnt from the first year.",
        ),
    )
    assert p.charter.version == 2
    latest = p.charter_history[-1]
    assert (latest.version, latest.amended_by, latest.effective_from) == (
        2,
        pid,
        p.proposal(pid).concluded_at,
    )
    charter = p.charter
    assert charter.clause("6.3").text == "Decisions are made by consent."
    assert charter.clause("8.1").heading == "Meetings"
    assert "7.2" not in [c.id for c in charter.clauses]
    assert "acas" in charter.advisor_ids
    assert "la-section-151-officers" not in charter.advisor_ids
    assert p.charter_at(before).version == 1
    assert p.charter_at(latest.effective_from).version == 2
    with pytest.raises(cs.ClockError, match="no charter was in force"):
        p.charter_at(pendulum.datetime(2020, 1, 1, tz="UTC"))


def test_a_changed_rule_governs_later_conclusions(active: cs.Partnership) -> None:
    """After moving to consent, a DISAGREE no longer stops an agreement."""
    p = active
    decide(p, cs.Amend(rule="consent", rationale="Consent suits us better."))
    pid = p.propose(cs.Resolution(title="Model HR policy", text="..."), by="unison")
    p.table(pid, by=CHAIR)
    agree_all(p, pid)
    p.record_position(pid, cs.Position.DISAGREE, by="wlga")
    assert p.conclude(pid, by=CHAIR) is cs.Outcome.AGREED
    assert p.proposal(pid).rule == "consent"


@pytest.mark.parametrize(
    ("motion", "reason"),
    [
        (
            cs.Amend(clauses={"9.9": None}, rationale="r"),
            "cannot remove a clause the charter does not have",
        ),
        (
            cs.Amend(add_advisors=(cs.AdvisorRecord(id="gmb", name="GMB"),), rationale="r"),
            "'gmb' is already a party's id",
        ),
        (
            cs.Amend(add_advisors=(cs.AdvisorRecord(id="tuc", name="TUC"),), rationale="r"),
            "'tuc' is already in the advisory group",
        ),
        (
            cs.Amend(remove_advisors=("acas",), rationale="r"),
            "'acas' is not in the advisory group",
        ),
        (cs.Amend(rule="majority", rationale="r"), "'majority' is not one of"),
        (
            cs.Amend(headings={"9.9": "Nowhere"}, rationale="r"),
            "names a clause the amended charter does not have",
        ),
    ],
)
def test_invalid_amendments_are_refused_when_proposed(
    active: cs.Partnership, motion: cs.Amend, reason: str
) -> None:
    """An amendment that removes what is not there, or would not give a valid charter, is refused."""
    err = assert_rejected(active, active.propose, motion, by="unison", error=cs.InvalidMotion)
    assert reason in str(err)


def test_conflicting_amendments_only_one_carried(active: cs.Partnership) -> None:
    """When an earlier amendment removed a clause, a later one removing it cannot be carried out."""
    p = active
    first, second = (
        p.propose(cs.Amend(clauses={"7.2": None}, rationale="r"), by=by)
        for by in ("unison", "gmb")
    )
    for pid in (first, second):
        p.table(pid, by=CHAIR)
        agree_all(p, pid)
    p.conclude(first, by=CHAIR)
    err = assert_rejected(p, p.conclude, second, by=CHAIR, error=cs.InvalidMotion)
    assert f"{CHAIR} cannot carry out {second}:" in str(err)
    p.withdraw_proposal(second, by="gmb")
    assert [v.version for v in p.charter_history] == [1, 2]


def test_amend_needs_a_change() -> None:
    """An amendment that changes nothing is not a motion."""
    with pytest.raises(cs.InvalidArgument, match="an amendment that changes something"):
        cs.Amend(rationale="Nothing at all.")
    with pytest.raises(cs.InvalidArgument):
        cs.Amend(clauses={"6..3": "x"}, rationale="r")


# ------------------------------------------------------------------ review


def leap_partnership(charter: cs.Charter) -> tuple[cs.Partnership, cs.SimulatedClock]:
    clock = cs.SimulatedClock(pendulum.datetime(2024, 2, 29, 9, tz=LONDON))
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories:
        p.sign(by=party.id)
    return p, clock


def conclude_review(p: cs.Partnership) -> None:
    review = p.open_review(by=CHAIR)
    decide(p, cs.ConcludeReview(review=review, findings="The arrangements work."), by=CHAIR)


def test_leap_day_reviews_keep_to_the_anchor(charter: cs.Charter) -> None:
    """Ratified on 29 February: reviews due 28 Feb 2025, 2026, 2027 and 29 Feb 2028."""
    p, clock = leap_partnership(charter)
    dues = [p.next_review_due]
    for _ in range(3):
        clock.set(p.next_review_due)  # type: ignore[arg-type]
        p.advance()
        conclude_review(p)
        dues.append(p.next_review_due)
    assert [d.to_date_string() for d in dues] == [
        "2025-02-28",
        "2026-02-28",
        "2027-02-28",
        "2028-02-29",
    ]  # type: ignore[union-attr]
    assert [r.cycle for r in p.reviews] == [1, 2, 3, 4]
    assert cs.check_invariants(p) == []


def test_review_falls_due_at_its_instant_and_opens_only_then(charter: cs.Charter) -> None:
    """The due event carries the due instant; open_review is refused before and allowed after."""
    p, clock = leap_partnership(charter)
    due = p.next_review_due
    err = assert_rejected(p, p.open_review, by=CHAIR, error=cs.InvalidTransition)
    assert "It falls due on 2025-02-28 09:00 GMT" in str(err)
    clock.set(pendulum.datetime(2025, 3, 3, 14, tz=LONDON))
    review = p.open_review(by=CHAIR)
    fell_due, opened = p.events[-2:]
    assert fell_due == cs.ReviewFellDue(at=due, review=review)  # type: ignore[arg-type]
    assert isinstance(opened, cs.ReviewOpened)
    assert p.current_review.state == "in_progress"  # type: ignore[union-attr]
    assert_rejected(p, p.open_review, by=CHAIR, error=cs.InvalidTransition)


def test_conclude_review_only_for_a_review_in_progress(charter: cs.Charter) -> None:
    """A ConcludeReview motion is refused unless its review is in progress."""
    p, _clock = leap_partnership(charter)
    motion = cs.ConcludeReview(review="r-0001", findings="Too early.")
    err = assert_rejected(p, p.propose, motion, by=CHAIR, error=cs.InvalidMotion)
    assert "review r-0001 is scheduled" in str(err)
    assert_rejected(
        p,
        p.propose,
        cs.ConcludeReview(review="r-0404", findings="?"),
        by=CHAIR,
        error=cs.InvalidMotion,
    )


def test_review_becomes_overdue_after_the_grace_period(charter: cs.Charter) -> None:
    """A review not concluded three months after it fell due is reported overdue."""
    p, clock = leap_partnership(charter)
    clock.set(pendulum.datetime(2025, 5, 27, tz=LONDON))
    p.advance()
    assert p.current_review.overdue is False  # type: ignore[union-attr]
    clock.set(pendulum.datetime(2025, 5, 28, 9, tz=LONDON))
    (overdue,) = p.advance()
    assert overdue == cs.ReviewBecameOverdue(
        at=pendulum.datetime(2025, 5, 28, 9, tz=LONDON), review="r-0001"
    )
    assert p.current_review.overdue  # type: ignore[union-attr]
    conclude_review(p)
    assert p.reviews[0].state == "concluded"
    assert p.reviews[0].overdue
    assert p.current_review.overdue is False  # type: ignore[union-attr]


def test_a_late_review_schedules_the_next_from_the_anchor(charter: cs.Charter) -> None:
    """Concluding cycle 1 after cycle 2's due date keeps cycle 2's date and marks it due at once."""
    p, clock = leap_partnership(charter)
    clock.set(pendulum.datetime(2026, 4, 1, tz=LONDON))
    conclude_review(p)
    current = p.current_review
    assert current is not None
    assert current.due.to_date_string() == "2026-02-28"
    p.advance()
    assert p.current_review.state == "due"  # type: ignore[union-attr]
    assert cs.check_invariants(p) == []
