"""People and meetings (clauses 4.2–4.4, invariant 11): nominations, attendance, quorum, reasons."""

from __future__ import annotations

import json

import attrs
import pendulum
import pytest

import consensus as cs
from consensus.testing import assert_rejected

from .conftest import CHARTER_PATH

CHAIR = "welsh-government"
START = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")
DSS = cs.Person(id="dss", name="Director of Social Services")
OFFICIAL = cs.Person(id="wg-official", name="Senior official")


def partnership(**charter_changes: object) -> tuple[cs.Partnership, cs.SimulatedClock]:
    """The bundled partnership, active, with a deliberating proposal p-0001 and a draft p-0002."""
    charter = attrs.evolve(cs.load_charter(CHARTER_PATH), **charter_changes)
    clock = cs.SimulatedClock(START)
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories:
        clock.advance(minutes=5)
        p.sign(by=party.id)
    pid = p.propose(cs.Resolution(title="Model induction policy", text="The model."), by="unison")
    p.table(pid, by=CHAIR)
    p.propose(cs.Resolution(title="Draft", text="Not tabled yet."), by="gmb")
    return p, clock


def everyone_names_a_representative(p: cs.Partnership) -> None:
    """Each active member but the government names ``<party>-rep``; the government names DSS."""
    p.nominate(DSS, role="representative", by=CHAIR)
    for party in sorted(p.active_members - {CHAIR}):
        p.nominate(cs.Person(id=f"{party}-rep", name=party), role="representative", by=party)


def sitting(
    p: cs.Partnership, clock: cs.SimulatedClock, *, absent: frozenset[str] = frozenset()
) -> str:
    """Convene a meeting on p-0001 an hour ahead, everyone but ``absent`` attending; open it."""
    everyone_names_a_representative(p)
    mid = p.convene(starts=clock.now().add(hours=1), agenda=("p-0001",), by=CHAIR)
    clock.advance(hours=1)
    for party in sorted(p.active_members - absent):
        person = "dss" if party == CHAIR else f"{party}-rep"
        p.attend(mid, person, by=party)
    p.open_meeting(mid, by=CHAIR)
    return mid


def invariants_hold(p: cs.Partnership) -> None:
    assert cs.check_invariants(p) == []


# -- people


def test_a_person_is_validated() -> None:
    """A Person has an id and a name, both checked where they enter."""
    assert DSS.id == "dss"
    with pytest.raises(cs.InvalidArgument, match=r"person\.id"):
        cs.Person(id="Not An Id", name="x")
    with pytest.raises(cs.InvalidArgument, match=r"person\.name"):
        cs.Person(id="x", name=" ")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        DSS.name = "Someone else"  # type: ignore[misc]


def test_each_party_names_its_own_people() -> None:
    """Clause 4.2: the government names its representative and a deputy; the queries show them."""
    p, _ = partnership()
    p.nominate(DSS, role="representative", by=CHAIR)
    p.nominate(OFFICIAL, role="deputy", by=CHAIR)
    assert [(n.person.id, n.role) for n in p.nominations(CHAIR)] == [
        ("dss", "representative"),
        ("wg-official", "deputy"),
    ]
    assert set(p.people) == {"dss", "wg-official"}
    assert p.nominations("unison") == ()
    assert p.events[-1] == cs.PersonNominated(
        at=p.events[-1].at, party=CHAIR, person=OFFICIAL, role="deputy"
    )
    p.withdraw_nomination("wg-official", by=CHAIR)
    assert [n.person.id for n in p.nominations(CHAIR)] == ["dss"]
    assert "wg-official" in p.people  # people stay known for the record
    assert p.events[-1].TYPE == "nomination.withdrawn"
    invariants_hold(p)


def test_a_person_sits_for_one_party_and_a_party_has_one_representative() -> None:
    """Another party cannot claim a nominee; a second representative is refused; roles may change."""
    p, _ = partnership()
    p.nominate(DSS, role="representative", by=CHAIR)
    err = assert_rejected(p, p.nominate, DSS, role="deputy", by="unison", error=cs.NotEntitled)
    assert "dss sits for welsh-government" in str(err)
    err = assert_rejected(
        p, p.nominate, OFFICIAL, role="representative", by=CHAIR, error=cs.NotEntitled
    )
    assert "dss is already its representative" in str(err)
    assert_rejected(p, p.nominate, DSS, role="representative", by=CHAIR, error=cs.NotEntitled)
    p.nominate(DSS, role="deputy", by=CHAIR)  # the role changes
    p.nominate(OFFICIAL, role="representative", by=CHAIR)
    assert [(n.person.id, n.role) for n in p.nominations(CHAIR)] == [
        ("wg-official", "representative"),
        ("dss", "deputy"),
    ]
    # once withdrawn, another party may name the same person
    p.withdraw_nomination("dss", by=CHAIR)
    p.nominate(DSS, role="deputy", by="wlga")
    invariants_hold(p)


def test_nominations_refuse_bad_input() -> None:
    """Each refusal names who tried what, and changes nothing."""
    p, _ = partnership()
    p.nominate(DSS, role="representative", by=CHAIR)
    assert_rejected(p, p.nominate, "dss", role="deputy", by=CHAIR, error=cs.InvalidArgument)
    assert_rejected(p, p.nominate, OFFICIAL, role="chair", by=CHAIR, error=cs.InvalidArgument)
    assert_rejected(p, p.nominate, OFFICIAL, role="deputy", by="tuc", error=cs.NotEntitled)
    err = assert_rejected(p, p.withdraw_nomination, "dss", by="unison", error=cs.NotEntitled)
    assert "only welsh-government may withdraw" in str(err)
    assert_rejected(p, p.withdraw_nomination, "nobody", by=CHAIR, error=cs.UnknownReference)
    with pytest.raises(cs.InvalidArgument):
        p.nominations(None)  # type: ignore[arg-type]


# -- meetings


def test_a_meeting_runs_convened_in_session_closed() -> None:
    """Convene, apologies, attendance (a deputy in the representative's place), open, close."""
    p, clock = partnership()
    p.nominate(DSS, role="representative", by=CHAIR)
    p.nominate(OFFICIAL, role="deputy", by=CHAIR)
    starts = pendulum.datetime(2024, 9, 10, 10, tz="Europe/London")
    mid = p.convene(starts=starts, agenda=("p-0001",), by=CHAIR)
    assert mid == "m-0001"
    meeting = p.meeting(mid)
    assert (meeting.state, meeting.starts, meeting.agenda) == ("convened", starts, ("p-0001",))
    p.send_apologies(mid, by="rcn")
    clock.set(starts)
    p.attend(mid, "wg-official", by=CHAIR)  # before opening
    p.open_meeting(mid, by=CHAIR)
    assert p.meeting(mid).state == "in_session"
    p.nominate(cs.Person(id="gmb-rep", name="GMB"), role="representative", by="gmb")
    p.attend(mid, "gmb-rep", by="gmb")  # after opening: a representative may
    meeting = p.meeting(mid)
    assert dict(meeting.present) == {CHAIR: "wg-official", "gmb": "gmb-rep"}
    assert meeting.apologies == ("rcn",)
    with pytest.raises(TypeError):
        meeting.present["rcn"] = "x"  # type: ignore[index]
    p.close_meeting(mid, by=CHAIR)
    assert p.meeting(mid).state == "closed"
    assert list(p.meetings) == [mid]
    assert [e.TYPE for e in p.events[-7:]] == [
        "meeting.convened",
        "apologies.sent",
        "attendance.recorded",
        "meeting.opened",
        "person.nominated",
        "attendance.recorded",
        "meeting.closed",
    ]
    invariants_hold(p)
    assert cs.workflow("meeting").terminal_states == {"closed", "cancelled"}


def test_a_convened_meeting_may_be_cancelled_but_not_once_in_session() -> None:
    """convened -> cancelled; an open meeting is closed, not cancelled."""
    p, clock = partnership()
    mid = p.convene(starts=clock.now(), by=CHAIR)
    p.cancel_meeting(mid, by=CHAIR)
    assert p.meeting(mid).state == "cancelled"
    assert_rejected(p, p.open_meeting, mid, by=CHAIR, error=cs.InvalidTransition)
    assert_rejected(p, p.send_apologies, mid, by="gmb", error=cs.InvalidTransition)
    other = p.convene(starts=clock.now(), by=CHAIR)
    p.open_meeting(other, by=CHAIR)
    err = assert_rejected(p, p.cancel_meeting, other, by=CHAIR, error=cs.InvalidTransition)
    assert "in session" in str(err)
    invariants_hold(p)


def test_bad_input_to_meetings_is_refused_and_changes_nothing() -> None:
    """Every "Bad input" case of issue 8: a ConsensusError naming who tried what and why."""
    p, clock = partnership()
    p.nominate(DSS, role="representative", by=CHAIR)
    p.nominate(cs.Person(id="gmb-rep", name="GMB"), role="representative", by="gmb")
    pid = "p-0001"
    starts = clock.now().add(days=1)
    mid = p.convene(starts=starts, agenda=(pid,), by=CHAIR)
    # a meeting in the past
    err = assert_rejected(
        p, p.convene, starts=clock.now().subtract(hours=1), by=CHAIR, error=cs.InvalidArgument
    )
    assert str(err).startswith("welsh-government cannot convene a meeting: starts:")
    naive = pendulum.naive(2030, 1, 1, 10)
    assert "welsh-government" in str(assert_rejected(p, p.convene, starts=naive, by=CHAIR))
    # agenda items unknown, concluded, repeated, not ids
    err = assert_rejected(
        p, p.convene, starts=starts, agenda=("p-0099",), by=CHAIR, error=cs.UnknownReference
    )
    assert "welsh-government cannot convene a meeting: there is no proposal 'p-0099'" in str(err)
    gone = p.propose(cs.Resolution(title="Gone", text="x"), by="wlga")
    p.withdraw_proposal(gone, by="wlga")
    err = assert_rejected(
        p, p.convene, starts=starts, agenda=(gone,), by=CHAIR, error=cs.InvalidTransition
    )
    assert f"{gone} is withdrawn" in str(err)
    assert_rejected(
        p, p.convene, starts=starts, agenda=(pid, pid), by=CHAIR, error=cs.InvalidArgument
    )
    assert_rejected(
        p, p.convene, starts=starts, agenda="p-0001", by=CHAIR, error=cs.InvalidArgument
    )
    # only the chair convenes
    assert_rejected(p, p.convene, starts=starts, by="unison", error=cs.NotEntitled)
    # attending before the start time, and opening before it
    err = assert_rejected(p, p.attend, mid, "dss", by=CHAIR, error=cs.InvalidTransition)
    assert "It starts at 2024-09-03" in str(err)
    err = assert_rejected(p, p.open_meeting, mid, by=CHAIR, error=cs.InvalidTransition)
    assert "may be opened from then" in str(err)
    clock.set(starts)
    # attending for another party, a person nobody nominated, a second person for a party
    err = assert_rejected(p, p.attend, mid, "dss", by="unison", error=cs.NotEntitled)
    assert "unison cannot attend m-0001: dss sits for welsh-government, not unison" in str(err)
    err = assert_rejected(p, p.attend, mid, "stranger", by="unison", error=cs.NotEntitled)
    assert "nobody has nominated stranger" in str(err)
    assert_rejected(p, p.attend, mid, "Not an id", by="unison", error=cs.InvalidArgument)
    p.attend(mid, "dss", by=CHAIR)
    p.nominate(OFFICIAL, role="deputy", by=CHAIR)
    err = assert_rejected(p, p.attend, mid, "wg-official", by=CHAIR, error=cs.NotEntitled)
    assert "dss already sits for welsh-government at m-0001; one person sits for a party" in str(
        err
    )
    assert_rejected(p, p.send_apologies, mid, by=CHAIR, error=cs.NotEntitled)
    p.send_apologies(mid, by="rcn")
    assert_rejected(p, p.send_apologies, mid, by="rcn", error=cs.NotEntitled)
    assert_rejected(p, p.attend, "m-0099", "dss", by=CHAIR, error=cs.UnknownReference)
    assert_rejected(p, p.attend, mid, "gmb-rep", by="tuc", error=cs.NotEntitled)
    p.open_meeting(mid, by=CHAIR)
    # positions from an absent party in session
    err = assert_rejected(
        p, p.record_position, pid, cs.Position.AGREE, by="unison", error=cs.NotEntitled
    )
    assert "m-0001 is in session with p-0001 on its agenda, and unison is not present" in str(err)
    # a second meeting cannot open while one is in session
    second = p.convene(starts=clock.now(), by=CHAIR)
    err = assert_rejected(p, p.open_meeting, second, by=CHAIR, error=cs.InvalidTransition)
    assert "one meeting is in session at a time" in str(err)
    invariants_hold(p)


def test_a_deputy_must_be_nominated_before_the_meeting_opens() -> None:
    """Clause 4.2: a deputy nominated after the opening cannot sit; one nominated before can."""
    p, clock = partnership()
    mid = p.convene(starts=clock.now(), by=CHAIR)
    p.nominate(OFFICIAL, role="deputy", by=CHAIR)
    clock.advance(minutes=1)
    p.open_meeting(mid, by=CHAIR)
    clock.advance(minutes=1)
    p.nominate(cs.Person(id="late-deputy", name="Late"), role="deputy", by=CHAIR)
    err = assert_rejected(p, p.attend, mid, "late-deputy", by=CHAIR, error=cs.NotEntitled)
    assert "A deputy must be nominated before the meeting opens" in str(err)
    p.attend(mid, "wg-official", by=CHAIR)
    invariants_hold(p)


def test_a_withdrawn_nomination_cannot_attend() -> None:
    """A person whose nomination was withdrawn no longer sits for anyone."""
    p, clock = partnership()
    p.nominate(DSS, role="representative", by=CHAIR)
    p.withdraw_nomination("dss", by=CHAIR)
    mid = p.convene(starts=clock.now(), by=CHAIR)
    err = assert_rejected(p, p.attend, mid, "dss", by=CHAIR, error=cs.NotEntitled)
    assert "dss's nomination was withdrawn" in str(err)


# -- decisions at meetings


def test_in_session_only_parties_present_take_positions_and_give_reasons() -> None:
    """Positions on an agenda item come only from parties present; reasons are kept."""
    p, clock = partnership()
    mid = sitting(p, clock, absent=frozenset({"rcn"}))
    assert_rejected(p, p.record_position, "p-0001", "agree", by="rcn", error=cs.NotEntitled)
    p.record_position(
        "p-0001",
        cs.Position.BLOCK,
        by="care-forum-wales",
        reason="Small providers cannot release staff",
    )
    proposal = p.proposal("p-0001")
    assert proposal.reasons == {"care-forum-wales": "Small providers cannot release staff"}
    assert p.events[-1].reason == "Small providers cannot release staff"
    with pytest.raises(TypeError):
        proposal.reasons["gmb"] = "x"  # type: ignore[index]
    p.record_position("p-0001", cs.Position.AGREE, by="care-forum-wales")  # changed, no reason
    assert dict(p.proposal("p-0001").reasons) == {}
    assert_rejected(
        p, p.record_position, "p-0001", "agree", by="gmb", reason=" ", error=cs.InvalidArgument
    )
    assert_rejected(
        p, p.record_position, "p-0001", "agree", by="gmb", reason=3, error=cs.InvalidArgument
    )
    # a proposal not on the agenda takes positions between meetings (written procedure)
    other = p.propose(cs.Resolution(title="Other", text="x"), by="gmb")
    p.table(other, by=CHAIR)
    p.record_position(other, cs.Position.AGREE, by="rcn", reason="By email")
    assert p.meeting(mid).state == "in_session"
    invariants_hold(p)


def test_a_meeting_concludes_nothing_unless_quorate() -> None:
    """Default quorum: every required constituency with an active member is present."""
    p, clock = partnership()
    employers = {"care-forum-wales", "national-provider-forum", "wlga"}
    mid = sitting(p, clock, absent=frozenset(employers))
    for party in sorted(p.meeting(mid).present):
        p.record_position("p-0001", cs.Position.AGREE, by=party)
    err = assert_rejected(p, p.conclude, "p-0001", by=CHAIR, error=cs.NotQuorate)
    assert err.meeting == mid
    assert err.constituencies == ("employers",)
    assert "not quorate (every required constituency present); still needed: employers" in str(err)
    p.attend(mid, "wlga-rep", by="wlga")
    with pytest.raises(cs.DecisionPending):  # quorate now; the rule still wants every position
        p.conclude("p-0001", by=CHAIR)
    invariants_hold(p)


@pytest.mark.parametrize(
    ("quorum", "absent", "quorate"),
    [
        ("all-members", {"rcn"}, False),
        ("all-members", set(), True),
        (7, {"rcn"}, False),
        (6, {"rcn"}, True),
        (100, set(), True),  # more than the members: all of them
    ],
)
def test_quorum_by_the_charter(quorum: str | int, absent: set[str], quorate: bool) -> None:
    """ "all-members" and a number of members present, as the charter says."""
    p, clock = partnership(meeting_quorum=quorum)
    sitting(p, clock, absent=frozenset(absent))
    for party in sorted(p.active_members):
        if party in absent:
            continue
        p.record_position("p-0001", cs.Position.AGREE, by=party)
    if quorate and absent:  # quorate; unanimity still waits for the absent party
        assert_rejected(p, p.conclude, "p-0001", by=CHAIR, error=cs.DecisionPending)
    elif quorate:
        assert p.conclude("p-0001", by=CHAIR) is cs.Outcome.AGREED
    else:
        assert_rejected(p, p.conclude, "p-0001", by=CHAIR, error=cs.NotQuorate)
    invariants_hold(p)


def test_without_written_procedure_decisions_wait_for_a_meeting() -> None:
    """between_meetings = false: positions and conclusions only at a meeting in session."""
    p, clock = partnership(between_meetings=False)
    err = assert_rejected(p, p.record_position, "p-0001", "agree", by="gmb", error=cs.NotEntitled)
    assert "the charter allows positions only at a meeting" in str(err)
    assert_rejected(p, p.conclude, "p-0001", by=CHAIR, error=cs.NotEntitled)
    mid = sitting(p, clock)
    for party in sorted(p.active_members):
        p.record_position("p-0001", cs.Position.AGREE, by=party)
    assert p.conclude("p-0001", by=CHAIR) is cs.Outcome.AGREED
    p.close_meeting(mid, by=CHAIR)
    invariants_hold(p)


def test_no_dead_end_when_the_chair_leaves_a_meeting_in_session() -> None:
    """Invariant 14: any member acts for an absent chair, closes, convenes again and agrees."""
    # the government need not be represented here, so the chair's going leaves a quorum
    p, clock = partnership(
        between_meetings=False, required_constituencies=("workers", "employers")
    )
    mid = sitting(p, clock)
    p.withdraw(by=CHAIR)
    acting = "unison"
    assert_rejected(p, p.conclude, "p-0001", by=acting, error=cs.DecisionPending)
    p.close_meeting(mid, by=acting)
    again = p.convene(starts=clock.now(), agenda=(), by=acting)
    assert p.meeting(again).agenda == ("p-0001",)  # carried over
    assert p.meeting(again).carried_over == ("p-0001",)
    for party in sorted(p.active_members):
        p.attend(again, f"{party}-rep", by=party)
    p.open_meeting(again, by=acting)
    for party in sorted(p.active_members):
        p.record_position("p-0001", cs.Position.AGREE, by=party)
    assert p.conclude("p-0001", by=acting) is cs.Outcome.AGREED
    p.close_meeting(again, by=acting)
    invariants_hold(p)


def test_items_not_concluded_carry_over_to_the_next_meeting() -> None:
    """Unfinished items of the previous closed meeting go first on the next agenda, once."""
    p, clock = partnership()
    p.table("p-0002", by=CHAIR)
    first = p.convene(starts=clock.now(), agenda=("p-0001", "p-0002"), by=CHAIR)
    p.open_meeting(first, by=CHAIR)
    p.close_meeting(first, by=CHAIR)
    # p-0002 is concluded between meetings, so only p-0001 carries over
    for party in sorted(p.active_members):
        p.record_position("p-0002", cs.Position.AGREE, by=party)
    p.conclude("p-0002", by=CHAIR)
    third = p.propose(cs.Resolution(title="Third", text="x"), by="rcn")
    nxt = p.convene(starts=clock.now(), agenda=(third, "p-0001"), by=CHAIR)
    assert p.meeting(nxt).agenda == ("p-0001", third)
    assert p.meeting(nxt).carried_over == ("p-0001",)
    p.cancel_meeting(nxt, by=CHAIR)
    # a cancelled meeting is no closed one: the carry-over still comes from the first
    assert p.meeting(p.convene(starts=clock.now(), by=CHAIR)).agenda == ("p-0001",)
    invariants_hold(p)


# -- the log


def test_meetings_round_trip_through_the_codec_and_replay() -> None:
    """Every meeting event encodes, decodes and replays strictly to an equal partnership."""
    p, clock = partnership(meeting_quorum=3, between_meetings=False)
    mid = sitting(p, clock)
    p.send_apologies(p.convene(starts=clock.now().add(days=1), by=CHAIR), by="rcn")
    for party in sorted(p.active_members):
        p.record_position("p-0001", cs.Position.AGREE, by=party, reason=f"{party}: yes\u2028")
    p.conclude("p-0001", by=CHAIR)
    p.close_meeting(mid, by=CHAIR)
    p.withdraw_nomination("dss", by=CHAIR)
    text = cs.events_to_jsonl(p.events)
    decoded = cs.events_from_jsonl(text)
    assert decoded == p.events
    assert decoded[0].charter.meeting_quorum == 3
    assert decoded[0].charter.between_meetings is False
    assert cs.Partnership.replay(decoded) == p
    assert cs.Partnership.replay(decoded, trusted=True) == p
    tags = {event.TYPE for event in p.events}
    assert {
        "person.nominated",
        "nomination.withdrawn",
        "meeting.convened",
        "apologies.sent",
        "attendance.recorded",
        "meeting.opened",
        "meeting.closed",
    } <= tags
    invariants_hold(p)


def test_a_format_2_log_without_meetings_or_reasons_still_decodes() -> None:
    """Logs written before meetings: no [meetings] fields in the charter, no reason: defaults."""
    p, _ = partnership()
    p.record_position("p-0001", cs.Position.AGREE, by="gmb")
    lines = [json.loads(line) for line in cs.events_to_jsonl(p.events).splitlines()]
    del lines[0]["charter"]["meeting_quorum"], lines[0]["charter"]["between_meetings"]
    for line in lines:
        line.pop("reason", None)
    decoded = cs.events_from_jsonl("\n".join(json.dumps(line) for line in lines))
    assert decoded == p.events
    assert cs.Partnership.replay(decoded) == p


def test_charter_meetings_table() -> None:
    """[meetings] quorum and between_meetings are read from TOML and checked."""
    text = CHARTER_PATH.read_text(encoding="utf-8")
    plain = cs.parse_charter(text)
    assert (plain.meeting_quorum, plain.between_meetings) == ("every-required-constituency", True)
    mine = cs.parse_charter(text + "\n[meetings]\nquorum = 4\nbetween_meetings = false\n")
    assert (mine.meeting_quorum, mine.between_meetings) == (4, False)
    assert cs.parse_charter(text + '\n[meetings]\nquorum = "all-members"\n').meeting_quorum == (
        "all-members"
    )
    for bad, field in [
        ('quorum = "most"', "meetings.quorum"),
        ("quorum = 0", "meetings.quorum"),
        ("quorum = true", "meetings.quorum"),
        ('between_meetings = "no"', "meetings.between_meetings"),
        ("often = 4", "meetings.often"),
    ]:
        with pytest.raises(cs.CharterError, match=field.replace(".", r"\.")):
            cs.parse_charter(text + f"\n[meetings]\n{bad}\n")
    with pytest.raises(cs.InvalidArgument):
        attrs.evolve(plain, between_meetings=1)


# -- strict replay of forged meeting events


def _meeting_log() -> list[cs.Event]:
    p, clock = partnership()
    mid = sitting(p, clock, absent=frozenset({"rcn"}))
    p.record_position("p-0001", cs.Position.AGREE, by="gmb")
    p.close_meeting(mid, by=CHAIR)
    return list(p.events)


def _index(log: list[cs.Event], kind: type[object]) -> int:
    return next(i for i, event in enumerate(log) if type(event) is kind)


@pytest.mark.parametrize(
    "forge",
    [
        "attendance for another party",
        "attendance by a stranger",
        "a second person for a party",
        "a position from an absent party",
        "a meeting opened by a non-chair",
        "a meeting convened in the past",
        "an agenda naming an unknown proposal",
        "carried-over items that were never carried",
        "a nomination made by another party",
        "a meeting id out of sequence",
        "a meeting closed that never opened",
    ],
)
def test_strict_replay_refuses_forged_meeting_events(forge: str) -> None:
    """Each forged meeting event fails as the command would have: IntegrityError."""
    log = _meeting_log()
    attended = _index(log, cs.AttendanceRecorded)
    convened = _index(log, cs.MeetingConvened)
    opened = _index(log, cs.MeetingOpened)
    position = next(
        i for i, e in enumerate(log) if isinstance(e, cs.PositionRecorded) and i > opened
    )
    nominated = _index(log, cs.PersonNominated)
    event = log[attended]
    assert isinstance(event, cs.AttendanceRecorded)
    if forge == "attendance for another party":
        log[attended] = attrs.evolve(event, party="gmb" if event.party != "gmb" else "unison")
    elif forge == "attendance by a stranger":
        log[attended] = attrs.evolve(event, person="stranger")
    elif forge == "a second person for a party":
        log.insert(attended + 1, event)
    elif forge == "a position from an absent party":
        log[position] = attrs.evolve(log[position], party="rcn")
    elif forge == "a meeting opened by a non-chair":
        log[opened] = attrs.evolve(log[opened], by="gmb")
    elif forge == "a meeting convened in the past":
        log[convened] = attrs.evolve(log[convened], starts=log[convened].at.subtract(days=1))
    elif forge == "an agenda naming an unknown proposal":
        log[convened] = attrs.evolve(log[convened], agenda=("p-0009",))
    elif forge == "carried-over items that were never carried":
        log[convened] = attrs.evolve(log[convened], carried_over=("p-0001",))
    elif forge == "a nomination made by another party":
        log[nominated] = attrs.evolve(log[nominated], party="tuc")
    elif forge == "a meeting id out of sequence":
        log[convened] = attrs.evolve(log[convened], meeting="m-0002")
    elif forge == "a meeting closed that never opened":
        del log[opened]
    with pytest.raises(cs.IntegrityError):
        cs.Partnership.replay(log)


def test_the_unforged_meeting_log_replays() -> None:
    """The log the forgeries start from is itself valid, strictly and trusted."""
    log = _meeting_log()
    assert cs.Partnership.replay(log) == cs.Partnership.replay(log, trusted=True)


def test_the_checker_catches_what_invariant_11_forbids() -> None:
    """check_invariants finds, in a log trusted replay accepts, an absent voice and no quorum."""
    log = _meeting_log()
    opened = _index(log, cs.MeetingOpened)
    position = next(
        i for i, e in enumerate(log) if isinstance(e, cs.PositionRecorded) and i > opened
    )
    absent = list(log)
    absent[position] = attrs.evolve(absent[position], party="rcn")
    found = cs.check_invariants(cs.Partnership.replay(absent, trusted=True), only={11})
    assert [v.invariant for v in found] == [11]
    assert "rcn took a position on p-0001 in session without being present" in found[0].detail
    # a conclusion at a meeting the employers stayed away from
    p, clock = partnership()
    sitting(p, clock, absent=frozenset({"care-forum-wales", "national-provider-forum", "wlga"}))
    unquorate = list(p.events)
    unquorate.append(
        cs.ProposalNotAgreed(
            at=p.last_event_at,
            proposal="p-0001",
            by=CHAIR,
            electorate=p.active_members,
            rule="unanimity",
        )
    )
    found = cs.check_invariants(cs.Partnership.replay(unquorate, trusted=True), only={11})
    assert any("which was not quorate" in v.detail for v in found), found
    with pytest.raises(cs.IntegrityError):
        cs.Partnership.replay(unquorate)


# -- pointed tests (found by scripts/mutation)


@pytest.mark.parametrize(
    ("absent", "short"), [({"rcn"}, "1 more member"), ({"rcn", "gmb"}, "2 more members")]
)
def test_a_numbered_quorum_says_how_many_more_must_attend(absent: set[str], short: str) -> None:
    p, clock = partnership(meeting_quorum=7)
    sitting(p, clock, absent=frozenset(absent))
    with pytest.raises(cs.NotQuorate) as caught:
        p.conclude("p-0001", by=CHAIR)
    assert short in str(caught.value)
    assert f"{short}s" not in str(caught.value)


def test_nominations_check_their_arguments_before_who_nominates() -> None:
    p, _ = partnership()
    with pytest.raises(cs.InvalidArgument, match=r"^tuc cannot nominate a person: person"):
        p.nominate("dss", role="representative", by="tuc")  # type: ignore[arg-type]
    with pytest.raises(cs.InvalidArgument):
        p.nominate(DSS, role="chair", by="tuc")  # type: ignore[arg-type]
    with pytest.raises(cs.NotEntitled, match=r"^tuc cannot nominate dss"):
        p.nominate(DSS, role="representative", by="tuc")


def test_only_a_member_withdraws_a_nomination() -> None:
    p, _ = partnership()
    p.nominate(DSS, role="representative", by=CHAIR)
    with pytest.raises(cs.NotEntitled, match="unite is not a member of the partnership"):
        p.withdraw_nomination("dss", by="unite")


def test_a_meeting_s_agenda_is_checked_before_who_convenes() -> None:
    p, clock = partnership()
    with pytest.raises(cs.InvalidArgument):
        p.convene(starts=clock.now().add(hours=1), agenda="p-0001", by="gmb")  # type: ignore[arg-type]


def test_replay_refuses_forged_people_and_meetings() -> None:
    p, clock = partnership()
    everyone_names_a_representative(p)
    nominated = next(e for e in p.events if isinstance(e, cs.PersonNominated))
    with pytest.raises(cs.IntegrityError, match="already sits for"):
        p._s.emit(attrs.evolve(nominated, party="gmb"))
    withdrawn = cs.NominationWithdrawn(at=clock.now(), party="gmb", person=nominated.person.id)
    with pytest.raises(cs.IntegrityError, match="has no nomination of"):
        p._s.emit(withdrawn)
    first = p.convene(starts=clock.now().add(hours=1), agenda=("p-0001",), by=CHAIR)
    convened = p.events[-1]
    with pytest.raises(cs.IntegrityError, match=f"meeting {first} was convened twice"):
        p._s.emit(convened)
    second = p.convene(starts=clock.now().add(hours=2), agenda=(), by=CHAIR)
    clock.advance(hours=2)
    p.attend(first, "dss", by=CHAIR)
    p.open_meeting(first, by=CHAIR)
    opened = attrs.evolve(p.events[-1], meeting=second)
    with pytest.raises(cs.IntegrityError, match=f"meeting {second} opened while {first}"):
        p._s.emit(opened)
