"""The newscard command, driven as a user would: a subprocess, exit codes, output formats.

A few tests call ``main([...])`` in-process where a subprocess cannot set the scene
(a write that fails, a terminal on stderr).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import newscard._cli as cli
from conftest import FIXTURES
from newscard import from_dict, load, to_dict
from newscard._cli import _common, fmt
from newscard._jsonschema import json_schema
from newscard._version import __version__

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
BROKEN = EXAMPLES / "broken" / "2024-03-11-upload-cut-short.md"
MOJIBAKE = EXAMPLES / "2024-03-08-tram-timetables-get-a-rewrite.md"
GOOD = sorted(EXAMPLES.glob("*.md"))
DUPLICATES = {
    "2024-03-02-library-soil-sensors-syndicated.md",
    "2024-03-03-mine-shaft-batteries-amp.md",
    "2024-03-05-harbour-cranes-go-electric.md",
    "2024-03-07-glacier-watch-satellite.md",
}


def run(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m newscard ARGS``; stdin closed, stdout and stderr captured (not terminals)."""
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "newscard", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        cwd=cwd,
        env=None if env is None else {**os.environ, **env},
        check=False,
    )


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A copy of examples/ to change freely."""
    target = tmp_path / "examples"
    shutil.copytree(EXAMPLES, target)
    return target


def count_files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


# --- the command as a whole ------------------------------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"newscard {__version__}"


def test_no_command_prints_help_and_exits_2() -> None:
    result = run()
    assert result.returncode == 2
    assert "validate" in result.stderr
    assert "usage: newscard" in result.stderr


@pytest.mark.parametrize("command", ["validate", "fmt", "dedup", "rank", "export", "schema"])
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0
    assert f"usage: newscard {command}" in result.stdout


@pytest.mark.parametrize("command", ["validate", "fmt", "dedup", "rank", "export"])
def test_a_missing_path_is_a_usage_error(command: str, tmp_path: Path) -> None:
    result = run(command, tmp_path / "nowhere")
    assert result.returncode == 2
    assert f"no such file or folder: {tmp_path / 'nowhere'}" in result.stderr


def test_bad_option_value_is_a_usage_error() -> None:
    result = run("rank", EXAMPLES, "--half-life", "soon")
    assert result.returncode == 2
    assert "not a duration: 'soon'" in result.stderr


# --- validate --------------------------------------------------------------------------------


def test_validate_examples_lists_the_broken_card_and_the_warnings() -> None:
    result = run("validate", "examples", cwd=ROOT)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        (
            "examples/2024-03-08-tram-timetables-get-a-rewrite.md:3:8: title: warning: looks "
            "like mojibake (UTF-8 read as cp1252): 'networkâ€™s' should probably read 'network’s'"
        ),
        (
            "examples/2024-03-08-tram-timetables-get-a-rewrite.md:4:10: excerpt: warning: looks "
            "like mojibake (UTF-8 read as cp1252): 'cityâ€™s' should probably read 'city’s'"
        ),
        (
            "examples/broken/2024-03-11-upload-cut-short.md:8:10: quality: expected an integer, "
            "got the string 'high'"
        ),
    ]
    assert "31 files checked: 1 invalid, 2 warnings" in result.stderr


def test_validate_good_cards_exit_0_and_warnings_do_not_fail() -> None:
    result = run("validate", *GOOD)
    assert result.returncode == 0
    assert all(": warning: " in line for line in result.stdout.splitlines())


def test_validate_strict_fails_on_warnings() -> None:
    assert run("validate", "--strict", MOJIBAKE).returncode == 1
    assert run("validate", "--strict", GOOD[0]).returncode == 0


def test_validate_json() -> None:
    result = run("validate", "--format", "json", "-q", EXAMPLES)
    assert result.returncode == 1
    assert result.stderr == ""
    problems = json.loads(result.stdout)
    assert [p["severity"] for p in problems] == ["warning", "warning", "error"]
    assert problems[2] == {
        "file": os.fspath(BROKEN),
        "line": 8,
        "column": 10,
        "path": "quality",
        "message": "expected an integer, got the string 'high'",
        "severity": "error",
    }
    assert run("validate", "--json", GOOD[0]).stdout.strip() == "[]"


def test_validate_folder_with_several_broken_cards(tmp_path: Path) -> None:
    for path in GOOD[:5]:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "a-no-fences.md").write_text("just text\n", encoding="utf-8")
    (tmp_path / "z-bad-yaml.md").write_text("---\ntitle: x\n  y: z\n---\n", encoding="utf-8")
    (tmp_path / "m-latin1.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    result = run("validate", tmp_path)
    assert result.returncode == 1
    files = [Path(line.split(":", 1)[0]).name for line in result.stdout.splitlines()]
    assert files == ["a-no-fences.md", "m-latin1.md", "z-bad-yaml.md"]
    assert "8 files checked: 3 invalid, 0 warnings" in result.stderr
    assert f"{tmp_path / 'm-latin1.md'}:2:11: not UTF-8: byte 0xe9" in result.stdout


def test_validate_warns_about_unsafe_urls(tmp_path: Path) -> None:
    card = tmp_path / "card.txt"  # named explicitly: read whatever the extension
    card.write_text('---\ntitle: "Click"\nwebUrl: "javascript:alert(1)"\n---\n', encoding="utf-8")
    result = run("validate", card)
    assert result.returncode == 0
    assert result.stdout == (
        f"{card}:3:9: webUrl: warning: unsafe URL scheme 'javascript:' "
        "(runs or embeds content; not a web page)\n"
    )


# --- fmt -------------------------------------------------------------------------------------


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """One card in the reference style, two in other styles, one broken."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(GOOD[0], folder / "reference.md")
    shutil.copy(FIXTURES / "styles" / "indent-four.md", folder / "indent-four.md")
    shutil.copy(FIXTURES / "styles" / "plain-older.md", folder / "plain-older.md")
    shutil.copy(BROKEN, folder / "broken.md")
    old = 1_600_000_000
    for path in folder.iterdir():
        os.utime(path, (old, old))
    return folder


def test_fmt_check_lists_what_would_change_and_changes_nothing(mixed: Path) -> None:
    before = {p: p.read_bytes() for p in mixed.iterdir()}
    result = run("fmt", "--check", mixed)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"would reformat {mixed / 'indent-four.md'}",
        f"would reformat {mixed / 'plain-older.md'}",
    ]
    assert f"{mixed / 'broken.md'}:8:10: quality:" in result.stderr
    assert {p: p.read_bytes() for p in mixed.iterdir()} == before


def test_fmt_rewrites_losslessly_and_leaves_formatted_files_alone(mixed: Path) -> None:
    cards = {name: load(mixed / name) for name in ("indent-four.md", "plain-older.md")}
    reference_mtime = (mixed / "reference.md").stat().st_mtime_ns
    result = run("fmt", mixed)
    assert result.returncode == 1  # the broken card
    assert result.stdout.splitlines() == [
        f"reformatted {mixed / 'indent-four.md'}",
        f"reformatted {mixed / 'plain-older.md'}",
    ]
    assert (mixed / "reference.md").stat().st_mtime_ns == reference_mtime
    assert (mixed / "broken.md").stat().st_mtime_ns == 1_600_000_000 * 10**9
    for name, card in cards.items():
        assert load(mixed / name) == card
    (mixed / "broken.md").unlink()
    mtimes = {p: p.stat().st_mtime_ns for p in mixed.iterdir()}
    again = run("fmt", mixed)
    assert again.returncode == 0
    assert again.stdout == ""
    assert {p: p.stat().st_mtime_ns for p in mixed.iterdir()} == mtimes
    assert run("fmt", "--check", mixed).returncode == 0


def test_fmt_examples_are_already_formatted() -> None:
    result = run("fmt", "--check", *GOOD)
    assert result.returncode == 0
    assert result.stdout == ""


def test_fmt_leaves_a_read_only_file_alone(mixed: Path) -> None:
    target = mixed / "indent-four.md"
    before = target.read_bytes()
    target.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # no write bit: refused even to root
    try:
        result = run("fmt", target)
    finally:
        target.chmod(0o644)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{target}: cannot write: read-only file; left unchanged"
    )
    assert target.read_bytes() == before


def test_fmt_reports_a_failed_write(
    mixed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(path: str, data: bytes, expect: object) -> None:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(fmt, "write_file", refuse)
    target = mixed / "plain-older.md"
    before = target.read_bytes()
    assert cli.main(["fmt", os.fspath(target)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{target}: cannot write: Permission denied; left unchanged" in captured.err
    assert "0 files reformatted, 0 already formatted, 1 failed" in captured.err
    assert target.read_bytes() == before


# --- dedup -----------------------------------------------------------------------------------


def test_dedup_reports_groups_and_exits_0_despite_the_broken_card() -> None:
    result = run("dedup", "examples", cwd=ROOT)
    assert result.returncode == 0
    assert "examples/broken/2024-03-11-upload-cut-short.md:8:10:" in result.stderr
    assert "examples/2024-03-04-harbour-cranes-go-electric.md: keep (quality 118)" in (
        result.stdout
    )
    assert (
        "  examples/2024-03-05-harbour-cranes-go-electric.md: duplicate (quality 74) via "
        "https://harbourgazette.example/2024/03/04/harbour-cranes-go-electric"
    ) in result.stdout.splitlines()
    assert run("dedup", "--strict", "examples", cwd=ROOT).returncode == 1


def test_dedup_json() -> None:
    result = run("dedup", "--json", "-q", *GOOD)
    assert result.returncode == 0
    groups = json.loads(result.stdout)
    dropped = {Path(d["file"]).name for g in groups for d in g["duplicates"]}
    assert dropped == DUPLICATES
    glacier = next(g for g in groups if "glacier" in g["file"])
    assert glacier["quality"] == 124
    (duplicate,) = glacier["duplicates"]
    assert duplicate["canonicalUrl"] == (
        "https://openorbit.example/2024/03/06/glacier-watch-satellite"
    )


def test_dedup_move_to_keeps_every_file(examples: Path, tmp_path: Path) -> None:
    aside = tmp_path / "aside"
    aside.mkdir()
    # a file of the same name is already there: it must not be overwritten
    (aside / "2024-03-07-glacier-watch-satellite.md").write_text("earlier\n", encoding="utf-8")
    total = count_files(examples) + count_files(aside)
    result = run("dedup", examples, "--move-to", aside)
    assert result.returncode == 0
    assert count_files(examples) + count_files(aside) == total
    moved = {p.name for p in aside.iterdir()}
    assert moved == {*DUPLICATES, "2024-03-07-glacier-watch-satellite-1.md"}
    assert (aside / "2024-03-07-glacier-watch-satellite.md").read_text() == "earlier\n"
    assert not any((examples / name).exists() for name in DUPLICATES)
    assert (examples / "2024-03-04-harbour-cranes-go-electric.md").exists()
    assert run("dedup", "--json", "-q", examples).stdout.strip() == "[]"


def test_dedup_move_to_inside_the_folder_is_not_read_again(examples: Path) -> None:
    aside = examples / "duplicates"
    first = run("dedup", "--json", examples, "--move-to", aside)
    assert len(json.loads(first.stdout)) == 4
    again = run("dedup", "--json", examples, "--move-to", aside)
    assert json.loads(again.stdout) == []
    assert len(list(aside.iterdir())) == 4


# --- rank ------------------------------------------------------------------------------------


def test_rank_examples_exits_0_and_lists_the_broken_card_on_stderr() -> None:
    result = run("rank", "examples/", cwd=ROOT)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["#", "quality", "heat", "date", "pub", "provider", "title", "file"]
    assert len(lines) == 1 + 30
    assert lines[1].split()[:3] == ["1", "131", "140"]
    assert lines[1].endswith("examples/2024-03-03-old-mine-shafts-become-gravity-batteries.md")
    widths = {line.index("examples/") for line in lines[1:]}
    assert len(widths) == 1  # the file column is aligned
    assert "upload-cut-short.md:8:10: quality:" in result.stderr
    assert run("rank", "--strict", EXAMPLES).returncode == 1


def test_rank_json_options() -> None:
    result = run(
        "rank", "--json", "--limit", "5", "--max-per-provider", "1", "--min-quality", "90", *GOOD
    )
    assert result.returncode == 0
    rows = json.loads(result.stdout)
    assert [row["rank"] for row in rows] == [1, 2, 3, 4, 5]
    qualities = [row["quality"] for row in rows]
    assert qualities == sorted(qualities, reverse=True)
    assert min(qualities) >= 90
    assert len({row["domain"] for row in rows}) == 5


def test_rank_half_life_and_csv() -> None:
    result = run(
        "rank", "--csv", "--half-life", "1d", "--now", "2024-03-10T18:00:00Z", "--limit", "3", *GOOD
    )
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "rank",
        "quality",
        "heat",
        "score",
        "publishedDateTime",
        "provider",
        "domain",
        "title",
        "webUrl",
        "published",
        "file",
    ]
    assert rows[0]["title"] == ("Repair scores printed on laptop boxes, six months on")
    scores = [float(row["score"]) for row in rows]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90m", 5400), ("24h", 86400), ("7d", 604800), ("2w", 1209600), ("1d12h", 129600)],
)
def test_durations(text: str, seconds: float) -> None:
    assert _common.parse_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["", "24", "h", "0h", "-1d", "1y", "1d 2h"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(Exception, match="duration"):
        _common.parse_duration(text)


# --- export ----------------------------------------------------------------------------------


def test_export_json_round_trips_through_from_dict() -> None:
    result = run("export", "--to", "json", *GOOD)
    assert result.returncode == 0
    objects = json.loads(result.stdout)
    assert len(objects) == len(GOOD)
    for data, path in zip(objects, GOOD, strict=True):
        assert "file" not in data
        assert data == to_dict(load(path), json=True)
        assert from_dict(data) == load(path)


def test_export_jsonl_with_file_to_an_output_file(tmp_path: Path) -> None:
    output = tmp_path / "cards.jsonl"
    result = run("export", "--to", "jsonl", "--with-file", "-o", output, "-q", EXAMPLES)
    assert result.returncode == 0
    assert result.stdout == ""
    lines = output.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 30
    first = json.loads(lines[0])
    assert first["file"] == os.fspath(GOOD[0])
    assert first["publishedDateTime"].endswith("Z")


def test_export_csv_columns() -> None:
    result = run("export", "--to", "csv", *GOOD)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "title",
        "publishedDateTime",
        "webUrl",
        "provider",
        "domain",
        "quality",
        "heat",
        "topics",
        "file",
    ]
    assert len(rows) == len(GOOD)
    cranes = next(row for row in rows if row["file"].endswith("04-harbour-cranes-go-electric.md"))
    assert cranes["topics"] == "Energy;Transport"
    assert cranes["quality"] == "118"


def test_export_is_utf8_whatever_the_locale() -> None:
    result = run("export", "--to", "jsonl", MOJIBAKE, env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0
    assert json.loads(result.stdout)["excerpt"].startswith("Counters on every door")
    assert "cityâ€™s" in result.stdout


# --- schema ----------------------------------------------------------------------------------


def test_schema_prints_the_json_schema() -> None:
    result = run("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == json_schema()


# --- progress --------------------------------------------------------------------------------


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    for copy in range(40):
        for path in GOOD:
            shutil.copy(path, tmp_path / f"{copy:02}-{path.name}")
    result = run("validate", tmp_path)
    assert result.returncode == 0
    assert "\r" not in result.stderr
    assert result.stderr == "1200 files checked: 0 invalid, 80 warnings\n"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("quiet", [False, True])
def test_progress_bar_on_a_terminal_unless_quiet(
    monkeypatch: pytest.MonkeyPatch, quiet: bool
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(_common.Progress, "_DELAY", 0.0)
    monkeypatch.setattr(_common.Progress, "_EVERY", 0.0)
    args: list[Any] = ["rank", os.fspath(EXAMPLES), *(["--quiet"] if quiet else [])]
    assert cli.main(args) == 0
    shown = terminal.getvalue()
    if quiet:
        assert "\r" not in shown
        assert "upload-cut-short.md:8:10" in shown  # problems are never silenced
    else:
        assert "\rreading [" in shown
        assert "31/31" in shown
        assert shown.count("\r\x1b[K") >= 1  # cleared before messages and at the end
