"""story_groups on N synthetic items at a steady daily volume, beside the TF-IDF baseline.

Run: ``python benchmarks/bench_stories.py [--per-day 1000] [--repeats 3] [N ...]``
(default N: 10**4 3*10**4 10**5) after ``pip install -e . -r benchmarks/requirements-stories.txt``.

The items come from ``stories()``: stories of 1 to 60 items (most of one or two) spread over
three days, at ``--per-day`` items a day, told with words of a made-up vocabulary drawn with
Zipf frequencies (no real text): a title of 7 to 13 words and an excerpt of 22 to 47, each
mixing the story's own words (some of them named terms: ``Vorlax``, ``QX-7``), common ones
and English function words, in the proportions of the labelled corpus (23 distinct terms an
item, items in stories of 22 on average); a tenth of the items are syndicated copies that
reuse the page's URL under another.
Building the items is not timed. Methods, alternated, median of the repeats, in CPU seconds
of this process (``time.process_time``): the machine's two cores are shared with other work,
which makes wall-clock times swing by a factor of two or three.

- ``story_groups``: the defaults (7-day window), pure Python;
- ``TF-IDF baseline``: scikit-learn's ``TfidfVectorizer`` (word 1-2 grams, sublinear tf,
  English stop words) over title + excerpt, the cosine of every pair within 7 days by sparse
  products of day blocks against the week before them, pairs at 0.10 and above, scipy's
  ``connected_components``: the blocking a fast numpy implementation would use.

Cost per item should stay flat as N grows: with a steady volume, each item meets only the
items of its window.
"""

from __future__ import annotations

import argparse
import itertools
import random
import string
import time
from datetime import datetime, timedelta, timezone

from timing import measure

import newscard
from newscard import Provider, RelatedItem

START = datetime(2022, 1, 3, tzinfo=timezone.utc)
FUNCTION_WORDS = (
    "the of and to a in for is on that with as at by from it an be has its was are".split()
)
WINDOW = timedelta(days=7)


def _vocabulary(rng: random.Random, count: int) -> list[str]:
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 10))))
    return sorted(words)


def _named(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(string.ascii_uppercase) + "".join(
            rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 8))
        )
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(2)) + f"-{rng.randint(1, 99)}"


def stories(count: int, per_day: int, seed: int = 7) -> list[RelatedItem]:
    """``count`` items of made-up stories, ``per_day`` a day, in publish order (roughly)."""
    rng = random.Random(seed)
    common = _vocabulary(rng, 20_000)
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(common))))
    sites = [f"site{number}.example" for number in range(500)]
    items: list[RelatedItem] = []
    story = 0
    while len(items) < count:
        story += 1
        size = min(60, int(rng.paretovariate(1.1)))
        own = [rng.choice(common[2000:]) for _ in range(6)] + [_named(rng) for _ in range(3)]
        day = len(items) / per_day
        first = START + timedelta(days=day)
        for copy in range(size):
            when = first + timedelta(minutes=rng.randint(0, 3 * 24 * 60))
            site = rng.choice(sites)
            title_words = rng.sample(own, rng.randint(3, 5)) + rng.choices(
                common, cum_weights=weights, k=rng.randint(2, 4)
            )
            title_words += rng.choices(FUNCTION_WORDS, k=rng.randint(2, 4))
            rng.shuffle(title_words)
            excerpt_words = rng.choices(own, k=rng.randint(4, 9)) + rng.choices(
                common, cum_weights=weights, k=rng.randint(10, 22)
            )
            excerpt_words += rng.choices(FUNCTION_WORDS, k=rng.randint(8, 16))
            rng.shuffle(excerpt_words)
            url = f"https://www.{site}/news/{story}-{copy}"
            if items and copy and rng.random() < 0.1:
                url = items[-1].web_url or url
            items.append(
                RelatedItem(
                    title=" ".join(title_words).capitalize(),
                    excerpt=" ".join(excerpt_words).capitalize() + ".",
                    published_date_time=when,
                    web_url=url,
                    provider=Provider(name=site.split(".")[0], domain=site),
                    quality=rng.randint(10, 150),
                )
            )
    return items[:count]


def baseline(items: list[RelatedItem], threshold: float = 0.10) -> int:
    """Connected components of the TF-IDF cosine graph within 7 days; returns the group count."""
    import numpy as np  # noqa: PLC0415 - benchmark-only dependencies
    from scipy.sparse import coo_matrix  # noqa: PLC0415
    from scipy.sparse.csgraph import connected_components  # noqa: PLC0415
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415

    texts = [f"{item.title} {item.excerpt or ''}" for item in items]
    matrix = (
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
        .fit_transform(texts)
        .tocsr()
    )
    seconds = np.array([item.published_date_time.timestamp() for item in items])  # type: ignore[union-attr]
    day = np.floor((seconds - seconds.min()) / 86400).astype(int)
    order = np.argsort(day, kind="stable")
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for today in range(day.max() + 1):
        these = order[day[order] == today]
        if not len(these):
            continue
        near = order[(day[order] >= today - WINDOW.days) & (day[order] <= today)]
        product = (matrix[these] @ matrix[near].T).tocoo()
        one, other = these[product.row], near[product.col]
        keep = (
            (product.data >= threshold)
            & (np.abs(seconds[one] - seconds[other]) <= WINDOW.total_seconds())
            & (one != other)
        )
        rows.append(one[keep])
        cols.append(other[keep])
    row = np.concatenate(rows)
    col = np.concatenate(cols)
    graph = coo_matrix((np.ones(len(row)), (row, col)), shape=(len(items), len(items)))
    count, _ = connected_components(graph, directed=False)
    return int(count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10**4, 3 * 10**4, 10**5])
    parser.add_argument("--per-day", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    print(
        f"{options.per_day} items a day; CPU seconds of this process (time.process_time),"
        f" medians of {options.repeats} alternated runs"
    )
    print(
        f"{'items':>8} {'groups':>7} {'story_groups s':>15} {'us/item':>8} {'baseline s':>11} {'us/item':>8} {'ratio':>6}"
    )
    for size in options.sizes:
        items = stories(size, options.per_day)
        groups = len(newscard.story_groups(items))
        medians = measure(
            {
                "ours": lambda items=items: newscard.story_groups(items),
                "baseline": lambda items=items: baseline(items),
            },
            repeats=options.repeats,
            clock=time.process_time,
        )
        ours, theirs = medians["ours"], medians["baseline"]
        print(
            f"{size:>8,} {groups:>7,} {ours:>15.2f} {ours / size * 1e6:>8.1f}"
            f" {theirs:>11.2f} {theirs / size * 1e6:>8.1f} {ours / theirs:>6.2f}"
        )


if __name__ == "__main__":
    main()
