# The tallies belong to the app that writes them: writeathon.actions (its migration
# 0005_tally_from_reporting takes the model over). The table stays as it is.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Tally')],
            database_operations=[],
        ),
    ]
