"""The staff reports' tables: what the page shows beside each chart and what each download
holds, built once from the same figures so the two never differ."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from django.utils.formats import date_format, get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel, Source
from writeathon.reporting.charts import Bar, bar_chart, column_chart, progress_chart
from writeathon.reporting.models import FunnelCount
from writeathon.reporting.selectors import ReportFigures

Cell = str | int | float | date | None


@dataclass(frozen=True)
class ReportTable:
    slug: str
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    # Columns holding numbers (aligned to the end, written as numbers in a spreadsheet).
    numeric: frozenset[int] = frozenset()
    chart: SafeString | None = None
    note: str = ""

    @property
    def html(self) -> SafeString:
        """The table as the page shows it, every cell escaped. Built here, with plain
        string joins: a template loop (or format_html) over thousands of cells costs more
        than reading the figures."""
        numbers = Numbers()
        head = "".join(
            f'<th scope="col"{NUMBER_CLASS if i in self.numeric else ""}>{escape(str(h))}</th>'
            for i, h in enumerate(self.headers)
        )
        rows = []
        for row in self.rows:
            cells = []
            for i, cell in enumerate(row):
                text = escape(numbers.shown(cell))
                if i == 0:
                    cells.append(f'<th scope="row"><bdi>{text}</bdi></th>')
                elif i in self.numeric:
                    cells.append(f'<td class="number">{text}</td>')
                else:
                    cells.append(f"<td><bdi>{text}</bdi></td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        if not rows:
            nothing = escape(str(_("Nothing counted yet.")))
            rows.append(f'<tr><td colspan="{len(self.headers)}">{nothing}</td></tr>')
        slug = escape(self.slug)
        return mark_safe(  # noqa: S308 - every value above is escaped
            f'<table class="table table-compact" id="table-{slug}">'
            f'<caption id="{slug}-caption">{escape(str(self.title))}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )


NUMBER_CLASS = ' class="number"'


class Numbers:
    """Numbers as the reader's language writes them (grouping and decimal signs), read once
    per table: Django's number_format per cell is the slowest part of a large table."""

    def __init__(self) -> None:
        self.group = str(get_format("THOUSAND_SEPARATOR"))
        self.decimal = str(get_format("DECIMAL_SEPARATOR"))

    def count(self, value: int) -> str:
        return f"{value:,}".replace(",", self.group)

    def shown(self, cell: Cell) -> str:
        if cell is None:
            return ""
        if isinstance(cell, bool):
            return str(cell)
        if isinstance(cell, int):
            return self.count(cell)
        if isinstance(cell, float):
            whole, _dot, part = f"{cell:,.1f}".partition(".")
            return whole.replace(",", self.group) + self.decimal + part
        if isinstance(cell, date):
            return cell.isoformat()
        return cell


_COUNTRY_NAMES: dict[str, dict[str, str]] = {}


def country_name(code: str) -> str:
    """The country's name in the reader's language; "Unknown" for none (or erased).

    Every name of a language is translated once per process: translating one at a time is
    the slowest part of a table of every country."""
    if not code:
        return _("Unknown")
    language = get_language() or ""
    names = _COUNTRY_NAMES.get(language)
    if names is None:
        names = _COUNTRY_NAMES[language] = {str(c): str(name) for c, name in countries}
    return names.get(code) or str(countries.name(code))


def _percent(part: int, whole: int) -> float:
    return round(part * 100 / whole, 1) if whole else 0.0


def _days(
    figures: ReportFigures,
    first: date | None,
    last: date | None,
    span: tuple[date | None, date | None],
) -> list[date]:
    """Every day from the first to the last, gaps as zero: the range chosen, else the
    campaign's dates widened to every day with actions."""
    known = sorted(figures.by_day)
    candidates_start = [d for d in (span[0], known[0] if known else None) if d is not None]
    candidates_end = [d for d in (span[1], known[-1] if known else None) if d is not None]
    start = first or (min(candidates_start) if candidates_start else None)
    end = last or (max(candidates_end) if candidates_end else None)
    if start is None or end is None or end < start or (end - start).days > 800:
        return known  # no range, or one that wide: only the days with actions
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def report_tables(
    *,
    figures: ReportFigures,
    cases: Sequence[Case],
    day_from: date | None = None,
    day_to: date | None = None,
    span: tuple[date | None, date | None] = (None, None),
) -> list[ReportTable]:
    """Every table of the report, in the order of the page, each with its chart."""
    names = {case.pk: case.name for case in cases}
    total = figures.total
    tables: list[ReportTable] = []

    percent = _percent(figures.public_total, figures.goal)
    tables.append(
        ReportTable(
            slug="goal",
            title=_("Progress toward the goal"),
            headers=[_("Public count"), _("Goal"), _("Percent of the goal")],
            rows=[[figures.public_total, figures.goal, percent]],
            numeric=frozenset({0, 1, 2}),
            chart=progress_chart(
                chart_id="chart-goal",
                title=_("Progress toward the goal"),
                value=figures.public_total,
                goal=figures.goal,
            ),
            note=_("The whole campaign's public count, whatever the filters."),
        )
    )

    by_case = sorted(figures.by_case.items(), key=lambda item: (-item[1], names.get(item[0], "")))
    tables.append(
        ReportTable(
            slug="cases",
            title=_("Actions by case"),
            headers=[_("Case"), _("Actions"), _("Share (%)")],
            rows=[[names.get(pk, str(pk)), n, _percent(n, total)] for pk, n in by_case],
            numeric=frozenset({1, 2}),
            chart=bar_chart(
                chart_id="chart-cases",
                title=_("Actions by case"),
                bars=[Bar(names.get(pk, str(pk)), n) for pk, n in by_case],
            ),
        )
    )

    by_country = sorted(
        ((country_name(code), code, n) for code, n in figures.by_country.items()),
        key=lambda row: (-row[2], row[0]),
    )
    tables.append(
        ReportTable(
            slug="countries",
            title=_("Actions by supporter's country"),
            headers=[_("Country"), _("Code"), _("Actions"), _("Share (%)")],
            rows=[[name, code, n, _percent(n, total)] for name, code, n in by_country],
            numeric=frozenset({2, 3}),
            chart=bar_chart(
                chart_id="chart-countries",
                title=_("Actions by supporter's country (the 15 largest)"),
                bars=[Bar(name, n) for name, _code, n in by_country[:15]],
            ),
        )
    )

    for slug, title, labels, figures_by in (
        ("channels", _("Actions by channel"), dict(Channel.choices), figures.by_channel),
        ("sources", _("Actions by source"), dict(Source.choices), figures.by_source),
    ):
        ordered = sorted(figures_by.items(), key=lambda item: -item[1])
        tables.append(
            ReportTable(
                slug=slug,
                title=title,
                headers=[_("Channel") if slug == "channels" else _("Source"), _("Actions")],
                rows=[[str(labels.get(key, key)), n] for key, n in ordered],
                numeric=frozenset({1}),
                chart=bar_chart(
                    chart_id=f"chart-{slug}",
                    title=title,
                    bars=[Bar(str(labels.get(key, key)), n) for key, n in ordered],
                ),
            )
        )

    days = _days(figures, day_from, day_to, span)
    running = 0
    day_rows: list[list[Cell]] = []
    for day in days:
        n = figures.by_day.get(day, 0)
        running += n
        day_rows.append([day, n, running])
    tables.append(
        ReportTable(
            slug="days",
            title=_("Actions per day"),
            headers=[_("Day"), _("Actions"), _("Running total")],
            rows=day_rows,
            numeric=frozenset({1, 2}),
            chart=column_chart(
                chart_id="chart-days",
                title=_("Actions per day"),
                bars=[Bar(date_format(day, "j M"), figures.by_day.get(day, 0)) for day in days],
            ),
        )
    )

    tables.append(
        ReportTable(
            slug="editions",
            title=_("This edition beside past editions"),
            headers=[_("Edition"), _("Total"), _("Approximate")],
            rows=[
                [label, n, _("yes") if approximate else _("no")]
                for label, n, approximate, _current in figures.editions
            ],
            numeric=frozenset({1}),
            chart=bar_chart(
                chart_id="chart-editions",
                title=_("This edition beside past editions"),
                bars=[
                    Bar(f"{label} ({_('so far')})" if current else label, n, highlight=current)
                    for label, n, _approximate, current in figures.editions
                ],
            ),
            note=_("Published totals of past editions; this edition's public count so far."),
        )
    )

    stages = [
        (FunnelCount.Stage.VIEWED, _("Case page viewed")),
        (FunnelCount.Stage.STARTED, _("Form sent")),
        (FunnelCount.Stage.SUBMITTED, _("Action recorded")),
        ("confirmed", _("Confirmed")),
        (FunnelCount.Stage.DELIVERED, _("Delivered")),
    ]
    views = figures.funnel.get(FunnelCount.Stage.VIEWED, 0)
    tables.append(
        ReportTable(
            slug="funnel",
            title=_("From case page to delivery"),
            headers=[_("Step"), _("Count"), _("Percent of page views")],
            rows=[
                [
                    str(label),
                    figures.funnel.get(stage, 0),
                    _percent(figures.funnel.get(stage, 0), views),
                ]
                for stage, label in stages
            ],
            numeric=frozenset({1, 2}),
            chart=bar_chart(
                chart_id="chart-funnel",
                title=_("From case page to delivery"),
                bars=[Bar(str(label), figures.funnel.get(stage, 0)) for stage, label in stages],
            ),
            note=_(
                "Online actions of the whole campaign, by case and day: a page view belongs to "
                "no section or channel, so those filters do not apply here."
            ),
        )
    )

    by_case_country = sorted(
        (
            (names.get(case_id, str(case_id)), country_name(code), code, n)
            for (case_id, code), n in figures.by_case_and_country.items()
        ),
        key=lambda row: (row[0], -row[3], row[1]),
    )
    tables.append(
        ReportTable(
            slug="case-countries",
            title=_("Actions by case and country"),
            headers=[_("Case"), _("Country"), _("Code"), _("Actions")],
            rows=[list(row) for row in by_case_country],
            numeric=frozenset({3}),
            note=_("The table of the annual report: every case, every country."),
        )
    )
    return tables
