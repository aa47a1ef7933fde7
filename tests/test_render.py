"""Rendering for people: a sentence for every event (cs.describe), minutes of meetings (cs.render_minutes)."""

from __future__ import annotations

import os
import typing
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import consensus as cs
from consensus.render._describe import SENTENCES
from consensus.testing import charters

from .conftest import CHARTER_PATH, agree_all
from .minutes_scenario import CHAIR, FIRST_MEETING, OFFICIAL, PEOPLE, at, first_meeting
from .test_forger import valid_log
from .test_testing import _imports

GOLDEN = Path(__file__).parent / "golden" / "first_meeting.md"
CHARTER = cs.load_charter(CHARTER_PATH)
AT = pendulum.datetime(2024, 10, 15, 10, 40, tz="Europe/London")
NAMES = {
    **{party.id: party.name for party in CHARTER.signatories},
    **{advisor.id: advisor.name for advisor in CHARTER.advisors},
    "dss": "Huw Jenkins",
    "wg-official": "Catrin Howells",
}


def names_of(p: cs.PartnershipView) -> dict[str, str]:
    """Display names of every party, advisor and person the partnership knows."""
    names = {
        advisor.id: advisor.name
        for version in p.charter_history
        for advisor in version.charter.advisors
    }
    names.update({m.party.id: m.party.name for m in p.memberships.values()})
    names.update({person.id: person.name for person in p.people.values()})
    return names


def sentence_holds(sentence: str) -> None:
    """One line of text that ends like a sentence."""
    assert isinstance(sentence, str)
    assert sentence.strip() == sentence
    assert sentence
    assert "\n" not in sentence
    assert sentence.endswith((".", "?", "!")), sentence


# -- describe: every event class, every event


def test_every_event_class_has_its_own_sentence() -> None:
    """Each class of the Event union has a sentence written for it: no generic fallback."""
    classes = set(typing.get_args(cs.Event))
    missing = sorted(cls.__name__ for cls in classes - set(SENTENCES))
    assert not missing, f"no sentence for {missing}: add one to render/_describe.py SENTENCES"
    assert set(SENTENCES) == classes == set(cs.EVENT_TYPES.values())
    assert len(set(SENTENCES.values())) == len(SENTENCES)  # no sentence shared by two kinds


@given(data=st.data())
def test_every_event_the_library_writes_gets_a_sentence(data: st.DataObject) -> None:
    """Random command sequences (the forger's valid logs): each event has a sentence naming the actor."""
    p, log = valid_log(data)
    names = names_of(p)
    for event in log:
        plain, named = cs.describe(event), cs.describe(event, names=names)
        sentence_holds(plain)
        sentence_holds(named)
        for field in ("by", "party", "advisor"):
            actor = getattr(event, field, None)
            if isinstance(actor, str):
                assert names[actor] in named, (named, actor)
                assert actor in plain, (plain, actor)


@settings(max_examples=10)
@given(charter=charters(), seed=st.integers(0, 2**32 - 1))
def test_every_event_of_a_simulated_year_gets_a_sentence(charter: cs.Charter, seed: int) -> None:
    """Simulated years under charters of every shape: every event is described."""
    p = cs.simulate(charter, seed=seed, years=1)
    names = names_of(p)
    for event in p.events:
        sentence_holds(cs.describe(event, names=names))


UNITE = cs.PartyRecord(id="unite", name="Unite the Union", constituency="workers")
CONSULT = cs.Consult(
    proposal="p-0003",
    advisors=("social-care-wales", "tuc"),
    question="Is the policy workable?",
    closes=pendulum.date(2024, 11, 29),
)
CLOSES = pendulum.datetime(2024, 11, 30, tz="Europe/London")
EXAMPLES: list[tuple[object, str]] = [
    (
        cs.PartnershipDrafted(at=AT, charter=CHARTER),
        "Social Care Workforce Partnership was drafted from version 1 of its charter, "
        "for its 7 signatories to sign.",
    ),
    (cs.CharterSigned(at=AT, party="rcn"), "Royal College of Nursing signed the charter."),
    (
        cs.PartnershipRatified(at=AT),
        "With the last signature the partnership was ratified, and its charter took effect.",
    ),
    (
        cs.MotionProposed(
            at=AT,
            proposal="p-0001",
            by="unison",
            motion=cs.Resolution(title="Model induction policy", text="..."),
        ),
        'UNISON proposed to resolve "Model induction policy" (p-0001).',
    ),
    (
        cs.MotionProposed(at=AT, proposal="p-0006", by="gmb", motion=cs.Admit(party=UNITE)),
        "GMB proposed to admit Unite the Union to the workers constituency (p-0006).",
    ),
    (
        cs.MotionProposed(at=AT, proposal="p-0004", by="unison", motion=CONSULT),
        "UNISON proposed to consult Social Care Wales and Trades Union Congress on p-0003, "
        "with responses by the end of 29 November 2024 (p-0004).",
    ),
    (
        cs.MotionProposed(
            at=AT,
            proposal="p-0007",
            by="wlga",
            motion=cs.Amend(
                clauses={"7.2": "Funded.", "8.1": "New."}, chair="unison", rationale="Why."
            ),
        ),
        "Welsh Local Government Association proposed to amend clauses 7.2 and 8.1 and "
        "make UNISON the chair (p-0007).",
    ),
    (
        cs.MotionProposed(
            at=AT,
            proposal="p-0008",
            by=CHAIR,
            motion=cs.ConcludeReview(review="r-0001", findings="It works."),
        ),
        "Welsh Government proposed to conclude review r-0001 (p-0008).",
    ),
    (
        cs.MotionProposed(
            at=AT, proposal="p-0009", by="gmb", motion=cs.Dissolve(rationale="Done.")
        ),
        "GMB proposed to dissolve the partnership (p-0009).",
    ),
    (
        cs.ProposalTabled(at=AT, proposal="p-0001", by=CHAIR),
        "Welsh Government tabled p-0001 for deliberation.",
    ),
    (
        cs.PositionRecorded(
            at=AT,
            proposal="p-0003",
            party="care-forum-wales",
            position=cs.Position.BLOCK,
            reason="Small providers cannot release staff",
        ),
        "Care Forum Wales blocked p-0003: Small providers cannot release staff.",
    ),
    (
        cs.PositionRecorded(at=AT, proposal="p-0001", party="gmb", position=cs.Position.AGREE),
        "GMB agreed to p-0001.",
    ),
    (
        cs.PositionRecorded(
            at=AT,
            proposal="p-0001",
            party="wlga",
            position=cs.Position.ABSTAIN,
            reason="Why  now?\nWe need more time",
        ),
        "Welsh Local Government Association abstained on p-0001: Why now? We need more time.",
    ),
    (
        cs.PositionRecorded(
            at=AT, proposal="p-0001", party="rcn", position=cs.Position.DISAGREE, reason="No!"
        ),
        "Royal College of Nursing disagreed with p-0001: No!",
    ),
    (
        cs.ProposalWithdrawn(at=AT, proposal="p-0002", by="gmb"),
        "GMB withdrew p-0002.",
    ),
    (
        cs.ProposalAgreed(
            at=AT,
            proposal="p-0001",
            by=CHAIR,
            electorate=frozenset(NAMES) & {p.id for p in CHARTER.signatories},
            rule="unanimity",
        ),
        "Welsh Government concluded p-0001: agreed under the unanimity rule, 7 members deciding.",
    ),
    (
        cs.ProposalNotAgreed(
            at=AT, proposal="p-0002", by=CHAIR, electorate=frozenset({"gmb"}), rule="consent"
        ),
        "Welsh Government concluded p-0002: not agreed under the consent rule, 1 member deciding.",
    ),
    (
        cs.MemberAdmitted(at=AT, party=UNITE, proposal="p-0006"),
        "Unite the Union joined the partnership as a member for the workers constituency, "
        "as agreed in p-0006.",
    ),
    (
        cs.MemberWithdrawn(at=AT, party="rcn"),
        "Royal College of Nursing withdrew from the partnership.",
    ),
    (
        cs.PartnershipDissolved(at=AT, proposal="p-0009"),
        "The partnership was dissolved, as agreed in p-0009.",
    ),
    (
        cs.PartnershipDissolved(at=AT, party="gmb"),
        "The partnership was dissolved when its last member, GMB, withdrew.",
    ),
    (
        cs.ConsultationOpened(
            at=AT,
            consultation="p-0004",
            proposal="p-0003",
            advisors=("tuc",),
            question="Is the policy workable?",
            closes_at=CLOSES,
        ),
        'Consultation p-0004 on p-0003 opened, asking Trades Union Congress "Is the policy '
        'workable?", with responses due by the end of 29 November 2024.',
    ),
    (
        cs.ResponseReceived(
            at=AT,
            consultation="p-0004",
            advisor="social-care-wales",
            text="Workable with training",
            channel=cs.Channel.ONLINE_FORM,
        ),
        "Social Care Wales responded to consultation p-0004 through the online form: "
        "Workable with training.",
    ),
    (
        cs.ConsultationClosed(at=CLOSES, consultation="p-0004"),
        "Consultation p-0004 closed at the end of its closing date.",
    ),
    (
        cs.ConsultationClosed(at=AT, consultation="p-0004", by=CHAIR),
        "Welsh Government closed consultation p-0004 before its closing date.",
    ),
    (
        cs.CharterAmended(at=AT, proposal="p-0007", version=2, charter=CHARTER),
        "Version 2 of the charter took effect, as agreed in p-0007.",
    ),
    (
        cs.ReviewScheduled(
            at=AT,
            review="r-0001",
            cycle=1,
            due=pendulum.datetime(2025, 9, 2, 10, 35, tz="Europe/London"),
        ),
        "Review r-0001 (cycle 1) was scheduled, falling due on 2 September 2025.",
    ),
    (cs.ReviewFellDue(at=AT, review="r-0001"), "Review r-0001 fell due."),
    (
        cs.ReviewBecameOverdue(at=AT, review="r-0001"),
        "Review r-0001 became overdue: it was still not concluded a grace period after it fell due.",
    ),
    (cs.ReviewOpened(at=AT, review="r-0001", by=CHAIR), "Welsh Government opened review r-0001."),
    (
        cs.ReviewConcluded(
            at=AT, review="r-0001", proposal="p-0008", findings="The arrangements work"
        ),
        "Review r-0001 was concluded, as agreed in p-0008, finding: The arrangements work.",
    ),
    (
        cs.PersonNominated(
            at=AT,
            party=CHAIR,
            role="deputy",
            person=cs.Person(id="wg-official", name="Someone"),
        ),
        "Welsh Government nominated Catrin Howells as a deputy.",
    ),
    (
        cs.PersonNominated(
            at=AT, party="gmb", role="representative", person=cs.Person(id="g", name="Gareth")
        ),
        "GMB nominated Gareth as its representative.",
    ),
    (
        cs.NominationWithdrawn(at=AT, party=CHAIR, person="dss"),
        "Welsh Government withdrew its nomination of Huw Jenkins.",
    ),
    (
        cs.MeetingConvened(
            at=AT,
            meeting="m-0002",
            starts=pendulum.datetime(2025, 1, 15, 10, tz="Europe/London"),
            agenda=("p-0003", "p-0005", "p-0010"),
            carried_over=("p-0003", "p-0005"),
            by=CHAIR,
        ),
        "Welsh Government convened meeting m-0002 for 15 January 2025 at 10:00 GMT, with "
        "p-0003, p-0005 and p-0010 on its agenda (p-0003 and p-0005 were carried over).",
    ),
    (
        cs.MeetingConvened(
            at=AT,
            meeting="m-0003",
            starts=pendulum.datetime(2025, 4, 1, 9, 30, tz="UTC"),
            agenda=(),
            by=CHAIR,
        ),
        "Welsh Government convened meeting m-0003 for 1 April 2025 at 09:30 UTC, with "
        "nothing on its agenda.",
    ),
    (
        cs.ApologiesSent(at=AT, meeting="m-0001", party="rcn"),
        "Royal College of Nursing sent apologies for meeting m-0001.",
    ),
    (
        cs.AttendanceRecorded(at=AT, meeting="m-0001", party=CHAIR, person="wg-official"),
        "Catrin Howells attended meeting m-0001 for Welsh Government.",
    ),
    (
        cs.MeetingOpened(at=AT, meeting="m-0001", by=CHAIR),
        "Welsh Government opened meeting m-0001.",
    ),
    (
        cs.MeetingClosed(at=AT, meeting="m-0001", by=CHAIR),
        "Welsh Government closed meeting m-0001.",
    ),
    (
        cs.MeetingCancelled(at=AT, meeting="m-0001", by=CHAIR),
        "Welsh Government cancelled meeting m-0001.",
    ),
    (
        cs.ModelAdopted(
            at=AT,
            model="p-0003",
            topic="induction policies",
            title="Model induction policy",
            text="New staff shadow a colleague.",
            named_topic=True,
            review_by=pendulum.date(2026, 9, 1),
        ),
        'Model policy p-0003, "Model induction policy" on induction policies, came into force '
        "at version 1; it is to be reviewed by 1 September 2026.",
    ),
    (
        cs.ModelRevised(
            at=AT,
            model="p-0003",
            proposal="p-0007",
            version=2,
            text="New staff shadow a colleague for a week.",
            rationale="A day was too short",
        ),
        "Version 2 of model policy p-0003 came into force, as agreed in p-0007: "
        "A day was too short.",
    ),
    (
        cs.ModelRescinded(at=AT, model="p-0003", proposal="p-0009", rationale="Superseded."),
        "Model policy p-0003 was rescinded, as agreed in p-0009: Superseded.",
    ),
    (
        cs.ModelReviewFellDue(at=AT, model="p-0003"),
        "Model policy p-0003 fell due for review.",
    ),
    (
        cs.AdoptionRecorded(
            at=AT,
            model="p-0003",
            employer=cs.Employer(id="acme-care", name="Acme Care", sector="independent"),
            version=1,
            embedded_in_contracts=True,
            by="care-forum-wales",
        ),
        "Care Forum Wales recorded that Acme Care (independent sector) adopted version 1 of "
        "model policy p-0003, embedding it in its contracts.",
    ),
    (
        cs.AdoptionWithdrawn(at=AT, model="p-0003", employer="acme-care", by="care-forum-wales"),
        "Care Forum Wales recorded that acme-care no longer adopts model policy p-0003.",
    ),
    (
        cs.MilestoneSet(
            at=AT,
            milestone="p-0004",
            title="Agree the induction model",
            due=pendulum.date(2025, 6, 30),
            due_at=pendulum.datetime(2025, 7, 1, tz="Europe/London"),
            owner="unison",
        ),
        'Milestone p-0004, "Agree the induction model", was set for UNISON to meet by the end '
        "of 30 June 2025.",
    ),
    (
        cs.ProgressReported(
            at=AT, milestone="p-0004", by="unison", note="Draft shared", done=False
        ),
        "UNISON reported progress on milestone p-0004: Draft shared.",
    ),
    (
        cs.ProgressReported(at=AT, milestone="p-0004", by="unison", note="Agreed.", done=True),
        "UNISON reported milestone p-0004 done: Agreed.",
    ),
    (
        cs.MilestoneMet(at=AT, milestone="p-0004", by="unison"),
        "Milestone p-0004 was met, as UNISON reported.",
    ),
    (
        cs.MilestoneBecameOverdue(at=AT, milestone="p-0004"),
        "Milestone p-0004 became overdue: its due date ended before it was met.",
    ),
    (
        cs.MilestoneDropped(
            at=AT, milestone="p-0004", proposal="p-0010", rationale="Overtaken by events."
        ),
        "Milestone p-0004 was dropped, as agreed in p-0010: Overtaken by events.",
    ),
]


@pytest.mark.parametrize(("event", "expected"), EXAMPLES, ids=lambda v: getattr(v, "TYPE", ""))
def test_each_event_reads_as_a_sentence(event: object, expected: str) -> None:
    """Examples of each kind: who did what, with times only where they are the fact."""
    assert cs.describe(event, names=NAMES) == expected


def test_examples_cover_every_event_class() -> None:
    """The examples above show every kind of event."""
    assert {type(event) for event, _ in EXAMPLES} == set(SENTENCES)


def test_every_part_of_an_amendment_is_phrased() -> None:
    """An amendment that changes the structure says each change, by name."""
    amend = cs.Amend(
        headings={"8.1": "Funding"},
        add_advisors=(cs.AdvisorRecord(id="hiw", name="Healthcare Inspectorate Wales"),),
        remove_advisors=("tuc",),
        rule="consent",
        required_constituencies=(),
        review_period_months=24,
        rationale="Why.",
    )
    event = cs.MotionProposed(at=AT, proposal="p-0007", by="gmb", motion=amend)
    assert cs.describe(event, names=NAMES) == (
        "GMB proposed to retitle clause 8.1, add Healthcare Inspectorate Wales to the advisory "
        "group, remove Trades Union Congress from the advisory group, decide by the consent "
        "rule, require no constituency to be represented and review the arrangements every "
        "24 months (p-0007)."
    )
    required = attrs.evolve(amend, required_constituencies=("government", "workers"))
    assert "require government and workers to be represented" in cs.describe(
        attrs.evolve(event, motion=required)
    )


def test_without_names_ids_are_used() -> None:
    """Ids stand in where no name is given; a record that carries a name uses it."""
    assert cs.describe(cs.CharterSigned(at=AT, party="rcn")) == "rcn signed the charter."
    admitted = cs.MemberAdmitted(at=AT, party=UNITE, proposal="p-0006")
    assert cs.describe(admitted).startswith("Unite the Union joined")
    assert cs.describe(admitted, names={"unite": "Unite"}).startswith("Unite joined")


def test_a_time_is_given_in_the_zone_of_the_event() -> None:
    """A meeting's start reads in the zone its instant holds, with the zone named."""
    starts = pendulum.datetime(2025, 7, 1, 9, tz="UTC")
    event = cs.MeetingConvened(at=AT, meeting="m-0001", starts=starts, agenda=(), by=CHAIR)
    assert "1 July 2025 at 09:00 UTC" in cs.describe(event)
    event = attrs.evolve(event, starts=starts.in_timezone("Europe/London"))
    assert "1 July 2025 at 10:00 BST" in cs.describe(event)


@attrs.frozen(kw_only=True)
class JointStatement:
    """A downstream motion: its own describe() phrases it."""

    KIND: typing.ClassVar[str] = "joint_statement"
    audience: str

    def describe(self) -> str:
        return f"issue a joint statement to {self.audience}"


@attrs.frozen(kw_only=True)
class Broken:
    """A motion whose describe() fails: the sentence still reads."""

    KIND: typing.ClassVar[str] = "broken"

    def describe(self) -> str:
        raise RuntimeError("defect")


def test_a_downstream_motion_is_described_by_its_own_phrase() -> None:
    """A registered motion of one's own reads through its describe(); a failing one gets a plain phrase."""
    registry = cs.Registry()
    cs.register_motion(JointStatement, registry=registry)
    p = cs.Partnership.draft(CHARTER, at=AT, registry=registry, clock=cs.SimulatedClock(AT))
    for party in CHARTER.signatories:
        p.sign(by=party.id)
    p.propose(JointStatement(audience="Care Inspectorate Wales"), by="unison")
    proposed = p.events[-1]
    assert (
        cs.describe(proposed, names=NAMES)
        == "UNISON proposed to issue a joint statement to Care Inspectorate Wales (p-0001)."
    )
    broken = attrs.evolve(proposed, motion=Broken())
    assert cs.describe(broken) == "unison proposed to agree a motion of kind 'broken' (p-0001)."


def test_anything_but_an_event_is_refused() -> None:
    """A non-event, an event class, bad names: InvalidArgument, saying what was expected."""
    for value in ("p-0003 was agreed", cs.CharterSigned, None, {"party": "gmb"}):
        with pytest.raises(cs.InvalidArgument, match="is not an event of a partnership's log"):
            cs.describe(value)
    signed = cs.CharterSigned(at=AT, party="gmb")
    with pytest.raises(cs.InvalidArgument, match=r"names: .* is not a mapping"):
        cs.describe(signed, names=[("gmb", "GMB")])  # type: ignore[arg-type]
    with pytest.raises(cs.InvalidArgument, match=r"names\['gmb'\]"):
        cs.describe(signed, names={"gmb": 7})  # type: ignore[dict-item]


def test_the_core_never_imports_render() -> None:
    """render/ reads the core; no module of the core (its data, its rooms) imports render/."""
    src = Path(cs.__file__).parent
    front = src / "__init__.py"  # the public front re-exports everything, render/ included
    core = [*src.glob("_*.py"), *(src / "_partnership").glob("*.py")]
    core.remove(front)
    # The command line sits outside the core, like render/ itself (DESIGN's arrows).
    core.remove(src / "_cli.py")
    core.remove(src / "__main__.py")
    assert len(core) > 15
    for path in core:
        package = "consensus._partnership" if path.parent.name == "_partnership" else "consensus"
        assert not any(name.startswith("consensus.render") for name in _imports(path, package)), (
            path
        )


# -- minutes


def test_the_minutes_of_the_first_meeting_match_the_golden_file() -> None:
    """The scripted first meeting's minutes, as circulated, are tests/golden/first_meeting.md.

    The scenario is ``tests/minutes_scenario.py``. After a deliberate change to
    the minutes, regenerate the file with
    ``CONSENSUS_UPDATE_GOLDEN=1 pytest tests/test_render.py`` and read the
    difference before committing it.
    """
    text = cs.render_minutes(first_meeting(), "m-0001")
    if os.environ.get("CONSENSUS_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_the_minutes_say_what_the_issue_asks_for() -> None:
    """Date and time in the charter's zone, deputies, apologies, reasons, outcomes, carry-over."""
    text = cs.render_minutes(first_meeting(), "m-0001")
    for expected in (
        "# Social Care Workforce Partnership",
        "Tuesday 15 October 2024 at 10:00 BST (Europe/London)",
        f"- Welsh Government: {OFFICIAL.name}, deputising for {PEOPLE[CHAIR].name}",
        "- GMB: Gareth Lloyd (joined at 10:20 BST)",
        "### Apologies\n\n- Royal College of Nursing\n",
        "10 October 2024, in writing: Royal College of Nursing agreed to p-0001: Nursing staff",
        "Care Forum Wales blocked p-0002: Small providers cannot release staff without funded cover.",
        "**Outcome: not agreed**, under the unanimity rule, 7 members deciding; blocked by Care Forum Wales.",
        "Consultation p-0004 on p-0003 opened, asking Social Care Wales and Trades Union Congress",
        "**Outcome: no decision**; positions are awaited from Royal College of Nursing.",
        "- Care Forum Wales nominated Rhys Evans as a deputy.",
        "- Model policy on trade union access (p-0005): under deliberation",
    ):
        assert expected in text, expected
    assert text.count("**Outcome: agreed**") == 2
    assert "Proposed by National Provider Forum on 19 September 2024." in text


def test_minutes_never_change_as_the_partnership_goes_on() -> None:
    """Later facts (responses, the consultation closing, the next meeting) leave the minutes as they were.

    The items they carry over are the next meeting's carried-over items.
    """
    p = first_meeting()
    before = cs.render_minutes(p, "m-0001")
    p.respond(
        "p-0004", "Workable with a template letter.", by="tuc", channel="email", at=at(11, 1)
    )
    p.advance(to=at(12, 2))
    p.record_position("p-0005", cs.Position.AGREE, by="rcn", at=at(12, 3))
    p.nominate(cs.Person(id="dss-2", name="Someone else"), role="deputy", by=CHAIR, at=at(12, 3))
    nxt = p.convene(starts=at(12, 10), by=CHAIR, at=at(12, 4))
    assert cs.render_minutes(p, "m-0001") == before
    assert p.meeting(nxt).carried_over == ("p-0003", "p-0005")
    notice = cs.render_minutes(p, nxt)
    assert "## Notice of the meeting of 10 December 2024 (m-0002)" in notice
    assert "1. Model whistleblowing policy (p-0003), proposed by GMB; carried over" in notice


def test_unknown_meetings_and_non_partnerships_are_refused() -> None:
    """An unknown id is an UnknownReference naming it; anything but a partnership an InvalidArgument."""
    p = first_meeting()
    with pytest.raises(cs.UnknownReference, match="no meeting 'm-0009'; known: m-0001"):
        cs.render_minutes(p, "m-0009")
    with pytest.raises(cs.UnknownReference):
        cs.render_minutes(p, None)  # type: ignore[arg-type]
    with pytest.raises(cs.InvalidArgument, match=r"a consensus\.Partnership"):
        cs.render_minutes(p.events, "m-0001")  # type: ignore[arg-type]


def _active() -> tuple[cs.Partnership, cs.SimulatedClock]:
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    p = cs.Partnership.draft(CHARTER, clock=clock)
    for party in CHARTER.signatories:
        p.sign(by=party.id)
    for party, person in PEOPLE.items():
        p.nominate(person, role="representative", by=party)
    return p, clock


def test_a_cancelled_meeting_says_so_with_the_agenda_it_would_have_taken() -> None:
    """convened -> cancelled: a notice of cancellation, by whom and when."""
    p, clock = _active()
    pid = p.propose(cs.Resolution(title="Model induction policy", text="x"), by="unison")
    mid = p.convene(starts=FIRST_MEETING, agenda=(pid,), by=CHAIR)
    clock.advance(days=3)
    p.cancel_meeting(mid, by=CHAIR)
    text = cs.render_minutes(p, mid)
    assert "## Cancelled: the meeting of 15 October 2024 (m-0001)" in text
    assert "was cancelled by Welsh Government on 5 September 2024. It was not held." in text
    assert "### Agenda it would have taken\n\n1. Model induction policy (p-0001)" in text


def test_a_convened_meeting_gives_its_notice() -> None:
    """Before it opens: the notice, its agenda, apologies received and attendance so far."""
    p, clock = _active()
    pid = p.propose(cs.Resolution(title="Model induction policy", text="x"), by="unison")
    mid = p.convene(starts=FIRST_MEETING, agenda=(pid,), by=CHAIR)
    p.send_apologies(mid, by="rcn")
    clock.set(FIRST_MEETING)
    p.attend(mid, PEOPLE[CHAIR].id, by=CHAIR)
    assert cs.render_minutes(p, mid) == (
        "# Social Care Workforce Partnership\n\n"
        "## Notice of the meeting of 15 October 2024 (m-0001)\n\n"
        "The meeting will be held on Tuesday 15 October 2024 at 10:00 BST (Europe/London). "
        "It was convened by Welsh Government (chair) on 2 September 2024.\n\n"
        "### Agenda\n\n"
        "1. Model induction policy (p-0001), proposed by UNISON\n\n"
        "### Apologies received\n\n"
        "- Royal College of Nursing\n\n"
        "### Attending so far\n\n"
        f"- Welsh Government: {PEOPLE[CHAIR].name}\n"
    )


def test_a_meeting_in_session_gives_draft_minutes() -> None:
    """Before the close: draft minutes, no carry-over yet, open items not yet decided."""
    p, clock = _active()
    pid = p.propose(cs.Resolution(title="Model induction policy", text="x"), by="unison")
    p.table(pid, by=CHAIR)
    mid = p.convene(starts=FIRST_MEETING, agenda=(pid,), by=CHAIR)
    clock.set(FIRST_MEETING)
    p.attend(mid, PEOPLE[CHAIR].id, by=CHAIR)
    p.open_meeting(mid, by=CHAIR)
    text = cs.render_minutes(p, mid)
    assert "## Draft minutes of the meeting of 15 October 2024" in text
    assert "It opened at 10:00 BST and is still in session." in text
    assert "**Outcome:** not yet decided; the meeting is in session." in text
    assert "Carried over" not in text


def test_who_joined_or_left_since_the_last_meeting_is_minuted() -> None:
    """A member gone since the last meeting would otherwise just be missing from the lists."""
    p, clock = _active()
    pid = p.propose(cs.Resolution(title="Model induction policy", text="x"), by="unison")
    p.table(pid, by=CHAIR)
    p.withdraw(by="rcn")  # before any meeting: nothing to say it since
    first = p.convene(starts=FIRST_MEETING, agenda=(pid,), by=CHAIR)
    clock.set(FIRST_MEETING)
    p.attend(first, PEOPLE[CHAIR].id, by=CHAIR)
    p.open_meeting(first, by=CHAIR)
    p.close_meeting(first, by=CHAIR)
    p.withdraw(by="national-provider-forum")
    second = p.convene(starts=FIRST_MEETING.add(months=3), agenda=(pid,), by=CHAIR)
    clock.set(FIRST_MEETING.add(months=3))
    p.attend(second, PEOPLE[CHAIR].id, by=CHAIR)
    p.open_meeting(second, by=CHAIR)
    p.withdraw(by="gmb")  # during the meeting: recorded there, not "since"
    text = cs.render_minutes(p, second)
    since = text.split("### Membership since the last meeting\n\n")[1].split("###")[0]
    assert since == "- National Provider Forum withdrew from the partnership.\n\n"
    assert text.index("### Membership since") < text.index("### Present")
    assert "GMB withdrew" in text.split("### Also recorded during the meeting")[1]
    assert "Membership since" not in cs.render_minutes(p, first)


def test_an_inquorate_meeting_is_minuted_as_such() -> None:
    """No employer present: the minutes say the meeting was not quorate, and why items stayed open."""
    p, clock = _active()
    pid = p.propose(cs.Resolution(title="Model induction policy", text="x"), by="unison")
    p.table(pid, by=CHAIR)
    mid = p.convene(starts=FIRST_MEETING, agenda=(pid,), by=CHAIR)
    clock.set(FIRST_MEETING)
    for party in (CHAIR, "unison"):
        p.attend(mid, PEOPLE[party].id, by=party)
    p.open_meeting(mid, by=CHAIR)
    agree_all_present = (CHAIR, "unison")
    for party in agree_all_present:
        p.record_position(pid, cs.Position.AGREE, by=party)
    with pytest.raises(cs.NotQuorate):
        p.conclude(pid, by=CHAIR)
    p.close_meeting(mid, by=CHAIR)
    text = cs.render_minutes(p, mid)
    assert (
        "The meeting was not quorate: its quorum is every required constituency present, "
        "and nobody was present for Employer representatives." in text
    )
    assert "**Outcome: no decision**; the meeting was not quorate." in text
    assert "### Absent\n\n- GMB\n- Royal College of Nursing\n- National Provider Forum" in text


@pytest.mark.parametrize(
    ("quorum", "said"),
    [
        ("all-members", "its quorum is every active member present, and GMB, Royal College "),
        (4, "its quorum is 4 members present, and it needed 2 more members present."),
        (2, "The meeting was quorate (2 members present)."),
    ],
)
def test_each_kind_of_quorum_is_minuted_in_words(quorum: str | int, said: str) -> None:
    """Whatever the charter's quorum, the minutes say whether it was met, and what was missing."""
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    p = cs.Partnership.draft(attrs.evolve(CHARTER, meeting_quorum=quorum), clock=clock)
    for party in CHARTER.signatories:
        p.sign(by=party.id)
    for party, person in PEOPLE.items():
        p.nominate(person, role="representative", by=party)
    mid = p.convene(starts=FIRST_MEETING, by=CHAIR)
    clock.set(FIRST_MEETING)
    for party in (CHAIR, "unison"):
        p.attend(mid, PEOPLE[party].id, by=party)
    p.open_meeting(mid, by=CHAIR)
    p.close_meeting(mid, by=CHAIR)
    text = cs.render_minutes(p, mid)
    assert said in text


def test_what_follows_from_an_item_and_other_business_are_minuted() -> None:
    """An Admit agreed at the meeting shows the admission; a withdrawn item and other facts are minuted."""
    p, clock = _active()
    admit = p.propose(cs.Admit(party=UNITE), by="gmb")
    p.table(admit, by=CHAIR)
    gone = p.propose(cs.Resolution(title="Withdrawn later", text="x"), by="wlga")
    p.table(gone, by=CHAIR)
    early = p.propose(cs.Resolution(title="Agreed in writing", text="x"), by="unison")
    p.table(early, by=CHAIR)
    mid = p.convene(starts=FIRST_MEETING, agenda=(admit, gone, early), by=CHAIR)
    agree_all(p, early)
    p.conclude(early, by=CHAIR)
    clock.set(FIRST_MEETING)
    for party in PEOPLE:
        p.attend(mid, PEOPLE[party].id, by=party)
    p.open_meeting(mid, by=CHAIR)
    agree_all(p, admit)
    p.conclude(admit, by=CHAIR)
    p.withdraw_proposal(gone, by="wlga")
    p.propose(cs.Resolution(title="Raised at the meeting", text="x"), by="rcn")
    p.close_meeting(mid, by=CHAIR)
    text = cs.render_minutes(p, mid)
    assert "### 1. Admission of Unite the Union (p-0001)" in text
    assert (
        "As a result:\n\n- Unite the Union joined the partnership as a member for the workers "
        "constituency, as agreed in p-0001." in text
    )
    assert "**Outcome: withdrawn** by Welsh Local Government Association." in text
    assert "**Outcome:** already agreed before the meeting, on 2 September 2024." in text
    assert (
        "### Also recorded during the meeting\n\n"
        '- Royal College of Nursing proposed to resolve "Raised at the meeting" (p-0004).' in text
    )
    assert "Carried over" not in text


def test_an_amendment_is_quoted_whole_and_its_new_version_minuted() -> None:
    """Every line of an amendment stays in the quotation; the new charter version follows it."""
    p, clock = _active()
    amend = p.propose(
        cs.Amend(
            clauses={"7.2": "Funding is agreed.\n\nIt is reviewed yearly."}, rationale="Funded."
        ),
        by=CHAIR,
    )
    p.table(amend, by=CHAIR)
    mid = p.convene(starts=FIRST_MEETING, agenda=(amend,), by=CHAIR)
    clock.set(FIRST_MEETING)
    for party in PEOPLE:
        p.attend(mid, PEOPLE[party].id, by=party)
    p.open_meeting(mid, by=CHAIR)
    agree_all(p, amend)
    p.conclude(amend, by=CHAIR)
    p.close_meeting(mid, by=CHAIR)
    text = cs.render_minutes(p, mid)
    assert (
        "### 1. Amendment of the charter (p-0001)\n\n"
        "Proposed by Welsh Government on 2 September 2024, to amend clause 7.2.\n\n"
        "> Rationale: Funded.\n> Clause 7.2: Funding is agreed.\n>\n> It is reviewed yearly.\n"
    ) in text
    assert "As a result:\n\n- Version 2 of the charter took effect, as agreed in p-0001." in text


def test_minutes_work_on_a_view_at_an_instant() -> None:
    """A read-only view (as_of) renders the same minutes as the partnership."""
    p = first_meeting()
    view = p.as_of(at(12, 31))
    assert cs.render_minutes(view, "m-0001") == cs.render_minutes(p, "m-0001")


@settings(max_examples=15)
@given(charter=charters(), seed=st.integers(0, 2**32 - 1))
def test_every_simulated_meeting_renders_and_its_minutes_are_stable(
    charter: cs.Charter, seed: int
) -> None:
    """Minutes of every meeting of a simulated year: each agenda item, the same from the log up to its end.

    What the minutes carry over includes what the next meeting carried over.
    """
    p = cs.simulate(charter, seed=seed, years=1)
    ends = {
        event.meeting: index + 1
        for index, event in enumerate(p.events)
        if isinstance(event, cs.MeetingClosed | cs.MeetingCancelled)
    }
    meetings = list(p.meetings.values())
    for number, meeting in enumerate(meetings):
        text = cs.render_minutes(p, meeting.id)
        assert text.startswith(f"# {charter.title}\n")
        assert text.endswith("\n")
        assert not text.endswith("\n\n")
        for pid in meeting.agenda:
            assert f"({pid})" in text
        if meeting.id in ends:
            then = cs.Partnership.replay(p.events[: ends[meeting.id]], trusted=True)
            assert cs.render_minutes(then, meeting.id) == text
        if meeting.state == "closed" and number + 1 < len(meetings):
            carried = text.partition("### Carried over")[2]
            for pid in meetings[number + 1].carried_over:
                assert f"({pid}):" in carried


@pytest.mark.parametrize(
    ("motion", "expected"),
    [
        (
            cs.AdoptModel(
                topic="induction policies",
                title="Model induction policy",
                text="New staff shadow a colleague.",
                review_by=pendulum.date(2026, 9, 1),
            ),
            'UNISON proposed to adopt the model policy "Model induction policy" on induction '
            "policies, for review by 1 September 2026 (p-0005).",
        ),
        (
            cs.ReviseModel(model="p-0003", text="A week.", rationale="A day was too short."),
            "UNISON proposed to revise model p-0003 (A day was too short) (p-0005).",
        ),
        (
            cs.RescindModel(model="p-0003", rationale="Superseded."),
            "UNISON proposed to rescind model p-0003 (Superseded) (p-0005).",
        ),
        (
            cs.SetMilestone(
                title="Agree the induction model", due=pendulum.date(2025, 6, 30), owner="gmb"
            ),
            'UNISON proposed to set the milestone "Agree the induction model", owned by GMB, '
            "due by 30 June 2025 (p-0005).",
        ),
        (
            cs.DropMilestone(milestone="p-0004", rationale="Overtaken by events."),
            "UNISON proposed to drop milestone p-0004 (Overtaken by events) (p-0005).",
        ),
    ],
    ids=lambda v: getattr(v, "KIND", ""),
)
def test_work_programme_motions_are_phrased_with_names(motion: object, expected: str) -> None:
    """The work programme's motions say what they ask, naming owners as the caller names them."""
    event = cs.MotionProposed(at=AT, proposal="p-0005", motion=motion, by="unison")
    assert cs.describe(event, names=NAMES) == expected
