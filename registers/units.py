"""The unit register as a CSV file: read and check it whole, store it in one go, write it back out.

The format is the contract in docs/design.md: `name,kind,short_name,aliases,contact_name,contact_email,
contact_slack_id,contact_teams_id`, UTF-8 (a BOM from Excel is fine), aliases separated by `;`. A file is
checked completely before anything is stored, so a bad row never leaves half a register behind, and
importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import OrgUnit, Person
from storage.people import find_by_email
from storage.vocab import UNIT_KINDS

HEADER = ("name", "kind", "short_name", "aliases", "contact_name", "contact_email", "contact_slack_id",
          "contact_teams_id")  # fmt: skip
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SLACK_ID = re.compile(r"^[UW][A-Z0-9]{6,}$")


@dataclass(frozen=True)
class UnitRow:
    line: int
    name: str
    kind: str
    short_name: str | None
    aliases: tuple[str, ...]
    contact_name: str | None
    contact_email: str | None
    contact_slack_id: str | None
    contact_teams_id: str | None


@dataclass(frozen=True)
class RowProblem:
    """Where a file is wrong and why, as a catalog code (`units.problem.<code>`) with its values."""

    line: int
    column: str
    code: str
    value: str = ""

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.code} {self.value}".strip()


class RegisterError(Exception):
    """The file cannot be imported; `problems` says where and why."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class ImportSummary:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def read(path: Path) -> list[UnitRow]:
    """Parse and check a whole file; raise RegisterError listing every problem found."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RegisterError([RowProblem(1, "file", "not_utf8")]) from None
    return parse(text)


def parse(text: str) -> list[UnitRow]:
    reader = csv.reader(io.StringIO(text))
    problems: list[RowProblem] = []
    rows: list[UnitRow] = []
    header = next(reader, None)
    if header is None or tuple(h.strip().lower() for h in header) != HEADER:
        raise RegisterError([RowProblem(1, "header", "header", ",".join(HEADER))])
    seen: dict[str, int] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(HEADER):
            problems.append(RowProblem(number, "row", "columns", str(len(cells))))
            continue
        values = dict(zip(HEADER, (c.strip() for c in cells), strict=True))
        name, kind = values["name"], values["kind"].lower()
        if not name:
            problems.append(RowProblem(number, "name", "empty"))
        elif name.casefold() in seen:
            problems.append(RowProblem(number, "name", "repeated", str(seen[name.casefold()])))
        else:
            seen[name.casefold()] = number
        if kind not in UNIT_KINDS:
            problems.append(RowProblem(number, "kind", "kind", values["kind"]))
        email = values["contact_email"] or None
        if email and not _EMAIL.match(email):
            problems.append(RowProblem(number, "contact_email", "email", email))
        slack = values["contact_slack_id"] or None
        if slack and not _SLACK_ID.match(slack):
            problems.append(RowProblem(number, "contact_slack_id", "slack_id", slack))
        has_contact = any(values[c] for c in ("contact_email", "contact_slack_id", "contact_teams_id"))
        if values["contact_name"] and not has_contact:
            problems.append(RowProblem(number, "contact_email", "contact_id"))
        rows.append(
            UnitRow(
                line=number,
                name=name,
                kind=kind,
                short_name=values["short_name"] or None,
                aliases=tuple(a.strip() for a in values["aliases"].split(";") if a.strip()),
                contact_name=values["contact_name"] or None,
                contact_email=email,
                contact_slack_id=slack,
                contact_teams_id=values["contact_teams_id"] or None,
            )
        )
    if problems:
        raise RegisterError(problems)
    return rows


def _contact(session: Session, row: UnitRow) -> Person | None:
    """The contact person of a row: found by e-mail or platform id, created if new."""
    person = None
    if row.contact_email:
        person = find_by_email(session, row.contact_email)
    if person is None and row.contact_slack_id:
        person = session.scalars(select(Person).where(Person.slack_user_id == row.contact_slack_id)).first()
    if person is None and row.contact_teams_id:
        person = session.scalars(select(Person).where(Person.teams_aad_id == row.contact_teams_id)).first()
    if person is None and not (row.contact_email or row.contact_slack_id or row.contact_teams_id):
        return None
    if person is None:
        person = Person()
        session.add(person)
    person.display_name = row.contact_name or person.display_name
    person.email = row.contact_email or person.email
    person.slack_user_id = row.contact_slack_id or person.slack_user_id
    person.teams_aad_id = row.contact_teams_id or person.teams_aad_id
    session.flush()
    return person


def store(session: Session, rows: Iterable[UnitRow]) -> ImportSummary:
    """Add or update each unit by name; the caller's transaction makes it all or nothing."""
    summary = ImportSummary()
    contact_of: list[tuple[Person, str]] = []
    by_name = {u.name.casefold(): u for u in session.scalars(select(OrgUnit))}
    for row in rows:
        unit = by_name.get(row.name.casefold())
        contact = _contact(session, row)
        wanted = (row.name, row.kind, row.short_name, list(row.aliases), contact.id if contact else None)
        if contact is not None and contact.org_unit_id is None:
            contact_of.append((contact, row.name))
        if unit is None:
            unit = OrgUnit(name=row.name, kind=row.kind, short_name=row.short_name, aliases=list(row.aliases),
                           contact_person_id=contact.id if contact else None)  # fmt: skip
            session.add(unit)
            summary.added.append(row.name)
            continue
        current = (unit.name, unit.kind, unit.short_name, list(unit.aliases or []), unit.contact_person_id)
        if current == wanted:
            summary.unchanged.append(row.name)
            continue
        unit.name, unit.kind, unit.short_name, unit.aliases, unit.contact_person_id = wanted
        summary.changed.append(row.name)
    session.flush()
    units_by_name = {u.name: u for u in session.scalars(select(OrgUnit))}
    for person, unit_name in contact_of:  # a contact person belongs to the unit they report for
        person.org_unit_id = units_by_name[unit_name].id
    return summary


def write(session: Session) -> str:
    """The register in the import format, sorted by name, so export → import changes nothing."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for unit in session.scalars(select(OrgUnit).order_by(OrgUnit.name)):
        contact = unit.contact_person
        writer.writerow(
            [
                unit.name,
                unit.kind,
                unit.short_name or "",
                ";".join(unit.aliases or []),
                contact.display_name or "" if contact else "",
                contact.email or "" if contact else "",
                contact.slack_user_id or "" if contact else "",
                contact.teams_aad_id or "" if contact else "",
            ]
        )
    return out.getvalue()
