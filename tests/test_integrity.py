"""Replay refuses logs the library could not have produced; the invariant checks are not vacuous."""

from __future__ import annotations

import attrs
import pytest

import consensus as cs

from .conftest import decide


def test_replay_refuses_tampered_logs(active: cs.Partnership) -> None:
    """Reordered, truncated-at-the-start, backwards or impossible logs raise IntegrityError."""
    p = active
    pid = decide(p, cs.Resolution(title="T", text="x"))
    events = list(p.events)
    tampered = {
        "empty": [],
        "no draft first": events[1:],
        "two drafts": [events[0], *events],
        "time backwards": [
            *events[:-1],
            attrs.evolve(events[-1], at=events[0].at.subtract(days=1)),
        ],
        "agreed twice": [*events, events[-1]],
        "position on an agreed proposal": [
            *events,
            cs.PositionRecorded(
                at=events[-1].at, proposal=pid, party="gmb", position=cs.Position.AGREE
            ),
        ],
        "unknown proposal": [
            *events,
            cs.ProposalTabled(at=events[-1].at, proposal="p-0404", by="welsh-government"),
        ],
        "not an event": [*events, "charter.signed"],
    }
    for name, log in tampered.items():
        with pytest.raises(cs.IntegrityError) as caught:
            cs.Partnership.replay(log)  # type: ignore[arg-type]
        assert caught.value, name


def test_replay_notes_which_event_failed(active: cs.Partnership) -> None:
    """The error carries a note naming the event's position and type."""
    events = [
        *active.events,
        cs.ProposalTabled(at=active.last_event_at, proposal="p-0404", by="welsh-government"),
    ]
    with pytest.raises(cs.IntegrityError) as caught:
        cs.Partnership.replay(events)
    assert caught.value.__notes__ == [f"while applying event #{len(events) - 1} proposal.tabled"]


def forged(p: cs.Partnership, *extra: cs.Event) -> cs.Partnership:
    return cs.Partnership.replay([*p.events, *extra])


def test_checks_catch_an_agreement_without_unanimity(active: cs.Partnership) -> None:
    """Invariants 1 and 2 report a forged agreement with positions missing."""
    p = active
    pid = p.propose(cs.Resolution(title="T", text="x"), by="unison")
    p.table(pid, by="welsh-government")
    bad = forged(
        p,
        cs.ProposalAgreed(
            at=p.last_event_at,
            proposal=pid,
            by="welsh-government",
            electorate=p.active_members,
            rule="unanimity",
        ),
    )
    found = {v.invariant for v in cs.check_invariants(bad)}
    assert {1, 2} <= found


def test_checks_catch_a_wrong_electorate_and_an_outsider(active: cs.Partnership) -> None:
    """Invariants 2 and 7 report an electorate that is not the active members, and a stranger acting."""
    p = active
    pid = p.propose(cs.Resolution(title="T", text="x"), by="unison")
    p.table(pid, by="welsh-government")
    bad = forged(
        p,
        cs.PositionRecorded(
            at=p.last_event_at, proposal=pid, party="stranger", position=cs.Position.AGREE
        ),
        cs.ProposalNotAgreed(
            at=p.last_event_at,
            proposal=pid,
            by="welsh-government",
            electorate=frozenset({"stranger"}),
            rule="unanimity",
        ),
    )
    found = {v.invariant for v in cs.check_invariants(bad)}
    assert {2, 7} <= found


def test_checks_catch_an_unauthorised_consultation(active: cs.Partnership) -> None:
    """Invariant 4 reports a consultation no agreed Consult opened."""
    p = active
    pid = p.propose(cs.Resolution(title="T", text="x"), by="unison")
    p.table(pid, by="welsh-government")
    at = p.last_event_at
    bad = forged(
        p,
        cs.ConsultationOpened(
            at=at,
            consultation="p-0009",
            proposal=pid,
            advisors=("tuc",),
            question="?",
            closes_at=at.add(days=3),
        ),
    )
    assert 4 in {v.invariant for v in cs.check_invariants(bad)}


def test_checks_catch_a_review_due_on_the_wrong_date(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    """Invariant 6 reports a first review not one period after ratification."""
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories[:-1]:
        p.sign(by=party.id)
    at = clock.now()
    bad = cs.Partnership.replay(
        [
            *p.events,
            cs.CharterSigned(at=at, party=charter.signatories[-1].id),
            cs.PartnershipRatified(at=at),
            cs.ReviewScheduled(at=at, review="r-0001", cycle=1, due=at.add(months=11)),
        ]
    )
    assert 6 in {v.invariant for v in cs.check_invariants(bad)}


def test_violations_read_as_sentences() -> None:
    """A violation prints its number, name and detail."""
    v = cs.Violation(invariant=3, name="finality", detail="p-0001 changed after it was agreed")
    assert str(v) == "invariant 3 (finality): p-0001 changed after it was agreed"
