"""The embedded default: a store in one SQLite file, on the standard library's ``sqlite3``.

The file is marked as ours (``PRAGMA application_id`` and a ``consensus_store``
row naming the format), written in WAL mode with ``synchronous=FULL`` so that
an append that returned survives a crash of the process or the machine, and
appended to under ``BEGIN IMMEDIATE`` so that two writers never both read
the same version. Triggers refuse UPDATE and DELETE of a stored event.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Sequence
from typing import Final, final

from .._errors import InvalidArgument, PersistenceError
from ._base import GENESIS, Recorder, StoredEvent, wrap

__all__ = ["SQLiteStore"]

APPLICATION_ID: Final = 0x434E5331  # "CNS1"
SCHEMA_VERSION: Final = 1
FORMAT: Final = "consensus event store"

_SCHEMA: Final = (
    "CREATE TABLE consensus_store (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    f"INSERT INTO consensus_store (key, value) VALUES ('format', '{FORMAT}'), "
    f"('schema', '{SCHEMA_VERSION}')",
    """CREATE TABLE consensus_events (
        stream TEXT NOT NULL,
        position INTEGER NOT NULL CHECK (position >= 0),
        line TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (stream, position)
    ) WITHOUT ROWID""",
    """CREATE TRIGGER consensus_events_no_update BEFORE UPDATE ON consensus_events
    BEGIN
        SELECT RAISE(ABORT, 'consensus_events is append-only: a stored event is never changed');
    END""",
    """CREATE TRIGGER consensus_events_no_delete BEFORE DELETE ON consensus_events
    BEGIN
        SELECT RAISE(ABORT, 'consensus_events is append-only: a stored event is never removed');
    END""",
    """CREATE TABLE consensus_snapshots (
        stream TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version > 0),
        hash TEXT NOT NULL,
        PRIMARY KEY (stream, version)
    ) WITHOUT ROWID""",
    """CREATE TRIGGER consensus_snapshots_no_update BEFORE UPDATE ON consensus_snapshots
    BEGIN
        SELECT RAISE(ABORT, 'consensus_snapshots is append-only: a snapshot is never changed');
    END""",
    f"PRAGMA application_id = {APPLICATION_ID}",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)


@final
class SQLiteStore(Recorder):
    """A store in one SQLite file: the embedded default, created on first use.

    One file holds many partnerships, a stream each. Safe to share between
    threads; several processes may open the same file (each with its own
    store): ``BEGIN IMMEDIATE`` and the unique ``(stream, position)`` make one
    writer win each version, and the other gets a
    :class:`~consensus.ConcurrencyError`.

    Args:
        path: the database file; created, with its schema, if it does not exist
            (``":memory:"`` for a database in memory, gone with the store).
        timeout: seconds to wait for another writer's lock before giving up
            with a :class:`~consensus.PersistenceError`.

    Raises:
        PersistenceError: the file cannot be opened or created, or it is not a
            consensus store (another application's database, or not SQLite):
            nothing is written to it.
        InvalidArgument: ``path`` is not a path, or ``timeout`` not a positive number.

    Examples:
        >>> import os, tempfile, consensus as cs
        >>> path = os.path.join(tempfile.mkdtemp(), "scwp.db")
        >>> store = cs.SQLiteStore(path)
        >>> store.streams()
        ()
        >>> store.close()
    """

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 10.0) -> None:
        """Open ``path``, creating a consensus store there if there is no file."""
        try:
            where = os.fspath(path)
        except TypeError:
            raise InvalidArgument("path", path, "a path to a database file") from None
        if type(where) is not str or not where or "\x00" in where:
            raise InvalidArgument("path", path, "a path to a database file")
        if type(timeout) not in (int, float) or not 0 < timeout < 3600:
            raise InvalidArgument("timeout", timeout, "seconds, more than 0 and under an hour")
        super().__init__(where)
        self._timeout = float(timeout)
        with wrap(where, "open the database"):
            self._db = sqlite3.connect(
                where, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        try:
            self._open()
        except BaseException:
            self._db.close()
            raise

    def _open(self) -> None:
        db = self._db
        with wrap(self._location, "read the database (is it an SQLite file?)"):
            # One read transaction: another process creating the store meanwhile
            # must not be seen half-way (its tables without its application id).
            db.execute("BEGIN")
            try:
                application_id = db.execute("PRAGMA application_id").fetchone()[0]
                tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            finally:
                db.execute("COMMIT")
        if application_id == 0 and tables == 0:
            with wrap(self._location, "create the store's tables"):
                db.execute("BEGIN IMMEDIATE")
                try:
                    # Another process may have created it meanwhile.
                    if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                        for statement in _SCHEMA:
                            db.execute(statement)
                    db.execute("COMMIT")
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
            application_id = APPLICATION_ID
        self._check_ours(application_id)
        with wrap(self._location, "set the journal mode"):
            mode = self._wal()
            db.execute("PRAGMA synchronous=FULL")
        if str(mode).lower() != ("memory" if self._location == ":memory:" else "wal"):
            raise PersistenceError(
                f"{self._location}: could not switch to WAL mode (it stays {mode})",
                store=self._location,
            )

    def _wal(self) -> str:
        """Switch to WAL (it persists in the file), waiting out another opener doing the same.

        Changing the journal mode needs the database to itself, and SQLite's
        busy timeout does not cover it: two processes opening a new store at
        once would otherwise see "database is locked".
        """
        db = self._db
        mode = str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower()
        deadline = time.monotonic() + self._timeout
        pause = 0.001
        while mode not in ("wal", "memory"):
            try:
                mode = str(db.execute("PRAGMA journal_mode=WAL").fetchone()[0]).lower()
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.05)
        return mode

    def _check_ours(self, application_id: int) -> None:
        with wrap(self._location, "read the store's format"):
            try:
                marker = dict(
                    self._db.execute("SELECT key, value FROM consensus_store").fetchall()
                )
            except sqlite3.OperationalError:
                marker = {}
            schema = self._db.execute("PRAGMA user_version").fetchone()[0]
        if application_id != APPLICATION_ID or marker.get("format") != FORMAT:
            raise PersistenceError(
                f"{self._location} is not a consensus store (another application's "
                "database); refusing to use it, nothing was written",
                store=self._location,
            )
        if schema != SCHEMA_VERSION or marker.get("schema") != str(SCHEMA_VERSION):
            raise PersistenceError(
                f"{self._location} is a consensus store of schema {marker.get('schema')!r}; "
                f"this consensus reads schema {SCHEMA_VERSION}",
                store=self._location,
            )

    def close(self) -> None:
        """Close the database connection; the store cannot be used afterwards."""
        with self._lock:
            self._db.close()

    def __del__(self) -> None:
        # A store left to the garbage collector closes its connection quietly.
        db = getattr(self, "_db", None)
        if db is not None:
            with contextlib.suppress(Exception):
                db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- primitives

    def _append_rows(self, stream: str, expected_version: int, lines: Sequence[str]) -> int | None:
        db = self._db
        with wrap(self._location, f"append to stream {stream!r}", stream):
            db.execute("BEGIN IMMEDIATE")
            try:
                last = db.execute(
                    "SELECT position, hash FROM consensus_events WHERE stream = ? "
                    "ORDER BY position DESC LIMIT 1",
                    (stream,),
                ).fetchone()
                held = 0 if last is None else last[0] + 1
                if held != expected_version:
                    db.execute("ROLLBACK")
                    return held
                previous = GENESIS if last is None else last[1]
                db.executemany(
                    "INSERT INTO consensus_events (stream, position, line, hash) "
                    "VALUES (?, ?, ?, ?)",
                    [
                        (stream, row.position, row.line, row.hash)
                        for row in self._chain(previous, expected_version, lines)
                    ],
                )
                db.execute("COMMIT")
                return None
            except sqlite3.IntegrityError:
                # The unique (stream, position): someone else holds that position.
                if db.in_transaction:
                    db.execute("ROLLBACK")
                last = self._last(stream)
                return 0 if last is None else last.position + 1
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def _rows(self, stream: str, start: int, stop: int | None = None) -> list[StoredEvent]:
        with wrap(self._location, f"read stream {stream!r}", stream):
            found = self._db.execute(
                "SELECT position, line, hash FROM consensus_events "
                "WHERE stream = ? AND position >= ? AND position < ? ORDER BY position",
                (stream, start, 2**62 if stop is None else stop),
            ).fetchall()
        return [StoredEvent(position=p, line=line, hash=h) for p, line, h in found]

    def _last(self, stream: str) -> StoredEvent | None:
        with wrap(self._location, f"read stream {stream!r}", stream):
            found = self._db.execute(
                "SELECT position, line, hash FROM consensus_events WHERE stream = ? "
                "ORDER BY position DESC LIMIT 1",
                (stream,),
            ).fetchone()
        return (
            None if found is None else StoredEvent(position=found[0], line=found[1], hash=found[2])
        )

    def _stream_ids(self) -> list[str]:
        with wrap(self._location, "list the streams"):
            return [
                row[0] for row in self._db.execute("SELECT DISTINCT stream FROM consensus_events")
            ]

    def _save_snapshot(self, stream: str, version: int) -> None:
        with wrap(self._location, f"save a snapshot of stream {stream!r}", stream):
            self._db.execute(
                "INSERT OR IGNORE INTO consensus_snapshots (stream, version, hash) "
                "SELECT stream, position + 1, hash FROM consensus_events "
                "WHERE stream = ? AND position = ?",
                (stream, version - 1),
            )

    def _latest_snapshot(self, stream: str) -> tuple[int, str] | None:
        with wrap(self._location, f"read the snapshots of stream {stream!r}", stream):
            found = self._db.execute(
                "SELECT version, hash FROM consensus_snapshots WHERE stream = ? "
                "ORDER BY version DESC LIMIT 1",
                (stream,),
            ).fetchone()
        return None if found is None else (int(found[0]), str(found[1]))
