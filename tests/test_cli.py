"""The `consensus` command through a real subprocess: every command, and refused inputs in one line."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import consensus as cs

from .conftest import CHARTER_PATH, ROOT

AT = "2024-09-02T10:00+01:00"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])]
    )
    return env


def run(*args: str, cwd: Path, code: int = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "consensus", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=_env(),
        timeout=120,
    )
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    if code == 1:
        assert done.stderr.startswith("consensus: ")
        assert done.stderr.count("\n") == 1, done.stderr
        assert "Traceback" not in done.stderr
    if code == 0:
        assert "Traceback" not in done.stderr
    return done


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding a simulated year, with its minutes written beside it."""
    folder = tmp_path_factory.mktemp("cli")
    out = run(
        "simulate",
        "--seed",
        "7",
        "--years",
        "1",
        "--db",
        "sim.db",
        "--minutes",
        "mins",
        cwd=folder,
    ).stdout
    assert "kept in sim.db as 'simulation'" in out
    return folder


def test_help_lists_every_command(tmp_path: Path) -> None:
    """--help names the commands; no command is a usage error (exit 2)."""
    out = run("--help", cwd=tmp_path).stdout
    for name in (
        "charter",
        "init",
        "status",
        "log",
        "verify",
        "minutes",
        "report",
        "diagram",
        "simulate",
        "export",
        "import",
    ):
        assert name in out, name
    run(cwd=tmp_path, code=2)
    run("frobnicate", cwd=tmp_path, code=2)


def test_charter_check(tmp_path: Path) -> None:
    """A valid charter is described; a broken or missing one is refused in one line."""
    out = run("charter", "check", str(CHARTER_PATH), cwd=tmp_path).stdout
    assert "a valid charter, 'Social Care Workforce Partnership' version 1" in out
    broken = tmp_path / "broken.toml"
    broken.write_text('title = "x"\n', encoding="utf-8")
    assert "broken.toml" in run("charter", "check", str(broken), cwd=tmp_path, code=1).stderr
    assert "missing.toml" in run("charter", "check", "missing.toml", cwd=tmp_path, code=1).stderr


def test_init_status_log_verify(tmp_path: Path) -> None:
    """A partnership drafted into a database, summarised, logged and verified."""
    run("init", "scwp.db", "--charter", str(CHARTER_PATH), "--at", AT, cwd=tmp_path)
    again = run("init", "scwp.db", "--charter", str(CHARTER_PATH), cwd=tmp_path, code=1)
    assert "already holds a partnership as 'partnership'" in again.stderr
    status = run("status", "scwp.db", cwd=tmp_path).stdout
    assert "state: forming" in status
    log = run("log", "scwp.db", cwd=tmp_path).stdout
    assert log.startswith("2024-09-02 10:00 BST  Social Care Workforce Partnership was drafted")
    jsonl = run("log", "scwp.db", "--jsonl", cwd=tmp_path).stdout
    assert len(list(cs.events_from_jsonl(jsonl))) == 1
    assert "1 events, hash chain intact" in run("verify", "scwp.db", cwd=tmp_path).stdout


def test_minutes_report_and_status_of_a_simulation(simulated: Path) -> None:
    """Minutes equal the files simulate wrote; the report and status read the same database."""
    minutes = run("minutes", "sim.db", "m-0002", cwd=simulated).stdout
    assert minutes == (simulated / "mins" / "m-0002.md").read_text(encoding="utf-8")
    assert "## Minutes of the meeting of" in minutes
    report = run("report", "sim.db", cwd=simulated).stdout
    assert "## Monitoring report as of" in report
    later = run("report", "sim.db", "--at", "2030-01-01T00:00Z", cwd=simulated).stdout
    assert "## Monitoring report as of 1 January 2030" in later
    assert (
        "as of 2030-01-01"
        in run("status", "sim.db", "--at", "2030-01-01T00:00Z", cwd=simulated).stdout
    )
    unknown = run("minutes", "sim.db", "m-9999", cwd=simulated, code=1).stderr
    assert "m-9999" in unknown
    bad_at = run("status", "sim.db", "--at", "tomorrow", cwd=simulated, code=1).stderr
    assert "--at 'tomorrow'" in bad_at
    naive = run("status", "sim.db", "--at", "2030-01-01T09:00", cwd=simulated, code=1).stderr
    assert "UTC offset" in naive


def test_export_and_import_round_trip(simulated: Path, tmp_path: Path) -> None:
    """Export writes the canonical lines; import replays them strictly and stores them."""
    lines = run("export", "sim.db", cwd=simulated).stdout
    (tmp_path / "log.jsonl").write_text(lines, encoding="utf-8")
    run("import", "copy.db", "log.jsonl", cwd=tmp_path)
    assert run("export", "copy.db", cwd=tmp_path).stdout == lines
    forged = lines.replace('"unison"', '"gmb"', 1)
    (tmp_path / "forged.jsonl").write_text(forged, encoding="utf-8")
    refused = run("import", "forged.db", "forged.jsonl", cwd=tmp_path, code=1).stderr
    assert refused.startswith("consensus: forged.jsonl: ")
    assert not (tmp_path / "forged.db").exists(), "nothing is written for a refused log"
    (tmp_path / "moved.jsonl").write_text(
        "".join(reversed(lines.splitlines(keepends=True))), encoding="utf-8"
    )
    assert "moved.jsonl" in run("import", "moved.db", "moved.jsonl", cwd=tmp_path, code=1).stderr


def on_a_terminal(*args: str, cwd: Path, code: int = 0) -> str:
    """Run the command with stderr on a pseudo-terminal; return what it showed there."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "consensus", *args],
        stdout=subprocess.PIPE,
        stderr=follower,
        cwd=cwd,
        env=_env(),
    ) as child:
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal's other end is closed: the child is done
                break
            if not chunk:
                break
            shown += chunk
        child.communicate(timeout=120)
    os.close(leader)
    assert child.returncode == code, shown
    return shown.decode()


def test_long_runs_show_a_progress_bar_on_a_terminal_and_nothing_when_piped(
    tmp_path: Path,
) -> None:
    """simulate, verify and import draw a bar on a terminal; piped, stderr stays empty."""
    shown = on_a_terminal("simulate", "--seed", "2", "--years", "6", "--db", "s.db", cwd=tmp_path)
    assert "] quarters simulated: 24 of 24" in shown
    assert "[" + "#" * 30 + "]" in shown
    shown = on_a_terminal("verify", "s.db", cwd=tmp_path)
    assert "simulation: events replayed: 1,000 of" in shown
    log = run("export", "s.db", cwd=tmp_path).stdout
    (tmp_path / "log.jsonl").write_text(log, encoding="utf-8")
    shown = on_a_terminal("import", "copy.db", "log.jsonl", cwd=tmp_path)
    assert f"reading log.jsonl: {log.count(chr(10)):,} lines" in shown
    assert "events replayed: 1,000 of" in shown
    lines = log.splitlines(keepends=True)
    assert len(lines) > 1010
    del lines[-10]  # a fact removed late in the log: strict replay refuses it there
    (tmp_path / "forged.jsonl").write_text("".join(lines), encoding="utf-8")
    shown = on_a_terminal("import", "forged.db", "forged.jsonl", cwd=tmp_path, code=1)
    bar, _, refusal = shown.rpartition("\nconsensus: ")
    assert "events replayed: 1,000 of" in bar, "the bar was drawn, then ended before the reason"
    assert "forged.jsonl" in refusal
    for args in (
        ("simulate", "--seed", "2", "--years", "6", "--db", "t.db"),
        ("verify", "t.db"),
        ("import", "again.db", "log.jsonl"),
    ):
        assert run(*args, cwd=tmp_path).stderr == ""


def test_a_tampered_database_is_refused_in_one_line(simulated: Path, tmp_path: Path) -> None:
    """An edit made behind the library's back (triggers dropped) is found by verify and status."""
    copy = tmp_path / "tampered.db"
    copy.write_bytes((simulated / "sim.db").read_bytes())
    db = sqlite3.connect(copy)
    triggers = [
        row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
    ]
    for name in triggers:
        db.execute(f'DROP TRIGGER "{name}"')
    db.execute(
        "UPDATE consensus_events SET line = replace(line, 'unison', 'gmb') "
        "WHERE position = (SELECT min(position) FROM consensus_events WHERE line LIKE '%unison%')"
    )
    db.commit()
    db.close()
    for command in ("verify", "status"):
        assert "tampered.db" in run(command, str(copy), cwd=tmp_path, code=1).stderr


def test_a_file_that_is_not_ours_and_a_missing_database(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("not a database", encoding="utf-8")
    assert "notes.db" in run("verify", "notes.db", cwd=tmp_path, code=1).stderr
    assert "no such database" in run("status", "missing.db", cwd=tmp_path, code=1).stderr


def test_diagram_draws_every_workflow_from_its_declaration(tmp_path: Path) -> None:
    """One stateDiagram-v2 a workflow, from the same declaration commands use."""
    out = run("diagram", cwd=tmp_path).stdout
    assert out.count("stateDiagram-v2") == len(cs.workflow.__globals__["WORKFLOWS"])
    meeting = run("diagram", "meeting", cwd=tmp_path).stdout
    assert "convened --> in_session : open" in meeting
    assert "meeting" in run("diagram", "nonsense", cwd=tmp_path, code=1).stderr


def test_simulate_refuses_bad_years_in_one_line(tmp_path: Path) -> None:
    assert "years" in run("simulate", "--seed", "1", "--years", "0", cwd=tmp_path, code=1).stderr


def test_the_bundled_charter_is_the_examples_copy() -> None:
    """One source of truth: the packaged charter and examples/charters/ are byte-equal."""
    packaged = Path(cs.__file__).parent / "charters" / "social_care_workforce_partnership.toml"
    assert packaged.read_bytes() == CHARTER_PATH.read_bytes()
    assert cs.bundled_charter("social_care_workforce_partnership") == cs.load_charter(CHARTER_PATH)
    with pytest.raises(cs.UnknownReference, match="social_care_workforce_partnership"):
        cs.bundled_charter("nope")


def test_the_workflow_diagrams_in_the_docs_are_current() -> None:
    """docs/workflows.md is what `consensus diagram` draws: regenerate with `python -m consensus._cli`."""
    from consensus._cli import workflows_page

    page = (ROOT / "docs" / "workflows.md").read_text(encoding="utf-8")
    assert page == workflows_page(), "docs/workflows.md is stale: run python -m consensus._cli"
    assert page.count("```mermaid") == len(cs.workflow.__globals__["WORKFLOWS"])


def test_a_new_user_can_start_from_the_bundled_charter(tmp_path: Path) -> None:
    """init without --charter uses the bundled charter; report works before ratification."""
    out = run("init", "new.db", "--at", AT, cwd=tmp_path).stdout
    assert "drafted 'Social Care Workforce Partnership'" in out
    run("init", "named.db", "--charter", "social_care_workforce_partnership", cwd=tmp_path)
    report = run("report", "new.db", "--at", "2024-09-03T09:00Z", cwd=tmp_path).stdout
    assert "The partnership is forming: 0 of 7 signatories have signed." in report
    assert "comes into force when the last signatory signs" in report


def test_refused_inputs_leave_nothing_behind(tmp_path: Path) -> None:
    """A refused init writes no database; read-only commands never turn a file into one."""
    refused = run("init", "x.db", "--at", "1800-01-06T09:00Z", cwd=tmp_path, code=1).stderr
    assert "between the years 1900 and 2999" in refused
    run("init", "y.db", "--stream", "", cwd=tmp_path, code=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "no database, WAL or index left"
    (tmp_path / "empty.db").write_bytes(b"")
    for command in ("verify", "status", "log"):
        assert "an empty file" in run(command, "empty.db", cwd=tmp_path, code=1).stderr
    assert (tmp_path / "empty.db").stat().st_size == 0
    assert "a directory" in run("status", ".", cwd=tmp_path, code=1).stderr
    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    args = ("simulate", "--seed", "1", "--years", "1", "--db", "s.db", "--minutes", "taken")
    assert "taken: not a directory" in run(*args, cwd=tmp_path, code=1).stderr
    assert not (tmp_path / "s.db").exists()
    negative = run("simulate", "--seed", "-5", "--years", "1", cwd=tmp_path, code=1).stderr
    assert "0 or more" in negative


def test_status_looks_back_and_defaults_to_now(simulated: Path) -> None:
    """--at before the last event reads the log up to it; no --at is as of now."""
    early = run("status", "sim.db", "--at", "2024-09-03T12:00Z", cwd=simulated).stdout
    assert "as of 2024-09-03T13:00:00+01:00" in early
    assert "state: forming" in early
    late = run("status", "sim.db", cwd=simulated).stdout
    last = cs.Partnership.load(cs.SQLiteStore(str(simulated / "sim.db")), "simulation")
    assert f"as of {last.last_event_at.isoformat()}" not in late, "now is later than the log"
    too_early = run("status", "sim.db", "--at", "2001-01-01T00:00Z", cwd=simulated, code=1)
    assert "was drafted later" in too_early.stderr


def test_diagram_of_every_workflow_is_a_page_of_diagrams(tmp_path: Path) -> None:
    """Without a name, the diagrams come as Markdown fences (docs/workflows.md), one a workflow."""
    page = run("diagram", cwd=tmp_path).stdout
    assert page == (ROOT / "docs" / "workflows.md").read_text(encoding="utf-8")
    assert page.count("```mermaid\nstateDiagram-v2") == page.count("stateDiagram-v2")


def test_a_byte_order_mark_is_not_part_of_a_file_and_the_version_is_shown(
    simulated: Path, tmp_path: Path
) -> None:
    """Files saved by Windows Notepad begin with a BOM: charters and logs still read."""
    text = CHARTER_PATH.read_text(encoding="utf-8")
    (tmp_path / "bom.toml").write_text("\ufeff" + text, encoding="utf-8")
    assert "a valid charter" in run("charter", "check", "bom.toml", cwd=tmp_path).stdout
    log = run("export", "sim.db", cwd=simulated).stdout
    (tmp_path / "bom.jsonl").write_text("\ufeff" + log, encoding="utf-8")
    run("import", "bom.db", "bom.jsonl", cwd=tmp_path)
    assert run("export", "bom.db", cwd=tmp_path).stdout == log
    assert run("--version", cwd=tmp_path).stdout == f"consensus {cs.__version__}\n"
