"""``newscard validate``: check cards and list every problem."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import attrs

from newscard._batch import LoadError
from newscard._errors import NewscardError
from newscard._hygiene import check
from newscard._locate import Positions
from newscard._model import Article

from ._common import FOUND, OK, Commands, Context, formats, json_text, plural, reason, strict

__all__ = ["register", "run"]


@attrs.frozen(kw_only=True)
class _Problem:
    file: str
    line: int | None
    column: int | None
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line, self.column) if p is not None)
        parts = [where]
        if self.path:
            parts.append(self.path)
        parts.append(f"warning: {self.message}" if self.severity == "warning" else self.message)
        return ": ".join(parts)


def _problem(error: LoadError, path: Path) -> _Problem:
    if isinstance(error, NewscardError):
        return _Problem(
            file=error.filename or os.fspath(path),
            line=error.line,
            column=error.column,
            path=error.path,
            message=error.message,
            severity="error",
        )
    message = f"cannot read: {reason(error)}"
    file = os.fspath(path)
    return _Problem(file=file, line=None, column=None, path="", message=message, severity="error")


def _warnings(path: Path, card: Article) -> list[_Problem]:
    """The job run on each card (in a worker process, with ``-j``): its warnings, located."""
    findings = check(card)
    if not findings:
        return []
    source = card._source  # noqa: SLF001 - a card read from a file always has one
    where = None if source is None else Positions(source)
    found = []
    for finding in findings:
        on_key = finding.code == "misspelled-key"
        spot = None if where is None else where.of(finding.path, key=on_key)
        line, column = spot or (None, None)
        found.append(
            _Problem(
                file=os.fspath(path),
                line=line,
                column=column,
                path=finding.path,
                message=finding.message,
                severity="warning",
            )
        )
    return found


def run(ctx: Context) -> int:
    problems: list[_Problem] = []
    checked = errors = warnings = 0
    as_json = ctx.args.format == "json"

    def skipped(path: Path, why: str) -> None:
        nonlocal warnings
        warnings += 1
        problem = _Problem(
            file=os.fspath(path), line=None, column=None, path="", message=why, severity="warning"
        )
        if as_json:
            problems.append(problem)
        else:
            ctx.say(str(problem))

    ctx.on_skip = skipped
    for path, outcome in ctx.outcomes("validating", _warnings):
        checked += 1
        if isinstance(outcome, list):
            found = outcome
            warnings += len(found)
        else:
            found = [_problem(outcome, path)]
            errors += 1
        if as_json:
            problems.extend(found)
        else:
            for problem in found:
                ctx.say(str(problem))
    if as_json:
        ctx.data(json_text([attrs.asdict(p) for p in problems]))
    ctx.note(
        f"{checked} file{plural(checked)} checked: {errors} invalid, "
        f"{warnings} warning{plural(warnings)}"
    )
    return FOUND if errors or (warnings and ctx.args.strict) else OK


def register(commands: Commands[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser(
        "validate",
        parents=[common],
        help="check cards; list every problem",
        description="Check cards: one line per problem, 'file:line:col: key.path: message'. "
        "Also warns about unsafe URLs (javascript:, data:, vbscript:) and mojibake. "
        "Exit 1 if a card is invalid (or, with --strict, has a warning).",
    )
    formats(sub, ("text", "json"), "text")
    strict(sub, "warnings count as failures (exit 1)")
    sub.set_defaults(run=run)
