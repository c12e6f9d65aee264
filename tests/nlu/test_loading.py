"""A loader asked for by many threads at once runs once, and each of them gets its value."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.nlu.loading import load_once


def test_a_slow_load_asked_for_by_many_threads_at_once_runs_once() -> None:
    ran: list[str] = []

    @load_once
    def gazetteer(name: str) -> dict[str, str]:
        ran.append(name)
        time.sleep(0.05)  # long enough for every other thread to arrive while it runs
        return {"bryssel": "Bryssel"}

    start = threading.Barrier(8)

    def ask(_: int) -> dict[str, str]:
        start.wait()
        return gazetteer("cities")

    with ThreadPoolExecutor(8) as pool:
        values = list(pool.map(ask, range(8)))
    assert ran == ["cities"]
    assert gazetteer.loads == 1
    assert all(value is values[0] for value in values)


def test_each_argument_is_loaded_once_and_cache_clear_loads_again() -> None:
    @load_once
    def lexicon(language: str) -> str:
        return language.upper()

    assert (lexicon("sv"), lexicon("en"), lexicon("sv")) == ("SV", "EN", "SV")
    assert lexicon.loads == 2
    lexicon.cache_clear()
    assert lexicon("sv") == "SV"
    assert lexicon.loads == 1


def test_a_failed_load_is_tried_again_by_the_next_caller() -> None:
    attempts: list[int] = []

    @load_once
    def flaky() -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("cache file unreadable")
        return 42

    with pytest.raises(OSError):
        flaky()
    assert flaky() == 42
    assert flaky.loads == 1
