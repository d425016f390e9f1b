"""What every command shares: the context, reading the cards, messages, argument types.

Exit codes, for every command: 0 when the work is done, 1 when it found what it looks for
(invalid cards for ``validate``, files to reformat for ``fmt --check``) or could not do all
of it (a file it could not write; a broken card, except for ``rank``, ``dedup`` and
``export``, which list broken cards on stderr and exit 0 unless ``--strict``), 2 for a usage
error (a bad option, a path that does not exist).
"""

from __future__ import annotations

import argparse
import functools
import math
import re
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO, TypeVar

import attrs

from newscard._batch import AUTO_MIN_JOBS, LoadError, find_cards, map_cards, worker_count
from newscard._errors import NewscardError
from newscard._limits import DEFAULT_LIMITS
from newscard._model import Article
from newscard._scalars import parse_time

from ._output import json_text, safe

__all__ = [
    "FOUND",
    "OK",
    "USAGE",
    "Commands",
    "Context",
    "Progress",
    "UsageError",
    "broken_exit",
    "describe",
    "formats",
    "isatty",
    "json_text",
    "moment",
    "number",
    "parse_duration",
    "plural",
    "positive_int",
    "reason",
    "strict",
    "workers",
]

OK, FOUND, USAGE = 0, 1, 2

_R = TypeVar("_R")

Commands = argparse._SubParsersAction  # noqa: SLF001 - what add_subparsers returns

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)([smhdw])")


class UsageError(Exception):
    """A problem with the command line itself: exit code 2."""


class Progress:
    """A one-line progress bar on stderr, drawn only on a terminal and only for long runs."""

    _DELAY = 0.3
    _EVERY = 0.1

    def __init__(self, stream: TextIO, total: int, label: str, enabled: bool) -> None:
        self.stream = stream
        self.total = total
        self.label = label
        self.enabled = enabled and total > 0
        self.done = 0
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def advance(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < self._DELAY or now - self.last < self._EVERY:
            return
        self.last = now
        width = 30
        filled = width * self.done // self.total
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


@attrs.define
class Context:
    """One run of a command: its arguments, its streams and the progress bar."""

    args: argparse.Namespace
    out: TextIO
    err: TextIO
    progress: Progress = attrs.field(
        default=attrs.Factory(lambda ctx: Progress(ctx.err, 0, "", enabled=False), takes_self=True)
    )
    """The bar of the files being read; a disabled one, never drawn, until then."""
    on_skip: Callable[[Path, str], None] | None = None
    """What to do with a file passed over while looking for cards (default: warn)."""
    broken: int = 0
    """Files that could not be read, counted by ``results``."""
    keep: Callable[[Path], bool] | None = None
    """Which of the files found to read (default: all)."""

    def say(self, line: str) -> None:
        """A line of the report on stdout, every unsafe character escaped."""
        self.progress.clear()
        self.out.write(safe(line) + "\n")

    def warn(self, line: str) -> None:
        """A line on stderr, clearing the progress bar first; unsafe characters escaped."""
        self.progress.clear()
        self.err.write(safe(line) + "\n")

    def skipped(self, path: Path, why: str) -> None:
        """A file passed over while looking for cards (``find_cards``' ``on_skip``)."""
        self.warn(f"{path}: {why}")

    def data(self, text: str) -> None:
        """Machine-readable output (JSON, CSV): UTF-8 on stdout whatever the locale."""
        raw = getattr(self.out, "buffer", None)
        if raw is None:
            self.out.write(text)
            return
        self.out.flush()
        raw.write(text.encode("utf-8"))
        raw.flush()

    def note(self, line: str) -> None:
        """A summary line on stderr, unless ``--quiet``."""
        if not self.args.quiet:
            self.warn(line)

    def outcomes(
        self, label: str, job: Callable[[Path, Article], _R | None]
    ) -> Iterator[tuple[Path, _R | LoadError]]:
        """``job(path, card)`` for every file named on the command line, in path order.

        The files are read, and the job run, in worker processes when ``--workers`` asks
        for them; cards that ``--since``, ``--type``... leave out give nothing (the job
        returns None for them, where they were read). A file that cannot be read gives
        its error.
        """
        paths = self.files()  # found once: a file gone by now is a file that cannot be read
        chosen = getattr(self.args, "selection", None)
        if chosen is not None and not chosen.everything:
            job = functools.partial(_chosen, chosen, job)
        count = worker_count(self.args.workers, len(paths), AUTO_MIN_JOBS)
        enabled = not self.args.quiet and isatty(self.err)
        self.progress = Progress(self.err, len(paths), label, enabled)
        results = map_cards(paths, job, workers=count, limits=DEFAULT_LIMITS)
        try:
            for path, outcome in results:
                self.progress.advance()
                if outcome is not None:
                    yield path, outcome
        finally:
            results.close()
            self.progress.clear()

    def files(self) -> list[Path]:
        try:
            found = find_cards(
                self.args.paths,
                exclude=[glob for globs in self.args.exclude or () for glob in globs],
                on_skip=self.on_skip or self.skipped,
            )
        except FileNotFoundError as error:
            raise UsageError(f"no such file or folder: {error.filename}") from None
        return found if self.keep is None else [path for path in found if self.keep(path)]

    def results(
        self, label: str, job: Callable[[Path, Article], _R | None]
    ) -> Iterator[tuple[Path, _R]]:
        """The jobs' results for the cards that load; broken files listed on stderr.

        ``broken`` counts those files once the iteration is over.
        """
        self.broken = 0
        for path, outcome in self.outcomes(label, job):
            if isinstance(outcome, (NewscardError, OSError)):
                self.broken += 1
                self.warn(describe(outcome))
            else:
                yield path, outcome


def _chosen(
    chosen: Callable[[Article], bool], job: Callable[[Path, Article], _R], path: Path, card: Article
) -> _R | None:
    return job(path, card) if chosen(card) else None


def isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def describe(error: LoadError) -> str:
    """``file:line:col: key.path: message`` for a broken card, ``file: message`` otherwise."""
    if isinstance(error, NewscardError):
        return str(error)
    return f"{error.filename}: cannot read: {reason(error)}"


def reason(error: OSError) -> str:
    """What went wrong, without the file name.

    ``str(error)`` would repeat the name, or read ``[Errno None] None: 'file'`` for an error
    without a system message that was given its file name after the fact.
    """
    return error.strerror or "; ".join(map(str, error.args)) or type(error).__name__


def broken_exit(ctx: Context, broken: int) -> int:
    if broken:
        ctx.note(f"{broken} broken file{plural(broken)} left out (listed above)")
    return FOUND if broken and ctx.args.strict else OK


def plural(number: int) -> str:
    return "" if number == 1 else "s"


# --- argument types ---------------------------------------------------------------------------


def parse_duration(text: str) -> timedelta:
    """``90m``, ``24h``, ``7d``, ``2w``, ``1d12h``, ``1.5h``: a positive duration."""
    spec = text.strip().lower()
    parts = _DURATION.findall(spec)
    if not parts or "".join(number + unit for number, unit in parts) != spec:
        message = f"not a duration: {text!r} (use a number and a unit: 90m, 24h, 7d, 2w)"
        raise argparse.ArgumentTypeError(message)
    seconds = sum(float(number) * _UNITS[unit] for number, unit in parts)
    if seconds <= 0 or not math.isfinite(seconds):
        raise argparse.ArgumentTypeError(f"the duration must be positive, got {text!r}")
    try:
        duration = timedelta(seconds=seconds)
    except OverflowError:
        raise argparse.ArgumentTypeError(f"too long a duration: {text!r}") from None
    if not duration:
        message = f"too short a duration: {text!r} (the shortest is 1 microsecond)"
        raise argparse.ArgumentTypeError(message)
    return duration


def moment(text: str) -> datetime:
    try:
        return parse_time(text)
    except (ValueError, OverflowError):
        message = f"not a timestamp: {text!r} (use ISO 8601: 2024-03-08T12:00:00Z)"
        raise argparse.ArgumentTypeError(message) from None


def positive_int(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


def number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if math.isnan(value):
        raise argparse.ArgumentTypeError("not a number: nan")
    return value


def workers(text: str) -> int | str:
    if text == "auto":
        return text
    return positive_int(1)(text)


# --- options several commands share -----------------------------------------------------------


def formats(sub: argparse.ArgumentParser, choices: tuple[str, ...], default: str) -> None:
    """``--format CHOICE``, and ``--CHOICE`` for each machine-readable one."""
    sub.add_argument(
        "--format", choices=choices, default=default, help=f"output format ({default})"
    )
    for choice in choices:
        if choice not in (default, "text", "table"):
            sub.add_argument(
                f"--{choice}",
                dest="format",
                action="store_const",
                const=choice,
                help=f"same as --format {choice}",
            )


def strict(sub: argparse.ArgumentParser, what: str) -> None:
    sub.add_argument("--strict", action="store_true", help=what)
