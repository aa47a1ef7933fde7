"""The partnership facade's own checks, each fed the one case it exists for.

``Partnership.draft``, ``load`` and ``replay`` check their arguments, and
replay (strict, trusted, or trusted up to a snapshot) refuses a log the
library could not have written, naming the first bad position. Each test
below gives one of those checks the case only it catches: a clock whose
attributes fail, a stream id one character too long, a store that can append
but not read, a third-party store whose ``read`` or ``save_snapshot`` fails
or whose snapshot does not match, a log whose drafted charter is invalid or
at version 2, a follow-on event where a command should begin, a log that
ends mid-command; and asserts what is refused, how (type, message, position
and note), and that nothing was read or written first. Found missing by
``scripts/mutation`` (issue 13).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import attrs
import pytest

import consensus as cs
from consensus.store import StoredEvent

#: How often, in events, replay and load report progress: "every thousand events".
EVERY = 1000


class Kept:
    """A third-party store of a test's own: a MemoryStore behind it, and a record of each call.

    ``log`` (when given) is what ``read`` returns instead of the stored log,
    ``snapshot`` is what ``latest_snapshot`` says, and ``read_error`` and
    ``save_error`` are raised by ``read`` and ``save_snapshot``.
    """

    def __init__(
        self,
        inner: cs.MemoryStore | None = None,
        *,
        location: object = "kept",
        log: Sequence[object] | None = None,
        snapshot: object = None,
        read_error: Exception | None = None,
        save_error: Exception | None = None,
    ) -> None:
        self.inner = inner if inner is not None else cs.MemoryStore()
        self.location = location
        self.log = log
        self.snapshot = snapshot
        self.read_error = read_error
        self.save_error = save_error
        self.calls: list[str] = []
        self.saved: list[tuple[str, int]] = []

    def __repr__(self) -> str:
        return "Kept()"

    def append(
        self,
        stream: str,
        events: Sequence[cs.Event],
        *,
        expected_version: int,
        registry: cs.Registry | None = None,
    ) -> int:
        self.calls.append("append")
        return self.inner.append(
            stream, events, expected_version=expected_version, registry=registry
        )

    def read(self, stream: str, *, registry: cs.Registry | None = None) -> tuple[object, ...]:
        self.calls.append("read")
        if self.read_error is not None:
            raise self.read_error
        if self.log is not None:
            return tuple(self.log)
        return self.inner.read(stream, registry=registry)

    def rows(self, stream: str, *, start: int = 0) -> tuple[StoredEvent, ...]:
        self.calls.append("rows")
        return self.inner.rows(stream, start=start)

    def latest_snapshot(self, stream: str) -> object:
        self.calls.append("latest_snapshot")
        return self.snapshot

    def save_snapshot(self, stream: str, version: int) -> None:
        self.calls.append("save_snapshot")
        if self.save_error is not None:
            raise self.save_error
        self.saved.append((stream, version))


class AppendOnly:
    """A store of a test's own that can append but has no ``read``."""

    def __init__(self) -> None:
        self.appended = 0

    def append(self, stream: str, events: Sequence[cs.Event], *, expected_version: int) -> int:
        self.appended += 1
        return expected_version + len(events)


class ReadOnly:
    """A store of a test's own that can read but has no ``append``."""

    def __init__(self) -> None:
        self.reads = 0

    def read(self, stream: str, **options: object) -> tuple[cs.Event, ...]:
        self.reads += 1
        return ()


class Unknowable:
    """A clock-like object of a caller's own whose every attribute fails."""

    def __getattr__(self, name: str) -> object:
        raise RuntimeError(f"cannot tell {name}")


def kept_log(events: Sequence[cs.Event], **options: object) -> Kept:
    """A Kept store holding ``events`` as stream ``"s"``."""
    store = cs.MemoryStore()
    store.append("s", events, expected_version=0)
    return Kept(store, **options)  # type: ignore[arg-type]


def vouched(store: Kept, version: int) -> Kept:
    """``store`` with a true snapshot of its first ``version`` events."""
    store.snapshot = (version, store.inner.rows("s")[version - 1].hash)
    return store


def stdlib_at(event: cs.Event) -> cs.Event:
    """``event`` with its instant as a plain ``datetime`` (equal, but not the library's type)."""
    at = event.at
    plain = dt.datetime(
        at.year, at.month, at.day, at.hour, at.minute, at.second, tzinfo=ZoneInfo(at.timezone_name)
    )
    forged = attrs.evolve(event, at=plain)
    assert forged == event
    return forged


def long_log(active: cs.Partnership, n: int = 1100) -> list[cs.Event]:
    """``active``'s log with ``n`` resolutions proposed after it: one event each."""
    for i in range(n):
        active.propose(cs.Resolution(title=f"Resolution {i}", text="..."), by="unison")
    return list(active.events)


# -- the clock


def test_replay_without_a_clock_takes_the_system_clock(active: cs.Partnership) -> None:
    p = cs.Partnership.replay(active.events)
    assert isinstance(p.clock, cs.SystemClock)
    assert p == active


def test_a_clock_whose_attributes_fail_is_refused(active: cs.Partnership) -> None:
    with pytest.raises(
        cs.InvalidArgument, match=r"is not a Clock \(an object with a now\(\) method\)\.$"
    ) as err:
        cs.Partnership.replay(active.events, clock=Unknowable())  # type: ignore[arg-type]
    assert err.value.argument == "clock"


@pytest.mark.parametrize("bad", [object(), "10:00", pytest])
def test_a_clock_without_now_is_refused_by_draft_replay_and_load(
    charter: cs.Charter, active: cs.Partnership, bad: object
) -> None:
    store = kept_log(active.events)
    for call in (
        lambda: cs.Partnership.draft(charter, clock=bad),  # type: ignore[arg-type]
        lambda: cs.Partnership.replay(active.events, clock=bad),  # type: ignore[arg-type]
        lambda: cs.Partnership.load(store, "s", clock=bad),  # type: ignore[arg-type]
    ):
        with pytest.raises(
            cs.InvalidArgument, match=r"is not a Clock \(an object with a now\(\) method\)\.$"
        ) as err:
            call()
        assert err.value.argument == "clock"
        assert err.value.value is bad
    assert store.calls == []


# -- progress


@pytest.mark.parametrize("trusted", [False, True])
def test_progress_is_reported_at_the_thousandth_event_and_at_the_end(
    active: cs.Partnership, trusted: bool
) -> None:
    log = long_log(active)
    calls: list[tuple[int, int]] = []
    p = cs.Partnership.replay(
        log, trusted=trusted, progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(EVERY, len(log)), (len(log), len(log))]
    assert p == active


def test_load_reports_progress_at_the_thousandth_event_and_at_the_end(
    active: cs.Partnership,
) -> None:
    log = long_log(active)
    store = kept_log(log)
    calls: list[tuple[int, int]] = []
    p = cs.Partnership.load(store, "s", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(EVERY, len(log)), (len(log), len(log))]
    assert p == active


# -- store and stream


def test_a_stream_without_a_store_is_refused(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    with pytest.raises(
        cs.InvalidArgument, match=r"is not a store to keep the stream in \(stream= needs store=\)"
    ) as err:
        cs.Partnership.draft(charter, clock=clock, stream="s")
    assert err.value.argument == "store"


def test_load_without_a_store_is_refused_as_such() -> None:
    with pytest.raises(
        cs.InvalidArgument,
        match=r"^store: None is not a consensus store \(see consensus\.EventStore\)\.$",
    ) as err:
        cs.Partnership.load(None, "s")  # type: ignore[arg-type]
    assert err.value.argument == "store"


def test_a_store_that_cannot_read_is_refused_before_it_is_written_to(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    store = AppendOnly()
    with pytest.raises(
        cs.InvalidArgument, match=r"is not a consensus store \(see consensus\.EventStore\)\.$"
    ) as err:
        cs.Partnership.draft(charter, clock=clock, store=store, stream="s")  # type: ignore[arg-type]
    assert err.value.value is store
    assert store.appended == 0


def test_a_store_that_cannot_append_is_refused_before_it_is_read() -> None:
    store = ReadOnly()
    with pytest.raises(
        cs.InvalidArgument, match=r"is not a consensus store \(see consensus\.EventStore\)\.$"
    ) as err:
        cs.Partnership.load(store, "s")  # type: ignore[arg-type]
    assert err.value.value is store
    assert store.reads == 0


def test_a_stream_id_of_200_characters_is_taken_and_of_201_refused_before_the_store_is_asked(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    store = Kept()
    cs.Partnership.draft(charter, clock=clock, store=store, stream="s" * 200)  # type: ignore[arg-type]
    assert store.calls == ["append"]
    assert store.inner.version("s" * 200) == 1
    store.calls.clear()
    for call in (
        lambda: cs.Partnership.draft(charter, clock=clock, store=store, stream="s" * 201),  # type: ignore[arg-type]
        lambda: cs.Partnership.load(store, "s" * 201),  # type: ignore[arg-type]
    ):
        with pytest.raises(
            cs.InvalidArgument, match="is not a stream id: printable text of 1 to 200 characters"
        ) as err:
            call()
        assert err.value.argument == "stream"
    assert store.calls == []
    assert store.inner.streams() == ("s" * 200,)


# -- registry, charter, and the order of checks


def test_a_registry_of_the_wrong_kind_is_refused_as_such(
    charter: cs.Charter, clock: cs.SimulatedClock, active: cs.Partnership
) -> None:
    store = kept_log(active.events)
    for call in (
        lambda: cs.Partnership.draft(charter, clock=clock, registry="default"),  # type: ignore[arg-type]
        lambda: cs.Partnership.replay(active.events, registry="default"),  # type: ignore[arg-type]
        lambda: cs.Partnership.load(store, "s", registry="default"),  # type: ignore[arg-type]
    ):
        with pytest.raises(cs.InvalidArgument, match=r"is not a consensus\.Registry\.$") as err:
            call()
        assert err.value.argument == "registry"
        assert err.value.expected == "a consensus.Registry"
    assert store.calls == []


def test_draft_refuses_what_is_not_a_charter_before_anything_else(
    clock: cs.SimulatedClock,
) -> None:
    store = Kept()
    with pytest.raises(
        cs.InvalidArgument, match=r"is not a consensus\.Charter \(see load_charter\)\.$"
    ) as err:
        cs.Partnership.draft(
            "charter.toml",  # type: ignore[arg-type]
            clock="10:00",  # type: ignore[arg-type]
            registry="default",  # type: ignore[arg-type]
            store=store,  # type: ignore[arg-type]
            stream="s",
        )
    assert err.value.argument == "charter"
    assert store.calls == []


def test_draft_checks_the_charter(charter: cs.Charter, clock: cs.SimulatedClock) -> None:
    store = Kept()
    with pytest.raises(cs.CharterError, match=r"^<charter>: chair: 'tuc' is not a signatory"):
        cs.Partnership.draft(
            attrs.evolve(charter, chair="tuc"), clock=clock, store=store, stream="s"
        )  # type: ignore[arg-type]
    assert store.calls == []


def test_a_partnership_takes_no_new_attributes(active: cs.Partnership) -> None:
    """A misspelt attribute cannot slip state past the log."""
    with pytest.raises(AttributeError):
        active.stat = "dissolved"  # type: ignore[attr-defined]
    assert not hasattr(active, "__dict__")


# -- load's arguments, checked before the store is read


@pytest.mark.parametrize("argument", ["trusted", "snapshots"])
@pytest.mark.parametrize("value", ["yes", 1, None])
def test_load_refuses_a_flag_that_is_not_a_bool_before_reading(
    active: cs.Partnership, argument: str, value: object
) -> None:
    store = kept_log(active.events, read_error=OSError("must not be read"))
    with pytest.raises(cs.InvalidArgument, match=r"is not True or False\.$") as err:
        cs.Partnership.load(store, "s", **{argument: value})  # type: ignore[arg-type]
    assert err.value.argument == argument
    assert store.calls == []


def test_load_refuses_a_progress_that_cannot_be_called_before_reading(
    active: cs.Partnership,
) -> None:
    store = kept_log(active.events, read_error=OSError("must not be read"))
    with pytest.raises(
        cs.InvalidArgument, match=r"is not a function of \(done, total\), or None\.$"
    ) as err:
        cs.Partnership.load(store, "s", progress=5)  # type: ignore[arg-type]
    assert err.value.argument == "progress"
    assert store.calls == []


def test_load_by_default_re_decides_every_command_and_keeps_no_snapshot(
    active: cs.Partnership,
) -> None:
    """A log that only trusted replay takes is refused by a plain load, which saves no snapshot."""
    forged = list(active.events)
    forged[1] = stdlib_at(forged[1])
    store = kept_log(active.events, log=forged)
    with pytest.raises(
        cs.IntegrityError, match=r"^kept, stream 's': event #1: the log holds"
    ) as err:
        cs.Partnership.load(store, "s")  # type: ignore[arg-type]
    assert err.value.position == 1
    assert store.calls == ["read"]
    assert cs.Partnership.load(store, "s", trusted=True) == active  # type: ignore[arg-type]
    memory = store.inner
    assert cs.Partnership.load(memory, "s") == active
    assert memory.latest_snapshot("s") is None


# -- a third-party store that fails


def test_a_store_whose_read_fails_in_its_own_way_raises_persistence_error(
    active: cs.Partnership,
) -> None:
    failure = OSError("disk gone")
    store = kept_log(active.events, read_error=failure)
    with pytest.raises(
        cs.PersistenceError,
        match=r"^the store Kept\(\) failed to read stream 's': OSError: disk gone$",
    ) as err:
        cs.Partnership.load(store, "s")  # type: ignore[arg-type]
    assert type(err.value) is cs.PersistenceError
    assert err.value.stream == "s"
    assert err.value.__cause__ is failure


def test_a_store_whose_read_raises_a_consensus_error_raises_it_as_it_is(
    active: cs.Partnership,
) -> None:
    failure = cs.PersistenceError("locked", store="kept", stream="s")
    store = kept_log(active.events, read_error=failure)
    with pytest.raises(cs.PersistenceError) as err:
        cs.Partnership.load(store, "s")  # type: ignore[arg-type]
    assert err.value is failure


def test_a_store_whose_save_snapshot_fails_in_its_own_way_raises_persistence_error(
    active: cs.Partnership,
) -> None:
    failure = OSError("disk full")
    store = kept_log(active.events, save_error=failure)
    with pytest.raises(
        cs.PersistenceError,
        match=r"^the store Kept\(\) failed to save a snapshot of stream 's': OSError: disk full$",
    ) as err:
        cs.Partnership.load(store, "s", snapshots=True)  # type: ignore[arg-type]
    assert type(err.value) is cs.PersistenceError
    assert err.value.stream == "s"
    assert err.value.__cause__ is failure
    assert store.calls == ["read", "latest_snapshot", "save_snapshot"]


def test_a_store_whose_save_snapshot_raises_a_consensus_error_raises_it_as_it_is(
    active: cs.Partnership,
) -> None:
    failure = cs.PersistenceError("quota exceeded", store="kept", stream="s")
    store = kept_log(active.events, save_error=failure)
    with pytest.raises(cs.PersistenceError) as err:
        cs.Partnership.load(store, "s", snapshots=True)  # type: ignore[arg-type]
    assert err.value is failure


@pytest.mark.parametrize("location", ["shelf-7", 42, None])
def test_a_log_refused_on_load_names_the_store_its_stream_and_the_event(
    active: cs.Partnership, location: object
) -> None:
    """The store is named by its location when that is text, else by its repr."""
    store = Kept(location=location, log=active.events[1:])
    where = location if type(location) is str else "Kept()"
    with pytest.raises(cs.IntegrityError) as err:
        cs.Partnership.load(store, "s")  # type: ignore[arg-type]
    assert str(err.value) == f"{where}, stream 's': a log must begin with partnership.drafted"
    assert err.value.store == where
    assert err.value.stream == "s"
    assert err.value.position == 0
    assert err.value.__notes__ == ["while applying event #0 charter.signed"]


# -- snapshots


def test_a_first_snapshot_is_saved_even_of_a_stream_of_one_event(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    store = cs.MemoryStore()
    p = cs.Partnership.draft(charter, clock=clock, store=store, stream="s")
    assert store.latest_snapshot("s") is None
    assert cs.Partnership.load(store, "s", clock=clock, snapshots=True) == p
    assert store.latest_snapshot("s") == (1, store.head("s"))


@pytest.mark.parametrize(
    "snapshot",
    [(0, "zero"), (5, "beyond"), ("1", "text"), (True, "bool"), (1, "not the hash")],
    ids=["version 0", "beyond the log", "version as text", "version as bool", "hash differs"],
)
def test_a_snapshot_that_does_not_match_vouches_for_nothing(
    charter: cs.Charter, clock: cs.SimulatedClock, snapshot: tuple[object, str]
) -> None:
    """The log is replayed strictly and a true snapshot saved in its place."""
    memory = cs.MemoryStore()
    p = cs.Partnership.draft(charter, clock=clock, store=memory, stream="s")
    store = Kept(memory, snapshot=snapshot)
    assert cs.Partnership.load(store, "s", clock=clock, snapshots=True) == p  # type: ignore[arg-type]
    assert store.saved == [("s", 1)]


def test_a_matching_snapshot_of_the_whole_log_is_not_saved_again(
    charter: cs.Charter, clock: cs.SimulatedClock
) -> None:
    memory = cs.MemoryStore()
    p = cs.Partnership.draft(charter, clock=clock, store=memory, stream="s")
    store = Kept(memory, snapshot=(1, memory.head("s")))
    assert cs.Partnership.load(store, "s", clock=clock, snapshots=True) == p  # type: ignore[arg-type]
    assert store.saved == []
    assert store.calls == ["read", "latest_snapshot", "rows"]


def test_the_events_before_a_snapshot_of_two_are_applied_without_re_deciding(
    active: cs.Partnership,
) -> None:
    """Event #1 is trusted below a snapshot at 2, and re-decided without one (or with one at 1)."""
    forged = list(active.events)
    forged[1] = stdlib_at(forged[1])
    trusting = vouched(kept_log(active.events, log=forged), 2)
    assert cs.Partnership.load(trusting, "s", snapshots=True) == active  # type: ignore[arg-type]
    assert trusting.saved == [("s", len(forged))]
    for store in (
        vouched(kept_log(active.events, log=forged), 1),
        kept_log(active.events, log=forged),
    ):
        with pytest.raises(cs.IntegrityError, match=r"^kept, stream 's': event #1: the log holds"):
            cs.Partnership.load(store, "s", snapshots=True)  # type: ignore[arg-type]
        assert store.saved == []


def test_the_events_after_a_snapshot_are_still_re_decided(
    active: cs.Partnership,
) -> None:
    forged = list(active.events)
    forged[2] = stdlib_at(forged[2])
    store = vouched(kept_log(active.events, log=forged), 2)
    calls: list[tuple[int, int]] = []
    with pytest.raises(cs.IntegrityError) as err:
        cs.Partnership.load(
            store,  # type: ignore[arg-type]
            "s",
            snapshots=True,
            progress=lambda done, total: calls.append((done, total)),
        )
    assert err.value.position == 2
    assert err.value.__notes__ == ["while applying event #2 charter.signed"]
    assert calls == []
    assert store.saved == []


# -- strict replay: the first event


def test_a_log_must_begin_with_partnership_drafted(active: cs.Partnership) -> None:
    with pytest.raises(
        cs.IntegrityError, match=r"^a log must begin with partnership\.drafted\n"
    ) as err:
        cs.Partnership.replay(active.events[1:])
    assert err.value.position == 0
    assert err.value.__notes__ == ["while applying event #0 charter.signed"]


def test_a_drafted_event_must_hold_a_charter(active: cs.Partnership) -> None:
    log = [attrs.evolve(active.events[0], charter="charter.toml")]
    for trusted in (False, True):
        with pytest.raises(
            cs.IntegrityError,
            match=r"^partnership\.drafted holds 'charter\.toml', not a Charter\n",
        ) as err:
            cs.Partnership.replay(log, trusted=trusted)
        assert err.value.position == 0
        assert err.value.__notes__ == ["while applying event #0 partnership.drafted"]


def test_a_drafted_charter_is_checked(charter: cs.Charter, active: cs.Partnership) -> None:
    log = [attrs.evolve(active.events[0], charter=attrs.evolve(charter, chair="tuc"))]
    with pytest.raises(
        cs.IntegrityError,
        match=r"^partnership\.drafted cannot begin a log: <log>: chair: 'tuc' is not a signatory",
    ) as err:
        cs.Partnership.replay(log, trusted=True)
    assert err.value.position == 0
    assert err.value.__notes__ == ["while applying event #0 partnership.drafted"]


def test_a_log_drafted_at_charter_version_2_is_refused(
    charter: cs.Charter, active: cs.Partnership
) -> None:
    log = [attrs.evolve(active.events[0], charter=attrs.evolve(charter, version=2))]
    with pytest.raises(
        cs.IntegrityError,
        match=(
            r"^partnership\.drafted cannot begin a log: "
            r"a partnership is drafted at charter version 1, not 2\n"
        ),
    ) as err:
        cs.Partnership.replay(log)
    assert err.value.position == 0
    assert err.value.__notes__ == ["while applying event #0 partnership.drafted"]


# -- strict replay: the commands


def test_strict_replay_refuses_an_instant_of_another_type_though_equal(
    active: cs.Partnership,
) -> None:
    forged = list(active.events)
    forged[1] = stdlib_at(forged[1])
    with pytest.raises(
        cs.IntegrityError,
        match=(
            r"^event #1: the log holds CharterSigned\(at=datetime\.datetime\(.* "
            r"where the command of event #1 makes CharterSigned\(at=DateTime\("
        ),
    ) as err:
        cs.Partnership.replay(forged)
    assert err.value.position == 1
    assert err.value.__notes__ == ["while applying event #1 charter.signed"]
    assert cs.Partnership.replay(forged, trusted=True) == active


def test_a_follow_on_event_cannot_open_a_command(active: cs.Partnership) -> None:
    ratified = active.events[8]
    assert ratified.TYPE == "partnership.ratified"
    with pytest.raises(
        cs.IntegrityError,
        match=r"^partnership\.ratified is never the first fact of a command here\n",
    ) as err:
        cs.Partnership.replay([active.events[0], ratified])
    assert err.value.position == 1
    assert err.value.__notes__ == ["while applying event #1 partnership.ratified"]


def test_what_is_not_an_event_is_named_cut_to_300_characters(active: cs.Partnership) -> None:
    shown = "'" + "x" * 279 + "…" + "x" * 9 + "'"
    assert len(shown) == 291
    for trusted, problem in (
        (False, "is not a consensus event"),
        (True, "cannot follow partnership.drafted"),
    ):
        with pytest.raises(cs.IntegrityError) as err:
            cs.Partnership.replay([active.events[0], "x" * 1000], trusted=trusted)
        assert str(err.value) == f"{shown} {problem}"
        assert err.value.position == 1
        assert err.value.__notes__ == ["while applying event #1 str"]


def test_a_log_that_ends_mid_command_says_so(active: cs.Partnership) -> None:
    log = list(active.events)
    assert [e.TYPE for e in log[7:]] == [
        "charter.signed",
        "partnership.ratified",
        "review.scheduled",
    ]
    with pytest.raises(cs.IntegrityError) as err:
        cs.Partnership.replay(log[:-1])
    assert str(err.value).startswith(
        "event #9: the log ends where the command of event #7 makes ReviewScheduled("
    )
    assert err.value.position == 9
    assert err.value.__notes__ == ["while applying event #9 NoneType"]


def test_a_log_that_differs_mid_command_names_what_it_holds(active: cs.Partnership) -> None:
    log = list(active.events)
    with pytest.raises(cs.IntegrityError) as err:
        cs.Partnership.replay([*log[:8], log[9], log[8]])
    assert str(err.value).startswith("event #8: the log holds ReviewScheduled(")
    assert "where the command of event #7 makes PartnershipRatified(" in str(err.value)
    assert err.value.position == 8
    assert err.value.__notes__ == ["while applying event #8 review.scheduled"]


# -- trusted replay


def test_trusted_replay_refuses_time_running_backwards(active: cs.Partnership) -> None:
    log = active.events
    assert log[2].at > log[1].at
    with pytest.raises(cs.IntegrityError, match=r"^time runs backwards at event #2\n") as err:
        cs.Partnership.replay([log[0], log[2], log[1]], trusted=True)
    assert err.value.position == 2
    assert err.value.__notes__ == ["while applying event #2 charter.signed"]


def test_trusted_replay_checks_the_event_after_the_draft(active: cs.Partnership) -> None:
    log = active.events
    with pytest.raises(
        cs.IntegrityError, match=r"^PartnershipDrafted\(.* cannot follow partnership\.drafted\n"
    ) as err:
        cs.Partnership.replay([log[0], log[0], *log[1:]], trusted=True)
    assert err.value.position == 1
    assert err.value.__notes__ == ["while applying event #1 partnership.drafted"]
