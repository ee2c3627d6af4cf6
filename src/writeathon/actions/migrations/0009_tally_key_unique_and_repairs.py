# Each tally key is unique (a key without a section too), days are indexed, and the
# reconciliation records what it repairs.

import django.db.models.deletion
import django.db.models.functions.comparison
import django_countries.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("actions", "0008_tallies_from_actions_and_reports"),
        ("campaigns", "0003_case_solidarity_needs_review"),
        ("sections", "0001_initial"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="tally",
            constraint=models.UniqueConstraint(
                models.F("case"),
                django.db.models.functions.comparison.Coalesce("section", models.Value(0)),
                models.F("channel"),
                models.F("source"),
                models.F("country"),
                models.F("day"),
                models.F("shard"),
                name="tally_key_shard_unique",
            ),
        ),
        migrations.AddIndex(
            model_name="tally",
            index=models.Index(fields=["campaign", "day"], name="tally_campaign_day"),
        ),
        migrations.CreateModel(
            name="TallyRepair",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("channel", models.CharField(choices=[("letter", "Postal letter"), ("email", "Email"), ("fax", "Fax"), ("sms", "Text message"), ("tweet", "Post on social media"), ("solidarity", "Message of solidarity"), ("signature", "Signature")], max_length=20, verbose_name="channel")),
                ("source", models.CharField(choices=[("online", "Online"), ("event", "Event"), ("sms", "SMS"), ("import", "Import"), ("api", "API")], max_length=20, verbose_name="source")),
                ("country", django_countries.fields.CountryField(blank=True, max_length=2, verbose_name="country")),
                ("day", models.DateField(verbose_name="day")),
                ("tallied", models.BigIntegerField(verbose_name="tallied")),
                ("counted", models.BigIntegerField(verbose_name="counted")),
                ("repaired_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="repaired")),
                ("campaign", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="campaigns.campaign")),
                ("case", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="campaigns.case")),
                ("section", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="sections.section", verbose_name="section")),
            ],
            options={
                "verbose_name": "tally repair",
                "verbose_name_plural": "tally repairs",
                "ordering": ["-repaired_at", "-pk"],
            },
        ),
    ]
