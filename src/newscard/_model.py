"""The card's value classes: immutable, keyword-only, typed.

The classes know nothing of YAML: key names, quoting and order live in ``_schema``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from ._source import Source

__all__ = ["Article", "Image", "Provider", "RelatedItem"]

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _freeze_extra(value: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> Mapping[str, Any]:
    """Keep unknown keys read-only and in order (a mapping proxy compares like a dict)."""
    if type(value) is MappingProxyType:
        return value
    if not value:
        return _EMPTY
    return MappingProxyType(dict(value))


def _extra() -> Any:
    """The ``extra`` attribute every class has: unknown keys, in file order."""
    return attrs.field(default=_EMPTY, converter=_freeze_extra, hash=False)


@attrs.frozen(kw_only=True)
class Image:
    """An image of an article, a related item or a provider (a logo)."""

    url: str | None = None
    width: int | None = None
    height: int | None = None
    title: str | None = None
    is_cached: bool | None = None
    attribution: str | None = None
    extra: Mapping[str, Any] = _extra()


@attrs.frozen(kw_only=True)
class Provider:
    """The site that published an article."""

    name: str | None = None
    domain: str | None = None
    images: tuple[Image, ...] = attrs.field(default=(), converter=tuple)
    extra: Mapping[str, Any] = _extra()


@attrs.frozen(kw_only=True)
class RelatedItem:
    """The same story covered elsewhere, listed under an article's ``related``."""

    title: str
    excerpt: str | None = None
    published_date_time: datetime | None = None
    original_url: str | None = None
    web_url: str | None = None
    amp_web_url: str | None = None
    cdn_amp_web_url: str | None = None
    type: str | None = None
    provider: Provider | None = None
    quality: int | None = None
    heat: int | None = None
    images: tuple[Image, ...] = attrs.field(default=(), converter=tuple)
    extra: Mapping[str, Any] = _extra()


@attrs.frozen(kw_only=True)
class Article:
    """One news card: its front matter, its Markdown body and any keys it does not know.

    A card read from text remembers that text, so that writing it back changes only
    what was edited (``attrs.evolve`` keeps the memory; equality ignores it).
    """

    title: str
    category: str | None = None
    excerpt: str | None = None
    published_date_time: datetime | None = None
    original_url: str | None = None
    web_url: str | None = None
    amp_web_url: str | None = None
    cdn_amp_web_url: str | None = None
    type: str | None = None
    quality: int | None = None
    heat: int | None = None
    published: bool | None = None
    featured_content: str | None = None
    """Raw HTML (an ``<iframe>`` for videos): escape it before rendering."""
    provider: Provider | None = None
    topics: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    images: tuple[Image, ...] = attrs.field(default=(), converter=tuple)
    related: tuple[RelatedItem, ...] = attrs.field(default=(), converter=tuple)
    secured: str | None = attrs.field(default=None, repr=lambda s: _redact(s))
    """Opaque ``<base64>;<base64>`` blob: kept as is, never shown in full."""
    body: str = ""
    extra: Mapping[str, Any] = _extra()
    _source: Source | None = attrs.field(
        default=None, eq=False, hash=False, repr=False, alias="source"
    )

    @property
    def source_text(self) -> str | None:
        """The text this card was read from, or None for a card built in code."""
        return None if self._source is None else self._source.text


def _redact(secret: str | None) -> str:
    """Show enough of a secret to recognise it, never the whole of it."""
    if secret is None:
        return "None"
    return f"<{len(secret)} chars: {secret[:6]!r}...>"
