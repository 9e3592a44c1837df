"""HistoricOutcome moved here from the registry (`schools`), which no longer knows frameworks: this takes over
the model's state, keeping its table and every row; 0002 then gives the table this app's name."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("schools", "0001_initial"),
        ("frameworks", "0003_alter_framework_content_hash"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricOutcome',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('inspection_number', models.CharField(max_length=20, unique=True)),
                        ('urn', models.PositiveIntegerField(db_index=True, verbose_name='URN')),
                        ('inspection_type', models.CharField(blank=True, max_length=150)),
                        ('type_grouping', models.CharField(blank=True, max_length=150)),
                        ('event_type_grouping', models.CharField(blank=True, max_length=150)),
                        ('start_date', models.DateField()),
                        ('end_date', models.DateField(blank=True, null=True)),
                        ('publication_date', models.DateField(blank=True, null=True)),
                        ('overall_grade', models.CharField(blank=True, help_text='A scale code; only before Sept 2024.', max_length=50)),
                        ('safeguarding', models.CharField(blank=True, help_text='A safeguarding outcome code.', max_length=50)),
                        ('grades', models.JSONField(blank=True, default=dict, help_text='Area code → scale code, as published.')),
                        ('category_of_concern', models.CharField(blank=True, max_length=100)),
                        ('ungraded_outcome', models.TextField(blank=True, help_text="E.g. 'School remains Good'.")),
                        ('framework', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='historic_outcomes', to='frameworks.framework')),
                    ],
                    options={
                        'db_table': 'schools_historicoutcome',
                        'ordering': ['-start_date'],
                        'indexes': [models.Index(fields=['urn', '-start_date'], name='historic_outcome_school')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('end_date__isnull', True), ('end_date__gte', models.F('start_date')), _connector='OR'), name='historic_outcome_ends_after_start')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
