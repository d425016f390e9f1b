"""``newscard dedup``: find cards that name the same page, and move the duplicates aside."""

from __future__ import annotations

import argparse
import functools
import os
import shutil
from pathlib import Path
from typing import Any

from newscard._dedup import duplicate_groups
from newscard._model import Article
from newscard._urls import canonical_url

from ._common import (
    FOUND,
    Commands,
    Context,
    UsageError,
    broken_exit,
    formats,
    plural,
    reason,
    strict,
)
from ._output import json_text

__all__ = ["move_aside", "register", "run"]


def move_aside(source: Path, folder: Path) -> Path:
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


def _summary(path: Path, card: Article) -> dict[str, Any]:
    return {"file": os.fspath(path), "title": card.title, "quality": card.quality}


def _folder(text: str) -> Path:
    """The ``--move-to`` folder, checked before anything is read or moved."""
    target = Path(text)
    if os.path.lexists(target) and not target.is_dir():
        what = "a symbolic link to nothing" if not target.exists() else "not a folder"
        raise UsageError(f"--move-to: {target} is {what}")
    parent = target
    while not os.path.lexists(parent) and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise UsageError(f"--move-to: {parent} is not a folder")
    return target


def run(ctx: Context) -> int:
    args = ctx.args
    target = None if args.move_to is None else _folder(args.move_to)
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
        entry = _summary(survivor_path, group.survivor)
        entry["duplicates"] = [
            {**_summary(cards[index][0], card), "canonicalUrl": url}
            for index, (card, url) in zip(others, group.links, strict=True)
        ]
        report.append(entry)
    failed = 0
    if target is not None:
        for entry in report:
            for duplicate in entry["duplicates"]:
                source = Path(duplicate["file"])
                try:
                    moved = move_aside(source, target)
                except OSError as error:
                    failed += 1
                    ctx.warn(f"{source}: cannot move: {reason(error)}; left in place")
                    continue
                duplicate["movedTo"] = os.fspath(moved)
                ctx.warn(
                    f"moved {source} to {moved}"
                )  # as it happens: a record if a later one fails
    if args.format == "json":
        ctx.data(json_text(report))
    else:
        for entry in report:
            ctx.say(f"{entry['file']}: keep ({_quality(entry)}) {entry['title']}")
            for duplicate in entry["duplicates"]:
                ctx.say(
                    f"  {duplicate['file']}: duplicate ({_quality(duplicate)})"
                    f" via {duplicate['canonicalUrl']}"
                )
                if "movedTo" in duplicate:
                    ctx.say(f"    moved to {duplicate['movedTo']}")
    dropped = sum(len(entry["duplicates"]) for entry in report)
    found = len(report)
    ctx.note(f"{found} group{plural(found)} of duplicates, {dropped} to drop")
    code = broken_exit(ctx, broken)
    return FOUND if failed else code


def _quality(entry: dict[str, Any]) -> str:
    quality = entry["quality"]
    return "no quality" if quality is None else f"quality {quality}"


def register(commands: Commands[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
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
    sub.set_defaults(run=run)
