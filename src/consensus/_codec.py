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
import types
import typing
from collections.abc import Iterable
from typing import Any, Final

import cattrs
import pendulum
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from ._charter import Scope
from ._clock import from_utc, is_iana_zone
from ._errors import ConsensusError, IntegrityError, InvalidArgument, safe_repr
from ._events import EVENT_TYPES, LOG_FORMAT, Event, PartnershipDrafted
from ._registry import Motion, Registry, default_registry

__all__ = ["events_from_jsonl", "events_to_jsonl"]

_UTC = pendulum.UTC


def _unstructure_instant(value: pendulum.DateTime) -> str:
    return value.astimezone(_UTC).isoformat()


class _Memo:
    """What one decode has read, so that equal values of a log are one object.

    ``instants`` maps an instant's text to the instant, ``texts`` each text to
    itself (party and proposal ids, a repeated reason), ``sets`` each set of
    ids (an electorate) to itself. Decoded events then share them as the
    events commands make share their ids and, within a command, their instant.
    """

    __slots__ = ("instants", "sets", "texts")

    def __init__(self) -> None:
        self.instants: dict[str, pendulum.DateTime] = {}
        self.texts: dict[str, str] = {}
        self.sets: dict[frozenset[Any], frozenset[Any]] = {}

    def clear(self) -> None:
        self.instants.clear()
        self.texts.clear()
        self.sets.clear()


def _text_decoder(memo: dict[str, str]) -> Any:
    def structure(value: object, _type: object) -> str:
        try:
            return memo[value]  # type: ignore[index]
        except (KeyError, TypeError):  # not read yet, or not even hashable
            pass
        text = _structure_text(value, _type)
        memo[text] = text
        return text

    return structure


def _instant_decoder(tz: str, memo: dict[str, pendulum.DateTime]) -> Any:
    def structure(value: object, _type: object) -> pendulum.DateTime:
        # The events of one command share their instant, and so do the
        # decoded ones: the text of an instant already read is not read again.
        try:
            return memo[value]  # type: ignore[index]
        except (KeyError, TypeError):  # not read yet, or not even hashable
            pass
        if not isinstance(value, str):
            raise IntegrityError(f"expected an ISO 8601 instant, got {value!r}")
        # stdlib parsing, then the stdlib arithmetic pendulum's in_timezone
        # does (from_utc), is several times faster than pendulum.parse, and
        # unlike DateTime.fromisoformat its result keeps its zone through .add().
        parsed = _dt.datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise IntegrityError(f"instant {value!r} has no UTC offset")
        instant = from_utc(parsed.astimezone(_dt.UTC), tz)
        memo[value] = instant
        return instant

    return structure


def _structure_date(value: object, _type: object) -> pendulum.Date:
    if not isinstance(value, str):
        raise IntegrityError(f"expected an ISO 8601 date, got {value!r}")
    day = _dt.date.fromisoformat(value)
    return pendulum.Date(day.year, day.month, day.day)


def _is_frozenset(kind: object) -> bool:
    return kind is frozenset or typing.get_origin(kind) is frozenset


def _strict(kind: type[Any], what: str) -> Any:
    # cattrs would coerce: int("1"), int(1.9), int(True), str(5). A log holds
    # exactly what the library wrote, so anything else is refused.
    def structure(value: object, _type: object) -> Any:
        if type(value) is not kind:
            raise IntegrityError(f"expected {what}, got {value!r}")
        return value

    return structure


def _structure_text(value: object, _type: object) -> str:
    if type(value) is not str:
        raise IntegrityError(f"expected text, got {value!r}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise IntegrityError(f"text {value!r} holds a lone surrogate, not a character") from None
    return value


def _is_text_or_whole(kind: object) -> bool:
    # A charter's meeting quorum: a named quorum or a number of members.
    return typing.get_origin(kind) in (typing.Union, types.UnionType) and set(
        typing.get_args(kind)
    ) == {str, int}


def _structure_text_or_whole(value: object, _type: object) -> str | int:
    if type(value) is int:
        return value
    if type(value) is str:
        return _structure_text(value, str)
    raise IntegrityError(f"expected text or a whole number, got {safe_repr(value)}")


def _is_collection(kind: object) -> bool:
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    return (origin is frozenset and len(args) == 1) or (
        origin is tuple and len(args) == 2 and args[1] is Ellipsis
    )


def _structure_collection(
    converter: cattrs.Converter,
    value: object,
    kind: object,
    sets: dict[frozenset[Any], frozenset[Any]],
) -> Any:
    if type(value) is not list:
        raise IntegrityError(f"expected a list, got {safe_repr(value)}")
    item = typing.get_args(kind)[0]
    items = [converter.structure(element, item) for element in value]
    if typing.get_origin(kind) is not frozenset:
        return tuple(items)
    found = frozenset(items)
    return sets.setdefault(found, found)


def _converter(tz: str, registry: Registry) -> cattrs.Converter:
    return _decoder(tz, registry)[0]


@functools.lru_cache(maxsize=32)
def _decoder(tz: str, registry: Registry) -> tuple[cattrs.Converter, _Memo]:
    """The converter for logs whose charter sits in ``tz``, and the memo its hooks share.

    With the memo, the events of a log share equal instants, texts and sets
    of ids, as the events commands make do. Whoever decodes clears it when
    done (:func:`events_from_jsonl`, :func:`decode_stored`), so it holds
    nothing between decodes. Two threads decoding with the same converter
    share it, which is harmless: an entry is what decoding its key gives.
    """
    memo = _Memo()
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(str, _text_decoder(memo.texts))
    converter.register_structure_hook(int, _strict(int, "a whole number"))
    converter.register_structure_hook(bool, _strict(bool, "true or false"))
    converter.register_structure_hook_func(_is_text_or_whole, _structure_text_or_whole)
    converter.register_unstructure_hook(pendulum.DateTime, _unstructure_instant)
    converter.register_structure_hook(pendulum.DateTime, _instant_decoder(tz, memo.instants))
    converter.register_unstructure_hook(_dt.date, lambda day: day.isoformat())
    converter.register_structure_hook(_dt.date, _structure_date)
    # Sets are written sorted, so that equal logs encode to equal text.
    converter.register_unstructure_hook_func(_is_frozenset, sorted)
    # A sequence or a set is a JSON list, never a string or an object that
    # cattrs would happily iterate ("gmb" -> {"g", "m", "b"}).
    converter.register_structure_hook_func(
        _is_collection,
        lambda value, kind: _structure_collection(converter, value, kind, memo.sets),
    )

    # A charter's scope was a list of worker groups before it named excluded
    # sectors and topics; such a list still reads as the worker groups alone.
    scope_fields = make_dict_structure_fn(Scope, converter, _cattrs_forbid_extra_keys=True)

    def structure_scope(value: object, _type: object) -> Scope:
        if type(value) is list:
            workers = _structure_collection(converter, value, tuple[str, ...], memo.sets)
            return Scope(workers=workers)
        if not isinstance(value, dict):
            raise IntegrityError(f"expected a scope object, got {safe_repr(value)}")
        scope: Scope = scope_fields(value, Scope)
        return scope

    converter.register_structure_hook(Scope, structure_scope)

    plain: dict[type[Any], Any] = {}

    def unstructure_motion(motion: Motion) -> dict[str, Any]:
        cls = type(motion)
        if not registry.knows(motion):
            raise IntegrityError(
                f"cannot encode {motion!r}: its class is not a registered motion kind"
            )
        if cls not in plain:
            plain[cls] = make_dict_unstructure_fn(cls, converter)
        return {"kind": cls.KIND, **plain[cls](motion)}

    def structure_motion(value: object, _type: object) -> Motion:
        if not isinstance(value, dict):
            raise IntegrityError(f"expected a motion object, got {value!r}")
        fields = dict(value)
        cls = registry.motion(fields.pop("kind", None))
        motion: Motion = converter.structure(fields, cls)
        return motion

    converter.register_unstructure_hook(Motion, unstructure_motion)
    converter.register_structure_hook(Motion, structure_motion)
    return converter, memo


# Characters JSON leaves unescaped but Python's str.splitlines (and some
# editors) treat as line breaks; written escaped so a log is one event a line.
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})

# Tags of log format 1, and what format 2 calls them.
_FORMAT_1_TAGS: Final = types.MappingProxyType(
    {
        "member.withdrew": "member.withdrawn",
        "consultation.response_received": "response.received",
        "review.fell_due": "review.fallen_due",
        "review.became_overdue": "review.marked_overdue",
    }
)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a log can hold")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise ValueError(f"key {twice!r} appears twice in one object")
    return result


def events_to_jsonl(events: Iterable[Event], *, registry: Registry | None = None) -> str:
    """Encode a log as JSON Lines: one object a line, each tagged with its ``type``.

    Line breaks inside text (including U+2028, U+2029 and U+0085) are written
    escaped, so every event is exactly one line.

    Args:
        events: the events, as :attr:`Partnership.events` gives them.
        registry: where the motion kinds are registered (default:
            :func:`consensus.default_registry`).

    Returns:
        The text, ending with a newline (empty for no events).

    Raises:
        IntegrityError: something in ``events`` is not a consensus event, or
            holds a motion whose class is not registered.

    Examples:
        >>> import consensus as cs, pendulum
        >>> event = cs.CharterSigned(at=pendulum.datetime(2024, 9, 2, 10, tz="Europe/London"), party="gmb")
        >>> print(cs.events_to_jsonl([event]), end="")
        {"type":"charter.signed","at":"2024-09-02T09:00:00+00:00","party":"gmb"}
    """
    converter = _converter("UTC", _registry(registry))
    try:
        log = list(events)
    except Exception:  # not iterable, or an iterable of a caller's own that fails
        raise InvalidArgument("events", events, "an iterable of events") from None
    lines = []
    for seq, event in enumerate(log):
        tag = getattr(type(event), "TYPE", None)
        if not isinstance(tag, str) or EVENT_TYPES.get(tag) is not type(event):
            raise IntegrityError(f"event #{seq} is not a consensus event: {safe_repr(event)}")
        try:
            body = converter.unstructure(event)
            text = json.dumps(
                {"type": tag, **body}, ensure_ascii=False, separators=(",", ":"), allow_nan=False
            )
            text.encode("utf-8")
        except IntegrityError as err:
            raise IntegrityError(f"event #{seq} ({tag}): {err}") from None
        except Exception as err:  # an event built by hand with values of the wrong kind
            raise IntegrityError(
                f"event #{seq} ({tag}) cannot be encoded: {type(err).__name__}: {err}"
            ) from None
        lines.append(text.translate(_LINE_BREAKS))
    return "".join(line + "\n" for line in lines)


def _registry(registry: Registry | None) -> Registry:
    if registry is None:
        return default_registry()
    if not isinstance(registry, Registry):
        raise InvalidArgument("registry", registry, "a consensus.Registry or None")
    return registry


def _json_decoder() -> json.JSONDecoder:
    """What ``json.loads(line, parse_constant=..., object_pairs_hook=...)`` builds for each line.

    Built once a decode and used for every line (``json.loads`` with
    arguments builds a new one for each call); not shared between decodes,
    so two threads never share one.
    """
    return json.JSONDecoder(parse_constant=_refuse_constant, object_pairs_hook=_no_duplicate_keys)


def _parse_line(
    number: int, line: str, label: str = "line ", decoder: json.JSONDecoder | None = None
) -> dict[str, Any]:
    if line.startswith("\ufeff"):  # what json.loads refuses before decoding
        raise IntegrityError(
            f"{label}{number}: not JSON (Unexpected UTF-8 BOM (decode using utf-8-sig))"
        )
    try:
        data = (decoder or _json_decoder()).decode(line)
    except json.JSONDecodeError as err:
        raise IntegrityError(f"{label}{number}: not JSON ({err.msg})") from None
    except ValueError as err:
        raise IntegrityError(f"{label}{number}: {err}") from None
    except RecursionError:
        raise IntegrityError(f"{label}{number}: nested too deeply to be an event") from None
    if not isinstance(data, dict):
        raise IntegrityError(f"{label}{number}: expected a JSON object, got {type(data).__name__}")
    return data


def _decode_line(
    converter: cattrs.Converter,
    number: int,
    data: dict[str, Any],
    log_format: int,
    label: str = "line ",
) -> Event:
    tag = data.pop("type", None)
    if log_format == 1 and isinstance(tag, str):
        tag = _FORMAT_1_TAGS.get(tag, tag)
    cls = EVENT_TYPES.get(tag) if isinstance(tag, str) else None
    if cls is None:
        raise IntegrityError(
            f"{label}{number}: unknown event type {tag!r}; a log from a newer consensus, or not a log"
        )
    if cls is PartnershipDrafted:
        data.pop("format", None)  # checked by the caller; the event carries the current one
    try:
        event: Event = converter.structure(data, cls)
    except (
        cattrs.BaseValidationError,
        ConsensusError,
        ValueError,
        TypeError,
        KeyError,
        OverflowError,
    ) as err:
        detail = (
            "; ".join(cattrs.transform_error(err, format_exception=_describe))
            if isinstance(err, cattrs.BaseValidationError)
            else str(err)
        )
        raise IntegrityError(f"{label}{number} ({tag}): {detail}") from None
    except RecursionError:
        raise IntegrityError(
            f"{label}{number} ({tag}): nested too deeply to be an event"
        ) from None
    return event


def _describe(err: BaseException, _type: object) -> str:
    if isinstance(err, cattrs.ForbiddenExtraKeysError):
        return f"unexpected keys {sorted(err.extra_fields)}"
    if isinstance(err, KeyError):
        return "required field missing"
    return str(err)


def _log_format(number: int, first: dict[str, Any], label: str = "line ") -> int:
    if first.get("type") != PartnershipDrafted.TYPE:
        return LOG_FORMAT  # a slice of a log: read with today's tags
    found = first.get("format", 1)  # format 1 did not say
    if type(found) is not int or not 1 <= found <= LOG_FORMAT:
        raise IntegrityError(
            f"{label}{number}: the log is in format {found!r}; this consensus reads formats "
            f"1 to {LOG_FORMAT} (a log from a newer consensus, or not a log)"
        )
    return found


def events_from_jsonl(text: str, *, registry: Registry | None = None) -> tuple[Event, ...]:
    """Decode a JSON Lines log back into events, instants in the charter's time zone.

    A log written in an older format (see :data:`consensus.LOG_FORMAT`) is
    migrated as it is read. Values are read strictly: a key the event does not
    have, a number where text belongs, ``1.9`` or ``"1"`` where a whole number
    belongs, ``NaN`` and duplicate keys are all refused.

    Args:
        text: what :func:`events_to_jsonl` produced (blank lines are ignored;
            lines end at ``\\n``, with an optional ``\\r`` before it).
        registry: where the motion kinds the log names are registered
            (default: :func:`consensus.default_registry`).

    Returns:
        The events, in order.

    Raises:
        IntegrityError: a line is not JSON, has an unknown ``type``, names a
            motion kind that is not registered, or does not hold exactly the
            fields its type needs; the message names the line.

    Examples:
        >>> import consensus as cs
        >>> cs.events_from_jsonl('{"type":"no.such"}')
        Traceback (most recent call last):
          ...
        consensus.IntegrityError: line 1: unknown event type 'no.such'; a log from a newer consensus, or not a log
    """
    if not isinstance(text, str):
        raise IntegrityError(f"expected JSON Lines text, got {type(text).__name__}")
    chosen = _registry(registry)
    lines = [
        (number, line.removesuffix("\r"))
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip()
    ]
    if not lines:
        return ()
    decoder = _json_decoder()
    parsed = [(number, _parse_line(number, line, decoder=decoder)) for number, line in lines]
    first_number, first = parsed[0]
    log_format = _log_format(first_number, first)
    charter = first.get("charter")
    tz = charter.get("timezone") if isinstance(charter, dict) else None
    tz = tz if isinstance(tz, str) and first.get("type") == PartnershipDrafted.TYPE else "UTC"
    if not is_iana_zone(tz):
        raise IntegrityError(
            f"line {first_number}: the charter's time zone {tz!r} is not an IANA time zone"
        )
    converter, memo = _decoder(tz, chosen)
    try:
        return tuple(_decode_line(converter, number, data, log_format) for number, data in parsed)
    finally:
        memo.clear()


def canonical_lines(events: Iterable[Event], *, registry: Registry | None = None) -> list[str]:
    """Each event's canonical line (what :func:`events_to_jsonl` writes, without the newline).

    A store hashes and keeps exactly these lines; see ``docs/stores.md``.
    """
    return events_to_jsonl(events, registry=registry).split("\n")[:-1]


def decode_stored(
    lines: list[str], *, start: int, head: str | None, registry: Registry | None = None
) -> tuple[Event, ...]:
    """Decode the canonical lines a store holds at positions ``start``, ``start + 1``...

    ``head`` is the line at position 0 (``partnership.drafted``), needed when
    ``start > 0`` for the log's format and the charter's time zone. Errors
    name the position (``event #3``), as replay's notes do.

    Raises:
        IntegrityError: a line is not one this consensus wrote or reads.
    """
    chosen = _registry(registry)
    first_line = lines[0] if start == 0 else head
    if first_line is None:
        raise IntegrityError("event #0: the log's first event is missing")
    first = _parse_line(0, first_line, "event #")
    log_format = _log_format(0, first, "event #")
    charter = first.get("charter")
    tz = charter.get("timezone") if isinstance(charter, dict) else None
    tz = tz if isinstance(tz, str) and first.get("type") == PartnershipDrafted.TYPE else "UTC"
    if not is_iana_zone(tz):
        raise IntegrityError(f"event #0: the charter's time zone {tz!r} is not an IANA time zone")
    converter, memo = _decoder(tz, chosen)
    decoder = _json_decoder()
    events = []
    try:
        for number, line in enumerate(lines, start=start):
            try:
                data = first if number == 0 else _parse_line(number, line, "event #", decoder)
                events.append(_decode_line(converter, number, data, log_format, "event #"))
            except IntegrityError as err:
                raise IntegrityError(str(err), position=number) from None
    finally:
        memo.clear()
    return tuple(events)
