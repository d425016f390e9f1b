"""Cards from RSS 0.9x, 1.0 and 2.0 and Atom feeds, read by feedparser (``newscard[feeds]``).

feedparser finds the encoding, repairs what it can of a malformed feed, decodes entities,
resolves relative links and removes dangerous markup; what is left here is the card's view
of an entry: plain text where cards hold text, a canonical ``webUrl``, UTC timestamps.
"""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from ._checks import INT_MAX
from ._errors import NewscardError, ParseError, ValidationError
from ._model import Article, Image, Provider
from ._optional import import_optional
from ._urls import canonical_url

__all__ = ["EXCERPT_LENGTH", "excerpt", "feed_cards", "plain_text"]

EXCERPT_LENGTH = 300
"""The longest excerpt made from a summary. Real cards' excerpts run from 110 to 350
characters, most about 250: the summary's whole sentences that fit in 300."""

_MORE = " ..."
"""What ends an excerpt cut inside a sentence, as in the generator's own excerpts."""

_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*(?=\s+(?![a-z]))")
"""The end of a sentence: its mark and closing quotes, then space and no lower-case letter."""

_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template"})
_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")


class _Text(HTMLParser):
    """The text of an HTML fragment: entities decoded, scripts left out, blocks spaced."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        if tag in _SKIPPED_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def plain_text(text: str, html: bool = True) -> str:
    """Text for a card: markup stripped (when ``html``), whitespace collapsed, no controls."""
    if html:
        parser = _Text()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    return " ".join(_CONTROLS.sub("", text).split())


def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """The whole sentences of ``text`` that fit in ``limit`` characters.

    Text that fits is kept whole. When the sentences that fit are shorter than a third of
    the limit (or there are none), the text is cut at the last word that fits, and `` ...``
    says so.
    """
    if len(text) <= limit:
        return text
    end = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > limit:
            break
        end = match.end()
    if end and end >= limit // 3:
        return text[:end]
    room = limit - len(_MORE)
    cut = text.rfind(" ", 0, room + 1)
    return text[: cut if cut > 0 else room].rstrip() + _MORE


def feed_cards(
    data: bytes, name: str | None = None
) -> tuple[list[Article], list[NewscardError], list[str]]:
    """The cards of a feed, why its other entries are not cards, and warnings.

    An entry needs a title, a web link and a date (published, else updated); one that
    lacks any is skipped with the reason. A malformed feed (feedparser's ``bozo``) is read
    as far as feedparser can, with a warning; one that yields nothing is a ``ParseError``.
    """
    feedparser = import_optional("feedparser", "feeds", "reading RSS and Atom feeds")
    # A stream, never a string: feedparser takes a string for a URL to fetch or a file name.
    parsed = feedparser.parse(io.BytesIO(data))
    entries: list[Mapping[str, Any]] = parsed.get("entries") or []
    warnings: list[str] = []
    if not parsed.get("version") and not entries:
        problem = parsed.get("bozo_exception")
        detail = f": {_problem(problem)}" if problem is not None else ""
        raise ParseError(f"not an RSS or Atom feed{detail}", filename=name)
    if parsed.get("bozo"):
        problem = _problem(parsed.get("bozo_exception"))
        warnings.append(f"malformed feed, read as far as possible: {problem}")
    feed: Mapping[str, Any] = parsed.get("feed") or {}
    provider = _provider(feed)
    cards: list[Article] = []
    skipped: list[NewscardError] = []
    for index, entry in enumerate(entries):
        outcome = _entry(entry, provider)
        if isinstance(outcome, Article):
            cards.append(outcome)
        else:
            outcome.path = f"entries[{index}]"
            skipped.append(outcome.in_file(name) if name is not None else outcome)
    return cards, skipped, warnings


def _entry(entry: Mapping[str, Any], provider: Provider | None) -> Article | NewscardError:
    try:
        return _card(entry, provider)
    except NewscardError as error:
        return error


def _problem(error: object) -> str:
    """What a parser said, without its position (off by the lines feedparser may add)."""
    message = getattr(error, "getMessage", None)
    text = plain_text(str(message() if callable(message) else error), html=False)
    return text or type(error).__name__


def _provider(feed: Mapping[str, Any]) -> Provider | None:
    name = _text_of(feed, "title")
    domain = _domain(feed.get("link"))
    if not name and not domain:
        return None
    return Provider(name=name or domain, domain=domain)


def _domain(url: object) -> str | None:
    """The host of a web address, without ``www.``; None for anything else."""
    if not isinstance(url, str) or not _is_web(url):
        return None
    return urlsplit(canonical_url(url, drop_www=True)).hostname or None


def _is_web(url: str) -> bool:
    return url.strip().lower().startswith(("https://", "http://"))


def _text_of(item: Mapping[str, Any], key: str) -> str:
    """A text element (title, summary, category) as plain text.

    Read as HTML whatever type the feed gives it: feedparser calls a title holding a
    ``<script>`` plain text, and sites print titles into pages unescaped.
    """
    value = item.get(key)
    return plain_text(value) if isinstance(value, str) else ""


def _skip(reason: str, title: str) -> ValidationError:
    return ValidationError(f"skipped: {reason} ({title[:60]!r})" if title else f"skipped: {reason}")


def _card(entry: Mapping[str, Any], provider: Provider | None) -> Article:
    title = _text_of(entry, "title")
    if not title:
        raise _skip("no title", "")
    link = entry.get("link")
    if not isinstance(link, str) or not link.strip():
        raise _skip("no link", title)
    if not _is_web(link):
        if link == entry.get("id"):  # feedparser's stand-in for a missing link: the entry's id
            raise _skip("no link", title)
        raise _skip(f"the link is not a web address: {link[:60]!r}", title)
    link = link.strip()
    published = _time(entry)
    if published is None:
        given = _raw(entry, "published") or _raw(entry, "updated")
        reason = f"the date cannot be read: {given[:40]!r}" if given else "no date"
        raise _skip(reason, title)
    web_url = canonical_url(
        link, drop_www=False, strip_amp_path=False
    )  # a link: trackers go, the host stays
    summary = _text_of(entry, "summary")
    if not summary:
        content = entry.get("content") or ()
        summary = next((text for part in content if (text := _text_of(part, "value"))), "")
    if provider is None or provider.domain is None:
        domain = _domain(link)
        provider = Provider(name=provider.name if provider else domain, domain=domain)
    return Article(
        category="news",
        title=title,
        excerpt=excerpt(summary) or None,
        published_date_time=published,
        original_url=link if link != web_url else None,
        web_url=web_url,
        type="article",
        provider=provider,
        topics=_topics(entry.get("tags") or ()),
        images=_images(entry),
    )


def _raw(entry: Mapping[str, Any], key: str) -> Any:
    """A value the entry has, never one feedparser stands in (updated for published)."""
    return entry[key] if key in entry else None  # noqa: SIM401 - get() would stand one in


def _time(entry: Mapping[str, Any]) -> datetime | None:
    """Published, else updated, in UTC (feedparser gives both as UTC ``struct_time``)."""
    for key in ("published_parsed", "updated_parsed"):
        value = _raw(entry, key)
        if value is not None:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
            except (OverflowError, OSError, ValueError):  # read, but beyond what datetime holds
                continue
    return None


def _topics(tags: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """The entry's categories: the label where there is one (Atom), else the term."""
    topics: list[str] = []
    for tag in tags:
        topic = _text_of(tag, "label") or _text_of(tag, "term")
        if topic and topic not in topics:
            topics.append(topic)
    return tuple(topics)


def _images(entry: Mapping[str, Any]) -> tuple[Image, ...]:
    """``media:content`` images, then ``media:thumbnail``, then image enclosures."""
    found: list[tuple[Any, Any, Any]] = []
    for media in entry.get("media_content") or ():
        kind = str(media.get("medium") or media.get("type") or "")
        url = media.get("url")
        if kind.startswith("image") or (not kind and _looks_like_image(url)):
            found.append((url, media.get("width"), media.get("height")))
    found.extend(
        (thumb.get("url"), thumb.get("width"), thumb.get("height"))
        for thumb in entry.get("media_thumbnail") or ()
    )
    found.extend(
        (link.get("href"), None, None)
        for link in entry.get("links") or ()
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/")
    )
    images: list[Image] = []
    seen: set[str] = set()
    for url, width, height in found:
        if not isinstance(url, str) or not _is_web(url) or url.strip() in seen:
            continue
        seen.add(url.strip())
        images.append(Image(url=url.strip(), width=_size(width), height=_size(height)))
    return tuple(images)


def _looks_like_image(url: object) -> bool:
    return isinstance(url, str) and urlsplit(url).path.lower().endswith(_IMAGE_SUFFIXES)


def _size(value: object) -> int | None:
    """A width or height: a positive whole number that a card can hold, else none."""
    text = str(value).strip() if value is not None else ""
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= INT_MAX else None
