"""Hygiene checks: unsafe URL schemes and mojibake, with YAML key paths."""

from __future__ import annotations

from pathlib import Path

import pytest

import newscard
from conftest import SHARED, SHARED_CARDS
from newscard import Article, Image, Provider, RelatedItem, load
from newscard._cli import main
from newscard._hygiene import UNSAFE_SCHEMES, Finding, check, find_mojibake, unsafe_scheme

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize(
    ("garbled", "repaired"),
    [
        ("the cityâ€™s tram", "the city’s tram"),
        ("â€œquotedâ€\x9d", "“quoted”"),
        ("Ã©tÃ© en Suisse", "été en Suisse"),
        ("price Â£12", "price £12"),
        ("rockets ðŸš€ launched", "rockets 🚀 launched"),
        ("ä¸­æ–‡ news", "中文 news"),
        ("naïve cafés, but the cityâ€™s", "naïve cafés, but the city’s"),
        ("em dash â€” here", "em dash — here"),
        ("the cityâ€™s à€€ sign", "the city’s à€€ sign"),  # a sequence that does not decode
        ("à€€â€™", "à€€’"),  # stays, in the run of the one that does
    ],
)
def test_find_mojibake_repairs(garbled: str, repaired: str) -> None:
    assert find_mojibake(garbled) == repaired


@pytest.mark.parametrize(
    "clean",
    [
        "plain ASCII title",
        "Café in Zürich, São Paulo and Kraków",
        "The city’s “new” tram — at last",
        "CAFÉ”",  # an accented capital and a closing quote: would decode to 'ɔ'
        "the café…”",  # would decode to a CJK character on its own
        "",
        "Ã alone",
        "à€€",  # E0 80 80: looks like UTF-8, but an overlong form that does not decode
        "í\xa0€",  # ED A0 80: a surrogate, not UTF-8 either
    ],
)
def test_find_mojibake_leaves_real_text_alone(clean: str) -> None:
    assert find_mojibake(clean) is None


def test_find_mojibake_is_idempotent_on_its_repair() -> None:
    repaired = find_mojibake("Amazonâ€™s ban")
    assert repaired == "Amazon’s ban"
    assert find_mojibake(repaired) is None


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("JavaScript:void(0)", "javascript"),
        ("  \x01javascript:alert(1)", "javascript"),
        ("java\tscr\nipt:alert(1)", "javascript"),
        ("data:text/html;base64,PGI+", "data"),
        ("VBScript:msgbox", "vbscript"),
        ("https://example.test/a", None),
        ("/assets/images/logo.png", None),
        ("//cdn.example.test/x.jpg", None),
        ("javascript", None),
        ("mailto:desk@example.test", None),
        ("", None),
    ],
)
def test_unsafe_scheme(url: str, scheme: str | None) -> None:
    assert unsafe_scheme(url) == scheme
    assert scheme is None or scheme in UNSAFE_SCHEMES


def test_check_a_clean_card_finds_nothing() -> None:
    card = Article(
        title="Harbour cranes go electric",
        excerpt="Quieter nights on the quay.",
        web_url="https://harbour.example/cranes",
        provider=Provider(name="Harbour Gazette", domain="harbour.example"),
    )
    assert check(card) == []


def test_check_names_every_place_with_its_key_path() -> None:
    card = Article(
        title="Tram timetables get a rewrite",
        excerpt="The networkâ€™s first count.",
        web_url="javascript:alert(document.cookie)",
        images=(Image(url="data:image/svg+xml;base64,PHN2Zz4="),),
        related=(
            RelatedItem(title="fine", web_url="https://ok.example/"),
            RelatedItem(
                title="Ã©tÃ©",
                amp_web_url="vbscript:msgbox(1)",
                provider=Provider(
                    name="Metro Wireâ€™s desk",
                    images=(Image(url="javascript:x", attribution="Â© Photo desk"),),
                ),
            ),
        ),
    )
    found = [(f.path, f.code) for f in check(card)]
    assert found == [
        ("excerpt", "mojibake"),
        ("webUrl", "unsafe-url"),
        ("images[0].url", "unsafe-url"),
        ("related[1].title", "mojibake"),
        ("related[1].ampWebUrl", "unsafe-url"),
        ("related[1].provider.name", "mojibake"),
        ("related[1].provider.images[0].url", "unsafe-url"),
        ("related[1].provider.images[0].attribution", "mojibake"),
    ]


def test_finding_carries_message_value_and_repair() -> None:
    card = Article(title="x", excerpt="The networkâ€™s first passenger count")
    (finding,) = check(card)
    assert finding == Finding(
        path="excerpt",
        code="mojibake",
        message="looks like mojibake (UTF-8 read as cp1252): 'networkâ€™s' should probably "
        "read 'network’s'",
        value="The networkâ€™s first passenger count",
        repaired="The network’s first passenger count",
    )
    assert str(finding).startswith("excerpt: looks like mojibake")


def test_unsafe_url_message() -> None:
    (finding,) = check(Article(title="x", original_url=" JAVASCRIPT:alert(1)"))
    assert finding.path == "originalUrl"
    assert finding.message == (
        "unsafe URL scheme 'javascript:' (runs or embeds content; not a web page)"
    )
    assert finding.value == " JAVASCRIPT:alert(1)"


def test_urls_and_unknown_keys_are_not_checked_for_mojibake() -> None:
    card = Article(
        title="x",
        web_url="https://example.test/Ã©tÃ©",
        category="Ã©tÃ©",
        extra={"note": "Ã©tÃ©"},
    )
    assert check(card) == []


def test_the_reference_card_has_mojibake_in_its_excerpt() -> None:
    if not SHARED_CARDS:
        pytest.skip(f"the shared card corpus is not at {SHARED}")
    card = load(SHARED / "seed" / "000_49496ac8d9f9039b.txt")
    (finding,) = check(card)
    assert finding.path == "excerpt"
    assert "'Amazonâ€™s' should probably read 'Amazon’s'" in finding.message


def test_only_the_mojibake_example_is_flagged() -> None:
    flagged = {}
    for path in sorted(EXAMPLES.glob("*.md")):
        findings = check(load(path))
        if findings:
            flagged[path.name] = [f.path for f in findings]
    assert flagged == {"2024-03-08-tram-timetables-get-a-rewrite.md": ["title", "excerpt"]}


def test_repair_mojibake_changes_only_the_garbled_lines(tmp_path: Path) -> None:
    text = (
        '---\ntitle: "Itâ€™s a test"\nexcerpt: "Clean text"\nquality: 5\n'
        'provider:\n  name: "Clean Times"\nrelated:\n'
        '  - title: "The cityâ€™s plan"\n    provider:\n      name: "CafÃ© Times"\n---\n'
    )
    card = newscard.loads(text)
    repaired = newscard.repair_mojibake(card)
    assert repaired.title == "It’s a test"
    assert repaired.related[0].title == "The city’s plan"
    assert repaired.related[0].provider is not None
    assert repaired.related[0].provider.name == "Café Times"
    assert repaired.excerpt == "Clean text"
    out = newscard.dumps(repaired)
    changed = [(a, b) for a, b in zip(text.splitlines(), out.splitlines(), strict=True) if a != b]
    assert [b for _, b in changed] == [
        'title: "It’s a test"',
        '  - title: "The city’s plan"',
        '      name: "Café Times"',
    ]
    assert newscard.check(repaired) == []
    clean = newscard.loads('---\ntitle: "Fine"\n---\n')
    assert newscard.repair_mojibake(clean) is clean


def test_fmt_can_repair_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "card.md"
    path.write_text('---\ntitle: "Itâ€™s a test"\n---\n', encoding="utf-8")
    assert main(["fmt", "-q", str(path)]) == 0
    assert newscard.load(path).title == "Itâ€™s a test"
    assert main(["fmt", "-q", "--repair-mojibake", str(path)]) == 0
    assert newscard.load(path).title == "It’s a test"


def test_titles_entities_and_urls_worth_a_warning() -> None:
    from newscard import Article, check, find_entities  # noqa: PLC0415

    codes = {f.code for f in check(Article(title=" "))}
    assert codes == {"empty-title"}
    assert {f.code for f in check(Article(title="Become an FT subscriber to read:"))} == {
        "placeholder-title"
    }
    assert check(Article(title="Subscribers read more: a survey of paywalls")) == []
    assert find_entities("&nbsx; is no entity, &amp; is") == "&nbsx; is no entity, & is"
    assert find_entities("&nbsx; alone") is None
    cut = Article(title="t", web_url="https://a.example/news/a-story-about-speech-")
    assert [f.code for f in check(cut)] == ["truncated-url"]
    assert check(Article(title="t", web_url="https://a.example/news/a-story/")) == []
