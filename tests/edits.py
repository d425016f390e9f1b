"""Single-field edits of a card, to check that writing changes only what was edited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs

from newscard import Article, Image, Provider, RelatedItem

SCALAR_FIELDS = (
    "category",
    "title",
    "excerpt",
    "published_date_time",
    "original_url",
    "web_url",
    "amp_web_url",
    "cdn_amp_web_url",
    "type",
    "quality",
    "heat",
    "published",
    "secured",
)
RELATED_SCALARS = ("title", "excerpt", "published_date_time", "web_url", "type", "quality")


def changed(value: Any, name: str) -> Any:
    """A different value of the same type."""
    if name in ("quality", "heat"):
        return (value or 0) + 7
    if name == "published":
        return not value
    if name == "published_date_time":
        base = value or datetime(2020, 1, 1, tzinfo=timezone.utc)
        return base + timedelta(hours=1)
    return 'edited: it\'s a "new" value #1' if value else "edited"


def single_edits(card: Article) -> Iterator[tuple[str, str, Article]]:
    """(kind, description, edited card): kind is 'scalar', 'add-line', 'remove' or 'other'."""
    for name in SCALAR_FIELDS:
        value = getattr(card, name)
        kind = "scalar" if value is not None else "other"
        yield kind, f"{name} changed", attrs.evolve(card, **{name: changed(value, name)})
        if value is not None and name != "title":
            yield "remove", f"{name} removed", attrs.evolve(card, **{name: None})  # type: ignore[arg-type]
    if card.topics:
        yield "add-line", "topic appended", attrs.evolve(card, topics=(*card.topics, "Added"))
        yield "remove", "first topic removed", attrs.evolve(card, topics=card.topics[1:])
        yield (
            "scalar",
            "last topic changed",
            attrs.evolve(card, topics=(*card.topics[:-1], "Changed topic")),
        )
    if card.provider is not None and card.provider.name is not None:
        provider = attrs.evolve(card.provider, name="Renamed provider")
        yield "scalar", "provider.name changed", attrs.evolve(card, provider=provider)
    image = Image(url="https://images.test/new.jpg", width=10, height=20)
    yield "other", "image appended", attrs.evolve(card, images=(*card.images, image))
    if card.images:
        yield "remove", "first image removed", attrs.evolve(card, images=card.images[1:])
    item = RelatedItem(
        title="An added related item",
        web_url="https://related.test/added",
        provider=Provider(name="Related Test", domain="related.test"),
        quality=3,
    )
    yield "other", "related appended", attrs.evolve(card, related=(*card.related, item))
    for index in sorted({0, len(card.related) // 2, len(card.related) - 1}):
        if not card.related:
            break
        rest = card.related[:index] + card.related[index + 1 :]
        yield "remove", f"related[{index}] removed", attrs.evolve(card, related=rest)
        old = card.related[index]
        for name in RELATED_SCALARS:
            value = getattr(old, name)
            kind = "scalar" if value is not None else "other"
            new = attrs.evolve(old, **{name: changed(value, name)})
            related = (*card.related[:index], new, *card.related[index + 1 :])
            yield kind, f"related[{index}].{name} changed", attrs.evolve(card, related=related)
        if old.provider is not None and old.provider.name is not None:
            new = attrs.evolve(old, provider=attrs.evolve(old.provider, name="Other name"))
            related = (*card.related[:index], new, *card.related[index + 1 :])
            yield (
                "scalar",
                f"related[{index}].provider.name changed",
                attrs.evolve(card, related=related),
            )
    yield (
        "other",
        "unknown key added",
        attrs.evolve(card, extra={**card.extra, "addedKey": [1, "two"]}),
    )
    for key in card.extra:
        kept = {k: v for k, v in card.extra.items() if k != key}
        yield "remove", f"unknown key {key} removed", attrs.evolve(card, extra=kept)
    yield "other", "body changed", attrs.evolve(card, body=card.body + "An added line.\n")
