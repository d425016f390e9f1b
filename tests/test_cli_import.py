"""``newscard import``: cards into a folder, named the Jekyll way, each page once, nothing lost."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest

import newscard
import newscard._cli as cli
from conftest import FIXTURES, SHARED, needs_shared
from newscard import Article, to_dict
from newscard._cli import import_
from newscard._files import write_file

IMPORT = FIXTURES / "import"
FEEDS = [IMPORT / name for name in ("rss20.xml", "atom.xml", "rss10.rdf", "latin1.xml")]
NAME = re.compile(r"\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md")
SUMMARY = re.compile(r"(\d+) (?:would be )?written, (\d+) skipped as duplicates, (\d+) failed")


def run(
    *args: str | Path, stdin: bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "newscard", *[os.fspath(arg) for arg in args]],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        check=False,
    )


def text(result: subprocess.CompletedProcess[bytes]) -> tuple[str, str]:
    return result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def newscard_main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        code = cli.main([os.fspath(arg) for arg in args])
    except SystemExit as stop:
        code = cast("int", stop.code)
    out, err = capsys.readouterr()
    return code, out, err


def counts(err: str) -> tuple[int, int, int]:
    match = SUMMARY.search(err)
    assert match is not None, err
    written, duplicates, failed = map(int, match.groups())
    return written, duplicates, failed


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def jsonl(*items: dict[str, Any]) -> bytes:
    return "".join(json.dumps(item) + "\n" for item in items).encode()


def item(number: int, title: str | None = None, **more: Any) -> dict[str, Any]:
    return {
        "title": title or f"Item number {number}",
        "publishedDateTime": f"2024-03-{1 + number % 28:02d}T10:00:00Z",
        "webUrl": f"https://items.example/{number}",
        **more,
    }


# --- feeds -----------------------------------------------------------------------------------


def test_feeds_become_jekyll_named_cards_in_the_reference_style(tmp_path: Path) -> None:
    news = tmp_path / "news"
    result = run("import", *FEEDS, "--into", news)
    out, err = text(result)
    assert result.returncode == 0, err
    names = sorted(p.name for p in news.iterdir())
    assert names == [
        "2024-03-04-harbour-cranes-go-electric-the-night-shift-gets-quieter.md",
        "2024-03-05-opinion-the-ferry-timetables-quiet-revolution.md",
        "2024-03-06-a-shoebox-satellite-maps-glacier-retreat-every-week.md",
        "2024-03-07-ground-station-opens-to-schools.md",
        "2024-03-09-ete-au-cafe-la-terrasse-rouvre.md",
        "2024-03-10-a-county-wide-soil-carbon-survey-done-by-farmers.md",
    ]
    assert all(NAME.fullmatch(name) for name in names)
    assert out.splitlines() == [f"wrote {news / name}" for name in sorted(names, key=_order)]
    assert counts(err) == (6, 0, 0)
    assert err.splitlines()[-1] == (
        "6 written, 0 skipped as duplicates, 0 failed, 6 skipped (incomplete)"
    )
    assert "rss20.xml: entries[2]: skipped: no date" in err
    assert "atom.xml: entries[2]: skipped: no link" in err
    check = run("fmt", "--check", news)
    assert check.returncode == 0, text(check)
    assert run("validate", "--strict", news).returncode == 0
    card = newscard.load(news / names[0])
    assert card.web_url == "https://www.harbourgazette.example/2024/03/04/cranes?id=7"
    assert card.source_text is not None
    assert card.source_text.startswith('---\ncategory: news\ntitle: "Harbour cranes go electric')


def _order(name: str) -> int:
    """The order the fixtures list their entries in (rss20, atom, rss10, latin1)."""
    return ["03-04", "03-05", "03-06", "03-07", "03-10", "03-09"].index(name[5:10])


def test_importing_again_changes_nothing(tmp_path: Path) -> None:
    news = tmp_path / "news"
    assert run("import", *FEEDS, "--into", news).returncode == 0
    before = snapshot(news)
    result = run("import", *FEEDS, "--into", news)
    out, err = text(result)
    assert result.returncode == 0
    assert snapshot(news) == before
    assert counts(err) == (0, 6, 0)
    assert "skipped https://openorbit.example/2024/03/06/glacier-watch?fbclid=abc123" not in out
    assert (
        "skipped https://openorbit.example/2024/03/06/glacier-watch: already in "
        f"{news / '2024-03-06-a-shoebox-satellite-maps-glacier-retreat-every-week.md'}"
    ) in out.splitlines()


def test_one_page_met_twice_in_one_import_is_written_once(tmp_path: Path) -> None:
    same = jsonl(
        item(1, webUrl="https://items.example/1?utm_source=x"),
        item(1, title="Another title, the same page", webUrl="http://items.example/1"),
    )
    (tmp_path / "a.jsonl").write_bytes(same)
    result = run(
        "import",
        tmp_path / "a.jsonl",
        IMPORT / "atom.xml",
        IMPORT / "atom.xml",
        "--into",
        tmp_path / "n",
    )
    out, err = text(result)
    assert counts(err) == (3, 3, 0)
    assert len(list((tmp_path / "n").iterdir())) == 3
    assert out.count("skipped ") == 3


def test_a_name_taken_by_another_page_gets_a_number_and_is_never_overwritten(
    tmp_path: Path,
) -> None:
    news = tmp_path / "news"
    news.mkdir()
    other = news / "2024-03-10-a-county-wide-soil-carbon-survey-done-by-farmers.md"
    newscard.dump(Article(title="Something else", web_url="https://else.example/"), other)
    junk = news / "2024-03-10-a-county-wide-soil-carbon-survey-done-by-farmers-2.txt"
    junk.write_text("not a card", encoding="utf-8")
    before = other.read_bytes()
    result = run("import", IMPORT / "rss10.rdf", "--into", news)
    assert result.returncode == 0
    assert other.read_bytes() == before
    written = news / "2024-03-10-a-county-wide-soil-carbon-survey-done-by-farmers-2.md"
    assert newscard.load(written).web_url == "https://fieldnotes.example/soil-survey"


def test_a_card_already_in_a_subfolder_is_a_duplicate(tmp_path: Path) -> None:
    news = tmp_path / "news"
    (news / "older").mkdir(parents=True)
    old = Article(title="Old copy", web_url="https://fieldnotes.example/soil-survey/?amp=1")
    newscard.dump(old, news / "older" / "x.md")
    (news / "broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    result = run("import", IMPORT / "rss10.rdf", "--into", news)
    out, err = text(result)
    assert result.returncode == 0
    assert counts(err) == (0, 1, 0)
    assert f"already in {news / 'older' / 'x.md'}" in out
    assert f"{news / 'broken.md'}:" in err
    assert "(not checked for duplicates)" in err


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    news = tmp_path / "news"
    result = run("import", "--dry-run", *FEEDS, "--into", news)
    out, err = text(result)
    assert result.returncode == 0
    assert not news.exists()
    assert out.count("would write ") == 6
    assert err.splitlines()[-1].startswith("6 would be written, 0 skipped as duplicates, 0 failed")
    news.mkdir()
    assert run("import", "-n", *FEEDS, "--into", news).returncode == 0
    assert list(news.iterdir()) == []


def test_standard_input(tmp_path: Path) -> None:
    result = run("import", "-", "--into", tmp_path, stdin=(IMPORT / "latin1.xml").read_bytes())
    assert result.returncode == 0, text(result)
    assert [p.name for p in tmp_path.iterdir()] == ["2024-03-09-ete-au-cafe-la-terrasse-rouvre.md"]
    data = jsonl(item(1), {"title": "no date"})
    result = run("import", "-", "-q", "--into", tmp_path, stdin=data)
    out, err = text(result)
    assert result.returncode == 0
    assert err == (
        "<stdin>: 'no date': skipped: publishedDateTime: no publishedDateTime: "
        "a Jekyll file name starts with the publish date\n"
    )
    assert out == f"wrote {tmp_path / '2024-03-02-item-number-1.md'}\n"


def test_strict_fails_on_incomplete_items(tmp_path: Path) -> None:
    result = run("import", "--strict", IMPORT / "rss092.xml", "--into", tmp_path)
    assert result.returncode == 1
    assert len(list(tmp_path.iterdir())) == 1


def test_broken_items_and_sources_fail_and_the_rest_is_written(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    notafeed = tmp_path / "page.html"
    notafeed.write_text("<html></html>", encoding="utf-8")
    result = run(
        "import",
        IMPORT / "api-items.json",
        broken,
        notafeed,
        IMPORT / "malformed.xml",
        "--into",
        tmp_path / "news",
    )
    err = text(result)[1]
    assert result.returncode == 1
    assert counts(err) == (3, 0, 4)
    assert f"{IMPORT / 'api-items.json'}: [2].quality: expected an integer" in err
    assert f"{broken}:1:3: not valid JSON" in err
    assert f"{notafeed}: not an RSS or Atom feed" in err
    assert f"{IMPORT / 'malformed.xml'}: warning: malformed feed" in err


def test_the_format_can_be_named(tmp_path: Path) -> None:
    result = run("import", "--from", "jsonl", IMPORT / "api-items.json", "--into", tmp_path)
    assert result.returncode == 1
    assert "api-items.json:1:2: not valid JSON" in text(result)[1]
    result = run("import", "--from", "feed", IMPORT / "rss10.rdf", "--into", tmp_path)
    assert result.returncode == 0


def test_keep_unknown_and_content_as_body(tmp_path: Path) -> None:
    source = IMPORT / "api-items.json"
    assert run("import", source, "--into", tmp_path / "plain").returncode == 1
    assert run("import", source, "--keep-unknown", "--into", tmp_path / "kept").returncode == 1
    assert run("import", source, "--content-as-body", "--into", tmp_path / "body").returncode == 1
    name = "2024-03-04-harbour-cranes-go-electric.md"
    plain = newscard.load(tmp_path / "plain" / name)
    kept = newscard.load(tmp_path / "kept" / name)
    body = newscard.load(tmp_path / "body" / name)
    assert plain.extra == {}
    assert "locale" in kept.extra
    assert body.body.startswith("<p>The last diesel crane")
    for folder in ("plain", "kept", "body"):
        assert run("fmt", "--check", tmp_path / folder).returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.json"], "no such file: nowhere.json"),
        (["."], ". is a folder: name the files to import"),
        (["-", "-"], "'-' (standard input) can be read only once"),
    ],
)
def test_usage_errors(args: list[str], message: str, tmp_path: Path) -> None:
    result = run("import", *args, "--into", tmp_path / "news", cwd=tmp_path)
    assert result.returncode == 2
    assert f"newscard import: error: {message}" in text(result)[1]
    assert not (tmp_path / "news").exists()


def test_the_target_must_be_a_folder(tmp_path: Path) -> None:
    afile = tmp_path / "file"
    afile.write_text("x", encoding="utf-8")
    result = run("import", IMPORT / "rss10.rdf", "--into", afile)
    assert result.returncode == 2
    assert "--into" in text(result)[1]
    assert "not a folder" in text(result)[1]
    result = run("import", IMPORT / "rss10.rdf", "--into", afile / "sub")
    assert result.returncode == 2
    assert "cannot create it" in text(result)[1]
    result = run("import", IMPORT / "rss10.rdf")
    assert result.returncode == 2
    assert "--into" in text(result)[1]


def test_help() -> None:
    result = run("import", "--help")
    assert result.returncode == 0
    assert "usage: newscard import" in text(result)[0]


# --- in-process: what a subprocess cannot arrange ---------------------------------------------


def test_a_missing_extra_fails_each_feed_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "feedparser", None)
    code, _, err = newscard_main(capsys, "import", IMPORT / "rss10.rdf", "--into", tmp_path)
    assert code == 1
    assert err.splitlines()[0] == (
        f"{IMPORT / 'rss10.rdf'}: reading RSS and Atom feeds needs feedparser, which is not "
        "installed: pip install 'newscard[feeds]'"
    )


def test_an_unreadable_source_and_a_failed_write_are_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = Path.read_bytes

    def unreadable(path: Path) -> bytes:
        if path.name == "rss10.rdf":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    def refuse(path: str, data: bytes, expect: object) -> None:
        raise OSError(28, "No space left on device", path)

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    monkeypatch.setattr(import_, "write_file", refuse)
    code, out, err = newscard_main(
        capsys, "import", IMPORT / "rss10.rdf", IMPORT / "latin1.xml", "--into", tmp_path
    )
    assert code == 1
    assert out == ""
    assert f"{IMPORT / 'rss10.rdf'}: cannot read: Permission denied" in err
    assert "2024-03-09-ete-au-cafe-la-terrasse-rouvre.md: cannot write: No space left" in err
    assert counts(err) == (0, 0, 2)


def test_a_card_too_large_to_read_back_is_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "big.jsonl"
    source.write_bytes(jsonl(item(1, body="x" * (9 * 1024 * 1024))))
    code, _, err = newscard_main(capsys, "import", source, "--into", tmp_path / "news")
    assert code == 1
    assert "cannot be written as a card" in err
    assert list((tmp_path / "news").iterdir()) == []


@pytest.mark.parametrize("appeared", ["same page", "other page", "not a card", "folder"])
def test_a_file_that_appears_meanwhile_is_never_overwritten(
    appeared: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Another import wrote the name between the folder's scan and this write."""
    news = tmp_path / "news"
    news.mkdir()
    real = write_file
    first = news / "2024-03-02-item-number-1.md"

    def meanwhile(path: str, data: bytes, expect: object) -> None:
        if path == os.fspath(first) and not os.path.lexists(first):
            if appeared == "same page":
                newscard.dump(Article(title="Theirs", web_url="https://items.example/1/"), first)
            elif appeared == "other page":
                newscard.dump(Article(title="Theirs", web_url="https://else.example/"), first)
            elif appeared == "not a card":
                first.write_text("hello", encoding="utf-8")
            else:
                first.mkdir()
        real(path, data, cast("bytes | None", expect))

    monkeypatch.setattr(import_, "write_file", meanwhile)
    source = tmp_path / "one.jsonl"
    source.write_bytes(jsonl(item(1)))
    before = first.read_bytes() if first.is_file() else None
    code, out, err = newscard_main(capsys, "import", source, "--into", news)
    assert code == 0, err
    if appeared == "same page":
        assert counts(err) == (0, 1, 0)
        assert out == f"skipped https://items.example/1: already in {first}\n"
        assert newscard.load(first).title == "Theirs"
    else:
        assert counts(err) == (1, 0, 0)
        second = news / "2024-03-02-item-number-1-2.md"
        assert out == f"wrote {second}\n"
        assert newscard.load(second).title == "Item number 1"
    assert before is None


def test_concurrent_imports_write_each_card_once(tmp_path: Path) -> None:
    """Two processes importing the same items at once: one file per page, nothing lost."""
    items = [item(n) for n in range(150)]
    # pages with one title and date: their names collide and get numbers
    items += [
        item(1000 + n, title="Same title", publishedDateTime="2024-04-01T10:00:00Z")
        for n in range(10)
    ]
    source = tmp_path / "items.jsonl"
    source.write_bytes(jsonl(*items))
    news = tmp_path / "news"
    news.mkdir()
    command = [
        sys.executable,
        "-m",
        "newscard",
        "import",
        os.fspath(source),
        "--into",
        os.fspath(news),
    ]
    for _ in range(3):
        for path in news.iterdir():
            path.unlink()
        runs = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603
            for _ in range(2)
        ]
        outputs = [process.communicate(timeout=120) for process in runs]
        assert all(process.returncode == 0 for process in runs), outputs
        summaries = [counts(err.decode()) for _, err in outputs]
        assert sum(written for written, _, _ in summaries) == len(items)
        assert all(written + duplicates == len(items) for written, duplicates, _ in summaries)
        cards = [newscard.load(path) for path in sorted(news.iterdir())]
        assert sorted(card.web_url or "" for card in cards) == sorted(i["webUrl"] for i in items)
        assert all(NAME.fullmatch(path.name) for path in news.iterdir())


# --- the shared corpus -----------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("keep", [False, True])
def test_the_corpus_exported_then_imported_gives_back_equal_cards(
    keep: bool, tmp_path: Path
) -> None:
    corpus = SHARED / "corpus" / "ai"
    export = tmp_path / "ai.jsonl"
    assert run("export", corpus, "--to", "jsonl", "-o", export).returncode == 0
    news = tmp_path / "news"
    args = ["--keep-duplicates"] if keep else []
    result = run("import", export, "--into", news, *args)
    err = text(result)[1]
    assert result.returncode == 0, err
    originals = [newscard.load(path) for path in sorted(corpus.glob("2*.md"))]
    imported = {path.name: newscard.load(path) for path in sorted(news.iterdir())}
    assert all(NAME.fullmatch(name) for name in imported)
    assert all(card in originals for card in imported.values())
    written, duplicates, failed = counts(err)
    assert failed == 0
    assert written == len(imported)
    if keep:  # every card back
        assert duplicates == 0
        assert sorted(map(_key, imported.values())) == sorted(map(_key, originals))
    else:  # one card per page: the corpus holds one page under two dates
        assert written + duplicates == len(originals)
        assert duplicates == len(originals) - len(newscard.dedup(originals))
    assert run("fmt", "--check", news).returncode == 0
    again = run("import", export, "--into", news, *args)
    assert counts(text(again)[1]) == (0, len(originals), 0)


def _key(card: Article) -> str:
    return json.dumps(to_dict(card, json=True), sort_keys=True)


def test_a_card_exported_with_a_body_and_unknown_keys_comes_back_equal(tmp_path: Path) -> None:
    card = Article(
        title="With extras",
        published_date_time=newscard.loads(
            "---\ntitle: x\npublishedDateTime: 2024-03-04T10:00:00+02:00\n---\n"
        ).published_date_time,
        web_url="https://extras.example/",
        body="Some *Markdown*.\n",
        extra={"locale": "en", "path": "_news/x.md", "nested": {"a": [1, 2.5, None, True]}},
    )
    source = tmp_path / "cards"
    source.mkdir()
    newscard.dump(card, source / "x.md")
    export = run("export", source, "--to", "jsonl")
    result = run("import", "-", "--into", tmp_path / "news", stdin=export.stdout)
    assert result.returncode == 0
    (path,) = (tmp_path / "news").iterdir()
    assert path.name == "2024-03-04-with-extras.md"
    assert newscard.load(path) == card
    assert "\nlocale: en\n" in path.read_text(encoding="utf-8")
