"""``newscard fmt``: rewrite cards in the reference style."""

from __future__ import annotations

import argparse
import difflib
import functools
import os
import stat
from pathlib import Path

import attrs

from newscard._errors import ConflictError, NewscardError
from newscard._files import write_file
from newscard._hygiene import repair_entities, repair_mojibake
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


@attrs.frozen
class _Options:
    write: bool
    diff: bool
    mojibake: bool
    entities: bool


@attrs.frozen
class _Done:
    """What formatting one card came to, sent back from a worker process."""

    status: str
    """``unchanged``, ``changed`` (or would be), ``skipped`` (changed meanwhile), ``failed``."""
    detail: str = ""
    diff: tuple[str, ...] = ()


def _format(options: _Options, path: Path, card: Article) -> _Done:
    """The job run on each card (in a worker process, with ``-j``): format it, write it."""
    edited = repair_mojibake(card) if options.mojibake else card
    edited = repair_entities(edited) if options.entities else edited
    text = dumps(attrs.evolve(edited, source=None))
    before = card.source_text or ""
    if text == before:
        return _Done("unchanged")
    try:
        same = identical(loads(text), edited)
    except NewscardError:
        same = False
    if not same:  # a guard against an emitter bug, never seen
        return _Done("failed", "cannot be reformatted without changing its data; left unchanged")
    diff: tuple[str, ...] = ()
    if options.diff:
        name = os.fspath(path)
        lines = difflib.unified_diff(
            before.splitlines(keepends=True),
            text.splitlines(keepends=True),
            fromfile=f"{name} (now)",
            tofile=f"{name} (formatted)",
        )
        diff = tuple(line.rstrip("\r\n") for line in lines)
    if not options.write:
        return _Done("changed", diff=diff)
    why = _write(path, text, before)
    if why is None:
        return _Done("changed", diff=diff)
    if why is _CHANGED:
        return _Done("skipped")
    return _Done("failed", f"cannot write: {why}; left unchanged")


def run(ctx: Context) -> int:
    args = ctx.args
    checking = args.check
    showing = args.diff
    options = _Options(
        write=not (checking or showing),
        diff=showing,
        mojibake=args.repair_mojibake,
        entities=args.repair_entities,
    )
    counts = dict.fromkeys(("unchanged", "changed", "skipped", "failed"), 0)
    for path, outcome in ctx.outcomes("formatting", functools.partial(_format, options)):
        if not isinstance(outcome, _Done):
            counts["failed"] += 1
            ctx.warn(describe(outcome))
            continue
        counts[outcome.status] += 1
        if outcome.status == "failed":
            ctx.warn(f"{path}: {outcome.detail}")
        elif outcome.status == "skipped":
            ctx.warn(f"{path}: skipped: it changed since it was read (run fmt again to format it)")
        elif outcome.status == "changed":
            for line in outcome.diff:
                ctx.say(line)
            if not showing:
                ctx.say(f"would reformat {path}" if checking else f"reformatted {path}")
    changed, failed, skipped = counts["changed"], counts["failed"], counts["skipped"]
    verb = "reformatted" if options.write else "would be reformatted"
    summary = f"{changed} file{plural(changed)} {verb}, {counts['unchanged']} already formatted"
    if skipped:
        summary += f", {skipped} skipped (changed meanwhile)"
    ctx.note(summary + (f", {failed} failed" if failed else ""))
    return FOUND if failed or skipped or (checking and changed) else OK


_CHANGED = "changed"


def _write(path: Path, text: str, before: str) -> str | None:
    """Replace a card's file if it still holds the text read; why not, if it was not."""
    try:
        why = unwritable(path)
        if why is None:
            write_file(os.fspath(path), text.encode("utf-8"), before.encode("utf-8"))
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
        "--diff",
        action="store_true",
        help="print a unified diff of what would change, and write nothing",
    )
    sub.add_argument(
        "--repair-mojibake",
        action="store_true",
        help="also repair text that was UTF-8 read as cp1252 (review with validate first)",
    )
    sub.add_argument(
        "--repair-entities",
        action="store_true",
        help="also decode HTML entities left in text (&amp;, &#8217;...; review with validate)",
    )
    sub.set_defaults(run=run)
