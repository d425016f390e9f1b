"""Cards keep their files: rank, dedup and grouping take (path, card) pairs or any element
with a card, and give them back as they came; load_many says so when read twice."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newscard
from newscard import Article, Provider, dedup, duplicate_groups, rank, story_groups

NOW = datetime(2024, 3, 10, tzinfo=timezone.utc)


def card(
    title: str, quality: int | None, url: str, hours: int = 0, site: str = "a.example"
) -> Article:
    return Article(
        title=title,
        quality=quality,
        web_url=url,
        published_date_time=NOW - timedelta(hours=hours),
        provider=Provider(name=site, domain=site),
    )


CARDS = [
    card("Harbour cranes go electric", 40, "https://a.example/cranes"),
    card("Cranes at the harbour run on batteries", 90, "https://a.example/cranes?utm_source=x"),
    card("Glacier satellite", 70, "https://b.example/glacier", site="b.example"),
]
PAIRS = [(Path(f"news/{i}.md"), c) for i, c in enumerate(CARDS)]


@attrs.frozen
class Row:
    name: str
    card: Article


def test_rank_gives_back_pairs_and_anything_with_a_card() -> None:
    assert rank(PAIRS) == [PAIRS[1], PAIRS[2], PAIRS[0]]
    assert rank(iter(PAIRS), limit=1) == [PAIRS[1]]  # the heap path, on a stream
    rows = [Row(str(path), item) for path, item in PAIRS]
    assert rank(rows, card=lambda row: row.card, max_per_provider=1) == [rows[1], rows[2]]
    assert rank([]) == []
    assert rank(iter([]), limit=3) == []


def test_dedup_and_groups_give_back_pairs() -> None:
    assert dedup(PAIRS) == [PAIRS[1], PAIRS[2]]
    (group,) = duplicate_groups(PAIRS)
    assert group.survivor == PAIRS[1]
    assert group.members == (PAIRS[0], PAIRS[1])
    assert group.links == ((PAIRS[0], "https://a.example/cranes"),)
    rows = [Row(str(path), item) for path, item in PAIRS]
    assert dedup(rows, card=lambda row: row.card) == [rows[1], rows[2]]


def test_story_groups_give_back_pairs() -> None:
    (group,) = story_groups(PAIRS)
    assert group.lead == PAIRS[1]
    assert set(group.members) == {PAIRS[0], PAIRS[1]}


@given(
    st.lists(st.tuples(st.integers(0, 100) | st.none(), st.integers(0, 3)), max_size=12),
    st.integers(0, 5),
)
def test_ranking_pairs_is_ranking_cards(spec: list[tuple[Any, int]], limit: int) -> None:
    cards = [card(f"t{i}", q, f"https://x.example/{i}", hours=h) for i, (q, h) in enumerate(spec)]
    pairs = [(i, c) for i, c in enumerate(cards)]
    assert [p[1] for p in rank(pairs, limit=limit)] == rank(cards, limit=limit)
    assert [p[1] for p in rank(iter(pairs), limit=limit)] == rank(cards, limit=limit)


def test_load_many_says_so_when_read_twice(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text('---\ntitle: "A"\n---\n', encoding="utf-8")
    results = newscard.load_many(tmp_path)
    assert [c.title for _, c in results] == ["A"]
    with pytest.raises(RuntimeError, match=r"read already.*list\(load_many"):
        list(results)
    kept = list(newscard.load_many(tmp_path))
    assert rank(kept) == kept
