"""Quality of story_groups on the labelled corpus, beside the baselines: pairwise and B-cubed.

Run: ``python benchmarks/eval_stories.py [--curves] [--split] [--errors] [--corpus DIR]``
after ``pip install -e . -r benchmarks/requirements-stories.txt`` (scikit-learn, for the
TF-IDF baseline only). The corpus is ``../shared/corpus/ai`` beside the repository: its
``STORIES.tsv`` gives each card and each related item (``card``, ``related[i]``) a story id.

Pairwise: precision and recall over the pairs of items put in one group. B-cubed: the same,
per item, averaged (Bagga and Baldwin 1998), which a single large story weighs less.
``--curves`` prints F1 against each parameter, ``--split`` tunes the threshold on the older
half of the items and tests it on the newer half and the other way round, ``--ablation``
switches each feature off alone, ``--errors`` lists the stories merged and the stories split
by the defaults.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import re
import sys
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

import newscard
from newscard import Article, RelatedItem

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus" / "ai"
Item = Article | RelatedItem


def load(corpus: Path) -> tuple[list[Item], list[str]]:
    """The labelled items, in the order of STORIES.tsv, and their story ids."""
    items: list[Item] = []
    labels: list[str] = []
    cards: dict[str, Article] = {}
    with (corpus / "STORIES.tsv").open(encoding="utf-8", newline="") as handle:
        rows = [
            row for row in csv.reader(handle, delimiter="\t") if row and not row[0].startswith("#")
        ]
    for name, which, story in rows[1:]:
        card = cards.get(name) or cards.setdefault(name, newscard.load(corpus / name))
        items.append(card if which == "card" else card.related[int(which[len("related[") : -1])])
        labels.append(story)
    return items, labels


# --- metrics ----------------------------------------------------------------------------------


def _pairs(labels: list[str] | list[int]) -> set[tuple[int, int]]:
    members: dict[object, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        members[label].append(index)
    return {pair for group in members.values() for pair in itertools.combinations(group, 2)}


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def scores(predicted: list[int], truth: list[str]) -> dict[str, float]:
    """Pairwise and B-cubed precision, recall and F1 of a partition against the labels."""
    found, true = _pairs(predicted), _pairs(truth)
    both = len(found & true)
    precision = both / len(found) if found else 1.0
    recall = both / len(true) if true else 1.0
    in_truth, in_found = Counter(truth), Counter(predicted)
    joint = Counter(zip(truth, predicted, strict=True))
    count = len(truth)
    b_precision = (
        sum(joint[t, p] / in_found[p] for t, p in zip(truth, predicted, strict=True)) / count
    )
    b_recall = sum(joint[t, p] / in_truth[t] for t, p in zip(truth, predicted, strict=True)) / count
    return {
        "P": precision,
        "R": recall,
        "F1": _f1(precision, recall),
        "bP": b_precision,
        "bR": b_recall,
        "bF1": _f1(b_precision, b_recall),
        "false_pairs": len(found - true),
        "missed_pairs": len(true - found),
    }


# --- methods ----------------------------------------------------------------------------------


def ours(items: list[Item], **options: object) -> list[int]:
    """story_groups as a partition: each item's group number."""
    label = [0] * len(items)
    for number, group in enumerate(
        newscard.story_groups(items, include_singletons=True, **options)
    ):  # type: ignore[arg-type]
        for index in group.indices:
            label[index] = number
    return label


def exact_title(items: list[Item]) -> list[int]:
    """Baseline: items with the same title, lower case and punctuation removed, are one story."""
    seen: dict[str, int] = {}
    return [
        seen.setdefault(re.sub(r"\W+", " ", item.title.lower()).strip(), len(seen))
        for item in items
    ]


def tfidf(
    items: list[Item], threshold: float = 0.10, window: timedelta = timedelta(days=7)
) -> list[int]:
    """Baseline: scikit-learn TF-IDF of title + excerpt (word 1-2 grams, sublinear tf, English
    stop words), pairs within the window at or above the threshold, connected components."""
    from scipy.sparse.csgraph import connected_components  # noqa: PLC0415 - benchmark-only
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415

    texts = [f"{item.title} {item.excerpt or ''}" for item in items]
    vectors = TfidfVectorizer(
        ngram_range=(1, 2), sublinear_tf=True, stop_words="english"
    ).fit_transform(texts)
    similar = (vectors @ vectors.T).tocoo()
    times = [item.published_date_time for item in items]
    keep = [
        (i, j)
        for i, j, value in zip(similar.row, similar.col, similar.data, strict=True)
        if i < j and value >= threshold and _near(times[i], times[j], window)
    ]
    from scipy.sparse import coo_matrix  # noqa: PLC0415

    rows = [i for i, _ in keep]
    cols = [j for _, j in keep]
    graph = coo_matrix(([1] * len(keep), (rows, cols)), shape=(len(items), len(items)))
    _, label = connected_components(graph, directed=False)
    return [int(value) for value in label]


def _near(one: object, other: object, window: timedelta) -> bool:
    if one is None or other is None:
        return True
    return abs(one - other) <= window  # type: ignore[operator]


# --- reports ----------------------------------------------------------------------------------


def row(name: str, result: dict[str, float]) -> str:
    return (
        f"| {name} | {result['P']:.3f} | {result['R']:.3f} | **{result['F1']:.3f}** | "
        f"{result['bP']:.3f} | {result['bR']:.3f} | {result['bF1']:.3f} | "
        f"{result['false_pairs']:.0f} | {result['missed_pairs']:.0f} |"
    )


HEADER = (
    "| method | pair P | pair R | pair F1 | B³ P | B³ R | B³ F1 | false pairs | missed pairs |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


def table(items: list[Item], labels: list[str]) -> None:
    true_pairs = len(_pairs(labels))
    print(f"{len(items)} items, {len(set(labels))} stories, {true_pairs} same-story pairs\n")
    print(HEADER)
    print(row("exact normalised title", scores(exact_title(items), labels)))
    for threshold in (0.10, 0.08):
        print(
            row(
                f"TF-IDF cosine ≥ {threshold:.2f}, 7 days, components",
                scores(tfidf(items, threshold), labels),
            )
        )
    print(row("**newscard.story_groups** (defaults)", scores(ours(items), labels)))


def curves(items: list[Item], labels: list[str]) -> None:
    print("\nAgainst the threshold (window 7 days): pair F1 (P, R), B³ F1")
    for threshold in (0.08, 0.10, 0.12, 0.13, 0.14, 0.15, 0.16, 0.17, 0.18, 0.20):
        result = scores(ours(items, threshold=threshold), labels)
        print(
            f"  {threshold:.2f}: {result['F1']:.3f} ({result['P']:.3f}, {result['R']:.3f}), {result['bF1']:.3f}"
        )
    print("\nAgainst the window (threshold 0.15): pair F1 (P, R), B³ F1")
    for days in (1, 2, 3, 5, 7, 10, 14, 30):
        result = scores(ours(items, window=timedelta(days=days)), labels)
        print(
            f"  {days:>2} days: {result['F1']:.3f} ({result['P']:.3f}, {result['R']:.3f}), {result['bF1']:.3f}"
        )


def ablation(items: list[Item], labels: list[str]) -> None:
    """Each feature switched off alone, at the default threshold and at the best one."""
    from newscard import _stories  # noqa: PLC0415 - the features are private constants

    plain = _stories._Boilerplate  # noqa: SLF001 - switched off to measure what it buys

    class NoBoilerplate:
        def __init__(self, found: list[Item]) -> None:
            self.titles = [item.title for item in found]
            self.excerpts = [item.excerpt or "" for item in found]

    variants = {
        "all features": {},
        "title weight 1 (not 2)": {"_TITLE_WEIGHT": 1.0},
        "named terms weight 1 (not 3)": {"_NAMED_WEIGHT": 1.0},
        "no extra pair at 0 in the mean": {"_PRIOR": 0.0},
        "no boilerplate removal": {"_Boilerplate": NoBoilerplate},
        "plain smooth IDF (+1, not +3)": {"_IDF_BASE": 1.0},
    }
    print("\nAblation: pair F1 (P) at threshold 0.15 | best F1 over 0.06-0.20 (at)")
    for name, changes in variants.items():
        saved = {attribute: getattr(_stories, attribute) for attribute in changes}
        for attribute, value in changes.items():
            setattr(_stories, attribute, value)
        try:
            default = scores(ours(items), labels)
            best = max(
                (scores(ours(items, threshold=t / 100), labels)["F1"], t / 100)
                for t in range(6, 21)
            )
        finally:
            for attribute, value in saved.items():
                setattr(_stories, attribute, value)
        print(
            f"  {name:32s} {default['F1']:.3f} ({default['P']:.3f}) | {best[0]:.3f} ({best[1]:.2f})"
        )
    assert _stories._Boilerplate is plain  # noqa: SLF001


GRID = [threshold / 100 for threshold in range(6, 21)]


def split(items: list[Item], labels: list[str]) -> None:
    """Tune the threshold on one half of the items by date, test it on the other."""
    order = sorted(
        range(len(items)),
        key=lambda index: (
            items[index].published_date_time is None,
            items[index].published_date_time,
            index,
        ),
    )
    half = len(order) // 2
    halves = {"older": sorted(order[:half]), "newer": sorted(order[half:])}
    print("\nSplit by date: tune the threshold on one half (pair F1), test it on the other")
    print(
        "| tuned on | best threshold | F1 there | F1 (P) on the other half | defaults (0.15) on the other half |"
    )
    print("|---|---|---|---|---|")
    for tune, test in (("older", "newer"), ("newer", "older")):
        tune_items = [items[i] for i in halves[tune]]
        tune_labels = [labels[i] for i in halves[tune]]
        test_items = [items[i] for i in halves[test]]
        test_labels = [labels[i] for i in halves[test]]
        # best F1, ties to the threshold nearest the default
        best_f1, _, threshold = max(
            (scores(ours(tune_items, threshold=t), tune_labels)["F1"], -abs(t - 0.15), t)
            for t in GRID
        )
        tested = scores(ours(test_items, threshold=threshold), test_labels)
        default = scores(ours(test_items), test_labels)
        print(
            f"| {tune} ({len(tune_items)} items, {len(_pairs(tune_labels))} pairs) | {threshold:.2f} | {best_f1:.3f} | "
            f"{tested['F1']:.3f} ({tested['P']:.3f}) | {default['F1']:.3f} ({default['P']:.3f}) |"
        )


def errors(items: list[Item], labels: list[str]) -> None:
    predicted = ours(items)
    members: dict[int, list[int]] = defaultdict(list)
    for index, group in enumerate(predicted):
        members[group].append(index)
    print("\nGroups holding more than one story:")
    for group in members.values():
        stories = Counter(labels[index] for index in group)
        if len(stories) > 1:
            print("  " + ", ".join(f"{story} x{count}" for story, count in stories.items()))
            for index in group:
                if stories[labels[index]] < 10:
                    print(f"      {labels[index]} {items[index].title[:90]}")
    print("\nStories split over groups:")
    where: dict[str, Counter[int]] = defaultdict(Counter)
    for index, story in enumerate(labels):
        where[story][predicted[index]] += 1
    for story, places in where.items():
        if len(places) > 1:
            print(f"  {story}: {sorted(places.values(), reverse=True)}")
            main = places.most_common(1)[0][0]
            for index, label in enumerate(labels):
                if label == story and predicted[index] != main:
                    print(
                        f"      {items[index].published_date_time:%Y-%m-%d} {items[index].title[:90]}"
                    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--curves", action="store_true")
    parser.add_argument("--split", action="store_true")
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--ablation", action="store_true")
    options = parser.parse_args()
    if not (options.corpus / "STORIES.tsv").is_file():
        print(f"no STORIES.tsv in {options.corpus}: nothing to evaluate", file=sys.stderr)
        return 0
    items, labels = load(options.corpus)
    table(items, labels)
    if options.curves:
        curves(items, labels)
    if options.split:
        split(items, labels)
    if options.ablation:
        ablation(items, labels)
    if options.errors:
        errors(items, labels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
