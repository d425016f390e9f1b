"""The ``newscard`` command: validate, format, dedup, rank and export folders of cards.

Exit codes, for every command: 0 when the work is done, 1 when it found what it looks for
(invalid cards for ``validate``, files to reformat for ``fmt --check``) or could not do all
of it (a file it could not write; a broken card, except for ``rank``, ``dedup`` and
``export``, which list broken cards on stderr and exit 0 unless ``--strict``), 2 for a usage
error (a bad option, a path that does not exist).
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import json
import math
import os
import re
import shutil
import stat
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TextIO

import attrs

from ._batch import LoadError, LoadResults, find_cards
from ._convert import to_dict
from ._dedup import duplicate_groups
from ._errors import NewscardError
from ._hygiene import check, repair_mojibake
from ._jsonschema import json_schema
from ._limits import DEFAULT_LIMITS
from ._model import Article
from ._rank import decayed_score, rank
from ._reader import loads
from ._scalars import format_time, parse_time
from ._urls import canonical_url
from ._version import __version__
from ._writer import dumps, write_atomic

__all__ = ["main"]

OK, FOUND, USAGE = 0, 1, 2

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)([smhdw])")
_TITLE_WIDTH = 56
_PROVIDER_WIDTH = 22
_CSV_COLUMNS = (
    "title",
    "publishedDateTime",
    "webUrl",
    "provider",
    "domain",
    "quality",
    "heat",
    "topics",
    "file",
)


class _UsageError(Exception):
    """A problem with the command line itself: exit code 2."""


# --- progress and messages -------------------------------------------------------------------


class _Progress:
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
class _Context:
    args: argparse.Namespace
    out: TextIO
    err: TextIO
    progress: _Progress = attrs.field(
        default=attrs.Factory(lambda ctx: _Progress(ctx.err, 0, "", enabled=False), takes_self=True)
    )
    """The bar of the files being read; a disabled one, never drawn, until then."""

    def warn(self, line: str) -> None:
        """A line on stderr, clearing the progress bar first."""
        self.progress.clear()
        self.err.write(line + "\n")

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

    def outcomes(self, label: str) -> Iterator[tuple[Path, Article | LoadError]]:
        """Every file named on the command line, read in order, with a progress bar."""
        paths = self.files()  # found once: a file gone by now is a file that cannot be read
        results = LoadResults(paths, "collect", self.args.workers, DEFAULT_LIMITS)
        enabled = not self.args.quiet and _isatty(self.err)
        self.progress = _Progress(self.err, len(paths), label, enabled)
        try:
            for path, outcome in results.outcomes():
                self.progress.advance()
                yield path, outcome
        finally:
            results.close()
            self.progress.clear()

    def files(self) -> list[Path]:
        try:
            return find_cards(self.args.paths)
        except FileNotFoundError as error:
            raise _UsageError(f"no such file or folder: {error.filename}") from None

    def cards(self, label: str) -> tuple[list[tuple[Path, Article]], int]:
        """The cards that load, broken files listed on stderr; and how many were broken."""
        cards: list[tuple[Path, Article]] = []
        broken = 0
        for path, outcome in self.outcomes(label):
            if isinstance(outcome, Article):
                cards.append((path, outcome))
            else:
                broken += 1
                self.warn(_describe(outcome))
        return cards, broken


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _describe(error: LoadError) -> str:
    """``file:line:col: key.path: message`` for a broken card, ``file: message`` otherwise."""
    if isinstance(error, NewscardError):
        return str(error)
    return f"{error.filename}: cannot read: {_reason(error)}"


def _reason(error: OSError) -> str:
    """What went wrong, without the file name.

    ``str(error)`` would repeat the name, or read ``[Errno None] None: 'file'`` for an error
    without a system message that was given its file name after the fact.
    """
    return error.strerror or "; ".join(map(str, error.args)) or type(error).__name__


def _broken_exit(ctx: _Context, broken: int) -> int:
    if broken:
        plural = "s" if broken != 1 else ""
        ctx.note(f"{broken} broken file{plural} left out (listed above)")
    return FOUND if broken and ctx.args.strict else OK


# --- validate --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Problem:
    file: str
    line: int | None
    column: int | None
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line, self.column) if p is not None)
        parts = [where]
        if self.path:
            parts.append(self.path)
        parts.append(f"warning: {self.message}" if self.severity == "warning" else self.message)
        return ": ".join(parts)


def _problem(error: LoadError, path: Path) -> _Problem:
    if isinstance(error, NewscardError):
        return _Problem(
            file=error.filename or os.fspath(path),
            line=error.line,
            column=error.column,
            path=error.path,
            message=error.message,
            severity="error",
        )
    message = f"cannot read: {_reason(error)}"
    file = os.fspath(path)
    return _Problem(file=file, line=None, column=None, path="", message=message, severity="error")


def _locate(text: str, value: str) -> tuple[int | None, int | None]:
    """Where a value first appears in a card's text, so that warnings point at their line.

    The whole value first, then its start (a quoted value may hold escapes further on);
    no position when neither is found.
    """
    for candidate in (value, value[:40], value[:16]):
        index = text.find(candidate) if candidate else -1
        if index >= 0:
            if index > 0 and text[index - 1] in "\"'":  # point at the quote, as errors do
                index -= 1
            line = text.count("\n", 0, index) + 1
            return line, index - (text.rfind("\n", 0, index) + 1) + 1
    return None, None


def _validate(ctx: _Context) -> int:
    problems: list[_Problem] = []
    checked = errors = warnings = 0
    as_json = ctx.args.format == "json"
    for path, outcome in ctx.outcomes("validating"):
        checked += 1
        found: list[_Problem] = []
        if isinstance(outcome, Article):
            for finding in check(outcome):
                line, column = _locate(outcome.source_text or "", finding.value)
                found.append(
                    _Problem(
                        file=os.fspath(path),
                        line=line,
                        column=column,
                        path=finding.path,
                        message=finding.message,
                        severity="warning",
                    )
                )
            warnings += len(found)
        else:
            found.append(_problem(outcome, path))
            errors += 1
        if as_json:
            problems.extend(found)
        else:
            for problem in found:
                ctx.progress.clear()
                ctx.out.write(f"{problem}\n")
    if as_json:
        ctx.data(_json([attrs.asdict(p) for p in problems]))
    ctx.note(
        f"{checked} file{_s(checked)} checked: {errors} invalid, {warnings} warning{_s(warnings)}"
    )
    return FOUND if errors or (warnings and ctx.args.strict) else OK


def _s(number: int) -> str:
    return "" if number == 1 else "s"


# --- fmt -------------------------------------------------------------------------------------


def _unwritable(path: Path) -> str | None:
    """Why a file must not be rewritten, or None.

    A file without any write permission bit is read-only by intent, even for root (whom
    the operating system would let write it); ``write_atomic`` replaces the file by
    renaming, so the mode is checked here rather than left to the write to fail.
    """
    mode = os.stat(path).st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return "read-only file"
    if not os.access(path, os.W_OK):
        return "permission denied"
    return None


def _fmt(ctx: _Context) -> int:
    checking = ctx.args.check
    failed = changed = unchanged = 0
    for path, outcome in ctx.outcomes("formatting"):
        if not isinstance(outcome, Article):
            failed += 1
            ctx.warn(_describe(outcome))
            continue
        card = repair_mojibake(outcome) if ctx.args.repair_mojibake else outcome
        text = dumps(attrs.evolve(card, source=None))
        if text == outcome.source_text:
            unchanged += 1
            continue
        try:
            same = loads(text) == card
        except NewscardError:
            same = False
        if not same:  # a guard against an emitter bug, never seen
            failed += 1
            ctx.warn(f"{path}: cannot be reformatted without changing its data; left unchanged")
            continue
        changed += 1
        if checking:
            ctx.out.write(f"would reformat {path}\n")
            continue
        try:
            reason = _unwritable(path)
            if reason is None:
                write_atomic(os.fspath(path), text.encode("utf-8"))
        except OSError as error:
            reason = _reason(error)
        if reason is not None:
            failed += 1
            changed -= 1
            ctx.warn(f"{path}: cannot write: {reason}; left unchanged")
            continue
        ctx.out.write(f"reformatted {path}\n")
    verb = "would be reformatted" if checking else "reformatted"
    summary = f"{changed} file{_s(changed)} {verb}, {unchanged} already formatted"
    ctx.note(summary + (f", {failed} failed" if failed else ""))
    return FOUND if failed or (checking and changed) else OK


# --- dedup -----------------------------------------------------------------------------------


def _move_aside(source: Path, folder: Path) -> Path:
    """Move a file into ``folder`` under its own name, or ``name-1.md``... if that is taken.

    Never overwrites: a hard link claims the new name atomically (a copy opened with
    ``x`` where links are not possible, across file systems for one), then the original
    goes.
    """
    folder.mkdir(parents=True, exist_ok=True)
    number = 0
    while True:
        name = source.name if number == 0 else f"{source.stem}-{number}{source.suffix}"
        target = folder / name
        number += 1
        try:
            os.link(source, target)
        except FileExistsError:
            continue
        except OSError:
            try:
                with open(source, "rb") as reader, open(target, "xb") as writer:
                    shutil.copyfileobj(reader, writer)
            except FileExistsError:
                continue
            shutil.copystat(source, target)
        os.unlink(source)
        return target


def _card_summary(path: Path, card: Article) -> dict[str, Any]:
    return {"file": os.fspath(path), "title": card.title, "quality": card.quality}


def _dedup(ctx: _Context) -> int:
    args = ctx.args
    target = None if args.move_to is None else Path(args.move_to)
    if target is not None and target.exists() and not target.is_dir():
        raise _UsageError(f"--move-to: not a folder: {target}")
    cards, broken = ctx.cards("reading")
    if target is not None:  # files already moved aside are not read again
        inside = target.resolve()
        cards = [(p, c) for p, c in cards if inside not in p.resolve().parents]
    key = None
    if args.loose:
        key = functools.partial(canonical_url, drop_www=True, strip_amp_path=True)
    groups = duplicate_groups([card for _, card in cards], key=key)
    report: list[dict[str, Any]] = []
    for group in groups:
        survivor_path = cards[group.survivor_index][0]
        others = [index for index in group.indices if index != group.survivor_index]
        entry = _card_summary(survivor_path, group.survivor)
        entry["duplicates"] = [
            {**_card_summary(cards[index][0], card), "canonicalUrl": url}
            for index, (card, url) in zip(others, group.links, strict=True)
        ]
        report.append(entry)
    if target is not None:
        for entry in report:
            for duplicate in entry["duplicates"]:
                duplicate["movedTo"] = os.fspath(_move_aside(Path(duplicate["file"]), target))
    if args.format == "json":
        ctx.data(_json(report))
    else:
        for entry in report:
            ctx.out.write(f"{entry['file']}: keep ({_quality(entry)}) {entry['title']}\n")
            for duplicate in entry["duplicates"]:
                ctx.out.write(f"  {duplicate['file']}: duplicate ({_quality(duplicate)})")
                ctx.out.write(f" via {duplicate['canonicalUrl']}\n")
                if "movedTo" in duplicate:
                    ctx.out.write(f"    moved to {duplicate['movedTo']}\n")
    dropped = sum(len(entry["duplicates"]) for entry in report)
    groups_found = len(report)
    ctx.note(f"{groups_found} group{_s(groups_found)} of duplicates, {dropped} to drop")
    return _broken_exit(ctx, broken)


def _quality(entry: dict[str, Any]) -> str:
    quality = entry["quality"]
    return "no quality" if quality is None else f"quality {quality}"


# --- rank ------------------------------------------------------------------------------------


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
    return timedelta(seconds=seconds)


def _moment(text: str) -> datetime:
    try:
        return parse_time(text)
    except (ValueError, OverflowError):
        message = f"not a timestamp: {text!r} (use ISO 8601: 2024-03-08T12:00:00Z)"
        raise argparse.ArgumentTypeError(message) from None


def _positive_int(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if math.isnan(value):
        raise argparse.ArgumentTypeError("not a number: nan")
    return value


def _rank(ctx: _Context) -> int:
    args = ctx.args
    cards, broken = ctx.cards("reading")
    where = {id(card): path for path, card in cards}
    now = args.now or datetime.now(timezone.utc)
    ranked = rank(
        [card for _, card in cards],
        limit=args.limit,
        min_quality=args.min_quality,
        max_per_provider=args.max_per_provider,
        half_life=args.half_life,
        now=now,
    )
    rows: list[dict[str, Any]] = []
    for position, card in enumerate(ranked, 1):
        provider = card.provider
        row: dict[str, Any] = {
            "rank": position,
            "quality": card.quality,
            "heat": card.heat,
        }
        if args.half_life is not None:
            score = decayed_score(card, half_life=args.half_life, now=now)
            row["score"] = None if score is None else round(score, 2)
        moment = card.published_date_time
        row["publishedDateTime"] = None if moment is None else format_time(moment)
        row["provider"] = None if provider is None else provider.name
        row["domain"] = None if provider is None else provider.domain
        row["title"] = card.title
        row["webUrl"] = card.web_url
        row["file"] = os.fspath(where[id(card)])
        rows.append(row)
    if args.format == "json":
        ctx.data(_json(rows))
    elif args.format == "csv":
        table = io.StringIO()
        _write_csv(table, rows, list(rows[0]) if rows else _rank_columns(args))
        ctx.data(table.getvalue())
    else:
        _table(ctx.out, rows, args.half_life is not None)
    return _broken_exit(ctx, broken)


def _rank_columns(args: argparse.Namespace) -> list[str]:
    score = ["score"] if args.half_life is not None else []
    columns = ["publishedDateTime", "provider", "domain", "title", "webUrl", "file"]
    return ["rank", "quality", "heat", *score, *columns]


def _clip(text: str | None, width: int) -> str:
    text = "" if text is None else " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(out: TextIO, rows: list[dict[str, Any]], with_score: bool) -> None:
    heads = ["#", "quality", "heat", *(["score"] if with_score else []), "date"]
    heads += ["provider", "title", "file"]
    cells: list[list[str]] = []
    for row in rows:
        date = row["publishedDateTime"]
        line = [str(row["rank"]), _cell(row["quality"]), _cell(row["heat"])]
        if with_score:
            line.append("-" if row["score"] is None else f"{row['score']:.1f}")
        line.append("-" if date is None else date[:16].replace("T", " "))
        line.append(_clip(row["provider"] or row["domain"] or "-", _PROVIDER_WIDTH))
        line.append(_clip(row["title"], _TITLE_WIDTH))
        line.append(row["file"])
        cells.append(line)
    numeric = 4 if with_score else 3
    widths = [max(len(line[i]) for line in [heads, *cells]) for i in range(len(heads))]
    for line in [heads, *cells]:
        padded = [
            text.rjust(width) if i < numeric else text.ljust(width)
            for i, (text, width) in enumerate(zip(line, widths, strict=True))
        ]
        out.write("  ".join(padded).rstrip() + "\n")


def _cell(value: int | None) -> str:
    return "-" if value is None else str(value)


# --- export ----------------------------------------------------------------------------------


def _csv_row(path: Path, card: Article) -> dict[str, Any]:
    provider = card.provider
    moment = card.published_date_time
    return {
        "title": card.title,
        "publishedDateTime": None if moment is None else format_time(moment),
        "webUrl": card.web_url,
        "provider": None if provider is None else provider.name,
        "domain": None if provider is None else provider.domain,
        "quality": card.quality,
        "heat": card.heat,
        "topics": ";".join(card.topics),
        "file": os.fspath(path),
    }


def _write_csv(out: TextIO, rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _export(ctx: _Context) -> int:
    args = ctx.args
    cards, broken = ctx.cards("reading")
    buffer = io.StringIO()
    if args.format == "csv":
        _write_csv(buffer, [_csv_row(path, card) for path, card in cards], _CSV_COLUMNS)
    else:
        objects = []
        for path, card in cards:
            data = to_dict(card, json=True)
            if args.with_file:
                data["file"] = os.fspath(path)
            objects.append(data)
        if args.format == "jsonl":
            for data in objects:
                buffer.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            buffer.write(_json(objects))
    if args.output in (None, "-"):
        ctx.data(buffer.getvalue())
    else:
        try:
            write_atomic(args.output, buffer.getvalue().encode("utf-8"))
        except OSError as error:
            ctx.warn(f"{args.output}: cannot write: {_reason(error)}")
            return FOUND
        ctx.note(f"{len(cards)} card{_s(len(cards))} written to {args.output}")
    return _broken_exit(ctx, broken)


# --- schema ----------------------------------------------------------------------------------


def _schema(ctx: _Context) -> int:
    ctx.data(_json(json_schema()))
    return OK


# --- the parser ------------------------------------------------------------------------------


def _workers(text: str) -> int | str:
    if text == "auto":
        return text
    return _positive_int(1)(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newscard",
        description="Check, format, dedup, rank and export news cards "
        "(Markdown files with YAML front matter).",
        epilog="Run 'newscard COMMAND --help' for a command's options. Folders are searched "
        "recursively for *.md files; files named explicitly are read whatever their name.",
    )
    parser.add_argument("--version", action="version", version=f"newscard {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("paths", nargs="+", metavar="PATH", help="card files or folders")
    common.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    common.add_argument(
        "-j",
        "--workers",
        type=_workers,
        default=1,
        metavar="N",
        help="processes to read cards with (default 1: none); 'auto': one per CPU for "
        "batches of 2000 files or more",
    )

    def formats(sub: argparse.ArgumentParser, choices: Sequence[str], default: str) -> None:
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

    sub = commands.add_parser(
        "validate",
        parents=[common],
        help="check cards; list every problem",
        description="Check cards: one line per problem, 'file:line:col: key.path: message'. "
        "Also warns about unsafe URLs (javascript:, data:, vbscript:) and mojibake. "
        "Exit 1 if a card is invalid (or, with --strict, has a warning).",
    )
    formats(sub, ("text", "json"), "text")
    strict(sub, "warnings count as failures (exit 1)")
    sub.set_defaults(run=_validate)

    sub = commands.add_parser(
        "fmt",
        parents=[common],
        help="rewrite cards in the reference style",
        description="Rewrite cards in the reference style, atomically; files already in that "
        "style are not touched. Read-only files are left alone (exit 1).",
    )
    sub.add_argument("--check", action="store_true", help="list what would change; exit 1 if any")
    sub.add_argument(
        "--repair-mojibake",
        action="store_true",
        help="also repair text that was UTF-8 read as cp1252 (review with validate first)",
    )
    sub.set_defaults(run=_fmt)

    sub = commands.add_parser(
        "dedup",
        parents=[common],
        help="find cards that name the same page",
        description="Report groups of cards that share a canonical URL: the card to keep "
        "(highest quality, then the first by path) and its duplicates, with the URL that "
        "links each. Broken cards are listed on stderr (exit 0 unless --strict).",
    )
    formats(sub, ("text", "json"), "text")
    sub.add_argument(
        "--move-to",
        metavar="DIR",
        help="move duplicate files (never the kept ones) into DIR, keeping their names "
        "(name-1.md... if taken); nothing is deleted; files already in DIR are not read",
    )
    sub.add_argument(
        "--loose", action="store_true", help="no effect: www. and AMP variants merge by default"
    )
    strict(sub, "broken cards make the exit code 1")
    sub.set_defaults(run=_dedup)

    sub = commands.add_parser(
        "rank",
        parents=[common],
        help="list cards best first",
        description="List cards best first: quality, then heat, then the newer date; with "
        "--half-life, quality decays with age. Broken cards are listed on stderr (exit 0 "
        "unless --strict).",
    )
    formats(sub, ("table", "json", "csv"), "table")
    sub.add_argument("--limit", type=_positive_int(0), metavar="N", help="at most N cards")
    sub.add_argument("--min-quality", type=_number, metavar="Q", help="drop cards below Q")
    sub.add_argument(
        "--max-per-provider", type=_positive_int(1), metavar="K", help="at most K per provider"
    )
    sub.add_argument(
        "--half-life",
        type=parse_duration,
        metavar="DURATION",
        help="quality halves every DURATION (90m, 24h, 7d, 2w)",
    )
    sub.add_argument(
        "--now", type=_moment, metavar="TIME", help="age cards as of TIME (ISO 8601; default now)"
    )
    strict(sub, "broken cards make the exit code 1")
    sub.set_defaults(run=_rank)

    sub = commands.add_parser(
        "export",
        parents=[common],
        help="cards as JSON, JSON Lines or CSV",
        description="Write cards as JSON (a list), JSON Lines (one object a line), with the "
        "YAML key names and ISO 8601 dates, or CSV (flat columns). Broken cards are listed on "
        "stderr (exit 0 unless --strict).",
    )
    sub.add_argument(
        "--to",
        "--format",
        dest="format",
        choices=("json", "jsonl", "csv"),
        default="json",
        help="output format (json)",
    )
    sub.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (atomically); - is stdout (default)"
    )
    sub.add_argument("--with-file", action="store_true", help='add a "file" key (JSON, JSON Lines)')
    strict(sub, "broken cards make the exit code 1")
    sub.set_defaults(run=_export)

    sub = commands.add_parser(
        "schema",
        help="print the JSON Schema of a card",
        description="Print the JSON Schema (draft 2020-12) of a card's front matter.",
    )
    sub.set_defaults(run=_schema, quiet=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return USAGE
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    ctx = _Context(args=args, out=sys.stdout, err=sys.stderr)
    try:
        code: int = args.run(ctx)
        sys.stdout.flush()  # in here: buffered output meets a closed pipe only now
    except _UsageError as error:
        parser.exit(USAGE, f"newscard {args.command}: error: {error}\n")
    except BrokenPipeError:  # the reader went away (| head): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the flush at exit cannot fail again
        os.close(devnull)
        return FOUND
    except KeyboardInterrupt:
        ctx.warn("interrupted")
        return 130
    return code
