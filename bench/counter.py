"""Benchmark: reading the live counter from the tallies versus counting actions.

The public counter and /counter.json read the per-case tallies (a handful of rows);
the baseline is what a naive page would do: COUNT(*) over the confirmed actions,
grouped by case. Both are measured in the same run on the same data.

    python bench/counter.py                 # SQLite in a temporary folder
    DATABASE_URL=postgres://... python bench/counter.py --actions 500000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

from sample_site import sample_site


def _timeit(fn: Callable[[], object], repeat: int) -> float:
    """Median seconds per call."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        campaign = sample_site(data_dir)
        from django.core.cache import cache
        from django.db import connection
        from django.db.models import Count
        from django.test import Client
        from django.utils import timezone
        from tqdm import tqdm

        from writeathon.actions.models import Action
        from writeathon.actions.tallies import tally_reconcile
        from writeathon.campaigns.models import Case
        from writeathon.reporting.selectors import counter_snapshot
        from writeathon.supporters.models import Supporter

        Action.objects.filter(campaign=campaign).delete()
        cases = list(Case.objects.filter(campaign=campaign))
        now = timezone.now()
        batch = 5_000
        with tqdm(total=args.actions, desc="Creating actions", unit="action") as bar:
            for start in range(0, args.actions, batch):
                size = min(batch, args.actions - start)
                supporters = Supporter.objects.bulk_create(
                    Supporter(email=f"bench{start + i}@example.org", name="Bench", confirmed_at=now)
                    for i in range(size)
                )
                Action.objects.bulk_create(
                    Action(
                        campaign=campaign,
                        case=cases[(start + i) % len(cases)],
                        supporter=supporter,
                        channel="signature",
                        status=Action.Status.CONFIRMED,
                        language="en",
                        signer_name="Bench",
                        confirmed_at=now,
                    )
                    for i, supporter in enumerate(supporters)
                )
                bar.update(size)
        tally_reconcile(campaign=campaign)

        def baseline() -> object:
            return list(
                Action.objects.filter(campaign=campaign, status=Action.Status.CONFIRMED)
                .values("case_id")
                .annotate(n=Count("pk"))
            )

        def tallies_uncached() -> object:
            cache.clear()
            return counter_snapshot(campaign=campaign)

        def tallies_cached() -> object:
            return counter_snapshot(campaign=campaign)

        client = Client()

        def endpoint_cached() -> object:
            return client.get("/counter.json")

        if counter_snapshot(campaign=campaign).online_total != args.actions:
            print("counter does not match the actions", file=sys.stderr)
            return 1
        results = {
            "baseline: COUNT(*) of actions by case": _timeit(baseline, args.repeat),
            "tallies, cache cold": _timeit(tallies_uncached, args.repeat),
            "tallies, cache warm": _timeit(tallies_cached, args.repeat * 10),
            "GET /counter.json (cache warm)": _timeit(endpoint_cached, args.repeat * 4),
        }
        base = results["baseline: COUNT(*) of actions by case"]
        print(f"\nDatabase: {connection.vendor}, {args.actions:,} confirmed actions on 4 cases")
        print(f"{'measure':42} {'median ms':>10} {'speed-up vs baseline':>22}")
        for name, seconds in results.items():
            print(f"{name:42} {seconds * 1000:10.3f} {base / seconds:21.1f}x")
        if connection.vendor == "postgresql":
            Action.objects.filter(campaign=campaign).delete()
            Supporter.objects.filter(email__startswith="bench").delete()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
