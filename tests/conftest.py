"""Hypothesis profiles and shared fixtures.

``dev`` (the default) is quick; ``ci`` (selected by CI=true, or
HYPOTHESIS_PROFILE=ci) runs at least 200 examples of 40 steps each,
derandomized so that a CI run is repeatable.
"""

from __future__ import annotations

import os
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, settings

import consensus as cs

settings.register_profile(
    "dev",
    max_examples=40,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    max_examples=200,
    stateful_step_count=40,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") == "true" else "dev")
)

ROOT = Path(__file__).resolve().parent.parent
CHARTER_PATH = ROOT / "examples" / "charters" / "social_care_workforce_partnership.toml"


@pytest.fixture(autouse=True)
def _run_from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Doctests and examples name files relative to the repository root."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def charter() -> cs.Charter:
    """The bundled social care workforce partnership charter."""
    return cs.load_charter(CHARTER_PATH)


@pytest.fixture
def clock() -> cs.SimulatedClock:
    """A simulated clock at 10:00 on 2 September 2024, in London."""
    return cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))


@pytest.fixture
def active(charter: cs.Charter, clock: cs.SimulatedClock) -> cs.Partnership:
    """The bundled partnership, signed by every signatory and so active."""
    p = cs.Partnership.draft(charter, clock=clock)
    for party in charter.signatories:
        clock.advance(minutes=5)
        p.sign(by=party.id)
    return p


def agree_all(p: cs.Partnership, pid: str) -> None:
    """Every active member records AGREE on ``pid``."""
    for member in sorted(p.active_members):
        p.record_position(pid, cs.Position.AGREE, by=member)


def decide(p: cs.Partnership, motion: cs.Motion, *, by: str = "unison") -> str:
    """Propose, table, agree unanimously and conclude ``motion``; return its id."""
    pid = p.propose(motion, by=by)
    p.table(pid, by=p.charter.chair)
    agree_all(p, pid)
    assert p.conclude(pid, by=p.charter.chair) is cs.Outcome.AGREED
    return pid
