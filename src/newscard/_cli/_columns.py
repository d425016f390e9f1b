"""Flat columns of a card, for CSV and the rank table: every scalar key, and a few derived.

The card's own keys come from the wire-format tables (``_schema``), so a new key is a new
column without a line here.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newscard._model import Article
from newscard._scalars import format_time
from newscard._schema import ARTICLE, Kind

__all__ = ["COLUMNS", "columns_option", "values"]

_Getter = Callable[[Path, Article], Any]


def _key(attr: str, kind: Kind) -> _Getter:
    if kind is Kind.TIME:
        return lambda _, card: _time(getattr(card, attr))
    return lambda _, card: getattr(card, attr)


def _time(value: Any) -> str | None:
    return None if value is None else format_time(value)


def _provider(attr: str) -> _Getter:
    return lambda _, card: None if card.provider is None else getattr(card.provider, attr)


COLUMNS: dict[str, _Getter] = {
    field.key: _key(field.attr, field.kind)
    for field in ARTICLE.fields
    if field.kind in (Kind.STR, Kind.INT, Kind.BOOL, Kind.TIME)
}
COLUMNS.update(
    {
        "url": lambda _, card: card.web_url or card.original_url,
        "provider": _provider("name"),
        "domain": _provider("domain"),
        "topics": lambda _, card: ";".join(card.topics),
        "image": lambda _, card: card.images[0].url if card.images else None,
        "related": lambda _, card: len(card.related),
        "file": lambda path, _: os.fspath(path),
    }
)
"""Every column a card can give, by name: its scalar keys as written in cards (``title``,
``excerpt``, ``publishedDateTime``, ``originalUrl``, ``published``...), ``url`` (``webUrl``,
else ``originalUrl``: video cards have none), ``provider`` and ``domain``, ``topics``
(joined with ``;``), ``image`` (the first image's URL), ``related`` (how many), ``file``."""


def values(path: Path, card: Article, columns: tuple[str, ...]) -> tuple[Any, ...]:
    """A card's values for ``columns`` (names of ``COLUMNS``)."""
    return tuple(COLUMNS[name](path, card) for name in columns)


def columns_option(
    sub: argparse.ArgumentParser, default: tuple[str, ...], extra: tuple[str, ...] = ()
) -> None:
    """``--columns a,b,c``: checked against the names a card gives (and ``extra`` ones)."""
    known = (*COLUMNS, *extra)

    def parse(text: str) -> tuple[str, ...]:
        chosen = tuple(name.strip() for name in text.split(",") if name.strip())
        unknown = [name for name in chosen if name not in known]
        if unknown or not chosen:
            message = f"unknown column {unknown[0]!r}" if unknown else "no column named"
            raise argparse.ArgumentTypeError(f"{message}; the columns are: {', '.join(known)}")
        return chosen

    sub.add_argument(
        "--columns",
        type=parse,
        default=default,
        metavar="A,B,...",
        help=f"CSV columns, in order (default: {','.join(default)}); any of: {', '.join(known)}",
    )
