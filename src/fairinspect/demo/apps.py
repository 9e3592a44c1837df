from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "fairinspect.demo"
    label = "demo"
    verbose_name = "The demo: realistic data built through the services, and its clock"

    def ready(self):
        from fairinspect.audit.actions import event_names
        from fairinspect.demo.loading import DemoEvent

        event_names.register(DemoEvent)
