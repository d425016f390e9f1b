"""The command line on many cards: seconds, cards/s and peak memory, at -j 1 and -j 2.

Run: python benchmarks/bench_scale.py [--sizes 2500 10000 100000] [--scratch DIR] [--repeats 3]

Cards the size of the seed card (about 9 kB each) are written once into a scratch folder,
500 to a subfolder; each size reads the first subfolders. 500 synthetic cards are the
templates; every copy gets URLs of its own, and every 50th card repeats the one before it,
so that dedup has something to find. Each command runs in a fresh process, alternated with
the others, medians of the repeats. Peak RSS is the command's own process (where what it
keeps lives) and, with -j 2, the largest worker.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import corpus

PER_FOLDER = 500
TEMPLATES = 500
COMMANDS = {
    "validate": ["validate", "-q"],
    "rank --limit 10": ["rank", "--limit", "10", "-q"],
    "dedup": ["dedup", "-q"],
}
RUNNER = """
import resource, sys, time
from newscard._cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
seconds = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{seconds} {own} {workers} {code}", file=sys.stderr)
"""


def write_cards(scratch: Path, count: int) -> list[Path]:
    """The subfolders holding ``count`` cards, written if they are not there yet."""
    templates = corpus.texts(TEMPLATES)
    folders = []
    for start in range(0, count, PER_FOLDER):
        folder = scratch / f"{start // PER_FOLDER:04d}"
        folders.append(folder)
        if (folder / ".done").exists():
            continue
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(start, min(start + PER_FOLDER, count)):
            own = number - 1 if number % 50 == 0 and number else number
            text = templates[number % TEMPLATES].replace("https://www.", f"https://www.c{own}.")
            (folder / f"{number:07d}.md").write_text(text, encoding="utf-8")
        (folder / ".done").write_text("", encoding="utf-8")
    return folders


def run(arguments: list[str], folders: list[Path], workers: int) -> tuple[float, float, float]:
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *arguments, "-j", str(workers), *map(str, folders)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    seconds, own, largest, code = done.stderr.strip().splitlines()[-1].split()
    if code not in ("0", "1"):
        raise RuntimeError(done.stderr)
    return float(seconds), float(own), float(largest)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 10_000, 100_000])
    parser.add_argument("--scratch", type=Path, default=None)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    scratch = args.scratch or Path(tempfile.gettempdir()) / f"newscard-scale-{PER_FOLDER}"
    started = time.perf_counter()
    folders = write_cards(scratch, max(args.sizes))
    print(f"cards in {scratch} ({time.perf_counter() - started:.0f} s to write what was missing)")
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}\n")
    print(
        "| cards | command | -j | seconds | cards/s | peak RSS, command (MB) | peak RSS, a worker (MB) |"
    )
    print("|---|---|---|---|---|---|---|")
    results: dict[tuple[int, str, int], tuple[float, float, float]] = {}
    for size in args.sizes:
        chosen = folders[: -(-size // PER_FOLDER)]
        samples: dict[tuple[str, int], list[tuple[float, float, float]]] = {}
        for _ in range(args.repeats):
            for name, arguments in COMMANDS.items():
                for workers in (1, 2):
                    samples.setdefault((name, workers), []).append(run(arguments, chosen, workers))
        for (name, workers), runs in samples.items():
            seconds = statistics.median(r[0] for r in runs)
            own = statistics.median(r[1] for r in runs)
            largest = statistics.median(r[2] for r in runs)
            results[size, name, workers] = (seconds, own, largest)
            count = min(size, len(chosen) * PER_FOLDER)
            shown = f"{largest:.0f}" if workers > 1 else "-"
            print(
                f"| {count:,} | {name} | {workers} | {seconds:.2f} | {count / seconds:,.0f} | {own:.0f} | {shown} |"
            )
    print("\n| cards | command | time -j 2 / -j 1 |")
    print("|---|---|---|")
    for size in args.sizes:
        for name in COMMANDS:
            ratio = results[size, name, 2][0] / results[size, name, 1][0]
            print(f"| {size:,} | {name} | {ratio:.2f} |")
    if len(args.sizes) > 1:
        small, large = args.sizes[0], args.sizes[1]
        print(f"\n| command | peak RSS, {large:,} cards / {small:,} cards (-j 1) |")
        print("|---|---|")
        for name in COMMANDS:
            ratio = results[large, name, 1][1] / results[small, name, 1][1]
            print(f"| {name} | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
