from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0002_trainingcourse_framework_required_courses")]

    operations = [
        migrations.AlterField(
            model_name="framework",
            name="content_hash",
            field=models.CharField(
                help_text=(
                    "SHA-256 of the definition parsed from its data file (the file's comments and layout do not count)."
                ),
                max_length=64,
            ),
        ),
    ]
