"""Hypothesis strategies for the values a partnership is built from."""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

from .._charter import AdvisorRecord, Charter, Constituency, PartyRecord
from ._charters import sample_charter

__all__ = ["charters"]

# Zones with a daylight-saving change, none, a half-hour offset and one far east.
_ZONES = ("Europe/London", "UTC", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham")
_QUORUMS: tuple[str | int, ...] = ("every-required-constituency", "all-members", 1, 2, 4, 9)
_KINDS = ("amend", "admit", "resolution", "consult", "conclude_review", "dissolve")


@st.composite
def _charters(draw: st.DrawFn) -> Charter:
    count = draw(st.integers(1, 3), label="constituencies")
    constituencies = tuple(Constituency(id=f"side-{i}", name=f"Side {i}") for i in range(count))
    ids = [c.id for c in constituencies]
    required = draw(st.lists(st.sampled_from(ids), unique=True), label="required")
    sides = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=6), label="signatories")
    signatories = tuple(
        PartyRecord(id=f"party-{i}", name=f"Party {i}", constituency=side)
        for i, side in enumerate(sides)
    )
    chair = draw(st.sampled_from([s.id for s in signatories]), label="chair")
    advisors = tuple(
        AdvisorRecord(id=f"adviser-{i}", name=f"Adviser {i}")
        for i in range(draw(st.integers(0, 3), label="advisors"))
    )
    built_in = ("unanimity", "consent")
    rule = draw(st.sampled_from(built_in), label="rule")
    rules = draw(
        st.dictionaries(st.sampled_from(_KINDS), st.sampled_from(built_in), max_size=2),
        label="rules",
    )
    base = sample_charter(rule=rule, rules=rules, timezone=draw(st.sampled_from(_ZONES)))
    return attrs.evolve(
        base,
        constituencies=constituencies,
        required_constituencies=tuple(required),
        signatories=signatories,
        chair=chair,
        advisors=advisors,
        clauses=base.clauses[: draw(st.integers(1, len(base.clauses)), label="clauses")],
        review_period_months=draw(st.integers(1, 24), label="review period"),
        review_grace_months=draw(st.integers(0, 6), label="grace"),
        meeting_quorum=draw(st.sampled_from(_QUORUMS), label="quorum"),
        between_meetings=draw(st.booleans(), label="between meetings"),
    )


def charters() -> st.SearchStrategy[Charter]:
    """Valid charters of many shapes, for property tests of tools and extensions.

    One to three constituencies, any of them required (even one no signatory
    belongs to); one to six signatories; any of them chairs; no advisors or up
    to three; the built-in rules, sometimes a rule per kind of motion; time
    zones with and without daylight saving and with odd offsets; any meeting
    quorum (a number larger than the membership too), with or without
    decisions between meetings; review periods of 1 to 24 months.

    Returns:
        A hypothesis strategy of :class:`~consensus.Charter` values at version 1.

    Examples:
        >>> import pendulum
        >>> from hypothesis import given, settings
        >>> import consensus as cs
        >>> @settings(max_examples=20, database=None)
        ... @given(charter=charters())
        ... def test_signing_forms_every_charter(charter):
        ...     at = pendulum.datetime(2025, 1, 6, 9, tz=charter.timezone)
        ...     p = cs.Partnership.draft(charter, clock=cs.SimulatedClock(at))
        ...     for party in charter.signatories:
        ...         p.sign(by=party.id)
        ...     assert p.state == "active"
        >>> test_signing_forms_every_charter()
    """
    return _charters()
