"""``newscard dedup``: find cards that name the same page, and move the duplicates aside."""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import attrs

from newscard._dedup import dedup_keys, key_groups
from newscard._groups import best, shared_urls
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
from ._select import add_options

__all__ = ["move_aside", "register", "run"]


def move_aside(source: Path, folder: Path) -> Path:
    """Move a file into ``folder`` under its own name, or ``name-1.md``... if that is taken.

    Never overwrites: a hard link claims the new name atomically (a copy opened with
    ``x`` where links are not possible, across file systems for one, keeping owner,
    group, permissions and times where allowed), then the original goes. A symbolic link is
    moved as a link to the same file (its target made absolute, so that it still points
    there from its new folder).
    """
    folder.mkdir(parents=True, exist_ok=True)
    number = 0
    while True:
        name = source.name if number == 0 else f"{source.stem}-{number}{source.suffix}"
        target = folder / name
        number += 1
        try:
            if source.is_symlink():  # the link goes, still pointing where it did
                os.symlink(os.path.realpath(source), target)
            else:
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
            _keep_owner(source, target)
        os.unlink(source)
        return target


def _keep_owner(source: Path, target: Path) -> None:
    """A copy (to another file system) keeps its owner and group where the system allows."""
    before = source.stat()
    with contextlib.suppress(PermissionError):
        os.chown(target, before.st_uid, before.st_gid)


def _summary(path: Path, item: _Found) -> dict[str, Any]:
    return {"file": os.fspath(path), "title": item.title, "quality": item.quality}


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


@attrs.frozen
class _Found:
    """What dedup keeps of a card: its URL keys, and what the report shows of it."""

    keys: tuple[str, ...]
    title: str
    quality: int | None


def _found(to_key: Callable[[str], str] | None, path: Path, card: Article) -> _Found:  # noqa: ARG001
    """The job run on each card (in a worker process, with ``-j``)."""
    return _Found(dedup_keys(card, key=to_key), card.title, card.quality)


def run(ctx: Context) -> int:
    args = ctx.args
    target = None if args.move_to is None else _folder(args.move_to)
    if target is not None:  # files already moved aside are not read again
        inside = target.resolve()
        ctx.keep = lambda path: inside not in path.resolve().parents
    to_key = None
    if args.loose:
        to_key = functools.partial(canonical_url, drop_www=True, strip_amp_path=True)
    paths: list[Path] = []
    found: list[_Found] = []
    for path, item in ctx.results("reading", functools.partial(_found, to_key)):
        paths.append(path)
        found.append(item)
    report: list[dict[str, Any]] = []
    for group in key_groups([item.keys for item in found]):
        if len(group) == 1:
            continue
        lead = best(cast("list[Article]", found), group)
        links = shared_urls({index: found[index].keys for index in group}, group, lead)
        entry = _summary(paths[lead], found[lead])
        entry["duplicates"] = [
            {**_summary(paths[index], found[index]), "canonicalUrl": url}
            for index, (_, url) in links.items()
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
    groups_found = len(report)
    ctx.note(f"{groups_found} group{plural(groups_found)} of duplicates, {dropped} to drop")
    code = broken_exit(ctx, ctx.broken)
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
    add_options(sub)
    sub.set_defaults(run=run)
