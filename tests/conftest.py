"""Hypothesis profiles and shared fixtures.

``dev`` (the default) is quick; ``ci`` (selected by CI=true, or
HYPOTHESIS_PROFILE=ci) runs at least 200 examples of 40 steps each,
derandomized so that a CI run is repeatable.
"""

from __future__ import annotations

import gc
import os
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
# scripts/mutation: the dev profile, derandomized and with no example
# database, so that a mutant's verdict depends on nothing a run before left.
settings.register_profile(
    "mutation", parent=settings.get_profile("dev"), derandomize=True, database=None
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


@pytest.fixture(scope="session")
def postgres_dsn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real PostgreSQL server from the pgserver wheel, in a temporary directory, for the session.

    No mock and no skip: if the server cannot start, every test that needs it
    fails and says why.
    """
    started = time.perf_counter()
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (CI containers).
            warnings.simplefilter("ignore")
            import pgserver

            server = pgserver.get_server(tmp_path_factory.mktemp("pgdata"), cleanup_mode="delete")
            dsn = server.get_uri()
    except Exception as err:
        pytest.fail(
            f"could not start PostgreSQL from the pgserver wheel ({type(err).__name__}: {err}); "
            "install the dev extra: pip install -e '.[dev]'",
            pytrace=False,
        )
    POSTGRES_TIMES["start"] = time.perf_counter() - started
    try:
        yield dsn
    finally:
        stopping = time.perf_counter()
        gc.collect()  # close the connections of stores no test holds any more
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            server.cleanup()
        POSTGRES_TIMES["stop"] = time.perf_counter() - stopping


POSTGRES_TIMES: dict[str, float] = {}
"""How long the session's PostgreSQL server took to start and stop, in seconds."""


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Report how long the PostgreSQL server took to start, when a test started it."""
    if POSTGRES_TIMES:
        terminalreporter.write_line(
            "PostgreSQL (pgserver): started in "
            f"{POSTGRES_TIMES.get('start', 0):.2f} s, stopped in {POSTGRES_TIMES.get('stop', 0):.2f} s"
        )
