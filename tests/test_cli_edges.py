"""The newscard command's edges, in-process: bad values, failures, interrupts, the progress bar.

``main([...])`` runs here with ``capsys`` wherever it can; a subprocess only where the
scene needs a real process (a closed pipe on stdout, the installed entry point).
"""

from __future__ import annotations

import csv
import errno
import importlib.metadata
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TextIO, cast

import attrs
import pytest

import newscard._cli as cli
from conftest import FIXTURES, run_cli
from newscard import Article, dumps, load
from newscard._cli import _common, dedup, fmt

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOOD = sorted(EXAMPLES.glob("*.md"))

CARD = """\
---
title: "{title}"
publishedDateTime: 2024-03-01T10:00:00Z
webUrl: "{url}"
quality: {quality}
---
"""


newscard = run_cli


def card(
    path: Path, title: str = "A card", url: str = "https://a.example/x", quality: Any = 50
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CARD.format(title=title, url=url, quality=quality), encoding="utf-8")
    return path


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


# --- the entry points ------------------------------------------------------------------------


def test_the_console_script_is_main_and_importing_it_runs_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    (script,) = importlib.metadata.entry_points(group="console_scripts", name="newscard")
    assert script.value == "newscard.__main__:main"
    assert script.load() is cli.main  # imports newscard.__main__ as a module: no command runs
    assert capsys.readouterr() == ("", "")


def test_main_without_a_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = newscard(capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("usage: newscard")


# --- bad values on the command line ----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rank", "--now", "soon"], "argument --now: not a timestamp: 'soon' (use ISO 8601"),
        (["rank", "--now", "2024-03-10"], "argument --now: not a timestamp: '2024-03-10'"),
        (["rank", "--limit", "few"], "argument --limit: not a whole number: 'few'"),
        (["rank", "--limit", "-1"], "argument --limit: must be at least 0, got -1"),
        (["rank", "--max-per-provider", "0"], "argument --max-per-provider: must be at least 1"),
        (["rank", "--min-quality", "high"], "argument --min-quality: not a number: 'high'"),
        (["rank", "--min-quality", "nan"], "argument --min-quality: not a number: nan"),
        (["rank", "--half-life", "0h"], "argument --half-life: the duration must be positive"),
        (["validate", "-j", "0"], "argument -j/--workers: must be at least 1, got 0"),
        (["validate", "-j", "many"], "argument -j/--workers: not a whole number: 'many'"),
    ],
)
def test_bad_option_values_are_usage_errors(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = newscard(capsys, *args, EXAMPLES)
    assert code == 2
    assert out == ""
    assert message in err


def test_good_option_values_are_taken(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--limit", "0", "--min-quality", "-1.5", "--max-per-provider", "1"]
    code, out, _ = newscard(capsys, "rank", "--json", "--now", "2024-03-10 18:00:00", *args, *GOOD)
    assert code == 0
    assert json.loads(out) == []


@pytest.mark.parametrize("workers", ["auto", "2"])
def test_workers_give_the_same_output(capsys: pytest.CaptureFixture[str], workers: str) -> None:
    code, serial, serial_err = newscard(capsys, "rank", "--json", EXAMPLES)
    assert code == 0
    code, parallel, parallel_err = newscard(capsys, "rank", "--json", "-j", workers, EXAMPLES)
    assert code == 0
    assert parallel == serial
    assert parallel_err == serial_err
    assert len(json.loads(parallel)) == 30


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "--json"],
        ["validate"],
        ["rank", "--csv", "--limit", "5"],
        ["rank", "--strict"],
        ["dedup", "--json"],
        ["export", "--to", "jsonl"],
        ["stories", "--json"],
    ],
)
def test_every_command_answers_alike_in_processes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    """Workers send back each card's result: output and exit code are one process's."""
    folder = tmp_path / "news"
    shutil.copytree(EXAMPLES, folder)
    shutil.copy(GOOD[0], folder / "zz-copy.md")  # a duplicate for dedup and stories
    (folder / "broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    (folder / "wrong.md").write_text('---\ntitle: "x"\nquality: "5"\n---\n', encoding="utf-8")
    serial = newscard(capsys, *command, "-j", "1", folder)
    parallel = newscard(capsys, *command, "-j", "2", folder)
    assert parallel == serial
    assert "broken.md" in serial[1] + serial[2]  # reported alike
    assert serial[0] == (
        1 if command[0] == "validate" or "--strict" in command else 0
    )  # others exit 1 with --strict


def test_a_missing_path_in_process(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = newscard(capsys, "export", EXAMPLES, tmp_path / "nowhere")
    assert (code, out) == (2, "")
    assert err == f"newscard export: error: no such file or folder: {tmp_path / 'nowhere'}\n"


# --- files that cannot be read ---------------------------------------------------------------


@pytest.fixture
def unreadable(tmp_path: Path) -> Path:
    """A folder with a good card and a ``*.md`` link to nowhere: found, then not readable."""
    folder = tmp_path / "cards"
    card(folder / "a.md")
    (folder / "b.md").symlink_to(folder / "gone.md")
    return folder


def test_validate_reports_a_file_it_cannot_read(
    capsys: pytest.CaptureFixture[str], unreadable: Path
) -> None:
    code, out, err = newscard(capsys, "validate", unreadable)
    assert code == 1
    assert out == f"{unreadable / 'b.md'}: cannot read: No such file or directory\n"
    assert err == "2 files checked: 1 invalid, 0 warnings\n"
    code, out, _ = newscard(capsys, "validate", "--json", unreadable)
    assert code == 1
    assert json.loads(out) == [
        {
            "file": os.fspath(unreadable / "b.md"),
            "line": None,
            "column": None,
            "path": "",
            "message": "cannot read: No such file or directory",
            "severity": "error",
        }
    ]


def test_other_commands_list_a_file_they_cannot_read_on_stderr(
    capsys: pytest.CaptureFixture[str], unreadable: Path
) -> None:
    code, out, err = newscard(capsys, "rank", "--json", unreadable)
    assert code == 0
    assert [Path(row["file"]).name for row in json.loads(out)] == ["a.md"]
    assert err.splitlines() == [
        f"{unreadable / 'b.md'}: cannot read: No such file or directory",
        "1 broken file left out (listed above)",
    ]
    assert newscard(capsys, "rank", "--strict", "-q", unreadable)[0] == 1


def test_an_error_without_a_system_message_is_shown_as_is(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(path: Any, **kwargs: Any) -> Article:
        raise OSError("the disk is on fire")

    target = card(tmp_path / "a.md")
    monkeypatch.setattr("newscard._batch.load", fail)
    assert (
        newscard(capsys, "validate", target)[1] == f"{target}: cannot read: the disk is on fire\n"
    )
    assert (
        newscard(capsys, "export", "-q", target)[2]
        == f"{target}: cannot read: the disk is on fire\n"
    )


def _named(error: OSError) -> OSError:
    error.filename = "card.md"  # as load_many names the file of an error that did not
    return error


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (PermissionError(13, "Permission denied", "card.md"), "Permission denied"),
        (_named(OSError("the disk is on fire")), "the disk is on fire"),
        (_named(OSError(5)), "5"),
        (_named(OSError()), "OSError"),
    ],
)
def test_reason_never_repeats_the_file_name(error: OSError, reason: str) -> None:
    assert _common.reason(error) == reason


# --- where validate points -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "path", "key", "where"),
    [
        ('a: 1\ntitle: "caf\\u00e9 x"\n', "title", False, (3, 8)),  # escaped: still found
        ("title: cityâ€™s tram\n", "title", False, (2, 8)),
        # a comment holding the value first does not mislead
        (
            "# javascript:x\nimages:\n  - url: a\n  - url: javascript:x\n",
            "images[1].url",
            False,
            (5, 10),
        ),
        ("provider:\n  name: X\n  domain: d\n", "provider.domain", False, (4, 11)),
        ("webURL: u\n", "webURL", True, (2, 1)),
        ("title: t\n", "related[0].title", False, None),
        ("images: [{url: a}]\n", "images[3]", False, None),
        ("title: t\n", "title.x", False, None),
    ],
)
def test_warnings_point_at_their_value(
    front: str, path: str, key: bool, where: tuple[int, int] | None
) -> None:
    from newscard._locate import Positions  # noqa: PLC0415

    card = load(
        io.BytesIO(f"---\n{front}t: 1\ntitle: t\n---\n".encode())
        if "title" not in front
        else io.BytesIO(f"---\n{front}---\n".encode())
    )
    assert Positions(card._source).of(path, key=key) == where  # type: ignore[arg-type]


def test_a_warning_on_an_escaped_value_points_at_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "card.md"
    target.write_text('---\ntitle: "\\tthe cityâ€™s tram"\n---\n', encoding="utf-8")
    code, out, _ = newscard(capsys, "validate", target)
    assert code == 0
    assert out.startswith(f"{target}:2:8: title: warning: looks like mojibake")
    code, out, _ = newscard(capsys, "validate", "--json", "--strict", target)
    assert code == 1
    (problem,) = json.loads(out)
    assert (problem["line"], problem["column"], problem["path"]) == (2, 8, "title")


# --- fmt -------------------------------------------------------------------------------------


@pytest.fixture
def older(tmp_path: Path) -> Path:
    """A card in an older style: fmt would rewrite it."""
    target = tmp_path / "plain-older.md"
    shutil.copy(FIXTURES / "styles" / "plain-older.md", target)
    return target


@pytest.mark.parametrize(
    "emit",
    [
        lambda card: dumps(attrs.evolve(card, title=f"{card.title}!")),  # changes the data
        lambda _card: "---\ntitle: [unclosed\n---\n",  # cannot be read back
    ],
    ids=["changed", "unreadable"],
)
def test_fmt_never_writes_text_that_does_not_read_back_as_the_card(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    older: Path,
    emit: Any,
) -> None:
    monkeypatch.setattr(fmt, "dumps", emit)
    before = older.read_bytes()
    for check in ([], ["--check"]):
        code, out, err = newscard(capsys, "fmt", *check, older)
        assert code == 1
        assert out == ""
        assert err.splitlines() == [
            f"{older}: cannot be reformatted without changing its data; left unchanged",
            (
                f"0 files {'would be reformatted' if check else 'reformatted'}, "
                "0 already formatted, 1 failed"
            ),
        ]
    assert older.read_bytes() == before


def test_fmt_leaves_a_file_it_may_not_write_alone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, older: Path
) -> None:
    asked: list[tuple[Any, int]] = []

    def access(path: Any, mode: int) -> bool:
        asked.append((path, mode))
        return False

    monkeypatch.setattr(os, "access", access)  # the file has write bits, the user no right
    before = older.read_bytes()
    code, out, err = newscard(capsys, "fmt", older)
    assert code == 1
    assert out == ""
    assert err.splitlines()[0] == f"{older}: cannot write: permission denied; left unchanged"
    assert asked == [(older, os.W_OK)]
    assert older.read_bytes() == before


# --- dedup -----------------------------------------------------------------------------------


def test_move_aside_copies_where_a_link_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def refuse(source: Any, target: Any) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refuse)
    source = card(tmp_path / "cards" / "dup.md", title="moved")
    source.chmod(0o640)
    os.utime(source, (1_600_000_000, 1_600_000_000))
    aside = tmp_path / "aside"
    aside.mkdir()
    (aside / "dup.md").write_text("earlier\n", encoding="utf-8")
    data = source.read_bytes()
    target = dedup.move_aside(source, aside)
    assert target == aside / "dup-1.md"
    assert not source.exists()
    assert target.read_bytes() == data
    assert (target.stat().st_mode & 0o777, target.stat().st_mtime) == (0o640, 1_600_000_000)
    assert (aside / "dup.md").read_text(encoding="utf-8") == "earlier\n"


def test_dedup_move_to_a_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first = card(tmp_path / "cards" / "a.md")
    second = card(tmp_path / "cards" / "b.md")
    blocker = tmp_path / "aside"
    blocker.write_text("not a folder\n", encoding="utf-8")
    code, out, err = newscard(capsys, "dedup", tmp_path / "cards", "--move-to", blocker)
    assert (code, out) == (2, "")
    assert err == f"newscard dedup: error: --move-to: {blocker} is not a folder\n"
    assert first.exists()
    assert second.exists()


def test_dedup_merges_www_and_amp_paths_with_or_without_loose(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    card(tmp_path / "a.md", url="https://www.paper.example/a/b", quality=70)
    card(tmp_path / "b.md", url="https://paper.example/a/b/amp/", quality=80)
    expected = [
        f"{tmp_path / 'b.md'}: keep (quality 80) A card",
        f"  {tmp_path / 'a.md'}: duplicate (quality 70) via https://paper.example/a/b",
    ]
    for loose in ([], ["--loose"]):
        code, out, err = newscard(capsys, "dedup", *loose, tmp_path)
        assert code == 0
        assert out.splitlines() == expected
        assert err == "1 group of duplicates, 1 to drop\n"


# --- rank ------------------------------------------------------------------------------------


@pytest.mark.parametrize("half_life", [[], ["--half-life", "1d"]])
def test_rank_csv_without_rows_still_has_the_header(
    capsys: pytest.CaptureFixture[str], half_life: list[str]
) -> None:
    code, full, _ = newscard(capsys, "rank", "--csv", *half_life, *GOOD)
    assert code == 0
    code, empty, _ = newscard(capsys, "rank", "--csv", "--min-quality", "1000", *half_life, *GOOD)
    assert code == 0
    assert empty == full.splitlines(keepends=True)[0]
    assert ("score" in next(csv.reader([empty]))) == bool(half_life)


def test_rank_table_shows_a_dash_for_what_a_card_lacks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    card(tmp_path / "a.md", title="Scored", quality=80)
    (tmp_path / "b.md").write_text('---\ntitle: "Bare"\n---\n', encoding="utf-8")
    args = ("--half-life", "1d", "--now", "2024-03-02T10:00:00Z")
    code, out, _ = newscard(capsys, "rank", *args, tmp_path)
    assert code == 0
    assert [line.split() for line in out.splitlines()] == [
        ["#", "quality", "heat", "score", "date", "pub", "provider", "title", "file"],
        [
            "1",
            "80",
            "-",
            "40.0",
            "2024-03-01",
            "10:00",
            "-",
            "-",
            "Scored",
            os.fspath(tmp_path / "a.md"),
        ],
        ["2", "-", "-", "-", "-", "-", "-", "Bare", os.fspath(tmp_path / "b.md")],
    ]


# --- export ----------------------------------------------------------------------------------


def test_export_reports_an_output_it_cannot_write(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "missing" / "cards.json"
    code, out, err = newscard(capsys, "export", "-o", output, *GOOD[:2])
    assert (code, out) == (1, "")
    assert err == f"{output}: cannot write: folder {output.parent} does not exist\n"
    assert not output.parent.exists()


def test_export_to_dash_is_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = newscard(capsys, "export", "--to", "jsonl", "-o", "-", GOOD[0])
    assert (code, err) == (0, "")
    assert json.loads(out)["title"] == load(GOOD[0]).title


def test_data_goes_to_a_stdout_without_a_byte_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    assert cli.main(["export", "--to", "jsonl", *map(os.fspath, GOOD)]) == 0
    lines = out.getvalue().splitlines()
    assert [json.loads(line)["title"] for line in lines] == [load(p).title for p in GOOD]
    assert err.getvalue() == ""


# --- progress, terminals, interrupts and closed pipes ----------------------------------------


def test_progress_waits_then_redraws_at_most_every_tick(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(_common, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    stream = io.StringIO()
    bar = _common.Progress(stream, 4, "reading", enabled=True)
    bar.advance()  # a fast run never shows a bar
    assert (stream.getvalue(), bar.shown) == ("", False)
    clock[0] += 1.0  # past the delay (0.3 s)
    bar.advance()
    assert stream.getvalue() == "\rreading [###############---------------] 2/4"
    clock[0] += 0.05
    bar.advance()  # too soon after the last drawing (0.1 s)
    assert stream.getvalue().count("\r") == 1
    clock[0] += 0.1
    bar.advance()
    assert stream.getvalue().endswith("\rreading [##############################] 4/4")
    bar.clear()
    assert stream.getvalue().endswith("4/4\r\x1b[K")
    bar.clear()  # nothing drawn since: nothing to clear
    assert stream.getvalue().endswith("4/4\r\x1b[K")


def test_no_progress_bar_when_disabled_or_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_common, "time", SimpleNamespace(monotonic=lambda: 0.0))
    stream = io.StringIO()
    for bar in (
        _common.Progress(stream, 3, "x", enabled=False),
        _common.Progress(stream, 0, "x", True),
    ):
        assert not bar.enabled
        bar.advance()
        bar.clear()
        assert bar.done == 1
    assert stream.getvalue() == ""


class _WriteOnly:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, text: str) -> int:
        self.lines.append(text)
        return len(text)

    def flush(self) -> None:
        pass


def test_isatty() -> None:
    closed = io.StringIO()
    closed.close()
    assert _common.isatty(_Terminal()) is True
    assert _common.isatty(io.StringIO()) is False
    assert _common.isatty(closed) is False
    assert _common.isatty(cast("TextIO", _WriteOnly())) is False


def test_a_stderr_without_isatty_gets_no_bar(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _WriteOnly()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(_common.Progress, "_DELAY", 0.0)
    monkeypatch.setattr(_common.Progress, "_EVERY", 0.0)
    assert cli.main(["rank", os.fspath(EXAMPLES)]) == 0
    assert "".join(err.lines).splitlines() == [
        (
            f"{EXAMPLES / 'broken' / '2024-03-11-upload-cut-short.md'}:8:10: quality: "
            "expected an integer, got the string 'high'"
        ),
        "1 broken file left out (listed above)",
    ]
    assert len(capsys.readouterr().out.splitlines()) == 31


def test_validate_clears_the_bar_before_each_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal, out = _Terminal(), _Terminal()  # stdout and stderr: the same screen
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(_common.Progress, "_DELAY", 0.0)
    monkeypatch.setattr(_common.Progress, "_EVERY", 0.0)
    shown: list[str] = []

    def write(text: str) -> int:
        shown.append(terminal.getvalue())  # the screen as each problem line is written
        return len(text)

    monkeypatch.setattr(out, "write", write)
    assert cli.main(["validate", os.fspath(EXAMPLES)]) == 1
    assert len(shown) == 3  # two warnings and an error, each written with the bar cleared
    assert all(screen.endswith("\r\x1b[K") for screen in shown)


def test_an_interrupt_clears_the_bar_and_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal, out = _Terminal(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(_common.Progress, "_DELAY", 0.0)
    monkeypatch.setattr(_common.Progress, "_EVERY", 0.0)
    read: list[str] = []

    def load_until_interrupted(path: Any, **kwargs: Any) -> Article:
        if len(read) == 3:
            raise KeyboardInterrupt
        read.append(Path(path).name)
        return load(path, **kwargs)

    monkeypatch.setattr("newscard._batch.load", load_until_interrupted)
    assert cli.main(["rank", os.fspath(EXAMPLES)]) == 130
    assert len(read) == 3
    assert "\rreading [" in terminal.getvalue()
    assert terminal.getvalue().endswith("3/31\r\x1b[Kinterrupted\n")
    assert out.getvalue() == ""


def test_an_interrupt_before_any_reading(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(paths: Any, **options: Any) -> list[Path]:
        raise KeyboardInterrupt

    monkeypatch.setattr(_common, "find_cards", interrupted)
    assert newscard(capsys, "export", EXAMPLES) == (130, "", "interrupted\n")


@pytest.mark.parametrize(
    "args",
    [["rank", EXAMPLES], ["validate", EXAMPLES], ["export", EXAMPLES], ["schema"]],
    ids=["text", "text-and-exit-1", "data", "no-cards"],
)
def test_a_closed_pipe_on_stdout_is_not_an_error_of_ours(args: list[str | Path]) -> None:
    """``newscard rank examples/ | true``: exit 1, quietly, without a traceback."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as usual
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte
    try:
        result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "newscard", *[os.fspath(arg) for arg in args]],
            stdin=subprocess.DEVNULL,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            check=False,
        )
    finally:
        os.close(write)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "BrokenPipeError" not in result.stderr
    assert "Exception ignored" not in result.stderr
