"""The ``newscard`` command: one module per command, the plumbing they share in ``_common``.

Each command module has ``register(commands, common)``, which adds its sub-parser (``common``
holds the options of every command that reads cards) and sets ``run``, the function that
does the work and returns the exit code (see ``_common`` for their meaning).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from newscard._version import __version__

from . import dedup, export, fmt, import_, rank, schema, stories, validate
from ._common import FOUND, USAGE, Context, UsageError, workers
from ._output import safe
from ._select import selection

__all__ = ["main"]

COMMANDS = (validate, fmt, dedup, rank, stories, export, import_, schema)


class _Parser(argparse.ArgumentParser):
    """argparse, with the command line's values shown safely in its error messages."""

    def error(self, message: str) -> NoReturn:
        super().error(safe(message))


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newscard",
        description="Check, format, dedup, rank, group, export and import news cards "
        "(Markdown files with YAML front matter).",
        epilog="Run 'newscard COMMAND --help' for a command's options. Folders are searched "
        "recursively for *.md files; files named explicitly are read whatever their name.",
    )
    parser.add_argument("--version", action="version", version=f"newscard {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    common = _Parser(add_help=False)
    common.add_argument("paths", nargs="+", metavar="PATH", help="card files or folders")
    common.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    common.add_argument(
        "-j",
        "--workers",
        type=workers,
        default="auto",
        metavar="N",
        help="processes to read cards and do each card's work in; 'auto' (the default): one "
        "per CPU from 500 files, none below (where starting them costs more than they save)",
    )
    common.add_argument(
        "--exclude",
        action="append",
        type=lambda text: [glob for glob in text.split(",") if glob],
        metavar="GLOB",
        help="pass over files and folders whose name, or path below a folder named, "
        "matches GLOB (SOURCES.md, drafts/*; repeatable)",
    )
    for command in COMMANDS:
        command.register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return USAGE
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    if hasattr(args, "since"):  # a command that chooses cards
        args.selection = selection(args)
    ctx = Context(args=args, out=sys.stdout, err=sys.stderr)
    try:
        code: int = args.run(ctx)
        sys.stdout.flush()  # in here: buffered output meets a closed pipe only now
    except UsageError as error:
        parser.exit(USAGE, f"newscard {args.command}: error: {safe(str(error))}\n")
    except BrokenPipeError:  # the reader went away (| head): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the flush at exit cannot fail again
        os.close(devnull)
        return FOUND
    except KeyboardInterrupt:
        ctx.warn("interrupted")
        return 130
    return code
