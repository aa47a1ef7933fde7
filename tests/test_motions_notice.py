"""Faults in the built-in motions that only a pointed test notices (found by scripts/mutation).

Each test here was written for a mutant of ``_motions.py`` that the rest of
the suite let through: a validator that stopped refusing, a reason that
became ``None``, a part of a description left out. A motion's ``check`` is
asked directly, with the partnership as its view, where no command can reach
the case (a founding signatory proposed for admission before the partnership
is formed, a date whose midnight a time zone skips).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import pendulum
import pytest

import consensus as cs
from consensus.testing import sample_charter

from .conftest import decide

CLOSES = pendulum.date(2024, 10, 1)

#: One valid motion of every built-in kind, by class.
VALID: dict[type[Any], dict[str, Any]] = {
    cs.Resolution: {"title": "T", "text": "X"},
    cs.Admit: {"party": cs.PartyRecord(id="unite", name="Unite", constituency="workers")},
    cs.Consult: {"proposal": "p-0001", "advisors": ("tuc",), "question": "Q?", "closes": CLOSES},
    cs.Amend: {"rationale": "R", "rule": "consent"},
    cs.ConcludeReview: {"review": "r-0001", "findings": "F"},
    cs.Dissolve: {"rationale": "R"},
    cs.AdoptModel: {"topic": "t", "title": "T", "text": "X"},
    cs.ReviseModel: {"model": "p-0001", "text": "X", "rationale": "R"},
    cs.RescindModel: {"model": "p-0001", "rationale": "R"},
    cs.SetMilestone: {"title": "T", "due": CLOSES, "owner": "unison"},
    cs.DropMilestone: {"milestone": "p-0001", "rationale": "R"},
}


@pytest.mark.parametrize("kind", list(VALID), ids=lambda k: k.KIND)
def test_every_built_in_motion_takes_its_fields_by_keyword_only(kind: type[Any]) -> None:
    """Keywords only, so that fields can be added or reordered without breaking a caller."""
    fields = VALID[kind]
    assert kind(**fields) == kind(**fields)
    with pytest.raises(TypeError):
        kind(*fields.values())


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [
        (cs.Consult, "proposal", "Not An Id"),
        (cs.ConcludeReview, "review", "r 1"),
        (cs.ReviseModel, "model", "P-0001"),
        (cs.RescindModel, "model", ""),
        (cs.SetMilestone, "owner", "Unison!"),
        (cs.DropMilestone, "milestone", 7),
        (cs.Admit, "party", cs.PartyRecord(id="unite", name="", constituency="workers")),
        (cs.Admit, "party", cs.PartyRecord(id="unite", name="Unite", constituency=" ")),
        (cs.Consult, "advisors", ("TUC",)),
        (cs.Consult, "advisors", ("tuc", "adss", "tuc")),
        (cs.Consult, "advisors", ()),
        (cs.Amend, "headings", {"6 3": "Heading"}),
        (cs.Amend, "headings", {6.3: "Heading"}),
        (cs.Amend, "headings", {"6.3": ""}),
        (cs.Amend, "clauses", {"6.3": ""}),
        (cs.Amend, "required_constituencies", ("Workers",)),
        (cs.Amend, "chair", "Welsh Government"),
        (cs.Amend, "chair", 3),
        (cs.Amend, "review_period_months", 0),
        (cs.Amend, "review_period_months", 121),
        (cs.Amend, "review_period_months", True),
        (cs.Amend, "review_period_months", 6.0),
        (cs.Amend, "scope", {"topics": ["x"]}),
        (cs.SetMilestone, "due", None),
        (cs.SetMilestone, "due", "2024-10-01"),
        (cs.SetMilestone, "due", pendulum.datetime(2024, 10, 1)),
        (cs.AdoptModel, "review_by", "2026-01-01"),
        (cs.AdoptModel, "review_by", _dt.datetime(2026, 1, 1)),
        (cs.ReviseModel, "review_by", 20260101),
    ],
)
def test_a_motion_refuses_a_field_it_cannot_carry(kind: type[Any], field: str, value: Any) -> None:
    """The field is named in the error, and no motion is made."""
    with pytest.raises(cs.InvalidArgument, match=rf"^{kind.KIND}\.{field}\b|^{kind.KIND}\b"):
        kind(**{**VALID[kind], field: value})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("review_period_months", 1),
        ("review_period_months", 120),
        ("required_constituencies", ()),
        ("chair", "unison"),
        ("headings", {"6.3": "Decisions"}),
    ],
)
def test_an_amendment_carries_each_value_at_the_edge_of_its_field(field: str, value: Any) -> None:
    assert getattr(cs.Amend(rationale="R", **{field: value}), field) == value


def test_a_model_may_have_no_review_date() -> None:
    assert cs.AdoptModel(topic="t", title="T", text="X", review_by=None).review_by is None


def test_a_consultation_of_one_advisor_names_it_alone() -> None:
    consult = cs.Consult(proposal="p-0001", advisors=("tuc",), question="Q?", closes=CLOSES)
    assert consult.describe() == "consult tuc on p-0001"


@pytest.mark.parametrize(
    ("fields", "described"),
    [
        ({"clauses": {"6.3": "T", "1.1": None}}, "amend clauses 1.1, 6.3"),
        ({"clauses": {"6.3": "T"}, "headings": {"6.3": "H"}}, "amend clauses 6.3"),
        ({"headings": {"6.3": "H", "1.1": "P"}}, "amend headings 1.1, 6.3"),
        ({"remove_advisors": ("tuc",)}, "amend the advisory group"),
        (
            {"add_advisors": (cs.AdvisorRecord(id="acas", name="Acas"),)},
            "amend the advisory group",
        ),
        ({"rule": "consent"}, "amend the decision rule to consent"),
        ({"required_constituencies": ()}, "amend the required constituencies to none"),
        (
            {"required_constituencies": ("workers", "employers")},
            "amend the required constituencies to workers, employers",
        ),
        ({"review_period_months": 6}, "amend the review period to 6 months"),
        ({"scope": cs.Scope()}, "amend the scope"),
        (
            {"rule": "consent", "chair": "unison", "review_period_months": 24},
            "amend the decision rule to consent; the chair to unison; the review period to 24 months",
        ),
    ],
)
def test_an_amendment_describes_every_part_it_changes(
    fields: dict[str, Any], described: str
) -> None:
    assert cs.Amend(rationale="R", **fields).describe() == described


# -- check(view): the reasons a motion gives


def test_a_founding_signatory_is_not_admitted_but_signs(charter: cs.Charter) -> None:
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    forming = cs.Partnership.draft(charter, clock=clock)
    signatory = charter.signatories[0]
    reason = cs.Admit(party=signatory).check(forming)
    assert reason == f"{signatory.id} is a founding signatory; it joins by signing"


def _santiago() -> cs.Partnership:
    """A formed partnership in a zone where 7 September 2024 has no midnight (clocks went forward)."""
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="America/Santiago"))
    charter = sample_charter(timezone="America/Santiago")
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories:
        clock.advance(minutes=5)
        p.sign(by=party.id)
    return p


SKIPPED_MIDNIGHT = pendulum.date(2024, 9, 7)
AFTER_IT = pendulum.date(2024, 9, 8)


def test_a_date_whose_midnight_the_zone_skips_is_a_reason_not_a_crash() -> None:
    """Every motion that ends or starts on a date says why that date cannot be used."""
    p = _santiago()
    target = p.propose(cs.Resolution(title="T", text="X"), by="union-a")
    p.table(target, by="government")
    model = decide(p, cs.AdoptModel(topic="t", title="T", text="X"), by="union-a")
    motions = [
        cs.Consult(
            proposal=target, advisors=("expert-a",), question="Q?", closes=SKIPPED_MIDNIGHT
        ),
        cs.AdoptModel(topic="t", title="T", text="X", review_by=AFTER_IT),
        cs.ReviseModel(model=model, text="Y", rationale="R", review_by=AFTER_IT),
        cs.SetMilestone(title="T", due=SKIPPED_MIDNIGHT, owner="union-a"),
    ]
    for motion in motions:
        reason = motion.check(p)
        assert reason is not None, motion
        assert "midnight" in reason, (motion, reason)


def test_a_review_date_must_be_still_to_come_tomorrow_is(active: cs.Partnership) -> None:
    today = active.at.date()
    tomorrow = today + _dt.timedelta(days=1)
    assert cs.AdoptModel(topic="t", title="T", text="X", review_by=tomorrow).check(active) is None
    refused = cs.AdoptModel(topic="t", title="T", text="X", review_by=today).check(active)
    assert refused == f"its review date {today.isoformat()} has already come"
    model = decide(active, cs.AdoptModel(topic="t", title="T", text="X"))
    revise = cs.ReviseModel(model=model, text="Y", rationale="R", review_by=tomorrow)
    assert revise.check(active) is None
    stale = cs.ReviseModel(model=model, text="Y", rationale="R", review_by=active.at.date())
    assert (
        stale.check(active) == f"its review date {active.at.date().isoformat()} has already come"
    )


def test_a_model_revised_to_its_own_text_is_refused(active: cs.Partnership) -> None:
    model = decide(active, cs.AdoptModel(topic="t", title="T", text="Same"))
    reason = cs.ReviseModel(model=model, text="Same", rationale="R").check(active)
    assert reason == f"the text is version 1 of {model} already"


def test_an_unknown_model_or_milestone_is_named_with_the_latest_eight(
    active: cs.Partnership,
) -> None:
    assert cs.RescindModel(model="p-0999", rationale="R").check(active) == (
        "there is no model policy 'p-0999' (models: none yet)"
    )
    assert cs.DropMilestone(milestone="p-0999", rationale="R").check(active) == (
        "there is no milestone 'p-0999' (milestones: none yet)"
    )
    models = [decide(active, cs.AdoptModel(topic="t", title=f"T{n}", text="X")) for n in range(9)]
    reason = cs.ReviseModel(model="p-0999", text="Y", rationale="R").check(active)
    assert reason == f"there is no model policy 'p-0999' (models: {', '.join(models[1:])})"


def test_a_rescinded_model_says_when_it_was_rescinded(active: cs.Partnership) -> None:
    model = decide(active, cs.AdoptModel(topic="t", title="T", text="X"))
    decide(active, cs.RescindModel(model=model, rationale="Gone."))
    day = active.model(model).rescinded_at
    assert day is not None
    reason = cs.RescindModel(model=model, rationale="R").check(active)
    assert reason is not None
    assert reason.startswith(f"model {model} was rescinded on {day.to_date_string()} by ")


def test_a_chair_must_be_an_active_member(active: cs.Partnership) -> None:
    reason = cs.Amend(chair="unite", rationale="R").check(active)
    assert reason == "unite is not an active member, so cannot chair"


def test_an_amendment_that_cannot_apply_names_the_field_at_fault(active: cs.Partnership) -> None:
    reason = cs.Amend(clauses={"9.9": None}, rationale="R").check(active)
    assert reason == "clauses['9.9']: cannot remove a clause the charter does not have"


# -- amended_charter: what an agreed amendment makes


def test_an_amendment_rewrites_retitles_and_adds_clauses(charter: cs.Charter) -> None:
    amend = cs.Amend(
        clauses={"6.3": "Decisions are by consent.", "6.4": "Minutes are public.", "8.1": "New."},
        headings={"1.1": "Origins", "6.4": "Openness"},
        rationale="R",
    )
    new = {c.id: c for c in cs.amended_charter(charter, amend).clauses}
    old = {c.id: c for c in charter.clauses}
    assert new["6.3"].text == "Decisions are by consent."
    assert new["6.3"].heading == old["6.3"].heading
    assert (new["1.1"].heading, new["1.1"].text) == ("Origins", old["1.1"].text)
    assert (new["6.4"].heading, new["6.4"].text) == ("Openness", "Minutes are public.")
    assert (new["8.1"].heading, new["8.1"].text) == ("Amendments", "New.")


def test_an_added_clause_without_a_heading_takes_its_sections(charter: cs.Charter) -> None:
    new = cs.amended_charter(charter, cs.Amend(clauses={"4.6": "More."}, rationale="R"))
    added = next(c for c in new.clauses if c.id == "4.6")
    assert added.heading == "Membership"


def test_an_unknown_milestone_is_named_with_the_latest_eight(active: cs.Partnership) -> None:
    due = active.at.date() + _dt.timedelta(days=30)
    milestones = [
        decide(active, cs.SetMilestone(title=f"M{n}", due=due, owner="unison")) for n in range(9)
    ]
    reason = cs.DropMilestone(milestone="p-0999", rationale="R").check(active)
    assert reason == f"there is no milestone 'p-0999' (milestones: {', '.join(milestones[1:])})"


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        (cs.Consult, "closes"),
        (cs.SetMilestone, "due"),
        (cs.AdoptModel, "review_by"),
        (cs.ReviseModel, "review_by"),
    ],
)
@pytest.mark.parametrize("day", [_dt.date.min, pendulum.date(1899, 12, 31), _dt.date(3000, 1, 1)])
def test_a_date_outside_the_years_kept_is_refused_naming_the_field(
    kind: type[Any], field: str, day: _dt.date
) -> None:
    """A date a partnership cannot keep time on is refused when the motion is
    made, naming the motion's own field (not the helper that would overflow)."""
    with pytest.raises(cs.InvalidArgument) as caught:
        kind(**{**VALID[kind], field: day})
    assert str(caught.value) == (
        f"{kind.KIND}.{field}: {day!r} is not a date between the years 1900 and 2999."
    )
    for edge in (pendulum.date(1900, 1, 1), pendulum.date(2999, 12, 31)):
        assert getattr(kind(**{**VALID[kind], field: edge}), field) == edge
