"""Benchmark: the write path of one online action, against a bare INSERT baseline.

Measures, in the same run on the same database:
- baseline: one Action row inserted with the ORM, nothing else;
- action_submit for a confirmed supporter (looks up the supporter, inserts the action,
  counts it on a tally shard, all in one transaction);
- the full HTTP POST of the case page's form choosing a signature, through Django (form
  validation, CSRF off).

    python bench/submit.py                      # SQLite in a temporary folder
    DATABASE_URL=postgres://... python bench/submit.py --n 2000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable

from sample_site import sample_site


def _rate(label: str, n: int, fn: Callable[[int], object]) -> float:
    from tqdm import tqdm

    started = time.perf_counter()
    for i in tqdm(range(n), desc=label, unit="action", leave=False):
        fn(i)
    return n / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        campaign = sample_site(data_dir, TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend")
        from django.db import connection
        from django.test import Client
        from django.utils import timezone

        from writeathon.actions.models import Action, Channel
        from writeathon.supporters.models import Supporter
        from writeathon.usecases.intake import action_submit

        cases = list(campaign.cases.all())
        run = f"{time.time_ns()}"
        now = timezone.now()
        supporters = Supporter.objects.bulk_create(
            Supporter(email=f"b{run}-{i}@example.org", name="Bench", confirmed_at=now)
            for i in range(args.n * 2)
        )

        def baseline(i: int) -> object:
            return Action.objects.create(
                campaign=campaign,
                case=cases[0],
                supporter=supporters[i],
                channel=Channel.SIGNATURE,
                language="en",
                signer_name="Bench",
            )

        def service(i: int) -> object:
            return action_submit(
                case=cases[1],
                channel=Channel.SIGNATURE,
                email=supporters[args.n + i].email,
                name="Bench",
                country="FR",
                language="en",
                base_url="http://bench",
            )

        from writeathon.abuse.forms import form_token_make

        client = Client()
        url = f"/campaigns/{campaign.slug}/cases/{cases[2].slug}/act/"
        # As shown to a person 10 seconds ago (FORM_MIN_SECONDS).
        shown = form_token_make(shown_at=time.time() - 10)

        def http(i: int) -> object:
            response = client.post(
                url,
                {
                    "ways": "signature",
                    "name": "Bench",
                    "email": supporters[i].email,
                    "country": "FR",
                    "shown": shown,
                },
                # One person per address, as at a peak: the limits per address hold nobody.
                REMOTE_ADDR=f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}",
            )
            if response.status_code != 302:
                raise RuntimeError(response.status_code)
            return response

        results = {
            "baseline: bare ORM insert": _rate("baseline", args.n, baseline),
            "action_submit (confirmed supporter)": _rate("service", args.n, service),
            "POST signature form (HTTP stack)": _rate("http", args.n, http),
        }
        base = results["baseline: bare ORM insert"]
        print(f"\nDatabase: {connection.vendor}, {args.n:,} actions per measure, one process")
        print(f"{'measure':40} {'actions/s':>10} {'ratio to baseline':>18}")
        for name, rate in results.items():
            print(f"{name:40} {rate:10.0f} {rate / base:17.2f}x")
        Action.objects.filter(supporter__email__startswith=f"b{run}-").delete()
        Supporter.objects.filter(email__startswith=f"b{run}-").delete()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
