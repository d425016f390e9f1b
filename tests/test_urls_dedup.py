"""dedup and duplicate_groups on the copies canonical_url now merges: newsletters, Medium
topic pages, HTML-escaped queries, AMP pages on their own path or host."""

from __future__ import annotations

import functools

import pytest

from newscard import Article, RelatedItem, canonical_url, dedup, duplicate_groups, story_groups

PAGE = "https://www.securityweekly.example/cloud/storage-misconfiguration"
COPIES = {
    "newsletter": PAGE
    + "?_mc=NL_SW_EDT_SW_weekly_20210826&cid=NL_SW_EDT_SW_weekly_20210826"
    + "&elq_mid=105848&elq_cid=22023705",
    "Medium topic page": "https://medium.com/some-team/what-you-need-to-know-928477de0601"
    "?source=topic_page---------2------------------1",
    "escaped query": "https://www.dailypaper.example/technology/2022/jun/12/engineer-on-leave"
    "?amp;fs=e&amp;s=cl",
    "escaped separators": PAGE + "?utm_source=feed&amp;utm_medium=rss&amp;utm_campaign=x",
    "WordPress escape": PAGE + "?utm_source=rss&#038;utm_medium=rss",
    "AMP path": PAGE + "/amp/",
    "AMP host": "https://amp.securityweekly.example/cloud/storage-misconfiguration",
    "AMP section": "https://www.securityweekly.example/google-amp/cloud/storage-misconfiguration",
}
ORIGINALS = {
    "newsletter": PAGE,
    "Medium topic page": "https://medium.com/some-team/what-you-need-to-know-928477de0601",
    "escaped query": "https://www.dailypaper.example/technology/2022/jun/12/engineer-on-leave?amp",
    "escaped separators": PAGE,
    "WordPress escape": PAGE,
    "AMP path": PAGE,
    "AMP host": PAGE,
    "AMP section": PAGE,
}


def related(title: str, url: str, quality: int) -> RelatedItem:
    return RelatedItem(title=title, web_url=url, quality=quality)


@pytest.mark.parametrize("kind", sorted(COPIES))
def test_duplicate_groups_find_the_copy(kind: str) -> None:
    items = [
        related("original", ORIGINALS[kind], 10),
        related("another story", "https://www.securityweekly.example/cloud/other-story", 50),
        related("copy", COPIES[kind], 20),
    ]
    (group,) = duplicate_groups(items)
    assert group.indices == (0, 2)
    assert group.survivor_index == 2  # the copy has the higher quality
    ((duplicate, url),) = group.links
    assert duplicate.title == "original"
    assert url == canonical_url(ORIGINALS[kind]) == canonical_url(COPIES[kind])
    assert [one.title for one in dedup(items)] == ["copy", "another story"]


def test_cards_too() -> None:
    cards = [
        Article(title="Storage misconfiguration", web_url=PAGE),
        Article(title="Storage misconfiguration", web_url=COPIES["newsletter"]),
        Article(title="Storage misconfiguration", amp_web_url=COPIES["AMP host"]),
    ]
    (group,) = duplicate_groups(cards)
    assert group.indices == (0, 1, 2)
    assert dedup(cards) == [cards[0]]


def test_a_stricter_key_keeps_the_amp_copies() -> None:
    strict = functools.partial(canonical_url, drop_www=False, strip_amp_path=False)
    items = [related(kind, url, 1) for kind, url in COPIES.items()] + [related("page", PAGE, 1)]
    groups = duplicate_groups(items, key=strict)
    merged = {one.title for group in groups for one in group.members}
    assert merged == {"page", "newsletter", "escaped separators", "WordPress escape"}


def test_items_sharing_two_keys_are_one_group_once() -> None:
    # A syndicated copy names the page and its source: both URLs keep their own key, and
    # the second item meets the first through each of them.
    source = "https://www.wire.example/2024/05/14/cranes"
    items = [
        RelatedItem(title="wire", web_url=PAGE, original_url=source),
        RelatedItem(title="copy", web_url=PAGE + "/amp/", original_url=source + "?ref=fb"),
    ]
    (group,) = duplicate_groups(items)
    assert group.indices == (0, 1)
    ((_, url),) = group.links
    assert url in {canonical_url(PAGE), canonical_url(source)}
    (story,) = story_groups(items)
    assert story.indices == (0, 1)
