"""What every benchmark here shares: the best of several runs, each from a clean heap."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def best_of(repeat: int, action: Callable[[], object]) -> float:
    """The fastest of `repeat` runs, in seconds: the least noisy estimate on a shared machine."""
    times = []
    for _ in range(repeat):
        gc.collect()  # each run starts from the same clean heap
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)
