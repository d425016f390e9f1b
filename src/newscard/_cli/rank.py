"""``newscard rank``: list cards best first."""

from __future__ import annotations

import argparse
import os
from datetime import datetime, timezone
from typing import Any

from newscard._rank import decayed_score, rank
from newscard._scalars import format_time

from ._common import (
    Commands,
    Context,
    broken_exit,
    formats,
    json_text,
    moment,
    number,
    parse_duration,
    positive_int,
    strict,
)
from ._output import csv_text, path_text, safe

__all__ = ["register", "run"]

_TITLE_WIDTH = 56
_PROVIDER_WIDTH = 22


def run(ctx: Context) -> int:
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
        published = card.published_date_time
        row["publishedDateTime"] = None if published is None else format_time(published)
        row["provider"] = None if provider is None else provider.name
        row["domain"] = None if provider is None else provider.domain
        row["title"] = card.title
        row["webUrl"] = card.web_url
        row["file"] = os.fspath(where[id(card)])
        rows.append(row)
    if args.format == "json":
        ctx.data(json_text(rows))
    elif args.format == "csv":
        ctx.data(csv_text(rows, list(rows[0]) if rows else _columns(args)))
    else:
        _table(ctx, rows, args.half_life is not None)
    return broken_exit(ctx, broken)


def _columns(args: argparse.Namespace) -> list[str]:
    score = ["score"] if args.half_life is not None else []
    columns = ["publishedDateTime", "provider", "domain", "title", "webUrl", "file"]
    return ["rank", "quality", "heat", *score, *columns]


def _clip(text: str | None, width: int) -> str:
    text = "" if text is None else safe(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(ctx: Context, rows: list[dict[str, Any]], with_score: bool) -> None:
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
        "--now", type=moment, metavar="TIME", help="age cards as of TIME (ISO 8601; default now)"
    )
    strict(sub, "broken cards make the exit code 1")
    sub.set_defaults(run=run)
