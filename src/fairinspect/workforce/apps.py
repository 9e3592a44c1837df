from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "fairinspect.workforce"
    label = "workforce"
    verbose_name = "Inspectors and their training, availability and conflicts"
