"""Jekyll file names: slugs from titles, dates from publish times, collisions resolved."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newscard
from conftest import SHARED, needs_shared
from newscard import Article, ValidationError, jekyll_name, slugify
from newscard._slug import SLUG_LENGTH

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
NAME = re.compile(r"\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md")
WHEN = datetime(2024, 3, 4, 9, 30, tzinfo=timezone.utc)

titles = st.text(max_size=400)


@given(titles)
def test_a_slug_is_lower_case_ascii_words_joined_by_single_hyphens(title: str) -> None:
    slug = slugify(title)
    assert SLUG.fullmatch(slug), slug
    assert slug.isascii()
    assert "/" not in slug
    assert "\\" not in slug
    assert 0 < len(slug) <= SLUG_LENGTH


@given(titles)
def test_a_slug_is_deterministic_and_idempotent(title: str) -> None:
    slug = slugify(title)
    assert slugify(title) == slug
    assert slugify(slug) == slug


@given(titles, st.integers(min_value=16, max_value=120))
def test_a_slug_respects_its_length(title: str, length: int) -> None:
    slug = slugify(title, max_length=length)
    assert SLUG.fullmatch(slug)
    assert len(slug) <= max(length, len("untitled-") + 8)


@given(titles, st.sets(st.text(max_size=12), max_size=5), st.integers(0, 6))
def test_a_name_is_never_one_already_taken(title: str, others: set[str], copies: int) -> None:
    card = Article(title=title or "x", published_date_time=WHEN)
    base = jekyll_name(card)
    taken = {*others, base, *(base.replace(".md", f"-{n}.md") for n in range(2, copies + 2))}
    name = jekyll_name(card, taken=taken)
    assert name not in taken
    assert NAME.fullmatch(name)
    assert name.startswith("2024-03-04-")
    assert name == jekyll_name(card, taken=taken)


@given(st.lists(titles, max_size=8))
def test_names_given_in_turn_are_all_different(titles_given: list[str]) -> None:
    taken: set[str] = set()
    for title in titles_given:
        name = jekyll_name(Article(title=title or "x", published_date_time=WHEN), taken=taken)
        assert name not in taken
        taken.add(name)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Harbour cranes go electric", "harbour-cranes-go-electric"),
        ("Becker's Health IT and CIO Report", "beckers-health-it-and-cio-report"),
        ("Facebook’s AI chief: glasses, AI, and more", "facebooks-ai-chief-glasses-ai-and-more"),
        ("Salary package is Rs 10.8 lakhs", "salary-package-is-rs-108-lakhs"),
        ("A CAGR of over 19% during 2020-2025", "a-cagr-of-over-19-during-2020-2025"),
        ("Trolls vs Pirates: Halo/Stryker", "trolls-vs-pirates-halostryker"),
        ("Tools for personal use (1/3)", "tools-for-personal-use-13"),
        ("Intel & Accenture — reefs", "intel-accenture-reefs"),
        (
            "‘Lost in Space’ Season 2: Did Dr. Smith Live?",
            "lost-in-space-season-2-did-dr-smith-live",
        ),
        ("Été au café : la terrasse", "ete-au-cafe-la-terrasse"),
        ("Straße, Æsir, Łódź, Øresund, þing", "strasse-aesir-lodz-oresund-thing"),
        ("snake_case\tand\nnew–lines", "snake-case-and-new-lines"),
        ("ＦＵＬＬ width №１", "full-width-no1"),
    ],
)
def test_slugs_follow_the_generator(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_a_title_with_no_ascii_letters_gets_a_stable_hashed_slug() -> None:
    one, other = slugify("港口起重机"), slugify("東京")
    assert re.fullmatch(r"untitled-[0-9a-f]{8}", one)
    assert one != other
    assert slugify("") == slugify("")
    assert slugify("...") != slugify("!!!")


def test_long_slugs_are_cut_at_a_hyphen() -> None:
    title = " ".join(["harbour"] * 60)
    slug = slugify(title)
    assert len(slug) <= SLUG_LENGTH
    assert slug.endswith("harbour")
    assert slugify("x" * 300, max_length=20) == "x" * 20
    with pytest.raises(ValueError, match="at least 16"):
        slugify("title", max_length=3)


def test_the_date_is_the_publish_date_in_its_own_offset() -> None:
    late = datetime(2024, 3, 4, 23, 30, tzinfo=timezone(timedelta(hours=-7)))
    card = Article(title="Late news", published_date_time=late)
    assert jekyll_name(card) == "2024-03-04-late-news.md"
    early = datetime(5, 1, 2, tzinfo=timezone.utc)
    assert jekyll_name(Article(title="Old", published_date_time=early)) == "0005-01-02-old.md"


def test_a_card_without_a_date_has_no_jekyll_name() -> None:
    with pytest.raises(ValidationError) as caught:
        jekyll_name(Article(title="Someday"))
    assert caught.value.path == "publishedDateTime"
    assert "publish date" in caught.value.message


@needs_shared
def test_slugs_match_the_generator_on_the_shared_corpus() -> None:
    """Every real title gives the slug of its file; the dates differ where the files do."""
    paths = sorted((SHARED / "corpus" / "ai").glob("2*.md"))
    cards = [(path, newscard.load(path)) for path in paths]
    assert all(slugify(card.title) == path.name[11:-3] for path, card in cards)
    named = sum(jekyll_name(card) == path.name for path, card in cards)
    dated = sum(_date_of(card) == path.name[:10] for path, card in cards)
    assert named == dated  # a name differs only where the file's date is not the card's


def _date_of(card: Article) -> str:
    assert card.published_date_time is not None
    return card.published_date_time.date().isoformat()


def test_the_name_is_made_for_any_file_system(tmp_path: Path) -> None:
    card = Article(title="é" * 500 + " word " * 80, published_date_time=WHEN)
    name = jekyll_name(card)
    assert len(name.encode()) <= 255
    (tmp_path / name).write_text("x", encoding="utf-8")
