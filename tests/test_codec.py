"""The JSON Lines codec: lossless, time zones kept, bad input an IntegrityError."""

from __future__ import annotations

import contextlib
import json

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import consensus as cs

from .conftest import decide


def test_round_trip_keeps_every_event_and_its_zone(active: cs.Partnership) -> None:
    """Invariant 8: decoding the encoded log gives the same events, in London time (BST kept)."""
    p = active
    decide(p, cs.Admit(party=cs.PartyRecord(id="unite", name="Unite", constituency="workers")))
    decide(p, cs.Amend(clauses={"7.2": None}, rationale="Funded."))
    text = cs.events_to_jsonl(p.events)
    decoded = cs.events_from_jsonl(text)
    assert decoded == p.events
    assert all(e.at.timezone_name == "Europe/London" for e in decoded)
    assert decoded[0].at.utcoffset().total_seconds() == 3600  # 2 September: BST
    assert cs.events_to_jsonl(decoded) == text
    assert cs.Partnership.replay(decoded) == p


def test_instants_are_stored_in_utc() -> None:
    """Each instant is written in UTC, so the text does not depend on a zone's offset."""
    event = cs.CharterSigned(at=pendulum.datetime(2025, 7, 1, 12, tz="Europe/London"), party="gmb")
    line = json.loads(cs.events_to_jsonl([event]))
    assert line == {"type": "charter.signed", "at": "2025-07-01T11:00:00+00:00", "party": "gmb"}


def test_decoded_instants_stay_aware_after_arithmetic(active: cs.Partnership) -> None:
    """A decoded instant is a pendulum DateTime whose .add() keeps its zone."""
    decoded = cs.events_from_jsonl(cs.events_to_jsonl(active.events))
    later = decoded[-1].at.add(days=1)
    assert isinstance(later, pendulum.DateTime)
    assert later.tzinfo is not None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "line 1: not JSON"),
        ("[1, 2]", "line 1: expected a JSON object, got list"),
        ('{"type": "charter.signed"}', "line 1 (charter.signed)"),
        (
            '{"type": "charter.signed", "at": "yesterday", "party": "gmb"}',
            "line 1 (charter.signed)",
        ),
        (
            '{"type": "charter.signed", "at": "2025-01-01T00:00:00", "party": "gmb"}',
            "has no UTC offset",
        ),
        (
            '{"type": "motion.proposed", "at": "2025-01-01T00:00:00+00:00", "proposal": "p-0001", "by": "gmb", "motion": {"kind": "decree"}}',
            "motion of kind 'decree', which is not registered",
        ),
        (
            '{"type": "motion.proposed", "at": "2025-01-01T00:00:00+00:00", "proposal": "p-0001", "by": "gmb", "motion": {"kind": "resolution", "title": "", "text": "x"}}',
            "line 1 (motion.proposed)",
        ),
        (
            '{"type": "partnership.exploded", "at": "2025-01-01T00:00:00+00:00"}',
            "unknown event type 'partnership.exploded'",
        ),
        ('{"at": "2025-01-01T00:00:00+00:00"}', "unknown event type None"),
    ],
)
def test_bad_lines_are_integrity_errors(text: str, message: str) -> None:
    """A line that is not an event the library wrote raises IntegrityError naming the line."""
    with pytest.raises(cs.IntegrityError) as caught:
        cs.events_from_jsonl(text)
    assert message in str(caught.value)


def test_encoding_refuses_what_is_not_an_event() -> None:
    """Only consensus events are encoded."""
    with pytest.raises(cs.IntegrityError, match="event #0 is not a consensus event"):
        cs.events_to_jsonl([{"type": "charter.signed"}])  # type: ignore[list-item]


@given(st.text(max_size=200))
def test_any_text_decodes_or_raises_integrity_error(text: str) -> None:
    """Whatever the text, decoding gives events or an IntegrityError, nothing else."""
    with contextlib.suppress(cs.IntegrityError):
        cs.events_from_jsonl(text)


def test_an_unknown_zone_in_a_log_is_an_integrity_error(active: cs.Partnership) -> None:
    """A log whose charter names a zone that does not exist is refused as such."""
    first, *rest = cs.events_to_jsonl(active.events).splitlines()
    first = first.replace('"timezone":"Europe/London"', '"timezone":"Europe/Atlantis"')
    with pytest.raises(
        cs.IntegrityError, match="time zone 'Europe/Atlantis' is not an IANA time zone"
    ):
        cs.events_from_jsonl("\n".join([first, *rest]))
