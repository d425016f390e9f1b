"""Hypothesis strategies for cards built in code, with hostile strings."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from newscard import Article, Image, Provider, RelatedItem

HOSTILE = (
    ": ",
    " #",
    "a: b",
    "x #y",
    "'",
    '"',
    "''",
    '"quoted"',
    " leading",
    "trailing ",
    "null",
    "Null",
    "~",
    "true",
    "yes",
    "No",
    "on",
    "1e3",
    "1.5",
    "0x10",
    "0o17",
    "012",
    "-1",
    "+1",
    ".inf",
    "2021-05-21",
    "2021-05-21T10:00:00Z",
    "<<",
    "=",
    "- item",
    "? key",
    "[a, b]",
    "{k: v}",
    "&anchor",
    "*alias",
    "!tag",
    "%directive",
    "@at",
    "`tick",
    "|",
    ">",
    "---",
    "...",
    "a\nb",
    "line\n",
    "\n",
    "tab\there",
    "\t",
    "\r\n",
    "\u2028",
    "\u2029",
    "\x85",
    "\ufeff",
    "\x00",
    "\x07",
    "\x7f",
    "\u00a0",
    "Amazon\u00e2\u20ac\u2122s",
    "\U0001f600 emoji",
    "\ud7ff\ue000",
    "",
    " ",
    "x" * 500,
    "word " * 60,
)

texts = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=30),
    st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=4).map("".join),
)
nonempty_texts = texts.filter(bool)
ints = st.integers(min_value=-(2**63), max_value=2**63)
offsets = st.sampled_from(
    [timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-7))]
)
times = st.builds(
    lambda d, tz: d.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1)),
    offsets,
)
extra_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | ints | texts | st.floats(allow_nan=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nonempty_texts, inner, max_size=3),
    max_leaves=6,
)
_KNOWN: set[str] = {
    "category", "title", "excerpt", "publishedDateTime", "originalUrl", "webUrl", "ampWebUrl",
    "cdnAmpWebUrl", "type", "quality", "heat", "published", "featuredContent", "provider",
    "topics", "images", "related", "secured", "name", "domain", "url", "width", "height",
    "isCached", "attribution",
}  # fmt: skip


def _unknown(key: str) -> bool:
    return key not in _KNOWN


extras = st.dictionaries(nonempty_texts.filter(_unknown), extra_values, max_size=2)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


images = st.builds(
    Image,
    url=optional(texts),
    width=optional(ints),
    height=optional(ints),
    title=optional(texts),
    is_cached=optional(st.booleans()),
    attribution=optional(texts),
    extra=extras,
)
providers = st.builds(
    Provider,
    name=optional(texts),
    domain=optional(texts),
    images=st.lists(images, max_size=2).map(tuple),
    extra=extras,
)
related_items = st.builds(
    RelatedItem,
    title=texts,
    excerpt=optional(texts),
    published_date_time=optional(times),
    original_url=optional(texts),
    web_url=optional(texts),
    amp_web_url=optional(texts),
    cdn_amp_web_url=optional(texts),
    type=optional(texts),
    provider=optional(providers),
    quality=optional(ints),
    heat=optional(ints),
    images=st.lists(images, max_size=2).map(tuple),
    extra=extras,
)
articles = st.builds(
    Article,
    title=texts,
    category=optional(texts),
    excerpt=optional(texts),
    published_date_time=optional(times),
    original_url=optional(texts),
    web_url=optional(texts),
    amp_web_url=optional(texts),
    cdn_amp_web_url=optional(texts),
    type=optional(texts),
    quality=optional(ints),
    heat=optional(ints),
    published=optional(st.booleans()),
    featured_content=optional(texts),
    provider=optional(providers),
    topics=st.lists(texts, max_size=4).map(tuple),
    images=st.lists(images, max_size=2).map(tuple),
    related=st.lists(related_items, max_size=3).map(tuple),
    secured=optional(texts),
    body=texts,
    extra=extras,
)
