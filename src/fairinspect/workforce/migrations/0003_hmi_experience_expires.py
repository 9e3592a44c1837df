"""Recent HMI experience becomes the day an Ofsted Inspector last worked as an HMI, which counts as recent for a
set number of years, rather than a flag that never lapsed."""

from django.db import migrations, models
from django.utils import timezone


def flags_to_dates(apps, schema_editor):
    # The flag never said when: an inspector it marked is taken to have worked as an HMI until the day of this
    # migration, so that they may still lead, and their experience lapses in due course.
    Inspector = apps.get_model("workforce", "Inspector")
    Inspector.objects.filter(recent_hmi_experience=True).update(last_worked_as_hmi_on=timezone.localdate())


def dates_to_flags(apps, schema_editor):
    Inspector = apps.get_model("workforce", "Inspector")
    Inspector.objects.filter(last_worked_as_hmi_on__isnull=False).update(recent_hmi_experience=True)


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0002_free_text_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="inspector",
            name="last_worked_as_hmi_on",
            field=models.DateField(
                blank=True,
                help_text="The last day an Ofsted Inspector worked as an HMI: they may lead inspections for some years after.",
                null=True,
            ),
        ),
        migrations.RunPython(flags_to_dates, dates_to_flags),
        migrations.RemoveField(model_name="inspector", name="recent_hmi_experience"),
    ]
