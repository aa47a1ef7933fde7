"""Checks and conversions for the values records, motions and charters hold.

Every value that enters the library goes through one of these on the way
in: text that UTF-8 can encode, ids matched in full, whole numbers within
bounds, and mappings and sequences copied into read-only forms, so that
nothing a caller keeps a reference to can change a partnership later
(invariant 15). Each refusal is an :class:`~consensus.InvalidArgument`
naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from ._errors import InvalidArgument

__all__ = [
    "CLAUSE_ID",
    "ID",
    "check_text",
    "id_field",
    "read_only",
    "text_field",
    "tuple_of",
    "whole_field",
]

T = TypeVar("T")

ID: re.Pattern[str] = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
"""A party, constituency, advisor or proposal id; always matched in full."""

CLAUSE_ID: re.Pattern[str] = re.compile(r"[A-Za-z0-9]{1,8}(\.[A-Za-z0-9]{1,8}){0,5}")
"""A clause number such as ``6.3`` or ``A.1``; always matched in full."""

MAX_TEXT = 1_000_000
"""The longest text a field may hold, in characters."""


def check_text(value: object, where: str, *, empty_ok: bool = False) -> str:
    """Return ``value`` if it is text a log can hold, else raise InvalidArgument.

    Examples:
        >>> check_text("Model induction policy", "title")
        'Model induction policy'
        >>> check_text("\\ud800", "title")
        Traceback (most recent call last):
          ...
        consensus.InvalidArgument: title: '\\ud800' is not text UTF-8 can encode (it holds a lone surrogate).
    """
    if type(value) is not str:  # a subclass may redefine equality and hashing
        raise InvalidArgument(where, value, "text")
    if not empty_ok and not value.strip():
        raise InvalidArgument(where, value, "text with more than white space in it")
    if len(value) > MAX_TEXT:
        raise InvalidArgument(where, value, f"text of at most {MAX_TEXT:,} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidArgument(
            where, value, "text UTF-8 can encode (it holds a lone surrogate)"
        ) from None
    return value


def _where(prefix: str, attribute: attrs.Attribute[Any]) -> str:
    return f"{prefix}.{attribute.name}" if prefix else attribute.name


def text_field(prefix: str, *, empty_ok: bool = False, optional: bool = False) -> Any:
    """An attrs validator: text (non-empty unless ``empty_ok``), or None if ``optional``."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if optional and value is None:
            return
        check_text(value, _where(prefix, attribute), empty_ok=empty_ok)

    return check


def id_field(prefix: str, *, pattern: re.Pattern[str] = ID, optional: bool = False) -> Any:
    """An attrs validator: an id matching ``pattern`` in full, or None if ``optional``."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if optional and value is None:
            return
        if type(value) is not str or not pattern.fullmatch(value):
            what = (
                "a clause number such as '6.3'"
                if pattern is CLAUSE_ID
                else ("an id (lower-case letters, digits and hyphens, such as 'unison')")
            )
            raise InvalidArgument(_where(prefix, attribute), value, what)

    return check


def whole_field(prefix: str, low: int, high: int, *, optional: bool = False) -> Any:
    """An attrs validator: a whole number (not a bool) from ``low`` to ``high``."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if optional and value is None:
            return
        if type(value) is not int or not low <= value <= high:
            raise InvalidArgument(
                _where(prefix, attribute),
                value,
                f"a whole number from {low} to {high}" + (", or None" if optional else ""),
            )

    return check


def tuple_of(value: object, kind: type[T], where: str) -> tuple[T, ...]:
    """Any iterable (not text) of ``kind`` as a tuple; for attrs converters.

    Examples:
        >>> tuple_of(["gmb", "unison"], str, "advisors")
        ('gmb', 'unison')
    """
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidArgument(where, value, "a sequence")
    try:
        items = tuple(value)
    except Exception:  # an iterable of a caller's own that fails
        raise InvalidArgument(where, value, "a sequence that can be read") from None
    for item in items:
        # Text must be a str itself: a subclass may redefine equality and hashing.
        if not (type(item) is str if kind is str else isinstance(item, kind)):
            raise InvalidArgument(where, item, _kind_name(kind))
        if kind is str:
            check_text(item, where, empty_ok=True)
    return items


def _kind_name(kind: type[Any] | tuple[type[Any], ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = [k.__name__ if k is str else f"a consensus.{k.__name__}" for k in kinds]
    return " or ".join("text" if n == "str" else n for n in names)


def read_only(value: Mapping[Any, Any], where: str = "mapping") -> Mapping[Any, Any]:
    """A read-only copy of ``value``: later changes to ``value`` do not reach it.

    Examples:
        >>> frozen = read_only({"gmb": 1})
        >>> frozen["gmb"]
        1
        >>> frozen["gmb"] = 2
        Traceback (most recent call last):
          ...
        TypeError: 'mappingproxy' object does not support item assignment
    """
    if not isinstance(value, Mapping):
        raise InvalidArgument(where, value, "a mapping")
    try:
        return MappingProxyType(dict(value))
    except Exception:  # a mapping of a caller's own that fails
        raise InvalidArgument(where, value, "a mapping that can be read") from None


def reporter(progress: object) -> Callable[[int, int], None] | None:
    """``progress`` (a caller's ``(done, total)`` function, or None) made safe to call.

    A value that cannot be called is refused at once; a call that fails is
    refused as :class:`~consensus.InvalidArgument`, the caller's exception
    kept as its cause.
    """
    if progress is None:
        return None
    if not callable(progress):
        raise InvalidArgument("progress", progress, "a function of (done, total), or None")

    def report(done: int, total: int) -> None:
        try:
            progress(done, total)
        except Exception as err:
            raise InvalidArgument(
                "progress",
                progress,
                f"a function of (done, total) that returns; it raised {type(err).__name__}: {err}",
            ) from err

    return report
