"""Words to terms: Swedish compounds split by word frequency, particle verbs, related stems."""

from __future__ import annotations

from bot.knowledge.analysis import compound_parts, index_terms, query_words, related, stem_en, stem_sv


def test_compounds_split_into_common_words() -> None:
    assert compound_parts("klimatkompenseras") == ("klimat", "kompenseras")
    assert compound_parts("verksamhetsutveckling") == ("verksamhet", "utveckling")  # the linking -s goes
    assert compound_parts("parkeringstillstånd") == ("parkering", "tillstånd")


def test_a_compound_whose_last_part_is_inflected_still_splits() -> None:
    # "etableringar" is too rare to count as a word, "etablering" is not: "etablera sig" finds the passage
    assert compound_parts("företagsetableringar") == ("företag", "etableringar")
    assert "etablering" in index_terms("företagsetableringar", "sv")
    assert any(related(v, "etablering") for v in query_words("etablera")[0].variants)
    # only noun endings come off: Snowball's "för" from "förande" is not a word of "ordförande"
    assert compound_parts("ordförande") == ()


def test_established_words_and_short_words_stay_whole() -> None:
    assert compound_parts("kommunfullmäktige") == ()
    assert compound_parts("internationella") == ()
    assert compound_parts("flyg") == ()


def test_a_compound_is_indexed_by_its_parts_so_other_wordings_find_it() -> None:
    terms = index_terms("flygresor klimatkompenseras", "sv")
    for word in ["klimatet", "resor", "flyget"]:
        assert {w.word: w for w in query_words(word)}[word].variants & set(terms), word


def test_a_particle_verb_meets_its_noun() -> None:
    asked = {v for w in query_words("Hur ofta följs strategin upp?") for v in w.variants}
    indexed = index_terms("Uppföljning av strategin", "sv")
    assert any(related(a, i) for a in asked for i in indexed if a.startswith("upp"))


def test_related_stems_join_derivations_but_not_compound_heads() -> None:
    assert related(stem_sv("kompensera"), stem_sv("kompensation"))
    assert related("uppfölj", "uppföljning")
    assert not related("kommunstyr", "kommun")
    assert not related("approv", "approach")


def test_the_neuter_definite_form_meets_the_indefinite_one() -> None:
    # Snowball leaves -et on "syftet" and "nätverket" though it takes it off "arbetet"
    for definite, indefinite in [("syftet", "syfte"), ("nätverket", "nätverk"), ("samhället", "samhälle")]:
        assert stem_sv(definite) == stem_sv(indefinite), definite
    assert stem_sv("arbetet") == stem_sv("arbete") == "arbet"


def test_a_meeting_is_not_a_form_of_to_meet() -> None:
    # Snowball stems "möten" and "möta" alike; "möta omvärldsförändringar" is not about meetings
    assert stem_sv("möten") == stem_sv("mötet") == stem_sv("möte")
    assert stem_sv("möten") != stem_sv("möta")
    assert stem_sv("möter") == stem_sv("möta")
    assert stem_en("meetings") == stem_en("meeting") != stem_en("meet")


def test_a_compound_is_not_related_to_a_word_that_only_shares_its_first_part() -> None:
    # a "förvaltningschef" is a kind of "chef"; "förvaltar" (manages) only shares "förvalt…"
    assert not related("förvaltningschef", "förvaltar")
    assert related("klimatkompensation", "klimatkompenser")
