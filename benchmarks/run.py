"""Measure the engine's costs beside plain-Python baselines of the same run, and judge them.

Run it with ``.venv/bin/python benchmarks/run.py``: ``--large`` judges a log
of a million events instead of a hundred thousand; ``--quick`` runs every
benchmark on tiny sizes, only to show that they all still run (CI does; its
figures mean nothing). docs/performance.md explains each figure.

Each figure is measured in interleaved rounds beside its baseline, each
operation timed alone (medians, 99th percentiles and worst pauses come from
all samples; the spread of a ratio from its rounds). The targets in
``benchmarks/targets.toml`` are judged on one run, each printed PASS or
FAIL. The exit status is 0 whatever the verdicts: on a shared machine timing
is noise. It is not 0 only when the benchmarks themselves fail.

The suites, each in processes of its own:

- commands (:mod:`commands`): every command through the system clock, on a
  small log and a large one, beside a minimal command;
- logs (:mod:`logs`): decode + replay against ``json.loads``, encoding,
  simulation, the invariant checks;
- memory (:mod:`memory`): bytes per event and per open proposal;
- store (:mod:`storage`): SQLite appends, and loads with and without a snapshot.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import fnmatch
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence

import commands
import judge
import logs
import memory
import storage
from measure import Figure, calibrate, isolated


@dataclasses.dataclass(frozen=True)
class Settings:
    """The sizes and rounds of a run."""

    mode: str
    small: int
    large: int
    command_rounds: int
    passes: int
    years: int
    log_rounds: int
    memory_years: int
    proposals: int
    memory_rounds: int
    stored: int
    store_rounds: int
    appends: int


QUICK = Settings(
    mode="quick (tiny sizes: every benchmark runs; the figures mean nothing)",
    small=200,
    large=600,
    command_rounds=2,
    passes=1,
    years=1,
    log_rounds=2,
    memory_years=1,
    proposals=10,
    memory_rounds=1,
    stored=300,
    store_rounds=2,
    appends=5,
)
DEFAULT = Settings(
    mode="default (the large logs hold 100,000 events; --large for a million)",
    small=1_000,
    large=100_000,
    command_rounds=15,
    passes=10,
    years=30,
    log_rounds=9,
    memory_years=30,
    proposals=200,
    memory_rounds=3,
    stored=100_000,
    store_rounds=3,
    appends=100,
)
LARGE = dataclasses.replace(
    DEFAULT,
    mode="large (the large logs hold a million events)",
    large=1_000_000,
    stored=1_000_000,
)

SUITES = ("commands", "logs", "memory", "store")


def run_suite(name: str, settings: Settings) -> tuple[list[Figure], list[str]]:
    """One suite's figures and notes."""
    if name == "commands":
        return commands.run(
            settings.small, settings.large, settings.command_rounds, settings.passes
        )
    suites: dict[str, Callable[[], list[Figure]]] = {
        "logs": lambda: isolated(logs.run, settings.years, settings.log_rounds),
        "memory": lambda: isolated(
            memory.run, settings.memory_years, settings.proposals, settings.memory_rounds
        ),
        "store": lambda: isolated(
            storage.run, settings.stored, settings.store_rounds, settings.appends
        ),
    }
    return suites[name](), []


def main(argv: Sequence[str] | None = None) -> int:
    """Run the suites, print every figure and every target's verdict; 0 whatever the verdicts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument(
        "--quick", action="store_true", help="tiny sizes: check that every benchmark runs"
    )
    size.add_argument("--large", action="store_true", help="judge logs of a million events")
    parser.add_argument(
        "--only",
        choices=SUITES,
        action="append",
        help="run only this suite (repeatable); targets on figures not measured are skipped",
    )
    parser.add_argument("--markdown", action="store_true", help="print the tables in Markdown")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else LARGE if args.large else DEFAULT
    suites = args.only or list(SUITES)

    started = time.perf_counter()
    load_before = _load()
    print(
        f"consensus benchmarks, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {load_before}"
    )
    print(f"mode: {settings.mode}")
    print(
        f"each operation timed alone with time.perf_counter_ns; what timing a call that "
        f"does nothing costs ({calibrate()} ns here) is subtracted from every sample"
    )
    figures: list[Figure] = []
    notes: list[str] = []
    for suite in suites:
        print(f"running {suite}…", file=sys.stderr, flush=True)
        measured, said = run_suite(suite, settings)
        figures += measured
        notes += said

    targets = judge.load_targets()
    if args.only:
        names = [figure.name for figure in figures]
        targets = [t for t in targets if _measured(t, names)]
    verdicts = judge.judge(targets, {figure.name: figure for figure in figures})

    print()
    print("Figures (each sample is one operation, or one whole log per round):")
    print(judge.render(judge.FIGURE_HEADERS, judge.figure_rows(figures), markdown=args.markdown))
    for note in notes:
        print(f"- {note}")
    print()
    print("Targets (benchmarks/targets.toml), judged on this run:")
    print(
        judge.render(judge.VERDICT_HEADERS, judge.verdict_rows(verdicts), markdown=args.markdown)
    )
    passed = sum(v.passed for v in verdicts)
    print(
        f"\n{passed} of {len(verdicts)} PASS; load average {_load()} at the end "
        f"({load_before} at the start); {time.perf_counter() - started:.0f} s. "
        "Timing on a shared machine is noise: the verdicts never fail a build."
    )
    return 0


def _measured(target: judge.Target, names: Sequence[str]) -> bool:
    figure = bool(fnmatch.filter(names, target.figure))
    return figure and (target.baseline is None or target.baseline in names)


def _load() -> str:
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:  # not every system reports one
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
