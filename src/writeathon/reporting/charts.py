"""Charts drawn on the server as SVG: readable without JavaScript, with nothing loaded from
elsewhere. Each chart is an image with a title; the page puts the same numbers in a table
beside it, for screen readers and for copying.

Every label is escaped; sizes are computed here, so a chart is the same in
every browser and in a saved page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
LABEL_WIDTH = 190
VALUE_WIDTH = 90
ROW_HEIGHT = 26
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    highlight: bool = False


def _count(value: int) -> str:
    group = str(get_format("THOUSAND_SEPARATOR"))
    return f"{value:,}".replace(",", group)


def _short(label: str, limit: int = 26) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(*, chart_id: str, title: str, bars: Sequence[Bar]) -> SafeString:
    """Horizontal bars, one per row, scaled to the largest value."""
    peak = max((bar.value for bar in bars), default=0) or 1
    track = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = max(1, len(bars)) * ROW_HEIGHT + 8
    rows = []
    for index, bar in enumerate(bars):
        y = 4 + index * ROW_HEIGHT
        width = round(bar.value * track / peak, 1)
        if bar.value and width < 1:
            width = 1
        rows.append(
            (
                y + BAR_HEIGHT - 4,
                _short(bar.label),
                LABEL_WIDTH,
                y,
                width,
                BAR_HEIGHT,
                "chart-bar chart-bar-current" if bar.highlight else "chart-bar",
                LABEL_WIDTH + width + 6,
                y + BAR_HEIGHT - 4,
                _count(bar.value),
            )
        )
    marks = "".join(
        f'<text x="0" y="{ty}" class="chart-label">{escape(label)}</text>'
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" class="{css}"></rect>'
        f'<text x="{vx}" y="{vy}" class="chart-value">{escape(value)}</text>'
        for ty, label, x, y, w, h, css, vx, vy, value in rows
    )
    return _svg(chart_id=chart_id, title=title, height=height, marks=marks)


def column_chart(*, chart_id: str, title: str, bars: Sequence[Bar], every: int = 7) -> SafeString:
    """Vertical columns in order (days), a label under every `every`th."""
    height = 220
    base = height - 28
    peak = max((bar.value for bar in bars), default=0) or 1
    count = max(1, len(bars))
    step = (WIDTH - 60) / count
    width = max(1.0, round(step * 0.8, 2))
    columns = []
    labels = []
    for index, bar in enumerate(bars):
        x = round(50 + index * step, 2)
        tall = round(bar.value * (base - 10) / peak, 1)
        if bar.value and tall < 1:
            tall = 1
        columns.append((x, round(base - tall, 1), width, tall))
        if index % every == 0:
            labels.append((x, height - 8, bar.label))
    peak_text = escape(_count(max((bar.value for bar in bars), default=0)))
    marks = (
        f'<line x1="48" y1="{base}" x2="{WIDTH}" y2="{base}" class="chart-axis"></line>'
        f'<text x="0" y="16" class="chart-value">{peak_text}</text>'
        + "".join(
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" class="chart-bar"></rect>'
            for x, y, w, h in columns
        )
        + "".join(
            f'<text x="{x}" y="{y}" class="chart-label">{escape(label)}</text>'
            for x, y, label in labels
        )
    )
    return _svg(chart_id=chart_id, title=title, height=height, marks=marks)


def progress_chart(*, chart_id: str, title: str, value: int, goal: int) -> SafeString:
    """One bar toward a goal."""
    done = min(1.0, value / goal) if goal else 0.0
    track = WIDTH - 20
    width = max(1.0, round(done * track, 1)) if value else 0
    marks = (
        f'<rect x="10" y="10" width="{track}" height="28" class="chart-track"></rect>'
        f'<rect x="10" y="10" width="{width}" height="28" class="chart-bar chart-bar-current">'
        "</rect>"
    )
    return _svg(chart_id=chart_id, title=title, height=48, marks=marks)


def _svg(*, chart_id: str, title: str, height: int, marks: str) -> SafeString:
    """The chart; `marks` is SVG built above from numbers and escaped labels."""
    return format_html(
        '<svg class="chart" id="{}" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
        'preserveAspectRatio="xMinYMin meet" direction="ltr" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title>{}</svg>',
        chart_id,
        WIDTH,
        height,
        chart_id,
        chart_id,
        title,
        mark_safe(marks),  # noqa: S308 - numbers, and labels escaped above
    )
