"""Replay refuses logs the library could not have produced; the invariant checks are not vacuous."""

from __future__ import annotations

import contextlib
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

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


def tabled(p: cs.Partnership) -> str:
    """A resolution proposed by UNISON and tabled by the chair."""
    pid = p.propose(cs.Resolution(title="T", text="x"), by="unison")
    p.table(pid, by="welsh-government")
    return pid


def forged(p: cs.Partnership, *extra: cs.Event) -> cs.Partnership:
    """A partnership built from a forged log, for checking the checker.

    Strict replay refuses such a log (asserted here); ``trusted=True`` only
    applies the events, as a store reading its own verified log would.
    """
    log = [*p.events, *extra]
    with pytest.raises(cs.IntegrityError):
        cs.Partnership.replay(log)
    return cs.Partnership.replay(log, trusted=True)


def test_checks_catch_an_agreement_without_unanimity(active: cs.Partnership) -> None:
    """Invariants 1 and 2 report a forged agreement with positions missing."""
    p = active
    pid = tabled(p)
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
    pid = tabled(p)
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
    pid = tabled(p)
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
    log = [
        *p.events,
        cs.CharterSigned(at=at, party=charter.signatories[-1].id),
        cs.PartnershipRatified(at=at),
        cs.ReviewScheduled(at=at, review="r-0001", cycle=1, due=at.add(months=11)),
    ]
    with pytest.raises(cs.IntegrityError, match="where the command of event"):
        cs.Partnership.replay(log)
    bad = cs.Partnership.replay(log, trusted=True)
    assert 6 in {v.invariant for v in cs.check_invariants(bad)}


def test_violations_read_as_sentences() -> None:
    """A violation prints its number, name and detail."""
    v = cs.Violation(invariant=3, name="finality", detail="p-0001 changed after it was agreed")
    assert str(v) == "invariant 3 (finality): p-0001 changed after it was agreed"


def _busy_log() -> str:
    import pendulum

    charter = cs.load_charter("examples/charters/social_care_workforce_partnership.toml")
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories:
        p.sign(by=party.id)
    target = p.propose(cs.Resolution(title="Policy", text="x"), by="gmb")
    p.table(target, by="welsh-government")
    decide(
        p,
        cs.Consult(
            proposal=target, advisors=("tuc",), question="?", closes=pendulum.date(2024, 9, 20)
        ),
    )
    p.respond("p-0002", "Fine.", by="tuc", channel="email")
    decide(p, cs.Admit(party=cs.PartyRecord(id="unite", name="Unite", constituency="workers")))
    decide(p, cs.Amend(clauses={"7.2": None}, rationale="Funded."))
    p.withdraw(by="rcn")
    clock.set(pendulum.datetime(2025, 9, 3, tz="Europe/London"))
    p.open_review(by="welsh-government")
    return cs.events_to_jsonl(p.events)


BUSY_LOG = _busy_log().splitlines()
JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.text(max_size=6),
    st.sampled_from(
        ["gmb", "p-0001", "r-0001", "agree", "2024-09-02T09:00:00+00:00", "Europe/London"]
    ),
    st.lists(st.sampled_from(["gmb", "tuc"]), max_size=2),
)


@given(data=st.data())
def test_corrupted_logs_raise_only_consensus_errors(data: st.DataObject) -> None:
    """Dropping, swapping, repeating or altering lines of a real log never raises anything but ConsensusError."""
    lines = list(BUSY_LOG)
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        i = data.draw(st.integers(0, len(lines) - 1), label="line")
        edit = data.draw(st.sampled_from(["drop", "swap", "repeat", "alter"]), label="edit")
        if edit == "drop" and len(lines) > 1:
            del lines[i]
        elif edit == "swap":
            j = data.draw(st.integers(0, len(lines) - 1), label="other")
            lines[i], lines[j] = lines[j], lines[i]
        elif edit == "repeat":
            lines.insert(i, lines[i])
        else:
            record = json.loads(lines[i])
            key = data.draw(st.sampled_from(sorted(record)), label="key")
            record[key] = data.draw(JSON_VALUES, label="value")
            lines[i] = json.dumps(record)
    with contextlib.suppress(cs.ConsensusError):
        cs.Partnership.replay(cs.events_from_jsonl("\n".join(lines)))
