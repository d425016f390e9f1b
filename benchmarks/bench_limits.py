"""The costliest inputs the default limits admit: seconds and peak memory to read each.

Run: python benchmarks/bench_limits.py
Each case runs in a fresh process (peak RSS is per process); the goal is under 2 s and
300 MB for every one. A case refused by a limit is as fast as the limit makes it.
"""

from __future__ import annotations

import subprocess
import sys

SIZE = 8 * 1024 * 1024 - 200
"""Just under the default ``max_size``."""
VALUES = 49_990
"""Just under the default ``max_nodes``."""

CASES = {
    "flow list of empty mappings, 8 MiB": f'"---\\ntitle: x\\nimages: [" + ",".join(["{{}}"] * ({SIZE} // 3)) + "]\\n---\\n"',
    "flow list of integers, 8 MiB": f'"---\\ntitle: x\\nz: [" + ",".join(["1"] * ({SIZE} // 2)) + "]\\n---\\n"',
    "block list of nulls, 8 MiB": f'"---\\ntitle: x\\nz:\\n" + "-\\n" * ({SIZE} // 2) + "---\\n"',
    "timestamps under the value limit": f'"---\\ntitle: x\\nz: [" + ",".join(["2021-05-21T10:00:00.123456+05:30"] * {VALUES}) + "]\\n---\\n"',
    "integers under the value limit": f'"---\\ntitle: x\\nz: [" + ",".join(["12345678901234"] * {VALUES}) + "]\\n---\\n"',
    "mapping keys under the value limit": f'"---\\ntitle: x\\nz: {{" + ",".join("k%d: 1" % i for i in range({VALUES} // 2)) + "}}\\n---\\n"',
    "base-60 number, 8 MiB": f'"---\\ntitle: x\\nz: 1" + ":1" * ({SIZE} // 2) + "\\n---\\n"',
    "digits as a title, 8 MiB": f'"---\\ntitle: " + "1" * {SIZE} + "\\n---\\n"',
    "escapes in one string, 8 MiB": f'"---\\ntitle: \\"" + "\\\\x41" * ({SIZE} // 4) + "\\"\\n---\\n"',
    "1,230-digit integers, 8 MiB": f'"---\\ntitle: x\\nz: [" + ",".join(["9" * 1230] * ({SIZE} // 1231)) + "]\\n---\\n"',
    "line separators in quotes, 8 MiB": f'"---\\ntitle: \\"" + "a\\u2028" * ({SIZE} // 2) + "\\"\\n---\\n"',
    "nested lists, 8 MiB": f'"---\\ntitle: x\\nz: [" + ",".join(["[" * 60 + "]" * 60] * ({SIZE} // 121)) + "]\\n---\\n"',
}

PROGRAM = """
import resource, sys, time
import newscard
text = {build}
start = time.perf_counter()
try:
    newscard.loads(text)
    outcome = "read"
except newscard.NewscardError as error:
    outcome = type(error).__name__
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{seconds:.2f}} {{peak:.0f}} {{outcome}}")
"""


def main() -> int:
    print("| input | seconds | peak RSS (MB) | outcome |")
    print("|---|---|---|---|")
    worst = 0.0
    for name, build in CASES.items():
        done = subprocess.run(
            [sys.executable, "-c", PROGRAM.format(build=build)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            print(f"| {name} | failed | | {done.stderr.strip().splitlines()[-1]} |")
            continue
        seconds, peak, outcome = done.stdout.split()
        worst = max(worst, float(seconds))
        print(f"| {name} | {seconds} | {peak} | {outcome} |")
    print(f"\nslowest: {worst:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
