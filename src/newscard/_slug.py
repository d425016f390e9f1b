"""File names the Jekyll way: ``YYYY-MM-DD-slug.md`` from a card's date and title.

The slug follows what the card generator's own file names show: lower-case ASCII letters
and digits, words joined by single hyphens, punctuation dropped rather than turned into a
separator (``Becker's`` is ``beckers``, ``Rs 10.8`` is ``rs-108``, ``Halo/Stryker`` is
``halostryker``). Accented letters lose their accents; letters with no ASCII form (CJK,
Cyrillic...) are dropped, and a title with none left gets ``untitled-`` and a hash of the
title, so that the name is never empty and stays the same from one run to the next.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Container

from ._errors import ValidationError
from ._model import Article

__all__ = ["jekyll_name", "slugify"]

SLUG_LENGTH = 200
"""The longest slug: a date, a collision number and ``.md`` still fit a 255-byte name."""

_LETTERS = {
    "ß": "ss",
    "ẞ": "SS",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "ł": "l",
    "Ł": "L",
    "þ": "th",
    "Þ": "TH",
    "ı": "i",
    "ħ": "h",
    "Ħ": "H",
}
"""Latin letters that Unicode does not decompose into a base letter and an accent."""

_DASHES = "_\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
"""Separate words like a space: underscore, hyphens and dashes, the minus sign."""

_TABLE = str.maketrans({**_LETTERS, **dict.fromkeys(_DASHES, "-")})
_KEEP = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def slugify(text: str, *, max_length: int = SLUG_LENGTH) -> str:
    """The ASCII slug of a title: ``a-z``, ``0-9`` and single hyphens, never empty.

    Deterministic, and idempotent on its own results. A slug longer than ``max_length``
    is cut at a hyphen where one is near the end.

    >>> slugify("Café: Becker's 10.8% — Halo/Stryker (1/3)")
    'cafe-beckers-108-halostryker-13'
    """
    if max_length < 16:
        raise ValueError(f"max_length must be at least 16, got {max_length}")
    decomposed = unicodedata.normalize("NFKD", text.translate(_TABLE)).translate(_TABLE)
    kept = "".join(
        char if char in _KEEP else "-" if char == "-" or char.isspace() else ""
        for char in decomposed.lower()
    )
    slug = "-".join(word for word in kept.split("-") if word)
    if len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[: cut if cut > max_length // 2 else max_length].rstrip("-")
    if not slug:
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=4)
        slug = f"untitled-{digest.hexdigest()}"
    return slug


def jekyll_name(card: Article, *, taken: Container[str] = ()) -> str:
    """``YYYY-MM-DD-slug.md``: the card's publish date (in its own offset) and title.

    A name in ``taken`` (the file names already in the folder) gets the first free number:
    ``-2``, ``-3``... A card without ``publishedDateTime`` has no such name: that is a
    ``ValidationError``.

    >>> from datetime import datetime, timezone
    >>> card = Article(title="Harbour cranes go electric",
    ...                published_date_time=datetime(2024, 3, 4, 9, tzinfo=timezone.utc))
    >>> jekyll_name(card)
    '2024-03-04-harbour-cranes-go-electric.md'
    >>> jekyll_name(card, taken={"2024-03-04-harbour-cranes-go-electric.md"})
    '2024-03-04-harbour-cranes-go-electric-2.md'
    """
    published = card.published_date_time
    if published is None:
        message = "no publishedDateTime: a Jekyll file name starts with the publish date"
        raise ValidationError(message, path="publishedDateTime")
    stem = f"{published.year:04d}-{published.month:02d}-{published.day:02d}-{slugify(card.title)}"
    name = f"{stem}.md"
    number = 1
    while name in taken:
        number += 1
        name = f"{stem}-{number}.md"
    return name
