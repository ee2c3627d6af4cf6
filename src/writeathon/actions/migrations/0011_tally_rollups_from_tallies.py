# The tallies by country (no day) and by day (no country), summed from the tallies by key;
# reversed, emptied (0010 drops them).

from django.db import migrations
from django.db.models import Sum


def rollups_build(apps, schema_editor):
    Tally = apps.get_model("actions", "Tally")
    for name, part in (("TallyByCountry", "country"), ("TallyByDay", "day")):
        model = apps.get_model("actions", name)
        model.objects.all().delete()
        fields = ["campaign_id", "case_id", "section_id", "channel", "source", part]
        rows = Tally.objects.values(*fields).annotate(n=Sum("total")).order_by()
        model.objects.bulk_create(
            (
                model(**{field: row[field] for field in fields}, shard=0, total=row["n"])
                for row in rows.iterator(chunk_size=5000)
                if row["n"]
            ),
            batch_size=5000,
        )


def rollups_empty(apps, schema_editor):
    apps.get_model("actions", "TallyByCountry").objects.all().delete()
    apps.get_model("actions", "TallyByDay").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [("actions", "0010_tally_rollups")]

    operations = [migrations.RunPython(rollups_build, rollups_empty)]
