"""A results cache on disk for slow, pure computations that several notebook runs repeat.

The explorable figures' grids take seconds each, and one test run executes each chapter
several times (nbval, the byte-identity check, every scenario, ``make run``). A result is
stored under ``_build/.cache/`` with a key that hashes the function's name and arguments
AND the source of every ``llmscale`` module and every ``data/`` file, so any change to the
library or the data is a miss: the cache can only return what the computation would return.
Writes are atomic (a temporary file, then ``os.replace``), so parallel runs can share it.
Set ``LLMSCALE_NO_CACHE=1`` to bypass it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

LIB = Path(__file__).resolve().parent


@functools.cache
def _code_and_data_digest(data_dir: str) -> str:
    h = hashlib.sha256()
    for p in sorted(LIB.rglob("*.py")) + sorted(Path(data_dir).glob("*.csv")):
        h.update(str(p.name).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def cached(fn):
    """Memoise ``fn`` on disk (see the module docstring); arguments must have a stable ``repr``."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from . import catalog

        if os.environ.get("LLMSCALE_NO_CACHE"):
            return fn(*args, **kwargs)
        data_dir = str(catalog.data_dir())
        key = hashlib.sha256(repr((fn.__module__, fn.__qualname__, args, sorted(kwargs.items()),
                                   _code_and_data_digest(data_dir))).encode()).hexdigest()
        folder = Path(data_dir).resolve().parent / "_build" / ".cache" / "results"
        path = folder / f"{fn.__name__}-{key[:32]}.pkl"
        if path.exists():
            try:
                with path.open("rb") as fh:
                    return pickle.load(fh)
            except Exception:  # noqa: BLE001 - a damaged entry is recomputed and rewritten
                pass
        result = fn(*args, **kwargs)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:  # a read-only checkout still computes, it just does not remember
            pass
        return result

    return wrapper
