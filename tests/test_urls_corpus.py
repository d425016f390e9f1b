"""canonical_url on the real cards: declared AMP pairs merge, distinct pages never do."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from pathlib import Path

import pytest

import newscard
from newscard._urls import canonical_url

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ai"
URL_FIELDS = ("original_url", "web_url", "amp_web_url", "cdn_amp_web_url")
Item = newscard.Article | newscard.RelatedItem
Place = tuple[str, int | None]
"""A card's file name, and the position of a related item in it (None: the card itself)."""

LOCAL_CARD = "2022-06-11-the-google-engineer-who-thinks-the-companys-ai-has-come-to-life.md"
NOT_DERIVABLE: dict[Place, str] = {
    # The AMP page sits under another path (or the web URL carries an unknown parameter):
    # no rule can tell that the two name one page, so they keep two keys rather than guess.
    (
        (
            "2020-04-21-transcosmos-releases-automated-call-answering-service-with-the-power-"
            "of-speech-recognition-intent-inference-algorithms.md"
        ),
        None,
    ): "www.benzinga.com",  # amp. host, /amp/content/<number> for a dated slug path
    (LOCAL_CARD, 2): "www.huffpost.com",  # the web URL has ?d_id, a parameter of no known use
    (LOCAL_CARD, 5): "www.cnet.com",  # /google-amp/news/<slug> for /tech/<slug>: two sections
    (LOCAL_CARD, 6): "www.nbcnews.com",  # /news/amp-video/mmvo<id> for /now/video/<slug>-<id>
    (LOCAL_CARD, 9): "www.ladbible.com",  # <slug>.amp.html for <slug>, which has no file type
    (LOCAL_CARD, 27): "futurism.com",  # <slug>/amp without the /the-byte section of the page
}


@functools.cache
def _corpus() -> list[tuple[Place, Item]]:
    items: list[tuple[Place, Item]] = []
    for path in sorted(CORPUS.glob("*.md")):
        if path.name == "SOURCES.md":
            continue
        card = newscard.load(path)
        items.append(((path.name, None), card))
        items.extend(((path.name, index), one) for index, one in enumerate(card.related))
    return items


def corpus() -> list[tuple[Place, Item]]:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not here: {CORPUS} (it lives beside the repository)")
    return _corpus()


def declared_pairs() -> list[tuple[Place, str, str]]:
    """Every item that gives both a web URL and an AMP URL: one page, by its own word."""
    return [
        (place, one.web_url, one.amp_web_url)
        for place, one in corpus()
        if one.web_url and one.amp_web_url
    ]


def test_declared_amp_pairs_get_one_key() -> None:
    pairs = declared_pairs()
    assert len(pairs) == 87
    apart = {place for place, web, amp in pairs if canonical_url(web) != canonical_url(amp)}
    assert apart == set(NOT_DERIVABLE)
    assert len(pairs) - len(apart) >= 0.9 * len(pairs)


def test_not_derivable_pairs_are_where_the_list_says() -> None:
    hosts = {place: web.split("/")[2] for place, web, _ in declared_pairs()}
    assert {place: hosts[place] for place in NOT_DERIVABLE} == NOT_DERIVABLE


@pytest.mark.parametrize(
    ("drop_www", "strip_amp_path", "expected"),
    [(True, True, 81), (False, True, 78), (True, False, 14), (False, False, 14)],
)
def test_declared_pairs_by_option(drop_www: bool, strip_amp_path: bool, expected: int) -> None:
    # Each option gives back what it is for: a rule turned off merges less, never more.
    key = functools.partial(canonical_url, drop_www=drop_www, strip_amp_path=strip_amp_path)
    assert sum(key(web) == key(amp) for _, web, amp in declared_pairs()) == expected


def _title(one: Item) -> str:
    return re.sub(r"\W+", " ", one.title).strip().casefold()


def _pages() -> dict[int, int]:
    """Group the items into pages by evidence other than canonical_url.

    Two items are one page when they share a title (the corpus holds copies, AMP pages and
    tracked links of one article, all under its title) or a URL written the same way (a
    headline that changed). Returns the page number of each item, by position.
    """
    items = corpus()
    parent = list(range(len(items)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first: dict[str, int] = {}
    for index, (_, one) in enumerate(items):
        names = [_title(one)] + [getattr(one, field) or "" for field in URL_FIELDS]
        for name in filter(None, names):
            parent[find(index)] = find(first.setdefault(name, index))
    return {index: find(index) for index in range(len(items))}


def test_distinct_pages_never_share_a_key() -> None:
    pages = _pages()
    owners: dict[str, set[int]] = defaultdict(set)
    for index, (_, one) in enumerate(corpus()):
        for field in URL_FIELDS:
            url = getattr(one, field)
            if url and url.startswith("http"):
                owners[canonical_url(url)].add(pages[index])
    assert len(owners) > 180
    assert not {key: found for key, found in owners.items() if len(found) > 1}
    assert len(set(pages.values())) > 150


def test_distinct_web_urls_merge_only_for_one_page() -> None:
    keys: dict[str, set[str]] = defaultdict(set)
    titles: dict[str, set[str]] = defaultdict(set)
    for _, one in corpus():
        if one.web_url:
            keys[canonical_url(one.web_url)].add(one.web_url)
            titles[canonical_url(one.web_url)].add(_title(one))
    merged = {key: urls for key, urls in keys.items() if len(urls) > 1}
    # The Medium copy with ?source=topic_page---... and the Guardian copy with ?amp;fs=e&amp;s=cl
    assert len(merged) == 2
    assert all(len(titles[key]) == 1 for key in merged)


def test_every_url_is_a_fixed_point_under_every_option() -> None:
    for _, one in corpus():
        for field in URL_FIELDS:
            url = getattr(one, field)
            if not url:
                continue
            for www in (False, True):
                for amp in (False, True):
                    once = canonical_url(url, drop_www=www, strip_amp_path=amp)
                    assert canonical_url(once, drop_www=www, strip_amp_path=amp) == once, url


def test_amp_cache_copies_unwrap_to_their_amp_page() -> None:
    pairs = [
        (one.cdn_amp_web_url, one.amp_web_url)
        for _, one in corpus()
        if one.cdn_amp_web_url and one.amp_web_url
    ]
    assert len(pairs) > 80
    for cached, page in pairs:
        assert "cdn.ampproject.org" in cached
        for www in (False, True):
            for amp in (False, True):
                key = functools.partial(canonical_url, drop_www=www, strip_amp_path=amp)
                assert key(cached) == key(page), cached


def test_amp_query_markers_merge_with_the_page_under_every_option() -> None:
    pairs = [
        (one.amp_web_url, one.web_url)
        for _, one in corpus()
        if one.amp_web_url and one.web_url and one.amp_web_url.split("?")[0] == one.web_url
    ]
    queries = {amp.partition("?")[2] for amp, _ in pairs}
    assert {"amp", "amp=1", "amp=true", "outputType=amp", "platform=amp", "view=AMP"} <= queries
    for amp, page in pairs:
        key = functools.partial(canonical_url, drop_www=False, strip_amp_path=False)
        assert key(amp) == key(page), amp


def test_logos_are_site_relative_or_absolute() -> None:
    logos = [
        image.url
        for _, one in corpus()
        if one.provider is not None
        for image in one.provider.images
        if image.url
    ]
    relative = [url for url in logos if url.startswith("/")]
    assert relative
    for url in relative:
        assert canonical_url(url) == url
        resolved = canonical_url(url, base="https://everyday-cc.github.io/ai/")
        assert resolved == "https://everyday-cc.github.io" + url
