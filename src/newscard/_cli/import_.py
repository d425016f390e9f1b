"""``newscard import``: cards from JSON, JSON Lines and feeds, into a folder, once each."""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from pathlib import Path

from newscard._batch import load_many
from newscard._convert import to_dict
from newscard._dedup import dedup_keys
from newscard._errors import ConflictError, NewscardError
from newscard._files import write_file
from newscard._import import FORMATS, ImportResult, read_items
from newscard._model import Article
from newscard._reader import load, loads
from newscard._slug import jekyll_name
from newscard._writer import dumps

from ._common import FOUND, OK, Commands, Context, UsageError, describe, reason

__all__ = ["register", "run"]

STDIN = "-"


class _Folder:
    """The target folder: the cards in it, and the names taken there.

    A card is known by the canonical form of each of its URLs; a card without any (or
    every card, with ``--keep-duplicates``), by its data. Cards written by this run are
    added as they are written, so an item met twice in one import is written once.
    """

    def __init__(self, path: Path, by_url: bool = True) -> None:
        self.path = path
        self.by_url = by_url
        self.known: dict[str, Path] = {}
        self.names: set[str] = set()

    def scan(self, ctx: Context) -> None:
        if not self.path.is_dir():
            return
        self.names.update(os.listdir(self.path))
        results = load_many(self.path, errors="collect")
        for path, card in results:
            self.add(card, path)
        for error in results.errors:
            ctx.warn(f"{describe(error)} (not checked for duplicates)")

    def keys(self, card: Article) -> list[str]:
        keys = dedup_keys(card) if self.by_url else ()
        return [*keys] or [json.dumps(to_dict(card, json=True), sort_keys=True)]

    def duplicate(self, card: Article) -> Path | None:
        return next((self.known[k] for k in self.keys(card) if k in self.known), None)

    def add(self, card: Article, path: Path) -> None:
        for key in self.keys(card):
            self.known.setdefault(key, path)


class _Run:
    """One import: the counts, the folder, and how each card is written."""

    def __init__(self, ctx: Context, folder: _Folder) -> None:
        self.ctx = ctx
        self.folder = folder
        self.dry_run: bool = ctx.args.dry_run
        self.written = self.duplicates = self.skipped = self.failed = 0

    def source(self, source: str) -> None:
        """Read one source and place each of its cards."""
        label = "<stdin>" if source == STDIN else source
        args = self.ctx.args
        try:
            data = sys.stdin.buffer.read() if source == STDIN else Path(source).read_bytes()
            result = read_items(
                data,
                format=args.format,
                name=label,
                keep_unknown=args.keep_unknown,
                content_as_body=args.content_as_body,
            )
        except OSError as error:
            self.fail(f"{label}: cannot read: {reason(error)}")
            return
        except (NewscardError, ImportError) as error:
            self.fail(str(error) if isinstance(error, NewscardError) else f"{label}: {error}")
            return
        self.report(label, result)
        for card in result.cards:
            self.place(label, card)

    def report(self, label: str, result: ImportResult) -> None:
        for warning in result.warnings:
            self.ctx.warn(f"{label}: warning: {warning}")
        for error in result.errors:
            self.fail(str(error))
        for skipped in result.skipped:
            self.skipped += 1
            self.ctx.warn(str(skipped))

    def fail(self, message: str) -> None:
        self.failed += 1
        self.ctx.warn(message)

    def place(self, label: str, card: Article) -> None:
        """Write a card under a free Jekyll name, unless the folder has it already."""
        what = card.web_url or card.original_url or repr(card.title)
        earlier = self.folder.duplicate(card)
        if earlier is not None:
            self.duplicate(what, earlier)
            return
        try:
            name = jekyll_name(card, taken=self.folder.names)
        except NewscardError as error:
            self.skipped += 1
            self.ctx.warn(f"{label}: {what}: skipped: {error}")
            return
        text = dumps(card)
        try:
            loads(text)  # what is written must read back: a card past the limits would not
        except NewscardError as error:
            self.fail(f"{label}: {what}: cannot be written as a card: {error}")
            return
        while True:
            path = self.folder.path / name
            if self.dry_run:
                break
            try:
                write_file(os.fspath(path), text.encode("utf-8"), None)
            except (
                ConflictError,
                IsADirectoryError,
            ):  # the name was taken since the folder was read
                self.folder.names.add(name)
                other = _card_at(path)
                if other is not None:  # another import's, perhaps of this very item
                    self.folder.add(other, path)
                    earlier = self.folder.duplicate(card)
                    if earlier is not None:
                        self.duplicate(what, earlier)
                        return
                name = jekyll_name(card, taken=self.folder.names)
                continue
            except OSError as error:
                self.fail(f"{path}: cannot write: {reason(error)}")
                return
            break
        self.folder.names.add(name)
        self.folder.add(card, path)
        self.written += 1
        self.ctx.say(f"{'would write' if self.dry_run else 'wrote'} {path}")

    def duplicate(self, what: str, path: Path) -> None:
        self.duplicates += 1
        self.ctx.say(f"skipped {what}: already in {path}")

    def summary(self) -> str:
        verb = "would be written" if self.dry_run else "written"
        line = (
            f"{self.written} {verb}, {self.duplicates} skipped as duplicates, {self.failed} failed"
        )
        if self.skipped:
            line += f", {self.skipped} skipped (incomplete)"
        return line


def _card_at(path: Path) -> Article | None:
    """The card in a file that appeared meanwhile; None if it is not a readable card."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        return load(path)
    except (OSError, NewscardError):
        return None


def run(ctx: Context) -> int:
    args = ctx.args
    if args.sources.count(STDIN) > 1:
        raise UsageError("'-' (standard input) can be read only once")
    for source in args.sources:
        if source != STDIN and not os.path.exists(source):
            raise UsageError(f"no such file: {source}")
        if os.path.isdir(source):
            raise UsageError(f"{source} is a folder: name the files to import")
    into = Path(args.into)
    if into.exists() and not into.is_dir():
        raise UsageError(f"--into {into}: not a folder")
    folder = _Folder(into, by_url=not args.keep_duplicates)
    if not args.dry_run:
        try:
            into.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(f"--into {into}: cannot create it: {reason(error)}") from None
    folder.scan(ctx)
    work = _Run(ctx, folder)
    for source in args.sources:
        work.source(source)
    ctx.note(work.summary())
    return FOUND if work.failed or (args.strict and work.skipped) else OK


def register(commands: Commands[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:  # noqa: ARG001 - its arguments are not paths of cards
    sub = commands.add_parser(
        "import",
        help="make cards from JSON, JSON Lines, RSS or Atom feeds",
        description="Write one card per item of each SOURCE into DIR, named YYYY-MM-DD-slug.md "
        "from its date and title. An item whose URL is already a card in DIR (or earlier in "
        "this import) is skipped; no file is ever overwritten, and every write is atomic, so "
        "importing the same sources again changes nothing. Feeds need "
        "pip install 'newscard[feeds]'.",
    )
    sub.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="JSON, JSON Lines or feed files; - reads standard input",
    )
    sub.add_argument("--into", required=True, metavar="DIR", help="the folder of cards to add to")
    sub.add_argument(
        "--from",
        dest="format",
        choices=FORMATS,
        help="the format of every SOURCE (default: found from each one's content)",
    )
    sub.add_argument(
        "--keep-unknown",
        action="store_true",
        help="keep the keys of news-API items that cards lack (path, locale...) as unknown keys",
    )
    sub.add_argument(
        "--content-as-body",
        action="store_true",
        help="make a news-API item's content the card's body",
    )
    sub.add_argument(
        "--keep-duplicates",
        action="store_true",
        help="skip only cards equal to one in DIR, not every card whose URL is there "
        "(to bring back a collection that holds a page twice)",
    )
    sub.add_argument(
        "-n", "--dry-run", action="store_true", help="write nothing; say what would be written"
    )
    sub.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    sub.add_argument(
        "--strict", action="store_true", help="items skipped as incomplete make the exit code 1"
    )
    sub.set_defaults(run=run)
