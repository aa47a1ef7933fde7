"""The ``consensus`` command: charters, partnerships kept in SQLite, minutes, reports, diagrams.

Exit status: 0 on success; 1 with a one-line reason when an input is refused
(a charter that is not valid, a missing file, a database that is not ours or
whose record was edited); 2 on a usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import pendulum

from . import __version__
from ._charter import Charter, bundled_charter, bundled_charters, load_charter
from ._clock import SimulatedClock, SystemClock, instant_key
from ._codec import events_from_jsonl, events_to_jsonl
from ._errors import ConsensusError, UnknownReference
from ._partnership import Partnership, PartnershipView
from ._workflows import WORKFLOWS, Workflow
from .render import describe, render_minutes, render_report
from .simulation import simulate
from .store import SQLiteStore

__all__ = ["main", "mermaid", "workflows_page"]


class Refused(Exception):
    """An input the command refuses: printed as one line, exit status 1."""


# -- shared pieces


def _instant(text: str | None, what: str = "--at") -> pendulum.DateTime | None:
    if text is None:
        return None
    try:
        parsed = pendulum.parse(text, exact=True)
    except (ValueError, pendulum.parsing.exceptions.ParserError) as err:
        raise Refused(f"{what} {text!r} is not an ISO 8601 instant ({err})") from None
    if not isinstance(parsed, pendulum.DateTime):
        raise Refused(f"{what} {text!r} is not an instant with a date and a time")
    if "T" not in text.upper() or not any(sign in text[10:] for sign in "+-Zz"):
        raise Refused(f"{what} {text!r} needs a time and a UTC offset, such as 2025-01-06T09:00Z")
    if not 1900 <= parsed.year <= 2999:
        raise Refused(f"{what} {text!r} is not between the years 1900 and 2999")
    return parsed


def _existing(path: str) -> SQLiteStore:
    file = Path(path)
    if file.is_dir():
        raise Refused(f"{path}: a directory, not a database")
    if not file.is_file():
        raise Refused(f"{path}: no such database (make one with `consensus init`)")
    if file.stat().st_size == 0:
        raise Refused(f"{path}: an empty file, not a consensus database")
    return SQLiteStore(path)


def _stream(store: SQLiteStore, path: str, stream: str | None) -> str:
    streams = store.streams()
    if stream is not None:
        if stream not in streams:
            raise Refused(f"{path}: there is no stream {stream!r}; it holds {_names(streams)}")
        return stream
    if len(streams) == 1:
        return streams[0]
    if not streams:
        raise Refused(f"{path}: the database holds no partnership yet")
    raise Refused(f"{path}: it holds {_names(streams)}; choose one with --stream")


def _names(items: Sequence[str]) -> str:
    return ", ".join(items) if items else "nothing"


def _load(args: argparse.Namespace) -> tuple[SQLiteStore, str, Partnership]:
    store = _existing(args.db)
    stream = _stream(store, args.db, args.stream)
    return store, stream, Partnership.load(store, stream, clock=SystemClock())


def _view(p: Partnership, at: str | None) -> PartnershipView:
    """The partnership as of ``--at``, or as of now: earlier instants from the log up to them."""
    instant = _instant(at) or pendulum.now("UTC")
    if instant_key(instant) >= instant_key(p.last_event_at):
        return p.as_of(instant)
    # Earlier than the last event: the log up to that instant (a command's
    # events share its instant, so no command is cut in two), already verified.
    upto = [event for event in p.events if instant_key(event.at) <= instant_key(instant)]
    if not upto:
        raise Refused(f"--at {at}: the partnership was drafted later, at {p.events[0].at}")
    return Partnership.replay(upto, registry=p.registry, trusted=True).as_of(instant)


def _progress(done: int, total: int, what: str) -> None:
    """A progress bar on a terminal; nothing when stderr is piped."""
    if sys.stderr.isatty():
        width = 30
        filled = width * done // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done >= total else ""
        _BAR_OPEN[0] = done < total
        print(f"\r[{bar}] {what}: {done:,} of {total:,}", end=end, file=sys.stderr, flush=True)


# Whether a progress bar's line is drawn but not yet ended.
_BAR_OPEN = [False]


def _reporting(what: str) -> Callable[[int, int], None] | None:
    """A ``progress`` for the library's long calls, or None when stderr is piped."""
    if not sys.stderr.isatty():
        return None
    return lambda done, total: _progress(done, total, what)


# -- the commands

#: The charter `init` and `simulate` use when given none.
BUNDLED = "social_care_workforce_partnership"


def _charter_check(args: argparse.Namespace) -> None:
    charter = load_charter(args.file)
    print(
        f"{args.file}: a valid charter, {charter.title!r} version {charter.version}: "
        f"{len(charter.signatories)} signatories, {len(charter.advisors)} advisors, "
        f"chaired by {charter.chair}, decisions by {charter.rule}."
    )


def _charter(name: str | None) -> Charter:
    """A charter file, or (no file of that name) a charter bundled with the package."""
    if name is None:
        return bundled_charter(BUNDLED)
    if not Path(name).exists() and name in bundled_charters():
        return bundled_charter(name)
    return load_charter(name)


def _init(args: argparse.Namespace) -> None:
    charter = _charter(args.charter)
    at = _instant(args.at)
    fresh = not Path(args.db).exists()
    store: SQLiteStore | None = None
    try:
        store = SQLiteStore(args.db)
        if args.stream in store.streams():
            raise Refused(f"{args.db}: it already holds a partnership as {args.stream!r}")
        clock = SystemClock() if at is None else SimulatedClock(at)
        Partnership.draft(charter, clock=clock, store=store, stream=args.stream)
    except BaseException:
        if fresh:  # a refused init leaves no database behind
            if store is not None:
                store.close()
            for suffix in ("", "-wal", "-shm"):
                Path(args.db + suffix).unlink(missing_ok=True)
        raise
    print(f"{args.db}: drafted {charter.title!r} as stream {args.stream!r}, for signature.")


def _status(args: argparse.Namespace) -> None:
    _, stream, p = _load(args)
    view = _view(p, args.at)
    open_ = [q for q in view.proposals.values() if q.state in ("draft", "deliberating")]
    consulting = [q for q in view.proposals.values() if q.state == "consulting"]
    due = view.next_review_due
    print(f"{view.charter.title} ({stream}), as of {view.at.isoformat()}")
    print(f"  state: {view.state}; charter version {view.charter.version}")
    print(f"  active members: {len(view.active_members)} ({_names(sorted(view.active_members))})")
    print(f"  open proposals: {len(open_)}; out to consultation: {len(consulting)}")
    print(
        f"  meetings: {len(view.meetings)}; models in force: "
        f"{sum(1 for m in view.models.values() if m.state == 'in_force')}; milestones "
        f"overdue: {sum(1 for m in view.milestones.values() if m.state == 'overdue')}"
    )
    print(f"  next review due: {due.to_date_string() if due is not None else 'none scheduled'}")
    print(f"  events: {len(view.events)}")


def _log(args: argparse.Namespace) -> None:
    _, _, p = _load(args)
    if args.jsonl:
        sys.stdout.write(events_to_jsonl(p.events))
        return
    zone = p.charter.timezone
    for event in p.events:
        stamp = pendulum.instance(event.at).in_timezone(zone).format("YYYY-MM-DD HH:mm zz")
        print(f"{stamp}  {describe(event)}")


def _verify(args: argparse.Namespace) -> None:
    store = _existing(args.db)
    streams = [_stream(store, args.db, args.stream)] if args.stream else list(store.streams())
    if not streams:
        raise Refused(f"{args.db}: the database holds no partnership yet")
    for number, stream in enumerate(streams, start=1):
        count = store.verify(stream)
        Partnership.load(
            store, stream, clock=SystemClock(), progress=_reporting(f"{stream}: events replayed")
        )
        _progress(number, len(streams), "streams verified")
        print(
            f"{args.db}: {stream}: {count} events, hash chain intact, replayed strictly; "
            f"head {store.head(stream)}"
        )


def _minutes(args: argparse.Namespace) -> None:
    _, _, p = _load(args)
    sys.stdout.write(render_minutes(p, args.meeting))


def _report(args: argparse.Namespace) -> None:
    _, _, p = _load(args)
    sys.stdout.write(render_report(p, at=_instant(args.at)))


def mermaid(machine: Workflow) -> str:
    """A workflow as a mermaid ``stateDiagram-v2``: the same declaration commands and replay use.

    Examples:
        >>> import consensus as cs
        >>> from consensus._cli import mermaid
        >>> print(mermaid(cs.workflow("meeting")), end="")
        stateDiagram-v2
            [*] --> convened
            convened --> convened : send_apologies
            in_session --> in_session : send_apologies
            convened --> convened : attend
            in_session --> in_session : attend
            convened --> in_session : open
            in_session --> closed : close
            convened --> cancelled : cancel
            closed --> [*]
            cancelled --> [*]
    """
    lines = ["stateDiagram-v2", f"    [*] --> {machine.initial}"]
    for source, trigger, dest in machine.transitions:
        lines.append(f"    {source} --> {dest if dest is not None else source} : {trigger}")
    lines += [
        f"    {state} --> [*]" for state in machine.states if state in machine.terminal_states
    ]
    return "\n".join(lines) + "\n"


def workflows_page() -> str:
    """``docs/workflows.md``: every workflow's diagram, drawn by :func:`mermaid` (tested current)."""
    parts = [
        "# Workflows\n",
        "Each record moves through a workflow declared once, as data, in",
        "`consensus/_workflows.py`; the same declaration decides which commands may",
        "fire, replays the log and draws these diagrams (`consensus diagram",
        "[WORKFLOW]` prints them). A self-loop is a command that changes the record",
        "without moving it; `[*]` marks where a record starts and the states it",
        "never leaves. This page is generated: `python -m consensus._cli` rewrites",
        "it, and a test fails when it is out of date.\n",
    ]
    for name, machine in WORKFLOWS.items():
        parts += [f"## {name}\n", "```mermaid", mermaid(machine).rstrip("\n"), "```\n"]
    return "\n".join(parts)


def _diagram(args: argparse.Namespace) -> None:
    names = [args.workflow] if args.workflow else list(WORKFLOWS)
    for name in names:
        if name not in WORKFLOWS:
            raise UnknownReference("workflow", name, sorted(WORKFLOWS))
    # One workflow is one mermaid diagram; all of them, a Markdown page of diagrams.
    sys.stdout.write(mermaid(WORKFLOWS[names[0]]) if args.workflow else workflows_page())


def _simulate(args: argparse.Namespace) -> None:
    charter = _charter(args.charter)
    if args.seed < 0:
        raise Refused(f"--seed {args.seed}: a seed is a whole number, 0 or more")
    if args.minutes and Path(args.minutes).exists() and not Path(args.minutes).is_dir():
        raise Refused(f"{args.minutes}: not a directory, so no minutes can be written there")
    p = simulate(
        charter, seed=args.seed, years=args.years, progress=_reporting("quarters simulated")
    )
    held = [mid for mid, meeting in p.meetings.items() if meeting.state != "convened"]
    if args.db:
        store = SQLiteStore(args.db)
        if args.stream in store.streams():
            raise Refused(f"{args.db}: it already holds a partnership as {args.stream!r}")
        store.append(args.stream, p.events, expected_version=0)
    if args.minutes:
        folder = Path(args.minutes)
        folder.mkdir(parents=True, exist_ok=True)
        for number, mid in enumerate(held, start=1):
            (folder / f"{mid}.md").write_text(render_minutes(p, mid), encoding="utf-8")
            _progress(number, len(held), "minutes written")
    kept = f"; kept in {args.db} as {args.stream!r}" if args.db else ""
    wrote = f"; minutes in {Path(args.minutes)}/" if args.minutes else ""
    print(
        f"{charter.title}: {args.years} simulated year(s), seed {args.seed}: "
        f"{len(p.events)} events, {len(held)} meetings, {len(p.proposals)} proposals{kept}{wrote}."
    )


def _export(args: argparse.Namespace) -> None:
    store = _existing(args.db)
    stream = _stream(store, args.db, args.stream)
    sys.stdout.write(events_to_jsonl(store.read(stream)))


def _import(args: argparse.Namespace) -> None:
    try:
        text = Path(args.file).read_text(encoding="utf-8-sig")  # a byte-order mark is no event
    except (OSError, UnicodeDecodeError) as err:
        raise Refused(f"{args.file}: cannot read it ({err})") from None
    if sys.stderr.isatty():
        print(f"reading {args.file}: {text.count(chr(10)):,} lines", file=sys.stderr, flush=True)
    try:
        events = list(events_from_jsonl(text))
        if not events:
            raise Refused(f"{args.file}: it holds no events")
        # Strict replay refuses any log the library could not have written.
        Partnership.replay(events, progress=_reporting("events replayed"))
    except ConsensusError as err:
        raise Refused(f"{args.file}: {err}") from None
    store = SQLiteStore(args.db)
    if args.stream in store.streams():
        raise Refused(f"{args.db}: it already holds a partnership as {args.stream!r}")
    store.append(args.stream, events, expected_version=0)
    print(f"{args.db}: imported {len(events)} events from {args.file} as {args.stream!r}.")


# -- the parser


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="consensus",
        description="Consensus decision-making for partnerships under a memorandum of "
        "understanding: charters, partnerships kept in SQLite, minutes and reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Callable[[argparse.Namespace], None], text: str) -> Any:
        sub = commands.add_parser(name, help=text, description=text)
        sub.set_defaults(run=run)
        return sub

    def stream_option(sub: Any, default: str | None = None) -> None:
        sub.add_argument(
            "--stream",
            default=default,
            help="the partnership's stream in the database"
            + (f" (default: {default})" if default else " (default: the only one)"),
        )

    charter = commands.add_parser("charter", help="work with charter files")
    charter_commands = charter.add_subparsers(dest="charter_command", required=True)
    check = charter_commands.add_parser("check", help="check that a charter file is valid")
    check.add_argument("file")
    check.set_defaults(run=_charter_check)

    sub = command("init", _init, "draft a partnership from a charter into a database")
    sub.add_argument("db")
    sub.add_argument(
        "--charter",
        help=f"a charter's TOML file, or the name of a bundled one (default: {BUNDLED})",
    )
    sub.add_argument("--at", help="when it is drafted (ISO 8601 with an offset; default: now)")
    stream_option(sub, "partnership")

    for name, run, text in (
        ("status", _status, "summarise the partnership"),
        ("report", _report, "print the monitoring report (Markdown)"),
    ):
        sub = command(name, run, text)
        sub.add_argument("db")
        sub.add_argument("--at", help="as of this instant (ISO 8601 with an offset)")
        stream_option(sub)

    sub = command("log", _log, "print the log, a sentence an event")
    sub.add_argument("db")
    sub.add_argument("--jsonl", action="store_true", help="the canonical JSON Lines instead")
    stream_option(sub)

    sub = command("verify", _verify, "verify the hash chain and replay each stream strictly")
    sub.add_argument("db")
    stream_option(sub)

    sub = command("minutes", _minutes, "print a meeting's minutes (Markdown)")
    sub.add_argument("db")
    sub.add_argument("meeting", help="the meeting's id, such as m-0001")
    stream_option(sub)

    sub = command("diagram", _diagram, "print workflows as mermaid state diagrams")
    sub.add_argument("workflow", nargs="?", help=f"one of {', '.join(WORKFLOWS)} (default: all)")

    sub = command("simulate", _simulate, "simulate years of a partnership, seeded")
    sub.add_argument("--seed", type=int, required=True)
    sub.add_argument("--years", type=int, required=True)
    sub.add_argument(
        "--charter",
        help=f"a charter's TOML file, or the name of a bundled one (default: {BUNDLED})",
    )
    sub.add_argument("--db", help="keep the simulated log in this database")
    sub.add_argument("--minutes", metavar="DIR", help="write each meeting's minutes here")
    stream_option(sub, "simulation")

    sub = command("export", _export, "write a stream's log as JSON Lines")
    sub.add_argument("db")
    stream_option(sub)

    sub = command("import", _import, "store a JSON Lines log after strict replay")
    sub.add_argument("db")
    sub.add_argument("file")
    stream_option(sub, "partnership")
    return parser


def _refuse(message: str) -> NoReturn:
    if _BAR_OPEN[0]:  # end an unfinished progress bar's line first
        print(file=sys.stderr)
    print(f"consensus: {' '.join(message.split())}", file=sys.stderr)
    raise SystemExit(1)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``consensus`` command; returns its exit status (argparse exits 2 itself)."""
    args = _parser().parse_args(argv)
    try:
        args.run(args)
    except (ConsensusError, Refused) as err:
        _refuse(str(err))
    except BrokenPipeError:  # a reader that stopped early, such as `| head`
        return 0
    except KeyboardInterrupt:  # Ctrl-C: stop quietly, as shells expect
        if _BAR_OPEN[0]:
            print(file=sys.stderr)
        return 130
    except OSError as err:
        _refuse(f"{err.filename or ''}: {err.strerror or err}".lstrip(": "))
    return 0


if __name__ == "__main__":  # pragma: no cover - regenerates docs/workflows.md
    _docs = Path(__file__).parents[2] / "docs"
    if not _docs.is_dir():
        sys.exit("consensus: run this from a checkout of consensus: it rewrites docs/workflows.md")
    (_docs / "workflows.md").write_text(workflows_page(), encoding="utf-8")
