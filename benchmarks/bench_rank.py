"""Top 10 of N synthetic cards: ``rank(limit=10)`` against sorting everything.

Run: ``python benchmarks/bench_rank.py [N ...]`` (default 10**4 10**5 10**6).
Methods are alternated within each repeat and the median is reported, with the ratio
to a full ``sorted(items, key=sort_key)[:10]`` (below 1 is faster).
"""

from __future__ import annotations

import gc
import random
import sys
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from timing import measure

from newscard import Article, Provider
from newscard._rank import rank, sort_key

if TYPE_CHECKING:
    from collections.abc import Callable

TOP = 10
START = datetime(2019, 1, 1, tzinfo=timezone.utc)
NOW = datetime(2022, 1, 1, tzinfo=timezone.utc)


def synthetic(count: int, seed: int = 1) -> list[Article]:
    """Cards shaped like real ones: quality 0-200 or missing, heat often -1, 500 providers."""
    rng = random.Random(seed)
    providers = [Provider(name=f"Site {i}", domain=f"site{i}.example") for i in range(500)]
    span = int((NOW - START).total_seconds())
    cards = []
    for i in range(count):
        quality = None if rng.random() < 0.2 else int(rng.paretovariate(1.5) * 20) % 200
        heat = rng.choice((None, -1, -1, quality))
        when = START + timedelta(seconds=rng.randrange(span))
        provider = providers[int(rng.paretovariate(1.2)) % len(providers)]  # a few dominate
        cards.append(
            Article(
                title=f"card {i}",
                quality=quality,
                heat=heat,
                published_date_time=when,
                provider=provider,
            )
        )
    return cards


def compare(title: str, methods: dict[str, Callable[[], list[Article]]], repeats: int) -> None:
    results = [method() for method in methods.values()]
    first = [id(card) for card in results[0]]
    assert all([id(card) for card in result] == first for result in results), title
    medians = measure(dict(methods), repeats)
    baseline = next(iter(medians.values()))
    print(f"  {title}")
    for name, seconds in medians.items():
        print(f"    {name:<46} {seconds * 1000:10.1f} ms  ratio {seconds / baseline:5.2f}")


def run(size: int) -> None:
    """Time each comparison on ``size`` cards."""
    cards = synthetic(size)
    repeats = 31 if size <= 10**4 else 11 if size <= 10**5 else 5
    week = timedelta(days=7)
    print(f"\nN = {size:,} ({repeats} repeats)")
    compare(
        "default order",
        {
            "sorted(items, key=sort_key)[:10]": lambda: sorted(cards, key=sort_key)[:TOP],
            "rank(items)[:10]": lambda: rank(cards)[:TOP],
            "rank(items, limit=10)": lambda: rank(cards, limit=TOP),
        },
        repeats,
    )
    compare(
        "max_per_provider=2",
        {
            "rank(items, max_per_provider=2)[:10]": lambda: rank(cards, max_per_provider=2)[:TOP],
            "rank(items, max_per_provider=2, limit=10)": lambda: rank(
                cards, max_per_provider=2, limit=TOP
            ),
        },
        repeats,
    )
    compare(
        "half_life=7 days, max_per_provider=2",
        {
            "rank(..., half_life, max_per_provider=2)[:10]": lambda: rank(
                cards, half_life=week, now=NOW, max_per_provider=2
            )[:TOP],
            "rank(..., half_life, max_per_provider=2, limit)": lambda: rank(
                cards, half_life=week, now=NOW, max_per_provider=2, limit=TOP
            ),
        },
        repeats,
    )


def main(sizes: list[int]) -> None:
    print(f"Python {sys.version.split()[0]}; top {TOP}; median of alternated repeats")
    for size in sizes:
        run(size)
        gc.collect()


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10**4, 10**5, 10**6])
