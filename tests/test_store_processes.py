"""Crashes and races with real processes: writers killed with SIGKILL, two writers on one stream.

The trials run in one long-lived driver process (``tests/_writer.py``) that
forks the writers, so a trial costs a fork, not an interpreter start; see
that module for exactly what is checked after every trial.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pendulum
import psycopg

import consensus as cs

from . import _writer
from .conftest import ROOT


def drive(mode: str, spec: str, trials: int, seed: int) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), str(ROOT), *filter(None, [env.get("PYTHONPATH")])]
    )
    done = subprocess.run(
        [sys.executable, "-m", "tests._writer", mode, spec, str(trials), str(seed)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    summary: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return summary


def test_sqlite_writers_killed_at_random_lose_nothing_that_returned(tmp_path: Path) -> None:
    """100 writers killed with SIGKILL mid-run: no returned command lost, none half-stored, the chain verifies."""
    summary = drive("crash", f"sqlite:{tmp_path / 'crash.db'}", trials=100, seed=20261123)
    assert summary["problems"] == []
    assert summary["killed"] == 100
    assert summary["after_commit"] + summary["before_commit"] == 100


def test_sqlite_racing_writers_never_both_win_a_version(tmp_path: Path) -> None:
    """Two processes racing on one stream: every version has one winner, the losers retry, the chain verifies."""
    summary = drive("race", f"sqlite:{tmp_path / 'race.db'}", trials=10, seed=7)
    assert summary["problems"] == []
    assert summary["won"] > 100


def schema_dsn(dsn: str, schema: str) -> str:
    with psycopg.connect(dsn, autocommit=True) as db:
        db.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    return psycopg.conninfo.make_conninfo(dsn, options=f"-c search_path={schema}")


def test_postgres_writers_killed_at_random_lose_nothing_that_returned(postgres_dsn: str) -> None:
    """The crash trials on PostgreSQL: a killed client's transaction is rolled back, a returned one kept."""
    summary = drive("crash", f"postgres:{schema_dsn(postgres_dsn, 'crash')}", trials=40, seed=3)
    assert summary["problems"] == []
    assert summary["killed"] == 40


def test_postgres_racing_writers_never_both_win_a_version(postgres_dsn: str) -> None:
    """Two processes racing on one PostgreSQL stream: the unique (stream, position) makes one winner."""
    summary = drive("race", f"postgres:{schema_dsn(postgres_dsn, 'race')}", trials=5, seed=11)
    assert summary["problems"] == []
    assert summary["won"] > 40


def test_the_trial_check_sees_a_half_stored_command(tmp_path: Path, charter: cs.Charter) -> None:
    """The driver's check is not vacuous: a command stored in part, or a returned one missing, is reported."""
    memory = cs.MemoryStore()
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    p = cs.Partnership.draft(charter, clock=clock, store=memory, stream="s")
    while p.state == "forming":
        _writer.next_command(p)
    ratified = len(p.events)  # the last signature wrote several events
    before = ratified - 3
    path = str(tmp_path / "half.db")
    store = cs.SQLiteStore(path)
    store.append("s", list(p.events[: ratified - 1]), expected_version=0)
    head = store.rows("s", start=before - 1)[0].hash
    problems: list[str] = []
    _writer.check(f"sqlite:{path}", "s", [(before, head)], problems)
    assert problems, "a half-stored command went unnoticed"
    store.append("t", list(p.events), expected_version=0)
    problems = []
    _writer.check(f"sqlite:{path}", "t", [(ratified, "0" * 64)], problems)
    assert any("lost" in problem for problem in problems), problems
    problems = []
    _writer.check(f"sqlite:{path}", "t", [(ratified, store.head("t"))], problems)
    assert problems == []


def _open_new_store(path: str) -> str:
    try:
        store = cs.SQLiteStore(path)
        store.close()
    except cs.ConsensusError as err:
        return f"{type(err).__name__}: {err}"
    return "ok"


def test_processes_opening_a_new_store_at_once_all_succeed(tmp_path: Path) -> None:
    """Four processes creating the same new database together: each gets the store, none a refusal.

    Found by the race trials: one opener saw the other's tables before its
    application id (and refused the file as not ours), or could not switch
    to WAL while the other held the file ("database is locked").
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with context.Pool(4) as pool:
        for trial in range(15):
            path = str(tmp_path / f"new-{trial}.db")
            assert pool.map(_open_new_store, [path] * 4) == ["ok"] * 4
