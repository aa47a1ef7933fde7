"""A store in memory: for tests, examples and simulations; gone with the process."""

from __future__ import annotations

from collections.abc import Sequence
from typing import final

from ._base import GENESIS, Recorder, StoredEvent

__all__ = ["MemoryStore"]


@final
class MemoryStore(Recorder):
    """A store kept in this process's memory, with the same contract as the durable ones.

    Appends are checked and chained exactly as :class:`~consensus.SQLiteStore`
    does; nothing outlives the process. Safe to share between threads.

    Examples:
        >>> import consensus as cs
        >>> store = cs.MemoryStore()
        >>> store.streams()
        ()
        >>> store.version("scwp")
        0
    """

    def __init__(self) -> None:
        """Create an empty store."""
        super().__init__("<memory>")
        self._streams: dict[str, list[StoredEvent]] = {}
        self._snapshots: dict[str, tuple[int, str]] = {}

    def _append_rows(self, stream: str, expected_version: int, lines: Sequence[str]) -> int | None:
        rows = self._streams.get(stream, [])
        held = rows[-1].position + 1 if rows else 0
        if held != expected_version:
            return held
        previous = rows[-1].hash if rows else GENESIS
        self._streams[stream] = [*rows, *self._chain(previous, expected_version, lines)]
        return None

    def _rows(self, stream: str, start: int, stop: int | None = None) -> list[StoredEvent]:
        rows = self._streams.get(stream, [])
        if len(rows) == (rows[-1].position + 1 if rows else 0):  # untouched: index = position
            return rows[start:stop]
        return [
            row for row in rows if start <= row.position and (stop is None or row.position < stop)
        ]

    def _last(self, stream: str) -> StoredEvent | None:
        rows = self._streams.get(stream)
        return rows[-1] if rows else None

    def _stream_ids(self) -> list[str]:
        return list(self._streams)

    def _save_snapshot(self, stream: str, version: int) -> None:
        self._snapshots[stream] = max(
            self._snapshots.get(stream, (0, "")),
            (version, self._rows(stream, version - 1, version)[0].hash),
        )

    def _latest_snapshot(self, stream: str) -> tuple[int, str] | None:
        return self._snapshots.get(stream)
