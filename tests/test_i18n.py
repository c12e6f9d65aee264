"""The two catalogs must say the same things: same keys, same placeholders."""

from __future__ import annotations

import string

from bot.i18n import LANGUAGES, Translator, catalog, catalog_files, normalise_language


def _placeholders(value: object) -> set[str]:
    items = value if isinstance(value, list) else [value]
    return {name for item in items for _, name, _, _ in string.Formatter().parse(str(item)) if name}


def test_every_catalog_file_has_a_twin_in_the_other_language() -> None:
    names = {language: [p.name for p in catalog_files(language)] for language in LANGUAGES}
    assert names["sv"] == names["en"]
    assert "core.toml" in names["sv"]


def test_catalogs_have_the_same_keys() -> None:
    sv, en = catalog("sv"), catalog("en")
    assert sorted(set(sv) - set(en)) == []
    assert sorted(set(en) - set(sv)) == []


def test_catalogs_have_the_same_placeholders() -> None:
    sv, en = catalog("sv"), catalog("en")
    mismatched = [k for k in sv if k in en and _placeholders(sv[k]) != _placeholders(en[k])]
    assert mismatched == []


def test_no_entry_is_empty() -> None:
    for language in LANGUAGES:
        empty = [k for k, v in catalog(language).items() if v in ("", [])]
        assert empty == [], language


def test_locale_codes_are_normalised() -> None:
    assert normalise_language("sv-SE") == "sv"
    assert normalise_language("en_GB") == "en"
    assert normalise_language("de-DE") == "sv"
    assert normalise_language(None, "en") == "en"
    assert Translator("en-US").language == "en"
