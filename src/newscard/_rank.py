"""Quality ranking: order cards by quality, heat and date, with optional decay and caps.

Every piece ``rank`` uses is public, so that a caller can rebuild or bend the ranking with
``sorted``, ``heapq`` or ``itertools`` alone: ``sort_key`` (the default order),
``decayed_key`` and ``decayed_score`` (quality that halves with age) and ``provider_key``
(what "the same provider" means for ``max_per_provider``).
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar, cast

from ._groups import CardOf, card_of
from ._model import Article, RelatedItem

__all__ = ["decayed_key", "decayed_score", "provider_key", "rank", "sort_key"]

_ItemT = TypeVar("_ItemT")
"""Whatever ``rank`` is given, it returns: articles, related items, a mix, or elements
that carry a card (``(path, card)`` pairs, or what ``card`` reads)."""

_CardT = TypeVar("_CardT", bound=Article | RelatedItem)
"""What the ranking itself works on: cards, or what reads like one (``_Carried``)."""

_SortKey = tuple[bool, int, bool, int, bool, int]
"""``sort_key``'s value: a (missing?, negated value) pair for quality, heat and date."""

_DecayedKey = tuple[bool, float, bool, int, bool, int, bool, int]
"""``decayed_key``'s value: the decayed score's pair, then ``sort_key`` to break ties."""

_Entry = tuple[tuple[float, ...], int, tuple[float, ...], _CardT]
"""A heap entry of ``_top``: worst on top, ties by position, the item never compared."""

_UTC = timezone.utc
_EPOCH = datetime(1970, 1, 1, tzinfo=_UTC)
_MICROSECOND = timedelta(microseconds=1)
_NOT_COMPUTED = -1
"""A ``heat`` of -1 in real cards means the heat was never computed."""

_HEAP_FRACTION = 4
"""Use a heap when ``limit`` is below 1/4 of the input: above that, one sort is faster."""


def sort_key(item: Article | RelatedItem) -> _SortKey:
    """Return the default order's key: best first when used with ``sorted`` (stable).

    Quality descending, then heat descending, then the newer ``published_date_time``; a
    missing quality, a missing or not-computed (``-1``) heat and a missing date each sort
    after every present value, so that a card is never rewarded for lacking data. Ties keep
    the input order only because ``sorted`` is stable: the key itself holds no position.

        >>> from newscard import Article
        >>> cards = [Article(title="a", quality=40), Article(title="b", quality=87, heat=-1),
        ...          Article(title="c", quality=87, heat=12), Article(title="d")]
        >>> [card.title for card in sorted(cards, key=sort_key)]
        ['c', 'b', 'a', 'd']
    """
    quality = item.quality
    heat = item.heat
    moment = item.published_date_time
    no_heat = heat is None or heat == _NOT_COMPUTED
    return (
        quality is None,
        0 if quality is None else -quality,
        no_heat,
        0 if heat is None or no_heat else -heat,
        moment is None,
        0 if moment is None else -_instant(moment),
    )


def decayed_score(
    item: Article | RelatedItem, *, half_life: timedelta, now: datetime
) -> float | None:
    """``quality * 0.5 ** (age / half_life)``: quality halves every ``half_life``.

    None when the item has no quality (it cannot be scored). An item dated after ``now``
    has age 0 (clocks and feeds disagree by minutes; the future earns no bonus). An item
    without a date scores 0.0, as if infinitely old: freshness it cannot show is not
    assumed.
    ``now`` must be aware and ``half_life`` positive (``ValueError`` otherwise). The
    formula assumes quality is not negative, as in every real card.

        >>> from datetime import datetime, timedelta, timezone
        >>> from newscard import Article
        >>> now = datetime(2021, 6, 1, tzinfo=timezone.utc)
        >>> card = Article(title="x", quality=80, published_date_time=now - timedelta(days=2))
        >>> decayed_score(card, half_life=timedelta(days=1), now=now)
        20.0
    """
    _check_half_life(half_life)
    _check_now(now)
    return _score(item, half_life, now)


def decayed_key(
    *, half_life: timedelta, now: datetime | None = None
) -> Callable[[Article | RelatedItem], _DecayedKey]:
    """Return the key ``rank`` sorts by when given ``half_life``: best first, like ``sort_key``.

    The decayed score descending (items without quality last), ties broken by
    ``sort_key``. ``now`` defaults to the current UTC time, read once, here, so that
    every item is aged against the same instant.

        >>> import heapq
        >>> from datetime import datetime, timedelta, timezone
        >>> from newscard import Article
        >>> now = datetime(2021, 6, 1, tzinfo=timezone.utc)
        >>> old = Article(title="old", quality=90, published_date_time=now - timedelta(days=3))
        >>> new = Article(title="new", quality=30, published_date_time=now)
        >>> key = decayed_key(half_life=timedelta(days=1), now=now)
        >>> [card.title for card in heapq.nsmallest(1, [old, new], key=key)]
        ['new']
    """
    _check_half_life(half_life)
    moment = datetime.now(_UTC) if now is None else now
    _check_now(moment)
    prefix = _decayed_prefix(half_life, moment)

    def key(item: Article | RelatedItem) -> _DecayedKey:
        return (*prefix(item), *sort_key(item))

    return key


def provider_key(item: Article | RelatedItem) -> str | None:
    """Who published an item, for ``max_per_provider``: the domain, else the name.

    Case-folded and stripped, so ``Forbes.com`` and ``forbes.com `` are one provider; a
    trailing dot (``forbes.com.``) is dropped too. No ``www.`` or subdomain folding: that
    is a guess about sites, not about spelling. None when the item names no provider at
    all (no provider, or an empty one): ``rank`` then counts each such item as a provider
    of its own, so a cap never silently merges unrelated unknown sources.

        >>> from newscard import Article, Provider
        >>> provider_key(Article(title="x", provider=Provider(name="Forbes", domain="Forbes.com")))
        'forbes.com'
        >>> provider_key(Article(title="x", provider=Provider(name="Medium ")))
        'medium'
    """
    provider = item.provider
    if provider is None:
        return None
    for text in (provider.domain, provider.name):
        if text:
            folded = text.strip().casefold().rstrip(".")
            if folded:
                return folded
    return None


def rank(
    items: Iterable[_ItemT],
    *,
    limit: int | None = None,
    min_quality: float | None = None,
    max_per_provider: int | None = None,
    half_life: timedelta | None = None,
    now: datetime | None = None,
    card: CardOf | None = None,
) -> list[_ItemT]:
    """Return the items best first, as a new list (``items``: any iterable, read once).

    ``items`` are cards or related items, ``(path, card)`` pairs as ``load_many`` gives
    them, or anything ``card`` gives a card of; they come back as they came.

    - Order: ``sort_key`` (quality, heat, newer date, then input order), or with
      ``half_life`` the key of ``decayed_key(half_life=..., now=...)``.
    - ``min_quality``: drop items whose raw (not decayed) quality is below it, and items
      without quality.
    - ``max_per_provider``: walk the ranked list and keep at most that many items per
      ``provider_key``; items with no provider each count as their own provider.
    - ``limit``: the first ``limit`` items of what the options above give, exactly; found
      with a heap, without sorting everything, when ``limit`` is small.

    ``ValueError`` for a negative ``limit``, a ``max_per_provider`` below 1, a NaN
    ``min_quality``, a ``half_life`` that is not positive, or a naive ``now``;
    ``TypeError`` for an option of the wrong type.
    """
    _check_count("limit", limit, 0, "not be negative")
    _check_count("max_per_provider", max_per_provider, 1, "be at least 1 (0 would drop every item)")
    if min_quality is not None and math.isnan(min_quality):
        raise ValueError("min_quality must be a number, got NaN")
    if now is not None:
        _check_now(now)
    key: Callable[[Article | RelatedItem], tuple[float, ...]]
    prefix: Callable[[Article | RelatedItem], tuple[bool, float]]
    if half_life is None:
        key, prefix = sort_key, _quality_prefix
    else:
        now = datetime.now(_UTC) if now is None else now
        key, prefix = decayed_key(half_life=half_life, now=now), _decayed_prefix(half_life, now)

    whole = limit is None or (isinstance(items, Sized) and limit * _HEAP_FRACTION >= len(items))
    first, elements = _peek(items)
    if card is not None or first.__class__ is tuple:  # elements that carry a card
        carried = (_Carried(element, card_of(element, card)) for element in elements)
        found = _rank(
            cast("Iterable[Article]", carried),
            whole,
            limit,
            min_quality,
            max_per_provider,
            key,
            prefix,
        )
        return [cast("_ItemT", entry.element) for entry in cast("list[_Carried]", found)]
    cards = cast("Iterable[Article]", elements)
    ranked = _rank(cards, whole, limit, min_quality, max_per_provider, key, prefix)
    return cast("list[_ItemT]", ranked)


def _rank(
    items: Iterable[_CardT],
    whole: bool,
    limit: int | None,
    min_quality: float | None,
    max_per_provider: int | None,
    key: Callable[[Article | RelatedItem], tuple[float, ...]],
    prefix: Callable[[Article | RelatedItem], tuple[bool, float]],
) -> list[_CardT]:
    kept: Iterable[_CardT] = items if min_quality is None else _at_least(items, min_quality)
    if whole:
        ranked = sorted(kept, key=key)
        if max_per_provider is not None:
            ranked = _capped(ranked, max_per_provider)
        return ranked if limit is None else ranked[:limit]
    if limit == 0:
        return []
    return _top(kept, key, prefix, cast("int", limit), max_per_provider)


def _peek(items: Iterable[Any]) -> tuple[object, Iterable[Any]]:
    """The first item (or None) and all the items, the first included."""
    if isinstance(items, Sequence):
        return (items[0] if items else None), items
    iterator = iter(items)
    first = next(iterator, None)
    return first, iterator if first is None else itertools.chain((first,), iterator)


class _Carried:
    """An input element with what ranking reads of its card, so the element comes back."""

    __slots__ = ("element", "heat", "provider", "published_date_time", "quality")

    def __init__(self, element: object, card: Article | RelatedItem) -> None:
        self.element = element
        self.quality = card.quality
        self.heat = card.heat
        self.published_date_time = card.published_date_time
        self.provider = card.provider


def _quality_prefix(item: Article | RelatedItem) -> tuple[bool, int]:
    """``sort_key(item)[:2]``, at the cost of one attribute: most items go no further."""
    quality = item.quality
    return (quality is None, 0 if quality is None else -quality)


def _decayed_prefix(
    half_life: timedelta, now: datetime
) -> Callable[[Article | RelatedItem], tuple[bool, float]]:
    """Give the decayed score's part of ``decayed_key``: ``key(item)[:2]``, not the rest."""

    def prefix(item: Article | RelatedItem) -> tuple[bool, float]:
        score = _score(item, half_life, now)
        return (score is None, 0.0 if score is None else -score)

    return prefix


def _instant(moment: datetime) -> int:
    """Microseconds since the epoch: exact, where a float timestamp could tie two instants."""
    return (moment - _EPOCH) // _MICROSECOND


def _score(item: Article | RelatedItem, half_life: timedelta, now: datetime) -> float | None:
    """``decayed_score`` without the argument checks, for the per-item loop."""
    quality = item.quality
    if quality is None:
        return None
    moment = item.published_date_time
    if moment is None:
        return 0.0
    age = now - moment
    if age <= timedelta(0):
        return float(quality)
    return quality * math.pow(0.5, age / half_life)


def _at_least(items: Iterable[_CardT], minimum: float) -> Iterator[_CardT]:
    """Yield the items whose quality is at least ``minimum`` (a missing quality never is)."""
    for item in items:
        quality = item.quality
        if quality is not None and quality >= minimum:
            yield item


def _capped(ranked: list[_CardT], cap: int) -> list[_CardT]:
    """Walk a ranked list and keep at most ``cap`` items per provider."""
    seen: dict[str, int] = {}
    kept: list[_CardT] = []
    for item in ranked:
        provider = provider_key(item)
        if provider is not None:
            count = seen.get(provider, 0)
            if count >= cap:
                continue
            seen[provider] = count + 1
        kept.append(item)
    return kept


def _top(
    items: Iterable[_CardT],
    key: Callable[[Article | RelatedItem], tuple[float, ...]],
    prefix: Callable[[Article | RelatedItem], tuple[bool, float]],
    limit: int,
    cap: int | None,
) -> list[_CardT]:
    """``_capped(sorted(items, key=key), cap)[:limit]`` in one pass, without the sort.

    ``best`` holds the ``limit`` best candidates so far; once it is full, an item no
    better than its worst can never be in the result (a later item loses ties). Most
    items are turned away by ``prefix``, the first two parts of ``key``, which is much
    cheaper than the key itself; hence O(n log limit) time and O(limit) memory.

    With a cap, candidates are the *survivors*: items among the ``cap`` best of their
    provider (``min(cap, limit)`` is enough: a provider cannot place more than ``limit``
    items). They are kept in a bounded heap per provider. The set of survivors only
    improves (an item is added, or replaces a worse one of its provider), so turning
    items away stays exact: a skipped item may leave a worse one of its provider among
    the survivors, but that one is worse than all of ``best`` too and never surfaces.

    Heaps keep their worst entry on top: ``(negated key, -position, key, item)``, as keys
    are tuples of numbers. The position breaks ties as a stable sort would, so items are
    never compared. An entry evicted from ``best`` by a better one of its provider stays
    in the heap, dead (not in ``live``), until it reaches the top or the heap is rebuilt.
    """
    per_provider = limit if cap is None else min(cap, limit)
    by_provider: dict[str, list[_Entry[_CardT]]] = {}
    best: list[_Entry[_CardT]] = []
    live: set[int] = set()
    threshold: tuple[float, ...] = ()
    for position, item in enumerate(items):
        if threshold:
            if prefix(item) > threshold[:2]:
                continue
            item_key = key(item)
            if item_key >= threshold:
                continue
        else:
            item_key = key(item)
        entry = (tuple([-value for value in item_key]), -position, item_key, item)
        provider = None if cap is None else provider_key(item)
        if provider is not None:
            survivors = by_provider.setdefault(provider, [])
            if not _survives(survivors, entry, per_provider, live):
                continue
        heapq.heappush(best, entry)
        live.add(position)
        if len(live) > limit:
            _pop_dead(best, live)
            live.remove(-heapq.heappop(best)[1])
        _pop_dead(best, live)
        if len(live) == limit:
            threshold = best[0][2]
        if len(best) > 2 * limit + 64:
            best = [entry for entry in best if -entry[1] in live]
            heapq.heapify(best)
    ranked = sorted((entry for entry in best if -entry[1] in live), reverse=True)
    return [entry[3] for entry in ranked]


def _survives(
    survivors: list[_Entry[_CardT]], entry: _Entry[_CardT], cap: int, live: set[int]
) -> bool:
    """Add an entry to its provider's bounded heap if it is among the ``cap`` best.

    An entry it pushes out is no longer live: if it was among ``best``, it is now dead.
    """
    if len(survivors) < cap:
        heapq.heappush(survivors, entry)
        return True
    if entry > survivors[0]:
        live.discard(-heapq.heapreplace(survivors, entry)[1])
        return True
    return False


def _pop_dead(heap: list[_Entry[_CardT]], live: set[int]) -> None:
    """Drop the dead entries from the top of a heap, so that its top is a live one."""
    while heap and -heap[0][1] not in live:
        heapq.heappop(heap)


def _check_count(name: str, value: int | None, minimum: int, why: str) -> None:
    """``limit`` and ``max_per_provider``: None, or a plain int of at least ``minimum``."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        message = f"{name} must be an int or None, got {value!r} ({type(value).__name__})"
        raise TypeError(message)
    if value < minimum:
        message = f"{name} must {why}, got {value}"
        raise ValueError(message)


def _check_half_life(half_life: timedelta) -> None:
    if not isinstance(half_life, timedelta):
        message = f"half_life must be a timedelta, got {half_life!r} ({type(half_life).__name__})"
        raise TypeError(message)
    if half_life <= timedelta(0):
        message = f"half_life must be positive, got {half_life!r}"
        raise ValueError(message)


def _check_now(now: datetime) -> None:
    if not isinstance(now, datetime):
        message = f"now must be a datetime, got {now!r} ({type(now).__name__})"
        raise TypeError(message)
    if now.tzinfo is None or now.utcoffset() is None:
        message = f"now must be timezone-aware (e.g. datetime.now(timezone.utc)), got {now!r}"
        raise ValueError(message)
