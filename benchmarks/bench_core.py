"""Reading and writing cards, side by side with the peers, in one process.

Run: python benchmarks/bench_core.py [--cards 2000] [--repeats 7]
Methods are alternated within each repeat; the figures are medians. Ratio = time / baseline
(below 1 is faster). Peers that are not installed are skipped (benchmarks/requirements.txt).
"""

import argparse
import gc
import sys
import tracemalloc
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import corpus
import yaml
from timing import measure

import newscard
from newscard import _reader
from newscard._convert import reference_loads
from newscard._reader import split
from newscard._schema import ARTICLE, Kind, Spec

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ai"


def fronts_of(texts: list[str]) -> list[str]:
    out = []
    for text in texts:
        start, end, _ = split(text)
        out.append(text[start:end])
    return out


def peers_read(texts: list[str], fronts: list[str]) -> dict[str, Callable[[], object]]:
    methods: dict[str, Callable[[], object]] = {
        "yaml.load CSafeLoader (baseline)": lambda: [
            yaml.load(f, Loader=yaml.CSafeLoader) for f in fronts
        ],
        "newscard.loads": lambda: [newscard.loads(t) for t in texts],
        "newscard.loads, libyaml path only": lambda: libyaml_only(texts),
        "CSafeLoader + cattrs (reference path)": lambda: [reference_loads(t) for t in texts],
    }
    try:
        import frontmatter  # noqa: PLC0415

        methods["python-frontmatter loads"] = lambda: [frontmatter.loads(t) for t in texts]
    except ImportError:
        pass
    try:
        import msgspec  # noqa: PLC0415

        card_type = msgspec_types(msgspec)
        methods["msgspec yaml.decode(type=...)"] = lambda: [
            msgspec.yaml.decode(f, type=card_type) for f in fronts
        ]
    except ImportError:
        pass
    try:
        import pydantic  # noqa: PLC0415

        model = pydantic_types(pydantic)
        methods["CSafeLoader + pydantic"] = lambda: [
            model.model_validate(yaml.load(f, Loader=yaml.CSafeLoader)) for f in fronts
        ]
    except ImportError:
        pass
    return methods


SCANNER = "_fast"  # the reader's line scanner: None makes libyaml read every card


def libyaml_only(texts: list[str]) -> list[newscard.Article]:
    """``loads`` with its line scanner switched off: every card read from libyaml's events."""
    scan = getattr(_reader, SCANNER)
    setattr(_reader, SCANNER, None)
    try:
        return [newscard.loads(t) for t in texts]
    finally:
        setattr(_reader, SCANNER, scan)


def fallbacks(texts: list[str]) -> int:
    """How many cards the line scanner leaves to libyaml."""
    scan = getattr(_reader, SCANNER)
    return sum(scan(front, newscard.DEFAULT_LIMITS) is None for front in fronts_of(texts))


# The peers' models are built from newscard's own wire-format tables, so that every library
# reads the same keys into the same types (unknown keys are ignored by the peers).
_PEER_TYPES: dict[Kind, Any] = {
    Kind.STR: str,
    Kind.INT: int,
    Kind.BOOL: bool,
    Kind.TIME: datetime,
    Kind.STRS: list[str],
}


def _peer_fields(spec: Spec, build: Callable[[Spec], Any]) -> list[tuple[str, Any, Any]]:
    """(attribute, type, default) for each key; the YAML name comes from the camelCase rule."""
    fields = []
    for field in spec.fields:
        if field.kind is Kind.OBJ:
            kind: Any = build(field.spec)  # type: ignore[arg-type]
        elif field.kind is Kind.OBJS:
            kind = list[build(field.spec)]  # type: ignore[arg-type, misc]
        else:
            kind = _PEER_TYPES[field.kind]
        if field.key in spec.required:
            fields.append((field.attr, kind, ...))
        elif field.kind in (Kind.STRS, Kind.OBJS):
            fields.append((field.attr, kind, []))
        else:
            fields.append((field.attr, kind | None, None))
    return fields


def msgspec_types(msgspec: Any) -> Any:
    def build(spec: Spec) -> Any:
        fields = [
            (name, kind) if default is ... else (name, kind, default)
            for name, kind, default in _peer_fields(spec, build)
        ]
        fields.sort(key=lambda f: len(f) == 3)  # required fields first
        return msgspec.defstruct(spec.cls.__name__, fields, rename="camel")

    return build(ARTICLE)


def pydantic_types(pydantic: Any) -> Any:
    from pydantic.alias_generators import to_camel  # noqa: PLC0415

    config = pydantic.ConfigDict(alias_generator=to_camel)

    def build(spec: Spec) -> Any:
        fields = {name: (kind, default) for name, kind, default in _peer_fields(spec, build)}
        return pydantic.create_model(spec.cls.__name__, __config__=config, **fields)

    return build(ARTICLE)


def peers_write(texts: list[str], fronts: list[str]) -> dict[str, Callable[[], object]]:
    dicts = [yaml.load(f, Loader=yaml.CSafeLoader) for f in fronts]
    cards = [newscard.loads(t) for t in texts]
    edited = [attrs.evolve(c, quality=(c.quality or 0) + 1) for c in cards]
    added = [attrs.evolve(c, topics=(*c.topics, "Added")) for c in cards]
    built = [attrs.evolve(c, source=None) for c in cards]
    methods: dict[str, Callable[[], object]] = {
        "yaml.dump CSafeDumper (baseline)": lambda: [
            yaml.dump(d, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
            for d in dicts
        ],
        "newscard.dumps, read then quality edited": lambda: [newscard.dumps(c) for c in edited],
        "newscard.dumps, read then topic appended": lambda: [newscard.dumps(c) for c in added],
        "newscard.dumps, built in code": lambda: [newscard.dumps(c) for c in built],
        "newscard.dumps, read and unchanged": lambda: [newscard.dumps(c) for c in cards],
    }
    try:
        import msgspec  # noqa: PLC0415

        card_type = msgspec_types(msgspec)
        structs = [msgspec.yaml.decode(f, type=card_type) for f in fronts]
        methods["msgspec yaml.encode"] = lambda: [msgspec.yaml.encode(s) for s in structs]
    except ImportError:
        pass
    return methods


def peers_write_related(texts: list[str], fronts: list[str]) -> dict[str, Callable[[], object]]:
    """Edits inside the list of related items, on the cards that have some."""
    pairs = [(t, f) for t, f in zip(texts, fronts, strict=True) if newscard.loads(t).related]
    dicts = [yaml.load(f, Loader=yaml.CSafeLoader) for _, f in pairs]
    cards = [newscard.loads(t) for t, _ in pairs]

    def retitled(card: newscard.Article) -> newscard.Article:
        middle = len(card.related) // 2
        item = card.related[middle]
        changed = attrs.evolve(item, title=item.title + " (updated)")
        return attrs.evolve(
            card, related=(*card.related[:middle], changed, *card.related[middle + 1 :])
        )

    edited = [retitled(c) for c in cards]
    added = [attrs.evolve(c, related=(*c.related, c.related[0])) for c in cards]
    dropped = [attrs.evolve(c, related=c.related[1:]) for c in cards]
    return {
        "yaml.dump CSafeDumper (baseline)": lambda: [
            yaml.dump(d, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
            for d in dicts
        ],
        "newscard.dumps, a related item's title edited": lambda: [
            newscard.dumps(c) for c in edited
        ],
        "newscard.dumps, a related item appended": lambda: [newscard.dumps(c) for c in added],
        "newscard.dumps, the first related item removed": lambda: [
            newscard.dumps(c) for c in dropped
        ],
    }


def report(title: str, medians: dict[str, float], count: int) -> None:
    baseline = next(iter(medians.values()))
    print(f"\n## {title} ({count} cards, medians)\n")
    print(f"| {'method':<42} | {'cards/s':>9} | {'ratio':>6} |")
    print(f"|{'-' * 44}|{'-' * 11}|{'-' * 8}|")
    for name, seconds in medians.items():
        print(f"| {name:<42} | {count / seconds:>9,.0f} | {seconds / baseline:>6.2f} |")


def memory(texts: list[str], fronts: list[str]) -> None:
    def measure(build: Callable[[], object]) -> float:
        gc.collect()
        tracemalloc.start()
        kept = build()
        size, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del kept
        return size / len(texts)

    dicts = measure(lambda: [yaml.load(f, Loader=yaml.CSafeLoader) for f in fronts])
    cards = measure(lambda: [newscard.loads(t) for t in texts])
    print("\n## Memory per loaded card (tracemalloc)\n")
    print(f"- dicts from CSafeLoader: {dicts:,.0f} bytes")
    print(f"- newscard.Article (with its source text): {cards:,.0f} bytes ({cards / dicts:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    print(
        f"Python {sys.version.split()[0]}, PyYAML {yaml.__version__}, libyaml {yaml.__with_libyaml__}"
    )
    texts = corpus.texts(args.cards)
    fronts = fronts_of(texts)
    print(f"\nCards the line scanner leaves to libyaml: {fallbacks(texts)} of {len(texts)}")
    report("read", measure(peers_read(texts, fronts), args.repeats), len(texts))
    report("write", measure(peers_write(texts, fronts), args.repeats), len(texts))
    related = peers_write_related(texts, fronts)
    count = sum(1 for t in texts if newscard.loads(t).related)
    report("write, cards with related items", measure(related, args.repeats), count)
    if SHARED.is_dir():
        real = [
            p.read_text(encoding="utf-8")
            for p in sorted(SHARED.glob("*.md"))
            if p.name != "SOURCES.md"
        ]
        real_fronts = fronts_of(real)
        print(f"\nReal cards the line scanner leaves to libyaml: {fallbacks(real)} of {len(real)}")
        report(
            "read, real corpus", measure(peers_read(real, real_fronts), args.repeats * 3), len(real)
        )
        report(
            "write, real corpus",
            measure(peers_write(real, real_fronts), args.repeats * 3),
            len(real),
        )
        count = sum(1 for t in real if newscard.loads(t).related)
        report(
            "write, real cards with related items",
            measure(peers_write_related(real, real_fronts), args.repeats * 3),
            count,
        )
    memory(texts, fronts)


if __name__ == "__main__":
    main()
