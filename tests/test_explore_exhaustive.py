"""Every state the 3-party charter can reach within ten commands, every invariant in each.

Marked ``exhaustive``: `scripts/test` runs it in a pytest process of its own
beside the rest of the suite (it takes about three minutes on one core). The
figures it finds must be the ones docs/invariants.md reports, so the page
cannot drift from what CI checked; after a change that moves them, run
``python -m pytest -m exhaustive tests/test_explore_exhaustive.py -s`` and
copy the tables it prints.
"""

from __future__ import annotations

import re

import pytest

import consensus as cs
from consensus.testing import STARTS, Exploration, default_alphabet, explore, sample_charter

from .conftest import ROOT

pytestmark = pytest.mark.exhaustive

THREE = sample_charter(parties=3)
OUTSIDER = cs.PartyRecord(id="outsider", name="Outsider", constituency="workers")
#: What CI explores: one resolution and one admission at most, three positions.
ALPHABET = default_alphabet(
    resolutions=1,
    admissions=1,
    positions=(cs.Position.AGREE, cs.Position.ABSTAIN, cs.Position.BLOCK),
    outsiders=(OUTSIDER,),
)
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


def test_every_state_within_ten_commands_of_drafting_keeps_every_invariant() -> None:
    found = explore(THREE, depth=DEPTH, start="drafted", alphabet=ALPHABET)
    print(f"\n{found.table()}\n{found.replayed} replayed, {found.recovered} recovered")
    _clean(found)
    assert found.depth == DEPTH
    assert found.table() == _documented("explored-from-drafted")
    assert found.recovered > 0
    assert found.replayed >= found.states // 97


def test_every_starting_state_explores_clean_to_depth_four() -> None:
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
