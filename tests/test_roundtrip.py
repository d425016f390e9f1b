"""Lossless round trip: unchanged cards come back byte for byte; edits change only their lines."""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import attrs
import pytest

import newscard
from conftest import SHARED, needs_shared
from edits import single_edits
from newscard._patch import patch
from variants import VARIANTS

pytestmark = pytest.mark.usefixtures("reader_path")  # both ways of reading


def _changes(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(True), after.splitlines(True)):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def test_shared_cards_round_trip_byte_for_byte(shared_path: Path, tmp_path: Path) -> None:
    raw = shared_path.read_bytes()
    card = newscard.load(shared_path)
    assert newscard.dumps(card).encode("utf-8") == raw
    target = tmp_path / "out.md"
    newscard.dump(card, target)
    assert target.read_bytes() == raw
    buffer = io.BytesIO()
    newscard.dump(newscard.load(io.BytesIO(raw)), buffer)
    assert buffer.getvalue() == raw


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_style_fixtures_round_trip_in_every_variant(style_card: Path, variant: str) -> None:
    text = VARIANTS[variant](style_card.read_text(encoding="utf-8"))
    card = newscard.loads(text)
    assert newscard.dumps(card) == text
    assert newscard.loads(text.encode("utf-8")) == card


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_shared_cards_survive_every_variant(shared_path: Path, variant: str) -> None:
    text = VARIANTS[variant](shared_path.read_text(encoding="utf-8"))
    assert newscard.dumps(newscard.loads(text)) == text


def _check_edits(text: str) -> int:
    card = newscard.loads(text)
    count = 0
    for kind, what, edited in single_edits(card):
        out = newscard.dumps(edited)
        assert newscard.loads(out) == edited, what
        # The splice itself produced this text (not the fresh-writing fallback).
        spliced = patch(card._source, edited)  # type: ignore[arg-type]
        assert spliced is not None
        assert spliced[0] == out, what
        if kind != "scalar" and what != "body changed":
            assert spliced[1], what  # lines added, removed or moved: checked by reading back
        removed, added = _changes(text, out)
        if kind == "scalar":
            assert len(added) == 1, (what, removed, added)
            assert len(removed) >= 1, (what, removed, added)
            # Plain in-place scalar rewrites (one line for one line) skip the read-back check.
            assert spliced[1] or len(removed) == 1, (what, removed, added)
        elif kind == "add-line":
            # A block list gains one line; a flow list ("[a, b]") changes its one line.
            assert len(added) == 1, (what, removed, added)
            assert removed == [] or (len(removed) == 1 and "[" in removed[0]), (what, removed)
        elif kind == "remove":
            # Removing drops lines; inside a flow collection it rewrites that one line.
            flow = len(removed) == 1 and "[" in removed[0]
            assert not added or (flow and len(added) == 1), (what, removed, added)
        count += 1
    return count


def test_every_single_edit_of_the_fixtures_changes_only_its_lines(style_card: Path) -> None:
    assert _check_edits(style_card.read_text(encoding="utf-8")) > 10


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_single_edit_of_every_variant_of_the_fixtures(style_card: Path, variant: str) -> None:
    assert _check_edits(VARIANTS[variant](style_card.read_text(encoding="utf-8"))) > 10


def test_every_single_edit_of_the_shared_cards_changes_only_its_lines(shared_path: Path) -> None:
    assert _check_edits(shared_path.read_text(encoding="utf-8")) > 10


def test_edits_keep_crlf_line_endings(style_card: Path) -> None:
    text = VARIANTS["crlf"](style_card.read_text(encoding="utf-8"))
    card = newscard.loads(text)
    out = newscard.dumps(attrs.evolve(card, quality=99, topics=(*card.topics, "Extra")))
    assert "\n" not in out.replace("\r\n", "")
    assert newscard.loads(out).quality == 99


def test_reference_edits_from_the_issue() -> None:
    text = (Path(__file__).parent / "fixtures" / "styles" / "reference.md").read_text()
    card = newscard.loads(text)

    out = newscard.dumps(attrs.evolve(card, quality=60))
    assert _changes(text, out) == (["quality: 137\n"], ["quality: 60\n"])

    out = newscard.dumps(attrs.evolve(card, topics=(*card.topics, "Ports")))
    assert _changes(text, out) == ([], ["  - Ports\n"])

    first = card.related[0]
    assert first.provider is not None
    renamed = attrs.evolve(first, provider=attrs.evolve(first.provider, name="Tech Desk Daily"))
    out = newscard.dumps(attrs.evolve(card, related=(renamed, *card.related[1:])))
    assert _changes(text, out) == (["      name: Tech Desk\n"], ["      name: Tech Desk Daily\n"])

    out = newscard.dumps(attrs.evolve(card, related=card.related[1:]))
    removed, added = _changes(text, out)
    assert added == []
    assert removed[0] == '  - title: "Gripper arms that feel their way"\n'
    assert len(removed) == 14
    assert newscard.loads(out).related == card.related[1:]


def test_timestamps_keep_their_spelling() -> None:
    text = (
        "---\ntitle: t\npublishedDateTime: 2022-07-14T09:30:00.120+05:30\n"
        "related:\n  - title: r\n    publishedDateTime: 2022-07-14t04:00:00z\n---\n"
    )
    card = newscard.loads(text)
    assert newscard.dumps(attrs.evolve(card, quality=1)).count("2022-07-14T09:30:00.120+05:30") == 1
    assert "2022-07-14t04:00:00z" in newscard.dumps(attrs.evolve(card, quality=1))
    assert card.published_date_time is not None
    assert card.published_date_time.utcoffset() is not None
    assert card.related[0].published_date_time is not None
    assert card.related[0].published_date_time.tzinfo is not None


def test_a_card_built_in_code_is_written_in_the_reference_style() -> None:
    text = (Path(__file__).parent / "fixtures" / "styles" / "reference.md").read_text()
    built = attrs.evolve(newscard.loads(text), source=None)
    assert built.source_text is None
    assert newscard.dumps(built) == text


@needs_shared
def test_the_seed_card_is_the_reference_style() -> None:
    seeds = sorted((SHARED / "seed").glob("*"))
    assert seeds
    for path in seeds:
        text = path.read_text(encoding="utf-8")
        assert newscard.dumps(attrs.evolve(newscard.loads(text), source=None)) == text
