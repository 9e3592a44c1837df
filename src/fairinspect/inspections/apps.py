from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "fairinspect.inspections"
    label = "inspections"
    verbose_name = "Inspections and their lifecycle"
