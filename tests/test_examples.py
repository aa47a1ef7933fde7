"""The examples run, deterministically, and tell the story they promise."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / script), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def test_demo_prints_the_minutes_of_a_simulated_year() -> None:
    """The demo: a seeded year of the bundled partnership, each meeting's minutes, then a check."""
    out = run("simulate_meeting.py")
    assert "seed 2024" in out
    assert out.count("## Minutes of the meeting of") == 4
    for heading in ("### Present", "### Apologies", "### Carried over"):
        assert heading in out, heading
    assert "deputising for" in out
    assert "**Outcome: agreed**" in out
    assert "**Outcome: not agreed**" in out
    assert "Replayed from JSON Lines: same state; invariants: all hold." in out


def test_demo_is_deterministic_and_seeded() -> None:
    """The same seed gives the same minutes; another seed another year."""
    assert run("simulate_meeting.py", "--seed", "7") == run("simulate_meeting.py", "--seed", "7")
    assert run("simulate_meeting.py", "--seed", "7") != run("simulate_meeting.py", "--seed", "8")


def test_demo_writes_each_meetings_minutes_to_a_directory(tmp_path: Path) -> None:
    """With --minutes DIR, one Markdown file a meeting, the same text as printed."""
    printed = run("simulate_meeting.py", "--seed", "7", "--years", "2")
    out = run(
        "simulate_meeting.py", "--seed", "7", "--years", "2", "--minutes", str(tmp_path / "m")
    )
    files = sorted((tmp_path / "m").glob("m-*.md"))
    assert len(files) == printed.count("## Minutes of the meeting of") >= 8
    assert f"Wrote the minutes of {len(files)} meetings" in out
    for path in files:
        assert path.read_text(encoding="utf-8") in printed


def test_demo_refuses_a_bad_year_count_in_one_line() -> None:
    """A refused argument is a usage error naming the value, not a traceback."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "simulate_meeting.py"), "--years", "0"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "years" in done.stderr


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        (
            "consult_advisory_group.py",
            [
                "Refused: adss cannot respond",
                "deliberating again",
                "concluded after the consultation: agreed",
            ],
        ),
        (
            "annual_review.py",
            [
                "review.fallen_due",
                "version 2: in force from",
                "amended by p-0003",
                "Invariants: all hold",
            ],
        ),
        (
            "custom_rule.py",
            [
                "Conformance of every-constituency: passes",
                "Consult motions: every-constituency; the rest: unanimity",
                "p-0002 consult social-care-wales and tuc on p-0001 (every-constituency): not_agreed",
                "p-0003 consult social-care-wales and tuc on p-0001 (every-constituency): agreed",
                "p-0001 resolve 'Model whistleblowing policy' (unanimity): not_agreed",
                "Invariants: all hold",
            ],
        ),
        (
            "custom_motion.py",
            [
                "Registered: admit, adopt_model, amend, conclude_review, consult, dissolve, drop_milestone, joint_statement,",
                "The chair concludes p-0001: agreed under unanimity.",
                "Refused: gmb cannot propose to issue a joint statement to nhs-staff",
                "Refused at conclusion: welsh-government cannot carry out p-0002",
                "GMB withdraws p-0002: withdrawn.",
                '"motion":{"kind":"joint_statement","audience":"employers"',
                "Read without our registry: refused (line 11 (motion.proposed): the log holds a "
                "motion of kind 'joint_statement', which is not registered; register its class",
                "Read and replayed with it: same state.",
            ],
        ),
        (
            "work_programme.py",
            [
                "p-0002: 'Model rota notice' v1 in force (a topic the charter does not name).",
                "Refused: wlga cannot record an adoption of model p-0001: cardiff-council is an "
                "employer of the local-authority sector, which the charter's scope excludes (Annex A).",
                "Refused: unison cannot report progress on milestone p-0003: only its owner",
                "1 February 2025 00:00 GMT: milestone.marked_overdue (p-0004).",
                "Seaside Care (independent): v2, embedded in contracts",
                "p-0003 'Three employers adopt the induction model' (care-forum-wales, due 2025-03-31): met",
                "p-0004 'Survey workers on rotas' (gmb, due 2025-01-31): dropped",
                "p-0005 'A leaflet' (unison, due 2025-06-30): overdue",
                "Invariants: all hold",
                "Replayed from its log: same state",
            ],
        ),
    ],
)
def test_examples_run(script: str, expected: list[str]) -> None:
    """Each extension and workflow example runs and reaches its conclusion."""
    out = run(script)
    for text in expected:
        assert text in out


def test_the_secretariat_keeps_its_partnership_in_scwp_db_across_runs(tmp_path: Path) -> None:
    """Each run of the secretariat tool continues the record in scwp.db; an edited record is refused."""

    def secretariat(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "examples" / "secretariat.py"), *args],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
            # This checkout's package, not another one installed in the environment.
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )

    outputs = [secretariat().stdout for _ in range(5)]
    assert "Drafted scwp" in outputs[0]
    assert "unison proposed p-0001" in outputs[0]
    assert "Loaded scwp: 11 events, chain verified." in outputs[1]
    assert "The chair tabled p-0001" in outputs[1]
    assert "7 members recorded AGREE on p-0001" in outputs[2]
    assert "The chair concluded p-0001: AGREED." in outputs[3]
    assert "unison proposed p-0002" in outputs[4]
    assert (tmp_path / "scwp.db").exists()
    assert "p-0001 resolve 'Model induction policy': agreed" in secretariat("status").stdout
    assert "21 events, the hash chain verifies" in secretariat("verify").stdout

    db = sqlite3.connect(tmp_path / "scwp.db")
    db.execute("DROP TRIGGER consensus_events_no_update")
    db.execute(
        "UPDATE consensus_events SET line = replace(line, 'Model induction', 'Model exit') "
        "WHERE position = 10"
    )
    db.commit()
    db.close()
    for action in ("verify", "status"):
        refused = secretariat(action)
        assert refused.returncode == 1
        assert "scwp.db, stream 'scwp': event #10 does not match its hash chain" in refused.stderr
