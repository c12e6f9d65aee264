"""The strategy as a document: front matter, and passages that each know their heading path.

A passage is what the bot quotes: a paragraph, or a list together with the line that introduces it
("Rapporteringen ska innehålla:" and its three points), because a list item alone loses its meaning.
Sentences (or list lines) are kept apart so an answer can pick the one or two that answer the question.

An English translation may sit beside the file (`<name>.en.md`) with the same headings, paragraphs and
sentences; each passage then carries its English text too, for retrieval and for English answers. The
Swedish text stays the one that is quoted.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter

log = logging.getLogger(__name__)

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*[-*+]\s+(.*)$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# "<!-- concepts: travel flights climate_compensation -->" on a line of its own: the concepts the next
# paragraph or list states (see bot/knowledge/concepts.py). Kept through the comment removal as a marker.
_CONCEPTS = re.compile(r"^\s*<!--\s*concepts\s*:(.*?)-->\s*$", re.MULTILINE | re.IGNORECASE)
_MARKER = "\x00concepts:"
# "### Hållbart synsätt <!-- editorial heading: … -->": a heading added to the copy for navigation, which
# the document itself does not have, and so is never quoted as its words.
_EDITORIAL = re.compile(r"^#{1,6}\s+(.*?)\s*<!--\s*editorial", re.MULTILINE | re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
# A sentence ends at . ! or ? followed by a space and a capital (or an opening quote or parenthesis).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"”“'(*]?[A-ZÅÄÖÉ0-9])")

SECTION_SEPARATOR = " › "


def plain(text: str) -> str:
    """Markdown inline markup removed: emphasis markers, links (their text stays), comments."""
    text = _COMMENT.sub("", text)
    text = _LINK.sub(r"\1", text)
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


def sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]


@dataclass(frozen=True)
class Passage:
    """One quotable piece of the strategy.

    `units` are its sentences, or for a list the introducing line followed by one unit per item.
    `english` holds the translation's units when a translation is loaded and lines up with this passage.
    """

    number: int
    section: tuple[str, ...]
    units: tuple[str, ...]
    is_list: bool = False
    english: tuple[str, ...] | None = None
    english_section: tuple[str, ...] | None = None
    intro: str | None = None
    # The concepts the passage is marked up with (empty when it has no markup).
    concepts: tuple[str, ...] = ()

    @property
    def section_label(self) -> str:
        return SECTION_SEPARATOR.join(self.section)

    @property
    def quote(self) -> str:
        """The passage as written (markup removed); list items on lines of their own."""
        if not self.is_list:
            return " ".join(self.units)
        items = self.units[1:] if self.intro else self.units
        lines = [self.intro] if self.intro else []
        lines.extend(f"• {item}" for item in items)
        return "\n".join(lines)

    def aligned_english(self) -> bool:
        return self.english is not None and len(self.english) == len(self.units)


@dataclass(frozen=True)
class MetaField:
    """One line of the front matter (adoption date, owner, registration number …), quoted as written."""

    key: str
    value: str
    line: str


@dataclass
class Document:
    title: str
    passages: list[Passage]
    meta: dict[str, MetaField] = field(default_factory=dict)
    path: Path | None = None
    translated: bool = False

    @property
    def meta_section(self) -> str:
        return self.title


@dataclass
class _Block:
    section: tuple[str, ...]
    lines: list[str]
    is_list: bool
    concepts: tuple[str, ...] = ()


def _blocks(body: str) -> list[_Block]:
    """Paragraphs and lists under their heading path, in order."""
    path: list[str] = []
    blocks: list[_Block] = []
    current: _Block | None = None
    marked: tuple[str, ...] = ()
    body = _CONCEPTS.sub(lambda m: _MARKER + " ".join(m[1].replace(",", " ").split()), body)
    for raw in _COMMENT.sub("", body).splitlines():
        line = raw.rstrip()
        if line.startswith(_MARKER):
            marked = tuple(line[len(_MARKER) :].split())
            current = None
            continue
        heading = _HEADING.match(line)
        if heading:
            level = len(heading[1])
            path = path[: level - 1] + [""] * max(0, level - 1 - len(path))
            path = [p for p in path if p] + [plain(heading[2])]
            current = None
            continue
        if not line.strip():
            current = None
            continue
        item = _LIST_ITEM.match(line)
        if item:
            if current is None or not current.is_list:
                current = _Block(tuple(path), [], True, marked)
                marked = ()
                blocks.append(current)
            current.lines.append(plain(item[1]))
        elif current is not None and current.is_list and raw.startswith((" ", "\t")):
            current.lines[-1] += " " + plain(line)  # a list item continued on the next line
        else:
            if current is None or current.is_list:
                current = _Block(tuple(path), [], False, marked)
                marked = ()
                blocks.append(current)
            current.lines.append(plain(line))
    return blocks


def _introduces(paragraph: _Block, following: _Block | None) -> bool:
    """A paragraph that ends in a colon, or is one short line, introduces the list right after it."""
    if following is None or not following.is_list or following.section != paragraph.section:
        return False
    text = " ".join(paragraph.lines)
    return text.endswith(":") or len(text) <= 60


def _subsections(paragraph: _Block, following: list[_Block], editorial: frozenset[str]) -> list[str]:
    """The headings a paragraph introduces: "Nedanstående strategier …:" ends its section, and what it
    announces are the subsections right under it (Extern finansiering, Omvärldssamverkan, …)."""
    if not " ".join(paragraph.lines).endswith(":") or not following:
        return []
    depth = len(paragraph.section)
    headings: list[str] = []
    for block in following:
        if len(block.section) <= depth or block.section[:depth] != paragraph.section:
            break
        if block.section[depth] not in headings and block.section[depth] not in editorial:
            headings.append(block.section[depth])
    return headings


def _passages(body: str) -> list[Passage]:
    blocks = _blocks(body)
    editorial = frozenset(plain(title) for title in _EDITORIAL.findall(body))
    passages: list[Passage] = []
    skip = False
    for i, block in enumerate(blocks):
        if skip:
            skip = False
            continue
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        headings = [] if block.is_list else _subsections(block, blocks[i + 1 :], editorial)
        if headings:
            intro = " ".join(block.lines)
            passages.append(
                Passage(
                    len(passages), block.section, (intro, *headings), is_list=True, intro=intro, concepts=block.concepts
                )
            )
        elif not block.is_list and _introduces(block, following):
            assert following is not None
            intro = " ".join(block.lines)
            units = (intro, *following.lines)
            concepts = tuple(dict.fromkeys(block.concepts + following.concepts))
            passages.append(Passage(len(passages), block.section, units, is_list=True, intro=intro, concepts=concepts))
            skip = True
        elif block.is_list:
            passages.append(
                Passage(len(passages), block.section, tuple(block.lines), is_list=True, concepts=block.concepts)
            )
        else:
            units = tuple(sentences(" ".join(block.lines)))
            passages.append(Passage(len(passages), block.section, units, concepts=block.concepts))
    return passages


def _meta_fields(post: frontmatter.Post, text: str) -> dict[str, MetaField]:
    fields: dict[str, MetaField] = {}
    header = text.split("\n---", 2)[0] if text.startswith("---") else ""
    for key, value in post.metadata.items():
        if isinstance(value, (dict, list)) or value is None:
            continue
        match = re.search(rf"^{re.escape(str(key))}\s*:.*$", header, flags=re.MULTILINE)
        line = match[0].strip() if match else f"{key}: {value}"
        fields[str(key)] = MetaField(str(key), str(value).strip(), line)
    return fields


def _title(post: frontmatter.Post, passages: list[Passage], path: Path) -> str:
    title: Any = post.metadata.get("title")
    if title:
        return str(title)
    for passage in passages:
        if passage.section:
            return passage.section[0]
    return path.stem


def _with_translation(passages: list[Passage], translation: list[Passage]) -> list[Passage] | None:
    """The passages with their English units, or None when the translation does not line up."""
    if len(translation) != len(passages):
        return None
    if any(len(a.section) != len(b.section) for a, b in zip(passages, translation, strict=True)):
        return None
    return [
        Passage(
            p.number,
            p.section,
            p.units,
            is_list=p.is_list,
            english=e.units,
            english_section=e.section,
            intro=p.intro,
            concepts=p.concepts,
        )
        for p, e in zip(passages, translation, strict=True)
    ]


def translation_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.en{path.suffix}")


def load_document(path: Path) -> Document:
    """Read a strategy file (Markdown with optional front matter) and its English twin if there is one."""
    text = path.read_text(encoding="utf-8")
    post = frontmatter.loads(text)
    passages = _passages(post.content)
    document = Document(title=_title(post, passages, path), passages=passages, meta=_meta_fields(post, text), path=path)
    english = translation_path(path)
    if english.is_file() and english != path:
        translated = _with_translation(passages, _passages(frontmatter.loads(english.read_text("utf-8")).content))
        if translated is None:
            log.warning("%s does not line up with %s paragraph for paragraph; answering without it", english, path)
        else:
            document.passages = translated
            document.translated = True
    return document
