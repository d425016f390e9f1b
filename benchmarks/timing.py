"""Side-by-side timing shared by the benchmarks: alternated methods, medians of repeats."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable


def measure(
    methods: dict[str, Callable[[], object]],
    repeats: int,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, float]:
    """Median seconds per method, the methods alternated so that noise hits each alike.

    ``clock=time.process_time`` counts the CPU time of this process only, for a machine
    whose cores other work shares.
    """
    times: dict[str, list[float]] = {name: [] for name in methods}
    for _ in range(repeats):
        for name, method in methods.items():
            gc.collect()
            start = clock()
            method()
            times[name].append(clock() - start)
    return {name: statistics.median(values) for name, values in times.items()}
