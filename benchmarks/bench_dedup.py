"""dedup of N synthetic related items: the time per item should not grow with N.

Run: ``python benchmarks/bench_dedup.py [N ...]`` (default 10**4 10**5 10**6).
Each item has a web URL and, for half of them, AMP and AMP-cache URLs; three in ten repeat an
earlier story under another spelling (http, a tracker, a trailing slash, ``?amp``, the AMP
cache). ``key=str`` skips canonicalization to show the union-find's own cost; ``floor`` only
reads every URL and puts it in one dict, so its growth per item is the memory's, not the
algorithm's. Building the items is not timed; the methods are alternated and the median of
the repeats reported.
"""

from __future__ import annotations

import random
import sys
from typing import TYPE_CHECKING

from timing import measure

from newscard import RelatedItem
from newscard._dedup import dedup

if TYPE_CHECKING:
    from collections.abc import Callable

SPELLINGS = (
    "https://{host}/{path}/",
    "http://{host}/{path}",
    "https://{host}/{path}?utm_source=feed&utm_medium=rss",
    "https://{host}/{path}/?amp",
    "https://{dashed}.cdn.ampproject.org/c/s/{host}/{path}/",
)


def synthetic(count: int, seed: int = 1) -> list[RelatedItem]:
    """Items naming about 0.7 * count stories, 2,000 sites, under the spellings above."""
    rng = random.Random(seed)
    items: list[RelatedItem] = []
    stories: list[tuple[str, str]] = []
    for i in range(count):
        if stories and rng.random() < 0.3:
            host, path = rng.choice(stories)
        else:
            host = f"www.site{rng.randrange(2000)}.example"
            path = f"news/2021/{i % 12 + 1:02d}/story-{i}"
            stories.append((host, path))
        dashed = host.replace("-", "--").replace(".", "-")
        web = rng.choice(SPELLINGS).format(host=host, path=path, dashed=dashed)
        amp = cdn = None
        if rng.random() < 0.5:
            amp = f"https://{host}/{path}/amp/"
            cdn = f"https://{dashed}.cdn.ampproject.org/c/s/{host}/{path}/amp/"
        items.append(
            RelatedItem(
                title=f"item {i}",
                web_url=web,
                amp_web_url=amp,
                cdn_amp_web_url=cdn,
                quality=rng.choice((None, *range(0, 160, 7))),
            )
        )
    return items


def floor(items: list[RelatedItem]) -> dict[str, int]:
    """Read every URL of every item and record its first owner: a lower bound for dedup."""
    owner: dict[str, int] = {}
    for index, item in enumerate(items):
        for url in (item.original_url, item.web_url, item.amp_web_url, item.cdn_amp_web_url):
            if url:
                owner.setdefault(url, index)
    return owner


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [10**4, 10**5, 10**6]
    print(
        f"{'items':>9} {'kept':>9} {'dedup s':>9} {'us/item':>8} {'key=str s':>10} {'us/item':>8}"
    )
    for size in sizes:
        items = synthetic(size)
        kept = len(dedup(items))
        methods: dict[str, Callable[[], object]] = {
            "dedup": lambda items=items: dedup(items),
            "key=str": lambda items=items: dedup(items, key=str),
            "floor": lambda items=items: floor(items),
        }
        medians = measure(methods, repeats=5 if size < 10**6 else 3)
        full, bare, least = medians["dedup"], medians["key=str"], medians["floor"]
        print(
            f"{size:>9,} {kept:>9,} {full:>9.3f} {full / size * 1e6:>8.2f}"
            f" {bare:>10.3f} {bare / size * 1e6:>8.2f} {least:>8.3f} {least / size * 1e6:>8.2f}"
        )


if __name__ == "__main__":
    main()
