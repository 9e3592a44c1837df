from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fairinspect.web"
    label = "web"
    verbose_name = "Site pages and GOV.UK page furniture"
