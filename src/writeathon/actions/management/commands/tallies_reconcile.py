"""`writeathon manage tallies_reconcile`: compare the tallies with the actions and reports
they count, key by key, print each drift and repair it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from writeathon.actions.tallies import tallies_compact, tallies_reconcile
from writeathon.campaigns.models import Campaign


class Command(BaseCommand):
    help = (
        "Compare the tallies with the confirmed actions and counted reports by case, section, "
        "channel, source, country and day; print and repair every drift. Checks the open "
        "campaigns, or the one named with --campaign."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", default="", help="slug of the campaign to check")

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = None
        if options["campaign"]:
            campaign = Campaign.objects.filter(slug=options["campaign"]).first()
            if campaign is None:
                raise CommandError(f"No campaign {options['campaign']!r}.")
        with tqdm(desc="Cases", unit="case", disable=None) as bar:

            def progress(done: int, of: int) -> None:
                bar.total = of
                bar.update(done - bar.n)

            repairs = tallies_reconcile(campaign=campaign, progress=progress)
        for repair in repairs:
            self.stdout.write(
                f"drift: case {repair.case_id} section {repair.section_id or '-'} "
                f"channel {repair.channel} source {repair.source} "
                f"country {repair.country or '-'} day {repair.day}: "
                f"tallied {repair.tallied}, counted {repair.counted} "
                f"({repair.difference:+d}), repaired"
            )
        folded = tallies_compact(campaign=campaign)
        cases = len({repair.case_id for repair in repairs})
        self.stdout.write(
            f"{len(repairs)} drifts repaired in {cases} cases; {folded} shard rows folded."
            if repairs
            else f"The tallies hold: no drift. {folded} shard rows folded."
        )
