"""Side-by-side timing shared by the benchmarks: alternated methods, medians of repeats."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable


def measure(methods: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median seconds per method, the methods alternated so that noise hits each alike."""
    times: dict[str, list[float]] = {name: [] for name in methods}
    for _ in range(repeats):
        for name, method in methods.items():
            gc.collect()
            start = time.perf_counter()
            method()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}
