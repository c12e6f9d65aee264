"""A typo in a question is read as the word meant, and only then: a word of its own stays what it is."""

from __future__ import annotations

from bot.knowledge.spelling import Speller

SPELLER = Speller(
    strategy_words=["klimatkompenseras", "kompetensutveckling", "resepolicy", "offset", "planeringskontoret"],
    other_words=["which", "with", "till", "office"],
)


def test_one_letter_wrong_in_a_word_the_bot_knows_is_mended() -> None:
    assert SPELLER.mend("ofset") == "offset"
    assert SPELLER.mend("tll") == "till"
    assert SPELLER.mend("offfice") == "office"
    assert SPELLER.mend("klimatkompensras") == "klimatkompenseras"


def test_a_long_word_of_the_strategy_may_be_two_letters_off() -> None:
    assert SPELLER.mend("kompetensutvekling") == "kompetensutveckling"
    assert SPELLER.mend("kompetnsutvekling") == "kompetensutveckling"


def test_real_words_and_words_outside_the_strategy_stay_as_written() -> None:
    for word in ["resebyrå", "semesterdagar", "hotel", "wish", "visa", "offer"]:
        assert SPELLER.mend(word) == word


def test_the_first_letter_is_trusted() -> None:
    assert SPELLER.mend("affset") == "affset"
