"""How the benchmarks measure: a stopwatch per call, figures kept by round, worker processes.

A figure keeps every sample of every round, so that a verdict can be given
on its median, its 99th percentile or its worst sample, and the spread of a
ratio shown round by round. Times are nanoseconds and sizes bytes; each
figure names the unit it is shown in.

Contenders are measured in interleaved rounds (ABAB…, the order turned each
round), so that a machine busy for a moment slows both alike. Logs that must
not share a heap (a garbage collection walks every object of its process)
live in worker processes of their own.
"""

from __future__ import annotations

import math
import multiprocessing
import statistics
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, ParamSpec, Protocol, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

#: How many base units (nanoseconds, bytes) one display unit holds.
SCALE: Mapping[str, float] = {"ns": 1.0, "µs": 1e3, "ms": 1e6, "s": 1e9, "B": 1.0}

STATISTICS = ("median", "p99", "max")


class Stopwatch(Protocol):
    """Calls ``fn(*args, **kwargs)``, perhaps timing it as ``kind``, and returns its result."""

    def __call__(
        self, kind: str, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs
    ) -> R: ...


class Laps:
    """A stopwatch that keeps the time of each call, by kind, less its own cost.

    Args:
        overhead_ns: what timing a call that does nothing costs (see :func:`calibrate`);
            subtracted from every sample so that fast baselines are not flattered.
    """

    def __init__(self, overhead_ns: int = 0) -> None:
        self.overhead_ns = overhead_ns
        self.samples: defaultdict[str, list[int]] = defaultdict(list)

    def __call__(self, kind: str, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        start = time.perf_counter_ns()
        result = fn(*args, **kwargs)
        elapsed = time.perf_counter_ns() - start
        self.samples[kind].append(max(elapsed - self.overhead_ns, 0))
        return result

    def pooled(self) -> list[int]:
        """Every sample of every kind."""
        return [sample for samples in self.samples.values() for sample in samples]


class Untimed:
    """A stopwatch that only calls: for building logs before the timing starts."""

    def __call__(self, kind: str, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        return fn(*args, **kwargs)


def calibrate(calls: int = 5_000) -> int:
    """The median cost, in ns, of timing a call through :class:`Laps` that does nothing."""
    laps = Laps()
    for _ in range(calls):
        laps("nothing", _nothing)
    return int(statistics.median(laps.samples["nothing"]))


def _nothing() -> None:
    return None


def once(fn: Callable[[], R]) -> tuple[int, R]:
    """Nanoseconds one call of ``fn`` takes, and its result (kept, so that freeing it is not timed)."""
    start = time.perf_counter_ns()
    result = fn()
    return time.perf_counter_ns() - start, result


def interleave(rounds: int, contenders: Mapping[str, Callable[[], R]]) -> dict[str, list[R]]:
    """Run each contender once a round, in an order turned by one each round (AB, BA, AB…).

    Returns:
        Each contender's results, one per round.
    """
    names = list(contenders)
    results: dict[str, list[R]] = {name: [] for name in names}
    for turn in range(rounds):
        shift = turn % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(contenders[name]())
    return results


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value at least ``fraction`` of them do not exceed."""
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)]


def statistic(values: Sequence[float], name: str) -> float:
    """``median``, ``p99`` or ``max`` of ``values``."""
    if name == "median":
        return float(statistics.median(values))
    if name == "p99":
        return float(percentile(values, 0.99))
    if name == "max":
        return float(max(values))
    raise ValueError(f"unknown statistic {name!r}; expected one of {', '.join(STATISTICS)}")


@dataclass
class Figure:
    """One measured quantity: its samples by round, in base units (ns or bytes).

    Attributes:
        name: how targets refer to it (``"command.conclude.small"``).
        label: what it measures, in words.
        unit: the unit it is shown in (``"µs"``, ``"ms"``, ``"s"``, ``"B"``).
        rounds: the samples of each round.
    """

    name: str
    label: str
    unit: str
    rounds: list[list[float]] = field(default_factory=list)

    def values(self) -> list[float]:
        """Every sample of every round."""
        return [value for samples in self.rounds for value in samples]

    def stat(self, name: str) -> float:
        """A statistic over every sample, in base units."""
        return statistic(self.values(), name)

    def by_round(self, name: str) -> list[float]:
        """The statistic of each round, in base units."""
        return [statistic(samples, name) for samples in self.rounds if samples]

    def shown(self, value: float) -> str:
        """``value`` (in base units) written in the figure's unit."""
        return show(value, self.unit)


def show(value: float, unit: str) -> str:
    """A value in base units written in ``unit``, to three significant figures or so."""
    scaled = value / SCALE[unit]
    if scaled >= 100:
        return f"{scaled:,.0f} {unit}"
    if scaled >= 10:
        return f"{scaled:.1f} {unit}"
    return f"{scaled:.2f} {unit}"


# -- worker processes


class Worker:
    """A process of its own holding one subject, whose methods the parent calls by name.

    The subject is built in the child by ``factory(*args)``, so a large log
    lives only in the child's heap, while the parent goes on (several
    workers build at once); :meth:`call` sends a method's name and
    arguments and waits for its result. A failure in the child is raised in
    the parent with the child's traceback.
    """

    def __init__(self, factory: Callable[..., object], *args: object) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, factory, args), daemon=True)
        self._process.start()
        child.close()
        self._built = False

    def call(self, method: str, *args: object) -> Any:
        """``subject.method(*args)`` in the child, once the subject is built; its result."""
        if not self._built:
            self._reply()
            self._built = True
        self._conn.send((method, args))
        return self._reply()

    def close(self) -> None:
        """Stop the child and wait for it."""
        if self._process.is_alive():
            self._conn.send(None)
            self._process.join(timeout=60)
        self._conn.close()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _reply(self) -> Any:
        try:
            status, value = self._conn.recv()
        except EOFError:
            raise RuntimeError(
                f"the benchmark worker died (exit code {self._process.exitcode})"
            ) from None
        if status == "error":
            raise RuntimeError(f"the benchmark worker failed:\n{value}")
        return value


def _serve(conn: Connection, factory: Callable[..., object], args: tuple[object, ...]) -> None:
    try:
        subject = factory(*args)
        conn.send(("ok", None))
    except BaseException:
        conn.send(("error", traceback.format_exc()))
        return
    while True:
        request = conn.recv()
        if request is None:
            return
        method, arguments = request
        try:
            conn.send(("ok", getattr(subject, method)(*arguments)))
        except BaseException:
            conn.send(("error", traceback.format_exc()))


class Isolated:
    """A subject for :class:`Worker` that runs one function: a suite in a fresh process."""

    def __init__(self, suite: Callable[..., object], *args: object) -> None:
        self.suite = suite
        self.args = args

    def run(self) -> object:
        """The suite's result."""
        return self.suite(*self.args)


def isolated(suite: Callable[..., R], *args: object) -> R:
    """Run ``suite(*args)`` in a process of its own and return what it returns."""
    with Worker(Isolated, suite, *args) as worker:
        result: R = worker.call("run")
        return result
