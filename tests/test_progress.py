"""Progress reports from long calls: replay, load and simulate tell a caller how far they are."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import consensus as cs
from consensus._partnership._aggregate import PROGRESS_EVERY


@pytest.fixture(scope="module")
def long_log(charter: cs.Charter) -> tuple[cs.Event, ...]:
    """A simulated log of a few thousand events, long enough for several reports."""
    p = cs.simulate(charter, seed=3, years=12)
    assert len(p.events) > 2 * PROGRESS_EVERY
    return tuple(p.events)


def _check(calls: list[tuple[int, int]], total: int) -> None:
    assert calls[-1] == (total, total)
    assert all(t == total for _, t in calls)
    done = [d for d, _ in calls]
    assert done == sorted(done), "progress never goes back"
    assert len(calls) >= total // PROGRESS_EVERY
    gaps = [b - a for a, b in zip([0, *done], done, strict=False)]
    assert max(gaps) <= PROGRESS_EVERY + 50, "a report at least every thousand events or so"


@pytest.mark.parametrize("trusted", [False, True])
def test_replay_reports_progress_and_builds_the_same_partnership(
    long_log: tuple[cs.Event, ...], trusted: bool
) -> None:
    calls: list[tuple[int, int]] = []
    p = cs.Partnership.replay(
        long_log, trusted=trusted, progress=lambda done, total: calls.append((done, total))
    )
    _check(calls, len(long_log))
    assert p == cs.Partnership.replay(long_log)


@pytest.mark.parametrize("snapshots", [False, True])
def test_load_reports_progress(long_log: tuple[cs.Event, ...], snapshots: bool) -> None:
    store = cs.SQLiteStore(":memory:")
    store.append("scwp", long_log, expected_version=0)
    if snapshots:
        store.save_snapshot("scwp", len(long_log) - 500)
    calls: list[tuple[int, int]] = []
    cs.Partnership.load(
        store,
        "scwp",
        snapshots=snapshots,
        progress=lambda done, total: calls.append((done, total)),
    )
    _check(calls, len(long_log))


def test_simulate_reports_each_quarter_and_runs_the_same(charter: cs.Charter) -> None:
    calls: list[tuple[int, int]] = []
    p = cs.simulate(charter, seed=5, years=2, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(quarter, 8) for quarter in range(8)] + [(8, 8)]
    assert p.events == cs.simulate(charter, seed=5, years=2).events


@given(progress=st.sampled_from([1, "bar", object(), True]))
def test_a_progress_that_cannot_be_called_is_refused_before_anything(
    charter: cs.Charter, progress: object
) -> None:
    store = cs.MemoryStore()
    clock = cs.SimulatedClock(pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"))
    p = cs.Partnership.draft(charter, clock=clock, store=store, stream="s")
    for call in (
        lambda: cs.Partnership.replay(p.events, progress=progress),  # type: ignore[arg-type]
        lambda: cs.Partnership.load(store, "s", progress=progress),  # type: ignore[arg-type]
        lambda: cs.simulate(charter, seed=1, years=1, progress=progress),  # type: ignore[arg-type]
    ):
        with pytest.raises(cs.InvalidArgument, match="progress"):
            call()
    assert len(store.read("s")) == 1


def test_a_progress_that_fails_stops_the_call_with_a_clear_error(
    long_log: tuple[cs.Event, ...], charter: cs.Charter
) -> None:
    class Stop(Exception):
        pass

    def stop(done: int, total: int) -> None:
        raise Stop(f"{done} of {total}")

    with pytest.raises(cs.InvalidArgument, match=f"it raised Stop: {PROGRESS_EVERY} of") as err:
        cs.Partnership.replay(long_log, progress=stop)
    assert isinstance(err.value.__cause__, Stop)
    with pytest.raises(cs.InvalidArgument, match="it raised TypeError"):
        cs.simulate(charter, seed=1, years=1, progress=lambda: None)  # type: ignore[arg-type,misc]
