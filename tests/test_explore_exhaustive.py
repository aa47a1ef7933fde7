"""Every state the 3-party charter can reach within ten commands, every invariant in each.

The depth-10 exploration is marked ``exhaustive``: `scripts/test` runs it in a
pytest process of its own beside the rest of the suite (it takes about three
minutes on one core); the starting states run with the suite. The
figures it finds must be the ones docs/invariants.md reports, so the page
cannot drift from what CI checked; after a change that moves them, run
``python -m pytest -m exhaustive tests/test_explore_exhaustive.py -s`` and
copy the tables it prints.
"""

from __future__ import annotations

import re

import pytest

from consensus.testing import STARTS, Exploration, explore

from .conftest import ROOT
from .test_explore import CORE as ALPHABET  # one resolution, one admission, three positions
from .test_explore import THREE

DEPTH = 10
START_DEPTH = 4
DOCS = (ROOT / "docs" / "invariants.md").read_text(encoding="utf-8")


def _documented(marker: str) -> str:
    """The table docs/invariants.md keeps between ``<!-- marker -->`` comments."""
    found = re.search(rf"<!-- {marker} -->\n(.*?)\n<!-- /{marker} -->", DOCS, re.S)
    assert found is not None, f"docs/invariants.md has no <!-- {marker} --> table"
    return found.group(1).strip()


def _clean(found: Exploration) -> None:
    assert found.complete
    details = "\n\n".join(f"{f.kind}: {f.detail}\n{f.script}" for f in found.findings)
    assert found.findings == (), details


@pytest.mark.exhaustive
def test_every_state_within_ten_commands_of_drafting_keeps_every_invariant() -> None:
    found = explore(THREE, depth=DEPTH, start="drafted", alphabet=ALPHABET)
    print(f"\n{found.table()}\n{found.replayed} replayed, {found.recovered} recovered")
    _clean(found)
    assert found.depth == DEPTH
    assert found.table() == _documented("explored-from-drafted")
    assert found.recovered > 0
    assert found.replayed >= found.states // 97


def test_every_starting_state_explores_clean_to_depth_four() -> None:
    """Not marked: about twenty seconds, so it runs with the rest of the suite."""
    rows = [
        "| starting state | states per depth | commands tried | refused |",
        "|---|---|---|---|",
    ]
    for start in STARTS:
        if start == "drafted":
            continue
        found = explore(THREE, depth=START_DEPTH, start=start, alphabet=ALPHABET)
        _clean(found)
        per_depth = ", ".join(f"{level.states:,}" for level in found.levels)
        refused = sum(level.refused for level in found.levels)
        rows.append(f"| {start} | {per_depth} | {found.commands:,} | {refused:,} |")
    table = "\n".join(rows)
    print(f"\n{table}")
    assert table == _documented("explored-from-each-start")
