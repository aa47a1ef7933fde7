"""A store in a PostgreSQL database, on ``psycopg`` 3 (``pip install consensus-mou[postgres]``).

The same table as the SQLite store: a primary key on ``(stream, position)``
does the optimistic concurrency (two writers who read the same version both
insert that position; the second gets a unique violation and its transaction
is rolled back), and triggers refuse UPDATE, DELETE and TRUNCATE. One
database serves many partnerships, a stream each.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from typing import Any, Final, final

from .._errors import InvalidArgument, PersistenceError
from ._base import GENESIS, Recorder, StoredEvent, wrap

__all__ = ["PostgresStore"]

FORMAT: Final = "consensus event store"
SCHEMA_VERSION: Final = 1
_LOCK_KEY: Final = 0x434E5331  # serialises creating the schema

_SCHEMA: Final = (
    "CREATE TABLE consensus_store (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"INSERT INTO consensus_store (key, value) VALUES ('format', '{FORMAT}'), "
    f"('schema', '{SCHEMA_VERSION}')",
    """CREATE TABLE consensus_events (
        stream TEXT NOT NULL,
        position BIGINT NOT NULL CHECK (position >= 0),
        line TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (stream, position)
    )""",
    """CREATE FUNCTION consensus_events_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'consensus_events is append-only: a stored event is never changed or removed';
    END $$""",
    """CREATE TRIGGER consensus_events_no_change BEFORE UPDATE OR DELETE ON consensus_events
    FOR EACH ROW EXECUTE FUNCTION consensus_events_refuse()""",
    """CREATE TRIGGER consensus_events_no_truncate BEFORE TRUNCATE ON consensus_events
    FOR EACH STATEMENT EXECUTE FUNCTION consensus_events_refuse()""",
    """CREATE TABLE consensus_snapshots (
        stream TEXT NOT NULL,
        version BIGINT NOT NULL CHECK (version > 0),
        hash TEXT NOT NULL,
        PRIMARY KEY (stream, version)
    )""",
    """CREATE TRIGGER consensus_snapshots_no_update BEFORE UPDATE ON consensus_snapshots
    FOR EACH ROW EXECUTE FUNCTION consensus_events_refuse()""",
)


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise PersistenceError(
            "PostgresStore needs psycopg 3: pip install 'consensus-mou[postgres]'"
        ) from None
    return psycopg


def _redacted(dsn: str, psycopg: Any) -> str:
    try:
        params = psycopg.conninfo.conninfo_to_dict(dsn)
    except Exception:
        raise InvalidArgument("dsn", "<not shown>", "a PostgreSQL connection string") from None
    params.pop("password", None)
    return str(psycopg.conninfo.make_conninfo(**params)) or "<default PostgreSQL server>"


@final
class PostgresStore(Recorder):
    """A store in a PostgreSQL database: the same contract as :class:`~consensus.SQLiteStore`.

    The tables (``consensus_store``, ``consensus_events``) are created on
    first use; a database that holds a ``consensus_events`` table that is not
    ours is refused. Errors name the DSN without its password. The store
    holds one connection, shared by threads under a lock; open one store per
    process.

    Args:
        dsn: a libpq connection string or URI (``postgresql://user@host/db``).
        timeout: seconds to wait for the server to accept a connection.

    Raises:
        PersistenceError: psycopg is not installed, the server cannot be
            reached, or the database holds tables of that name that are not a
            consensus store.
        InvalidArgument: ``dsn`` is not a connection string.

    Examples:
        >>> import consensus as cs
        >>> try:
        ...     cs.PostgresStore("postgresql://nobody@/db?host=/nonexistent", timeout=1)
        ... except cs.PersistenceError as err:
        ...     print(str(err)[:61])
        user=nobody dbname=db host=/nonexistent: could not connect: O
    """

    def __init__(self, dsn: str, *, timeout: float = 10.0) -> None:
        """Connect to ``dsn`` and create the store's tables if the database has none."""
        if type(dsn) is not str or "\x00" in dsn:
            raise InvalidArgument("dsn", dsn, "a PostgreSQL connection string")
        if type(timeout) not in (int, float) or not 0 < timeout < 3600:
            raise InvalidArgument("timeout", timeout, "seconds, more than 0 and under an hour")
        self._psycopg = _psycopg()
        super().__init__(_redacted(dsn, self._psycopg))
        self._dsn = dsn
        self._timeout = timeout
        self._lock = threading.RLock()
        self._db: Any = None
        self._connect()
        self._create_or_check()

    def _connect(self) -> Any:
        if self._db is not None and not self._db.closed and not self._db.broken:
            return self._db
        with wrap(self._location, "connect"):
            self._db = self._psycopg.connect(
                self._dsn, connect_timeout=max(1, int(self._timeout)), autocommit=False
            )
        return self._db

    def _create_or_check(self) -> None:
        db = self._connect()
        with wrap(self._location, "create or check the store's tables"), db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            found = db.execute(
                "SELECT to_regclass('consensus_events') IS NOT NULL, "
                "to_regclass('consensus_store') IS NOT NULL"
            ).fetchone()
            if not found[0] and not found[1]:
                for statement in _SCHEMA:
                    db.execute(statement)
                return
            marker = (
                dict(db.execute("SELECT key, value FROM consensus_store").fetchall())
                if found[1]
                else {}
            )
        if marker.get("format") != FORMAT:
            raise PersistenceError(
                f"{self._location} holds tables named consensus_* that are not a consensus "
                "store; refusing to use them, nothing was written",
                store=self._location,
            )
        if marker.get("schema") != str(SCHEMA_VERSION):
            raise PersistenceError(
                f"{self._location} is a consensus store of schema {marker.get('schema')!r}; "
                f"this consensus reads schema {SCHEMA_VERSION}",
                store=self._location,
            )

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        with self._lock:
            if self._db is not None:
                self._db.close()

    def __del__(self) -> None:
        # A store left to the garbage collector closes its connection quietly.
        db = getattr(self, "_db", None)
        if db is not None:
            with contextlib.suppress(Exception):
                db.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- primitives

    def _append_rows(self, stream: str, expected_version: int, lines: Sequence[str]) -> int | None:
        unique = self._psycopg.errors.UniqueViolation
        db = self._connect()
        with wrap(self._location, f"append to stream {stream!r}", stream):
            try:
                with db.transaction():
                    last = db.execute(
                        "SELECT position, hash FROM consensus_events WHERE stream = %s "
                        "ORDER BY position DESC LIMIT 1",
                        (stream,),
                    ).fetchone()
                    held = 0 if last is None else last[0] + 1
                    if held != expected_version:
                        return int(held)
                    previous = GENESIS if last is None else last[1]
                    with db.cursor() as cursor:
                        cursor.executemany(
                            "INSERT INTO consensus_events (stream, position, line, hash) "
                            "VALUES (%s, %s, %s, %s)",
                            [
                                (stream, row.position, row.line, row.hash)
                                for row in self._chain(previous, expected_version, lines)
                            ],
                        )
            except unique:
                # Another writer inserted that position first; its version is the one held.
                last = self._last(stream)
                return 0 if last is None else last.position + 1
        return None

    def _rows(self, stream: str, start: int, stop: int | None = None) -> list[StoredEvent]:
        db = self._connect()
        with wrap(self._location, f"read stream {stream!r}", stream), db.transaction():
            found = db.execute(
                "SELECT position, line, hash FROM consensus_events "
                "WHERE stream = %s AND position >= %s AND position < %s ORDER BY position",
                (stream, start, 2**62 if stop is None else stop),
            ).fetchall()
        return [StoredEvent(position=p, line=line, hash=h) for p, line, h in found]

    def _last(self, stream: str) -> StoredEvent | None:
        db = self._connect()
        with wrap(self._location, f"read stream {stream!r}", stream), db.transaction():
            found = db.execute(
                "SELECT position, line, hash FROM consensus_events WHERE stream = %s "
                "ORDER BY position DESC LIMIT 1",
                (stream,),
            ).fetchone()
        return (
            None if found is None else StoredEvent(position=found[0], line=found[1], hash=found[2])
        )

    def _stream_ids(self) -> list[str]:
        db = self._connect()
        with wrap(self._location, "list the streams"), db.transaction():
            return [row[0] for row in db.execute("SELECT DISTINCT stream FROM consensus_events")]

    def _save_snapshot(self, stream: str, version: int) -> None:
        db = self._connect()
        with (
            wrap(self._location, f"save a snapshot of stream {stream!r}", stream),
            db.transaction(),
        ):
            db.execute(
                "INSERT INTO consensus_snapshots (stream, version, hash) "
                "SELECT stream, position + 1, hash FROM consensus_events "
                "WHERE stream = %s AND position = %s ON CONFLICT DO NOTHING",
                (stream, version - 1),
            )

    def _latest_snapshot(self, stream: str) -> tuple[int, str] | None:
        db = self._connect()
        with (
            wrap(self._location, f"read the snapshots of stream {stream!r}", stream),
            db.transaction(),
        ):
            found = db.execute(
                "SELECT version, hash FROM consensus_snapshots WHERE stream = %s "
                "ORDER BY version DESC LIMIT 1",
                (stream,),
            ).fetchone()
        return None if found is None else (int(found[0]), str(found[1]))
