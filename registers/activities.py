"""Activities as a spreadsheet: read and check a whole file, store it in one go, write everything back out.

The format is the contract in docs/design.md: one activity a row under the header `kind,title,start_date,
end_date,city,country,travel_mode,climate_compensated,programme,project_name,status,participants,results,
unit,logged_by,date_precision,cofunding` (participants a number, date_precision week/month/year for a vaguer
period, cofunding yes/no for whether external funding was considered; files without the last two columns,
from before they existed, import as before); `unit` by name, short name or alias, `logged_by` by e-mail, dates ISO, empty cells unknown.

A municipality's own spreadsheet rarely looks exactly like that, so reading is lenient where it cannot
go wrong: a CSV may be UTF-8 or Windows-1252 (what Swedish Excel saves) and split on `,`, `;` or tabs; an
Excel workbook may have a title row above the header; columns may come in any order and carry their
Swedish or English names ("Startdatum", "Förvaltning", "Färdsätt"); kinds, travel modes and statuses may be
written as the bot shows them ("Konferens", "Flyg", "Avslutad"), countries by name ("Belgien"), and
climate compensation as ja/nej. Columns it does not know are left out and named, never guessed at.

A file is checked completely and stored in one transaction, so a bad row never leaves half a file behind
(`import_file` stores the rows while the rest is still being read, and a problem rolls them back).
Each row gets a stable key (title, start date, unit, who logged it, and which repeat of those it is), so
importing the same file twice changes nothing, and a file exported from this database matches the
activities it came from even when they were logged in chat.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import operator
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from itertools import chain, islice
from pathlib import Path
from typing import Any, BinaryIO, Final, NamedTuple, TextIO, cast

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    String,
    Table,
    any_,
    bindparam,
    exists,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from bot.i18n import all_languages
from registers.units import RegisterError, RowProblem
from storage.bulk import BackgroundInsert, indexes_built_after, planned_each_time
from storage.facts import participants_from_text
from storage.models import Activity, OrgUnit, Person, utcnow
from storage.units import all_units
from storage.vocab import CLIMATE_COMPENSATED, DATE_PRECISIONS, KINDS, STATUSES, TRAVEL_MODES, in_date_window

HEADER: Final = ("kind", "title", "start_date", "end_date", "city", "country", "travel_mode", "climate_compensated",
                 "programme", "project_name", "status", "participants", "results", "unit", "logged_by",
                 "date_precision", "cofunding")  # fmt: skip
REQUIRED: Final = ("kind", "title")
# The longest text each column holds in the database (`storage.models.Activity`).
MAX_LENGTH: Final = {"title": 300, "city": 120, "programme": 200, "project_name": 300}
# A title row or two above the header is common in a workbook; the header is looked for this far down.
HEADER_SEARCH_ROWS: Final = 10
CSV_SUFFIXES: Final = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES: Final = (".xlsx", ".xlsm")
# A cell Excel would run as a formula gets a leading apostrophe on the way out and loses it on the way in.
_FORMULA_START: Final = ("=", "+", "-", "@")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

__all__ = ["HEADER", "ActivityRow", "ImportSummary", "RegisterError", "RowProblem", "read", "store", "export_rows"]


class ActivityRow(NamedTuple):
    """One checked row: codes and dates as the database holds them, None for an empty cell.

    A named tuple, not a frozen dataclass: a file of 100,000 rows makes 100,000 of them, and a frozen
    dataclass sets each of its eighteen fields through `object.__setattr__` (about a second of the import)."""

    line: int
    kind: str
    title: str
    start_date: date | None = None
    end_date: date | None = None
    city: str | None = None
    country: str | None = None
    travel_mode: str | None = None
    climate_compensated: str | None = None  # yes | no | None (unknown)
    programme: str | None = None
    project_name: str | None = None
    status: str | None = None
    participants: int | None = None
    results: str | None = None
    unit: str | None = None
    logged_by: str | None = None
    date_precision: str | None = None  # week | month | year; None for exact days
    cofunding_considered: str | None = None  # yes | no | None (not asked)

    def identity(self) -> tuple[str, str, str, str]:
        """What makes two rows the same activity: its title and start, and whose it is."""
        return (
            _fold(self.title),
            self.start_date.isoformat() if self.start_date else "",
            _fold(self.unit or ""),
            _fold(self.logged_by or ""),
        )


@dataclass
class ParsedFile:
    rows: list[ActivityRow]
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class ImportSummary:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    new_people: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "changed": len(self.changed), "unchanged": len(self.unchanged)}


# --- Reading a file into rows of cells -------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.replace("_", " ").casefold().split())


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as text: dates ISO, whole numbers without ".0", booleans as yes/no."""
    if type(value) is str:  # every cell of a CSV: the common case first
        text = value.strip()
        if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_START:
            text = text[1:]
        return text
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_START:
        text = text[1:]
    return text


# A CSV is searched this much at a time for its first letter beyond ASCII, which decides its encoding.
_ENCODING_CHUNK: Final = 1 << 20
_BEYOND_ASCII: Final = re.compile(rb"[\x80-\xff]")
_WINDOWS_1252: Final = "utblick.windows-1252"


def _not_utf8_as_windows_1252(error: UnicodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8, in a file that began as UTF-8, read as Windows-1252 (a file pasted together
    from two programs' exports): its own letters stay right, the other's are å, ä, ö rather than lost."""
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error(_WINDOWS_1252, _not_utf8_as_windows_1252)


def _decoded(handle: BinaryIO) -> TextIO:
    """A CSV file's text, decoded as it is read: UTF-8 (with or without Excel's byte order mark), else
    Windows-1252, which Swedish Excel writes; UTF-16 when it begins with its byte order mark (Excel's
    "Unicode text", separated by tabs).

    The file's first letter beyond ASCII decides between the first two. In a Windows-1252 file it is a
    single byte (å, ä, ö are E5, E4, F6), nearly always in the header ("Färdsätt", "Förvaltning"), which is
    never UTF-8 before an ASCII byte; in a UTF-8 file it is two bytes that are. Decoding as the file is
    read, rather than all of it first, lets the first rows be stored while the rest is still on disk, and
    never holds the whole text: a 15 MB file took 80 ms before its first row, and 90 MB more at the
    import's peak."""
    utf16 = handle.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    handle.seek(0)
    if utf16:
        return io.TextIOWrapper(handle, encoding="utf-16", errors="replace", newline="")
    utf8 = True
    while chunk := handle.read(_ENCODING_CHUNK):
        if found := _BEYOND_ASCII.search(chunk):
            letter = chunk[found.start() : found.start() + 4]
            letter += handle.read(4 - len(letter))  # the rest of a letter the chunk cut off
            try:
                codecs.getincrementaldecoder("utf-8")().decode(letter)  # a file that ends within it is no error
            except UnicodeDecodeError as error:
                utf8 = error.start > 0  # only the first letter counts, not a byte after it
            break
    handle.seek(0)
    if not utf8:
        return io.TextIOWrapper(handle, encoding="cp1252", errors="replace", newline="")
    return io.TextIOWrapper(handle, encoding="utf-8-sig", errors=_WINDOWS_1252, newline="")


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    with path.open("rb") as raw, _decoded(raw) as text:
        # The first line with anything on it says what separates the cells; it and any blank lines
        # before it are then read again by the CSV reader.
        before: list[str] = []
        for line in text:
            before.append(line)
            if line.strip():
                break
        first = before[-1] if before else ""
        delimiter = max((",", ";", "\t"), key=first.count)
        # Every cell of a CSV is text: stripped in one C call a row; the leading apostrophe of a
        # formula-like cell (`_cell_text`) is looked for only once the file has had an apostrophe at all
        # (the line of a row is read before the row is).
        quoted = False

        def lines() -> Iterator[str]:
            nonlocal quoted
            for line in chain(before, text):
                quoted = quoted or "'" in line
                yield line

        reader = csv.reader(lines(), delimiter=delimiter)
        start = 1
        for cells in reader:
            stripped = list(map(str.strip, cells))
            if quoted and any(c[:1] == "'" for c in stripped):
                stripped = [_cell_text(c) for c in stripped]
            yield start, stripped
            start = reader.line_num + 1


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The rows of the first sheet that has a header the register recognises (else the first sheet)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise RegisterError([RowProblem(1, "file", "not_xlsx")]) from None
    try:
        sheets = workbook.worksheets
        chosen = sheets[0] if sheets else None
        for sheet in sheets:
            top = [
                [_cell_text(v) for v in row] for row in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)
            ]
            if any(_header_score(cells) >= 2 for cells in top):
                chosen = sheet
                break
        if chosen is None:
            return
        for number, row in enumerate(chosen.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in row]
    finally:
        workbook.close()


@cache
def _column_names() -> dict[str, str]:
    """Every name a column may have in a file (its code, and its Swedish and English titles) → the code."""
    names: dict[str, str] = {}
    for column in HEADER:
        names[_fold(column)] = column
        for alias in all_languages(f"activities.columns.{column}"):
            names.setdefault(_fold(alias), column)
    return names


def _header_score(cells: Sequence[str]) -> int:
    known = _column_names()
    return sum(1 for c in cells if _fold(c) in known)


# --- Checking values ------------------------------------------------------------------------------------


@cache
def _vocabulary(name: str, codes: tuple[str, ...]) -> dict[str, str]:
    """Codes and their labels in both languages ("Konferens", "Conference", "conference") → the code."""
    table = {_fold(code): code for code in codes}
    for code in codes:
        for label in all_languages(f"vocab.{name}.{code}"):
            table.setdefault(_fold(label), code)
        for alias in all_languages(f"activities.values.{name}.{code}"):
            table.setdefault(_fold(alias), code)
    return table


@cache
def _countries() -> dict[str, str]:
    from babel import Locale

    names: dict[str, str] = {}
    for language in ("sv", "en"):
        for code, name in Locale(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(_fold(code), code)
                names.setdefault(_fold(name), code)
    return names


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(text) from None
    return moment.date()


def _check_row(
    line: int, values: dict[str, str], labels: dict[str, str], problems: list[RowProblem], today: date
) -> ActivityRow:
    """The row as an ActivityRow; every problem found is appended (the row is then not stored)."""

    def problem(column: str, code: str, value: str = "") -> None:
        problems.append(RowProblem(line, labels.get(column, column), code, value))

    def coded(column: str, name: str, codes: tuple[str, ...]) -> str | None:
        text = values.get(column, "")
        if not text:
            return None
        code = _vocabulary(name, codes).get(_fold(text))
        if code is None:
            problem(column, column, text)
        return code

    for column in REQUIRED:
        if not values.get(column):
            problem(column, "required")
    for column, limit in MAX_LENGTH.items():
        if len(values.get(column, "")) > limit:
            problem(column, "too_long", str(limit))

    kind = coded("kind", "kind", KINDS) or ""
    dates: dict[str, date | None] = {}
    for column in ("start_date", "end_date"):
        text = values.get(column, "")
        try:
            dates[column] = _date(text) if text else None
        except ValueError:
            dates[column] = None
            problem(column, "date", text)
            continue
        day = dates[column]
        if day is not None and not in_date_window(day, today):
            dates[column] = None
            problem(column, "date_window", text)
    start, end = dates["start_date"], dates["end_date"]
    if start and end and end < start:
        problem("end_date", "date_order", start.isoformat())

    country = None
    if values.get("country"):
        country = _countries().get(_fold(values["country"]))
        if country is None:
            problem("country", "country", values["country"])

    climate_text = values.get("climate_compensated", "")
    climate = None
    if climate_text:
        climate = _vocabulary("climate_compensated", ("yes", "no", "unknown")).get(_fold(climate_text))
        if climate is None:
            problem("climate_compensated", "climate_compensated", climate_text)
        elif climate == "unknown":
            climate = None

    logged_by = values.get("logged_by") or None
    if logged_by and not _EMAIL.match(logged_by):
        problem("logged_by", "email", logged_by)

    participants = participants_from_text(values.get("participants"))
    if values.get("participants") and participants is None:
        problem("participants", "participants", values["participants"])
    precision = coded("date_precision", "date_precision", DATE_PRECISIONS)
    cofunding = coded("cofunding", "climate_compensated", CLIMATE_COMPENSATED)

    return ActivityRow(
        line=line,
        kind=kind,
        title=values.get("title", ""),
        start_date=start,
        end_date=end,
        city=values.get("city") or None,
        country=country,
        travel_mode=coded("travel_mode", "travel_mode", TRAVEL_MODES),
        climate_compensated=climate,
        programme=values.get("programme") or None,
        project_name=values.get("project_name") or None,
        status=coded("status", "status", STATUSES),
        participants=participants,
        results=values.get("results") or None,
        unit=values.get("unit") or None,
        logged_by=logged_by.lower() if logged_by else None,
        date_precision=precision if precision != "day" else None,
        cofunding_considered=cofunding if cofunding != "unknown" else None,
    )


_BAD: Final = object()


class _QuickCheck:
    """`_check_row` for a row with nothing wrong, at a fraction of its cost: each distinct text of a coded
    column (kind, dates, country, unit, e-mail, …) is checked once per file and remembered, so a row costs a
    dictionary look-up a cell. It returns None at the first doubt, and `_check_row` then finds and names
    the problems; both are built on the same look-ups, so they accept the same rows with the same values."""

    def __init__(self, position: dict[str, int], today: date, known_units: set[str]) -> None:
        def coded(name: str, codes: tuple[str, ...], *, none: str = "") -> Any:
            table = _vocabulary(name, codes)
            return lambda text: none_if(table.get(_fold(text), _BAD), none)

        def none_if(value: Any, none: str) -> Any:
            return None if none and value == none else value

        def day(text: str) -> Any:
            try:
                value = _date(text)
            except ValueError:
                return _BAD
            return value if value is not None and in_date_window(value, today) else _BAD

        def email(text: str) -> Any:
            return text.lower() if _EMAIL.match(text) else _BAD

        def participants(text: str) -> Any:
            value = participants_from_text(text)
            return _BAD if value is None else value

        def unit(text: str) -> Any:
            return text if _fold(text) in known_units else _BAD

        converters: dict[str, Any] = {
            "kind": coded("kind", KINDS),
            "start_date": day,
            "end_date": day,
            "country": lambda text: _countries().get(_fold(text), _BAD),
            "travel_mode": coded("travel_mode", TRAVEL_MODES),
            "climate_compensated": coded("climate_compensated", ("yes", "no", "unknown"), none="unknown"),
            "status": coded("status", STATUSES),
            "participants": participants,
            "unit": unit,
            "logged_by": email,
            "date_precision": coded("date_precision", DATE_PRECISIONS, none="day"),
            "cofunding": coded("climate_compensated", CLIMATE_COMPENSATED, none="unknown"),
        }
        # (the field's place in ActivityRow, the column's place in the row, the remembered checks of its
        # texts, the check); an empty cell is None. Then the text columns: (field, column, longest).
        field = ActivityRow._fields.index
        self.coded = [(field(_FIELD_OF.get(column, column)), position[column], {"": None}, check)
                      for column, check in converters.items() if column in position]  # fmt: skip
        self.texts = [(field(column), position[column], MAX_LENGTH.get(column, sys.maxsize))
                      for column in _TEXT_COLUMNS if column in position]  # fmt: skip
        self.width = max(position.values()) + 1
        self.blank: list[Any] = [None] * len(ActivityRow._fields)

    def row(self, line: int, cells: list[str]) -> ActivityRow | None:
        if len(cells) < self.width:  # the empty cells at the end of a row may be left out
            cells = cells + [""] * (self.width - len(cells))
        out = self.blank.copy()
        out[0] = line
        for at, index, known, check in self.coded:
            text = cells[index]
            value = known.get(text, _BAD)
            if value is _BAD:
                value = known[text] = check(text)  # a bad text is remembered as bad, too
                if value is _BAD:
                    return None
            out[at] = value
        for at, index, limit in self.texts:
            text = cells[index]
            if len(text) > limit:
                return None
            out[at] = text or None
        if not out[_KIND] or not out[_TITLE]:
            return None
        start, end = out[_START], out[_END]
        if start and end and end < start:
            return None
        return ActivityRow._make(out)


_FIELD_OF: Final = {"cofunding": "cofunding_considered"}  # the file's column → ActivityRow's field
_KIND, _TITLE, _START, _END = (ActivityRow._fields.index(name) for name in ("kind", "title", "start_date", "end_date"))


# The columns taken as they are written (stripped; None when empty), with MAX_LENGTH where they have one.
_TEXT_COLUMNS: Final = ("title", "city", "programme", "project_name", "results")


@dataclass
class CheckedRows:
    """A file's rows, checked as they are read (`check_rows`): `rows` yields each row once, and
    `problems` holds what is wrong with those read so far; a row with a problem is yielded too, so
    reading goes on and every problem is found, but the file is then not to be stored."""

    rows: Iterator[ActivityRow]
    problems: list[RowProblem]
    ignored_columns: list[str]
    header_line: int


def check_rows(
    rows: Iterable[tuple[int, list[str]]], unit_names: Iterable[str] = (), *, today: date | None = None
) -> CheckedRows:
    """Check rows of cells (line number, cells) as they are read; raise RegisterError at once when the
    header is wrong. `parse_rows` has the whole file's verdict; `import_file` stores the rows while the
    rest of the file is still being read.

    `unit_names` are the names, short names and aliases of the units in the database; a row naming any
    other unit is a problem, since its activities would count nowhere in the annual report. Dates must
    lie in the register's window seen from `today` (the caller's clock; the system's day if not given).
    """
    today = today or date.today()
    known_units = {_fold(n) for n in unit_names if n}
    problems: list[RowProblem] = []
    iterator = iter(rows)
    header: list[str] | None = None
    header_line = 1
    for line, cells in iterator:
        if _header_score(cells) >= 2:
            header, header_line = cells, line
            break
        if line >= HEADER_SEARCH_ROWS:
            break
    if header is None:
        raise RegisterError([RowProblem(1, "header", "header", ",".join(HEADER))])

    names = _column_names()
    position: dict[str, int] = {}
    labels: dict[str, str] = {}
    ignored: list[str] = []
    for index, title in enumerate(header):
        column = names.get(_fold(title))
        if column is None:
            if title.strip():
                ignored.append(title.strip())
            continue
        if column in position:
            problems.append(RowProblem(header_line, title, "repeated_column", labels[column]))
            continue
        position[column], labels[column] = index, title.strip()
    for column in REQUIRED:
        if column not in position:
            problems.append(RowProblem(header_line, "header", "missing_column", column))
    if problems:
        raise RegisterError(problems)

    width = len(header)
    quick = _QuickCheck(position, today, known_units)

    def checked() -> Iterator[ActivityRow]:
        for line, cells in iterator:
            if not any(cells):
                continue
            if len(cells) > width and any(cells[width:]):
                problems.append(RowProblem(line, "row", "columns", str(width)))
                continue
            row = quick.row(line, cells)
            if row is None:  # something is wrong: the full check names every problem of the row, in order
                values = {column: cells[i] if i < len(cells) else "" for column, i in position.items()}
                row = _check_row(line, values, labels, problems, today)
                if row.unit and _fold(row.unit) not in known_units:
                    problems.append(RowProblem(line, labels["unit"], "unit", row.unit))
            yield row

    return CheckedRows(checked(), problems, ignored, header_line)


def parse_rows(
    rows: Iterable[tuple[int, list[str]]], unit_names: Iterable[str] = (), *, today: date | None = None
) -> ParsedFile:
    """Check rows of cells (line number, cells) whole; raise RegisterError listing every problem found."""
    checking = check_rows(rows, unit_names, today=today)
    checked = list(checking.rows)
    if checking.problems:
        raise RegisterError(checking.problems)
    if not checked:
        raise RegisterError([RowProblem(checking.header_line + 1, "file", "no_rows")])
    return ParsedFile(checked, checking.ignored_columns)


def _cells(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The rows of cells of a CSV or Excel file (RegisterError for any other)."""
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _xlsx_rows(path)
    if suffix in CSV_SUFFIXES:
        return _csv_rows(path)
    raise RegisterError([RowProblem(1, "file", "format", path.suffix or path.name)])


def read(path: Path, unit_names: Iterable[str] = (), *, today: date | None = None) -> ParsedFile:
    """Read and check a whole CSV or Excel file; raise RegisterError listing every problem found."""
    return parse_rows(_cells(path), unit_names, today=today)


def import_file(session: Session, path: Path, *, today: date | None = None) -> tuple[ImportSummary, list[str]]:
    """`read` and `store` at once: the summary and the file's ignored columns. The rows are stored while
    the rest of the file is still being checked (the backend writes one batch while this process reads
    the next), so a file with a problem anywhere raises RegisterError, naming every problem as `read`
    does, after some of its rows went into the session's transaction: the caller rolls it back."""
    checking = check_rows(_cells(path), unit_names(session), today=today)
    summary = store(session, checking.rows, stop_if=checking.problems)
    for _ in checking.rows:  # a problem stopped the storing: the rest of the file is checked for more
        pass
    if checking.problems:
        raise RegisterError(checking.problems)
    if not any(summary.counts().values()):
        raise RegisterError([RowProblem(checking.header_line + 1, "file", "no_rows")])
    return summary, checking.ignored_columns


def unit_names(session: Session) -> list[str]:
    return [name for unit in all_units(session) for name in [unit.name, unit.short_name or "", *(unit.aliases or [])]]


# --- Storing ---------------------------------------------------------------------------------------------


def row_key(row: ActivityRow, repeat: int) -> str:
    """The stable key of a row: the same activity in the same file, or in a later one, gets the same key."""
    return _key(row.identity(), repeat)


_FIELDS: Final = ("kind", "title", "start_date", "end_date", "city", "country", "travel_mode", "climate_compensated",
                  "programme", "project_name", "status", "participants", "results", "date_precision",
                  "cofunding_considered")  # fmt: skip


def _unit_lookup(session: Session) -> dict[str, OrgUnit]:
    lookup: dict[str, OrgUnit] = {}
    for unit in all_units(session):
        for name in [unit.name, unit.short_name or "", *(unit.aliases or [])]:
            if name:
                lookup.setdefault(_fold(name), unit)
    return lookup


# Rows are stored this many at a time: one query finds the batch's activities by key, one its people, one
# INSERT adds what is new, so a large file costs a few statements per batch, not per row. Each of those
# is a round trip in which the backend and this process wait for each other; at 1,000 rows a fresh import
# of 100,000 spent 0.35-0.6 s in its people's look-ups alone, at 2,500 about 0.25 s. What a batch holds
# is small beside the file itself (memory as before).
BATCH: Final = 2500


def _among(session: Session, column: Any, values: Sequence[Any]) -> ColumnElement[bool]:
    """`column IN values`. On PostgreSQL as `column = ANY(an array of one text parameter)`: the statement
    is then the same whatever the values, so its plan is one PostgreSQL can reuse. A thousand separate
    parameters made psycopg prepare the statement after five batches, and the generic plan compared every
    row of a table growing in the import's own transaction with each of a thousand parameters in turn (120
    of the 160 s of a fresh import of 100,000 rows). The values go as one text split by the server, since
    psycopg dumps a list a value at a time in Python (0.5 s of CPU a hundred lookups of 1,000 keys): import
    keys, ISO dates and e-mail addresses hold no space."""
    if session.get_bind().dialect.name != "postgresql":
        return cast(ColumnElement[bool], column.in_(values))
    item = String() if column.type._isnull else column.type  # lower(…) has no type of its own
    texts = [str(value) for value in values]
    if any(" " in text for text in texts):
        array: Any = literal(list(values), ARRAY(item))
    else:
        array = sql_cast(func.string_to_array(literal(" ".join(texts), String()), " "), ARRAY(item))
    return cast(ColumnElement[bool], column == any_(array))


def _people(session: Session, emails: set[str], summary: ImportSummary) -> dict[str, int]:
    """The person id behind each e-mail (compared without case, on the `lower(email)` index), adding
    whoever is not known yet."""
    found: dict[str, int] = {}
    ordered = sorted(emails)
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start : start + BATCH]
        query = select(func.lower(Person.email), Person.id).where(_among(session, func.lower(Person.email), chunk))
        query = query.order_by(Person.id)
        for email, person_id in session.execute(query):
            found.setdefault(email, person_id)
    new = [email for email in ordered if email not in found]
    table = cast(Table, Person.__table__)
    postgresql = session.get_bind().dialect.name == "postgresql"
    for start in range(0, len(new), BATCH):
        chunk = new[start : start + BATCH]
        now = utcnow()
        if postgresql and not any(" " in email for email in chunk):
            # One statement a thousand people, their ids returned: an INSERT a person (as executemany
            # sends them) cost psycopg more than the rest of a thousand rows' work.
            each = func.unnest(func.string_to_array(literal(" ".join(chunk), String()), " "))
            stamp = literal(now, table.c.created_at.type)
            rows = select(each, false(), stamp, stamp)
            added = insert(table).from_select(["email", "is_admin", "created_at", "updated_at"], rows)
            found.update({e: i for e, i in session.execute(added.returning(func.lower(table.c.email), table.c.id))})
            continue
        session.execute(
            insert(table),
            [{"email": email, "is_admin": False, "created_at": now, "updated_at": now} for email in chunk],
        )
        query = select(func.lower(Person.email), Person.id).where(_among(session, func.lower(Person.email), chunk))
        found.update({email: person_id for email, person_id in session.execute(query)})
    summary.new_people.extend(new)
    return found


def _known_people(session: Session) -> dict[str, int]:
    """Every person with an e-mail address: the address as the import compares it (lower case) → the
    oldest person with it. One query, a few megabytes for a large municipality; the file's
    addresses are then looked up only when they are not here, not once a batch for every batch."""
    known: dict[str, int] = {}
    query = select(func.lower(Person.email), Person.id).where(Person.email.is_not(None)).order_by(Person.id)
    for email, person_id in session.execute(query):
        known.setdefault(email, person_id)
    return known


def _unkeyed(session: Session, rows: Sequence[ActivityRow]) -> dict[tuple[str, ...], list[Activity]]:
    """Activities without an import key (logged in chat or a form) that rows of the batch may be: those
    starting on one of the rows' start days, oldest first."""
    days = {row.start_date for row in rows}
    dated = sorted(day for day in days if day is not None)
    conditions = [_among(session, Activity.start_date, dated)] if dated else []
    if None in days:
        conditions.append(Activity.start_date.is_(None))
    found: dict[tuple[str, ...], list[Activity]] = defaultdict(list)
    if conditions:
        query = select(Activity).where(Activity.import_key.is_(None), or_(*conditions)).order_by(Activity.id)
        for known in session.scalars(query):
            found[_identity_of(known)].append(known)
    return found


def store(session: Session, rows: Iterable[ActivityRow], *, stop_if: Sequence[RowProblem] = ()) -> ImportSummary:
    """Add each row, or update the activity it already is; the caller's transaction makes it all or nothing.

    An empty cell means the file does not know, so it never erases what the database knows. Only the
    activities the file's rows may be are read, a batch at a time, never the whole register; the rows
    themselves are taken a batch at a time, so they may still be being read and checked (`import_file`).
    Storing stops as soon as `stop_if` (the problems found in the rows so far) has any.

    The batches overlap: while the new rows of one batch go into the database (`BackgroundInsert`), the
    next batch is read, looked up and worked out here. That order is safe because nothing a batch adds can
    be found by a later one: every row's key is its own (a repeat of the same activity counts up), and
    rows added by an import always have a key, so they are never one of the unkeyed activities looked for.
    """
    summary = ImportSummary()
    # Each name a unit goes by, folded → its id: a row's unit is looked up by the name as `keyed` folded it.
    unit_ids = {name: unit.id for name, unit in _unit_lookup(session).items()}
    people = _known_people(session)
    taken = iter(rows)
    # A file names few units and people many times over: each name is folded once.
    folded: dict[str, str] = {}

    def fold(name: str | None) -> str:
        if not name:
            return ""
        known = folded.get(name)
        if known is None:
            known = folded[name] = _fold(name)
        return known

    repeats: dict[tuple[str, str, str, str], int] = defaultdict(int)

    def keyed(batch: Sequence[ActivityRow]) -> list[tuple[ActivityRow, str, tuple[str, str, str, str]]]:
        out = []
        for row in batch:
            start = row.start_date
            identity = (_fold(row.title), start.isoformat() if start else "", fold(row.unit), fold(row.logged_by))
            out.append((row, _key(identity, repeats[identity]), identity))
            repeats[identity] += 1
        return out

    # What the register holds when the import begins; a first import into an empty register (or one of
    # activities logged in chat only) need not look its keys up (a hundred queries at 100,000 rows).
    any_keyed = session.scalar(select(exists().where(Activity.import_key.is_not(None))))
    any_unkeyed = session.scalar(select(exists().where(Activity.import_key.is_(None))))
    claimed: set[int] = set()
    table = cast(Table, Activity.__table__)
    batch = keyed(list(islice(taken, BATCH)))
    new: list[tuple[Any, ...]] = []
    # A first import of a batch or more (a municipality's history, into an empty register) builds the
    # register's indexes once its rows are in, rather than filing each row under each of them.
    first = not any_keyed and not any_unkeyed and len(batch) == BATCH
    building = indexes_built_after(session, table) if first else nullcontext(False)
    with building, BackgroundInsert(session, table, _NEW_COLUMNS) as inserting:
        while batch and not stop_if:
            # The people behind the batch's e-mail addresses that were not known when the import began
            # and that earlier batches did not name: looked up (someone may have been added since) or added.
            emails = {row.logged_by for row, _, _ in batch if row.logged_by and row.logged_by not in people}
            if emails:
                with planned_each_time(session):  # the people table grows in this transaction, unanalysed
                    people.update(_people(session, emails, summary))
            # What the file's keys already are, as plain rows (id, import_key, _FIELDS…, unit, person): an
            # activity object a row costs more to load than the comparison, and most come back unchanged.
            by_key: dict[str, Any] = {}
            if any_keyed:
                query = select(*_KNOWN).where(_among(session, Activity.import_key, [key for _, key, _ in batch]))
                by_key = {known[1]: known for known in session.execute(query)}
            unkeyed = _unkeyed(session, [row for row, key, _ in batch if key not in by_key]) if any_unkeyed else {}
            inserting.start(new)  # the previous batch's new rows go in while this one is worked out
            new = []
            updates: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
            now = utcnow()
            for row, key, identity in batch:
                unit_id = unit_ids.get(identity[2]) if row.unit else None  # identity holds the unit folded
                person_id = people.get(row.logged_by) if row.logged_by else None
                known = by_key.get(key)
                if known is not None:
                    changes = _changes(known, row, unit_id, person_id)
                    if changes:
                        changes["updated_at"] = now
                        updates[tuple(changes)].append({"known_id": known[0], **changes})
                        summary.changed.append(row.title)
                    else:
                        summary.unchanged.append(row.title)
                    continue
                activity = None
                if unkeyed:
                    same = [
                        a for a in unkeyed.get(_identity_with(identity, unit_id, person_id), []) if a.id not in claimed
                    ]
                    if same:
                        activity = same[0]  # logged in chat, now coming back from an export
                        claimed.add(activity.id)
                        activity.import_key = key
                if activity is None:
                    values = _field_values(row)
                    if values[_CLIMATE] is None:  # the column's own default: the file does not know
                        values = (*values[:_CLIMATE], "unknown", *values[_CLIMATE + 1 :])
                    new.append(("import", key, *values, unit_id, person_id, now, now))
                    summary.added.append(row.title)
                    continue
                if _apply(activity, row, unit_id, person_id):
                    summary.changed.append(row.title)
                else:
                    summary.unchanged.append(row.title)
            batch = keyed(list(islice(taken, BATCH)))  # the next rows read and checked, while these go in
            inserting.wait()
            for changed in updates.values():  # one statement for the rows that changed the same columns
                session.execute(update(table).where(table.c.id == bindparam("known_id")), changed)
            session.flush()
            for read in (a for found in unkeyed.values() for a in found):
                session.expunge(read)  # not needed by the next batch: memory stays a batch's worth
        if not stop_if:
            inserting.start(new)
    summary.new_people.sort()  # as if every address of the file had been looked up at once
    return summary


# What a new row fills in, in the order `store` builds its values: every column, None where the file is
# silent (the same as leaving it out: none of them has a default but climate_compensated, given here).
_NEW_COLUMNS: Final = ("source", "import_key", *_FIELDS, "org_unit_id", "logged_by_id", "created_at", "updated_at")


# A row's values of _FIELDS, in that order, taken in one call.
_field_values: Final = operator.itemgetter(*(ActivityRow._fields.index(name) for name in _FIELDS))
_CLIMATE: Final = _FIELDS.index("climate_compensated")


def _key(identity: tuple[str, str, str, str], repeat: int) -> str:
    return hashlib.sha256("\x1f".join([*identity, str(repeat)]).encode("utf-8")).hexdigest()


def _identity_of(activity: Activity) -> tuple[str, ...]:
    return (
        _fold(activity.title),
        activity.start_date.isoformat() if activity.start_date else "",
        str(activity.org_unit_id or ""),
        str(activity.logged_by_id or ""),
    )


def _identity_with(identity: tuple[str, str, str, str], unit_id: int | None, person_id: int | None) -> tuple[str, ...]:
    """A row's identity in the terms `_identity_of` uses for activities already in the database."""
    return (identity[0], identity[1], str(unit_id or ""), str(person_id or ""))


# The columns an activity already imported is compared on (`_changes`), in this order.
_KNOWN: Final = (Activity.id, Activity.import_key, *(getattr(Activity, name) for name in _FIELDS),
                 Activity.org_unit_id, Activity.logged_by_id)  # fmt: skip


def _changes(known: Sequence[Any], row: ActivityRow, unit_id: int | None, person_id: int | None) -> dict[str, Any]:
    """What the row knows that the stored activity (a row of _KNOWN) does not: `_apply`, for a plain row."""
    changes: dict[str, Any] = {}
    for name, value, stored in zip(_FIELDS, _field_values(row), known[2 : 2 + len(_FIELDS)], strict=True):
        if value is not None and value != "" and value != stored:
            changes[name] = value
    if unit_id is not None and known[-2] != unit_id:
        changes["org_unit_id"] = unit_id
    if person_id is not None and known[-1] != person_id:
        changes["logged_by_id"] = person_id
    return changes


def _apply(activity: Activity, row: ActivityRow, unit_id: int | None, person_id: int | None) -> bool:
    """Copy what the row knows onto the activity; True when anything changed."""
    changed = False
    for name in _FIELDS:
        value = getattr(row, name)
        if value is None or value == "":
            continue
        if getattr(activity, name) != value:
            setattr(activity, name, value)
            changed = True
    if unit_id is not None and activity.org_unit_id != unit_id:
        activity.org_unit_id = unit_id
        changed = True
    if person_id is not None and activity.logged_by_id != person_id:
        activity.logged_by_id = person_id
        changed = True
    return changed


# --- Writing ---------------------------------------------------------------------------------------------


def export_rows(session: Session) -> Iterator[dict[str, Any]]:
    """Every activity as a row of the contract's columns, the earliest first (undated ones last).

    Values are typed (dates are dates, empty cells None); the writers turn them into text or cells. The
    rows come as the database sorts and sends them, a thousand at a time, so exporting a large register
    never holds it in memory; the session must stay open while they are written.

    Only the columns the file has are read, the unit's name and the person's address joined in, as plain
    rows: loading each activity, its unit and its person as objects (every column of each, the person's
    profile decoded) made a CSV export of 102,000 activities take 12.7-13.7 s; as plain rows, 4.4-4.6 s.
    """
    query = (
        select(*_EXPORTED, OrgUnit.name, Person.email)
        .outerjoin(OrgUnit, Activity.org_unit_id == OrgUnit.id)
        .outerjoin(Person, Activity.logged_by_id == Person.id)
        .order_by(Activity.start_date.asc().nulls_last(), Activity.id)
        .execution_options(yield_per=1000)
    )
    names = (*_EXPORTED_AS, "unit", "logged_by")
    for values in session.execute(query):
        row = dict(zip(names, values, strict=True))
        if row["climate_compensated"] not in ("yes", "no"):
            row["climate_compensated"] = None  # "unknown", the column's default, is an empty cell
        row["logged_by"] = row["logged_by"] or None  # a person known without an address
        yield row


# The activity's columns the export writes, and the contract's name of each.
_EXPORTED_AS: Final = tuple(column for column in HEADER if column not in ("unit", "logged_by"))
_EXPORTED: Final = tuple(getattr(Activity, _FIELD_OF.get(column, column)) for column in _EXPORTED_AS)


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, date) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write the rows as they come; return how many."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    count = 0
    for row in rows:
        writer.writerow([_text(row[column]) for column in HEADER])
        count += 1
    return count


def to_csv(rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    write_csv(rows, out)
    return out.getvalue()


def write_json(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """The rows as one JSON array, indented as `json.dumps(…, indent=2)` would, written a row at a time.

    Each row's object is laid out here, its keys written once and each value by the C encoder `json`
    itself uses for a string: `json.dumps` with an indent runs in pure Python (a JSON export of 102,000
    activities took 9.6 s that way, 5.0 s this way). The values are a row's cells: text, numbers, dates
    and None."""
    count = 0
    for row in rows:
        item = ",".join([key + _json_value(row[column]) for key, column in _JSON_KEYS])
        out.write(("[\n  {" if count == 0 else ",\n  {") + item + "\n  }")
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


# Each column's key as an object one level into the array shows it, indented by two spaces a level.
_JSON_KEYS: Final = tuple((f"\n    {json.dumps(column)}: ", column) for column in HEADER)
_json_string: Final = json.encoder.encode_basestring  # type: ignore[attr-defined]  # ensure_ascii=False's


def _json_value(value: Any) -> str:
    if type(value) is str:
        return cast(str, _json_string(value))
    if value is None:
        return "null"
    if isinstance(value, date):
        return '"' + value.isoformat() + '"'
    return json.dumps(value)


def to_json(rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    write_json(rows, out)
    return out.getvalue()


def write_xlsx(rows: Iterable[dict[str, Any]], path: Path) -> int:
    """A workbook with the contract's header, typed cells, a filter and a frozen header row, written as the
    rows come (the report's own XLSX writer, in openpyxl's write-only mode)."""
    from openpyxl import Workbook

    from reports.writers.xlsx import table_sheet

    count = 0

    def cells() -> Iterator[list[Any]]:
        nonlocal count
        for row in rows:
            count += 1
            yield [row[name] for name in HEADER]

    workbook = Workbook(write_only=True)
    table_sheet(workbook, "activities", HEADER, cells(), widths=_WIDTHS)
    workbook.save(path)
    return count


# Column widths of the export, in the contract's column order.
_WIDTHS: Final = (20, 40, 12, 12, 16, 8, 12, 10, 24, 24, 10, 12, 40, 32, 28, 12, 10)
