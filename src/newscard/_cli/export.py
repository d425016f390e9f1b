"""``newscard export``: cards as JSON, JSON Lines or CSV."""

from __future__ import annotations

import argparse
import io
import os
from pathlib import Path
from typing import Any

from newscard._convert import to_dict
from newscard._files import write_file
from newscard._model import Article
from newscard._scalars import format_time

from ._common import FOUND, Commands, Context, broken_exit, plural, reason, strict
from ._output import csv_text, json_text

__all__ = ["register", "run"]

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


def _csv_row(path: Path, card: Article) -> dict[str, Any]:
    provider = card.provider
    published = card.published_date_time
    return {
        "title": card.title,
        "publishedDateTime": None if published is None else format_time(published),
        "webUrl": card.web_url,
        "provider": None if provider is None else provider.name,
        "domain": None if provider is None else provider.domain,
        "quality": card.quality,
        "heat": card.heat,
        "topics": ";".join(card.topics),
        "file": os.fspath(path),
    }


def run(ctx: Context) -> int:
    args = ctx.args
    cards, broken = ctx.cards("reading")
    buffer = io.StringIO()
    if args.format == "csv":
        buffer.write(csv_text((_csv_row(path, card) for path, card in cards), _CSV_COLUMNS))
    else:
        objects = []
        for path, card in cards:
            data = to_dict(card, json=True)
            if args.with_file:
                data["file"] = os.fspath(path)
            objects.append(data)
        if args.format == "jsonl":
            for data in objects:
                buffer.write(json_text(data, indent=None) + "\n")
        else:
            buffer.write(json_text(objects))
    if args.output in (None, "-"):
        ctx.data(buffer.getvalue())
    else:
        try:
            write_file(args.output, buffer.getvalue().encode("utf-8"))
        except OSError as error:
            ctx.warn(f"{args.output}: cannot write: {reason(error)}")
            return FOUND
        ctx.note(f"{len(cards)} card{plural(len(cards))} written to {args.output}")
    return broken_exit(ctx, broken)


def register(commands: Commands[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
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
    sub.set_defaults(run=run)
