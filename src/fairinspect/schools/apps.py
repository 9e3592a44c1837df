from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "fairinspect.schools"
    label = "schools"
    verbose_name = "School registry"

    def ready(self):
        from fairinspect.web.navigation import Link, service_navigation

        service_navigation.register(Link("Find a school", "schools:search", order=10))
