"""load_many and find_cards: order, error policies, processes, lossless results."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

from newscard import Article, NewscardError, ParseError, ValidationError, dumps, load
from newscard._batch import LoadResults, _card, _load_chunk, find_cards, load_many
from newscard._limits import DEFAULT_LIMITS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

GOOD = """\
---
category: news
title: "{title}"
quality: {quality}
---
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Five good cards, two broken ones, and files a folder search must pass over."""
    root = tmp_path / "cards"
    for index, name in enumerate(["b.md", "a.md", "sub/c.md", "sub/deeper/d.md", "e.md"]):
        write(root / name, GOOD.format(title=f"card {name}", quality=index))
    write(root / "broken-1.md", "---\ntitle: x\n  bad: indent\n---\n")
    write(root / "sub/broken-2.md", "---\ntitle: x\nquality: high\n---\n")
    write(root / "notes.txt", "not a card")
    write(root / ".hidden.md", "---\ntitle: hidden\n---\n")
    write(root / ".git/HEAD.md", "---\ntitle: hidden too\n---\n")
    return root


def names(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def test_find_cards_sorted_recursive_and_without_hidden(folder: Path) -> None:
    assert names(find_cards([folder]), folder) == [
        "a.md",
        "b.md",
        "broken-1.md",
        "e.md",
        "sub/broken-2.md",
        "sub/c.md",
        "sub/deeper/d.md",
    ]


def test_find_cards_takes_named_files_whatever_their_name_and_once(folder: Path) -> None:
    found = find_cards([folder / "notes.txt", folder / "sub", folder / "sub" / "c.md"])
    assert names(found, folder) == ["notes.txt", "sub/broken-2.md", "sub/c.md", "sub/deeper/d.md"]


def test_find_cards_pattern(folder: Path) -> None:
    assert names(find_cards([folder], pattern="*.txt"), folder) == ["notes.txt"]


def test_find_cards_missing_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as caught:
        find_cards([tmp_path / "nowhere"])
    assert caught.value.filename == os.fspath(tmp_path / "nowhere")


def test_missing_path_raises_at_the_call(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_many([tmp_path / "nowhere"])


def test_raise_yields_the_cards_before_the_first_error(folder: Path) -> None:
    results = load_many([folder])
    assert isinstance(results, LoadResults)
    got: list[tuple[str, str]] = []

    def consume() -> None:
        got.extend((path.name, card.title) for path, card in results)

    with pytest.raises(ParseError) as caught:
        consume()
    assert got == [("a.md", "card a.md"), ("b.md", "card b.md")]
    assert caught.value.filename == os.fspath(folder / "broken-1.md")
    assert str(caught.value).startswith(f"{folder / 'broken-1.md'}:3:6: invalid YAML")


def test_collect_keeps_every_error_and_goes_on(folder: Path) -> None:
    results = load_many([folder], errors="collect")
    cards = list(results)
    assert [card.title for _, card in cards] == [
        "card a.md",
        "card b.md",
        "card e.md",
        "card sub/c.md",
        "card sub/deeper/d.md",
    ]
    assert [type(e) for e in results.errors] == [ParseError, ValidationError]
    assert [e.filename for e in results.errors] == [
        os.fspath(folder / "broken-1.md"),
        os.fspath(folder / "sub" / "broken-2.md"),
    ]
    second = results.errors[1]
    assert isinstance(second, NewscardError)
    assert (second.path, second.line, second.column) == ("quality", 3, 10)
    assert len(results.paths) == 7


def test_skip_drops_errors(folder: Path) -> None:
    results = load_many([folder], errors="skip")
    assert len(list(results)) == 5
    assert results.errors == []


def test_outcomes_give_cards_and_errors_in_order(folder: Path) -> None:
    results = load_many([folder], errors="raise")
    kinds = [(p.name, isinstance(o, Article)) for p, o in results.outcomes()]
    assert kinds == [
        ("a.md", True),
        ("b.md", True),
        ("broken-1.md", False),
        ("e.md", True),
        ("broken-2.md", False),
        ("c.md", True),
        ("d.md", True),
    ]


def test_os_errors_are_collected_with_their_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Any, **kwargs: Any) -> Article:
        if Path(path).name == "b.md":
            raise PermissionError(13, "Permission denied")
        return load(path, **kwargs)

    monkeypatch.setattr("newscard._batch.load", refuse)
    results = load_many([folder / "a.md", folder / "b.md"], errors="collect")
    assert [p.name for p, _ in results] == ["a.md"]
    (error,) = results.errors
    assert isinstance(error, PermissionError)
    assert error.filename == os.fspath(folder / "b.md")


def test_a_file_gone_before_it_is_read_is_collected_with_its_file(folder: Path) -> None:
    results = load_many([folder / "a.md", folder / "b.md"], errors="collect")
    (folder / "b.md").unlink()  # found, then removed before the lazy read
    assert [p.name for p, _ in results] == ["a.md"]
    (error,) = results.errors
    assert isinstance(error, FileNotFoundError)
    assert error.filename == os.fspath(folder / "b.md")
    assert error.strerror == "No such file or directory"


def test_a_worker_chunk_gives_one_outcome_per_file_in_order(folder: Path) -> None:
    """What a worker process runs, run here: cards and errors, never an exception."""
    chunk = [folder / "b.md", folder / "broken-1.md", folder / "gone.md", folder / "a.md"]
    outcomes = _load_chunk(chunk, DEFAULT_LIMITS, _card)
    assert [type(o) for o in outcomes] == [Article, ParseError, FileNotFoundError, Article]
    assert [o.title for o in outcomes if isinstance(o, Article)] == ["card b.md", "card a.md"]
    assert [o.filename for o in outcomes if not isinstance(o, Article)] == [
        os.fspath(folder / "broken-1.md"),
        os.fspath(folder / "gone.md"),
    ]


@pytest.mark.parametrize("policy", ["ignore", "", None])
def test_bad_error_policy(folder: Path, policy: Any) -> None:
    with pytest.raises(ValueError, match="errors must be"):
        load_many([folder], errors=policy)


@pytest.mark.parametrize("workers", [0, -2, "many", 1.5, True])
def test_bad_workers(folder: Path, workers: Any) -> None:
    with pytest.raises(ValueError, match="workers must be"):
        load_many([folder], workers=workers)


def test_auto_stays_in_process_for_small_batches(folder: Path) -> None:
    assert load_many([folder], workers="auto").workers == 1
    assert load_many([folder]).workers == 1
    assert load_many([folder], workers=3).workers == 3


def test_processes_give_the_same_cards_in_the_same_order(tmp_path: Path) -> None:
    root = tmp_path / "many"
    root.mkdir()
    good = sorted(EXAMPLES.glob("*.md"))
    for copy in range(4):
        for path in good:
            shutil.copy(path, root / f"{copy}-{path.name}")
    shutil.copy(EXAMPLES / "broken" / "2024-03-11-upload-cut-short.md", root / "2-zz-broken.md")
    serial = load_many([root], errors="collect")
    parallel = load_many([root], errors="collect", workers=2)
    assert parallel.workers == 2
    one, two = list(serial), list(parallel)
    assert [p for p, _ in one] == [p for p, _ in two]
    assert [c for _, c in one] == [c for _, c in two]
    assert [str(e) for e in serial.errors] == [str(e) for e in parallel.errors]
    assert len(two) == 4 * len(good)
    for path, card in two:  # the source text came back with the card: unchanged, unedited
        assert dumps(card).encode("utf-8") == path.read_bytes()


def test_processes_raise_the_first_error(tmp_path: Path) -> None:
    for index in range(6):
        write(tmp_path / f"{index}.md", GOOD.format(title=str(index), quality=index))
    write(tmp_path / "3.md", "no fences")
    seen: list[str] = []

    def consume() -> None:
        seen.extend(path.name for path, _ in load_many([tmp_path], workers=2))

    with pytest.raises(ParseError):
        consume()
    assert seen == ["0.md", "1.md", "2.md"]


def test_stopping_early_shuts_the_workers_down(tmp_path: Path) -> None:
    for index in range(20):
        write(tmp_path / f"{index:02}.md", GOOD.format(title=str(index), quality=index))
    results = load_many([tmp_path], workers=2)
    path, _ = next(results)
    assert path.name == "00.md"
    results.close()
    with pytest.raises(StopIteration):
        next(results)


def test_cards_pickle_with_their_source() -> None:
    path = EXAMPLES / "2024-03-04-harbour-cranes-go-electric.md"
    ((_, card),) = list(load_many([path]))
    again = pickle.loads(pickle.dumps(card))  # noqa: S301 - our own data
    assert again == card
    assert again.source_text == card.source_text
    assert dumps(again).encode("utf-8") == path.read_bytes()


def test_find_cards_takes_one_path_and_excludes_globs(folder: Path) -> None:
    assert names(find_cards(folder, exclude=["sub", "broken-*"]), folder) == [
        "a.md",
        "b.md",
        "e.md",
    ]
    assert names(find_cards(os.fspath(folder / "a.md")), folder) == ["a.md"]
    assert find_cards([folder / "a.md"], exclude=["a.md"]) == []
    assert names(find_cards([folder], exclude=["sub/deeper"]), folder)[-1] == "sub/c.md"


def test_find_cards_keeps_a_dangling_link_named_explicitly(tmp_path: Path) -> None:
    link = tmp_path / "gone.md"
    link.symlink_to(tmp_path / "nowhere.md")
    assert find_cards([link]) == [link]
    (result,) = load_many([link], errors="collect").outcomes()
    assert isinstance(result[1], OSError)


def test_find_cards_passes_over_a_folder_it_cannot_list(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = os.scandir

    def refuse(path: Any) -> Any:
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", refuse)
    assert "sub/c.md" not in names(find_cards([folder]), folder)
