"""``newscard export``: cards as JSON, JSON Lines or CSV."""

from __future__ import annotations

import argparse
import functools
import os
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newscard._convert import to_dict
from newscard._errors import ConflictError
from newscard._files import write_file
from newscard._model import Article

from ._columns import columns_option, values
from ._common import FOUND, Commands, Context, broken_exit, plural, reason, strict
from ._output import csv_text, json_text
from ._select import add_options

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


def _json(options: tuple[int | None, bool], path: Path, card: Article) -> str:
    """The job run on each card (in a worker process, with ``-j``): its JSON text."""
    indent, with_file = options
    data = to_dict(card, json=True)
    if with_file:
        data["file"] = os.fspath(path)
    return json_text(data, indent=indent).rstrip("\n")


def _row(columns: tuple[str, ...], path: Path, card: Article) -> tuple[Any, ...]:
    """The job for CSV: the card's values for the columns."""
    return values(path, card, columns)


def _chunks(ctx: Context, counted: list[int]) -> Iterator[str]:
    """The output, a card at a time: nothing holds every card."""
    args = ctx.args
    if args.format == "csv":
        job: Any = functools.partial(_row, args.columns)
        yield csv_text((), args.columns)
        for _, row in ctx.results("reading", job):
            counted[0] += 1
            yield csv_text([dict(zip(args.columns, row, strict=True))], args.columns, header=False)
        return
    lines = args.format == "jsonl"
    job = functools.partial(_json, (None if lines else 2, args.with_file))
    first = True
    for _, text in ctx.results("reading", job):
        counted[0] += 1
        if lines:
            yield text + "\n"
        else:
            yield ("[\n" if first else ",\n") + textwrap.indent(text, "  ")
        first = False
    if not lines:
        yield "[]\n" if first else "\n]\n"


def run(ctx: Context) -> int:
    args = ctx.args
    counted = [0]
    chunks = _chunks(ctx, counted)
    if args.output in (None, "-"):
        for chunk in chunks:
            ctx.data(chunk)
    else:
        try:
            write_file(args.output, (chunk.encode("utf-8") for chunk in chunks))
        except OSError as error:
            ctx.warn(f"{args.output}: cannot write: {reason(error)}")
            return FOUND
        except ConflictError as error:
            ctx.warn(f"{args.output}: cannot write: {error.message}")
            return FOUND
        count = counted[0]
        ctx.note(f"{count} card{plural(count)} written to {args.output}")
    return broken_exit(ctx, ctx.broken)


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
    columns_option(sub, _CSV_COLUMNS)
    add_options(sub)
    strict(sub, "broken cards make the exit code 1")
    sub.set_defaults(run=run)
