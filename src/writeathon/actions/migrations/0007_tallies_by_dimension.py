# Tallies gain their keys: section, channel, source, supporter's country and day (they
# were by case only). 0008 fills them, 0009 makes each key unique.

import datetime

import django.db.models.deletion
import django_countries.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("actions", "0006_count_reports"),
        ("campaigns", "0003_case_solidarity_needs_review"),
        ("sections", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="tally", name="tally_case_shard_unique"),
        migrations.AddField(
            model_name="tally",
            name="section",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="tallies",
                to="sections.section",
                verbose_name="section",
            ),
        ),
        migrations.AddField(
            model_name="tally",
            name="channel",
            field=models.CharField(
                choices=[
                    ("letter", "Postal letter"),
                    ("email", "Email"),
                    ("fax", "Fax"),
                    ("sms", "Text message"),
                    ("tweet", "Post on social media"),
                    ("solidarity", "Message of solidarity"),
                    ("signature", "Signature"),
                ],
                default="",
                max_length=20,
                verbose_name="channel",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="tally",
            name="source",
            field=models.CharField(
                choices=[
                    ("online", "Online"),
                    ("event", "Event"),
                    ("sms", "SMS"),
                    ("import", "Import"),
                    ("api", "API"),
                ],
                default="",
                max_length=20,
                verbose_name="source",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="tally",
            name="country",
            field=django_countries.fields.CountryField(
                blank=True, max_length=2, verbose_name="country"
            ),
        ),
        migrations.AddField(
            model_name="tally",
            name="day",
            field=models.DateField(default=datetime.date(2000, 1, 1), verbose_name="day"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="tally",
            name="shard",
            field=models.PositiveSmallIntegerField(default=0),
        ),
    ]
