"""A pytest plugin for scripts/_mutation.py: which tests run which lines.

Loaded with ``-p _mutation_plugin`` (scripts/ on the path) before any test
module imports consensus, it measures coverage with one context per test (its
node id; code that a test file runs as it is collected under
``collect:`` and the file; code that runs when consensus is imported, under
the empty context) and
records how long each test took, so that a mutant runs only the tests that
reach its line, quickest first. ``MUTATION_MAP`` names the directory to write.

Before each test it empties consensus's ``functools`` caches: the body of a
cached function runs only for the first test that calls it, and the map
would otherwise name that test alone as reaching lines that every later
caller depends on.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import coverage
import pytest

_OUT = Path(os.environ["MUTATION_MAP"])
_COVERAGE = coverage.Coverage(
    data_file=str(_OUT / "coverage"), source=[os.environ["MUTATION_SOURCE"]], branch=False
)
_COVERAGE.start()
_DURATIONS: dict[str, float] = {}


def _empty_caches() -> None:
    for name, module in list(sys.modules.items()):
        if name != "consensus" and not name.startswith("consensus."):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    _empty_caches()
    _COVERAGE.switch_context(item.nodeid)
    began = time.perf_counter()
    try:
        return (yield)
    finally:
        _DURATIONS[item.nodeid] = time.perf_counter() - began
        _COVERAGE.switch_context("")


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[object]:
    """Code a test module runs when imported counts as reached by that file's tests."""
    if not isinstance(collector, pytest.File):
        return (yield)
    _COVERAGE.switch_context(f"collect:{collector.nodeid}")
    try:
        return (yield)
    finally:
        _COVERAGE.switch_context("")


def pytest_sessionfinish() -> None:
    _COVERAGE.stop()
    _COVERAGE.save()
    (_OUT / "durations.json").write_text(json.dumps(_DURATIONS), encoding="utf-8")
