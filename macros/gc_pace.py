"""How often the garbage collector runs while a command or the handbook's layout works.

CPython collects after every 700 net allocations. A short command leaves little cyclic garbage,
and WeasyPrint's layout of the handbook builds hundreds of thousands of long-lived boxes that every
full collection walks again: at the default pace the collector took ~6% of `roadmap validate` and
over a quarter of the handbook's layout (25.9 -> 18.3 s CPU). `collect_less_often()` uses mypy's
thresholds for the duration of a call and then puts back what was there.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

THRESHOLDS = (200_000, 30, 30)  # as mypy sets them


@contextlib.contextmanager
def collect_less_often() -> Iterator[None]:
    previous = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
