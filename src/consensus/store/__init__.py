"""Stores that keep partnerships' logs: one stream a partnership, hash-chained, append-only.

- :class:`EventStore`: the protocol every store satisfies, checked by
  :class:`consensus.testing.StoreContract`.
- :class:`MemoryStore`: in this process's memory.
- :class:`SQLiteStore`: one SQLite file, the embedded default.
- :class:`PostgresStore`: a PostgreSQL database (``pip install consensus-mou[postgres]``).

Each stored event is its canonical line and ``sha256(previous hash + line)``;
see ``docs/stores.md`` for the format.
"""

from ._base import EventStore as EventStore
from ._base import StoredEvent as StoredEvent
from ._base import chain_hash as chain_hash
from ._memory import MemoryStore as MemoryStore
from ._postgres import PostgresStore as PostgresStore
from ._sqlite import SQLiteStore as SQLiteStore

__all__ = [
    "EventStore",
    "MemoryStore",
    "PostgresStore",
    "SQLiteStore",
    "StoredEvent",
    "chain_hash",
]
