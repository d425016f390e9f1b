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
        description="Print the JSON Schema (draft 2020-12) of a card as 'newscard export' "
        "writes it (JSON, timestamps as ISO 8601 strings); 'newscard validate' checks the YAML.",
    )
    sub.set_defaults(run=run, quiet=False)
