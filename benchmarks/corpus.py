"""A deterministic synthetic corpus of cards in the reference style, for benchmarks.

The cards are made from a small vocabulary written for this purpose (no real card text), with
the shape real cards have: 7 kB of front matter on average, 0 to 12 related items.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import newscard
from newscard import Article, Image, Provider, RelatedItem

WORDS = (
    "harbour robot sensor model city council budget river bridge vaccine trial market chip "
    "battery solar grid court ruling school teacher museum drone satellite network privacy "
    "camera language translation farm harvest storm forecast rail station stadium league"
).split()
SITES = [f"{name}.example" for name in (
    "daily-wire-news", "port-weekly", "tech-desk", "shipping-news", "metro-post",
    "river-gazette", "science-today", "market-watchers", "city-hall-report", "the-ledger",
)]  # fmt: skip
TOPICS = ("AI", "Robotics", "Computer Vision", "Energy", "Health", "Policy", "Transport")


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def _url(rng: random.Random, site: str, slug: str) -> str:
    return f"https://www.{site}/{rng.randint(2019, 2024)}/{rng.randint(1, 12):02d}/{slug}"


def _provider(site: str) -> Provider:
    return Provider(name=site.split(".", maxsplit=1)[0].replace("-", " ").title(), domain=site)


def _image(rng: random.Random, site: str) -> Image:
    return Image(
        url=f"https://img.{site}/{rng.getrandbits(48):012x}.jpg",
        width=rng.choice((640, 1024, 1200, 3000)),
        height=rng.choice((360, 576, 800, 2000)),
        is_cached=True,
    )


def _related(rng: random.Random, when: datetime) -> RelatedItem:
    site = rng.choice(SITES)
    slug = "-".join(rng.choice(WORDS) for _ in range(6))
    web = _url(rng, site, slug)
    amp = rng.random() < 0.4
    return RelatedItem(
        title=_sentence(rng, 9),
        excerpt=_sentence(rng, 40) + ".",
        published_date_time=when - timedelta(minutes=rng.randint(0, 5000)),
        web_url=web,
        amp_web_url=web + "/amp/" if amp else None,
        cdn_amp_web_url=(
            f"https://www-{site.replace('-', '--').replace('.', '-')}.cdn.ampproject.org/c/s/"
            f"www.{site}/{slug}/amp/"
            if amp
            else None
        ),
        type="article",
        provider=_provider(site),
        quality=rng.randint(10, 99),
        images=(_image(rng, site),) if rng.random() < 0.8 else (),
    )


def card(seed: int) -> Article:
    """One synthetic card (the same for the same seed)."""
    rng = random.Random(seed)
    site = rng.choice(SITES)
    when = datetime(2021, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=rng.randint(0, 10**6))
    slug = "-".join(rng.choice(WORDS) for _ in range(7))
    web = _url(rng, site, slug)
    return Article(
        category="news",
        title=_sentence(rng, 10),
        excerpt=_sentence(rng, 45) + ".",
        published_date_time=when,
        original_url=web,
        web_url=web,
        amp_web_url=web + "/amp/",
        cdn_amp_web_url=f"https://www-{site.replace('.', '-')}.cdn.ampproject.org/c/s/www.{site}/{slug}/amp/",
        type="article",
        quality=rng.randint(10, 160),
        heat=rng.choice((-1, rng.randint(0, 160))),
        published=rng.random() < 0.5,
        provider=_provider(site),
        topics=tuple(rng.sample(TOPICS, rng.randint(1, 3))),
        images=(_image(rng, site),),
        related=tuple(_related(rng, when) for _ in range(rng.randint(0, 12))),
        secured=f"{rng.randbytes(96).hex()};{rng.randbytes(16).hex()}",
        body="\n",
    )


def texts(count: int) -> list[str]:
    """``count`` card texts in the reference style."""
    return [newscard.dumps(card(seed)) for seed in range(count)]


if __name__ == "__main__":
    sample = texts(200)
    print(f"{len(sample)} cards, {sum(map(len, sample)) / len(sample):,.0f} characters each")
