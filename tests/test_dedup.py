"""dedup and duplicate_groups: grouping, survivors, reports, real cards, properties."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newscard
from newscard import Article, RelatedItem
from newscard._dedup import DuplicateGroup, dedup, duplicate_groups
from newscard._urls import canonical_url

if TYPE_CHECKING:
    import random

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ai"


def item(
    title: str,
    *urls: str | None,
    quality: int | None = None,
    amp: str | None = None,
    original: str | None = None,
) -> RelatedItem:
    web = urls[0] if urls else None
    cdn = urls[1] if len(urls) > 1 else None
    return RelatedItem(
        title=title,
        web_url=web,
        cdn_amp_web_url=cdn,
        amp_web_url=amp,
        original_url=original,
        quality=quality,
    )


def titles(items: list[RelatedItem] | list[Article | RelatedItem]) -> list[str]:
    return [one.title for one in items]


# --- grouping -------------------------------------------------------------------------------


def test_same_page_in_different_spellings_is_one_group() -> None:
    items = [
        item("a", "https://www.example.com/story/?utm_source=x"),
        item("b", "http://WWW.example.com/story"),
        item("c", None, "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/story/"),
        item("d", "https://www.example.com/other"),
    ]
    assert titles(dedup(items)) == ["a", "d"]


def test_every_url_of_an_item_is_an_alias_and_groups_are_transitive() -> None:
    items = [
        item("a", "https://a.example/1"),
        item("x", "https://x.example/1"),
        item("b", "https://b.example/1", amp="https://a.example/1"),
        item("c", "https://c.example/1", original="https://b.example/1"),
        item("d", "https://d.example/1", "https://c.example/1"),
    ]
    assert titles(dedup(items)) == ["a", "x"]
    (group,) = duplicate_groups(items)
    assert titles(list(group.members)) == ["a", "b", "c", "d"]
    assert group.indices == (0, 2, 3, 4)


def test_different_pages_are_kept() -> None:
    items = [
        item("a", "https://example.com/story"),
        item("b", "https://example.com/story?id=2"),
        item("c", "https://news.example.com/story"),
        item("d", "https://example.com/tags/amp/"),
        item("e", "https://amp-example.com/story"),
        item("f", "https://example.com/Story"),
    ]
    assert titles(dedup(items)) == ["a", "b", "c", "d", "e", "f"]
    assert duplicate_groups(items) == []


def test_items_without_a_usable_url_are_never_merged() -> None:
    items = [
        item("a"),
        item("b"),
        item("c", ""),
        item("d", ""),
        item("e", "   "),
        item("f", "   "),
        item("g", "/news/1"),
        item("h", "/news/1"),
    ]
    assert titles(dedup(items)) == ["a", "b", "c", "d", "e", "f", "g", "h"]


def test_articles_and_related_items_mix() -> None:
    card = Article(title="card", web_url="https://example.com/a", quality=5)
    related = RelatedItem(title="rel", web_url="https://example.com/a/", quality=9)
    mixed: list[Article | RelatedItem] = [card, related]
    assert dedup(mixed) == [related]
    assert dedup(mixed[::-1]) == [related]


def test_generators_are_read_once() -> None:
    items = [item("a", "https://example.com/a"), item("b", "https://example.com/a")]
    assert titles(dedup(one for one in items)) == ["a"]
    groups = duplicate_groups(one for one in items)
    assert titles(list(groups[0].members)) == ["a", "b"]
    assert dedup([]) == []
    assert duplicate_groups([]) == []


def test_inputs_are_not_mutated() -> None:
    items = [
        item("a", "https://example.com/a", quality=1),
        item("b", "https://example.com/a", quality=2),
    ]
    snapshot = list(items)
    copies = [attrs.evolve(one) for one in items]
    dedup(items)
    duplicate_groups(items, include_singletons=True)
    assert all(one is before for one, before in zip(items, snapshot, strict=True))
    assert items == copies


def test_key_option_changes_what_merges() -> None:
    items = [
        item("a", "https://www.example.com/story/"),
        item("b", "https://example.com/story/amp/"),
    ]
    assert titles(dedup(items)) == ["a"]
    strict = functools.partial(canonical_url, drop_www=False, strip_amp_path=False)
    assert titles(dedup(items, key=strict)) == ["a", "b"]


# --- survivors ------------------------------------------------------------------------------

SURVIVORS = [
    # (qualities in input order, title of the survivor)
    ([1, 5, 3], "1"),
    ([5, 5, 3], "0"),  # a tie goes to the earliest
    ([None, 0], "1"),  # a missing quality ranks lowest
    ([None, -1], "1"),  # below negative qualities too
    ([None, None], "0"),
    ([137, 154, 100], "1"),  # quality is not bounded by 100
]


@pytest.mark.parametrize(("qualities", "survivor"), SURVIVORS)
def test_survivor_rule(qualities: list[int | None], survivor: str) -> None:
    items = [item(str(i), "https://example.com/a", quality=q) for i, q in enumerate(qualities)]
    assert titles(dedup(items)) == [survivor]


def test_survivors_come_in_the_order_their_group_first_appears() -> None:
    items = [
        item("a1", "https://a.example/", quality=1),
        item("b1", "https://b.example/", quality=1),
        item("c1", "https://c.example/"),
        item("b2", "https://b.example/", quality=2),
        item("a2", "https://a.example/", quality=2),
    ]
    assert titles(dedup(items)) == ["a2", "b2", "c1"]


# --- reports --------------------------------------------------------------------------------


def test_duplicate_group_report() -> None:
    items = [
        item("a", "https://example.com/x", quality=1),
        item("b", "https://example.com/y"),
        item("c", "https://example.com/x/?utm_source=feed", amp="https://example.com/y", quality=3),
        item("d", "https://example.com/z", original="https://example.com/y"),
    ]
    (group,) = duplicate_groups(items)
    assert group.survivor is items[2]
    assert group.survivor_index == 2
    assert group.members == tuple(items)
    assert group.indices == (0, 1, 2, 3)
    assert group.duplicates == (items[0], items[1], items[3])
    assert group.links == (
        (items[0], "https://example.com/x"),
        (items[1], "https://example.com/y"),
        (items[3], "https://example.com/y"),
    )


def test_link_through_a_chain_names_a_url_shared_with_another_member() -> None:
    items = [
        item("a", "https://example.com/1", quality=9),
        item("b", "https://example.com/1", amp="https://example.com/2"),
        item("c", "https://example.com/2"),
    ]
    (group,) = duplicate_groups(items)
    assert group.survivor is items[0]
    assert {one.title: url for one, url in group.links} == {
        "b": "https://example.com/1",
        "c": "https://example.com/2",
    }


def test_singletons_only_on_request() -> None:
    items = [item("a", "https://example.com/1"), item("b", "https://example.com/1"), item("c")]
    assert [len(group.members) for group in duplicate_groups(items)] == [2]
    everything = duplicate_groups(items, include_singletons=True)
    assert [group.indices for group in everything] == [(0, 1), (2,)]
    assert everything[1].duplicates == ()
    assert everything[1].links == ()


def test_groups_are_frozen() -> None:
    (group,) = duplicate_groups([item("a", "https://e.com/"), item("b", "https://e.com/")])
    assert isinstance(group, DuplicateGroup)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        group.survivor = group.duplicates[0]  # type: ignore[misc]


# --- real cards -----------------------------------------------------------------------------


def _corpus() -> dict[str, Article]:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not here: {CORPUS} (it lives beside the repository)")
    return {
        path.name: newscard.load(path)
        for path in sorted(CORPUS.glob("*.md"))
        if path.name != "SOURCES.md"
    }


def test_corpus_same_url_on_two_days_is_one_card() -> None:
    cards = _corpus()
    names = list(cards)
    groups = duplicate_groups(list(cards.values()))
    reported = [[names[index] for index in group.indices] for group in groups]
    first = "2019-12-24-google-cloud-team-releases-automl-natural-language.md"
    second = "2019-12-25-google-cloud-team-releases-automl-natural-language.md"
    assert [first, second] in reported
    assert len(dedup(cards.values())) == len(cards) - sum(len(g.duplicates) for g in groups)


def test_corpus_related_items_dedup() -> None:
    card = _corpus()[
        "2022-06-11-the-google-engineer-who-thinks-the-companys-ai-has-come-to-life.md"
    ]
    groups = duplicate_groups(card.related)
    # HuffPost twice (a tracker and an AMP alias), WSJ twice (the same URL), the Guardian
    # twice (an HTML-escaped query)
    assert [group.indices for group in groups] == [(0, 2), (3, 4), (54, 55)]
    huffpost_link = groups[0].links[0][1]
    assert huffpost_link.startswith("https://huffpost.com/entry/")
    assert len(dedup(card.related)) == len(card.related) - 3


# --- properties -----------------------------------------------------------------------------

_POOL = [
    "https://example.com/a",
    "http://EXAMPLE.com/a/",
    "https://example.com/a?utm_source=x",
    "https://example-com.cdn.ampproject.org/c/s/example.com/a",
    "https://example.com/b",
    "https://example.com/b?amp=1",
    "https://example.com/c",
    "https://www.example.com/c",
    "/relative",
    "",
    None,
]
_url = st.sampled_from(_POOL)
_items = st.lists(
    st.tuples(_url, _url, _url, _url, st.one_of(st.none(), st.integers(-2, 3))), max_size=12
).map(
    lambda rows: [
        RelatedItem(
            title=str(index),
            original_url=a,
            web_url=b,
            amp_web_url=c,
            cdn_amp_web_url=d,
            quality=q,
        )
        for index, (a, b, c, d, q) in enumerate(rows)
    ]
)


def _keys(one: RelatedItem) -> set[str]:
    urls = (one.original_url, one.web_url, one.amp_web_url, one.cdn_amp_web_url)
    return {canonical_url(url) for url in urls if url and url.startswith("http")}


def _rank(one: RelatedItem) -> tuple[bool, int]:
    return (one.quality is not None, one.quality or 0)


@given(_items, st.randoms())
def test_groups_do_not_depend_on_input_order(items: list[RelatedItem], rnd: random.Random) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)
    partition = {
        frozenset(titles(list(g.members))) for g in duplicate_groups(items, include_singletons=True)
    }
    again = {
        frozenset(titles(list(g.members)))
        for g in duplicate_groups(shuffled, include_singletons=True)
    }
    assert partition == again


@given(_items)
def test_groups_partition_the_input_by_shared_urls(items: list[RelatedItem]) -> None:
    groups = duplicate_groups(items, include_singletons=True)
    assert sorted(index for g in groups for index in g.indices) == list(range(len(items)))
    group_keys = [set().union(*(_keys(one) for one in g.members)) for g in groups]
    for i, keys in enumerate(group_keys):
        for other in group_keys[i + 1 :]:
            assert not keys & other
    for group in groups:
        for duplicate, url in group.links:
            assert url in _keys(duplicate)
            assert any(url in _keys(m) for m in group.members if m is not duplicate)


@given(_items)
def test_survivor_is_the_best_and_earliest(items: list[RelatedItem]) -> None:
    groups = duplicate_groups(items, include_singletons=True)
    assert dedup(items) == [group.survivor for group in groups]
    for group in groups:
        best = max(_rank(one) for one in group.members)
        assert _rank(group.survivor) == best
        first_best = next(
            i for i, one in zip(group.indices, group.members, strict=True) if _rank(one) == best
        )
        assert group.survivor_index == first_best
        assert group.members[group.indices.index(group.survivor_index)] is group.survivor
        assert group.duplicates == tuple(m for m in group.members if m is not group.survivor)
