"""Choosing cards: ``--since``, ``--until``, ``--published``, ``--type``, ``--provider``.

A ``Selection`` is a small picklable predicate, so that worker processes apply it where the
cards are read and send back nothing for the cards it leaves out.
"""

from __future__ import annotations

import argparse
import re
from datetime import datetime, time, timedelta, timezone

import attrs

from newscard._model import Article
from newscard._rank import provider_key
from newscard._scalars import parse_time

__all__ = ["Selection", "add_options", "selection"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


@attrs.frozen
class Selection:
    """Which cards a command works on; every field None or empty means all of them."""

    since: datetime | None = None
    until: datetime | None = None
    """Inclusive; a date given alone means to the end of that day."""
    published: bool | None = None
    types: frozenset[str] = frozenset()
    providers: frozenset[str] = frozenset()

    @property
    def everything(self) -> bool:
        return self == _ALL

    def __call__(self, card: Article) -> bool:
        moment = card.published_date_time
        if self.since is not None and (moment is None or moment < self.since):
            return False
        if self.until is not None and (moment is None or moment > self.until):
            return False
        if self.published is not None and (card.published is not False) != self.published:
            return False
        if self.types and card.type not in self.types:
            return False
        if self.providers:
            provider = card.provider
            names = {provider_key(card)}
            if provider is not None and provider.name:
                names.add(provider.name.strip().casefold())
            if not names & self.providers:
                return False
        return True


_ALL = Selection()


def _moment(end: bool) -> type:
    """An ISO 8601 date or time; a date is its first instant, or its last one for ``end``."""

    def parse(text: str) -> datetime:
        if _DATE.match(text.strip()):
            day = datetime.combine(
                datetime.strptime(text.strip(), "%Y-%m-%d").date(),  # noqa: DTZ007 - a date alone
                time(),
                tzinfo=timezone.utc,
            )
            return day + timedelta(days=1, microseconds=-1) if end else day
        try:
            return parse_time(text)
        except (ValueError, OverflowError):
            message = (
                f"not a date or time: {text!r} (use ISO 8601: 2024-03-08 or 2024-03-08T12:00Z)"
            )
            raise argparse.ArgumentTypeError(message) from None

    return parse  # type: ignore[return-value]


def _words(text: str) -> list[str]:
    return [word.strip() for word in text.split(",") if word.strip()]


def add_options(sub: argparse.ArgumentParser) -> None:
    """The options that choose cards, for the commands that take them."""
    group = sub.add_argument_group("choosing cards")
    group.add_argument(
        "--since", type=_moment(end=False), metavar="WHEN", help="cards published at WHEN or later"
    )
    group.add_argument(
        "--until",
        type=_moment(end=True),
        metavar="WHEN",
        help="cards published at WHEN or earlier (a date includes that whole day)",
    )
    shown = group.add_mutually_exclusive_group()
    shown.add_argument(
        "--published",
        dest="published",
        action="store_const",
        const=True,
        help="only published cards (published: false hides a card from a Jekyll site)",
    )
    shown.add_argument(
        "--unpublished",
        dest="published",
        action="store_const",
        const=False,
        help="only cards with published: false",
    )
    group.add_argument(
        "--type",
        action="append",
        type=_words,
        metavar="TYPE",
        help="article, video... (repeatable)",
    )
    group.add_argument(
        "--provider",
        action="append",
        type=_words,
        metavar="NAME",
        help="a provider's domain or name, any case (repeatable)",
    )


def selection(args: argparse.Namespace) -> Selection:
    """The ``Selection`` the command line asked for."""
    types = frozenset(word for words in args.type or () for word in words)
    providers = frozenset(
        word.casefold().rstrip(".") for words in args.provider or () for word in words
    )
    return Selection(
        since=args.since,
        until=args.until,
        published=args.published,
        types=types,
        providers=providers,
    )
