"""The chart of a report: activities under way in each month of the year, stacked by kind, as PNG.

Drawn with matplotlib's object API on the Agg canvas, never through pyplot: pyplot keeps global state
and picks a GUI backend, neither of which a server that draws charts for several people at once wants.
DejaVu Sans, which matplotlib ships, has å, ä and ö.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from reports.model import Report
from reports.text import ReportText, month_abbreviations
from storage.vocab import KINDS

# One colour per kind, the same in every report (matplotlib's colour-blind-aware "tab10" order),
# so a reader who has seen one chart reads the next without the legend.
KIND_COLOURS = dict(
    zip(
        KINDS,
        (
            "#1f77b4",
            "#17becf",
            "#9467bd",
            "#ff7f0e",
            "#2ca02c",
            "#d62728",
            "#8c564b",
            "#e377c2",
            "#bcbd22",
            "#7f7f7f",
        ),
        strict=True,
    )
)
WIDTH_INCHES, HEIGHT_INCHES, DPI = 8.0, 3.8, 150


def render_chart(report: Report) -> bytes | None:
    """The chart as PNG bytes, or None when no activity falls in any month (nothing to draw)."""
    months = report.monthly
    kinds = [kind for kind in KINDS if any(month.get(kind) for month in months)]
    if not kinds:
        return None
    text = ReportText(report)
    # Fixed margins rather than matplotlib's constrained layout, which measures every label and takes
    # longer than the drawing; the legend to the right holds the ten kind labels at most.
    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
    figure.subplots_adjust(left=0.08, right=0.74, top=0.88, bottom=0.1)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    positions = list(range(12))
    bottoms = [0] * 12
    for kind in kinds:
        heights = [month.get(kind, 0) for month in months]
        axes.bar(positions, heights, bottom=bottoms, width=0.7, color=KIND_COLOURS[kind], label=text.kind(kind))
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    axes.set_xticks(positions, month_abbreviations(report.language))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel(text("chart.axis"))
    axes.set_title(text("chart.title", year=report.year, unit=text.unit_name), loc="left", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()
