"""The YAML wire format in one place: key names, value kinds, order and reference style.

Every other module (reader, writer, converter) is driven by these tables, so a new key is
added here once.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs

from ._model import Article, Image, Provider, RelatedItem


class Kind(enum.Enum):
    """What a key holds."""

    STR = "a string"
    INT = "an integer"
    BOOL = "a boolean"
    TIME = "a timestamp"
    OBJ = "a mapping"
    STRS = "a list of strings"
    OBJS = "a list of mappings"


@attrs.frozen
class Field:
    """One key of a mapping, as written in cards."""

    key: str
    attr: str
    kind: Kind
    quoted: bool = False
    """The reference style double-quotes this string (otherwise plain when safe)."""
    spec: Spec | None = None
    """The nested class, for OBJ and OBJS."""
    group: bool = False
    """The reference style puts a blank line before this key."""


@attrs.frozen
class Spec:
    """A class and its keys in the order the reference style writes them."""

    cls: type[Any]
    fields: tuple[Field, ...]
    required: tuple[str, ...] = ()
    by_key: Mapping[str, Field] = attrs.field(init=False)
    by_attr: Mapping[str, Field] = attrs.field(init=False)

    @by_key.default
    def _by_key(self) -> Mapping[str, Field]:
        return {f.key: f for f in self.fields}

    @by_attr.default
    def _by_attr(self) -> Mapping[str, Field]:
        return {f.attr: f for f in self.fields}


S, N, B, T = Kind.STR, Kind.INT, Kind.BOOL, Kind.TIME

IMAGE = Spec(
    Image,
    (
        Field("url", "url", S, quoted=True),
        Field("width", "width", N),
        Field("height", "height", N),
        Field("title", "title", S, quoted=True),
        Field("isCached", "is_cached", B),
        Field("attribution", "attribution", S, quoted=True),
    ),
)

PROVIDER = Spec(
    Provider,
    (
        Field("name", "name", S),
        Field("domain", "domain", S),
        Field("images", "images", Kind.OBJS, spec=IMAGE),
    ),
)

_URLS = (
    Field("originalUrl", "original_url", S, quoted=True),
    Field("webUrl", "web_url", S, quoted=True),
    Field("ampWebUrl", "amp_web_url", S, quoted=True),
    Field("cdnAmpWebUrl", "cdn_amp_web_url", S, quoted=True),
)

RELATED = Spec(
    RelatedItem,
    (
        Field("title", "title", S, quoted=True),
        Field("excerpt", "excerpt", S, quoted=True),
        Field("publishedDateTime", "published_date_time", T),
        *_URLS,
        Field("type", "type", S),
        Field("provider", "provider", Kind.OBJ, spec=PROVIDER),
        Field("quality", "quality", N),
        Field("heat", "heat", N),
        Field("images", "images", Kind.OBJS, spec=IMAGE),
    ),
    required=("title",),
)

ARTICLE = Spec(
    Article,
    (
        Field("category", "category", S),
        Field("title", "title", S, quoted=True),
        Field("excerpt", "excerpt", S, quoted=True),
        Field("publishedDateTime", "published_date_time", T),
        *_URLS,
        Field("type", "type", S),
        Field("quality", "quality", N),
        Field("heat", "heat", N),
        Field("published", "published", B),
        Field("featuredContent", "featured_content", S, quoted=True, group=True),
        Field("provider", "provider", Kind.OBJ, spec=PROVIDER, group=True),
        Field("topics", "topics", Kind.STRS, group=True),
        Field("images", "images", Kind.OBJS, spec=IMAGE, group=True),
        Field("related", "related", Kind.OBJS, spec=RELATED, group=True),
        Field("secured", "secured", S, quoted=True, group=True),
    ),
    required=("title",),
)

SPECS: Mapping[type[Any], Spec] = {s.cls: s for s in (IMAGE, PROVIDER, RELATED, ARTICLE)}

BODY = "body"
"""Where ``to_dict`` puts an Article's Markdown body: an object with it is newscard's own."""

API_CONTENT = "content"
"""The news API's text of the article, which ``content_as_body`` makes the card's body."""
