"""Targets as data, judged against the figures of one run, and the tables that show both.

:func:`load_targets` reads ``targets.toml`` (its header says what a target
holds); :func:`judge` gives each target a verdict per figure it matches;
:func:`render` lays rows out as a plain-text or a Markdown table.
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from measure import SCALE, STATISTICS, Figure, show

TARGETS = Path(__file__).resolve().parent / "targets.toml"


@dataclass(frozen=True)
class Target:
    """What one figure (or each figure matching a pattern) must not exceed.

    Attributes:
        name: the target in words.
        figure: a figure's name, or a shell pattern matching several.
        statistic: ``"median"``, ``"p99"`` or ``"max"``.
        limit: the most the ratio (with a baseline) or the amount (without) may be.
        why: one line on why it matters.
        baseline: the figure of the same run to divide by, if any.
        unit: the unit of ``limit`` when there is no baseline.
    """

    name: str
    figure: str
    statistic: str
    limit: float
    why: str
    baseline: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Verdict:
    """One target judged on one figure.

    Attributes:
        target: the target.
        figure: the figure judged.
        baseline: the figure divided by, if any.
        value: the ratio (with a baseline) or the amount in base units.
        spread: the least and most value of a single round, when rounds pair up.
        passed: whether ``value`` is within the limit.
    """

    target: Target
    figure: Figure
    baseline: Figure | None
    value: float
    spread: tuple[float, float] | None
    passed: bool


def load_targets(path: Path = TARGETS) -> list[Target]:
    """The targets in ``path``; a malformed one raises ``ValueError`` naming it."""
    with path.open("rb") as file:
        tables = tomllib.load(file).get("target", [])
    targets = []
    for number, table in enumerate(tables, start=1):
        try:
            target = Target(**table)
        except TypeError as err:
            raise ValueError(f"{path}: target {number}: {err}") from None
        problem = _problem(target)
        if problem:
            raise ValueError(f"{path}: target {number} ({target.name}): {problem}")
        targets.append(target)
    return targets


def _problem(target: Target) -> str | None:
    if target.statistic not in STATISTICS:
        return f"statistic {target.statistic!r} is none of {', '.join(STATISTICS)}"
    if target.baseline is None and target.unit not in SCALE:
        return f"without a baseline, unit must be one of {', '.join(SCALE)}"
    if target.baseline is not None and target.unit is not None:
        return "a ratio to a baseline has no unit"
    return None


def judge(targets: Sequence[Target], figures: Mapping[str, Figure]) -> list[Verdict]:
    """Each target's verdict on each figure it matches.

    Raises:
        KeyError: a target matches no figure, or names a baseline the run did not
            measure: the harness and its targets have drifted apart.
    """
    verdicts = []
    for target in targets:
        names = fnmatch.filter(figures, target.figure)
        if not names:
            raise KeyError(f"target {target.name!r}: no figure matches {target.figure!r}")
        baseline = None
        if target.baseline is not None:
            if target.baseline not in figures:
                raise KeyError(f"target {target.name!r}: no baseline figure {target.baseline!r}")
            baseline = figures[target.baseline]
        for name in sorted(names):
            verdicts.append(_verdict(target, figures[name], baseline))
    return verdicts


def _verdict(target: Target, figure: Figure, baseline: Figure | None) -> Verdict:
    ours = figure.stat(target.statistic)
    rounds = figure.by_round(target.statistic)
    if baseline is None:
        assert target.unit is not None
        limit = target.limit * SCALE[target.unit]
        spread = (min(rounds), max(rounds)) if len(rounds) > 1 else None
        return Verdict(target, figure, None, ours, spread, ours <= limit)
    theirs = baseline.stat(target.statistic)
    ratio = ours / theirs if theirs > 0 else float("inf")
    paired = baseline.by_round(target.statistic)
    spread = None
    if len(paired) == len(rounds) > 1 and all(value > 0 for value in paired):
        ratios = [mine / base for mine, base in zip(rounds, paired, strict=True)]
        spread = (min(ratios), max(ratios))
    return Verdict(target, figure, baseline, ratio, spread, ratio <= target.limit)


def verdict_rows(verdicts: Sequence[Verdict]) -> list[list[str]]:
    """One row per verdict: target, figure (statistic), ours, baseline, ratio (rounds), limit, verdict."""
    rows = []
    for v in verdicts:
        statistic = v.target.statistic
        ours = v.figure.shown(v.figure.stat(statistic))
        if v.baseline is not None:
            theirs = v.baseline.shown(v.baseline.stat(statistic))
            value = f"{v.value:.2f}x"
            spread = f" ({v.spread[0]:.2f}–{v.spread[1]:.2f})" if v.spread else ""
            limit = f"≤ {v.target.limit:g}x"
        else:
            assert v.target.unit is not None
            theirs = "—"
            value = show(v.value, v.target.unit)
            spread = (
                f" ({show(v.spread[0], v.target.unit)}–{show(v.spread[1], v.target.unit)})"
                if v.spread
                else ""
            )
            limit = f"≤ {v.target.limit:g} {v.target.unit}"
        rows.append(
            [
                v.target.name,
                f"{v.figure.name} ({statistic})",
                ours,
                theirs,
                value + spread,
                limit,
                "PASS" if v.passed else "FAIL",
            ]
        )
    return rows


VERDICT_HEADERS = [
    "target",
    "figure (statistic)",
    "ours",
    "baseline",
    "judged (rounds)",
    "limit",
    "verdict",
]


def figure_rows(figures: Sequence[Figure]) -> list[list[str]]:
    """One row per figure: name, samples, median, p99, max, range of round medians, what it is."""
    rows = []
    for figure in figures:
        medians = figure.by_round("median")
        rows.append(
            [
                figure.name,
                f"{len(figure.values()):,}",
                figure.shown(figure.stat("median")),
                figure.shown(figure.stat("p99")),
                figure.shown(figure.stat("max")),
                f"{figure.shown(min(medians))}–{figure.shown(max(medians))}",
                figure.label,
            ]
        )
    return rows


FIGURE_HEADERS = ["figure", "samples", "median", "p99", "max", "round medians", "what"]


def render(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, markdown: bool = False
) -> str:
    """The rows as a table: columns padded for a terminal, or a Markdown pipe table.

    In Markdown, the figure columns are set as code, so that a figure's name
    is never read as emphasis.
    """
    if markdown:
        code = [header.startswith("figure") for header in headers]
        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        for row in rows:
            cells = [
                f"`{cell}`" if is_code else cell.replace("|", "\\|")
                for cell, is_code in zip(row, code, strict=True)
            ]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)
    widths = [
        max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)
    ]
    numeric = {"samples", "median", "p99", "max", "ours", "baseline"}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.rjust(width) if header in numeric else cell.ljust(width)
            for header, cell, width in zip(headers, cells, widths, strict=True)
        ).rstrip()

    return "\n".join(
        [line(headers), line(["-" * width for width in widths])] + [line(row) for row in rows]
    )
