"""Encoding a log as JSON Lines, and decoding it back without loss.

One JSON object a line, tagged with the event's stable ``type``; motions
inside events are tagged with their ``kind``. Instants are stored in UTC
(``isoformat`` keeps only an offset, not a zone) and restored in the
charter's time zone, so that a British Summer Time instant comes back as one.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import typing
from collections.abc import Iterable
from typing import Any

import cattrs
import pendulum
from cattrs.gen import make_dict_unstructure_fn

from ._errors import ConsensusError, IntegrityError
from ._events import EVENT_TYPES, Event, PartnershipDrafted
from ._motions import MOTION_TYPES, Motion

__all__ = ["events_from_jsonl", "events_to_jsonl"]

_UTC = pendulum.UTC


def _unstructure_instant(value: pendulum.DateTime) -> str:
    return value.astimezone(_UTC).isoformat()


def _instant_decoder(tz: str) -> Any:
    zone = pendulum.timezone(tz)

    def structure(value: object, _type: object) -> pendulum.DateTime:
        if not isinstance(value, str):
            raise IntegrityError(f"expected an ISO 8601 instant, got {value!r}")
        # stdlib parsing and a pendulum DateTime built in UTC is several times
        # faster than pendulum.parse, and unlike DateTime.fromisoformat its
        # result keeps its zone through .add().
        parsed = _dt.datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise IntegrityError(f"instant {value!r} has no UTC offset")
        utc = parsed.astimezone(_dt.UTC)
        return pendulum.DateTime(
            utc.year,
            utc.month,
            utc.day,
            utc.hour,
            utc.minute,
            utc.second,
            utc.microsecond,
            tzinfo=_UTC,
        ).in_timezone(zone)

    return structure


def _structure_date(value: object, _type: object) -> pendulum.Date:
    if not isinstance(value, str):
        raise IntegrityError(f"expected an ISO 8601 date, got {value!r}")
    day = _dt.date.fromisoformat(value)
    return pendulum.Date(day.year, day.month, day.day)


def _is_frozenset(kind: object) -> bool:
    return kind is frozenset or typing.get_origin(kind) is frozenset


@functools.lru_cache(maxsize=32)
def _converter(tz: str) -> cattrs.Converter:
    converter = cattrs.Converter()
    converter.register_unstructure_hook(pendulum.DateTime, _unstructure_instant)
    converter.register_structure_hook(pendulum.DateTime, _instant_decoder(tz))
    converter.register_unstructure_hook(_dt.date, lambda day: day.isoformat())
    converter.register_structure_hook(_dt.date, _structure_date)
    # Sets are written sorted, so that equal logs encode to equal text.
    converter.register_unstructure_hook_func(_is_frozenset, sorted)

    plain = {cls: make_dict_unstructure_fn(cls, converter) for cls in MOTION_TYPES.values()}

    def unstructure_motion(motion: Motion) -> dict[str, Any]:
        return {"kind": motion.KIND, **plain[type(motion)](motion)}

    def structure_motion(value: object, _type: object) -> Motion:
        if not isinstance(value, dict):
            raise IntegrityError(f"expected a motion object, got {value!r}")
        fields = dict(value)
        kind = fields.pop("kind", None)
        cls = MOTION_TYPES.get(kind) if isinstance(kind, str) else None
        if cls is None:
            raise IntegrityError(
                f"unknown motion kind {kind!r}; known: {', '.join(sorted(MOTION_TYPES))}"
            )
        return converter.structure(fields, cls)

    converter.register_unstructure_hook(Motion, unstructure_motion)
    converter.register_structure_hook(Motion, structure_motion)
    for cls in MOTION_TYPES.values():
        converter.register_unstructure_hook(cls, unstructure_motion)
    return converter


def events_to_jsonl(events: Iterable[Event]) -> str:
    """Encode a log as JSON Lines: one object a line, each tagged with its ``type``.

    Args:
        events: the events, as :attr:`Partnership.events` gives them.

    Returns:
        The text, ending with a newline (empty for no events).

    Raises:
        IntegrityError: something in ``events`` is not a consensus event.

    Examples:
        >>> import consensus as cs, pendulum
        >>> event = cs.CharterSigned(at=pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"), party="gmb")
        >>> print(cs.events_to_jsonl([event]), end="")
        {"type":"charter.signed","at":"2024-09-02T09:00:00+00:00","party":"gmb"}
    """
    converter = _converter("UTC")
    lines = []
    for seq, event in enumerate(events):
        tag = getattr(type(event), "TYPE", None)
        if EVENT_TYPES.get(tag) is not type(event):  # type: ignore[arg-type]
            raise IntegrityError(f"event #{seq} is not a consensus event: {event!r}")
        body = converter.unstructure(event)
        lines.append(json.dumps({"type": tag, **body}, ensure_ascii=False, separators=(",", ":")))
    return "".join(line + "\n" for line in lines)


def _decode_line(converter: cattrs.Converter, number: int, line: str) -> Event:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as err:
        raise IntegrityError(f"line {number}: not JSON ({err.msg})") from None
    if not isinstance(data, dict):
        raise IntegrityError(f"line {number}: expected a JSON object, got {type(data).__name__}")
    tag = data.pop("type", None)
    cls = EVENT_TYPES.get(tag) if isinstance(tag, str) else None
    if cls is None:
        raise IntegrityError(
            f"line {number}: unknown event type {tag!r}; a log from a newer consensus, or not a log"
        )
    try:
        return converter.structure(data, cls)
    except IntegrityError as err:
        raise IntegrityError(f"line {number} ({tag}): {err}") from None
    except (cattrs.BaseValidationError, ConsensusError, ValueError, TypeError, KeyError) as err:
        detail = (
            "; ".join(cattrs.transform_error(err))
            if isinstance(err, cattrs.BaseValidationError)
            else str(err)
        )
        raise IntegrityError(f"line {number} ({tag}): {detail}") from None


def events_from_jsonl(text: str) -> tuple[Event, ...]:
    """Decode a JSON Lines log back into events, instants in the charter's time zone.

    Args:
        text: what :func:`events_to_jsonl` produced (blank lines are ignored).

    Returns:
        The events, in order.

    Raises:
        IntegrityError: a line is not JSON, has an unknown ``type``, or does
            not hold the fields its type needs; the message names the line.

    Examples:
        >>> import consensus as cs
        >>> cs.events_from_jsonl('{"type":"no.such"}')
        Traceback (most recent call last):
          ...
        consensus.IntegrityError: line 1: unknown event type 'no.such'; a log from a newer consensus, or not a log
    """
    if not isinstance(text, str):
        raise IntegrityError(f"expected JSON Lines text, got {type(text).__name__}")
    lines = [
        (number, line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()
    ]
    if not lines:
        return ()
    first = _decode_line(_converter("UTC"), *lines[0])
    tz = first.charter.timezone if isinstance(first, PartnershipDrafted) else "UTC"
    try:
        converter = _converter(tz)
    except Exception:  # pendulum raises several types for unknown zone names
        raise IntegrityError(
            f"line {lines[0][0]}: the charter's time zone {tz!r} is unknown"
        ) from None
    return tuple(_decode_line(converter, number, line) for number, line in lines)
