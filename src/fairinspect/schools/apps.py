from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "fairinspect.schools"
    label = "schools"
    verbose_name = "School registry"
