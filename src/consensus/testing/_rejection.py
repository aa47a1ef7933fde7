"""Invariant 10 for one call: a refused command changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._errors import ConsensusError
from .._partnership import Partnership

__all__ = ["RejectionNotClean", "assert_rejected", "unchanged_after"]


class RejectionNotClean(AssertionError):
    """A refused command changed the log or the state, or was not refused at all."""


def unchanged_after(p: Partnership, before: object, err: ConsensusError) -> None:
    """Raise RejectionNotClean unless ``p`` still holds exactly the log ``before`` and its state.

    ``before`` is ``p.events`` as it was before the refused call; the state is
    compared with a replay of it, so a change the log does not show is caught too.
    """
    if p.events != before:
        raise RejectionNotClean(
            f"the log changed although the command was refused: {err}"
        ) from err
    if p != Partnership.replay(p.events, registry=p.registry):
        raise RejectionNotClean(
            f"the state changed although the command was refused: {err}"
        ) from err


def assert_rejected(
    p: Partnership,
    command: Callable[..., Any],
    *args: Any,
    error: type[ConsensusError] = ConsensusError,
    **kwargs: Any,
) -> ConsensusError:
    """Call ``command(*args, **kwargs)``; it must raise ``error`` and change nothing.

    Invariant 10: a rejected command leaves the log and the state exactly as
    they were. Any exception that is not a ``ConsensusError`` propagates as it
    is: it is a defect, whatever the input was.

    Args:
        p: the partnership the command acts on.
        command: a bound method of ``p`` (``p.conclude``) or any callable.
        error: the ``ConsensusError`` subclass expected.

    Returns:
        The error raised, for further checks of its message or attributes.

    Raises:
        RejectionNotClean: the command succeeded, raised another kind of
            ``ConsensusError``, or changed the log or the state.

    Examples:
        >>> import consensus as cs, pendulum
        >>> from consensus.testing import assert_rejected, sample_charter
        >>> p = cs.Partnership.draft(sample_charter(), clock=cs.SimulatedClock(
        ...     pendulum.datetime(2025, 1, 6, tz="Europe/London")))
        >>> err = assert_rejected(p, p.sign, by="nobody", error=cs.NotEntitled)
        >>> err.party
        'nobody'
    """
    before = p.events
    try:
        command(*args, **kwargs)
    except ConsensusError as err:
        if not isinstance(err, error):
            raise RejectionNotClean(
                f"expected {error.__name__}, got {type(err).__name__}: {err}"
            ) from err
        unchanged_after(p, before, err)
        return err
    raise RejectionNotClean(f"{getattr(command, '__name__', command)} was not refused")
