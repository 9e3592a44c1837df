"""The words each audited action reads as. Every app names its audit events in a `TextChoices` of its models
(`InspectionEvent`, `WorkforceEvent`, …) and registers it here in its `AppConfig.ready()`, so that pages listing
the trail (the administrators') say "School notified" rather than the action's code."""

from django.apps import apps
from django.db.models import TextChoices

from fairinspect.audit.services import IMPORT_OBJECT_TYPE
from fairinspect.core.hooks import Registry

event_names: Registry[type[TextChoices]] = Registry("the names of the audit trail's events")


def action_words(action: str) -> str:
    """What an action reads as, or the action itself for one no app names (an event of a retired kind)."""
    for events in event_names:
        if action in events.values:
            return events(action).label
    return action


def object_words(object_type: str) -> str:
    """What kind of thing an event is about, in words: the model's name ("Inspection"), or for an event about a
    file imported, "Imported file"."""
    if object_type == IMPORT_OBJECT_TYPE:
        return "Imported file"
    try:
        return str(apps.get_model(object_type)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return object_type.replace("_", " ").capitalize()
