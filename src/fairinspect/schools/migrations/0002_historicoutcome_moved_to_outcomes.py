"""HistoricOutcome moved to the published record (`outcomes`), which takes over its table and rows: the registry
lets go of the model's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("schools", "0001_initial"), ("outcomes", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="HistoricOutcome")])
    ]
