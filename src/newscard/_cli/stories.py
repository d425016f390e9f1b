"""``newscard stories``: group cards that cover one story, and list them in each lead's related."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

import attrs

from newscard._errors import ConflictError, NewscardError
from newscard._model import Article, RelatedItem
from newscard._reader import load
from newscard._stories import THRESHOLD, WINDOW, add_related, related_item, story_groups
from newscard._writer import dump

from ._common import (
    FOUND,
    Commands,
    Context,
    broken_exit,
    formats,
    number,
    parse_duration,
    plural,
    reason,
    strict,
)
from ._output import json_text
from ._select import add_options

__all__ = ["register", "run"]


def _item(path: Path, card: Article) -> RelatedItem:  # noqa: ARG001 - a job's signature
    """The job run on each card (in a worker process, with ``-j``): what grouping reads."""
    return attrs.evolve(related_item(card), images=())


def run(ctx: Context) -> int:
    args = ctx.args
    items = list(ctx.results("reading", _item))
    groups = story_groups(items, window=args.window, threshold=args.threshold)
    report: list[dict[str, Any]] = []
    for group in groups:
        lead_path, lead = group.lead
        entry = _summary(lead_path, lead)
        entry["members"] = [
            {
                **_summary(*link.item),
                "linkedTo": os.fspath(link.to[0]),
                "score": round(link.score, 3),
                "url": link.url,
            }
            for link in group.links
        ]
        report.append(entry)
    failed = 0
    if args.write_related:
        for entry in report:
            failed += _write_related(ctx, entry, dry_run=args.dry_run)
    if args.format == "json":
        ctx.data(json_text(report))
    else:
        for entry in report:
            ctx.say(f"{entry['file']}: lead ({_quality(entry)}) {entry['title']}")
            for member in entry["members"]:
                why = "same page" if member["url"] else f"score {member['score']:.2f}"
                ctx.say(f"  {member['file']}: {why} ({_quality(member)}) {member['title']}")
    stories = len(report)
    cards = sum(1 + len(entry["members"]) for entry in report)
    ctx.note(
        f"{stories} stor{'y' if stories == 1 else 'ies'} told more than once, in {cards} cards"
    )
    code = broken_exit(ctx, ctx.broken)
    return FOUND if failed else code


def _summary(path: Path, item: RelatedItem) -> dict[str, Any]:
    return {"file": os.fspath(path), "title": item.title, "quality": item.quality}


def _quality(entry: dict[str, Any]) -> str:
    quality = entry["quality"]
    return "no quality" if quality is None else f"quality {quality}"


def _write_related(ctx: Context, entry: dict[str, Any], *, dry_run: bool) -> int:
    """Append the group's other cards to its lead's ``related``; 1 if it could not be."""
    path = Path(entry["file"])
    try:
        lead = load(path)
        members = [load(Path(member["file"])) for member in entry["members"]]
        edited = add_related(lead, members)
        added = len(edited.related) - len(lead.related)
        if not added:
            ctx.warn(f"{path}: related already lists the other cards")
            return 0
        if not dry_run:
            dump(edited, path)
    except ConflictError as error:
        ctx.warn(f"{path}: skipped: {error.message}")
        return 1
    except (NewscardError, OSError) as error:
        shown = reason(error) if isinstance(error, OSError) else str(error)
        ctx.warn(f"{path}: cannot update related: {shown}")
        return 1
    verb = "would add" if dry_run else "added"
    ctx.warn(f"{path}: {verb} {added} related item{plural(added)}")
    return 0


def _threshold(text: str) -> float:
    value = number(text)
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"must be above 0 and at most 1, got {text!r}")
    return value


def register(commands: Commands[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser(
        "stories",
        parents=[common],
        help="group cards that cover one story",
        description="Group cards that cover one news story, whatever their URLs: a lead per "
        "story (highest quality, then the first by path) and the cards that joined it, with "
        "the similarity that linked each (or the page they share). Broken cards are listed on "
        "stderr (exit 0 unless --strict).",
    )
    formats(sub, ("text", "json"), "text")
    sub.add_argument(
        "--window",
        type=parse_duration,
        default=WINDOW,
        metavar="DURATION",
        help="cards published further apart are never one story (default 7d)",
    )
    sub.add_argument(
        "--threshold",
        type=_threshold,
        default=THRESHOLD,
        metavar="T",
        help=f"how similar a card must be to a story to join it, 0 to 1 (default {THRESHOLD})",
    )
    sub.add_argument(
        "--write-related",
        action="store_true",
        help="append each story's other cards to its lead card's related list (kept items stay; "
        "a minimal edit, written atomically; try --dry-run first)",
    )
    sub.add_argument(
        "--dry-run", action="store_true", help="with --write-related: say what would be added"
    )
    strict(sub, "broken cards make the exit code 1")
    add_options(sub)
    sub.set_defaults(run=run)
