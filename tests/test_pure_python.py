"""Without libyaml: PyYAML's pure-Python parser gives the same cards and the same splices."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
import yaml

import newscard
from conftest import SHARED_CARDS, STYLE_FIXTURES
from edits import single_edits
from newscard import _patch, _reader


@pytest.fixture
def pure_python(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_reader, "_Loader", yaml.SafeLoader)
    monkeypatch.setattr(_patch, "_Loader", yaml.SafeLoader)
    monkeypatch.setattr(_reader, "_fast", None)  # the parser reads every card, not the scanner


CARDS = [*STYLE_FIXTURES, *SHARED_CARDS[::6]]


@pytest.mark.parametrize("path", CARDS, ids=[p.name[:50] for p in CARDS])
def test_the_pure_python_parser_agrees(path: Path, pure_python: None) -> None:
    text = path.read_text(encoding="utf-8")
    card = newscard.loads(text)
    assert newscard.dumps(card) == text
    for _, what, edited in single_edits(card):
        out = newscard.dumps(edited)
        assert newscard.loads(out) == edited, what


def test_the_two_parsers_give_equal_cards(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [p.read_text(encoding="utf-8") for p in CARDS]
    monkeypatch.setattr(_reader, "_fast", None)  # the parsers read every card
    from_libyaml = [newscard.loads(t) for t in texts]
    monkeypatch.setattr(_reader, "_Loader", yaml.SafeLoader)
    assert [newscard.loads(t) for t in texts] == from_libyaml


def test_errors_from_the_pure_python_parser(pure_python: None) -> None:
    with pytest.raises(newscard.ParseError) as info:
        newscard.loads("---\ntitle: x\n  bad: indent\n---\n")
    assert (info.value.line, info.value.column) == (3, 6)
    with pytest.raises(newscard.ParseError, match="special characters are not allowed"):
        newscard.loads("---\ntitle: a\x01b\n---\n")
    with pytest.raises(newscard.ValidationError, match="quality: expected an integer"):
        newscard.loads('---\ntitle: x\nquality: "5"\n---\n')
    card = newscard.loads("---\ntitle: x\n---\n")
    assert newscard.dumps(attrs.evolve(card, quality=3)) == "---\ntitle: x\nquality: 3\n---\n"


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")
def test_libyaml_is_used_where_pyyaml_has_it() -> None:
    # Falling back to the pure-Python parser would be correct but 20 times slower: a PyYAML
    # that moved its C parser class must fail here, not pass unnoticed.
    from yaml._yaml import CParser  # noqa: PLC0415 - only where libyaml exists

    assert _reader._Loader is CParser
    assert vars(_patch)["_Loader"] is CParser
