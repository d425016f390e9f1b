"""Group cards and related items that cover one news story, whatever their URLs.

Dedup finds one page under many URLs; most of what a news folder repeats is one story told
by many publishers, each with its own page and its own headline. Each item becomes a TF-IDF
vector of its title and excerpt: the title counts twice, named terms (``GPT-3``, ``AWS``,
``AlphaFold``) three times, plurals fold onto their singular, and the inverse document
frequency comes from the input itself, so that the words every item uses weigh little.
Sentences and title segments that one provider repeats under different headlines (a
newsletter's footer, a series name) are boilerplate and are left out.

Items are then placed in time order. Each joins the group it is most similar to on average,
if that mean, over all the group's members and one more pair that counts 0, reaches
``threshold``; otherwise it starts a group. Only groups whose latest member is within
``window`` of the item are candidates. Averaging over the whole
group, rather than taking the best single match, keeps a digest or a round-up that mentions
two stories from chaining them into one; the extra pair asks two lone items for twice the
threshold. When an item is as close to a second group, the two merge if their own mean
similarity reaches the threshold. Items that share a canonical URL are always one group.

Each group is known by the sum of its members' vectors, and an inverted index maps each term
to the groups active within the window that use it, so that an item meets only the groups it
shares a word with: the cost grows with the number of items, not with the square of a
story's size. Terms on more than 0.5% of the items (and more than 100 of them) are too
common to find a group by; they still count in the mean of the groups found through the
other terms.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Generic

import attrs

from ._groups import CardOf, best, card_of, find, link_keys, shared_urls, url_keys
from ._groups import ItemT as _ItemT
from ._model import Article, RelatedItem
from ._urls import canonical_url

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

__all__ = ["StoryGroup", "StoryLink", "add_related", "related_item", "story_groups"]

WINDOW = timedelta(days=7)
"""Items further apart in time are never compared: 7 days held every labelled pair."""

THRESHOLD = 0.15
"""The mean cosine similarity an item needs with a group to join it."""

_TITLE_WEIGHT = 2.0
_NAMED_WEIGHT = 3.0
_PRIOR = 1.0
"""Pairs every mean counts beyond the real ones, at similarity 0."""
_COMMON_ITEMS = 100
_COMMON_SHARE = 0.005
_FOUND_SHARE = 0.5
_NEIGHBOURS = 8
_IDF_BASE = 3.0
"""A group found through rare terms is scored fully once they give half what it needs."""

_WORD = re.compile(r"[^\W_]+")
_FRAGMENT = re.compile(r"[.!?…;:]\s|\.\.\.|\s[-–—|]\s")
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

_NOTHING = ("", 0.0)


@attrs.frozen(kw_only=True)
class StoryLink(Generic[_ItemT]):
    """Why one member is in its story group: its strongest tie to another member.

    ``url`` is the canonical URL the two share (``score`` is then 1.0), or None when their
    texts tie them, ``score`` being the cosine similarity of the two items.
    """

    item: _ItemT
    index: int
    to: _ItemT
    to_index: int
    score: float
    url: str | None


@attrs.frozen(kw_only=True)
class StoryGroup(Generic[_ItemT]):
    """Items that cover one story, the one to lead with and why each other one is there.

    The shape of :class:`DuplicateGroup`: ``members`` and ``indices`` list every item and its
    position in the input, in input order; ``lead`` is the member of highest ``quality`` (the
    earliest on a tie), as dedup's survivor; ``others`` are the members other than ``lead``, in
    input order, and ``links[k]`` tells why ``others[k]`` is in the group.
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
    key: Callable[[str], str] | None = None,
    card: CardOf | None = None,
) -> list[StoryGroup[_ItemT]]:
    """Group items that cover one news story: one :class:`StoryGroup` per story told twice.

    Groups come in the order they first appear in ``items``, and the same input gives the
    same groups. ``include_singletons`` also reports the stories told once, so that the
    groups cover the whole input. Items are placed in time order; an item joins the group it
    is closest to when its mean cosine similarity to the group's members (plus one pair that
    counts 0) reaches ``threshold``, among the groups whose latest member is within
    ``window`` of it; an item without a publish time is compared with every group. ``key``
    maps a URL to the key that makes two items one page, as in :func:`dedup`. ``items`` may
    be ``(path, card)`` pairs, or anything ``card`` gives a card of: the groups hold them as
    they came.
    """
    window_seconds = _check(window, threshold)
    given: list[_ItemT] = list(items)
    found = [card_of(element, card) for element in given]
    to_key = canonical_url if key is None else key
    keys = [url_keys(item, to_key) for item in found]
    same_page = link_keys(keys)
    vectors = _vectors(found, same_page)
    placed = _Groups(found, vectors, same_page, window_seconds, threshold)
    return [
        _report(found, given, group, vectors, placed.times, keys)
        for group in placed.groups()
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
    URL, or ``key``) are skipped, and so are the card itself and items equal to one already
    listed; articles become related items with :func:`related_item`. The related items
    already there are kept as they are. The card itself comes back when nothing is missing,
    so that writing it changes nothing; otherwise :func:`dumps` writes only the new items.
    """
    to_key = canonical_url if key is None else key
    seen = set(url_keys(card, to_key))
    listed: list[RelatedItem] = []
    for present in card.related:
        seen.update(url_keys(present, to_key))
        listed.append(present)
    added: list[RelatedItem] = []
    for item in items:
        if item == card:
            continue
        entry = related_item(item) if isinstance(item, Article) else item
        names = url_keys(entry, to_key)
        if any(name in seen for name in names) or entry in listed:
            continue
        seen.update(names)
        listed.append(entry)
        added.append(entry)
    if not added:
        return card
    return attrs.evolve(card, related=(*card.related, *added))


def _check(window: timedelta, threshold: float) -> float:
    """Refuse parameters that cannot work; return the window in seconds."""
    if window < timedelta(0):
        message = f"window must be zero or more, got {window!r}"
        raise ValueError(message)
    if not 0 < threshold <= 1:
        message = f"threshold must be above 0 and at most 1, got {threshold!r}"
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
        self.known: dict[str, tuple[str, float]] = {}

    def weigh(self, text: str, weight: float, into: dict[str, float]) -> None:
        """Add the terms of ``text``, each counted ``weight`` times (named ones more)."""
        known = self.known
        get = into.get
        for word in _WORD.findall(text):
            try:
                term, boost = known[word]
            except KeyError:
                term, boost = known[word] = _term(word)
            into[term] = get(term, 0.0) + weight * boost
        into.pop("", None)  # the words that say nothing


def _term(word: str) -> tuple[str, float]:
    """The term a word counts as and its weight factor.

    A word that says nothing (a function word, a lone letter) gets the empty term.
    """
    lower = word.lower()
    digits = any(char.isdigit() for char in word)
    if lower in _STOP_WORDS or (len(word) == 1 and not digits):
        return _NOTHING
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
    """A fragment without the spaces around it: boilerplate repeats word for word."""
    return text.strip()


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
    if not keys:
        return text
    kept = [part for part, key in zip(parts, keys, strict=True) if (provider, key) not in found]
    return " ".join(kept) if len(kept) < len(keys) else text


def _vectors(items: Sequence[Article | RelatedItem], parent: list[int]) -> list[dict[str, float]]:
    """Unit TF-IDF vectors: sublinear term weights times the input's own IDF.

    A page met twice (two items sharing a URL) counts once in the document frequencies. The
    IDF is ``log((1 + pages) / (1 + frequency)) + 3``: flatter than the usual ``+ 1``, so that
    a story told by most of the input does not make its own words look common.
    """
    boilerplate = _Boilerplate(items)
    weigh = _Terms().weigh
    counts: list[dict[str, float]] = []
    for title, excerpt in zip(boilerplate.titles, boilerplate.excerpts, strict=True):
        weights: dict[str, float] = {}
        weigh(title, _TITLE_WEIGHT, weights)
        weigh(excerpt, 1.0, weights)
        counts.append(weights)
    frequency: dict[str, int] = {}
    pages = 0
    for index, weights in enumerate(counts):
        if find(parent, index) == index:
            pages += 1
            for term in weights:
                frequency[term] = frequency.get(term, 0) + 1
        else:
            for term in weights:
                frequency.setdefault(term, 1)  # a word only a page's other copy uses
    log = math.log
    idf = {term: log((1 + pages) / (1 + count)) + _IDF_BASE for term, count in frequency.items()}
    vectors: list[dict[str, float]] = []
    for weights in counts:
        vector = {
            term: (idf[term] if count == 1.0 else (1.0 + log(count)) * idf[term])
            for term, count in weights.items()
        }
        total = sum(value * value for value in vector.values())
        if total:
            scale = 1.0 / math.sqrt(total)
            vector = {term: value * scale for term, value in vector.items()}
        vectors.append(vector)
    return vectors


# --- vectors to groups ----------------------------------------------------------------------


def _instant(moment: datetime | None) -> float:
    """Seconds since the epoch, NaN for no time (cards hold only aware times)."""
    if moment is None:
        return math.nan
    return moment.timestamp()


class _Groups:
    """Items placed in time order into groups, each known by the sum of its members' vectors.

    ``owner`` maps each position to a group id (a position; merged ids resolve with
    ``find``); ``sums``, ``size`` and ``last`` (its latest publish time) describe each live
    group, ``postings`` maps a term to the groups that use it.
    """

    def __init__(
        self,
        items: Sequence[Article | RelatedItem],
        vectors: list[dict[str, float]],
        same_page: list[int],
        window: float,
        threshold: float,
    ) -> None:
        self.owner = list(range(len(items)))
        self.sums: dict[int, dict[str, float]] = {}
        self.size: dict[int, int] = {}
        self.last: dict[int, float] = {}
        self.postings: dict[str, dict[int, None]] = {}
        self.threshold = threshold
        frequency: dict[str, int] = {}
        for vector in vectors:
            for term in vector:
                frequency[term] = frequency.get(term, 0) + 1
        limit = max(_COMMON_ITEMS, _COMMON_SHARE * len(vectors))
        self.common = {term for term, count in frequency.items() if count > limit}
        self.times = times = [_instant(item.published_date_time) for item in items]
        undated = [index for index, moment in enumerate(times) if math.isnan(moment)]
        dated = sorted(
            (moment, index) for index, moment in enumerate(times) if not math.isnan(moment)
        )
        # with undated items to come, groups of any age must stay in the index
        self.forget = not undated
        page_home: dict[int, int] = {}
        for moment, index in dated:
            self.place(index, vectors[index], moment, moment - window, same_page, page_home)
        self.forget = False
        for index in undated:
            self.place(index, vectors[index], -math.inf, -math.inf, same_page, page_home)

    def place(
        self,
        index: int,
        vector: dict[str, float],
        moment: float,
        start: float,
        same_page: list[int],
        page_home: dict[int, int],
    ) -> None:
        """Put one item in the group it is closest to, or in a group of its own."""
        close = self.close(vector, start)
        page = find(same_page, index)
        home = page_home.setdefault(page, index)
        if home != index:
            target = find(self.owner, home)  # one page is one story, whatever its text says
        elif close:
            target = close[0][1]
        else:
            self.sums[index] = dict(vector)
            self.size[index] = 1
            self.last[index] = moment
            for term in vector:
                self.postings.setdefault(term, {})[index] = None
            return
        # groups the item is close to merge if they are close to each other on their own: an
        # item that covers two stories (a round-up) does not bridge them
        for _, second in close:
            target, other = find(self.owner, target), find(self.owner, second)
            if other != target and self.mean(target, other) >= self.threshold:
                target = self.join(target, other)
        self.add(target, index, vector, moment)

    def close(self, vector: dict[str, float], start: float) -> list[tuple[float, int]]:
        """The groups active since ``start`` close enough to join, the closest first.

        Ties go to the earliest group.
        """
        sums, last = self.sums, self.last
        partial: dict[int, float] = {}
        aside: list[tuple[str, float]] = []
        for term, value in vector.items():
            if term in self.common:
                aside.append((term, value))
                continue
            posting = self.postings.get(term)
            if not posting:
                continue
            stale = []
            for group in posting:
                if last[group] < start:
                    stale.append(group)
                else:
                    partial[group] = partial.get(group, 0.0) + value * sums[group][term]
            if self.forget:
                for group in stale:
                    del posting[group]
        close: list[tuple[float, int]] = []
        threshold, size = self.threshold, self.size
        # a lone item needs the least: below that, no group can be close
        least = threshold * (1 + _PRIOR) * (_FOUND_SHARE if aside else 1.0)
        for group, found in partial.items():
            if found < least:
                continue
            needed = threshold * (size[group] + _PRIOR)
            total = found
            if aside:
                if total < needed * _FOUND_SHARE:
                    continue
                theirs = sums[group]
                total += sum(value * theirs.get(term, 0.0) for term, value in aside)
            if total >= needed:
                close.append((-total / (size[group] + _PRIOR), group))
        close.sort()
        return close

    def add(self, group: int, index: int, vector: dict[str, float], moment: float) -> None:
        """Add one item to a group."""
        theirs = self.sums[group]
        for term, value in vector.items():
            if term in theirs:
                theirs[term] += value
            else:
                theirs[term] = value
                self.postings.setdefault(term, {})[group] = None
        self.size[group] += 1
        self.last[group] = max(self.last[group], moment)
        self.owner[index] = group

    def mean(self, one: int, other: int) -> float:
        """The mean similarity over the pairs across two groups, with one more pair at 0."""
        mine, theirs = self.sums[one], self.sums[other]
        if len(mine) > len(theirs):
            mine, theirs = theirs, mine
        total = sum(value * theirs.get(term, 0.0) for term, value in mine.items())
        return total / (self.size[one] * self.size[other] + _PRIOR)

    def join(self, one: int, other: int) -> int:
        """Merge two groups, the smaller sum into the larger; return the id of the merged one."""
        if len(self.sums[one]) < len(self.sums[other]):
            one, other = other, one
        keep, gone = self.sums[one], self.sums.pop(other)
        for term, value in gone.items():
            posting = self.postings[term]
            posting.pop(other, None)
            if term in keep:
                keep[term] += value
            else:
                keep[term] = value
                posting[one] = None
        self.size[one] += self.size.pop(other)
        self.last[one] = max(self.last[one], self.last.pop(other))
        self.owner[other] = one
        return one

    def groups(self) -> list[list[int]]:
        """The positions of each group's members, groups in order of first appearance."""
        members: dict[int, list[int]] = {}
        for index in range(len(self.owner)):
            members.setdefault(find(self.owner, index), []).append(index)
        return list(members.values())


def _report(
    cards: Sequence[Article | RelatedItem],
    items: Sequence[_ItemT],
    group: list[int],
    vectors: list[dict[str, float]],
    times: list[float],
    keys: list[list[str]],
) -> StoryGroup[_ItemT]:
    """Build the report of one group (positions in input order) of ``items``' cards."""
    lead = best(cards, group)
    by_url = shared_urls({index: keys[index] for index in group}, group, lead)
    closest = _closest(group, lead, vectors, times, by_url)
    links: list[StoryLink[_ItemT]] = []
    for index in group:
        if index == lead:
            continue
        url: str | None
        if index in by_url:
            to, url = by_url[index]
            score = 1.0
        else:
            to, score = closest[index]
            url = None
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


def _closest(
    group: list[int],
    lead: int,
    vectors: list[dict[str, float]],
    times: list[float],
    by_url: dict[int, tuple[int, str]],
) -> dict[int, tuple[int, float]]:
    """For each member without a URL link, the member most similar to it and the similarity.

    The candidates are the lead and the ``_NEIGHBOURS`` members published nearest to it
    (all of them in a small group): a story's items echo the ones just before and after
    them, and a large group is not compared pair by pair. Ties go to the lead, then to the
    earliest member.
    """
    chronology = sorted(group, key=lambda index: (times[index], index))
    place = {index: position for position, index in enumerate(chronology)}
    half = _NEIGHBOURS // 2
    closest: dict[int, tuple[int, float]] = {}
    for index in group:
        if index == lead or index in by_url:
            continue
        position = place[index]
        nearby = chronology[max(0, position - half) : position + half + 1]
        mine = vectors[index]
        keys = mine.keys()
        best_to, best_score = lead, -1.0
        for other in [lead, *(other for other in sorted(nearby) if other not in (index, lead))]:
            theirs = vectors[other]
            score = sum(mine[term] * theirs[term] for term in keys & theirs.keys())
            if score > best_score:
                best_to, best_score = other, score
        closest[index] = (best_to, best_score)
    return closest
