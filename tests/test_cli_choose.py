"""The maintainer's options: choosing cards, columns, --now latest, fmt --diff, hygiene warnings."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import newscard._cli as cli
from conftest import run_cli
from newscard import load as newscard_load

CARD = """\
---
title: "{title}"
publishedDateTime: {when}
{url}type: {kind}
quality: {quality}
published: {published}

provider:
  name: {name}
  domain: {domain}
---
"""


def make(
    folder: Path,
    name: str,
    when: str,
    *,
    quality: int = 50,
    published: str = "true",
    kind: str = "article",
    provider: tuple[str, str] = ("Port Weekly", "port.example"),
    url: str | None = None,
) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    link = f'webUrl: "{url}"\n' if url else f'originalUrl: "https://{provider[1]}/{name}"\n'
    path.write_text(
        CARD.format(
            title=name,
            when=when,
            url=link,
            kind=kind,
            quality=quality,
            published=published,
            name=provider[0],
            domain=provider[1],
        ),
        encoding="utf-8",
    )
    return path


newscard = run_cli


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "cards"
    make(root, "a.md", "2024-03-01T10:00:00Z", quality=90)
    make(root, "b.md", "2024-03-02T23:59:59Z", quality=80, published="false")
    make(
        root,
        "c.md",
        "2024-03-03T00:00:00Z",
        quality=70,
        kind="video",
        provider=("Clip", "clip.example"),
    )
    make(root, "d.md", "2024-03-05T08:00:00+05:30", quality=60, url="https://port.example/d")
    (root / "SOURCES.md").write_text("# not a card\n", encoding="utf-8")
    return root


def titles(out: str) -> list[str]:
    return [row["title"] for row in json.loads(out)]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ((), ["a.md", "b.md", "c.md", "d.md"]),
        (("--since", "2024-03-02"), ["b.md", "c.md", "d.md"]),
        (("--until", "2024-03-02"), ["a.md", "b.md"]),
        (("--since", "2024-03-02T12:00:00Z", "--until", "2024-03-03"), ["b.md", "c.md"]),
        (("--until", "2024-03-05T02:30:00Z"), ["a.md", "b.md", "c.md", "d.md"]),
        (("--until", "2024-03-05T02:29:59Z"), ["a.md", "b.md", "c.md"]),
        (("--published",), ["a.md", "c.md", "d.md"]),
        (("--unpublished",), ["b.md"]),
        (("--type", "video"), ["c.md"]),
        (("--type", "article,video"), ["a.md", "b.md", "c.md", "d.md"]),
        (("--provider", "CLIP.example"), ["c.md"]),
        (("--provider", "port weekly", "--provider", "nobody"), ["a.md", "b.md", "d.md"]),
    ],
)
def test_choosing_cards(
    folder: Path, capsys: pytest.CaptureFixture[str], options: tuple[str, ...], expected: list[str]
) -> None:
    code, out, err = newscard(capsys, "rank", "--json", "--exclude", "SOURCES.md", *options, folder)
    assert code == 0, err
    assert sorted(titles(out)) == expected
    code, out, err = newscard(capsys, "export", "--exclude", "SOURCES.md", *options, folder)
    assert code == 0, err
    assert sorted(titles(out)) == expected


def test_bad_dates_are_usage_errors(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = newscard(capsys, "rank", "--since", "yesterday", folder)
    assert code == 2
    assert "not a date or time: 'yesterday'" in err


def test_validate_exclude_passes_over_a_non_card(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert newscard(capsys, "validate", folder)[0] == 1
    code, out, err = newscard(capsys, "validate", "--exclude", "SOURCES.md", folder)
    assert (code, out) == (0, ""), err


def test_now_latest_ages_from_the_newest_card(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("rank", "--json", "--half-life", "1d", "--exclude", "SOURCES.md")
    code, out, err = newscard(capsys, *args, "--now", "latest", folder)
    assert code == 0, err
    rows = json.loads(out)
    scores = {row["title"]: row["score"] for row in rows}
    assert scores["d.md"] == 60.0  # the newest card is aged 0
    assert scores["a.md"] > 0
    code, out, _ = newscard(capsys, *args, "--now", "latest", "--limit", "1", folder)
    assert titles(out) == [rows[0]["title"]]


def test_csv_columns_and_the_url_fallback(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    columns = "title,type,published,url,originalUrl,excerpt,file"
    code, out, err = newscard(
        capsys, "export", "--to", "csv", "--columns", columns, "--exclude", "SOURCES.md", folder
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert list(rows[0]) == columns.split(",")
    by_title = {row["title"]: row for row in rows}
    assert by_title["a.md"]["url"] == "https://port.example/a.md"  # no webUrl: originalUrl
    assert by_title["d.md"]["url"] == "https://port.example/d"
    assert by_title["b.md"]["published"] == "false"
    code, out, err = newscard(
        capsys, "rank", "--csv", "--columns", "rank,title,score", folder / "a.md"
    )
    assert code == 0, err
    assert out.splitlines()[0] == "rank,title,score"
    code, _, err = newscard(capsys, "export", "--columns", "title,nope", folder)
    assert code == 2
    assert "unknown column 'nope'; the columns are: category, title" in err


def test_rank_marks_unpublished_cards(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = newscard(capsys, "rank", "--exclude", "SOURCES.md", folder)
    assert code == 0
    rows = {line.split()[-1].rsplit("/", 1)[-1]: line.split() for line in out.splitlines()[1:]}
    assert "no" in rows["b.md"]
    assert "yes" in rows["a.md"]


def test_fmt_diff_shows_what_would_change_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.md"
    before = "---\ntitle: 'Old style'\nwebUrl: https://a.example/x\n---\n"
    path.write_text(before, encoding="utf-8")
    code, out, err = newscard(capsys, "fmt", "--check", "--diff", path)
    assert code == 1
    assert f"--- {path} (now)\n+++ {path} (formatted)\n" in out
    assert (
        "-title: 'Old style'\n-webUrl: https://a.example/x\n"
        '+title: "Old style"\n+webUrl: "https://a.example/x"\n'
    ) in out
    assert path.read_text(encoding="utf-8") == before
    code, out, err = newscard(capsys, "fmt", "--diff", path)
    assert code == 0
    assert path.read_text(encoding="utf-8") == before
    assert "1 file would be reformatted" in err


def test_entities_and_misspelled_keys_are_flagged_and_repaired(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        '---\ntitle: "Q&amp;A: it&#8217;s time"\nwebURL: "https://a.example/x"\n---\n',
        encoding="utf-8",
    )
    code, out, _ = newscard(capsys, "validate", "--format", "json", path)
    assert code == 0
    problems = {p["path"]: p for p in json.loads(out)}
    assert "should probably read 'Q&A: it’s time'" in problems["title"]["message"]
    assert (problems["title"]["line"], problems["title"]["column"]) == (2, 8)
    assert "did you mean 'webUrl'?" in problems["webURL"]["message"]
    assert problems["webURL"]["line"] == 3
    code, out, err = newscard(capsys, "fmt", "--repair-entities", path)
    assert code == 0, err
    assert newscard_title(path) == "Q&A: it’s time"


def newscard_title(path: Path) -> str:
    import newscard  # noqa: PLC0415

    return newscard.load(path).title


def test_an_unquoted_colon_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.md"
    path.write_text('---\ntitle: Improvements: to "cascading" merge\n---\n', encoding="utf-8")
    code, out, _ = newscard(capsys, "validate", path)
    assert code == 1
    assert "must be quoted" in out


def test_a_provider_without_a_name_is_chosen_by_its_domain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.md"
    path.write_text('---\ntitle: "A"\nprovider:\n  domain: x.example\n---\n', encoding="utf-8")
    _, out, _ = newscard(capsys, "rank", "--json", "--provider", "x.example", path)
    assert titles(out) == ["A"]
    _, out, _ = newscard(capsys, "rank", "--json", "--provider", "y.example", path)
    assert titles(out) == []


# --- stories ---------------------------------------------------------------------------------

STORY = """\
---
title: "{title}"
excerpt: "{excerpt}"
publishedDateTime: 2024-05-{day:02}T10:00:00Z
webUrl: "https://{site}/{slug}"
quality: {quality}

provider:
  name: {site}
  domain: {site}
---
"""


def story(
    folder: Path, name: str, title: str, excerpt: str, site: str, day: int, quality: int
) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    slug = name.removesuffix(".md")
    path.write_text(
        STORY.format(title=title, excerpt=excerpt, site=site, slug=slug, day=day, quality=quality),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    story(
        root,
        "a.md",
        "Velmora port switches its ZX-40 cranes to battery power",
        "The Port of Velmora replaced diesel ZX-40 cranes with battery units on Tuesday.",
        "harbour.example",
        14,
        80,
    )
    story(
        root,
        "b.md",
        "Battery ZX-40 cranes arrive at Velmora port",
        "Velmora's port authority said its ZX-40 cranes now run on batteries.",
        "ships.example",
        14,
        90,
    )
    story(
        root,
        "c.md",
        "Glacier survey finds faster retreat in the Halden range",
        "Satellite images of the Halden glaciers show retreat doubled since 2015.",
        "ice.example",
        15,
        70,
    )
    return root


def test_stories_groups_cards_and_says_why(
    newsroom: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = newscard(capsys, "stories", "--json", newsroom)
    assert code == 0, err
    (group,) = json.loads(out)
    assert group["file"].endswith("b.md")
    (member,) = group["members"]
    assert member["file"].endswith("a.md")
    assert member["linkedTo"].endswith("b.md")
    assert 0 < member["score"] <= 1
    assert "1 story told more than once, in 2 cards" in err
    code, out, _ = newscard(capsys, "stories", newsroom)
    assert out.splitlines()[0].endswith(
        "lead (quality 90) Battery ZX-40 cranes arrive at Velmora port"
    )


def test_stories_write_related_after_a_dry_run(
    newsroom: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import newscard as api  # noqa: PLC0415

    lead = newsroom / "b.md"
    before = lead.read_text(encoding="utf-8")
    code, _, err = newscard(capsys, "stories", "--write-related", "--dry-run", newsroom)
    assert code == 0
    assert f"{lead}: would add 1 related item" in err
    assert lead.read_text(encoding="utf-8") == before
    code, _, err = newscard(capsys, "stories", "--write-related", newsroom)
    assert code == 0, err
    after = lead.read_text(encoding="utf-8")
    assert after.startswith(before[: before.rindex("---")])  # a minimal edit: lines added only
    related = api.load(lead).related
    assert [item.web_url for item in related] == ["https://harbour.example/a"]
    code, _, err = newscard(capsys, "stories", "--write-related", newsroom)
    assert f"{lead}: related already lists the other cards" in err
    assert lead.read_text(encoding="utf-8") == after


def test_stories_write_related_reports_what_it_cannot_write(
    newsroom: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from newscard import ConflictError  # noqa: PLC0415

    def conflict(card: object, path: object) -> None:
        raise ConflictError("changed since it was read: not written", filename=str(path))

    monkeypatch.setattr(cli.stories, "dump", conflict)
    code, _, err = newscard(capsys, "stories", "--write-related", newsroom)
    assert code == 1
    assert "skipped: changed since it was read" in err
    (newsroom / "a.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    monkeypatch.undo()
    code, _, err = newscard(capsys, "stories", "--threshold", "0.01", newsroom)
    assert code == 0
    code, _, err = newscard(capsys, "stories", "--threshold", "2", newsroom)
    assert code == 2
    assert "must be above 0 and at most 1" in err


def test_stories_a_member_gone_before_writing(
    newsroom: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = newscard_load

    def gone(path: Path) -> object:
        if path.name == "a.md":
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real(path)

    monkeypatch.setattr(cli.stories, "load", gone)
    code, _, err = newscard(capsys, "stories", "--write-related", newsroom)
    assert code == 1
    assert "cannot update related: No such file or directory" in err


def test_stories_a_lead_broken_before_writing(
    newsroom: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from newscard import ParseError  # noqa: PLC0415

    def broken(path: Path) -> object:
        raise ParseError("no closing '---' line after the front matter", filename=str(path))

    monkeypatch.setattr(cli.stories, "load", broken)
    code, _, err = newscard(capsys, "stories", "--write-related", newsroom)
    assert code == 1
    assert "cannot update related:" in err
    assert "no closing '---' line" in err
