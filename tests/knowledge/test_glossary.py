"""The glossary gives the English of the strategy's Swedish terms, for answers in English."""

from __future__ import annotations

from bot.knowledge.glossary import DEFAULT_GLOSSARY, gloss, load_glossary


def test_a_swedish_term_has_its_english() -> None:
    glossary = load_glossary(DEFAULT_GLOSSARY)
    assert gloss(glossary, "Kommunfullmäktige") == "municipal council"
    assert gloss(glossary, "Planeringskontoret") == "planning office"
    assert gloss(glossary, "municipal council") is None  # already English
    assert gloss(glossary, "Okänt ord") is None
