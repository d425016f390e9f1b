"""``newscard fmt``: rewrite cards in the reference style."""

from __future__ import annotations

import argparse
import os
import stat
from pathlib import Path

import attrs

from newscard._errors import ConflictError, NewscardError
from newscard._files import write_file
from newscard._hygiene import repair_mojibake
from newscard._model import Article, identical
from newscard._reader import loads
from newscard._writer import dumps

from ._common import FOUND, OK, Commands, Context, describe, plural, reason

__all__ = ["register", "run"]


def unwritable(path: Path) -> str | None:
    """Why a file must not be rewritten, or None.

    A file without any write permission bit is read-only by intent, even for root (whom
    the operating system would let write it); ``write_file`` replaces the file by
    renaming, so the mode is checked here rather than left to the write to fail.
    """
    mode = os.stat(path).st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return "read-only file"
    if not os.access(path, os.W_OK):
        return "permission denied"
    return None


def run(ctx: Context) -> int:
    checking = ctx.args.check
    failed = changed = unchanged = skipped = 0
    for path, outcome in ctx.outcomes("formatting"):
        if not isinstance(outcome, Article):
            failed += 1
            ctx.warn(describe(outcome))
            continue
        card = repair_mojibake(outcome) if ctx.args.repair_mojibake else outcome
        text = dumps(attrs.evolve(card, source=None))
        if text == outcome.source_text:
            unchanged += 1
            continue
        try:
            same = identical(loads(text), card)
        except NewscardError:
            same = False
        if not same:  # a guard against an emitter bug, never seen
            failed += 1
            ctx.warn(f"{path}: cannot be reformatted without changing its data; left unchanged")
            continue
        if checking:
            changed += 1
            ctx.say(f"would reformat {path}")
            continue
        why = _write(path, text, outcome)
        if why is None:
            changed += 1
            ctx.say(f"reformatted {path}")
        elif why is _CHANGED:
            skipped += 1
            ctx.warn(f"{path}: skipped: it changed since it was read (run fmt again to format it)")
        else:
            failed += 1
            ctx.warn(f"{path}: cannot write: {why}; left unchanged")
    verb = "would be reformatted" if checking else "reformatted"
    summary = f"{changed} file{plural(changed)} {verb}, {unchanged} already formatted"
    if skipped:
        summary += f", {skipped} skipped (changed meanwhile)"
    ctx.note(summary + (f", {failed} failed" if failed else ""))
    return FOUND if failed or skipped or (checking and changed) else OK


_CHANGED = "changed"


def _write(path: Path, text: str, read: Article) -> str | None:
    """Replace a card's file if it still holds the text read; why not, if it was not."""
    try:
        why = unwritable(path)
        if why is None:
            expected = read.source_text.encode("utf-8")  # type: ignore[union-attr]
            write_file(os.fspath(path), text.encode("utf-8"), expected)
    except ConflictError as error:
        if "hard links" in error.message:
            return error.message
        return _CHANGED
    except OSError as error:
        return reason(error)
    return why


def register(commands: Commands[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
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
    sub.set_defaults(run=run)
