"""Ranking: examples for each option, and properties against a reference built from the spec."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newscard
from newscard import Article, Provider, RelatedItem
from newscard._rank import decayed_key, decayed_score, provider_key, rank, sort_key

if TYPE_CHECKING:
    import random
    from collections.abc import Iterator, Sequence

UTC = timezone.utc
NOW = datetime(2021, 6, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ai"

Item = Article | RelatedItem


def card(
    title: str,
    quality: int | None = None,
    *,
    heat: int | None = None,
    when: datetime | None = None,
    provider: Provider | str | None = None,
) -> Article:
    """A card built in code; a string provider is a domain."""
    if isinstance(provider, str):
        provider = Provider(domain=provider)
    return Article(
        title=title, quality=quality, heat=heat, published_date_time=when, provider=provider
    )


def titles(items: Sequence[Item]) -> list[str]:
    return [item.title for item in items]


# A reference ranking, written from the spec in a different way from the code under test:
# a descending sort (``reverse=True`` keeps ties in input order) on "present?" flags.


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _ref_default(item: Item) -> tuple[Any, ...]:
    quality, heat, moment = item.quality, item.heat, item.published_date_time
    has_heat = heat is not None and heat != -1
    return (
        quality is not None,
        quality or 0,
        has_heat,
        heat if has_heat else 0,
        moment is not None,
        _aware(moment) if moment is not None else NOW,
    )


def _ref_score(item: Item, half_life: timedelta, now: datetime) -> float | None:
    if item.quality is None:
        return None
    if item.published_date_time is None:
        return 0.0
    age = max(now - _aware(item.published_date_time), timedelta(0))
    return float(item.quality * 0.5 ** (age / half_life))


def reference(
    items: Sequence[Item],
    *,
    limit: int | None = None,
    min_quality: float | None = None,
    max_per_provider: int | None = None,
    half_life: timedelta | None = None,
    now: datetime = NOW,
) -> list[Item]:
    kept = [
        item
        for item in items
        if min_quality is None or (item.quality is not None and item.quality >= min_quality)
    ]
    if half_life is None:
        ranked = sorted(kept, key=_ref_default, reverse=True)
    else:

        def key(item: Item) -> tuple[Any, ...]:
            score = _ref_score(item, half_life, now)
            return (score is not None, score or 0.0, _ref_default(item))

        ranked = sorted(kept, key=key, reverse=True)
    if max_per_provider is not None:
        counts: Counter[object] = Counter()
        walked = []
        for item in ranked:
            who = _ref_provider(item)
            counts[who] += 1
            if counts[who] <= max_per_provider:
                walked.append(item)
        ranked = walked
    return ranked if limit is None else ranked[:limit]


def _ref_provider(item: Item) -> object:
    provider = item.provider
    if provider is not None:
        for text in (provider.domain, provider.name):
            if text and text.strip().lower().rstrip("."):
                return text.strip().lower().rstrip(".")
    return object()  # a provider of its own


def same(left: Sequence[Item], right: Sequence[Item]) -> bool:
    """The same objects in the same order (equal cards are not enough to show stability)."""
    return [id(item) for item in left] == [id(item) for item in right]


# Strategies: few distinct values, so that ties and shared providers are common.

_ZONES = st.sampled_from(
    [UTC, timezone(timedelta(hours=-7)), timezone(timedelta(hours=5, minutes=30))]
)
_MOMENTS = st.one_of(
    st.none(),
    st.builds(
        lambda hours, zone: (NOW + timedelta(hours=hours)).astimezone(zone),
        st.integers(-200, 30),
        _ZONES,
    ),
)
_PROVIDERS = st.one_of(
    st.none(),
    st.builds(Provider),
    st.builds(
        Provider,
        name=st.sampled_from([None, "", "Forbes", "forbes", "Medium", "Armed robbery in Revesby"]),
        domain=st.sampled_from(
            [None, "", "forbes.com", "Forbes.com", "medium.com", "miragenews.com"]
        ),
    ),
)
_FIELDS: dict[str, Any] = {
    "title": st.sampled_from(["a", "b", "c"]),
    "quality": st.one_of(st.none(), st.integers(0, 6), st.sampled_from([137, 154])),
    "heat": st.one_of(st.none(), st.just(-1), st.integers(0, 4)),
    "published_date_time": _MOMENTS,
    "provider": _PROVIDERS,
}
ITEMS = st.lists(
    st.one_of(st.builds(Article, **_FIELDS), st.builds(RelatedItem, **_FIELDS)), max_size=40
)
OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "min_quality": st.one_of(st.integers(0, 7), st.floats(0, 7)),
        "max_per_provider": st.integers(1, 3),
        "half_life": st.sampled_from([timedelta(hours=1), DAY, timedelta(days=30)]),
    },
)


def with_now(options: dict[str, Any]) -> dict[str, Any]:
    return {**options, "now": NOW} if "half_life" in options else options


# Properties


@given(ITEMS, OPTIONS, st.one_of(st.none(), st.integers(0, 45)))
def test_matches_the_reference_ranking(
    items: list[Item], options: dict[str, Any], limit: int | None
) -> None:
    options = with_now(options)
    assert same(rank(items, limit=limit, **options), reference(items, limit=limit, **options))


@given(ITEMS, OPTIONS, st.integers(0, 12))
def test_limit_is_the_full_ranking_truncated(
    items: list[Item], options: dict[str, Any], limit: int
) -> None:
    options = with_now(options)
    full = rank(items, **options)
    assert same(rank(items, limit=limit, **options), full[:limit])
    # A generator has no length: the heap is used whatever the limit.
    assert same(rank(iter(items), limit=limit, **options), full[:limit])


@given(ITEMS, st.randoms(use_true_random=False), st.one_of(st.none(), st.integers(0, 10)))
def test_input_order_matters_only_for_exact_ties(
    items: list[Item], rng: random.Random, limit: int | None
) -> None:
    shuffled = items[:]
    rng.shuffle(shuffled)
    first, second = rank(items, limit=limit), rank(shuffled, limit=limit)
    assert [_ref_default(item) for item in first] == [_ref_default(item) for item in second]
    position = {id(item): index for index, item in enumerate(shuffled)}
    for before, after in itertools.pairwise(second):
        if _ref_default(before) == _ref_default(after):
            assert position[id(before)] < position[id(after)]


@given(ITEMS, st.integers(1, 3), st.one_of(st.none(), st.integers(0, 10)))
def test_the_provider_cap_holds(items: list[Item], cap: int, limit: int | None) -> None:
    ranked = rank(items, max_per_provider=cap, limit=limit)
    counts = Counter(provider_key(item) for item in ranked)
    counts.pop(None, None)
    assert all(count <= cap for count in counts.values())
    # Items with no provider are never capped.
    unknown = [item for item in rank(items) if provider_key(item) is None]
    if limit is None:
        assert same([item for item in ranked if provider_key(item) is None], unknown)


@given(ITEMS, st.one_of(st.integers(-2, 8), st.floats(-2, 8)), OPTIONS)
def test_min_quality_lets_no_lower_item_through(
    items: list[Item], minimum: float, options: dict[str, Any]
) -> None:
    options = with_now({**options, "min_quality": minimum})
    ranked = rank(items, **options)
    assert all(item.quality is not None and item.quality >= minimum for item in ranked)
    if "max_per_provider" not in options:
        expected = [i for i in items if i.quality is not None and i.quality >= minimum]
        assert Counter(map(id, ranked)) == Counter(map(id, expected))


@given(ITEMS, OPTIONS, st.one_of(st.none(), st.integers(0, 10)))
def test_nothing_is_mutated(items: list[Item], options: dict[str, Any], limit: int | None) -> None:
    options = with_now(options)
    before_ids, before = [id(item) for item in items], repr(items)
    ranked = rank(items, limit=limit, **options)
    assert ranked is not items
    assert [id(item) for item in items] == before_ids
    assert repr(items) == before
    ranked.clear()  # the result is the caller's own list
    assert [id(item) for item in items] == before_ids


@given(ITEMS)
def test_sort_key_with_sorted_is_the_default_ranking(items: list[Item]) -> None:
    assert same(sorted(items, key=sort_key), rank(items))


@given(
    st.integers(0, 200),
    st.integers(-100, 10_000),
    st.integers(0, 10_000),
    st.integers(1, 1_000),
)
def test_decay_never_rewards_age(quality: int, hours: int, more: int, half_life: int) -> None:
    life = timedelta(hours=half_life)
    newer = card("newer", quality, when=NOW - timedelta(hours=hours))
    older = card("older", quality, when=NOW - timedelta(hours=hours + more))
    newer_score = decayed_score(newer, half_life=life, now=NOW)
    older_score = decayed_score(older, half_life=life, now=NOW)
    assert newer_score is not None
    assert older_score is not None
    assert 0 <= older_score <= newer_score <= quality
    if hours <= 0:
        assert newer_score == quality


# The default order


def test_quality_then_heat_then_newer_date() -> None:
    cards = [
        card("low", quality=40, heat=90, when=NOW),
        card("old", quality=87, heat=12, when=NOW - DAY),
        card("new", quality=87, heat=12, when=NOW),
        card("hot", quality=87, heat=50, when=NOW - 3 * DAY),
    ]
    assert titles(rank(cards)) == ["hot", "new", "old", "low"]


def test_quality_is_not_bounded_by_100() -> None:
    cards = [card("a", quality=99), card("b", quality=154), card("c", quality=137)]
    assert titles(rank(cards)) == ["b", "c", "a"]


def test_missing_values_sort_last() -> None:
    cards = [
        card("no quality", heat=90, when=NOW),
        card("no heat", quality=5, when=NOW),
        card("heat not computed", quality=5, heat=-1, when=NOW + DAY),
        card("cold", quality=5, heat=0, when=NOW - DAY),
        card("no date", quality=5, heat=0),
    ]
    assert titles(rank(cards)) == ["cold", "no date", "heat not computed", "no heat", "no quality"]


def test_missing_heat_and_not_computed_heat_tie() -> None:
    cards = [card("a", quality=5, heat=None, when=NOW), card("b", quality=5, heat=-1, when=NOW)]
    assert titles(rank(cards)) == ["a", "b"]
    assert titles(rank(cards[::-1])) == ["b", "a"]


def test_exact_ties_keep_input_order() -> None:
    same_instant = NOW.astimezone(timezone(timedelta(hours=-7)))
    cards = [card(t, 5, heat=1, when=w) for t, w in [("x", NOW), ("y", same_instant), ("z", NOW)]]
    assert titles(rank(cards)) == ["x", "y", "z"]
    assert titles(rank(cards, limit=2)) == ["x", "y"]


def test_any_iterable_and_related_items() -> None:
    related = RelatedItem(title="r", quality=70)
    article = card("a", quality=60)
    mixed: list[Item] = [article, related]
    assert rank(x for x in mixed) == [related, article]
    assert rank(()) == []


def test_microseconds_apart_are_ordered() -> None:
    # Far from the epoch a float timestamp cannot tell these apart; the ranking must.
    late = datetime(9000, 1, 1, tzinfo=UTC)
    cards = [card("a", when=late), card("b", when=late + timedelta(microseconds=1))]
    assert titles(rank(cards)) == ["b", "a"]


# min_quality


def test_min_quality() -> None:
    cards = [card("a", quality=39), card("b", quality=40), card("c"), card("d", quality=154)]
    assert titles(rank(cards, min_quality=40)) == ["d", "b"]
    assert titles(rank(cards, min_quality=39.5)) == ["d", "b"]
    assert titles(rank(cards, min_quality=155)) == []


def test_min_quality_is_on_raw_quality_not_the_decayed_score() -> None:
    old = card("old", quality=50, when=NOW - 30 * DAY)
    assert rank([old], min_quality=50, half_life=DAY, now=NOW) == [old]


def test_min_quality_nan_is_refused() -> None:
    with pytest.raises(ValueError, match="NaN"):
        rank([], min_quality=math.nan)


# max_per_provider


def test_max_per_provider_keeps_the_best_of_each() -> None:
    cards = [
        card("f1", quality=90, provider="forbes.com"),
        card("f2", quality=80, provider="Forbes.com"),
        card("m1", quality=70, provider="medium.com"),
        card("f3", quality=60, provider="FORBES.COM"),
        card("m2", quality=50, provider="medium.com"),
    ]
    assert titles(rank(cards, max_per_provider=1)) == ["f1", "m1"]
    assert titles(rank(cards, max_per_provider=2)) == ["f1", "f2", "m1", "m2"]
    assert titles(rank(cards, max_per_provider=2, limit=3)) == ["f1", "f2", "m1"]


def test_max_per_provider_uses_the_name_without_a_domain() -> None:
    cards = [
        card("a", quality=3, provider=Provider(name="Medium")),
        card("b", quality=2, provider=Provider(name="medium ")),
        card("c", quality=1, provider=Provider(name="Medium", domain="medium.com")),
    ]
    assert titles(rank(cards, max_per_provider=1)) == ["a", "c"]


def test_items_without_a_provider_are_each_their_own() -> None:
    cards = [card("a", quality=3), card("b", quality=2), Article(title="c", provider=Provider())]
    assert titles(rank(cards, max_per_provider=1)) == ["a", "b", "c"]


def test_cap_with_limit_when_one_provider_fills_the_top() -> None:
    flood = [card(f"f{i}", quality=100, heat=i, provider="forbes.com") for i in range(500)]
    others = [
        card("m", quality=10, provider="medium.com"),
        card("w", quality=5, provider="wired.com"),
    ]
    cards = flood + others
    assert titles(rank(cards, max_per_provider=1, limit=3)) == ["f499", "m", "w"]
    assert titles(rank(iter(cards), max_per_provider=2, limit=3)) == ["f499", "f498", "m"]


def test_cap_with_limit_when_a_provider_improves_late() -> None:
    # Each new Forbes card evicts an older one that was among the best so far.
    rising = [card(f"f{i}", quality=i, provider="forbes.com") for i in range(50)]
    steady = [card(f"m{i}", quality=20 + i, provider="medium.com") for i in range(10)]
    cards = steady[:5] + rising + steady[5:]
    assert same(rank(cards, max_per_provider=3, limit=4), rank(cards, max_per_provider=3)[:4])
    assert titles(rank(cards, max_per_provider=3, limit=4)) == ["f49", "f48", "f47", "m9"]


def test_cap_with_limit_when_evicted_items_pile_up() -> None:
    # Each Forbes card evicts the previous one from the middle of the best so far.
    steady = [card(f"s{i}", quality=0, provider=f"site{i}.example") for i in range(50)]
    rising = [card(f"f{i}", quality=i + 1, provider="forbes.com") for i in range(500)]
    cards = steady + rising
    expected = rank(cards, max_per_provider=1)[:50]
    assert titles(expected) == ["f499", *(f"s{i}" for i in range(49))]
    assert same(rank(iter(cards), max_per_provider=1, limit=50), expected)


@pytest.mark.parametrize("cap", [0, -1])
def test_max_per_provider_below_one_is_refused(cap: int) -> None:
    with pytest.raises(ValueError, match="max_per_provider must be at least 1"):
        rank([], max_per_provider=cap)


# half_life and now


def test_decay_prefers_fresh_cards() -> None:
    old = card("old", quality=80, when=NOW - 2 * DAY)  # 80 / 4 = 20
    new = card("new", quality=30, when=NOW)  # 30
    middle = card("middle", quality=50, when=NOW - DAY)  # 25
    assert titles(rank([old, new, middle], half_life=DAY, now=NOW)) == ["new", "middle", "old"]
    assert titles(rank([old, new, middle])) == ["old", "middle", "new"]


def test_decayed_score_values() -> None:
    assert decayed_score(card("a", 80, when=NOW - 2 * DAY), half_life=DAY, now=NOW) == 20.0
    assert decayed_score(
        card("a", 80, when=NOW - DAY / 2), half_life=DAY, now=NOW
    ) == pytest.approx(80 / math.sqrt(2))
    assert decayed_score(card("future", 80, when=NOW + DAY), half_life=DAY, now=NOW) == 80.0
    assert decayed_score(card("undated", 80), half_life=DAY, now=NOW) == 0.0
    assert decayed_score(card("no quality", when=NOW), half_life=DAY, now=NOW) is None


def test_decay_ties_are_broken_by_the_default_order() -> None:
    cards = [
        card("cool", quality=40, heat=1, when=NOW - DAY),
        card("warm", quality=20, heat=9, when=NOW),
        card("hot", quality=40, heat=9, when=NOW - DAY),
    ]
    assert titles(rank(cards, half_life=DAY, now=NOW)) == ["hot", "cool", "warm"]


def test_undated_and_unscored_cards_come_last_under_decay() -> None:
    cards = [
        card("unscored", when=NOW),
        card("undated low", quality=10),
        card("old", quality=1, when=NOW - 40 * DAY),  # 1 / 2**40, still above 0
        card("undated high", quality=90),
        card("ancient", quality=1, when=NOW - 10_000 * DAY),  # underflows to 0.0
    ]
    ranked = titles(rank(cards, half_life=DAY, now=NOW))
    assert ranked == ["old", "undated high", "undated low", "ancient", "unscored"]


def test_decay_now_defaults_to_the_current_time() -> None:
    current = datetime.now(UTC)
    old = card("old", quality=100, when=current - 10 * DAY)
    new = card("new", quality=2, when=current)
    assert titles(rank([old, new], half_life=DAY)) == ["new", "old"]


def test_decayed_key_is_the_key_rank_uses() -> None:
    cards = [card("a", 80, when=NOW - 2 * DAY), card("b", 30, when=NOW), card("c")]
    key = decayed_key(half_life=DAY, now=NOW)
    assert same(sorted(cards, key=key), rank(cards, half_life=DAY, now=NOW))


@pytest.mark.parametrize("half_life", [timedelta(0), -DAY])
def test_non_positive_half_life_is_refused(half_life: timedelta) -> None:
    with pytest.raises(ValueError, match="half_life must be positive"):
        rank([], half_life=half_life)
    with pytest.raises(ValueError, match="half_life must be positive"):
        decayed_score(card("a", 1), half_life=half_life, now=NOW)


def test_half_life_must_be_a_timedelta() -> None:
    with pytest.raises(TypeError, match="half_life must be a timedelta, got 3600"):
        rank([], half_life=3600)  # type: ignore[arg-type]


def test_now_must_be_a_datetime() -> None:
    with pytest.raises(TypeError, match="now must be a datetime, got '2021-06-01'"):
        rank([], half_life=DAY, now="2021-06-01")  # type: ignore[arg-type]


def test_max_per_provider_must_be_an_int() -> None:
    with pytest.raises(TypeError, match=r"max_per_provider must be an int or None, got 1\.5"):
        rank([], max_per_provider=1.5)  # type: ignore[arg-type]


def test_naive_now_is_refused() -> None:
    naive = datetime(2021, 6, 1, 12, 0)
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        rank([], half_life=DAY, now=naive)
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        rank([], now=naive)
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        decayed_key(half_life=DAY, now=naive)


# limit


def test_limit() -> None:
    cards = [card(str(q), quality=q) for q in range(100)]
    assert titles(rank(cards, limit=3)) == ["99", "98", "97"]
    assert rank(cards, limit=0) == []
    assert len(rank(cards, limit=1000)) == 100


def test_negative_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="limit must not be negative, got -1"):
        rank([], limit=-1)


def test_boolean_limit_is_refused() -> None:
    with pytest.raises(TypeError, match="limit must be an int or None"):
        rank([], limit=True)


def test_limit_reads_a_generator_once() -> None:
    seen = []

    def cards() -> Iterator[Article]:
        for quality in range(1000):
            seen.append(quality)
            yield card(str(quality), quality=quality % 97)

    assert titles(rank(cards(), limit=2)) == ["96", "193"]
    assert len(seen) == 1000


# provider_key


@pytest.mark.parametrize(
    ("provider", "expected"),
    [
        (Provider(name="Forbes", domain="Forbes.com"), "forbes.com"),
        (Provider(name="Forbes", domain=" forbes.com. "), "forbes.com"),
        (Provider(name="Medium "), "medium"),
        (Provider(name="Forbes", domain=""), "forbes"),
        (Provider(name=" ", domain=" "), None),
        (Provider(), None),
        (None, None),
    ],
)
def test_provider_key(provider: Provider | None, expected: str | None) -> None:
    assert provider_key(Article(title="x", provider=provider)) == expected


# The real corpus


def _corpus() -> list[Article]:
    if not CORPUS.is_dir():
        pytest.skip(f"the real card corpus is not at {CORPUS} (it lives in the shared folder)")
    return [
        newscard.load(path) for path in sorted(CORPUS.glob("*.md")) if path.name != "SOURCES.md"
    ]


def test_real_cards() -> None:
    cards = _corpus()
    ranked = rank(cards)
    assert same(ranked, reference(cards))
    assert Counter(map(id, ranked)) == Counter(map(id, cards))
    qualities = [c.quality for c in ranked if c.quality is not None]
    assert qualities == sorted(qualities, reverse=True)
    assert all(c.quality is None for c in ranked[len(qualities) :])
    assert max(qualities) > 100  # real quality is not bounded by 100


def test_real_cards_with_every_option() -> None:
    cards = _corpus()
    related = [item for c in cards for item in c.related]
    latest = max(c.published_date_time for c in cards if c.published_date_time is not None)
    groups: list[list[Item]] = [[*cards], [*related], [*cards, *related]]
    for items in groups:
        capped = rank(items, max_per_provider=1)
        domains = [provider_key(item) for item in capped]
        assert len(domains) == len(set(domains))
        assert len(capped) < len(items)  # real cards repeat providers
        options: dict[str, Any] = {"max_per_provider": 2, "min_quality": 40, "half_life": 30 * DAY}
        full = rank(items, now=latest, **options)
        assert same(full, reference(items, now=latest, **options))
        for limit in (1, 5, 20):
            assert same(rank(items, limit=limit, now=latest, **options), full[:limit])
