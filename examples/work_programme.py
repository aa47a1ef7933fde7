"""The work programme's first year: model policies, employers adopting them, milestones.

The partners agree a model induction policy (clauses 2.1, 3.1) with a date to
review it (3.5), and a model whistleblowing policy. Employers of the
independent sector adopt them voluntarily (2.4), some embedding them in their
contracts (3.4); a council-run home is refused, since Annex A leaves public
bodies (local authorities and the NHS) outside the scope. The partners revise
the induction model, set milestones and monitor progress against them (5.1):
one is met, one falls overdue at the end of its due date, one is dropped.

Run it with ``python examples/work_programme.py``.
"""

from __future__ import annotations

from pathlib import Path

import pendulum

import consensus as cs

CHARTER = Path(__file__).parent / "charters" / "social_care_workforce_partnership.toml"


def agree(p: cs.Partnership, motion: cs.Motion, by: str) -> str:
    pid = p.propose(motion, by=by)
    p.table(pid, by=p.charter.chair)
    for member in sorted(p.active_members):
        p.record_position(pid, cs.Position.AGREE, by=member)
    p.conclude(pid, by=p.charter.chair)
    return pid


def day(instant: pendulum.DateTime) -> str:
    return instant.format("D MMMM YYYY HH:mm zz")


def main() -> int:
    charter = cs.load_charter(CHARTER)
    tz = charter.timezone
    clock = cs.SimulatedClock(pendulum.datetime(2024, 10, 7, 10, tz=tz))
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories:
        p.sign(by=party.id)
    print(
        f"In scope: {len(charter.scope.workers)} groups of worker; excluded sectors: "
        f"{', '.join(charter.scope.excluded_sectors)}."
    )

    induction = agree(
        p,
        cs.AdoptModel(
            topic="induction policies",
            title="Model induction policy",
            text="New staff shadow an experienced colleague for their first two weeks.",
            review_by=pendulum.date(2025, 10, 1),
        ),
        "unison",
    )
    rota = agree(
        p,
        cs.AdoptModel(
            topic="rota notice", title="Model rota notice", text="Rotas four weeks ahead."
        ),
        "gmb",
    )
    for mid in (induction, rota):
        model = p.model(mid)
        flag = "" if model.named_topic else " (a topic the charter does not name)"
        print(f"{mid}: {model.title!r} v{model.current.version} in force{flag}.")

    milestone = cs.SetMilestone(
        title="Three employers adopt the induction model",
        due=pendulum.date(2025, 3, 31),
        owner="care-forum-wales",
    )
    adoption_goal = agree(p, milestone, "care-forum-wales")
    survey_goal = agree(
        p,
        cs.SetMilestone(
            title="Survey workers on rotas", due=pendulum.date(2025, 1, 31), owner="gmb"
        ),
        "gmb",
    )
    spare = agree(
        p,
        cs.SetMilestone(title="A leaflet", due=pendulum.date(2025, 6, 30), owner="unison"),
        "unison",
    )

    clock.set(pendulum.datetime(2024, 11, 4, 10, tz=tz))
    for employer, embedded in (
        (cs.Employer(id="bryn-care", name="Bryn Care Homes", sector="independent"), True),
        (
            cs.Employer(id="valleys-home-care", name="Valleys Home Care", sector="independent"),
            False,
        ),
    ):
        p.record_adoption(
            induction, employer=employer, embedded_in_contracts=embedded, by="care-forum-wales"
        )
    council = cs.Employer(id="cardiff-council", name="Cardiff Council", sector="local-authority")
    try:
        p.record_adoption(induction, employer=council, embedded_in_contracts=True, by="wlga")
    except cs.NotEntitled as err:
        print(f"Refused: {err}")
    p.report_progress(adoption_goal, note="Two adoptions recorded.", by="care-forum-wales")
    try:
        p.report_progress(adoption_goal, note="Three!", by="unison")
    except cs.NotEntitled as err:
        print(f"Refused: {err}")

    clock.set(pendulum.datetime(2025, 2, 3, 10, tz=tz))
    for event in p.advance():
        print(f"{day(event.at)}: {event.TYPE} ({getattr(event, 'milestone', '')}).")
    agree(
        p,
        cs.DropMilestone(
            milestone=survey_goal, rationale="The survey was folded into the annual review."
        ),
        "gmb",
    )

    agree(
        p,
        cs.ReviseModel(
            model=induction,
            text="New staff shadow a colleague for two weeks, then have a named mentor for six months.",
            rationale="Employers asked for longer support.",
            review_by=pendulum.date(2026, 10, 1),
        ),
        "unison",
    )
    p.record_adoption(
        induction,
        employer=cs.Employer(id="seaside-care", name="Seaside Care", sector="independent"),
        embedded_in_contracts=True,
        by="national-provider-forum",
    )
    p.report_progress(
        adoption_goal, note="A third employer adopted it.", done=True, by="care-forum-wales"
    )
    clock.set(pendulum.datetime(2025, 7, 7, 10, tz=tz))
    p.advance()

    model = p.model(induction)
    print(f"{model.id} has {len(model.versions)} versions; adoptions:")
    for adoption in p.adoptions(induction):
        embedded = (
            "embedded in contracts" if adoption.embedded_in_contracts else "not yet in contracts"
        )
        print(
            f"  {adoption.employer.name} ({adoption.employer.sector}): v{adoption.version}, {embedded}"
        )
    print("Milestones:")
    for goal in p.milestones.values():
        print(f"  {goal.id} {goal.title!r} ({goal.owner}, due {goal.due}): {goal.state}")
    assert p.milestone(spare).state == "overdue"

    problems = cs.check_invariants(p)
    print("Invariants:", problems or "all hold")
    same = cs.Partnership.replay(cs.events_from_jsonl(cs.events_to_jsonl(p.events))) == p
    print("Replayed from its log:", "same state" if same else "DIFFERENT")
    return 0 if not problems and same else 1


if __name__ == "__main__":
    raise SystemExit(main())
