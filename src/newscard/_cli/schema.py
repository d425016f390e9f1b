"""``newscard schema``: print the JSON Schema of a card."""

from __future__ import annotations

import argparse

from newscard._jsonschema import json_schema

from ._common import OK, Commands, Context, json_text

__all__ = ["register", "run"]


def run(ctx: Context) -> int:
    ctx.data(json_text(json_schema()))
    return OK


def register(commands: Commands[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:  # noqa: ARG001 - it reads no cards
    sub = commands.add_parser(
        "schema",
        help="print the JSON Schema of a card",
        description="Print the JSON Schema (draft 2020-12) of a card's front matter.",
    )
    sub.set_defaults(run=run, quiet=False)
