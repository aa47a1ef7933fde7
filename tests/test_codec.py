"""The JSON Lines codec: lossless, time zones kept, bad input an IntegrityError."""

from __future__ import annotations

import contextlib
import json
from typing import Any

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


# -- pointed tests: each refusal and each shape of the codec (found by scripts/mutation)

AT = "2025-01-01T00:00:00+00:00"


def _lines(p: cs.Partnership) -> list[dict[str, object]]:
    return [json.loads(line) for line in cs.events_to_jsonl(p.events).splitlines()]


def _text(lines: list[dict[str, object]]) -> str:
    return "".join(json.dumps(line) + "\n" for line in lines)


def _refused(text: str, message: str) -> None:
    with pytest.raises(cs.IntegrityError) as caught:
        cs.events_from_jsonl(text)
    assert message in str(caught.value), str(caught.value)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            {"type": "charter.signed", "at": 5, "party": "gmb"},
            "expected an ISO 8601 instant, got 5",
        ),
        (
            {"type": "charter.signed", "at": AT, "party": 5},
            "line 1 (charter.signed): expected text",
        ),
        ({"type": "charter.signed", "at": AT, "party": "\ud800"}, "holds a lone surrogate"),
        ({"type": "charter.signed", "at": AT, "party": "gmb", "x": 1}, "unexpected keys ['x']"),
        ({"type": "charter.signed", "at": AT}, "required field missing"),
        ({"type": "charter.signed", "at": AT, "party": "gmb", "party ": 1}, "unexpected keys"),
        (
            {"type": "motion.proposed", "at": AT, "proposal": "p-0001", "by": "gmb", "motion": 5},
            "expected a motion object, got 5",
        ),
        (
            {
                "type": "motion.proposed",
                "at": AT,
                "proposal": "p-0001",
                "by": "gmb",
                "motion": {"kind": "set_milestone", "title": "T", "due": 20250101, "owner": "gmb"},
            },
            "expected an ISO 8601 date, got 20250101",
        ),
        (
            {
                "type": "motion.proposed",
                "at": AT,
                "proposal": "p-0001",
                "by": "gmb",
                "motion": {"kind": "amend", "rationale": "R", "review_period_months": "6"},
            },
            "expected a whole number, got '6'",
        ),
        (
            {
                "type": "motion.proposed",
                "at": AT,
                "proposal": "p-0001",
                "by": "gmb",
                "motion": {"kind": "consult", "proposal": "p-0001", "advisors": "tuc"},
            },
            "expected a list, got 'tuc'",
        ),
    ],
)
def test_a_field_of_the_wrong_shape_is_refused_by_name(
    line: dict[str, object], message: str
) -> None:
    _refused(json.dumps(line), message)


def test_duplicate_keys_and_constants_json_allows_are_refused() -> None:
    _refused(
        '{"type":"charter.signed","at":"' + AT + '","party":"gmb","party":"rcn"}',
        "line 1: key 'party' appears twice in one object",
    )
    _refused(
        '{"type":"charter.signed","at":NaN,"party":"gmb"}', "NaN is not a number a log can hold"
    )


def test_a_bad_line_is_named_by_its_number(active: cs.Partnership) -> None:
    lines = _lines(active)
    lines[2]["at"] = "soon"
    _refused(_text(lines), f"line 3 ({lines[2]['type']}): ")


def test_a_charters_scope_and_quorum_decode_in_every_shape_the_library_wrote(
    active: cs.Partnership,
) -> None:
    lines = _lines(active)
    charter = lines[0]["charter"]
    assert isinstance(charter, dict)
    for quorum in (3, "all-members"):
        charter["meeting_quorum"] = quorum
        decoded = cs.events_from_jsonl(_text(lines))
        assert decoded[0].charter.meeting_quorum == quorum  # type: ignore[attr-defined]
    charter["scope"] = ["microcarers"]  # the shape before a scope named sectors and topics
    decoded = cs.events_from_jsonl(_text(lines))
    assert decoded[0].charter.scope == cs.Scope(workers=("microcarers",))  # type: ignore[attr-defined]
    for scope, message in [
        (5, "expected a scope object, got 5"),
        ({"workers": [], "colour": "red"}, "unexpected keys ['colour']"),
    ]:
        charter["scope"] = scope
        _refused(_text(lines), message)
    charter["scope"] = []
    charter["meeting_quorum"] = 1.5
    _refused(_text(lines), "expected text or a whole number, got 1.5")


def test_an_electorate_is_written_sorted_and_read_only_from_a_list(
    active: cs.Partnership,
) -> None:
    decide(active, cs.Resolution(title="T", text="X"))
    lines = _lines(active)
    agreed = next(line for line in lines if line["type"] == "proposal.agreed")
    electorate = agreed["electorate"]
    assert isinstance(electorate, list)
    assert electorate == sorted(active.active_members)
    agreed["electorate"] = "gmb"
    _refused(_text(lines), "expected a list, got 'gmb'")


def test_encoding_refuses_events_it_could_not_read_back() -> None:
    at = pendulum.datetime(2025, 1, 1, tz="UTC")

    class Impostor:
        TYPE = "charter.signed"

    for event, message in [
        (Impostor(), "event #0 is not a consensus event"),
        (
            cs.CharterSigned(at=at, party=float("nan")),
            "event #0 (charter.signed) cannot be encoded",
        ),
        (cs.CharterSigned(at=at, party="\ud800"), "event #0 (charter.signed) cannot be encoded"),
    ]:
        with pytest.raises(cs.IntegrityError) as caught:
            cs.events_to_jsonl([event])  # type: ignore[list-item]
        assert message in str(caught.value)


def test_a_motion_of_an_unregistered_class_is_not_encoded(active: cs.Partnership) -> None:
    import attrs

    @attrs.frozen
    class Stray:
        KIND = "stray"

        def describe(self) -> str:
            return "stray"

    event = cs.MotionProposed(at=active.at, proposal="p-0001", by="gmb", motion=Stray())  # type: ignore[arg-type]
    with pytest.raises(cs.IntegrityError, match=r"event #0 \(motion\.proposed\): cannot encode"):
        cs.events_to_jsonl([event])


def test_text_is_written_as_itself_not_escaped() -> None:
    event = cs.CharterSigned(at=pendulum.datetime(2025, 1, 1, tz="UTC"), party="café")
    assert '"party":"café"' in cs.events_to_jsonl([event])


def test_a_log_in_format_1_is_read_with_its_old_tags(active: cs.Partnership) -> None:
    active.withdraw(by="gmb")
    lines = _lines(active)
    withdrawn = next(line for line in lines if line["type"] == "member.withdrawn")
    withdrawn["type"] = "member.withdrew"
    _refused(_text(lines), "unknown event type 'member.withdrew'")  # not in format 2
    del lines[0]["format"]
    assert cs.events_from_jsonl(_text(lines)) == active.events
    for found in (0, 3, "2", None):
        lines[0]["format"] = found
        _refused(_text(lines), f"line 1: the log is in format {found!r}; this consensus reads")
    lines[0]["format"] = 1
    assert cs.events_from_jsonl(_text(lines)) == active.events


def test_a_slice_of_a_log_decodes_with_todays_tags_in_utc(active: cs.Partnership) -> None:
    decide(active, cs.Amend(clauses={"7.2": None}, rationale="Funded."))
    lines = cs.events_to_jsonl(active.events).splitlines()
    amended = next(n for n, line in enumerate(lines) if '"charter.amended"' in line)
    decoded = cs.events_from_jsonl("\n".join(lines[amended:]))
    assert decoded == active.events[amended:]
    assert {event.at.timezone_name for event in decoded} == {"UTC"}


def test_decode_stored_reads_positions_against_the_head(active: cs.Partnership) -> None:
    from consensus._codec import canonical_lines, decode_stored

    lines = canonical_lines(active.events)
    assert decode_stored(lines, start=0, head=None) == active.events
    tail = decode_stored(lines[3:], start=3, head=lines[0])
    assert tail == active.events[3:]
    assert {event.at.timezone_name for event in tail} == {"Europe/London"}
    with pytest.raises(cs.IntegrityError, match="event #0: the log's first event is missing"):
        decode_stored(lines[3:], start=3, head=None)
    with pytest.raises(cs.IntegrityError, match="event #0: not JSON"):
        decode_stored(lines[3:], start=3, head="{")
    with pytest.raises(cs.IntegrityError, match="event #0: the log is in format 9"):
        decode_stored(lines[3:], start=3, head=lines[0].replace('"format":2', '"format":9'))
    zone = lines[0].replace('"timezone":"Europe/London"', '"timezone":"Mars/Olympus"')
    with pytest.raises(
        cs.IntegrityError, match="event #0: the charter's time zone 'Mars/Olympus'"
    ):
        decode_stored(lines[3:], start=3, head=zone)
    broken = [*lines[3:5], "{"]
    with pytest.raises(cs.IntegrityError, match="event #5: not JSON") as caught:
        decode_stored(broken, start=3, head=lines[0])
    assert caught.value.position == 5


def test_json_nested_deeper_than_python_parses_is_refused() -> None:
    _refused('{"type":"charter.signed","at":' + "[" * 100_000, "line 1: nested too deeply")


def test_decode_stored_reads_a_log_without_its_draft_in_utc(active: cs.Partnership) -> None:
    """A forged store whose first line is not the draft gets no time zone from it."""
    from consensus._codec import canonical_lines, decode_stored

    decide(active, cs.Amend(clauses={"7.2": None}, rationale="Funded."))
    lines = canonical_lines(active.events)
    amended = next(n for n, line in enumerate(lines) if '"charter.amended"' in line)
    decoded = decode_stored(lines[amended:], start=0, head=None)
    assert decoded == active.events[amended:]
    assert {event.at.timezone_name for event in decoded} == {"UTC"}


def _memo_after_decoding(p: cs.Partnership) -> object:
    from consensus._codec import _decoder

    return _decoder(p.charter.timezone, p.registry)[1]


def test_decoded_events_share_equal_instants_ids_and_electorates(active: cs.Partnership) -> None:
    """Equal values of a log decode to one object, as the events commands make share theirs."""
    pid = decide(active, cs.Resolution(title="Shared", text="x"))
    decide(active, cs.Resolution(title="Shared too", text="y"))
    decoded = cs.events_from_jsonl(cs.events_to_jsonl(active.events))
    positions = [e for e in decoded if isinstance(e, cs.PositionRecorded) and e.proposal == pid]
    assert len(positions) > 1
    assert all(e.proposal is positions[0].proposal for e in positions)
    agreed = [e for e in decoded if isinstance(e, cs.ProposalAgreed)]
    assert agreed[0].electorate == agreed[1].electorate
    assert agreed[0].electorate is agreed[1].electorate
    # Events at one instant (a command's, each event it makes) share one DateTime.
    by_instant: dict[str, set[int]] = {}
    for event in decoded:
        by_instant.setdefault(event.at.isoformat(), set()).add(id(event.at))
    assert len(by_instant) < len(decoded)
    assert all(len(ids) == 1 for ids in by_instant.values())


def test_decoding_keeps_nothing_once_done(active: cs.Partnership) -> None:
    """What one decode shares is forgotten when it ends, refused or not: it holds no memory."""
    from consensus._codec import canonical_lines, decode_stored

    decide(active, cs.Resolution(title="Kept?", text="x"))
    text = cs.events_to_jsonl(active.events)
    cs.events_from_jsonl(text)
    memo: Any = _memo_after_decoding(active)
    assert (memo.instants, memo.texts, memo.sets) == ({}, {}, {})
    lines = canonical_lines(active.events)
    decode_stored(lines, start=0, head=None)
    assert (memo.instants, memo.texts, memo.sets) == ({}, {}, {})
    with pytest.raises(cs.IntegrityError):
        cs.events_from_jsonl(text + '{"type":"charter.signed","at":"later","party":"gmb"}\n')
    assert (memo.instants, memo.texts, memo.sets) == ({}, {}, {})


def test_a_line_beginning_with_a_byte_order_mark_is_refused_as_such(
    active: cs.Partnership,
) -> None:
    """A byte order mark is not JSON: the error says so, as json.loads would."""
    text = cs.events_to_jsonl(active.events)
    with pytest.raises(cs.IntegrityError, match=r"^line 1: not JSON \(Unexpected UTF-8 BOM"):
        cs.events_from_jsonl("\ufeff" + text)
