"""The documentation a clone has: a README short enough to be a front door, and links that lead somewhere.

A link to `../shared/…` worked only on the machine the project started on; in a clone it is a dead end.
So every relative link in README.md and docs/*.md must resolve to a file inside the repository (and, when
it names a heading, to that heading). Web addresses (http, https) are not paths and are left alone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
README_MAX_LINES = 200

_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`+[^`]*`+")
# [text](target "title") and ![alt](target); the target ends at white space or the closing parenthesis.
_INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]+)>")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_WEB = re.compile(r"^https?://", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _prose_lines(page: Path) -> list[tuple[int, str]]:
    """The page's lines outside fenced code blocks, with their numbers."""
    lines: list[tuple[int, str]] = []
    fenced = False
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append((number, line))
    return lines


def links(page: Path) -> list[tuple[int, str]]:
    """Every link target on the page (inline, image, autolink, reference definition), outside code, with the
    number of the line it starts on. Text is read a paragraph at a time, so a link wrapped over two lines
    counts too."""
    found: list[tuple[int, str]] = []
    paragraph: list[tuple[int, str]] = []

    def read(paragraph: list[tuple[int, str]]) -> None:
        if not paragraph:
            return
        text = "\n".join(_INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line) for _, line in paragraph)
        starts = [0]
        for _, line in paragraph:
            starts.append(starts[-1] + len(line) + 1)
        for pattern in (_INLINE_LINK, _AUTOLINK, _REFERENCE):
            for match in pattern.finditer(text):
                index = max(i for i, start in enumerate(starts[:-1]) if start <= match.start())
                found.append((paragraph[index][0], match.group(1)))

    previous = None
    for number, line in _prose_lines(page):
        if not line.strip() or (previous is not None and number != previous + 1):
            read(paragraph)
            paragraph = []
        if line.strip():
            paragraph.append((number, line))
        previous = number
    read(paragraph)
    return sorted(found)


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = _INLINE_CODE.sub(lambda m: m.group(0).strip("`"), heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link in a heading keeps its text
    kept = "".join(c for c in text.lower() if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return kept.replace(" ", "-")


@cache
def anchors(page: Path) -> frozenset[str]:
    seen: dict[str, int] = {}
    result = set()
    for _, line in _prose_lines(page):
        match = _HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else f"{base}-{count}")
    return frozenset(result)


def problem(page: Path, target: str) -> str | None:
    """Why this link from this page does not lead to something in the repository, or None if it does."""
    if _WEB.match(target):
        return None
    if _SCHEME.match(target):
        return "not a web address and not a path in the repository"
    path_part, _, anchor = target.partition("#")
    path_part = unquote(path_part.split("?", 1)[0])
    if path_part.startswith("/"):
        return "an absolute path, which means nothing in a clone"
    destination = (page.parent / path_part).resolve() if path_part else page
    if not destination.is_relative_to(ROOT):
        return "outside the repository"
    if not destination.exists():
        return "no such file in the repository"
    if anchor and destination.suffix == ".md" and destination.is_file() and anchor not in anchors(destination):
        return f"{destination.relative_to(ROOT)} has no heading #{anchor}"
    return None


def test_the_readme_is_a_front_door_of_at_most_two_hundred_lines() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines; move detail into docs/"


def test_the_documentation_pages_are_found() -> None:
    assert (ROOT / "docs" / "operating.md") in PAGES and len(PAGES) > 2


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_stays_inside_the_repository_and_resolves(page: Path) -> None:
    broken = [
        f"{page.relative_to(ROOT)}:{number}: {target} ({why})"
        for number, target in links(page)
        if (why := problem(page, target)) is not None
    ]
    assert broken == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_points_at_the_shared_folder_beside_the_first_checkout(page: Path) -> None:
    """`../shared/…` is not in a clone, linked or merely named; what it held is described in docs/."""
    text = page.read_text(encoding="utf-8")
    assert "../shared" not in text


def test_the_link_check_catches_what_it_is_for(tmp_path: Path) -> None:
    page = ROOT / "docs" / "operating.md"
    assert problem(page, "../../shared/DESIGN.md") == "outside the repository"
    assert problem(page, "../shared/eval/README.md") == "no such file in the repository"
    assert problem(page, "nowhere.md") == "no such file in the repository"
    assert problem(page, "/etc/passwd") is not None
    assert problem(page, "file:///etc/passwd") is not None
    assert problem(page, "teams.md#no-such-heading") is not None
    assert problem(page, "teams.md#install-in-microsoft-teams") is None
    assert problem(page, "#configuration") is None
    assert problem(page, "../README.md") is None
    assert problem(page, "https://api.slack.com/apps") is None
    assert slug("When the bot does not answer: `utblick doctor`") == "when-the-bot-does-not-answer-utblick-doctor"
    sample = tmp_path / "sample.md"
    sample.write_text(
        'See [a](one.md), ![b](img/two.png "title") and <https://example.org>.\n'
        "```\n[not a link](inside-a-fence.md)\n```\n"
        "`[not a link](inside-code.md)`\n"
        "[ref]: three.md\n"
        "\n"
        "A [link wrapped over\ntwo lines](four.md).\n",
        encoding="utf-8",
    )
    assert links(sample) == [
        (1, "https://example.org"),
        (1, "img/two.png"),
        (1, "one.md"),
        (6, "three.md"),
        (8, "four.md"),
    ]
