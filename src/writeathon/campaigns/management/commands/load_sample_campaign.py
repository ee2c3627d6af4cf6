from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from writeathon.campaigns import sample_content
from writeathon.usecases.sections import sample_campaign_load


class Command(BaseCommand):
    help = "Load the sample campaign (Write for Rights 2016) and past editions. Safe to repeat."

    def handle(self, *args: Any, **options: Any) -> None:
        steps = len(sample_content.PAST_EDITIONS) + len(sample_content.CASES)
        with tqdm(total=steps, desc="Sample campaign", unit="item", disable=None) as bar:

            def progress(step: str) -> None:
                bar.set_postfix_str(step, refresh=False)
                bar.update(1)

            campaign = sample_campaign_load(progress=progress)
        self.stdout.write(f"Sample campaign ready: {campaign.name}")
