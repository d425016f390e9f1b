"""Every benchmark, one after the other, each in a fresh process: one command for all tables.

Run: python benchmarks/run.py [--quick]
after ``pip install -e . -r benchmarks/requirements.txt -r benchmarks/requirements-urls.txt
-r benchmarks/requirements-stories.txt``.
``--quick`` uses small sizes to check that everything runs (its figures are not meant to be
quoted). Each script prints its own tables; see docs/performance.md for the figures.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

FULL = {
    "bench_core.py": ["--cards", "2000", "--repeats", "7"],
    "bench_pure.py": ["--cards", "200", "--repeats", "5"],
    "bench_urls.py": [],
    "eval_urls.py": [],
    "bench_dedup.py": [],
    "bench_rank.py": [],
    "bench_stories.py": ["--per-day", "300"],
    "eval_stories.py": ["--curves", "--split", "--ablation"],
    "bench_scale.py": ["--sizes", "2500", "10000", "100000"],
}
QUICK = {
    "bench_core.py": ["--cards", "100", "--repeats", "2"],
    "bench_pure.py": ["--cards", "20", "--repeats", "2"],
    "bench_urls.py": [],
    "eval_urls.py": [],
    "bench_dedup.py": ["1000", "10000"],
    "bench_rank.py": ["1000", "10000"],
    "bench_stories.py": ["--repeats", "1", "2000"],
    "eval_stories.py": [],
    "bench_scale.py": ["--sizes", "500", "1000", "--repeats", "1"],
}


def main() -> int:
    plan = QUICK if "--quick" in sys.argv[1:] else FULL
    for script, arguments in plan.items():
        print(f"\n# {script} {' '.join(arguments)}".rstrip(), flush=True)
        done = subprocess.run([sys.executable, str(HERE / script), *arguments], check=False)
        if done.returncode:
            print(f"{script} failed with exit code {done.returncode}", file=sys.stderr)
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
