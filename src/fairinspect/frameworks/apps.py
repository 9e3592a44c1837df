from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "fairinspect.frameworks"
    label = "frameworks"
    verbose_name = "Inspection frameworks"

    def ready(self):
        from fairinspect.audit.actions import event_names
        from fairinspect.frameworks.models import FrameworksEvent

        event_names.register(FrameworksEvent)
