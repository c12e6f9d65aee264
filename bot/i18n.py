"""Translation catalogs: every sentence the bot says lives in `bot/locales/<lang>/*.toml`, not in code.

Each capability keeps its texts in a file of its own (`bot/locales/sv/log_activity.toml` and its English
twin); the files of one language are merged, and a key defined in two files is an error.

TOML rather than gettext: translators edit one readable file per language, keys can hold lists (examples,
trigger words) and nothing needs compiling. A test keeps the catalogs' keys and placeholders in step.
"""

from __future__ import annotations

import logging
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

LOCALES = Path(__file__).parent / "locales"
LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"


def _flatten(prefix: str, table: dict[str, Any], out: dict[str, Any]) -> None:
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(name, value, out)
        else:
            out[name] = value


def catalog_files(language: str) -> list[Path]:
    return sorted((LOCALES / language).glob("*.toml"))


@cache
def catalog(language: str) -> dict[str, Any]:
    """All entries of one language, with dotted keys (`help.intro`)."""
    merged: dict[str, Any] = {}
    for path in catalog_files(language):
        with path.open("rb") as handle:
            flat: dict[str, Any] = {}
            _flatten("", tomllib.load(handle), flat)
        clash = sorted(set(flat) & set(merged))
        if clash:
            raise ValueError(f"{path}: keys already defined in another file: {', '.join(clash)}")
        merged.update(flat)
    return merged


def normalise_language(code: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """`sv-SE`, `sv_FI`, `en-GB` → `sv` / `en`; anything else → the default."""
    if not code:
        return default
    base = code.replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else default


class Translator:
    """The catalog of one language; `t("key", name=…)` formats an entry with `str.format`."""

    def __init__(self, language: str) -> None:
        self.language = normalise_language(language)

    def _entry(self, key: str) -> Any:
        entries = catalog(self.language)
        if key in entries:
            return entries[key]
        for other in LANGUAGES:
            if key in catalog(other):
                log.warning("catalog %s lacks %s; using %s", self.language, key, other)
                return catalog(other)[key]
        raise KeyError(f"no translation for {key!r}")

    def __call__(self, key: str, **values: object) -> str:
        entry = self._entry(key)
        if isinstance(entry, list):
            entry = "\n".join(str(item) for item in entry)
        return str(entry).format(**values) if values else str(entry)

    def list(self, key: str) -> list[str]:
        entry = self._entry(key)
        return [str(item) for item in entry] if isinstance(entry, list) else [str(entry)]

    def number(self, value: int) -> str:
        """A whole number grouped the way readers of the language expect: 51 200 / 51,200."""
        grouped = f"{value:,}"
        return grouped.replace(",", "\u00a0") if self.language == "sv" else grouped

    def has(self, key: str) -> bool:
        return any(key in catalog(language) for language in LANGUAGES)


def all_languages(key: str) -> list[str]:
    """Every language's strings for a key; used for words people may type in either language."""
    words: list[str] = []
    for language in LANGUAGES:
        entry = catalog(language).get(key)
        if isinstance(entry, list):
            words.extend(str(item) for item in entry)
        elif entry is not None:
            words.append(str(entry))
    return words
