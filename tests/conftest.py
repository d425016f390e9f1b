from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from hypothesis import HealthCheck, settings

from newscard import _cli as cli
from newscard import _reader

settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=100, deadline=None)
# Campaigns: HYPOTHESIS_PROFILE=long HYPOTHESIS_EXAMPLES=20000 pytest tests/test_scan.py
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "10000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def examples(usual: int) -> int:
    """A test's own example count, or the campaign's under the ``long`` profile."""
    if os.environ.get("HYPOTHESIS_PROFILE") == "long":
        return int(os.environ.get("HYPOTHESIS_EXAMPLES", "10000"))
    return usual


settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_cards() -> list[Path]:
    """The reference card and the real corpus, when the shared folder is beside the repo."""
    cards = sorted((SHARED / "seed").glob("*")) + sorted((SHARED / "corpus" / "ai").glob("*.md"))
    return [p for p in cards if p.name != "SOURCES.md"]


def style_fixtures() -> list[Path]:
    return sorted((FIXTURES / "styles").glob("*.md"))


def _ids(paths: list[Path]) -> list[str]:
    return [p.name[:60] for p in paths]


SHARED_CARDS = shared_cards()
STYLE_FIXTURES = style_fixtures()

needs_shared = pytest.mark.skipif(
    not SHARED_CARDS,
    reason=f"the shared card corpus is not at {SHARED} (it sits beside the repository)",
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "shared_card" in metafunc.fixturenames:
        cards: list[Path | None] = [*SHARED_CARDS] or [None]
        metafunc.parametrize(
            "shared_card", cards, ids=_ids(SHARED_CARDS) if SHARED_CARDS else ["absent"]
        )
    if "style_card" in metafunc.fixturenames:
        metafunc.parametrize("style_card", STYLE_FIXTURES, ids=_ids(STYLE_FIXTURES))


@pytest.fixture
def shared_path(shared_card: Path | None) -> Path:
    if shared_card is None:
        pytest.skip(f"the shared card corpus is not at {SHARED} (it sits beside the repository)")
    return shared_card


@pytest.fixture(params=["scanner", "libyaml"], scope="module")
def reader_path(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a module's tests with the line scanner on, then with libyaml reading every card."""
    scan = _reader._fast
    if request.param == "libyaml":
        _reader._fast = None
    try:
        yield request.param
    finally:
        _reader._fast = scan


def run_cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """``newscard ARGS`` in this process: the exit code (argparse's too), stdout, stderr."""
    try:
        code = cli.main([os.fspath(arg) for arg in args])
    except SystemExit as stop:  # usage errors leave through argparse
        code = cast("int", stop.code)
    out, err = capsys.readouterr()
    return code, out, err


ORIGINAL_CARD = '---\ntitle: "Original"\nquality: 5\n---\nBody.\n'
"""The card the write tests start from."""


@pytest.fixture
def card_file(tmp_path: Path) -> Path:
    """A file holding ``ORIGINAL_CARD``."""
    path = tmp_path / "card.md"
    path.write_text(ORIGINAL_CARD, encoding="utf-8")
    return path


def listing(folder: Path) -> list[str]:
    """The names in a folder, sorted."""
    return sorted(p.name for p in folder.iterdir())
