"""The strategy file as passages with heading paths, front matter facts and an aligned translation."""

from __future__ import annotations

from pathlib import Path

from bot.config import DEFAULT_STRATEGY_FILE
from bot.knowledge.document import load_document, plain, sentences

EXAMPLE = Path(__file__).parent / "data" / "strategi-exempelby.md"


def test_the_bundled_strategy_is_read_into_cited_passages() -> None:
    document = load_document(DEFAULT_STRATEGY_FILE)
    assert document.title == "Internationell strategi för Växjö kommun"
    sections = {p.section_label for p in document.passages}
    assert "Internationell strategi för Växjö kommun › Ansvarsfördelning › Förvaltningar/kommunala bolag" in sections
    # The editorial comment in a heading is not part of the heading.
    assert (
        "Internationell strategi för Växjö kommun › Strategier för internationellt arbete › Hållbart synsätt"
        in sections
    )


def test_a_list_keeps_the_line_that_introduces_it() -> None:
    document = load_document(DEFAULT_STRATEGY_FILE)
    reporting = next(p for p in document.passages if p.units[0] == "Rapporteringen ska innehålla:")
    assert reporting.is_list
    assert len(reporting.units) == 4
    assert reporting.quote.splitlines()[1].startswith("• Information om pågående och under året avslutade EU-projekt")


def test_front_matter_facts_are_quoted_as_written() -> None:
    meta = load_document(DEFAULT_STRATEGY_FILE).meta
    assert meta["adopted"].value == "2013-10-15"
    assert meta["registration_number"].value == "KS/2012:935"
    assert meta["paragraph"].line == 'paragraph: "§ 213"'
    assert meta["previous_versions"].value == "Antaget av fullmäktige 2009-08-25 § 170"


def test_the_english_translation_lines_up_sentence_for_sentence() -> None:
    document = load_document(DEFAULT_STRATEGY_FILE)
    assert document.translated
    assert all(p.aligned_english() for p in document.passages)
    travel = next(p for p in document.passages if "flygresor klimatkompenseras" in p.quote)
    assert travel.english is not None
    assert "climate-compensated" in travel.english[-1]


def test_a_translation_that_does_not_line_up_is_left_out(tmp_path: Path) -> None:
    strategy = tmp_path / "strategi.md"
    strategy.write_text("# Strategi\n\n## Resor\n\nVi reser med tåg. Vi flyger sällan.\n", encoding="utf-8")
    (tmp_path / "strategi.en.md").write_text("# Strategy\n\n## Travel\n\nWe go by train.\n\nExtra.\n", "utf-8")
    document = load_document(strategy)
    assert not document.translated
    assert document.passages[0].english is None


def test_another_municipality_s_file_needs_no_code_changes() -> None:
    document = load_document(EXAMPLE)
    assert document.title == "Internationell policy för Exempelby kommun"
    assert [p.section[-1] for p in document.passages] == ["Vänorter", "Resor", "Uppföljning"]
    assert document.meta["document_owner"].value == "Kommunledningskontoret"


def test_markdown_markup_is_removed_but_words_stay() -> None:
    assert plain("*Vi arbetar* för **Europas** [grönaste](https://x) stad <!-- not shown -->") == (
        "Vi arbetar för Europas grönaste stad"
    )
    assert sentences("Första meningen. Andra (EU) meningen! Tredje?") == [
        "Första meningen.",
        "Andra (EU) meningen!",
        "Tredje?",
    ]


def test_a_paragraph_that_announces_subsections_lists_their_headings(tmp_path: Path) -> None:
    strategy = tmp_path / "strategi.md"
    strategy.write_text(
        "# Strategi\n\n## Strategier\n\nFöljande strategier gäller:\n\n### Resor\n\nVi reser med tåg.\n\n"
        "### Lärande\n\nVi lär av andra.\n\n### Övrigt <!-- editorial heading -->\n\nMer text.\n\n## Uppföljning\n\nÅrligen.\n",
        encoding="utf-8",
    )
    announcing = load_document(strategy).passages[0]
    assert announcing.is_list
    # the editorial heading is the copy's, not the document's, so it is not quoted as one of them
    assert announcing.quote == "Följande strategier gäller:\n• Resor\n• Lärande"
