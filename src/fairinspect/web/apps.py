from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fairinspect.web"
    label = "web"
    verbose_name = "Page furniture: the GOV.UK layout, forms, tables and the links every page carries"

    def ready(self):
        from fairinspect.web.navigation import Link, footer_links

        footer_links.register(Link("Accessibility statement", "web:accessibility", order=10))
