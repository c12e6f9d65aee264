"""Data loaded once per process, however many threads ask for it at the same time.

`functools.cache` does not lock: when several Slack listener threads needed the city gazetteer in the
first second of `utblick serve`, each of them built its own copy (eight loads, over a gigabyte resident)
before any of them could store it. `load_once` holds a lock per argument tuple while the loader runs, so
the second thread waits for the first one's value instead of building another, and counts the loads so a
test can see that it happened once. `preload` loads everything a turn may need, so a server can do it
before it accepts requests rather than in the middle of the first ones.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from functools import update_wrapper
from typing import Generic, ParamSpec, TypeVar

from bot.collector import collector_paused

P = ParamSpec("P")
T = TypeVar("T")


class LoadOnce(Generic[P, T]):
    """A memoised loader: each distinct argument tuple is loaded by exactly one thread, once."""

    def __init__(self, load: Callable[P, T]) -> None:
        self._load = load
        self._values: dict[Hashable, T] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()
        self.loads = 0  # how many times the loader actually ran (tests count it)
        update_wrapper(self, load)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        key: Hashable = (args, tuple(sorted(kwargs.items())))
        try:
            return self._values[key]
        except KeyError:
            pass
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._values:  # another thread may have loaded it while this one waited
                with collector_paused():  # what a loader builds stays: no pass over it would free anything
                    self._values[key] = self._load(*args, **kwargs)
                self.loads += 1
            return self._values[key]

    def cache_clear(self) -> None:
        """Forget what was loaded (tests that change the files behind it, or count loads afresh)."""
        with self._guard:
            self._values.clear()
            self._locks.clear()
            self.loads = 0


def load_once(load: Callable[P, T]) -> LoadOnce[P, T]:
    return LoadOnce(load)


def preload() -> None:
    """Load what the language understanding builds on first use: the gazetteer (GeoNames and its cache
    file), the country names, the lexicons and the word-frequency lists."""
    from bot.nlu import lexicon, places

    places.find_places("Konferens i Bryssel, Belgien")
    for language in ("sv", "en"):
        lexicon.lexicon(language)


__all__ = ["LoadOnce", "load_once", "preload"]
