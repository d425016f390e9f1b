"""Group cards and related items that cover one news story, whatever their URLs.

Dedup finds one page under many URLs; most of what a news folder repeats is one story from
many publishers, each with its own page and its own headline. Each item becomes a TF-IDF
vector of its title and excerpt: the title counts twice, named terms (``GPT-3``, ``AWS``,
``AlphaFold``) three times, and the inverse document frequency comes from the input itself,
so that words every item shares weigh little. Sentences and title segments that one provider
repeats under different headlines (a newsletter's footer, a series name) are boilerplate and
are left out. Two items are linked when they were published within ``window`` of each other
and their cosine similarity reaches ``threshold``; an inverted index over each item's heavy
terms, swept along the time line, finds every such pair without comparing all of them.
Linked items are then merged by average linkage: two groups join while the mean similarity
over all their cross pairs (unlinked pairs count 0) is at least ``cohesion``, so that a
digest or a round-up similar to two stories does not chain them into one. Items that share
a canonical URL always start in one group.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import deque
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Generic

import attrs

from ._groups import ItemT as _ItemT
from ._groups import best, find, groups, link_urls, shared_urls, url_keys
from ._model import Article, RelatedItem
from ._urls import canonical_url

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

__all__ = ["StoryGroup", "StoryLink", "add_related", "related_item", "story_groups"]

WINDOW = timedelta(days=7)
"""Items further apart in time are never one story (7 days held every labelled pair)."""

THRESHOLD = 0.10
"""The similarity two items need to be linked at all."""

COHESION = 0.08
"""The mean similarity across two groups (unlinked pairs count 0) they need to merge."""

_TITLE_WEIGHT = 2.0
_NAMED_WEIGHT = 3.0
_COMMON_ITEMS = 100
_COMMON_SHARE = 0.005
_FOUND_SHARE = 0.5
_PRIOR = 1.0
"""Cross pairs every mean counts beyond the real ones, as unlinked: two lone items need
twice the cohesion, while large groups are judged on their own pairs."""

_WORD = re.compile(r"[^\W_]+")
_FRAGMENT = re.compile(r"(?<=[.!?…])\s|\.\.\.|\s[-–—|]\s|[;:]\s")
"""Where an excerpt breaks into sentences and phrases."""
_SEGMENT = re.compile(r":\s|\s[-–—|]\s")
"""Where a title breaks into segments (``Series name: headline - Site``)."""
_MIN_FRAGMENT_WORDS = 3
_SIMILAR_TITLES = 0.5
"""Titles sharing at least half their words (Jaccard) are one headline, edited."""

_STOP_WORDS = frozenset(
    """a about above after again against all almost also am among an and any are aren as at
    be because been before being below between both but by can could couldn did didn do does
    doesn doing don down during each either else ever every few for from further get gets got
    had has have having he her here hers herself him himself his how however i if in into is
    isn it its itself just least less let like ll may me might more most much must my myself
    no nor not now of off on once one only or other others our ours ourselves out over own per
    rather re s same say says said shall she should so some such than that the their theirs
    them themselves then there these they this those though through thus to too two under
    until up upon us ve very via was wasn we were what when where whether which while who whom
    whose why will with within without won would yet you your yours yourself yourselves""".split()  # noqa: SIM905 - a word list reads best as text
)
"""Function words of English: they say nothing about which story an item tells."""

_UTC = timezone.utc
_UNKNOWN = ("", 0.0)


@attrs.frozen(kw_only=True)
class StoryLink(Generic[_ItemT]):
    """Why one member is in its story group: its strongest tie to another member.

    ``url`` is the canonical URL the two share (``score`` is then 1.0), or None when they are
    tied by their text, ``score`` being the cosine similarity of their vectors.
    """

    item: _ItemT
    index: int
    to: _ItemT
    to_index: int
    score: float
    url: str | None


@attrs.frozen(kw_only=True)
class StoryGroup(Generic[_ItemT]):
    """Items that cover one story, with the one to lead with and why each other one is there.

    The shape of :class:`DuplicateGroup`: ``members`` and ``indices`` list every item and its
    position in the input, in input order; ``lead`` is the member of highest ``quality`` (the
    earliest on a tie), as dedup's survivor; ``others`` are the members other than ``lead``, in
    input order, and ``links[k]`` tells why ``others[k]`` joined.
    """

    lead: _ItemT
    lead_index: int
    members: tuple[_ItemT, ...]
    indices: tuple[int, ...]
    others: tuple[_ItemT, ...]
    links: tuple[StoryLink[_ItemT], ...]


def story_groups(
    items: Iterable[_ItemT],
    *,
    include_singletons: bool = False,
    window: timedelta = WINDOW,
    threshold: float = THRESHOLD,
    cohesion: float = COHESION,
    key: Callable[[str], str] | None = None,
) -> list[StoryGroup[_ItemT]]:
    """Group items that cover one news story: one :class:`StoryGroup` per story told twice.

    Groups come in the order they first appear in ``items`` and are the same for the same
    input. ``include_singletons`` also reports the stories told once, so that the groups
    cover the whole input. ``window``, ``threshold`` and ``cohesion`` are described in the
    module's documentation; ``key`` maps a URL to the key that makes two items one page, as
    in :func:`dedup`. An item without a publish time is compared with every other item.
    """
    window_seconds = _check(window, threshold, cohesion)
    found: list[_ItemT] = list(items)
    to_key = canonical_url if key is None else key
    parent = link_urls(found, to_key)
    vectors = _vectors(found, parent)
    edges = _edges(found, vectors, window_seconds, threshold)
    clusters = _merge(parent, edges, cohesion)
    return [
        _report(found, group, edges, to_key)
        for group in clusters
        if len(group) > 1 or include_singletons
    ]


def related_item(card: Article) -> RelatedItem:
    """The card as an item of another card's ``related`` list.

    It keeps what related items carry: title, excerpt, publish time, web, AMP and AMP-cache
    URLs, type, provider, quality and images (``original_url`` only when there is no
    ``web_url``, so that the item still names its page).
    """
    return RelatedItem(
        title=card.title,
        excerpt=card.excerpt,
        published_date_time=card.published_date_time,
        original_url=card.original_url if card.web_url is None else None,
        web_url=card.web_url,
        amp_web_url=card.amp_web_url,
        cdn_amp_web_url=card.cdn_amp_web_url,
        type=card.type,
        provider=card.provider,
        quality=card.quality,
        images=card.images,
    )


def add_related(
    card: Article,
    items: Iterable[Article | RelatedItem],
    *,
    key: Callable[[str], str] | None = None,
) -> Article:
    """The card with the items its ``related`` list lacks appended to it, in order.

    Items that name a page the card or one of its related items already names (by canonical
    URL, or ``key``) are skipped, and so are items equal to one already listed; articles are
    turned into related items with :func:`related_item`. The related items already there are
    kept as they are. The card itself comes back when nothing is missing, so that writing it
    changes nothing; otherwise :func:`dumps` writes only the new items.
    """
    to_key = canonical_url if key is None else key
    seen = set(url_keys(card, to_key))
    listed: list[RelatedItem] = []
    for present in card.related:
        seen.update(url_keys(present, to_key))
        listed.append(present)
    added: list[RelatedItem] = []
    for item in items:
        entry = related_item(item) if isinstance(item, Article) else item
        names = url_keys(entry, to_key)
        if any(name in seen for name in names) or entry in listed or item == card:
            continue
        seen.update(names)
        listed.append(entry)
        added.append(entry)
    if not added:
        return card
    return attrs.evolve(card, related=(*card.related, *added))


def _check(window: timedelta, threshold: float, cohesion: float) -> float:
    """Refuse parameters that cannot work; return the window in seconds."""
    if window < timedelta(0):
        message = f"window must be a timedelta of zero or more, got {window!r}"
        raise ValueError(message)
    if not 0 < threshold <= 1:
        message = f"threshold must be above 0 and at most 1, got {threshold!r}"
        raise ValueError(message)
    if not 0 <= cohesion <= 1:
        message = f"cohesion must be from 0 to 1, got {cohesion!r}"
        raise ValueError(message)
    return window.total_seconds()


# --- text to vectors ------------------------------------------------------------------------


class _Terms:
    """Words to terms, each raw word worked out once per call: lower case, plural folded.

    A word is a named term when its shape says so, whatever its place in a sentence: it
    holds a digit (``GPT-3``, ``2021``), is an acronym (``AWS``) or has a capital inside
    (``AlphaFold``, ``iPhone``). Title Case headlines make a leading capital say nothing.
    """

    def __init__(self) -> None:
        self.known: dict[str, tuple[str, float] | None] = {}

    def weigh(self, text: str, weight: float, into: dict[str, float]) -> None:
        """Add the terms of ``text``, each counted ``weight`` times (named ones more)."""
        known = self.known
        for word in _WORD.findall(text):
            entry = known.get(word, _UNKNOWN)
            if entry is _UNKNOWN:
                entry = known[word] = _term(word)
            if entry is not None:
                term, boost = entry
                into[term] = into.get(term, 0.0) + weight * boost


def _term(word: str) -> tuple[str, float] | None:
    """The term a word counts as and its weight factor, or None for a word that says nothing."""
    lower = word.lower()
    digits = any(char.isdigit() for char in word)
    if lower in _STOP_WORDS or (len(word) == 1 and not digits):
        return None
    named = digits or (len(word) > 1 and word.isupper()) or word[1:] != word[1:].lower()
    return _fold(lower), (_NAMED_WEIGHT if named else 1.0)


def _fold(word: str) -> str:
    """Fold an English plural onto its singular: ``systems`` and ``system`` are one term."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _key(text: str) -> str:
    """A fragment in lower case, spaces squeezed: the key that spots it elsewhere."""
    return " ".join(text.lower().split())


def _provider(item: Article | RelatedItem) -> str | None:
    provider = item.provider
    if provider is None:
        return None
    name = provider.domain or provider.name
    return name.lower() if name else None


def _similar(one: frozenset[str], other: frozenset[str]) -> bool:
    union = len(one | other)
    return union == 0 or len(one & other) / union >= _SIMILAR_TITLES


class _Boilerplate:
    """What one provider repeats under different headlines, found over the whole input.

    An excerpt fragment of three words or more is boilerplate when the provider uses it under
    two titles that are not one headline edited (a newsletter footer, a weekly digest's
    blurb); a title segment (``Series: headline``, ``headline | Site``) when the provider puts
    it beside two different rests. Syndicated copies at other providers are left alone: a
    sentence shared by two publishers is evidence of one story. ``titles`` and ``excerpts``
    hold each item's text without its boilerplate.
    """

    def __init__(self, items: Sequence[Article | RelatedItem]) -> None:
        rests: dict[tuple[str, str], str] = {}
        firsts: dict[tuple[str, str], int] = {}
        headlines: dict[int, frozenset[str]] = {}
        found: set[tuple[str, str]] = set()
        parsed: list[tuple[str, list[str], list[str], list[str], list[str]] | None] = []
        for index, item in enumerate(items):
            provider = _provider(item)
            if provider is None:
                parsed.append(None)
                continue
            parts = _SEGMENT.split(item.title)
            part_keys = [_key(part) for part in parts] if len(parts) > 1 else []
            for position, key in enumerate(part_keys):
                rest = " ".join(part_keys[:position] + part_keys[position + 1 :])
                if rests.setdefault((provider, key), rest) != rest:
                    found.add((provider, key))
            fragments = _FRAGMENT.split(item.excerpt) if item.excerpt else []
            fragment_keys = [_key(fragment) for fragment in fragments]
            for key in fragment_keys:
                if key.count(" ") + 1 < _MIN_FRAGMENT_WORDS or (provider, key) in found:
                    continue
                first = firsts.setdefault((provider, key), index)
                if first != index and not _similar(
                    _headline(items, first, headlines), _headline(items, index, headlines)
                ):
                    found.add((provider, key))
            parsed.append((provider, parts, part_keys, fragments, fragment_keys))
        flagged = {provider for provider, _ in found}
        self.titles: list[str] = []
        self.excerpts: list[str] = []
        for item, entry in zip(items, parsed, strict=True):
            if entry is None or entry[0] not in flagged:
                self.titles.append(item.title)
                self.excerpts.append(item.excerpt or "")
                continue
            provider, parts, part_keys, fragments, fragment_keys = entry
            self.titles.append(_without(item.title, parts, part_keys, provider, found))
            self.excerpts.append(
                _without(item.excerpt or "", fragments, fragment_keys, provider, found)
            )


def _headline(
    items: Sequence[Article | RelatedItem], index: int, known: dict[int, frozenset[str]]
) -> frozenset[str]:
    """The words of an item's title, worked out once."""
    words = known.get(index)
    if words is None:
        words = known[index] = frozenset(_WORD.findall(items[index].title.lower()))
    return words


def _without(
    text: str, parts: list[str], keys: list[str], provider: str, found: set[tuple[str, str]]
) -> str:
    """The text without the parts that are the provider's boilerplate."""
    kept = [part for part, key in zip(parts, keys, strict=True) if (provider, key) not in found]
    return " ".join(kept) if len(kept) < len(keys) else text


def _vectors(items: Sequence[Article | RelatedItem], parent: list[int]) -> list[dict[str, float]]:
    """Unit TF-IDF vectors: sublinear term weights times the input's own IDF.

    A page met twice (two items sharing a URL) counts once in the document frequencies.
    """
    boilerplate = _Boilerplate(items)
    terms = _Terms()
    counts: list[dict[str, float]] = []
    for title, excerpt in zip(boilerplate.titles, boilerplate.excerpts, strict=True):
        weights: dict[str, float] = {}
        terms.weigh(title, _TITLE_WEIGHT, weights)
        terms.weigh(excerpt, 1.0, weights)
        counts.append(weights)
    frequency: dict[str, int] = {}
    pages = 0
    for index, weights in enumerate(counts):
        if find(parent, index) == index:
            pages += 1
            for term in weights:
                frequency[term] = frequency.get(term, 0) + 1
    for weights in counts:
        for term in weights:
            frequency.setdefault(term, 1)  # a word only a page's other copy uses
    idf = {term: math.log((1 + pages) / (1 + count)) + 1.0 for term, count in frequency.items()}
    sublinear: dict[float, float] = {}
    vectors: list[dict[str, float]] = []
    for weights in counts:
        vector: dict[str, float] = {}
        total = 0.0
        for term, count in weights.items():
            factor = sublinear.get(count)
            if factor is None:
                factor = sublinear[count] = 1.0 + math.log(count)
            value = vector[term] = factor * idf[term]
            total += value * value
        if total:
            scale = 1.0 / math.sqrt(total)
            vector = {term: value * scale for term, value in vector.items()}
        vectors.append(vector)
    return vectors


# --- vectors to links -----------------------------------------------------------------------


def _instant(moment: datetime | None) -> float:
    """Seconds since the epoch, NaN for no time; a naive time is read as UTC, as the reader does."""
    if moment is None:
        return math.nan
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=_UTC)
    return moment.timestamp()


def _edges(
    items: Sequence[Article | RelatedItem],
    vectors: list[dict[str, float]],
    window: float,
    threshold: float,
) -> dict[int, dict[int, float]]:
    """Every pair within the window whose similarity reaches the threshold, both ways.

    Dated items are swept in time order through an inverted index of the last ``window``:
    each item adds up its products with the items that share one of its terms, then joins
    the index. The terms on more than 2% of the input's items, and on more than 100, are
    too common to find pairs (their lists would hold most of the window): they only
    complete the scores of the pairs found through the other terms that already reach half
    the threshold, so that every score kept is the exact cosine. An item without a date is
    scored against every item the same way.
    """
    frequency: dict[str, int] = {}
    for vector in vectors:
        for term in vector:
            frequency[term] = frequency.get(term, 0) + 1
    limit = max(_COMMON_ITEMS, _COMMON_SHARE * len(vectors))
    common = {term for term, count in frequency.items() if count > limit}
    times = [_instant(item.published_date_time) for item in items]
    undated = {index for index, moment in enumerate(times) if math.isnan(moment)}
    dated = sorted((moment, index) for index, moment in enumerate(times) if index not in undated)
    edges: dict[int, dict[int, float]] = {}
    postings: dict[str, deque[tuple[int, float]]] = {}
    for moment, index in dated:
        start = moment - window
        scores: dict[int, float] = {}
        get = scores.get
        aside: list[tuple[str, float]] = []
        for term, value in vectors[index].items():
            if term in common:
                aside.append((term, value))
                continue
            posting = postings.get(term)
            if posting is None:
                postings[term] = deque([(index, value)])
                continue
            while times[posting[0][0]] < start:
                posting.popleft()
                if not posting:
                    break
            for other, weight in posting:
                scores[other] = get(other, 0.0) + value * weight
            posting.append((index, value))
        _link(index, scores, aside, vectors, threshold, edges)
    if undated:
        every: dict[str, list[tuple[int, float]]] = {}
        for index, vector in enumerate(vectors):
            for term, value in vector.items():
                if term not in common:
                    every.setdefault(term, []).append((index, value))
        for index in sorted(undated):
            scores = {}
            get = scores.get
            aside = []
            for term, value in vectors[index].items():
                if term in common:
                    aside.append((term, value))
                    continue
                for other, weight in every[term]:
                    # two undated items are scored once, by the later one
                    if other < index or (other > index and other not in undated):
                        scores[other] = get(other, 0.0) + value * weight
            _link(index, scores, aside, vectors, threshold, edges)
    return edges


def _link(
    index: int,
    scores: dict[int, float],
    aside: list[tuple[str, float]],
    vectors: list[dict[str, float]],
    threshold: float,
    edges: dict[int, dict[int, float]],
) -> None:
    """Record the pairs that reach the threshold, their scores completed with common terms."""
    least = threshold * _FOUND_SHARE if aside else threshold
    for other, partial in scores.items():
        if partial < least:
            continue
        score = partial
        if aside:
            vector = vectors[other]
            score += sum(value * vector.get(term, 0.0) for term, value in aside)
        if score >= threshold:
            edges.setdefault(index, {})[other] = score
            edges.setdefault(other, {})[index] = score


# --- links to groups ------------------------------------------------------------------------


def _merge(
    parent: list[int], edges: dict[int, dict[int, float]], cohesion: float
) -> list[list[int]]:
    """Average linkage over the linked pairs, starting from the groups that share a URL.

    Each group is known by its first position; the pair of groups with the highest mean
    cross similarity (unlinked pairs count 0) merges first, ties going to the earliest
    groups, until no pair reaches ``cohesion``.
    """
    start = groups(parent)
    owner = list(range(len(parent)))
    size: dict[int, int] = {}
    for members in start:
        for index in members:
            owner[index] = members[0]
        size[members[0]] = len(members)
    between: dict[int, dict[int, float]] = {first: {} for first in size}
    for one, links in edges.items():
        for other, score in links.items():
            left, right = owner[one], owner[other]
            if left != right:
                row = between[left]
                row[right] = row.get(right, 0.0) + score
    heap: list[tuple[float, int, int]] = []
    for left, row in between.items():
        for right, total in row.items():
            if left < right:
                mean = total / (size[left] * size[right] + _PRIOR)
                if mean >= cohesion:
                    heap.append((-mean, left, right))
    heapq.heapify(heap)
    merged: dict[int, int] = {}
    while heap:
        negative, left, right = heapq.heappop(heap)
        if left not in size or right not in size:
            continue
        if between[left][right] / (size[left] * size[right] + _PRIOR) != -negative:
            continue  # a stale entry: the pair's mean changed since it was pushed
        size[left] += size.pop(right)
        merged[right] = left
        row = between[left]
        del row[right]
        for other, total in between.pop(right).items():
            if other != left:
                row[other] = row.get(other, 0.0) + total
                column = between[other]
                column[left] = row[other]
                del column[right]
        for other, total in row.items():
            mean = total / (size[left] * size[other] + _PRIOR)
            if mean >= cohesion:
                heapq.heappush(heap, (-mean, min(left, other), max(left, other)))
    final: dict[int, list[int]] = {}
    for members in start:
        first = members[0]
        while first in merged:
            first = merged[first]
        final.setdefault(first, []).extend(members)
    return [sorted(members) for _, members in sorted(final.items())]


def _report(
    items: Sequence[_ItemT],
    group: list[int],
    edges: dict[int, dict[int, float]],
    to_key: Callable[[str], str],
) -> StoryGroup[_ItemT]:
    """Build the report of one group (positions in input order)."""
    lead = best(items, group)
    by_url = shared_urls(items, group, lead, to_key)
    inside = set(group)
    links: list[StoryLink[_ItemT]] = []
    for index in group:
        if index == lead:
            continue
        if index in by_url:
            to, url = by_url[index]
            score = 1.0
        else:
            url = None
            ties = edges.get(index, {})
            # the most similar member, the lead first on a tie, then the earliest
            to = max(
                (other for other in ties if other in inside),
                key=lambda other: (ties[other], other == lead, -other),
            )
            score = ties[to]
        links.append(
            StoryLink(
                item=items[index], index=index, to=items[to], to_index=to, score=score, url=url
            )
        )
    return StoryGroup(
        lead=items[lead],
        lead_index=lead,
        members=tuple(items[index] for index in group),
        indices=tuple(group),
        others=tuple(items[index] for index in group if index != lead),
        links=tuple(links),
    )
