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

from ._common import Commands, Context, UsageError, broken_exit, formats, json_text, plural, strict

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


def run(ctx: Context) -> int:
    args = ctx.args
    target = None if args.move_to is None else Path(args.move_to)
    if target is not None and target.exists() and not target.is_dir():
        raise UsageError(f"--move-to: not a folder: {target}")
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
    if target is not None:
        for entry in report:
            for duplicate in entry["duplicates"]:
                duplicate["movedTo"] = os.fspath(move_aside(Path(duplicate["file"]), target))
    if args.format == "json":
        ctx.data(json_text(report))
    else:
        for entry in report:
            ctx.out.write(f"{entry['file']}: keep ({_quality(entry)}) {entry['title']}\n")
            for duplicate in entry["duplicates"]:
                ctx.out.write(f"  {duplicate['file']}: duplicate ({_quality(duplicate)})")
                ctx.out.write(f" via {duplicate['canonicalUrl']}\n")
                if "movedTo" in duplicate:
                    ctx.out.write(f"    moved to {duplicate['movedTo']}\n")
    dropped = sum(len(entry["duplicates"]) for entry in report)
    found = len(report)
    ctx.note(f"{found} group{plural(found)} of duplicates, {dropped} to drop")
    return broken_exit(ctx, broken)


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
        "--loose", action="store_true", help="also merge www./bare hosts and /amp/ paths"
    )
    strict(sub, "broken cards make the exit code 1")
    sub.set_defaults(run=run)
