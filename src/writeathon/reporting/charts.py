"""Charts drawn on the server as SVG: readable without JavaScript, with nothing loaded from
elsewhere. Each chart is an image with a title; the page puts the same numbers in a table
beside it, for screen readers and for copying.

Every value is escaped (format_html); sizes are computed here, so a chart is the same in
every browser and in a saved page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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
    return number_format(value, force_grouping=True)


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
    marks = format_html_join(
        "",
        '<text x="0" y="{}" class="chart-label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text>',
        rows,
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
    marks = format_html(
        '<line x1="48" y1="{}" x2="{}" y2="{}" class="chart-axis"></line>'
        '<text x="0" y="16" class="chart-value">{}</text>{}{}',
        base,
        WIDTH,
        base,
        _count(max((bar.value for bar in bars), default=0)),
        format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"></rect>',
            columns,
        ),
        format_html_join("", '<text x="{}" y="{}" class="chart-label">{}</text>', labels),
    )
    return _svg(chart_id=chart_id, title=title, height=height, marks=marks)


def progress_chart(*, chart_id: str, title: str, value: int, goal: int) -> SafeString:
    """One bar toward a goal."""
    done = min(1.0, value / goal) if goal else 0.0
    track = WIDTH - 20
    width = max(1.0, round(done * track, 1)) if value else 0
    marks = format_html(
        '<rect x="10" y="10" width="{}" height="28" class="chart-track"></rect>'
        '<rect x="10" y="10" width="{}" height="28" class="chart-bar chart-bar-current"></rect>',
        track,
        width,
    )
    return _svg(chart_id=chart_id, title=title, height=48, marks=marks)


def _svg(*, chart_id: str, title: str, height: int, marks: SafeString) -> SafeString:
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
        marks,
    )
