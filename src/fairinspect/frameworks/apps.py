from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "fairinspect.frameworks"
    label = "frameworks"
    verbose_name = "Inspection frameworks"
