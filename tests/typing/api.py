"""The public API as a user would write it; checked by mypy, never run."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs

import newscard
from newscard import Article, Image, NewscardError, Provider, RelatedItem


def read_and_edit(path: Path) -> str:
    card: Article = newscard.load(path)
    same: Article = newscard.loads(path.read_bytes())
    title: str = card.title
    when: datetime | None = card.published_date_time
    quality: int | None = card.quality
    topics: tuple[str, ...] = card.topics
    related: tuple[RelatedItem, ...] = card.related
    logo: tuple[Image, ...] = card.provider.images if card.provider else ()
    edited = attrs.evolve(card, quality=(quality or 0) + 1, topics=(*topics, "New"))
    newscard.dump(edited, path)
    buffer = io.BytesIO()
    newscard.dump(same, buffer)
    return f"{title} {when} {len(related)} {len(logo)}"


def build() -> str:
    card = Article(
        title="Made in code",
        published_date_time=datetime(2024, 1, 1, tzinfo=timezone.utc),
        provider=Provider(name="Example", domain="example.test"),
        topics=["AI", "Robotics"],
        images=[Image(url="https://example.test/a.jpg", width=10, height=10)],
        related=[RelatedItem(title="Elsewhere", quality=3)],
        extra={"locale": "en-us"},
    )
    data: dict[str, object] = newscard.to_dict(card, json=True)
    again: Article = newscard.from_dict(data)
    return newscard.dumps(again)


def errors(text: str) -> str:
    try:
        newscard.loads(text, limits=newscard.Limits(max_depth=10))
    except NewscardError as error:
        where: tuple[str | None, int | None, int | None, str] = (
            error.filename,
            error.line,
            error.column,
            error.path,
        )
        return f"{where} {error.message}"
    return ""


def ranking(cards: list[Article]) -> list[Article]:
    best: list[Article] = newscard.rank(
        cards,
        limit=10,
        min_quality=20,
        max_per_provider=2,
        half_life=timedelta(hours=24),
        now=datetime.now(timezone.utc),
    )
    ordered = sorted(cards, key=newscard.sort_key)
    return best + ordered


def stories(cards: list[Article]) -> list[Article]:
    items: list[Article | RelatedItem] = [
        *cards,
        *(item for card in cards for item in card.related),
    ]
    groups: list[newscard.StoryGroup[Article | RelatedItem]] = newscard.story_groups(
        items, include_singletons=True, window=timedelta(days=3), threshold=0.2
    )
    written: list[Article] = []
    for group in groups:
        links: tuple[newscard.StoryLink[Article | RelatedItem], ...] = group.links
        scores: list[float] = [link.score for link in links]
        urls: list[str | None] = [link.url for link in links]
        if isinstance(group.lead, Article) and scores and urls:
            written.append(newscard.add_related(group.lead, group.others))
    only_cards: list[newscard.StoryGroup[Article]] = newscard.story_groups(cards)
    related: RelatedItem = newscard.related_item(cards[0])
    return written + [group.lead for group in only_cards] + [Article(title=related.title)]


def importing(data: bytes, folder: Path) -> list[str]:
    result: newscard.ImportResult = newscard.read_items(
        data, format="jsonl", name="items.jsonl", keep_unknown=True, content_as_body=True
    )
    problems: list[NewscardError] = [*result.skipped, *result.errors]
    warnings: tuple[str, ...] = result.warnings
    card: Article = newscard.card_from_item({"title": "From an API"}, keep_unknown=False)
    taken = {path.name for path in folder.iterdir()}
    names = [newscard.jekyll_name(item, taken=taken) for item in (*result.cards, card)]
    slug: str = newscard.slugify("A title", max_length=60)
    return [*names, slug, *map(str, problems), *warnings]
