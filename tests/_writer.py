"""Crash and race trials with real processes, for ``tests/test_store_processes.py``.

Run as ``python -m tests._writer crash|race STORE TRIALS SEED``, where STORE is
``sqlite:PATH`` or ``postgres:DSN``. One long-lived driver process (this one,
consensus imported once) runs every trial: it forks writer processes, reads
over a pipe what each command that *returned* left in the store (its version
and the hash of its last event), kills writers with SIGKILL, and then checks
the store. It prints one JSON summary line; any problem found is listed in it.

What is checked after every trial:

- **no lost event**: every command a writer reported as returned is in the
  store, exactly (the stored hash at its version is the one reported);
- **no partial command**: the stream ends at a command boundary, either the
  last reported one or the one after it (the command in flight when the
  writer died may have committed before it could report), and then its
  events are exactly those the same command makes when run again in memory;
- **never two winners** (race): no version is reported by two writers;
- the chain verifies, and the stream loads by strict replay.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
from typing import Any

import pendulum

import consensus as cs

CHARTER = "examples/charters/social_care_workforce_partnership.toml"
START = pendulum.datetime(2024, 9, 2, 10, tz="Europe/London")


def open_store(spec: str) -> Any:
    kind, _, where = spec.partition(":")
    return cs.SQLiteStore(where) if kind == "sqlite" else cs.PostgresStore(where)


def next_command(p: cs.Partnership) -> None:
    """Run the next command of a deterministic script, a function of the state alone.

    Proposals are made, tabled, positioned by every member and concluded in
    turn; every third is an Admit, whose conclusion writes two events; the
    first commands are the signatures, the last of which writes several.
    """
    at = p.last_event_at.add(minutes=1)
    charter = p.charter
    pending = [m.party.id for m in p.memberships.values() if m.state == "pending"]
    if pending:
        p.sign(by=pending[0], at=at)
        return
    open_ones = [q for q in p.proposals.values() if q.state in ("draft", "deliberating")]
    if not open_ones:
        n = len(p.proposals) + 1
        motion: Any = (
            cs.Admit(
                party=cs.PartyRecord(id=f"union-{n}", name=f"Union {n}", constituency="workers")
            )
            if n % 3 == 0
            else cs.Resolution(title=f"Resolution {n}", text="Agreed text.")
        )
        p.propose(motion, by="unison", at=at)
        return
    proposal = open_ones[0]
    if proposal.state == "draft":
        p.table(proposal.id, by=charter.chair, at=at)
        return
    missing = sorted(p.active_members - set(proposal.positions))
    if missing:
        p.record_position(proposal.id, cs.Position.AGREE, by=missing[0], at=at)
        return
    p.conclude(proposal.id, by=charter.chair, at=at)


def write(spec: str, stream: str, report: int, commands: int) -> None:
    """A writer: load (or draft) the stream, run commands, report each that returned."""
    store = open_store(spec)
    clock = cs.SimulatedClock(START)
    if store.version(stream) == 0:
        try:
            p = cs.Partnership.draft(
                cs.load_charter(CHARTER), clock=clock, store=store, stream=stream
            )
        except cs.ConcurrencyError:
            os.write(report, f"conflict - {os.getpid()}\n".encode())
            p = cs.Partnership.load(store, stream, clock=clock)
    else:
        p = cs.Partnership.load(store, stream, clock=clock)
    done = 0
    while done < commands:
        try:
            next_command(p)
        except cs.ConcurrencyError:
            os.write(report, f"conflict - {os.getpid()}\n".encode())
            p = cs.Partnership.load(store, stream, clock=clock)
            continue
        done += 1
        row = store.rows(stream, start=len(p.events) - 1)[0]
        assert row.position == len(p.events) - 1
        os.write(report, f"{row.position + 1} {row.hash} {os.getpid()}\n".encode())


def fork_writer(spec: str, stream: str, commands: int) -> tuple[int, Any]:
    read, report = os.pipe()
    pid = os.fork()
    if pid == 0:  # the writer
        os.close(read)
        code = 0
        try:
            write(spec, stream, report, commands)
        except BaseException as err:  # reported to the driver through the exit code and stderr
            print(f"writer {os.getpid()} failed: {type(err).__name__}: {err}", file=sys.stderr)
            code = 1
        os._exit(code)
    os.close(report)
    return pid, os.fdopen(read, "r")


WRITER = "consensus-test-writer"


def writer_spec(spec: str) -> str:
    """``spec`` with PostgreSQL connections named, so the driver can find a killed writer's."""
    kind, _, where = spec.partition(":")
    if kind != "postgres":
        return spec
    import psycopg

    return f"postgres:{psycopg.conninfo.make_conninfo(where, application_name=WRITER)}"


def settle(spec: str) -> None:
    """Wait until a killed writer's transaction is over, committed or rolled back.

    SQLite: the writer's process is gone and its transaction with it. PostgreSQL:
    the server may not yet have noticed the client is gone, and a COMMIT it had
    received may still land; ending that backend (waiting up to 30 s for it)
    fixes the stream before it is checked and before the next writer reads it.
    """
    kind, _, where = spec.partition(":")
    if kind != "postgres":
        return
    import psycopg

    with psycopg.connect(where, autocommit=True) as db:
        rows = db.execute(
            "SELECT pid, pg_terminate_backend(pid, 30000) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()",
            (WRITER,),
        ).fetchall()
    if not all(ended for _, ended in rows):
        raise RuntimeError(f"a killed writer's backend did not end within 30 s: {rows}")


def check(spec: str, stream: str, returned: list[tuple[int, str]], problems: list[str]) -> int:
    """Check the stream after a trial; return its version."""
    store = open_store(spec)
    if store.version(stream) == 0 and not returned:
        return 0  # killed before the draft committed: nothing returned, nothing stored
    try:
        version = store.verify(stream)
        p = cs.Partnership.load(store, stream, clock=cs.SimulatedClock(START))
    except cs.ConsensusError as err:
        problems.append(f"{stream}: {type(err).__name__}: {err}")
        return -1
    rows = store.rows(stream)
    for reported, digest in returned:
        if reported > version or rows[reported - 1].hash != digest:
            problems.append(f"{stream}: lost the command that returned at version {reported}")
    last = max((v for v, _ in returned), default=0)
    if last and version != last:
        # The command in flight may have committed: exactly one whole command more.
        again = cs.Partnership.replay(p.events[:last], clock=cs.SimulatedClock(START))
        next_command(again)
        if version != len(again.events) or tuple(again.events) != tuple(p.events):
            problems.append(
                f"{stream}: holds {version} events after the command that returned at {last}; "
                f"the next whole command would end at {len(again.events)}"
            )
    if hasattr(store, "close"):
        store.close()
    return version


def crash(spec: str, trials: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    problems: list[str] = []
    killed_mid_run = 0
    # Where the kills landed: the command in flight committed before the kill, or not.
    landed = {"after_commit": 0, "before_commit": 0}
    for trial in range(trials):
        stream = f"crash-{trial // 10}"  # ten trials a stream: crashes pile up on one log
        pid, reports = fork_writer(writer_spec(spec), stream, commands=10_000)
        kill_after = rng.randrange(0, 12)
        returned: list[tuple[int, str]] = []
        for _ in range(kill_after):
            line = reports.readline()
            if not line:
                break
            version, digest, _ = line.split()
            if version == "conflict":
                problems.append(f"trial {trial}: a lone writer met a conflict")
                continue
            returned.append((int(version), digest))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        # The writer runs ahead of the reading above: every command it reported
        # before it died returned, whether or not this driver had read it yet.
        # (A report is one small write to a pipe, so it arrives whole or not at all.)
        for line in reports:
            version, digest, _ = line.split()
            if version == "conflict":
                problems.append(f"trial {trial}: a lone writer met a conflict")
                continue
            returned.append((int(version), digest))
        reports.close()
        settle(spec)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            killed_mid_run += 1
        else:
            problems.append(f"trial {trial}: the writer ended before it was killed ({status})")
        version = check(spec, stream, returned, problems)
        last = max((v for v, _ in returned), default=0)
        landed["after_commit" if version > last else "before_commit"] += 1
    return {"trials": trials, "killed": killed_mid_run, **landed, "problems": problems}


def race(spec: str, trials: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    problems: list[str] = []
    won = 0
    conflicts = 0
    for trial in range(trials):
        stream = f"race-{trial}"
        writers = [fork_writer(spec, stream, commands=rng.randrange(5, 25)) for _ in range(2)]
        by_version: dict[int, tuple[str, str]] = {}
        returned: list[tuple[int, str]] = []
        for pid, reports in writers:
            for line in reports:
                version, digest, who = line.split()
                if version == "conflict":
                    conflicts += 1
                    continue
                if int(version) in by_version:
                    problems.append(
                        f"{stream}: version {version} won by writers {by_version[int(version)][1]} and {who}"
                    )
                by_version[int(version)] = (digest, who)
                returned.append((int(version), digest))
            _, status = os.waitpid(pid, 0)
            reports.close()
            if status != 0:
                problems.append(f"{stream}: writer {pid} failed ({status})")
        won += len(returned)
        check(spec, stream, sorted(returned), problems)
    return {"trials": trials, "won": won, "conflicts": conflicts, "problems": problems}


def main() -> None:
    mode, spec, trials, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    summary = (crash if mode == "crash" else race)(spec, trials, seed)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
