"""The command line loses nothing, crashes on nothing and injects nothing into what users open."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newscard._cli as cli
from conftest import run_cli
from newscard import _files
from newscard._cli import _output
from strategies import articles

CARD = """\
---
title: "{title}"
publishedDateTime: 2024-03-01T10:00:00Z
webUrl: "{url}"
quality: {quality}
heat: -1
topics:
  - "{topic}"
---
"""


def card(
    path: Path,
    title: str = "A card",
    url: str = "https://a.example/x",
    quality: int = 50,
    topic: str = "Ports",
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = CARD.format(title=title, url=url, quality=quality, topic=topic)
    path.write_text(text, encoding="utf-8")
    return path


newscard = run_cli


def run(*args: str | Path | bytes, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # noqa: S603 - our own interpreter
        [
            sys.executable,
            "-m",
            "newscard",
            *[a if isinstance(a, bytes) else os.fspath(a) for a in args],
        ],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )


# --- dedup --move-to: a card is one file, whatever names it ----------------------------------


def test_a_folder_named_twice_never_moves_the_card_it_keeps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "cards"
    card(folder / "a.md", quality=90)
    card(folder / "b.md", quality=10)
    aside = tmp_path / "dups"
    again = folder / ".." / "cards" / "a.md"
    code, _out, err = newscard(capsys, "dedup", folder, again, "--move-to", aside)
    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == ["a.md"]
    assert sorted(p.name for p in aside.iterdir()) == ["b.md"]
    assert f"moved {folder / 'b.md'} to {aside / 'b.md'}\n" in err


def test_a_link_and_its_target_are_one_card(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "cards"
    target = card(folder / "b-target.md", quality=10)
    (folder / "a-link.md").symlink_to(target.name)
    hard = folder / "c-hard.md"
    os.link(target, hard)
    code, out, err = newscard(capsys, "dedup", folder, "--move-to", tmp_path / "dups")
    assert code == 0, err
    assert out == ""  # one card under three names: no duplicate at all
    assert (folder / "a-link.md").resolve().is_file()


def test_each_move_is_logged_as_it_happens_and_a_failure_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cards"
    card(folder / "a.md", quality=90)
    card(folder / "b.md", quality=10)
    card(folder / "c.md", quality=5)
    moved = cli.dedup.move_aside

    def second_fails(source: Path, aside: Path) -> Path:
        if source.name == "c.md":
            raise PermissionError(13, "Permission denied", os.fspath(source))
        return moved(source, aside)

    monkeypatch.setattr(cli.dedup, "move_aside", second_fails)
    code, _out, err = newscard(capsys, "dedup", folder, "--move-to", tmp_path / "dups")
    assert code == 1
    assert err.index("moved ") < err.index("cannot move")
    assert f"{folder / 'c.md'}: cannot move: Permission denied; left in place" in err
    assert (folder / "c.md").exists()


@pytest.mark.parametrize("kind", ["dangling link", "under a file"])
def test_a_move_to_folder_that_cannot_be_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    card(tmp_path / "cards" / "a.md")
    if kind == "dangling link":
        target = tmp_path / "aside"
        target.symlink_to(tmp_path / "nowhere")
        expected = f"{target} is a symbolic link to nothing"
    else:
        blocker = tmp_path / "file.md"
        blocker.write_text("x", encoding="utf-8")
        target = blocker / "dups"
        expected = f"{blocker} is not a folder"
    code, _out, err = newscard(capsys, "dedup", tmp_path / "cards", "--move-to", target)
    assert code == 2
    assert err.endswith(f"--move-to: {expected}\n")


# --- fmt: a file changed meanwhile is skipped, a hard-linked file is left whole ---------------


def test_fmt_skips_a_file_that_changed_since_it_was_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: 'x'\n---\n", encoding="utf-8")
    theirs = "---\ntitle: 'x'\nheat: 5\n---\n"
    write = _files.write_file

    def meanwhile(target: str, data: bytes, expect: object) -> None:
        path.write_text(theirs, encoding="utf-8")
        write(target, data, expect)  # type: ignore[arg-type]

    monkeypatch.setattr(cli.fmt, "write_file", meanwhile)
    code, _out, err = newscard(capsys, "fmt", path)
    assert code == 1
    assert "skipped: it changed since it was read (run fmt again to format it)" in err
    assert "0 files reformatted, 0 already formatted, 1 skipped (changed meanwhile)" in err
    assert path.read_text(encoding="utf-8") == theirs


def test_fmt_leaves_a_hard_linked_file_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: 'x'\n---\n", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    os.link(path, other / "a.md")
    code, _out, err = newscard(capsys, "fmt", path)
    assert code == 1
    assert "cannot write: has 2 hard links" in err
    assert os.path.samefile(path, other / "a.md")
    assert path.read_text(encoding="utf-8") == "---\ntitle: 'x'\n---\n"


# --- no tracebacks ---------------------------------------------------------------------------


def test_export_of_dates_and_nan_under_unknown_keys_is_valid_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: x\nupdated: 2021-05-21\nby_day: {2021-05-21: 3, 2021-05-22: 4}\n"
        "score: .nan\nratio: -.inf\n---\n",
        encoding="utf-8",
    )
    for form in ("json", "jsonl"):
        code, out, err = newscard(capsys, "export", "--to", form, path)
        assert code == 0, err

        def no_constants(name: str) -> Any:
            raise AssertionError(name)

        data = json.loads(
            out.splitlines()[0] if form == "jsonl" else out, parse_constant=no_constants
        )
        item = data if form == "jsonl" else data[0]
        assert item["updated"] == "2021-05-21"
        assert item["by_day"] == {"2021-05-21": 3, "2021-05-22": 4}
        assert item["score"] is None
        assert item["ratio"] is None


@pytest.mark.parametrize(
    ("duration", "message"),
    [("0.0000001s", "too short a duration"), ("999999999999w", "too long a duration")],
)
def test_durations_out_of_range_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], duration: str, message: str
) -> None:
    path = card(tmp_path / "a.md")
    code, _out, err = newscard(capsys, "rank", "--half-life", duration, path)
    assert code == 2
    assert message in err


def test_rank_with_the_largest_quality_and_a_half_life(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = card(tmp_path / "a.md", quality=2**63 - 1)
    code, out, err = newscard(capsys, "rank", "--half-life", "1d", "--json", path)
    assert code == 0, err
    assert json.loads(out)[0]["quality"] == 2**63 - 1


def test_file_names_that_are_not_utf8_in_every_machine_readable_output(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9.md"
    with open(raw, "wb") as handle:
        handle.write(
            CARD.format(title="T", url="https://a.example/x", quality=5, topic="x").encode()
        )
    broken = os.fsencode(folder) + b"/bad\xff.md"
    with open(broken, "wb") as handle:
        handle.write(b"---\ntitle: [\n---\n")
    name = os.fsdecode(raw)
    commands: list[tuple[str, ...]] = [
        ("validate", "--json"),
        ("rank", "--json"),
        ("export", "--to", "json", "--with-file"),
    ]
    for args in commands:
        done = run(*args, folder)
        assert done.returncode in (0, 1), done.stderr
        text = done.stdout.decode("utf-8")  # valid UTF-8
        files = {item["file"] for item in json.loads(text)}
        assert name in files or os.fsdecode(broken) in files
    for args in (("rank", "--csv"), ("export", "--to", "csv")):
        done = run(*args, folder)
        assert done.returncode == 0, done.stderr
        rows = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8"))))
        assert rows[0]["file"].endswith("caf\\xe9.md")
    done = run("validate", folder)
    assert b"bad\\xff.md" in done.stdout  # people see the byte, escaped


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_like_a_card_is_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    card(folder / "a.md")
    os.mkfifo(folder / "pipe.md")
    done = run("validate", folder, timeout=30)
    assert done.returncode == 0, done.stderr
    assert b"pipe.md: warning: not a regular file" in done.stdout
    done = run("rank", folder / "pipe.md", folder / "a.md", timeout=30)
    assert done.returncode == 0
    assert b"pipe.md: not a regular file" in done.stderr


def test_validate_reports_leftovers_of_interrupted_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "cards"
    card(folder / "a.md")
    leftover = folder / f".newscard-{_files._HOST}-999999999-xxxxxxxx.tmp"
    leftover.write_bytes(b"half")
    code, out, err = newscard(capsys, "validate", "--json", folder)
    assert code == 0, err
    (problem,) = json.loads(out)
    assert problem["file"] == os.fspath(leftover)
    assert problem["severity"] == "warning"
    assert "interrupted write" in problem["message"]
    assert newscard(capsys, "validate", "--strict", folder)[0] == 1


# --- CSV: nothing a spreadsheet runs, one row per card ---------------------------------------

HOSTILE_CELLS = ['=HYPERLINK(\\"http://x.test\\")', "+1+1", "-2+3", "@SUM(A1)", "\\tTab", "\\rCR"]


@pytest.mark.parametrize("command", [("export", "--to", "csv"), ("rank", "--csv")])
def test_csv_cells_cannot_run_formulas_or_split_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    folder = tmp_path / "cards"
    for number, cell in enumerate(HOSTILE_CELLS):
        card(
            folder / f"{number}.md",
            title=cell + " line\\rbreak",
            topic=cell,
            url=f"https://a.example/{number}",
        )
    code, out, err = newscard(capsys, *command, folder)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == len(HOSTILE_CELLS)  # a carriage return never splits a row
    for row in rows:
        for column in ("title", "topics"):
            if column in row:
                assert row[column][:1] not in "=+-@\t\r", row
        assert row["heat"] == "-1"  # numbers stay numbers
    titles = sorted(row["title"] for row in rows)
    assert '\'=HYPERLINK("http://x.test") line\rbreak' in titles


@given(st.text(max_size=12))
def test_any_csv_cell_is_safe(text: str) -> None:
    cell = _output.csv_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    if not text.startswith(_output._FORMULA):
        assert cell == text or "\\x" in cell
    assert _output.csv_cell(-1) == -1
    assert _output.csv_cell(True) == "true"


# --- terminals: control characters are shown, never sent ------------------------------------


def test_titles_and_file_names_with_control_characters_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "cards"
    card(folder / "a\x1b[2J.md", title="\\e[31mRED\\a", url="https://a.example/1", quality=9)
    card(folder / "b\nfake: error.md", title="B", url="https://a.example/1", quality=1)
    (folder / "c\x07.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    for args in (("rank",), ("dedup",), ("validate",), ("fmt", "--check")):
        _, out, err = newscard(capsys, *args, folder)
        for stream in (out, err):
            assert "\x1b" not in stream.replace("\r\x1b[K", "")
            assert "\x07" not in stream
            assert "\nfake: error" not in stream
    _code, out, err = newscard(capsys, "rank", folder)
    assert "\\x1b[31mRED\\x07" in out
    assert "a\\x1b[2J.md" in out


@given(st.text())
def test_safe_text_holds_no_control_character(text: str) -> None:
    shown = _output.safe(text)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert "\u202e" not in shown
    assert "\u2028" not in shown


# --- secrets ---------------------------------------------------------------------------------

SECRET = "QUJDREVGR0hJSktMTU5PUA==;MTIzNDU2Nzg5MDEyMzQ1Ng=="  # noqa: S105 - made up


def fragments(text: str) -> bool:
    return any(SECRET[i : i + 4] in text for i in range(len(SECRET) - 3))


@settings(max_examples=50)
@given(
    st.sampled_from(
        [
            f"secured: !!binary {SECRET[:24]}\n",
            f"secured: [{SECRET}]\n",
            f"secured: {{{SECRET}: 1}}\n",
            f"secured: !custom {SECRET}\n",
            f"secured: *{SECRET[:10]}\n",
            f'secured: "{SECRET}"\nsecured: "{SECRET}"\n',
        ]
    )
)
def test_a_secret_is_never_quoted_by_reading_errors(extra: str) -> None:
    import newscard  # noqa: PLC0415

    with pytest.raises(newscard.NewscardError) as caught:
        newscard.loads(f"---\ntitle: x\n{extra}---\n")
    assert not fragments(str(caught.value)), str(caught.value)


@pytest.mark.parametrize("value", [SECRET.encode(), 12345678901234567890, [SECRET], {"k": SECRET}])
def test_a_secret_is_never_quoted_by_construction_or_from_dict(value: object) -> None:
    import newscard  # noqa: PLC0415

    with pytest.raises(newscard.ValidationError) as caught:
        newscard.Article(title="x", secured=value)  # type: ignore[arg-type]
    assert not fragments(str(caught.value)), caught.value
    with pytest.raises(newscard.ValidationError) as caught:
        newscard.from_dict({"title": "x", "secured": value})
    assert not fragments(str(caught.value)), caught.value
    shown = repr(newscard.Article(title="x", secured=SECRET))
    assert not fragments(shown)


# --- every output, for any card the strategies make -----------------------------------------


def _outputs(folder: Path) -> dict[str, tuple[int, str, str]]:
    import contextlib  # noqa: PLC0415

    results = {}
    for args in (
        ("rank",),
        ("rank", "--csv"),
        ("dedup",),
        ("validate",),
        ("export", "--to", "csv"),
        ("export", "--to", "jsonl"),
    ):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main([*args, "-q", os.fspath(folder)])
        results[" ".join(args)] = (code, out.getvalue(), err.getvalue())
    return results


@settings(max_examples=60, deadline=None)
@given(st.lists(articles, min_size=1, max_size=3))
def test_no_card_can_inject_into_any_output(cards: list[Any]) -> None:
    import tempfile  # noqa: PLC0415

    import newscard  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        for number, item in enumerate(cards):
            newscard.dump(item, Path(folder, f"{number}.md"))
        for name, (code, out, err) in _outputs(Path(folder)).items():
            assert code in (0, 1), (name, err)
            if "csv" in name:
                rows = list(csv.reader(io.StringIO(out, newline="")))
                assert len(rows) == len(cards) + 1, name
                for row in rows[1:]:
                    assert not any(
                        cell.startswith(("=", "+", "-", "@")) and not _number(cell) for cell in row
                    )
            elif "jsonl" in name:
                assert len([json.loads(line) for line in out.splitlines()]) == len(cards)
            else:
                for line in (out + err).splitlines():
                    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in line), (
                        name,
                        line,
                    )


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
