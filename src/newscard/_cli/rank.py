"""``newscard rank``: list cards best first."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, cast

import attrs

from newscard._model import Article, Provider
from newscard._rank import decayed_score, rank

from ._columns import columns_option, values
from ._common import (
    Commands,
    Context,
    broken_exit,
    formats,
    moment,
    number,
    parse_duration,
    positive_int,
    strict,
)
from ._output import csv_text, json_text, path_text, safe
from ._select import add_options

__all__ = ["register", "run"]

_TITLE_WIDTH = 56
_PROVIDER_WIDTH = 22


_SHOWN = ("publishedDateTime", "provider", "domain", "title", "webUrl", "published", "file")
"""What every ranked card shows (JSON, the table); ``--columns`` may ask for more (CSV)."""


@attrs.frozen
class _Entry:
    """What ranking needs of a card and what its row shows: never the card itself."""

    quality: int | None
    heat: int | None
    published_date_time: datetime | None
    provider: Provider | None
    shown: dict[str, Any]


def _entry(columns: tuple[str, ...], path: Path, card: Article) -> _Entry:
    """The job run on each card (in a worker process, with ``-j``)."""
    provider = card.provider
    if provider is not None and (provider.images or provider.extra):
        provider = Provider(name=provider.name, domain=provider.domain)
    return _Entry(
        quality=card.quality,
        heat=card.heat,
        published_date_time=card.published_date_time,
        provider=provider,
        shown=dict(zip(columns, values(path, card, columns), strict=True)),
    )


def run(ctx: Context) -> int:
    args = ctx.args
    columns = tuple(dict.fromkeys((*_SHOWN, *(c for c in args.columns if c not in _EXTRA))))
    entries: Iterable[_Entry] = (
        entry for _, entry in ctx.results("reading", functools.partial(_entry, columns))
    )
    now = args.now
    if now == _LATEST:  # ages from the newest card: known only once every card is read
        kept = list(entries)
        dates = [e.published_date_time for e in kept if e.published_date_time is not None]
        now = max(dates, default=datetime.now(timezone.utc))
        entries = kept
    now = now or datetime.now(timezone.utc)
    ranked = rank(
        cast("Iterable[Article]", entries),  # ranking reads only the fields an entry has
        limit=args.limit,
        min_quality=args.min_quality,
        max_per_provider=args.max_per_provider,
        half_life=args.half_life,
        now=now,
    )
    rows: list[dict[str, Any]] = []
    for position, card in enumerate(cast("list[_Entry]", ranked), 1):
        row: dict[str, Any] = {"rank": position, "quality": card.quality, "heat": card.heat}
        if args.half_life is not None:
            score = decayed_score(cast("Article", card), half_life=args.half_life, now=now)
            row["score"] = None if score is None else round(score, 2)
        row.update(card.shown)
        rows.append(row)
    if args.format == "json":
        ctx.data(json_text([{k: row[k] for k in _json_keys(args)} for row in rows]))
    elif args.format == "csv":
        chosen = args.columns if args.columns != _DEFAULT else _json_keys(args)
        ctx.data(csv_text(rows, chosen))
    else:
        _table(ctx, rows, args.half_life is not None)
    return broken_exit(ctx, ctx.broken)


_LATEST = "latest"
_EXTRA = ("rank", "quality", "heat", "score")
_DEFAULT = ("rank", "quality", "heat", *_SHOWN)


def _json_keys(args: argparse.Namespace) -> tuple[str, ...]:
    score = ("score",) if args.half_life is not None else ()
    return ("rank", "quality", "heat", *score, *_SHOWN)


def _now(text: str) -> datetime | str:
    return _LATEST if text == _LATEST else moment(text)


def _clip(text: str | None, width: int) -> str:
    text = "" if text is None else safe(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(ctx: Context, rows: list[dict[str, Any]], with_score: bool) -> None:
    heads = ["#", "quality", "heat", *(["score"] if with_score else []), "date", "pub"]
    heads += ["provider", "title", "file"]
    cells: list[list[str]] = []
    for row in rows:
        date = row["publishedDateTime"]
        line = [str(row["rank"]), _cell(row["quality"]), _cell(row["heat"])]
        if with_score:
            line.append("-" if row["score"] is None else f"{row['score']:.1f}")
        line.append("-" if date is None else date[:16].replace("T", " "))
        line.append({True: "yes", False: "no"}.get(row["published"], "-"))
        line.append(_clip(row["provider"] or row["domain"] or "-", _PROVIDER_WIDTH))
        line.append(_clip(row["title"], _TITLE_WIDTH))
        line.append(path_text(row["file"]))
        cells.append(line)
    numeric = 4 if with_score else 3
    widths = [max(len(line[i]) for line in [heads, *cells]) for i in range(len(heads))]
    for line in [heads, *cells]:
        padded = [
            text.rjust(width) if i < numeric else text.ljust(width)
            for i, (text, width) in enumerate(zip(line, widths, strict=True))
        ]
        ctx.say("  ".join(padded).rstrip())


def _cell(value: int | None) -> str:
    return "-" if value is None else str(value)


def register(commands: Commands[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser(
        "rank",
        parents=[common],
        help="list cards best first",
        description="List cards best first: quality, then heat, then the newer date; with "
        "--half-life, quality decays with age. Broken cards are listed on stderr (exit 0 "
        "unless --strict).",
    )
    formats(sub, ("table", "json", "csv"), "table")
    sub.add_argument("--limit", type=positive_int(0), metavar="N", help="at most N cards")
    sub.add_argument("--min-quality", type=number, metavar="Q", help="drop cards below Q")
    sub.add_argument(
        "--max-per-provider", type=positive_int(1), metavar="K", help="at most K per provider"
    )
    sub.add_argument(
        "--half-life",
        type=parse_duration,
        metavar="DURATION",
        help="quality halves every DURATION (90m, 24h, 7d, 2w)",
    )
    sub.add_argument(
        "--now",
        type=_now,
        metavar="TIME",
        help="age cards as of TIME (ISO 8601; default now); 'latest': as of the newest card, "
        "for an archive",
    )
    columns_option(sub, _DEFAULT, _EXTRA)
    add_options(sub)
    strict(sub, "broken cards make the exit code 1")
    sub.set_defaults(run=run)
