"""Writing an edited card parses again only the entries (and list items) the edit touches."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newscard
from conftest import SHARED_CARDS, STYLE_FIXTURES
from newscard import _patch, _reader

pytestmark = pytest.mark.usefixtures("reader_path")  # both ways of reading

CARD = """\
---
title: "Partial parsing"
excerpt: A card with a few related items
topics:
  - One
  - Two
related:
  - title: "First"
    webUrl: "https://example.test/1"
    quality: 1
  - title: "Second"
    webUrl: "https://example.test/2"
    quality: 2
  - title: "Third"
    webUrl: "https://example.test/3"
    quality: 3
secured: abc;def
---
Body.
"""


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the writer hands to the parser."""
    texts: list[str] = []
    loader = _reader._Loader

    def recording(text: str) -> Any:
        texts.append(text)
        return loader(text)

    monkeypatch.setattr(_patch, "_Loader", recording)
    return texts


def _evolve_item(card: newscard.Article, i: int, **changes: Any) -> newscard.Article:
    related = list(card.related)
    related[i] = attrs.evolve(related[i], **changes)
    return attrs.evolve(card, related=tuple(related))


def test_a_value_edit_parses_only_its_entry(parsed: list[str]) -> None:
    card = newscard.loads(CARD)
    out = newscard.dumps(attrs.evolve(card, excerpt="Shorter"))
    assert out == CARD.replace("A card with a few related items", "Shorter")
    assert parsed == ["excerpt: A card with a few related items\n"]


def test_an_item_edit_parses_only_that_item(parsed: list[str]) -> None:
    card = newscard.loads(CARD)
    out = newscard.dumps(_evolve_item(card, 1, quality=20))
    assert out == CARD.replace("quality: 2\n", "quality: 20\n")
    second = '  - title: "Second"\n    webUrl: "https://example.test/2"\n    quality: 2\n'
    assert parsed == ["related:\n", second]


def test_an_appended_item_is_read_back_with_its_neighbour(parsed: list[str]) -> None:
    card = newscard.loads(CARD)
    extra = newscard.RelatedItem(title="Fourth", quality=4)
    edited = attrs.evolve(card, related=(*card.related, extra))
    out = newscard.dumps(edited)
    assert out == CARD.replace("quality: 3\n", 'quality: 3\n  - title: "Fourth"\n    quality: 4\n')
    assert newscard.loads(out) == edited
    # The head of the entry and the last item, for positions; nothing else of the card.
    assert 'title: "First"' not in "".join(parsed)
    assert "secured" not in "".join(parsed)


def test_a_list_with_comments_between_dash_and_item_is_parsed_whole(parsed: list[str]) -> None:
    text = "---\ntitle: t\nrelated:\n  - # the first\n    title: a\n  - title: b\n---\n"
    card = newscard.loads(text)
    out = newscard.dumps(_evolve_item(card, 1, title="c"))
    assert out == text.replace("title: b", "title: c")
    assert parsed == ["related:\n  - # the first\n    title: a\n  - title: b\n"]


@pytest.mark.parametrize(
    "front",
    [
        "title: t\n? related\n: - title: a\n  - title: b\n",
        # The key of an explicit entry can stand on a later line than its '?'.
        "title: t\n?\n  related\n:\n  - title: a\n  - title: b\n",
    ],
)
def test_a_card_with_explicit_keys_is_parsed_whole(parsed: list[str], front: str) -> None:
    text = f"---\n{front}---\n"
    card = newscard.loads(text)
    out = newscard.dumps(_evolve_item(card, 1, title="c"))
    assert out == text.replace("title: b", "title: c")
    assert parsed == [front]
    out = newscard.dumps(attrs.evolve(card, category="news"))
    assert out == text.replace("title: t", 'category: "news"\ntitle: t')


def test_a_quoted_line_at_column_one_is_refused_so_no_region_starts_a_document() -> None:
    # Read alone, the entries around an edit could take '%y' for a directive; reading
    # refuses a quoted value running onto a line at column 1, so no splice meets one.
    with pytest.raises(newscard.ParseError, match="starts at column 1"):
        newscard.loads('---\ntitle: t\ntopics:\n  - "x\n%y"\n---\n')


def test_a_key_inserted_before_a_first_key_sharing_the_dash_line() -> None:
    # "url" comes before "title" in the reference order, but cannot go before "- title":
    # it goes after it, and the rest of the item stays as it was.
    text = "---\ntitle: t\nimages:\n  - title: pic\n    width: 3\n---\n"
    card = newscard.loads(text)
    image = attrs.evolve(card.images[0], url="https://example.test/p.jpg")
    out = newscard.dumps(attrs.evolve(card, images=(image,)))
    assert out == text.replace("pic\n", 'pic\n    url: "https://example.test/p.jpg"\n')


SAMPLES = [p.read_text(encoding="utf-8") for p in [*STYLE_FIXTURES, *SHARED_CARDS[::5]]]


@given(st.sampled_from(SAMPLES), st.data())
def test_list_edits_read_back_and_keep_the_rest(text: str, data: st.DataObject) -> None:
    card = newscard.loads(text)
    items = list(card.related)
    at = data.draw(st.integers(0, len(items)))
    action = data.draw(st.sampled_from(["insert", "remove", "retitle", "swap"]))
    if action == "insert":
        items.insert(at, newscard.RelatedItem(title=data.draw(st.text(max_size=20)) or "x"))
    elif items and action == "remove":
        del items[min(at, len(items) - 1)]
    elif items and action == "retitle":
        i = min(at, len(items) - 1)
        items[i] = attrs.evolve(items[i], title=data.draw(st.text(min_size=1, max_size=20)))
    elif len(items) > 1:
        i = min(at, len(items) - 2)
        items[i], items[i + 1] = items[i + 1], items[i]
    edited = attrs.evolve(card, related=tuple(items))
    spliced = _patch.patch(card._source, edited)  # type: ignore[arg-type]
    assert spliced is not None
    assert newscard.loads(spliced[0]) == edited
    # Lines outside the list are untouched.
    head = text[: text.index("related:")] if "related:" in text else None
    if head is not None:
        assert spliced[0].startswith(head)


def test_the_reader_records_where_top_level_entries_and_items_start() -> None:
    card = newscard.loads(CARD)
    layout = card._source.layout  # type: ignore[union-attr]
    assert layout is not None
    front = card._source.front  # type: ignore[union-attr]
    keys = layout[0::2]
    assert keys == ("title", "excerpt", "topics", "related", "secured")
    related = layout[1::2][3]
    assert front[related[0] :].startswith("related:")
    titles = [front[i : front.index("\n", i)] for i in related[1:]]
    assert titles == ['title: "First"', 'title: "Second"', 'title: "Third"']
    # Flow style at the top level: no layout, the whole front matter is parsed on edits.
    assert newscard.loads("---\n{title: t}\n---\n")._source.layout is None  # type: ignore[union-attr]


def test_lines_indented_with_tabs_stay_with_the_plain_scalar_they_follow() -> None:
    # YAML allows a blank or comment line indented with a tab only after a plain scalar.
    text = "---\ntitle: t\n \t\n \t# note\n\nquality: 1\n---\n"
    card = newscard.loads(text)
    # A key added after the title goes after those lines, not between them and the title.
    added = attrs.evolve(card, excerpt="e")
    assert newscard.dumps(added) == text.replace("note\n", 'note\nexcerpt: "e"\n')
    # A title that now needs quotes takes those lines along, their tabs made spaces.
    quoted = attrs.evolve(card, title="now: quoted")
    spliced = _patch.patch(card._source, quoted)  # type: ignore[arg-type]
    assert spliced is not None
    assert spliced[0] == '---\ntitle: "now: quoted"\n  \n  # note\n\nquality: 1\n---\n'
    assert newscard.loads(spliced[0]) == quoted


@pytest.mark.parametrize(
    ("text", "edit"),
    [
        ("---\ncategory: news\n\ntitle: t\n---\n", {"category": None}),
        (
            "---\ntitle: t\nrelated:\n  - title: a\n\n  - title: b\n---\n",
            {"related": (newscard.RelatedItem(title="b"),)},
        ),
    ],
)
def test_removing_all_the_entries_read_back_reads_the_next_one(
    text: str, edit: dict[str, Any], parsed: list[str]
) -> None:
    # Removing the first entry leaves only a blank line where it was: the entry after it
    # is read back too, rather than nothing.
    card = newscard.loads(text)
    edited = attrs.evolve(card, **edit)
    spliced = _patch.patch(card._source, edited)  # type: ignore[arg-type]
    assert spliced is not None
    assert spliced[1]
    assert newscard.loads(spliced[0]) == edited
    assert "\n\n" in spliced[0]  # the blank line stays
