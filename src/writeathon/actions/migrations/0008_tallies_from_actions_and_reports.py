# The tallies by key, built from the confirmed actions and counted reports; reversed, one
# row per case again.

import datetime

from django.db import migrations
from django.utils import timezone


def tallies_build(apps, schema_editor):
    """Replace the per-case rows with rows by key, counted from the actions and reports."""
    Action = apps.get_model("actions", "Action")
    CountReport = apps.get_model("actions", "CountReport")
    Tally = apps.get_model("actions", "Tally")
    counted = {}
    actions = (
        Action.objects.filter(status="confirmed")
        .values_list(
            "campaign_id",
            "case_id",
            "supporter__section_id",
            "channel",
            "source",
            "country",
            "confirmed_at",
            "created_at",
        )
        .iterator(chunk_size=5000)
    )
    for campaign, case, section, channel, source, country, confirmed, created in actions:
        day = timezone.localdate(confirmed or created)
        key = (campaign, case, section, channel, source, str(country or ""), day)
        counted[key] = counted.get(key, 0) + 1
    reports = CountReport.objects.filter(status="counted").values_list(
        "campaign_id", "case_id", "section_id", "channel", "source", "country", "day", "count"
    )
    for campaign, case, section, channel, source, country, day, count in reports:
        key = (campaign, case, section, channel, source, str(country or ""), day)
        counted[key] = counted.get(key, 0) + count
    Tally.objects.all().delete()
    Tally.objects.bulk_create(
        (
            Tally(
                campaign_id=campaign,
                case_id=case,
                section_id=section,
                channel=channel,
                source=source,
                country=country,
                day=day,
                shard=0,
                total=total,
            )
            for (campaign, case, section, channel, source, country, day), total in counted.items()
            if total
        ),
        batch_size=5000,
    )


def tallies_fold(apps, schema_editor):
    """Back to one row per case (shard 0), the sum of its keys."""
    Tally = apps.get_model("actions", "Tally")
    totals = {}
    for campaign, case, total in Tally.objects.values_list("campaign_id", "case_id", "total"):
        totals[(campaign, case)] = totals.get((campaign, case), 0) + total
    Tally.objects.all().delete()
    Tally.objects.bulk_create(
        Tally(
            campaign_id=campaign,
            case_id=case,
            channel="",
            source="",
            country="",
            day=datetime.date(2000, 1, 1),
            shard=0,
            total=total,
        )
        for (campaign, case), total in totals.items()
    )


class Migration(migrations.Migration):

    dependencies = [
        ("actions", "0007_tallies_by_dimension"),
        ("supporters", "0006_supporter_section"),
    ]

    operations = [migrations.RunPython(tallies_build, tallies_fold)]
