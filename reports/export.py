"""Writing a report in a chosen format, and the bundle of files the chat hands to a contact person."""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from reports.chart import render_chart
from reports.model import Report
from reports.text import ReportText
from reports.writers import csv as csv_writer
from reports.writers import docx as docx_writer
from reports.writers import markdown as markdown_writer
from reports.writers import xlsx as xlsx_writer

log = logging.getLogger(__name__)

FORMATS: Final = ("md", "docx", "xlsx", "csv", "png")
MIME_TYPES: Final = {
    "md": "text/markdown",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "png": "image/png",
}
# Reports hold names of colleagues: a bundle is kept only as long as an upload can take.
KEEP_EXPORTS_SECONDS: Final = 24 * 3600
# A person's data export: kept only while it is being delivered.
KEEP_PERSONAL_SECONDS: Final = 3600
PERSONAL_PREFIX: Final = "data-p"

_UNSAFE = re.compile(r"[^\w\- ]+", re.UNICODE)


def file_stem(report: Report) -> str:
    """A file name people recognise in their downloads folder: "Årsrapport 2026 Kultur- och fritidsförvaltningen"."""
    stem = _UNSAFE.sub("", ReportText(report).short_title)
    return " ".join(stem.split())[:120] or "report"


class NothingToDraw(Exception):
    """A chart was asked for a report with no dated activity."""


def write_report(report: Report, fmt: str, path: Path, chart_png: bytes | None = None) -> None:
    """Write `report` as `fmt` to `path`. The DOCX and XLSX embed the chart, drawn here unless given."""
    if fmt == "md":
        path.write_text(markdown_writer.render(report), encoding="utf-8")
    elif fmt == "csv":
        csv_writer.write(report, str(path))
    elif fmt in ("docx", "xlsx"):
        chart = chart_png if chart_png is not None else render_chart(report)
        (docx_writer if fmt == "docx" else xlsx_writer).write(report, path, chart)
    elif fmt == "png":
        chart = chart_png if chart_png is not None else render_chart(report)
        if chart is None:
            raise NothingToDraw
        path.write_bytes(chart)
    else:
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")


@dataclass(frozen=True)
class ExportedFile:
    path: Path
    fmt: str

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.fmt]


def export_dir() -> Path:
    """The directory that holds chat exports, private to the user the bot runs as."""
    root = Path(tempfile.gettempdir()) / "utblick-reports"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def prune_exports(root: Path, older_than: float = KEEP_EXPORTS_SECONDS) -> None:
    """Remove bundles older than a day, and personal exports older than an hour: by then every upload of
    them has finished, failed or been refused (a delivered personal export is removed at once)."""
    now = time.time()
    for child in root.iterdir():
        limit = now - (min(older_than, KEEP_PERSONAL_SECONDS) if child.name.startswith(PERSONAL_PREFIX) else older_than)
        try:
            if child.is_dir() and child.stat().st_mtime < limit:
                shutil.rmtree(child, ignore_errors=True)
        except OSError:
            log.warning("could not remove old report export %s", child.name)


def personal_export_dir(person_id: int) -> Path:
    """A fresh private directory for one person's data export, named so that erasing them finds it."""
    root = export_dir()
    prune_exports(root)
    return Path(tempfile.mkdtemp(prefix=f"{PERSONAL_PREFIX}{person_id}-", dir=root))


def forget_personal_exports(person_id: int) -> None:
    """Remove every data export of this person still on disk (erasure leaves no copy behind)."""
    root = export_dir()
    for child in root.glob(f"{PERSONAL_PREFIX}{person_id}-*"):
        shutil.rmtree(child, ignore_errors=True)


def write_bundle(report: Report, formats: tuple[str, ...] = ("docx", "xlsx", "png")) -> list[ExportedFile]:
    """The files the chat attaches, each in a fresh private directory; the chart drawn once for all."""
    root = export_dir()
    prune_exports(root)
    directory = Path(tempfile.mkdtemp(prefix=f"{report.year}-", dir=root))
    chart = render_chart(report) if {"docx", "xlsx", "png"} & set(formats) else None
    stem = file_stem(report)
    files = []
    for fmt in formats:
        if fmt == "png" and chart is None:
            continue
        path = directory / f"{stem}.{fmt}"
        write_report(report, fmt, path, chart)
        files.append(ExportedFile(path, fmt))
    return files
