"""The monitoring report (issue 9, clause 5.1): what partners receive, at any instant, writing nothing."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import consensus as cs
from consensus.testing import assert_rejected, charters

from .conftest import CHARTER_PATH, agree_all, decide

GOLDEN = Path(__file__).parent / "golden" / "report.md"
LONDON = "Europe/London"
ACME = cs.Employer(id="acme-care", name="Acme Care", sector="independent")
HAVEN = cs.Employer(id="haven-homes", name="Haven Homes", sector="independent")


def scenario() -> cs.Partnership:
    """Half a year of the bundled partnership's work programme, with something in every section."""
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz=LONDON))
    p = cs.Partnership.draft(cs.load_charter(CHARTER_PATH), clock=clock)
    for party in p.charter.signatories:
        clock.advance(minutes=5)
        p.sign(by=party.id)
    clock.set(pendulum.datetime(2024, 10, 14, 11, tz=LONDON))
    induction = decide(
        p,
        cs.AdoptModel(
            topic="induction policies",
            title="Model induction policy",
            text="New staff shadow a colleague for two weeks.",
            review_by=pendulum.date(2025, 9, 1),
        ),
    )
    rotas = decide(
        p,
        cs.AdoptModel(
            topic="flexible rotas", title="Fair rotas", text="Rotas are published a month ahead."
        ),
        by="gmb",
    )
    assert not p.model(rotas).named_topic
    milestone = decide(
        p,
        cs.SetMilestone(
            title="Agree a model whistleblowing policy",
            due=pendulum.date(2025, 1, 31),
            owner="unison",
        ),
    )
    late = decide(
        p,
        cs.SetMilestone(title="Survey employers", due=pendulum.date(2024, 12, 20), owner="gmb"),
    )
    clock.set(pendulum.datetime(2024, 11, 4, 9, tz=LONDON))
    p.record_adoption(induction, employer=ACME, embedded_in_contracts=True, by="care-forum-wales")
    p.record_adoption(
        induction, employer=HAVEN, embedded_in_contracts=False, by="national-provider-forum"
    )
    p.report_progress(milestone, note="A first draft is with the unions.", done=False, by="unison")
    clock.set(pendulum.datetime(2024, 11, 18, 10, tz=LONDON))
    decide(
        p,
        cs.ReviseModel(
            model=induction, text="Two weeks of shadowing and a mentor.", rationale="Asked for."
        ),
    )
    lone = decide(
        p,
        cs.AdoptModel(
            topic="model HR policies", title="Lone working", text="Nobody works alone at night."
        ),
    )
    decide(p, cs.RescindModel(model=lone, rationale="Overtaken by the national code."))
    target = p.propose(
        cs.Resolution(title="Access to trade unions", text="Reasonable access, with notice."),
        by="gmb",
    )
    p.table(target, by=p.charter.chair)
    p.record_position(target, cs.Position.AGREE, by="gmb")
    p.record_position(target, cs.Position.AGREE, by="unison")
    ask = p.propose(
        cs.Consult(
            proposal=target,
            advisors=("adss", "social-care-wales"),
            question="Is a week's notice workable?",
            closes=pendulum.date(2025, 1, 10),
        ),
        by="unison",
    )
    p.table(ask, by=p.charter.chair)
    agree_all(p, ask)
    p.conclude(ask, by=p.charter.chair)
    p.respond(ask, "Workable for most members.", by="adss", channel=cs.Channel.EMAIL)
    p.convene(
        starts=pendulum.datetime(2025, 1, 20, 10, tz=LONDON), agenda=(target,), by=p.charter.chair
    )
    assert p.milestone(late).state == "open"
    return p


REPORTED_AT = pendulum.datetime(2025, 1, 6, 9, tz=LONDON)


def test_the_report_reads_as_the_golden_file() -> None:
    """The scenario's report, as of 6 January 2025, matches tests/golden/report.md.

    Regenerate after a deliberate change with ``CONSENSUS_UPDATE_GOLDEN=1 pytest
    tests/test_report.py`` and read the diff before committing it.
    """
    text = cs.render_report(scenario(), at=REPORTED_AT)
    if os.environ.get("CONSENSUS_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_the_report_says_what_monitoring_needs() -> None:
    """Every section carries the facts a secretariat checks, the overdue milestone plainly."""
    text = cs.render_report(scenario(), at=REPORTED_AT)
    for needed in (
        "## Monitoring report as of 6 January 2025 at 09:00 GMT",
        "### Members",
        "positions awaited from",
        "1 of 2 advisers have responded",
        "Next: m-0001 on 20 January 2025 at 10:00 GMT",
        '"Model induction policy"',
        "Version 2 in force since 18 November 2024",
        "Acme Care (independent): version 1, embedded in its contracts",
        "Haven Homes (independent): version 1, not in contracts",
        "Topic: flexible rotas (not one the charter names)",
        "rescinded on 18 November 2024",
        '"Survey employers", owned by GMB, due by the end of 20 December 2024: OVERDUE',
        "latest report (4 November 2024): A first draft is with the unions.",
        "Review r-0001 (cycle 1): due on 2 September 2025; scheduled.",
    ):
        assert needed in text, needed


def test_a_report_at_an_instant_is_the_report_of_the_view_and_writes_nothing() -> None:
    """render_report(p, at=t) == render_report(p.as_of(t)); p's log is as it was."""
    p = scenario()
    before = list(p.events)
    assert cs.render_report(p, at=REPORTED_AT) == cs.render_report(p.as_of(REPORTED_AT))
    assert list(p.events) == before
    # Without at=, the partnership as it stands: the overdue milestone has not fallen due yet.
    assert "OVERDUE" not in cs.render_report(p)
    assert list(p.events) == before


@settings(max_examples=10, deadline=None)
@given(
    charter=charters(),
    seed=st.integers(0, 2**32),
    days=st.integers(0, 800),
)
def test_any_simulated_partnership_reports_at_any_later_instant(
    charter: cs.Charter, seed: int, days: int
) -> None:
    """A simulated year under any charter reports, at any later instant, appending nothing."""
    p = cs.simulate(charter, seed=seed, years=1)
    before = list(p.events)
    at = p.last_event_at.add(days=days)
    text = cs.render_report(p, at=at)
    assert text.startswith(f"# {charter.title}\n")
    assert text.endswith("\n")
    assert "### Annual review" in text
    assert list(p.events) == before


@pytest.mark.parametrize(
    "at",
    [
        dt.datetime(2025, 1, 6, 9),  # naive
        pendulum.datetime(2024, 1, 1, tz=LONDON),  # before the last event
        "2025-01-06",
    ],
    ids=["naive", "earlier", "text"],
)
def test_a_bad_instant_is_refused_and_changes_nothing(active: cs.Partnership, at: object) -> None:
    """A bad at= is a ConsensusError naming it, and nothing is appended."""
    assert_rejected(active, lambda: cs.render_report(active, at=at))  # type: ignore[arg-type]


def test_something_that_is_not_a_partnership_is_refused() -> None:
    """Only a partnership or a view of one is reported."""
    with pytest.raises(cs.InvalidArgument, match=r"a consensus\.Partnership"):
        cs.render_report("scwp")  # type: ignore[arg-type]


@given(signed=st.integers(min_value=0, max_value=8))
def test_a_partnership_still_forming_reports_how_far_it_is(signed: int) -> None:
    """Before ratification there is no charter version in force: the report says so."""
    charter = cs.load_charter(CHARTER_PATH)
    p = cs.Partnership.draft(
        charter, clock=cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    )
    parties = [party.id for party in charter.signatories]
    for party in parties[: min(signed, len(parties) - 1)]:
        p.sign(by=party)
    report = cs.render_report(p)
    done = min(signed, len(parties) - 1)
    assert f"forming: {done} of {len(parties)} signatories have signed" in report
    assert "comes into force when the last signatory signs" in report
