# Actions owns the tallies it keeps current: the model moves here from writeathon.reporting
# (its migration 0002_tally_moves_to_actions), keeping its table, reporting_tally, and rows.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0004_action_hide_email'),
        ('campaigns', '0001_initial'),
        ('reporting', '0002_tally_moves_to_actions'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Tally',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('shard', models.PositiveSmallIntegerField()),
                        ('total', models.BigIntegerField(default=0)),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tallies', to='campaigns.campaign')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tallies', to='campaigns.case')),
                    ],
                    options={
                        'verbose_name': 'tally',
                        'verbose_name_plural': 'tallies',
                        'db_table': 'reporting_tally',
                        'constraints': [models.UniqueConstraint(fields=('case', 'shard'), name='tally_case_shard_unique')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
