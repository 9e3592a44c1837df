from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "fairinspect.demo"
    label = "demo"
    verbose_name = "The demo: realistic data built through the services, and its clock"
