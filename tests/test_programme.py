"""The work programme (clauses 2-3, 3.5, 5.1, Annex A): models, adoptions, milestones, invariant 13."""

from __future__ import annotations

import attrs
import pendulum
import pytest

import consensus as cs
from consensus.testing import assert_rejected

from .conftest import CHARTER_PATH, decide

CHAIR = "welsh-government"
ACME = cs.Employer(id="acme-care", name="Acme Care", sector="independent")
COUNCIL = cs.Employer(id="cardiff-council", name="Cardiff Council", sector="local-authority")
NHS = cs.Employer(id="cardiff-vale-uhb", name="Cardiff and Vale UHB", sector="nhs")


def induction(**changes: object) -> cs.AdoptModel:
    fields: dict[str, object] = {
        "topic": "induction policies",
        "title": "Model induction policy",
        "text": "New staff shadow a colleague for two weeks.",
        "review_by": pendulum.date(2025, 9, 1),
        **changes,
    }
    return cs.AdoptModel(**fields)  # type: ignore[arg-type]


def test_a_model_runs_through_versions_and_is_rescinded(active: cs.Partnership) -> None:
    """Adopt puts version 1 in force, each revision the next, rescinding ends it; replay agrees."""
    p = active
    mid = decide(p, induction())
    model = p.model(mid)
    assert (model.id, model.state, model.current.version) == (mid, "in_force", 1)
    assert model.named_topic
    assert model.review_by == pendulum.date(2025, 9, 1)
    revision = decide(p, cs.ReviseModel(model=mid, text="A mentor too.", rationale="Asked for."))
    model = p.model(mid)
    assert [v.version for v in model.versions] == [1, 2]
    assert model.current == cs.ModelVersion(
        version=2, text="A mentor too.", effective_from=p.last_event_at, agreed_by=revision
    )
    assert model.versions[0].agreed_by == mid
    rescission = decide(p, cs.RescindModel(model=mid, rationale="Superseded by law."))
    model = p.model(mid)
    assert (model.state, model.rescinded_by) == ("rescinded", rescission)
    assert [e.TYPE for e in p.events[-3:]][-1] == "model.rescinded"
    assert cs.check_invariants(p) == []
    assert cs.Partnership.replay(cs.events_from_jsonl(cs.events_to_jsonl(p.events))) == p


def test_a_topic_the_charter_does_not_name_is_allowed_and_flagged(active: cs.Partnership) -> None:
    """Clause 3.1 lists topics "not limited to": another topic is agreed, and flagged."""
    mid = decide(active, induction(topic="flexible rotas", review_by=None))
    assert not active.model(mid).named_topic
    assert active.model(decide(active, induction(topic="Induction  Policies"))).named_topic


def test_an_adoption_names_the_version_in_force_when_recorded(active: cs.Partnership) -> None:
    """An adoption keeps the version it was recorded at; recording again moves it on."""
    p = active
    mid = decide(p, induction())
    p.record_adoption(mid, employer=ACME, embedded_in_contracts=False, by="care-forum-wales")
    decide(p, cs.ReviseModel(model=mid, text="A mentor too.", rationale="Asked for."))
    (adoption,) = p.adoptions(mid)
    assert (adoption.version, adoption.embedded_in_contracts) == (1, False)
    assert adoption.recorded_by == "care-forum-wales"
    p.record_adoption(mid, employer=ACME, embedded_in_contracts=True, by="unison")
    (adoption,) = p.adoptions(mid)
    assert (adoption.version, adoption.embedded_in_contracts) == (2, True)
    p.withdraw_adoption(mid, employer="acme-care", by="gmb")
    assert p.adoptions(mid) == ()
    assert p.employers["acme-care"] == ACME
    assert cs.check_invariants(p) == []


@pytest.mark.parametrize("employer", [COUNCIL, NHS])
def test_an_employer_outside_the_scope_is_refused_naming_annex_a(
    active: cs.Partnership, employer: cs.Employer
) -> None:
    """Annex A: public bodies (local authorities and the NHS) are outside the independent sector."""
    mid = decide(active, induction())
    err = assert_rejected(
        active,
        active.record_adoption,
        mid,
        employer=employer,
        embedded_in_contracts=True,
        by="wlga",
        error=cs.NotEntitled,
    )
    assert str(err).startswith(f"wlga cannot record an adoption of model {mid}:")
    assert "Annex A" in str(err)
    assert employer.sector in str(err)


def test_an_amended_scope_decides_later_adoptions(active: cs.Partnership) -> None:
    """Amend(scope=...) changes which sectors are excluded; adoptions already recorded stand."""
    p = active
    mid = decide(p, induction())
    scope = attrs.evolve(p.charter.scope, excluded_sectors=("nhs",))
    decide(p, cs.Amend(scope=scope, rationale="Council-run homes may adopt too."))
    assert p.charter.scope.excluded_sectors == ("nhs",)
    p.record_adoption(mid, employer=COUNCIL, embedded_in_contracts=False, by="wlga")
    decide(p, cs.Amend(scope=attrs.evolve(scope, excluded_sectors=()), rationale="Everyone."))
    p.record_adoption(mid, employer=NHS, embedded_in_contracts=False, by="wlga")
    decide(p, cs.Amend(scope=scope, rationale="Back to Annex A, nearly."))
    assert [a.employer.id for a in p.adoptions(mid)] == ["cardiff-council", "cardiff-vale-uhb"]
    assert cs.check_invariants(p) == []


def test_a_scope_amendment_is_not_a_way_back_to_quorum(active: cs.Partnership) -> None:
    """With a required side empty, an Amend that also changes the scope is not exempt."""
    p = active
    p.withdraw(by=CHAIR)  # the government's side is empty now
    motion = cs.Amend(
        required_constituencies=("workers", "employers"),
        scope=cs.Scope(workers=("care staff",)),
        rationale="Both at once.",
    )
    pid = p.propose(motion, by="unison")
    p.table(pid, by="unison")
    for member in sorted(p.active_members):
        p.record_position(pid, cs.Position.AGREE, by=member)
    assert_rejected(p, p.conclude, pid, by="unison", error=cs.NotQuorate)


def test_bad_work_programme_input_is_refused_and_changes_nothing(
    active: cs.Partnership, clock: cs.SimulatedClock
) -> None:
    """Each bad call from the issue raises a ConsensusError naming who tried what and why."""
    p = active
    mid = decide(p, induction())
    rescinded = decide(p, induction(title="Old policy", review_by=None))
    decide(p, cs.RescindModel(model=rescinded, rationale="Superseded."))
    goal = decide(
        p,
        cs.SetMilestone(title="Agree induction", due=pendulum.date(2024, 12, 31), owner="unison"),
    )
    revise_gone = cs.ReviseModel(model=rescinded, text="New.", rationale="?")
    err = assert_rejected(p, p.propose, revise_gone, by="gmb", error=cs.InvalidMotion)
    assert "gmb cannot propose to revise model" in str(err)
    assert "rescinded" in str(err)
    unknown = cs.ReviseModel(model="p-0099", text="New.", rationale="?")
    assert "no model policy 'p-0099'" in str(
        assert_rejected(p, p.propose, unknown, by="gmb", error=cs.InvalidMotion)
    )
    err = assert_rejected(
        p,
        p.record_adoption,
        mid,
        employer=ACME,
        embedded_in_contracts=True,
        by="tuc",
        error=cs.NotEntitled,
    )
    assert "tuc is in the advisory group" in str(err)
    err = assert_rejected(
        p,
        p.record_adoption,
        rescinded,
        employer=ACME,
        embedded_in_contracts=True,
        by="unison",
        error=cs.InvalidTransition,
    )
    assert f"model {rescinded} is rescinded" in str(err)
    assert_rejected(
        p,
        p.record_adoption,
        "p-0099",
        employer=ACME,
        embedded_in_contracts=True,
        by="unison",
        error=cs.UnknownReference,
    )
    assert_rejected(
        p,
        p.record_adoption,
        mid,
        employer="acme-care",
        embedded_in_contracts=True,
        by="unison",
        error=cs.InvalidArgument,
    )
    err = assert_rejected(p, p.report_progress, goal, note="Done.", by="gmb", error=cs.NotEntitled)
    assert str(err).startswith(f"gmb cannot report progress on milestone {goal}: only its owner")
    p.report_progress(goal, note="Agreed.", done=True, by="unison")
    err = assert_rejected(
        p, p.report_progress, goal, note="More.", by="unison", error=cs.InvalidTransition
    )
    assert "is met" in str(err)
    past = cs.SetMilestone(title="Late", due=pendulum.date(2024, 9, 1), owner="unison")
    err = assert_rejected(p, p.propose, past, by="unison", error=cs.InvalidMotion)
    assert "its due date 2024-09-01 has already ended" in str(err)
    stranger = cs.SetMilestone(title="X", due=pendulum.date(2025, 9, 1), owner="unite")
    assert "not an active member" in str(
        assert_rejected(p, p.propose, stranger, by="unison", error=cs.InvalidMotion)
    )
    late_review = induction(review_by=pendulum.date(2024, 9, 2))
    assert "has already come" in str(
        assert_rejected(p, p.propose, late_review, by="unison", error=cs.InvalidMotion)
    )
    assert_rejected(
        p, p.withdraw_adoption, mid, employer="acme-care", by="unison", error=cs.UnknownReference
    )
    with pytest.raises(cs.InvalidArgument):
        cs.Employer(id="Acme", name="Acme", sector="independent")


def test_a_due_date_passing_before_agreement_refuses_the_motion(
    active: cs.Partnership, clock: cs.SimulatedClock
) -> None:
    """A milestone whose due date ends while it is debated is refused at conclusion."""
    p = active
    pid = p.propose(
        cs.SetMilestone(title="Soon", due=pendulum.date(2024, 9, 3), owner="unison"), by="unison"
    )
    p.table(pid, by=CHAIR)
    for member in sorted(p.active_members):
        p.record_position(pid, cs.Position.AGREE, by=member)
    clock.set(pendulum.datetime(2024, 9, 4, 9, tz="Europe/London"))
    err = assert_rejected(p, p.conclude, pid, by=CHAIR, error=cs.InvalidMotion)
    assert "has already ended" in str(err)


def test_a_milestone_falls_overdue_at_the_end_of_its_due_date_in_the_charters_zone(
    active: cs.Partnership, clock: cs.SimulatedClock
) -> None:
    """Due 30 June (BST): open at 23:59 local, overdue at local midnight, then met late."""
    p = active
    goal = decide(
        p, cs.SetMilestone(title="Agree induction", due=pendulum.date(2025, 6, 30), owner="unison")
    )
    assert p.milestone(goal).due_at == pendulum.datetime(2025, 6, 30, 23, tz="UTC")
    p.report_progress(
        goal,
        note="Draft shared.",
        by="unison",
        at=pendulum.datetime(2025, 6, 30, 22, 59, tz="UTC"),
    )
    assert p.milestone(goal).state == "open"
    (event,) = p.advance(to=pendulum.datetime(2025, 7, 1, 0, 0, tz="Europe/London"))
    assert event == cs.MilestoneBecameOverdue(
        at=pendulum.datetime(2025, 6, 30, 23, tz="UTC"), milestone=goal
    )
    assert p.milestone(goal).state == "overdue"
    p.report_progress(goal, note="Agreed at last.", done=True, by="unison", at=p.last_event_at)
    milestone = p.milestone(goal)
    assert milestone.state == "met"
    assert [r.note for r in milestone.reports] == ["Draft shared.", "Agreed at last."]
    assert cs.check_invariants(p) == []


def test_a_dropped_milestone_takes_no_more_reports(active: cs.Partnership) -> None:
    """DropMilestone by agreement; dropping it again is refused."""
    p = active
    goal = decide(
        p, cs.SetMilestone(title="A survey", due=pendulum.date(2025, 3, 31), owner="gmb")
    )
    decide(p, cs.DropMilestone(milestone=goal, rationale="Overtaken by events."))
    assert p.milestone(goal).state == "dropped"
    assert_rejected(p, p.report_progress, goal, note="x", by="gmb", error=cs.InvalidTransition)
    again = cs.DropMilestone(milestone=goal, rationale="Again.")
    assert_rejected(p, p.propose, again, by="gmb", error=cs.InvalidMotion)


def test_a_models_review_date_falls_due_at_its_start_and_a_revision_moves_it(
    active: cs.Partnership,
) -> None:
    """Clause 3.5: the review date comes at local midnight; a revision may set the next one."""
    p = active
    mid = decide(p, induction(review_by=pendulum.date(2025, 3, 1)))
    decide(
        p,
        cs.ReviseModel(
            model=mid, text="A mentor.", rationale="?", review_by=pendulum.date(2025, 4, 1)
        ),
    )
    # the old date (1 March) is stale; 1 April begins at 23:00 UTC on 31 March (BST)
    assert p.advance(to=pendulum.datetime(2025, 3, 31, 22, 59, tz="UTC")) == ()
    (event,) = p.advance(to=pendulum.datetime(2025, 4, 2, tz="UTC"))
    assert event == cs.ModelReviewFellDue(
        at=pendulum.datetime(2025, 4, 1, tz="Europe/London"), model=mid
    )
    assert p.model(mid).review_due
    assert cs.check_invariants(p) == []


def test_invariant_13_finds_a_forged_model_and_an_early_overdue(active: cs.Partnership) -> None:
    """Trusted replay applies forged facts; check_invariants names them; strict replay refuses."""
    p = active
    mid = decide(p, induction())
    goal = decide(
        p, cs.SetMilestone(title="Agree induction", due=pendulum.date(2025, 6, 30), owner="unison")
    )
    log = list(p.events)
    adopted = next(i for i, e in enumerate(log) if isinstance(e, cs.ModelAdopted))
    log[adopted] = attrs.evolve(log[adopted], text="Something nobody agreed.")
    log.append(cs.MilestoneBecameOverdue(at=log[-1].at, milestone=goal))
    forged = cs.Partnership.replay(log, trusted=True)
    found = [str(v) for v in cs.check_invariants(forged, only={13})]
    assert (
        f"invariant 13 (work programme): event #{adopted}: model {mid} differs from its AdoptModel motion"
        in found
    )
    assert any("became overdue other than at the end of its due date" in v for v in found)
    with pytest.raises(cs.IntegrityError):
        cs.Partnership.replay(log)


def test_a_charter_whose_scope_is_a_list_still_reads(charter: cs.Charter) -> None:
    """The older shape (scope = [worker groups]) reads as the worker groups alone, in TOML and logs."""
    text = 'scope = ["care home staff"]\n'
    body = CHARTER_PATH.read_text(encoding="utf-8").split("# Annex A", 1)
    rest = body[1][body[1].index("[[constituencies]]") :]
    old = cs.parse_charter(body[0] + text + rest, source="old.toml")
    assert old.scope == cs.Scope(workers=("care home staff",))
    p = cs.Partnership.draft(
        charter, clock=cs.SimulatedClock(pendulum.datetime(2024, 9, 2, tz="UTC"))
    )
    line = cs.events_to_jsonl(p.events)
    scope = line[line.index('"scope":') : line.index(',"rules"')]
    legacy = line.replace(scope, '"scope":["care home staff"]')
    (drafted,) = cs.events_from_jsonl(legacy)
    assert drafted.charter.scope == cs.Scope(workers=("care home staff",))


def test_strict_replay_refuses_forged_work_programme_facts(active: cs.Partnership) -> None:
    """A version not in force, a report by another member, an overdue early: each refused."""
    p = active
    mid = decide(p, induction())
    decide(p, cs.ReviseModel(model=mid, text="A mentor too.", rationale="Asked for."))
    p.record_adoption(mid, employer=ACME, embedded_in_contracts=True, by="unison")
    goal = decide(
        p, cs.SetMilestone(title="Agree induction", due=pendulum.date(2025, 6, 30), owner="unison")
    )
    p.report_progress(goal, note="Draft shared.", by="unison")
    log = list(p.events)
    assert cs.Partnership.replay(log) == p
    recorded = next(i for i, e in enumerate(log) if isinstance(e, cs.AdoptionRecorded))
    reported = next(i for i, e in enumerate(log) if isinstance(e, cs.ProgressReported))
    forgeries = [
        {**dict(enumerate(log)), recorded: attrs.evolve(log[recorded], version=1)},
        {**dict(enumerate(log)), reported: attrs.evolve(log[reported], by="gmb")},
        {
            **dict(enumerate(log)),
            reported: cs.MilestoneBecameOverdue(at=log[reported].at, milestone=goal),
        },
        {
            **dict(enumerate(log)),
            recorded: attrs.evolve(
                log[recorded], employer=attrs.evolve(ACME, sector="nhs", id="acme-nhs")
            ),
        },
    ]
    for forged in forgeries:
        with pytest.raises(cs.IntegrityError):
            cs.Partnership.replay([forged[i] for i in range(len(log))])


def test_a_view_shows_the_work_programme_at_an_instant_and_stays_as_taken(
    active: cs.Partnership,
) -> None:
    """as_of applies a milestone falling overdue without writing it; later adoptions stay out."""
    p = active
    mid = decide(p, induction())
    goal = decide(
        p, cs.SetMilestone(title="Agree induction", due=pendulum.date(2025, 6, 30), owner="unison")
    )
    before = p.events
    view = p.as_of(pendulum.datetime(2025, 7, 1, 9, tz="Europe/London"))
    assert view.milestone(goal).state == "overdue"
    assert p.milestone(goal).state == "open"
    assert p.events == before
    p.record_adoption(mid, employer=ACME, embedded_in_contracts=True, by="unison")
    assert view.adoptions(mid) == ()
    assert [a.employer.id for a in p.adoptions(mid)] == ["acme-care"]


# -- pointed tests (found by scripts/mutation)

WALES_CARE = cs.Employer(id="wales-care", name="Wales Care", sector="independent")


def _adopted(p: cs.Partnership, *employers: cs.Employer) -> str:
    model = decide(p, induction())
    for employer in employers:
        p.record_adoption(model, employer=employer, embedded_in_contracts=False, by="gmb")
    return model


def test_a_rescinded_model_says_when_and_by_what_it_was_rescinded(active: cs.Partnership) -> None:
    model = _adopted(active)
    rescinding = decide(active, cs.RescindModel(model=model, rationale="Superseded."))
    with pytest.raises(cs.InvalidTransition) as caught:
        active.record_adoption(model, employer=ACME, embedded_in_contracts=False, by="gmb")
    assert f"by the agreed {rescinding}; employers adopt only models in force" in str(caught.value)
    assert "It was rescinded on 2024-09-02" in str(caught.value)


def test_an_adoption_recorded_again_or_under_another_name_is_refused(
    active: cs.Partnership,
) -> None:
    model = _adopted(active, ACME)
    with pytest.raises(cs.NotEntitled, match="was already recorded on"):
        active.record_adoption(model, employer=ACME, embedded_in_contracts=False, by="rcn")
    renamed = attrs.evolve(ACME, name="Acme Care Ltd")
    with pytest.raises(cs.NotEntitled, match="acme-care is recorded as 'Acme Care'"):
        active.record_adoption(model, employer=renamed, embedded_in_contracts=True, by="rcn")
    active.record_adoption(model, employer=ACME, embedded_in_contracts=True, by="rcn")


def test_withdrawing_an_adoption_never_made_names_the_model_s_adopters(
    active: cs.Partnership,
) -> None:
    model = _adopted(active, ACME, WALES_CARE)
    other = _adopted(active, attrs.evolve(ACME, id="elsewhere"))
    with pytest.raises(cs.UnknownReference) as caught:
        active.withdraw_adoption(model, employer="nobody", by="gmb")
    assert caught.value.known == ("acme-care", "wales-care")
    assert other != model
    many = [attrs.evolve(ACME, id=f"care-{n:02d}") for n in range(10)]
    crowded = _adopted(active, *many)
    with pytest.raises(cs.UnknownReference) as caught:
        active.withdraw_adoption(crowded, employer="nobody", by="gmb")
    assert caught.value.known == tuple(e.id for e in many[:9])


def test_progress_is_reported_by_an_active_owner_in_words(active: cs.Partnership) -> None:
    goal = decide(
        active, cs.SetMilestone(title="Survey", due=pendulum.date(2025, 3, 31), owner="gmb")
    )
    with pytest.raises(cs.InvalidArgument, match="note"):
        active.report_progress(goal, note=" ", by="tuc")
    with pytest.raises(cs.NotEntitled, match="unite is not a member"):
        active.report_progress(goal, note="Begun.", by="unite")
    active.withdraw(by="gmb")
    with pytest.raises(cs.NotEntitled, match="gmb withdrew"):
        active.report_progress(goal, note="Begun.", by="gmb")


def test_a_settled_milestone_says_when_it_was_settled(active: cs.Partnership) -> None:
    met = decide(
        active, cs.SetMilestone(title="Survey", due=pendulum.date(2025, 3, 31), owner="gmb")
    )
    active.report_progress(met, note="Done.", done=True, by="gmb")
    with pytest.raises(cs.InvalidTransition, match="It was met on 2024-09-02"):
        active.report_progress(met, note="More.", by="gmb")
    dropped = decide(
        active, cs.SetMilestone(title="Study", due=pendulum.date(2025, 3, 31), owner="gmb")
    )
    by = decide(active, cs.DropMilestone(milestone=dropped, rationale="Overtaken."))
    with pytest.raises(
        cs.InvalidTransition, match=f"It was dropped on 2024-09-02 .* by the agreed {by}"
    ):
        active.report_progress(dropped, note="More.", by="gmb")


def test_replay_refuses_forged_work_programme_events(active: cs.Partnership) -> None:
    """Each fact of the work programme must follow from what the log agreed before it."""
    model = _adopted(active, ACME)
    adopted = next(e for e in active.events if isinstance(e, cs.ModelAdopted))
    recorded = next(e for e in active.events if isinstance(e, cs.AdoptionRecorded))
    resolution = decide(active, cs.Resolution(title="T", text="X"))
    goal = decide(active, cs.SetMilestone(title="S", due=pendulum.date(2025, 3, 31), owner="gmb"))
    set_ = next(e for e in active.events if isinstance(e, cs.MilestoneSet))
    decide(active, cs.ReviseModel(model=model, text="Y", rationale="R"))
    revised = next(e for e in active.events if isinstance(e, cs.ModelRevised))
    emit = active._s.emit
    forgeries = [
        (adopted, f"model {model} was adopted twice"),
        (attrs.evolve(adopted, model=resolution), f"cites {resolution}, which is not an agreed"),
        (attrs.evolve(adopted, model="p-0999"), "cites p-0999, which is not an agreed"),
        (attrs.evolve(recorded, employer=NHS), "outside the scope"),
        (attrs.evolve(recorded, version=1), "names version 1"),
        (attrs.evolve(revised, version=5), "version 5 of .* does not follow version 2"),
        (attrs.evolve(revised, version=3, proposal=resolution), "not an agreed ReviseModel"),
        (
            cs.ModelRescinded(at=active.at, model=model, proposal=resolution, rationale="R"),
            f"the rescission of {model} cites {resolution}",
        ),
        (set_, f"milestone {goal} was set twice"),
        (attrs.evolve(set_, milestone=resolution), "not an agreed SetMilestone"),
        (
            cs.ProgressReported(at=active.at, milestone=goal, by="rcn", note="x", done=False),
            f"rcn reported on {goal}, owned by gmb",
        ),
        (
            cs.MilestoneDropped(at=active.at, milestone=goal, proposal=resolution, rationale="R"),
            f"dropping {goal} cites {resolution}",
        ),
        (
            cs.AdoptionWithdrawn(at=active.at, model=model, employer="nobody", by="gmb"),
            "has no adoption",
        ),
    ]
    for forged, message in forgeries:
        with pytest.raises(cs.IntegrityError, match=message):
            emit(forged)
    decide(active, cs.RescindModel(model=model, rationale="Gone."))
    with pytest.raises(cs.IntegrityError, match="no transition 'record_adoption'"):
        emit(recorded)
