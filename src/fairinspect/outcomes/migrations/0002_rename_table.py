from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial"), ("schools", "0002_historicoutcome_moved_to_outcomes")]

    operations = [migrations.AlterModelTable(name="historicoutcome", table=None)]
