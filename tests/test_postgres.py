"""The PostgreSQL store, on a real server the session starts from the pgserver wheel."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pendulum
import psycopg
import pytest

import consensus as cs
from consensus.testing import StoreContract

_schemas = itertools.count(1)


def in_schema(dsn: str, schema: str) -> str:
    """``dsn`` with its search path set to ``schema`` (created if missing): a fresh, empty store."""
    with psycopg.connect(dsn, autocommit=True) as db:
        db.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    return psycopg.conninfo.make_conninfo(dsn, options=f"-c search_path={schema}")


def pg_tamper(dsn: str, stream: str, rows: Sequence[cs.StoredEvent]) -> None:
    """Rewrite a stream's rows with raw SQL, the append-only triggers disabled meanwhile."""
    with psycopg.connect(dsn) as db, db.transaction():
        db.execute("ALTER TABLE consensus_events DISABLE TRIGGER USER")
        db.execute("DELETE FROM consensus_events WHERE stream = %s", (stream,))
        with db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO consensus_events (stream, position, line, hash) VALUES (%s, %s, %s, %s)",
                [(stream, row.position, row.line, row.hash) for row in rows],
            )
        db.execute("ALTER TABLE consensus_events ENABLE TRIGGER USER")


class TestPostgresStore(StoreContract):
    """The PostgreSQL store passes the store contract, tampered with by raw SQL."""

    @pytest.fixture(autouse=True)
    def _server(self, postgres_dsn: str) -> None:
        self.server = postgres_dsn
        self.dsns: dict[int, str] = {}

    def make_store(self) -> cs.EventStore:
        dsn = in_schema(self.server, f"contract_{next(_schemas)}")
        store = cs.PostgresStore(dsn)
        self.dsns[id(store)] = dsn
        return store

    def tamper(self, store: cs.EventStore, stream: str, rows: Sequence[cs.StoredEvent]) -> None:
        pg_tamper(self.dsns[id(store)], stream, rows)

    def reopen(self, store: cs.EventStore) -> cs.EventStore:
        reopened = cs.PostgresStore(self.dsns[id(store)])
        self.dsns[id(reopened)] = self.dsns[id(store)]
        return reopened


def test_postgres_refuses_update_delete_and_truncate(
    postgres_dsn: str, charter: cs.Charter
) -> None:
    """The triggers refuse UPDATE, DELETE and TRUNCATE of stored events, even with raw SQL."""
    dsn = in_schema(postgres_dsn, "append_only")
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    cs.Partnership.draft(charter, clock=clock, store=cs.PostgresStore(dsn), stream="scwp")
    for statement in (
        "UPDATE consensus_events SET line = 'x'",
        "DELETE FROM consensus_events",
        "TRUNCATE consensus_events",
    ):
        with (
            psycopg.connect(dsn) as db,
            pytest.raises(psycopg.errors.RaiseException, match="append-only"),
        ):
            db.execute(statement)
    assert cs.PostgresStore(dsn).verify("scwp") == 1


def test_a_database_whose_tables_are_not_ours_is_refused(postgres_dsn: str) -> None:
    """A consensus_events table without our marker is refused, naming the DSN without password, and left alone."""
    dsn = in_schema(postgres_dsn, "foreign")
    with psycopg.connect(dsn, autocommit=True) as db:
        db.execute("CREATE TABLE consensus_events (id serial, note text)")
        db.execute("INSERT INTO consensus_events (note) VALUES ('theirs')")
    with pytest.raises(cs.PersistenceError, match="not a consensus store") as caught:
        cs.PostgresStore(dsn)
    assert "search_path=foreign" in str(caught.value)
    with psycopg.connect(dsn) as db:
        assert db.execute("SELECT note FROM consensus_events").fetchall() == [("theirs",)]
        assert db.execute("SELECT to_regclass('consensus_store')").fetchone() == (None,)


def test_the_password_is_never_shown(postgres_dsn: str) -> None:
    """A DSN's password does not appear in the store's location or its errors."""
    dsn = psycopg.conninfo.make_conninfo(postgres_dsn, password="s3cret-pass", connect_timeout=2)
    store = cs.PostgresStore(dsn)
    assert "s3cret-pass" not in store.location
    with pytest.raises(cs.UnknownReference) as caught:
        store.read("nope")
    assert "s3cret-pass" not in str(caught.value)


def test_a_server_that_cannot_be_reached_is_a_persistence_error() -> None:
    """No server at the DSN: PersistenceError naming it, not a driver's exception."""
    with pytest.raises(cs.PersistenceError, match="could not connect"):
        cs.PostgresStore("postgresql://nobody@/db?host=/nonexistent", timeout=1)
    with pytest.raises(cs.InvalidArgument):
        cs.PostgresStore(5)  # type: ignore[arg-type]


def test_a_server_gone_mid_session_changes_nothing(postgres_dsn: str, charter: cs.Charter) -> None:
    """The connection killed under a partnership: PersistenceError, memory unchanged; it reconnects after."""
    dsn = in_schema(postgres_dsn, "gone")
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    store = cs.PostgresStore(dsn)
    p = cs.Partnership.draft(charter, clock=clock, store=store, stream="scwp")
    pid = store._db.info.backend_pid  # type: ignore[attr-defined]
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    with pytest.raises(cs.PersistenceError) as caught:
        p.sign(by="unison")
    assert "unison cannot" in str(caught.value)
    assert len(p.events) == 1
    p.sign(by="unison")  # a new connection
    assert cs.Partnership.load(cs.PostgresStore(dsn), "scwp", clock=clock) == p
