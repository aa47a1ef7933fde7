"""Logs as text: decoding and replaying them as one figure, encoding them, simulating them.

The log is a simulated one (:func:`consensus.simulate`, the bundled charter,
seed 7), so it holds every kind of business in the proportions of a real
partnership's years. Each figure is per event, one whole log a round, and
each result is kept until its time is taken (freeing it is not timed).

- decode + replay: from the JSON Lines text to a replayed partnership,
  trusted and strict, against ``json.loads`` of every line of the same text,
  the dictionaries kept in a list: the floor of reading a log at all.
- encode: :func:`consensus.events_to_jsonl` against ``json.dumps`` of the
  dictionaries ``json.loads`` made of its lines.
- simulate: :func:`consensus.simulate` per event it produces, against
  building one plain dict per event of the same log.
- check_invariants, per event; no baseline.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from measure import Figure, interleave, once
from workload import charter

import consensus as cs


def run(years: int, rounds: int) -> list[Figure]:
    """The figures of a log simulated over ``years`` years, ``rounds`` rounds each."""
    simulated = cs.simulate(charter(), seed=7, years=years)
    events = simulated.events
    size = len(events)
    text = cs.events_to_jsonl(events)
    if cs.Partnership.replay(cs.events_from_jsonl(text)) != simulated:
        raise RuntimeError("the simulated log does not come back equal from its text")
    dicts = [json.loads(line) for line in text.splitlines()]
    plain = [(event.TYPE, event.at, getattr(event, "party", None)) for event in events]

    def per_event(fn: Callable[[], object]) -> Callable[[], float]:
        def timed() -> float:
            elapsed, _kept = once(fn)
            return elapsed / size

        return timed

    def decode_trusted() -> cs.Partnership:
        return cs.Partnership.replay(cs.events_from_jsonl(text), trusted=True)

    def decode_strict() -> cs.Partnership:
        return cs.Partnership.replay(cs.events_from_jsonl(text))

    def json_loads() -> list[object]:
        return [json.loads(line) for line in text.splitlines()]

    def dict_per_event() -> list[dict[str, object]]:
        return [{"type": kind, "at": at, "party": party} for kind, at, party in plain]

    decoding = interleave(
        rounds,
        {
            "decode_replay.trusted": per_event(decode_trusted),
            "decode_replay.strict": per_event(decode_strict),
            "decode.json_loads": per_event(json_loads),
        },
    )
    encoding = interleave(
        rounds,
        {
            "encode.jsonl": per_event(lambda: cs.events_to_jsonl(events)),
            "encode.json_dumps": per_event(lambda: [json.dumps(d) for d in dicts]),
        },
    )
    simulating = interleave(
        max(rounds // 3, 2),
        {
            "simulate": per_event(lambda: cs.simulate(charter(), seed=7, years=years)),
            "simulate.dicts": per_event(dict_per_event),
        },
    )
    checking = interleave(
        rounds, {"check_invariants": per_event(lambda: cs.check_invariants(simulated))}
    )
    where = f"per event, simulated log of {size:,} events ({years} year{'s' if years > 1 else ''})"
    labels = {
        "decode_replay.trusted": f"events_from_jsonl + trusted replay, {where}",
        "decode_replay.strict": f"events_from_jsonl + strict replay, {where}",
        "decode.json_loads": f"json.loads of every line, kept in a list, {where}",
        "encode.jsonl": f"events_to_jsonl, {where}",
        "encode.json_dumps": f"json.dumps of every line's dict, {where}",
        "simulate": f"simulate, {where}",
        "simulate.dicts": f"building one plain dict, {where}",
        "check_invariants": f"check_invariants, {where}",
    }
    measured = decoding | encoding | simulating | checking
    return [
        Figure(name, labels[name], "µs", [[value] for value in values])
        for name, values in measured.items()
    ]
