# The campaign's calendar: a published campaign opens and closes itself with its window,
# in its own time zone. The old open/closed states become "published", and the dates
# become the window (from the start day's midnight to the end day's end, UTC); a campaign
# that staff had closed by hand stays closed: its window ends now if it had not already.

import datetime

import writeathon.campaigns.models
from django.db import migrations, models
from django.utils import timezone


def window_from_dates(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    now = timezone.now()
    for campaign in Campaign.objects.all():
        if campaign.starts_on is not None:
            campaign.opens_at = datetime.datetime.combine(
                campaign.starts_on, datetime.time(), tzinfo=datetime.UTC
            )
            campaign.edition_year = campaign.starts_on.year
        if campaign.ends_on is not None:
            campaign.closes_at = datetime.datetime.combine(
                campaign.ends_on + datetime.timedelta(days=1), datetime.time(), tzinfo=datetime.UTC
            )
        if campaign.status == "closed" and (campaign.closes_at is None or campaign.closes_at > now):
            campaign.closes_at = now
            if campaign.opens_at is not None and campaign.opens_at >= now:
                campaign.opens_at = None
        if campaign.status in ("open", "closed"):
            campaign.status = "published"
        campaign.save()


def dates_from_window(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    now = timezone.now()
    for campaign in Campaign.objects.all():
        if campaign.opens_at is not None:
            campaign.starts_on = campaign.opens_at.date()
        if campaign.closes_at is not None:
            campaign.ends_on = (campaign.closes_at - datetime.timedelta(microseconds=1)).date()
        if campaign.status == "published":
            ended = campaign.closes_at is not None and campaign.closes_at <= now
            campaign.status = "closed" if ended else "open"
        campaign.save()


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0003_case_solidarity_needs_review'),
    ]

    operations = [
        migrations.AddField(
            model_name='campaign',
            name='closes_at',
            field=models.DateTimeField(blank=True, db_index=True, help_text='No action is taken from this moment. Empty: no end set yet.', null=True, verbose_name='closes at'),
        ),
        migrations.AddField(
            model_name='campaign',
            name='edition_year',
            field=models.PositiveSmallIntegerField(blank=True, help_text='The year of this edition, as the history chart names it.', null=True, verbose_name='edition'),
        ),
        migrations.AddField(
            model_name='campaign',
            name='opens_at',
            field=models.DateTimeField(blank=True, db_index=True, help_text='Actions are taken from this moment. Empty: from publication.', null=True, verbose_name='opens at'),
        ),
        migrations.AddField(
            model_name='campaign',
            name='reporting_deadline',
            field=models.DateTimeField(blank=True, help_text='Events may still report the letters they wrote until then.', null=True, verbose_name='reporting deadline'),
        ),
        migrations.AddField(
            model_name='campaign',
            name='time_zone',
            field=models.CharField(default='UTC', help_text="The window's times are in this zone, for example Asia/Tokyo.", max_length=64, validators=[writeathon.campaigns.models.time_zone_validate], verbose_name='time zone'),
        ),
        migrations.RunPython(window_from_dates, dates_from_window),
        migrations.AlterModelOptions(
            name='campaign',
            options={'ordering': ['-opens_at', '-pk'], 'verbose_name': 'campaign', 'verbose_name_plural': 'campaigns'},
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='ends_on',
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='starts_on',
        ),
        migrations.AlterField(
            model_name='campaign',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], db_index=True, default='draft', help_text='A published campaign opens and closes itself at the start and end of its window.', max_length=10, verbose_name='status'),
        ),
    ]
