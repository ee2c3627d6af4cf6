"""Benchmark: the staff reports (/staff/reports/) with a million actions stored.

Bulk-generates supporters in a few dozen countries (each in its country's section where
there is one) and their confirmed actions on the sample campaign's cases, over the
campaign's days, on several channels and sources (COPY on PostgreSQL, bulk inserts on
SQLite); builds the tallies from them as the migration does; then times, in the same run
and through the same Django stack (the test client):

- the baseline: GET /healthz, a minimal view (one SELECT 1);
- GET /staff/reports/ for international staff and for one section's staff, with the
  report cache emptied before every request (cold) and not (warm, within 10 seconds);
- a filtered dashboard, and one table downloaded as XLSX;
- GET /counter.json with its cache emptied, since the counter reads the same tallies;
- one reconciliation of every key against the actions (no drift).

    python bench/reports.py --actions 200000           # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/reports.py
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sample_site import sample_site

# Where supporters write from, most to least (a long tail, as in the published reports).
COUNTRIES = [
    "PE",
    "JO",
    "MX",
    "FR",
    "ES",
    "GB",
    "DE",
    "US",
    "CA",
    "AR",
    "CL",
    "CO",
    "BR",
    "IT",
    "NL",
    "BE",
    "PL",
    "CZ",
    "SE",
    "NO",
    "DK",
    "FI",
    "IE",
    "PT",
    "CH",
    "AT",
    "AU",
    "NZ",
    "JP",
    "KR",
    "TW",
    "HK",
    "SG",
    "MY",
    "PH",
    "ID",
    "TH",
    "IN",
    "NP",
    "LK",
    "PK",
    "MA",
    "TN",
    "DZ",
    "SN",
    "GH",
    "NG",
    "KE",
    "UG",
    "ZA",
    "ZW",
    "TR",
    "IL",
    "LB",
    "PS",
    "EG",
    "SA",
    "AE",
    "UY",
    "PY",
    "BO",
]
CHANNELS = [("email", 45), ("signature", 30), ("letter", 12), ("sms", 6), ("solidarity", 7)]
SOURCES = [("online", 80), ("sms", 6), ("event", 10), ("import", 3), ("api", 1)]


def _timeit(fn: Callable[[], object], repeat: int) -> float:
    """Median seconds per call."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _weighted(pairs: list[tuple[str, int]], rng: random.Random) -> str:
    return rng.choices([name for name, _ in pairs], [weight for _, weight in pairs])[0]


def _generate(campaign: Any, actions: int, rng: random.Random) -> None:
    from django.db import connection
    from tqdm import tqdm

    from writeathon.actions.models import Action
    from writeathon.campaigns.models import Case
    from writeathon.sections.models import Section
    from writeathon.supporters.models import Supporter

    cases = list(Case.objects.filter(campaign=campaign).values_list("pk", flat=True))
    sections = dict(Section.objects.values_list("country", "pk"))
    country_weights = [1 / (rank + 1) ** 1.1 for rank in range(len(COUNTRIES))]
    start = campaign.opens_at or datetime(2016, 10, 5, tzinfo=UTC)
    days = max(1, (campaign.closes_at - start).days) if campaign.closes_at else 60
    days = min(days, 120)
    per_supporter = len(cases) * 2  # each acts on every case, on up to two channels
    supporters_needed = actions // per_supporter + 1
    batch = 5_000
    made = 0
    with tqdm(total=actions, desc="Creating actions", unit="action", file=sys.stderr) as bar:
        while made < actions:
            size = min(batch, supporters_needed)
            countries = rng.choices(COUNTRIES, country_weights, k=size)
            supporters = Supporter.objects.bulk_create(
                Supporter(
                    email=f"bench-{uuid.uuid4().hex}@example.org",
                    email_canonical="",
                    name="Bench",
                    country=country,
                    section_id=sections.get(country),
                    confirmed_at=start,
                )
                for country in countries
            )
            rows = []
            for supporter, country in zip(supporters, countries, strict=True):
                channels = {_weighted(CHANNELS, rng), _weighted(CHANNELS, rng)}
                for case_id in cases:
                    for channel in channels:
                        if made + len(rows) >= actions:
                            break
                        moment = start + timedelta(
                            days=min(days - 1, int(rng.expovariate(1 / (days / 4)))),
                            seconds=rng.randrange(86_400),
                        )
                        rows.append(
                            (
                                uuid.uuid4(),
                                campaign.pk,
                                case_id,
                                supporter.pk,
                                channel,
                                _weighted(SOURCES, rng),
                                "confirmed",
                                country,
                                "en",
                                "Bench",
                                "",
                                "",
                                False,
                                False,
                                moment,
                                moment,
                            )
                        )
            columns = (
                "public_id, campaign_id, case_id, supporter_id, channel, source, status, "
                "country, language, signer_name, subject, body, copy_to_supporter, hide_email, "
                "created_at, confirmed_at"
            )
            if connection.vendor == "postgresql":
                with (
                    connection.cursor() as cursor,
                    cursor.copy(f"COPY actions_action ({columns}) FROM STDIN") as copy,
                ):
                    for row in rows:
                        copy.write_row(row)
            else:
                Action.objects.bulk_create(
                    Action(
                        public_id=row[0],
                        campaign_id=row[1],
                        case_id=row[2],
                        supporter_id=row[3],
                        channel=row[4],
                        source=row[5],
                        status=row[6],
                        country=row[7],
                        language=row[8],
                        signer_name=row[9],
                        confirmed_at=row[15],
                    )
                    for row in rows
                )
            made += len(rows)
            bar.update(len(rows))


def _tallies_build(campaign: Any) -> int:
    """The tallies from the actions, key by key, as migration 0008 builds them (in SQL)."""
    from django.db.models import Count, Sum
    from django.db.models.functions import TruncDate

    from writeathon.actions.models import Action, Tally, TallyByCountry, TallyByDay

    Tally.objects.filter(campaign=campaign).delete()
    rows = (
        Action.objects.filter(campaign=campaign, status="confirmed")
        .annotate(on=TruncDate("confirmed_at"))
        .values("case_id", "supporter__section_id", "channel", "source", "country", "on")
        .annotate(n=Count("pk"))
        .values_list("case_id", "supporter__section_id", "channel", "source", "country", "on", "n")
    )
    made = Tally.objects.bulk_create(
        (
            Tally(
                campaign=campaign,
                case_id=case,
                section_id=section,
                channel=channel,
                source=source,
                country=country,
                day=day,
                shard=0,
                total=n,
            )
            for case, section, channel, source, country, day, n in rows.iterator()
        ),
        batch_size=5_000,
    )
    # The rollups, summed from the tallies by key as migration 0011 does.
    for model, part in ((TallyByCountry, "country"), (TallyByDay, "day")):
        model.objects.filter(campaign=campaign).delete()
        fields = ["case_id", "section_id", "channel", "source", part]
        sums = (
            Tally.objects.filter(campaign=campaign)
            .values(*fields)
            .annotate(n=Sum("total"))
            .order_by()
        )
        model.objects.bulk_create(
            (
                model(campaign=campaign, **{f: row[f] for f in fields}, shard=0, total=row["n"])
                for row in sums.iterator()
            ),
            batch_size=5_000,
        )
    return len(made)


def _staff(username: str, section: Any) -> Any:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.test import Client

    from writeathon.sections.services import staff_membership_set

    user, _ = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
    user.user_permissions.set([Permission.objects.get(codename="view_reports")])
    staff_membership_set(user=user, section=section, is_international=section is None)
    client = Client()
    client.force_login(user)
    return client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated data for the next run"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        campaign = sample_site(data_dir)
        from django.core.cache import cache
        from django.db import connection
        from django.db.models import Sum
        from django.test import Client

        from writeathon.actions.models import Action, Tally, TallyByCountry, TallyByDay
        from writeathon.actions.tallies import tallies_reconcile
        from writeathon.reporting.selectors import counter_forget
        from writeathon.sections.models import Section
        from writeathon.supporters.models import Supporter

        started = time.perf_counter()
        if Action.objects.filter(campaign=campaign).count() != args.actions:
            Action.objects.filter(campaign=campaign).delete()
            Supporter.objects.filter(email__startswith="bench-").delete()
            _generate(campaign, args.actions, random.Random(args.seed))
        generated = time.perf_counter() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        started = time.perf_counter()
        keys = _tallies_build(campaign)
        built = time.perf_counter() - started
        tallied = Tally.objects.filter(campaign=campaign).aggregate(n=Sum("total"))["n"]
        if tallied != args.actions:
            print(f"tallies hold {tallied}, not {args.actions}", file=sys.stderr)
            return 1

        everyone = _staff("bench-international", None)
        peru = _staff("bench-peru", Section.objects.get(country="PE"))
        plain = Client()

        def get(client: Any, url: str, *, cold: bool) -> Callable[[], object]:
            def call() -> object:
                if cold:
                    cache.clear()  # the report's figures and the counter read afresh
                response = client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: {response.status_code}")
                return response

            return call

        def counter_cold() -> object:
            counter_forget(campaign=campaign)
            return plain.get("/counter.json")

        get(everyone, "/staff/reports/", cold=True)()  # warm up imports and templates
        results = {
            "baseline: GET /healthz (minimal view)": _timeit(
                get(plain, "/healthz", cold=False), args.repeat * 4
            ),
            "reports, international staff, cache cold": _timeit(
                get(everyone, "/staff/reports/", cold=True), args.repeat
            ),
            "reports, international staff, cache warm": _timeit(
                get(everyone, "/staff/reports/", cold=False), args.repeat
            ),
            "reports, Peru's staff, cache cold": _timeit(
                get(peru, "/staff/reports/", cold=True), args.repeat
            ),
            "reports filtered (case, channel, dates), cold": _timeit(
                get(
                    everyone,
                    "/staff/reports/?channel=email&day_from=2016-11-01&day_to=2016-12-31",
                    cold=True,
                ),
                args.repeat,
            ),
            "case x country table as XLSX, cold": _timeit(
                get(everyone, "/staff/reports/case-countries.xlsx", cold=True), args.repeat
            ),
            "GET /counter.json, cache cold": _timeit(counter_cold, args.repeat * 2),
        }
        started = time.perf_counter()
        drifts = tallies_reconcile(campaign=campaign)
        reconciled = time.perf_counter() - started
        base = results["baseline: GET /healthz (minimal view)"]
        out = io.StringIO()
        print(
            f"\nDatabase: {connection.vendor}; {args.actions:,} confirmed actions on "
            f"{campaign.cases.count()} cases; {keys:,} tally rows by key, "
            f"{TallyByCountry.objects.count():,} by country, {TallyByDay.objects.count():,} by day "
            f"(generated in {generated:.0f} s, tallies built in {built:.1f} s)",
            file=out,
        )
        print(f"{'measure':48} {'median ms':>10} {'x baseline':>11}", file=out)
        for name, seconds in results.items():
            print(f"{name:48} {seconds * 1000:10.1f} {seconds / base:10.1f}x", file=out)
        print(
            f"reconciliation of every key, no drift: {reconciled:.1f} s ({len(drifts)} drifts)",
            file=out,
        )
        print(out.getvalue())
        if connection.vendor == "postgresql" and not args.keep:
            Tally.objects.filter(campaign=campaign).delete()
            Action.objects.filter(campaign=campaign).delete()
            Supporter.objects.filter(email__startswith="bench-").delete()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
