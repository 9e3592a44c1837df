from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fairinspect.core"
    label = "core"
    verbose_name = "Plumbing: the task worker, sent emails, versions of the data cached pages show"
