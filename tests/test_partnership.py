"""Forming, membership and decisions: the partnership core, command by command."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

import consensus as cs
from consensus.testing import assert_rejected

from .conftest import agree_all, decide

CHAIR = "welsh-government"


def resolution(title: str = "Model induction policy") -> cs.Resolution:
    return cs.Resolution(title=title, text="The model text.", topic="induction policies")


def deliberating(p: cs.Partnership, by: str = "unison") -> str:
    pid = p.propose(resolution(), by=by)
    p.table(pid, by=CHAIR)
    return pid


# ------------------------------------------------------------------ forming


def test_last_signature_ratifies(charter: cs.Charter, clock: cs.SimulatedClock) -> None:
    """The partnership is forming until the last signatory signs; then active, version 1 in force."""
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories[:-1]:
        p.sign(by=party.id)
        assert p.state == "forming"
        assert p.ratified_at is None
    clock.advance(days=1)
    p.sign(by=charter.signatories[-1].id)
    assert p.state == "active"
    assert p.ratified_at == clock.now()
    assert [v.version for v in p.charter_history] == [1]
    assert p.charter_history[0].effective_from == clock.now()
    assert p.active_members == {party.id for party in charter.signatories}


def test_nothing_is_proposed_before_ratification(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    """Proposing while forming is refused and names who has still to sign."""
    p = cs.Partnership.draft(charter, clock=clock)
    p.sign(by="unison")
    err = assert_rejected(p, p.propose, resolution(), by="unison", error=cs.InvalidTransition)
    assert "still to sign: welsh-government, gmb" in str(err)
    assert_rejected(p, p.withdraw, by="unison", error=cs.InvalidTransition)
    assert_rejected(p, p.open_review, by=CHAIR, error=cs.InvalidTransition)


def test_signing_is_for_signatories_once(charter: cs.Charter, clock: cs.SimulatedClock) -> None:
    """A stranger cannot sign, nor a signatory twice, nor anyone after ratification."""
    p = cs.Partnership.draft(charter, clock=clock)
    err = assert_rejected(p, p.sign, by="unite", error=cs.NotEntitled)
    assert str(err).startswith("unite cannot sign the charter: it is not a signatory")
    p.sign(by="gmb")
    err = assert_rejected(p, p.sign, by="gmb", error=cs.InvalidTransition)
    assert "gmb signed on" in str(err)
    for party in charter.signatories:
        if party.id != "gmb":
            p.sign(by=party.id)
    err = assert_rejected(p, p.sign, by="gmb", error=cs.InvalidTransition)
    assert "Admit motion" in str(err)


# ------------------------------------------------------------------ membership


def test_withdrawal_is_unilateral_and_final_for_acting(active: cs.Partnership) -> None:
    """Clause 7.1: an active member may always withdraw; a withdrawn party cannot act."""
    p = active
    pid = deliberating(p)
    p.withdraw(by="gmb")
    assert p.membership("gmb").state == "withdrawn"
    assert "gmb" not in p.active_members
    err = assert_rejected(
        p, p.record_position, pid, cs.Position.AGREE, by="gmb", error=cs.NotEntitled
    )
    date = p.membership("gmb").since.to_date_string()
    assert str(err).startswith(
        f"gmb cannot record a position on {pid}: gmb withdrew from the partnership on {date}."
    )
    assert "admitted again with an Admit motion" in str(err)
    assert_rejected(p, p.withdraw, by="gmb", error=cs.NotEntitled)


def test_admit_makes_a_new_member_part_of_the_electorate(active: cs.Partnership) -> None:
    """An agreed Admit makes the party active; from then on its position is needed."""
    p = active
    unite = cs.PartyRecord(id="unite", name="Unite the Union", constituency="workers")
    admit = decide(p, cs.Admit(party=unite))
    membership = p.membership("unite")
    assert (membership.state, membership.founding, membership.party) == ("active", False, unite)
    assert p.events[-1] == cs.MemberAdmitted(at=p.events[-1].at, party=unite, proposal=admit)
    pid = deliberating(p)
    for member in sorted(p.active_members - {"unite"}):
        p.record_position(pid, cs.Position.AGREE, by=member)
    err = assert_rejected(p, p.conclude, pid, by=CHAIR, error=cs.DecisionPending)
    assert err.missing == ("unite",)  # type: ignore[attr-defined]


def test_former_member_may_be_admitted_again(active: cs.Partnership) -> None:
    """A withdrawn party returns only through an agreed Admit."""
    p = active
    p.withdraw(by="rcn")
    record = p.membership("rcn").party
    decide(p, cs.Admit(party=record))
    assert p.membership("rcn").state == "active"
    assert p.membership("rcn").founding


@pytest.mark.parametrize(
    ("party", "reason"),
    [
        (
            cs.PartyRecord(id="unison", name="UNISON", constituency="workers"),
            "unison is already an active member",
        ),
        (
            cs.PartyRecord(id="tuc", name="TUC", constituency="workers"),
            "tuc is in the advisory group",
        ),
        (
            cs.PartyRecord(id="unite", name="Unite", constituency="unions"),
            "'unions' is not a constituency",
        ),
    ],
)
def test_admit_refused_when_it_cannot_apply(
    active: cs.Partnership, party: cs.PartyRecord, reason: str
) -> None:
    """Admitting a member, an advisor or into an unknown constituency is refused when proposed."""
    err = assert_rejected(
        active, active.propose, cs.Admit(party=party), by="gmb", error=cs.InvalidMotion
    )
    assert reason in str(err)


def test_two_admits_for_one_party_only_one_carried(active: cs.Partnership) -> None:
    """When two Admits for the same party are open, the second cannot be carried out."""
    p = active
    unite = cs.PartyRecord(id="unite", name="Unite", constituency="workers")
    first, second = (p.propose(cs.Admit(party=unite), by=by) for by in ("unison", "gmb"))
    for pid in (first, second):
        p.table(pid, by=CHAIR)
        agree_all(p, pid)
    p.conclude(first, by=CHAIR)
    agree_all(p, second)  # unite is now a member and must agree too
    err = assert_rejected(p, p.conclude, second, by=CHAIR, error=cs.InvalidMotion)
    assert "unite is already an active member" in str(err)


# ------------------------------------------------------------------ proposals and decisions


def test_unanimity_agrees_only_when_everyone_agrees(active: cs.Partnership) -> None:
    """Clause 6.3: one ABSTAIN is enough for NOT_AGREED; all AGREE is AGREED."""
    p = active
    pid = deliberating(p)
    agree_all(p, pid)
    p.record_position(pid, cs.Position.ABSTAIN, by="wlga")
    assert p.tally(pid) is cs.Outcome.NOT_AGREED
    p.record_position(pid, cs.Position.AGREE, by="wlga")  # positions change while deliberating
    assert p.tally(pid) is cs.Outcome.AGREED
    assert p.conclude(pid, by=CHAIR) is cs.Outcome.AGREED
    proposal = p.proposal(pid)
    assert proposal.state == "agreed"
    assert proposal.electorate == p.active_members
    assert proposal.rule == "unanimity"


def test_a_block_settles_the_outcome_early(active: cs.Partnership) -> None:
    """With a BLOCK recorded, missing positions cannot change the outcome: the chair may conclude."""
    p = active
    pid = deliberating(p)
    p.record_position(pid, cs.Position.BLOCK, by="care-forum-wales")
    assert p.conclude(pid, by=CHAIR) is cs.Outcome.NOT_AGREED
    assert p.proposal(pid).state == "not_agreed"


def test_pending_decision_names_missing_positions(active: cs.Partnership) -> None:
    """DecisionPending names the parties whose positions are missing."""
    p = active
    pid = deliberating(p)
    for member in ("unison", "gmb", "rcn", CHAIR):
        p.record_position(pid, cs.Position.AGREE, by=member)
    err = assert_rejected(p, p.conclude, pid, by=CHAIR, error=cs.DecisionPending)
    assert str(err) == (
        f"{CHAIR} cannot conclude {pid} yet: positions from care-forum-wales, "
        "national-provider-forum and wlga are missing and could still change the outcome."
    )


def test_not_quorate_without_a_required_constituency(active: cs.Partnership) -> None:
    """Nothing is agreed while a required constituency has no active member."""
    p = active
    pid = deliberating(p)
    for employer in ("national-provider-forum", "care-forum-wales", "wlga"):
        p.withdraw(by=employer)
    agree_all(p, pid)
    err = assert_rejected(p, p.conclude, pid, by=CHAIR, error=cs.NotQuorate)
    assert err.constituencies == ("employers",)  # type: ignore[attr-defined]
    assert "the charter requires employers to be represented" in str(err)


def test_positions_of_withdrawn_members_do_not_count(active: cs.Partnership) -> None:
    """Invariant 2: a withdrawn member's BLOCK does not stop an agreement."""
    p = active
    pid = deliberating(p)
    agree_all(p, pid)
    p.record_position(pid, cs.Position.BLOCK, by="rcn")
    p.withdraw(by="rcn")
    assert p.conclude(pid, by=CHAIR) is cs.Outcome.AGREED
    assert p.proposal(pid).positions["rcn"] is cs.Position.BLOCK
    assert "rcn" not in (p.proposal(pid).electorate or ())


@pytest.mark.parametrize("final", ["agreed", "not_agreed", "withdrawn"])
def test_concluded_proposals_are_final(active: cs.Partnership, final: str) -> None:
    """Invariant 3: nothing changes a concluded or withdrawn proposal."""
    p = active
    pid = deliberating(p)
    if final == "withdrawn":
        p.withdraw_proposal(pid, by="unison")
    else:
        agree_all(p, pid)
        if final == "not_agreed":
            p.record_position(pid, cs.Position.DISAGREE, by="gmb")
        p.conclude(pid, by=CHAIR)
    assert p.proposal(pid).state == final
    for command, args in [
        (p.table, (pid,)),
        (p.record_position, (pid, cs.Position.AGREE)),
        (p.conclude, (pid,)),
        (p.withdraw_proposal, (pid,)),
    ]:
        by = "unison" if command in (p.record_position, p.withdraw_proposal) else CHAIR
        err = assert_rejected(p, command, *args, by=by, error=cs.InvalidTransition)
        assert "is final" in str(err)


def test_only_the_chair_tables_and_concludes(active: cs.Partnership) -> None:
    """Tabling and concluding are the chair's."""
    p = active
    pid = p.propose(resolution(), by="unison")
    err = assert_rejected(p, p.table, pid, by="unison", error=cs.NotEntitled)
    assert str(err) == f"unison cannot table {pid}: only the chair (welsh-government) may do that."
    p.table(pid, by=CHAIR)
    assert_rejected(p, p.conclude, pid, by="gmb", error=cs.NotEntitled)


def test_only_the_proposer_withdraws_a_proposal(active: cs.Partnership) -> None:
    """A proposal is withdrawn by its proposer only, before it is concluded."""
    p = active
    pid = p.propose(resolution(), by="unison")
    err = assert_rejected(p, p.withdraw_proposal, pid, by="gmb", error=cs.NotEntitled)
    assert "only its proposer, unison, may withdraw it" in str(err)
    p.withdraw_proposal(pid, by="unison")
    assert p.proposal(pid).state == "withdrawn"


def test_positions_only_while_deliberating(active: cs.Partnership) -> None:
    """A draft takes no positions; the message says what may happen instead."""
    p = active
    pid = p.propose(resolution(), by="unison")
    err = assert_rejected(
        p, p.record_position, pid, cs.Position.AGREE, by="gmb", error=cs.InvalidTransition
    )
    assert (
        str(err)
        == f"gmb cannot record a position on {pid}: {pid} is draft. Now it can only be tabled or be withdrawn."
    )


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda p: p.record_position("p-0001", "AGREE", by="gmb"), cs.InvalidArgument),
        (lambda p: p.record_position("p-0001", None, by="gmb"), cs.InvalidArgument),
        (lambda p: p.record_position("p-0404", cs.Position.AGREE, by="gmb"), cs.UnknownReference),
        (lambda p: p.record_position("p-0001", cs.Position.AGREE, by="tuc"), cs.NotEntitled),
        (lambda p: p.record_position("p-0001", cs.Position.AGREE, by=None), cs.InvalidArgument),
        (lambda p: p.record_position("p-0001", cs.Position.AGREE, by=["gmb"]), cs.InvalidArgument),
        (lambda p: p.propose("a resolution", by="gmb"), cs.InvalidArgument),
        (lambda p: p.propose(resolution(), by="stranger"), cs.NotEntitled),
        (lambda p: p.table({}, by=CHAIR), cs.UnknownReference),
        (lambda p: p.conclude("p-0001", by=CHAIR, at=dt.datetime(2030, 1, 1)), cs.ClockError),
        (
            lambda p: p.conclude("p-0001", by=CHAIR, at=pendulum.datetime(2020, 1, 1, tz="UTC")),
            cs.ClockError,
        ),
        (lambda p: p.conclude("p-0001", by=CHAIR, at="tomorrow"), cs.InvalidArgument),
        (lambda p: p.respond("p-0001", "text", by="tuc", channel="email"), cs.UnknownReference),
        (lambda p: p.close_consultation("p-0001", by=CHAIR), cs.UnknownReference),
        (lambda p: p.open_review(by=CHAIR), cs.InvalidTransition),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    active: cs.Partnership, call: object, error: type[cs.ConsensusError]
) -> None:
    """Invariant 10: wrong types, unknown ids, bad times raise ConsensusError and change nothing."""
    p = active
    deliberating(p)
    assert_rejected(p, call, p, error=error)  # type: ignore[arg-type]


def test_time_never_runs_backwards(active: cs.Partnership, clock: cs.SimulatedClock) -> None:
    """An `at` before the last event is refused; an explicit later `at` is used as given."""
    p = active
    later = clock.now().add(hours=2)
    pid = p.propose(resolution(), by="unison", at=later)
    assert p.events[-1].at == later
    err = assert_rejected(
        p, p.table, pid, by=CHAIR, error=cs.ClockError
    )  # the clock is behind now
    assert "time never runs backwards" in str(err)


def test_instants_are_kept_in_the_charters_zone(active: cs.Partnership) -> None:
    """A UTC `at` is recorded as the same instant in Europe/London."""
    p = active
    at = pendulum.datetime(2024, 10, 1, 9, tz="UTC")
    p.propose(resolution(), by="unison", at=at)
    assert p.events[-1].at == at
    assert p.events[-1].at.timezone_name == "Europe/London"
    assert p.events[-1].at.hour == 10


def test_replay_gives_an_equal_partnership(active: cs.Partnership) -> None:
    """Invariant 8: replaying the log gives the same state, and a different log a different one."""
    p = active
    decide(p, resolution())
    replayed = cs.Partnership.replay(p.events)
    assert replayed == p
    replayed.withdraw(by="gmb", at=p.last_event_at)
    assert replayed != p


def test_a_command_costs_no_replay(
    active: cs.Partnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commands never replay the log (their cost does not grow with it)."""

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("a command replayed the log")

    p = active
    monkeypatch.setattr(cs.Partnership, "replay", classmethod(forbidden))
    decide(p, resolution())
    p.withdraw(by="rcn")
    with pytest.raises(cs.NotEntitled):
        p.withdraw(by="rcn")


def test_repr_and_queries(active: cs.Partnership) -> None:
    """Queries return read-only views and records; unknown ids are UnknownReference."""
    p = active
    assert "7 active members" in repr(p)
    with pytest.raises(TypeError):
        p.proposals["p-0001"] = None  # type: ignore[index]
    with pytest.raises(cs.UnknownReference, match="There is no member 'unite'"):
        p.membership("unite")
    with pytest.raises(cs.UnknownReference):
        p.review("r-0099")


def test_a_partnership_is_made_by_draft_or_replay() -> None:
    """Calling Partnership() directly is refused with a pointer to draft and replay."""
    with pytest.raises(
        cs.InvalidArgument, match=r"use Partnership\.draft\(charter, clock=\.\.\.\)"
    ):
        cs.Partnership()


def test_the_log_is_an_immutable_snapshot(active: cs.Partnership) -> None:
    """p.events never changes after it is read, whatever is done (or refused) later."""
    p = active
    before = p.events
    frozen = tuple(before)
    decide(p, resolution())
    with pytest.raises(cs.NotEntitled):
        p.withdraw(by="stranger")
    assert before == frozen
    assert len(p.events) > len(before)
    assert p.events[: len(before)] == before
    assert p.events != before
    assert next(reversed(p.events)) is p.events[-1]
    with pytest.raises(IndexError):
        before[len(before)]
    assert cs.EventLog(frozen) == before
    assert "EventLog of" in repr(before)


@pytest.mark.parametrize(
    "part",
    [slice(None, None, -1), slice(1, None, -1), slice(-2, None, -2), slice(None, 0, -1)],
    ids=["reversed", "down-to-the-first", "every-other-back", "down-to-the-second"],
)
def test_a_backward_slice_of_the_log_gives_what_a_tuple_gives(
    active: cs.Partnership, part: slice
) -> None:
    """A slice down to the first event is not cut short (indices() gives its stop as -1)."""
    view, frozen = active.events, tuple(active.events)
    assert view[part] == frozen[part]
    assert cs.EventLog(frozen)[part] == frozen[part]


def test_refusals_name_who_tried_what(active: cs.Partnership, clock: cs.SimulatedClock) -> None:
    """Unknown ids and bad times in a command say who tried what, and why not."""
    p = active
    err = assert_rejected(
        p, p.record_position, "p-0404", cs.Position.AGREE, by="gmb", error=cs.UnknownReference
    )
    assert str(err) == "gmb cannot record a position on p-0404: there is no proposal 'p-0404'."
    assert (err.party, err.action) == ("gmb", "record a position on p-0404")  # type: ignore[attr-defined]
    err = assert_rejected(
        p, p.respond, "p-0404", "x", by="tuc", channel="email", error=cs.UnknownReference
    )
    assert str(err).startswith(
        "tuc cannot respond to consultation p-0404: there is no consultation 'p-0404'"
    )
    err = assert_rejected(p, p.withdraw, by="gmb", at=dt.datetime(2030, 1, 1), error=cs.ClockError)
    assert str(err).startswith("gmb cannot withdraw from the partnership: at: ")
    assert "naive datetime" in str(err)
    err = assert_rejected(
        p, p.withdraw, by="gmb", at=clock.now().subtract(days=1), error=cs.ClockError
    )
    assert str(err).startswith("gmb cannot withdraw from the partnership: at= ")
    err = assert_rejected(p, p.advance, to=clock.now().subtract(days=1), error=cs.ClockError)
    assert str(err).startswith("cannot advance the partnership's time: to= ")


def test_commands_do_not_nest(active: cs.Partnership) -> None:
    """A clock that calls back into the partnership gets a clear refusal, not a corrupted log."""
    p = active

    class Meddling:
        def now(self) -> pendulum.DateTime:
            p.withdraw(by="gmb")
            return pendulum.datetime(2030, 1, 1, tz="UTC")

    p._s.clock = Meddling()  # type: ignore[assignment]
    with pytest.raises(cs.InvalidArgument, match="another command of this partnership is running"):
        p.withdraw(by="rcn")
    assert p.membership("gmb").state == "active"
