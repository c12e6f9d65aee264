"""Finding the glossary's phrases in a question as people word it."""

from __future__ import annotations

from bot.knowledge.glossary import DEFAULT_GLOSSARY, load_glossary


def everywhere_or_pronoun(word: str) -> bool:
    return word in {"växjö", "kommunen", "strategin", "vi"}


def test_a_subject_between_a_verb_and_the_rest_of_its_phrase_is_skipped() -> None:
    glossary = load_glossary(DEFAULT_GLOSSARY)
    tokens = "vad vill växjö vara".split()
    length, entry, skipped = glossary.matches(tokens, 1, everywhere_or_pronoun)[0]
    assert length == 3
    assert skipped == frozenset({2})
    assert ("vill", "vara") in entry.triggers


def test_a_word_that_is_asked_about_is_not_skipped_as_a_subject() -> None:
    glossary = load_glossary(DEFAULT_GLOSSARY)
    tokens = "vill resepolicyn vara".split()
    assert all(length == 1 for length, _, _ in glossary.matches(tokens, 0, everywhere_or_pronoun))
    # and without a rule for subjects, only the words side by side make the phrase
    assert not [m for m in glossary.matches("vad vill växjö vara".split(), 1) if m[0] > 1]
