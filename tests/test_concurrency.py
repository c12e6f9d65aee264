"""Many people writing at once, as in the first second of `utblick serve`: every turn is answered and the
language data each turn builds on (the gazetteer, the strategy's index) is loaded once, not per thread."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from bot.app import App
from bot.conversation import TurnResult
from bot.knowledge import analysis
from bot.knowledge.answers import answerer_for
from bot.messages import Message
from bot.nlu import places
from bot.platforms.console import CHANNEL, sender_for
from storage import people

THREADS = 16
# A trip (places and dates), a question about the strategy (retrieval, stemming), an overview (the database).
MESSAGES = (
    "Jag var på en konferens i Bryssel den 3 november",
    "Måste flyget klimatkompenseras?",
    "mina aktiviteter",
    "We met our partners in Kaunas last week",
    "Who follows up the strategy?",
)


def test_many_threads_through_the_engine_fail_no_turn_and_load_the_gazetteer_once(app: App) -> None:
    senders = [sender_for(f"person{number}@vaxjo.se") for number in range(THREADS)]
    # They are known already, as in a running deployment. (A stranger's first turn writes their row
    # before it understands the message, and SQLite has one writer: while a cold gazetteer loads, the
    # others would wait on that lock rather than on the loader's.)
    with app.database.session_scope() as session:
        for sender in senders:
            people.find_or_create(session, sender.identity)
    places._gazetteer.cache_clear()  # as in a fresh process: nothing loaded yet
    answerer_for.cache_clear()
    start = threading.Barrier(THREADS)

    def person(number: int) -> list[TurnResult]:
        sender = senders[number]
        start.wait()  # everyone writes in the same instant
        return [app.engine.handle(Message(sender=sender, channel=CHANNEL, text=text)) for text in MESSAGES]

    with ThreadPoolExecutor(THREADS) as pool:
        results = [result for turns in pool.map(person, range(THREADS)) for result in turns]

    assert len(results) == THREADS * len(MESSAGES)
    assert [r for r in results if r.failed] == []
    assert all(r.replies for r in results)
    assert places._gazetteer.loads == 1
    assert answerer_for.loads == 1


def test_stemming_from_many_threads_gives_what_one_thread_gives() -> None:
    # Past the word caches, straight to the Snowball stemmers, which keep the word they work on in fields.
    stem_sv, stem_en = analysis.stem_sv.__wrapped__, analysis.stem_en.__wrapped__
    words = [w for w in "kompetensutvecklingen internationaliseringsarbetet samarbetena nätverken".split()] * 50
    expected = [(stem_sv(w), stem_en(w)) for w in words]
    start = threading.Barrier(THREADS)

    def stem_all(_: int) -> list[tuple[str, str]]:
        start.wait()
        return [(stem_sv(w), stem_en(w)) for _ in range(20) for w in words][: len(words)]

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(pool.map(stem_all, range(THREADS)))
    assert all(outcome == expected for outcome in outcomes)
