"""Consultation of the advisory group (clause 4.5), closing at local midnight."""

from __future__ import annotations

import pendulum
import pytest

import consensus as cs
from consensus.testing import assert_rejected

from .conftest import agree_all, decide

CHAIR = "welsh-government"
LONDON = "Europe/London"


def target(p: cs.Partnership) -> str:
    pid = p.propose(cs.Resolution(title="Model whistleblowing policy", text="..."), by="gmb")
    p.table(pid, by=CHAIR)
    return pid


def consult(
    p: cs.Partnership,
    pid: str,
    closes: pendulum.Date,
    advisors: tuple[str, ...] = ("social-care-wales", "tuc"),
) -> str:
    return decide(
        p,
        cs.Consult(proposal=pid, advisors=advisors, question="Is it workable?", closes=closes),
        by="gmb",
    )


def test_agreed_consult_opens_a_consultation(active: cs.Partnership) -> None:
    """Once agreed, a Consult opens a consultation and the target waits in consulting."""
    p = active
    pid = target(p)
    cid = consult(p, pid, pendulum.date(2024, 9, 30))
    consultation = p.consultation(cid)
    assert (consultation.state, consultation.proposal, consultation.advisors) == (
        "open",
        pid,
        ("social-care-wales", "tuc"),
    )
    assert p.proposal(pid).state == "consulting"
    assert p.proposal(pid).consultation == cid
    err = assert_rejected(
        p, p.record_position, pid, cs.Position.AGREE, by="gmb", error=cs.InvalidTransition
    )
    assert f"Positions wait until consultation {cid} closes (2024-10-01 00:00 BST)" in str(err)
    assert_rejected(p, p.conclude, pid, by=CHAIR, error=cs.InvalidTransition)


def test_consult_is_refused_unless_it_can_apply(
    active: cs.Partnership, clock: cs.SimulatedClock
) -> None:
    """Consulting a draft, an unknown advisor, or with a closing date past is refused when proposed."""
    p = active
    draft = p.propose(cs.Resolution(title="Draft", text="..."), by="gmb")
    cases = [
        (
            cs.Consult(
                proposal=draft, advisors=("tuc",), question="?", closes=pendulum.date(2024, 12, 1)
            ),
            f"{draft} is draft",
        ),
        (
            cs.Consult(
                proposal="p-0404",
                advisors=("tuc",),
                question="?",
                closes=pendulum.date(2024, 12, 1),
            ),
            "no proposal 'p-0404'",
        ),
    ]
    pid = target(p)
    cases += [
        (
            cs.Consult(
                proposal=pid,
                advisors=("tuc", "unite"),
                question="?",
                closes=pendulum.date(2024, 12, 1),
            ),
            "unite is not in the advisory group",
        ),
        (
            cs.Consult(
                proposal=pid, advisors=("tuc",), question="?", closes=pendulum.date(2024, 9, 1)
            ),
            "closing date 2024-09-01 has already ended",
        ),
    ]
    for motion, reason in cases:
        err = assert_rejected(p, p.propose, motion, by="gmb", error=cs.InvalidMotion)
        assert reason in str(err)
    with pytest.raises(cs.InvalidArgument):
        cs.Consult(proposal=pid, advisors=(), question="?", closes=pendulum.date(2024, 12, 1))
    with pytest.raises(cs.InvalidArgument):
        cs.Consult(
            proposal=pid, advisors=("tuc",), question="?", closes=pendulum.datetime(2024, 12, 1)
        )  # type: ignore[arg-type]


def test_only_invited_advisors_respond_while_open(
    active: cs.Partnership, clock: cs.SimulatedClock
) -> None:
    """Partners, uninvited advisors and late responses are refused; responses are kept in order."""
    p = active
    cid = consult(p, target(p), pendulum.date(2024, 9, 30))
    p.respond(cid, "Workable with training.", by="tuc", channel=cs.Channel.EMAIL)
    p.respond(cid, "Add a helpline.", by="tuc", channel="online_form")
    p.respond(cid, "Agree.", by="social-care-wales", channel="video")
    for by, reason in [
        ("gmb", "gmb is a partner, not an advisor"),
        ("adss", "adss was not invited to this consultation"),
        ("nobody", "nobody is not in the advisory group"),
    ]:
        err = assert_rejected(
            p, p.respond, cid, "View.", by=by, channel="email", error=cs.NotEntitled
        )
        assert reason in str(err)
    assert_rejected(p, p.respond, cid, "", by="tuc", channel="email", error=cs.InvalidArgument)
    assert_rejected(p, p.respond, cid, "x", by="tuc", channel="pigeon", error=cs.InvalidArgument)
    grouped = p.consultation(cid).responses_by_advisor()
    assert [r.text for r in grouped["tuc"]] == ["Workable with training.", "Add a helpline."]
    assert [r.channel for r in grouped["social-care-wales"]] == [cs.Channel.VIDEO]
    clock.set(pendulum.datetime(2024, 10, 1, 0, 0, tz=LONDON))  # local midnight: closed
    err = assert_rejected(
        p, p.respond, cid, "Late.", by="tuc", channel="letter", error=cs.InvalidTransition
    )
    assert "It closed at 2024-10-01 00:00 BST; responses after that are not accepted." in str(err)


@pytest.mark.parametrize(
    ("closes", "utc"),
    [
        (pendulum.date(2025, 6, 25), "2025-06-25T23:00:00+00:00"),  # BST: midnight is 23:00 UTC
        (pendulum.date(2025, 1, 15), "2025-01-16T00:00:00+00:00"),  # GMT
        (
            pendulum.date(2025, 3, 29),
            "2025-03-30T00:00:00+00:00",
        ),  # the night BST begins (01:00 UTC on the 30th)
        (pendulum.date(2025, 3, 30), "2025-03-30T23:00:00+00:00"),  # the first BST day
        (pendulum.date(2025, 10, 25), "2025-10-25T23:00:00+00:00"),  # the night BST ends
        (
            pendulum.date(2025, 10, 26),
            "2025-10-27T00:00:00+00:00",
        ),  # the first GMT day (25 hours long)
    ],
)
def test_closing_instant_is_local_midnight_across_dst(closes: pendulum.Date, utc: str) -> None:
    """A consultation closes at the end of its closing date in London, BST or GMT."""
    assert cs.end_of_day(closes, LONDON).in_timezone("UTC").isoformat() == utc


def test_time_driven_close_is_stamped_with_its_instant(
    active: cs.Partnership, clock: cs.SimulatedClock
) -> None:
    """The close is emitted before a later command, stamped at midnight, and the target resumes."""
    p = active
    pid = target(p)
    cid = consult(p, pid, pendulum.date(2024, 10, 26))  # the night before BST ends
    clock.set(pendulum.datetime(2024, 10, 28, 9, tz=LONDON))
    p.record_position(pid, cs.Position.AGREE, by="gmb")
    closed, recorded = p.events[-2:]
    assert closed == cs.ConsultationClosed(
        at=pendulum.datetime(2024, 10, 27, 0, tz=LONDON), consultation=cid
    )
    assert closed.at.in_timezone("UTC").isoformat() == "2024-10-26T23:00:00+00:00"
    assert isinstance(recorded, cs.PositionRecorded)
    assert p.consultation(cid).closed_by is None
    assert p.proposal(pid).state == "deliberating"
    assert p.proposal(pid).consultation is None


def test_chair_closes_early_once_everyone_responded(active: cs.Partnership) -> None:
    """The chair may close early only when every invited advisor has responded."""
    p = active
    pid = target(p)
    cid = consult(p, pid, pendulum.date(2024, 12, 1))
    p.respond(cid, "Yes.", by="tuc", channel="email")
    err = assert_rejected(p, p.close_consultation, cid, by=CHAIR, error=cs.NotEntitled)
    assert "still awaiting responses from social-care-wales" in str(err)
    p.respond(cid, "Yes.", by="social-care-wales", channel="letter")
    assert_rejected(p, p.close_consultation, cid, by="gmb", error=cs.NotEntitled)
    p.close_consultation(cid, by=CHAIR)
    assert (p.consultation(cid).state, p.consultation(cid).closed_by) == ("closed", CHAIR)
    assert p.proposal(pid).state == "deliberating"
    agree_all(p, pid)
    assert p.conclude(pid, by=CHAIR) is cs.Outcome.AGREED
    assert p.advance(to=pendulum.datetime(2024, 12, 3, tz=LONDON)) == ()  # no second close


def test_withdrawing_the_target_closes_its_consultation(active: cs.Partnership) -> None:
    """A proposal withdrawn while under consultation takes its consultation with it."""
    p = active
    pid = target(p)
    cid = consult(p, pid, pendulum.date(2024, 12, 1))
    p.withdraw_proposal(pid, by="gmb")
    assert p.proposal(pid).state == "withdrawn"
    assert (p.consultation(cid).state, p.consultation(cid).closed_by) == ("closed", "gmb")
    assert cs.check_invariants(p) == []
    # A response after that names when it closed, not when it would have.
    err = assert_rejected(
        p, p.respond, cid, "Late.", by="tuc", channel="email", error=cs.InvalidTransition
    )
    assert "It closed at 2024-09-02 10:35 BST; responses after that" in str(err)


def test_a_refused_command_undoes_the_time_driven_events_it_emitted(
    active: cs.Partnership, clock: cs.SimulatedClock
) -> None:
    """Invariant 10 holds even when the refused call first closed a consultation."""
    p = active
    cid = consult(p, target(p), pendulum.date(2024, 9, 30))
    clock.set(pendulum.datetime(2024, 10, 2, tz=LONDON))
    assert_rejected(
        p, p.respond, cid, "Late.", by="tuc", channel="email", error=cs.InvalidTransition
    )
    assert p.consultation(cid).state == "open"
    (closed,) = p.advance()
    assert isinstance(closed, cs.ConsultationClosed)
    assert closed.at == pendulum.datetime(2024, 10, 1, tz=LONDON)


def test_consult_agreed_after_its_closing_date_cannot_be_carried_out(
    active: cs.Partnership, clock: cs.SimulatedClock
) -> None:
    """A Consult whose closing date ended before agreement is refused at conclusion."""
    p = active
    pid = target(p)
    ask = p.propose(
        cs.Consult(
            proposal=pid, advisors=("tuc",), question="?", closes=pendulum.date(2024, 9, 3)
        ),
        by="gmb",
    )
    p.table(ask, by=CHAIR)
    agree_all(p, ask)
    clock.set(pendulum.datetime(2024, 9, 5, tz=LONDON))
    err = assert_rejected(p, p.conclude, ask, by=CHAIR, error=cs.InvalidMotion)
    assert "closing date 2024-09-03 has already ended" in str(err)


def test_an_advisor_may_respond_again_and_both_are_kept(active: cs.Partnership) -> None:
    """A second response (a correction, a follow-up) is added, never put in the first's place."""
    p = active
    cid = consult(p, target(p), pendulum.date(2024, 12, 1))
    p.respond(cid, "Yes.", by="tuc", channel="email")
    p.respond(cid, "Yes, with one caveat.", by="tuc", channel="letter")
    responses = p.consultation(cid).responses
    assert [(r.advisor, r.text) for r in responses] == [
        ("tuc", "Yes."),
        ("tuc", "Yes, with one caveat."),
    ]
    assert p.consultation(cid).awaiting == ("social-care-wales",)
